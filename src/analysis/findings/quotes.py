"""The quote ledger: every quotation and speaker turn on either side, and what became of it.

:func:`find_quotes` returns one ``quote`` :class:`~analysis.findings.model.Finding` per source
quote (with its counterpart, if any) and per derivative quote that is new or a second telling;
:func:`detect_quotes` lists the quotes of one text as :class:`Quote` values.

**Detection** (:func:`detect_quotes`, each side on its own). Quote marks are read on the
:func:`~analysis.tokenizing.normalize`-d text (curly and straight alike, offsets unchanged);
the original character tells an opening “ from a closing ”, and a straight ``"`` opens after a
space, bracket or dash and closes before one. A quotation is the text between a pair, so it may
hold several sentences, or be one scare-quoted word. It never runs past its paragraph: an
unclosed quotation ends there, and when the next paragraph opens with a quote mark (the news
convention for a quotation continued across paragraphs) that paragraph's quotation continues
it and shares its speaker. Each paragraph's piece is one entry, as a rewrite may keep, change
or drop each one. Single quotes count only as a clear pair outside double quotes: an opening
``'`` after a space or bracket before a letter, a closing one after a word before a space or
punctuation, so ``Beijing's``, ``O'Brien`` and ``'90s`` are not quotations. A **turn** is a
paragraph opened by a speaker label (``**Name:**``, ``**Name**:``, or a plain ``Name:`` when
two or more paragraphs have one, so a lone ``Note:`` is not a turn); its text is the rest of
the paragraph and its speaker the label.

**Speakers**, conservatively (none rather than a wrong one): ``"…," X said`` / ``said X`` /
``according to X`` right after the quotation, else the subject of the speech verb nearest
before it in its sentence (``X said: "…"``, ``X, chief executive of Y, said that … "…"``,
``X … , stating, "…"``, ``X quoted Y as telling Z that …`` → Y, ``X's assertion that "…"``),
or the last sentence of the paragraph before when the quotation opens a paragraph after a
colon. X is a run of capitalised words (titles kept as found, a leading "the" left out; a lone
capitalised word at a sentence start only if the text capitalises it elsewhere too), a
pronoun, or a noun phrase ("the Chinese leader"), each kept as found. Names are compared
case-folded without titles: equal when one's words contain the other's, when the last words
agree, or when they differ by two swapped letters (a typo such as "BSG" for "BGS").

**Matching.** Quotations pair with quotations, turns with turns. A source and a derivative
quote are counterparts when their content words (stems and variants,
:mod:`analysis.similarity`) score at least :data:`MATCH`, or when one holds nearly all of the
other's (a shortened or extended quote) and there is evidence: the source quote's words land
in the derivative quote through the alignment's exact runs or word links, or the two share
three words in a row. Quotes with fewer than three content words always need that evidence.
Pairs are taken best first, one to one; derivative quotes mostly inside spans flagged
``recycled`` (second tellings) wait until every first telling has been taken. Then pieces of
one quotation that the derivative merged into one quote share it, and a quote the derivative
split across paragraphs is told by all its pieces (a finding may cite several offsets).

**Fates** (``flags``): ``kept`` (same words, case and punctuation aside, still quoted);
``altered`` (a counterpart with other words); ``dequoted`` (no counterpart quote, but at least
half of the source quote's content words land outside any quotation in one derivative
sentence, through the alignment's non-recycled runs and links, or failing those by plain
content-word overlap with two or more words; also ``altered`` when less than two thirds land);
``dropped`` (none of these); ``new`` (a derivative quote or turn with no counterpart);
``recycled`` (a further derivative quote whose source quote is already told, quoted or not,
e.g. again inside an interview); ``misattributed`` (both sides name a speaker and the names
differ; a pronoun, a noun phrase or a missing speaker never is). ``confidence`` is a fixed
value per fate, the landed share for ``dequoted``, higher for ``dropped`` when the labels call
the quote's words dropped too, and capped when it rests on two detected speakers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from heapq import nsmallest
from itertools import chain
from typing import Literal

from analysis.alignment import Alignment, Side
from analysis.findings.model import Finding
from analysis.labeling import Span
from analysis.lexicon import VARIANT, Lexicon
from analysis.records import fast_init
from analysis.similarity import Passage, compare_passages
from analysis.tokenizing import Segmentation, normalize

__all__ = [
    "MATCH",
    "Quote",
    "QuoteKind",
    "QuoteSheet",
    "detect_quotes",
    "find_quotes",
    "read_quotes",
]

QuoteKind = Literal["quotation", "turn"]

MATCH = 0.5  # content-word similarity at which two quotes are counterparts
_CONTAINED = 0.8  # share of one quote's content words the other must hold (a shortened quote)
_SHORT = 3  # quotes with fewer content words need evidence from the alignment
_SHARED_RUN = 3  # words in a row two quotes share that count as such evidence
_DEQUOTED = 0.5  # share of a source quote's content words that must land unquoted
_DEQUOTED_ALTERED = 0.65  # below this share (about two thirds) the unquoted words are altered
_FALLBACK_WORDS = 2  # content words plain overlap needs when the alignment shows nothing
_FALLBACK_SENTENCES = 4  # derivative sentences sharing the most stems that plain overlap tries
_NEAR = 3  # a quote is tried against one sharing a third of the shorter's stems (or landed on)
_CANDIDATES = 8  # derivative quotes tried per source quote on shared stems
_MID_SENTENCE_WORD = re.compile(r"(?<=[\w,;] )(\w+)\b")
_COMMON_QUOTES = 50  # a stem in more quotes than this proposes none of them
_CONFIDENCE = {"kept": 0.95, "altered": 0.8, "new": 0.9, "recycled": 0.7}  # dequoted: the share
_DROPPED_CONFIDENCE = {True: 0.9, False: 0.6}  # whether the labels call its words dropped too
_DOUBTFUL_SPEAKER = 0.7  # confidence cap when the finding rests on two detected speakers
_FLAG_ORDER = ("kept", "altered", "dequoted", "dropped", "new", "misattributed", "recycled")
_LEXICON = Lexicon(None)  # stems and variants: quote texts are compared word for word


@fast_init
@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation or a speaker turn: ``text`` is ``side_text[start:end]``, marks and label
    left out; ``speaker`` as found in the text, or None; ``group`` the start of its
    quotation's first piece, shared by the pieces of a quotation continued across paragraphs.
    """

    kind: QuoteKind
    start: int
    end: int
    text: str
    speaker: str | None
    group: int


