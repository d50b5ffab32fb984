"""Read-side queries of the explorer: dyads, one dyad's summary, events, polities, articles
and full-text search over sentences.

Every function takes an open SQLAlchemy `Connection` and returns plain JSON-ready dicts, so
that the HTTP API, the pages and any script share one answer. A dyad's events are the events
of the article(s) about that dyad (`dyad_articles`): what the article narrates, including the
third parties it involves. Timeline paging lives in `query/timeline.py`; this module adds what
the pages show around it (counts, parties, missions, provenance, spans to highlight).
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from functools import lru_cache

from sqlalchemy import Connection, and_, func, or_, select, text

from ..errors import QueryError
from ..model import PLOVER_QUAD
from ..store import schema as s
from ..store.keys import normalise_alias
from .humanize import decade_of, describe_date, format_day

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
MAX_LIMIT = 500  # largest page any list query returns


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """URL slug of an actor name: `Hong Kong` -> `hong-kong` (an alias key with dashes)."""
    return normalise_alias(name).replace(" ", "-")


def bounded(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or limit > MAX_LIMIT:
        raise QueryError(None, f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise QueryError(None, f"offset must be 0 or more, not {offset}")
    return limit, offset


# ---------------------------------------------------------------------------------- dyads

_MEMBERS: dict[tuple, tuple[list[int], list[int]]] = {}
_MAX_EXTRA = 5000  # beyond this many events from other articles, filter in SQL instead


class _SqliteWatch:
    """SQLite's own change counter: `PRAGMA data_version` on a connection that never writes
    changes whenever any other connection commits. Read under a lock (one connection shared
    by the server's threads); microseconds, where counting articles reads their text."""

    def __init__(self, path: str):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()
        self.seen: int | None = None
        self.generation = 0

    def version(self) -> int:
        with self.lock:
            value = self.conn.execute("PRAGMA data_version").fetchone()[0]
            if value != self.seen:
                self.seen = value
                self.generation += 1
            return self.generation


_WATCHES: dict[str, _SqliteWatch] = {}


def kb_version(conn: Connection) -> tuple:
    """A token that changes whenever the knowledge base does (an article ingested, replaced
    or deleted). Caches of derived answers (dyad membership, totals) are keyed by it."""
    url = conn.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        watch = _WATCHES.get(url.database)
        if watch is None:
            watch = _WATCHES.setdefault(url.database, _SqliteWatch(url.database))
        return str(url), "data_version", watch.version()
    n, last = conn.execute(select(func.count(), func.max(s.articles.c.ingested_at))
                           .select_from(s.articles)).one()
    return str(url), n, str(last)


class _Cache(dict):
    """A bounded memo: cleared whole when full (entries are cheap to recompute)."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key, value):
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value


COUNT_CAP = 5000  # a filtered timeline's total is exact up to here, "at least" beyond
_SPANS = _Cache(64)
_TOTALS = _Cache(4096)


def max_span_days(conn: Connection, version: tuple | None = None) -> int:
    """The widest event date interval in days (a century-dated event: ~36,500). A range
    query can then bound `earliest` from below too, so that the date index is read over
    the range instead of from the first event on."""
    key = version or kb_version(conn)
    if key in _SPANS:
        return _SPANS[key]
    if conn.dialect.name == "sqlite":
        expr = func.max(func.julianday(s.events.c.latest) - func.julianday(s.events.c.earliest))
    else:
        expr = func.max(func.to_date(s.events.c.latest, "YYYY-MM-DD")
                        - func.to_date(s.events.c.earliest, "YYYY-MM-DD"))
    days = conn.execute(select(expr)).scalar()
    return _SPANS.put(key, int(days or 0) + 1)


def _days_before(day: str, days: int) -> str:
    from datetime import date, timedelta

    try:
        return max(date(1, 1, 1), date.fromisoformat(day) - timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return "0001-01-01"


def dyad_members(conn: Connection, dyad_id: int, version: tuple | None = None):
    """A dyad's events as `query.timeline` defines them: (ids of the articles about the
    dyad, ids of events of other articles in which both parties, or people and organisations
    affiliated with them, take part). Repeated mentions (`same_as`) are left out.

    Finding the second list scans every event of both parties, so it is cached until the
    knowledge base changes; None when it is too long to pass as a list.
    """
    key = (*(version or kb_version(conn)), dyad_id)
    if key in _MEMBERS:
        return _MEMBERS[key]
    row = conn.execute(select(s.dyads.c.party1, s.dyads.c.party2)
                       .where(s.dyads.c.id == dyad_id)).first()
    if row is None:
        raise QueryError(None, f"no dyad with id {dyad_id}")
    sides = []
    for party in row:
        members = conn.execute(select(s.actors.c.id).where(
            s.actors.c.affiliation == party)).scalars().all()
        sides.append([party, *members])
    about = conn.execute(select(s.dyad_articles.c.article_id)
                         .where(s.dyad_articles.c.dyad_id == dyad_id)).scalars().all()
    # Only articles that name both sides can hold such events (an event's actors are among
    # its Document's actors): a small set, found on the article_actors index, instead of
    # every event of a party that takes part in many dyads.
    aa = s.article_actors
    both_named = (set(conn.execute(select(aa.c.article_id).where(aa.c.actor_id.in_(sides[0])))
                      .scalars())
                  & set(conn.execute(select(aa.c.article_id).where(aa.c.actor_id.in_(sides[1])))
                        .scalars())) - set(about)
    extra: list[int] = []
    if both_named:
        ea1, ea2 = s.event_actors.alias("ea1"), s.event_actors.alias("ea2")
        extra = conn.execute(
            select(func.distinct(ea1.c.event_id))
            .join(ea2, ea2.c.event_id == ea1.c.event_id)
            .join(s.events, s.events.c.id == ea1.c.event_id)
            .where(s.events.c.article_id.in_(sorted(both_named)),
                   ea1.c.actor_id.in_(sides[0]), ea2.c.actor_id.in_(sides[1]),
                   s.events.c.same_as.is_(None))).scalars().all()
    if len(_MEMBERS) > 256:
        _MEMBERS.clear()
    _MEMBERS[key] = (sorted(about), sorted(extra) if len(extra) <= _MAX_EXTRA else None,
                     sides)
    return _MEMBERS[key]


def dyad_events_where(conn: Connection, dyad_id: int, *, ordered: bool = False,
                      version: tuple | None = None):
    """The condition on `s.events` that selects a dyad's events (see `dyad_members`).

    `ordered`: the query reads events in date order; the article filter is then written so
    that SQLite does not use the article index (`+ 0`), walking the date index instead and
    stopping after one page rather than sorting every event of the dyad.
    """
    about, extra, sides = dyad_members(conn, dyad_id, version)
    article = (s.events.c.article_id + 0) if ordered else s.events.c.article_id
    if extra is None:
        ea = s.event_actors
        other = and_(s.events.c.id.in_(select(ea.c.event_id).where(ea.c.actor_id.in_(sides[0]))),
                     s.events.c.id.in_(select(ea.c.event_id).where(ea.c.actor_id.in_(sides[1]))))
    else:
        other = s.events.c.id.in_(extra) if extra else None
    member = article.in_(about) if other is None else or_(article.in_(about), other)
    return and_(member, s.events.c.same_as.is_(None))


def _actor_names(conn: Connection, ids) -> dict[str, dict]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = conn.execute(select(s.actors.c.id, s.actors.c.name, s.actors.c.kind)
                        .where(s.actors.c.id.in_(ids)))
    return {r.id: {"id": r.id, "name": r.name, "kind": r.kind, "slug": slug(r.name)}
            for r in rows}


def _ordered_parties(conn: Connection, dyad_ids) -> dict[int, tuple[str, str]]:
    """Each dyad's parties in the order its (first) article names them."""
    out: dict[int, tuple[str, str]] = {}
    rows = conn.execute(select(s.dyad_articles.c.dyad_id, s.dyad_articles.c.party1,
                               s.dyad_articles.c.party2)
                        .where(s.dyad_articles.c.dyad_id.in_(list(dyad_ids)))
                        .order_by(s.dyad_articles.c.dyad_id, s.dyad_articles.c.article_id))
    for r in rows:
        out.setdefault(r.dyad_id, (r.party1, r.party2))
    return out


