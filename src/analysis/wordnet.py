"""WordNet for NLTK, built offline from the OS package ``wordnet-base`` and loaded lazily.

NLTK's :class:`~nltk.corpus.reader.wordnet.WordNetCorpusReader` needs ``lexnames`` and
``index.sense``, which Debian's ``wordnet-base`` (WordNet 3.0 in ``/usr/share/wordnet``) lacks,
and reads only real files under ``nltk.data.path``. :func:`build_wordnet_data` copies the OS
files into ``<nltk_data>/corpora/wordnet/`` and generates the two missing ones;
:func:`load_wordnet` then loads the reader once per process. Without the data, or with
``ANALYSIS_WORDNET=off``, both warn once (:class:`WordNetUnavailableWarning`) and return
``None``: everything that uses WordNet must work without it.

Public API:

- :data:`OS_WORDNET_DIR`, :func:`build_wordnet_data`
- :func:`load_wordnet`, :func:`reset_wordnet_cache`
- :func:`load_senses` and :class:`SenseIndex`: which senses a word has, parsed from the index
  files at build time and stored (``senses.marshal``), loaded in about 0.1 s (NLTK's reader
  takes about 1.8 s); parsed again at load time where the stored file cannot be read
- :func:`wordnet_status` and :class:`WordNetStatus`
- :class:`WordNetUnavailableWarning`

Importing this module reads no file and does not import NLTK.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from analysis import paths, storage

if TYPE_CHECKING:
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

__all__ = [
    "OS_WORDNET_DIR",
    "SenseIndex",
    "WordNetStatus",
    "WordNetUnavailableWarning",
    "build_wordnet_data",
    "load_antonyms",
    "load_senses",
    "load_wordnet",
    "reset_wordnet_cache",
    "wordnet_status",
]

OS_WORDNET_DIR = Path("/usr/share/wordnet")
_T = TypeVar("_T")

_DISABLE_ENV = "ANALYSIS_WORDNET"
_NLTK_DATA_ENV = "ANALYSIS_NLTK_DATA"
_OS_PACKAGE_HINT = "install the OS package with `apt-get install wordnet-base`"
_BUILD_HINT = "run `make wordnet` (needs the OS package wordnet-base)"

_POS_FILES = ("noun", "verb", "adj", "adv")
_COPIED = (
    "cntlist.rev",
    *(f"index.{pos}" for pos in _POS_FILES),
    *(f"data.{pos}" for pos in _POS_FILES),
    *(f"{pos}.exc" for pos in _POS_FILES),
)
_GENERATED = ("lexnames", "index.sense")
#: Every file ``WordNetCorpusReader._FILES`` names (a test keeps the two in step).
_FILES = _COPIED + _GENERATED
_ANTONYMS = "antonyms.tsv"  # the project's own: lemma pairs WordNet marks as antonyms
_SENSES = "senses.marshal"  # the project's own: the SenseIndex, stored ready to load
_BUILT = (*_FILES, _ANTONYMS, _SENSES)  # every file a build writes
_DATA_FILE_OF = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}

#: WordNet 3.0 lexicographer files, numbered from 00 (``man 5 lexnames``).
_LEXNAMES = (
    *("adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal"),
    *("noun.artifact", "noun.attribute", "noun.body", "noun.cognition"),
    *("noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group"),
    *("noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon"),
    *("noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation"),
    *("noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body"),
    *("verb.change", "verb.cognition", "verb.communication", "verb.competition"),
    *("verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion"),
    *("verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather"),
    "adj.ppl",
)
_LEX_POS_NUMBERS = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}
_SS_TYPE_NUMBERS = {"n": 1, "v": 2, "a": 3, "r": 4, "s": 5}


class WordNetUnavailableWarning(UserWarning):
    """WordNet cannot be built or loaded; features that use it are skipped."""


@dataclass(frozen=True, slots=True)
class WordNetStatus:
    """Whether WordNet can be used, for reports and JSON provenance (no loading involved)."""

    available: bool
    loaded: bool
    path: str | None
    reason: str | None

    def to_dict(self) -> dict[str, bool | str | None]:
        """The fields as a plain dict.

        >>> WordNetStatus(False, False, None, "disabled").to_dict()["reason"]
        'disabled'
        """
        return asdict(self)


# --- building ---------------------------------------------------------------------------


class _Synset(NamedTuple):
    offset: str
    lex_filenum: int
    ss_type: str
    words: list[tuple[str, int]]  # (lemma without marker, lex_id)
    head_offset: str | None  # target of the first ``&`` pointer of a satellite


def build_wordnet_data(os_dir: Path = OS_WORDNET_DIR, nltk_data: Path | None = None) -> Path | None:
    """Build ``<nltk_data>/corpora/wordnet`` from the OS files; return it, or None if absent.

    Quiet apart from one :class:`WordNetUnavailableWarning` when ``os_dir`` lacks the data.
    Does nothing when the target is complete and newer than the OS files; otherwise builds
    in a temporary folder beside the target and renames it into place.
    """
    problem = _os_data_problem(os_dir)
    if problem:
        _warn(f"WordNet data {os_dir} {problem}: {_OS_PACKAGE_HINT}; WordNet features are off")
        return None
    target = _corpus_dir(nltk_data if nltk_data is not None else _nltk_data_root())
    if _is_fresh(target, os_dir):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".wordnet-build-", dir=target.parent))
    try:
        staging.chmod(0o755)
        _write_corpus(os_dir, staging)
        _swap_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _os_data_problem(os_dir: Path) -> str | None:
    """Why ``os_dir`` cannot be used, or None when it holds every file to copy."""
    if not os_dir.is_dir():
        return "not found"
    missing = [name for name in _COPIED if not (os_dir / name).is_file()]
    if len(missing) == len(_COPIED):
        return "holds no WordNet 3.0 files"
    return f"lacks {', '.join(missing)}" if missing else None


def _write_corpus(os_dir: Path, out: Path) -> None:
    for name in _COPIED:
        shutil.copyfile(os_dir / name, out / name)  # fresh mtimes, no symlinks
    (out / "lexnames").write_text(_lexnames_text(), encoding="utf-8")
    lines = sorted(set(_index_sense_lines(os_dir)))  # "A" and "a" in one synset: one key
    (out / "index.sense").write_text("".join(lines), encoding="utf-8")
    pairs = "".join(sorted(set(_antonym_lines(os_dir))))
    (out / _ANTONYMS).write_text(f"# lemma, antonym: WordNet's ! pointers\n{pairs}", "utf-8")
    senses = SenseIndex.parse(out)
    storage.write_tables(out / _SENSES, (senses.offsets, senses.exceptions))


def _antonym_lines(os_dir: Path) -> Iterator[str]:
    """``lemma<TAB>antonym`` for each single-word pair of WordNet's ``!`` pointers."""
    lemmas: dict[tuple[str, str], list[str]] = {}
    pointers: list[tuple[str, str, str, int]] = []  # (lemma, target file, offset, word number)
    for pos in _POS_FILES:
        with (os_dir / f"data.{pos}").open(encoding="utf-8") as lines:
            for line in lines:
                if not line.startswith(" "):
                    fields = line.partition(" | ")[0].split()
                    words = [lemma for lemma, _ in _parse_synset(fields).words]
                    lemmas[(pos, fields[0])] = words
                    end_words = 4 + 2 * int(fields[3], 16)
                    for i in range(end_words + 1, end_words + 1 + 4 * int(fields[end_words]), 4):
                        symbol, offset, target_pos, numbers = fields[i : i + 4]
                        if symbol == "!":
                            source = words[int(numbers[:2], 16) - 1]
                            pointers.append(
                                (source, _DATA_FILE_OF[target_pos], offset, int(numbers[2:], 16))
                            )
    for lemma, target_file, offset, number in pointers:
        antonym = lemmas[(target_file, offset)][number - 1]
        if "_" not in lemma + antonym:
            yield f"{lemma.lower()}\t{antonym.lower()}\n"


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename ``staging`` to ``target``, replacing an old or partial ``target``."""
    if not target.exists():
        try:
            staging.rename(target)
        except OSError:
            if not _is_complete(target):  # else a concurrent build finished first
                raise
        return
    trash = Path(tempfile.mkdtemp(prefix=".wordnet-old-", dir=target.parent))
    try:
        target.rename(trash / target.name)
        staging.rename(target)
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _is_fresh(target: Path, os_dir: Path) -> bool:
    if not _is_complete(target):
        return False
    built = min((target / name).stat().st_mtime for name in _FILES)
    return built >= max((os_dir / name).stat().st_mtime for name in _COPIED)


def _is_complete(corpus: Path) -> bool:
    return all(_non_empty(corpus / name) for name in _BUILT)


def _non_empty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0 and path.is_file()
    except OSError:
        return False


def _lexnames_text() -> str:
    """``lexnames`` as WordNet 3.0 ships it: number, name and syntactic category.

    >>> _lexnames_text().splitlines()[3]
    '03\\tnoun.Tops\\t1'
    """
    rows = (
        f"{num:02d}\t{name}\t{_LEX_POS_NUMBERS[name.split('.')[0]]}\n"
        for num, name in enumerate(_LEXNAMES)
    )
    return "".join(rows)


def _index_sense_lines(os_dir: Path) -> Iterator[str]:
    """Yield ``sense_key synset_offset sense_number tag_cnt`` per word of each synset, unsorted.

    A line repeats when a synset holds two spellings of one lemma ("A" and "a").
    """
    counts = _tag_counts(os_dir / "cntlist.rev")
    for pos in _POS_FILES:
        sense_numbers = _sense_numbers(os_dir / f"index.{pos}")
        synsets = list(_read_synsets(os_dir / f"data.{pos}"))
        heads = {s.offset: s.words[0] for s in synsets if s.ss_type == "a"}
        for synset in synsets:
            for lemma, lex_id in synset.words:
                key = _sense_key(synset, lemma, lex_id, heads)
                number = sense_numbers[lemma.lower(), synset.offset]
                yield f"{key} {synset.offset} {number} {counts.get(key, 0)}\n"


def _sense_key(synset: _Synset, lemma: str, lex_id: int, heads: dict[str, tuple[str, int]]) -> str:
    """``lemma%ss_type:lex_filenum:lex_id:head_word:head_id``, lower-case (``man 5 senseidx``)."""
    head_word, head_id = "", ""
    if synset.ss_type == "s" and synset.head_offset is not None:
        word, word_lex_id = heads[synset.head_offset]
        head_word, head_id = word, f"{word_lex_id:02d}"
    ss_type = _SS_TYPE_NUMBERS[synset.ss_type]
    key = f"{lemma}%{ss_type}:{synset.lex_filenum:02d}:{lex_id:02d}:{head_word}:{head_id}"
    return key.lower()


def _read_synsets(data_file: Path) -> Iterator[_Synset]:
    """Parse a ``data.<pos>`` file (``man 5 wndb``), skipping the licence header."""
    with data_file.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith(" "):
                yield _parse_synset(line.partition(" | ")[0].split())


def _parse_synset(fields: list[str]) -> _Synset:
    offset, lex_filenum, ss_type, w_cnt = fields[:4]
    end_words = 4 + 2 * int(w_cnt, 16)
    words = [(_strip_marker(fields[i]), int(fields[i + 1], 16)) for i in range(4, end_words, 2)]
    pointers = fields[end_words + 1 : end_words + 1 + 4 * int(fields[end_words])]
    head = next((pointers[i + 1] for i in range(0, len(pointers), 4) if pointers[i] == "&"), None)
    return _Synset(offset, int(lex_filenum), ss_type, words, head)


def _strip_marker(word: str) -> str:
    """Drop an adjective's syntactic marker, as sense keys do.

    >>> _strip_marker("galore(ip)"), _strip_marker("outback(a)"), _strip_marker("able")
    ('galore', 'outback', 'able')
    """
    return word[: word.rindex("(")] if word.endswith(")") else word


def _sense_numbers(index_file: Path) -> dict[tuple[str, str], int]:
    """Map ``(lemma, synset_offset)`` to its 1-based position in the lemma's index line."""
    numbers: dict[tuple[str, str], int] = {}
    with index_file.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            fields = line.split()
            synset_cnt = int(fields[2])
            for number, offset in enumerate(fields[len(fields) - synset_cnt :], start=1):
                numbers[fields[0], offset] = number
    return numbers


