"""Pandoc-style plain text (the 2019 dump conversion of `../shared/data/articles`) -> Article.

What the conversion left, and how it is read:

- the title is not a line of its own: it is the run of capitals that opens the first sentence
  ("ALBANIA—BRAZIL RELATIONS refer to ..."). The page name that the conversion left on the
  category line ("Albania–Brazil_relations Brazil Category:...") is the exact Wikipedia form
  and wins when present; otherwise the capitals are put back into the case the article itself
  uses for those words, with an en dash between the two sides.
- headings are bare lines between blank lines: after two blank lines a section (level 2),
  after one a subsection (level 3).
- not prose, so put in `excluded`: `[n]` citation markers, ASCII table borders and the `|` of
  table rows, list bullets, URLs, image file names and caption fragments (`...]]`), the
  category line, EasyTimeline source lines.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Article, ListEntry, Section
from .plaintext import close_sections, list_entries, split_citation
from .render import merge_spans

_CAPS_TITLE = re.compile(
    r"(?<![\w–—-])(?P<title>[A-Z][A-Z'’.()]*(?:[ ]?[-–—/ ][ ]?[A-Z][A-Z'’.()]*)*[ ]RELATIONS)\b"
)
_PAGE_NAME = re.compile(r"(?<!\S)(?P<name>[^\s:]+[–—-][^\s:]*_relations)(?!\S)")
_CATEGORY_LINE = re.compile(r"^[^\n]*\bCategory:[^\n]*$", re.M)
_CITATION = re.compile(r"\[\d{1,3}\]")
_TABLE_BORDER = re.compile(r"^[ \t]*\+[-=+:]+\+[ \t\r]*$|^[ \t]*-{3,}(?:[ \t]+-{3,})+[ \t\r]*$", re.M)
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t\r]*$", re.M)
_PIPE = re.compile(r"[ \t]*\|[ \t]*")
_BULLET = re.compile(r"^(?P<bullet>(?:(?:[-*•]|\d{1,3}\.)[ \t]+)+)\S", re.M)
_URL = re.compile(r"\b(?:https?|ftp)://[^\s\]\[<>\"]+|\bwww\.[^\s\]\[<>\"]+")
_IMAGE = re.compile(r"(?<!\S)[^\s\[\]|]+\.(?:jpe?g|png|svg|gif|tiff?)(?!\S)", re.I)
_CAPTION_END = re.compile(r"\]\]")
_OPEN_LINK = re.compile(r"\[\[")
_TIMELINE = re.compile(
    r"^[ \t\xa0]*(?:(?:ImageSize|PlotArea|DateFormat|Period|TimeAxis|AlignBars|ScaleMajor|ScaleMinor"
    r"|Colors|BarData|PlotData|Legend|TextData|LineData)[ \t]*=.*"
    r"|(?:(?:id|value|legend|bar|from|till|color|text|align|mark|shift|fontsize|width|at)"
    r":[^\n]*))$",
    re.M,
)
# After the references only these trailing sections follow; other bare lines there are
# leftovers of the conversion (category names), not headings.
_TRAILING = {"external links", "further reading", "see also", "bibliography", "notes",
             "sources", "references", "citations", "works cited"}
_LOWER_WORDS = {"and", "of", "the", "relations", "de", "du", "la", "le", "del"}

# Pandoc's list items: "-   item", nested ones as "-   -   item".
_PANDOC_BULLET = re.compile(r"^(?:[-*•][ \t]+)+(?P<item>\S[^\n]*?)[ \t\r]*$", re.M)


def read_pandoc(text: str, source: str) -> Article:
    article = Article(source=source, format="plaintext", title=None, text=text)
    excluded = article.excluded
    for pattern in (_CITATION, _TABLE_BORDER, _URL, _IMAGE, _CAPTION_END, _OPEN_LINK,
                    _CATEGORY_LINE, _TIMELINE):
        excluded.extend(m.span() for m in pattern.finditer(text))
    for row in _TABLE_ROW.finditer(text):
        excluded.extend((row.start() + m.start(), row.start() + m.end())
                        for m in _PIPE.finditer(row.group()))
    for b in _BULLET.finditer(text):
        excluded.append(b.span("bullet"))
    excluded.extend(_captions(text))

    caps = _caps_title(text)
    article.title = _title(text, caps, source)
    if article.title is None:
        article.warnings.append("no title: no capitals opening the text, no page name, "
                                "no X-Y_relations file name")
    headings: list[Section] = []
    if caps:
        headings.append(Section(level=1, title=article.title or caps.group("title"),
                                start=caps.start("title"), end=len(text)))
    headings.extend(_headings(text, excluded))
    article.sections = close_sections(headings, len(text))
    article.excluded = merge_spans(excluded)
    article.see_also = [e for e, _ in list_entries(text, article.sections, {"see also"},
                                                   _PANDOC_BULLET)]
    article.bibliography = [split_citation(e) for e, _ in list_entries(
        text, article.sections, {"bibliography", "further reading", "sources"}, _PANDOC_BULLET)]
    return article


def _captions(text: str) -> list[tuple[int, int]]:
    """Image captions the conversion left at the start of a line: `...in July 2006]] Prose`
    (several may follow each other). The span runs from the line start to the last `]]`."""
    spans = []
    for m in re.finditer(r"^[^\n]*?\]\](?:[^\n\[]*?\]\])*", text, re.M):
        if "[[" not in m.group() and m.end() - m.start() < 600:
            spans.append(m.span())
    return spans


def _caps_title(text: str):
    first = text[:1500]
    return _CAPS_TITLE.search(first)


def _title(text: str, caps, source: str) -> str | None:
    names = [m.group("name") for line in _CATEGORY_LINE.findall(text)
             for m in _PAGE_NAME.finditer(line)]
    if names:
        return normalise_title(names[0].replace("_", " "))
    if caps:
        return _recase(caps.group("title"), text)
    stem = source.rsplit("/", 1)[-1]
    m = re.fullmatch(r"(?P<a>.+?)-(?P<b>[^-]+)_relations\.txt", stem)
    if m:
        return normalise_title(f"{m.group('a')}–{m.group('b')} relations".replace("_", " "))
    return None


def normalise_title(title: str) -> str:
    """Wikipedia's form of a relations title: an en dash between the sides, no spaces round it."""
    title = re.sub(r"\s*[—―]\s*|\s+[-–]\s+", "–", title.strip())
    return re.sub(r"\s+", " ", title)


