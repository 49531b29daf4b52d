"""Tests for analysis.wordnet: building NLTK's WordNet from the OS files and loading it lazily.

Tests marked ``needs_os_wordnet`` build into a temporary folder (once per session) from
``/usr/share/wordnet``; the rest run anywhere, including without the OS package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import nltk.data
import pytest
from nltk.corpus.reader.wordnet import WordNetCorpusReader

from analysis import wordnet
from analysis.wordnet import (
    OS_WORDNET_DIR,
    WordNetUnavailableWarning,
    build_wordnet_data,
    load_senses,
    load_wordnet,
    reset_wordnet_cache,
    wordnet_status,
)

needs_os_wordnet = pytest.mark.skipif(
    not OS_WORDNET_DIR.is_dir(),
    reason="needs the OS package wordnet-base (apt-get install wordnet-base)",
)

#: WordNet 3.0 has 206,941 word-sense pairs; in 8 of them a capitalised and a lower-case
#: form of one word in one synset have different lex_ids (Earth 0 / earth 2), so two keys.
WORDNET_30_SENSE_KEYS = 206_949


@pytest.fixture(autouse=True)
def _clean_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ANALYSIS_WORDNET", raising=False)
    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))
    reset_wordnet_cache()
    yield
    reset_wordnet_cache()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus folder, built once per session."""
    corpus = build_wordnet_data(nltk_data=tmp_path_factory.mktemp("nltk_data"))
    assert corpus is not None
    return corpus


@pytest.fixture(scope="session")
def reader(built: Path) -> Iterator[Any]:
    """A reader loaded through load_wordnet, once per session."""
    with pytest.MonkeyPatch.context() as session_patch:
        session_patch.setattr(nltk.data, "path", list(nltk.data.path))  # the reader needs it
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("ANALYSIS_NLTK_DATA", str(built.parent.parent))
            patch.delenv("ANALYSIS_WORDNET", raising=False)
            reset_wordnet_cache()
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a real load is silent
                loaded = load_wordnet()
            reset_wordnet_cache()
        assert loaded is not None
        yield loaded


def _fake_corpus(nltk_data: Path) -> Path:
    """Every file the reader needs, present but unusable."""
    corpus = nltk_data / "corpora" / "wordnet"
    corpus.mkdir(parents=True)
    for name in wordnet._BUILT:
        (corpus / name).write_text("not wordnet\n", encoding="utf-8")
    return corpus


def _index_sense(corpus: Path) -> list[list[str]]:
    with (corpus / "index.sense").open(encoding="utf-8") as lines:
        return [line.split() for line in lines]


HEADER = "  1 WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.  \n"
TINY_WORDNET = {
    "data.adj": HEADER
    + "00000100 00 a 01 able 0 001 ! 00000200 a 0101 | having the means  \n"
    + "00000200 00 a 01 unable 0 001 ! 00000100 a 0101 | lacking the means  \n"
    + "00000300 00 s 02 Capable(p) 0 able(a) 1 001 & 00000100 a 0000 | a satellite  \n",
    "index.adj": "able a 2 1 ! 2 1 00000100 00000300  \n"
    + "capable a 1 0 1 0 00000300  \n"
    + "unable a 1 1 ! 1 0 00000200  \n",
    "data.noun": HEADER
    + "00000100 10 n 02 A 0 a 0 000 | the 1st letter  \n"
    + "00000200 17 n 02 Earth 0 earth 2 000 | the planet  \n",
    "index.noun": "a n 1 0 1 0 00000100  \nearth n 1 0 1 1 00000200  \n",
    "cntlist.rev": "able%3:00:00:: 1 70\nearth%1:17:00:: 1 5\n",
}
TINY_INDEX_SENSE = (
    "a%1:10:00:: 00000100 1 0\n"  # "A" and "a": one key
    "able%3:00:00:: 00000100 1 70\n"
    "able%5:00:01:able:00 00000300 2 0\n"  # marker dropped, head word and id from "&"
    "capable%5:00:00:able:00 00000300 1 0\n"
    "earth%1:17:00:: 00000200 1 5\n"
    "earth%1:17:02:: 00000200 1 0\n"
    "unable%3:00:00:: 00000200 1 0\n"
)


