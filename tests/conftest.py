"""Shared fixtures: the project root and the example pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import Document, load_document, paths


@pytest.fixture(scope="session")
def project_root() -> Path:
    return paths.PROJECT_ROOT


@pytest.fixture(scope="session")
def example_pair(project_root: Path) -> tuple[Document, Document]:
    raw = project_root / "data" / "raw"
    return load_document(raw / "source.txt"), load_document(raw / "derivative.txt")
