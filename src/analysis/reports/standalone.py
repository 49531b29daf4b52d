"""The self-contained HTML report: one file that opens anywhere, offline, for readers who never
open a notebook.

It opens with the verdict (:func:`~analysis.reports.summary.verdict_sentences`, the numbers
the notebooks and the JSON give), then the findings to cite first, both articles side by side
(the notebook view's renderer, :func:`~analysis.reports.html.side_by_side`: selecting a span by
mouse or keyboard highlights its counterparts on the other side and scrolls them into view),
every finding with its evidence, the figures, a note on how to read the report and its limits,
and the provenance.

Everything is inside the file: styles and one small script inline, figures as ``data:`` PNG
images. A Content-Security-Policy forbids every network source, and allows only that script
(by its hash) and inline styles. All article text, titles and file names are escaped; inputs are
named by file name, never by path.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
from typing import TYPE_CHECKING

from analysis import __version__
from analysis.reports.html import side_by_side
from analysis.reports.summary import notable, verdict, verdict_sentences

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from analysis.comparison import Comparison
    from analysis.findings import Finding

__all__ = ["CONTENT_SECURITY_POLICY", "standalone_report"]

_SCRIPT = """
document.addEventListener("DOMContentLoaded", () => {
  const spans = document.querySelectorAll("[data-counterpart]");
  const lit = [];
  function select(span) {
    lit.splice(0).forEach((node) => node.classList.remove("selected", "counterpart"));
    span.classList.add("selected");
    lit.push(span);
    const scope = span.id.slice(0, span.id.lastIndexOf("-") + 1);
    const ids = span.dataset.counterpart.split(" ").filter(Boolean);
    ids.forEach((id, number) => {
      const other = document.getElementById(scope + id);
      if (!other) return;
      other.classList.add("counterpart");
      lit.push(other);
      if (number === 0) other.scrollIntoView({block: "center", behavior: "smooth"});
    });
    const status = document.getElementById("selection");
    status.textContent = ids.length
      ? `Selected ${span.title}. Its counterpart is highlighted in the other column.`
      : `Selected ${span.title}. It has no counterpart in the other text.`;
  }
  spans.forEach((span) => {
    span.tabIndex = 0;
    span.addEventListener("click", () => select(span));
    span.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(span);
      }
    });
  });
});
"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)
"""No network source of any kind; images only as ``data:``; only the report's own script."""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 75rem; padding: 1rem;
       color: #1a1a1a; background: #ffffff; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #cccccc; }