@pytest.fixture
def tiny_os_dir(tmp_path: Path) -> Path:
    """A hand-made WordNet in the OS layout: two adjectives, a satellite and two nouns.

    Files the test does not need hold only a licence line, as empty files count as missing.
    """
    os_dir = tmp_path / "os_wordnet"
    os_dir.mkdir()
    for name in wordnet._COPIED:
        (os_dir / name).write_text(TINY_WORDNET.get(name, HEADER), encoding="utf-8")
    return os_dir


def _mtimes(corpus: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in corpus.iterdir()}


# --- without the OS data ----------------------------------------------------------------


def test_files_match_what_nltk_reader_opens() -> None:
    assert sorted(wordnet._FILES) == sorted(WordNetCorpusReader._FILES)


def test_lexnames_are_the_45_wordnet_30_files() -> None:
    rows = [line.split("\t") for line in wordnet._lexnames_text().splitlines()]
    assert len(rows) == 45
    assert [int(number) for number, _, _ in rows] == list(range(45))
    assert rows[0] == ["00", "adj.all", "3"]
    assert rows[2] == ["02", "adv.all", "4"]
    assert rows[18] == ["18", "noun.person", "1"]
    assert rows[43] == ["43", "verb.weather", "2"]
    assert rows[44] == ["44", "adj.ppl", "3"]


def test_build_generates_lexnames_and_index_sense(tiny_os_dir: Path, tmp_path: Path) -> None:
    corpus = build_wordnet_data(tiny_os_dir, tmp_path / "nltk_data")
    assert corpus == tmp_path / "nltk_data" / "corpora" / "wordnet"
    assert sorted(path.name for path in corpus.iterdir()) == sorted(wordnet._BUILT)
    assert (corpus / "index.sense").read_text(encoding="utf-8") == TINY_INDEX_SENSE
    assert (corpus / "lexnames").read_text(encoding="utf-8") == wordnet._lexnames_text()
    assert (corpus / "data.adj").read_bytes() == (tiny_os_dir / "data.adj").read_bytes()
    assert [path.name for path in corpus.parent.iterdir()] == ["wordnet"]  # no temp folders


