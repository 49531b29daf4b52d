"""The command line: output, one-line errors with exit code 2, bugs reported as bugs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import __version__, cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, timeout=120
    )


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "folder"
    folder.mkdir()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return {
        "missing": (tmp_path / "missing.txt", "file not found"),
        "directory": (folder, "is a directory, not a file"),
        "empty": (empty, "file is empty"),
        "binary": (binary, "looks like a binary file"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary"])
def test_bad_input_gives_one_line_and_exit_code_2(tmp_path, case):
    path, problem = bad_inputs(tmp_path)[case]
    result = run("tokens", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"analysis: error: {path}: {problem}")
    assert "Traceback" not in result.stderr


def test_tokens_prints_sentences_with_offsets(project_root):
    source = project_root / "data" / "raw" / "source.txt"
    result = run("tokens", str(source))
    assert result.returncode == 0, result.stderr
    header, first, *_rest = result.stdout.splitlines()
    assert header == "source.txt: 14 sentences, 13 paragraphs, 313 words (utf-8, txt)"
    assert first.startswith("[0:196] Longtime rivals China and Japan")
    text = source.read_text("utf-8")
    for line in result.stdout.splitlines()[1:]:
        span, sentence = line.split("] ", 1)
        start, end = map(int, span.lstrip("[").split(":"))
        assert text[start:end] == sentence


def test_tokens_json_with_words(project_root, capsys):
    assert (
        cli.main(["tokens", str(project_root / "data/raw/derivative.txt"), "--json", "--words"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "derivative.txt" and data["encoding"] == "utf-8"
    first = data["sentences"][0]
    assert first["start"] == 0 and first["tokens"][0] == [0, 5, "China"]


def test_quiet_drops_the_header(project_root, capsys):
    assert cli.main(["tokens", "--quiet", str(project_root / "data/raw/source.txt")]) == 0
    assert capsys.readouterr().out.startswith("[0:196] ")


def test_an_unexpected_exception_is_reported_as_an_internal_error(
    project_root, monkeypatch, capsys
):
    def broken(_text):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "segment", broken)
    source = str(project_root / "data/raw/source.txt")
    assert cli.main(["tokens", source]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "internal error" in error and "RuntimeError: boom" in error and "--debug" in error
    assert cli.main(["--debug", "tokens", source]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err
    assert cli.main(["tokens", "--debug", source]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_version_and_help():
    assert run("--version").stdout.strip() == f"analysis {__version__}"
    help_text = run("--help").stdout
    for command in ("tokens", "notebooks", "wordnet", "examples:"):
        assert command in help_text
    assert "example:" in run("tokens", "--help").stdout


def test_no_command_prints_usage_and_exit_code_2():
    result = run()
    assert result.returncode == 2
    assert "usage:" in result.stderr