def _tag_counts(cntlist: Path) -> dict[str, int]:
    """Map sense key to tag count from ``cntlist.rev`` (``sense_key sense_number tag_cnt``)."""
    with cntlist.open(encoding="utf-8") as lines:
        return {key: int(count) for key, _, count in (line.split() for line in lines)}


# --- loading ----------------------------------------------------------------------------

_lock = threading.Lock()
_readers: dict[tuple[str | None, str | None], WordNetCorpusReader | None] = {}


def load_wordnet() -> WordNetCorpusReader | None:
    """Return NLTK's WordNet reader, loading it on the first call only; None if unavailable.

    Reads ``<ANALYSIS_NLTK_DATA or paths.NLTK_DATA>/corpora/wordnet``. When the data is
    missing, unloadable or disabled (``ANALYSIS_WORDNET=off``), warns once and returns None.
    """
    return _load_once(_readers, _read_corpus)


def reset_wordnet_cache() -> None:
    """Forget loaded data and warnings given, so the next load starts over."""
    with _lock:
        _readers.clear()
        _sense_indexes.clear()
        _antonym_lists.clear()


def wordnet_status() -> WordNetStatus:
    """Report whether WordNet is usable without loading it (a few ``stat`` calls)."""
    corpus, reason = _locate()
    loaded = any(item is not None for item in [*_readers.values(), *_sense_indexes.values()])
    path = str(corpus) if corpus else None
    return WordNetStatus(available=corpus is not None, loaded=loaded, path=path, reason=reason)


