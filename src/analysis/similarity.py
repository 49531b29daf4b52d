"""How alike two passages are, for paraphrase: IDF-weighted content-word overlap.

Content words (function words left out) are paired one to one between the passages: equal
Snowball stems first (strength 1), then WordNet synonyms and morphological variants (weaker,
see :class:`~analysis.lexicon.Lexicon`). Each side's **coverage** is the IDF-weighted share of
its content words that found a partner; the **score** is the harmonic mean of the two
coverages, in [0, 1]: 1 for the same content words, 0 for none in common. Rare words weigh
more than common ones, so "Fukushima" counts for more than "said".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from analysis.lexicon import Lexicon, stem
from analysis.records import fast_init

__all__ = ["Passage", "PassageMatch", "compare_passages", "similarity"]


@fast_init
@dataclass(frozen=True, slots=True)
class Passage:
    """Content words of a passage: their positions (any numbering), keys and stems."""

    positions: tuple[int, ...]
    words: tuple[str, ...]
    stems: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str) -> Passage:
        """The content words of a text, numbered from 0.

        >>> Passage.from_text("The ban was lifted.").words
        ('ban', 'lifted')
        """
        from analysis.lexicon import is_content
        from analysis.tokenizing import tokenize

        words = tuple(token.key for token in tokenize(text) if is_content(token))
        return cls(tuple(range(len(words))), words, tuple(stem(word) for word in words))


@fast_init
@dataclass(frozen=True, slots=True)
class PassageMatch:
    """The result of comparing passage ``a`` with passage ``b``."""

    score: float
    coverage_a: float
    coverage_b: float
    links: tuple[tuple[int, int, float], ...]  # (position in a, position in b, strength)


def compare_passages(
    a: Passage, b: Passage, idf: Mapping[str, float], lexicon: Lexicon | None
) -> PassageMatch:
    """Pair the content words of ``a`` and ``b`` and score the overlap (module docstring);
    with no lexicon, only equal stems pair (a fast first pass)."""
    pairs = _pair_words(a, b, lexicon)
    weight = idf.get
    covered_a = sum([weight(a.stems[i], 1.0) * strength for i, _, strength in pairs])
    covered_b = sum([weight(b.stems[j], 1.0) * strength for _, j, strength in pairs])
    coverage_a = covered_a / sum([weight(t, 1.0) for t in a.stems]) if a.stems else 0.0
    coverage_b = covered_b / sum([weight(t, 1.0) for t in b.stems]) if b.stems else 0.0
    total = coverage_a + coverage_b
    score = 2 * coverage_a * coverage_b / total if total else 0.0
    positions_a, positions_b = a.positions, b.positions
    links = tuple([(positions_a[i], positions_b[j], strength) for i, j, strength in pairs])
    return PassageMatch(score, coverage_a, coverage_b, links)


def similarity(a: str, b: str, *, lexicon: Lexicon | None = None) -> float:
    """Similarity of two texts in [0, 1] (all words weighted equally).

    >>> similarity("China banned imports from Japan.", "Japan's imports were banned by China.")
    1.0
    >>> similarity("China banned seafood imports.", "The weather was sunny in Lima.")
    0.0
    """
    lexicon = lexicon if lexicon is not None else Lexicon(None)
    return compare_passages(Passage.from_text(a), Passage.from_text(b), {}, lexicon).score


def _pair_words(a: Passage, b: Passage, lexicon: Lexicon | None) -> list[tuple[int, int, float]]:
    """One-to-one pairs ``(i, j, strength)``: equal stems first, then weaker matches.

    >>> a, b = Passage.from_text("Talks resumed."), Passage.from_text("The talks resumed.")
    >>> _pair_words(a, b, None)
    [(0, 0, 1.0), (1, 1, 1.0)]
    """
    free: dict[str, list[int]] = {}
    for i, term in enumerate(a.stems):
        waiting = free.get(term)
        if waiting is None:
            free[term] = [i]
        else:
            waiting.append(i)
    pairs: list[tuple[int, int, float]] = []
    unpaired_b = []
    for j, term in enumerate(b.stems):
        waiting = free.get(term)
        if waiting:
            pairs.append((waiting.pop(0), j, 1.0))
        else:
            unpaired_b.append(j)
    if lexicon is not None and unpaired_b and len(pairs) < len(a.stems):
        unpaired_a = sorted([i for waiting in free.values() for i in waiting])
        pairs += _weak_pairs(a, b, unpaired_a, unpaired_b, lexicon)
    pairs.sort()
    return pairs


def _weak_pairs(
    a: Passage, b: Passage, unpaired_a: list[int], unpaired_b: list[int], lexicon: Lexicon
) -> list[tuple[int, int, float]]:
    """Synonym and variant pairs, comparing only words that share a sense or a stem prefix
    (most words share none with any word of the other passage: one set test skips them)."""
    features, strength_of = lexicon.features, lexicon.strength
    features_a = [features(a.words[i]) for i in unpaired_a]
    offered = frozenset().union(*features_a)
    taken: set[int] = set()
    pairs = []
    for j in unpaired_b:
        wanted = features(b.words[j])
        if wanted.isdisjoint(offered):
            continue
        best, strength = None, 0.0
        for i, found in zip(unpaired_a, features_a, strict=True):
            if i not in taken and not wanted.isdisjoint(found):
                candidate = strength_of(a.words[i], b.words[j])
                if candidate > strength:
                    best, strength = i, candidate
        if best is not None:
            pairs.append((best, j, strength))
            taken.add(best)
    return pairs
