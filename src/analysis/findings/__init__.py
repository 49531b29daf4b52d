"""Findings an analyst can cite: meaning changes, the quote ledger, new entities, added blocks.

:func:`find_all` runs every finder on an alignment and its labelled spans; the spans are then
refined with :func:`analysis.labeling.with_findings` (changed words, block types).
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.alignment import Alignment
from analysis.findings.blocks import Padding, find_added_blocks
from analysis.findings.entities import find_new_entities
from analysis.findings.meaning import find_entity_swaps, find_meaning_changes
from analysis.findings.model import Finding, FindingType, Offsets
from analysis.findings.quotes import find_quotes
from analysis.labeling import SideName, Span, label_spans, with_findings
from analysis.lexicon import Lexicon

__all__ = [
    "Finding",
    "FindingType",
    "Offsets",
    "block_ranges",
    "changed_words",
    "find_all",
    "spans_with_findings",
]


def spans_with_findings(
    alignment: Alignment, lexicon: Lexicon
) -> tuple[tuple[Span, ...], tuple[Span, ...], list[Finding], Padding]:
    """Label both sides, run every finder, and refine the spans with what they found (changed
    words, block types): what ``compare()`` does after aligning."""
    source_spans, derivative_spans = label_spans(alignment)
    findings, padding = find_all(alignment, source_spans, derivative_spans, lexicon)
    refined = with_findings(
        source_spans, derivative_spans, changed_words(findings), block_ranges(findings)
    )
    return *refined, findings, padding


def find_all(
    alignment: Alignment,
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    lexicon: Lexicon,
) -> tuple[list[Finding], Padding]:
    """Every finding, in a stable order (by type, then position), and the padding figures."""
    blocks, padding = find_added_blocks(alignment, derivative_spans)
    meaning = find_meaning_changes(alignment, source_spans, derivative_spans, lexicon)
    quotes = find_quotes(alignment, source_spans, derivative_spans)
    entities = find_new_entities(alignment, source_spans, derivative_spans)
    swaps = find_entity_swaps(alignment, source_spans, derivative_spans, entities)
    findings = [*meaning, *swaps, *quotes, *entities, *blocks]
    return sorted(findings, key=_order), padding


def _order(finding: Finding) -> tuple[int, int, int]:
    first = (finding.derivative or finding.source or ((0, 0),))[0]
    return _TYPES.index(finding.type), first[0], first[1]


_TYPES: tuple[str, ...] = ("meaning_change", "quote", "new_entity", "added_block")


def changed_words(findings: Sequence[Finding]) -> list[tuple[SideName, int, int, str]]:
    """``(side, start, end, kind)`` of every word a meaning change names."""
    sides: tuple[SideName, SideName] = ("source", "derivative")
    return [
        (side, start, end, finding.kind)
        for finding in findings
        if finding.type == "meaning_change"
        for side, offsets in zip(sides, (finding.source, finding.derivative), strict=True)
        for start, end in offsets
    ]


def block_ranges(findings: Sequence[Finding]) -> list[tuple[int, int, str]]:
    """``(start, end, block type)`` of every added block."""
    return [
        (start, end, finding.kind)
        for finding in findings
        if finding.type == "added_block"
        for start, end in finding.derivative
    ]
