"""WikiText-2 (Merity et al. 2016) -> one Article per article.

The raw files hold many articles: ` = Title = ` opens one, ` = = Section = = ` (and deeper)
head its sections, paragraphs are single lines, and everything is tokenised (`actor .`,
`guest @-@ starring`, `" Craig "`). The text is de-tokenised so that later stages see ordinary
English ("guest-starring", `"Craig"`, "1,500", "3.5"); `Article.raw` keeps the article's raw
lines and `source_map` maps every character of `text` back to them. Headings become bare lines
(the title is level 1, ` = = X = = ` level 2, ...), as in the wikitext reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..errors import InputError
from ..model import Article, Section
from .plaintext import close_sections
from .render import Out

# A title line is followed by two blank lines; a section heading by one. (Lines of a formula
# such as " = 1 henry and capacitance C = " look like titles but are followed by one.)
_TITLE = re.compile(r"^ = (?!= )(?P<title>[^\n]*?) = ?\n[ \t]*\n[ \t]*(?:\n|\Z)", re.M)
_HEADING = re.compile(r"^ ?(?P<eq>(?:= )+)(?P<title>[^=\n][^\n]*?) (?P=eq)?$")
# Tokenisation to undo, as (pattern, replacement): a group named `keep` is what stays.
_JOINERS = re.compile(r" @(?P<keep>[-.,])@ ")
_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'S\b|n't\b|'t\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|' )")
_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")
_QUOTE = re.compile(r'(?:(?<= )|^)"(?= |$)')


def read_wikitext2(
    text: str, source: str, on_error: Callable[[InputError], None] | None = None
) -> Iterator[Article]:
    """Yield one Article per ` = Title = ` article of a WikiText-2 file."""
    titles = list(_TITLE.finditer(text))
    if not titles:
        raise InputError(source, "no ' = Title = ' line: not WikiText-2")
    for i, m in enumerate(titles):
        end = titles[i + 1].start() if i + 1 < len(titles) else len(text)
        raw = text[m.start():end]
        try:
            yield _article(raw, f"{source}#{i + 1}")
        except (ValueError, IndexError) as error:  # lenient: one bad article is skipped
            wrapped = InputError(f"{source}#{i + 1}", f"article not read: {error}")
            if on_error is None:
                raise wrapped from None
            on_error(wrapped)


def _article(raw: str, source: str) -> Article:
    out = Out()
    headings: list[tuple[int, str, int]] = []
    pos = 0
    for line in raw.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        h = _HEADING.match(line)
        if h and line.rstrip().endswith("="):
            level = h.group("eq").count("=")
            title_at = start + h.start("title")
            out.newline(start)
            if headings:
                out.emit("\n", start, mapped=False)
            sub = Out()
            _detokenise(h.group("title"), title_at, sub)
            headings.append((level, " ".join(sub.text().split()), out.length))
            out.extend(sub, strip=True)
            out.emit("\n", start + len(line), mapped=False)
            continue
        out.newline(start)
        if headings and not _prev_blank(out):
            out.emit("\n", start, mapped=False)
        sub = Out()
        _detokenise(line, start, sub)
        out.extend(sub, strip=True)
        out.emit("\n", start + len(line), mapped=False)
    text, source_map, carry = out.finish()
    sections = close_sections([Section(level=level, title=title, start=carry(at), end=len(text))
                               for level, title, at in headings], len(text))
    title = sections[0].title if sections and sections[0].level == 1 else None
    return Article(source=source, format="wikitext2", title=title, text=text,
                   sections=sections, source_map=source_map, raw=raw)


def _prev_blank(out: Out) -> bool:
    t = out.parts[-1] if out.parts else ""
    return t.endswith("\n\n") or not t


def _detokenise(line: str, offset: int, out: Out) -> None:
    """Emit `line` with WikiText-2's tokenisation undone, keeping the source mapping."""
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    for m in _JOINERS.finditer(line):
        edits.append((m.start(), m.end(), m.group("keep")))
    for pattern in (_SPACE_BEFORE, _SPACE_AFTER):
        edits.extend((m.start(), m.end(), "") for m in pattern.finditer(line))
    opening = True
    for m in _QUOTE.finditer(line):  # quotes alternate: no space inside the pair
        if opening and m.end() < len(line):
            edits.append((m.end(), m.end() + 1, ""))
        elif not opening and m.start() > 0:
            edits.append((m.start() - 1, m.start(), ""))
        opening = not opening
    edits.sort()
    cursor = 0
    for start, end, replacement in edits:
        if start < cursor:  # overlaps an edit already made
            continue
        out.emit(line[cursor:start], offset + cursor)
        if replacement:
            at = offset + start + line.find(replacement, start, end) - start
            out.emit(replacement, at if at >= offset + start else offset + start)
        cursor = end
    out.emit(line[cursor:], offset + cursor)
