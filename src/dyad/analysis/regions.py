"""Stage 'regions' (see pipeline.py): reads the title, the reader's tables and sections, and
the timexes; writes `doc.dyads` for an overview page ("Foreign relations of X").

Such a page covers one dyad per partner of its subject X: each row of a country table whose
country cell carries a flag template ({{flag|Algeria}}, recorded by the wikitext reader as
`TableCell.flag`), and each section whose heading names a country ("==== China ===="). Each
of those spans becomes a `Region` with the partner's actor id; a row's "relations began" cell
(a column rule of `rules/en/relations/overview.toml`) gives the region's `began`. The
innermost region holding a position is the dyad the text there is about (`Scopes.pair_at`):
the actor stage reads it for "both countries", the event stage for the sides a clause leaves
open. Articles about one dyad ("X–Y relations") get no regions: their pair is the article's.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import RuleError
from ..model import Article, Document, Dyad, Region, RegionDate, Table, TableCell, Timex
from .actors import gazetteer

RULES = "rules/en/relations/overview.toml"
ROLES = ("began", "ended", "recognized")


@dataclass(frozen=True)
class PageRule:
    id: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ColumnRule:
    id: str
    header: re.Pattern[str]
    role: str
    requires: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Rules:
    pages: tuple[PageRule, ...]
    headings: tuple[PageRule, ...]
    columns: tuple[ColumnRule, ...]
    raw: dict


def _compile(rid: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise RuleError(RULES, f"rule {rid!r}: pattern does not compile: {error}") from None


@lru_cache(maxsize=1)
def rules() -> Rules:
    path = resources.files("dyad").joinpath(RULES)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleError(RULES, f"not valid TOML: {error}") from None
    seen: set[str] = set()

    def rid_of(item: dict, kind: str, number: int) -> str:
        rid = item.get("id")
        if not rid:
            raise RuleError(RULES, f"[[{kind}]] rule {number} has no id")
        if rid in seen:
            raise RuleError(RULES, f"duplicate rule id {rid!r}")
        seen.add(rid)
        return rid

    pages, headings, columns = [], [], []
    for kind, out, group in (("page", pages, "subject"), ("heading", headings, "partner")):
        for n, item in enumerate(data.get(kind, []), 1):
            rid = rid_of(item, kind, n)
            if "pattern" not in item:
                raise RuleError(RULES, f"rule {rid!r} lacks 'pattern'")
            pattern = _compile(rid, item["pattern"])
            if group not in pattern.groupindex:
                raise RuleError(RULES, f"rule {rid!r}: the pattern has no group {group!r}")
            out.append(PageRule(rid, pattern))
    for n, item in enumerate(data.get("column", []), 1):
        rid = rid_of(item, "column", n)
        if item.get("role") not in ROLES:
            raise RuleError(RULES, f"rule {rid!r}: role must be one of {', '.join(ROLES)}")
        if "header" not in item:
            raise RuleError(RULES, f"rule {rid!r} lacks 'header'")
        columns.append(ColumnRule(rid, _compile(rid, item["header"]), item["role"],
                                  _compile(rid, item["requires"]) if item.get("requires") else None))
    return Rules(tuple(pages), tuple(headings), tuple(columns), data)


# --- names -------------------------------------------------------------------------------
_KINDS = ("polity", "organization")


@lru_cache(maxsize=1)
def _folded_names() -> dict[str, str]:
    g = gazetteer.load()
    out: dict[str, str] = {}
    for name, aid in g.by_name.items():
        out.setdefault(name.casefold(), aid)
    return out


def name_id(name: str, *, loose: bool = False) -> str | None:
    """The polity or organisation a name (a flag's parameter, a heading) stands for: one of
    its names or aliases, any case. `loose` also takes ISO codes ({{flagicon|USA}})."""
    name = " ".join(name.replace("_", " ").split()).strip(" '\"*")
    if not name:
        return None
    g = gazetteer.load()
    aid = g.by_name.get(name) or _folded_names().get(name.casefold())
    if aid is None and name.endswith(")") and " (" in name:  # "Republic of China (Taiwan)"
        return name_id(name[:name.rindex(" (")], loose=loose)
    if aid is None and loose:
        aid = g.resolve(name)
    entry = g.get(aid) if aid else None
    return aid if entry is not None and entry.kind in _KINDS else None


def subject_of(title: str | None) -> tuple[str | None, str | None]:
    """(the subject's actor id, rule id) of an overview page's title, or (None, None)."""
    for rule in rules().pages:
        m = rule.pattern.fullmatch((title or "").strip())
        if m:
            aid = name_id(m.group("subject")) or name_id(m.group("subject"), loose=True)
            if aid:
                return aid, rule.id
    return None, None


def heading_partner(heading: str, subject: str) -> tuple[str | None, str | None]:
    """(partner id, rule id) of a section heading that names one, else (None, None)."""
    heading = " ".join(heading.split())
    for rule in rules().headings:
        m = rule.pattern.fullmatch(heading)
        if not m:
            continue
        names = [m.group("partner")]
        if "partner2" in rule.pattern.groupindex:  # "A–B relations": the side that is not X
            a, b = name_id(m.group("partner")), name_id(m.group("partner2"))
            names = [] if subject not in (a, b) else [m.group("partner2") if a == subject else m.group("partner")]
        for name in names:
            aid = name_id(name)
            if aid and aid != subject:
                return aid, rule.id
    return None, None


# --- tables --------------------------------------------------------------------------------
def _grid(table: Table) -> tuple[list[list[TableCell]], list[tuple[int, list]]]:
    """The header cells above each column, and the data rows laid out on the table's grid:
    (row index, [cell or None per column]), a rowspan cell repeated in the rows it spans (so
    a partner's second period row keeps its flag) and a colspan cell in each of its columns.
    Header rows are the leading rows of header cells only."""
    carried: dict[int, tuple[TableCell, int]] = {}  # column -> (cell, rows still to span)
    headings: dict[int, list[TableCell]] = {}
    rows: list[tuple[int, list]] = []
    in_header = True
    for ri, row in enumerate(table.rows):
        placed: list[TableCell | None] = []
        cells = iter(row.cells)
        pending = next(cells, None)
        while pending is not None or any(c >= len(placed) for c in carried):
            col = len(placed)
            if col in carried:
                cell, left = carried[col]
                placed.append(cell)
                if left <= 1:
                    del carried[col]
                else:
                    carried[col] = (cell, left - 1)
            elif pending is None:
                placed.append(None)
            else:
                for k in range(pending.colspan):
                    placed.append(pending)
                    if pending.rowspan > 1:
                        carried[col + k] = (pending, pending.rowspan - 1)
                pending = next(cells, None)
        if in_header and row.cells and all(c.header for c in row.cells):
            for i, cell in enumerate(placed):
                if cell is not None and cell.header and cell not in headings.get(i, []):
                    headings.setdefault(i, []).append(cell)
            continue
        in_header = False
        rows.append((ri, placed))
    width = max([len(p) for _, p in rows] + [max(headings, default=-1) + 1])
    return [headings.get(i, []) for i in range(width)], rows


def _column_rules(text: str, heading_cells: list[list[TableCell]]) -> dict[int, ColumnRule]:
    """The dated columns of a table: column index -> the first column rule its heading meets."""
    names = [re.sub(r"\[\d+\]", "", " ".join(" ".join(text[c.start:c.end].split())
                                              for c in cells).lower()).strip()
             for cells in heading_cells]
    roles: dict[int, ColumnRule] = {}
    for rule in rules().columns:
        for i, name in enumerate(names):
            if i in roles or not name or not rule.header.search(name):
                continue
            if rule.requires is not None and not any(
                    rule.requires.search(o) for j, o in enumerate(names) if j != i):
                continue
            roles[i] = rule
    return roles


def _first_date(timexes: list[Timex], starts: list[int], start: int, end: int) -> Timex | None:
    i = bisect.bisect_left(starts, start)
    while i < len(timexes) and timexes[i].start < end:
        t = timexes[i]
        if t.type == "DATE" and re.match(r"\d", t.value or ""):
            return t
        i += 1
    return None


def _table_regions(doc: Document, table: Table, subject: str, timexes: list[Timex],
                   starts: list[int]) -> list[Region]:
    text = doc.text
    heading_cells, rows = _grid(table)
    roles = _column_rules(text, heading_cells)
    flag_cols = sorted({i for _, placed in rows for i, c in enumerate(placed) if c is not None and c.flag})
    out: list[Region] = []
    for ri, placed in rows:
        row = table.rows[ri]
        own = {id(c) for c in row.cells}
        partner, how = None, None
        for cell in placed:
            if cell is not None and cell.flag:
                partner = name_id(cell.flag, loose=True)
                how = "regions.row.flag" if id(cell) in own else "regions.row.rowspan"
                break
        if partner is None:  # "[[Kosovo]]" in the column the other rows flag
            for i in flag_cols:
                cell = placed[i] if i < len(placed) else None
                if cell is not None and id(cell) in own:
                    partner, how = name_id(text[cell.start:cell.end]), "regions.row.name"
                    break
        if partner is None or partner == subject:
            continue
        region = Region(row.start, row.end, "row", partner, rule=how)
        for i, rule in sorted(roles.items()):
            cell = placed[i] if i < len(placed) else None
            if cell is None or id(cell) not in own:
                continue
            t = _first_date(timexes, starts, cell.start, cell.end)
            if t is None:
                continue
            region.dates.append(RegionDate(rule.role, t.value, t.id, f"regions.column.{rule.id}"))
            if rule.role == "began" and region.began is None:
                region.began = t.value
            elif rule.role == "ended":
                region.ended = t.value
        out.append(region)
    return out


# --- the stage -----------------------------------------------------------------------------
def run(doc: Document) -> None:
    subject, page_rule = subject_of(doc.article.title)
    if subject is None:
        return
    timexes = sorted(doc.timexes, key=lambda t: t.start)
    starts = [t.start for t in timexes]
    regions: list[Region] = []
    for sec in doc.article.sections:
        if sec.level < 2:
            continue
        partner, rule = heading_partner(sec.title, subject)
        if partner:
            regions.append(Region(sec.start, sec.end, "section", partner, rule=f"regions.{rule}"))
    for table in doc.article.tables:
        regions.extend(_table_regions(doc, table, subject, timexes, starts))
    by_partner: dict[str, Dyad] = {}
    for r in sorted(regions, key=lambda r: r.start):
        d = by_partner.get(r.partner)
        if d is None:
            d = by_partner[r.partner] = Dyad(party1=subject, party2=r.partner, rule=page_rule)
        d.regions.append(r)
    for d in by_partner.values():
        d.began = earliest_value([r.began for r in d.regions if r.began])
    doc.dyads = list(by_partner.values())


def earliest_value(values: list[str]) -> str | None:
    """The earliest of TIMEX3 values; a more precise value inside it ("1992-03" and
    "1992-03-09") is preferred, as the same claim told more exactly."""
    from .temporal import interval

    spans = [(interval(v)[0] or "9999", interval(v)[1] or "9999", v) for v in values]
    if not spans:
        return None
    lo, hi, best = min(spans, key=lambda s: (s[0], -len(s[2])))
    inside = [v for a, b, v in spans if lo <= a and b <= hi]
    return max(inside, key=len) if inside else best


class Scopes:
    """The dyad the text is about at each position: the article's pair, or the innermost
    region's (subject, partner) on an overview page."""

    def __init__(self, doc: Document, pair: tuple[str, str] | None = None) -> None:
        self.pair = pair
        self.pairs: list[tuple[str, str]] = []
        self.regions: list[Region] = []
        self._paint: array | None = None
        if pair is not None or not doc.dyads:
            return
        # Paint each region's index over its span, outer sections first, rows last: the
        # innermost region wins at every position.
        paint = array("i", [-1]) * (len(doc.text) + 1)
        ordered = sorted(((d, r) for d in doc.dyads for r in d.regions),
                         key=lambda dr: (dr[1].kind == "row", -(dr[1].end - dr[1].start)))
        for d, r in ordered:
            k = len(self.regions)
            self.regions.append(r)
            self.pairs.append((d.party1, d.party2))
            n = max(0, min(r.end, len(doc.text)) - r.start)
            paint[r.start:r.start + n] = array("i", [k]) * n
        self._paint = paint

    def pair_at(self, pos: int) -> tuple[str, str] | None:
        if self.pair is not None or self._paint is None:
            return self.pair
        if not 0 <= pos < len(self._paint):
            return None
        k = self._paint[pos]
        return self.pairs[k] if k >= 0 else None

    def region_at(self, pos: int) -> Region | None:
        if self._paint is None or not 0 <= pos < len(self._paint):
            return None
        k = self._paint[pos]
        return self.regions[k] if k >= 0 else None


def scopes(doc: Document) -> Scopes:
    from .actors import parties

    return Scopes(doc, parties(doc.article)[0])


def is_overview(article: Article) -> bool:
    return subject_of(article.title)[0] is not None
