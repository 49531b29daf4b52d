"""The standalone HTML report: self-contained, safe, and working in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import compare
from analysis.labeling import LABELS
from analysis.reports.standalone import CONTENT_SECURITY_POLICY, standalone_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = (
    'Officials met. <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> '
    '<a href="javascript:window.pwned=3">click</a> "We agree," said Dr. Ann Lee.'
)


@pytest.fixture(scope="module")
def example_report(example_pair) -> str:
    return standalone_report(compare(*example_pair))


def test_the_report_opens_with_the_verdict(example_report):
    body = example_report[example_report.index("<body>") :]
    assert body.index('id="verdict"') < body.index('id="top-findings"') < body.index("side by side")
    assert "Not in the source does not mean false" in example_report
    for section in ("findings", "figures", "how-to-read", "provenance"):
        assert f'id="{section}"' in example_report


def test_the_report_is_self_contained(example_report):
    assert f'content="{CONTENT_SECURITY_POLICY}"' in example_report
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", example_report)
    assert "<link" not in example_report and "@import" not in example_report
    assert example_report.count("data:image/png;base64,") == 4


def test_the_report_names_inputs_by_name_only(example_pair, example_report):
    source, derivative = example_pair
    assert source.name in example_report and derivative.name in example_report
    assert str(Path.cwd()) not in example_report and "/work/" not in example_report


def test_hostile_text_and_file_names_are_escaped(tmp_path):
    source = tmp_path / "<b onmouseover=alert(1)>wire.txt"  # a file name cannot hold "/"
    derivative = tmp_path / 'x" onerror="alert(2).txt'
    source.write_text("Officials met in Lima on Friday to discuss fishing rights.", "utf-8")
    derivative.write_text(HOSTILE, "utf-8")
    report = standalone_report(compare(source, derivative, use_wordnet=False))
    body = report[report.index("<body>") :]
    assert "<script>" not in body and "<img src=x" not in body
    assert 'onerror="' not in body and 'href="javascript:' not in body
    assert "window.pwned = 1&lt;/script&gt;" in body  # shown as text
    assert "&lt;b onmouseover=alert(1)&gt;wire.txt" in body
    assert "<b onmouseover" not in body


def test_cli_report_and_compare_html(tmp_path, project_root):
    raw = project_root / "data" / "raw"
    out = tmp_path / "report.html"
    command = [sys.executable, "-m", "analysis"]
    result = subprocess.run(
        [*command, "report", str(raw / "source.txt"), str(raw / "derivative.txt"), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    again = tmp_path / "again.html"
    pair = [str(raw / "source.txt"), str(raw / "derivative.txt")]
    result = subprocess.run(
        [*command, "compare", *pair, "--html", str(again), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout == ""
    assert again.read_text("utf-8").count('id="verdict"') == 1
    missing = subprocess.run(
        [*command, "report", str(tmp_path / "nope.txt"), str(raw / "derivative.txt")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1
    assert "nope.txt" in missing.stderr


def test_report_refuses_to_overwrite_an_input(tmp_path, project_root):
    source = tmp_path / "source.txt"
    shutil.copyfile(project_root / "data" / "raw" / "source.txt", source)
    before = source.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(source), str(source), "-o", str(source)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr
    assert source.read_bytes() == before


# --- in a real browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), driven by Playwright; skipped only outside CI."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs these tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    requests: list[str] = []
    opened.on("request", lambda request: requests.append(request.url))
    opened.requests = requests
    yield opened
    context.close()


def _open(page, tmp_path, html: str):
    path = tmp_path / "report.html"
    path.write_text(html, "utf-8")
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return path


def test_in_a_browser_the_verdict_and_every_label_are_there(page, tmp_path, example_pair):
    comparison = compare(*example_pair)
    _open(page, tmp_path, standalone_report(comparison))
    assert "copied from the source word for word" in page.inner_text("#verdict")
    for side in ("source", "derivative"):
        column = page.locator(f'section[aria-label="{side}"]')
        present = {span.label for span in comparison.side(side)}
        for label in LABELS[side]:
            count = column.locator(f'span[class*="-{label}"][data-counterpart]').count()
            assert (count > 0) == (label in present), (side, label)
    assert page.requests == [(tmp_path / "report.html").as_uri()]  # nothing else requested


def test_in_a_browser_selecting_a_span_highlights_its_counterpart(page, tmp_path, example_pair):
    comparison = compare(*example_pair)
    _open(page, tmp_path, standalone_report(comparison))
    span = next(s for s in comparison.side("derivative") if s.label == "paraphrase")
    derivative = page.locator(f'[id$="-{span.id}"]')
    derivative.click()
    for other in span.counterpart:
        assert "counterpart" in page.locator(f'[id$="-{other}"]').get_attribute("class")
    assert "counterpart is highlighted" in page.inner_text("#selection")
    verbatim = next(s for s in comparison.side("derivative") if s.label == "verbatim")
    page.locator(f'[id$="-{verbatim.id}"]').focus()  # by keyboard: focus, then Enter
    page.keyboard.press("Enter")
    assert "counterpart" in page.locator(f'[id$="-{verbatim.counterpart[0]}"]').get_attribute(
        "class"
    )
    assert "counterpart" not in page.locator(f'[id$="-{span.counterpart[0]}"]').get_attribute(
        "class"
    )


def test_in_a_browser_hostile_text_runs_nothing(page, tmp_path):
    source = tmp_path / "wire.txt"
    derivative = tmp_path / "<img src=x onerror=alert(1)>.txt"
    source.write_text("Officials met in Lima on Friday to discuss fishing rights.", "utf-8")
    derivative.write_text(HOSTILE, "utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open(page, tmp_path, standalone_report(compare(source, derivative, use_wordnet=False)))
    for link in page.locator("a").all():
        link.click()
    page.locator("[data-counterpart]").first.click()
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    assert page.locator("img").count() == 4  # the figures, no image from the article
    assert page.requests == [(tmp_path / "report.html").as_uri()]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_label_colours_meet_wcag_aa_contrast():
    from analysis.reports.html import LABEL_STYLES

    for label, (background, text, decoration) in LABEL_STYLES.items():
        light, dark = sorted((_luminance(background), _luminance(text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, label
        assert decoration.split()[0] in ("underline", "line-through"), label  # not colour alone


def test_in_a_browser_a_narrow_screen_stacks_the_columns(browser, tmp_path, example_pair):
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = context.new_page()
    _open(page, tmp_path, standalone_report(compare(*example_pair)))
    source = page.locator('section[aria-label="source"]').bounding_box()
    derivative = page.locator('section[aria-label="derivative"]').bounding_box()
    assert derivative["y"] >= source["y"] + source["height"] - 1  # one under the other
    assert page.evaluate("document.documentElement.scrollWidth") <= 420  # no sideways scrolling
    context.close()


def test_a_progress_bar_shows_on_stderr_for_long_inputs_unless_quiet(
    tmp_path, example_pair, project_root
):
    source, derivative = example_pair
    long_source, long_derivative = tmp_path / "wire.txt", tmp_path / "copy.txt"
    long_source.write_text("\n\n".join([source.text] * 40), "utf-8")  # 40 × 313 words
    long_derivative.write_text("\n\n".join([derivative.text] * 15), "utf-8")  # 15 × 826
    command = [sys.executable, "-m", "analysis", "compare", str(long_source), str(long_derivative)]
    shown = subprocess.run([*command, "--no-wordnet"], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "comparing" in shown.stderr and "3/3" in shown.stderr
    quiet = subprocess.run([*command, "--no-wordnet", "--quiet"], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    raw = project_root / "data" / "raw"
    short = subprocess.run(
        [*command[:4], str(raw / "source.txt"), str(raw / "derivative.txt"), "--no-wordnet"],
        capture_output=True,
        text=True,
    )
    assert "comparing" not in short.stderr


def test_in_a_browser_the_report_prints(page, tmp_path, example_pair):
    comparison = compare(*example_pair)
    _open(page, tmp_path, standalone_report(comparison))
    span = next(s for s in comparison.side("derivative") if s.counterpart)
    page.locator(f'[id$="-{span.id}"]').click()
    page.emulate_media(media="print")
    outline = page.eval_on_selector(".selected", "node => getComputedStyle(node).outlineStyle")
    assert outline == "none"  # the on-screen selection is not printed
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 3
