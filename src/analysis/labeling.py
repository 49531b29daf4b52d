"""Turn an alignment into labelled spans that tile both texts exactly.

Every word gets a label; consecutive words of one sentence with the same label, counterpart
group and flags form a span; each span reaches to the start of the next, so punctuation and
whitespace join the span before them and the spans of a side cover it from 0 to its length.

Derivative words: in an exact run → ``verbatim``; in a sentence linked to the source →
``paraphrase``, except a clause with no word conveying the link's source (added commentary)
→ ``added``; a recycled run or link (a second telling) keeps its label or becomes ``added``
with the flag ``recycled``; anything else → ``added``. Source words: in an exact run that is
not recycled → ``verbatim``; in a sentence a primary link conveys → ``paraphrase``, except a
clause none of whose words is conveyed → ``dropped``; anything else → ``dropped``.
``changed`` is reserved for the meaning-change finder, which marks minimal tokens inside
aligned passages.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Literal

from analysis.alignment import Alignment, Link, Side
from analysis.records import fast_init

__all__ = [
    "LABELS",
    "Label",
    "SideName",
    "Span",
    "label_spans",
    "spans_at",
    "spans_of_words",
    "with_findings",
]

Label = Literal["verbatim", "paraphrase", "changed", "added", "dropped"]
SideName = Literal["source", "derivative"]
LABELS: dict[SideName, tuple[Label, ...]] = {
    "source": ("verbatim", "paraphrase", "changed", "dropped"),
    "derivative": ("verbatim", "paraphrase", "changed", "added"),
}
_CLAUSE_BREAKS = frozenset({",", ";", ":", "-", "(", ")", "--"})
_MIN_CLAUSE_WORDS = 2  # content words an unconveyed clause needs to be labelled on its own


@fast_init
@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of one side: ``text[start:end]``, linked to spans of the other."""

    id: str
    side: SideName
    start: int
    end: int
    label: Label
    kind: str | None = None
    counterpart: tuple[str, ...] = ()
    score: float | None = None
    flags: tuple[str, ...] = ()
    sentence: int = field(default=0, compare=False)


@fast_init
@dataclass(frozen=True, slots=True)
class _Mark:
    """What one word is: its label, the run or link behind it, and its flags."""

    label: Label
    group: tuple[str, int] | None = None
    flags: tuple[str, ...] = ()
    score: float | None = None


