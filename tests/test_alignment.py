"""Alignment and labels: invariants, order-freedom, symmetry, second tellings, scale."""

from __future__ import annotations

import itertools
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.alignment import find_runs
from analysis.comparison import Comparison, compare

PARAGRAPHS = [
    "The finance ministers of the two countries met in Geneva on Monday to discuss a new "
    "trade agreement covering steel, grain and fertiliser exports.",
    "Officials said the talks lasted more than six hours and ended without a joint statement, "
    "although both delegations described the atmosphere as constructive.",
    "The agreement would cut tariffs on agricultural machinery by half over five years, "
    "according to a draft seen by reporters.",
    "Farmers' unions in both countries have protested against the plan, warning that cheaper "
    "imports could drive small producers out of business.",
    "A second round of negotiations is scheduled for March in Vienna, where the ministers hope "
    "to settle the remaining questions about quotas.",
]
UNRELATED = [
    "Heavy snow closed mountain passes across the Alps on Thursday, stranding hundreds of "
    "skiers in resort villages.",
    "The orchestra announced that its new season would open with a rarely performed opera "
    "by a nineteenth-century composer.",
]


def labels(comparison: Comparison, side: str) -> set[str]:
    return {span.label for span in comparison.side(side)}  # type: ignore[arg-type]


def word_labels(comparison: Comparison, side: str) -> list[tuple[str, str]]:
    """(word text, label) for every word of one side."""
    spans = comparison.side(side)  # type: ignore[arg-type]
    result = []
    for token in comparison.segments(side).tokens:  # type: ignore[arg-type]
        if token.is_word:
            span = next(s for s in spans if s.start <= token.start < s.end)
            result.append((token.text, span.label))
    return result


def check_tiling(comparison: Comparison) -> None:
    """Spans of each side are sorted, touch end to end and cover the whole text."""
    for side in ("source", "derivative"):
        spans = comparison.side(side)  # type: ignore[arg-type]
        text = comparison.document(side).text  # type: ignore[arg-type]
        if not text:
            assert spans == ()
            continue
        assert spans[0].start == 0 and spans[-1].end == len(text)
        for before, after in itertools.pairwise(spans):
            assert before.end == after.start and before.start < before.end


def check_counterparts(comparison: Comparison) -> None:
    """Counterpart links go to the other side and are symmetric."""
    by_id = {span.id: span for span in comparison.spans}
    for span in comparison.spans:
        for other in span.counterpart:
            assert by_id[other].side != span.side
            assert span.id in by_id[other].counterpart


def test_identical_texts_are_all_verbatim():
    text = "\n\n".join(PARAGRAPHS)
    comparison = compare(text, text)
    assert labels(comparison, "source") == labels(comparison, "derivative") == {"verbatim"}
    assert comparison.summary["derivative"]["recycled"] == 0
    check_tiling(comparison)
    check_counterparts(comparison)


def test_unrelated_texts_are_all_added_and_dropped():
    comparison = compare("\n\n".join(PARAGRAPHS[:2]), "\n\n".join(UNRELATED))
    assert labels(comparison, "source") == {"dropped"}
    assert labels(comparison, "derivative") == {"added"}
    assert not any(span.counterpart for span in comparison.spans)
    assert comparison.pairs == ()


def test_shuffled_paragraphs_are_still_all_verbatim():
    shuffled = PARAGRAPHS[:]
    random.Random(3).shuffle(shuffled)
    assert shuffled != PARAGRAPHS
    comparison = compare("\n\n".join(PARAGRAPHS), "\n\n".join(shuffled))
    assert labels(comparison, "source") == labels(comparison, "derivative") == {"verbatim"}
    check_counterparts(comparison)


def test_a_moved_paragraph_links_to_its_own_source():
    moved = PARAGRAPHS[1:] + PARAGRAPHS[:1]
    comparison = compare("\n\n".join(PARAGRAPHS), "\n\n".join(moved))
    last = comparison.side("derivative")[-1]
    source = {span.id: span for span in comparison.side("source")}
    assert all(source[other].start == 0 for other in last.counterpart)


def test_paraphrase_is_recognised_and_added_material_is_not():
    source = "\n\n".join(PARAGRAPHS)
    derivative = (
        "Finance ministers from both nations held talks on Monday in Geneva about a fresh trade "
        "deal on exports of steel, grain and fertiliser.\n\n"
        "Experts say the deal could transform the region's economy for a generation.\n\n"
        "A draft seen by journalists shows tariffs on farm machinery would be halved within "
        "five years."
    )
    comparison = compare(source, derivative)
    derived = word_labels(comparison, "derivative")
    assert {label for word, label in derived if word in {"Finance", "Geneva", "tariffs"}} == {
        "paraphrase"
    }
    assert {label for word, label in derived if word in {"Experts", "generation"}} == {"added"}
    dropped = {word for word, label in word_labels(comparison, "source") if label == "dropped"}
    assert {"Vienna", "unions"} <= dropped


