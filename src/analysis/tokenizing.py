"""Words, sentences and paragraphs with character offsets into the original text.

Offsets are Python code-point indices into the text as given (end exclusive), so
``text[t.start:t.end] == t.text`` for every token, sentence and paragraph. Before anything is
split, a length-preserving normalisation (:func:`normalize`) straightens curly quotes and
apostrophes and unifies dashes, so ``Beijing’s`` and ``Beijing's`` tokenize alike; it is used
for splitting and for each token's ``key`` (case-folded), never for the text reported back.

Sentences come from NLTK's Punkt with project-owned parameters (no download): the
abbreviations in ``analysis/data/punkt_abbreviations.txt``. Paragraph breaks, headlines
without final punctuation, list items and speaker labels (``**Editor:**``) always end a
sentence. Everything is offline and deterministic.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources
from itertools import compress
from operator import attrgetter, itemgetter
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from analysis import background
from analysis.records import fast_init

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = [
    "Paragraph",
    "Segmentation",
    "Sentence",
    "Token",
    "TokenKind",
    "looks_like_headline",
    "normalize",
    "segment",
    "segment_each",
    "split_paragraphs",
    "split_sentences",
    "tokenize",
]

TokenKind = Literal["word", "number", "punct"]

_NORMALIZE: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07`", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003", " "),
}

_CLITIC = r"'(?:s|re|ve|ll|d|m|t)\b"
_RUN = r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*"  # letters and digits, with combining accents
_TOKEN = re.compile(
    rf"""
    (?P<number>\d+(?:[.,:]\d+)*(?:%|[^\W\d_]+)?)            # 1,200  9.8m  2nd  40%
  | (?P<abbrev>(?:[^\W\d_]\.){{2,}})                        # U.S.  e.g.
  | (?P<clitic>{_CLITIC}|n't\b)                             # 's  're  n't
  | (?P<word>(?=[^\W_]*+(?<=n)'t\b)[^\W_]+?(?=n't\b)       # do|n't (a word ending in n't)
      | {_RUN}(?:(?:-|'(?!(?:s|re|ve|ll|d|m|t)\b)){_RUN})*)  # Asia-Pacific  O'Brien
  | (?P<punct>\.{{2,}}|-{{2,}}|_+|[^\w\s])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_TERMINAL = re.compile(r"""[.!?\u2026:;]["')\]*]*\s*$""")
_STRUCTURAL_START = re.compile(
    r"""^\s*(?:
        [-*\u2022+]\s                       # bullet list item
      | \d{1,3}[.)]\s                       # numbered list item
      | \#{1,6}\s                           # Markdown heading
      | >                                   # block quote
      | \*\*[^*\n]{1,80}?:\*\*              # **Speaker:**
      | \*\*[^*\n]{1,80}?\*\*:              # **Speaker**:
      | [A-Z][\w.'-]*(?:\ [A-Z][\w.'-]*){0,3}:\s   # Editor:  Dr. Tanaka:  Q:
    )""",
    re.VERBOSE,
)
_CONTINUING_ABBREVIATIONS = frozenset({"no", "inc", "corp", "co", "ltd", "etc", "jr", "sr", "nos"})
_INNER_END = re.compile(r"""[.!?\u2026](?=[\s)";}\]*:@'({\[!?])""")  # Punkt's end contexts
_CLOSING = frozenset(".!?\u2026\"')]*")
_LAST_WORD = re.compile(r"(\w+)\.$")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}|[a-zA-Z])[.)]$")
_LONG_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")  # four or more letters, digits, ' and -
_CERTAIN_BREAK = re.compile(r"""(?<![^\s(\["])([^\W\d_]{2,})[.!?]["')\]]*( +)(?=["'(\[]?[A-Z])""")


class Token(NamedTuple):
    """A word, number or punctuation mark; ``key`` is its normalised, case-folded form.

    A named tuple rather than a dataclass: a long text has hundreds of thousands of tokens,
    and a tuple is created three times faster. It is just as immutable.
    """

    start: int
    end: int
    text: str
    key: str
    kind: TokenKind

    @property
    def is_word(self) -> bool:
        """True for words and numbers, False for punctuation."""
        return self.kind != "punct"


@fast_init
@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence; ``tokens`` are the indices of its tokens in :attr:`Segmentation.tokens`."""

    start: int
    end: int
    text: str
    index: int
    paragraph: int
    tokens: range


@fast_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: a block between blank lines, or a line that ends a unit by itself."""

    start: int
    end: int
    text: str
    index: int


@dataclass(frozen=True, slots=True)
class Segmentation:
    """A text with its tokens, sentences and paragraphs.

    The tokens are kept as columns (``starts``, ``ends``, ``kinds``; ``key`` gives a token's
    key) and made into :class:`Token` tuples only when :attr:`tokens` is first asked for: a
    long text has hundreds of thousands of tokens, and code that reads a few of them, or one
    column, need not pay for all of them (nor the cycle collector visit them all).

    >>> segmentation = segment("Beijing’s plan.")
    >>> segmentation.tokens[1], segmentation.key(1), bytes(segmentation.kinds)
    (Token(start=7, end=9, text='’s', key="'s", kind='word'), "'s", b'\\x00\\x00\\x00\\x02')
    """

    text: str
    starts: array[int]  # per token, its offset in the text
    ends: array[int]
    kinds: bytes  # per token, its kind's index in _KIND_NAMES: 0 word, 1 number, 2 punct
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[Paragraph, ...]
    _made: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def tokens(self) -> tuple[Token, ...]:
        """All tokens, made on first use."""
        tokens: tuple[Token, ...] | None = self._made.get("tokens")
        if tokens is None:
            tokens = self._made["tokens"] = self.tokens_between(0, len(self.kinds))
        return tokens

    @property
    def folded(self) -> str | _FoldedSlices:
        """What the tokens' keys are sliced from (:func:`_keys`), made on first use."""
        folded: str | _FoldedSlices | None = self._made.get("folded")
        if folded is None:
            folded = self._made["folded"] = _keys(normalize(self.text))
        return folded

    def key(self, index: int) -> str:
        """The key of token ``index``."""
        return self.folded[self.starts[index] : self.ends[index]]

    def keys_of(self, indices: Sequence[int]) -> tuple[str, ...]:
        """The keys of some tokens (each step in C).

        >>> segmentation = segment("Beijing’s plan.")
        >>> segmentation.keys_of([0, 1])
        ('beijing', "'s")
        """
        starts, ends = map(self.starts.__getitem__, indices), map(self.ends.__getitem__, indices)
        return tuple(map(self.folded.__getitem__, map(slice, starts, ends)))

    def token(self, index: int) -> Token:
        """Token ``index``, made now (the same as ``tokens[index]``)."""
        start, end = self.starts[index], self.ends[index]
        kind = _KIND_NAMES[self.kinds[index]]
        return Token(start, end, self.text[start:end], self.folded[start:end], kind)

    def tokens_between(self, first: int, last: int) -> tuple[Token, ...]:
        """Tokens ``first`` to ``last - 1``, made now (or taken from :attr:`tokens`)."""
        if "tokens" in self._made:
            made: tuple[Token, ...] = self._made["tokens"][first:last]
            return made
        columns = self.starts[first:last], self.ends[first:last], self.kinds[first:last]
        return tuple(_tokens_from(self.text, self.folded, *columns))

    def __hash__(self) -> int:
        """Equal segmentations have equal texts (the columns are arrays, not hashable)."""
        return hash(self.text)

    def word_indices(self) -> list[int]:
        """Indices of the word and number tokens (punctuation left out), in order.

        >>> segment("Yes, 2 of them.").word_indices()
        [0, 2, 3, 4]
        """
        return list(compress(range(len(self.kinds)), self.kinds.translate(_IS_WORD)))

    def punctuation_indices(self) -> list[int]:
        """Indices of the punctuation tokens, in order.

        >>> segment("Yes, 2 of them.").punctuation_indices()
        [1, 5]
        """
        return list(compress(range(len(self.kinds)), self.kinds.translate(_IS_PUNCTUATION)))

    @property
    def word_count(self) -> int:
        """Number of word and number tokens (punctuation excluded)."""
        return len(self.kinds) - self.kinds.count(_PUNCT)

    def __reduce__(self) -> tuple[Callable[..., Segmentation], tuple[Any, ...]]:
        """Pickled as columns (offsets, kinds, sentence and paragraph bounds), not as hundreds
        of thousands of objects (the cache stores comparisons, and with them both
        segmentations).

        >>> import pickle
        >>> segmentation = segment("He left. “Yes,” she said.")
        >>> pickle.loads(pickle.dumps(segmentation)) == segmentation
        True
        """
        sentences = [
            (s.start, s.end, s.paragraph, s.tokens.start, s.tokens.stop) for s in self.sentences
        ]
        paragraphs = [(p.start, p.end) for p in self.paragraphs]
        return _unpickled, (self.text, self.starts, self.ends, self.kinds, sentences, paragraphs)

    def tokens_of(self, sentence: Sentence) -> tuple[Token, ...]:
        """The tokens of one sentence."""
        return self.tokens_between(sentence.tokens.start, sentence.tokens.stop)

    def words_in(self, sentence: Sentence) -> int:
        """Number of word and number tokens in one sentence."""
        kinds = self.kinds[sentence.tokens.start : sentence.tokens.stop]
        return len(kinds) - kinds.count(_PUNCT)


def normalize(text: str) -> str:
    """Straighten quotes and apostrophes, unify dashes and spaces; the length never changes.

    >>> normalize("Beijing’s “stable” ties — 2024–25")
    'Beijing\\'s "stable" ties - 2024-25'
    """
    for variant, plain in _NORMALIZE.items():  # a few replace() calls beat one translate()
        if variant in text:
            text = text.replace(variant, plain)
    return text


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words, numbers and punctuation with offsets into ``text``.

    Possessives and contractions are separate tokens, hyphenated compounds stay whole.

    >>> [t.text for t in tokenize("Beijing’s Asia-Pacific plan didn't cost $1,200.")]
    ['Beijing', '’s', 'Asia-Pacific', 'plan', 'did', "n't", 'cost', '$', '1,200', '.']
    >>> tokenize("U.S.")[0].key, tokenize("Xi’s")[1].key
    ('u.s.', "'s")
    """
    return _tokens(text, normalize(text))


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` at blank lines and at line breaks that end a unit by themselves.

    A single line break ends a paragraph after final punctuation (unless the next line starts
    in lower case), after a headline-like line, or before a list item, heading or speaker label.

    >>> [p.text for p in split_paragraphs("Talks Resume\\nWe met.\\nThe sides\\nmet.\\n\\n- item")]
    ['Talks Resume', 'We met.', 'The sides\\nmet.', '- item']
    """
    return _paragraphs(text, normalize(text))


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``.

    >>> [s.text for s in split_sentences("Dr. Ito met Gen. Oda in the U.S. on Nov. 5. He left.")]
    ['Dr. Ito met Gen. Oda in the U.S. on Nov. 5.', 'He left.']
    >>> [s.text for s in split_sentences("Apple Inc. The firm said. Apple Inc. said no.")]
    ['Apple Inc.', 'The firm said.', 'Apple Inc. said no.']
    """
    return list(segment(text).sentences)


def segment(text: str) -> Segmentation:
    """Tokens, sentences and paragraphs of ``text`` in one pass."""
    normalized = normalize(text)
    paragraphs = _paragraphs(text, normalized)
    bounds = _bounds(normalized, paragraphs)
    return _segmentation(text, _token_columns(normalized), paragraphs, bounds)


def segment_each(texts: Sequence[str], *, fork: bool = False) -> list[Segmentation]:
    """:func:`segment` each text. With ``fork``, a child process (:mod:`analysis.background`)
    finds the sentences (Punkt) and the tokens of the last text's second half while this one
    finds the other tokens and the paragraphs: the two take about as long. Without, each
    text's normalised form and paragraphs are found twice, which costs little beside Punkt.

    >>> [len(s.sentences) for s in segment_each(["He left. She stayed.", "Yes, we met."])]
    [2, 1]
    """
    if not texts:
        return []
    last = normalize(texts[-1])
    cut = _middle_space(last)
    with background.start(_child_share, texts, cut, fork=fork) as share:
        tokenized = [_tokenized(text) for text in texts[:-1]]
        head, paragraphs = _token_columns(last, 0, cut), _paragraphs(texts[-1], last)
        bounds, tail = share.result()
        tokenized.append((_joined(head, tail), paragraphs))
        return [
            _segmentation(text, *parts, found)
            for text, parts, found in zip(texts, tokenized, bounds, strict=True)
        ]


_Columns = tuple["array[int]", "array[int]", bytes]  # starts, ends and kind codes of the tokens
_Bounds = list[tuple[int, int, int]]  # start, end and paragraph of each sentence


def _tokenized(text: str) -> tuple[_Columns, list[Paragraph]]:
    normalized = normalize(text)
    return _token_columns(normalized), _paragraphs(text, normalized)


def _child_share(texts: Sequence[str], cut: int) -> tuple[list[_Bounds], _Columns]:
    """What :func:`segment_each` leaves to its child: the sentences of every text, and the
    tokens of the last one from offset ``cut`` on (each text normalised once)."""
    normalized = [normalize(text) for text in texts]
    bounds = [_bounds(n, _paragraphs(text, n)) for text, n in zip(texts, normalized, strict=True)]
    return bounds, _token_columns(normalized[-1], cut)


def _middle_space(text: str) -> int:
    """An offset near the middle of ``text`` right after a space or line break (0 if there is
    none before the middle): no token spans it, so tokens found on either side of it are the
    tokens of the whole.

    >>> _middle_space("one two three"), _middle_space("one"), _middle_space("")
    (4, 0, 0)
    """
    middle = len(text) // 2
    return max(text.rfind(" ", 0, middle), text.rfind("\n", 0, middle)) + 1


def _joined(head: _Columns, tail: _Columns) -> _Columns:
    """The token columns of two consecutive stretches of a text, as one."""
    return head[0] + tail[0], head[1] + tail[1], head[2] + tail[2]


def _bounds(normalized: str, paragraphs: list[Paragraph]) -> _Bounds:
    return [
        (start, end, paragraph.index)
        for paragraph in paragraphs
        for start, end in _sentence_spans(normalized, paragraph.start, paragraph.end)
    ]


def _segmentation(
    text: str, columns: _Columns, paragraphs: list[Paragraph], bounds: _Bounds
) -> Segmentation:
    starts = columns[0]
    sentences = tuple(
        Sentence(
            start,
            end,
            text[start:end],
            index,
            paragraph,
            range(bisect_left(starts, start), bisect_left(starts, end)),
        )
        for index, (start, end, paragraph) in enumerate(bounds)
    )
    return Segmentation(text, *columns, sentences, tuple(paragraphs))


def _tokens(text: str, normalized: str) -> list[Token]:
    return list(_tokens_from(text, _keys(normalized), *_token_columns(normalized)))


def _tokens_from(
    text: str, folded: str | _FoldedSlices, starts: array[int], ends: array[int], kinds: bytes
) -> Iterator[Token]:
    """The tokens of these columns (each step in C: a long text has many)."""
    bounds = list(map(slice, starts, ends))
    columns = zip(
        starts,
        ends,
        map(text.__getitem__, bounds),
        map(folded.__getitem__, bounds),
        map(_KIND_NAMES.__getitem__, kinds),
        strict=True,
    )
    return map(_make_token, columns)


def _token_columns(normalized: str, start: int = 0, end: int | None = None) -> _Columns:
    """Starts, ends and kind codes of the tokens of a normalised text, or of
    ``normalized[start:end]``, offsets still into the whole, where no token spans ``start`` or
    ``end``. (One match at a time: a list of all matches would cost more memory than time.)"""
    starts, ends, groups = array("q"), array("q"), bytearray()
    add_start, add_end, add_group = starts.append, ends.append, groups.append
    start_of, end_of, group_of = re.Match.start, re.Match.end, attrgetter("lastindex")
    for match in _TOKEN.finditer(normalized, start, len(normalized) if end is None else end):
        add_start(start_of(match))
        add_end(end_of(match))
        add_group(group_of(match))
    return starts, ends, bytes(groups).translate(_KIND_CODES_BY_GROUP)


def _keys(normalized: str) -> str | _FoldedSlices:
    """What a token's key is sliced from: the case-folded text, folded once (slicing it beats a
    casefold() per token), unless folding changes its length."""
    folded = normalized.casefold()
    return folded if len(folded) == len(normalized) else _FoldedSlices(normalized)


def _unpickled(
    text: str,
    starts: array[int],
    ends: array[int],
    kinds: bytes,
    sentences: list[tuple[int, int, int, int, int]],
    paragraphs: list[tuple[int, int]],
) -> Segmentation:
    """The segmentation :meth:`Segmentation.__reduce__` pickled."""
    return Segmentation(
        text,
        starts,
        ends,
        kinds,
        tuple(
            Sentence(start, end, text[start:end], index, paragraph, range(first, last))
            for index, (start, end, paragraph, first, last) in enumerate(sentences)
        ),
        tuple(
            Paragraph(start, end, text[start:end], i) for i, (start, end) in enumerate(paragraphs)
        ),
    )


class _FoldedSlices:
    """Slices of a text, each case-folded: for the rare text in which some letter folds to
    several ("ß" → "ss"), so the folded text's offsets differ from the text's.

    >>> _FoldedSlices("Straße")[0:6]
    'strasse'
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def __getitem__(self, where: slice) -> str:
        return self.text[where].casefold()


