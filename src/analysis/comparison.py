"""The one entry point, :func:`compare`, and its result, :class:`Comparison`.

``compare(source, derivative)`` loads (or takes) both texts, segments them, aligns them,
labels every span of both sides and returns a frozen :class:`Comparison`. Its
:meth:`~Comparison.to_json` follows the versioned schema ``analysis.comparison/1``
(``docs/schema.md``, ``analysis/data/comparison.schema.json``).
"""

from __future__ import annotations

import difflib
import gc
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from analysis.alignment import LINK_THRESHOLD, MIN_RUN, Alignment, align
from analysis.findings import Finding, Readings, spans_with_findings
from analysis.findings.blocks import Padding
from analysis.labeling import LABELS, SideName, Span, spans_at
from analysis.lexicon import Lexicon
from analysis.loading import Document, load_document
from analysis.records import fast_init
from analysis.tokenizing import Segmentation, Token, segment_each

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SCHEMA", "STAGES", "Comparison", "Options", "Pair", "compare"]

SCHEMA = "analysis.comparison/1"
STAGES = ("segmented", "aligned", "labelled and searched")
"""What ``compare`` reports to its ``progress`` callback, in order."""
_PARALLEL_CHARS = 100_000  # both texts together: from here on, child processes share the work


@dataclass(frozen=True, slots=True)
class Options:
    """What a comparison can be told; recorded in its provenance."""

    use_wordnet: bool = True
    min_run: int = MIN_RUN
    link_threshold: float = LINK_THRESHOLD


@fast_init
@dataclass(frozen=True, slots=True)
class Pair:
    """Aligned passages: source and derivative sentences, their spans and similarity."""

    id: str
    source_sentences: tuple[int, ...]
    derivative_sentences: tuple[int, ...]
    source_spans: tuple[str, ...]
    derivative_spans: tuple[str, ...]
    similarity: float
    flags: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """``"1-1"``, ``"2-1"`` (a merge), ``"1-2"`` (a split): source count - derivative count."""
        return f"{len(self.source_sentences)}-{len(self.derivative_sentences)}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything known about one source–derivative pair; offsets index the documents' text."""

    source: Document
    derivative: Document
    source_segments: Segmentation
    derivative_segments: Segmentation
    spans: tuple[Span, ...]
    pairs: tuple[Pair, ...]
    options: Options
    used_wordnet: bool
    wordnet_available: bool
    created: str
    findings: tuple[Finding, ...]
    padding: Padding
    shares: dict[
        str, dict[str, float]
    ]  # per side ("source", "derivative"): share of words by label
    warnings: tuple[str, ...] = field(default=())

    def side(self, name: SideName) -> tuple[Span, ...]:
        """The spans of one side, in text order."""
        return tuple(span for span in self.spans if span.side == name)

    def document(self, name: SideName) -> Document:
        return self.source if name == "source" else self.derivative

    def segments(self, name: SideName) -> Segmentation:
        return self.source_segments if name == "source" else self.derivative_segments

    @property
    def summary(self) -> dict[str, Any]:
        """Share of each side's words by label (recycled words counted apart too), the
        findings by type, the padding figures and the divergence point."""
        return {
            **self.shares,
            "findings": dict(Counter(finding.type for finding in self.findings)),
            "length_ratio": self.padding.length_ratio,
            "added_by_block": self.padding.added_share,
            "divergence_offset": self.padding.divergence,
        }

    def findings_frame(self) -> pd.DataFrame:
        """One row per finding: type, kind, explanation, confidence, flags, offsets, evidence."""
        import pandas as pd

        from analysis.serialization import finding_to_json

        rows = [
            finding_to_json(self, number, finding) for number, finding in enumerate(self.findings)
        ]
        for row in rows:
            row |= {key: _cell(row[key]) for key in ("source", "derivative", "flags")}
            row |= {f"evidence_{side}": text for side, text in row.pop("evidence").items()}
            row |= row.pop("attributes")
        columns = [
            "id",
            "type",
            "kind",
            "explanation",
            "confidence",
            "flags",
            "source",
            "derivative",
        ]
        return (
            pd.DataFrame(rows).reindex(columns=[*columns, *_extra(rows, columns)]).set_index("id")
        )

    def edit_script(self, pair: Pair) -> list[tuple[str, int, int, int, int]]:
        """Token-level difflib opcodes of a pair, as character offsets on both sides."""
        source_tokens = _tokens_of(self.source_segments, pair.source_sentences)
        derivative_tokens = _tokens_of(self.derivative_segments, pair.derivative_sentences)
        matcher = difflib.SequenceMatcher(
            None, [t.key for t in source_tokens], [t.key for t in derivative_tokens], autojunk=False
        )
        return [
            (tag, *_char_range(source_tokens, i1, i2), *_char_range(derivative_tokens, j1, j2))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]

    def _repr_html_(self) -> str:
        """The side-by-side view, coloured by label, for JupyterLab (text escaped)."""
        from analysis.reports.html import side_by_side

        return side_by_side(self)

    def to_json(self) -> dict[str, Any]:
        """The result as plain JSON data, schema ``analysis.comparison/1``."""
        from analysis.serialization import comparison_to_json

        return comparison_to_json(self)

    def spans_frame(self) -> pd.DataFrame:
        """One row per span: side, offsets, label, flags, counterparts and text."""
        import pandas as pd

        from analysis.serialization import span_to_json

        rows = [
            {
                **span_to_json(span),
                "flags": ",".join(span.flags),
                "counterpart": ",".join(span.counterpart),
                "text": self.document(span.side).text[span.start : span.end],
            }
            for span in self.spans
        ]
        return pd.DataFrame(rows).set_index("id")

    def pairs_frame(self) -> pd.DataFrame:
        """One row per aligned pair: kind, similarity, flags and both texts."""
        import pandas as pd

        rows = [
            {
                "id": pair.id,
                "kind": pair.kind,
                "similarity": round(pair.similarity, 3),
                "flags": ",".join(pair.flags),
                "source": _sentences_text(self.source_segments, pair.source_sentences),
                "derivative": _sentences_text(self.derivative_segments, pair.derivative_sentences),
            }
            for pair in self.pairs
        ]
        columns = ["id", "kind", "similarity", "flags", "source", "derivative"]
        return pd.DataFrame(rows, columns=columns).set_index("id")


