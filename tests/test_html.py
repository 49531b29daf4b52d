"""The side-by-side HTML view: complete, escaped, labelled without relying on colour."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from analysis import Document, compare
from analysis.reports.html import LABEL_STYLES, side_by_side

HOSTILE = (
    'Officials said <script>alert("x")</script> the talks resumed. '
    '<img src=x onerror="alert(1)"> Read <a href="javascript:alert(2)">more</a>.'
)


class _Collector(HTMLParser):
    """Collects the tags and the text of each span with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.spans: dict[str, list[str]] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)
        self._open.append(dict(attrs).get("id") if tag == "span" else None)
        if self._open[-1]:
            self.spans[self._open[-1]] = []

    def handle_endtag(self, tag):
        self._open.pop()

    def handle_data(self, data):
        for span_id in self._open:
            if span_id:
                self.spans[span_id].append(data)


def parse(fragment: str) -> _Collector:
    collector = _Collector()
    collector.feed(fragment)
    return collector


def test_every_span_is_shown_with_its_exact_text(example_pair):
    comparison = compare(*example_pair)
    collected = parse(comparison._repr_html_())
    for side in ("source", "derivative"):
        shown = "".join(
            "".join(collected.spans[key])
            for key in collected.spans
            if key.rsplit("-", 1)[1] in {span.id for span in comparison.side(side)}
        )
        assert shown == comparison.document(side).text


def test_labels_have_a_class_a_legend_and_a_non_colour_cue(example_pair):
    fragment = side_by_side(compare(*example_pair))
    for label in ("verbatim", "paraphrase", "added", "dropped"):
        assert re.search(rf'class="ac\w+-{label}[ "]', fragment)
        assert f"{label}: " in fragment  # the legend names every label
    for _background, _colour, decoration in LABEL_STYLES.values():
        assert decoration.split()[0] in {"underline", "line-through"}
    assert "second telling" in fragment


def test_hostile_text_and_names_are_shown_as_text():
    source = Document.from_text(
        "Officials said the talks resumed.", name='<b onmouseover="x">s.txt'
    )
    derivative = Document.from_text(HOSTILE, name="<script>alert(3)</script>.txt")
    fragment = side_by_side(compare(source, derivative, use_wordnet=False))
    collected = parse(fragment)
    assert set(collected.tags) <= {"div", "style", "section", "h3", "p", "span"}
    assert collected.attributes <= {
        "class",
        "id",
        "title",
        "data-counterpart",
        "aria-label",
        "role",
    }
    assert html.escape("<script>alert(3)</script>.txt") in fragment
    shown = "".join("".join(parts) for parts in collected.spans.values())
    assert HOSTILE in shown  # the article text is all there, as text
