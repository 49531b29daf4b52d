"""Which parts of the derivative come from which parts of the source, in any order.

Two layers, both independent of order, so moved passages are found like any other:

1. **Exact runs**: maximal runs of identical word keys (punctuation ignored) of at least
   :data:`MIN_RUN` words, found through a hash of every ``MIN_RUN``-word window of the source
   (not a longest-common-subsequence diff). Near-linear: each derivative position looks at a
   bounded number of candidate source positions and every match is extended only once.
2. **Sentence links**: each derivative sentence is compared with the source sentences that
   share its rarer content words (an inverted index) and with those its exact runs come
   from, by IDF-weighted content-word overlap (:mod:`analysis.similarity`). The runner-up
   joins the best (a merge) when it explains a fair share of the derivative sentence and the
   two together score clearly better; the result is linked at or above
   :data:`LINK_THRESHOLD`. Consecutive derivative sentences linked to the same source
   sentences form one pair (a split).

Second tellings: each derivative sentence conveys some source content words (through its
links and its exact runs). Each source sentence has one primary telling, the derivative
sentence that conveys it with the highest similarity. A derivative sentence most of whose
conveyed words an *earlier* primary telling already conveyed, that repeats an earlier sentence
word for word, or whose exact runs mostly copy source words copied already, is a second
telling: its links and runs are marked ``recycled``. (A headline that sums up the body is not
recycled: the body's tellings come after it. A sentence the source itself repeats, copied
once per occurrence, is not recycled either.)
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import chain, compress, pairwise, repeat
from typing import TypeVar

from analysis.lexicon import Lexicon, stems, stopwords
from analysis.records import fast_init
from analysis.similarity import Passage, PassageMatch, compare_passages
from analysis.tokenizing import Segmentation, looks_like_headline

__all__ = [
    "LINK_THRESHOLD",
    "MIN_RUN",
    "Alignment",
    "Link",
    "Run",
    "Side",
    "align",
]

MIN_RUN = 6  # words: shorter identical runs are names and stock phrases, not copying
MIN_PIECE = 3  # words: a run cut at a sentence end keeps only pieces at least this long
LINK_THRESHOLD = 0.3  # similarity a paraphrase link needs (chosen in docs/evaluation.md)
MERGE_SHARE = 0.2  # share of a derivative sentence a second source sentence must explain
MERGE_GAIN = 0.02  # how much better a merge must score than the best single source sentence
RECYCLED_SHARE = 0.5  # share of conveyed source words already told elsewhere
_CANDIDATES = 4  # source sentences scored on shared stems per derivative sentence
_FULL_CANDIDATES = 3  # of those, scored with synonyms and variants too (and tried as merges)
_COPIED = 0.8  # a derivative sentence this much inside exact runs looks for no other source
_RUN_CANDIDATES = 16  # source positions tried per derivative position
_COMMON_DF = 0.05  # stems in more than this share of sentences (or _COMMON_MAX) propose nothing
_COMMON_MAX = 50


@dataclass(frozen=True, slots=True)
class Side:
    """One text prepared for alignment: its words, their keys and stems, and its sentences."""

    segmentation: Segmentation
    words: tuple[int, ...]  # token index of each word (punctuation left out)
    word_starts: tuple[int, ...]  # per word, its offset in the text
    word_ends: tuple[int, ...]  # per word, the offset after it
    keys: tuple[str, ...]  # per word, its token's key
    stems: tuple[str, ...]  # per word, the stem of its key; "" for a function word
    sentence_of_word: tuple[int, ...]
    first_word: tuple[int, ...]  # per sentence, index of its first word (len = sentences + 1)
    terms: tuple[frozenset[str], ...]  # per sentence, the stems of its content words

    @classmethod
    def of(cls, segmentation: Segmentation) -> Side:
        words = segmentation.word_indices()
        first_word = [bisect_left(words, s.tokens.start) for s in segmentation.sentences]
        first_word.append(len(words))
        sentence_of_word = chain.from_iterable(
            repeat(sentence, last - first)
            for sentence, (first, last) in enumerate(pairwise(first_word))
        )
        starts = tuple(map(segmentation.starts.__getitem__, words))
        ends = tuple(map(segmentation.ends.__getitem__, words))
        keys = segmentation.keys_of(words)
        stems = tuple(map(_content_stems(set(keys)).__getitem__, keys))
        terms = tuple(frozenset(stems[first:last]) - {""} for first, last in pairwise(first_word))
        return cls(
            segmentation,
            tuple(words),
            starts,
            ends,
            keys,
            stems,
            tuple(sentence_of_word),
            tuple(first_word),
            terms,
        )

    def sentence_words(self, sentence: int) -> range:
        return range(self.first_word[sentence], self.first_word[sentence + 1])

    def passage(self, sentences: Sequence[int]) -> Passage:
        """The content words of some sentences, as a :class:`Passage`."""
        return self.passage_of(chain.from_iterable(map(self.sentence_words, sentences)))

    def passage_of(self, words: Iterable[int]) -> Passage:
        """The content words (those with a stem) among ``words``, in order, as a
        :class:`Passage`."""
        stems, words = self.stems, list(words)
        indices = tuple(compress(words, map(stems.__getitem__, words)))
        keys = tuple(map(self.keys.__getitem__, indices))
        return Passage(indices, keys, tuple(map(stems.__getitem__, indices)))


def _content_stems(keys: set[str]) -> dict[str, str]:
    """The stem of each key, "" for a function word (each distinct key stemmed once).

    >>> _content_stems({"the", "talks"})["talks"], _content_stems({"the"})["the"]
    ('talk', '')
    """
    function_words = stopwords() & keys
    content = sorted(keys - function_words)
    return dict.fromkeys(function_words, "") | dict(zip(content, stems(content), strict=True))


@fast_init
@dataclass(frozen=True, slots=True)
class Run:
    """An exact run: ``length`` words equal from word ``source`` and word ``derivative``."""

    source: int
    derivative: int
    length: int
    recycled: bool = False


@fast_init
@dataclass(frozen=True, slots=True)
class Link:
    """Derivative sentences that convey source sentences, with their matched content words."""

    source: tuple[int, ...]
    derivative: tuple[int, ...]
    similarity: float
    word_links: tuple[tuple[int, int, float], ...]  # (source word, derivative word, strength)
    recycled: bool = False


_Flaggable = TypeVar("_Flaggable", Run, Link)


@dataclass(frozen=True, slots=True)
class Alignment:
    """The exact runs and sentence links between a source and a derivative."""

    source: Side
    derivative: Side
    runs: tuple[Run, ...]
    links: tuple[Link, ...]
    used_wordnet: bool


def align(
    source: Segmentation,
    derivative: Segmentation,
    *,
    lexicon: Lexicon | None = None,
    min_run: int = MIN_RUN,
    threshold: float = LINK_THRESHOLD,
) -> Alignment:
    """Align two segmented texts; see the module docstring for the method."""
    lexicon = lexicon if lexicon is not None else Lexicon.load()
    src, der = Side.of(source), Side.of(derivative)
    runs = _split_at_sentences(find_runs(src.keys, der.keys, k=min_run), src, der)
    idf = _idf(src, der)
    links = _link_sentences(src, der, runs, idf, lexicon, threshold)
    runs, links = _mark_recycled(runs, links, src, der)
    return Alignment(
        src,
        der,
        tuple(runs),
        tuple(_join_splits(links, src, der, idf, lexicon)),
        lexicon.used_wordnet,
    )


# --- exact runs ---------------------------------------------------------------------------


def find_runs(source: Sequence[str], derivative: Sequence[str], *, k: int = MIN_RUN) -> list[Run]:
    """Maximal runs of at least ``k`` equal keys, in derivative order, found in any order.

    Each derivative position prefers source positions not yet copied, so a passage copied
    twice links to two source occurrences when the source has two; a run over source words
    copied already is marked ``recycled``.

    >>> src = "a b c d e f g h".split()
    >>> der = "x e f g h y a b c d z a b c d".split()
    >>> [(r.source, r.derivative, r.length, r.recycled) for r in find_runs(src, der, k=3)]
    [(4, 1, 4, False), (0, 6, 4, False), (0, 11, 4, True)]
    """
    ids = {key: number for number, key in enumerate(dict.fromkeys(chain(source, derivative)))}
    s, d = list(map(ids.__getitem__, source)), list(map(ids.__getitem__, derivative))
    index: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i, gram in enumerate(_windows(s, k)):
        index[gram].append(i)
    grams = _windows(d, k)
    cursor: dict[tuple[int, ...], int] = {}
    used = bytearray(len(s))
    runs: list[Run] = []
    j = 0
    while j <= len(d) - k:
        gram = grams[j]
        positions = index.get(gram)
        if positions is None:
            j += 1
            continue
        start, length = _best_candidate(s, d, j, _candidates(positions, gram, cursor, used))
        reused = sum(used[start : start + length]) * 2 > length
        used[start : start + length] = b"\x01" * length
        runs.append(Run(start, j, length, reused))
        j += length
    return runs


def _windows(ids: list[int], k: int) -> list[tuple[int, ...]]:
    """Every ``k`` consecutive ids, in order.

    >>> _windows([1, 2, 3, 4], 3)
    [(1, 2, 3), (2, 3, 4)]
    """
    return list(zip(*(ids[offset:] for offset in range(k)), strict=False))


def _candidates(
    positions: list[int], gram: tuple[int, ...], cursor: dict[tuple[int, ...], int], used: bytearray
) -> list[int]:
    """Up to ``_RUN_CANDIDATES`` source positions, those not yet copied first."""
    first = cursor.get(gram, 0)
    while first < len(positions) and used[positions[first]]:
        first += 1
    cursor[gram] = first
    fresh = [p for p in positions[first : first + _RUN_CANDIDATES] if not used[p]]
    return fresh or positions[:_RUN_CANDIDATES]


def _best_candidate(s: list[int], d: list[int], j: int, candidates: list[int]) -> tuple[int, int]:
    best_start, best_length = candidates[0], 0
    for i in candidates:
        length = 0
        while i + length < len(s) and j + length < len(d) and s[i + length] == d[j + length]:
            length += 1
        if length > best_length:
            best_start, best_length = i, length
    return best_start, best_length


# --- sentence links -----------------------------------------------------------------------


def _split_at_sentences(runs: Sequence[Run], src: Side, der: Side) -> list[Run]:
    """Cut runs where a sentence ends on either side, so each piece lies in one sentence pair."""
    pieces = []
    for run in runs:
        start = 0
        cuts = {run.length, *_sentence_starts(src, run.source, run.length)}
        for cut in sorted(cuts | set(_sentence_starts(der, run.derivative, run.length))):
            if cut - start >= MIN_PIECE:
                pieces.append(
                    Run(run.source + start, run.derivative + start, cut - start, run.recycled)
                )
            start = cut
    return pieces


def _sentence_starts(side: Side, first: int, length: int) -> list[int]:
    """Offsets inside ``length`` words from word ``first`` at which a new sentence starts."""
    starts = side.first_word
    return [
        word - first
        for word in starts[bisect_right(starts, first) : bisect_left(starts, first + length)]
    ]


def _copied_share(der: Side, runs: Sequence[Run]) -> list[float]:
    """Share of each derivative sentence's words inside exact runs."""
    copied = [0] * (len(der.first_word) - 1)
    for run in runs:
        copied[der.sentence_of_word[run.derivative]] += run.length
    return [count / max(1, len(der.sentence_words(i))) for i, count in enumerate(copied)]


