"""PLOVER-style JSON Lines: one event record per line, as event-data tools read them.

Field names follow the PLOVER event-data conventions (Open Event Data Alliance): `id`,
`date`, `source` and `target`/`recipient` actors, `event` (the PLOVER category), `mode`
(the finer "how" of the event) and `context`, `text_info` (where in the text) and
`cite_info` (which document). dyad's additions: each actor's ISO 3166 alpha-3 code and
Wikidata id, the date's TIMEX3 value with its earliest/latest days, and the sentence text.

`JSON_SCHEMA` (JSON Schema 2020-12) describes one line; the tests validate every line of an
export against it, and `dyad export --format jsonl` users can validate theirs the same way.
"""

from __future__ import annotations

import json
from typing import IO

from .output import atomic_file
from .rows import read_tables

FORMAT = "dyad.plover/1"

_ACTOR = {
    "type": "object",
    "required": ["id", "name", "kind", "iso3", "wikidata"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "description": "dyad actor id, e.g. polity:ARM"},
        "name": {"type": "string"},
        "kind": {"enum": ["polity", "person", "organization", "group", None]},
        "iso3": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
        "wikidata": {"type": ["string", "null"], "pattern": "^Q[0-9]+$"},
    },
}
_DAY = {"type": ["string", "null"], "pattern": r"^-?\d{4}-\d{2}-\d{2}$"}
_ROLE_SIDE = {
    "type": "object",
    "required": ["actors", "name", "iso3", "wikidata"],
    "properties": {
        "actors": {"type": "array", "items": _ACTOR},
        "name": {"type": ["string", "null"], "description": "first actor's name (PLOVER 'source'/'target' text)"},
        "iso3": {"type": ["string", "null"], "description": "first actor's ISO-3 code"},
        "wikidata": {"type": ["string", "null"], "description": "first actor's Wikidata id"},
    },
}

JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://github.com/dyad/schemas/dyad.plover-1.json",
    "title": "dyad PLOVER-style event record",
    "type": "object",
    "required": ["format", "id", "date", "date_info", "source", "target", "recipient", "event",
                 "event_type", "quad", "mode", "context", "text_info", "cite_info"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "id": {"type": "string", "minLength": 3},
        "date": {**_DAY, "description": "the event's day when the text gives it to the day, else its earliest day"},
        "date_info": {
            "type": "object",
            "required": ["value", "mod", "earliest", "latest", "precision", "inherited"],
            "additionalProperties": False,
            "properties": {
                "value": {"type": ["string", "null"], "description": "TIMEX3 value"},
                "mod": {"type": ["string", "null"]},
                "earliest": _DAY,
                "latest": _DAY,
                "precision": {"enum": ["day", "month", "year", "decade", "century", "other", None]},
                "inherited": {"type": "boolean"},
            },
        },
        "source": _ROLE_SIDE,
        "target": _ROLE_SIDE,
        "recipient": _ROLE_SIDE,
        "event": {"type": "string", "description": "PLOVER category, or dyad's domain type when none fits"},
        "event_type": {"type": "string", "description": "dyad's type (may be finer than PLOVER)"},
        "plover": {"type": "boolean"},
        "quad": {"enum": ["verbal cooperation", "material cooperation", "verbal conflict",
                          "material conflict", None]},
        "mode": {"type": ["string", "null"], "description": "finer type when it differs from the PLOVER category"},
        "context": {"type": "array", "items": {"enum": ["negated", "hypothetical", "future", "repeat"]}},
        "text_info": {
            "type": "object",
            "required": ["start", "end", "sentence", "trigger", "trigger_start", "trigger_end"],
            "additionalProperties": False,
            "properties": {
                "start": {"type": ["integer", "null"], "minimum": 0},
                "end": {"type": ["integer", "null"], "minimum": 0},
                "sentence": {"type": ["string", "null"]},
                "trigger": {"type": "string"},
                "trigger_start": {"type": "integer", "minimum": 0},
                "trigger_end": {"type": "integer", "minimum": 0},
            },
        },
        "cite_info": {
            "type": "object",
            "required": ["title", "source", "page_id", "revision_id", "timestamp", "eid", "rule"],
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string"},
                "source": {"type": "string"},
                "page_id": {"type": ["integer", "null"]},
                "revision_id": {"type": ["integer", "null"]},
                "timestamp": {"type": ["string", "null"]},
                "eid": {"type": "string"},
                "same_as": {"type": ["string", "null"]},
                "rule": {"type": ["string", "null"]},
            },
        },
    },
}


