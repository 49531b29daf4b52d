"""The alignment benchmark: its synthetic pairs (bench/synth.py) and a quick run of its runner."""

from __future__ import annotations

import doctest
import importlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from analysis import tokenize

BENCH = Path(__file__).resolve().parents[1] / "bench"
PEERS = ("difflib", "difflib-nojunk", "cydifflib", "rapidfuzz")


@pytest.fixture(scope="module")
def synth() -> ModuleType:
    """``bench/synth.py``: the benchmarks are scripts, not a package."""
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("synth")
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def articles(synth):
    try:
        return synth.load_articles()
    except FileNotFoundError as error:
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def pair(synth, articles):
    return synth.synthetic_pair(articles, 20_000)


@pytest.fixture(scope="module")
def needle(synth, articles):
    return synth.needle_pair(articles, 5_000)


def test_the_examples_in_the_docstrings_hold(synth):
    result = doctest.testmod(synth, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_the_same_seed_gives_the_same_pair_and_another_seed_another(synth, articles):
    first = synth.synthetic_pair(articles, 3_000, seed=7)
    assert synth.synthetic_pair(articles, 3_000, seed=7) == first
    other = synth.synthetic_pair(articles, 3_000, seed=8)
    assert (other.source, other.derivative) != (first.source, first.derivative)


def test_the_source_has_the_size_asked_for(synth, articles):
    for words in (1_000, 10_000):
        source_words = synth.synthetic_pair(articles, words).stats["source_words"]
        assert words <= source_words < words + 100


def test_truth_spans_are_ordered_whole_sentences_inside_the_derivative(pair):
    previous_end = 0
    for span in pair.truth:
        assert previous_end <= span.start < span.end <= len(pair.derivative)
        text = pair.derivative[span.start : span.end]
        assert text == text.strip() and text
        previous_end = span.end
    for start, end in [*(r for s in pair.truth for r in s.source), *pair.deleted]:
        assert 0 <= start < end <= len(pair.source)


def test_every_derivative_character_outside_the_truth_is_whitespace(pair, needle):
    for case in (pair, needle):
        rest, position = [], 0
        for span in case.truth:
            rest.append(case.derivative[position : span.start])
            position = span.end
        rest.append(case.derivative[position:])
        assert "".join(rest).strip() == ""


def test_every_derivative_word_has_exactly_one_origin(pair):
    for token in tokenize(pair.derivative):
        span = pair.origin_at(token.start)
        assert span is not None and span.start <= token.start and token.end <= span.end


def test_copied_sentences_are_verbatim_and_paraphrased_ones_changed(synth, pair):
    groups: dict[tuple[tuple[int, int], ...], list[str]] = {}
    for span in pair.truth:
        text = pair.derivative[span.start : span.end]
        if span.origin == "copied":
            (start, end), *more = span.source
            assert not more and text == pair.source[start:end]
        elif span.origin == "paraphrased":
            assert span.operation in synth.OPERATIONS
            groups.setdefault(span.source, []).append(text)
    for source, texts in groups.items():
        before = " ".join(pair.source[start:end] for start, end in source)
        assert " ".join(texts) != before


def test_every_paraphrase_operation_occurs(synth, pair):
    counts = Counter(span.operation for span in pair.truth if span.origin == "paraphrased")
    assert set(counts) == set(synth.OPERATIONS)
    assert all(pair.stats["operations"][name] > 0 for name in synth.OPERATIONS)


def test_the_mix_is_near_the_intended_shares(synth, pair):
    words = Counter()
    for span in pair.truth:
        words[span.origin] += len(pair.derivative[span.start : span.end].split())
    total = sum(words.values())
    assert 0.08 <= words["inserted"] / total <= 0.12
    assert 0.45 <= words["copied"] / total <= 0.60
    assert 0.28 <= words["paraphrased"] / total <= 0.45
    assert pair.stats["moved_paragraphs"] == round(synth.MOVED * pair.stats["derived_paragraphs"])
    assert pair.deleted and any(span.moved for span in pair.truth)


def test_inserted_text_never_comes_from_the_source(pair):
    inserted = [pair.derivative[s.start : s.end] for s in pair.truth if s.origin == "inserted"]
    assert inserted
    assert not [sentence for sentence in inserted if sentence in pair.source]


def test_needle_filler_differs_between_the_sides_and_from_the_pair(needle, project_root):
    (s0, s1), (d0, d1) = needle.stats["needle_source"], needle.stats["needle_derivative"]
    raw = project_root / "data" / "raw"
    assert needle.source[s0:s1] == (raw / "source.txt").read_text(encoding="utf-8").strip()
    assert needle.derivative[d0:d1] == (raw / "derivative.txt").read_text(encoding="utf-8").strip()
    filler = [needle.derivative[s.start : s.end] for s in needle.truth if s.origin == "filler"]
    assert len(filler) > 100
    assert not [sentence for sentence in filler if sentence in needle.source]
    source_filler = needle.source[:s0] + needle.source[s1:]
    assert needle.derivative[d0:d1] not in source_filler
    assert len(source_filler.split()) >= 5_000 and len(filler) == sum(
        span.origin == "filler" for span in needle.truth
    )


def test_a_missing_eval_file_is_a_clear_error(synth, tmp_path):
    with pytest.raises(FileNotFoundError, match=r"xsumfaith\.jsonl: not found.*--eval-dir"):
        synth.load_articles(tmp_path)
    result = subprocess.run(
        [sys.executable, str(BENCH / "alignment.py"), "--eval-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and "xsumfaith.jsonl: not found" in result.stderr


@pytest.mark.slow
def test_a_quick_run_scores_every_peer(articles, tmp_path):
    command = [sys.executable, str(BENCH / "alignment.py"), "--sizes", "1k"]
    command += ["--needle-words", "2k", "--repeat", "2", "--out", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    assert "vs fastest peer" in result.stdout and "targets for analysis" in result.stdout

    report = json.loads((tmp_path / "alignment.json").read_text(encoding="utf-8"))
    assert report["benchmark"] == "alignment" and report["options"]["sizes"] == [1000]
    rows = {row["tool"]: row for row in report["rows"]}
    assert set(rows) == {"analysis", *PEERS}
    assert rows["analysis"]["status"] == "ok" or rows["analysis"]["status"].startswith(
        "not available"
    )
    for tool in PEERS:
        row = rows[tool]
        assert row["status"] == "ok" and row["seconds"] > 0 and row["peak_mib"] > 0
        assert len(row["run_seconds"]) == 2 and row["seconds"] == min(row["run_seconds"])
        for key in ("recall_copied", "recall_paraphrased", "false_credit_inserted"):
            assert 0 <= row[key] <= 1
        assert row["recall_copied"] > 0.5 and row["false_credit_inserted"] < 0.2
    assert min(rows[tool]["vs_fastest_peer"] for tool in PEERS) == 1.0
    needle = {row["tool"]: row for row in report["needle"]}
    for tool in PEERS:
        assert needle[tool]["status"] == "ok" and 0 < needle[tool]["retention"] <= 1
