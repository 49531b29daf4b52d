"""Every project path in one place, so code and notebooks work from any working directory.

``ANALYSIS_PROJECT_ROOT`` overrides the root (for an installed package used outside a
checkout); ``ANALYSIS_NLTK_DATA`` overrides where the WordNet data is built and read;
``ANALYSIS_CACHE_DIR`` where data derived from installed packages is stored ready to load
(:func:`cache_folder`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "DATA",
    "DATA_PROCESSED",
    "DATA_RAW",
    "NLTK_DATA",
    "NOTEBOOKS",
    "PROJECT_ROOT",
    "REPORTS",
    "cache_folder",
    "resolve",
]


def _find_project_root() -> Path:
    override = os.environ.get("ANALYSIS_PROJECT_ROOT")
    if override:
        return Path(override).resolve()
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "src" / "analysis").is_dir():
        return checkout
    return Path.cwd()


PROJECT_ROOT = _find_project_root()
DATA = PROJECT_ROOT / "data"
DATA_RAW = DATA / "raw"
DATA_PROCESSED = DATA / "processed"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
REPORTS = PROJECT_ROOT / "reports"
NLTK_DATA = Path(os.environ.get("ANALYSIS_NLTK_DATA") or DATA / "nltk_data")


def resolve(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as is when absolute, else relative to the project root.

    >>> resolve("data/raw/source.txt") == PROJECT_ROOT / "data" / "raw" / "source.txt"
    True
    """
    candidate = Path(path)
    return candidate if candidate.is_absolute() else PROJECT_ROOT / candidate


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Where data derived from installed packages is stored ready to load (the gazetteer):
    ``ANALYSIS_CACHE_DIR``, else ``derivative-analysis`` in ``XDG_CACHE_HOME`` or ``~/.cache``.
    Read at each call, so a test or a user can move it at any time.

    >>> cache_folder({"ANALYSIS_CACHE_DIR": "/tmp/analysis-cache"})
    PosixPath('/tmp/analysis-cache')
    >>> cache_folder({"XDG_CACHE_HOME": "/var/cache"})
    PosixPath('/var/cache/derivative-analysis')
    """
    override = environ.get("ANALYSIS_CACHE_DIR")
    if override:
        return Path(override)
    base = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "derivative-analysis"
