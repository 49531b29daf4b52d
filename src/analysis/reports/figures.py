"""matplotlib figures for notebooks and reports; each returns the Figure it drew."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.labeling import LABELS
from analysis.tokenizing import Segmentation

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from analysis.comparison import Comparison

__all__ = [
    "LABEL_COLOURS",
    "added_blocks_figure",
    "alignment_map_figure",
    "composition_figure",
    "sentence_length_figure",
    "similarity_figure",
]


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


LABEL_COLOURS = {
    "verbatim": "#1b7837",
    "paraphrase": "#7fbf7b",
    "changed": "#e08214",
    "added": "#c51b7d",
    "dropped": "#8c8c8c",
    "recycled": "#f1b6da",
}


def composition_figure(comparison: Comparison) -> Figure:
    """One horizontal bar per text: the share of its words under each label."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 2.8), layout="constrained")
    axes = figure.subplots()
    summary = comparison.summary
    for row, side in enumerate(("derivative", "source")):
        left = 0.0
        for label in LABELS[side]:  # type: ignore[index]
            share = summary[side][label]
            axes.barh(
                row,
                share,
                left=left,
                color=LABEL_COLOURS[label],
                label=label if row == 0 or label == "dropped" else None,
            )
            if share >= 0.06:
                axes.text(
                    left + share / 2,
                    row,
                    f"{share:.0%}",
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=9,
                )
            left += share
    axes.set_yticks([0, 1], ["derivative", "source"])
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_xlabel("share of the text's words")
    axes.set_title("What each text is made of")
    axes.legend(ncols=5, loc="upper center", bbox_to_anchor=(0.5, -0.35), frameon=False)
    return figure


def alignment_map_figure(comparison: Comparison) -> Figure:
    """Source position against derivative position for every aligned span pair: moved
    passages leave the diagonal, dropped source is a gap on the left axis, added material a
    gap along the bottom."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 6), layout="constrained")
    axes = figure.subplots()
    source_length = max(1, len(comparison.source.text))
    derivative_length = max(1, len(comparison.derivative.text))
    by_id = {span.id: span for span in comparison.spans}
    for span in comparison.side("derivative"):
        for other in span.counterpart:
            partner = by_id[other]
            style = "--" if "recycled" in span.flags else "-"
            axes.plot(
                [span.start / derivative_length, span.end / derivative_length],
                [partner.start / source_length, partner.end / source_length],
                style,
                color=LABEL_COLOURS[span.label if span.label != "added" else "recycled"],
                linewidth=3,
            )
    for side, axis in (("derivative", "x"), ("source", "y")):
        length = derivative_length if side == "derivative" else source_length
        for span in comparison.side(side):  # type: ignore[arg-type]
            if span.label in ("added", "dropped") and "recycled" not in span.flags:
                low, high = span.start / length, span.end / length
                if axis == "x":
                    axes.axvspan(low, high, ymax=0.02, color=LABEL_COLOURS[span.label])
                else:
                    axes.axhspan(low, high, xmax=0.02, color=LABEL_COLOURS[span.label])
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.invert_yaxis()
    axes.set_xlabel("position in the derivative (share of its length)")
    axes.set_ylabel("position in the source (share of its length)")
    axes.set_title("Alignment map: where each part of the derivative comes from")
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color=LABEL_COLOURS["verbatim"], linewidth=3, label="verbatim"),
        Line2D([], [], color=LABEL_COLOURS["paraphrase"], linewidth=3, label="paraphrase"),
        Line2D(
            [],
            [],
            color=LABEL_COLOURS["recycled"],
            linewidth=3,
            linestyle="--",
            label="second telling",
        ),
        Line2D([], [], color=LABEL_COLOURS["added"], linewidth=6, label="added (bottom edge)"),
        Line2D([], [], color=LABEL_COLOURS["dropped"], linewidth=6, label="dropped (left edge)"),
    ]
    axes.legend(handles=handles, loc="upper right", fontsize=8)
    return figure


def added_blocks_figure(comparison: Comparison) -> Figure:
    """One bar per added-block type: the share of the derivative's words it holds."""
    from matplotlib.figure import Figure

    shares = comparison.summary["added_by_block"]
    kinds = [kind for kind in shares if shares[kind] > 0] or list(shares)
    figure = Figure(figsize=(8, 3.2), layout="constrained")
    axes = figure.subplots()
    bars = axes.barh([k.replace("_", " ") for k in kinds], [shares[k] for k in kinds])
    for bar in bars:
        bar.set_color(LABEL_COLOURS["added"])
    axes.bar_label(bars, labels=[f"{shares[k]:.1%}" for k in kinds], padding=3, fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, max(0.1, max(shares[k] for k in kinds) * 1.25))
    axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_xlabel("share of the derivative's words")
    axes.set_ylabel("block type")
    axes.set_title("Added material by type (not in source)")
    return figure


def similarity_figure(comparison: Comparison) -> Figure:
    """Histogram of the similarity of aligned passages, main tellings and second tellings."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.2), layout="constrained")
    axes = figure.subplots()
    main = [pair.similarity for pair in comparison.pairs if "recycled" not in pair.flags]
    second = [pair.similarity for pair in comparison.pairs if "recycled" in pair.flags]
    bins = [i / 20 for i in range(21)]
    axes.hist(
        [main, second],
        bins=bins,
        stacked=True,
        color=[LABEL_COLOURS["paraphrase"], LABEL_COLOURS["recycled"]],
        label=["main telling", "second telling"],
    )
    axes.axvline(comparison.options.link_threshold, color="black", linestyle=":", label="threshold")
    axes.set_xlim(0, 1)
    axes.set_xlabel("similarity of the aligned passages (1 = same content words)")
    axes.set_ylabel("aligned passages")
    axes.set_title("How closely the aligned passages match")
    axes.legend()
    return figure
