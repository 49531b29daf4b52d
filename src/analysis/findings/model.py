"""What every finding is: a typed, cited observation about the derivative against its source.

A finding never says that text is false; it says that it differs from or is absent from the
source ("not in source", "differs from source"), and points at the evidence on both sides as
``(start, end)`` character offsets into the original texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Finding", "FindingType", "Offsets"]

FindingType = Literal["meaning_change", "quote", "new_entity", "added_block"]
Offsets = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding; ``source`` and ``derivative`` are the ``(start, end)`` spans it cites.

    ``kind`` is the sub-type (``antonym``, ``quotation``, ``person``, ``interview`` …),
    ``explanation`` one plain sentence for a reader, ``confidence`` in [0, 1], ``flags`` the
    type's flags (a quote's fate: ``kept``, ``altered`` …) and ``attributes`` the type's other
    fields (a quote's speakers, a block's word count …), all JSON scalars.
    """

    type: FindingType
    kind: str
    source: Offsets
    derivative: Offsets
    explanation: str
    confidence: float
    flags: tuple[str, ...] = ()
    attributes: dict[str, str | int | float | bool | None] = field(default_factory=dict)