def test_swapping_roles_gives_the_mirrored_result():
    source = "\n\n".join(PARAGRAPHS[:4])
    derivative = "\n\n".join([PARAGRAPHS[2], UNRELATED[0], PARAGRAPHS[0], PARAGRAPHS[4]])
    forward, backward = compare(source, derivative), compare(derivative, source)
    credited = [label != "added" for _, label in word_labels(forward, "derivative")]
    kept = [label != "dropped" for _, label in word_labels(backward, "source")]
    assert credited == kept
    credited = [label != "added" for _, label in word_labels(backward, "derivative")]
    kept = [label != "dropped" for _, label in word_labels(forward, "source")]
    assert credited == kept


def test_swapping_roles_of_the_example_pair_mirrors_nearly_every_word(example_pair):
    source, derivative = example_pair
    forward, backward = compare(source, derivative), compare(derivative, source)
    credited = [label != "added" for _, label in word_labels(forward, "derivative")]
    kept = [label != "dropped" for _, label in word_labels(backward, "source")]
    agreement = sum(a == b for a, b in zip(credited, kept, strict=True)) / len(credited)
    assert agreement >= 0.9


def test_second_telling_in_added_material_is_recycled(example_pair):
    comparison = compare(*example_pair)
    text = comparison.derivative.text
    interview = text.index("**Interview with")
    recycled = [s for s in comparison.side("derivative") if "recycled" in s.flags]
    assert recycled and all(span.counterpart for span in recycled)
    assert any(span.start > interview for span in recycled)
    body = [s for s in comparison.side("derivative") if s.end <= interview]
    assert {s.label for s in body} >= {"verbatim", "paraphrase", "added"}
    after = [s for s in comparison.side("derivative") if s.start >= interview]
    assert {s.label for s in after if "recycled" not in s.flags} == {"added"}


def test_duplicated_headline_is_a_second_telling(example_pair):
    comparison = compare(*example_pair)
    first, second = comparison.side("derivative")[:2]
    text = comparison.derivative.text
    assert text[first.start : first.end].strip() == text[second.start : second.end].strip()
    assert first.label == "paraphrase" and "recycled" not in first.flags
    assert second.label == "added" and "recycled" in second.flags


def test_find_runs_is_order_free_and_prefers_uncopied_source():
    source = "one two three four five six seven eight nine ten eleven twelve".split()
    derivative = [*source[6:], "x", *source[:6], *source[:6]]
    runs = find_runs(source, derivative, k=3)
    assert [(r.source, r.derivative, r.length, r.recycled) for r in runs] == [
        (6, 0, 6, False),
        (0, 7, 6, False),
        (0, 13, 6, True),
    ]


sentence_pool = st.sampled_from(
    PARAGRAPHS + UNRELATED + ["Short one.", "Yes!", "“Quoted,” he said."]
)
texts = st.lists(sentence_pool, min_size=0, max_size=6).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(texts, texts)
def test_spans_tile_both_sides_and_links_are_symmetric(source, derivative):
    comparison = compare(source, derivative, use_wordnet=False)
    check_tiling(comparison)
    check_counterparts(comparison)
    for span in comparison.spans:
        assert span.label in (
            {"verbatim", "paraphrase", "changed", "dropped"}
            if span.side == "source"
            else {"verbatim", "paraphrase", "changed", "added"}
        )


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_arbitrary_unicode_never_breaks_the_tiling(source, derivative):
    comparison = compare(source, derivative, use_wordnet=False)
    check_tiling(comparison)
    check_counterparts(comparison)


@pytest.mark.slow
def test_one_sentence_repeated_10000_times_scales_near_linearly():
    sentence = "The committee met on Tuesday to discuss the budget for next year. "

    def seconds(repeats: int) -> float:
        start = time.perf_counter()
        comparison = compare(sentence * repeats, sentence * repeats, use_wordnet=False)
        elapsed = time.perf_counter() - start
        assert labels(comparison, "derivative") == {"verbatim"}
        assert comparison.summary["derivative"]["recycled"] == 0
        return elapsed

    small, large = seconds(2_500), seconds(10_000)
    assert large / small < 8  # four times the input; quadratic work would be 16 times slower