def detect_quotes(segmentation: Segmentation) -> list[Quote]:
    """Every quotation and turn of a text, in order (module docstring).

    >>> from analysis.tokenizing import segment
    >>> text = 'He called the ties "stable". "We agree," Ishiba said. Beijing\\'s \\'90s.'
    >>> [(q.text, q.speaker) for q in detect_quotes(segment(text))]
    [('stable', None), ('We agree,', 'Ishiba')]
    """
    return list(read_quotes(segmentation).quotes)


def read_quotes(segmentation: Segmentation) -> QuoteSheet:
    """A text's quotes with their speakers, and what :func:`find_quotes` looks up in the text:
    all that the quote ledger needs of one text alone (``compare`` reads both while it aligns).
    """
    return QuoteSheet.of(segmentation)


# --- detection ----------------------------------------------------------------------------

_OPENS = frozenset("“„‟«")  # original characters that only open a quotation
_CLOSES = frozenset("”»")
_BEFORE_OPENING = frozenset(" \t\n([{-/:,*_>")
_AFTER_CLOSING = frozenset(" \t\n.,;:!?)]}-/*_")
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[\"-]))'(?=[^\W\d_])(?!(?:em|tis|twas|n|til|cause)\b)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])'(?=[\s.,;:!?)\]\"-]|$)")
_TURN_LABEL = re.compile(
    r"""\*\*(?P<bold>[^*\n]{1,80}?):\*\*\s*
      | \*\*(?P<bold2>[^*\n]{1,80}?)\*\*:\s*
      | (?P<plain>[A-Z][\w.'-]*(?:\ [A-Z][\w.'-]*){0,3}):\s+""",
    re.VERBOSE,
)
_MASK = "\x00"  # stands for quoted text when speakers are looked for


@dataclass(frozen=True, slots=True)
class QuoteSheet:
    """A text, its quotes, its quotations (as groups of paragraph pieces) and its normalised
    text with the quoted words masked out, where speakers are looked for."""

    segmentation: Segmentation
    normalized: str
    masked: str
    groups: tuple[tuple[tuple[int, int], ...], ...]
    sentence_starts: tuple[int, ...]
    paragraph_starts: tuple[int, ...]
    written_mid_sentence: frozenset[str]  # words that follow a word, comma or semicolon
    quotes: tuple[Quote, ...] = ()  # quotations (each piece) and turns, in order

    @classmethod
    def of(cls, segmentation: Segmentation) -> QuoteSheet:
        normalized = normalize(segmentation.text)
        groups = _quotation_groups(segmentation, normalized)
        sheet = cls(
            segmentation,
            normalized,
            _masked(normalized, [piece for group in groups for piece in group]),
            tuple(tuple(group) for group in groups),
            tuple(sentence.start for sentence in segmentation.sentences),
            tuple(paragraph.start for paragraph in segmentation.paragraphs),
            frozenset(_MID_SENTENCE_WORD.findall(normalized)),
        )
        return replace(sheet, quotes=_quotes(sheet))


def _quotes(sheet: QuoteSheet) -> tuple[Quote, ...]:
    """Quotations (each piece, with its group's speaker) and turns, in order."""
    text = sheet.segmentation.text
    quotes = [
        Quote("quotation", start, end, text[start:end], speaker, group[0][0])
        for group in sheet.groups
        for speaker in [_group_speaker(sheet, group)]
        for start, end in group
    ]
    quotes += _turns(sheet.segmentation, sheet.normalized)
    return tuple(sorted(quotes, key=lambda quote: (quote.start, quote.kind == "quotation")))


def _quotation_groups(segmentation: Segmentation, normalized: str) -> list[list[tuple[int, int]]]:
    """Quotations as lists of paragraph pieces: more than one when a paragraph ends inside a
    quotation and the next opens with a quote mark."""
    groups: list[list[tuple[int, int]]] = []
    open_group: list[tuple[int, int]] | None = None
    for paragraph in segmentation.paragraphs:
        start, end = paragraph.start, paragraph.end
        pairs, open_at = _double_pairs(segmentation.text, normalized, start, end)
        tail = [(open_at + 1, end)] if open_at is not None else []
        pieces = list(_trimmed(normalized, pairs + tail))
        own = [[piece] for piece in pieces]
        if own and open_group is not None and _opens_paragraph(normalized, start, pieces[0]):
            open_group.extend(own[0])
            own[0] = open_group
        groups.extend(group for group in own if group is not open_group)
        ends_open = open_at is not None and bool(pieces) and pieces[-1][0] > open_at
        open_group = own[-1] if ends_open else None
        groups.extend([piece] for piece in _single_pairs(normalized, pairs + tail, start, end))
    return sorted(groups)


