"""Work done in a forked process while the caller goes on with other work.

``compare`` finds the sentences of both texts while it finds their tokens, reads the quotes
and names of both texts, which needs only the texts, while it aligns them, and finds meaning
changes and added blocks while it matches quotes and names: on a machine with two cores that
hides part of that work's time.

:func:`start` forks a child process that does the work and sends its result back pickled,
when it can: on Linux, with two or more usable CPUs, a single thread running (forking a
process that runs other threads, such as a Jupyter kernel, is unsafe) and not inside a daemonic
process. :func:`start_each` has one child make several calls in turn, sending each result as
soon as it is ready. The objects named ``shared`` (the segmentations both processes hold)
travel by reference, not by value. Otherwise, or with the environment variable
``ANALYSIS_PARALLEL=0``, the work is done in this process when its result is first asked for.

The result is the same either way. A child that fails sends nothing more, and the work left is
then done again in this process, so that an error is raised here, with its traceback.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import queue
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ["PARALLEL", "Pending", "can_fork", "in_child", "start", "start_each"]

PARALLEL = "ANALYSIS_PARALLEL"  # set to 0 to do all work in the calling process
T = TypeVar("T")
_in_child = False  # set in a child process :func:`start` forked


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
        child: _Child | None = None,
        index: int = 0,
    ) -> None:
        self._call = (function, tuple(args))
        self._child = child
        self._index = index
        self._value: tuple[T] | None = None

    def result(self) -> T:
        """The result: the child's, once it has sent it, or computed here."""
        if self._value is None:
            received = self._child.result(self._index) if self._child is not None else None
            function, args = self._call
            self._value = (function(*args),) if received is None else received
        return self._value[0]

    def close(self) -> None:
        """Stop the child if it is still working (a result was not asked for)."""
        if self._child is not None:
            self._child.stop()

    def __enter__(self) -> Pending[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def can_fork() -> bool:
    """Whether :func:`start` would fork (module docstring)."""
    return (
        os.environ.get(PARALLEL, "1") != "0"
        and sys.platform == "linux"
        and len(os.sched_getaffinity(0)) > 1
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )


def in_child() -> bool:
    """Whether this process is a child that :func:`start` forked: it makes its calls, sends
    their results and exits, so it may change its own state (its imports, say) freely.

    >>> in_child()
    False
    """
    return _in_child


Call = tuple[Callable[..., Any], Sequence[Any]]  # a function and its arguments


def start(
    function: Callable[..., T], *args: Any, shared: Sequence[object] = (), fork: bool = True
) -> Pending[T]:
    """Start ``function(*args)`` in a child process if ``fork`` is asked for and
    :func:`can_fork`; ``shared``: objects the result may refer to, passed back by reference."""
    pending: Pending[T] = start_each([(function, args)], shared=shared, fork=fork)[0]
    return pending


def start_each(
    calls: Sequence[Call], *, shared: Sequence[object] = (), fork: bool = True
) -> list[Pending[Any]]:
    """Like :func:`start`, for calls made one after the other in one child process, each
    result sent as soon as it is ready (so the first can be used while the next is computed).

    >>> first, second = start_each([(min, (3, 1)), (max, (3, 1))])
    >>> with first, second:
    ...     first.result(), second.result()
    (1, 3)
    """
    child = _Child(calls, shared) if fork and can_fork() else None
    return [Pending(function, args, child, index) for index, (function, args) in enumerate(calls)]


class _Child:
    """A forked process making calls in order and sending each result when it has it."""

    def __init__(self, calls: Sequence[Call], shared: Sequence[object]) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_work, args=(sender, calls, shared), daemon=True, name="analysis"
        )
        self.process.start()
        sender.close()
        self.shared, self.calls = tuple(shared), len(calls)
        self.received: list[object] = []
        self.running = True

    def result(self, index: int) -> tuple[Any] | None:
        """The result of call ``index``, once sent; None if the child stopped before that."""
        while self.running and len(self.received) <= index:
            try:
                self.received.append(_loads(self.receiver.recv_bytes(), self.shared))
            except EOFError:  # the child failed
                self.stop()
            if len(self.received) == self.calls:
                self.stop()  # it has finished: reap it
        return (self.received[index],) if index < len(self.received) else None

    def stop(self) -> None:
        if self.running:
            self.receiver.close()
            self.process.terminate()
            self.process.join()
            self.running = False


def _work(sender: Connection, calls: Sequence[Call], shared: Sequence[object]) -> None:
    """Make the calls and hand each result to a thread that sends it: a large result waits in
    the pipe until the parent reads it, and the next call should not wait with it."""
    global _in_child
    _in_child = True
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    postman = threading.Thread(target=_send_all, args=(sender, outbox))
    postman.start()
    for function, args in calls:
        try:
            outbox.put(_dumps(function(*args), shared))
        except BaseException:
            outbox.put(None)  # nothing more: the parent makes the calls left, raising the error
            postman.join()
            os._exit(1)
    outbox.put(None)
    postman.join()


def _send_all(sender: Connection, outbox: queue.SimpleQueue[bytes | None]) -> None:
    while (data := outbox.get()) is not None:
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
