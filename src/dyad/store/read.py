"""Reading a stored article back as the Document it was ingested from."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Connection, select

from ..model import (
    Actor, Article, Document, Dyad, Event, EventDate, Infobox, ListEntry, Mission, Region,
    RegionDate, Section, Sentence, Table, TableCell, TableRow, Timex, Trigger,
)
from . import schema as s


def load_document(conn: Connection, article_id: int) -> Document:
    row = conn.execute(select(s.articles).where(s.articles.c.id == article_id)).mappings().one()
    st = json.loads(row["structure"] or "{}")
    infobox = st.get("infobox")
    article = Article(
        source=row["source"], format=row["format"], title=row["title"], text=row["text"],
        infobox=Infobox(**infobox) if infobox else None,
        sections=[Section(**x) for x in st.get("sections", [])],
        see_also=[ListEntry(**x) for x in st.get("see_also", [])],
        bibliography=[ListEntry(**x) for x in st.get("bibliography", [])],
        excluded=[tuple(x) for x in st.get("excluded", [])],
        dct=row["dct"], page_id=row["page_id"], revision_id=row["revision_id"],
        timestamp=row["timestamp"],
        source_map=([tuple(x) for x in st["source_map"]]
                    if st.get("source_map") is not None else None),
        raw=row["raw"], warnings=list(st.get("warnings", [])),
        tables=[_table(t) for t in st.get("tables", [])],
    )
    doc = Document(article=article)
    where = lambda t: t.c.article_id == article_id  # noqa: E731

    doc.sentences = [Sentence(r.start_offset, r.end_offset) for r in conn.execute(
        select(s.sentences).where(where(s.sentences)).order_by(s.sentences.c.idx))]
    doc.timexes = [
        Timex(id=r.tid, start=r.start_offset, end=r.end_offset, text=r.text, type=r.type,
              value=r.value, mod=r.mod, rule=r.rule, anchor=r.anchor, earliest=r.earliest,
              latest=r.latest)
        for r in conn.execute(select(s.timexes).where(where(s.timexes))
                              .order_by(s.timexes.c.position))
    ]

    aliases: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute(select(s.aliases).where(where(s.aliases))
                          .order_by(s.aliases.c.actor_id, s.aliases.c.position)):
        aliases[r.actor_id].append(r.alias)
    mentions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in conn.execute(select(s.actor_mentions).where(where(s.actor_mentions))
                          .order_by(s.actor_mentions.c.id)):
        mentions[r.actor_id].append((r.start_offset, r.end_offset))
    for r in conn.execute(
        select(s.actors).join(s.article_actors, s.article_actors.c.actor_id == s.actors.c.id)
        .where(s.article_actors.c.article_id == article_id)
        .order_by(s.article_actors.c.position)
    ):
        doc.actors.append(Actor(
            id=r.id, name=r.name, kind=r.kind, aliases=aliases.get(r.id, []),
            mentions=mentions.get(r.id, []), iso3=r.iso3, wikidata=r.wikidata,
            status=r.status, founded=r.founded, dissolved=r.dissolved, role=r.role,
            affiliation=r.affiliation, rule=r.rule))

    for d in conn.execute(select(s.dyad_articles).where(where(s.dyad_articles))
                          .order_by(s.dyad_articles.c.position, s.dyad_articles.c.dyad_id)):
        dyad = Dyad(party1=d.party1, party2=d.party2, status=d.status, ended=d.ended,
                    ended_because=d.ended_because, rule=d.rule, began=d.began,
                    regions=[_region(x) for x in json.loads(d.regions or "[]")])
        if d.scope == "region":
            doc.dyads.append(dyad)
        elif doc.dyad is None:
            doc.dyad = dyad
    doc.missions = [
        Mission(sender=r.sender, host=r.host, name=r.name, city=r.city, kind=r.kind,
                start=r.start_offset, end=r.end_offset, rule=r.rule, opened=r.opened,
                opened_event=r.opened_event, closed=r.closed, closed_event=r.closed_event)
        for r in conn.execute(select(s.missions).where(where(s.missions))
                              .order_by(s.missions.c.position))
    ]

    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"source": [], "target": []})
    for r in conn.execute(
        select(s.event_actors).join(s.events, s.events.c.id == s.event_actors.c.event_id)
        .where(s.events.c.article_id == article_id).order_by(s.event_actors.c.position)
    ):
        roles[r.event_id][r.role].append(r.actor_id)
    for r in conn.execute(select(s.events).where(where(s.events)).order_by(s.events.c.position)):
        doc.events.append(Event(
            id=r.eid, trigger=Trigger(r.trigger_start, r.trigger_end, r.trigger_text),
            sentence=r.sentence_idx, type=r.type, plover=r.plover,
            date=EventDate(value=r.date_value, mod=r.date_mod, earliest=r.earliest,
                           latest=r.latest, timex=r.timex_tid, inherited=bool(r.inherited)),
            source=roles[r.id]["source"], target=roles[r.id]["target"], same_as=r.same_as,
            negated=bool(r.negated), hypothetical=bool(r.hypothetical), future=bool(r.future),
            rule=r.rule))
    return doc


def _region(x: dict) -> Region:
    return Region(**{**x, "dates": [RegionDate(**d) for d in x.get("dates", [])]})


def _table(x: dict) -> Table:
    return Table(x["start"], x["end"], [TableRow(r["start"], r["end"], [TableCell(**c) for c in r["cells"]])
                                        for r in x["rows"]])
