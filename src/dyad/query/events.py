"""Events with their evidence, and articles with every extracted span.

`event_rows` turns rows of `events_select` into the JSON events that timelines, the event
page and the API share (actors, sentence text and offsets, the date as people read it).
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import Connection, and_, func, select

from ..errors import QueryError
from ..model import PLOVER_QUAD
from ..store import schema as s
from .common import bounded, dyad_heads, slug
from .humanize import describe_date


def events_select(*where):
    """Events with their sentence's text and offsets (joined on the sentence index), for
    `event_rows`."""
    sen = s.sentences
    return (select(s.events, sen.c.text.label("sentence_text"),
                   sen.c.start_offset.label("sentence_text_start"),
                   sen.c.end_offset.label("sentence_text_end"))
            .outerjoin(sen, and_(sen.c.article_id == s.events.c.article_id,
                                 sen.c.idx == s.events.c.sentence_idx))
            .where(*where))


def event_rows(conn: Connection, rows) -> list[dict]:
    """Rows of `events_select` -> JSON events with actors, sentence text and date label.

    Shared by the timeline and the event page; one more query whatever the number of rows.
    """
    rows = list(rows)
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    roles: dict[int, dict[str, list[dict]]] = defaultdict(lambda: {"source": [], "target": []})
    ea, a = s.event_actors, s.actors
    for r in conn.execute(select(ea.c.event_id, ea.c.role, a.c.id, a.c.name, a.c.kind)
                          .join(a, a.c.id == ea.c.actor_id).where(ea.c.event_id.in_(ids))
                          .order_by(ea.c.event_id, ea.c.position)):
        roles[r.event_id][r.role].append(
            {"id": r.id, "name": r.name, "kind": r.kind, "slug": slug(r.name)})
    out = []
    for r in rows:
        src = roles[r["id"]]["source"]
        tgt = roles[r["id"]]["target"]
        quad = r["quad"] or PLOVER_QUAD.get(r["plover"] or "")
        text_known = r["sentence_text"] is not None
        out.append({
            "id": r["id"],
            "eid": r["eid"],
            "url": f"/events/{r['id']}",
            "type": r["type"],
            "plover": r["plover"],
            "quad": quad,
            "date": {"value": r["date_value"], "mod": r["date_mod"], "earliest": r["earliest"],
                     "latest": r["latest"], "timex": r["timex_tid"],
                     "inherited": bool(r["inherited"])}
            | describe_date(r["date_value"], r["date_mod"], r["earliest"], r["latest"]),
            "trigger": {"start": r["trigger_start"], "end": r["trigger_end"],
                        "text": r["trigger_text"]},
            "source": src,
            "target": tgt,
            "label": _label(src, r["trigger_text"], tgt),
            "sentence": {"index": r["sentence_idx"],
                         "start": r["sentence_text_start"] if text_known else r["sentence_start"],
                         "end": r["sentence_text_end"] if text_known else r["sentence_end"],
                         "text": r["sentence_text"]},
            "article": r["article_id"],
            "same_as": r["same_as"],
            "negated": bool(r["negated"]),
            "hypothetical": bool(r["hypothetical"]),
            "future": bool(r["future"]),
            "rule": r["rule"],
        })
    return out


def _label(src: list[dict], trigger: str, tgt: list[dict]) -> str:
    who = ", ".join(a["name"] for a in src[:2])
    whom = ", ".join(a["name"] for a in tgt[:2])
    return " ".join(x for x in (who, trigger, whom) if x)


def event_detail(conn: Connection, event_id: int) -> dict:
    """One event: its sentence (text and offsets), the article, the spans to highlight in the
    sentence (trigger, actors, timexes) and the rule that produced it."""
    row = conn.execute(events_select(s.events.c.id == event_id)).mappings().first()
    if row is None:
        raise QueryError(None, f"no event with id {event_id}")
    ev = event_rows(conn, [row])[0]
    art = conn.execute(select(s.articles.c.id, s.articles.c.title, s.articles.c.source,
                              s.articles.c.revision_id)
                       .where(s.articles.c.id == row["article_id"])).mappings().one()
    ev["article"] = {"id": art["id"], "title": art["title"], "source": art["source"],
                     "revision_id": art["revision_id"], "url": f"/articles/{art['id']}"}
    sent = ev["sentence"]
    spans = []
    if sent["start"] is not None:
        lo, hi = sent["start"], sent["end"]
        spans = [sp for sp in article_spans(conn, row["article_id"])
                 if sp["start"] >= lo and sp["end"] <= hi]
    ev["spans"] = spans
    ev["timex"] = next((sp for sp in spans if sp["kind"] == "timex"
                        and sp.get("tid") == row["timex_tid"]), None)
    # The dyads of its article; of an overview page's many, those whose parties both take part
    actors = {a["id"] for a in ev["source"] + ev["target"]}
    ev["dyads"] = dyad_heads(conn, [
        d.dyad_id for d in conn.execute(
            select(s.dyad_articles.c.dyad_id, s.dyad_articles.c.scope, s.dyad_articles.c.party1,
                   s.dyad_articles.c.party2)
            .where(s.dyad_articles.c.article_id == row["article_id"]))
        if d.scope != "region" or {d.party1, d.party2} <= actors])
    ev["provenance"] = {"stage": "events", "rule": row["rule"],
                        "article": art["id"], "sentence": row["sentence_idx"],
                        "trigger": [row["trigger_start"], row["trigger_end"]],
                        "timex": row["timex_tid"], "date_inherited": bool(row["inherited"])}
    return ev



def article_spans(conn: Connection, article_id: int) -> list[dict]:
    """Every extracted span of an article, sorted: timexes, actor mentions, event triggers."""
    spans = []
    for r in conn.execute(select(s.timexes).where(s.timexes.c.article_id == article_id)):
        spans.append({"kind": "timex", "start": r.start_offset, "end": r.end_offset,
                      "tid": r.tid, "text": r.text, "type": r.type, "value": r.value,
                      "mod": r.mod, "rule": r.rule})
    for r in conn.execute(select(s.actor_mentions.c.start_offset, s.actor_mentions.c.end_offset,
                                 s.actors.c.id, s.actors.c.name, s.actors.c.kind)
                          .join(s.actors, s.actors.c.id == s.actor_mentions.c.actor_id)
                          .where(s.actor_mentions.c.article_id == article_id)):
        spans.append({"kind": "actor", "start": r.start_offset, "end": r.end_offset,
                      "actor": r.id, "name": r.name, "actor_kind": r.kind})
    for r in conn.execute(select(s.events.c.id, s.events.c.type, s.events.c.plover,
                                 s.events.c.quad, s.events.c.trigger_start,
                                 s.events.c.trigger_end, s.events.c.rule)
                          .where(s.events.c.article_id == article_id)):
        spans.append({"kind": "event", "start": r.trigger_start, "end": r.trigger_end,
                      "event": r.id, "type": r.type, "plover": r.plover,
                      "quad": r.quad or PLOVER_QUAD.get(r.plover or ""), "rule": r.rule,
                      "url": f"/events/{r.id}"})
    spans.sort(key=lambda x: (x["start"], -x["end"]))
    return spans


def article_detail(conn: Connection, article_id: int) -> dict:
    row = conn.execute(select(s.articles).where(s.articles.c.id == article_id)).mappings().first()
    if row is None:
        raise QueryError(None, f"no article with id {article_id}")
    structure = json.loads(row["structure"] or "{}")
    sentences = [[r.start_offset, r.end_offset] for r in conn.execute(
        select(s.sentences.c.start_offset, s.sentences.c.end_offset)
        .where(s.sentences.c.article_id == article_id).order_by(s.sentences.c.idx))]
    return {
        "id": row["id"], "title": row["title"], "source": row["source"],
        "format": row["format"], "revision_id": row["revision_id"],
        "timestamp": row["timestamp"], "text": row["text"],
        "sections": structure.get("sections", []),
        "infobox": structure.get("infobox"),
        "sentences": sentences,
        "spans": article_spans(conn, article_id),
        "url": f"/articles/{row['id']}",
    }


def list_articles(conn: Connection, limit: int = 100, offset: int = 0) -> dict:
    limit, offset = bounded(limit, offset)
    total = conn.execute(select(func.count()).select_from(s.articles)).scalar_one()
    rows = conn.execute(select(s.articles.c.id, s.articles.c.title, s.articles.c.source)
                        .order_by(s.articles.c.title).limit(limit).offset(offset))
    return {"articles": [{"id": r.id, "title": r.title, "source": r.source,
                          "url": f"/articles/{r.id}"} for r in rows],
            "total": total, "limit": limit, "offset": offset}
