"""Measure the tool on the development data and fit the link threshold (and check min_run).

Run ``make eval`` (or ``.venv/bin/python bench/evaluate.py``). It prints tables and writes
``<out>/evaluation.json``. ``docs/evaluation.md`` explains the method and the results.

Data: ``xsumfaith.jsonl`` and ``summedits_news.jsonl`` from the eval folder (default
``<project root>/../shared/eval``, ``--eval-dir DIR``).

1. **Word level** (XSumFaith): every derivative word (an ``analysis.tokenize`` token that is a
   word or a number; punctuation left out) is *unsupported* when at least two annotators
   marked a span overlapping it (also reported: at least one), else *supported*. Our
   prediction for a word is its span's label: ``added`` flags it, anything else credits it
   to the source. For every ``(min_run, link_threshold)`` of the grid: precision, recall and
   F1 of the ``added`` label as a detector of unsupported words, balanced accuracy, and the
   share of supported words credited. The setting is chosen on the SummaC ``val`` cut
   (highest balanced accuracy; the default ``min_run`` unless another gains more than
   :data:`MIN_RUN_TOLERANCE`) and reported on the ``test`` cut, with bootstrap intervals,
   per system, per annotated span type, and against the alignment's word links (a content
   word credited only when it has its own exact run or word link).
2. **Pair level**, for orientation only: score = share of the derivative's content words
   credited; the score threshold is chosen on one split, balanced accuracy reported on the
   other (XSumFaith: ``meta.summac_label``, val → test; SummEdits news: ``evaluation`` →
   ``test``). SummEdits has no word truth and runs at the chosen and default settings only.
   A peer runs alongside: ``source-overlap`` credits a word whose key or stem occurs
   anywhere in the source.
3. **Speed**: ``compare()`` per row at the defaults, then the grid in ``--jobs`` processes.

The grid runs :func:`analysis.alignment.align` and :func:`analysis.findings.spans_with_findings` on
segmentations made once per row (and once per article), with one shared lexicon: exactly what
:func:`analysis.comparison.compare` does, without re-segmenting the article for each of the
settings. A check at the start asserts that the derivative spans are identical to
``compare(...).side("derivative")`` on a sample of rows.

Options: ``--quick`` (a deterministic subsample: 40 rows of each dataset, 3 thresholds, 2
min_runs; for the test), ``--jobs N`` (default 2), ``--eval-dir DIR``, ``--out DIR``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from analysis import Segmentation, Token, paths, segment, tokenize
from analysis.alignment import LINK_THRESHOLD, MIN_RUN, Alignment, align
from analysis.comparison import compare
from analysis.findings import spans_with_findings
from analysis.labeling import Span, spans_at
from analysis.lexicon import Lexicon, is_content, stem

RESULTS = Path(__file__).resolve().parent / "results"
EVAL_DIR = paths.PROJECT_ROOT.parent / "shared" / "eval"
FILES = {"xsumfaith": "xsumfaith.jsonl", "summedits_news": "summedits_news.jsonl"}
THRESHOLDS = (0.05, 0.1, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.35, 0.4, 0.5)
MIN_RUNS = (4, 6, 8)
QUICK_THRESHOLDS = (0.2, 0.3, 0.4)
QUICK_MIN_RUNS = (4, 6)
QUICK_ROWS = 40  # per dataset, half from each split
CHECK_ROWS = 25  # per dataset: compare() timed and checked against the grid's own path
QUICK_CHECK_ROWS = 3
MIN_RUN_TOLERANCE = 0.005  # val balanced accuracy another min_run must gain to replace the default
AGREEMENT = (2, 1)  # annotators needed for "unsupported": the primary truth first
BOOTSTRAP = 1000
SEED = 2024
SPLITS = {"xsumfaith": ("val", "test"), "summedits_news": ("evaluation", "test")}
"""Per dataset: the split thresholds are chosen on, then the split they are reported on."""
LETTERS = {"verbatim": "v", "paraphrase": "p", "changed": "c", "added": "a"}

Setting = tuple[int, float]  # (min_run, link_threshold)


# --- data ------------------------------------------------------------------------------------


def read_rows(eval_dir: Path, dataset: str) -> list[dict[str, Any]]:
    """The rows of one dataset, in file order."""
    with (eval_dir / FILES[dataset]).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def split_of(row: Mapping[str, Any]) -> str:
    """The row's split: SummaC's cut for XSumFaith, the upstream split for SummEdits."""
    meta = row["meta"]
    return str(meta["summac_cut"] if row["dataset"] == "xsumfaith" else meta["split"])


def is_consistent(row: Mapping[str, Any]) -> bool:
    """The pair label compared with published numbers (XSumFaith: SummaC's label)."""
    label = row["meta"]["summac_label"] if row["dataset"] == "xsumfaith" else row["label"]
    return bool(label == "consistent")


def quick_sample(rows: Sequence[dict[str, Any]], dataset: str) -> list[dict[str, Any]]:
    """A deterministic subsample: evenly spaced rows, half from each split."""
    chosen = []
    for split in SPLITS[dataset]:
        members = [row for row in rows if split_of(row) == split]
        step = max(1, len(members) // (QUICK_ROWS // 2))
        chosen += members[::step][: QUICK_ROWS // 2]
    return chosen


def words_of(text: str) -> list[Token]:
    """The words the evaluation counts: ``analysis.tokenize`` words and numbers."""
    return [token for token in tokenize(text) if token.is_word]


def annotator_counts(text: str, spans: Iterable[Mapping[str, Any]]) -> list[int]:
    """Per word of ``text``, how many distinct annotators marked a span overlapping it.

    >>> annotator_counts("a b c", [{"start": 0, "end": 3, "annotator": "x"},
    ...                            {"start": 2, "end": 3, "annotator": "y"}])
    [1, 2, 0]
    """
    words = words_of(text)
    marked: list[set[str]] = [set() for _ in words]
    for span in spans:
        for index, word in enumerate(words):
            if word.start < span["end"] and span["start"] < word.end:
                marked[index].add(span["annotator"])
    return [len(annotators) for annotators in marked]


def word_truth(row: Mapping[str, Any], *, agreement: int = 2) -> list[bool]:
    """Per derivative word: unsupported (True) when at least ``agreement`` annotators marked it.

    >>> row = {"derivative": "he won gold", "spans": [
    ...     {"start": 3, "end": 11, "annotator": "a"}, {"start": 7, "end": 11, "annotator": "b"}]}
    >>> word_truth(row), word_truth(row, agreement=1)
    ([False, False, True], [False, True, True])
    """
    return [count >= agreement for count in annotator_counts(row["derivative"], row["spans"])]


def span_types(row: Mapping[str, Any]) -> list[str]:
    """Per derivative word, the annotated type of the spans overlapping it: ``intrinsic``,
    ``extrinsic``, ``both`` or ``""`` (none).

    >>> span_types({"derivative": "a b", "spans": [{"start": 0, "end": 1, "label": "extrinsic"}]})
    ['extrinsic', '']
    """
    types = []
    for word in words_of(row["derivative"]):
        found = {
            span["label"]
            for span in row["spans"]
            if word.start < span["end"] and span["start"] < word.end
        }
        types.append("both" if len(found) > 1 else found.pop() if found else "")
    return types


# --- running the tool ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowResult:
    """The tool's word labels for one row under every setting, and the peer's."""

    id: str
    labels: dict[Setting, str]  # one letter per word (LETTERS); upper case when recycled
    links: dict[Setting, str]  # per word "1" when in a run or word-linked (linked_words)
    overlap: str  # per word "1" when its key or stem occurs in the source (the peer)
    content: str  # per word "1" for a content word
    best_similarity: float  # best sentence-link score with no threshold (default min_run)
    seconds: float  # time for all settings of this row


def word_letters(words: Sequence[Token], spans: Sequence[Span]) -> str:
    """The label letter of the span holding each word (spans tile the text in order)."""
    letters = []
    for span in spans_at([word.start for word in words], spans):
        letter = LETTERS[span.label]
        letters.append(letter.upper() if "recycled" in span.flags else letter)
    return "".join(letters)


def aligned(
    source: Segmentation, derivative: Segmentation, lexicon: Lexicon, setting: Setting
) -> tuple[Alignment, tuple[Span, ...]]:
    """The alignment and what ``compare(...).side("derivative")`` returns, from segmentations
    made once."""
    min_run, threshold = setting
    alignment = align(source, derivative, lexicon=lexicon, min_run=min_run, threshold=threshold)
    return alignment, spans_with_findings(alignment, lexicon)[1]


def linked_words(alignment: Alignment) -> set[int]:
    """Derivative words (alignment word indices) in an exact run or paired with a source word
    by a sentence link: the alignment's word-level evidence, finer than the labels."""
    words = {d for link in alignment.links for _, d, _ in link.word_links}
    for run in alignment.runs:
        words.update(range(run.derivative, run.derivative + run.length))
    return words


def run_row(
    source: Segmentation, row: Mapping[str, Any], lexicon: Lexicon, settings: Sequence[Setting]
) -> RowResult:
    """Label one row's derivative words under every setting."""
    start = time.perf_counter()
    derivative = segment(row["derivative"])
    words = [token for token in derivative.tokens if token.is_word]
    labels, links = {}, {}
    for setting in settings:
        alignment, spans = aligned(source, derivative, lexicon, setting)
        if len(alignment.derivative.words) != len(words):
            raise AssertionError(f"{row['id']}: the alignment counts different words")
        labels[setting] = word_letters(words, spans)
        linked = linked_words(alignment)
        links[setting] = "".join("1" if w in linked else "0" for w in range(len(words)))
    vocabulary = {token.key for token in source.tokens if token.is_word}
    stems = {stem(key) for key in vocabulary}
    overlap = "".join("1" if w.key in vocabulary or stem(w.key) in stems else "0" for w in words)
    content = "".join("1" if is_content(word) else "0" for word in words)
    unlimited, _ = aligned(source, derivative, lexicon, (MIN_RUN, 0.0))
    best = max((link.similarity for link in unlimited.links), default=0.0)
    seconds = time.perf_counter() - start
    return RowResult(row["id"], labels, links, overlap, content, best, seconds)


_LEXICON: list[Lexicon] = []


def _init_worker() -> None:
    _LEXICON[:] = [Lexicon.load(use_wordnet=True)]


def _run_group(task: tuple[str, list[dict[str, Any]], list[Setting]]) -> list[RowResult]:
    """All rows that share one source, the source segmented once."""
    text, rows, settings = task
    source = segment(text)
    return [run_row(source, row, _LEXICON[0], settings) for row in rows]


def run_grid(
    rows: Sequence[dict[str, Any]], settings: Sequence[Setting], jobs: int
) -> dict[str, RowResult]:
    """Every row under every setting, rows grouped by source, in ``jobs`` processes."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["source"]].append(row)
    tasks = sorted(
        ((text, members, list(settings)) for text, members in groups.items()),
        key=lambda task: -len(task[1]) * len(task[0]),  # biggest first, for balance
    )
    results: dict[str, RowResult] = {}
    if jobs <= 1:
        _init_worker()
        outputs: Iterable[list[RowResult]] = map(_run_group, tasks)
        for output in outputs:
            results.update((result.id, result) for result in output)
        return results
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker) as pool:
        for output in pool.imap_unordered(_run_group, tasks):
            results.update((result.id, result) for result in output)
    return results


def check_against_compare(
    rows: Sequence[dict[str, Any]], settings: Sequence[Setting]
) -> dict[str, Any]:
    """Time ``compare()`` per row, and check the grid's path gives the very same spans."""
    lexicon = Lexicon.load(use_wordnet=True)
    compare(rows[0]["source"], rows[0]["derivative"], use_wordnet=True)  # warm up
    seconds, checked = 0.0, 0
    for row in rows:
        for min_run, threshold in settings:
            start = time.perf_counter()
            result = compare(
                row["source"],
                row["derivative"],
                use_wordnet=True,
                min_run=min_run,
                link_threshold=threshold,
            )
            seconds += time.perf_counter() - start
            _, ours = aligned(
                segment(row["source"]), segment(row["derivative"]), lexicon, (min_run, threshold)
            )
            if result.side("derivative") != ours:
                raise AssertionError(f"{row['id']}: the grid's spans differ from compare()'s")
            checked += 1
    return {
        "rows": len(rows),
        "comparisons": checked,
        "identical_to_compare": True,
        "compare_ms_per_row": 1000 * seconds / checked,
        "wordnet_used": result.used_wordnet,
    }


# --- word level ------------------------------------------------------------------------------


def confusion(truth: Sequence[bool], credited: Iterable[bool]) -> tuple[int, int, int, int]:
    """``(tp, fp, fn, tn)`` of "not credited" (``added``) as a detector of unsupported words."""
    tp = fp = fn = tn = 0
    for unsupported, ok in zip(truth, credited, strict=True):
        if unsupported:
            tp, fn = (tp, fn + 1) if ok else (tp + 1, fn)
        else:
            tn, fp = (tn + 1, fp) if ok else (tn, fp + 1)
    return tp, fp, fn, tn


def word_scores(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    """Precision, recall, F1, balanced accuracy, share of supported words credited; an empty
    denominator gives 0 (no words of that kind)."""

    def ratio(a: float, b: float) -> float:
        return a / b if b else 0.0

    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    specificity = ratio(tn, tn + fp)
    return {
        "precision": precision,
        "recall": recall,
        "f1": ratio(2 * precision * recall, precision + recall),
        "balanced_accuracy": (recall + specificity) / 2,
        "supported_credited": specificity,
        "unsupported_share": ratio(tp + fn, tp + fp + fn + tn),
    }


Predictor = Callable[[RowResult], Iterable[bool]]


def tool(setting: Setting) -> Predictor:
    """Credited words under one setting: every label but ``added``."""
    return lambda result: (letter.lower() != "a" for letter in result.labels[setting])


def word_links(setting: Setting) -> Predictor:
    """Credited words by the alignment's word-level evidence: a content word needs a run or a
    word link of its own (:func:`linked_words`); a function word follows its label."""

    def predict(result: RowResult) -> Iterable[bool]:
        flags = zip(result.links[setting], result.content, result.labels[setting], strict=True)
        return (
            linked == "1" or (content == "0" and letter.lower() != "a")
            for linked, content, letter in flags
        )

    return predict


def peer(result: RowResult) -> Iterable[bool]:
    """The peer credits a word whose key or stem occurs anywhere in the source."""
    return (flag == "1" for flag in result.overlap)


def row_confusions(
    rows: Sequence[dict[str, Any]], results: Mapping[str, RowResult], predict: Predictor, k: int
) -> np.ndarray:
    """One ``(tp, fp, fn, tn)`` line per row."""
    return np.array(
        [confusion(_truth(row, k), predict(results[row["id"]])) for row in rows], dtype=np.int64
    ).reshape(-1, 4)


_TRUTH: dict[tuple[str, int], list[bool]] = {}


def _truth(row: Mapping[str, Any], agreement: int) -> list[bool]:
    """:func:`word_truth`, computed once per row and agreement level."""
    key = (row["id"], agreement)
    if key not in _TRUTH:
        _TRUTH[key] = word_truth(row, agreement=agreement)
    return _TRUTH[key]


def word_grid(
    rows: Sequence[dict[str, Any]], results: Mapping[str, RowResult], settings: Sequence[Setting]
) -> list[dict[str, Any]]:
    """One line per cut, truth variant, tool and setting: the labels (``analysis``), the word
    links (``analysis-word-links``) and the peer (``source-overlap``, ``min_run`` None)."""
    lines = []
    predictors: list[tuple[str, int | None, float | None, Predictor]] = [
        (name, m, t, predict((m, t)))
        for name, predict in (("analysis", tool), ("analysis-word-links", word_links))
        for m, t in settings
    ]
    predictors.append(("source-overlap", None, None, peer))
    for cut in SPLITS["xsumfaith"]:
        members = [row for row in rows if split_of(row) == cut]
        for k in AGREEMENT:
            for name, min_run, threshold, predict in predictors:
                tp, fp, fn, tn = (
                    int(x) for x in row_confusions(members, results, predict, k).sum(0)
                )
                lines.append(
                    {
                        "cut": cut,
                        "agreement": k,
                        "tool": name,
                        "min_run": min_run,
                        "link_threshold": threshold,
                        "rows": len(members),
                        "words": tp + fp + fn + tn,
                        **dict(zip(("tp", "fp", "fn", "tn"), (tp, fp, fn, tn), strict=True)),
                        **word_scores(tp, fp, fn, tn),
                    }
                )
    return lines


def choose(grid: Sequence[Mapping[str, Any]], cut: str) -> Setting:
    """The setting with the highest balanced accuracy on ``cut`` (primary truth). The default
    ``min_run`` is kept unless another one gains more than :data:`MIN_RUN_TOLERANCE`; ties
    go to the threshold nearest the default."""
    lines = [
        line
        for line in grid
        if line["cut"] == cut and line["agreement"] == AGREEMENT[0] and line["tool"] == "analysis"
    ]

    def best(candidates: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
        return max(
            candidates,
            key=lambda line: (
                round(line["balanced_accuracy"], 9),
                -abs(line["link_threshold"] - LINK_THRESHOLD),
            ),
        )

    overall = best(lines)
    default = [line for line in lines if line["min_run"] == MIN_RUN]
    if default and best(default)["balanced_accuracy"] >= overall["balanced_accuracy"] - (
        MIN_RUN_TOLERANCE
    ):
        overall = best(default)
    return overall["min_run"], overall["link_threshold"]


def bootstrap(
    rows: Sequence[dict[str, Any]], results: Mapping[str, RowResult], settings: Sequence[Setting]
) -> dict[str, Any]:
    """95 % intervals of test balanced accuracy (rows resampled) for the settings and their
    difference (second minus first), with the same resamples for both."""
    members = [row for row in rows if split_of(row) == SPLITS["xsumfaith"][1]]
    rng = np.random.default_rng(SEED)
    picks = rng.integers(0, len(members), size=(BOOTSTRAP, len(members)))
    values = []
    for setting in settings:
        counts = row_confusions(members, results, tool(setting), AGREEMENT[0])[picks].sum(1)
        tp, fp, fn, tn = counts.T
        values.append((tp / np.maximum(tp + fn, 1) + tn / np.maximum(tn + fp, 1)) / 2)

    def interval(sample: np.ndarray) -> list[float]:
        return [float(x) for x in np.percentile(sample, [2.5, 97.5])]

    return {
        "resamples": BOOTSTRAP,
        "settings": [list(setting) for setting in settings],
        "intervals": [interval(sample) for sample in values],
        "difference": interval(values[-1] - values[0]),
    }


def by_system(
    rows: Sequence[dict[str, Any]], results: Mapping[str, RowResult], setting: Setting
) -> list[dict[str, Any]]:
    """Test-cut word scores per summarisation system, at one setting (primary truth)."""
    members = [row for row in rows if split_of(row) == SPLITS["xsumfaith"][1]]
    lines = []
    for system in sorted({row["meta"]["system"] for row in members}):
        chosen = [row for row in members if row["meta"]["system"] == system]
        counts = row_confusions(chosen, results, tool(setting), AGREEMENT[0]).sum(0)
        tp, fp, fn, tn = (int(x) for x in counts)
        lines.append({"system": system, "rows": len(chosen), **word_scores(tp, fp, fn, tn)})
    return lines


def recall_by_type(
    rows: Sequence[dict[str, Any]], results: Mapping[str, RowResult], predict: Predictor
) -> dict[str, dict[str, float]]:
    """Test cut: share of unsupported words (primary truth) flagged, by annotated span type."""
    flagged: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in rows:
        if split_of(row) != SPLITS["xsumfaith"][1]:
            continue
        words = zip(
            _truth(row, AGREEMENT[0]), span_types(row), predict(results[row["id"]]), strict=True
        )
        for unsupported, kind, ok in words:
            if unsupported:
                total[kind] += 1
                flagged[kind] += not ok
    return {kind: {"words": total[kind], "recall": flagged[kind] / total[kind]} for kind in total}


def similarity_quartiles(
    rows: Sequence[dict[str, Any]], results: Mapping[str, RowResult]
) -> dict[str, Any]:
    """Quartiles of each summary's best sentence-link score (no threshold), for summaries with
    no unsupported word and for those at least half unsupported (primary truth): where a
    threshold can separate them."""
    groups: dict[str, list[float]] = {"fully supported": [], "half or more unsupported": []}
    for row in rows:
        truth = _truth(row, AGREEMENT[0])
        share = sum(truth) / len(truth) if truth else 0.0
        best = results[row["id"]].best_similarity
        if share == 0:
            groups["fully supported"].append(best)
        elif share >= 0.5:
            groups["half or more unsupported"].append(best)
    return {
        name: {"rows": len(v), "quartiles": [float(q) for q in np.percentile(v, [25, 50, 75])]}
        for name, v in groups.items()
        if v
    }


def label_shares(results: Iterable[RowResult], setting: Setting) -> dict[str, float]:
    """Share of derivative words under each label (``recycled``: flagged, any label)."""
    counts: Counter[str] = Counter()
    for result in results:
        for letter in result.labels[setting]:
            counts[letter.lower()] += 1
            counts["recycled"] += letter.isupper()
    total = sum(counts[letter] for letter in LETTERS.values()) or 1
    names = {**{v: k for k, v in LETTERS.items()}, "recycled": "recycled"}
    return {names[key]: counts[key] / total for key in [*LETTERS.values(), "recycled"]}


def row_patterns(results: Iterable[RowResult], setting: Setting) -> dict[str, int]:
    """How many derivatives are all ``added``, have no ``added`` word, or are mixed: how often
    the labels decide a whole (one-sentence) summary at once."""
    counts: Counter[str] = Counter()
    for result in results:
        added = {letter.lower() == "a" for letter in result.labels[setting]}
        counts[
            "all added" if added == {True} else "none added" if True not in added else "mixed"
        ] += 1
    return dict(counts)


# --- pair level ------------------------------------------------------------------------------


def credited_share(result: RowResult, credited: Iterable[bool]) -> float:
    """Share of the derivative's content words credited (1 when it has none)."""
    flags = [ok for ok, content in zip(credited, result.content, strict=True) if content == "1"]
    return sum(flags) / len(flags) if flags else 1.0


def balanced_accuracy(scores: Sequence[float], labels: Sequence[bool], cut: float) -> float:
    """Mean recall of both classes when ``score >= cut`` predicts consistent."""
    hits = Counter((label, score >= cut) for score, label in zip(scores, labels, strict=True))
    positives, negatives = labels.count(True), labels.count(False)
    recall = hits[True, True] / positives if positives else 0.0
    specificity = hits[False, False] / negatives if negatives else 0.0
    return (recall + specificity) / 2


def fit_cut(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """The score threshold with the highest balanced accuracy (the lowest among ties)."""
    candidates = [*sorted(set(scores)), float("inf")]
    return max(candidates, key=lambda cut: (balanced_accuracy(scores, labels, cut), -cut))


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Probability that a consistent pair scores above an inconsistent one (ties count half)."""
    positive = [s for s, label in zip(scores, labels, strict=True) if label]
    negative = [s for s, label in zip(scores, labels, strict=True) if not label]
    if not positive or not negative:
        return 0.5
    values = np.array(scores)
    order = values.argsort(kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for value in set(scores):  # average ranks over ties
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    positive_ranks = ranks[np.array(labels)].sum()
    n_pos, n_neg = len(positive), len(negative)
    return float((positive_ranks - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def ba_interval(scores: Sequence[float], labels: Sequence[bool], cut: float) -> list[float]:
    """95 % bootstrap interval of the balanced accuracy at a fixed cut (rows resampled)."""
    predicted = np.array(scores) >= cut
    truth = np.array(labels, dtype=bool)
    picks = np.random.default_rng(SEED).integers(0, len(truth), size=(BOOTSTRAP, len(truth)))
    p, t = predicted[picks], truth[picks]
    recall = (p & t).sum(1) / np.maximum(t.sum(1), 1)
    specificity = (~p & ~t).sum(1) / np.maximum((~t).sum(1), 1)
    return [float(x) for x in np.percentile((recall + specificity) / 2, [2.5, 97.5])]


def pair_level(
    dataset: str,
    rows: Sequence[dict[str, Any]],
    results: Mapping[str, RowResult],
    predictors: Mapping[str, Predictor],
) -> list[dict[str, Any]]:
    """Per scorer: score threshold chosen on the first split, measured on the second."""
    choose_split, report_split = SPLITS[dataset]
    lines = []
    for name, predict in predictors.items():
        data: dict[str, tuple[list[float], list[bool]]] = {}
        for split in (choose_split, report_split):
            members = [row for row in rows if split_of(row) == split]
            scores = [credited_share(results[r["id"]], predict(results[r["id"]])) for r in members]
            data[split] = (scores, [is_consistent(row) for row in members])
        cut = fit_cut(*data[choose_split])
        lines.append(
            {
                "dataset": dataset,
                "scorer": name,
                "chosen_on": choose_split,
                "reported_on": report_split,
                "rows": {split: len(data[split][0]) for split in data},
                "consistent": {split: sum(data[split][1]) for split in data},
                "score_threshold": cut if cut != float("inf") else None,
                "balanced_accuracy_chosen_on": balanced_accuracy(*data[choose_split], cut),
                "balanced_accuracy": balanced_accuracy(*data[report_split], cut),
                "balanced_accuracy_interval": ba_interval(*data[report_split], cut),
                "roc_auc": roc_auc(*data[report_split]),
            }
        )
    return lines


REFERENCE = {
    "xsumfaith": {
        "source": "tingofurro/summac@c1f3da9, SummaC - Main Results.ipynb (test cut)",
        "balanced_accuracy": {"SummaC-Conv": 0.664, "NER overlap": 0.623, "SummaC-ZS": 0.584},
        "roc_auc": {"SummaC-Conv": 0.702, "QuestEval": 0.664, "SummaC-ZS": 0.580},
    },
    "summedits_news": {
        "source": "salesforce/factualNLG@0da1dfa README, News column (balanced accuracy, %)",
        "balanced_accuracy": {
            "GPT4": 0.833,
            "QAFactEval": 0.744,
            "SummaCConv": 0.619,
            "DAE": 0.609,
            "Llama2-7b": 0.506,
        },
    },
}
"""Published numbers quoted in the eval README, for orientation (not measured here)."""


# --- output ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Enough about this machine and its software to compare runs."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "packages": {name: version(name) for name in ("derivative-analysis", "nltk")},
    }


def table(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    """Plain text with aligned columns: the first column left, the others right."""
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in [header, *body]
    ]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def _f(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def grid_table(
    grid: Sequence[Mapping[str, Any]], agreement: int, keep: Callable[[Mapping[str, Any]], bool]
) -> str:
    """Val and test side by side, one line per tool and setting that ``keep`` accepts."""
    keyed = {
        (line["cut"], line["tool"], line["min_run"], line["link_threshold"]): line
        for line in grid
        if line["agreement"] == agreement and keep(line)
    }
    val, test = SPLITS["xsumfaith"]
    columns = ("precision", "recall", "f1", "balanced_accuracy", "supported_credited")
    body = []
    for (cut, name, min_run, threshold), line in keyed.items():
        if cut != val:
            continue
        other = keyed[test, name, min_run, threshold]
        label = f"{name} {min_run}/{threshold:.3f}" if min_run is not None else name
        body.append([label, *(_f(line[c]) for c in columns), *(_f(other[c]) for c in columns)])
    names = ["P", "R", "F1", "BA", "sup.cr"]
    header = ["tool min_run/threshold", *(f"val {n}" for n in names), *(f"test {n}" for n in names)]
    return table(header, body)


def pair_table(lines: Sequence[Mapping[str, Any]]) -> str:
    body = [
        [
            f"{line['dataset']}: {line['scorer']}",
            f"{line['chosen_on']} → {line['reported_on']}",
            _f(line["score_threshold"]),
            _f(line["balanced_accuracy_chosen_on"]),
            _f(line["balanced_accuracy"]),
            "–".join(_f(x) for x in line["balanced_accuracy_interval"]),
            _f(line["roc_auc"]),
        ]
        for line in lines
    ]
    header = ["dataset: scorer", "splits", "score cut", "BA first", "BA second", "95%", "AUC"]
    return table(header, body)


def setting_name(setting: Setting) -> str:
    return f"analysis (min_run {setting[0]}, t {setting[1]:g})"


# --- command line ----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Evaluate the tool on the development data.")
    parser.add_argument("--quick", action="store_true", help="a small deterministic subsample")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR, help="the eval data folder")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for evaluation.json")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="processes")
    return parser.parse_args(argv)


def load_data(eval_dir: Path, *, quick: bool) -> dict[str, list[dict[str, Any]]]:
    data = {name: read_rows(eval_dir, name) for name in FILES}
    return {name: quick_sample(rows, name) if quick else rows for name, rows in data.items()}


def describe_data(
    eval_dir: Path, data: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    return {
        name: {
            "file": str(eval_dir / FILES[name]),
            "sha256": hashlib.sha256((eval_dir / FILES[name]).read_bytes()).hexdigest(),
            "rows": len(rows),
            "splits": dict(Counter(split_of(row) for row in rows)),
        }
        for name, rows in data.items()
    }


def timed_grid(
    rows: Sequence[dict[str, Any]], settings: Sequence[Setting], jobs: int
) -> tuple[dict[str, RowResult], dict[str, Any]]:
    """:func:`run_grid` with its wall-clock time and throughput."""
    start = time.perf_counter()
    results = run_grid(rows, settings, jobs)
    seconds = time.perf_counter() - start
    busy = sum(result.seconds for result in results.values())
    return results, {
        "rows": len(rows),
        "settings": len(settings),
        "wall_s": seconds,
        "rows_per_s": len(rows) / seconds,
        "comparisons_per_s": len(rows) * len(settings) / seconds,
        "ms_per_row_and_setting": 1000 * busy / (len(rows) * len(settings)),
    }


def word_level(
    rows: Sequence[dict[str, Any]], results: Mapping[str, RowResult], settings: Sequence[Setting]
) -> dict[str, Any]:
    """The grid on both cuts, the setting chosen on val, and the test cut looked at closer."""
    for row in rows:
        if len(words_of(row["derivative"])) != len(results[row["id"]].content):
            raise AssertionError(f"{row['id']}: truth and prediction count different words")
    grid = word_grid(rows, results, settings)
    chosen = choose(grid, SPLITS["xsumfaith"][0])
    default: Setting = (MIN_RUN, LINK_THRESHOLD)
    shown = list(dict.fromkeys([chosen, default] if default in settings else [chosen]))
    return {
        "grid": grid,
        "chosen": {"min_run": chosen[0], "link_threshold": chosen[1]},
        "bootstrap_test": bootstrap(rows, results, [default, chosen])
        if default in settings
        else None,
        "by_system_test": {setting_name(s): by_system(rows, results, s) for s in shown},
        "best_similarity": similarity_quartiles(rows, results),
        "recall_by_span_type_test": {
            **{setting_name(s): recall_by_type(rows, results, tool(s)) for s in shown},
            "source-overlap": recall_by_type(rows, results, peer),
        },
    }


def describe_options(args: argparse.Namespace, settings: Sequence[Setting]) -> dict[str, Any]:
    return {
        "quick": args.quick,
        "jobs": args.jobs,
        "min_runs": sorted({m for m, _ in settings}),
        "link_thresholds": sorted({t for _, t in settings}),
        "defaults": [MIN_RUN, LINK_THRESHOLD],
        "words": "analysis.tokenize tokens that are words or numbers (punctuation left out)",
        "unsupported": "at least `agreement` annotators marked a span overlapping the word",
        "selection": f"highest val balanced accuracy, agreement {AGREEMENT[0]}; the default"
        f" min_run unless another gains more than {MIN_RUN_TOLERANCE}",
    }


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    """The check, the XSumFaith grid and choice, then SummEdits at the chosen and default
    settings only (it has no word truth), the pair level and the timings."""
    began = time.perf_counter()
    data = load_data(args.eval_dir, quick=args.quick)
    thresholds = QUICK_THRESHOLDS if args.quick else THRESHOLDS
    min_runs = QUICK_MIN_RUNS if args.quick else MIN_RUNS
    settings = [(m, t) for m in min_runs for t in thresholds]
    default: Setting = (MIN_RUN, LINK_THRESHOLD)
    sample = QUICK_CHECK_ROWS if args.quick else CHECK_ROWS
    check_rows = [row for rows in data.values() for row in rows[:sample]]
    check = check_against_compare(check_rows, [default, settings[0]])
    xsum, summedits = data["xsumfaith"], data["summedits_news"]
    results, xsum_timing = timed_grid(xsum, settings, args.jobs)
    word = word_level(xsum, results, settings)
    chosen: Setting = (word["chosen"]["min_run"], word["chosen"]["link_threshold"])
    shown = list(dict.fromkeys([chosen, default]))
    summedits_results, summedits_timing = timed_grid(summedits, shown, args.jobs)
    results.update(summedits_results)
    predictors: dict[str, Predictor] = {setting_name(s): tool(s) for s in shown}
    predictors.update({f"{setting_name(s)} word links": word_links(s) for s in shown})
    predictors["source-overlap"] = peer
    every_setting = {setting_name(s): tool(s) for s in settings}
    for key, summarise in (("row_patterns", row_patterns), ("label_shares", label_shares)):
        word[key] = {
            f"{name}: {setting_name(s)}": summarise((results[r["id"]] for r in data[name]), s)
            for name in FILES
            for s in shown
        }
    return {
        "benchmark": "evaluation",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": describe_options(args, settings),
        "data": describe_data(args.eval_dir, data),
        "check": check,
        "word_level": word,
        "pair_level": [
            line for name in FILES for line in pair_level(name, data[name], results, predictors)
        ],
        "pair_level_grid_xsumfaith": pair_level("xsumfaith", xsum, results, every_setting),
        "reference": REFERENCE,
        "timing": {
            "total_s": time.perf_counter() - began,
            "compare_ms_per_row": check["compare_ms_per_row"],
            "xsumfaith_grid": xsum_timing,
            "summedits_news": summedits_timing,
        },
    }


def report(result: Mapping[str, Any]) -> str:
    """The printed summary of a result."""
    check = result["check"]
    parts = [
        "data: "
        + ", ".join(f"{n} {d['rows']} rows" for n, d in result["data"].items())
        + (" (quick subsample)" if result["options"]["quick"] else ""),
        f"check: compare() spans identical to the grid's on {check['comparisons']} comparisons",
        *_word_report(result["word_level"]),
        "\nPair level, for orientation only (score: share of the derivative's content words"
        " credited; BA at the score cut chosen on the first split; 95% interval by bootstrap):",
        pair_table(result["pair_level"]),
    ]
    for name, ref in result["reference"].items():
        numbers = ", ".join(f"{k} {v:.3f}" for k, v in ref["balanced_accuracy"].items())
        parts.append(f"  published {name} balanced accuracy: {numbers}")
    return "\n".join([*parts, *_timing_report(result)])


def _word_report(word: Mapping[str, Any]) -> list[str]:
    chosen = (word["chosen"]["min_run"], word["chosen"]["link_threshold"])
    shown = [tuple(s) for s in word["bootstrap_test"]["settings"]] if word["bootstrap_test"] else []
    parts = []
    for k in AGREEMENT:
        parts.append(
            f"\nXSumFaith, word level: unsupported = marked by >= {k} annotator(s); P/R/F1 of"
            " `added` as its detector; BA balanced accuracy; sup.cr supported words credited"
        )
        parts.append(
            grid_table(word["grid"], k, lambda line: line["tool"] != "analysis-word-links")
        )
    parts.append(f"\nchosen on val (highest BA, >= 2 annotators): {setting_name(chosen)}")
    if word["bootstrap_test"]:
        boot = word["bootstrap_test"]
        for setting, (low, high) in zip(shown, boot["intervals"], strict=True):
            parts.append(f"  test BA 95% interval, {setting_name(setting)}: {low:.3f}–{high:.3f}")
        low, high = boot["difference"]
        parts.append(f"  chosen minus default, same resamples: {low:+.3f} to {high:+.3f}")
    parts += _recall_report(word["recall_by_span_type_test"])
    parts.append("\nBest sentence-link score of each summary (no threshold), quartiles:")
    for name, group in word["best_similarity"].items():
        quartiles = " / ".join(f"{q:.3f}" for q in group["quartiles"])
        parts.append(f"  {name} ({group['rows']} summaries): {quartiles}")
    parts.append(
        "\nLabels against word links (a content word needs its own run or word link;"
        " function words follow the label), >= 2 annotators:"
    )
    parts.append(
        grid_table(
            word["grid"],
            AGREEMENT[0],
            lambda line: (
                (line["min_run"], line["link_threshold"]) in {chosen, *shown}
                or line["tool"] == "source-overlap"
            ),
        )
    )
    return parts


def _recall_report(recall: Mapping[str, Mapping[str, Mapping[str, float]]]) -> list[str]:
    parts = ["\nTest cut, share of unsupported words flagged, by annotated span type:"]
    for name, kinds in recall.items():
        numbers = ", ".join(
            f"{kind} {v['recall']:.3f} ({v['words']:.0f} words)"
            for kind, v in sorted(kinds.items())
        )
        parts.append(f"  {name}: {numbers}")
    return parts


def _timing_report(result: Mapping[str, Any]) -> list[str]:
    timing = result["timing"]
    parts = [
        f"\ntiming: {timing['total_s']:.0f} s in all on {result['options']['jobs']} process(es);"
        f" compare() alone {timing['compare_ms_per_row']:.1f} ms per row"
    ]
    for name in ("xsumfaith_grid", "summedits_news"):
        part = timing[name]
        parts.append(
            f"  {name}: {part['rows']} rows x {part['settings']} settings,"
            f" {part['wall_s']:.0f} s: {part['rows_per_s']:.1f} rows/s,"
            f" {part['comparisons_per_s']:.0f} comparisons/s,"
            f" {part['ms_per_row_and_setting']:.1f} ms per row and setting in a worker"
        )
    return parts


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    missing = [name for name in FILES.values() if not (args.eval_dir / name).is_file()]
    if missing:
        print(
            f"error: {args.eval_dir}: evaluation data not found ({', '.join(missing)});"
            " pass --eval-dir",
            file=sys.stderr,
        )
        return 2
    if args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    result = evaluate(args)
    path = args.out / "evaluation.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(report(result))
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