def list_dyads(conn: Connection, q: str | None = None, limit: int = 100,
               offset: int = 0) -> dict:
    """Dyads with their parties, status and event counts (by PLOVER quad class).

    `q` matches any alias of either party (`NKR` finds Armenia–Artsakh) or a word of a name.
    """
    limit, offset = bounded(limit, offset)
    query = select(s.dyads)
    if q and q.strip():
        norm = normalise_alias(q)
        like = f"%{norm}%"
        matching = select(s.aliases.c.actor_id).where(s.aliases.c.norm.like(like))
        by_name = select(s.actors.c.id).where(func.lower(s.actors.c.name).like(f"%{q.strip().lower()}%"))
        query = query.where(or_(s.dyads.c.party1.in_(matching), s.dyads.c.party2.in_(matching),
                                s.dyads.c.party1.in_(by_name), s.dyads.c.party2.in_(by_name)))
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    ids = conn.execute(query.with_only_columns(s.dyads.c.id).order_by(s.dyads.c.id)
                       .limit(limit).offset(offset)).scalars().all()
    version = kb_version(conn)
    dyads = []
    for head in _dyad_heads(conn, ids):
        c: Counter = Counter()
        for quad, n in conn.execute(select(s.events.c.quad, func.count())
                                    .where(dyad_events_where(conn, head["id"], version=version))
                                    .group_by(s.events.c.quad)):
            c[quad or "other"] += n
        dyads.append(head | {"events": sum(c.values()),
                             "by_quad": {k: c.get(k, 0) for k in (*QUADS, "other")}})
    return {"dyads": dyads, "total": total, "limit": limit, "offset": offset}


