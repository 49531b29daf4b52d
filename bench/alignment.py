"""Alignment benchmark: :func:`analysis.compare` against its peers, on long synthetic pairs.

Run ``.venv/bin/python bench/alignment.py`` (``make bench`` runs it through ``bench/run.py``).
It prints two tables and writes ``<out>/alignment.json``.

Inputs (``bench/synth.py``): synthetic pairs of about 1k, 10k, 50k and 200k words per side
made from XSum's BBC articles, with a truth label for every derivative word; and a needle
case, the example pair inside 200k words of unrelated filler on each side.

Tools: ``analysis`` (``compare``; a derivative word is credited when its span is not
``added``) and, on ``analysis.tokenize`` token ids, ``difflib`` (``SequenceMatcher``, autojunk
on), ``difflib-nojunk`` (autojunk off), ``cydifflib`` (autojunk on) and ``rapidfuzz``
(``Indel.opcodes``); a peer credits a derivative word when it lies in an ``equal`` opcode.

Each measurement is a fresh process (``--worker``) that reads the pair from files and times the
whole job: imports, loading, tokenizing, aligning. It reports its peak resident memory
(``VmHWM``). A tool that cannot be imported gets a "not available" row; one that runs past
``--timeout`` a "timeout" row. Without ``--full``, the slow peers skip the sizes above their
cap (:data:`CAPS`).

Options: ``--sizes 1k,10k`` ``--tools analysis,difflib`` ``--quick`` (1k and 10k, 10k of
needle filler) ``--full`` ``--needle-words N`` (0: no needle) ``--timeout S`` ``--repeat N``
``--seed`` ``--eval-dir DIR`` (default ``../shared/eval``) ``--out DIR`` ``--memory-limit GIB``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from synth import Article, Pair

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = (1_000, 10_000, 50_000, 200_000)
QUICK_SIZES = (1_000, 10_000)
NEEDLE_WORDS = 200_000
QUICK_NEEDLE_WORDS = 10_000
TOOLS = ("analysis", "difflib", "difflib-nojunk", "cydifflib", "rapidfuzz")
PEERS = TOOLS[1:]
CAPS = {"difflib-nojunk": 50_000, "rapidfuzz": 50_000}
"""Largest size (words per side) a slow peer runs at without ``--full``."""
DEFAULT_TIMEOUT = 600
DEFAULT_MEMORY_LIMIT_GIB = 16
TARGETS = {
    "seconds_200k": 5.0,
    "peak_mib_200k": 1.5 * 1024,
    "growth_50k_to_200k": 5.0,
    "recall_copied": 0.98,
    "recall_paraphrased": 0.80,
    "false_credit_inserted": 0.05,
    "needle_retention": 0.90,
}
"""What ``analysis`` aims for (shown, never asserted): time, memory and growth at 200k words
per side; recall and false credit at every size; credit kept inside the needle's filler."""

Ranges = list[tuple[int, int]]


# --- the worker: one tool, one pair, one fresh process ---------------------------------------


def run_analysis(source: Path, derivative: Path) -> Callable[[], Ranges]:
    """``compare`` on the two texts; credits every derivative span not labelled ``added``."""
    from analysis import compare, load_document  # type: ignore[attr-defined]

    comparison = compare(load_document(source).text, load_document(derivative).text)
    return lambda: [
        (span.start, span.end)
        for span in comparison.spans
        if span.side == "derivative" and span.label != "added"
    ]


def _equal_blocks(tool: str, a: list[int], b: list[int]) -> list[tuple[int, int]]:
    """The ``(j1, j2)`` token ranges of ``b`` inside ``equal`` opcodes."""
    if tool in ("difflib", "difflib-nojunk"):
        import difflib

        matcher = difflib.SequenceMatcher(None, a, b, autojunk=tool == "difflib")
        return [(j1, j2) for tag, _, _, j1, j2 in matcher.get_opcodes() if tag == "equal"]
    if tool == "cydifflib":
        import cydifflib

        opcodes = cydifflib.SequenceMatcher(None, a, b).get_opcodes()
        return [(j1, j2) for tag, _, _, j1, j2 in opcodes if tag == "equal"]
    from rapidfuzz.distance import Indel

    return [(op.dest_start, op.dest_end) for op in Indel.opcodes(a, b) if op.tag == "equal"]


