"""The side-by-side HTML view of a comparison: both texts, every span coloured by its label.

One renderer for every place a comparison is shown as HTML (the notebook view through
``Comparison._repr_html_``, and the standalone report). All article text, titles and file
names are escaped: an article containing ``<script>`` shows as text. Labels are told apart
without colour too: each has its own underline (or strike-through) and a tooltip.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from analysis.labeling import LABELS

if TYPE_CHECKING:
    from analysis.comparison import Comparison
    from analysis.labeling import SideName, Span

__all__ = ["LABEL_STYLES", "side_by_side"]

#: Background, text colour and decoration per label (WCAG AA contrast: dark text on tints).
LABEL_STYLES = {
    "verbatim": ("#c7e9c0", "#0b3d0b", "underline solid #1b7837 2px"),
    "paraphrase": ("#e5f5e0", "#0b3d0b", "underline dotted #1b7837 2px"),
    "changed": ("#fdd0a2", "#4a1d00", "underline wavy #a63603 2px"),
    "added": ("#fbd3e9", "#4d0026", "underline double #ae017e 3px"),
    "dropped": ("#e0e0e0", "#1a1a1a", "line-through #555555 2px"),
}
_DESCRIPTIONS = {
    "verbatim": "copied word for word",
    "paraphrase": "reworded from the other text",
    "changed": "meaning differs from the source",
    "added": "not in the source",
    "dropped": "not in the derivative",
}


def side_by_side(comparison: Comparison) -> str:
    """An HTML fragment: a legend, then the source and the derivative in two columns."""
    scope = f"ac{comparison.source.sha256[:6]}{comparison.derivative.sha256[:6]}"
    columns = "".join(_column(comparison, side, scope) for side in ("source", "derivative"))
    return (
        f'<div class="{scope}">{_style(scope)}{_legend(scope)}'
        f'<div class="{scope}-columns">{columns}</div></div>'
    )


def _style(scope: str) -> str:
    rules = [
        f".{scope}-columns {{ display: flex; flex-wrap: wrap; gap: 1.5rem; }}",
        f".{scope}-column {{ flex: 1 1 22rem; min-width: 0; }}",
        f".{scope}-text {{ white-space: pre-wrap; line-height: 1.7; font-size: 0.95rem; }}",
        f".{scope}-legend span {{ display: inline-block; margin: 0 0.6rem 0.4rem 0; "
        "padding: 0 0.3rem; }",
    ]
    for label, (background, colour, decoration) in LABEL_STYLES.items():
        rules.append(
            f".{scope} .{scope}-{label} {{ background: {background}; color: {colour}; "
            f"text-decoration: {decoration}; text-underline-offset: 3px; }}"
        )
    rules.append(f".{scope} .{scope}-recycled {{ font-style: italic; }}")
    return f"<style>{' '.join(rules)}</style>"


def _legend(scope: str) -> str:
    items = "".join(
        f'<span class="{scope}-{label}">{label}: {_DESCRIPTIONS[label]}</span>'
        for label in LABEL_STYLES
    )
    recycled = f'<span class="{scope}-added {scope}-recycled">italic: a second telling</span>'
    return f'<div class="{scope}-legend" role="note">{items}{recycled}</div>'


def _column(comparison: Comparison, side: SideName, scope: str) -> str:
    document = comparison.document(side)
    spans = "".join(_span(comparison, span, scope) for span in comparison.side(side))
    shares = comparison.summary[side]
    summary = ", ".join(f"{shares[label]:.0%} {label}" for label in LABELS[side])
    return (
        f'<section class="{scope}-column" aria-label="{side}">'
        f"<h3>{side.capitalize()}: {html.escape(document.name)}</h3>"
        f"<p>{html.escape(summary)}</p>"
        f'<div class="{scope}-text">{spans}</div></section>'
    )


def _span(comparison: Comparison, span: Span, scope: str) -> str:
    text = comparison.document(span.side).text[span.start : span.end]
    classes = f"{scope}-{span.label}" + (f" {scope}-recycled" if "recycled" in span.flags else "")
    title = span.label + (", second telling" if "recycled" in span.flags else "")
    if span.counterpart:
        title += f"; linked to {', '.join(span.counterpart)}"
    return (
        f'<span id="{scope}-{span.id}" class="{classes}" title="{html.escape(title)}" '
        f'data-counterpart="{" ".join(span.counterpart)}">{html.escape(text)}</span>'
    )