def _opens_paragraph(normalized: str, start: int, piece: tuple[int, int]) -> bool:
    """Whether ``piece`` is opened by a quote mark that begins the paragraph at ``start``."""
    return normalized[start : piece[0]].strip() in ('"', "'")


def _double_pairs(
    text: str, normalized: str, start: int, end: int
) -> tuple[list[tuple[int, int]], int | None]:
    """``(start, end)`` inside each pair of double marks in a paragraph, and where an unclosed
    one opens (a mark that can only open, inside a quotation, restarts it: the first was stray).

    >>> _double_pairs('a "b" 12" c “d', 'a "b" 12" c "d', 0, 14)
    ([(3, 4)], 12)
    """
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in (m.start() for m in re.finditer('"', normalized[start:end])):
        i += start
        opens, closes = _mark_roles(text, normalized, i, start, end)
        if opens and (open_at is None or not closes):
            open_at = i
        elif closes and open_at is not None:
            pairs.append((open_at + 1, i))
            open_at = None
    return pairs, open_at


def _mark_roles(text: str, normalized: str, i: int, start: int, end: int) -> tuple[bool, bool]:
    """Whether the mark at ``i`` can open and whether it can close a quotation."""
    if text[i] in _OPENS or text[i] in _CLOSES:
        return text[i] in _OPENS, text[i] in _CLOSES
    before = normalized[i - 1] if i > start else " "
    after = normalized[i + 1] if i + 1 < end else " "
    return (
        before in _BEFORE_OPENING and not after.isspace(),
        after in _AFTER_CLOSING and not before.isspace(),
    )


def _single_pairs(
    normalized: str, doubles: list[tuple[int, int]], start: int, end: int
) -> list[tuple[int, int]]:
    """Clear pairs of single quote marks in a paragraph, outside its double quotations.

    >>> _single_pairs("the 'stable' ties of Beijing's farmers' '90s", [], 0, 44)
    [(5, 11)]
    """
    marked = [(a - 1 - start, min(end, b + 1) - start) for a, b in doubles]  # marks included
    paragraph = _masked(normalized[start:end], marked)
    openers = [m.start() for m in _SINGLE_OPEN.finditer(paragraph)]
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(paragraph)] if openers else []
    pairs: list[tuple[int, int]] = []
    after = -1
    for opener in openers:
        following = bisect_right(closers, opener + 1)  # the first closer after opener + 1
        if opener > after and following < len(closers):
            pairs.append((start + opener + 1, start + closers[following]))
            after = closers[following]
    return list(_trimmed(normalized, pairs))


