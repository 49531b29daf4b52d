"""The project's exception types.

Known problems with the user's input raise :class:`InputError`; the command line turns them
into one line on stderr and exit code 2. Anything else is a bug and is reported as one.
"""

from __future__ import annotations

from os import PathLike

__all__ = ["AnalysisError", "InputError", "UsageError"]


class AnalysisError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(AnalysisError):
    """An input file cannot be used; the message names the file and the problem.

    >>> str(InputError("notes.txt", "file is empty"))
    'notes.txt: file is empty'
    """

    def __init__(self, path: str | PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class UsageError(AnalysisError):
    """The command or its options are used wrongly (the message says how to use them)."""
