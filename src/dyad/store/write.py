"""Writing one Document into the store, inside a transaction the caller owns.

`replace_document(conn, doc)` deletes every fact the article contributed before (same article
key) and inserts the new ones with bulk `executemany` inserts. Global rows (actors, dyads)
are merged, never deleted with an article: an actor seen in another article stays, and a
dyad's status is recomputed from the articles that still speak about it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime, timezone

from sqlalchemy import Connection, delete, func, insert, select, update

from ..analysis.regions import earliest_value
from ..model import PLOVER_QUAD, Actor, Document
from . import schema as s
from .keys import article_key, normalise_alias

_ACTOR_FIELDS = ("iso3", "wikidata", "status", "founded", "dissolved", "role", "affiliation",
                 "rule")


def replace_document(conn: Connection, doc: Document) -> int:
    """Replace the article's facts with `doc`'s. Returns the article's row id."""
    a = doc.article
    key = article_key(a)
    old = conn.execute(select(s.articles.c.id).where(s.articles.c.key == key)).scalar()
    touched_dyads: set[int] = set()
    if old is not None:
        touched_dyads |= delete_article_facts(conn, old)
        conn.execute(delete(s.articles).where(s.articles.c.id == old))

    structure = {
        "infobox": asdict(a.infobox) if a.infobox else None,
        "sections": [asdict(x) for x in a.sections],
        "see_also": [asdict(x) for x in a.see_also],
        "bibliography": [asdict(x) for x in a.bibliography],
        "excluded": [list(x) for x in a.excluded],
        "source_map": [list(x) for x in a.source_map] if a.source_map is not None else None,
        "warnings": list(a.warnings),
        "tables": [asdict(t) for t in a.tables],
    }
    article_id = conn.execute(insert(s.articles).values(
        key=key, source=a.source, title=a.title, format=a.format, page_id=a.page_id,
        revision_id=a.revision_id, timestamp=a.timestamp, dct=a.dct,
        content_hash=hashlib.sha256(a.text.encode("utf-8", "surrogatepass")).hexdigest(),
        text=a.text, raw=a.raw, structure=json.dumps(structure, ensure_ascii=False),
        ingested_at=datetime.now(timezone.utc),
    )).inserted_primary_key[0]

    text = a.text
    if doc.sentences:
        conn.execute(insert(s.sentences), [
            {"article_id": article_id, "idx": i, "start_offset": x.start, "end_offset": x.end,
             "text": text[x.start:x.end]}
            for i, x in enumerate(doc.sentences)
        ])
    if doc.timexes:
        conn.execute(insert(s.timexes), [
            {"article_id": article_id, "position": i, "tid": t.id, "start_offset": t.start,
             "end_offset": t.end, "text": t.text, "type": t.type, "value": t.value,
             "mod": t.mod, "earliest": t.earliest, "latest": t.latest, "rule": t.rule,
             "anchor": t.anchor}
            for i, t in enumerate(doc.timexes)
        ])

    _merge_actors(conn, doc)
    if doc.actors:
        seen: set[str] = set()
        rows = []
        for i, x in enumerate(doc.actors):
            if x.id not in seen:
                seen.add(x.id)
                rows.append({"article_id": article_id, "actor_id": x.id, "position": i})
        conn.execute(insert(s.article_actors), rows)
        alias_rows = [
            {"actor_id": x.id, "alias": alias, "norm": normalise_alias(alias),
             "article_id": article_id, "position": j}
            for x in doc.actors for j, alias in enumerate(x.aliases)
        ]
        if alias_rows:
            conn.execute(insert(s.aliases), alias_rows)
        mention_rows = [
            {"article_id": article_id, "actor_id": x.id, "start_offset": m[0],
             "end_offset": m[1]}
            for x in doc.actors for m in x.mentions
        ]
        if mention_rows:
            conn.execute(insert(s.actor_mentions), mention_rows)

    # The article's own dyad, then those an overview page covers in its regions (one row
    # per pair: a pair the article is about is not also a region of it).
    stored: set[int] = set()
    for position, (d, scope) in enumerate([(doc.dyad, "article")] * (doc.dyad is not None)
                                          + [(x, "region") for x in doc.dyads]):
        dyad_id = _dyad_id(conn, d.party1, d.party2, create=True)
        if dyad_id in stored:
            continue
        stored.add(dyad_id)
        conn.execute(insert(s.dyad_articles).values(
            dyad_id=dyad_id, article_id=article_id, party1=d.party1, party2=d.party2,
            status=d.status, ended=d.ended, ended_because=d.ended_because, rule=d.rule,
            scope=scope, began=d.began, position=position,
            regions=json.dumps([asdict(r) for r in d.regions], ensure_ascii=False)
            if d.regions else None))
        touched_dyads.add(dyad_id)

    if doc.missions:
        conn.execute(insert(s.missions), [
            {"article_id": article_id, "dyad_id": _dyad_id(conn, m.sender, m.host),
             "position": i, "sender": m.sender, "host": m.host, "name": m.name,
             "city": m.city, "kind": m.kind, "start_offset": m.start, "end_offset": m.end,
             "rule": m.rule, "opened": m.opened, "opened_event": m.opened_event,
             "closed": m.closed, "closed_event": m.closed_event}
            for i, m in enumerate(doc.missions)
        ])

    if doc.events:
        _insert_events(conn, doc, article_id)

    for dyad_id in sorted(touched_dyads):  # one lock order for concurrent writers
        recompute_dyad(conn, dyad_id)
    return article_id


