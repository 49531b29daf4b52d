"""Work in a forked child process: same result as in-process, failures fall back, no leftovers."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time

import pytest

from analysis import background, compare, comparison, paths, tokenizing
from analysis.tokenizing import segment, segment_each

FORKS: list[int] = []
os.register_at_fork(after_in_parent=lambda: FORKS.append(1))

needs_fork = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="forks only on Linux with two or more CPUs",
)


def _pid_and(value: object) -> tuple[int, object]:
    return os.getpid(), value


def _fails_in_child(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)
    return "done here"


def _raises_in_child(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("only in the child")
    return "done here"


def _raises() -> None:
    raise ValueError("a bug in the work")


@needs_fork
def test_the_work_runs_in_a_child_and_shared_objects_come_back_as_themselves() -> None:
    shared = ["a segmentation stand-in"]
    assert background.can_fork()
    with background.start(_pid_and, shared[0], shared=shared) as pending:
        pid, value = pending.result()
    assert pid != os.getpid()
    assert value is shared[0]


@needs_fork
def test_a_child_that_dies_is_replaced_by_the_work_done_here() -> None:
    with background.start(_fails_in_child, os.getpid()) as pending:
        assert pending.result() == "done here"


@needs_fork
def test_results_of_one_child_come_as_each_is_ready_and_a_failure_leaves_the_rest_here() -> None:
    parent = os.getpid()
    calls = [(_pid_and, ("first",)), (_raises_in_child, (parent,)), (_pid_and, ("third",))]
    first, second, third = background.start_each(calls)
    with first, second, third:
        assert first.result()[0] != parent  # sent before the child failed
        assert second.result() == "done here"
        assert third.result() == (parent, "third")


@needs_fork
def test_an_error_in_the_work_is_raised_here_with_its_own_type() -> None:
    with background.start(_raises) as pending, pytest.raises(ValueError, match="a bug"):
        pending.result()


@needs_fork
def test_closing_stops_a_child_whose_result_is_not_wanted() -> None:
    began = time.perf_counter()
    with background.start(time.sleep, 60):
        assert [child.name for child in multiprocessing.active_children()] == ["analysis"]
    assert multiprocessing.active_children() == []
    assert time.perf_counter() - began < 10


def test_the_environment_variable_keeps_all_work_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(background.PARALLEL, "0")
    assert not background.can_fork()
    with background.start(_pid_and, 1) as pending:
        assert pending.result() == (os.getpid(), 1)


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not background.can_fork()
    finally:
        stop.set()
        thread.join()


@needs_fork
def test_compare_shares_its_work_with_children_for_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = paths.PROJECT_ROOT / "data" / "raw"
    texts = [(raw / name).read_text(encoding="utf-8") for name in ("source.txt", "derivative.txt")]

    def result() -> dict[str, object]:
        found = compare(*texts).to_json()
        found.pop("provenance")
        return found

    monkeypatch.setattr(comparison, "_PARALLEL_CHARS", 0)
    forks = len(FORKS)
    in_children = result()
    # one finds the sentences, one reads the texts, one finds meaning changes and blocks
    assert len(FORKS) == forks + 3
    monkeypatch.setenv(background.PARALLEL, "0")
    assert result() == in_children
    assert len(FORKS) == forks + 3


@needs_fork
def test_sentences_found_in_a_child_segment_the_texts_as_in_one_process() -> None:
    raw = paths.PROJECT_ROOT / "data" / "raw"
    texts = [(raw / name).read_text(encoding="utf-8") for name in ("source.txt", "derivative.txt")]
    forks = len(FORKS)
    assert segment_each(texts, fork=True) == [segment(text) for text in texts]
    assert len(FORKS) == forks + 1


_SENTENCES = "Dr. Ito met Gen. Oda in Lima. He left. “Fine,” she said."


def _punkt_alone() -> tuple[list[str], list[tuple[int, int]]] | None:
    """In a child only: NLTK as if never imported, then Punkt's sentences and what it imported."""
    if not background.in_child():
        return None  # never in the test's own process
    for name in [name for name in sys.modules if name.split(".")[0] == "nltk"]:
        del sys.modules[name]
    tokenizing._punkt.cache_clear()
    spans = list(tokenizing._punkt().span_tokenize(_SENTENCES))
    return sorted(name for name in sys.modules if name.split(".")[0] == "nltk"), spans


@needs_fork
def test_a_child_imports_punkt_without_all_of_nltk() -> None:
    with background.start(_punkt_alone) as pending:
        found = pending.result()
    assert found is not None
    modules, spans = found
    assert "nltk.tokenize.punkt" in modules
    assert "nltk" not in modules and "nltk.tokenize" not in modules  # the stand-ins are gone
    assert "nltk.corpus" not in modules and len(modules) < 20  # NLTK's own init imports 245
    assert spans == list(tokenizing._punkt().span_tokenize(_SENTENCES))
    assert not background.in_child()
