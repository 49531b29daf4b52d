"""Meaning changes inside aligned passages: what a paraphrase turned around.

Each primary sentence link (a source passage and the derivative passage that tells it) is
checked word by word, leaving out source clauses labelled ``dropped`` and derivative clauses
labelled ``added`` (commentary is reported as added text, not as a change). A finding names
only the words that differ, on both sides:

- ``negation``: a negation (not, never, no, without …) on one side only;
- ``antonym``: a word replaced by its opposite (``opposites.tsv`` and WordNet's antonyms), a
  verb replaced by a light verb and an opposite noun ("allow" → "impose a ban"), or a verb
  told as its own undoing ("restrict" → "lift its restrictions");
- ``modality``: a hedge (reportedly, may, claims …) turned into plain statement, or the
  reverse, unless a verb still attributes the statement to someone;
- ``number``: a number or date changed, dropped or added;
- ``emphasis``: an intensifier, evaluative word or superlative added with no counterpart;
- ``entity``: a name swapped for one the source does not have (:func:`find_entity_swaps`,
  run after the new-entity finder).

Precision first: two words the aligner paired as the same stem or as synonyms are never a
change, and every check needs the differing word to be absent from the other passage.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress

from analysis.alignment import Alignment, Link, Side
from analysis.findings import cues
from analysis.findings.model import Finding
from analysis.labeling import Span, spans_of_words
from analysis.lexicon import Lexicon, stem

__all__ = ["find_entity_swaps", "find_meaning_changes"]

NEGATIONS = frozenset({"not", "n't", "no", "never", "none", "nobody", "nothing", "neither", "nor"})
NEGATIONS |= {"without", "cannot"}
_NUMBER_WORDS = dict(
    zip(
        "one two three four five six seven eight nine ten eleven twelve".split(),
        map(str, range(1, 13)),
        strict=True,
    )
)
_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
_DATES = frozenset(
    (
        "january february march april june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday"
    ).split()
)
_GOVERNING_WINDOW = 3  # words between a light or reversal verb and the noun it governs


@dataclass(frozen=True, slots=True)
class _Cues:
    """Where the cues of one whole text are, found once: negations, hedges (word → whether
    its cue attributes) and numbers or dates (word → normalised value)."""

    negations: frozenset[int]
    hedges: dict[int, bool]
    quantities: dict[int, str]
    emphatic: frozenset[int]  # intensifiers, evaluative words, superlatives
    values: frozenset[str]  # every number and date value the text states

    @classmethod
    def of(cls, side: Side) -> _Cues:
        keys = side.keys
        quantities = dict(_quantities(keys))
        return cls(
            frozenset(_negations(keys)),
            dict(_hedges(keys)),
            quantities,
            frozenset(_where(keys, cues.emphasis())),
            frozenset(quantities.values()),
        )


def _where(keys: Sequence[str], vocabulary: Container[str]) -> list[int]:
    """The words whose keys are in ``vocabulary`` (picked in C: a long text has many words).

    >>> _where(["not", "only", "no"], {"no", "not"})
    [0, 2]
    """
    return list(compress(range(len(keys)), map(vocabulary.__contains__, keys)))


@dataclass(frozen=True, slots=True)
class _View:
    """The checked words of one side of a pair: (word, key, stem) of the content words, the
    stems of all (keys for function words), and its cues."""

    side: Side
    content: tuple[tuple[int, str, str], ...]
    stems: frozenset[str]
    negations: tuple[int, ...]
    hedges: tuple[tuple[int, bool], ...]
    quantities: tuple[tuple[int, str], ...]
    emphatic: tuple[int, ...]

    @classmethod
    def of(cls, side: Side, words: Sequence[int], cues: _Cues) -> _View:
        keys, stems = side.keys, side.stems
        return cls(
            side,
            tuple((w, keys[w], stems[w]) for w in words if stems[w]),
            frozenset(stems[w] or keys[w] for w in words),
            tuple(w for w in words if w in cues.negations),
            tuple((w, cues.hedges[w]) for w in words if w in cues.hedges),
            tuple((w, cues.quantities[w]) for w in words if w in cues.quantities),
            tuple(w for w in words if w in cues.emphatic),
        )


@dataclass(frozen=True, slots=True)
class _Context:
    """What every pair is checked against."""

    cues: dict[str, _Cues]  # per side, for the whole text
    opposites: dict[str, frozenset[str]]
    irregular: tuple[dict[str, tuple[str, ...]], ...]  # WordNet's exception lists, by pos


@dataclass(frozen=True, slots=True)
class _Pair:
    """One aligned passage: the words checked on each side."""

    link: Link
    views: dict[str, _View]  # "source", "derivative"
    context: _Context

    def stems(self, side: str) -> frozenset[str]:
        return self.views[side].stems

    def content(self, side: str) -> tuple[tuple[int, str, str], ...]:
        """(word, key, stem) of the content words (function words left out)."""
        return self.views[side].content

    def offsets(self, side: str, words: Sequence[int]) -> tuple[tuple[int, int], ...]:
        text_side = self.views[side].side
        return tuple((text_side.word_starts[w], text_side.word_ends[w]) for w in words)

    def text(self, side: str, words: Sequence[int]) -> str:
        full = self.views[side].side.segmentation.text
        return " … ".join(full[a:b] for a, b in self.offsets(side, words))

    def paired(self) -> set[tuple[int, int]]:
        """(source word, derivative word) the aligner matched: same stem, synonym or variant."""
        return {(s, d) for s, d, _ in self.link.word_links}


def find_meaning_changes(
    alignment: Alignment,
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    lexicon: Lexicon,
) -> list[Finding]:
    """Every meaning change in the primary sentence links (module docstring); WordNet's
    antonyms and irregular forms are used when the lexicon has WordNet."""
    src_labels = _word_labels(alignment.source, source_spans)
    der_labels = _word_labels(alignment.derivative, derivative_spans)
    senses = lexicon.wordnet
    context = _Context(
        cues={"source": _Cues.of(alignment.source), "derivative": _Cues.of(alignment.derivative)},
        opposites=cues.opposites(with_wordnet=senses is not None),
        irregular=tuple(senses.exceptions[pos] for pos in ("v", "n", "a")) if senses else (),
    )
    src, der = alignment.source, alignment.derivative
    findings: list[Finding] = []
    for link in alignment.links:
        if link.recycled:
            continue
        source_words = _kept_words(src, link.source, src_labels, "dropped")
        derivative_words = _kept_words(der, link.derivative, der_labels, "added")
        if [src.keys[w] for w in source_words] == [der.keys[w] for w in derivative_words]:
            continue  # the same words in the same order: nothing can have changed
        views = {
            "source": _View.of(src, source_words, context.cues["source"]),
            "derivative": _View.of(der, derivative_words, context.cues["derivative"]),
        }
        pair = _Pair(link, views, context)
        for check in _CHECKS:
            findings.extend(f for f in check(pair) if not _told_already(f, findings))
    return findings


def _told_already(finding: Finding, earlier: list[Finding]) -> bool:
    """Whether an earlier finding of the same kind names one of its source words."""
    return any(
        other.kind == finding.kind and set(other.source) & set(finding.source) for other in earlier
    )


def _word_labels(side: Side, spans: Sequence[Span]) -> list[str]:
    return [span.label for span in spans_of_words(side, spans)]


def _kept_words(
    side: Side, sentences: Sequence[int], labels: list[str], left_out: str
) -> tuple[int, ...]:
    return tuple(
        word
        for sentence in sentences
        for word in side.sentence_words(sentence)
        if labels[word] != left_out
    )


def _finding(
    pair: _Pair,
    kind: str,
    source: Sequence[int],
    derivative: Sequence[int],
    what: str,
    confidence: float,
) -> Finding:
    source_text = pair.text("source", source) or None
    derivative_text = pair.text("derivative", derivative) or None
    return Finding(
        type="meaning_change",
        kind=kind,
        source=pair.offsets("source", source),
        derivative=pair.offsets("derivative", derivative),
        explanation=f"Differs from source: {what}.",
        confidence=confidence,
        attributes={
            "source_text": source_text,
            "derivative_text": derivative_text,
            "source_sentences": ",".join(map(str, pair.link.source)),
            "derivative_sentences": ",".join(map(str, pair.link.derivative)),
        },
    )


# --- the checks -------------------------------------------------------------------------


def _negation(pair: _Pair) -> Iterator[Finding]:
    """A negation on one side only ("not only" is not one)."""
    found = {side: pair.views[side].negations for side in ("source", "derivative")}
    if len(found["source"]) == len(found["derivative"]):
        return
    side = "source" if len(found["source"]) > len(found["derivative"]) else "derivative"
    words = found[side]
    what = "negation removed" if side == "source" else "negation added"
    quoted = pair.text(side, words)
    yield _finding(
        pair,
        "negation",
        words if side == "source" else (),
        words if side == "derivative" else (),
        f"{what} ('{quoted}')",
        0.8,
    )


def _negations(keys: Sequence[str]) -> list[int]:
    """The words that negate ("not only" does not).

    >>> _negations(["not", "only", "this", "not", "that", "never"])
    [3, 5]
    """
    return [
        word
        for word in _where(keys, NEGATIONS)
        if not (keys[word] == "not" and word + 1 < len(keys) and keys[word + 1] == "only")
    ]


def _antonyms(pair: _Pair) -> Iterator[Finding]:
    """A source word whose opposite the derivative says instead."""
    source_stems, derivative_stems = pair.stems("source"), pair.stems("derivative")
    by_form: dict[str, list[tuple[int, str]]] = {}
    for s, s_key, s_stem in pair.content("source"):
        if s_stem not in derivative_stems:
            for form in _forms(pair, s_key, s_stem):
                by_form.setdefault(form, []).append((s, s_key))
    paired, used = pair.paired(), set()
    for d, d_key, d_stem in pair.content("derivative"):
        if d_stem in source_stems:
            continue
        opposites = pair.context.opposites
        hits = {o for form in _forms(pair, d_key, d_stem) for o in opposites.get(form, ())}
        for s, s_key in sorted(word for form in hits & by_form.keys() for word in by_form[form]):
            if s not in used and (s, d) not in paired:
                used.add(s)
                what = f"'{s_key}' became its opposite '{d_key}'"
                yield _finding(pair, "antonym", [s], [d], what, 0.75)
                break


def _forms(pair: _Pair, key: str, key_stem: str) -> set[str]:
    """The stem of a word and of its base forms if it is irregular ("rose" → "rise")."""
    irregular = pair.context.irregular
    return {key_stem, *(stem(base) for table in irregular for base in table.get(key, ()))}


def _phrasal_opposites(pair: _Pair) -> Iterator[Finding]:
    """A source verb told as a light verb plus an opposite noun, or as its own undoing."""
    source = {s_stem: (s, s_key) for s, s_key, s_stem in reversed(pair.content("source"))}
    for (verb, verb_key, verb_stem), (noun, noun_key, noun_stem) in _governed(
        pair.content("derivative")
    ):
        if verb_stem in cues.light_verbs() and noun_stem not in source:
            contradicted = cues.verbs_opposed_by(noun_stem) & source.keys()
        elif verb_key in cues.reversal_verbs() and noun_stem in source:
            s, s_key = source[noun_stem]
            undone = s_key == noun_key or _undone_in_source(pair, s)
            contradicted = frozenset() if undone else frozenset({noun_stem})
        else:
            continue
        for s_stem in sorted(contradicted):
            s, s_key = source[s_stem]
            phrase = pair.text("derivative", [verb, noun])
            yield _finding(pair, "antonym", [s], [verb, noun], f"'{s_key}' became '{phrase}'", 0.7)
            return


def _governed(
    words: Sequence[tuple[int, str, str]],
) -> Iterator[tuple[tuple[int, str, str], tuple[int, str, str]]]:
    """(verb, noun) pairs: each content word with each of the next few words."""
    for i, verb in enumerate(words):
        for noun in words[i + 1 : i + 1 + _GOVERNING_WINDOW]:
            if noun[0] - verb[0] <= _GOVERNING_WINDOW:
                yield verb, noun


def _undone_in_source(pair: _Pair, word: int) -> bool:
    keys = pair.views["source"].side.keys
    return any(
        keys[w] in cues.reversal_verbs() for w in range(max(0, word - _GOVERNING_WINDOW), word)
    )


def _modality(pair: _Pair) -> Iterator[Finding]:
    """A hedge on one side only. Modal hedges (may, could, possibly) are compared with modal
    hedges; attributing ones (reportedly, claims, according to) count as gone only when no
    verb on the other side still attributes the statement ("Beijing claims" → "Beijing
    considers" keeps it attributed)."""
    found = {side: pair.views[side].hedges for side in ("source", "derivative")}
    for side, other in (("source", "derivative"), ("derivative", "source")):
        for attributing in (False, True):
            words = [w for w, is_attribution in found[side] if is_attribution == attributing]
            others = [w for w, is_attribution in found[other] if is_attribution == attributing]
            attributed = attributing and pair.stems(other) & cues.ATTRIBUTION_STEMS
            if words and not others and not attributed:
                yield _hedge_finding(pair, side, words)


def _hedge_finding(pair: _Pair, side: str, words: list[int]) -> Finding:
    cue = pair.text(side, words)
    if side == "source":
        what = f"the source's hedge '{cue}' is gone: stated as fact"
        return _finding(pair, "modality", words, (), what, 0.6)
    return _finding(pair, "modality", (), words, f"hedge '{cue}' added to a plain statement", 0.6)


def _hedges(keys: Sequence[str]) -> list[tuple[int, bool]]:
    """(word, whether its cue attributes) of each word of a hedge cue, word or phrase.

    >>> _hedges(["it", "may", "rain", "according", "to", "them"])
    [(1, False), (3, True), (4, True)]
    """
    classes, phrases = cues.modality(), cues.hedge_phrases()
    hedges = {key for key in set(keys) if classes.get(key) == "hedge"}
    found = {word: _attributes([keys[word]]) for word in _where(keys, hedges)}
    for first in _where(keys, phrases):
        for phrase in phrases[keys[first]]:
            if tuple(keys[first : first + len(phrase)]) == phrase:
                found |= dict.fromkeys(range(first, first + len(phrase)), _attributes(phrase))
    return sorted(found.items())


def _attributes(cue: Sequence[str]) -> bool:
    """Whether a hedge cue attributes (claims, allegedly, according to) rather than qualifies.

    >>> _attributes(["claims"]), _attributes(["reportedly"]), _attributes(["could"])
    (True, True, False)
    >>> _attributes(["according", "to"]), _attributes(["is", "thought", "to"])
    (True, False)
    """
    return any(stem(key) in cues.ATTRIBUTION_STEMS or key.endswith("edly") for key in cue)


def _numbers(pair: _Pair) -> Iterator[Finding]:
    """Numbers and dates of a passage that the other text never states: changed when both
    sides have one, else dropped or added (a value told in another sentence is no change)."""
    told = {side: pair.context.cues[side].values for side in ("source", "derivative")}
    source = [w for w, value in pair.views["source"].quantities if value not in told["derivative"]]
    derivative = [
        w for w, value in pair.views["derivative"].quantities if value not in told["source"]
    ]
    before, after = pair.text("source", source), pair.text("derivative", derivative)
    if source and derivative:
        yield _finding(pair, "number", source, derivative, f"'{before}' became '{after}'", 0.8)
    elif source:
        yield _finding(pair, "number", source, (), f"'{before}' dropped", 0.6)
    elif derivative:
        yield _finding(pair, "number", (), derivative, f"'{after}' not in source", 0.6)


def _quantities(keys: Sequence[str]) -> list[tuple[int, str]]:
    """(word, normalised value) of numbers, number words and dates.

    >>> _quantities(["1,200", "two", "people", "september"])
    [(0, '1200'), (1, '2'), (3, 'september')]
    """
    values = {key: value for key in set(keys) if (value := _quantity(key)) is not None}
    return [(word, values[keys[word]]) for word in _where(keys, values)]


def _quantity(key: str) -> str | None:
    """The normalised value of a number, number word or date; None for any other word."""
    if key[:1].isdigit():
        return key.replace(",", "")
    if key in _NUMBER_WORDS:
        return _NUMBER_WORDS[key]
    return key if key in _SCALES or key in _DATES else None


def _emphasis(pair: _Pair) -> Iterator[Finding]:
    """Emphasis words the derivative adds, each new one matched against a source one first."""
    classes = cues.emphasis()
    source, derivative = pair.views["source"], pair.views["derivative"]
    spare = [s for s in source.emphatic if _stem_or_key(source, s) not in derivative.stems]
    paired_derivative = {d for _, d in pair.paired()}
    for d in derivative.emphatic:
        if _stem_or_key(derivative, d) in source.stems or d in paired_derivative:
            continue
        if _in_a_name(derivative.side, d):
            continue  # "the Hillsborough disaster", "Great Lakes": part of a name
        if spare:
            spare.pop(0)  # "extremely concerned" → "profound concerns": emphasis kept, reworded
            continue
        key = derivative.side.keys[d]
        yield _finding(pair, "emphasis", (), [d], f"{classes[key]} word '{key}' added", 0.6)


def _in_a_name(side: Side, word: int) -> bool:
    """Whether a word stands next to a capitalised word inside its sentence, or is one."""
    sentence = side.sentence_of_word[word]
    neighbours = (w for w in (word - 1, word, word + 1) if 0 <= w < len(side.words))
    return any(side.sentence_of_word[w] == sentence and _is_name(side, w) for w in neighbours)


def _stem_or_key(view: _View, word: int) -> str:
    return view.side.stems[word] or view.side.keys[word]


_CHECKS: tuple[Callable[[_Pair], Iterator[Finding]], ...] = (
    _negation,
    _phrasal_opposites,
    _antonyms,
    _modality,
    _numbers,
    _emphasis,
)


def find_entity_swaps(
    alignment: Alignment,
    source_spans: Sequence[Span],
    derivative_spans: Sequence[Span],
    entities: Sequence[Finding],
) -> list[Finding]:
    """Names swapped for others: a person, organisation or place not in the source (from the
    new-entity finder) named inside an aligned passage whose source passage names someone or
    somewhere the derivative passage does not ("Kyodo News reported" → "Reuters reported")."""
    src, der = alignment.source, alignment.derivative
    src_labels, der_labels = _word_labels(src, source_spans), _word_labels(der, derivative_spans)
    telling = {d: link for link in alignment.links if not link.recycled for d in link.derivative}
    swaps = []
    for entity in entities:
        if entity.kind not in ("person", "organisation", "place"):
            continue
        for start, end in entity.derivative:
            word = bisect_right(der.word_starts, start) - 1
            link = telling.get(der.sentence_of_word[word]) if word >= 0 else None
            if link is None or der_labels[word] == "added":
                continue
            kept = _kept_words(der, link.derivative, der_labels, "added")
            told = {der.keys[w] for w in kept}
            source_words = _kept_words(src, link.source, src_labels, "dropped")
            gone = [w for w in source_words if _is_name(src, w) and src.keys[w] not in told]
            if gone:
                swaps.append(_swap(alignment, entity, gone, (start, end)))
                break
    return swaps


def _is_name(side: Side, word: int) -> bool:
    """A capitalised content word that does not open its sentence (nor a month or weekday)."""
    token = side.segmentation.token(side.words[word])
    opens = side.first_word[side.sentence_of_word[word]] == word
    return (
        token.text[:1].isupper()
        and not opens
        and bool(side.stems[word])
        and token.key not in _DATES
    )


def _swap(
    alignment: Alignment, entity: Finding, gone: Sequence[int], mention: tuple[int, int]
) -> Finding:
    src = alignment.source
    runs: list[list[int]] = []
    for word in gone:  # consecutive words, one name: "Kyodo News"
        if runs and runs[-1][-1] + 1 == word:
            runs[-1].append(word)
        else:
            runs.append([word])
    offsets = tuple((src.word_starts[r[0]], src.word_ends[r[-1]]) for r in runs)
    before = ", ".join(src.segmentation.text[a:b] for a, b in offsets)
    after = alignment.derivative.segmentation.text[mention[0] : mention[1]]
    return Finding(
        type="meaning_change",
        kind="entity",
        source=offsets,
        derivative=(mention,),
        explanation=f"Differs from source: '{before}' became '{after}', a name not in the source.",
        confidence=0.6,
        attributes={"source_text": before, "derivative_text": after},
    )
