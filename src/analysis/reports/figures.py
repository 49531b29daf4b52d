"""matplotlib figures for notebooks and reports; each returns the Figure it drew."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.tokenizing import Segmentation

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["sentence_length_figure"]


def sentence_length_figure(segmentations: dict[str, Segmentation]) -> Figure:
    """Words per sentence along each text, one line per role: where each text is dense or thin."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 3.5), layout="constrained")
    axes = figure.subplots()
    for role, segmentation in segmentations.items():
        lengths = [segmentation.words_in(sentence) for sentence in segmentation.sentences]
        axes.plot(range(1, len(lengths) + 1), lengths, marker="o", markersize=3, label=role)
    axes.set_title("Sentence length along each text")
    axes.set_xlabel("sentence number")
    axes.set_ylabel("words in sentence")
    axes.legend(title="text")
    return figure
