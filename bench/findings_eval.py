"""How often the meaning-change finder fires on XSumFaith's consistent and inconsistent summaries.

XSumFaith (``../shared/eval/xsumfaith.jsonl``, read where it lies) pairs BBC articles with
one-sentence summaries labelled ``consistent`` or ``inconsistent`` with the article. The
finder is built for rewrites, not abstractive summaries, so this is a check of its precision
on text it was not made for: a finder that fired much more often on consistent summaries than
on inconsistent ones would be reporting noise.

    .venv/bin/python bench/findings_eval.py            # every row (about a minute)
    .venv/bin/python bench/findings_eval.py --limit 50 --out /tmp/findings

Prints a table and writes ``findings_eval.json`` (date, counts per label and per kind).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis import compare

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "xsumfaith.jsonl"
DEFAULT_OUT = Path(__file__).resolve().parent / "results"


def evaluate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per label: rows, rows with any meaning change, rows with one citing derivative words
    (a change or an addition, not only a drop), and findings per kind and direction."""
    rows_by_label: Counter[str] = Counter()
    with_any: Counter[str] = Counter()
    with_derivative: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for row in rows:
        label = row["label"]
        changes = [
            f
            for f in compare(row["source"], row["derivative"]).findings
            if f.type == "meaning_change"
        ]
        rows_by_label[label] += 1
        with_any[label] += bool(changes)
        with_derivative[label] += any(f.derivative for f in changes)
        kinds.update(f"{label}:{f.kind}:{_direction(f.source, f.derivative)}" for f in changes)
    return {
        "rows": dict(rows_by_label),
        "with_any_change": dict(with_any),
        "with_derivative_words": dict(with_derivative),
        "findings": dict(sorted(kinds.items())),
    }


def _direction(source: tuple[Any, ...], derivative: tuple[Any, ...]) -> str:
    return "changed" if source and derivative else ("dropped" if source else "added")


def table(result: dict[str, Any]) -> str:
    lines = ["label         rows  any change  citing derivative words"]
    for label, rows in sorted(result["rows"].items()):
        anything = result["with_any_change"].get(label, 0)
        derived = result["with_derivative_words"].get(label, 0)
        lines.append(f"{label:<12} {rows:>5}  {anything / rows:>10.1%}  {derived / rows:>23.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-file", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, help="only the first N rows")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.eval_file.is_file():
        print(f"findings_eval: {args.eval_file}: not found (../shared/eval)", file=sys.stderr)
        return 2
    lines = args.eval_file.read_text("utf-8").splitlines()[: args.limit]
    result = evaluate([json.loads(line) for line in lines])
    print(table(result))
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"), **result}
    (args.out / "findings_eval.json").write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
