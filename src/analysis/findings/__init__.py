"""Findings an analyst can cite: meaning changes, the quote ledger, new entities, added blocks.

:func:`find_all` runs every finder on an alignment and its labelled spans; the spans are then
refined with :func:`analysis.labeling.with_findings` (changed words, block types). What the
finders need of each text alone (its quotes, the derivative's names) is read by
:class:`Readings`, which ``compare`` starts while it aligns the texts.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis import background
from analysis.alignment import Alignment
from analysis.findings.blocks import Padding, find_added_blocks
from analysis.findings.entities import Mention, find_new_entities, new_names
from analysis.findings.meaning import find_entity_swaps, find_meaning_changes
from analysis.findings.model import Finding, FindingType, Offsets
from analysis.findings.quotes import QuoteSheet, find_quotes, read_quotes
from analysis.labeling import SideName, Span, label_spans, with_findings
from analysis.lexicon import Lexicon
from analysis.tokenizing import Segmentation

__all__ = [
    "Finding",
    "FindingType",
    "Offsets",
    "Readings",
    "block_ranges",
    "changed_words",
    "find_all",
    "spans_with_findings",
]


class Readings:
    """What the finders need of each text alone, before any alignment: both texts' quotes
    (source, derivative), then the derivative's names the source does not name. With
    ``fork``, read in a child process (:mod:`analysis.background`) while the caller goes on,
    the quotes sent first; otherwise read here when first asked for."""

    def __init__(self, source: Segmentation, derivative: Segmentation, *, fork: bool = False):
        calls = [(_quote_sheets, (source, derivative)), (new_names, (source, derivative))]
        self._quotes, self._names = background.start_each(
            calls, shared=(source, derivative), fork=fork
        )

    def quotes(self) -> tuple[QuoteSheet, QuoteSheet]:
        result: tuple[QuoteSheet, QuoteSheet] = self._quotes.result()
        return result

    def new_names(self) -> list[list[Mention]]:
        result: list[list[Mention]] = self._names.result()
        return result

    def close(self) -> None:
        """Stop the child process, if one is still reading."""
        self._quotes.close()

    def __enter__(self) -> Readings:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()


def _quote_sheets(source: Segmentation, derivative: Segmentation) -> tuple[QuoteSheet, QuoteSheet]:
    return read_quotes(source), read_quotes(derivative)


def spans_with_findings(
    alignment: Alignment,
    lexicon: Lexicon,
    readings: Readings | None = None,
    *,
    fork: bool = False,
) -> tuple[tuple[Span, ...], tuple[Span, ...], list[Finding], Padding]:
    """Label both sides, run every finder, and refine the spans with what they found (changed
    words, block types): what ``compare()`` does after aligning. ``readings``, ``fork``: see
    :func:`find_all`."""
    source_spans, derivative_spans = label_spans(alignment)
    findings, padding = find_all(
        alignment, source_spans, derivative_spans, lexicon, readings, fork=fork
    )
    refined = with_findings(
        source_spans, derivative_spans, changed_words(findings), block_ranges(findings)
    )
    return *refined, findings, padding


def find_all(
    alignment: Alignment,
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    lexicon: Lexicon,
    readings: Readings | None = None,
    *,
    fork: bool = False,
) -> tuple[list[Finding], Padding]:
    """Every finding, in a stable order (by type, then position), and the padding figures.

    ``readings``: the texts' readings, if under way already; by default read here. ``fork``:
    find meaning changes and added blocks, which need no reading, in a child process
    meanwhile (:mod:`analysis.background`)."""
    src, der = alignment.source.segmentation, alignment.derivative.segmentation
    with (
        readings or Readings(src, der) as read,
        background.start(
            _unread_findings, alignment, source_spans, derivative_spans, lexicon, fork=fork
        ) as unread,
    ):
        quotes = find_quotes(alignment, source_spans, derivative_spans, read.quotes())
        names = read.new_names()
        entities = find_new_entities(alignment, source_spans, derivative_spans, names)
        meaning, (blocks, padding) = unread.result()
    swaps = find_entity_swaps(alignment, source_spans, derivative_spans, entities)
    findings = [*meaning, *swaps, *quotes, *entities, *blocks]
    return sorted(findings, key=_order), padding


def _unread_findings(
    alignment: Alignment,
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    lexicon: Lexicon,
) -> tuple[list[Finding], tuple[list[Finding], Padding]]:
    """The findings that need no reading of the texts: meaning changes, added blocks."""
    meaning = find_meaning_changes(alignment, source_spans, derivative_spans, lexicon)
    return meaning, find_added_blocks(alignment, derivative_spans)


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