def label_spans(alignment: Alignment) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The spans of the source and of the derivative, with symmetric counterpart links."""
    source_marks = _source_marks(alignment)
    derivative_marks = _derivative_marks(alignment)
    source_spans, source_of_word = _tile(alignment.source, source_marks, "source", "s")
    derivative_spans, derivative_of_word = _tile(
        alignment.derivative, derivative_marks, "derivative", "d"
    )
    edges = _edges(alignment, source_of_word, derivative_of_word, source_spans, derivative_spans)
    return _with_counterparts(source_spans, derivative_spans, edges)


_ADDED = _Mark("added")
_DROPPED = _Mark("dropped")


def _derivative_marks(alignment: Alignment) -> list[_Mark]:
    der = alignment.derivative
    marks = [_ADDED] * len(der.words)
    copied, breaks = _run_words(alignment, "derivative"), _clause_breaks(der)
    for number, link in enumerate(alignment.links):
        if link.recycled:
            mark = _Mark("added", ("link", number), ("recycled",), link.similarity)
        else:
            mark = _Mark("paraphrase", ("link", number), (), link.similarity)
        for sentence in link.derivative:
            words = der.sentence_words(sentence)
            marks[words.start : words.stop] = [mark] * len(words)
        if not link.recycled:
            linked = {d for _, d, _ in link.word_links}
            for clause in _clauses(der, link.derivative, breaks):
                if _unconveyed(der, clause, linked, copied):
                    for word in clause:
                        marks[word] = _ADDED
    for number, run in enumerate(alignment.runs):
        mark = _Mark("verbatim", ("run", number), ("recycled",) if run.recycled else (), 1.0)
        marks[run.derivative : run.derivative + run.length] = [mark] * run.length
    return marks


def _source_marks(alignment: Alignment) -> list[_Mark]:
    src = alignment.source
    marks = [_DROPPED] * len(src.words)
    copied, breaks = _run_words(alignment, "source"), _clause_breaks(src)
    for number, link in enumerate(alignment.links):
        if link.recycled:
            continue
        mark = _Mark("paraphrase", ("link", number), (), link.similarity)
        for word in _sentence_words(src, link.source):
            if marks[word] is _DROPPED:
                marks[word] = mark
        conveyed = {s for s, _, _ in link.word_links}
        for clause in _clauses(src, link.source, breaks):
            if _unconveyed(src, clause, conveyed, copied):
                for word in clause:
                    if marks[word] is mark:
                        marks[word] = _DROPPED
    for number, run in enumerate(alignment.runs):
        if not run.recycled:
            mark = _Mark("verbatim", ("run", number), (), 1.0)
            marks[run.source : run.source + run.length] = [mark] * run.length
    return marks


def _sentence_words(side: Side, sentences: Iterable[int]) -> list[int]:
    return [word for sentence in sentences for word in side.sentence_words(sentence)]


def _run_words(alignment: Alignment, side: SideName) -> set[int]:
    words: set[int] = set()
    for run in alignment.runs:
        start = run.source if side == "source" else run.derivative
        words.update(range(start, start + run.length))
    return words


def _clause_breaks(side: Side) -> list[int]:
    """Where clauses break (at commas, dashes, colons, brackets): the number of words before
    each such punctuation mark, in order."""
    segmentation, words = side.segmentation, side.words
    return [
        bisect_left(words, token)
        for token in segmentation.punctuation_indices()
        if segmentation.key(token) in _CLAUSE_BREAKS
    ]


def _clauses(side: Side, sentences: Sequence[int], breaks: Sequence[int]) -> list[range]:
    """The words of the sentences grouped into clauses at the ``breaks`` (see
    :func:`_clause_breaks`).

    >>> from analysis.tokenizing import segment
    >>> side = Side.of(segment("Yes, he said: we agree (today). Fine."))
    >>> clauses = _clauses(side, [0, 1], _clause_breaks(side))
    >>> [[side.keys[word] for word in clause] for clause in clauses]
    [['yes'], ['he', 'said'], ['we', 'agree'], ['today'], ['fine']]
    """
    clauses: list[range] = []
    for sentence in sentences:
        first, last = side.first_word[sentence], side.first_word[sentence + 1]
        cuts = breaks[bisect_right(breaks, first) : bisect_left(breaks, last)]
        clauses += [range(a, b) for a, b in pairwise([first, *cuts, last]) if b > a]
    return clauses


def _unconveyed(side: Side, clause: range, linked: set[int], copied: set[int]) -> bool:
    """A clause none of whose words is linked or copied, with enough content words (or an
    all-caps dateline such as "ANKARA")."""
    if any(word in linked or word in copied for word in clause):
        return False
    content = [word for word in clause if side.stems[word]]
    dateline = len(clause) == 1 and side.segmentation.token(side.words[clause[0]]).text.isupper()
    return len(content) >= _MIN_CLAUSE_WORDS or dateline


def _tile(
    side: Side, marks: Sequence[_Mark], name: SideName, prefix: str
) -> tuple[list[Span], list[int]]:
    """Group words into spans reaching to the next span's start; map each word to its span."""
    text = side.segmentation.text
    if not marks:  # no words at all: one span, or none for an empty text
        label: Label = "dropped" if name == "source" else "added"
        return ([Span(f"{prefix}0", name, 0, len(text), label)] if text else []), []
    sentence_of = side.sentence_of_word
    firsts = [
        word
        for word in range(len(marks))
        if word == 0
        or marks[word] is not marks[word - 1]
        or sentence_of[word] != sentence_of[word - 1]
    ]
    starts = [0, *map(side.word_starts.__getitem__, firsts[1:])]
    ends = [*starts[1:], len(text)]
    spans = [
        Span(
            f"{prefix}{i}",
            name,
            start,
            end,
            marks[word].label,
            None,
            (),
            marks[word].score,
            marks[word].flags,
            sentence_of[word],
        )
        for i, (word, start, end) in enumerate(zip(firsts, starts, ends, strict=True))
    ]
    span_of_word: list[int] = []
    for i, (first, after) in enumerate(zip(firsts, [*firsts[1:], len(marks)], strict=True)):
        span_of_word += [i] * (after - first)
    return spans, span_of_word