def _paragraphs(text: str, normalized: str) -> list[Paragraph]:
    spans = _paragraph_spans(normalized)
    return [Paragraph(start, end, text[start:end], i) for i, (start, end) in enumerate(spans)]


_KIND_NAMES: tuple[TokenKind, ...] = ("word", "number", "punct")
_GROUP_KINDS: dict[str, TokenKind] = {
    "number": "number",
    "abbrev": "word",
    "clitic": "word",
    "word": "word",
    "punct": "punct",
}
_PUNCT = _KIND_NAMES.index("punct")
_IS_WORD = bytes(kind != "punct" for kind in _KIND_NAMES).ljust(256, b"\0")  # translate tables
_IS_PUNCTUATION = bytes(kind == "punct" for kind in _KIND_NAMES).ljust(256, b"\0")


def _kind_codes_by_group() -> bytes:
    """A translate table from the number of the token pattern's group that matched (each
    alternative is one named group, with no group inside) to the token's kind code.

    >>> _TOKEN.groups == len(_TOKEN.groupindex) == len(_GROUP_KINDS)
    True
    """
    table = bytearray(256)
    for name, number in _TOKEN.groupindex.items():
        table[number] = _KIND_NAMES.index(_GROUP_KINDS[name])
    return bytes(table)


_KIND_CODES_BY_GROUP = _kind_codes_by_group()
_make_token = partial(tuple.__new__, Token)  # what Token._make does, minus a call


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line, end excluding the line break."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    previous: tuple[int, int] | None = None
    for start, end in _lines(text):
        if previous is not None and _continues(text, previous, (start, end)):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous = (start, end)
    return [_strip_span(text, start, end) for start, end in spans]


