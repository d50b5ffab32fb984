"""MediaWiki wikitext -> Article, with mwparserfromhell.

The rendered `text` is what a reader sees on the page: links as their label, date templates as
their date, wikitables as one line per row with cells joined by " | ", headings as bare lines.
References, files, categories, comments and templates that are not prose (citations, hatnotes,
navboxes) are dropped. `source_map` maps every rendered character back to the wikitext, so a
fact found in `text` can be shown in its source.

`{{Infobox bilateral relations}}` (and its aliases `Infobox Bilateral`, `Bilateral`, any case)
becomes `Article.infobox`, named or positional (Title, Party1, Party2; with only two positional
parameters, Party1 and Party2).

The dumps reader calls `parse_wikitext(wikitext, source, title)` for each page.
"""

from __future__ import annotations

import re

from mwparserfromhell.nodes import (
    Argument, Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from ..model import Article, Infobox, ListEntry, Section, Table, TableCell, TableRow
from .plaintext import close_sections
from .render import Out, merge_spans
from .wikitext_build import parse as parse_tree
from .wikitext_prepare import sections_of, strip_notes, uncut
from .wikitext_templates import flag_rules, format_date, template_key, template_rules


# Tags whose content is not prose: dropped with their content.
_DROP_TAGS = frozenset({
    "ref", "references", "gallery", "math", "chem", "score", "timeline", "imagemap",
    "syntaxhighlight", "source", "templatestyles", "graph", "mapframe", "maplink",
    "includeonly", "indicator", "categorytree", "inputbox", "hiero",
})
_BLOCK_TAGS = frozenset({"p", "div", "blockquote", "center", "poem", "ul", "ol", "dl", "hr"})
_FILE_PREFIX = re.compile(r"\s*(file|image|media|category)\s*:", re.I)  # ":Category:X" is a link
_MAGIC_WORD = re.compile(r"__[A-Z]+__")
_DMY = re.compile(r"\{\{\s*use dmy dates", re.I)


def title_from_filename(filename: str) -> str:
    """`Foreign_relations_of_Georgia__country_.wiki` -> `Foreign relations of Georgia (country)`."""
    stem = filename.rsplit("/", 1)[-1]
    stem = re.sub(r"\.(wiki|txt|mediawiki|wikitext)$", "", stem, flags=re.I)
    stem = re.sub(r"__([^_]+(?:_[^_]+)*)_$", r" (\1)", stem)
    return stem.replace("_", " ").strip()


def parse_wikitext(wikitext: str, source: str, title: str | None) -> Article:
    """Render one page of wikitext to an Article (never raises on malformed markup)."""
    # References and comments are dropped anyway; cutting them before parsing halves the
    # parser's work on citation-heavy pages. `cuts` carries offsets back to `wikitext`.
    stripped, cuts = strip_notes(wikitext)
    renderer = _Renderer(wikitext)
    try:
        # Section by section: one unbalanced '' or {{ in "Further reading" can otherwise make
        # the parser give up on a table a hundred kilobytes earlier.
        chunks = [(parse_tree(chunk), at) for chunk, at in sections_of(stripped)]
        if sum(renderer.code_size(code) for code, _ in chunks) != len(stripped):
            renderer = _Renderer(wikitext, fast=False)  # lengths from str(): slower, exact
        for code, at in chunks:
            renderer.code(code, at, renderer.out)
    except Exception as error:  # noqa: BLE001 - lenient: a parser failure keeps the raw text
        renderer = _Renderer(wikitext)
        stripped, cuts = wikitext, ([], [])
        renderer.out.emit(wikitext, 0)
        renderer.warnings.append(f"wikitext could not be parsed ({error}); kept as raw text")
    text, source_map, carry = renderer.out.finish()
    source_map = uncut(source_map, cuts, len(text))
    sections = _sections(renderer.headings, carry, len(text))
    tables = [_carried(t, carry) for t in renderer.tables]
    excluded = merge_spans([(carry(s), carry(e)) for s, e in renderer.out.excluded])
    article = Article(
        source=source,
        format="wikitext",
        title=title,
        text=text,
        infobox=renderer.infobox,
        sections=sections,
        excluded=excluded,
        source_map=source_map,
        raw=wikitext,
        warnings=renderer.warnings,
        tables=tables,
    )
    article.see_also = _see_also(article)
    article.bibliography = _bibliography(article)
    if not text.strip():
        article.warnings.append("the page renders to no text (only templates or markup)")
    return article


class _Renderer:
    def __init__(self, wikitext: str, *, fast: bool = True) -> None:
        self.out = Out()
        # Offsets need every node's length. str(node) rebuilds a node's whole subtree each
        # time, so nested tables would be stringified once per level; `size` adds up cached
        # child lengths instead (checked against the source length before use).
        self.fast = fast
        self._sizes: dict[int, int] = {}
        self._opens: dict[int, int] = {}  # a tag's opening-markup length, found by `size`
        self.dmy = bool(_DMY.search(wikitext))
        self.infobox: Infobox | None = None
        self.headings: list[tuple[int, str, int]] = []  # (level, title, offset before tidying)
        self.warnings: list[str] = []
        self.rules = template_rules()
        self.flags = flag_rules()
        # Wikitables of the page (offsets before tidying; `parse_wikitext` carries them over).
        self.tables: list[Table] = []
        # While a table cell renders: the countries its flag templates name; a flag that is
        # only an image waits for the cell's next wikilink (`_flag_link`).
        self._cell_flags: list[str] | None = None
        self._flag_link = False

    # -- dispatch ------------------------------------------------------------------------
    def code(self, code: Wikicode, offset: int, out: Out) -> None:
        for node in code.nodes:
            if type(node) is Text:  # most nodes: no size lookup, no dispatch
                value = node.value
                self.text(value, offset, out)
                offset += len(value)
                continue
            n = self.size(node)
            if isinstance(node, Wikilink):
                self.wikilink(node, offset, out)
            elif isinstance(node, Template):
                self.template(node, offset, out)
            elif isinstance(node, Tag):
                self.tag(node, n, offset, out)
            elif isinstance(node, Heading):
                self.heading(node, n, offset, out)
            elif isinstance(node, ExternalLink):
                self.external_link(node, str(node), offset, out)
            elif isinstance(node, HTMLEntity):
                out.emit(node.normalize(), offset, mapped=False)
            elif isinstance(node, (Comment, Argument)):
                pass
            elif isinstance(node, Text):
                self.text(node.value, offset, out)
            else:  # unknown node type: keep its text
                out.emit(str(node), offset)
            offset += n

    def size(self, node) -> int:
        """len(str(node)), from cached child lengths where that is cheaper."""
        if not self.fast:
            return len(str(node))
        if type(node) is Text:
            return len(node.value)
        key = id(node)
        cached = self._sizes.get(key)
        if cached is not None:
            return cached
        if isinstance(node, Text):
            n = len(node.value)
        elif isinstance(node, Tag) and not node.self_closing and node.contents is not None:
            opening = self._opens[key] = _open_len(node)
            n = opening + self.code_size(node.contents) + _close_len(node)
        elif type(node) is Template:  # "{{" name ("|" [key "="] value)* "}}"
            n = 4 + self.code_size(node.name)
            for p in node.params:
                n += 1 + self.code_size(p.value) + (self.code_size(p.name) + 1 if p.showkey else 0)
        elif type(node) is Wikilink:  # "[[" title ["|" text] "]]"
            n = 4 + self.code_size(node.title)
            if node.text is not None:
                n += 1 + self.code_size(node.text)
        elif type(node) is Comment:  # "<!--" contents "-->"
            n = 7 + len(node.contents)
        else:
            n = len(str(node))
        self._sizes[key] = n
        return n

    def code_size(self, code: Wikicode) -> int:
        """len(str(code)), by `size`."""
        n = 0
        for node in code.nodes:
            n += len(node.value) if type(node) is Text else self.size(node)
        return n

    def text(self, value: str, offset: int, out: Out) -> None:
        if "__" in value and _MAGIC_WORD.search(value):
            last = 0
            for m in _MAGIC_WORD.finditer(value):
                out.emit(value[last:m.start()], offset + last)
                last = m.end()
            out.emit(value[last:], offset + last)
        else:
            out.emit(value, offset)

    # -- links -----------------------------------------------------------------------------
    def wikilink(self, node: Wikilink, offset: int, out: Out) -> None:
        title = str(node.title)
        if _FILE_PREFIX.match(title):
            return  # files, images and categories are not prose
        if self._flag_link and self._cell_flags is not None:
            self._flag_link = False
            self._cell_flags.append(" ".join(title.split("#")[0].replace("_", " ").split()))
        if node.text is not None:
            self.code(node.text, offset + 2 + len(title) + 1, out)
        else:  # [[:Category:X]] links to the category page: shown without the colon
            sub = Out()
            self.code(node.title, offset + 2, sub)
            out.extend(sub, lead=" :")

    def external_link(self, node: ExternalLink, s: str, offset: int, out: Out) -> None:
        if not node.brackets:
            out.emit(s, offset)
        elif node.title is not None and str(node.title).strip():
            t = str(node.title)
            self.code(node.title, offset + len(s) - 1 - len(t), out)
        # a bare [http://...] renders as a footnote number: not prose, dropped

    # -- headings --------------------------------------------------------------------------
    def heading(self, node: Heading, n: int, offset: int, out: Out) -> None:
        out.newline(offset)
        if out.length and not out.text().endswith("\n\n"):  # a heading stands apart
            out.emit("\n", offset, mapped=False)
        sub = Out()
        self.code(node.title, offset + node.level, sub)
        title = " ".join(sub.text().split())
        self.headings.append((node.level, title, out.length))
        out.extend(sub, strip=True)
        out.emit("\n", offset + n - 1, mapped=False)

    # -- templates -------------------------------------------------------------------------
    def template(self, node: Template, offset: int, out: Out) -> None:
        key = template_key(str(node.name))
        if self._cell_flags is not None and key in self.flags:
            self.flag(node, self.flags[key])
        renderer = self.rules.get(key)
        if renderer is None:
            return
        params = []  # (param, value offset)
        cursor = offset + 2 + len(str(node.name))
        for p in node.params:
            cursor += 1  # the "|"
            value_at = cursor + (len(str(p.name)) + 1 if p.showkey else 0)
            params.append((p, value_at))
            cursor += len(str(p))
        positional = [(p, at) for p, at in params if not p.showkey]
        named = {str(p.name).strip().lower(): (p, at) for p, at in params if p.showkey}

        if renderer == "infobox":
            if self.infobox is None:
                self.infobox = self.infobox_fields(params)
            return
        if renderer.startswith("literal:"):
            out.emit(renderer[len("literal:"):], offset, mapped=False)
        elif renderer == "break":
            out.emit("\n\n", offset, mapped=False)
        elif renderer in ("param1", "param2"):
            index = int(renderer[-1]) - 1
            if len(positional) > index:
                self.param(positional[index], out)
        elif renderer == "circa":
            out.emit("c. ", offset, mapped=False)
            if positional:
                self.param(positional[0], out)
        elif renderer == "date":
            self.date(positional, named, offset, out)
        elif renderer in ("join", "range", "quantity"):
            chosen = positional if renderer == "join" else positional[:2]
            sep = "–" if renderer == "range" else " "
            for i, pa in enumerate(p for p in chosen if str(p[0].value).strip()):
                if i:
                    out.emit(sep, offset, mapped=False)
                self.param(pa, out)

    def flag(self, node: Template, kind: str) -> None:
        """Note the country a flag template names in the table cell being rendered."""
        if kind == "next-link":
            self._flag_link = True
            return
        first = next((p for p in node.params if not p.showkey), None)
        if first is not None:
            name = " ".join(str(first.value).replace("_", " ").split())
            if name and "{" not in name:
                assert self._cell_flags is not None
                self._cell_flags.append(name)

    def param(self, param_at, out: Out) -> None:
        p, at = param_at
        sub = Out()
        self.code(p.value, at, sub)
        out.extend(sub, strip=True)

    def plain(self, param_at) -> str:
        sub = Out()
        self.code(param_at[0].value, param_at[1], sub)
        return " ".join(sub.text().split())

    def date(self, positional, named, offset: int, out: Out) -> None:
        values = [self.plain(p) for p in positional[:3]]
        y, m, d = (values + ["", "", ""])[:3]
        if re.fullmatch(r"\d{1,4}", y) and (not m or re.fullmatch(r"\d{1,2}", m)):
            month = int(m) if m else 0
            day = int(d) if re.fullmatch(r"\d{1,2}", d or "") else 0
            if month and not 1 <= month <= 12:
                self.warnings.append(f"date template with month {m!r} kept as written")
                text = " ".join(v for v in values if v)
            else:
                dmy = self.dmy or named.get("df") is not None and self.plain(named["df"]) in ("y", "yes")
                text = format_date(int(y), month, day, dmy)
            out.emit(text, offset, mapped=False)
            return
        # written out already ("28 December 1913"): keep the source's own characters
        for i, pa in enumerate(p for p in positional if str(p[0].value).strip()):
            if i:
                out.emit(" ", offset, mapped=False)
            self.param(pa, out)

    def infobox_fields(self, params) -> Infobox:
        """Named fields as written; positional ones as the template reads them:
        `{{Infobox bilateral relations|Danish-Fijian|Denmark|Fiji}}` is Title, Party1, Party2,
        and the two-parameter shorthand `{{Bilateral|Denmark|Fiji}}` is Party1, Party2."""
        positional = sum(1 for p, _ in params if not p.showkey)
        names = ({"1": "Party1", "2": "Party2"} if positional == 2
                 else {"1": "Title", "2": "Party1", "3": "Party2"})
        fields: dict[str, str | None] = {}
        for p, at in params:
            name = str(p.name).strip()
            if not p.showkey:
                name = names.get(name, name)
            # Keys as the plain-text renderings write them (Party1, Mission1, Envoytitle1,
            # Map): the template's own names with a capital, so every reader gives one form.
            name = name[:1].upper() + name[1:]
            value = self.plain((p, at))
            fields[name] = value or None
        return Infobox(template="bilateral relations", fields=fields)

    # -- tags ------------------------------------------------------------------------------
    def tag(self, node: Tag, n: int, offset: int, out: Out) -> None:
        name = str(node.tag).strip().lower()
        if name in _DROP_TAGS:
            return
        if name == "br":
            out.emit("\n", offset, mapped=False)
            return
        if name == "li":
            out.newline(offset)
            out.emit(str(node), offset, excluded=True)
            return
        if name in ("dt", "dd"):
            if node.wiki_markup:  # ";" / ":" markers
                out.newline(offset)
                return
        if name == "table":
            self.table(node, n, offset, out)
            return
        contents, at = self.contents(node, offset)
        if contents is None:
            return
        block = name in _BLOCK_TAGS
        if block:
            out.newline(offset)
        self.code(contents, at, out)
        if block:
            out.newline(offset + n)

    def contents(self, node: Tag, offset: int) -> tuple[Wikicode | None, int]:
        if node.self_closing or node.contents is None:
            return None, offset
        opening = self._opens.get(id(node)) if self.fast else None
        return node.contents, offset + (_open_len(node) if opening is None else opening)

    def table(self, node: Tag, n: int, offset: int, out: Out) -> None:
        contents, at = self.contents(node, offset)
        if contents is None:
            return
        rows: list[list[tuple[Tag, int]]] = []
        loose: list[tuple[Tag, int]] = []  # cells before the first "|-"
        cursor = at
        for child in contents.nodes:
            if isinstance(child, Tag):
                tag = str(child.tag).strip().lower()
                if tag == "tr":
                    if loose:
                        rows.append(loose)
                        loose = []
                    rows.append(self.cells(child, cursor))
                elif tag in ("td", "th", "caption"):
                    if child.wiki_markup == "|+":  # caption: a row of its own
                        rows.append([(child, cursor)])
                    else:
                        loose.append((child, cursor))
            cursor += self.size(child)
        if loose:
            rows.append(loose)
        out.newline(offset)
        # Only a table of the page's own text is recorded: one inside a cell or a template
        # parameter renders into a buffer whose offsets are not the page's.
        table = Table(out.length, out.length) if out is self.out else None
        saved = self._cell_flags, self._flag_link
        for row in rows:
            rendered = []
            for cell, cat in row:
                sub = Out()
                self._cell_flags, self._flag_link = [], False
                ccontents, cc_at = self.contents(cell, cat)
                if ccontents is not None:
                    self.code(ccontents, cc_at, sub)
                rendered.append((sub, cell, self._cell_flags))  # empty cells too: columns stay aligned
            self._cell_flags, self._flag_link = saved
            if not any(sub.text().strip() for sub, _, _ in rendered):
                continue
            record = TableRow(out.length, out.length)
            for i, (sub, cell, flags) in enumerate(rendered):
                if i:
                    out.emit(" | ", cat, mapped=False, excluded=True)
                start = out.length
                out.extend(sub, strip=True)
                if i == 0 and table is not None and not table.rows and _caption(cell, sub):
                    continue  # a caption is no cell of the table's grid
                if not record.cells:
                    record.start = start
                record.cells.append(TableCell(
                    start, out.length, header=str(cell.tag).strip().lower() == "th",
                    flag=flags[0] if flags else None,
                    rowspan=_span(cell, "rowspan"), colspan=_span(cell, "colspan")))
            record.end = out.length
            if table is not None and record.cells:
                table.rows.append(record)
            out.emit("\n", offset, mapped=False)
        if table is not None and table.rows:
            table.start, table.end = table.rows[0].start, table.rows[-1].end
            self.tables.append(table)
        out.newline(offset + n)

    def cells(self, row: Tag, offset: int) -> list[tuple[Tag, int]]:
        contents, at = self.contents(row, offset)
        cells: list[tuple[Tag, int]] = []
        if contents is None:
            return cells
        for child in contents.nodes:
            if isinstance(child, Tag) and str(child.tag).strip().lower() in ("td", "th"):
                cells.append((child, at))
            at += self.size(child)
        return cells


def _caption(cell: Tag, rendered: Out) -> bool:
    """A table's caption ("|+ States with ..."; the tokenizer reads it as a cell "+ ...")."""
    return cell.wiki_markup == "|+" or (str(cell.tag).strip().lower() == "td"
                                        and rendered.text().lstrip().startswith("+"))


def _span(cell: Tag, name: str) -> int:
    """A cell's rowspan / colspan attribute (1 when absent or not a number)."""
    if not cell.attributes:
        return 1
    for a in cell.attributes:
        if str(a.name).strip().lower() == name and a.value is not None:
            m = re.match(r"\s*(\d+)", str(a.value))
            if m and 0 < int(m.group(1)) < 1000:
                return int(m.group(1))
    return 1


def _carried(table: Table, carry) -> Table:
    """A table with its offsets carried over the rendering's whitespace tidying."""
    rows = [TableRow(carry(r.start), carry(r.end),
                     [TableCell(carry(c.start), carry(c.end), c.header, c.flag, c.rowspan, c.colspan)
                      for c in r.cells]) for r in table.rows]
    return Table(carry(table.start), carry(table.end), rows)


def _open_len(node: Tag) -> int:
    """Length of a tag's opening markup, as Tag.__str__ writes it."""
    attrs = sum(len(str(a)) for a in node.attributes) if node.attributes else 0
    padding = len(node.padding or "")
    if node.wiki_markup:
        return len(node.wiki_markup) + attrs + padding + len(node.wiki_style_separator or "")
    return (2 if node.invalid else 1) + len(str(node.tag)) + attrs + padding + 1


def _close_len(node: Tag) -> int:
    if node.wiki_markup:
        return len(node.closing_wiki_markup or "")
    return 3 + len(str(node.closing_tag))


def _sections(headings, carry, length: int) -> list[Section]:
    return close_sections([Section(level=level, title=title, start=carry(at), end=length)
                           for level, title, at in headings], length)




def _see_also(article: Article) -> list[ListEntry]:
    """The items of a "See also" section, one per line."""
    entries: list[ListEntry] = []
    for sec in article.sections:
        if sec.title.strip().lower() != "see also":
            continue
        pos = article.text.find("\n", sec.start)
        pos = sec.end if pos < 0 else pos + 1
        for m in re.finditer(r"^(?:[*#]\s*)?(.+?)\s*$", article.text[pos:sec.end], re.M):
            item = m.group(1)
            if item:
                start = pos + m.start(1)
                entries.append(ListEntry(text=item, start=start, end=start + len(item)))
    return entries


_BIBLIOGRAPHY = {"bibliography", "further reading", "sources", "works cited", "literature"}
_RAW_LINK = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]")
_RAW_EXTERNAL = re.compile(r"\[(?:https?:)?//\S+\s*([^\]]*)\]")
_RAW_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_RAW_TAG = re.compile(r"<ref[^>]*/>|<ref.*?</ref>|<[^>]+>", re.S)