def _edges(
    alignment: Alignment,
    source_of_word: list[int],
    derivative_of_word: list[int],
    source_spans: list[Span],
    derivative_spans: list[Span],
) -> set[tuple[int, int]]:
    """Pairs (source span, derivative span) that convey each other."""
    edges: set[tuple[int, int]] = set()
    for run in alignment.runs:
        edges.update(
            zip(
                source_of_word[run.source : run.source + run.length],
                derivative_of_word[run.derivative : run.derivative + run.length],
                strict=True,
            )
        )
    for link in alignment.links:
        edges |= _link_edges(
            alignment, link, source_of_word, derivative_of_word, source_spans, derivative_spans
        )
    return {
        (s, d)
        for s, d in edges
        if source_spans[s].label != "dropped" and _credited(derivative_spans[d])
    }


def _credited(span: Span) -> bool:
    return span.label != "added" or "recycled" in span.flags


def _link_edges(
    alignment: Alignment,
    link: Link,
    source_of_word: list[int],
    derivative_of_word: list[int],
    source_spans: list[Span],
    derivative_spans: list[Span],
) -> set[tuple[int, int]]:
    """Word links of a link as span pairs; a span of the link with no word link of its own
    (function words, a reworded phrase) is paired with the other side's spans of the link."""
    edges = {(source_of_word[s], derivative_of_word[d]) for s, d, _ in link.word_links}
    src = _spans_of_sentences(alignment.source, source_of_word, link.source)
    der = _spans_of_sentences(alignment.derivative, derivative_of_word, link.derivative)
    src_kept = [s for s in src if source_spans[s].label != "dropped"]
    src_paraphrase = [s for s in src_kept if source_spans[s].label == "paraphrase"] or src_kept
    der_credited = [d for d in der if _credited(derivative_spans[d])]
    der_paraphrase = [d for d in der_credited if derivative_spans[d].label == "paraphrase"]
    linked_der = {d for _, d in edges}
    for d in der_credited:
        if d not in linked_der:
            edges.update((s, d) for s in src_paraphrase)
    if not link.recycled:
        linked_src = {s for s, _ in edges}
        for s in src_paraphrase:
            if s not in linked_src:
                edges.update((s, d) for d in der_paraphrase)
    return edges


def _spans_of_sentences(side: Side, span_of_word: list[int], sentences: Iterable[int]) -> list[int]:
    """The spans the words of some sentences lie in, in order (a sentence's words lie in
    consecutive spans, from its first word's to its last's)."""
    found: set[int] = set()
    for sentence in sentences:
        words = side.sentence_words(sentence)
        if words:
            found.update(range(span_of_word[words.start], span_of_word[words.stop - 1] + 1))
    return sorted(found)


