"""Run the notebook suite on one pair with papermill and export it as offline HTML.

Each notebook in ``notebooks/`` is executed with the pair as papermill parameters, saved as an
executed ``.ipynb`` and exported twice with nbconvert: a reader's version without code and an
analyst's version with code. ``index.html`` links them. Nothing in the HTML is fetched from
the network (see the ``offline`` template beside this module).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from analysis import paths
from analysis.errors import InputError
from analysis.loading import load_document

__all__ = ["REPORT", "NotebookRun", "pair_name", "run_notebooks"]

REPORT = "report.html"  # the standalone report, beside the notebooks' HTML

_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class NotebookRun:
    """One executed notebook and its two HTML exports, relative to the pair folder."""

    title: str
    executed: str
    reader_html: str
    analyst_html: str


def pair_name(source: str | PathLike[str], derivative: str | PathLike[str]) -> str:
    """The folder name for a pair's reports.

    >>> pair_name("data/raw/source.txt", "/tmp/derivative.html")
    'source-vs-derivative'
    """
    return f"{Path(source).stem}-vs-{Path(derivative).stem}"


def run_notebooks(
    source: str | PathLike[str],
    derivative: str | PathLike[str],
    out: str | PathLike[str],
    *,
    name: str | None = None,
    quiet: bool = False,
) -> Path:
    """Execute every notebook on the pair, export HTML to ``out/<name>/``; return index.html."""
    source_path, derivative_path = Path(source).resolve(), Path(derivative).resolve()
    for path in (source_path, derivative_path):
        load_document(path)  # fail fast, with the one-line error, before any kernel starts
    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise InputError(paths.NOTEBOOKS, "no notebooks (NN-name.ipynb) found")
    folder = Path(out) / (name or pair_name(source, derivative))
    folder.mkdir(parents=True, exist_ok=True)
    parameters = {"source_path": _shown(source_path), "derivative_path": _shown(derivative_path)}
    runs = [_run_one(notebook, folder, parameters, quiet=quiet) for notebook in notebooks]
    _write_report(source_path, derivative_path, folder / REPORT)
    index = folder / "index.html"
    index.write_text(_index_html(folder.name, runs), encoding="utf-8")
    return index


def _write_report(source: Path, derivative: Path, target: Path) -> None:
    """The standalone HTML report of the same stored comparison the notebooks read."""
    from analysis.cache import cached_compare
    from analysis.reports.standalone import standalone_report

    comparison = cached_compare(source, derivative, use_wordnet=True)
    target.write_text(standalone_report(comparison), encoding="utf-8")


def _shown(path: Path) -> str:
    """A path as the notebooks receive it: relative to the project root when inside it, so
    executed notebooks do not show where the project lives on this machine."""
    return (
        str(path.relative_to(paths.PROJECT_ROOT))
        if path.is_relative_to(paths.PROJECT_ROOT)
        else str(path)
    )


def _run_one(
    notebook: Path, folder: Path, parameters: dict[str, str], *, quiet: bool
) -> NotebookRun:
    import papermill

    executed = folder / notebook.name
    papermill.execute_notebook(
        str(notebook),
        str(executed),
        parameters=parameters,
        cwd=str(paths.NOTEBOOKS),
        kernel_name="python3",
        progress_bar=not quiet,
        log_output=False,
    )
    reader = _export(executed, folder / f"{notebook.stem}.html", with_code=False)
    analyst = _export(executed, folder / f"{notebook.stem}-with-code.html", with_code=True)
    return NotebookRun(_title(notebook), executed.name, reader.name, analyst.name)


def _export(executed: Path, target: Path, *, with_code: bool) -> Path:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=True,
    )
    body, _resources = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    target.write_text(body, encoding="utf-8")
    return target


def _title(notebook: Path) -> str:
    """The text of the notebook's first Markdown heading, else its file name."""
    import nbformat

    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def _index_html(pair: str, runs: list[NotebookRun]) -> str:
    rows = "\n".join(
        f'<li><a href="{html.escape(run.reader_html)}">{html.escape(run.title)}</a> '
        f'(<a href="{html.escape(run.analyst_html)}">with code</a>, '
        f'<a href="{html.escape(run.executed)}">notebook</a>)</li>'
        for run in runs
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Reports for {html.escape(pair)}</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto;
padding: 0 1rem; color: #1a1a1a; }} a {{ color: #0645ad; }}</style>
</head>
<body>
<h1>Reports for {html.escape(pair)}</h1>
<p><a href="{REPORT}"><strong>The report</strong></a>: one self-contained page with the verdict,
both articles side by side and every finding with its evidence.</p>
<p>Each notebook of the suite, run on this pair. The first link is the reader's version
(no code); "with code" shows every step.</p>
<ol>
{rows}
</ol>
</body>
</html>
"""
