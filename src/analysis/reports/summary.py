"""A one-screen text summary of a comparison, for the command line."""

from __future__ import annotations

from collections import Counter
from typing import Any

from analysis.comparison import Comparison
from analysis.findings import Finding
from analysis.labeling import LABELS

__all__ = ["notable", "summary_lines", "verdict", "verdict_sentences"]


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


def verdict_sentences(comparison: Comparison) -> list[str]:
    """The verdict in a few plain sentences, in the project's careful wording."""
    numbers = verdict(comparison)
    findings = numbers["findings"]

    def count(prefix: str) -> int:
        return sum(n for key, n in findings.items() if key.startswith(prefix))

    sentences = [
        f"Of the derivative's {numbers['derivative_words']} words, "
        f"{numbers['verbatim_pct']}% are copied from the source word for word, "
        f"{numbers['paraphrase_pct']}% are paraphrased from it, "
        f"{numbers['changed_pct']}% differ from it in meaning, and "
        f"{numbers['added_pct']}% are added: not in the source, or "
        f"({numbers['recycled_pct']}%) source content told a second time.",
        f"{numbers['source_dropped_pct']}% of the source's {numbers['source_words']} words "
        "are not conveyed by the derivative.",
    ]
    if numbers["length_ratio"] is not None:
        sentences.append(
            f"The derivative is {numbers['length_ratio']:.1f} times as long as the source."
        )
    sentences.append(
        f"Findings: {count('meaning_change')} change(s) of meaning, {count('quote')} quotation(s) "
        f"traced, {count('new_entity')} name(s) not in the source, {count('added_block')} added "
        "block(s)."
    )
    sentences.append(
        "Not in the source does not mean false: the tool shows where the texts differ, not "
        "which one is right."
    )
    return sentences


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


def _finding_lines(comparison: Comparison, shown: int = 5) -> list[str]:
    """The findings to cite first (:func:`notable`), with their evidence."""
    counts = ", ".join(
        f"{n} {kind.replace('_', ' ')}" for kind, n in comparison.summary["findings"].items()
    )
    cited = notable(comparison)
    lines = [f"findings: {counts or 'none'}"]
    for finding in cited[:shown]:
        evidence = _quoted(finding.derivative or finding.source, comparison, finding)
        kind = f"{finding.type.replace('_', ' ')} ({finding.kind})"
        lines.append(f"  - {kind}: {finding.explanation}{evidence}")
    if len(cited) > shown:
        lines.append(f"  … and {len(cited) - shown} more (see --json)")
    return lines


def notable(comparison: Comparison) -> list[Finding]:
    """The findings an analyst would cite first, in this order: changes of meaning; quotations
    whose words, marks or speaker differ from the source, or that are not in it (new speaker
    turns are left to the interview block); names not in the source. Added blocks are summed
    up apart."""
    order = {"meaning_change": 0, "quote": 1, "new_entity": 2}

    def wanted(finding: Finding) -> bool:
        if finding.type == "quote":
            return finding.kind == "quotation" and set(finding.flags) != {"kept"}
        return finding.type in order

    chosen = [f for f in comparison.findings if wanted(f)]
    return sorted(chosen, key=lambda f: (order[f.type], -f.confidence))


def _quoted(offsets: tuple[tuple[int, int], ...], comparison: Comparison, finding: Finding) -> str:
    if not offsets or finding.type != "quote":  # the others name their words already
        return ""
    document = comparison.derivative if finding.derivative else comparison.source
    start, end = offsets[0]
    text = " ".join(document.text[start:end].split())
    return f" “{text[:70]}{'…' if len(text) > 70 else ''}”"


def _shares_text(shares: dict[str, float], labels: tuple[str, ...]) -> str:
    return ", ".join(f"{shares[label]:.0%} {label}" for label in labels)