def _with_counterparts(
    source_spans: list[Span], derivative_spans: list[Span], edges: set[tuple[int, int]]
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    source_links: dict[int, list[str]] = {}
    derivative_links: dict[int, list[str]] = {}
    for s, d in sorted(edges):
        source_links.setdefault(s, []).append(derivative_spans[d].id)
        derivative_links.setdefault(d, []).append(source_spans[s].id)

    def linked(spans: list[Span], links: dict[int, list[str]]) -> tuple[Span, ...]:
        return tuple(
            _renamed(span, span.id, tuple(dict.fromkeys(links[i]))) if i in links else span
            for i, span in enumerate(spans)
        )

    return linked(source_spans, source_links), linked(derivative_spans, derivative_links)


def spans_at(offsets: Sequence[int], spans: Sequence[Span]) -> list[Span]:
    """The span each offset lies in; ``offsets`` increase and ``spans`` tile the text in order.

    >>> spans = [Span("d0", "derivative", 0, 4, "added"), Span("d1", "derivative", 4, 9, "added")]
    >>> [span.id for span in spans_at([0, 3, 4, 8], spans)]
    ['d0', 'd0', 'd1', 'd1']
    """
    found: list[Span] = []
    for span in spans:
        if len(found) == len(offsets):
            break
        found += [span] * (bisect_left(offsets, span.end, len(found)) - len(found))
    return found


def spans_of_words(side: Side, spans: Sequence[Span]) -> list[Span]:
    """The span each word of ``side`` lies in (``spans`` tile the side, in order)."""
    return spans_at(side.word_starts, spans)


def with_findings(
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    changed: Sequence[tuple[SideName, int, int, str]],
    blocks: Sequence[tuple[int, int, str]],
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Cut each changed stretch ``(side, start, end, kind)`` out of its span as a ``changed``
    span, and give each added derivative span the type of the block ``(start, end, kind)`` it
    lies in; spans are renumbered, counterparts follow the pieces (still symmetric)."""
    pieces = {
        "source": _cut(source_spans, [c[1:] for c in changed if c[0] == "source"]),
        "derivative": _cut(derivative_spans, [c[1:] for c in changed if c[0] == "derivative"]),
    }
    starts = [start for start, _, _ in blocks]
    pieces["derivative"] = [
        (old, _typed(span, blocks, starts)) for old, span in pieces["derivative"]
    ]
    ids: dict[str, list[str]] = {}
    for side, prefix in (("source", "s"), ("derivative", "d")):
        for number, (old, _) in enumerate(pieces[side]):
            ids.setdefault(old, []).append(f"{prefix}{number}")
    if all(len(new) == 1 for new in ids.values()):  # nothing was cut: the ids stand
        return tuple(s for _, s in pieces["source"]), tuple(s for _, s in pieces["derivative"])
    renumbered = {
        side: tuple(
            _renamed(span, f"{side[0]}{number}", tuple(n for c in span.counterpart for n in ids[c]))
            for number, (_, span) in enumerate(pieces[side])
        )
        for side in ("source", "derivative")
    }
    return renumbered["source"], renumbered["derivative"]


def _renamed(span: Span, new_id: str, counterpart: tuple[str, ...]) -> Span:
    """``span`` with a new id and counterparts (the constructor: ``replace`` is slow)."""
    return Span(
        new_id,
        span.side,
        span.start,
        span.end,
        span.label,
        span.kind,
        counterpart,
        span.score,
        span.flags,
        span.sentence,
    )


def _cut(spans: Sequence[Span], changed: Sequence[tuple[int, int, str]]) -> list[tuple[str, Span]]:
    """(old id, piece) of each span, the changed stretches cut out as ``changed`` pieces."""
    result = []
    changed = sorted(changed)
    starts = [start for start, _, _ in changed]
    for span in spans:
        inside = changed[bisect_left(starts, span.start) : bisect_left(starts, span.end)]
        if span.label not in ("verbatim", "paraphrase") or not inside:
            result.append((span.id, span))
            continue
        position = span.start
        for start, end, kind in inside:
            if start < position:  # two findings name the same word: it is cut once
                continue
            if start > position:
                result.append((span.id, replace(span, start=position, end=start)))
            end = min(end, span.end)
            result.append(
                (span.id, replace(span, start=start, end=end, label="changed", kind=kind))
            )
            position = end
        if position < span.end:
            result.append((span.id, replace(span, start=position)))
    return result


def _typed(span: Span, blocks: Sequence[tuple[int, int, str]], starts: list[int]) -> Span:
    """An added span with the type of the (first) block it overlaps; ``starts`` are the
    blocks' starts, in order."""
    if span.label != "added":
        return span
    first = max(0, bisect_right(starts, span.start) - 1)
    for start, end, kind in blocks[first : bisect_right(starts, span.end)]:
        if start < span.end and span.start < end:
            return replace(span, kind=kind)
    return span
