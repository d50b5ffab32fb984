"""Readers: a path, bytes or text -> Articles.

One obvious entry point, `read_path`. The format is detected from content (see `detect`);
`input_format` forces it. Readers are lenient with markup (malformed markup is kept and noted
in `Article.warnings`) and strict with input they cannot read at all: those raise InputError
naming the source. For inputs holding many articles (dumps, WikiText-2), one bad article is
passed to `on_error` and skipped; the rest are still yielded.

Input checks, in order, each an InputError `<path>: <what is wrong>`:
missing path, a folder, unreadable, empty, larger than `DYAD_MAX_INPUT_BYTES` (default 64 MB,
checked from the file size before reading; MediaWiki dumps are streamed and exempt), binary,
not UTF-8 (a UTF-16 byte-order mark is honoured; anything else must be UTF-8).
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator

from ..errors import InputError
from ..model import Article

FORMATS = ("plaintext", "wikitext", "timeml", "dump", "wikitext2")

ErrorCallback = Callable[[InputError], None]

MAX_INPUT_ENV = "DYAD_MAX_INPUT_BYTES"
DEFAULT_MAX_INPUT = 64 * 1024 * 1024
_HEAD = 64 * 1024  # bytes looked at to detect the format
STDIN = "-"
STDIN_NAME = "<stdin>"


def max_input_bytes() -> int:
    """The size limit for one non-dump input, from $DYAD_MAX_INPUT_BYTES (bytes)."""
    value = os.environ.get(MAX_INPUT_ENV)
    if not value:
        return DEFAULT_MAX_INPUT
    try:
        limit = int(value)
    except ValueError:
        raise InputError(MAX_INPUT_ENV, f"not a number of bytes: {value!r}") from None
    if limit <= 0:
        raise InputError(MAX_INPUT_ENV, f"must be positive, got {limit}")
    return limit


def read_path(
    path: str,
    input_format: str | None = None,
    on_error: ErrorCallback | None = None,
    *,
    all_pages: bool = False,
) -> Iterator[Article]:
    """Read the file at `path` (or stdin for "-") and yield its articles.

    A MediaWiki dump yields only its relations articles unless `all_pages`."""
    _check_format(input_format, path)
    if path == STDIN:
        yield from _read_stdin(input_format, on_error, all_pages)
        return
    size = _stat(path)
    with _open(path) as f:
        head = f.read(4096)
    fmt = input_format or ("dump" if _is_dump_head(head) else None)
    if fmt == "dump":
        yield from _read_dump(path, on_error, all_pages)
        return
    limit = max_input_bytes()
    if size > limit:
        raise InputError(
            path, f"too large: {size:,} bytes, over the {limit:,}-byte limit for one article",
            hint=f"raise ${MAX_INPUT_ENV} to read it anyway, or give a MediaWiki dump, "
                 "which is streamed",
        )
    with _open(path) as f:
        data = f.read(limit + 1)
    yield from read_bytes(data, path, fmt, on_error)


def read_bytes(
    data: bytes,
    source: str,
    input_format: str | None = None,
    on_error: ErrorCallback | None = None,
) -> Iterator[Article]:
    """Read articles from `data`; `source` names them in Articles and errors."""
    _check_format(input_format, source)
    if not data.strip():
        raise InputError(source, "empty file, nothing to read")
    fmt = input_format or _detect_bytes(data[:_HEAD], source)
    if fmt == "dump":
        yield from _dump_from_bytes(data, source, on_error)
        return
    text = decode(data, source)
    yield from read_text(text, source, fmt, on_error)


def read_text(
    text: str,
    source: str,
    input_format: str | None = None,
    on_error: ErrorCallback | None = None,
) -> Iterator[Article]:
    """Read articles from decoded text (dumps need bytes or a path)."""
    _check_format(input_format, source)
    if not text.strip():
        raise InputError(source, "empty file, nothing to read")
    fmt = input_format or detect(text)
    if fmt == "plaintext":
        from .plaintext import read_plaintext

        yield read_plaintext(text, source)
    elif fmt == "wikitext":
        from .wikitext import parse_wikitext, title_from_filename

        title = None if source == STDIN_NAME else title_from_filename(source)
        yield parse_wikitext(text, source, title)
    elif fmt == "wikitext2":
        from .wikitext2 import read_wikitext2

        yield from read_wikitext2(text, source, on_error)
    elif fmt == "timeml":
        read_timeml = _optional("timeml", "read_timeml", source)
        yield read_timeml(text, source)
    elif fmt == "dump":
        yield from _dump_from_bytes(text.encode("utf-8"), source, on_error)


# --------------------------------------------------------------------------- detection

_TITLE_LINE = re.compile(r"\A\ufeff?\s*= [^=\n].*? =[ \t\r]*\n")
_WT2_TITLE = re.compile(r"^ = [^=\n].*? = $", re.M)
_WT2_SECTION = re.compile(r"^ = = [^=\n].*? = = $", re.M)
_WIKI_SIGNS = (
    re.compile(r"\{\{[^{}\n]{1,200}\}\}"),  # a template
    re.compile(r"<ref[\s>/]", re.I),  # a reference
    re.compile(r"^={2,6}[^=\n]+={2,6}[ \t]*$", re.M),  # a heading
    re.compile(r"'''[^'\n]+'''"),  # bold
    re.compile(r"^\{\|", re.M),  # a table
    re.compile(r"\[\[[^\[\]\n]+\]\]"),  # a link
)


def detect(text: str) -> str:
    """The format of decoded text: dump | timeml | wikitext2 | plaintext | wikitext."""
    head = text[:_HEAD].lstrip("\ufeff")
    xml = _xml_format(head)
    if xml:
        return xml
    first = next((line for line in head.splitlines() if line.strip()), "")
    if _WT2_TITLE.match(first) or _WT2_SECTION.match(first):
        return "wikitext2"
    if _TITLE_LINE.match(head):  # the seed's rendering ("= Title =" then an Infobox block)
        return "plaintext"
    signs = sum(1 for pattern in _WIKI_SIGNS if pattern.search(head))
    links = head.count("[[")
    if signs >= 2 or head.count("{{") >= 2 or links >= 5:
        return "wikitext"
    return "plaintext"


def _xml_format(head: str) -> str | None:
    """"dump" or "timeml" for text that opens with their XML, else None."""
    start = head.lstrip()[:4096]
    if not start.startswith(("<?xml", "<mediawiki", "<TimeML", "<DOC", "<!--")):
        return None
    if "<mediawiki" in start:
        return "dump"
    if "<TimeML" in start or "<TEXT>" in head:
        return "timeml"
    return None


def _is_dump_head(head: bytes) -> bool:
    """A MediaWiki dump, compressed or not, from its first bytes (no full decoding)."""
    if head[:3] == b"BZh" or head[:2] == b"\x1f\x8b":
        return True
    return _xml_format(_decode_head(head).lstrip("\ufeff")) == "dump"


def _detect_bytes(head: bytes, source: str) -> str:
    if head[:3] == b"BZh" or head[:2] == b"\x1f\x8b":
        return "dump"  # compressed: only dumps come compressed; the dump reader checks
    _check_binary(head, source)
    return detect(_decode_head(head))


def _decode_head(head: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):len(bom) + (len(head) - len(bom)) // 2 * 2].decode(codec, "replace")
    return head.decode("utf-8", "replace")


# --------------------------------------------------------------------------- decoding

_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (also .docx, .xlsx, .epub)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"SQLite format 3", "an SQLite database"),
)


def _check_binary(head: bytes, source: str) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise InputError(source, f"binary file ({what}), not text",
                             hint="give a plain-text, wikitext, TimeML or MediaWiki XML file")
    sample = head[:8192]
    if b"\x00" in sample:
        raise InputError(source, "binary file (contains NUL bytes), not text",
                         hint="give a plain-text, wikitext, TimeML or MediaWiki XML file")


def decode(data: bytes, source: str) -> str:
    """Bytes -> text: UTF-16 by its byte-order mark, else UTF-8 (a UTF-8 BOM is dropped)."""
    _check_binary(data[:_HEAD], source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(source, f"not valid UTF-16 despite its byte-order mark "
                                     f"(at byte {error.start})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            source,
            f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start} (line {line})",
            hint="convert it to UTF-8, e.g. iconv -f latin1 -t utf-8",
        ) from None
    if not text.strip():
        raise InputError(source, "empty file, nothing to read")
    return text


# --------------------------------------------------------------------------- files


def _check_format(input_format: str | None, source: str) -> None:
    if input_format is not None and input_format not in FORMATS:
        raise InputError(source, f"unknown input format {input_format!r}",
                         hint="one of " + ", ".join(FORMATS))


def _stat(path: str) -> int:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:
        raise InputError(path, f"cannot open: {error.strerror or error}") from None
    if os.path.isdir(path):
        raise InputError(path, "is a directory, not a file",
                         hint=f"give the files in it, e.g. {path.rstrip('/')}/*.txt")
    if st.st_size == 0:
        raise InputError(path, "empty file, nothing to read")
    return st.st_size


def _open(path: str):
    try:
        return open(path, "rb")  # noqa: SIM115 - callers use it as a context manager
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:
        raise InputError(path, f"cannot open: {error.strerror or error}") from None


def _read_stdin(input_format: str | None, on_error: ErrorCallback | None,
                all_pages: bool = False) -> Iterator[Article]:
    stream = sys.stdin.buffer
    head = stream.read(_HEAD)
    if not head.strip():
        raise InputError(STDIN_NAME, "empty input, nothing to read")
    fmt = input_format or _detect_bytes(head, STDIN_NAME)
    if fmt == "dump":  # streamed through a temporary file: dumps may be any size
        with tempfile.NamedTemporaryFile(prefix="dyad-stdin-", suffix=".xml") as tmp:
            tmp.write(head)
            shutil.copyfileobj(stream, tmp)
            tmp.flush()
            callback = _renaming(on_error, tmp.name, STDIN_NAME)
            yield from _renamed(_read_dump(tmp.name, callback, all_pages), tmp.name, STDIN_NAME)
        return
    limit = max_input_bytes()
    data = head + stream.read(max(0, limit + 1 - len(head)))
    if len(data) > limit:
        raise InputError(STDIN_NAME, f"too large: over the {limit:,}-byte limit for one article",
                         hint=f"raise ${MAX_INPUT_ENV} to read it anyway")
    yield from read_bytes(data, STDIN_NAME, fmt, on_error)


def _optional(module: str, name: str, source: str):
    """A reader that another part of dyad provides; a clear error while it is missing."""
    import importlib

    try:
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)
    except (ImportError, AttributeError):
        raise InputError(source, f"the {module} input format is not supported yet") from None


def _read_dump(path: str, on_error: ErrorCallback | None,
               all_pages: bool = False) -> Iterator[Article]:
    read_dump = _optional("dump", "read_dump", path)
    yield from read_dump(path, on_error, relations_only=not all_pages)


def _dump_from_bytes(data: bytes, source: str, on_error) -> Iterator[Article]:
    with tempfile.NamedTemporaryFile(prefix="dyad-", suffix=".xml") as tmp:
        tmp.write(data)
        tmp.flush()
        callback = _renaming(on_error, tmp.name, source)
        yield from _renamed(_read_dump(tmp.name, callback), tmp.name, source)


def _renaming(on_error: ErrorCallback | None, tmp: str, source: str) -> ErrorCallback | None:
    """An on_error callback that sees the real source, not the temporary file."""
    if on_error is None:
        return None

    def callback(error: InputError) -> None:
        if error.source and error.source.startswith(tmp):
            error.source = source + error.source[len(tmp):]
        on_error(error)

    return callback


def _renamed(articles: Iterator[Article], tmp: str, source: str) -> Iterator[Article]:
    """Articles read through a temporary file, named after the real source."""
    try:
        for article in articles:
            if article.source.startswith(tmp):
                article.source = source + article.source[len(tmp):]
            yield article
    except InputError as error:
        if error.source and error.source.startswith(tmp):
            error.source = source + error.source[len(tmp):]
        raise
