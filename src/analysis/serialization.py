"""A :class:`~analysis.comparison.Comparison` as JSON data, schema ``analysis.comparison/1``.

Adding a field keeps the version; changing or removing one bumps it (``docs/schema.md``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from analysis import __version__

if TYPE_CHECKING:
    from analysis.comparison import Comparison
    from analysis.findings import Finding
    from analysis.labeling import SideName, Span

__all__ = ["comparison_to_json", "finding_to_json", "span_to_json"]


def comparison_to_json(comparison: Comparison) -> dict[str, Any]:
    """Plain JSON data (dicts, lists, strings, numbers) for one comparison."""
    from analysis.comparison import SCHEMA

    return {
        "schema": SCHEMA,
        "source": _document(comparison, "source"),
        "derivative": _document(comparison, "derivative"),
        "spans": [span_to_json(span) for span in comparison.spans],
        "pairs": [_pair(comparison, pair) for pair in comparison.pairs],
        "findings": [
            finding_to_json(comparison, number, finding)
            for number, finding in enumerate(comparison.findings)
        ],
        "summary": comparison.summary,
        "warnings": list(comparison.warnings),
        "provenance": {
            "tool": "analysis",
            "version": __version__,
            "created": comparison.created,
            "options": asdict(comparison.options),
            "wordnet": {
                "available": comparison.wordnet_available,
                "used": comparison.used_wordnet,
            },
        },
    }


def _document(comparison: Comparison, name: SideName) -> dict[str, Any]:
    document = comparison.document(name)
    return {
        "name": document.name,
        "sha256": document.sha256,
        "encoding": document.encoding,
        "format": document.format,
        "characters": len(document.text),
        "words": comparison.segments(name).word_count,
    }


def span_to_json(span: Span) -> dict[str, Any]:
    """One span as JSON data."""
    return {
        "id": span.id,
        "side": span.side,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "kind": span.kind,
        "counterpart": list(span.counterpart),
        "score": None if span.score is None else round(span.score, 4),
        "flags": list(span.flags),
    }


def _pair(comparison: Comparison, pair: Any) -> dict[str, Any]:
    return {
        "id": pair.id,
        "kind": pair.kind,
        "source": {
            "sentences": list(pair.source_sentences),
            "ranges": _ranges(comparison, "source", pair.source_sentences),
            "spans": list(pair.source_spans),
        },
        "derivative": {
            "sentences": list(pair.derivative_sentences),
            "ranges": _ranges(comparison, "derivative", pair.derivative_sentences),
            "spans": list(pair.derivative_spans),
        },
        "similarity": round(pair.similarity, 4),
        "flags": list(pair.flags),
        "edits": [list(opcode) for opcode in comparison.edit_script(pair)],
    }


def _ranges(comparison: Comparison, name: SideName, sentences: tuple[int, ...]) -> list[list[int]]:
    all_sentences = comparison.segments(name).sentences
    return [[all_sentences[s].start, all_sentences[s].end] for s in sentences]


def finding_to_json(comparison: Comparison, number: int, finding: Finding) -> dict[str, Any]:
    """One finding as JSON data; ``evidence`` is the text at its offsets on each side."""
    return {
        "id": f"f{number}",
        "type": finding.type,
        "kind": finding.kind,
        "source": [list(offsets) for offsets in finding.source],
        "derivative": [list(offsets) for offsets in finding.derivative],
        "explanation": finding.explanation,
        "confidence": round(finding.confidence, 3),
        "flags": list(finding.flags),
        "evidence": {
            "source": _evidence(comparison.source.text, finding.source),
            "derivative": _evidence(comparison.derivative.text, finding.derivative),
        },
        "attributes": dict(finding.attributes),
    }


def _evidence(text: str, offsets: tuple[tuple[int, int], ...]) -> str | None:
    return " … ".join(text[start:end] for start, end in offsets) or None
