"""Test helpers for the store: fresh databases on both back ends, and hand-built Documents.

`seed_document()` builds the Armenia–Artsakh Document from the seed article and its hand
gold (`shared/data/seed`): the real text, the gold's actors, timexes and events, so store and
timeline tests do not depend on the analysis stages. `other_documents()` adds two small
articles about other dyads whose events involve Armenia and Artsakh (directly and through an
affiliated person), and one that does not.

Test modules `import kb_builders`: pyproject's pytest `pythonpath` puts tests/ on sys.path
(test modules themselves load in importlib mode).
"""

from __future__ import annotations

import calendar
import contextlib
import json
import re
import uuid
from pathlib import Path

from dyad.model import (
    Actor, Article, Document, Dyad, Event, EventDate, Mission, Sentence, Timex, Trigger,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = DATA / "seed" / "armenia-artsakh-relations.txt"
SEED_GOLD = DATA / "seed" / "armenia-artsakh-relations.gold.json"

# Ids for the gold's names. Polities by ISO code where there is one.
POLITY_IDS = {
    "Armenia": "polity:ARM", "Artsakh": "polity:ARTSAKH", "Azerbaijan": "polity:AZE",
    "Soviet Union": "polity:SUN", "Russia": "polity:RUS",
}


def actor_id(name: str, people: set[str]) -> str:
    if name in POLITY_IDS:
        return POLITY_IDS[name]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return ("person:" if name in people else "group:") + slug


def interval(value: str | None) -> tuple[str | None, str | None]:
    """First and last day of a TIMEX3 date value (the forms the seed gold uses)."""
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


def line_sentences(text: str) -> list[Sentence]:
    """One 'sentence' per non-empty line: enough structure for store tests."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Sentence(pos, pos + len(line)))
        pos += len(line) + 1
    return out


def seed_document() -> Document:
    text = SEED.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    people = set(gold["people"])
    article = Article(source=str(SEED), format="plaintext", title=gold["title"], text=text)
    sentences = line_sentences(text)

    def sentence_of(offset: int) -> int:
        for i, s in enumerate(sentences):
            if s.start <= offset < s.end:
                return i
        return 0

    actors: dict[str, Actor] = {}
    for group, kind in ((gold["polities"], "polity"), (gold["people"], "person")):
        for name, aliases in group.items():
            aid = actor_id(name, people)
            mentions = [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
            iso3 = aid.split(":")[1] if aid in POLITY_IDS.values() and len(aid) == 10 else None
            actors[aid] = Actor(id=aid, name=name, kind=kind, aliases=[name, *aliases],
                                mentions=mentions, iso3=iso3)
    actors["polity:ARTSAKH"].dissolved = "2024-01-01"
    actors["person:nikol-pashinyan"].affiliation = "polity:ARM"
    timexes = []
    for t in gold["timexes"]:
        lo, hi = interval(t["value"]) if t["type"] == "DATE" else (None, None)
        timexes.append(Timex(id=t["tid"], start=t["start"], end=t["end"], text=t["text"],
                             type=t["type"], value=t["value"], mod=t.get("mod"),
                             rule="gold", earliest=lo, latest=hi))
    events = []
    for e in gold["events"]:
        for name in e["source"] + e["target"]:
            aid = actor_id(name, people)
            actors.setdefault(aid, Actor(id=aid, name=name, kind=aid.split(":")[0]))
        lo, hi = interval(e.get("date"))
        start = e["trigger_start"]
        events.append(Event(
            id=e["eid"], trigger=Trigger(start, start + len(e["trigger"]), e["trigger"]),
            sentence=sentence_of(start), type=e["type"], plover=e["plover"],
            date=EventDate(value=e.get("date"), mod=e.get("date_mod"), earliest=lo, latest=hi),
            source=[actor_id(n, people) for n in e["source"]],
            target=[actor_id(n, people) for n in e["target"]],
            same_as=e.get("same_as"), rule="gold"))
    d = gold["dyad"]
    m = gold["missions"][0]
    return Document(
        article=article, sentences=sentences, timexes=timexes, actors=list(actors.values()),
        events=events,
        missions=[Mission(sender=POLITY_IDS[m["sender"]], host=POLITY_IDS[m["host"]],
                          name=m["name"], city=m["city"], kind=m["kind"], rule="gold")],
        dyad=Dyad(party1=POLITY_IDS[d["party1"]], party2=POLITY_IDS[d["party2"]],
                  status=d["status"], ended=d["ended"], ended_because=d["ended_because"],
                  rule="gold"),
    )


def small_document(title: str, sentences: list[tuple[str, list[tuple]]],
                   actors: list[Actor], dyad: tuple[str, str] | None) -> Document:
    """A document from sentences given as (text, [(trigger, type, date, source, target)])."""
    text, spans, events = "", [], []
    for sentence_text, evs in sentences:
        start = len(text)
        text += sentence_text + " "
        spans.append(Sentence(start, start + len(sentence_text)))
        for trigger, etype, date, source, target in evs:
            t0 = start + sentence_text.index(trigger)
            lo, hi = interval(date)
            events.append(Event(
                id=f"e{len(events) + 1}", trigger=Trigger(t0, t0 + len(trigger), trigger),
                sentence=len(spans) - 1, type=etype, plover=etype, source=source,
                target=target, date=EventDate(value=date, earliest=lo, latest=hi)))
    return Document(
        article=Article(source=f"{title}.txt", format="plaintext", title=title, text=text),
        sentences=spans, actors=actors, events=events,
        dyad=Dyad(party1=dyad[0], party2=dyad[1]) if dyad else None)


def other_documents() -> list[Document]:
    arm = Actor("polity:ARM", "Armenia", "polity", ["Armenia", "Republic of Armenia"],
                iso3="ARM")
    aze = Actor("polity:AZE", "Azerbaijan", "polity", ["Azerbaijan"], iso3="AZE")
    art = Actor("polity:ARTSAKH", "Artsakh", "polity", ["Artsakh", "NKR"])
    rus = Actor("polity:RUS", "Russia", "polity", ["Russia", "Russian Federation"], iso3="RUS")
    pash = Actor("person:nikol-pashinyan", "Nikol Pashinyan", "person", ["Pashinyan"],
                 affiliation="polity:ARM", role="Prime Minister of Armenia")
    return [
        small_document("Armenia–Azerbaijan relations", [
            ("In 1994 Armenia and Azerbaijan agreed a ceasefire.",
             [("agreed", "AGREE", "1994", ["polity:ARM"], ["polity:AZE"])]),
            ("In 2021 Armenia supplied aid to Artsakh.",
             [("supplied", "AID", "2021", ["polity:ARM"], ["polity:ARTSAKH"])]),
        ], [arm, aze, art], ("polity:ARM", "polity:AZE")),
        small_document("Armenia–Russia relations", [
            ("In March 2023 Pashinyan criticised Artsakh's leaders.",
             [("criticised", "ACCUSE", "2023-03", ["person:nikol-pashinyan"],
               ["polity:ARTSAKH"])]),
            ("Russia and Armenia consulted in 2019.",
             [("consulted", "CONSULT", "2019", ["polity:RUS"], ["polity:ARM"])]),
        ], [arm, rus, pash, art], ("polity:ARM", "polity:RUS")),
    ]


# -- databases -------------------------------------------------------------------------------

@contextlib.contextmanager
def fresh_database(kind: str, tmp_path: Path, pg_url: str | None):
    """A URL to an empty database of `kind` ('sqlite' or 'postgresql'), removed afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'kb.db'}"
        return
    import psycopg

    name = "dyad_test_" + uuid.uuid4().hex[:12]
    base = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