def _trimmed(normalized: str, pieces: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Pieces without surrounding spaces; those with no letter or digit are left out."""
    for start, end in pieces:
        chunk = normalized[start:end]
        if any(char.isalnum() for char in chunk):
            yield start + len(chunk) - len(chunk.lstrip()), end - len(chunk) + len(chunk.rstrip())


def _masked(text: str, pieces: Sequence[tuple[int, int]]) -> str:
    """``text`` with each piece replaced by :data:`_MASK` characters (same length).

    >>> _masked("a bc d", [(2, 4)]) == "a \\x00\\x00 d"
    True
    """
    chunks, at = [], 0
    for start, end in sorted(pieces):
        chunks += [text[at:start], _MASK * (end - start)]
        at = end
    return "".join([*chunks, text[at:]])


def _turns(segmentation: Segmentation, normalized: str) -> list[Quote]:
    """Paragraphs opened by a speaker label; plain labels only in a transcript (two or more)."""
    labelled = [
        (paragraph, match)
        for paragraph in segmentation.paragraphs
        if (match := _TURN_LABEL.match(normalized, paragraph.start, paragraph.end))
    ]
    if sum(match["plain"] is not None for _, match in labelled) == 1:
        labelled = [(p, match) for p, match in labelled if match["plain"] is None]
    text = segmentation.text
    return [
        Quote("turn", start, paragraph.end, text[start : paragraph.end], _label(match), start)
        for paragraph, match in labelled
        if (start := match.end()) < paragraph.end
    ]


def _label(match: re.Match[str]) -> str:
    """The speaker named by a turn label, as written."""
    return next(match[group] for group in ("bold", "bold2", "plain") if match[group]).strip()


# --- speakers -----------------------------------------------------------------------------

_NAME_WORD = r"[A-ZÀ-Þ](?:[\w-]|'(?=[A-Z]))*(?:\.(?=[ ][A-Z]))?"  # Dr. Ito, not "Ito."
_NAME = rf"(?<![\w']){_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,5}}"
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_PRONOUN = r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)\b"
_PHRASE_WORD = r"[ ](?!(?:he|she|they|it|we|that|which|who)\b)[\w'-]+"
_SUBJECT = (
    rf"(?:(?P<pronoun>{_PRONOUN})|(?:\b[Tt]he[ ])?(?P<name>{_NAME})"
    rf"|(?P<phrase>\b[Tt]he(?:{_PHRASE_WORD}){{1,5}}?))"
)
_APPOSITIVE = r"(?:,[ ][a-z][^,\x00\"]{0,80},)?"
_AUXILIARY = r"(?:\s+(?:has|have|had|also|then|later|again|further|previously|once))*"
_VERB = (
    r"(?:went[ ]on[ ]to[ ]say|said|says|say|told|tells|added|adds|stated|states|noted|notes"
    r"|explained|explains|wrote|writes|insisted|insists|acknowledged|acknowledges|warned|warns"
    r"|replied|replies|responded|responds|declared|declares|announced|announces|remarked"
    r"|reiterated|reiterates|emphasized|emphasised|emphasizes|emphasises|stressed|stresses"
    r"|claimed|claims|argued|argues|asserted|asserts|promised|promises|pledged|pledges"
    r"|conveyed|expressed|indicated|indicates|confirmed|confirms|admitted|admits|asked|asks)\b"
)
_SAID = re.compile(rf"{_SUBJECT}{_APPOSITIVE}{_AUXILIARY}\s+{_VERB}")
_QUOTED_AS = re.compile(rf"\bquoted\s+{_SUBJECT}\s+as\s+(?:telling|saying|stating|adding)\b")
_ENDS = (
    r"(?=\s*[,.;:!?)\"'\x00]|\s*$|\s+(?:on|in|at|of|for|who|during|after|before|when|and|as|to)\b)"
)
_NAMED_AFTER = (
    rf"(?:(?:the\s+)?(?P<name>{_NAME}){_ENDS}|(?P<phrase>the(?:[ ][\w'-]+){{1,4}}?){_ENDS})"
)
_ACCORDING = re.compile(rf"\b[Aa]ccording\s+to\s+{_NAMED_AFTER}")
_POSSESSIVE = re.compile(
    rf"(?P<name>{_NAME})'s\s+(?:assertion|remarks?|words|statement|comments?|claim|warning"
    r"|pledge|promise|insistence|description|view)(?:\s+that)?\s*['\"]?\s*$"
)
_SAID_AFTER = re.compile(rf"{_SUBJECT}{_AUXILIARY}\s+{_VERB}")
_VERB_AFTER = re.compile(rf"{_VERB}\s+{_NAMED_AFTER}")
_ASKS_FOR_SPEAKER = frozenset(",!?-")
_TITLES = frozenset(
    "the dr prof professor mr mrs ms sir president prime minister foreign secretary chancellor "
    "senator governor general gen mayor ambassador judge chief executive".split()
)


def _group_speaker(sheet: QuoteSheet, group: Sequence[tuple[int, int]]) -> str | None:
    """A quotation's speaker, named right after its last piece or before its first: a name
    rather than a noun phrase, a noun phrase rather than a pronoun, else the one after."""
    found = [_speaker_after(sheet, group[-1]), _speaker_before(sheet, group[0][0])]
    return max((s for s in found if s), key=_specificity, default=None)


def _specificity(speaker: str) -> int:
    return 2 if _is_named(speaker) else int(speaker.casefold() not in _PRONOUNS)


def _speaker_after(sheet: QuoteSheet, piece: tuple[int, int]) -> str | None:
    """``"…," X said`` / ``said X`` / ``according to X`` right after the closing mark."""
    end = piece[1]
    stop = sheet.segmentation.paragraphs[_paragraph_at(sheet, end)].end
    after = sheet.masked[end:stop]
    mark = re.match(r"\s*[\"'][*_]*\s*(,?)\s*", after)
    if mark is None or not (mark[1] or sheet.normalized[end - 1] in _ASKS_FOR_SPEAKER):
        return None
    rest = after[mark.end() :]
    for pattern in (_SAID_AFTER, _VERB_AFTER, _ACCORDING):
        found = pattern.match(rest)
        if found is not None:
            return _speaker_text(sheet, found, end + mark.end())
    return None


def _speaker_before(sheet: QuoteSheet, position: int) -> str | None:
    """The speaker named nearest before ``position`` in its sentence (module docstring)."""
    start, stop = _context_before(sheet, position)
    context = sheet.masked[start:stop]
    found = [
        match
        for pattern in (_SAID, _QUOTED_AS, _ACCORDING, _POSSESSIVE)
        for match in pattern.finditer(context)
    ]
    for match in sorted(found, key=lambda match: -match.end()):
        speaker = _speaker_text(sheet, match, start)
        if speaker is not None:
            return speaker
    return None


def _context_before(sheet: QuoteSheet, position: int) -> tuple[int, int]:
    """From the start of the sentence holding ``position`` (not before its paragraph) to
    ``position``; the paragraph before's last sentence when that ends in a colon and nothing
    but a mark comes before ``position``."""
    segmentation = sheet.segmentation
    sentence = segmentation.sentences[_sentence_at(sheet, position)]
    paragraph = segmentation.paragraphs[sentence.paragraph]
    start = max(sentence.start, paragraph.start)
    if sheet.masked[start:position].strip(" \"'") or paragraph.index == 0:
        return start, position
    previous = segmentation.paragraphs[paragraph.index - 1]
    if not sheet.normalized[previous.start : previous.end].endswith(":"):
        return start, position
    last = segmentation.sentences[_sentence_at(sheet, previous.end - 1)]
    return max(last.start, previous.start), previous.end


def _speaker_text(sheet: QuoteSheet, match: re.Match[str], offset: int) -> str | None:
    """The speaker a pattern found, as written; a lone capitalised word opening a sentence only
    if the text capitalises it elsewhere (so "Officials said" names no one)."""
    group = next(
        g for g in ("name", "pronoun", "phrase") if match.re.groupindex.get(g, 0) and match[g]
    )
    start, end = match.start(group) + offset, match.end(group) + offset
    speaker = sheet.segmentation.text[start:end]
    if group == "name" and " " not in speaker and _opens_sentence(sheet, start):
        return speaker if _written_mid_sentence(sheet, speaker) else None
    return speaker


def _written_mid_sentence(sheet: QuoteSheet, word: str) -> bool:
    if re.fullmatch(r"\w+", word):  # the usual case: looked up, not searched
        return word in sheet.written_mid_sentence
    return re.search(rf"(?<=[\w,;] ){re.escape(word)}\b", sheet.normalized) is not None


def _opens_sentence(sheet: QuoteSheet, position: int) -> bool:
    sentence = sheet.segmentation.sentences[_sentence_at(sheet, position)]
    return not sheet.normalized[sentence.start : position].strip(" \"'-*")


def _sentence_at(sheet: QuoteSheet, position: int) -> int:
    return max(0, bisect_right(sheet.sentence_starts, position) - 1)


def _paragraph_at(sheet: QuoteSheet, position: int) -> int:
    return max(0, bisect_right(sheet.paragraph_starts, position) - 1)


def _same_speaker(a: str, b: str) -> bool:
    """Whether two speaker names name the same person (titles and case aside).

    >>> _same_speaker("Ishiba", "Prime Minister Shigeru Ishiba"), _same_speaker("Xi", "Xi Jinping")
    (True, True)
    >>> _same_speaker("the BSG", "BGS"), _same_speaker("Dr Brian Baptie", "Mark Miller")
    (True, False)
    """
    x, y = _name_words(a), _name_words(b)
    if not x or not y:
        return False
    return set(x) <= set(y) or set(y) <= set(x) or _swapped(x[-1], y[-1])


def _name_words(name: str) -> list[str]:
    words = re.findall(r"[^\W\d_]+", re.sub(r"'s\b", "", normalize(name).casefold()))
    return [word for word in words if word not in _TITLES]


def _swapped(a: str, b: str) -> bool:
    """Equal, or equal but for two adjacent letters swapped (words of three letters or more).

    >>> _swapped("bsg", "bgs"), _swapped("xi", "ix"), _swapped("miller", "miller")
    (True, False, True)
    """
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 3:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def _is_named(speaker: str | None) -> bool:
    """A speaker given by name, not by a pronoun or a noun phrase ("the Chinese leader").

    >>> _is_named("Ishiba"), _is_named("He"), _is_named("the Chinese leader"), _is_named(None)
    (True, False, False, False)
    """
    return (
        speaker is not None
        and speaker.casefold() not in _PRONOUNS
        and not speaker.casefold().startswith("the ")
    )


# --- matching -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """A quote ready for matching: its words on its side, content words and word keys."""

    quote: Quote
    index: int
    words: range
    passage: Passage
    keys: tuple[str, ...]
    stem_counts: Counter[str]
    prefix_counts: Counter[str]  # of its stems' first four letters, which variants share
    runs: frozenset[tuple[str, ...]]  # its runs of :data:`_SHARED_RUN` keys


@dataclass(frozen=True, slots=True)
class _Pair:
    """A source quote and a derivative quote that may be counterparts; ``source_inside``:
    nearly all the source quote's content words are in the derivative quote (and the other way
    round for ``derivative_inside``)."""

    source: _Unit
    derivative: _Unit
    score: float
    source_inside: bool
    derivative_inside: bool


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What became of a quote: its source quote, what tells it in the derivative (quotes, or
    an unquoted stretch), its flags."""

    kind: QuoteKind
    source: Quote | None
    derivative: tuple[Quote, ...]
    flags: frozenset[str]
    confidence: float
    similarity: float | None = None