def run_peer(tool: str, source: Path, derivative: Path) -> Callable[[], Ranges]:
    """The peer on ``analysis.tokenize`` token ids (keys: case-folded, quotes straightened)."""
    from analysis import load_document, tokenize

    source_tokens = tokenize(load_document(source).text)
    derivative_tokens = tokenize(load_document(derivative).text)
    ids: dict[str, int] = {}
    a = [ids.setdefault(token.key, len(ids)) for token in source_tokens]
    b = [ids.setdefault(token.key, len(ids)) for token in derivative_tokens]
    blocks = _equal_blocks(tool, a, b)
    return lambda: [
        (derivative_tokens[j1].start, derivative_tokens[j2 - 1].end) for j1, j2 in blocks
    ]


def worker(tool: str, source: Path, derivative: Path, result: Path) -> int:
    """Time the whole job, then write seconds, peak memory and the credited ranges as JSON."""
    start = time.perf_counter()
    credited = (
        run_analysis(source, derivative)
        if tool == "analysis"
        else run_peer(tool, source, derivative)
    )
    seconds = time.perf_counter() - start
    ranges = credited()
    report = {"seconds": seconds, "peak_kib": _peak_kib(), "ranges": ranges}
    result.write_text(json.dumps(report), encoding="utf-8")
    return 0


def _peak_kib() -> int:
    """This process's peak resident set size (Linux ``VmHWM``; else ``ru_maxrss``), plus the
    largest peak of the child processes it waited for (``compare`` reads long texts in one
    while it aligns them): an upper bound, pages the two share counted twice."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) + children
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + children
    return peak // 1024 if sys.platform == "darwin" else peak


# --- measuring: the parent -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """What the run was asked for."""

    sizes: tuple[int, ...]
    tools: tuple[str, ...]
    needle_words: int
    full: bool
    timeout: float
    repeat: int
    seed: int
    memory_limit_gib: float
    eval_dir: str


@dataclass(frozen=True, slots=True)
class Measurement:
    """One tool on one pair: its status, and when it ran, time (the best run's, and every run's
    in order), memory and credited ranges."""

    status: str
    seconds: float | None = None
    process_s: float | None = None
    peak_mib: float | None = None
    ranges: Ranges = field(default_factory=list)
    run_seconds: tuple[float, ...] = ()


def availability(tool: str) -> str | None:
    """None when the tool can be imported here, else why not."""
    try:
        if tool == "analysis":
            from analysis import compare  # type: ignore[attr-defined]  # noqa: F401
        elif tool == "cydifflib":
            import cydifflib  # noqa: F401
        elif tool == "rapidfuzz":
            from rapidfuzz.distance import Indel  # noqa: F401
    except ImportError as error:
        return f"not available ({error})"
    return None


def measure(tool: str, source: Path, derivative: Path, options: Options) -> Measurement:
    """Best of ``options.repeat`` fresh processes (the largest peak memory of them), with every
    run's seconds."""
    runs = []
    for _ in range(options.repeat):
        run = _measure_once(tool, source, derivative, options)
        if run.status != "ok":
            return run
        runs.append(run)
    best = min(runs, key=lambda run: run.seconds or 0.0)
    peak = max(run.peak_mib or 0.0 for run in runs)
    every = tuple(run.seconds or 0.0 for run in runs)
    return Measurement("ok", best.seconds, best.process_s, peak, best.ranges, every)