def _link_sentences(
    src: Side,
    der: Side,
    runs: Sequence[Run],
    idf: dict[str, float],
    lexicon: Lexicon,
    threshold: float,
) -> list[Link]:
    linker = _Linker(
        src, idf, lexicon, threshold, [src.passage([s]) for s in range(len(src.first_word) - 1)]
    )
    links = []
    for sentence, candidates in enumerate(_propose(src, der, runs, idf)):
        link = linker.link(der.passage([sentence]), sentence, candidates)
        if link is not None:
            links.append(link)
    return links


def _idf(src: Side, der: Side) -> dict[str, float]:
    """Inverse sentence frequency of each content stem over the sentences of both texts."""
    df: Counter[str] = Counter()
    total = 0
    for side in (src, der):
        for sentence in range(len(side.first_word) - 1):
            total += 1
            df.update(side.terms[sentence])
    return {term: math.log((total + 1) / (count + 1)) + 1 for term, count in df.items()}


def _propose(src: Side, der: Side, runs: Sequence[Run], idf: dict[str, float]) -> list[set[int]]:
    """Candidate source sentences for each derivative sentence."""
    sentences = len(src.first_word) - 1
    common = min(_COMMON_MAX, max(8, _COMMON_DF * sentences))
    postings: dict[str, list[int]] = defaultdict(list)
    for sentence in range(sentences):
        for term in src.terms[sentence]:
            postings[term].append(sentence)
    copied = _copied_share(der, runs)
    proposals: list[set[int]] = []
    for sentence in range(len(der.first_word) - 1):
        proposals.append(set())
        if copied[sentence] >= _COPIED:
            continue  # its runs say where it comes from
        scores: dict[int, float] = defaultdict(float)
        terms = der.terms[sentence]
        for term in terms:
            hits = postings.get(term, ())
            if 0 < len(hits) <= common:
                for hit in hits:
                    scores[hit] += idf[term]
        proposals[-1].update(sorted(scores, key=lambda s: (-scores[s], s))[:_CANDIDATES])
    for run in runs:
        for offset in (0, run.length - 1):
            proposals[der.sentence_of_word[run.derivative + offset]].add(
                src.sentence_of_word[run.source + offset]
            )
    return proposals


