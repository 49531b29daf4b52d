"""Bytes to text: find the encoding, extract article text from HTML, refuse what is not text.

:func:`load_document` reads ``.txt``, ``.md`` and ``.html`` files and returns a frozen
:class:`Document`. Character offsets everywhere else in the package are defined on
``Document.text``: line endings are normalised to ``\\n`` and a byte-order mark is removed,
nothing else is changed (Markdown keeps its markup).

Decoding order: byte-order mark (UTF-8, UTF-16, UTF-32) → strict UTF-8 → UTF-16 without a
mark when its NUL-byte pattern says so → charset-normalizer restricted to Western single-byte
encodings → :class:`~analysis.errors.InputError`. Binary files are recognised by their
content (NUL bytes that are not UTF-16, a high share of control characters).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from os import PathLike
from pathlib import Path

from analysis.errors import InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Document",
    "decode_bytes",
    "load_document",
]

DEFAULT_MAX_BYTES = 20_000_000
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_WESTERN_ENCODINGS = ["cp1252", "iso8859_15"]
_CONTROL_SHARE_LIMIT = 0.05
# C0 and C1 control characters other than the whitespace that text uses (\t \n \v \f \r)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Document:
    """One loaded article.

    ``text`` is what every offset refers to; ``name`` is the file name (never a full path);
    ``sha256`` is the hash of the file's bytes; ``removed`` holds, for HTML only, the visible
    text blocks that article extraction left out (navigation, share prompts, footers).
    """

    text: str
    name: str
    sha256: str
    encoding: str
    format: str
    removed: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, text: str, name: str = "<text>") -> Document:
        """Build a document from a string, as if it had been read from a UTF-8 file.

        >>> Document.from_text("One.\\r\\nTwo.").text
        'One.\\nTwo.'
        """
        data = text.encode("utf-8")
        return cls(_normalise_newlines(text), name, _sha256(data), "utf-8", "txt")


def load_document(
    path: str | PathLike[str],
    *,
    keep_all_text: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: str | None = None,
) -> Document:
    """Read ``path`` and return its text as a :class:`Document`.

    ``format`` overrides the format inferred from the extension (``"txt"``, ``"md"`` or
    ``"html"``). For HTML, ``keep_all_text=True`` keeps every visible text block instead of
    the extracted article, since duplicated headlines and boilerplate are evidence too.
    Raises :class:`~analysis.errors.InputError` naming the file and the problem.
    """
    file = Path(path)
    data = _read_bytes(file, max_bytes)
    kind = _format_of(file, format)
    text, encoding = decode_bytes(data, file)
    text = _normalise_newlines(text)
    if not text.strip():
        raise InputError(file, "file holds only whitespace")
    removed: tuple[str, ...] = ()
    if kind == "html":
        text, removed = _html_text(text, file, keep_all_text=keep_all_text)
    return Document(text, file.name, _sha256(data), encoding, kind, removed)


def decode_bytes(data: bytes, path: str | PathLike[str] = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; ``path`` only names it in errors.

    >>> decode_bytes("café".encode("utf-8"))
    ('café', 'utf-8')
    >>> decode_bytes("“café”".encode("cp1252"))
    ('“café”', 'cp1252')
    >>> decode_bytes("café".encode("utf-16-le"))
    ('café', 'utf-16-le')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], encoding, path), _with_bom(encoding)
    if b"\x00" in data:
        utf16 = _utf16_by_nul_pattern(data)
        if utf16 is None:
            raise InputError(path, "looks like a binary file (NUL bytes), not text")
        return _check_controls(_decode_strict(data, utf16, path), path), utf16
    try:
        return _check_controls(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = _decode_western(data, path)
    return _check_controls(text, path), encoding


def _format_of(file: Path, override: str | None) -> str:
    if override is not None:
        if override not in set(FORMATS.values()):
            raise InputError(file, f"unknown format {override!r} (expected txt, md or html)")
        return override
    kind = FORMATS.get(file.suffix.lower())
    if kind is None:
        expected = ", ".join(sorted(FORMATS))
        raise InputError(file, f"unsupported file type {file.suffix!r} (expected {expected})")
    return kind


def _read_bytes(file: Path, max_bytes: int) -> bytes:
    if not file.exists():
        raise InputError(file, "file not found")
    if file.is_dir():
        raise InputError(file, "is a directory, not a file")
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(file, f"file is {_size(size)}, over the {_size(max_bytes)} limit")
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError(file, "permission denied") from None
    except IsADirectoryError:
        raise InputError(file, "is a directory, not a file") from None
    except OSError as error:
        raise InputError(file, f"cannot be read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise InputError(file, f"file is over the {_size(max_bytes)} limit")
    if not data:
        raise InputError(file, "file is empty")
    return data


def _size(size: int) -> str:
    """A file size for people.

    >>> _size(20_000_000), _size(1_500), _size(12)
    ('20 MB', '1.5 kB', '12 bytes')
    """
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _decode_strict(data: bytes, encoding: str, path: str | PathLike[str]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(path, f"not valid {encoding} text despite its byte-order mark") from None


def _with_bom(encoding: str) -> str:
    return "utf-8-sig" if encoding == "utf-8" else encoding


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """Return the UTF-16 byte order whose NUL pattern ``data`` shows, or None (binary)."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    for encoding, high, low in (
        ("utf-16-le", odd_nuls, even_nuls),
        ("utf-16-be", even_nuls, odd_nuls),
    ):
        if high >= 0.3 and low <= 0.02:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _decode_western(data: bytes, path: str | PathLike[str]) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_WESTERN_ENCODINGS).best()
    if best is not None:
        return str(best), best.encoding
    try:  # charset-normalizer gives up on very short texts ("“café”"); cp1252 is then the guess
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise InputError(path, "cannot decode: not UTF-8, UTF-16 or a Western encoding") from None