def _measure_once(tool: str, source: Path, derivative: Path, options: Options) -> Measurement:
    with tempfile.TemporaryDirectory(prefix="bench-alignment-") as folder:
        result = Path(folder) / "result.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", tool]
        command += [str(source), str(derivative), str(result)]
        limit = int(options.memory_limit_gib * 2**30)
        started = time.perf_counter()
        try:
            process = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=options.timeout,
                check=False,
                preexec_fn=lambda: _limit_memory(limit),
            )
        except subprocess.TimeoutExpired:
            return Measurement(f"timeout (> {options.timeout:g} s)")
        elapsed = time.perf_counter() - started
        if process.returncode != 0 or not result.is_file():
            return Measurement(_failure(process, options))
        report = json.loads(result.read_text(encoding="utf-8"))
    ranges = [(start, end) for start, end in report["ranges"]]
    seconds = report["seconds"]
    return Measurement("ok", seconds, elapsed, report["peak_kib"] / 1024, ranges, (seconds,))


def _limit_memory(limit: int) -> None:
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _failure(process: subprocess.CompletedProcess[str], options: Options) -> str:
    lines = [line for line in process.stderr.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else f"exit code {process.returncode}"
    if "MemoryError" in last or "bad_alloc" in last or process.returncode == -9:
        return f"out of memory (limit {options.memory_limit_gib:g} GiB)"
    return f"failed: {last[:120]}"


# --- scoring ---------------------------------------------------------------------------------


class Credit:
    """Whether an offset lies in one of the credited ranges."""

    def __init__(self, ranges: Ranges) -> None:
        merged: Ranges = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def word_starts(text: str) -> list[int]:
    """Start offsets of the word and number tokens of ``text`` (punctuation is not counted)."""
    from analysis import tokenize

    return [token.start for token in tokenize(text) if token.is_word]


def score(pair: Pair, words: Sequence[int], ranges: Ranges) -> dict[str, Any]:
    """Recall by origin, by operation and on moved paragraphs; credit given to inserted words."""
    credit = Credit(ranges)
    totals: dict[str, list[int]] = {}
    for start in words:
        span = pair.origin_at(start)
        if span is None:
            continue
        keys = [span.origin]
        if span.operation:
            keys.append(f"op:{span.operation}")
        if span.moved and span.origin != "inserted":
            keys.append("moved")
        for key in keys:
            hit, total = totals.setdefault(key, [0, 0])
            totals[key] = [hit + (start in credit), total + 1]

    def share(key: str) -> float | None:
        hit, total = totals.get(key, (0, 0))
        return hit / total if total else None

    return {
        "recall_copied": share("copied"),
        "recall_paraphrased": share("paraphrased"),
        "false_credit_inserted": share("inserted"),
        "recall_moved": share("moved"),
        "recall_by_operation": {
            key[3:]: share(key) for key in sorted(totals) if key.startswith("op:")
        },
        "words": {key: total for key, (_, total) in sorted(totals.items())},
    }


@dataclass(frozen=True, slots=True)
class Row:
    """One tool on one synthetic pair."""

    input: str
    size: int
    source_words: int
    derivative_words: int
    tool: str
    status: str
    seconds: float | None = None
    process_s: float | None = None
    peak_mib: float | None = None
    recall_copied: float | None = None
    recall_paraphrased: float | None = None
    false_credit_inserted: float | None = None
    recall_moved: float | None = None
    recall_by_operation: dict[str, float | None] = field(default_factory=dict)
    vs_fastest_peer: float | None = None
    run_seconds: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class NeedleRow:
    """One tool on the example pair, bare and inside the filler."""

    input: str
    filler_words: int
    tool: str
    status: str
    seconds: float | None = None
    peak_mib: float | None = None
    bare_seconds: float | None = None
    bare_credited: int | None = None
    retained: int | None = None
    retention: float | None = None
    filler_false_credit: float | None = None
    vs_fastest_peer: float | None = None
    run_seconds: tuple[float, ...] = ()


def _skip(tool: str, size: int, options: Options) -> str | None:
    if reason := availability(tool):
        return reason
    cap = CAPS.get(tool)
    if cap is not None and size > cap and not options.full:
        return f"skipped (capped at {cap // 1000}k; --full runs it)"
    return None


def _with_ratios(rows: list[Any]) -> list[Any]:
    times = [row.seconds for row in rows if row.tool in PEERS and row.seconds]
    fastest = min(times, default=None)
    return [
        _replace(row, vs_fastest_peer=row.seconds / fastest if fastest and row.seconds else None)
        for row in rows
    ]


def _replace(row: Any, **changes: Any) -> Any:
    return type(row)(**{**asdict(row), **changes})


def synthetic_rows(
    articles: Sequence[Article], size: int, options: Options, folder: Path
) -> tuple[list[Row], Pair]:
    """Every tool on the synthetic pair of ``size`` words per side."""
    import synth

    pair = synth.synthetic_pair(articles, size, seed=options.seed)
    source, derivative = _write(folder, pair.name, pair.source, pair.derivative)
    words = word_starts(pair.derivative)
    base = {
        "input": pair.name,
        "size": size,
        "source_words": pair.stats["source_words"],
        "derivative_words": pair.stats["derivative_words"],
    }
    rows = []
    for tool in options.tools:
        if reason := _skip(tool, size, options):
            rows.append(Row(**base, tool=tool, status=reason))
            continue
        run = measure(tool, source, derivative, options)
        scores = score(pair, words, run.ranges) if run.status == "ok" else {}
        scores.pop("words", None)
        timing = {
            "seconds": run.seconds,
            "process_s": run.process_s,
            "peak_mib": run.peak_mib,
            "run_seconds": run.run_seconds,
        }
        rows.append(Row(**base, tool=tool, status=run.status, **timing, **scores))
        _progress(rows[-1].input, tool, run)
    return _with_ratios(rows), pair


def needle_rows(
    articles: Sequence[Article], options: Options, folder: Path
) -> tuple[list[NeedleRow], Pair]:
    """Every tool on the bare example pair, then on the pair inside the filler."""
    import synth

    pair = synth.needle_pair(articles, options.needle_words, seed=options.seed)
    (s0, s1), (d0, d1) = pair.stats["needle_source"], pair.stats["needle_derivative"]
    bare = _write(folder, "needle-bare", pair.source[s0:s1], pair.derivative[d0:d1])
    embedded = _write(folder, pair.name, pair.source, pair.derivative)
    bare_words = word_starts(pair.derivative[d0:d1])
    all_words = word_starts(pair.derivative)
    filler = [start for start in all_words if not d0 <= start < d1]
    rows = []
    for tool in options.tools:
        base = {"input": pair.name, "filler_words": options.needle_words, "tool": tool}
        if reason := _skip(tool, options.needle_words, options):
            rows.append(NeedleRow(**base, status=reason))
            continue
        alone = measure(tool, *bare, options)
        inside = measure(tool, *embedded, options) if alone.status == "ok" else alone
        _progress(pair.name, tool, inside)
        if inside.status != "ok":
            rows.append(NeedleRow(**base, status=inside.status, bare_seconds=alone.seconds))
            continue
        before, after = Credit(alone.ranges), Credit(inside.ranges)
        credited = [start for start in bare_words if start in before]
        kept = sum(start + d0 in after for start in credited)
        rows.append(
            NeedleRow(
                **base,
                status="ok",
                seconds=inside.seconds,
                peak_mib=inside.peak_mib,
                run_seconds=inside.run_seconds,
                bare_seconds=alone.seconds,
                bare_credited=len(credited),
                retained=kept,
                retention=kept / len(credited) if credited else None,
                filler_false_credit=sum(s in after for s in filler) / len(filler)
                if filler
                else None,
            )
        )
    return _with_ratios(rows), pair


def _write(folder: Path, name: str, source: str, derivative: str) -> tuple[Path, Path]:
    """The pair as UTF-8 files, written before any clock starts."""
    paths = folder / f"{name}-source.txt", folder / f"{name}-derivative.txt"
    for path, text in zip(paths, (source, derivative), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def _progress(name: str, tool: str, run: Measurement) -> None:
    detail = f"{run.seconds:.2f} s, {run.peak_mib:.0f} MiB" if run.status == "ok" else run.status
    if len(run.run_seconds) > 1:
        detail += " (runs: " + ", ".join(f"{seconds:.2f}" for seconds in run.run_seconds) + ")"
    print(f"  {name:<16} {tool:<15} {detail}", file=sys.stderr, flush=True)


# --- targets ---------------------------------------------------------------------------------


def targets(rows: Sequence[Row], needle: Sequence[NeedleRow]) -> dict[str, Any]:
    """Each target for ``analysis`` with its measured value and whether it was met."""
    ours = {row.size: row for row in rows if row.tool == "analysis" and row.status == "ok"}
    big, mid = ours.get(200_000), ours.get(50_000)
    needle_ours = next((r for r in needle if r.tool == "analysis" and r.status == "ok"), None)
    measured: dict[str, float | None] = {
        "seconds_200k": big.seconds if big else None,
        "peak_mib_200k": big.peak_mib if big else None,
        "growth_50k_to_200k": big.seconds / mid.seconds
        if big and mid and big.seconds and mid.seconds
        else None,
        "recall_copied": min((r.recall_copied or 0 for r in ours.values()), default=None),
        "recall_paraphrased": min((r.recall_paraphrased or 0 for r in ours.values()), default=None),
        "false_credit_inserted": max(
            (r.false_credit_inserted or 0 for r in ours.values()), default=None
        ),
        "needle_retention": needle_ours.retention if needle_ours else None,
    }
    at_least = {"recall_copied", "recall_paraphrased", "needle_retention"}
    return {
        name: {
            "target": goal,
            "measured": measured[name],
            "met": None
            if measured[name] is None
            else (measured[name] >= goal if name in at_least else measured[name] <= goal),
        }
        for name, goal in TARGETS.items()
    }


# --- output ----------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_rows(rows: Sequence[Row]) -> str:
    """The synthetic pairs: one line per size and tool."""
    header = [
        "input",
        "tool",
        "seconds",
        "peak MiB",
        "copied",
        "paraphr.",
        "inserted",
        "vs fastest peer",
    ]
    body = [
        [
            row.input,
            row.tool,
            _number(row.seconds) if row.status == "ok" else _status(row.status),
            _number(row.peak_mib, 0),
            _number(row.recall_copied, 3),
            _number(row.recall_paraphrased, 3),
            _number(row.false_credit_inserted, 3),
            _number(row.vs_fastest_peer),
        ]
        for row in rows
    ]
    return _table(header, body)


def format_needle(rows: Sequence[NeedleRow]) -> str:
    """The needle: credit kept inside the filler, and credit given to filler."""
    header = [
        "input",
        "tool",
        "seconds",
        "peak MiB",
        "bare credited",
        "kept",
        "retention",
        "filler credited",
        "vs fastest peer",
    ]
    body = [
        [
            row.input,
            row.tool,
            _number(row.seconds) if row.status == "ok" else _status(row.status),
            _number(row.peak_mib, 0),
            "-" if row.bare_credited is None else str(row.bare_credited),
            "-" if row.retained is None else str(row.retained),
            _number(row.retention, 3),
            _number(row.filler_false_credit, 3),
            _number(row.vs_fastest_peer),
        ]
        for row in rows
    ]
    return _table(header, body)


def format_targets(result: dict[str, Any]) -> str:
    """One line per target: the goal, the measured value and whether it was met."""
    lines = []
    for name, item in result.items():
        verdict = {None: "not measured", True: "met", False: "missed"}[item["met"]]
        measured = _number(item["measured"], 3)
        lines.append(f"  {name:<22} target {item['target']:g}, measured {measured}: {verdict}")
    return "\n".join(lines)


def format_notes(rows: Sequence[Row | NeedleRow]) -> str:
    """The full reason behind each shortened status in the tables, once each."""
    notes = dict.fromkeys(f"{row.tool}: {row.status}" for row in rows if row.status != "ok")
    return "\n".join(f"  {note}" for note in notes)


def _status(status: str) -> str:
    return status.split(" (", 1)[0]


def _table(header: list[str], body: list[list[str]]) -> str:
    """Plain text with aligned columns: input and tool left, the rest right."""
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = []
    for cells in [header, *body]:
        padded = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def machine(
    names: Sequence[str] = ("derivative-analysis", "rapidfuzz", "cydifflib"),
) -> dict[str, Any]:
    """Enough about this machine and the named packages' versions to compare runs."""
    packages = {}
    for name in names:
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "packages": packages,
    }


def write_json(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


# --- command line ----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    import synth

    parser = argparse.ArgumentParser(description="Time and score analysis.compare and its peers.")
    parser.add_argument("--sizes", help="words per side, e.g. 1k,10k,50k,200k (the default)")
    parser.add_argument("--tools", help=f"comma-separated, from {','.join(TOOLS)} (default all)")
    parser.add_argument("--quick", action="store_true", help="1k and 10k, needle in 10k words")
    parser.add_argument("--full", action="store_true", help="run the slow peers at every size")
    parser.add_argument("--needle-words", type=str, help="filler per side (default 200k; 0: none)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per run")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    parser.add_argument("--seed", type=int, default=synth.SEED)
    parser.add_argument("--eval-dir", type=Path, default=synth.DEFAULT_EVAL_DIR)
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for alignment.json")
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=DEFAULT_MEMORY_LIMIT_GIB,
        help="address-space limit per run, GiB (0: none)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = args.sizes.split(",") if args.sizes else None
        args.sizes = tuple(map(synth.parse_size, sizes)) if sizes else _defaults(args.quick)[0]
        needle = args.needle_words
        args.needle_words = _defaults(args.quick)[1] if needle is None else _needle(needle)
    except ValueError as error:
        parser.error(str(error))
    args.tools = tuple(args.tools.split(",")) if args.tools else TOOLS
    if unknown := set(args.tools) - set(TOOLS):
        parser.error(
            f"unknown tools: {', '.join(sorted(unknown))} (choose from {', '.join(TOOLS)})"
        )
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _defaults(quick: bool) -> tuple[tuple[int, ...], int]:
    return (QUICK_SIZES, QUICK_NEEDLE_WORDS) if quick else (SIZES, NEEDLE_WORDS)


def _needle(text: str) -> int:
    import synth

    return 0 if text.strip() == "0" else synth.parse_size(text)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        tool, source, derivative, result = argv[1:5]
        return worker(tool, Path(source), Path(derivative), Path(result))
    args = parse_args(argv)
    import synth

    try:
        articles = synth.load_articles(args.eval_dir)
    except FileNotFoundError as error:
        print(f"alignment: {error}", file=sys.stderr)
        return 2
    options = Options(
        args.sizes,
        args.tools,
        args.needle_words,
        args.full,
        args.timeout,
        args.repeat,
        args.seed,
        args.memory_limit,
        str(args.eval_dir),
    )
    rows: list[Row] = []
    needle: list[NeedleRow] = []
    pairs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-alignment-pairs-") as name:
        folder = Path(name)
        for size in options.sizes:
            more, pair = synthetic_rows(articles, size, options, folder)
            rows += more
            pairs[pair.name] = pair.stats
        if options.needle_words:
            needle, pair = needle_rows(articles, options, folder)
            pairs[pair.name] = pair.stats
    result = targets(rows, needle)
    report = {
        "benchmark": "alignment",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "options": asdict(options),
        "caps": CAPS,
        "pairs": pairs,
        "rows": [asdict(row) for row in rows],
        "needle": [asdict(row) for row in needle],
        "targets": result,
    }
    path = args.out / "alignment.json"
    write_json(path, report)
    print("alignment: one fresh process per measurement; recall = share of derivative words")
    print("credited, by origin; vs fastest peer = seconds / the fastest peer's seconds\n")
    print(format_rows(rows), end="\n\n")
    if needle:
        print(format_needle(needle), end="\n\n")
    if notes := format_notes([*rows, *needle]):
        print(f"notes:\n{notes}\n")
    print("targets for analysis (shown, not asserted):")
    print(format_targets(result), end="\n\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