# --- the sense index ---------------------------------------------------------------------

#: NLTK's ``WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS`` (WordNet's own morphy rules).
_SUBSTITUTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("ves", "f"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}
_POS_NAMES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


@dataclass(frozen=True, slots=True)
class SenseIndex:
    """For each part of speech, each lemma's synset offsets in sense order, and the
    exception lists of irregular forms: all that is needed to tell which senses a word has."""

    offsets: dict[str, dict[str, tuple[str, ...]]]
    exceptions: dict[str, dict[str, tuple[str, ...]]]

    @classmethod
    def read(cls, corpus: Path) -> SenseIndex:
        """The index ``make wordnet`` stored in a WordNet folder (about 0.1 s), or, where that
        file is missing or unreadable (another Python's format, say), the parsed files (0.3 s)."""
        tables = storage.read_tables(corpus / _SENSES, 2)
        return cls(*tables) if tables else cls.parse(corpus)

    @classmethod
    def parse(cls, corpus: Path) -> SenseIndex:
        """Parse ``index.<pos>`` and ``<pos>.exc`` of a WordNet folder."""
        offsets, exceptions = {}, {}
        for pos, name in _POS_NAMES.items():
            offsets[pos] = dict(_index_offsets(corpus / f"index.{name}"))
            with (corpus / f"{name}.exc").open(encoding="utf-8") as lines:
                exceptions[pos] = {f[0]: tuple(f[1:]) for f in map(str.split, lines) if f}
        return cls(offsets, exceptions)

    def senses(self, word: str) -> list[str]:
        """``pos + offset`` of each sense, in the order ``nltk.corpus.wordnet.synsets(word)``
        returns them (nouns, verbs, adjectives, adverbs; base forms found as morphy does)."""
        word = word.lower()
        return [
            pos + offset
            for pos in _POS_NAMES
            for form in self._base_forms(word, pos)
            for offset in self.offsets[pos][form]
        ]

    def _base_forms(self, word: str, pos: str) -> list[str]:
        known = self.offsets[pos]
        forms = self.exceptions[pos].get(word)
        if forms is None:
            rules = _SUBSTITUTIONS[pos]
            forms = tuple(word[: -len(old)] + new for old, new in rules if word.endswith(old))
        return [form for form in dict.fromkeys((word, *forms)) if form in known]