def _dyad_head(row, p1: dict, p2: dict) -> dict:
    return {
        "id": row["id"],
        "name": f"{p1['name']}–{p2['name']}",
        "parties": [p1, p2],
        "status": row["status"],
        "ended": row["ended"],
        "ended_because": row["ended_because"],
        "url": f"/dyads/{p1['slug']}/{p2['slug']}",
    }


def _dyad_heads(conn: Connection, ids) -> list[dict]:
    """Name, parties, status and page address of the given dyads."""
    order = _ordered_parties(conn, ids)
    rows = conn.execute(select(s.dyads).where(s.dyads.c.id.in_(list(ids)))
                        .order_by(s.dyads.c.id)).mappings().all()
    names = _actor_names(conn, [p for r in rows for p in (r["party1"], r["party2"])])
    out = []
    for r in rows:
        p1, p2 = order.get(r["id"], (r["party1"], r["party2"]))
        out.append(_dyad_head(r, names[p1], names[p2]))
    return out


_SUMMARIES = _Cache(512)


def dyad_summary(conn: Connection, dyad_id: int) -> dict:
    """One dyad: parties with status and lifespans, missions, articles, counts of events by
    type, by quad class and by decade. Remembered until the knowledge base changes (a dyad
    of 50k events takes a while to count); callers get their own copy."""
    key = (kb_version(conn), dyad_id)
    if key not in _SUMMARIES:
        _SUMMARIES.put(key, _dyad_summary(conn, dyad_id))
    return copy.deepcopy(_SUMMARIES[key])


