"""Word-level knowledge for comparing passages: stop words, stems, synonyms and variants.

Two content words match with a strength in [0, 1]: 1.0 when their Snowball stems are equal,
:data:`SYNONYM` when WordNet (if installed) puts them in one of their most frequent senses,
:data:`VARIANT` when they are morphological variants the stemmer misses ("resumption" and
"resume", "stability" and "stable"). A :class:`Lexicon` records whether WordNet was used.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from analysis.tokenizing import Token

if TYPE_CHECKING:
    import Stemmer

    from analysis.wordnet import SenseIndex

__all__ = ["SYNONYM", "VARIANT", "Lexicon", "is_content", "stem", "stems", "stopwords"]

SYNONYM = 0.8
VARIANT = 0.7
_SENSES = 4  # synonyms are looked for among each word's most frequent senses only
_MIN_VARIANT_LENGTH = 5


@cache
def stopwords() -> frozenset[str]:
    """The project's English function words (``analysis/data/stopwords_en.txt``).

    >>> "the" in stopwords(), "not" in stopwords()
    (True, False)
    """
    text = resources.files("analysis").joinpath("data/stopwords_en.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_content(token: Token) -> bool:
    """A word or number that is not a function word.

    >>> from analysis.tokenizing import tokenize
    >>> [t.text for t in tokenize("The talks did not resume in 2024.") if is_content(t)]
    ['talks', 'not', 'resume', '2024']
    """
    return token.is_word and token.key not in stopwords()


@cache
def stem(key: str) -> str:
    """The Snowball (Porter 2) stem of a token key (offline, deterministic).

    >>> stem("meetings"), stem("relations"), stem("u.s."), stem("added")
    ('meet', 'relat', 'u.s.', 'add')
    """
    result: str = _stemmer().stemWord(key)
    return result


def stems(keys: list[str]) -> list[str]:
    """:func:`stem` of each key, in one call (for many keys at once).

    >>> stems(["meetings", "relations"])
    ['meet', 'relat']
    """
    result: list[str] = _stemmer().stemWords(keys)
    return result


@cache
def _stemmer() -> Stemmer.Stemmer:
    import Stemmer

    return Stemmer.Stemmer("english")


@dataclass(slots=True)
class Lexicon:
    """Matches words; ``wordnet`` is None when WordNet is not installed or switched off."""

    wordnet: SenseIndex | None
    used_wordnet: bool = False
    _senses: dict[str, frozenset[str]] = field(default_factory=dict)
    _features: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, *, use_wordnet: bool = True) -> Lexicon:
        """A lexicon with WordNet when it is wanted and available (one warning otherwise)."""
        if not use_wordnet:
            return cls(None)
        from analysis.wordnet import load_senses

        with warnings.catch_warnings():
            warnings.simplefilter("default")
            return cls(load_senses())

    def strength(self, a: str, b: str) -> float:
        """How strongly two content-word keys match: 1, :data:`SYNONYM`, :data:`VARIANT` or 0.

        >>> lexicon = Lexicon(None)
        >>> lexicon.strength("meeting", "meetings"), lexicon.strength("resumption", "resume")
        (1.0, 0.7)
        >>> lexicon.strength("ban", "allow")
        0.0
        """
        if a == b or stem(a) == stem(b):
            return 1.0
        if self.wordnet is not None and self._senses_of(a) & self._senses_of(b):
            return SYNONYM
        return VARIANT if _are_variants(stem(a), stem(b)) else 0.0

    def features(self, key: str) -> frozenset[str]:
        """What a match needs in common: a stem prefix (variants) or a sense (synonyms).

        Words with no feature in common have strength 0, so callers compare only words
        that share one.

        >>> sorted(Lexicon(None).features("resumption"))
        ['prefix:resu']
        """
        features = self._features.get(key)
        if features is None:
            features = frozenset({f"prefix:{stem(key)[:4]}"})
            if self.wordnet is not None:
                features |= self._senses_of(key)
            self._features[key] = features
        return features

    def _senses_of(self, key: str) -> frozenset[str]:
        senses = self._senses.get(key)
        if senses is None:
            assert self.wordnet is not None
            self.used_wordnet = True
            found = self.wordnet.senses(key)[:_SENSES] if key.isalpha() else []
            senses = self._senses[key] = frozenset(found)
        return senses


def _are_variants(a: str, b: str) -> bool:
    """Stems sharing a prefix of at least four letters that covers most of the shorter one.

    >>> _are_variants("resumpt", "resum"), _are_variants("stabil", "stabl")
    (True, True)
    >>> _are_variants("ban", "bank"), _are_variants("relat", "relev")
    (False, False)
    """
    shorter = min(len(a), len(b))
    if shorter < 4 or max(len(a), len(b)) < _MIN_VARIANT_LENGTH or a[:4] != b[:4]:
        return False
    common = 4
    while common < shorter and a[common] == b[common]:
        common += 1
    return common / shorter >= 0.8 and a.isalpha() and b.isalpha()