def test_build_is_idempotent_until_os_files_change(tiny_os_dir: Path, tmp_path: Path) -> None:
    corpus = build_wordnet_data(tiny_os_dir, tmp_path)
    assert corpus is not None
    before = _mtimes(corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert build_wordnet_data(tiny_os_dir, tmp_path) == corpus
    assert _mtimes(corpus) == before
    newer = max(before.values()) + 10**9
    os.utime(tiny_os_dir / "data.noun", ns=(newer, newer))
    assert build_wordnet_data(tiny_os_dir, tmp_path) == corpus
    assert all(_mtimes(corpus)[name] > before[name] for name in before)


def test_build_replaces_an_incomplete_folder(tiny_os_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpora" / "wordnet"
    corpus.mkdir(parents=True)
    (corpus / "lexnames").write_text("half-built\n", encoding="utf-8")
    assert build_wordnet_data(tiny_os_dir, tmp_path) == corpus
    assert sorted(path.name for path in corpus.iterdir()) == sorted(wordnet._BUILT)
    assert (corpus / "lexnames").read_text(encoding="utf-8") == wordnet._lexnames_text()
    assert [path.name for path in corpus.parent.iterdir()] == ["wordnet"]


def test_interrupted_build_leaves_no_folder(
    tiny_os_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(os_dir: Path) -> Iterator[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(wordnet, "_index_sense_lines", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_wordnet_data(tiny_os_dir, tmp_path)
    assert list((tmp_path / "corpora").iterdir()) == []


def test_build_defaults_to_the_configured_nltk_data(
    tiny_os_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(tmp_path / "configured"))
    assert build_wordnet_data(tiny_os_dir) == tmp_path / "configured" / "corpora" / "wordnet"
    assert wordnet_status().available is True


@pytest.mark.parametrize("os_dir_name", ["missing", "empty"])
def test_build_without_os_data_warns_once_and_returns_none(
    tmp_path: Path, os_dir_name: str
) -> None:
    os_dir = tmp_path / os_dir_name
    if os_dir_name == "empty":
        os_dir.mkdir()
    with pytest.warns(WordNetUnavailableWarning, match="apt-get install wordnet-base") as record:
        result = build_wordnet_data(os_dir, tmp_path / "nltk_data")
    assert result is None
    assert len(record) == 1
    assert str(os_dir) in str(record[0].message)
    assert not (tmp_path / "nltk_data").exists()


def test_build_names_missing_os_files(tmp_path: Path) -> None:
    (tmp_path / "data.noun").write_text("", encoding="utf-8")
    with pytest.warns(WordNetUnavailableWarning, match="lacks cntlist.rev"):
        assert build_wordnet_data(tmp_path, tmp_path / "nltk_data") is None


def test_load_without_data_warns_once_and_returns_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(tmp_path))
    with pytest.warns(WordNetUnavailableWarning, match="make wordnet") as record:
        assert load_wordnet() is None
    assert len(record) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_wordnet() is None  # cached: no second warning
    status = wordnet_status()
    assert (status.available, status.loaded, status.path) == (False, False, None)
    assert status.reason is not None and "make wordnet" in status.reason


def test_off_switch_disables_present_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _fake_corpus(tmp_path)
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(tmp_path))
    assert wordnet_status().path == str(corpus)
    monkeypatch.setenv("ANALYSIS_WORDNET", "off")
    with pytest.warns(WordNetUnavailableWarning, match="ANALYSIS_WORDNET=off") as record:
        assert load_wordnet() is None
    assert len(record) == 1
    status = wordnet_status()
    assert (status.available, status.loaded, status.path) == (False, False, None)
    assert status.reason == "disabled by ANALYSIS_WORDNET=off"


def test_unloadable_data_warns_and_returns_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_corpus(tmp_path)
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(tmp_path))
    with pytest.warns(WordNetUnavailableWarning, match="cannot load") as record:
        assert load_wordnet() is None
    assert len(record) == 1
    assert wordnet_status().loaded is False


def test_status_is_frozen_and_json_ready(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(tmp_path))
    status = wordnet_status()
    assert json.loads(json.dumps(status.to_dict())) == {
        "available": False,
        "loaded": False,
        "path": None,
        "reason": status.reason,
    }
    with pytest.raises(FrozenInstanceError):
        status.loaded = True  # type: ignore[misc]


def test_load_wordnet_loads_once_and_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _fake_corpus(tmp_path)
    constructed: list[str] = []

    class CountingReader:
        def __init__(self, root: str, omw_reader: None) -> None:
            constructed.append(root)

    monkeypatch.setattr(wordnet, "_reader_class", lambda: CountingReader)
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(tmp_path))
    assert wordnet_status().to_dict() == {
        "available": True,
        "loaded": False,
        "path": str(corpus),
        "reason": None,
    }
    first = load_wordnet()
    assert isinstance(first, CountingReader)
    assert load_wordnet() is first
    assert constructed == [str(corpus)]
    assert wordnet_status().loaded is True
    assert str(tmp_path) in nltk.data.path
    reset_wordnet_cache()
    assert wordnet_status().loaded is False


LAZY_IMPORT_CHECK = textwrap.dedent(
    """
    import sys, types

    opened = []
    sys.addaudithook(lambda event, args: event == "open" and opened.append(str(args[0])))
    package = types.ModuleType("analysis")  # only analysis.wordnet and what it imports
    package.__path__ = [sys.argv[1]]
    sys.modules["analysis"] = package

    import analysis.wordnet as wordnet

    nltk_modules = [name for name in sys.modules if name.split(".")[0] == "nltk"]
    assert not nltk_modules, nltk_modules
    data_files = [path for path in opened if not path.endswith((".py", ".pyc"))]
    assert not data_files, data_files
    assert not wordnet._readers, wordnet._readers
    print("lazy")
    """
)


def test_import_reads_nothing_and_does_not_import_nltk() -> None:
    package_dir = Path(wordnet.__file__).parent
    result = subprocess.run(
        [sys.executable, "-I", "-B", "-c", LAZY_IMPORT_CHECK, str(package_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "lazy"


# --- with the OS data -------------------------------------------------------------------


@needs_os_wordnet
def test_build_writes_exactly_the_reader_files(built: Path) -> None:
    assert sorted(path.name for path in built.iterdir()) == sorted(wordnet._BUILT)
    assert len(list(built.iterdir())) == 17
    assert not any(path.is_symlink() for path in built.iterdir())
    assert [path.name for path in built.parent.iterdir()] == ["wordnet"]  # no temp folders
    lexnames = (built / "lexnames").read_text(encoding="utf-8").splitlines()
    assert len(lexnames) == 45


@needs_os_wordnet
def test_index_sense_is_sorted_and_complete(built: Path) -> None:
    rows = _index_sense(built)
    keys = [row[0] for row in rows]
    assert len(keys) == len(set(keys)) == WORDNET_30_SENSE_KEYS
    assert keys == sorted(keys)
    assert all(len(row) == 4 and row[1].isdigit() and len(row[1]) == 8 for row in rows)
    assert "able%3:00:00:: 00001740 1 70" in {" ".join(row) for row in rows}


@needs_os_wordnet
def test_lookups_work(reader: Any) -> None:
    antonyms = {
        antonym.name() for lemma in reader.lemmas("increase") for antonym in lemma.antonyms()
    }
    assert "decrease" in antonyms
    assert reader.morphy("running", "v") == "run"
    assert reader.lemma_from_key("able%3:00:00::").synset() == reader.synset("able.a.01")
    for key, head in [
        ("accelerated%5:00:00:fast:01", "fast"),
        ("emergent%5:00:00:nascent:00", "nascent"),
    ]:
        satellite = reader.lemma_from_key(key)
        assert satellite.key() == key
        assert satellite.synset().pos() == "s"
        assert satellite.synset().similar_tos()[0].lemma_names()[0] == head
    dog = reader.synset("dog.n.01").lemmas()[0]
    assert dog.key() == "dog%1:05:00::"
    assert reader.lemma_from_key(dog.key()) == dog


@needs_os_wordnet
def test_tagged_sense_keys_round_trip(reader: Any, built: Path) -> None:
    ours = {row[0] for row in _index_sense(built)}
    with (OS_WORDNET_DIR / "cntlist.rev").open(encoding="utf-8") as lines:
        tagged = [line.split()[0] for line in lines]
    present = [key for key in tagged if key in ours]
    assert len(present) > 0.9 * len(tagged)  # the rest name senses absent from WordNet 3.0
    sample = present[::10]
    assert len(sample) > 3000
    assert [reader.lemma_from_key(key).key() for key in sample] == sample


@needs_os_wordnet
def test_index_sense_rows_agree_with_nltk(reader: Any, built: Path) -> None:
    for key, offset, number, tag_count in _index_sense(built)[::100]:
        lemma = reader.lemma_from_key(key)
        synset = lemma.synset()
        pos = "a" if synset.pos() == "s" else synset.pos()
        assert synset.offset() == int(offset), key
        assert reader.synsets(key.split("%")[0], pos)[int(number) - 1] == synset, key
        assert lemma.count() == int(tag_count), key


@needs_os_wordnet
def test_sense_index_gives_the_senses_nltk_gives(
    reader: Any, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(built.parent.parent))
    senses = load_senses()
    assert senses is not None and wordnet_status().loaded
    lemmas = sorted(reader.all_lemma_names())[::97]
    inflected = [
        "geese",
        "went",
        "mice",
        "leaves",
        "banned",
        "lying",
        "worst",
        "running",
        "largest",
    ]
    words = lemmas + inflected + [w + end for w in lemmas[::7] for end in ("s", "ed", "ing", "er")]
    for word in words:
        expected = [s.pos().replace("s", "a") + f"{s.offset():08d}" for s in reader.synsets(word)]
        assert senses.senses(word) == expected, word


@pytest.mark.parametrize("setting", ["missing", "off"])
def test_load_senses_without_data_warns_once_and_returns_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("ANALYSIS_NLTK_DATA", str(tmp_path))
    if setting == "off":
        _fake_corpus(tmp_path)
        monkeypatch.setenv("ANALYSIS_WORDNET", "off")
    with pytest.warns(WordNetUnavailableWarning) as record:
        assert load_senses() is None
    assert len(record) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_senses() is None


@needs_os_wordnet
def test_stored_sense_index_is_the_parsed_one(built: Path) -> None:
    stored = wordnet.SenseIndex.read(built)
    assert (built / "senses.marshal").is_file()
    assert stored == wordnet.SenseIndex.parse(built)


def test_unreadable_stored_sense_index_falls_back_to_parsing(
    tiny_os_dir: Path, tmp_path: Path
) -> None:
    corpus = build_wordnet_data(tiny_os_dir, tmp_path / "nltk_data")
    assert corpus is not None
    parsed = wordnet.SenseIndex.parse(corpus)
    assert wordnet.SenseIndex.read(corpus) == parsed
    (corpus / "senses.marshal").write_bytes(b"not marshal data")
    assert wordnet.SenseIndex.read(corpus) == parsed
    (corpus / "senses.marshal").unlink()
    assert wordnet.SenseIndex.read(corpus) == parsed