def _dyad_summary(conn: Connection, dyad_id: int) -> dict:
    row = conn.execute(select(s.dyads).where(s.dyads.c.id == dyad_id)).mappings().first()
    if row is None:
        raise QueryError(None, f"no dyad with id {dyad_id}")
    p1, p2 = _ordered_parties(conn, [dyad_id]).get(dyad_id, (row["party1"], row["party2"]))
    parties = [polity_card(conn, p1), polity_card(conn, p2)]
    head = _dyad_head(row, parties[0], parties[1])
    if row["ended"]:
        # Say why in the party's own card ("dissolved 1 January 2024").
        head["ended_text"] = format_day(row["ended"])

    by_type: Counter = Counter()
    by_quad: Counter = Counter()
    by_decade: dict[str, Counter] = defaultdict(Counter)
    imprecise = 0
    undated = 0
    e = s.events
    # Grouped in SQL by what the counts need (type, quad, the decades of both bounds), so
    # that a dyad of 50k events costs a few hundred groups here, not 50k rows.
    first, last = func.substr(e.c.earliest, 1, 4), func.substr(e.c.latest, 1, 4)
    for r in conn.execute(select(e.c.type, e.c.quad, first.label("lo"), last.label("hi"),
                                 func.count().label("n"))
                          .where(dyad_events_where(conn, dyad_id))
                          .group_by(e.c.type, e.c.quad, first, last)):
        by_type[r.type] += r.n
        by_quad[r.quad or "other"] += r.n
        if not r.lo:
            undated += r.n
            continue
        decade = decade_of(r.lo, r.hi)
        if decade is None:
            imprecise += r.n
        else:
            by_decade[decade][r.quad or "other"] += r.n

    articles = [dict(id=r.id, title=r.title, source=r.source, url=f"/articles/{r.id}")
                for r in conn.execute(
                    select(s.articles.c.id, s.articles.c.title, s.articles.c.source)
                    .join(s.dyad_articles, s.dyad_articles.c.article_id == s.articles.c.id)
                    .where(s.dyad_articles.c.dyad_id == dyad_id).order_by(s.articles.c.id))]
    mission_rows = conn.execute(
        select(s.missions).where(or_(
            s.missions.c.dyad_id == dyad_id,
            and_(s.missions.c.sender.in_([p1, p2]), s.missions.c.host.in_([p1, p2]),
                 s.missions.c.sender != s.missions.c.host)))
        .order_by(s.missions.c.article_id, s.missions.c.position)).mappings().all()
    names = _actor_names(conn, [m[k] for m in mission_rows for k in ("sender", "host")])
    missions, seen = [], set()
    for m in mission_rows:
        key = (m["sender"], m["host"], m["name"], m["city"], m["kind"])
        if key in seen:  # the same mission named by two articles
            continue
        seen.add(key)
        missions.append({"sender": names.get(m["sender"]), "host": names.get(m["host"]),
                         "name": m["name"], "city": m["city"], "kind": m["kind"],
                         "article": m["article_id"], "rule": m["rule"]})
    return head | {
        "articles": articles,
        "missions": missions,
        "counts": {
            "events": sum(by_type.values()),
            "by_type": dict(by_type.most_common()),
            "by_quad": {k: by_quad.get(k, 0) for k in (*QUADS, "other")},
            "by_decade": [{"decade": d, "events": sum(c.values()),
                           "by_quad": {k: c.get(k, 0) for k in (*QUADS, "other")}}
                          for d, c in sorted(by_decade.items())],
            "wider_than_a_decade": imprecise,
            "undated": undated,
        },
    }


def dyad_actors(conn: Connection, dyad_id: int) -> list[dict]:
    """Actors that take part (as source or target) in the dyad's events, most active first."""
    ids = select(s.events.c.id).where(dyad_events_where(conn, dyad_id))
    rows = conn.execute(
        select(s.event_actors.c.actor_id, func.count(func.distinct(s.event_actors.c.event_id)))
        .where(s.event_actors.c.event_id.in_(ids))
        .group_by(s.event_actors.c.actor_id))
    counts = {r[0]: r[1] for r in rows}
    names = _actor_names(conn, counts)
    return sorted((names[a] | {"events": n} for a, n in counts.items() if a in names),
                  key=lambda x: (-x["events"], x["name"]))


# -------------------------------------------------------------------------------- timeline