_Landings = dict[int, list[tuple[int, float]]]  # source word → (derivative word, strength)


def find_quotes(
    alignment: Alignment,
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    sheets: tuple[QuoteSheet, QuoteSheet] | None = None,
) -> list[Finding]:
    """One ``quote`` finding per source quote, then one per derivative quote that is ``new``
    or ``recycled`` (module docstring); ``sheets``: both texts read by :func:`read_quotes`, if
    they were already."""
    source, derivative = sheets or (
        read_quotes(alignment.source.segmentation),
        read_quotes(alignment.derivative.segmentation),
    )
    sources = _units(alignment.source, source.quotes)
    derivatives = _units(alignment.derivative, derivative.quotes)
    landings, fresh_landings = _landings(alignment, sources)
    pairs = _pairs(sources, derivatives, landings)
    taken = _take(pairs, _second_tellings(derivatives, derivative_spans))
    outcomes = _matched(taken)
    unquoted = _Unquoted.of(alignment.derivative, derivative, fresh_landings, derivatives)
    dropped = [(span.start, span.end) for span in source_spans if span.label == "dropped"]
    for unit in sources:
        if unit.index not in outcomes:
            outcomes[unit.index] = unquoted.outcome(unit) or _dropped(unit.quote, dropped)
    extra = _leftovers(derivatives, pairs, taken, outcomes)
    ordered = [outcomes[unit.index] for unit in sources] + extra
    return [_finding(outcome) for outcome in ordered]


def _units(side: Side, quotes: Sequence[Quote]) -> list[_Unit]:
    starts = side.word_starts
    units = []
    for index, quote in enumerate(quotes):
        words = range(bisect_right(starts, quote.start - 1), bisect_right(starts, quote.end - 1))
        keys = side.keys[words.start : words.stop]
        passage = side.passage_of(words)
        stems, prefixes = Counter(passage.stems), Counter(s[:4] for s in passage.stems)
        units.append(_Unit(quote, index, words, passage, keys, stems, prefixes, _runs(keys)))
    return units


