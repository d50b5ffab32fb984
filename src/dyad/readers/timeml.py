"""TimeML (TempEval-3 style) in and out.

`read_timeml` turns a `<TimeML>` document into an Article whose `text` is the TEXT element's
character content (markup removed, entities decoded) and whose `dct` is the value of the DCT's
TIMEX3. `source_map` records, at every point where it shifts, how a `text` offset maps back to
an offset of `raw` (the whole file), so that `write_timeml` can put the system's TIMEX3 tags
back into the file with everything outside the tags repeated byte for byte, as TempEval-3
scorers require. `gold_timexes` reads the TIMEX3 annotations already in the file (the gold).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import Article, Timex

_TEXT_OPEN = re.compile(r"<TEXT\b[^>]*>")
_TEXT_CLOSE = re.compile(r"</TEXT\s*>")
_DCT = re.compile(r"<DCT\b[^>]*>.*?</DCT\s*>", re.S)
_TIMEX_OPEN = re.compile(r"<TIMEX3\b([^>]*)>")
_ATTR = re.compile(r'([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_VALUE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TITLE = re.compile(r"<TITLE\b[^>]*>(.*?)</TITLE\s*>", re.S)
_DOCID = re.compile(r"<DOCID\b[^>]*>(.*?)</DOCID\s*>", re.S)
# Markup after TEXT that points at the gold's own ids; dropped on output (the contract allows
# it) so that no link refers to a TIMEX3 or EVENT that is no longer there.
_LINKS = re.compile(r"<(?:MAKEINSTANCE|TLINK|SLINK|ALINK)\b[^>]*/>\s*\n?")


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    tid: str
    type: str
    value: str
    mod: str | None


def attributes(tag_body: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(tag_body)}


def _text_span(raw: str, source: str) -> tuple[int, int]:
    o = _TEXT_OPEN.search(raw)
    if not o:
        raise InputError(source, "TimeML without a <TEXT> element",
                         "TempEval-3 files keep the document body in <TEXT>...</TEXT>")
    c = _TEXT_CLOSE.search(raw, o.end())
    if not c:
        raise InputError(source, "TimeML <TEXT> element is not closed")
    return o.end(), c.start()


def _decode(raw: str, start: int, end: int) -> tuple[str, list[int], list[tuple[int, int, str]]]:
    """Strip markup from raw[start:end] and decode entities.

    Returns the text, `pos` (pos[i] = raw offset of text[i]; pos[len(text)] = end) and the
    tags met as (text_offset, raw_offset, tag)."""
    out: list[str] = []
    pos: list[int] = []
    tags: list[tuple[int, int, str]] = []
    i = start
    while i < end:
        ch = raw[i]
        if ch == "<":
            j = raw.find(">", i, end)
            if j < 0:  # a stray '<': keep it as text (lenient)
                out.append(ch)
                pos.append(i)
                i += 1
                continue
            tags.append((len(out), i, raw[i:j + 1]))
            i = j + 1
        elif ch == "&":
            j = raw.find(";", i, min(end, i + 12))
            decoded = html.unescape(raw[i:j + 1]) if j > 0 else ch
            if j < 0 or decoded == raw[i:j + 1]:
                out.append(ch)
                pos.append(i)
                i += 1
                continue
            for c in decoded:
                out.append(c)
                pos.append(i)
            i = j + 1
        else:
            out.append(ch)
            pos.append(i)
            i += 1
    pos.append(end)
    return "".join(out), pos, tags


def _compress(pos: list[int]) -> list[tuple[int, int]]:
    """Keep only the points where raw offset - text offset changes."""
    out: list[tuple[int, int]] = []
    shift = None
    for t, r in enumerate(pos):
        if r - t != shift:
            out.append((t, r))
            shift = r - t
    return out


def _expand(source_map: list[tuple[int, int]], n: int) -> list[int]:
    pos = []
    k = 0
    for t in range(n + 1):
        while k + 1 < len(source_map) and source_map[k + 1][0] <= t:
            k += 1
        pos.append(source_map[k][1] + t - source_map[k][0])
    return pos


def read_timeml(text: str, source: str) -> Article:
    """Read a TimeML document (the whole file's text) into an Article."""
    start, end = _text_span(text, source)
    body, pos, _ = _decode(text, start, end)
    dct = None
    m = _DCT.search(text)
    if m:
        t = _TIMEX_OPEN.search(m.group(0))
        if t:
            v = attributes(t.group(1)).get("value", "")
            if _VALUE_DATE.match(v):
                dct = v[:10]
    title = None
    for rx in (_TITLE, _DOCID):
        tm = rx.search(text)
        if tm:
            title = html.unescape(re.sub(r"<[^>]*>", "", tm.group(1))).strip() or None
            if title:
                break
    return Article(source=source, format="timeml", title=title, text=body, dct=dct,
                   source_map=_compress(pos), raw=text)


def gold_timexes(raw: str, source: str) -> list[GoldTimex]:
    """The TIMEX3 annotations inside the TEXT element, with offsets into the Article's text."""
    start, end = _text_span(raw, source)
    body, _, tags = _decode(raw, start, end)
    out: list[GoldTimex] = []
    stack: list[tuple[int, dict[str, str]]] = []
    for toff, _roff, tag in tags:
        if tag.startswith("<TIMEX3"):
            stack.append((toff, attributes(tag[7:-1])))
        elif tag.startswith("</TIMEX3") and stack:
            s, a = stack.pop()
            out.append(GoldTimex(s, toff, body[s:toff], a.get("tid", ""), a.get("type", ""),
                                 a.get("value", ""), a.get("mod") or None))
    return out


def write_timeml(article: Article, timexes: list[Timex]) -> str:
    """The article's TimeML file with its TIMEX3 tags (other than the DCT's) replaced by
    `timexes`. EVENT tags and links are dropped; every other byte is repeated as read."""
    raw = article.raw
    if raw is None or article.source_map is None:
        raise InputError(article.source, "not read from TimeML: no raw file to write back")
    start, end = _text_span(raw, article.source)
    pos = _expand(article.source_map, len(article.text))
    # Raw offsets of the markup inside TEXT: all of it is removed; text between stays.
    inserts: dict[int, list[str]] = {}
    chosen: list[Timex] = []
    last_end = -1
    for t in sorted(timexes, key=lambda t: (t.start, -t.end)):
        if t.start < last_end or t.start >= t.end:  # never nest or overlap
            continue
        chosen.append(t)
        last_end = t.end
    used_ids = {"t0"}
    n = 0
    for t in chosen:
        tid = t.id
        if tid in used_ids or not re.fullmatch(r"t\d+", tid or ""):
            while f"t{n + 1}" in used_ids:
                n += 1
            tid = f"t{n + 1}"
        used_ids.add(tid)
        mod = f' mod="{t.mod}"' if t.mod else ""
        open_tag = f'<TIMEX3 tid="{tid}" type="{t.type}" value="{html.escape(t.value)}"{mod}>'
        # The opening tag goes right before the first character's raw bytes, the closing
        # tag right after the last character's raw bytes (entities stay inside).
        r0 = pos[t.start]
        r1 = pos[t.end - 1]
        r1 = r1 + (raw.find(";", r1) - r1 + 1 if raw[r1] == "&" else 1)
        inserts.setdefault(r0, []).append(open_tag)
        inserts.setdefault(r1, []).insert(0, "</TIMEX3>")
    out = [raw[:start]]
    i = start
    while i < end:
        if i in inserts:
            out.extend(inserts.pop(i))
        ch = raw[i]
        if ch == "<":
            j = raw.find(">", i, end)
            if j >= 0:
                i = j + 1
                continue
        out.append(ch)
        i += 1
    if end in inserts:
        out.extend(inserts.pop(end))
    out.append(_LINKS.sub("", raw[end:]))
    return "".join(out)


def inline_timeml(text: str, timexes: list[Timex]) -> str:
    """`text` with a TIMEX3 element around each timex (non-overlapping, text order). `&`, `<`
    and `>` of the text are escaped so that the result parses as XML."""
    out: list[str] = []
    pos = 0
    for t in sorted(timexes, key=lambda t: (t.start, -t.end)):
        if t.start < pos or t.start >= t.end:
            continue
        mod = f' mod="{t.mod}"' if t.mod else ""
        out.append(html.escape(text[pos:t.start], quote=False))
        out.append(f'<TIMEX3 tid="{t.id}" type="{t.type}" value="{html.escape(t.value)}"{mod}>'
                   f"{html.escape(text[t.start:t.end], quote=False)}</TIMEX3>")
        pos = t.end
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)