def _index_offsets(index_file: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    with index_file.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith(" "):
                fields = line.split()
                yield fields[0], tuple(fields[len(fields) - int(fields[2]) :])


_sense_indexes: dict[tuple[str | None, str | None], SenseIndex | None] = {}


def load_senses() -> SenseIndex | None:
    """The :class:`SenseIndex` of the built WordNet data, read on the first call only; None,
    with one warning, when the data is missing or switched off (as :func:`load_wordnet`)."""
    return _load_once(_sense_indexes, _read_senses)


_antonym_lists: dict[tuple[str | None, str | None], tuple[tuple[str, str], ...] | None] = {}


def load_antonyms() -> tuple[tuple[str, str], ...]:
    """WordNet's single-word antonym pairs (``("increase", "decrease")``, …), read once; empty
    when WordNet is missing or switched off (:func:`load_senses` has warned then)."""
    if load_senses() is None:
        return ()
    return _load_once(_antonym_lists, _read_antonyms) or ()


def _read_antonyms(corpus: Path) -> tuple[tuple[tuple[str, str], ...] | None, str | None]:
    try:
        lines = (corpus / _ANTONYMS).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        return None, f"cannot read {corpus / _ANTONYMS} ({type(error).__name__}): {_BUILD_HINT}"
    pairs = (line.partition("\t") for line in lines if not line.startswith("#"))
    return tuple((a, b) for a, _, b in pairs), None


def _read_senses(corpus: Path) -> tuple[SenseIndex | None, str | None]:
    try:
        return SenseIndex.read(corpus), None
    except (OSError, UnicodeDecodeError, ValueError, IndexError) as error:
        return None, f"cannot read {corpus} ({type(error).__name__}: {error}): {_BUILD_HINT}"


def _load_once(
    cache: dict[tuple[str | None, str | None], _T | None],
    read: Callable[[Path], tuple[_T | None, str | None]],
) -> _T | None:
    """Read the built data once per location and setting; warn once when it cannot be had."""
    corpus, reason = _locate()
    key = (str(corpus) if corpus else None, reason)
    with _lock:
        if key not in cache:
            value = None
            if corpus is not None:
                value, reason = read(corpus)
            if value is None:
                _warn(f"WordNet unavailable: {reason}; WordNet features are off", stacklevel=4)
            cache[key] = value
        return cache[key]


def _locate() -> tuple[Path | None, str | None]:
    """Return the built corpus folder, or None and the reason it cannot be used."""
    setting = os.environ.get(_DISABLE_ENV, "").strip().lower()
    if setting in {"off", "0", "false", "no"}:
        return None, f"disabled by {_DISABLE_ENV}={setting}"
    corpus = _corpus_dir(_nltk_data_root())
    if not _is_complete(corpus):
        return None, f"data not built in {corpus}: {_BUILD_HINT}"
    return corpus, None


def _read_corpus(corpus: Path) -> tuple[WordNetCorpusReader | None, str | None]:
    """Construct the reader; NLTK only opens files under an ``nltk.data.path`` entry."""
    import nltk.data

    root = str(corpus.parent.parent)
    if root not in nltk.data.path:
        nltk.data.path.append(root)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "The multilingual functions are not available")
            return _reader_class()(str(corpus), None), None
    except Exception as error:  # corrupt or unreadable data must not break the analysis
        return None, f"cannot load {corpus} ({type(error).__name__}: {error}): {_BUILD_HINT}"