def _check_controls(text: str, path: str | PathLike[str]) -> str:
    """Refuse decoded text with many control characters: it is binary data."""
    if "\x00" in text:
        raise InputError(path, "looks like a binary file (NUL characters), not text")
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > _CONTROL_SHARE_LIMIT:
        raise InputError(path, "looks like a binary file (control characters), not text")
    return text


def _normalise_newlines(text: str) -> str:
    r"""Turn ``\r\n`` and lone ``\r`` into ``\n``.

    >>> _normalise_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _html_text(html: str, file: Path, *, keep_all_text: bool) -> tuple[str, tuple[str, ...]]:
    visible = _visible_blocks(html)
    text = "\n\n".join(visible) if keep_all_text else _article_text(html)
    if not text.strip():
        raise InputError(file, "no text found in the HTML page")
    kept = {_squash(line) for line in text.split("\n")}
    removed = tuple(block for block in visible if _squash(block) not in kept)
    return text, removed


def _article_text(html: str) -> str:
    """The article body via trafilatura, with the page title as its first line."""
    import trafilatura

    body = trafilatura.extract(html, favor_precision=True, include_comments=False) or ""
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "").strip() if metadata is not None else ""
    if title and not body.startswith(title):
        return f"{title}\n\n{body}" if body else title
    return body


def _squash(text: str) -> str:
    return " ".join(text.split())


_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary"),
        *("table", "td", "th", "title", "tr", "ul"),
    }
)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class _VisibleText(HTMLParser):
    """Collects the text a browser shows, one block per block-level element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _HIDDEN_TAGS:
            self._hidden += 1
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title or not self._hidden:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        block = _squash("".join(self._current))
        if block:
            self.blocks.append(block)
        self._current = []


def _visible_blocks(html: str) -> list[str]:
    """Every visible text block of ``html``, the title first.

    >>> _visible_blocks("<title>T</title><p>One <b>two</b></p><script>x()</script><p>3</p>")
    ['T', 'One two', '3']
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.blocks
