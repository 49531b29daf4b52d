"""The evaluation script: word truth from annotated spans, pair-level helpers, a quick run."""

from __future__ import annotations

import doctest
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

METRICS = ("precision", "recall", "f1", "balanced_accuracy", "supported_credited")


@pytest.fixture(scope="module")
def evaluate(project_root: Path) -> ModuleType:
    """``bench/evaluate.py`` as a module (``bench`` is not a package)."""
    path = project_root / "bench" / "evaluate.py"
    spec = importlib.util.spec_from_file_location("bench_evaluate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_docstring_examples_hold(evaluate: ModuleType):
    assert doctest.testmod(evaluate).failed == 0


def test_word_truth_counts_distinct_annotators_per_word(evaluate: ModuleType):
    # XSumFaith style: lower-cased, tokenised, "``" quotes and "#" for "£".
    text = "the ``maverick''is paid # 9.8 m by fifa ."
    words = [w.text for w in evaluate.words_of(text)]
    assert words == ["the", "maverick", "is", "paid", "9.8", "m", "by", "fifa"]
    paid, fifa = text.index("paid"), text.index("fifa")
    row = {
        "derivative": text,
        "spans": [
            {"start": paid, "end": len(text) - 2, "annotator": "wid_0"},  # "paid … fifa"
            {"start": paid, "end": paid + 4, "annotator": "wid_0"},  # same annotator again
            {"start": fifa + 2, "end": fifa + 4, "annotator": "wid_1"},  # inside a word: "fa"
            {"start": text.index("9.8"), "end": text.index(" m "), "annotator": "wid_2"},
        ],
    }
    assert evaluate.annotator_counts(text, row["spans"]) == [0, 0, 0, 1, 2, 1, 1, 2]
    assert evaluate.word_truth(row) == [False] * 4 + [True, False, False, True]
    assert evaluate.word_truth(row, agreement=1) == [False] * 3 + [True] * 5
    assert evaluate.word_truth({"derivative": text, "spans": []}) == [False] * 8


def test_word_scores_and_pair_helpers(evaluate: ModuleType):
    scores = evaluate.word_scores(tp=3, fp=1, fn=1, tn=5)
    assert scores["precision"] == scores["recall"] == 0.75
    assert scores["supported_credited"] == 5 / 6
    assert scores["balanced_accuracy"] == pytest.approx((0.75 + 5 / 6) / 2)
    assert evaluate.word_scores(0, 0, 0, 0)["f1"] == 0.0

    values, labels = [0.9, 0.8, 0.4, 0.2], [True, True, False, False]
    assert evaluate.fit_cut(values, labels) == 0.8
    assert evaluate.balanced_accuracy(values, labels, 0.8) == 1.0
    assert evaluate.roc_auc(values, labels) == 1.0
    assert evaluate.roc_auc([0.5, 0.5, 0.5], [True, False, True]) == 0.5


def test_missing_eval_folder_is_one_line_and_exit_2(evaluate: ModuleType, tmp_path: Path, capsys):
    assert evaluate.main(["--eval-dir", str(tmp_path / "absent"), "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and error.count("\n") == 1 and "absent" in error


@pytest.mark.slow
def test_quick_run_writes_the_grid(evaluate: ModuleType, project_root: Path, tmp_path: Path):
    eval_dir = project_root.parent / "shared" / "eval"
    if not all((eval_dir / name).is_file() for name in evaluate.FILES.values()):
        pytest.skip(f"no evaluation data at {eval_dir} (CI puts shared/eval beside the clone)")
    script = project_root / "bench" / "evaluate.py"
    options = ["--quick", "--out", str(tmp_path), "--eval-dir", str(eval_dir)]
    result = subprocess.run(
        [sys.executable, str(script), *options],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "chosen on val" in result.stdout

    report = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    assert report["options"]["quick"] and report["check"]["identical_to_compare"]
    settings = [(m, t) for m in evaluate.QUICK_MIN_RUNS for t in evaluate.QUICK_THRESHOLDS]
    tools = [
        *((name, *s) for name in ("analysis", "analysis-word-links") for s in settings),
        ("source-overlap", None, None),
    ]
    grid = report["word_level"]["grid"]
    keys = [(r["cut"], r["agreement"], r["tool"], r["min_run"], r["link_threshold"]) for r in grid]
    expected = [(c, k, *t) for c in ("val", "test") for k in (1, 2) for t in tools]
    assert sorted(keys, key=str) == sorted(expected, key=str)
    for line in grid:
        assert line["words"] > 0
        assert all(0.0 <= line[name] <= 1.0 for name in METRICS), line
    chosen = report["word_level"]["chosen"]
    assert (chosen["min_run"], chosen["link_threshold"]) in settings
    pairs = {(line["dataset"], line["reported_on"]) for line in report["pair_level"]}
    assert pairs == {("xsumfaith", "test"), ("summedits_news", "test")}
    for line in report["pair_level"]:
        assert 0.0 <= line["balanced_accuracy"] <= 1.0 and 0.0 <= line["roc_auc"] <= 1.0
        low, high = line["balanced_accuracy_interval"]
        assert 0.0 <= low <= high <= 1.0
    assert report["timing"]["xsumfaith_grid"]["rows_per_s"] > 0


def test_findings_evaluation_counts_per_label(project_root: Path, tmp_path: Path):
    """bench/findings_eval.py on the first rows of XSumFaith: a table and its JSON."""
    eval_file = project_root.parent / "shared" / "eval" / "xsumfaith.jsonl"
    if not eval_file.is_file():
        pytest.skip(f"no evaluation data at {eval_file} (CI puts shared/eval beside the clone)")
    script = project_root / "bench" / "findings_eval.py"
    options = ["--limit", "20", "--out", str(tmp_path), "--eval-file", str(eval_file)]
    result = subprocess.run(
        [sys.executable, str(script), *options], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "findings_eval.json").read_text(encoding="utf-8"))
    assert sum(report["rows"].values()) == 20
    for label, rows in report["rows"].items():
        assert (
            report["with_derivative_words"].get(label, 0)
            <= report["with_any_change"].get(label, 0)
            <= rows
        )
    assert "consistent" in result.stdout or "inconsistent" in result.stdout
