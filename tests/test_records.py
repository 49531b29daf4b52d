"""fast_init: the records it speeds up are made, compared, copied and pickled as dataclasses."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from analysis.alignment import Link, Run
from analysis.comparison import Pair
from analysis.findings.entities import Mention
from analysis.findings.quotes import Quote
from analysis.labeling import Span
from analysis.records import fast_init
from analysis.similarity import Passage, PassageMatch
from analysis.tokenizing import Paragraph, Sentence, Token


def _record_class(name: str) -> type:
    """A new frozen record class with defaults, a field set after __init__ and one it sets;
    ``name``: what it is called in this module (pickle finds it by that name)."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Record:
        name: str
        count: int = 1
        tags: tuple[str, ...] = ()
        size: int = dataclasses.field(init=False, default=0)
        initial: str = dataclasses.field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "size", len(self.name) * self.count)
            object.__setattr__(self, "initial", self.name[:1])

    Record.__qualname__ = name
    return Record


_Plain = _record_class("_Plain")
_Record = fast_init(_record_class("_Record"))


def _fields(record: object) -> tuple[object, ...]:
    return tuple(getattr(record, field.name) for field in dataclasses.fields(record))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [(("ab",), {}), (("ab", 3), {}), (("ab",), {"tags": ("x",)}), ((), {"name": "a", "count": 2})],
)
def test_fast_init_sets_what_the_dataclass_init_sets(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    assert _fields(_Record(*args, **kwargs)) == _fields(_Plain(*args, **kwargs))  # type: ignore[arg-type]


def test_fast_init_keeps_the_signature_checks() -> None:
    with pytest.raises(TypeError):
        _Record()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Record("a", 1, (), 4)  # type: ignore[call-arg]  # size is not an argument
    with pytest.raises(TypeError):
        _Record("a", colour="red")  # type: ignore[call-arg]


def test_records_stay_frozen_comparable_hashable_copyable_and_picklable() -> None:
    record = _Record("ab", 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.count = 3  # type: ignore[misc]
    assert record == _Record("ab", 2) != _Record("ab", 3)
    assert hash(record) == hash(_Record("ab", 2))
    assert dataclasses.replace(record, count=3).size == 6
    assert pickle.loads(pickle.dumps(record)) == record


def test_fast_init_refuses_what_it_does_not_handle() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        x: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        x: list[int] = dataclasses.field(default_factory=list)

    for cls in (Unslotted, Factory):
        with pytest.raises(TypeError):
            fast_init(cls)


def test_the_project_records_are_made_as_dataclasses_make_them() -> None:
    token = Token(0, 5, "Kenya", "kenya", "word")
    records = [
        Span("d0", "derivative", 0, 5, "added"),
        Span("s1", "source", 3, 9, "verbatim", None, ("d2",), 1.0, ("recycled",), 4),
        Run(1, 2, 6),
        Link((1,), (2,), 0.5, ((1, 2, 1.0),), recycled=True),
        Passage((0,), ("kenya",), ("kenya",)),
        PassageMatch(1.0, 1.0, 1.0, ()),
        Sentence(0, 5, "Kenya", 0, 0, range(0, 1)),
        Paragraph(0, 5, "Kenya", 0),
        Pair("p0", (0,), (0,), ("s0",), ("d0",), 1.0, ()),
        Quote("quotation", 0, 5, "Kenya", None, 0),
        Mention(0, 5, (token,), "place", 0.9),
    ]
    for record in records:
        values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.init}
        assert dataclasses.replace(record, **values) == record
        assert pickle.loads(pickle.dumps(record)) == record
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, dataclasses.fields(record)[0].name, None)
    assert records[-1].keys == ("kenya",)  # Mention's __post_init__ ran