def _bibliography(article: Article) -> list[ListEntry]:
    """List items under Bibliography / Further reading / Sources, split into author and title.
    The rendering drops the italics that mark a title, so each item is split on its source
    line (found through the source map) with `''Title''` read as `_Title_`."""
    from .plaintext import split_citation
    from .render import source_offset

    text, raw = article.text, article.raw or ""
    entries: list[ListEntry] = []
    for sec in article.sections:
        if sec.title.strip().lower() not in _BIBLIOGRAPHY:
            continue
        for m in re.finditer(r"^[*#][ \t]*(?P<item>\S[^\n]*?)[ \t]*$", text[sec.start:sec.end], re.M):
            start = sec.start + m.start("item")
            entry = ListEntry(text=m.group("item"), start=start, end=start + len(m.group("item")))
            at = source_offset(article.source_map or [], start)
            line = raw[raw.rfind("\n", 0, at) + 1:(raw.find("\n", at) + 1 or len(raw) + 1) - 1]
            for pattern, keep in ((_RAW_TAG, ""), (_RAW_TEMPLATE, ""), (_RAW_LINK, r"\1"),
                                  (_RAW_EXTERNAL, r"\1")):
                line = pattern.sub(keep, line)
            line = line.lstrip("*#: ").replace("'''", "").replace("''", "_")
            entries.append(split_citation(entry, line))
    return entries
