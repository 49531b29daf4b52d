"""A one-screen text summary of a comparison, for the command line."""

from __future__ import annotations

from analysis.comparison import Comparison
from analysis.labeling import LABELS

__all__ = ["summary_lines"]


def summary_lines(comparison: Comparison) -> list[str]:
    """What the derivative kept, changed and added, in a few lines of plain text."""
    shares = comparison.summary
    source, derivative = comparison.source, comparison.derivative
    recycled_pairs = sum("recycled" in pair.flags for pair in comparison.pairs)
    lines = [
        f"{derivative.name} ({comparison.segments('derivative').word_count} words) "
        f"compared with {source.name} ({comparison.segments('source').word_count} words)",
        "derivative: " + _shares_text(shares["derivative"], LABELS["derivative"]),
        f"  recycled (second tellings of source content): {shares['derivative']['recycled']:.0%}",
        "source:     " + _shares_text(shares["source"], LABELS["source"]),
        f"aligned passages: {len(comparison.pairs)} ({recycled_pairs} recycled)",
        f"WordNet: {'used' if comparison.used_wordnet else 'not used'}",
    ]
    lines += [f"warning: {warning}" for warning in comparison.warnings]
    lines.append(
        '"added": not in the source; "dropped": not in the derivative. Neither means false.'
    )
    return lines


def _shares_text(shares: dict[str, float], labels: tuple[str, ...]) -> str:
    return ", ".join(f"{shares[label]:.0%} {label}" for label in labels)
