"""Shared fixtures: the project root and the example pair; a cache folder for the run."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from analysis import Document, load_document, paths


def pytest_configure(config: pytest.Config) -> None:
    """Keep what the run stores ready to load (the gazetteer) out of the user's cache folder, in
    a folder of its own that notebook kernels and subprocesses inherit."""
    os.environ["ANALYSIS_CACHE_DIR"] = tempfile.mkdtemp(prefix="analysis-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = os.environ.pop("ANALYSIS_CACHE_DIR", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return paths.PROJECT_ROOT


@pytest.fixture(scope="session")
def example_pair(project_root: Path) -> tuple[Document, Document]:
    raw = project_root / "data" / "raw"
    return load_document(raw / "source.txt"), load_document(raw / "derivative.txt")