@functools.cache
def _reader_class() -> type[WordNetCorpusReader]:
    """NLTK's reader, minus its ~2 s self-mapping of WordNet 3.0 onto the 3.0 corpus."""
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class WordNet30Reader(WordNetCorpusReader):  # type: ignore[misc]
        def map_wn(self, version: str = "wordnet") -> Any:
            # "wordnet" is NLTK's WordNet 3.0: the OMW mapping from it to 3.0 is the identity,
            # and computing it re-reads index.sense from whichever "wordnet" is first on
            # nltk.data.path.
            if version == "wordnet" and self.get_version() == "3.0":
                return None
            return super().map_wn(version)

    return WordNet30Reader


def _nltk_data_root() -> Path:
    """``ANALYSIS_NLTK_DATA`` if set now, else ``paths.NLTK_DATA``, both read at call time."""
    override = os.environ.get(_NLTK_DATA_ENV)
    return Path(override) if override else paths.NLTK_DATA


def _corpus_dir(nltk_data: Path) -> Path:
    return Path(nltk_data) / "corpora" / "wordnet"


def _warn(message: str, *, stacklevel: int = 3) -> None:
    """Warn on behalf of the public function's caller."""
    warnings.warn(message, WordNetUnavailableWarning, stacklevel=stacklevel)