def delete_article_facts(conn: Connection, article_id: int) -> set[int]:
    """Delete what one article contributed (not the article row). Returns affected dyad ids."""
    dyad_ids = set(conn.execute(select(s.dyad_articles.c.dyad_id).where(
        s.dyad_articles.c.article_id == article_id)).scalars())
    event_ids = select(s.events.c.id).where(s.events.c.article_id == article_id)
    conn.execute(delete(s.event_actors).where(s.event_actors.c.event_id.in_(event_ids)))
    # Children first, explicitly: the same code path on SQLite and PostgreSQL, whatever the
    # state of SQLite's foreign_keys pragma on a given connection.
    for table in (s.events, s.missions, s.dyad_articles, s.actor_mentions, s.aliases,
                  s.article_actors, s.timexes, s.sentences):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    return dyad_ids


def _merge_actors(conn: Connection, doc: Document) -> None:
    """Insert new actors, update known ones with the non-empty fields this article gives.

    Ids referenced by events, missions or the dyad without an Actor entry still get a row
    (foreign keys), named after the id until an article describes them.
    """
    wanted: dict[str, Actor] = {}
    for x in doc.actors:
        wanted.setdefault(x.id, x)
    referenced: set[str] = set()
    for e in doc.events:
        referenced.update(e.source)
        referenced.update(e.target)
    for m in doc.missions:
        referenced.update((m.sender, m.host))
    for d in ([doc.dyad] if doc.dyad is not None else []) + doc.dyads:
        referenced.update((d.party1, d.party2))
    ids = set(wanted) | referenced
    if not ids:
        return
    known = {r["id"]: r for r in conn.execute(
        select(s.actors).where(s.actors.c.id.in_(ids))).mappings()}
    existing = set(known)
    new_rows = []
    for actor_id in sorted(ids - existing):
        x = wanted.get(actor_id)
        if x is not None:
            new_rows.append(_actor_row(x))
        else:
            kind = actor_id.split(":", 1)[0] if ":" in actor_id else "group"
            new_rows.append({"id": actor_id, "name": actor_id, "name_norm": None, "kind": kind,
                             **{f: None for f in _ACTOR_FIELDS}})
    if new_rows:
        # Another writer (a second ingest process on PostgreSQL) may have added the same
        # actor since the select above: its row wins and this article's fields for it are
        # merged the next time the actor is ingested.
        conn.execute(_insert_ignoring_duplicates(conn, s.actors), new_rows)
    for actor_id in sorted(existing & set(wanted)):
        row = _actor_row(wanted[actor_id])
        values = {k: v for k, v in row.items()
                  if k != "id" and v is not None and v != known[actor_id][k]}
        if values:  # most articles repeat what is known: no write, no row lock
            conn.execute(update(s.actors).where(s.actors.c.id == actor_id).values(**values))


def _actor_row(x: Actor) -> dict:
    return {"id": x.id, "name": x.name, "name_norm": normalise_alias(x.name), "kind": x.kind,
            **{f: getattr(x, f) for f in _ACTOR_FIELDS}}


