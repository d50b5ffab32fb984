"""Events told by table rows ("High level visits": guest | host | place | date), by the
table rules of `rules/en/events/tables.toml`. Plain-text renderings draw tables as ASCII
grids: the header is the first `|` line of the grid, the cells of a row lie between its `|`s."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ...errors import RuleError
from ...model import Timex


@dataclass(frozen=True)
class TableRule:
    id: str
    type: str
    plover: str | None
    source: tuple[str, ...]
    target: tuple[str, ...]
    date: tuple[str, ...]


@lru_cache(maxsize=1)
def rules() -> tuple[TableRule, ...]:
    path = resources.files("dyad.rules.en").joinpath("events").joinpath("tables.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleError("rules/en/events/tables.toml", f"not valid TOML: {error}") from None
    return tuple(TableRule(t["id"], t["type"], t.get("plover") or None, tuple(t["source_columns"]),
                           tuple(t.get("target_columns", ())), tuple(t["date_columns"]))
                 for t in data.get("table", []))


@dataclass
class Row:
    rule: TableRule
    source: tuple[int, int] | None  # span of the source cell's text
    target: tuple[int, int] | None
    date: tuple[int, int] | None


def _cells(text: str, ls: int, line: str) -> list[tuple[int, int]]:
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    out = []
    for a, b in zip(bars, bars[1:]):
        seg = line[a + 1:b]
        strip_l = len(seg) - len(seg.lstrip())
        content = seg.strip()
        out.append((ls + a + 1 + strip_l, ls + a + 1 + strip_l + len(content)))
    return out


def _role(name: str, words: tuple[str, ...]) -> bool:
    name = name.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", name) for w in words)


def row_at(text: str, pos: int) -> Row | None:
    """The table row holding `pos`, when its table is an event table."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = len(text) if le < 0 else le
    line = text[ls:le]
    if not line.lstrip().startswith("|"):
        return None
    # Walk up the grid to its first "|" line: the header.
    header = None
    start = ls
    while start > 0:
        prev_start = text.rfind("\n", 0, start - 1) + 1
        prev = text[prev_start:start - 1]
        if not prev.lstrip().startswith(("|", "+")):
            break
        if prev.lstrip().startswith("|"):
            header = (prev_start, prev)
        start = prev_start
    if header is None:
        return None
    names = [text[a:b] for a, b in _cells(text, *header)]
    cells = _cells(text, ls, line)
    if len(cells) != len(names):
        return None
    for rule in rules():
        src = next((c for n, c in zip(names, cells) if _role(n, rule.source)), None)
        dat = next((c for n, c in zip(names, cells) if _role(n, rule.date)), None)
        if src is None or dat is None:
            continue
        tgt = next((c for n, c in zip(names, cells) if _role(n, rule.target)), None)
        return Row(rule, src, tgt, dat)
    return None


def date_timex(timexes: list[Timex], cell: tuple[int, int] | None) -> Timex | None:
    if cell is None:
        return None
    return next((t for t in timexes if cell[0] <= t.start < cell[1] and t.type == "DATE"), None)