def _continues(text: str, previous: tuple[int, int], line: tuple[int, int]) -> bool:
    """Whether ``line`` continues the paragraph that ``previous`` ended (a soft line break)."""
    if text.count("\n", previous[1], line[0]) > 1:
        return False
    before, current = text[previous[0] : previous[1]], text[line[0] : line[1]]
    if _STRUCTURAL_START.match(current) or _STRUCTURAL_START.match(before):
        return False
    if _TERMINAL.search(before):
        return current.lstrip()[:1].islower()
    return not looks_like_headline(before)


def looks_like_headline(line: str) -> bool:
    """A short line without final punctuation whose words are mostly capitalised.

    >>> looks_like_headline("China and Japan Seek Stable Relations Amid Military Concerns")
    True
    >>> looks_like_headline("the summit in Lima, where the two leaders")
    False
    """
    if len(line.split()) > 25:
        return False
    words = _LONG_WORD.findall(line)
    capitalised = sum(map(str.isupper, map(itemgetter(0), words)))
    return bool(words) and capitalised / len(words) >= 0.6


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    return start + (len(chunk) - len(chunk.lstrip())), end - (len(chunk) - len(chunk.rstrip()))


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Punkt's sentences inside one paragraph, with the project's joining rules applied.

    Punkt only sees the pieces between breaks it would make anyway (:func:`_certain_breaks`),
    and only those in which something could still end a sentence.
    """
    return [
        span
        for piece_start, piece_end in _certain_breaks(text, start, end)
        for span in _punkt_spans(text, piece_start, piece_end)
    ]


def _certain_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a paragraph after each word of two or more letters that ends in ``.``, ``!`` or ``?``
    (and closing quotes or brackets) and is followed by a space and a capital (or an opening
    quote and a capital), unless the word is an abbreviation: Punkt, given only abbreviations,
    always ends a sentence there (tests check it on many articles).

    >>> text = 'He met Gen. Oda in Lima. "We agree," he said. "Good." Then Mr. Ito left.'
    >>> [text[a:b] for a, b in _certain_breaks(text, 0, len(text))]
    ['He met Gen. Oda in Lima.', '"We agree," he said.', '"Good."', 'Then Mr. Ito left.']
    """
    pieces, piece_start = [], start
    never = _never_breaking()
    for match in _CERTAIN_BREAK.finditer(text, start, end):
        if match.group(1).lower() not in never:
            pieces.append((piece_start, match.start(2)))
            piece_start = match.end()
    pieces.append((piece_start, end))
    return pieces