def _landings(alignment: Alignment, sources: Sequence[_Unit]) -> tuple[_Landings, _Landings]:
    """Where each word of the source quotes lands in the derivative, through exact runs and
    word links: through all of them, and through those not recycled."""
    quoted = bytearray(len(alignment.source.words))
    for unit in sources:
        quoted[unit.words.start : unit.words.stop] = bytes([1]) * len(unit.words)
    found: _Landings = defaultdict(list)
    fresh: _Landings = defaultdict(list)
    for run in alignment.runs:
        start, stop = run.source, run.source + run.length
        if quoted.find(1, start, stop) >= 0:
            for offset in range(run.length):
                if quoted[start + offset]:
                    landing = (run.derivative + offset, 1.0)
                    found[start + offset].append(landing)
                    if not run.recycled:
                        fresh[start + offset].append(landing)
    for link in alignment.links:
        for source_word, derivative_word, strength in link.word_links:
            if quoted[source_word]:
                found[source_word].append((derivative_word, strength))
                if not link.recycled:
                    fresh[source_word].append((derivative_word, strength))
    return found, fresh


def _pairs(sources: list[_Unit], derivatives: list[_Unit], landings: _Landings) -> list[_Pair]:
    """Counterparts, best first; tried for each source quote: the derivative quotes its words
    land in, and those sharing a third of the shorter one's stems."""
    by_stem: dict[str, set[int]] = defaultdict(set)
    by_word: dict[int, set[int]] = defaultdict(set)
    for unit in derivatives:
        for term in unit.passage.stems:
            by_stem[term].add(unit.index)
        for word in unit.words:
            by_word[word].add(unit.index)
    pairs = []
    for unit in sources:
        landed = {i for w in unit.words for d, _ in landings.get(w, ()) for i in by_word[d]}
        for index in sorted(_sharing_stems(unit, derivatives, by_stem) | landed):
            pair = _pair(unit, derivatives[index], landed=index in landed)
            if pair is not None:
                pairs.append(pair)
    return sorted(pairs, key=lambda pair: (-pair.score, pair.derivative.quote.start))


def _sharing_stems(unit: _Unit, derivatives: list[_Unit], by_stem: dict[str, set[int]]) -> set[int]:
    """Derivative quotes sharing at least a third of the stems of the shorter of the two; at
    most :data:`_CANDIDATES` of them, those sharing most first (stems found in more than
    :data:`_COMMON_QUOTES` quotes propose nothing: on a long text that would be every quote)."""
    terms = unit.stem_counts.keys()
    found = (by_stem.get(term, ()) for term in terms)
    shared = Counter(chain.from_iterable(ix for ix in found if len(ix) <= _COMMON_QUOTES))
    near = [
        (-count, index)
        for index, count in shared.items()
        if count * _NEAR >= min(len(terms), len(derivatives[index].stem_counts))
    ]
    return {index for _, index in nsmallest(_CANDIDATES, near)}


def _pair(source: _Unit, derivative: _Unit, *, landed: bool) -> _Pair | None:
    """The two as counterparts, if they are (module docstring); ``landed``: whether some of
    the source quote's words land in the derivative quote."""
    if source.quote.kind != derivative.quote.kind:
        return None
    evidence = landed or not source.runs.isdisjoint(derivative.runs)
    if min(len(source.passage.words), len(derivative.passage.words)) < _SHORT and not evidence:
        return None
    if _beyond_reach(source, derivative, evidence):
        return None
    match = compare_passages(source.passage, derivative.passage, {}, _LEXICON)
    inside = (match.coverage_a >= _CONTAINED, match.coverage_b >= _CONTAINED)
    if match.score >= MATCH or (any(inside) and evidence):
        return _Pair(source, derivative, match.score, *inside)
    return None


def _beyond_reach(source: _Unit, derivative: _Unit, evidence: bool) -> bool:
    """Whether even variants could not make two quotes counterparts: a bound that spares the
    slower comparison, never changes its answer. Words pair one to one, and only words whose
    stems share their first four letters (equal stems, or variants, at strength
    :data:`~analysis.lexicon.VARIANT`)."""
    paired = _common(source.stem_counts, derivative.stem_counts)
    variants = _common(source.prefix_counts, derivative.prefix_counts) - paired
    lengths = (len(source.passage.stems), len(derivative.passage.stems))
    best = [(paired + VARIANT * variants) / n if n else 0.0 for n in lengths]
    score = 2 * best[0] * best[1] / (best[0] + best[1]) if sum(best) else 0.0
    return score < MATCH and not (evidence and max(best) >= _CONTAINED)


def _common(a: Counter[str], b: Counter[str]) -> int:
    """Size of the multiset intersection: ``(a & b).total()``, without building it.

    >>> _common(Counter("aab"), Counter("abbc"))
    2
    """
    return sum(min(a[item], b[item]) for item in a.keys() & b.keys())


def _runs(keys: Sequence[str], length: int = _SHARED_RUN) -> frozenset[tuple[str, ...]]:
    """The runs of ``length`` keys in ``keys``: two quotes sharing one have evidence.

    >>> sorted(_runs("there are many differences".split()))
    [('are', 'many', 'differences'), ('there', 'are', 'many')]
    """
    return frozenset(tuple(keys[i : i + length]) for i in range(len(keys) - length + 1))


def _second_tellings(derivatives: list[_Unit], spans: Sequence[Span]) -> set[int]:
    """Derivative quotes mostly inside spans flagged ``recycled``."""
    recycled = [(span.start, span.end) for span in spans if "recycled" in span.flags]
    return {
        unit.index
        for unit in derivatives
        if _covered(unit.quote.start, unit.quote.end, recycled) > 0.5
    }


