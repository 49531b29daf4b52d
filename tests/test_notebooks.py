"""The notebook suite: committed clean, parametrised with literals, runnable on any pair."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from analysis import paths
from analysis.reports.notebooks import run_notebooks

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_named_and_structured_as_a_tutorial(path):
    assert re.fullmatch(r"\d\d-[a-z]+(-[a-z]+)+\.ipynb", path.name)
    notebook = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE)
    for heading in ("Overview", "Prerequisites", "Summary", "What's next"):
        assert heading in headings, f"{path.name}: no '{heading}' heading"
    assert headings.index("Overview") < headings.index("Summary")
    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_parameters_cell_of_literals(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for statement in ast.parse(tagged[0].source).body:
        assert isinstance(statement, ast.Assign), ast.dump(statement)
        ast.literal_eval(statement.value)  # raises on anything but a literal


@pytest.mark.slow
def test_the_suite_runs_on_another_pair(tmp_path):
    source = tmp_path / "wire.txt"
    derivative = tmp_path / "copy.md"
    source.write_text(
        "Ministers Agree on Fisheries\nMinisters agreed on Friday to resume Lima’s talks. "
        '"We found common ground," Dr. Ito said.\n',
        encoding="cp1252",
    )
    derivative.write_text(
        "# Fisheries talks resume\n\n**Editor:** What happened?\n\n"
        "**Expert:** Ministers agreed to resume talks on Friday. It is a big step.\n",
        encoding="utf-8",
    )
    index = run_notebooks(source, derivative, tmp_path / "reports", quiet=True)
    assert index == tmp_path / "reports" / "wire-vs-copy" / "index.html"
    folder = index.parent
    for notebook in NOTEBOOKS:
        reader = (folder / f"{notebook.stem}.html").read_text("utf-8")
        assert "copy.md" in reader  # every notebook says which pair it is about
        executed = nbformat.read(folder / notebook.name, as_version=4)
        outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
        assert outputs and not [o for o in outputs if o.output_type == "error"]
        assert "<Figure size" not in reader  # figures are drawn, not printed as their repr
        if "_figure(" in "".join(c.source for c in executed.cells):
            assert "data:image/png;base64," in reader
        assert "<script src=" not in reader  # nothing fetched from a CDN
        assert f'href="{notebook.stem}.html"' in index.read_text("utf-8")
    assert "cp1252" in (folder / "01-load-the-pair.html").read_text("utf-8")
    assert 'href="report.html"' in index.read_text("utf-8")
    assert "copy.md compared with wire.txt" in (folder / "report.html").read_text("utf-8")
    assert not list(source.parent.glob("*.ipynb"))  # inputs are read, never written beside


@pytest.mark.slow
def test_the_second_pair_runs_through_the_suite_and_agrees_with_the_json(tmp_path, project_root):
    """The bundled XSum adaptation, run with papermill parameters: every notebook runs, and
    the verdict notebook 06 prints is the one the JSON result and the CLI give."""
    import json
    import subprocess
    import sys

    from analysis.cache import cached_compare
    from analysis.reports.summary import verdict

    raw = project_root / "data" / "raw"
    source, derivative = raw / "xsum-source.txt", raw / "xsum-derivative.txt"
    index = run_notebooks(source, derivative, tmp_path / "reports", quiet=True)
    folder = index.parent
    for notebook in NOTEBOOKS:
        executed = nbformat.read(folder / notebook.name, as_version=4)
        outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
        assert not [o for o in outputs if o.output_type == "error"], notebook.name
    summary = nbformat.read(folder / "06-summarise-the-derivative.ipynb", as_version=4)
    printed = next(
        json.loads(o.text)
        for c in summary.cells
        if "verdict(comparison)" in c.source
        for o in c.outputs
        if o.output_type == "stream"
    )
    assert printed == verdict(cached_compare(source, derivative, use_wordnet=True))
    result = tmp_path / "result.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "compare",
            str(source),
            str(derivative),
            "--json",
            str(result),
        ],
        check=True,
        capture_output=True,
    )
    data = json.loads(result.read_text("utf-8"))
    assert round(100 * data["summary"]["derivative"]["added"], 1) == printed["added_pct"]
    assert round(100 * data["summary"]["source"]["dropped"], 1) == printed["source_dropped_pct"]
    assert len(data["findings"]) == sum(printed["findings"].values())
    report = (folder / "report.html").read_text("utf-8")  # the HTML report says the same
    assert f"{printed['added_pct']}% are added" in report
    assert f"{printed['source_dropped_pct']}% of the source" in report