def _punkt_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if not _has_inner_end(text, start, end):
        return [(start, end)]  # nothing but the end can end a sentence: Punkt would agree
    return _punkt_joined(text, start, end)


def _punkt_joined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Punkt's sentences of ``text[start:end]``, false breaks joined (:func:`_is_false_break`)."""
    spans: list[tuple[int, int]] = []
    for chunk_start, chunk_end in _chunks(text, start, end):
        for a, b in _punkt().span_tokenize(text[chunk_start:chunk_end]):
            a, b = chunk_start + a, chunk_start + b
            if spans and _is_false_break(text[spans[-1][0] : spans[-1][1]], text[a:b]):
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
    return spans


def _has_inner_end(text: str, start: int, end: int) -> bool:
    """Whether a full stop, question or exclamation mark followed by a space or punctuation
    occurs before the paragraph's final punctuation (only then can Punkt split it: ``2.5`` and
    the inner stops of ``U.S.`` cannot end a sentence).

    >>> _has_inner_end("He left.", 0, 8), _has_inner_end("? ?", 0, 3), _has_inner_end("a.b", 0, 3)
    (False, True, False)
    >>> _has_inner_end('He said "No." Then left.', 0, 24)
    True
    """
    stop = end
    while stop > start and text[stop - 1] in _CLOSING:
        stop -= 1
    return _INNER_END.search(text, start, stop) is not None