def compare(
    source: Document | str | os.PathLike[str],
    derivative: Document | str | os.PathLike[str],
    *,
    progress: Callable[[str], None] | None = None,
    **options: Any,
) -> Comparison:
    """Compare a source with a derivative; each is a Document, a path, or (a ``str``) the text.

    Options: see :class:`Options` (``use_wordnet``, ``min_run``, ``link_threshold``).
    ``progress``, if given, is called with the name of each of :data:`STAGES` when it is done.

    >>> source = "China banned seafood imports from Japan last year."
    >>> copy = "Last year China banned Japanese seafood imports. Subscribe now!"
    >>> c = compare(source, copy, use_wordnet=False)
    >>> [(s.label, c.derivative.text[s.start : s.end]) for s in c.side("derivative")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('paraphrase', 'Last year China banned Japanese seafood imports. '),
     ('added', 'Subscribe now!')]
    """
    settings = Options(**options)
    documents = [
        _document(item, role) for item, role in ((source, "source"), (derivative, "derivative"))
    ]
    with _cycle_collection_paused():  # and the work's leftovers freed before it resumes
        return _compared(documents, settings, progress or (lambda _stage: None))


def _compared(
    documents: list[Document], settings: Options, done: Callable[[str], None]
) -> Comparison:
    """What :func:`compare` returns."""
    fork = sum(len(document.text) for document in documents) >= _PARALLEL_CHARS
    segmentations = segment_each([document.text for document in documents], fork=fork)
    done(STAGES[0])
    with Readings(*segmentations, fork=fork) as readings:  # read while the texts align
        lexicon = Lexicon.load(use_wordnet=settings.use_wordnet)
        alignment = align(
            *segmentations,
            lexicon=lexicon,
            min_run=settings.min_run,
            threshold=settings.link_threshold,
        )
        done(STAGES[1])
        source_spans, derivative_spans, findings, padding = spans_with_findings(
            alignment, lexicon, readings, fork=fork
        )
    pairs = _pairs(alignment, source_spans, derivative_spans)
    done(STAGES[2])
    return Comparison(
        source=documents[0],
        derivative=documents[1],
        source_segments=segmentations[0],
        derivative_segments=segmentations[1],
        spans=source_spans + derivative_spans,
        pairs=pairs,
        findings=tuple(findings),
        padding=padding,
        shares={
            "source": _shares(alignment.source.word_starts, source_spans, "source"),
            "derivative": _shares(alignment.derivative.word_starts, derivative_spans, "derivative"),
        },
        options=settings,
        used_wordnet=alignment.used_wordnet,
        wordnet_available=lexicon.wordnet is not None,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        warnings=tuple(_warnings(documents, lexicon, settings)),
    )


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector: the hundreds of thousands of small objects a long text
    gives would set it off again and again, for nothing (the work makes no cycles worth
    collecting). Reference counting still frees everything else at once; what the work no
    longer needs is freed before the collector resumes, so its first pass only visits what is
    kept."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _document(item: Document | str | os.PathLike[str], role: str) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document.from_text(item, name=f"<{role} text>")
    return load_document(item)


