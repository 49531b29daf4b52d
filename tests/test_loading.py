"""Loading: encodings, HTML extraction, and one clear error per kind of bad input."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from analysis import Document, InputError, load_document
from analysis.loading import decode_bytes

SAMPLE = "“Niño’s café” — déjà vu, über-naïve.\nSecond line: 5 € and £9.8m."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe\x00\x00" + SAMPLE.encode("utf-32-le"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + SAMPLE.encode("utf-32-be"), "utf-32-be"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32le",
        "utf32be",
        "cp1252",
    ],
)
def test_each_encoding_round_trips_quotes_and_accents(tmp_path, data, encoding):
    document = load_document(write(tmp_path, "a.txt", data))
    assert document.text == SAMPLE
    assert document.encoding == encoding
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_latin1_accents_decode_as_a_western_encoding(tmp_path):
    text = "Niño, café, déjà vu, Ångström, über, façade."
    document = load_document(write(tmp_path, "a.txt", text.encode("latin-1")))
    assert document.text == text
    assert document.encoding in {"cp1252", "iso8859_15"}


def test_line_endings_are_normalised_and_offsets_refer_to_the_result(tmp_path):
    document = load_document(write(tmp_path, "a.txt", b"One.\r\nTwo.\rThree.\n"))
    assert document.text == "One.\nTwo.\nThree.\n"
    assert document.text[5:9] == "Two."


def test_document_is_frozen_and_named_without_its_folder(tmp_path):
    document = load_document(write(tmp_path, "story.md", b"# Title\n\n**Bold** text."))
    assert document.name == "story.md"
    assert document.format == "md"
    assert document.text == "# Title\n\n**Bold** text."  # Markdown keeps its markup
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.text = "changed"  # type: ignore[misc]


def test_loading_never_changes_the_input_file(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbfOne.\r\nTwo.")
    before = path.read_bytes(), path.stat().st_mtime_ns
    load_document(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_example_pair_loads(project_root):
    source = load_document(project_root / "data/raw/source.txt")
    derivative = load_document(project_root / "data/raw/derivative.txt")
    assert (source.encoding, derivative.encoding) == ("utf-8", "utf-8")
    assert source.text.startswith("Longtime rivals China and Japan")
    assert "Beijing’s" in derivative.text  # curly apostrophes are kept in the text


def test_from_text_matches_a_utf8_file(tmp_path):
    path = write(tmp_path, "a.txt", SAMPLE.encode("utf-8"))
    assert Document.from_text(SAMPLE, name="a.txt") == load_document(path)


PAGE = b"""<!DOCTYPE html><html><head><title>Ministers agree on a new fisheries deal</title>
<script>var tracking = "do not show me";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Ministers agree on a new fisheries deal</h1>
<p>Fisheries ministers from both countries agreed on Friday to resume talks on quotas for the
coming season, officials said after a meeting that lasted more than six hours.</p>
<p>The agreement follows months of disputes over catches in shared waters, and both sides said
they hoped to finish a detailed plan before the end of the year.</p>
<p>"We have found common ground," one of the ministers told reporters outside the building.</p>
</article>
<footer>Share this story. Leave a comment below. Copyright 2026 Example News.</footer>
</body></html>"""


def test_html_extracts_the_article_with_the_title_first(tmp_path):
    document = load_document(write(tmp_path, "page.html", PAGE))
    assert document.format == "html"
    assert document.text.splitlines()[0] == "Ministers agree on a new fisheries deal"
    assert "resume talks on quotas" in document.text
    assert "do not show me" not in document.text
    assert "Leave a comment below" not in document.text
    assert any("Leave a comment below" in block for block in document.removed)


def test_html_can_keep_all_visible_text(tmp_path):
    document = load_document(write(tmp_path, "page.html", PAGE), keep_all_text=True)
    assert "Leave a comment below" in document.text
    assert "do not show me" not in document.text
    assert "color: red" not in document.text
    assert document.text.count("Ministers agree on a new fisheries deal") == 2  # title and h1
    assert document.removed == ()


# One test per kind of bad input: the message names the file and the problem.
def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: file not found$"):
        load_document(tmp_path / "nope.txt")


def test_directory(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError, match=r"folder\.txt: is a directory, not a file$"):
        load_document(folder)


def test_empty_file(tmp_path):
    with pytest.raises(InputError, match=r"a\.txt: file is empty$"):
        load_document(write(tmp_path, "a.txt", b""))


@pytest.mark.parametrize("data", [b" \n\t\r\n ", b"\xef\xbb\xbf\n\n", "\u00a0\u2003\n".encode()])
def test_whitespace_only_file(tmp_path, data):
    with pytest.raises(InputError, match=r"a\.txt: file holds only whitespace$"):
        load_document(write(tmp_path, "a.txt", data))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16]) * 20 + b"some text",
    ],
    ids=["png", "elf", "control-characters"],
)
def test_binary_file(tmp_path, data):
    with pytest.raises(InputError, match=r"a\.txt: looks like a binary file"):
        load_document(write(tmp_path, "a.txt", data))


def test_short_cp1252_text_decodes(tmp_path):
    document = load_document(write(tmp_path, "a.txt", "“café”".encode("cp1252")))
    assert (document.text, document.encoding) == ("“café”", "cp1252")


def test_undecodable_file(tmp_path):
    data = bytes(range(0x80, 0x100)) * 8  # not UTF-8, and nonsense in every Western encoding
    with pytest.raises(InputError, match=r"a\.txt: cannot decode"):
        load_document(write(tmp_path, "a.txt", data))


def test_invalid_text_after_a_byte_order_mark(tmp_path):
    with pytest.raises(
        InputError, match=r"a\.txt: not valid utf-8 text despite its byte-order mark"
    ):
        load_document(write(tmp_path, "a.txt", b"\xef\xbb\xbfcaf\xe9"))


def test_file_over_the_size_limit(tmp_path):
    path = write(tmp_path, "a.txt", b"word " * 300)
    with pytest.raises(InputError, match=r"a\.txt: file is 1\.5 kB, over the 1 kB limit$"):
        load_document(path, max_bytes=1000)
    assert load_document(path, max_bytes=2000).text.startswith("word")


def test_default_size_limit_is_20_megabytes(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(20_000_001)
    with pytest.raises(InputError, match=r"big\.txt: file is 20 MB, over the 20 MB limit$"):
        load_document(path)


def test_unsupported_file_type(tmp_path):
    with pytest.raises(InputError, match=r"a\.pdf: unsupported file type '\.pdf'"):
        load_document(write(tmp_path, "a.pdf", b"%PDF-1.7"))
    assert (
        load_document(write(tmp_path, "b.pdf", b"Plain words."), format="txt").text
        == "Plain words."
    )


def test_html_without_text(tmp_path):
    path = write(
        tmp_path, "a.html", b"<html><head><script>x()</script></head><body> </body></html>"
    )
    with pytest.raises(InputError, match=r"a\.html: (no text found in the HTML page|file holds)"):
        load_document(path)


def test_unreadable_file(tmp_path):
    path = write(tmp_path, "a.txt", b"secret")
    path.chmod(0)
    try:
        if path.open("rb").readable():  # root reads anything: nothing to test then
            pytest.skip("running as root: permissions are not enforced")
    except PermissionError:
        with pytest.raises(InputError, match=r"a\.txt: permission denied$"):
            load_document(path)
    finally:
        path.chmod(0o644)


def test_decode_bytes_names_the_input_in_errors():
    with pytest.raises(InputError, match=r"^upload: looks like a binary file"):
        decode_bytes(b"\x00\x01\x02\x03abc", "upload")