.verdict { font-size: 1.1rem; background: #f4f4f4; padding: 0.8rem 1rem;
           border-left: 4px solid #1a1a1a; }
.numbers { border-collapse: collapse; margin: 0.5rem 0; }
.numbers td, .numbers th, .findings td, .findings th { border: 1px solid #cccccc;
       padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.findings { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
.findings td.evidence { white-space: pre-wrap; }
.scroll { overflow-x: auto; } td, th, p, li { overflow-wrap: anywhere; }
.caution { background: #fff4d6; padding: 0.6rem 1rem; border-left: 4px solid #8a5a00; }
[data-counterpart] { cursor: pointer; }
[data-counterpart]:focus { outline: 3px solid #1f4e9c; outline-offset: 1px; }
.selected { outline: 3px solid #1f4e9c; }
.counterpart { outline: 3px dashed #1f4e9c; box-shadow: 0 0 0 3px #dbe7ff; }
#selection { min-height: 1.5em; font-style: italic; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
@media print { [data-counterpart] { cursor: auto; }
               .counterpart, .selected, [data-counterpart]:focus { outline: none;
                                                                   box-shadow: none; }
               h2 { break-after: avoid; } figure { break-inside: avoid; } }
"""


def standalone_report(comparison: Comparison, *, figures: bool = True) -> str:
    """The whole report as one HTML document (see the module docstring)."""
    source, derivative = comparison.source, comparison.derivative
    title = f"{derivative.name} compared with {source.name}"
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        _verdict(comparison),
        _notable(comparison),
        "<h2>Both articles, side by side</h2>",
        "<p>Select any stretch of text (click it, or move to it with Tab and press Enter) to "
        "highlight the text it is linked to in the other article.</p>",
        '<p id="selection" role="status" aria-live="polite"></p>',
        side_by_side(comparison),
        _all_findings(comparison),
        _figures(comparison) if figures else "",
        _how_to_read(),
        _provenance(comparison),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style>"
        f"<script>{_SCRIPT}</script></head><body>{''.join(sections)}</body></html>\n"
    )


def _verdict(comparison: Comparison) -> str:
    numbers = verdict(comparison)
    sentences = "".join(f"<p>{html.escape(s)}</p>" for s in verdict_sentences(comparison))
    rows = [
        ("copied word for word", numbers["verbatim_pct"]),
        ("paraphrased", numbers["paraphrase_pct"]),
        ("differs in meaning (changed)", numbers["changed_pct"]),
        ("added (not in source)", numbers["added_pct"]),
        ("of which told a second time (recycled)", numbers["recycled_pct"]),
    ]
    table = "".join(f"<tr><th>{label}</th><td>{value}%</td></tr>" for label, value in rows)
    dropped = (
        f"<tr><th>source not conveyed (dropped)</th><td>{numbers['source_dropped_pct']}%</td></tr>"
    )
    return (
        f'<section id="verdict" aria-label="verdict"><h2>Verdict</h2>'
        f'<div class="verdict">{sentences}</div>'
        f'<table class="numbers"><caption>Share of the derivative\'s words</caption>{table}'
        f"{dropped}</table></section>"
    )


def _notable(comparison: Comparison, shown: int = 15) -> str:
    cited = notable(comparison)
    blocks = sorted(
        (f for f in comparison.findings if f.type == "added_block"),
        key=lambda f: -int(f.attributes.get("words") or 0),
    )[:5]
    items = "".join(f"<li>{_describe(comparison, f)}</li>" for f in [*cited[:shown], *blocks])
    more = f"<p>{len(cited) - shown} more below.</p>" if len(cited) > shown else ""
    heading = "<h2>Findings to cite first</h2>"
    return f'<section id="top-findings">{heading}<ul>{items}</ul>{more}</section>'


def _describe(comparison: Comparison, finding: Finding) -> str:
    kind = f"{finding.type.replace('_', ' ')} ({finding.kind.replace('_', ' ')})"
    evidence = _evidence(comparison, finding)
    return f"<strong>{html.escape(kind)}</strong>: {html.escape(finding.explanation)}{evidence}"


def _evidence(comparison: Comparison, finding: Finding, limit: int = 160) -> str:
    parts = []
    for name, offsets in (("source", finding.source), ("derivative", finding.derivative)):
        text = comparison.document(name).text  # type: ignore[arg-type]
        cited = " … ".join(text[a:b] for a, b in offsets)
        if cited and finding.type != "new_entity":
            shown = cited if len(cited) <= limit else cited[:limit] + "…"
            parts.append(f" <em>{name}:</em> “{html.escape(shown)}”")
    return "".join(parts)


def _all_findings(comparison: Comparison) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(f.type.replace('_', ' '))}</td>"
        f"<td>{html.escape(f.kind.replace('_', ' '))}</td>"
        f"<td>{html.escape(', '.join(f.flags))}</td>"
        f"<td>{html.escape(f.explanation)}</td>"
        f'<td class="evidence">{_evidence(comparison, f)}</td>'
        f"<td>{f.confidence:.2f}</td></tr>"
        for f in comparison.findings
    )
    names = ("type", "kind", "flags", "what", "evidence", "confidence")
    header = "<tr>" + "".join(f"<th>{name}</th>" for name in names) + "</tr>"
    return (
        f'<section id="findings"><h2>All findings ({len(comparison.findings)})</h2>'
        f'<div class="scroll"><table class="findings">{header}{rows}</table></div></section>'
    )


def _figures(comparison: Comparison) -> str:
    from analysis.reports.figures import (
        added_blocks_figure,
        alignment_map_figure,
        composition_figure,
        similarity_figure,
    )

    drawn = [
        (composition_figure(comparison), "What each text is made of: share of words by label."),
        (
            alignment_map_figure(comparison),
            "Alignment map: where each part of the derivative comes from in the source.",
        ),
        (
            added_blocks_figure(comparison),
            "Added material by type: share of the derivative's words.",
        ),
        (similarity_figure(comparison), "How closely the aligned passages match."),
    ]
    items = "".join(
        f'<figure><img src="data:image/png;base64,{_png(figure)}" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        for figure, caption in drawn
    )
    return f'<section id="figures"><h2>Figures</h2>{items}</section>'


def _png(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _how_to_read() -> str:
    return """<section id="how-to-read"><h2>How to read this report, and its limits</h2>
<div class="caution"><p><strong>"Not in source" does not mean false, and "differs from source"
does not say which text is right.</strong> The report shows how the derivative relates to this
one source: what it copied, reworded, changed, dropped and added. Added text may be true and
come from elsewhere; the source itself may be wrong.</p></div>
<ul>
<li><strong>verbatim</strong>: a run of at least six words copied exactly, wherever it moved.</li>
<li><strong>paraphrase</strong>: in a sentence aligned with the other text by shared content words
(stems, synonyms, variants).</li>
<li><strong>changed</strong>: the few words of an aligned passage whose meaning differs: a negation,
an opposite, a hedge, a number or date, an added judging word.</li>
<li><strong>added</strong> (derivative), <strong>dropped</strong> (source): not found on the
other side. A <em>second telling</em> (italic) retells source content told before.</li>
<li>Every label is also shown without colour, by its underline or strike-through, and named in
the tooltip.</li>
<li>The rules are lexical: a paraphrase with new words throughout may be missed, and a meaning
change needs its words in the project's lists (or WordNet). Quotations are matched by their
words and speakers as written; names are read from capitals and a gazetteer.</li>
</ul></section>"""


def _provenance(comparison: Comparison) -> str:
    rows = [
        ("tool", f"analysis {__version__}"),
        ("source", f"{comparison.source.name} (sha256 {comparison.source.sha256})"),
        ("derivative", f"{comparison.derivative.name} (sha256 {comparison.derivative.sha256})"),
        (
            "options",
            ", ".join(
                f"{name}={getattr(comparison.options, name)}"
                for name in ("use_wordnet", "min_run", "link_threshold")
            ),
        ),
        ("WordNet", "used" if comparison.used_wordnet else "not used"),
        ("created", comparison.created),
    ]
    table = "".join(
        f"<tr><th>{name}</th><td>{html.escape(value)}</td></tr>" for name, value in rows
    )
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in comparison.warnings)
    return (
        f'<section id="provenance"><h2>Provenance</h2><table class="numbers">{table}</table>'
        f"{f'<ul>{warnings}</ul>' if warnings else ''}</section>"
    )