@dataclass(frozen=True, slots=True)
class _Linker:
    """Chooses the source sentence(s) a derivative sentence conveys, if any."""

    src: Side
    idf: dict[str, float]
    lexicon: Lexicon
    threshold: float
    passages: list[Passage]  # content words of each source sentence

    def link(self, passage: Passage, sentence: int, candidates: set[int]) -> Link | None:
        """Score candidates on shared stems, the best few with synonyms too; try merges."""
        if not passage.words or not candidates:
            return None
        if len(candidates) > _FULL_CANDIDATES:
            quick = self._ranked(passage, candidates, None)
            candidates = {c for _, c in quick[:_FULL_CANDIDATES]}
        scored = self._ranked(passage, candidates, self.lexicon)
        match, first = scored[0]
        sources: tuple[int, ...] = (first,)
        for other, second in scored[1:]:
            if other.coverage_b >= MERGE_SHARE:
                pair = (min(first, second), max(first, second))
                merged = compare_passages(self.src.passage(pair), passage, self.idf, self.lexicon)
                if merged.score > max(match.score, scored[0][0].score + MERGE_GAIN):
                    sources, match = pair, merged
        if match.score < self.threshold:
            return None
        return Link(sources, (sentence,), match.score, match.links)

    def _ranked(
        self, passage: Passage, candidates: set[int], lexicon: Lexicon | None
    ) -> list[tuple[PassageMatch, int]]:
        matches = [
            (compare_passages(self.passages[c], passage, self.idf, lexicon), c) for c in candidates
        ]
        return sorted(matches, key=lambda item: (-item[0].score, item[1]))