def canonical_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _dyad_id(conn: Connection, a: str, b: str, create: bool = False) -> int | None:
    p1, p2 = canonical_pair(a, b)
    found = conn.execute(select(s.dyads.c.id).where(
        s.dyads.c.party1 == p1, s.dyads.c.party2 == p2)).scalar()
    if found is not None or not create:
        return found
    conn.execute(_insert_ignoring_duplicates(conn, s.dyads).values(
        party1=p1, party2=p2, status="current"))
    dyad_id = conn.execute(select(s.dyads.c.id).where(
        s.dyads.c.party1 == p1, s.dyads.c.party2 == p2)).scalar_one()
    # Missions other articles recorded before this dyad had an article now belong to it.
    m = s.missions.c
    conn.execute(update(s.missions).where(
        m.dyad_id.is_(None),
        ((m.sender == p1) & (m.host == p2)) | ((m.sender == p2) & (m.host == p1)),
    ).values(dyad_id=dyad_id))
    return dyad_id


def _insert_ignoring_duplicates(conn: Connection, table):
    """INSERT that skips rows whose unique key exists (ON CONFLICT DO NOTHING)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    return insert(table)


def recompute_dyad(conn: Connection, dyad_id: int) -> None:
    """A dyad is historical as soon as one of its articles says it ended; the earliest
    ending date any of them gives wins. With no article left about it, it goes."""
    claims = conn.execute(select(
        s.dyad_articles.c.status, s.dyad_articles.c.ended, s.dyad_articles.c.ended_because,
        s.dyad_articles.c.began,
    ).where(s.dyad_articles.c.dyad_id == dyad_id)).all()
    if not claims:
        conn.execute(update(s.missions).where(s.missions.c.dyad_id == dyad_id)
                     .values(dyad_id=None))
        conn.execute(delete(s.dyads).where(s.dyads.c.id == dyad_id))
        return
    ended = [c for c in claims if c.status == "historical" or c.ended]
    if ended:
        first = min(ended, key=lambda c: c.ended or "9999-99-99")
        values = {"status": "historical", "ended": first.ended,
                  "ended_because": first.ended_because}
    else:
        values = {"status": "current", "ended": None, "ended_because": None}
    values["began"] = earliest_value([c.began for c in claims if c.began])
    conn.execute(update(s.dyads).where(s.dyads.c.id == dyad_id).values(**values))


def _insert_events(conn: Connection, doc: Document, article_id: int) -> None:
    sentences = doc.sentences
    rows = []
    for i, e in enumerate(doc.events):
        sent = sentences[e.sentence] if 0 <= e.sentence < len(sentences) else None
        rows.append({
            "article_id": article_id, "position": i, "eid": e.id, "type": e.type,
            "plover": e.plover, "quad": PLOVER_QUAD.get(e.plover or ""),
            "date_value": e.date.value, "date_mod": e.date.mod,
            "earliest": e.date.earliest, "latest": e.date.latest,
            "timex_tid": e.date.timex, "inherited": bool(e.date.inherited),
            "trigger_start": e.trigger.start, "trigger_end": e.trigger.end,
            "trigger_text": e.trigger.text, "sentence_idx": e.sentence,
            "sentence_start": sent.start if sent else None,
            "sentence_end": sent.end if sent else None,
            "same_as": e.same_as, "negated": bool(e.negated),
            "hypothetical": bool(e.hypothetical), "future": bool(e.future), "rule": e.rule,
        })
    conn.execute(insert(s.events), rows)
    ids = dict(conn.execute(select(s.events.c.eid, s.events.c.id).where(
        s.events.c.article_id == article_id)).all())
    actor_rows = []
    for e in doc.events:
        for role, members in (("source", e.source), ("target", e.target)):
            seen: set[str] = set()
            for j, actor_id in enumerate(members):
                if actor_id in seen:
                    continue
                seen.add(actor_id)
                actor_rows.append({"event_id": ids[e.id], "role": role, "actor_id": actor_id,
                                   "position": j})
    if actor_rows:
        conn.execute(insert(s.event_actors), actor_rows)


def count_rows(conn: Connection, table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()
