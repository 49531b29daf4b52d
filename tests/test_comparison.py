"""compare(): the JSON schema, frames, WordNet in both modes, and agreement with hand labels."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from analysis import paths
from analysis.comparison import SCHEMA, compare
from analysis.tokenizing import normalize
from analysis.wordnet import OS_WORDNET_DIR, WordNetUnavailableWarning, reset_wordnet_cache

LABELS_FILE = Path(__file__).parent / "data" / "example_labels.json"


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(
        resources.files("analysis").joinpath("data/comparison.schema.json").read_text()
    )


@pytest.fixture(scope="module")
def example(example_pair):
    return compare(*example_pair)


def test_json_follows_the_schema(example, schema):
    data = example.to_json()
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["schema"] == SCHEMA == schema["properties"]["schema"]["const"]
    json.dumps(data)  # plain JSON data only


def test_json_offsets_point_into_the_texts(example):
    data = example.to_json()
    texts = {"source": example.source.text, "derivative": example.derivative.text}
    for span in data["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(texts[span["side"]])
    for pair in data["pairs"]:
        for side in ("source", "derivative"):
            for start, end in pair[side]["ranges"]:
                assert texts[side][start:end].strip()
        for tag, s1, s2, d1, d2 in pair["edits"]:
            if tag == "equal":
                assert (
                    normalize(texts["source"][s1:s2]).casefold().split()
                    == normalize(texts["derivative"][d1:d2]).casefold().split()
                )


def test_json_names_files_by_name_and_records_provenance(example):
    data = example.to_json()
    assert data["source"]["name"] == "source.txt" and data["derivative"]["name"] == "derivative.txt"
    assert str(paths.PROJECT_ROOT) not in json.dumps(data)
    provenance = data["provenance"]
    assert provenance["options"] == {"use_wordnet": True, "min_run": 6, "link_threshold": 0.3}
    assert set(provenance["wordnet"]) == {"available", "used"}
    assert data["source"]["words"] == 313


def test_summary_shares_add_up(example):
    for side in ("source", "derivative"):
        shares = example.summary[side]
        labelled = sum(value for key, value in shares.items() if key != "recycled")
        assert labelled == pytest.approx(1.0), side
        assert 0 <= shares["recycled"] <= 1


def test_frames(example):
    spans = example.spans_frame()
    assert len(spans) == len(example.spans)
    assert set(spans["side"]) == {"source", "derivative"}
    first = spans.iloc[0]
    assert example.source.text[first["start"] : first["end"]] == first["text"]
    pairs = example.pairs_frame()
    assert len(pairs) == len(example.pairs) > 0
    assert list(pairs.columns) == ["kind", "similarity", "flags", "source", "derivative"]


def hand_labels() -> dict:
    return json.loads(LABELS_FILE.read_text("utf-8"))


def test_hand_labels_are_for_the_bundled_pair(example):
    labels = hand_labels()
    assert labels["source_sha256"] == example.source.sha256
    assert labels["derivative_sha256"] == example.derivative.sha256
    for span in labels["derivative_spans"]:
        assert example.derivative.text[span["start"] : span["end"]] == span["text"]


def word_agreement(text: str, ours: tuple, hand: list[dict], same) -> float:
    """Share of whitespace words on which ``same(our span, hand span)`` holds."""
    words = list(re.finditer(r"\S+", text))
    agree = 0
    for word in words:
        span = next(s for s in ours if s.start <= word.start() < s.end)
        labelled = next(s for s in hand if s["start"] <= word.start() < s["end"])
        agree += same(span, labelled)
    return agree / len(words)


def credited(span) -> bool:
    return span.label in {"verbatim", "paraphrase", "changed"} and "recycled" not in span.flags


@pytest.mark.parametrize("use_wordnet", [True, False], ids=["wordnet", "no-wordnet"])
def test_word_level_agreement_with_hand_labels(example_pair, use_wordnet):
    """From-source versus added (second tellings count as added), per whitespace word."""
    comparison = compare(*example_pair, use_wordnet=use_wordnet)
    hand = hand_labels()["derivative_spans"]
    agreement = word_agreement(
        comparison.derivative.text,
        comparison.side("derivative"),
        hand,
        lambda ours, theirs: credited(ours) == (theirs["label"] == "from_source"),
    )
    assert agreement >= 0.9


def test_source_kept_and_dropped_agree_with_hand_labels(example):
    agreement = word_agreement(
        example.source.text,
        example.side("source"),
        hand_labels()["source_spans"],
        lambda ours, theirs: (ours.label != "dropped") == (theirs["label"] == "kept"),
    )
    assert agreement >= 0.8


def test_without_wordnet_the_result_says_so(example_pair, monkeypatch):
    monkeypatch.setenv("ANALYSIS_WORDNET", "off")
    reset_wordnet_cache()
    try:
        with pytest.warns(WordNetUnavailableWarning):
            comparison = compare(*example_pair)
    finally:
        reset_wordnet_cache()
    provenance = comparison.to_json()["provenance"]["wordnet"]
    assert provenance == {"available": False, "used": False}
    assert any("WordNet" in warning for warning in comparison.warnings)


@pytest.mark.skipif(
    not OS_WORDNET_DIR.is_dir(), reason="the OS package wordnet-base is not installed"
)
def test_with_wordnet_the_result_says_it_was_used(example):
    assert example.to_json()["provenance"]["wordnet"] == {"available": True, "used": True}


def test_compare_accepts_documents_paths_and_text(project_root, example_pair):
    raw = project_root / "data" / "raw"
    from_paths = compare(raw / "source.txt", raw / "derivative.txt", use_wordnet=False)
    from_documents = compare(*example_pair, use_wordnet=False)
    assert from_paths.spans == from_documents.spans
    from_text = compare(example_pair[0].text, example_pair[1].text, use_wordnet=False)
    assert from_text.spans == from_documents.spans
    assert from_text.source.name == "<source text>"


def test_unknown_option_is_a_clear_error(example_pair):
    with pytest.raises(TypeError, match="min_runs"):
        compare(*example_pair, min_runs=3)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_compare_prints_a_summary_and_writes_json(project_root, tmp_path, schema):
    raw = project_root / "data" / "raw"
    out = tmp_path / "result.json"
    result = run_cli(
        "compare", str(raw / "source.txt"), str(raw / "derivative.txt"), "--json", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "derivative:" in result.stdout and "% added" in result.stdout
    assert "not in the source" in result.stdout
    assert len(result.stdout.splitlines()) <= 20
    jsonschema.Draft202012Validator(schema).validate(json.loads(out.read_text("utf-8")))


def test_cli_compare_bad_input_is_one_line_and_exit_code_2(project_root, tmp_path):
    result = run_cli(
        "compare", str(tmp_path / "nope.txt"), str(project_root / "data/raw/source.txt")
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"analysis: error: {tmp_path / 'nope.txt'}: file not found"
    ]


def test_cli_compare_never_overwrites_an_input(project_root, tmp_path):
    source = tmp_path / "source.txt"
    source.write_bytes((project_root / "data/raw/source.txt").read_bytes())
    before = source.read_bytes()
    result = run_cli(
        "compare", str(source), str(project_root / "data/raw/derivative.txt"), "--json", str(source)
    )
    assert result.returncode == 2 and "refusing to overwrite" in result.stderr
    assert source.read_bytes() == before


def test_cli_compare_takes_thresholds_and_records_them(project_root, tmp_path):
    raw = project_root / "data" / "raw"
    out = tmp_path / "result.json"
    args = ["compare", str(raw / "source.txt"), str(raw / "derivative.txt"), "--json", str(out)]
    result = run_cli(*args, "--link-threshold", "0.25", "--min-run", "8", "--quiet")
    assert result.returncode == 0 and result.stdout == ""
    options = json.loads(out.read_text("utf-8"))["provenance"]["options"]
    assert options["link_threshold"] == 0.25 and options["min_run"] == 8
    bad = run_cli(*args, "--link-threshold", "1.5")
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == [
        "analysis: error: --link-threshold must be in [0, 1] and --min-run at least 2"
    ]