def _mark_recycled(
    runs: list[Run], links: list[Link], src: Side, der: Side
) -> tuple[list[Run], list[Link]]:
    """Mark second tellings: derivative sentences that mostly repeat an earlier telling."""
    conveyed: dict[int, set[int]] = defaultdict(set)
    quality: dict[int, float] = defaultdict(float)
    for link in links:
        conveyed[link.derivative[0]].update(s for s, _, _ in link.word_links)
        quality[link.derivative[0]] = link.similarity
    for run in runs:
        copied = range(run.source, run.source + run.length)
        conveyed[der.sentence_of_word[run.derivative]].update(w for w in copied if src.stems[w])
    primary = _primary_tellings(conveyed, quality, src, der)
    recycled = _repeats(der, runs)
    for sentence, words in conveyed.items():
        told = [w for w in words if _told_before(w, sentence, primary, conveyed, src)]
        if len(told) > RECYCLED_SHARE * len(words):
            recycled.add(sentence)
    return (
        [_flagged(r, der.sentence_of_word[r.derivative] in recycled) for r in runs],
        [_flagged(link, link.derivative[0] in recycled) for link in links],
    )


def _flagged(item: _Flaggable, recycled: bool) -> _Flaggable:
    return item if item.recycled == recycled else replace(item, recycled=recycled)


