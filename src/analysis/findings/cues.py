"""The word lists behind the meaning-change checks (``analysis/data``, see ``LEXICONS.md``).

Each list is read once, on first use. Opposites are keyed by Snowball stem, so inflected forms
match ("raised" and "lowers" are opposites because "raise" and "lower" are); the other lists
hold surface forms, matched on token keys.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources

from analysis.lexicon import stem

__all__ = [
    "ATTRIBUTION_STEMS",
    "emphasis",
    "hedge_phrases",
    "light_verbs",
    "modality",
    "modality_phrases",
    "opposite_nouns",
    "opposites",
    "reversal_verbs",
    "verbs_opposed_by",
]

ATTRIBUTION_STEMS = frozenset(
    stem(word)
    for word in (
        "say says said tell told state claim consider believe think view regard argue insist "
        "allege suggest indicate report according add note explain warn announce describe call "
        "accuse maintain assert contend"
    ).split()
)
"""Stems of verbs that attribute a statement to someone: while one is there, a dropped hedge
("Beijing claims" → "Beijing considers") leaves the statement attributed, not asserted."""


def _lines(name: str) -> list[list[str]]:
    text = resources.files("analysis").joinpath(f"data/{name}").read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _comment(name: str, prefix: str) -> list[str]:
    text = resources.files("analysis").joinpath(f"data/{name}").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith(prefix):
            return [item.strip() for item in line[len(prefix) :].split(",") if item.strip()]
    return []


@cache
def opposites(with_wordnet: bool = False) -> dict[str, frozenset[str]]:
    """Stem → stems of its opposites, both ways: ``opposites.tsv``, plus WordNet's antonyms
    when asked for and built.

    >>> sorted(opposites()[stem("increase")])[:3]
    ['cut', 'declin', 'decreas']
    """
    pairs = [(fields[0], fields[1]) for fields in _lines("opposites.tsv")]
    if with_wordnet:
        from analysis.wordnet import load_antonyms

        pairs += load_antonyms()
    found: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        if stem(a) != stem(b):
            found[stem(a)].add(stem(b))
            found[stem(b)].add(stem(a))
    return {key: frozenset(values) for key, values in found.items()}


@cache
def opposite_nouns() -> dict[str, frozenset[str]]:
    """Verb stem → stems of nouns that say its opposite after a light verb
    (``light_verb_opposites.tsv``: "allow" → "impose a ban")."""
    found: dict[str, set[str]] = defaultdict(set)
    for verb, noun in (fields[:2] for fields in _lines("light_verb_opposites.tsv")):
        found[stem(verb)].add(stem(noun))
    return {key: frozenset(values) for key, values in found.items()}


@cache
def verbs_opposed_by(noun_stem: str) -> frozenset[str]:
    """Stems of the verbs whose opposite a noun says after a light verb ("ban" → "allow" …)."""
    return frozenset(verb for verb, nouns in opposite_nouns().items() if noun_stem in nouns)


@cache
def light_verbs() -> frozenset[str]:
    """Stems of the light verbs named in ``light_verb_opposites.tsv``."""
    return frozenset(stem(verb) for verb in _comment("light_verb_opposites.tsv", "# light verbs:"))


@cache
def reversal_verbs() -> frozenset[str]:
    """Surface forms of verbs that undo what they govern (``reversal_verbs.txt``)."""
    return frozenset(fields[0] for fields in _lines("reversal_verbs.txt"))


@cache
def modality() -> dict[str, str]:
    """Surface form → ``"hedge"`` or ``"certain"`` (``modality.tsv``)."""
    return {fields[0]: fields[1] for fields in _lines("modality.tsv")}


@cache
def modality_phrases() -> dict[tuple[str, ...], str]:
    """Multi-word cues ("according to") as key tuples → ``"hedge"`` or ``"certain"``."""
    phrases = {tuple(p.split()): "hedge" for p in _comment("modality.tsv", "# phrases:")}
    certain = _comment("modality.tsv", "# certain phrases:")
    return phrases | {tuple(p.split()): "certain" for p in certain}


@cache
def hedge_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Hedge phrases as key tuples, by their first key."""
    found: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase, kind in modality_phrases().items():
        if kind == "hedge":
            found[phrase[0]].append(phrase)
    return {first: tuple(phrases) for first, phrases in found.items()}


@cache
def emphasis() -> dict[str, str]:
    """Surface form → ``"intensifier"``, ``"evaluative"`` or ``"superlative"``
    (``intensifiers.tsv``)."""
    return {fields[0]: fields[1] for fields in _lines("intensifiers.tsv")}
