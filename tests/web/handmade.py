"""A stand-in for the analysis stages while they are being built (issue 5 allows it): the seed
article's Document assembled from its hand gold, so that the explorer can be tested on the
real store. `conftest.kb_url` uses it only when the real pipeline finds no events in the seed;
once the pipeline lands the tests run on its output and this module is unused."""

from __future__ import annotations

import calendar
import json
import re

from dyad.model import (
    PLOVER_QUAD, Actor, Article, Document, Dyad, Event, EventDate, Mission, Sentence, Timex,
    Trigger,
)


def _bounds(value: str | None, mod: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value, value
    if re.fullmatch(r"\d{4}-\d\d", value):
        y, m = map(int, value.split("-"))
        return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0-01-01", f"{value}9-12-31"
    if re.fullmatch(r"\d{2}", value):
        return f"{value}00-01-01", f"{value}99-12-31"
    return None, None


def _actor_id(name: str) -> str:
    return ("polity:" if name in POLITIES else "actor:") + re.sub(r"\W+", "-", name.lower()).strip("-")


POLITIES: set[str] = set()


def seed_document(seed_path, gold_path) -> Document:
    text = open(seed_path, encoding="utf-8").read()
    gold = json.load(open(gold_path, encoding="utf-8"))
    POLITIES.clear()
    POLITIES.update(gold["polities"])
    article = Article(source=str(seed_path), format="plaintext", title=gold["title"], text=text)
    doc = Document(article=article)
    for m in re.finditer(r"[^\n]+?(?:[.!?](?=\s)|\n|$)", text):
        if m.group().strip():
            doc.sentences.append(Sentence(m.start(), m.end()))
    for t in gold["timexes"]:
        lo, hi = _bounds(t["value"], t.get("mod"))
        doc.timexes.append(Timex(id=t["tid"], start=t["start"], end=t["end"], text=t["text"],
                                 type=t["type"], value=t["value"], mod=t.get("mod"),
                                 rule="handmade", earliest=lo, latest=hi))
    names = dict(gold["polities"]) | dict(gold["people"])
    for e in gold["events"]:
        for n in e["source"] + e["target"]:
            names.setdefault(n, [])
    for name, aliases in names.items():
        mentions = [(m.start(), m.end()) for n in [name, *aliases]
                    for m in re.finditer(r"\b" + re.escape(n) + r"\b", text)]
        doc.actors.append(Actor(
            id=_actor_id(name), name=name, aliases=list(aliases), mentions=mentions,
            kind="polity" if name in POLITIES else ("person" if name in gold["people"] else "group"),
            dissolved="2024-01-01" if name == "Artsakh" else None))
    for e in gold["events"]:
        start = e["trigger_start"]
        sent = next(i for i, s in enumerate(doc.sentences) if s.start <= start < s.end)
        lo, hi = _bounds(e["date"], e.get("date_mod"))
        doc.events.append(Event(
            id=e["eid"], trigger=Trigger(start, start + len(e["trigger"]), e["trigger"]),
            sentence=sent, type=e["type"], plover=e["plover"],
            date=EventDate(value=e["date"], mod=e.get("date_mod"), earliest=lo, latest=hi),
            source=[_actor_id(n) for n in e["source"]], target=[_actor_id(n) for n in e["target"]],
            same_as=e.get("same_as"), rule="handmade"))
    doc.dyad = Dyad(party1=_actor_id("Armenia"), party2=_actor_id("Artsakh"), status="historical",
                    ended="2024-01-01", ended_because="Republic of Artsakh dissolved")
    doc.missions = [Mission(sender=_actor_id("Artsakh"), host=_actor_id("Armenia"),
                            name="Permanent Representation of the NKR in Armenia",
                            city="Yerevan", kind="representative office")]
    assert all(ev.plover is None or ev.plover in PLOVER_QUAD for ev in doc.events)
    return doc