def _covered(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> float:
    """Share of ``[start, end)`` inside the ranges (sorted, not overlapping).

    >>> _covered(0, 10, [(0, 3), (8, 20)])
    0.5
    """
    inside, i = 0, max(0, bisect_right(ranges, (start, start)) - 1)
    while i < len(ranges) and ranges[i][0] < end:
        inside += max(0, min(end, ranges[i][1]) - max(start, ranges[i][0]))
        i += 1
    return inside / max(1, end - start)


def _take(pairs: list[_Pair], waiting: set[int]) -> dict[int, list[_Pair]]:
    """Source index → its counterpart pairs: best first and one to one (first tellings only),
    then the pieces of one quotation that the other side merged into one quote or split."""
    taken: dict[int, list[_Pair]] = {}
    taker: dict[int, _Unit] = {}  # derivative index → the source quote that took it first
    for pair in pairs:
        source, derivative = pair.source.index, pair.derivative.index
        if source not in taken and derivative not in taker and derivative not in waiting:
            taken[source] = [pair]
            taker[derivative] = pair.source
    for pair in pairs:
        source, derivative = pair.source.index, pair.derivative.index
        first = taker.get(derivative)
        if source not in taken and first is not None and _merged(first, pair):
            taken[source] = [pair]
        elif source in taken and first is None and _split(taken[source][0], pair):
            taken[source].append(pair)
            taker[derivative] = pair.source
    return {
        source: sorted(chosen, key=lambda pair: pair.derivative.quote.start)
        for source, chosen in taken.items()
    }


def _merged(first: _Unit, pair: _Pair) -> bool:
    """Whether the pair's source quote lies inside its derivative quote, which ``first``
    took already, and is another piece of the same quotation (a merge)."""
    return pair.source_inside and first.quote.group == pair.source.quote.group


def _split(primary: _Pair, pair: _Pair) -> bool:
    """Whether the pair's derivative quote lies inside its source quote and continues the
    quotation of the source quote's counterpart (a split)."""
    return pair.derivative_inside and primary.derivative.quote.group == pair.derivative.quote.group


def _matched(taken: dict[int, list[_Pair]]) -> dict[int, _Outcome]:
    """``kept`` when the derivative pieces hold the source quote's words and no others (or,
    merged with sibling pieces, hold them in a row), else ``altered``."""
    sharing: dict[int, int] = defaultdict(int)
    for pairs in taken.values():
        sharing[pairs[0].derivative.index] += 1
    outcomes = {}
    for index, pairs in taken.items():
        source = pairs[0].source
        keys = tuple(key for pair in pairs for key in pair.derivative.keys)
        merged = sharing[pairs[0].derivative.index] > 1
        same = keys == source.keys or (merged and _within(source.keys, keys))
        outcomes[index] = _outcome(pairs, "kept" if same else "altered")
    return outcomes


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Whether ``part`` occurs in ``whole`` as a run.

    >>> _within(("b", "c"), ("a", "b", "c")), _within(("a", "c"), ("a", "b", "c"))
    (True, False)
    """
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def _outcome(pairs: list[_Pair], fate: str) -> _Outcome:
    """The outcome of a source quote told by the derivative quotes of ``pairs``."""
    source = pairs[0].source
    told = tuple(pair.derivative.quote for pair in pairs)
    flags = {fate} | _attribution(source.quote.speaker, told[0].speaker)
    score = pairs[0].score
    if len(pairs) > 1:
        joined = [unit for pair in pairs for unit in pair.derivative.passage.positions]
        whole = Passage(
            tuple(joined),
            tuple(w for pair in pairs for w in pair.derivative.passage.words),
            tuple(t for pair in pairs for t in pair.derivative.passage.stems),
        )
        score = compare_passages(source.passage, whole, {}, _LEXICON).score
    return _Outcome(
        source.quote.kind, source.quote, told, frozenset(flags), _CONFIDENCE[fate], score
    )


def _leftovers(
    derivatives: list[_Unit],
    pairs: list[_Pair],
    taken: dict[int, list[_Pair]],
    outcomes: dict[int, _Outcome],
) -> list[_Outcome]:
    """Derivative quotes not yet a counterpart: a further telling of a source quote already
    told (``recycled``), the only telling of one (its counterpart after all, recorded in
    ``outcomes``), or ``new``."""
    used = {pair.derivative.index for chosen in taken.values() for pair in chosen}
    told = {index for index, outcome in outcomes.items() if "dropped" not in outcome.flags}
    best_of: dict[int, _Pair] = {}
    for pair in pairs:
        best_of.setdefault(pair.derivative.index, pair)
    extra = []
    for unit in (unit for unit in derivatives if unit.index not in used):
        best = best_of.get(unit.index)
        if best is None:
            extra.append(_new(unit.quote))
        elif best.source.index in told:
            extra.append(_outcome([best], "recycled"))
        else:
            fate = "kept" if best.source.keys == unit.keys else "altered"
            outcomes[best.source.index] = _outcome([best], fate)
            told.add(best.source.index)
    return extra


def _new(quote: Quote) -> _Outcome:
    return _Outcome(quote.kind, None, (quote,), frozenset({"new"}), _CONFIDENCE["new"])


def _dropped(quote: Quote, dropped: Sequence[tuple[int, int]]) -> _Outcome:
    """A dropped source quote; surer when its words lie in ``dropped`` source spans too."""
    labelled = _covered(quote.start, quote.end, dropped) > 0.5
    return _Outcome(quote.kind, quote, (), frozenset({"dropped"}), _DROPPED_CONFIDENCE[labelled])


def _attribution(source: str | None, derivative: str | None) -> set[str]:
    """``{"misattributed"}`` when both sides name a speaker and the names differ."""
    if source and derivative and _is_named(source) and _is_named(derivative):
        return set() if _same_speaker(source, derivative) else {"misattributed"}
    return set()


@dataclass(frozen=True, slots=True)
class _Unquoted:
    """Finds where a source quote's words went in the derivative without quote marks."""

    side: Side
    sheet: QuoteSheet
    landings: _Landings
    quoted: frozenset[int]  # derivative words inside quotations
    sentences_of_stem: dict[str, list[int]]

    @classmethod
    def of(
        cls, side: Side, sheet: QuoteSheet, landings: _Landings, derivatives: list[_Unit]
    ) -> _Unquoted:
        """``landings``: those through runs and links not recycled."""
        quoted = frozenset(w for u in derivatives if u.quote.kind == "quotation" for w in u.words)
        index: dict[str, list[int]] = defaultdict(list)
        for sentence, terms in enumerate(side.terms):
            for term in terms:
                index[term].append(sentence)
        return cls(side, sheet, landings, quoted, index)

    def outcome(self, unit: _Unit) -> _Outcome | None:
        """``dequoted`` when enough of the quote's content words land unquoted (docstring)."""
        words, share = self._aligned(unit)
        if share < _DEQUOTED:
            words, share = self._overlapping(unit)
        if share < _DEQUOTED:
            return None
        told = self._told(words)
        flags = {"dequoted"} | _attribution(unit.quote.speaker, told.speaker)
        if share < _DEQUOTED_ALTERED:
            flags.add("altered")
        extent = range(min(words), max(words) + 1)
        score = compare_passages(unit.passage, self.side.passage_of(extent), {}, _LEXICON).score
        return _Outcome(unit.quote.kind, unit.quote, (told,), frozenset(flags), share, score)

    def _aligned(self, unit: _Unit) -> tuple[list[int], float]:
        """The derivative sentence where most of the quote's content words land, unquoted."""
        by_sentence: dict[int, dict[int, tuple[int, float]]] = defaultdict(dict)
        for word in unit.words:
            for landed, strength in self.landings.get(word, ()):
                if landed not in self.quoted:
                    found = by_sentence[self.side.sentence_of_word[landed]]
                    if strength > found.get(word, (0, 0.0))[1]:
                        found[word] = (landed, strength)
        return self._best(unit, list(by_sentence.values()))

    def _overlapping(self, unit: _Unit) -> tuple[list[int], float]:
        """Failing the alignment: the derivative sentence sharing most content words."""
        found = (self.sentences_of_stem.get(term, ()) for term in set(unit.passage.stems))
        counts = Counter(chain.from_iterable(found))
        ranked = nsmallest(_FALLBACK_SENTENCES, counts, key=lambda s: (-counts[s], s))
        candidates = []
        for sentence in (s for s in ranked if counts[s] >= _FALLBACK_WORDS):
            words = [w for w in self.side.sentence_words(sentence) if w not in self.quoted]
            match = compare_passages(unit.passage, self.side.passage_of(words), {}, _LEXICON)
            if len(match.links) >= _FALLBACK_WORDS:
                candidates.append({s: (d, strength) for s, d, strength in match.links})
        return self._best(unit, candidates)

    def _best(
        self, unit: _Unit, candidates: list[dict[int, tuple[int, float]]]
    ) -> tuple[list[int], float]:
        """Of the candidates (source word → landed derivative word, strength), the one that
        conveys the largest share of the quote's content words; its derivative words."""
        content = set(unit.passage.positions)

        def share(found: dict[int, tuple[int, float]]) -> float:
            return sum(s for w, (_, s) in found.items() if w in content) / (len(content) or 1)

        if not candidates:
            return [], 0.0
        best = max(candidates, key=lambda found: (share(found), -min(d for d, _ in found.values())))
        return sorted(d for d, _ in best.values()), share(best)

    def _told(self, words: list[int]) -> Quote:
        start, end = self.side.word_starts[min(words)], self.side.word_ends[max(words)]
        text = self.side.segmentation.text[start:end]
        return Quote("quotation", start, end, text, _speaker_before(self.sheet, start), start)


# --- findings -----------------------------------------------------------------------------


def _finding(outcome: _Outcome) -> Finding:
    source, told = outcome.source, outcome.derivative
    confidence = outcome.confidence
    if "misattributed" in outcome.flags:
        confidence = min(confidence, _DOUBTFUL_SPEAKER)
    return Finding(
        type="quote",
        kind=outcome.kind,
        source=((source.start, source.end),) if source else (),
        derivative=tuple((quote.start, quote.end) for quote in told),
        explanation=_explanation(outcome),
        confidence=round(confidence, 3),
        flags=tuple(flag for flag in _FLAG_ORDER if flag in outcome.flags),
        attributes={
            "speaker_source": source.speaker if source else None,
            "speaker_derivative": told[0].speaker if told else None,
            "text_source": source.text if source else None,
            "text_derivative": " … ".join(quote.text for quote in told) or None,
            "similarity": None if outcome.similarity is None else round(outcome.similarity, 3),
        },
    )


def _explanation(outcome: _Outcome) -> str:
    flags, source, told = outcome.flags, outcome.source, outcome.derivative
    noun = "Quote" if outcome.kind == "quotation" else "Speaker turn"
    if "misattributed" in flags and source and told:
        return f"Attributed to {told[0].speaker}; the source attributes it to {source.speaker}."
    if "recycled" in flags:
        return f"Source {noun.lower()} used a second time in the derivative."
    if "new" in flags:
        return f"{noun} not in source."
    if "dropped" in flags:
        return f"Source {noun.lower()} does not appear in the derivative."
    if "dequoted" in flags:
        reworded = ", in other words" if "altered" in flags else ""
        return f"Source {noun.lower()} appears without quote marks{reworded}."
    if "altered" in flags:
        return (
            "Quoted words differ from source."
            if noun == "Quote"
            else f"{noun} differs from source."
        )
    return f"{noun} kept word for word."
