"""pandas tables of a loaded pair, for notebooks and reports."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from analysis.loading import Document
from analysis.tokenizing import Segmentation

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

    from analysis.comparison import Comparison, Pair

__all__ = ["documents_frame", "edits_frame", "readable", "sentences_frame"]


def documents_frame(documents: dict[str, tuple[Document, Segmentation]]) -> pd.DataFrame:
    """One row per document (indexed by role, e.g. ``source``): what was loaded and its size.

    >>> from analysis.tokenizing import segment
    >>> doc = Document.from_text("One two. Three.", name="a.txt")
    >>> documents_frame({"source": (doc, segment(doc.text))}).loc["source", "words"]
    np.int64(3)
    """
    import pandas as pd

    rows = {
        role: {
            "name": document.name,
            "format": document.format,
            "encoding": document.encoding,
            "characters": len(document.text),
            "words": segmentation.word_count,
            "sentences": len(segmentation.sentences),
            "paragraphs": len(segmentation.paragraphs),
            "sha256": document.sha256[:12],
        }
        for role, (document, segmentation) in documents.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index")


def sentences_frame(segmentation: Segmentation) -> pd.DataFrame:
    """One row per sentence: offsets, paragraph, word count and text."""
    import pandas as pd

    rows = [
        {
            "start": sentence.start,
            "end": sentence.end,
            "paragraph": sentence.paragraph,
            "words": segmentation.words_in(sentence),
            "text": sentence.text,
        }
        for sentence in segmentation.sentences
    ]
    columns = ["start", "end", "paragraph", "words", "text"]
    return pd.DataFrame(rows, columns=columns).rename_axis("sentence")


def readable(frame: pd.DataFrame) -> Styler:
    """``frame`` styled for reading: text columns in full, left-aligned and wrapped."""
    from pandas.api.types import is_string_dtype

    text_columns: list[Hashable] = [c for c in frame.columns if is_string_dtype(frame[c])]
    return frame.style.set_properties(
        subset=text_columns, **{"text-align": "left", "white-space": "pre-wrap"}
    )


def edits_frame(comparison: Comparison, pair: Pair) -> pd.DataFrame:
    """The token edit script of one aligned pair, one row per opcode, with the text of both
    sides: ``equal`` rows are shared words, the others what differs."""
    import pandas as pd

    source, derivative = comparison.source.text, comparison.derivative.text
    rows = [
        {"edit": tag, "source": source[s1:s2], "derivative": derivative[d1:d2]}
        for tag, s1, s2, d1, d2 in comparison.edit_script(pair)
    ]
    return pd.DataFrame(rows, columns=["edit", "source", "derivative"])
