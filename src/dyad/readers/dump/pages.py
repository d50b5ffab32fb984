"""Pages of a dump: `DumpPage`, and two ways of finding them in the XML.

The fast way (UTF-8 dumps, which is what Wikimedia publishes) splits the decompressed bytes
at `<page>` / `</page>` (MediaWiki escapes `<` in page text, so these only occur as tags),
reads the page-level fields (title, ns, id, redirect) with anchored regexes on the page's
first bytes, and parses the page's XML only when someone asks for its text or revision. A
relations filter that rejects a page therefore never parses it: the scan of a dump costs
little more than its decompression.

The general way (`iterparse`) handles what the fast way does not: UTF-16 dumps (expat reads
the byte-order mark) and other declared encodings. Both give the same pages (a test checks
it on the shared dumps); the general way also clears every finished page from the tree, so
both run in constant memory.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from ...errors import InputError

_HEADER_LIMIT = 16 << 20  # bytes of XML before the first <page> we accept


class PageXMLError(ValueError):
    """One page's XML is not well-formed (the rest of the dump can still be read)."""


class DumpPage:
    """One `<page>` of a dump, with its newest revision.

    Built from parsed fields, or (`from_xml`) from the page's raw XML, in which case the
    revision fields and the text are parsed on first access."""

    __slots__ = ("ordinal", "title", "ns", "page_id", "redirect", "_revision_id",
                 "_timestamp", "_text", "_xml")

    def __init__(self, ordinal: int, title: str, ns: int, page_id: int | None,
                 revision_id: int | None = None, timestamp: str | None = None,
                 text: str = "", redirect: str | None = None):
        self.ordinal = ordinal  # position among all <page> elements of the dump (resume key)
        self.title = title
        self.ns = ns
        self.page_id = page_id
        self.redirect = redirect  # target title when the page is a redirect
        self._revision_id = revision_id
        self._timestamp = timestamp
        self._text = text
        self._xml: bytes | None = None

    @classmethod
    def from_xml(cls, ordinal: int, xml: bytes, prefixes: dict[str, int]) -> DumpPage:
        # Page-level fields come before the first <revision>: search only there, in place.
        cut = xml.find(b"<revision")
        if cut < 0:
            cut = len(xml)
        m = _TITLE.search(xml, 0, cut)
        title = m.group(1).decode("utf-8", "replace") if m else ""
        if "&" in title:
            title = html.unescape(title)
        m = _NS.search(xml, 0, cut)
        if m is not None:
            ns = int(m.group(1))
        else:  # export-0.3 and older: the namespace is the title's prefix
            prefix, colon, _ = title.partition(":")
            ns = prefixes.get(prefix, 0) if colon else 0
        m = _ID.search(xml, 0, cut)
        page = cls(ordinal, title, ns, int(m.group(1)) if m else None)
        if xml.find(b"<redirect", 0, cut) >= 0:
            m = _REDIRECT.search(xml, 0, cut)
            if m is not None:
                page.redirect = html.unescape((m.group(1) or b"").decode("utf-8", "replace"))
        page._xml = xml
        return page

    def _load(self) -> None:
        xml, self._xml = self._xml, None
        try:
            element = ET.fromstring(xml)
        except ET.ParseError as error:
            raise PageXMLError(f"page {self.title!r} is not well-formed XML: {error}") from None
        parsed = page_from_element(element, self.ordinal, {})
        self._revision_id, self._timestamp, self._text = (
            parsed.revision_id, parsed.timestamp, parsed.text)

    @property
    def revision_id(self) -> int | None:
        if self._xml is not None:
            self._load()
        return self._revision_id

    @property
    def timestamp(self) -> str | None:
        if self._xml is not None:
            self._load()
        return self._timestamp

    @property
    def text(self) -> str:
        if self._xml is not None:
            self._load()
        return self._text

    def search(self, pattern: re.Pattern[str], raw: re.Pattern[bytes]) -> bool:
        """Does the text match? On an unparsed page, `raw` is searched in its XML instead
        (the caller vouches that XML escaping cannot change the answer)."""
        if self._xml is not None:
            return raw.search(self._xml) is not None
        return pattern.search(self._text) is not None

    def redirect_by_text(self) -> bool:
        """Old dumps mark redirects only by the text starting with #REDIRECT."""
        if self._xml is not None:  # anchored at <text>: no scan of the whole page
            start = self._xml.find(b"<text")
            return start >= 0 and _TEXT_REDIRECT.match(self._xml, start) is not None
        return self._text[:40].lstrip().upper().startswith("#REDIRECT")

    def _key(self) -> tuple:
        return (self.ordinal, self.title, self.ns, self.page_id, self.revision_id,
                self.timestamp, self.text, self.redirect)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DumpPage) and self._key() == other._key()

    def __repr__(self) -> str:
        return (f"DumpPage(ordinal={self.ordinal}, title={self.title!r}, ns={self.ns}, "
                f"page_id={self.page_id})")


