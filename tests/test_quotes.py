"""The quote ledger: detection, speakers, every fate, and the two bundled pairs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.alignment import align
from analysis.findings.model import Finding
from analysis.findings.quotes import Quote, detect_quotes, find_quotes
from analysis.labeling import label_spans
from analysis.lexicon import Lexicon
from analysis.paths import DATA_RAW
from analysis.tokenizing import segment

READING = Path(__file__).resolve().parent / "data" / "xsum_pair_reading.json"


def quotes(text: str) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.speaker) for q in detect_quotes(segment(text))]


def ledger(source: str, derivative: str) -> list[Finding]:
    alignment = align(segment(source), segment(derivative), lexicon=Lexicon.load(use_wordnet=False))
    findings = find_quotes(alignment, *label_spans(alignment))
    for finding in findings:
        check_finding(finding, source, derivative)
    return findings


def check_finding(finding: Finding, source: str, derivative: str) -> None:
    """Invariants of every quote finding: offsets cite the texts, careful wording, ranges."""
    assert finding.type == "quote" and finding.kind in {"quotation", "turn"}
    assert 0.0 <= finding.confidence <= 1.0
    assert finding.flags and "false" not in finding.explanation.lower()
    for text, offsets, key in (
        (source, finding.source, "text_source"),
        (derivative, finding.derivative, "text_derivative"),
    ):
        cited = " … ".join(text[start:end] for start, end in offsets)
        assert cited == (finding.attributes[key] or "")


def one(findings: list[Finding], **texts: str | None) -> Finding:
    """The single finding whose source/derivative texts are the ones given (None: absent)."""
    found = [
        f
        for f in findings
        if all(_plain(f.attributes[f"text_{side}"]) == _plain(text) for side, text in texts.items())
    ]
    assert len(found) == 1, (texts, [f.attributes for f in findings])
    return found[0]


def _plain(text: object) -> str | None:
    """Quote text for comparison: curly quotes straightened, outer punctuation left out."""
    if text is None:
        return None
    return str(text).replace("’", "'").strip().strip(".,")


def fates(finding: Finding) -> set[str]:
    return set(finding.flags)


def speakers(finding: Finding) -> tuple[object, object]:
    return finding.attributes["speaker_source"], finding.attributes["speaker_derivative"]


# --- detection ------------------------------------------------------------------------------


def test_curly_and_straight_marks_give_the_same_quotes_and_offsets() -> None:
    straight = 'The ties are "stable," Xi said.'
    curly = "The ties are “stable,” Xi said."
    assert quotes(straight) == quotes(curly) == [("quotation", "stable,", "Xi")]
    assert [(q.start, q.end) for q in detect_quotes(segment(curly))] == [(14, 21)]


def test_a_quotation_may_hold_several_sentences() -> None:
    text = '"We met. We talked. We agreed," Ishiba told reporters.'
    assert quotes(text) == [("quotation", "We met. We talked. We agreed,", "Ishiba")]


def test_a_quotation_continued_across_paragraphs_is_one_piece_per_paragraph() -> None:
    text = (
        'Mark Miller, chief executive of Cuadrilla, said: "We take this seriously.\n\n'
        '"We will decide after that."\n\n'
        "The firm declined to comment."
    )
    assert quotes(text) == [
        ("quotation", "We take this seriously.", "Mark Miller"),
        ("quotation", "We will decide after that.", "Mark Miller"),
    ]


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "Beijing's envoy O'Brien recalled the '90s and the farmers' union, rock 'n' roll."
    assert quotes(text) == []


def test_clear_single_quotes_are_quotations() -> None:
    text = "President Xi said the ties were 'stable' in Lima."
    assert quotes(text) == [("quotation", "stable", "President Xi")]
    assert quotes("'We are ready,' Xi said.") == [("quotation", "We are ready,", "Xi")]


def test_an_unbalanced_mark_stops_at_its_paragraph() -> None:
    text = 'A "stray mark opens here.\n\nThe next paragraph has a "quoted" word.'
    assert quotes(text) == [
        ("quotation", "stray mark opens here.", None),
        ("quotation", "quoted", None),
    ]


def test_an_unclosed_quotation_without_a_following_mark_shares_no_speaker() -> None:
    text = 'Ann Lee said: "We agree.\n\nThe talks ended "well" for all.'
    assert quotes(text) == [("quotation", "We agree.", "Ann Lee"), ("quotation", "well", None)]


def test_inch_marks_and_empty_marks_are_not_quotations() -> None:
    assert quotes('He laid a 12" pipe and said "" twice, then "ok".') == [("quotation", "ok", None)]


def test_turns_take_the_label_as_speaker_and_the_rest_of_the_paragraph_as_text() -> None:
    text = "**Editor:** Thank you.\n\n**Dr. Tanaka**: My pleasure. We met.\n\nPlain prose."
    assert quotes(text) == [
        ("turn", "Thank you.", "Editor"),
        ("turn", "My pleasure. We met.", "Dr. Tanaka"),
    ]


def test_plain_labels_are_turns_only_in_a_transcript() -> None:
    assert quotes("Q: Is it safe?\n\nA: It is.") == [
        ("turn", "Is it safe?", "Q"),
        ("turn", "It is.", "A"),
    ]
    assert quotes("Note: the talks resume.\n\nThey met.") == []


def test_quote_text_is_the_slice_of_the_original_text() -> None:
    text = "“Curly,” said Ann Lee. **Bold** 'single' and\n\n“open\n\n“continued”"
    for quote in detect_quotes(segment(text)):
        assert text[quote.start : quote.end] == quote.text


_PIECES = st.sampled_from(
    ['"', "“", "”", "'", "’", " ", "\n", "\n\n", "word", "Lee", "said", ",", ".", "**A:**", "s'"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_gives_quotes_inside_one_paragraph_with_exact_offsets(text: str) -> None:
    paragraphs = [(p.start, p.end) for p in segment(text).paragraphs]
    for quote in detect_quotes(segment(text)):
        assert isinstance(quote, Quote) and text[quote.start : quote.end] == quote.text
        assert quote.text.strip() == quote.text and quote.text
        assert any(a <= quote.start and quote.end <= b for a, b in paragraphs)


# --- speakers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We agree," Xi said.', "Xi"),
        ('"We agree," said Prime Minister Shigeru Ishiba.', "Prime Minister Shigeru Ishiba"),
        ('"We agree," said the company on Friday.', "the company"),
        ('"We agree," Ishiba told reporters.', "Ishiba"),
        ('"We agree," she said.', "she"),
        ('Dr Brian Baptie, head of seismology at the BGS, said: "We agree."', "Dr Brian Baptie"),
        ('We met Mark Miller. Miller also acknowledged: "We agree."', "Miller"),
        ('He stressed the talks, stating, "We agree."', "He"),
        ('The agency quoted Ishiba as telling Xi that Japan is "concerned".', "Ishiba"),
        ('They met Xi. Xi said that China wants "constructive and stable" ties.', "Xi"),
        (
            'Ishiba said he asked Xi, and the Chinese leader promised it for "all".',
            "the Chinese leader",
        ),
        ('According to Dr. Ito, the plan was "a failure".', "Dr. Ito"),
        ('"It failed," according to the Chinese foreign ministry.', "the Chinese foreign ministry"),
        ('A tremor had a "similar mechanism", the BSG said.', "BSG"),
        (
            "Prime Minister Ishiba's assertion that “there are many differences” held.",
            "Prime Minister Ishiba",
        ),
        ('The BGS said:\n\n"Any process can cause earthquakes."', "BGS"),
        ('China and Japan, he went on to say, are "cooperative" partners.', "he"),
    ],
)
def test_speakers_are_found_where_the_text_names_them(text: str, speaker: str) -> None:
    assert [q.speaker for q in detect_quotes(segment(text))] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        'China and Japan agreed to foster "stable" relations.',
        'Officials said the ties were "stable".',
        '"We agree." Lee left the room.',
        'Lee said so. "We agree."',
    ],
)
def test_no_speaker_rather_than_a_guess(text: str) -> None:
    assert [q.speaker for q in detect_quotes(segment(text))] == [None]


def test_a_lone_capitalised_word_opening_a_sentence_is_a_name_only_if_used_elsewhere() -> None:
    assert quotes('Lee said: "We agree."') == [("quotation", "We agree.", None)]
    assert quotes('Ann Lee spoke. Lee said: "We agree."')[0][2] == "Lee"


# --- fates, hand-made -----------------------------------------------------------------------

CITY = (
    "The city council approved the new bridge across the river on Monday after a long debate. "
    "{quote} "
    "Construction will cost about 40 million dollars and take two years. "
    "Residents of the east bank have waited decades for a crossing."
)
SAID = '"The bridge will open to traffic in May next year," said Mayor Ann Lee.'


def test_kept_word_for_word() -> None:
    derivative = CITY.format(quote="“The bridge will open to traffic in May next year,” said Lee.")
    (finding,) = ledger(CITY.format(quote=SAID), derivative)
    assert fates(finding) == {"kept"} and finding.explanation == "Quote kept word for word."
    assert speakers(finding) == ("Mayor Ann Lee", "Lee")
    assert finding.attributes["similarity"] == 1.0


def test_altered_words_inside_the_marks() -> None:
    derivative = CITY.format(quote='"The bridge will open to traffic in June," said Mayor Ann Lee.')
    (finding,) = ledger(CITY.format(quote=SAID), derivative)
    assert fates(finding) == {"altered"}
    assert finding.explanation == "Quoted words differ from source."
    assert finding.attributes["text_derivative"] == "The bridge will open to traffic in June,"


def test_dequoted_when_the_words_stay_without_marks() -> None:
    derivative = CITY.format(
        quote="Mayor Ann Lee said the bridge will open to traffic in May next year."
    )
    (finding,) = ledger(CITY.format(quote=SAID), derivative)
    assert fates(finding) == {"dequoted"}
    assert finding.explanation == "Source quote appears without quote marks."
    assert (
        finding.attributes["text_derivative"] == "the bridge will open to traffic in May next year"
    )
    assert speakers(finding) == ("Mayor Ann Lee", "Mayor Ann Lee")


def test_dequoted_and_altered_when_the_unquoted_words_changed_much() -> None:
    quote = "a costly mistake that will drain the city budget for years"
    source = CITY.format(quote=f'Lee called it "{quote}".')
    derivative = CITY.format(
        quote="Lee called it an expensive error that will drain the budget for years."
    )
    (finding,) = ledger(source, derivative)
    assert fates(finding) == {"dequoted", "altered"}  # 4 of its 7 content words land unquoted
    assert finding.attributes["text_derivative"] == "will drain the budget for years"
    assert finding.explanation == "Source quote appears without quote marks, in other words."


def test_dropped_when_nothing_conveys_it() -> None:
    derivative = CITY.format(quote="")
    (finding,) = ledger(CITY.format(quote=SAID), derivative)
    assert fates(finding) == {"dropped"} and finding.derivative == ()
    assert finding.explanation == "Source quote does not appear in the derivative."
    assert speakers(finding) == ("Mayor Ann Lee", None)


def test_new_when_the_source_has_no_such_quote() -> None:
    derivative = CITY.format(quote='"It is a waste of money," said Tom Hart, a local critic.')
    (finding,) = ledger(CITY.format(quote=""), derivative)
    assert fates(finding) == {"new"} and finding.source == ()
    assert finding.explanation == "Quote not in source."
    assert speakers(finding) == (None, "Tom Hart")


def test_a_different_named_speaker_is_a_misattribution() -> None:
    derivative = CITY.format(quote=SAID.replace("Mayor Ann Lee", "Governor Tom Hart"))
    (finding,) = ledger(CITY.format(quote=SAID), derivative)
    assert fates(finding) == {"kept", "misattributed"}
    assert finding.explanation == (
        "Attributed to Governor Tom Hart; the source attributes it to Mayor Ann Lee."
    )


@pytest.mark.parametrize("speaker", ["she", "the mayor", "Ann Lee", "Mayor Lee"])
def test_a_pronoun_phrase_or_same_name_is_no_misattribution(speaker: str) -> None:
    derivative = CITY.format(quote=SAID.replace("said Mayor Ann Lee", f"{speaker} said"))
    (finding,) = ledger(CITY.format(quote=SAID), derivative)
    assert fates(finding) == {"kept"} and speakers(finding)[1] == speaker


def test_a_missing_speaker_is_no_misattribution() -> None:
    derivative = CITY.format(quote="“The bridge will open to traffic in May next year.”")
    (finding,) = ledger(CITY.format(quote=SAID), derivative)
    assert fates(finding) == {"kept"} and speakers(finding) == ("Mayor Ann Lee", None)


def test_a_second_use_of_a_source_quote_is_recycled() -> None:
    derivative = (
        CITY.format(quote=SAID)
        + "\n\n**Editor:** What did the mayor promise?"
        + "\n\n**Expert:** Lee's pledge that “the bridge will open to traffic” matters a lot."
    )
    findings = ledger(CITY.format(quote=SAID), derivative)
    kept = "The bridge will open to traffic in May next year,"
    primary = one(findings, source=kept, derivative=kept)
    assert fates(primary) == {"kept"}
    again = one(findings, derivative="the bridge will open to traffic")
    assert fates(again) == {"recycled"} and speakers(again) == ("Mayor Ann Lee", "Lee")
    assert again.source == primary.source
    assert [f.attributes["speaker_derivative"] for f in findings if f.kind == "turn"] == [
        "Editor",
        "Expert",
    ]


def test_a_scare_quote_elsewhere_is_not_a_counterpart_without_alignment_evidence() -> None:
    source = CITY.format(quote='Lee described relations with the county as "stable".')
    derivative = CITY.format(quote='Critics say the river itself is not "stable" at all.')
    findings = ledger(source, derivative)
    assert {tuple(f.flags) for f in findings} == {("dropped",), ("new",)}


OPENING = "The bridge will open to traffic in May next year."
CARS = "It will carry ten thousand cars a day across the river."


def test_pieces_of_a_continued_quotation_merged_into_one_quote_are_each_kept() -> None:
    source = CITY.format(quote=f'Mayor Ann Lee said: "{OPENING}\n\n"{CARS}"')
    derivative = CITY.format(quote=f'Mayor Ann Lee said: "{OPENING} {CARS}"')
    findings = ledger(source, derivative)
    assert [(f.flags, f.attributes["text_source"]) for f in findings] == [
        (("kept",), OPENING),
        (("kept",), CARS),
    ]
    assert findings[0].derivative == findings[1].derivative
    assert findings[0].attributes["text_derivative"] == f"{OPENING} {CARS}"


def test_a_quote_split_into_a_continued_quotation_cites_every_piece() -> None:
    source = CITY.format(quote=f'Mayor Ann Lee said: "{OPENING} {CARS}"')
    derivative = CITY.format(quote=f'Mayor Ann Lee said: "{OPENING}\n\n"{CARS}"')
    (finding,) = ledger(source, derivative)
    assert fates(finding) == {"kept"} and len(finding.derivative) == 2
    assert finding.attributes["text_derivative"] == f"{OPENING} … {CARS}"


def test_turns_are_matched_with_turns() -> None:
    source = "**Editor:** Will the bridge open in May?\n\n**Lee:** Yes, the bridge opens in May."
    derivative = (
        "**Editor:** Will the bridge open in May?\n\n**Hart:** Yes, the bridge opens in May."
        "\n\n**Editor:** Thank you for your time today."
    )
    findings = ledger(source, derivative)
    assert [(f.flags, speakers(f)) for f in findings] == [
        (("kept",), ("Editor", "Editor")),
        (("kept", "misattributed"), ("Lee", "Hart")),
        (("new",), (None, "Editor")),
    ]
    assert findings[-1].explanation == "Speaker turn not in source."


# --- the example pair -------------------------------------------------------------------------


@cache
def example() -> list[Finding]:
    return ledger(
        (DATA_RAW / "source.txt").read_text("utf-8"),
        (DATA_RAW / "derivative.txt").read_text("utf-8"),
    )


ISHIBA = (
    "There are many differences of opinion between Japan and China. But despite these "
    "differences, I agreed with President Xi to continue to have more meetings"
)
KYODO = "extremely concerned about China's increasingly aggressive military maneuvers."

# source text, derivative text, flags, source speaker, derivative speaker
EXAMPLE = [
    ("mutually beneficial", "mutual benefits", {"dequoted"}, None, None),
    ("stable", "stability", {"dequoted"}, None, None),
    (
        "increasingly aggressive military maneuvers.",
        "increasingly assertive military",
        {"dequoted", "altered"},
        None,
        None,
    ),
    (
        KYODO,
        "concerns regarding China’s aggressive military",
        {"dequoted", "altered"},
        "Ishiba",
        "Ishiba",
    ),
    (ISHIBA + ",", ISHIBA + ".", {"kept"}, "Ishiba", "He"),
    ("all foreigners.", "all foreigners", {"kept"}, "the Chinese leader", "the Chinese president"),
    ("constructive and stable", "constructive and stable", {"kept"}, "Xi", "Xi"),
    ("cooperative", "cooperative", {"dequoted"}, "he", "Xi"),
    ("promised", None, {"dropped"}, None, None),
    ("gradually", "gradually", {"kept"}, "China", "China"),
    (ISHIBA + ",", "there are many differences", {"recycled"}, "Ishiba", "Ishiba"),
]


@pytest.mark.parametrize(("source", "derivative", "flags", "said", "says"), EXAMPLE)
def test_example_pair_quote_fates(
    source: str, derivative: str | None, flags: set[str], said: str | None, says: str | None
) -> None:
    finding = one(example(), source=source, derivative=derivative)
    assert (finding.attributes["text_source"], finding.attributes["text_derivative"]) == (
        source,
        derivative,
    )
    assert fates(finding) == flags
    assert speakers(finding) == (said, says)


def test_example_pair_interview_turns_are_new() -> None:
    turns = [f for f in example() if f.kind == "turn"]
    assert [f.attributes["speaker_derivative"] for f in turns] == ["Editor", "Dr. Tanaka"] * 5
    assert all(f.flags == ("new",) and f.source == () for f in turns)


def test_example_pair_has_nothing_else() -> None:
    quotations = [f for f in example() if f.kind == "quotation"]
    assert len(quotations) == len(EXAMPLE)
    assert sum(f.source != () for f in example()) == 11  # ten source quotes, one told twice


# --- the xsum pair ----------------------------------------------------------------------------


@cache
def xsum() -> list[Finding]:
    return ledger(
        (DATA_RAW / "xsum-source.txt").read_text("utf-8"),
        (DATA_RAW / "xsum-derivative.txt").read_text("utf-8"),
    )


def reading() -> list[dict[str, Any]]:
    quotes: list[dict[str, Any]] = json.loads(READING.read_text("utf-8"))["quotes"]
    return quotes


# Where this ledger deliberately reports more than the hand reading (see the module docstring):
# the words of a misattributed quote are also kept, so it carries both flags.
MORE_FLAGS = {"The earthquake was felt by at least one person in Poulton-Le-Fylde.": {"kept"}}
# Speakers as the text names them: the reading describes who is meant ("Dr. Elspeth Varley"
# for "she"); a pronoun or noun phrase is kept as written here.
XSUM_SPEAKERS = {
    "similar location and mechanism": ("BSG", "BGS"),
    "fracking": (None, None),
    "We take our responsibilities": ("Mark Miller", "Mark Miller"),
    "We expect that this analysis": ("Mark Miller", "He"),
    "Any process that injects": ("BGS", "BGS"),
    "It is well known": ("BGS", None),
    "The earthquake was felt": ("Dr Brian Baptie", "Miller"),
    "Our analysis places": ("Dr Brian Baptie", "Dr Brian Baptie"),
    "Data from two temporary": ("Dr Brian Baptie", None),
    "The recorded waveforms": ("Dr Brian Baptie", "Dr Brian Baptie"),
    "very similar": ("Dr Brian Baptie", "The BGS's own head of seismology"),
    "Tremors of this size": (None, "she"),
}


def _reading_id(expected: dict[str, Any]) -> str:
    return f"{expected['fate'][0]}:{(expected['source_text'] or expected['derivative_text'])[:24]}"


@pytest.mark.parametrize("expected", reading(), ids=_reading_id)
def test_xsum_pair_quote_fates(expected: dict[str, Any]) -> None:
    source, derivative = expected["source_text"], expected["derivative_text"]
    if derivative is None:
        finding = one(xsum(), source=source, derivative=None)
    else:
        finding = one(xsum(), derivative=derivative)
    if source is None:
        assert finding.source == ()
    else:  # for a recycled fragment the reading gives the part of the source quote it repeats
        assert str(_plain(source)) in str(_plain(finding.attributes["text_source"]))
    text = source or derivative
    assert fates(finding) == set(expected["fate"]) | MORE_FLAGS.get(text, set())
    assert speakers(finding) == next(v for k, v in XSUM_SPEAKERS.items() if text.startswith(k))


def test_xsum_pair_has_only_the_read_quotes_and_the_interview_turns() -> None:
    turns = [f for f in xsum() if f.kind == "turn"]
    assert len(xsum()) == len(reading()) + len(turns)
    assert [f.attributes["speaker_derivative"] for f in turns] == [
        "Interviewer",
        "Dr. Elspeth Varley",
    ] * 2
    assert all(f.flags == ("new",) for f in turns)