def _recase(caps: str, text: str) -> str:
    """`HONG KONG–ISRAEL RELATIONS` -> `Hong Kong–Israel relations`, in the article's own case."""
    seen: Counter[str] = Counter(re.findall(r"[A-Za-z][\w'’.]*", text))

    def recase(word: str) -> str:
        if not word.isupper() or not any(c.isalpha() for c in word):
            return word
        lower = word.lower()
        if lower in _LOWER_WORDS:
            return lower
        forms = [(n, w) for w, n in seen.items() if w.lower() == lower and not w.isupper()]
        if forms:
            return max(forms)[1]
        if word.strip(".") in seen and len(word) <= 4:  # an acronym written so in the text
            return word
        return word.capitalize()

    parts = re.split(r"([\s–—\-/]+)", caps)
    return normalise_title("".join(recase(p) for p in parts))


def _headings(text: str, excluded: list[tuple[int, int]]) -> list[Section]:
    """Bare lines between blank lines that read as headings, not sentences."""
    sections = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]*", text)
             if m.start() == 0 or text[m.start() - 1] == "\n"]
    blanks = 0
    in_references = False
    for i, (start, line) in enumerate(lines):
        if not line.strip():
            blanks += 1
            continue
        before, blanks = blanks, 0
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if before == 0 and i > 0 or nxt.strip() or not _looks_like_heading(line):
            continue
        if any(s <= start < e for s, e in excluded):
            continue
        title = line.strip()
        if in_references and title.lower() not in _TRAILING:
            continue
        in_references = in_references or title.lower() in ("references", "notes", "citations")
        level = 2 if before >= 2 else 3
        sections.append(Section(level=level, title=line.strip(), start=start, end=len(text)))
    return sections


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 100 or s != line.rstrip() or line[0].isspace():
        return False
    if s[-1] in ".,;:!?]" or s[0] in "-*•|+[(\"'“" or _CITATION.search(s):
        return False
    if not (s[0].isupper() or s[0].isdigit()):
        return False
    if "Category:" in s or _URL.search(s) or "=" in s or _PAGE_NAME.search(s):
        return False
    if s.isupper() and len(s.split()) > 4:  # a table caption in capitals, not a heading
        return False
    words = s.split()
    return len(words) <= 14


