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
    assert not list(source.parent.glob("*.ipynb"))  # inputs are read, never written beside
