"""The benchmark runner: a quick run writes a row for every tool and input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = {"segment", "tokenize", "nltk", "regex-split"}
INPUTS = {"source.txt", "derivative.txt", "synthetic-10k"}


@pytest.mark.slow
def test_quick_run_writes_a_row_for_every_tool_and_input(project_root: Path, tmp_path: Path):
    result = subprocess.run(
        [
            sys.executable,
            str(project_root / "bench" / "run.py"),
            "--quick",
            "--only",
            "tokenizing",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "vs segment" in result.stdout

    report = json.loads((tmp_path / "tokenizing.json").read_text(encoding="utf-8"))
    assert report["benchmark"] == "tokenizing"
    assert report["options"] == {"repeat": 1, "quick": True} and report["date"]
    assert {"python", "platform", "cpu_count"} <= report["machine"].keys()
    rows = {(row["input"], row["tool"]): row for row in report["rows"]}
    assert set(rows) == {(name, tool) for name in INPUTS for tool in TOOLS}
    for row in rows.values():
        assert row["best_s"] > 0 and row["words_per_s"] > 0 and row["peak_mib"] > 0
        assert row["tokens"] >= row["words"] > 0
    for name in INPUTS:
        assert rows[name, "segment"]["vs_baseline"] == 1.0
