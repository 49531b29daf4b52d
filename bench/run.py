"""Benchmarks for the ``analysis`` package, each compared with its peers in the same run.

Run ``.venv/bin/python bench/run.py`` (or ``make bench``). Every benchmark prints a table and
writes ``<out>/<name>.json`` with the machine, the date and one row per input and tool.

Benchmarks:

- ``tokenizing``: :func:`analysis.segment` and :func:`analysis.tokenize` against NLTK
  (Punkt sentences, then ``NLTKWordTokenizer.span_tokenize`` per sentence) and a plain
  ``re.finditer(r"\\S+")`` split as a floor.
- ``alignment``: ``analysis.compare`` against difflib, cydifflib and rapidfuzz on long
  synthetic pairs (``bench/alignment.py``, which has its own options; it measures each run in a
  fresh process and writes its own table and JSON, so it is registered in ``SEPARATE``).

To add one, write a function ``(Options) -> list[Row]`` and register it in ``BENCHMARKS``.

Options: ``--quick`` (small inputs, one repeat; for tests), ``--repeat N`` (best of N, default
3), ``--out DIR`` (default ``bench/results``), ``--only NAME`` (one benchmark).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import alignment

from analysis import load_document, paths, segment, tokenize

RESULTS = Path(__file__).resolve().parent / "results"
SEED = 2024
SIZES = (10_000, 50_000, 200_000)
QUICK_SIZES = (10_000,)
DEFAULT_REPEAT = 3

Tool = Callable[[str], int]
"""Processes a text and returns how many tokens it produced (a sanity check on the work)."""


@dataclass(frozen=True, slots=True)
class Options:
    """What every benchmark is told: how many repeats, and whether to keep to small inputs."""

    repeat: int
    quick: bool


@dataclass(frozen=True, slots=True)
class Input:
    """A named text; ``words`` counts whitespace-separated words, the same for every tool."""

    name: str
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Row:
    """One tool on one input: best wall-clock time, throughput, time ratio and peak memory."""

    input: str
    words: int
    tool: str
    tokens: int
    best_s: float
    words_per_s: float
    vs_baseline: float
    peak_mib: float


# --- inputs ----------------------------------------------------------------------------------


def example_pair() -> list[Input]:
    """The bundled source and derivative, as they are."""
    names = ("source.txt", "derivative.txt")
    return [Input(name, load_document(paths.DATA_RAW / name).text) for name in names]


def synthetic(paragraphs: Sequence[str], words: int, *, seed: int = SEED) -> Input:
    """About ``words`` words: the paragraphs, shuffled afresh each round, joined by blank lines."""
    rng, chosen, count = random.Random(seed), [], 0
    while count < words:
        batch = list(paragraphs)
        rng.shuffle(batch)
        for paragraph in batch:
            chosen.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return Input(f"synthetic-{words // 1000}k", "\n\n".join(chosen))


def tokenizing_inputs(*, quick: bool) -> list[Input]:
    """The example pair, then synthetic texts built from its paragraphs."""
    pair = example_pair()
    paragraphs = [line for item in pair for line in item.text.splitlines() if line.strip()]
    sizes = QUICK_SIZES if quick else SIZES
    return pair + [synthetic(paragraphs, size) for size in sizes]


# --- tools -----------------------------------------------------------------------------------


def nltk_tool() -> Tool:
    """NLTK's default Punkt sentences, then NLTK's word spans inside each sentence.

    The sentence spans are collected before the words: NLTK runs Punkt's lazy ``finditer``
    under a 5 s CPU-time limit (``nltk.redos``) that would also count the word tokenizer's time.
    """
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    sentences, words = PunktSentenceTokenizer(), NLTKWordTokenizer()

    def run(text: str) -> int:
        spans = [
            (start + a, start + b)
            for start, end in list(sentences.span_tokenize(text))
            for a, b in words.span_tokenize(text[start:end])
        ]
        return len(spans)

    return run


def regex_split(text: str) -> int:
    """The floor: whitespace-separated spans, nothing else."""
    return len([match.span() for match in re.finditer(r"\S+", text)])


def tokenizing_tools() -> dict[str, Tool]:
    """Ours first: the first tool is the baseline for the ratios."""
    return {
        "segment": lambda text: len(segment(text).tokens),
        "tokenize": lambda text: len(tokenize(text)),
        "nltk": nltk_tool(),
        "regex-split": regex_split,
    }


# --- measuring -------------------------------------------------------------------------------


def best_time(tool: Tool, text: str, repeat: int) -> tuple[float, int]:
    """Best of ``repeat`` wall-clock runs (garbage collected before each), and the token count."""
    best, tokens = float("inf"), 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        tokens = tool(text)
        best = min(best, time.perf_counter() - start)
    return best, tokens


def peak_memory(tool: Tool, text: str) -> int:
    """Peak bytes allocated by Python during one run, measured with tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        tool(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(inputs: Sequence[Input], tools: dict[str, Tool], repeat: int) -> list[Row]:
    """Every tool on every input; ratios are times relative to the first tool's."""
    for tool in tools.values():
        tool(inputs[0].text)  # warm up: caches, compiled patterns, lazy imports
    rows: list[Row] = []
    for item in inputs:
        times = {name: best_time(tool, item.text, repeat) for name, tool in tools.items()}
        baseline = times[next(iter(tools))][0]
        for name, (seconds, tokens) in times.items():
            peak = peak_memory(tools[name], item.text) / 2**20
            ratio = seconds / baseline
            rows.append(
                Row(item.name, item.words, name, tokens, seconds, item.words / seconds, ratio, peak)
            )
    return rows


# --- benchmarks ------------------------------------------------------------------------------


def tokenizing(options: Options) -> list[Row]:
    """Tokens, sentences and paragraphs (``segment``) and tokens alone against the peers."""
    inputs = tokenizing_inputs(quick=options.quick)
    return measure(inputs, tokenizing_tools(), options.repeat)


BENCHMARKS: dict[str, Callable[[Options], list[Row]]] = {"tokenizing": tokenizing}


def alignment_benchmark(options: Options, out: Path) -> int:
    """``bench/alignment.py`` with its default sizes (``--quick``: its quick ones), once each."""
    return alignment.main(["--out", str(out), *(["--quick"] if options.quick else [])])


SEPARATE: dict[str, Callable[[Options, Path], int]] = {"alignment": alignment_benchmark}
"""Benchmarks that print their own table and write their own JSON; they return an exit code."""


# --- output ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Enough about this machine and its software to compare runs."""
    return alignment.machine(("derivative-analysis", "nltk"))


def format_table(rows: Sequence[Row]) -> str:
    """Plain text with aligned columns: text left, numbers right."""
    baseline = f"vs {rows[0].tool}" if rows else "vs baseline"
    header = ["input", "words", "tool", "tokens", "best s", "words/s", baseline, "peak MiB"]
    body = [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [_table_line(line, widths, left={0, 2}) for line in [header, *body]]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def _cells(row: Row) -> list[str]:
    return [
        row.input,
        f"{row.words:,}",
        row.tool,
        f"{row.tokens:,}",
        f"{row.best_s:.4f}",
        f"{row.words_per_s:,.0f}",
        f"{row.vs_baseline:.2f}",
        f"{row.peak_mib:.1f}",
    ]


def _table_line(cells: Sequence[str], widths: Sequence[int], *, left: set[int]) -> str:
    padded = [
        cell.ljust(width) if i in left else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(padded).rstrip()


def write_json(path: Path, name: str, rows: Sequence[Row], options: Options) -> None:
    """The rows with the machine, the date and the options they were measured with."""
    result = {
        "benchmark": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": asdict(options),
        "baseline": rows[0].tool if rows else None,
        "rows": [asdict(row) for row in rows],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


# --- command line ----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run the benchmarks and compare with peers.")
    parser.add_argument("--quick", action="store_true", help="small inputs, one repeat")
    parser.add_argument("--repeat", type=int, help=f"best of N runs (default {DEFAULT_REPEAT})")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON files")
    parser.add_argument("--only", choices=sorted(BENCHMARKS | SEPARATE), help="run one benchmark")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    repeat = args.repeat or (1 if args.quick else DEFAULT_REPEAT)
    options = Options(repeat=repeat, quick=args.quick)
    status = 0
    for name in [args.only] if args.only else [*BENCHMARKS, *SEPARATE]:
        if name in SEPARATE:
            status = SEPARATE[name](options, args.out) or status
            continue
        rows = BENCHMARKS[name](options)
        path = args.out / f"{name}.json"
        write_json(path, name, rows, options)
        baseline = rows[0].tool if rows else "baseline"
        print(f"{name}: best of {repeat}; vs {baseline} = time / {baseline}'s time\n")
        print(format_table(rows), end="\n\n")
        print(f"wrote {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