_TITLE = re.compile(rb"<title>([^<]*)</title>")
_NS = re.compile(rb"<ns>(-?\d+)</ns>")
_ID = re.compile(rb"<id>(\d+)</id>")
_REDIRECT = re.compile(rb"<redirect(?:\s+title=\"([^\"]*)\")?\s*/?>")
_TEXT_REDIRECT = re.compile(rb"<text[^>]*>\s*#redirect", re.I)
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


# --------------------------------------------------------------------------- element helpers


def local(tag: str) -> str:
    """`{http://www.mediawiki.org/xml/export-0.10/}page` -> `page`."""
    return tag.rsplit("}", 1)[-1]


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def namespaces(siteinfo: ET.Element) -> dict[str, int]:
    """Namespace prefixes of the wiki ("Talk" -> 1), for old dumps whose pages lack <ns>."""
    found = {}
    for child in siteinfo:
        if local(child.tag) == "namespaces":
            for ns in child:
                key = _int(ns.get("key"))
                if key is not None and ns.text:
                    found[ns.text] = key
    return found


def page_from_element(element: ET.Element, ordinal: int, prefixes: dict[str, int]) -> DumpPage:
    title = ""
    ns: int | None = None
    page_id = None
    redirect = None
    newest: tuple[str, int, ET.Element] | None = None  # (timestamp, position, revision)
    for position, child in enumerate(element):
        name = local(child.tag)
        if name == "title":
            title = child.text or ""
        elif name == "ns":
            ns = _int(child.text)
        elif name == "id":
            page_id = _int(child.text)
        elif name == "redirect":
            redirect = child.get("title") or child.text or ""
        elif name == "revision":
            stamp = ""
            for field in child:
                if local(field.tag) == "timestamp":
                    stamp = field.text or ""
                    break
            # The newest revision by timestamp; among equal (or missing) ones, the last.
            if newest is None or (stamp, position) >= newest[:2]:
                newest = (stamp, position, child)
    if ns is None:
        prefix, colon, _ = title.partition(":")
        ns = prefixes.get(prefix, 0) if colon else 0
    revision_id = timestamp = None
    text = ""
    if newest is not None:
        for field in newest[2]:
            name = local(field.tag)
            if name == "id":
                revision_id = _int(field.text)
            elif name == "timestamp":
                timestamp = field.text
            elif name == "text":
                text = field.text or ""
    return DumpPage(ordinal, title, ns, page_id, revision_id, timestamp, text, redirect)


# --------------------------------------------------------------------------- the fast way


