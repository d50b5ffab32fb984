"""TimelineJS: one dyad's events as the JSON that Knight Lab's TimelineJS 3 displays.

Each dated event becomes a slide: `start_date` as precise as the text (a day, a month, a
year; a decade or century becomes a start and end year with a `display_date` such as
"late 1980s"), a headline (type, who to whom), the sentence with its trigger in bold and
the article it comes from, and a `group` by PLOVER quad class (verbal/material
cooperation/conflict; "other" for domain types). Undated events cannot be placed on a
timeline; the title slide says how many were left out. The slides are written as their
rows are read (`write`), so a dyad of any size is exported in flat memory.

`JSON_SCHEMA` describes the subset of the TimelineJS format written here.
"""

from __future__ import annotations

import html
import tempfile
from array import array
from collections.abc import Iterable
from typing import IO

from ..humanize import describe_date
from .jsonl import precision
from .output import OutputError, atomic_file, indented_json
from .rows import event_stream

_DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "display_date": {"type": "string"},
    },
}
_TEXT = {
    "type": "object",
    "required": ["headline", "text"],
    "additionalProperties": False,
    "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
}

JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "TimelineJS 3 timeline (the subset dyad writes)",
    "type": "object",
    "required": ["title", "events"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "object", "required": ["text"], "properties": {"text": _TEXT}},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date", "text", "group", "unique_id"],
                "additionalProperties": False,
                "properties": {
                    "start_date": _DATE,
                    "end_date": _DATE,
                    "display_date": {"type": "string"},
                    "text": _TEXT,
                    "group": {"enum": ["verbal cooperation", "material cooperation",
                                       "verbal conflict", "material conflict", "other"]},
                    "unique_id": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                },
            },
        },
    },
}


def _day_parts(iso: str) -> tuple[int, int, int]:
    sign = -1 if iso.startswith("-") else 1
    y, m, d = iso.lstrip("-").split("-")
    return sign * int(y), int(m), int(d)


def dates(row: dict) -> tuple[dict, dict | None, str | None] | None:
    """(start_date, end_date or None, display_date or None) at the date's own precision."""
    value, mod = row["date"], row["date_mod"]
    kind = precision(value)
    if kind in ("day", "month", "year") and not mod:
        parts = value.lstrip("-").split("-")
        start = {"year": -int(parts[0]) if value.startswith("-") else int(parts[0])}
        if kind in ("day", "month"):
            start["month"] = int(parts[1])
        if kind == "day":
            start["day"] = int(parts[2][:2])
        return start, None, None
    if not row["earliest"]:
        return None
    first, last = _day_parts(row["earliest"]), _day_parts(row["latest"] or row["earliest"])
    label = describe_date(value, mod, row["earliest"], row["latest"])["text"]
    start = {"year": first[0], "display_date": label}
    end = {"year": last[0], "display_date": label} if last[0] != first[0] else None
    return start, end, label


def _slide(row: dict) -> dict | None:
    when = dates(row)
    if when is None:
        return None
    start, end, label = when
    who = " → ".join(", ".join(names) or "?" for names in (row["source_names"], row["target_names"]))
    kind = row["plover"] or row["type"]
    if row["plover"] and row["type"] != row["plover"]:
        kind = f"{row['type']} ({row['plover']})"
    sentence = row["sentence"] or row["trigger"]
    if row["sentence"] and row["sentence_start"] is not None:
        a = row["trigger_start"] - row["sentence_start"]
        b = row["trigger_end"] - row["sentence_start"]
        if 0 <= a < b <= len(sentence):
            body = (html.escape(sentence[:a]) + "<b>" + html.escape(sentence[a:b]) + "</b>"
                    + html.escape(sentence[b:]))
        else:
            body = html.escape(sentence)
    else:
        body = html.escape(sentence)
    body = f"<p>{body}</p><p><i>{html.escape(row['article'])}</i></p>"
    slide = {
        "start_date": start,
        "text": {"headline": html.escape(f"{kind}: {who}"), "text": body},
        "group": row["quad"] or "other",
        "unique_id": _unique_id(row["event_id"]),
    }
    if end is not None:
        slide["end_date"] = end
    if label:
        slide["display_date"] = label
    return slide


def _unique_id(event_id: str) -> str:
    import hashlib

    return "e-" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:16]


def _sort_key(start: dict) -> int:
    """(year, month, day) as one integer with the same order (month < 16, day < 32)."""
    return (start["year"] * 16 + start.get("month", 0)) * 32 + start.get("day", 0)


def write(rows: Iterable[dict], title: str, out: IO[str]) -> None:
    """Write the timeline of `rows` (read once, in order) to `out`.

    One slide per event (repeated mentions and a second row of the same event skipped),
    sorted by start date, ties in row order. Each slide is encoded as soon as its row is
    read and kept in an unnamed temporary file; memory holds only a sort key, a file offset
    and a 64-bit id per slide (about 100 bytes), never the slides themselves.
    """
    keys: list[int] = []
    offsets = array("q")
    seen: set[int] = set()
    undated = 0
    with tempfile.TemporaryFile() as spill:
        for row in rows:
            if row["same_as"]:  # a repeated mention: one slide per event
                continue
            slide = _slide(row)
            if slide is None:
                undated += 1
                continue
            uid = int(slide["unique_id"][2:], 16)
            if uid in seen:
                continue
            seen.add(uid)
            keys.append(_sort_key(slide["start_date"]))
            offsets.append(spill.tell())
            spill.write(indented_json(slide, "    ").encode("utf-8"))
        offsets.append(spill.tell())
        del seen
        note = f"{len(keys)} dated events"
        if undated:
            note += f"; {undated} undated event{'s' if undated != 1 else ''} not shown"
        head = {"text": {"headline": html.escape(title),
                         "text": f"<p>{note}. Extracted by dyad from Wikipedia (CC BY-SA).</p>"}}
        out.write('{\n  "title": ' + indented_json(head, "  ") + ',\n  "events": [')
        order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: ties in row order
        del keys
        for n, i in enumerate(order):
            spill.seek(offsets[i])
            out.write(("\n    " if n == 0 else ",\n    ")
                      + spill.read(offsets[i + 1] - offsets[i]).decode("utf-8"))
        out.write("\n  ]\n}\n" if order else "]\n}\n")


def export(store, sel, path: str | None, out: IO[str] | None, table) -> list[str]:
    if sel.pair is None:
        raise OutputError(None, "timelinejs shows one dyad", "add --dyad PARTY_A PARTY_B")
    with event_stream(store, sel) as rows:
        if path is None:
            write(rows, sel.title, out)
            return []
        with atomic_file(path) as fh:
            write(rows, sel.title, fh)
    return [path]
