"""Dyads and their timelines, for the explorer: the list of dyads with their counts, one
dyad's summary (parties, missions, counts by type, quad class and decade), the actors taking
part, and one page of a dyad's timeline, filtered and paged in SQL.

A dyad's events, their order and the merging of one event's reports by several articles are
those of `query.timeline`: both take them from `query.dyadevents`. The whole-timeline
`query.timeline.timeline` loads every event; a page here must not, so it reads along the
date index and remembers what it can per knowledge-base version (`kbcache`).
"""

from __future__ import annotations

import copy
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict

from sqlalchemy import Connection, and_, func, or_, select

from ..errors import QueryError
from ..store import schema as s
from ..store.keys import normalise_alias
from .common import (
    MAX_LIMIT, QUADS, actor_names, bounded, dyad_head, dyad_heads, dyad_sources,
    ordered_parties,
)
from .dyadevents import (
    EventFacts, Members, duplicates, member_where, members, none_of, not_dropped, off_index,
)
from .events import event_rows, events_select
from .humanize import decade_of, describe_date, format_day
from .kbcache import Memo, kb_version
from .ordered import IndexOrder, page_ids
from .polities import polity_card

__all__ = ["COUNT_CAP", "MAX_LIMIT", "QUADS", "dyad_actors", "dyad_events_where",
           "dyad_members", "dyad_summary", "kb_counts", "list_dyads", "timeline_page"]

COUNT_CAP = 5000  # a filtered timeline's total is exact up to here, "at least" beyond
_SPANS = Memo(64)
_TOTALS = Memo(4096)
_PARTIES = Memo(4096)
_WHERE = Memo(1024)
_COUNTS = Memo(4096)  # per dyad: events by quad class, events by actor
_MERGED = Memo(512)  # per page filter: how many merged reports it keeps, and which


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


def dyad_members(conn: Connection, dyad_id: int, version: tuple | None = None) -> Members:
    """A dyad's events as `query.timeline` defines them (`dyadevents.members`)."""
    version = version or kb_version(conn)
    key = (version, dyad_id)
    if key not in _PARTIES:
        row = conn.execute(select(s.dyads.c.party1, s.dyads.c.party2)
                           .where(s.dyads.c.id == dyad_id)).first()
        if row is None:
            raise QueryError(None, f"no dyad with id {dyad_id}")
        _PARTIES.put(key, tuple(row))
    return members(conn, *_PARTIES[key], version)


def dyad_events_where(conn: Connection, dyad_id: int, *, ordered: bool = False,
                      version: tuple | None = None, merged: bool = True):
    """The condition on `s.events` that selects a dyad's events (see `dyadevents`): repeated
    mentions left out and, with `merged`, the reports merged into another article's report
    of the same event, so that counts and pages count each event once.

    `ordered`: the query reads events in date order (see `dyadevents.member_where`).
    """
    version = version or kb_version(conn)
    key = (version, dyad_id, ordered, merged)
    if key not in _WHERE:  # built once: thousands of ids are slow to coerce on every page
        m = dyad_members(conn, dyad_id, version)
        where = member_where(m, ordered=ordered)
        kept = not_dropped(duplicates(conn, m, version)) if merged else None
        _WHERE.put(key, where if kept is None else and_(where, kept))
    return _WHERE[key]


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
        key = (version, "by_quad", head["id"])
        if key not in _COUNTS:
            c: Counter = Counter()
            for quad, n in conn.execute(
                    select(s.events.c.quad, func.count())
                    .where(dyad_events_where(conn, head["id"], version=version))
                    .group_by(s.events.c.quad)):
                c[quad or "other"] += n
            _COUNTS.put(key, {k: c.get(k, 0) for k in (*QUADS, "other")})
        by_quad = _COUNTS[key]
        dyads.append(head | {"events": sum(by_quad.values()), "by_quad": dict(by_quad)})
    return {"dyads": dyads, "total": total, "limit": limit, "offset": offset}



_SUMMARIES = Memo(512)


