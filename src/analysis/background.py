"""Work done in a forked process while the caller goes on with other work.

``compare`` reads the quotes and names of both texts, which needs only the texts, while it
aligns them: on a machine with two cores that hides most of the finders' reading time.

:func:`start` forks a child process that does the work and sends its result back pickled,
when it can: on Linux, with two or more usable CPUs, a single thread running (forking a
process that runs other threads, such as a Jupyter kernel, is unsafe) and not inside a daemonic
process. The objects named ``shared`` (the segmentations both processes hold) travel by
reference, not by value. Otherwise, or with the environment variable ``ANALYSIS_PARALLEL=0``,
the work is done in this process when its result is first asked for.

The result is the same either way. A child that fails sends nothing, and the work is then done
again in this process, so that an error is raised here, with its traceback.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ["PARALLEL", "Pending", "can_fork", "start"]

PARALLEL = "ANALYSIS_PARALLEL"  # set to 0 to do all work in the calling process
T = TypeVar("T")


class Pending(Generic[T]):
    """The result of ``function(*args)``, computed in a child process or on demand.

    >>> with start(sum, [1, 2, 3]) as pending:
    ...     pending.result()
    6
    """

    def __init__(
        self,
        function: Callable[..., T],
        args: Sequence[Any],
        shared: Sequence[object] = (),
        child: tuple[multiprocessing.process.BaseProcess, Connection] | None = None,
    ) -> None:
        self._call = (function, tuple(args))
        self._shared = tuple(shared)
        self._child = child
        self._value: tuple[T] | None = None

    def result(self) -> T:
        """The result: the child's, once it has sent it, or computed here."""
        if self._value is None:
            received = self._receive()
            function, args = self._call
            self._value = (function(*args),) if received is None else (received,)
        return self._value[0]

    def close(self) -> None:
        """Stop the child if it is still working (its result was not asked for)."""
        if self._child is not None:
            process, receiver = self._child
            receiver.close()
            process.terminate()
            process.join()
            self._child = None

    def __enter__(self) -> Pending[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _receive(self) -> T | None:
        if self._child is None:
            return None
        process, receiver = self._child
        try:
            data = receiver.recv_bytes()
        except EOFError:  # the child failed
            return None
        finally:
            receiver.close()
            process.join()
            self._child = None
        return _loads(data, self._shared)  # type: ignore[return-value]


def can_fork() -> bool:
    """Whether :func:`start` would fork (module docstring)."""
    return (
        os.environ.get(PARALLEL, "1") != "0"
        and sys.platform == "linux"
        and len(os.sched_getaffinity(0)) > 1
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


def start(
    function: Callable[..., T], *args: Any, shared: Sequence[object] = (), fork: bool = True
) -> Pending[T]:
    """Start ``function(*args)`` in a child process if ``fork`` is asked for and
    :func:`can_fork`; ``shared``: objects the result may refer to, passed back by reference."""
    if not (fork and can_fork()):
        return Pending(function, args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, function, args, shared), daemon=True, name="analysis"
    )
    process.start()
    sender.close()
    return Pending(function, args, shared, (process, receiver))


def _child(
    sender: Connection,
    function: Callable[..., object],
    args: Sequence[Any],
    shared: Sequence[object],
) -> None:
    try:
        data = _dumps(function(*args), shared)
    except BaseException:
        os._exit(1)  # nothing sent: the parent does the work again and raises the error
    sender.send_bytes(data)
    sender.close()


class _Pickler(pickle.Pickler):
    """Pickles the shared objects as their index in ``shared``."""

    def __init__(self, file: io.BytesIO, shared: Sequence[object]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.indices = {id(item): index for index, item in enumerate(shared)}

    def persistent_id(self, obj: object) -> int | None:
        return self.indices.get(id(obj))


class _Unpickler(pickle.Unpickler):
    """Reads the shared objects' indices back as the objects."""

    def __init__(self, file: io.BytesIO, shared: Sequence[object]) -> None:
        super().__init__(file)
        self.shared = shared

    def persistent_load(self, pid: Any) -> object:
        return self.shared[pid]


def _dumps(value: object, shared: Sequence[object]) -> bytes:
    """``value`` pickled, the shared objects by reference.

    >>> shared = [object()]
    >>> _loads(_dumps({"a": shared[0]}, shared), shared)["a"] is shared[0]
    True
    """
    buffer = io.BytesIO()
    _Pickler(buffer, shared).dump(value)
    return buffer.getvalue()


def _loads(data: bytes, shared: Sequence[object]) -> object:
    return _Unpickler(io.BytesIO(data), shared).load()
