"""Files the project writes for itself to read back later: written whole or not at all, and
read back only when intact, so a reader never sees half a file or trusts a damaged one.

Tables are stored in Python's :mod:`marshal` format (the WordNet sense index, the gazetteer):
the fastest to load, but tied to the Python version, so a reader falls back to rebuilding
when :func:`read_tables` returns ``None``.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["TABLE_FORMAT", "read_tables", "write_atomically", "write_tables"]

#: What the bytes :func:`write_tables` writes depend on besides the tables: part of a stored
#: file's key wherever the file outlives this Python (as in the user's cache folder).
TABLE_FORMAT = f"marshal {marshal.version}, Python {sys.version}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place, so a reader
    never sees half a file; the folder is made if missing. Raises :class:`OSError`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_tables(path: Path, tables: tuple[dict[str, Any], ...]) -> None:
    """Store ``tables`` for :func:`read_tables` (atomically). Raises :class:`OSError`."""
    write_atomically(path, marshal.dumps(tables))


def read_tables(path: Path, count: int) -> tuple[dict[str, Any], ...] | None:
    """The ``count`` tables stored at ``path``, or ``None`` when the file is missing,
    unreadable (another Python's format, say) or holds anything else.

    >>> import tempfile
    >>> stored = Path(tempfile.mkdtemp()) / "tables.marshal"
    >>> write_tables(stored, ({"a": 1}, {"b": (2, 3)}))
    >>> read_tables(stored, 2)
    ({'a': 1}, {'b': (2, 3)})
    >>> read_tables(stored, 3) is None, read_tables(stored.with_name("missing"), 2) is None
    (True, True)
    """
    try:
        stored = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    shaped = isinstance(stored, tuple) and len(stored) == count
    return stored if shaped and all(isinstance(table, dict) for table in stored) else None
