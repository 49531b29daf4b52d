"""The comparison cache: one computation per pair and option set, reused, never stale."""

from __future__ import annotations

import shutil

import pytest

from analysis import cache, storage


@pytest.fixture()
def pair(tmp_path, project_root):
    raw = project_root / "data" / "raw"
    for name in ("source.txt", "derivative.txt"):
        shutil.copyfile(raw / name, tmp_path / name)
    return tmp_path / "source.txt", tmp_path / "derivative.txt"


def test_a_second_call_reads_the_stored_comparison(pair, tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    first = cache.cached_compare(*pair, folder=folder, use_wordnet=False)
    assert len(list(folder.glob("*.pickle"))) == 1

    def no_second_computation(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(cache, "compare", no_second_computation)
    second = cache.cached_compare(*pair, folder=folder, use_wordnet=False)
    assert second.to_json() == first.to_json()
    assert second.findings == first.findings


def test_options_and_contents_key_the_cache(pair, tmp_path):
    folder = tmp_path / "processed"
    cache.cached_compare(*pair, folder=folder, use_wordnet=False)
    cache.cached_compare(*pair, folder=folder, use_wordnet=False, link_threshold=0.4)
    assert len(list(folder.glob("*.pickle"))) == 2
    pair[1].write_text(pair[1].read_text("utf-8") + "\nOne more line.", "utf-8")
    edited = cache.cached_compare(*pair, folder=folder, use_wordnet=False)
    assert len(list(folder.glob("*.pickle"))) == 3
    assert edited.derivative.text.endswith("One more line.")


def test_an_unreadable_entry_is_computed_again(pair, tmp_path):
    folder = tmp_path / "processed"
    cache.cached_compare(*pair, folder=folder, use_wordnet=False)
    (entry,) = folder.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    again = cache.cached_compare(*pair, folder=folder, use_wordnet=False)
    assert again.summary["derivative"]["added"] > 0
    assert entry.read_bytes() != b"not a pickle"
    assert not list(folder.glob(".tmp-*"))


def test_an_atomic_write_that_fails_leaves_neither_the_file_nor_a_temporary(tmp_path):
    target = tmp_path / "folder" / "entry.pickle"
    with pytest.raises(TypeError):
        storage.write_atomically(target, "text, not bytes")  # type: ignore[arg-type]
    assert [*target.parent.iterdir()] == []
    storage.write_atomically(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert [*target.parent.iterdir()] == [target]