def timeline_page(conn: Connection, dyad_id: int, *, date_from: str | None = None,
                  date_to: str | None = None, types: list[str] | tuple[str, ...] = (),
                  actor: str | None = None, limit: int = 100, offset: int = 0) -> dict:
    """One page of a dyad's timeline, paged and filtered in SQL (the whole-timeline
    `query.timeline.timeline` loads every event; a page must not).

    `date_from`/`date_to` are YYYY-MM-DD days: events whose date interval overlaps them;
    `types` PLOVER or domain types; `actor` an actor id taking part as source or target.
    Same order as `query.timeline`: earliest day, latest day, article, position; undated last.
    `total` is exact for the whole timeline; with filters it is exact up to COUNT_CAP and
    `total_exact` says whether it is (beyond, it is a lower bound: more pages follow).
    """
    limit, offset = bounded(limit, offset)
    e = s.events
    version = kb_version(conn)
    filters = []
    type_filter = None
    if types:
        wanted = [t.upper() for t in types]
        type_filter = or_(e.c.type.in_(wanted), e.c.plover.in_(wanted))
    if date_from:
        filters.append(e.c.latest >= date_from)
        # Implied by the line above (no event is wider than the widest); lets the date
        # index be read from here instead of from the first event.
        filters.append(e.c.earliest >= _days_before(date_from, max_span_days(conn, version)))
    if date_to:
        filters.append(e.c.earliest <= date_to)
    if actor:
        ea = s.event_actors
        filters.append(select(ea.c.event_id).where(ea.c.event_id == e.c.id,
                                                   ea.c.actor_id == actor).exists())
    where = [dyad_events_where(conn, dyad_id, version=version), *filters]
    if type_filter is not None:
        where.append(type_filter)
    # Read along the date index: in date order (for the page), and for a count when dates
    # bound the range on both sides. SQLite would otherwise pick the article or type index and sort
    # every matching event; `|| ''` keeps it off the type indexes.
    ordered = [dyad_events_where(conn, dyad_id, ordered=True, version=version), *filters]
    if type_filter is not None:
        ordered.append(or_((e.c.type.op("||")("")).in_(wanted),
                           (e.c.plover.op("||")("")).in_(wanted)))
    key = (version, dyad_id, tuple(sorted(types)), date_from, date_to, actor)
    total = _TOTALS.get(key)
    if total is None:
        counted = ordered if (date_from and date_to) else where
        if filters or type_filter is not None:
            # A filtered total is counted up to COUNT_CAP: exact below it, "at least" above
            # (counting 25k matches would cost more than the page itself).
            capped = select(e.c.id).where(*counted).limit(COUNT_CAP + 1).subquery()
            total = conn.execute(select(func.count()).select_from(capped)).scalar_one()
        else:
            total = conn.execute(select(func.count()).select_from(e).where(*counted)).scalar_one()
        _TOTALS.put(key, total)
    exact = total <= COUNT_CAP
    # Dated events first; the undated ones after them.
    dated_where = [*ordered, e.c.earliest.is_not(None)]
    # The page's ids first (no join: rows skipped by OFFSET cost no sentence lookups).
    ids = list(conn.execute(
        select(e.c.id).where(*dated_where)
        .order_by(e.c.earliest, e.c.latest, e.c.article_id, e.c.position)
        .limit(limit).offset(offset)).scalars())
    if len(ids) < limit and not (date_from or date_to):
        dated = conn.execute(select(func.count()).select_from(e).where(*dated_where)).scalar_one()
        ids += conn.execute(
            select(e.c.id).where(*where, e.c.earliest.is_(None))
            .order_by(e.c.article_id, e.c.position)
            .limit(limit - len(ids)).offset(max(0, offset - dated))).scalars().all()
    by_id = {r["id"]: r for r in conn.execute(events_select(e.c.id.in_(ids))).mappings()}
    rows = [by_id[i] for i in ids]
    return {"events": event_rows(conn, rows), "total": min(total, COUNT_CAP) if not exact
            else total, "total_exact": exact, "limit": limit, "offset": offset}


# ---------------------------------------------------------------------------------- events

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
    ev["dyads"] = _dyad_heads(conn, conn.execute(
        select(s.dyad_articles.c.dyad_id)
        .where(s.dyad_articles.c.article_id == row["article_id"])).scalars().all())
    ev["provenance"] = {"stage": "events", "rule": row["rule"],
                        "article": art["id"], "sentence": row["sentence_idx"],
                        "trigger": [row["trigger_start"], row["trigger_end"]],
                        "timex": row["timex_tid"], "date_inherited": bool(row["inherited"])}
    return ev


# -------------------------------------------------------------------------------- articles

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


# ------------------------------------------------------------------------------- polities

def polity_card(conn: Connection, actor_id: str) -> dict:
    """An actor with its aliases, lifespan and recognition status."""
    r = conn.execute(select(s.actors).where(s.actors.c.id == actor_id)).mappings().first()
    if r is None:
        raise QueryError(None, f"no actor with id {actor_id}")
    aliases = []
    for a in conn.execute(select(s.aliases.c.alias).where(s.aliases.c.actor_id == actor_id)
                          .order_by(s.aliases.c.position, s.aliases.c.id)).scalars():
        if a not in aliases and a != r["name"]:
            aliases.append(a)
    return {
        "id": r["id"], "name": r["name"], "kind": r["kind"], "slug": slug(r["name"]),
        "aliases": aliases, "iso3": r["iso3"], "wikidata": r["wikidata"],
        "status": r["status"], "founded": r["founded"], "dissolved": r["dissolved"],
        "founded_text": _day_or_value(r["founded"]),
        "dissolved_text": _day_or_value(r["dissolved"]),
        "role": r["role"], "affiliation": r["affiliation"],
        "url": f"/polities/{slug(r['name'])}" if r["kind"] == "polity" else None,
    }


def _day_or_value(v: str | None) -> str | None:
    if not v:
        return None
    return describe_date(v)["text"]


