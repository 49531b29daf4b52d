"""Added material, grouped into typed blocks, and where the derivative stops following the source.

Words labelled ``added`` (recycled ones included: a second telling inside an interview is still
part of the interview) are grouped by paragraph. A paragraph that is added throughout is one
block, typed by its shape:

- ``headline_duplicate``: a headline-like line repeating an earlier line;
- ``interview``: speaker-labelled turns (``**Editor:**``), with a bold heading just before them;
- ``question_heading``: a short line ending in a question mark (the SEO "What does this mean?");
- ``boilerplate``: a short line asking to comment, share, subscribe or follow;
- ``other``: anything else.

Inside a derived paragraph, an added all-capitals place opening it (``ANKARA—``) is a
``dateline`` and any other added stretch of at least two content words is ``commentary``.

The **divergence point** is the earliest offset after which at most 10 % of the derivative's
words are credited to the source (recycled words count as not credited); **padding** is the
length ratio of the two texts and the share of the derivative's words in each block type.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.alignment import Alignment, Side
from analysis.findings.model import Finding
from analysis.labeling import Span, spans_of_words
from analysis.tokenizing import looks_like_headline, normalize

__all__ = ["BLOCK_TYPES", "Block", "Padding", "find_added_blocks"]

BLOCK_TYPES = (
    "headline_duplicate",
    "dateline",
    "commentary",
    "question_heading",
    "interview",
    "boilerplate",
    "other",
)
DIVERGENCE_SHARE = 0.1
_SPEAKER = re.compile(r"^\s*(?:\*\*[^*\n]{1,80}?:\*\*|\*\*[^*\n]{1,80}?\*\*:|(?:Q|A):\s)")
_BOLD_LINE = re.compile(r"^\s*\*\*[^*\n]+\*\*\s*$")
_DATELINE = re.compile(r"^\s*([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)(?:,[^—\-\n]{0,30})?\s*[—–-]")
_BOILERPLATE = re.compile(
    r"\b(?:leave a (?:reply|replay|comment)|comments? below|share (?:this|your)|subscribe|"
    r"sign up|newsletter|follow us|click here|read more|all rights reserved|copyright)\b",
    re.IGNORECASE,
)
_BOILERPLATE_WORDS = 30
_QUESTION_WORDS = 25
_COMMENTARY_WORDS = 2  # content words an added stretch inside a derived paragraph needs


@dataclass(frozen=True, slots=True)
class Block:
    """Added words ``words`` (derivative word indices, in order) of one type."""

    kind: str
    words: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Padding:
    """How much longer the derivative is, and where its added words are."""

    length_ratio: float | None
    added_share: dict[str, float]  # block type → share of the derivative's words
    divergence: int | None  # offset into the derivative, or None when it never diverges


def find_added_blocks(
    alignment: Alignment, derivative_spans: Sequence[Span]
) -> tuple[list[Finding], Padding]:
    """The typed added blocks of the derivative, and its padding figures."""
    der = alignment.derivative
    labels = _word_marks(der, derivative_spans)
    blocks = _blocks(der, labels)
    findings = [_finding(der, block, labels) for block in blocks]
    return findings, _padding(alignment, blocks, labels)


def _word_marks(side: Side, spans: Sequence[Span]) -> list[tuple[str, bool]]:
    """(label, recycled) of each word."""
    return [(span.label, "recycled" in span.flags) for span in spans_of_words(side, spans)]


def _blocks(der: Side, labels: list[tuple[str, bool]]) -> list[Block]:
    blocks: list[Block] = []
    seen: set[str] = set()
    for paragraph, words in _paragraph_words(der):
        text = der.segmentation.paragraphs[paragraph].text
        added = [w for w in words if labels[w][0] == "added"]
        if added and (len(added) == len(words) or _SPEAKER.match(text)):
            kind = _paragraph_kind(text, seen, der, paragraph)
            if kind == "interview" and blocks and blocks[-1].kind == "interview":
                blocks[-1] = Block("interview", blocks[-1].words + tuple(added))
            else:
                blocks.append(Block(kind, tuple(added)))
        elif added:
            blocks.extend(_inline_blocks(der, text, words, added))
        seen.add(_plain(text))
    return blocks


def _paragraph_words(der: Side) -> list[tuple[int, list[int]]]:
    words: dict[int, list[int]] = {}
    for sentence in der.segmentation.sentences:
        words.setdefault(sentence.paragraph, []).extend(der.sentence_words(sentence.index))
    return sorted(words.items())


def _paragraph_kind(text: str, seen: set[str], der: Side, paragraph: int) -> str:
    if _SPEAKER.match(text) or (_BOLD_LINE.match(text) and _next_is_turn(der, paragraph)):
        return "interview"
    if _plain(text) in seen and looks_like_headline(text):
        return "headline_duplicate"
    words = len(text.split())
    if text.rstrip().endswith("?") and words <= _QUESTION_WORDS:
        return "question_heading"
    if words <= _BOILERPLATE_WORDS and _BOILERPLATE.search(text):
        return "boilerplate"
    return "other"


def _next_is_turn(der: Side, paragraph: int) -> bool:
    paragraphs = der.segmentation.paragraphs
    return paragraph + 1 < len(paragraphs) and bool(_SPEAKER.match(paragraphs[paragraph + 1].text))


def _plain(text: str) -> str:
    return " ".join(normalize(text).casefold().split())


def _inline_blocks(der: Side, text: str, words: list[int], added: list[int]) -> list[Block]:
    """Datelines and commentary: added stretches inside a derived paragraph."""
    blocks = []
    for stretch in _stretches(added, der.sentence_of_word):
        if stretch[0] == words[0] and _DATELINE.match(text):
            dateline = _dateline_words(der, text, stretch)
            blocks.append(Block("dateline", dateline))
            stretch = stretch[len(dateline) :]
        if sum(1 for w in stretch if der.stems[w]) >= _COMMENTARY_WORDS:
            blocks.append(Block("commentary", stretch))
    return blocks


def _stretches(words: list[int], sentence_of: Sequence[int]) -> list[tuple[int, ...]]:
    """Runs of consecutive word indices within one sentence.

    >>> _stretches([1, 2, 3, 7, 8, 10], [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2])
    [(1, 2), (3,), (7, 8), (10,)]
    """
    runs: list[list[int]] = []
    for word in words:
        if runs and runs[-1][-1] + 1 == word and sentence_of[word] == sentence_of[runs[-1][-1]]:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [tuple(run) for run in runs]


def _dateline_words(der: Side, text: str, stretch: tuple[int, ...]) -> tuple[int, ...]:
    match = _DATELINE.match(text)
    assert match is not None
    end = der.word_starts[stretch[0]] + match.end()
    return tuple(w for w in stretch if der.word_starts[w] < end)  # "ANKARA—In": one token


def _finding(der: Side, block: Block, labels: list[tuple[str, bool]]) -> Finding:
    start, end = der.word_starts[block.words[0]], der.word_ends[block.words[-1]]
    recycled = sum(1 for w in block.words if labels[w][1])
    size = len(block.words)
    name = block.kind.replace("_", " ")
    return Finding(
        type="added_block",
        kind=block.kind,
        source=(),
        derivative=((start, end),),
        explanation=f"Not in source: {name}, {size} word{'s' * (size != 1)}.",
        confidence=0.9 if block.kind != "other" else 0.6,
        flags=("recycled",) if recycled * 2 > size else (),
        attributes={
            "words": size,
            "recycled_words": recycled,
            "text": der.segmentation.text[start:end],
        },
    )


def _padding(alignment: Alignment, blocks: list[Block], labels: list[tuple[str, bool]]) -> Padding:
    total = len(labels)
    source_words = len(alignment.source.words)
    shares: Counter[str] = Counter()
    for block in blocks:
        shares[block.kind] += len(block.words)
    in_blocks = sum(shares.values())
    shares["other"] += sum(1 for label, _ in labels if label == "added") - in_blocks
    return Padding(
        length_ratio=round(total / source_words, 3) if source_words else None,
        added_share={
            kind: round(shares[kind] / total, 3) if total else 0.0 for kind in BLOCK_TYPES
        },
        divergence=_divergence(alignment.derivative, labels),
    )


def _divergence(der: Side, labels: list[tuple[str, bool]]) -> int | None:
    """Offset of the earliest word from which on at most :data:`DIVERGENCE_SHARE` of the
    words are credited to the source; None when even the last word is credited."""
    credited = [label != "added" and not recycled for label, recycled in labels]
    found, suffix_credited = None, 0
    for word in range(len(credited) - 1, -1, -1):
        suffix_credited += credited[word]
        if suffix_credited <= DIVERGENCE_SHARE * (len(credited) - word):
            found = word
    if found is None:
        return None
    return der.word_starts[found]