def _warnings(documents: list[Document], lexicon: Lexicon, options: Options) -> list[str]:
    warnings = []
    if options.use_wordnet and lexicon.wordnet is None:
        warnings.append("WordNet is not installed: synonyms were not used (see `make wordnet`)")
    if documents[0].sha256 == documents[1].sha256:
        warnings.append("the source and the derivative are the same file")
    return warnings


def _pairs(
    alignment: Alignment, source_spans: tuple[Span, ...], derivative_spans: tuple[Span, ...]
) -> tuple[Pair, ...]:
    source_ids, derivative_ids = (
        _span_ids_by_sentence(source_spans),
        _span_ids_by_sentence(derivative_spans),
    )
    return tuple(
        Pair(
            f"p{number}",
            link.source,
            link.derivative,
            tuple(i for s in link.source for i in source_ids[s]),
            tuple(i for s in link.derivative for i in derivative_ids[s]),
            link.similarity,
            ("recycled",) if link.recycled else (),
        )
        for number, link in enumerate(alignment.links)
    )


def _span_ids_by_sentence(spans: tuple[Span, ...]) -> dict[int, list[str]]:
    ids: dict[int, list[str]] = defaultdict(list)
    for span in spans:
        ids[span.sentence].append(span.id)
    return ids


def _shares(words: Sequence[int], spans: tuple[Span, ...], name: SideName) -> dict[str, float]:
    """Share of the side's words (their starts) under each label, plus ``recycled``."""
    counts = dict.fromkeys(LABELS[name], 0)
    recycled = 0
    for span in spans_at(words, spans):
        counts[span.label] += 1
        recycled += "recycled" in span.flags
    total = len(words) or 1
    return {
        **{label: count / total for label, count in counts.items()},
        "recycled": recycled / total,
    }


def _cell(values: list[Any]) -> str:
    """A list as one table cell: offsets as ``"12-20;40-44"``, flags as ``"kept;recycled"``."""
    return ";".join(f"{v[0]}-{v[1]}" if isinstance(v, list) else str(v) for v in values)


def _extra(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row if key not in columns))


def _tokens_of(segmentation: Segmentation, sentences: tuple[int, ...]) -> list[Token]:
    return [t for s in sentences for t in segmentation.tokens_of(segmentation.sentences[s])]


def _char_range(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    if first < last:
        return tokens[first].start, tokens[last - 1].end
    position = tokens[first].start if first < len(tokens) else (tokens[-1].end if tokens else 0)
    return position, position


def _sentences_text(segmentation: Segmentation, sentences: tuple[int, ...]) -> str:
    return " ".join(segmentation.sentences[s].text for s in sentences)
