"""Plain-text articles -> Article. `text` is always the decoded input, unchanged, so every
offset indexes the file itself.

Two renderings are read:

- the seed's (`= Title =`, an `Infobox` block of `- Key: Value` lines where `None` means no
  value, `==` to `====` headings, `- ` list items), also used by the conflict excerpts;
- the pandoc-style plain text of the 2019 dump conversion (title in capitals in the first
  sentence, headings as bare lines, `[n]` citation markers, ASCII tables): see `pandoc.py`.

Markup that is not prose goes to `Article.excluded`: the infobox block, heading markup (`==`,
not the heading's words, which may hold a date), list bullets.
"""

from __future__ import annotations

import re

from ..model import Article, Infobox, ListEntry, Section

_TITLE = re.compile(r"\A(\ufeff?)(=)[ \t]*(?P<title>[^=\n]+?)[ \t]*=[ \t\r]*$", re.M)
_HEADING = re.compile(r"^(?P<open>(?P<eq>={1,6})[ \t]*)(?P<title>[^=\n]*?[^=\s][^=\n]*?)(?P<close>[ \t]*(?P=eq)[ \t\r]*)$", re.M)
_INFOBOX_START = re.compile(r"^Infobox(?:[ \t]+(?P<name>[^\n]*?))?[ \t\r]*$", re.M)
_FIELD = re.compile(r"^- (?P<key>[A-Za-z][\w ]*?)[ \t]*:[ \t]?(?P<value>[^\n\r]*)\r?$")
_BULLET = re.compile(r"^(?P<bullet>[-*•][ \t]+)(?P<item>\S[^\n]*?)[ \t\r]*$", re.M)
_SEE_ALSO = {"see also", "related articles"}
_BIBLIOGRAPHY = {"bibliography", "further reading", "sources", "works cited", "literature"}
# `de Waal, Thomas. "Black Garden: ..."`, `Azzi, Stephen. _Reconcilable Differences_ (2014)`,
# `de Waal, Thomas (2003). "Black Garden"`: the author runs to the first ". " before a title.
_CITATION = re.compile(
    r"^(?P<author>[^\"“”_]+?)(?:\s*\((?P<year>[^)]*)\))?"
    r"(?:\.\s+(?:\"(?P<quoted>[^\"]+)\"|“(?P<curly>[^”]+)”|_(?P<italic>[^_]+)_)"
    r"|,\s+(?:\"(?P<quoted2>[^\"]+)\"|“(?P<curly2>[^”]+)”))"  # `Dixon, Jeffrey C., "Title,"`
)
_NULLS = {"none", "null", "n/a", "—", "-", ""}


def is_seed_rendering(text: str) -> bool:
    return bool(_TITLE.match(text))


def read_plaintext(text: str, source: str) -> Article:
    """Either rendering, told apart by the `= Title =` first line."""
    if not is_seed_rendering(text):
        from .pandoc import read_pandoc

        return read_pandoc(text, source)
    return read_seed(text, source)


def read_seed(text: str, source: str) -> Article:
    article = Article(source=source, format="plaintext", title=None, text=text)
    m = _TITLE.match(text)
    if m:
        article.title = m.group("title").strip()
    article.infobox = _infobox(text, article)
    headings = []
    for h in _HEADING.finditer(text):
        if article.infobox and article.infobox.start <= h.start() < article.infobox.end:
            continue
        level = len(h.group("eq"))
        title = h.group("title").strip()
        headings.append(Section(level=level, title=title, start=h.start(), end=len(text)))
        article.excluded.append((h.start(), h.start("title")))
        article.excluded.append((h.end("title"), h.end()))
    article.sections = close_sections(headings, len(text))
    for b in _BULLET.finditer(text):
        if article.infobox and article.infobox.start <= b.start() < article.infobox.end:
            continue
        article.excluded.append(b.span("bullet"))
    article.excluded.sort()
    article.see_also = [entry for entry, _ in list_entries(text, article.sections, _SEE_ALSO)]
    article.bibliography = [split_citation(entry) for entry, _ in
                            list_entries(text, article.sections, _BIBLIOGRAPHY)]
    return article


def _infobox(text: str, article: Article) -> Infobox | None:
    """The `Infobox` line and the `- Key: Value` lines under it, up to a blank line."""
    m = _INFOBOX_START.search(text, 0, 4096 if len(text) > 4096 else len(text))
    if not m:
        return None
    fields: dict[str, str | None] = {}
    pos = m.end() + 1
    end = m.end()
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl
        line = text[pos:line_end]
        f = _FIELD.match(line)
        if not f:
            if line.strip():
                article.warnings.append(f"infobox line not read: {line[:60]!r}")
            break
        value = f.group("value").strip()
        fields[f.group("key").strip()] = None if value.lower() in _NULLS else value
        end = line_end
        pos = line_end + 1
    template = "bilateral relations" if _is_bilateral(fields) else (
        (m.group("name") or "").strip().lower() or "infobox")
    article.excluded.append((m.start(), end))
    return Infobox(template=template, fields=fields, start=m.start(), end=end)


def _is_bilateral(fields: dict[str, str | None]) -> bool:
    """Template:Infobox bilateral relations numbers its sides: Party1/2, Mission1/2, Envoy1/2."""
    keys = {k.lower() for k in fields}
    return bool(keys & {"party1", "party2", "mission1", "mission2", "envoy1", "envoy2"})


def close_sections(sections: list[Section], length: int) -> list[Section]:
    """Each section ends where the next heading of the same or a higher level starts."""
    for i, sec in enumerate(sections):
        sec.end = length
        for later in sections[i + 1:]:
            if later.level <= sec.level:
                sec.end = later.start
                break
    return sections


def list_entries(text: str, sections: list[Section], names: set[str], bullet: re.Pattern = _BULLET):
    """(ListEntry, section) for every list item directly under a section with one of `names`.

    `bullet` matches one item line with its text in the group `item` (readers of other
    plain-text styles pass their own)."""
    for sec in sections:
        if sec.title.strip().lower() not in names:
            continue
        body_start = text.find("\n", sec.start)
        if body_start < 0:
            continue
        body_end = sec.end
        for later in sections:  # stop at a subsection
            if sec.start < later.start < body_end:
                body_end = later.start
        for b in bullet.finditer(text, body_start, body_end):
            item = b.group("item")
            yield ListEntry(text=item, start=b.start("item"), end=b.end("item")), sec


def split_citation(entry: ListEntry, line: str | None = None) -> ListEntry:
    """Author and title of a bibliography line, when it has the usual shape. `line` is the
    same entry with its title marked (`_Title_` or quotes) when `entry.text` lost the marks
    (wikitext italics)."""
    m = _CITATION.match(line if line is not None else entry.text)
    if m:
        title = next((g for g in m.group("quoted", "curly", "italic", "quoted2", "curly2") if g), "")
        title = title.strip()
        title = title.rstrip(",.;: ")
        author = m.group("author").strip().rstrip(",")
        if re.search(r"\b[A-Z]$", author):  # "Granatstein, J. L." keeps its initial's period
            author += "."
        entry.author = author or None
        entry.title = title or None
    else:
        entry.title = entry.text
    return entry
