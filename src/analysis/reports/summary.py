"""A one-screen text summary of a comparison, for the command line."""

from __future__ import annotations

from collections import Counter
from typing import Any

from analysis.comparison import Comparison
from analysis.labeling import LABELS

__all__ = ["summary_lines", "verdict"]


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
        *_padding_lines(comparison),
        *_finding_lines(comparison),
        f"WordNet: {'used' if comparison.used_wordnet else 'not used'}",
    ]
    lines += [f"warning: {warning}" for warning in comparison.warnings]
    lines.append(
        '"added": not in the source; "dropped": not in the derivative. Neither means false.'
    )
    return lines


def verdict(comparison: Comparison) -> dict[str, Any]:
    """The headline numbers, rounded for reading: what the notebooks' verdict, the HTML report
    and the CLI show, all from this one function.

    Shares are percentages of each text's words; ``findings`` counts findings by type and kind.
    """
    summary = comparison.summary
    derivative, source = summary["derivative"], summary["source"]
    counts: Counter[str] = Counter(f"{f.type}:{f.kind}" for f in comparison.findings)
    return {
        "derivative_words": comparison.segments("derivative").word_count,
        "source_words": comparison.segments("source").word_count,
        "verbatim_pct": _pct(derivative["verbatim"]),
        "paraphrase_pct": _pct(derivative["paraphrase"]),
        "changed_pct": _pct(derivative["changed"]),
        "added_pct": _pct(derivative["added"]),
        "recycled_pct": _pct(derivative["recycled"]),
        "source_dropped_pct": _pct(source["dropped"]),
        "length_ratio": summary["length_ratio"],
        "divergence_offset": summary["divergence_offset"],
        "findings": dict(sorted(counts.items())),
    }


def _pct(share: float) -> float:
    return round(100 * share, 1)


def _padding_lines(comparison: Comparison) -> list[str]:
    summary = comparison.summary
    if summary["length_ratio"] is None:
        return []
    blocks = sorted(summary["added_by_block"].items(), key=lambda item: -item[1])
    shares = ", ".join(
        f"{share:.0%} {kind.replace('_', ' ')}" for kind, share in blocks if share >= 0.005
    )
    divergence = summary["divergence_offset"]
    where = "never" if divergence is None else f"at character {divergence}"
    return [
        f"length: {summary['length_ratio']:.2f} times the source",
        f"added, by block: {shares or 'none'}",
        f"stops following the source: {where}",
    ]


def _finding_lines(comparison: Comparison, shown: int = 12) -> list[str]:
    """The findings other than added blocks (those are summed up above), most certain first."""
    cited = [f for f in comparison.findings if f.type != "added_block"]
    counts = ", ".join(
        f"{n} {kind.replace('_', ' ')}" for kind, n in comparison.summary["findings"].items()
    )
    lines = [f"findings: {counts or 'none'}"]
    for finding in sorted(cited, key=lambda f: -f.confidence)[:shown]:
        lines.append(
            f"  - {finding.type.replace('_', ' ')} ({finding.kind}): {finding.explanation}"
        )
    if len(cited) > shown:
        lines.append(f"  … and {len(cited) - shown} more (see --json)")
    return lines


def _shares_text(shares: dict[str, float], labels: tuple[str, ...]) -> str:
    return ", ".join(f"{shares[label]:.0%} {label}" for label in labels)
