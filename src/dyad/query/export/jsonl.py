"""PLOVER JSON Lines: one event record per line, in the PLOVER data-interchange format.

Field names follow the "JSON Data Fields" chapter of the PLOVER specification (Open Event
Data Alliance, PLOVER manual 0.7b1): `id`, `has_event`, `date`/`enddate` (YYYY-MM-DD),
`source` and `recipient` as lists of actor objects (`code` the 3-character top-level actor
code, here ISO 3166 alpha-3; `actor_text`; `identifier_id` the Wikidata id, as the manual
recommends; `identifier_text`; `office`), `event` (list of categories), `event_text`,
`quad_code` (1-4), `mode`, `context`, `text_info` (`sequence`, `start`, `end`) and
`cite_info` (`corpus`, `citation`, `url`, `title`, `language`, `license`, `coder`,
`codebook`, `version`), `coder`.

dyad's additions, under names the specification does not use: `date_info` (the TIMEX3 value,
its mod and precision), `modality` (negated, hypothetical, future), `same_as`, the event's
finer `event_type`, each actor's dyad `actor_id` and `kind`, and in `text_info` the sentence
text and the trigger's offsets. `event` holds the PLOVER category, or dyad's domain type
when none fits (`plover: false` says which). Undated events have `date: null`.

`JSON_SCHEMA` (JSON Schema 2020-12) describes one line; the tests validate every line of an
export against it, and users can validate theirs the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

from ... import __version__
from .output import atomic_file
from .rows import Selection, event_stream, read_tables

FORMAT = "dyad.plover/1"
CODEBOOK = "plover-base-0.7b1 (dyad.plover/1)"
QUAD_CODES = {"verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3,
              "material conflict": 4}

_DAY = {"type": ["string", "null"], "pattern": r"^-?\d{4}-\d{2}-\d{2}$"}
_ACTOR = {
    "type": "object",
    "required": ["code", "actor_text", "identifier_id", "identifier_text", "actor_id", "kind"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$",
                 "description": "ISO 3166 alpha-3 of the actor, or of the polity it belongs to"},
        "actor_text": {"type": "string"},
        "identifier_id": {"type": ["string", "null"], "pattern": "^Q[0-9]+$",
                          "description": "Wikidata id"},
        "identifier_text": {"type": "string", "description": "canonical name"},
        "office": {"type": "string"},
        "actor_id": {"type": "string", "description": "dyad actor id, e.g. polity:ARM"},
        "kind": {"enum": ["polity", "person", "organization", "group", None]},
    },
}

JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "PLOVER event record written by dyad (dyad.plover/1)",
    "type": "object",
    "required": ["id", "has_event", "date", "source", "recipient", "event", "event_text",
                 "quad_code", "mode", "context", "text_info", "cite_info", "coder",
                 "format", "event_type", "plover", "date_info", "modality", "same_as"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "minLength": 3},
        "has_event": {"const": True},
        "date": {**_DAY, "description": "the event's day if the text gives it, else the first day it can be"},
        "enddate": {**_DAY, "description": "the last day the event's date can denote, when not a single day"},
        "source": {"type": "array", "items": _ACTOR},
        "recipient": {"type": "array", "items": _ACTOR},
        "event": {"type": "array", "minItems": 1, "maxItems": 1, "items": {"type": "string"}},
        "event_text": {"type": "array", "items": {"type": "string"}},
        "quad_code": {"enum": [1, 2, 3, 4, None]},
        "mode": {"type": "array", "items": {"type": "string"}},
        "context": {"type": "array", "items": {"type": "string"}},
        "text_info": {
            "type": "object",
            "required": ["sequence", "start", "end", "sentence", "trigger_start", "trigger_end"],
            "additionalProperties": False,
            "properties": {
                "sequence": {"type": "integer", "minimum": 0},
                "start": {"type": ["integer", "null"], "minimum": 0},
                "end": {"type": ["integer", "null"], "minimum": 0},
                "sentence": {"type": ["string", "null"]},
                "trigger_start": {"type": "integer", "minimum": 0},
                "trigger_end": {"type": "integer", "minimum": 0},
            },
        },
        "cite_info": {
            "type": "object",
            "required": ["corpus", "citation", "title", "language", "license", "coder",
                         "codebook", "version", "page_id", "timestamp", "eid", "rule"],
            "additionalProperties": False,
            "properties": {
                "corpus": {"type": "string"},
                "citation": {"type": "string", "description": "the article's source (path#page_id for dumps)"},
                "url": {"type": "string"},
                "title": {"type": "string"},
                "language": {"type": "string", "pattern": "^[a-z]{2}$"},
                "license": {"type": "string"},
                "coder": {"type": "string"},
                "codebook": {"type": "string"},
                "version": {"type": ["integer", "null"], "description": "revision id of the article"},
                "page_id": {"type": ["integer", "null"]},
                "timestamp": {"type": ["string", "null"]},
                "eid": {"type": "string"},
                "rule": {"type": ["string", "null"]},
            },
        },
        "coder": {"type": "string"},
        "format": {"const": FORMAT},
        "event_type": {"type": "string", "description": "dyad's type (may be finer than PLOVER)"},
        "plover": {"type": "boolean"},
        "date_info": {
            "type": "object",
            "required": ["value", "mod", "precision", "inherited"],
            "additionalProperties": False,
            "properties": {
                "value": {"type": ["string", "null"], "description": "TIMEX3 value"},
                "mod": {"type": ["string", "null"]},
                "precision": {"enum": ["day", "month", "year", "decade", "century", "other", None]},
                "inherited": {"type": "boolean"},
            },
        },
        "modality": {
            "type": "object",
            "required": ["negated", "hypothetical", "future"],
            "additionalProperties": False,
            "properties": {k: {"type": "boolean"} for k in ("negated", "hypothetical", "future")},
        },
        "same_as": {"type": ["string", "null"], "description": "id of an earlier mention"},
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


def _actor(actors: dict[str, dict], actor_id: str) -> dict:
    a = actors.get(actor_id)
    if a is None:  # an event names an actor the actors table lacks: keep the id
        return {"code": None, "actor_text": actor_id, "identifier_id": None,
                "identifier_text": actor_id, "actor_id": actor_id, "kind": None}
    code = a["iso3"]
    if code is None and a["affiliation"] in actors:
        code = actors[a["affiliation"]]["iso3"]  # a person's or body's country
    out = {"code": code, "actor_text": a["name"], "identifier_id": a["wikidata"],
           "identifier_text": a["name"], "actor_id": a["id"], "kind": a["kind"]}
    if a["role"]:
        out["office"] = a["role"]
    return out


def record(row: dict, actors: dict[str, dict]) -> dict:
    kind = precision(row["date"])
    exact = kind == "day" and not row["date_mod"]
    out = {
        "id": row["event_id"],
        "has_event": True,
        "date": row["date"][:10] if exact else row["earliest"],
    }
    if not exact and row["latest"] and row["latest"] != row["earliest"]:
        out["enddate"] = row["latest"]
    source_url = row["article_source"]
    cite = {
        "corpus": "Wikipedia",
        "citation": source_url,
        "title": row["article"],
        "language": "en",
        "license": "CC BY-SA 4.0",
        "coder": f"dyad {__version__}",
        "codebook": CODEBOOK,
        "version": row["revision_id"],
        "page_id": row["page_id"],
        "timestamp": row["revision_timestamp"],
        "eid": row["eid"],
        "rule": row["rule"],
    }
    if source_url.startswith(("http://", "https://")):
        cite["url"] = source_url
    out.update({
        "source": [_actor(actors, i) for i in row["source_ids"]],
        "recipient": [_actor(actors, i) for i in row["target_ids"]],
        "event": [row["plover"] or row["type"]],
        "event_text": [row["trigger"]],
        "quad_code": QUAD_CODES.get(row["quad"]),
        "mode": [row["type"]] if row["plover"] and row["type"] != row["plover"] else [],
        "context": ["foreign"],  # PLOVER's context for foreign affairs/relations
        "text_info": {"sequence": row["sentence_idx"], "start": row["sentence_start"],
                      "end": row["sentence_end"], "sentence": row["sentence"],
                      "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"]},
        "cite_info": cite,
        "coder": f"dyad {__version__}",
        "format": FORMAT,
        "event_type": row["type"],
        "plover": row["plover"] is not None,
        "date_info": {"value": row["date"], "mod": row["date_mod"], "precision": kind,
                      "inherited": row["date_inherited"]},
        "modality": {"negated": row["negated"], "hypothetical": row["hypothetical"],
                     "future": row["future"]},
        "same_as": row["same_as"],
    })
    return out


def write(rows: Iterable[dict], actors: list[dict], out: IO[str]) -> None:
    by_id = {a["id"]: a for a in actors}
    for row in rows:
        out.write(json.dumps(record(row, by_id), ensure_ascii=False) + "\n")


def export(store, sel, path: str | None, out: IO[str] | None, table: str | None) -> list[str]:
    # All actors (their codes are looked up, affiliations included); events streamed.
    actors = read_tables(store, Selection.everything(), ("actors",))["actors"]
    with event_stream(store, sel) as rows:
        if path is None:
            write(rows, actors, out)
            return []
        with atomic_file(path) as fh:
            write(rows, actors, fh)
    return [path]