def _primary_tellings(
    conveyed: dict[int, set[int]], quality: dict[int, float], src: Side, der: Side
) -> dict[int, int]:
    """For each source sentence, the derivative sentence that tells it best (headlines last:
    they sum up what the body tells)."""
    sentences = der.segmentation.sentences

    def rank(d: int) -> tuple[bool, float, int, int]:
        return looks_like_headline(sentences[d].text), -quality[d], -len(conveyed[d]), d

    primary: dict[int, int] = {}
    for sentence in sorted(conveyed, key=rank):
        for source_sentence in {src.sentence_of_word[w] for w in conveyed[sentence]}:
            primary.setdefault(source_sentence, sentence)
    return primary


def _told_before(
    word: int, sentence: int, primary: dict[int, int], conveyed: dict[int, set[int]], src: Side
) -> bool:
    """Whether an earlier, primary telling of the word's source sentence conveys the word."""
    teller = primary[src.sentence_of_word[word]]
    return teller < sentence and word in conveyed[teller]


def _repeats(der: Side, runs: Sequence[Run]) -> set[int]:
    """Derivative sentences that repeat an earlier one, or mostly re-copy copied source words
    (a sentence the source itself repeats, copied again, is a fresh copy, not a repeat)."""
    fresh: Counter[int] = Counter()
    again: Counter[int] = Counter()
    for run in runs:
        (again if run.recycled else fresh)[der.sentence_of_word[run.derivative]] += run.length
    first: dict[tuple[str, ...], int] = {}
    repeats = {s for s in again if again[s] > fresh[s]}
    for sentence in range(len(der.first_word) - 1):
        words = der.sentence_words(sentence)
        keys = der.keys[words.start : words.stop]
        earlier = first.setdefault(keys, sentence) != sentence
        if keys and earlier and fresh[sentence] * 2 <= len(words):
            repeats.add(sentence)
    return repeats


def _join_splits(
    links: list[Link], src: Side, der: Side, idf: dict[str, float], lexicon: Lexicon
) -> list[Link]:
    """Join consecutive primary links to the same source sentences into one (a split)."""
    joined: list[Link] = []
    for link in links:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not link.recycled
            and not previous.recycled
            and previous.source == link.source
            and previous.derivative[-1] + 1 == link.derivative[0]
        ):
            sentences = previous.derivative + link.derivative
            match = compare_passages(src.passage(link.source), der.passage(sentences), idf, lexicon)
            joined[-1] = Link(link.source, sentences, match.score, match.links)
        else:
            joined.append(link)
    return joined
