"""Tokenizing: offsets into the original text, normalised keys, sentence boundaries."""

from __future__ import annotations

import itertools
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import segment, split_paragraphs, split_sentences, tokenize
from analysis.tokenizing import normalize, segment_each


def sentences(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("Shares of Apple Inc. The company said.", ["Shares of Apple Inc.", "The company said."]),
        ("Apple Inc. said it would.", ["Apple Inc. said it would."]),
        ("It ranked No. 5 in the list.", ["It ranked No. 5 in the list."]),
        ("Dr. Tanaka and Mr. Ito met Prof. Lee.", ["Dr. Tanaka and Mr. Ito met Prof. Lee."]),
        ("Gen. Ito visited St. Louis.", ["Gen. Ito visited St. Louis."]),
        (
            "The U.S. embassy opened on Nov. 5 in Lima.",
            ["The U.S. embassy opened on Nov. 5 in Lima."],
        ),
        ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
        ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


def test_headline_without_final_punctuation_is_its_own_sentence():
    text = "Leaders Meet in Lima Amid Trade Worries\nThe two leaders met on Friday."
    assert sentences(text) == [
        "Leaders Meet in Lima Amid Trade Worries",
        "The two leaders met on Friday.",
    ]


def test_speaker_labels_start_a_sentence():
    text = "**Editor:** Thank you, Dr. Tanaka.\n**Dr. Tanaka:** Thank you for having me."
    assert sentences(text) == [
        "**Editor:** Thank you, Dr. Tanaka.",
        "**Dr. Tanaka:** Thank you for having me.",
    ]
    assert sentences("Q: What now\nA: We wait.") == ["Q: What now", "A: We wait."]


def test_list_items_and_blank_lines_are_boundaries():
    text = (
        "Key points\n- talks resume\n- imports restart\n1. first step\n2) second step\n\nNext part"
    )
    assert sentences(text) == [
        "Key points",
        "- talks resume",
        "- imports restart",
        "1. first step",
        "2) second step",
        "Next part",
    ]


def test_wrapped_lines_stay_one_sentence():
    text = (
        "The two leaders met on the sidelines of the\n"
        "summit in Lima on Friday to discuss a\nstring of issues."
    )
    assert sentences(text) == [text]
    assert [p.text for p in split_paragraphs(text)] == [text]


def test_paragraphs_of_the_example_pair(example_pair):
    source, derivative = example_pair
    assert len(split_paragraphs(source.text)) == 13  # one per line
    paragraphs = split_paragraphs(derivative.text)
    assert paragraphs[0].text == paragraphs[1].text  # the duplicated headline, twice
    assert paragraphs[-1].text == "Leave a Replay"


def test_hand_checked_boundaries_in_the_example_pair(example_pair):
    source, derivative = example_pair
    derived = sentences(derivative.text)
    assert "**Editor:** Thank you for joining us, Dr. Tanaka." in derived
    assert "**Dr. Tanaka:** Thank you for having me." in derived
    assert "**Interview with Dr. Hiroshi Tanaka, East Asian Relations Expert**" in derived
    assert (
        derived[0]
        == "China and Japan Seek Stable Relations Amid Military Concerns and Seafood Import Ban"
    )
    assert derived[-1] == "Leave a Replay"
    assert not any(s.endswith(("Dr.", "Mr.", "U.S.")) for s in derived)
    original = sentences(source.text)
    assert len(original) == 14
    assert original[3] == '"There are many differences of opinion between Japan and China.'
    assert original[-1] == "Before the ban, China was the largest importer of Japanese seafood."


def test_curly_and_straight_possessives_give_the_same_keys():
    curly, straight = tokenize("Beijing’s “stable” ties"), tokenize('Beijing\'s "stable" ties')
    assert [t.key for t in curly] == [t.key for t in straight]
    assert [t.text for t in curly] == ["Beijing", "’s", "“", "stable", "”", "ties"]


def test_keys_in_the_example_pair(example_pair):
    source, derivative = example_pair
    source_keys = {t.key for t in tokenize(source.text)}
    derivative_tokens = tokenize(derivative.text)
    beijing = [t for t in derivative_tokens if t.text == "Beijing"]
    following = derivative_tokens[derivative_tokens.index(beijing[0]) + 1]
    assert following.text == "’s" and following.key == "'s"
    assert {"beijing", "'s", "xi", "ishiba"} <= source_keys


def test_token_kinds_and_keys():
    tokens = tokenize("The U.S. paid $1,200.50 (40%) for Asia-Pacific talks — didn’t it?")
    assert [(t.text, t.kind) for t in tokens if t.kind != "punct"] == [
        ("The", "word"),
        ("U.S.", "word"),
        ("paid", "word"),
        ("1,200.50", "number"),
        ("40%", "number"),
        ("for", "word"),
        ("Asia-Pacific", "word"),
        ("talks", "word"),
        ("did", "word"),
        ("n’t", "word"),
        ("it", "word"),
    ]
    assert tokens[0].key == "the"
    assert [t.key for t in tokens if t.text == "—"] == ["-"]


def test_normalize_keeps_the_length():
    text = "‘a’ “b” c–d e—f g\u00a0h ′"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "'a' \"b\" c-d e-f g h '"


def test_segmentation_links_sentences_to_their_tokens(example_pair):
    seg = segment(example_pair[1].text)
    for sentence in seg.sentences:
        tokens = seg.tokens_of(sentence)
        assert tokens and tokens[0].start == sentence.start and tokens[-1].end == sentence.end
    assert sum(len(s.tokens) for s in seg.sentences) == len(seg.tokens)
    assert seg.word_count == sum(seg.words_in(s) for s in seg.sentences)


def test_tokenizing_is_deterministic(example_pair):
    text = example_pair[1].text
    assert segment(text) == segment(text)


def test_empty_and_blank_text():
    assert segment("") == segment("")
    assert segment(" \n\n\t").sentences == ()
    assert tokenize("") == []


def check_offsets(text: str) -> None:
    seg = segment(text)
    for units in (seg.tokens, seg.sentences, seg.paragraphs):
        for unit in units:
            assert text[unit.start : unit.end] == unit.text
            assert unit.start < unit.end
        for before, after in itertools.pairwise(units):
            assert before.end <= after.start
    for sentence in seg.sentences:
        paragraph = seg.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start and sentence.end <= paragraph.end
    covered = "".join(text[t.start : t.end] for t in seg.tokens)
    assert covered == "".join(text.split())  # every non-space character is in exactly one token


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offsets_round_trip_for_arbitrary_unicode(text):
    check_offsets(text)


news_like = st.lists(
    st.sampled_from(
        [
            "Dr.",
            "U.S.",
            "No.",
            "Inc.",
            "said",
            "“quote”",
            "’s",
            "—",
            "\n",
            "\n\n",
            "- ",
            "**Editor:**",
            "1.",
            "Xi",
            "China",
            "?",
            "!",
            "...",
            "e.g.",
            "5",
            "1,200",
            " ",
            "\t",
            "\r",
            "\u00a0",
            "é",
            "ß",
        ]
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(news_like)
def test_offsets_round_trip_for_news_like_text(text):
    check_offsets(text)


@pytest.mark.parametrize(
    "text",
    ["It ended.Next we go", "Wow!!And more", 'He said "no."Then left', "? ?", "No stop", "End."],
)
def test_fast_path_agrees_with_punkt_on_odd_punctuation(text):
    from analysis.tokenizing import _punkt

    expected = [text[a:b] for a, b in _punkt().span_tokenize(text)]
    assert sentences(text) == expected


@settings(max_examples=300, deadline=None)
@given(news_like)
def test_paragraphs_skipped_by_the_fast_path_are_what_punkt_returns(text):
    """Punkt is not run on a paragraph with no inner full stop: it would return it whole."""
    from analysis.tokenizing import _has_inner_end, _punkt

    normalized = normalize(text)
    for paragraph in split_paragraphs(text):
        if not _has_inner_end(normalized, paragraph.start, paragraph.end):
            chunk = normalized[paragraph.start : paragraph.end]
            assert list(_punkt().span_tokenize(chunk)) == [(0, len(chunk))]


def punkt_alone(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """What ``_sentence_spans`` did before its shortcuts: Punkt on the whole paragraph, then
    the project's joining rule (leading spaces, which Punkt sometimes keeps, left out)."""
    from analysis.tokenizing import _punkt_joined

    return [
        (a + len(text[a:b]) - len(text[a:b].lstrip()), b)
        for a, b in _punkt_joined(text, start, end)
    ]


def check_shortcuts(text: str) -> None:
    from analysis.tokenizing import _sentence_spans

    normalized = normalize(text)
    for paragraph in split_paragraphs(text):
        start, end = paragraph.start, paragraph.end
        assert _sentence_spans(normalized, start, end) == punkt_alone(normalized, start, end)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Lima.",
                "Mr.",
                "Gen.",
                "Inc.",
                "said.",
                "Talks",
                "the",
                "U.S.",
                "No.",
                "J.",
                "2.5",
                "5.",
                "went",
                "well!",
                "why?",
                '"Yes."',
                "(see",
                "it.)",
                "…",
                "Next",
                "\n\n",
                "a.",
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_sentence_shortcuts_agree_with_punkt_alone(text):
    """Cutting at breaks Punkt always makes, and skipping pieces with nothing to split,
    changes no sentence."""
    check_shortcuts(text)


def test_sentence_shortcuts_agree_with_punkt_alone_on_real_articles(project_root):
    eval_file = project_root.parent / "shared" / "eval" / "xsumfaith.jsonl"
    if not eval_file.exists():
        pytest.skip(f"{eval_file} not found: the development data lies beside the project")
    import json

    articles = {json.loads(line)["source"] for line in eval_file.read_text("utf-8").splitlines()}
    for article in sorted(articles):
        check_shortcuts(article)


@settings(max_examples=200, deadline=None)
@given(st.text() | news_like)
def test_a_segmentation_survives_pickling_as_columns(text: str) -> None:
    segmentation = segment(text)
    assert pickle.loads(pickle.dumps(segmentation)) == segmentation


def test_keys_survive_pickling_where_case_folding_changes_the_length() -> None:
    segmentation = segment("Die Straße. STRASSE und Maße!")
    restored = pickle.loads(pickle.dumps(segmentation))
    assert [token.key for token in restored.tokens] == [t.key for t in segmentation.tokens]
    assert restored.tokens[1].key == "strasse"


@settings(max_examples=200, deadline=None)
@given(st.text() | news_like, st.integers(0, 60), st.integers(0, 60))
def test_token_columns_agree_with_the_tokens_made_from_them(text: str, a: int, b: int) -> None:
    segmentation = segment(text)
    first, last = sorted((a, b))
    between = segmentation.tokens_between(first, last)  # made before tokens is first used
    tokens = segmentation.tokens
    assert between == tokens[first:last]
    assert segmentation.tokens_between(first, last) == between  # taken from tokens now
    assert [segmentation.token(i) for i in range(len(tokens))] == list(tokens)
    assert [segmentation.key(i) for i in range(len(tokens))] == [t.key for t in tokens]
    assert segmentation.keys_of(range(len(tokens))) == tuple(t.key for t in tokens)
    assert segmentation.word_indices() == [i for i, t in enumerate(tokens) if t.is_word]
    punctuation = [i for i, t in enumerate(tokens) if t.kind == "punct"]
    assert segmentation.punctuation_indices() == punctuation
    assert segmentation.word_count == sum(t.is_word for t in tokens)
    for sentence in segmentation.sentences:
        words = sum(t.is_word for t in segmentation.tokens_of(sentence))
        assert segmentation.words_in(sentence) == words


def test_equal_segmentations_hash_alike_whether_or_not_their_tokens_were_made() -> None:
    made, unmade = segment("He left. She stayed."), segment("He left. She stayed.")
    assert made.tokens  # made now; unmade's never are
    assert made == unmade and hash(made) == hash(unmade)
    assert len({made, unmade}) == 1


@settings(max_examples=200, deadline=None)
@given(st.text() | news_like)
def test_segmenting_several_texts_segments_each_as_one(text: str) -> None:
    assert segment_each([text, text[::-1]]) == [segment(text), segment(text[::-1])]