def precision(value: str | None) -> str | None:
    """How precise a TIMEX3 DATE value is: 1988-03-23 day, 1988-03 month, 1988 year, 198
    decade, 19 century."""
    if not value:
        return None
    head = value.split("T")[0]
    digits = head.lstrip("-")
    if len(digits) == 10 and digits[4] == "-" and digits[7] == "-":
        return "day"
    if len(digits) == 7 and digits[4] == "-" and digits[5:].isdigit():
        return "month"
    if digits.isdigit():
        return {4: "year", 3: "decade", 2: "century"}.get(len(digits), "other")
    return "other"


def record(row: dict, actors: dict[str, dict]) -> dict:
    def side(ids: list[str]) -> dict:
        people = [_actor(actors, i) for i in ids]
        first = people[0] if people else None
        return {"actors": people, "name": first and first["name"], "iso3": first and first["iso3"],
                "wikidata": first and first["wikidata"]}

    kind = precision(row["date"])
    date = row["date"] if kind == "day" and not row["date_mod"] else row["earliest"]
    context = [flag for flag in ("negated", "hypothetical", "future") if row[flag]]
    if row["same_as"]:
        context.append("repeat")
    target = side(row["target_ids"])
    return {
        "format": FORMAT,
        "id": row["event_id"],
        "date": date,
        "date_info": {"value": row["date"], "mod": row["date_mod"], "earliest": row["earliest"],
                      "latest": row["latest"], "precision": kind,
                      "inherited": row["date_inherited"]},
        "source": side(row["source_ids"]),
        "target": target,
        "recipient": target,
        "event": row["plover"] or row["type"],
        "event_type": row["type"],
        "plover": row["plover"] is not None,
        "quad": row["quad"],
        "mode": row["type"] if row["plover"] and row["type"] != row["plover"] else None,
        "context": context,
        "text_info": {"start": row["sentence_start"], "end": row["sentence_end"],
                      "sentence": row["sentence"], "trigger": row["trigger"],
                      "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"]},
        "cite_info": {"title": row["article"], "source": row["article_source"],
                      "page_id": row["page_id"], "revision_id": row["revision_id"],
                      "timestamp": row["revision_timestamp"], "eid": row["eid"],
                      "same_as": row["same_as"], "rule": row["rule"]},
    }


def _actor(actors: dict[str, dict], actor_id: str) -> dict:
    a = actors.get(actor_id)
    if a is None:  # an event names an actor the actors table lacks: keep the id
        return {"id": actor_id, "name": actor_id, "kind": None, "iso3": None, "wikidata": None}
    return {"id": a["id"], "name": a["name"], "kind": a["kind"], "iso3": a["iso3"],
            "wikidata": a["wikidata"]}


def write(rows: list[dict], actors: list[dict], out: IO[str]) -> None:
    by_id = {a["id"]: a for a in actors}
    for row in rows:
        out.write(json.dumps(record(row, by_id), ensure_ascii=False) + "\n")


def export(store, sel, path: str | None, out: IO[str] | None, table: str | None) -> list[str]:
    tables = read_tables(store, sel, ("events", "actors"))
    if path is None:
        write(tables["events"], tables["actors"], out)
        return []
    with atomic_file(path) as fh:
        write(tables["events"], tables["actors"], fh)
    return [path]