def _chunks(text: str, start: int, end: int, limit: int = 50_000) -> list[tuple[int, int]]:
    """Cut a very long paragraph after sentence-like breaks into pieces of at most ``limit``
    characters: NLTK stops any regular expression that runs longer than 5 s.

    >>> _chunks("One. Two. Three.", 0, 16, limit=10)
    [(0, 9), (9, 16)]
    """
    chunks = []
    while end - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! ")) + 1
        if cut <= 0:
            cut = window.rfind(" ") if window.rfind(" ") > 0 else limit
        chunks.append((start, start + cut))
        start += cut
    chunks.append((start, end))
    return chunks


def _is_false_break(previous: str, sentence: str) -> bool:
    """Whether Punkt split after a list marker, or after an abbreviation that can end a
    sentence (``Inc.``, ``No.``) although the next sentence starts in lower case or a digit.

    >>> _is_false_break("Apple Inc.", "said so."), _is_false_break("Apple Inc.", "The firm.")
    (True, False)
    """
    if _LIST_MARKER.match(previous):
        return True
    last_word = _LAST_WORD.search(previous)
    if last_word is None or last_word.group(1).casefold() not in _CONTINUING_ABBREVIATIONS:
        return False
    first = sentence.lstrip()[:1]
    return first.islower() or first.isdigit()