def dyad_summary(conn: Connection, dyad_id: int) -> dict:
    """One dyad: parties with status and lifespans, missions, articles (and apart the pages
    that only cover it in some rows or sections, `covered_in`), when relations began,
    counts of events by type, by quad class and by decade. Remembered until the knowledge base changes (a dyad
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

    # The articles about the dyad; the pages that cover it only in some rows and sections
    # (an overview page: not about it) apart, with when relations began by each.
    sources = dyad_sources(conn, [dyad_id])[dyad_id]
    articles = [a | {"url": f"/articles/{a['id']}"} for a in sources["articles"]]
    covered_in = [c | {"url": f"/articles/{c['id']}",
                       "began_text": describe_date(c["began"])["text"] if c["began"] else None}
                  for c in sources["covered_in"]]
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
        "covered_in": covered_in,
        "began": row["began"],
        "began_text": describe_date(row["began"])["text"] if row["began"] else None,
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
    """Actors that take part (as source or target) in the dyad's events, most active first.
    The counts are remembered until the knowledge base changes."""
    version = kb_version(conn)
    key = (version, "actors", dyad_id)
    if key not in _COUNTS:
        ids = select(s.events.c.id).where(dyad_events_where(conn, dyad_id, version=version))
        rows = conn.execute(
            select(s.event_actors.c.actor_id,
                   func.count(func.distinct(s.event_actors.c.event_id)))
            .where(s.event_actors.c.event_id.in_(ids))
            .group_by(s.event_actors.c.actor_id))
        _COUNTS.put(key, {r[0]: r[1] for r in rows})
    counts = _COUNTS[key]
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
    The events and their order are those of `query.timeline` (`dyadevents.date_order`;
    undated last), each event once: the reports other articles give of it are in its
    `also_in`. `offset` counts events so listed, so pages follow each other without gap or
    overlap. `total` is exact for the whole timeline; with filters it is exact up to
    COUNT_CAP and `total_exact` says whether it is (beyond, it is a lower bound: more pages
    follow).
    """
    limit, offset = bounded(limit, offset)
    e = s.events
    version = kb_version(conn)
    m = dyad_members(conn, dyad_id, version)
    dups = duplicates(conn, m, version)
    wanted = [t.upper() for t in types]
    filters = []
    type_filter = None
    if wanted:
        type_filter = or_(e.c.type.in_(wanted), e.c.plover.in_(wanted))
    since = None
    if date_from:
        filters.append(e.c.latest >= date_from)
        # Implied by the line above (no event is wider than the widest); lets the date
        # index be read from here instead of from the first event.
        since = _days_before(date_from, max_span_days(conn, version))
        filters.append(e.c.earliest >= since)
    if date_to:
        filters.append(e.c.earliest <= date_to)
    if actor:
        ea = s.event_actors
        filters.append(select(ea.c.event_id).where(ea.c.event_id == e.c.id,
                                                   ea.c.actor_id == actor).exists())
    where = [dyad_events_where(conn, dyad_id, version=version, merged=False), *filters]
    if type_filter is not None:
        where.append(type_filter)
    # Read along the date index: in date order (for the page), and for a count when dates
    # bound the range on both sides. SQLite would otherwise pick the article or type index and sort
    # every matching event; `|| ''` keeps it off the type indexes.
    ordered = [dyad_events_where(conn, dyad_id, ordered=True, version=version, merged=False),
               *filters]
    if type_filter is not None:
        ordered.append(or_((e.c.type.op("||")("")).in_(wanted),
                           (e.c.plover.op("||")("")).in_(wanted)))

    def kept(x: EventFacts) -> bool:  # the filters above, for an event known in Python
        return ((not date_from or (x.latest is not None and x.latest >= date_from
                                   and x.earliest is not None and x.earliest >= since))
                and (not date_to or (x.earliest is not None and x.earliest <= date_to))
                and (not wanted or x.type in wanted or x.plover in wanted)
                and (not actor or actor in x.actors))

    key = (version, dyad_id, tuple(sorted(types)), date_from, date_to, actor)
    # The reports merged into another that these filters keep: taken off the count, and
    # left out of the page by id (the shorter the list, the cheaper each query).
    if key not in _MERGED:
        lo = bisect_left(dups.earliest, since) if since else 0
        hi = bisect_right(dups.earliest, date_to) if date_to else len(dups.earliest)
        gone = [x.id for x in dups.reports[lo:hi] if kept(x)]
        _MERGED.put(key, (len(gone), dups.condition if len(gone) == len(dups.reports)
                          else none_of(gone)))
    merged, left_out = _MERGED[key]
    total = _TOTALS.get(key)
    if total is None:
        # Counted in SQL with the merged reports, which are then taken off: testing each
        # row against the list of them would cost more than the count.
        counted = ordered if (date_from and date_to) else where
        if filters or type_filter is not None:
            # A filtered total is counted up to COUNT_CAP: exact below it, "at least" above
            # (counting 25k matches would cost more than the page itself).
            capped = select(e.c.id).where(*counted).limit(COUNT_CAP + 1 + merged).subquery()
            total = conn.execute(select(func.count()).select_from(capped)).scalar_one()
        else:
            total = conn.execute(select(func.count()).select_from(e).where(*counted)).scalar_one()
        total = _TOTALS.put(key, total - merged)
    exact = total <= COUNT_CAP
    if left_out is not None:
        # Last: SQLite tests the conditions in this order, and the filters are cheaper.
        where.append(left_out)
        ordered.append(left_out)
    # The few events the date index does not place (approximate or open-ended dates),
    # filtered here as the SQL above filters the others.
    off = [x for x in off_index(conn, m, version) if x.id not in dups.dropped and kept(x)]
    unfiltered = not filters and type_filter is None
    stream = IndexOrder(conn, ordered, where, undated_too=not (date_from or date_to),
                        marks=(version, dyad_id) if unfiltered else None)
    ids = page_ids(stream, off, offset, limit)
    by_id = {r["id"]: r for r in conn.execute(events_select(e.c.id.in_(ids))).mappings()}
    events = event_rows(conn, [by_id[i] for i in ids])
    for ev in events:
        ev["also_in"] = [{"id": o["id"], "url": f"/events/{o['id']}", "eid": o["eid"],
                          "article": o["article"], "article_id": o["article_id"],
                          "article_url": f"/articles/{o['article_id']}"}
                         for o in dups.also_in.get(ev["id"], ())]
    return {"events": events, "total": min(total, COUNT_CAP) if not exact
            else total, "total_exact": exact, "limit": limit, "offset": offset}


def kb_counts(conn: Connection) -> dict:
    """Sizes of the knowledge base, for the home page."""
    def n(table):
        return conn.execute(select(func.count()).select_from(table)).scalar_one()
    return {"articles": n(s.articles), "dyads": n(s.dyads), "events": n(s.events),
            "polities": conn.execute(select(func.count()).select_from(s.actors)
                                     .where(s.actors.c.kind == "polity")).scalar_one()}
