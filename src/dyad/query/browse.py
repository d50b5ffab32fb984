"""Dyads and their timelines, for the explorer: the list of dyads with their counts, one
dyad's summary (parties, missions, counts by type, quad class and decade), the actors taking
part, and one page of a dyad's timeline, filtered and paged in SQL.

A dyad's events are those `query.timeline` lists: every event of the articles about the
dyad, and events of other articles in which both parties take part. The whole-timeline
`query.timeline.timeline` loads every event; a page here must not, so it reads along the
date index and remembers what it can per knowledge-base version (`kbcache`).
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict

from sqlalchemy import Connection, and_, func, or_, select

from ..errors import QueryError
from ..store import schema as s
from ..store.keys import normalise_alias
from .common import (
    MAX_LIMIT, QUADS, actor_names, bounded, dyad_head, dyad_heads, ordered_parties,
)
from .events import event_rows, events_select
from .humanize import decade_of, format_day
from .kbcache import Memo, kb_version
from .polities import polity_card

__all__ = ["COUNT_CAP", "MAX_LIMIT", "QUADS", "dyad_actors", "dyad_events_where",
           "dyad_members", "dyad_summary", "kb_counts", "list_dyads", "timeline_page"]

_MEMBERS: dict[tuple, tuple[list[int], list[int]]] = {}
_MAX_EXTRA = 5000  # beyond this many events from other articles, filter in SQL instead



COUNT_CAP = 5000  # a filtered timeline's total is exact up to here, "at least" beyond
_SPANS = Memo(64)
_TOTALS = Memo(4096)


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
    for head in dyad_heads(conn, ids):
        c: Counter = Counter()
        for quad, n in conn.execute(select(s.events.c.quad, func.count())
                                    .where(dyad_events_where(conn, head["id"], version=version))
                                    .group_by(s.events.c.quad)):
            c[quad or "other"] += n
        dyads.append(head | {"events": sum(c.values()),
                             "by_quad": {k: c.get(k, 0) for k in (*QUADS, "other")}})
    return {"dyads": dyads, "total": total, "limit": limit, "offset": offset}



_SUMMARIES = Memo(512)


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
    p1, p2 = ordered_parties(conn, [dyad_id]).get(dyad_id, (row["party1"], row["party2"]))
    parties = [polity_card(conn, p1), polity_card(conn, p2)]
    head = dyad_head(row, parties[0], parties[1])
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
    names = actor_names(conn, [m[k] for m in mission_rows for k in ("sender", "host")])
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
    names = actor_names(conn, counts)
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



def kb_counts(conn: Connection) -> dict:
    """Sizes of the knowledge base, for the home page."""
    def n(table):
        return conn.execute(select(func.count()).select_from(table)).scalar_one()
    return {"articles": n(s.articles), "dyads": n(s.dyads), "events": n(s.events),
            "polities": conn.execute(select(func.count()).select_from(s.actors)
                                     .where(s.actors.c.kind == "polity")).scalar_one()}