@cache
def _punkt() -> PunktSentenceTokenizer:
    punkt = _punkt_module()
    parameters = punkt.PunktParameters()
    parameters.abbrev_types = set(_abbreviations())
    tokenizer: PunktSentenceTokenizer = punkt.PunktSentenceTokenizer(parameters)
    return tokenizer


def _punkt_module() -> ModuleType:
    """NLTK's Punkt module. NLTK's package initialisation imports all of NLTK (about 0.36 s,
    NumPy included); Punkt needs a few small modules of it (about 0.08 s). A child process of
    :mod:`analysis.background` that has not imported NLTK, which finds sentences and exits,
    imports Punkt without that initialisation: the packages ``nltk`` and ``nltk.tokenize``
    stand in as empty modules while Punkt is imported, then are taken away again."""
    if not background.in_child() or "nltk" in sys.modules:
        return importlib.import_module("nltk.tokenize.punkt")
    spec = importlib.util.find_spec("nltk")
    assert spec is not None and spec.submodule_search_locations is not None
    root = Path(next(iter(spec.submodule_search_locations)))
    for name, folder in (("nltk", root), ("nltk.tokenize", root / "tokenize")):
        package = sys.modules[name] = ModuleType(name)
        package.__path__ = [str(folder)]
    try:
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        del sys.modules["nltk"], sys.modules["nltk.tokenize"]


@cache
def _never_breaking() -> frozenset[str]:
    """Words after which :func:`_certain_breaks` leaves the decision to Punkt."""
    return frozenset(_abbreviations()) | _CONTINUING_ABBREVIATIONS


def _abbreviations() -> list[str]:
    lines = resources.files("analysis").joinpath("data/punkt_abbreviations.txt").read_text("utf-8")
    return [
        line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#")
    ]