def fast_path_applies(head: bytes) -> bool:
    """UTF-8 (or undeclared) XML without a byte-order mark for UTF-16/32."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"\x00\x00\xfe\xff",):
        return False
    declared = _ENCODING.match(head)
    return declared is None or declared.group(1).lower().replace("_", "-") in ("utf-8", "utf8")


def split_pages(data: Iterable[bytes], *, first_ordinal: int = 0,
                fragment: bool = False) -> Iterator[DumpPage]:
    """DumpPages from the decompressed bytes of a dump (or, with `fragment`, of a run of
    multistream streams, which may lack the header and the closing tag).

    Raises ValueError / ET.ParseError for XML that is not a dump or ends early; `guard`
    turns those into one InputError."""
    buf = b""
    pos = 0
    header_seen = fragment
    prefixes: dict[str, int] = {}
    ordinal = first_ordinal
    for chunk in data:
        buf = buf[pos:] + chunk if pos else buf + chunk
        pos = 0
        while True:
            start = buf.find(b"<page>", pos)
            if start < 0:
                break
            end = buf.find(b"</page>", start + 6)
            if end < 0:
                break
            if not header_seen:
                prefixes = _read_header(buf[:start])
                header_seen = True
            yield DumpPage.from_xml(ordinal, buf[start:end + 7], prefixes)
            ordinal += 1
            pos = end + 7
        if not header_seen and len(buf) > _HEADER_LIMIT:
            _read_header(buf[:4096])  # says what it is instead (not XML, not a dump)
            raise ValueError(f"no <page> in the first {_HEADER_LIMIT >> 20} MB")
    rest = buf[pos:]
    if not header_seen:
        _read_header(rest, complete=True)
        return
    if b"<page>" in rest:
        raise ET.ParseError("no element found")  # a page that never ends: truncated
    if not fragment and b"</mediawiki>" not in rest:
        raise ET.ParseError("no element found")


def _read_header(header: bytes, *, complete: bool = False) -> dict[str, int]:
    """Check the XML before the first page is a MediaWiki export; its namespace prefixes."""
    if not header.strip():
        raise ET.ParseError("no element found") if complete else ValueError("empty dump")
    root = header.find(b"<mediawiki")
    if root < 0 or header[:root].strip(b" \t\r\n\xef\xbb\xbf")[:1] not in (b"", b"<"):
        raise ValueError("not a MediaWiki XML dump (no <mediawiki> root element)")
    text = header if complete else header + b"</mediawiki>"
    element = ET.fromstring(text)  # ParseError for malformed XML
    if local(element.tag) != "mediawiki":
        raise ValueError("not a MediaWiki XML dump (no <mediawiki> root element)")
    for child in element:
        if local(child.tag) == "siteinfo":
            return namespaces(child)
    return {}


# --------------------------------------------------------------------------- the general way


def parse_pages(stream, *, first_ordinal: int = 0) -> Iterator[DumpPage]:
    """DumpPages by `iterparse` (any encoding expat reads); each finished page is dropped
    from the tree, which keeps memory flat."""
    root = None
    prefixes: dict[str, int] = {}
    ordinal = first_ordinal
    for event, element in ET.iterparse(stream, events=("start", "end")):
        if event == "start":
            if root is None:
                root = element
                if local(root.tag) != "mediawiki":
                    raise ValueError("not a MediaWiki XML dump (no <mediawiki> root element)")
            continue
        name = local(element.tag)
        if name == "page":
            page = page_from_element(element, ordinal, prefixes)
            ordinal += 1
            root.clear()  # drops this page (and siteinfo) from the tree
            yield page
        elif name == "siteinfo":
            prefixes = namespaces(element)


# --------------------------------------------------------------------------- errors


def describe(error: BaseException, pages: int) -> str:
    after = f"after {pages} page{'s' if pages != 1 else ''}"
    if isinstance(error, EOFError):
        return f"compressed data ends before the end of the dump {after} (truncated file?)"
    if isinstance(error, ET.ParseError):
        if "no element found" in str(error):
            return f"XML ends before the dump is complete {after} (truncated file?)"
        line, column = getattr(error, "position", (0, 0))
        return f"not well-formed XML at line {line}, column {column} {after}: {error}"
    if isinstance(error, UnicodeError):
        return f"bad text encoding {after}: {error}"
    if isinstance(error, OSError):
        return f"corrupt compressed data {after}: {error}"
    return f"{error} ({after})" if pages else str(error)


def guard(path: str, pages: Iterator[DumpPage]) -> Iterator[DumpPage]:
    """Yield from `pages`; a truncated or corrupt input becomes one InputError at the end."""
    count = 0
    try:
        for page in pages:
            count += 1
            yield page
    except (FileNotFoundError, PermissionError) as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    except PageXMLError:
        raise
    except (EOFError, OSError, ET.ParseError, UnicodeError, ValueError) as error:
        raise InputError(path, describe(error, count)) from None