def list_polities(conn: Connection, q: str | None = None, limit: int = 100,
                  offset: int = 0) -> dict:
    limit, offset = bounded(limit, offset)
    query = select(s.actors.c.id).where(s.actors.c.kind == "polity")
    if q and q.strip():
        matching = select(s.aliases.c.actor_id).where(s.aliases.c.norm.like(f"%{normalise_alias(q)}%"))
        query = query.where(or_(s.actors.c.id.in_(matching),
                                func.lower(s.actors.c.name).like(f"%{q.strip().lower()}%")))
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    ids = conn.execute(query.order_by(s.actors.c.name).limit(limit).offset(offset)).scalars().all()
    return {"polities": [polity_card(conn, i) for i in ids], "total": total,
            "limit": limit, "offset": offset}


def polity_detail(conn: Connection, actor_id: str) -> dict:
    card = polity_card(conn, actor_id)
    ids = conn.execute(select(s.dyads.c.id).where(or_(s.dyads.c.party1 == actor_id,
                                                      s.dyads.c.party2 == actor_id))
                       .order_by(s.dyads.c.id)).scalars().all()
    dyads = _dyad_heads(conn, ids)
    events = conn.execute(select(func.count(func.distinct(s.event_actors.c.event_id)))
                          .where(s.event_actors.c.actor_id == actor_id)).scalar_one()
    return card | {"dyads": dyads, "events": events}


# --------------------------------------------------------------------------------- search

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY = 200  # characters of a search query


def search_sentences(conn: Connection, q: str, limit: int = 20, offset: int = 0) -> dict:
    """Full-text search over sentences: SQLite FTS5 (bm25 rank), PostgreSQL tsvector
    (ts_rank), else a LIKE scan. Each hit carries the spans of the query's words in it."""
    limit, offset = bounded(limit, offset)
    if len(q) > MAX_QUERY:
        raise QueryError(None, f"search query longer than {MAX_QUERY} characters")
    words = _WORD.findall(q)
    if not words:  # punctuation only: nothing can match, and that is not an error
        return {"query": q, "hits": [], "total": 0, "limit": limit, "offset": offset}
    dialect = conn.dialect.name
    params = {"limit": limit, "offset": offset}
    if dialect == "sqlite" and _has_table(conn, "sentences_fts"):
        # Each word quoted (so FTS5 syntax in user input is inert) and prefix-matched.
        params["q"] = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        base = ("FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
                "JOIN articles a ON a.id = s.article_id WHERE sentences_fts MATCH :q")
        order = "ORDER BY bm25(sentences_fts), s.id"
    elif dialect == "postgresql":
        params["q"] = " ".join(words)
        base = ("FROM sentences s JOIN articles a ON a.id = s.article_id "
                "WHERE to_tsvector('english', s.text) @@ plainto_tsquery('english', :q)")
        order = ("ORDER BY ts_rank(to_tsvector('english', s.text), "
                 "plainto_tsquery('english', :q)) DESC, s.id")
    else:
        conds = []
        for i, w in enumerate(words):
            params[f"w{i}"] = f"%{w.lower()}%"
            conds.append(f"lower(s.text) LIKE :w{i}")
        base = ("FROM sentences s JOIN articles a ON a.id = s.article_id WHERE "
                + " AND ".join(conds))
        order = "ORDER BY s.id"
    total = conn.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
    rows = conn.execute(text(
        f"SELECT s.id, s.article_id, s.idx, s.start_offset, s.end_offset, s.text, a.title "
        f"{base} {order} LIMIT :limit OFFSET :offset"), params).mappings().all()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*",
                         re.IGNORECASE)
    hits = [{
        "sentence": r["idx"], "start": r["start_offset"], "end": r["end_offset"],
        "text": r["text"],
        "matches": [[m.start(), m.end()] for m in pattern.finditer(r["text"])],
        "article": {"id": r["article_id"], "title": r["title"],
                    "url": f"/articles/{r['article_id']}"},
        "url": f"/articles/{r['article_id']}#s{r['idx']}",
    } for r in rows]
    return {"query": q, "hits": hits, "total": total, "limit": limit, "offset": offset}


def _has_table(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"),
                        {"n": name}).first() is not None


def kb_counts(conn: Connection) -> dict:
    """Sizes of the knowledge base, for the home page."""
    def n(table):
        return conn.execute(select(func.count()).select_from(table)).scalar_one()
    return {"articles": n(s.articles), "dyads": n(s.dyads), "events": n(s.events),
            "polities": conn.execute(select(func.count()).select_from(s.actors)
                                     .where(s.actors.c.kind == "polity")).scalar_one()}
