"""Compare a source article with a derivative of it: what was kept, paraphrased, changed,
dropped and added.

Data flows one way: ``load_document`` → ``segment`` (tokens, sentences, paragraphs with
character offsets into the original text) → alignment → labels → findings → reports.

Public API:

- :func:`compare` and :class:`Comparison` (``analysis.comparison``): the one entry point
- :func:`load_document` and :class:`Document` (``analysis.loading``)
- :func:`segment`, :func:`tokenize`, :func:`split_sentences`, :func:`split_paragraphs`
  and their frozen result types (``analysis.tokenizing``)
- :class:`AnalysisError` and :class:`InputError` (``analysis.errors``)
"""

__version__ = "0.1.0"  # before the imports: modules below import it

from analysis.comparison import Comparison, compare
from analysis.errors import AnalysisError, InputError
from analysis.loading import Document, load_document
from analysis.tokenizing import (
    Paragraph,
    Segmentation,
    Sentence,
    Token,
    segment,
    split_paragraphs,
    split_sentences,
    tokenize,
)

__all__ = [
    "AnalysisError",
    "Comparison",
    "Document",
    "InputError",
    "Paragraph",
    "Segmentation",
    "Sentence",
    "Token",
    "__version__",
    "compare",
    "load_document",
    "segment",
    "split_paragraphs",
    "split_sentences",
    "tokenize",
]
