"""One computation per pair: comparisons cached under ``data/processed/`` by content and options.

:func:`cached_compare` returns the cached :class:`~analysis.comparison.Comparison` for two
files and a set of options when there is one, and computes and stores it otherwise. The key
is the SHA-256 of both files' bytes, the options, the tool's version and a fingerprint of the
package's own code and data, so an edited input, a changed option or changed code never reuses
an old result. Every notebook of a run, the JSON
and the HTML report read the same stored comparison, so they cannot disagree.

The cache holds pickles this project wrote itself (in a folder git ignores); an unreadable or
stale entry is computed again. Entries are written to a temporary file and renamed into place
(:func:`analysis.storage.write_atomically`), so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from analysis import __version__, paths, storage
from analysis.comparison import Comparison, Options, compare
from analysis.loading import load_document

__all__ = ["cache_key", "cached_compare"]


def cached_compare(
    source: str | os.PathLike[str],
    derivative: str | os.PathLike[str],
    *,
    folder: str | os.PathLike[str] | None = None,
    **options: Any,
) -> Comparison:
    """The comparison of two files (paths relative to the project root or absolute), from
    ``folder`` (default ``data/processed/``) when computed before with the same options."""
    documents = [load_document(paths.resolve(path)) for path in (source, derivative)]
    settings = Options(**options)
    entry = (
        Path(folder or paths.DATA_PROCESSED)
        / f"{cache_key(documents[0].sha256, documents[1].sha256, settings)}.pickle"
    )
    stored = _read(entry)
    if stored is not None:
        return stored
    comparison = compare(*documents, **asdict(settings))
    _write(entry, comparison)
    return comparison


def cache_key(source_sha256: str, derivative_sha256: str, options: Options) -> str:
    """A name for one pair and option set: hex SHA-256 of both hashes, options and version.

    >>> len(cache_key("a" * 64, "b" * 64, Options()))
    64
    >>> cache_key("a", "b", Options()) != cache_key("a", "b", Options(use_wordnet=False))
    True
    """
    described = json.dumps(
        [source_sha256, derivative_sha256, asdict(options), __version__, _code_fingerprint()],
        sort_keys=True,
    )
    return hashlib.sha256(described.encode("utf-8")).hexdigest()


@cache
def _code_fingerprint() -> str:
    """SHA-256 of every file of the installed package (code and word lists), read once."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc",):
            digest.update(str(path.relative_to(package)).encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _read(entry: Path) -> Comparison | None:
    try:
        with entry.open("rb") as stream:
            stored = pickle.load(stream)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None  # unreadable or written by another version of the code: compute again
    return stored if isinstance(stored, Comparison) else None


def _write(entry: Path, comparison: Comparison) -> None:
    storage.write_atomically(entry, pickle.dumps(comparison, protocol=pickle.HIGHEST_PROTOCOL))
