"""A dyad's events: which events belong to it, in which order, and which reports of other
articles are the same event. The one definition that the whole timeline
(`query.timeline.timeline`: the CLI and the exports) and the explorer's paged timeline
(`query.browse.timeline_page`) share, so that both list the same events in the same order.

Membership (`members`, `member_where`): every event of the articles about the dyad, and
events of any other article in which both parties take part (as source or target, directly
or through an affiliated person or organisation). An overview page that covers the dyad in
its rows and sections (`dyad_articles.scope` "region") counts as another article: its events
about the dyad name both parties (the regions stage fills them in). Repeated mentions within one article
(`same_as`) are left out unless asked for.

Order (`date_order`): by the first day the event's date names, then the last, then article
title and position (and id, so that no two events tie); undated events last. An approximate
date ("c. 2024") is stored widened (2023-01-01..2025-12-31) so that range queries stay
exact, but sorts where its value starts; an open-ended one ("before 1988") sorts by its
known end.

Merging (`merge_reports`): the same event reported by several articles (same type, date,
actors, polarity) is listed once, preferably from an article about the dyad, with the other
reports in `also_in`. `duplicates` finds them for a whole dyad once per knowledge-base
version, so that a page of the timeline can leave them out in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, literal_column, or_, select

from ..analysis.temporal.intervals import interval
from ..store import schema as s
from ..store.write import canonical_pair
from .kbcache import Memo, kb_version

__all__ = ["Duplicates", "Members", "EventFacts", "date_order", "duplicates", "in_index_order",
           "member_where", "members", "merge_key", "merge_reports", "none_of", "not_dropped",
           "off_index",
           "sort_title", "undated"]

MAX_EXTRA = 5000  # beyond this many events from other articles, select them by a subquery

_MEMBERS = Memo(256)
_DUPLICATES = Memo(256)
_OFF_INDEX = Memo(256)


# -------------------------------------------------------------------------------- membership

@dataclass(frozen=True)
class Members:
    party1: str
    party2: str
    sides: tuple[tuple[str, ...], tuple[str, ...]]  # each party and those acting for it
    about: tuple[int, ...]  # ids of the articles about the dyad
    # Events of other articles in which both sides take part (repeated mentions included);
    # None when there are too many to pass as a list.
    extra: tuple[int, ...] | None


def members(conn: Connection, party1: str, party2: str,
            version: tuple | None = None) -> Members:
    """The events of the dyad between actors `party1` and `party2` (ids, any order).

    Finding the events of other articles reads every event of both sides, so the answer is
    remembered until the knowledge base changes.
    """
    c1, c2 = canonical_pair(party1, party2)
    key = (version or kb_version(conn), c1, c2)
    if key in _MEMBERS:
        return _MEMBERS[key]
    sides = []
    for party in (c1, c2):
        acting = conn.execute(select(s.actors.c.id).where(
            s.actors.c.affiliation == party)).scalars().all()
        sides.append((party, *sorted(set(acting) - {party})))
    # An overview page ("Foreign relations of X") that covers the dyad in some of its rows
    # and sections (scope "region") is not about it: only its events in which both sides
    # take part belong to the dyad, as for any other article.
    about = tuple(sorted(conn.execute(
        select(s.dyad_articles.c.article_id)
        .join(s.dyads, s.dyads.c.id == s.dyad_articles.c.dyad_id)
        .where(s.dyads.c.party1 == c1, s.dyads.c.party2 == c2,
               or_(s.dyad_articles.c.scope.is_(None), s.dyad_articles.c.scope != "region"))
    ).scalars()))
    # Articles in whose events each side takes part (remembered per side: a party of many
    # dyads is read once), then the events of the articles both have in common. The side
    # with fewer events first: when it takes part in no article but those about the dyad,
    # the other side's events need not be read at all.
    few, many = sorted(sides, key=lambda side: _event_count(conn, side, key[0]))
    common = _articles_of(conn, few, key[0]) - set(about)
    if common:
        common &= _articles_of(conn, many, key[0])
    extra: list[int] = []
    if common:
        ea1, ea2 = s.event_actors.alias("ea1"), s.event_actors.alias("ea2")
        extra = conn.execute(
            select(func.distinct(ea1.c.event_id))
            .join(ea2, ea2.c.event_id == ea1.c.event_id)
            .join(s.events, s.events.c.id == ea1.c.event_id)
            .where(s.events.c.article_id.in_(sorted(common)),
                   ea1.c.actor_id.in_(sides[0]), ea2.c.actor_id.in_(sides[1]))).scalars().all()
    found = Members(c1, c2, (sides[0], sides[1]), about,
                    tuple(sorted(extra)) if len(extra) <= MAX_EXTRA else None)
    return _MEMBERS.put(key, found)


def _event_count(conn: Connection, side: tuple[str, ...], version: tuple) -> int:
    key = (version, "events", side)
    if key not in _MEMBERS:
        ea = s.event_actors
        _MEMBERS.put(key, conn.execute(select(func.count()).select_from(ea)
                                       .where(ea.c.actor_id.in_(side))).scalar_one())
    return _MEMBERS[key]


def _articles_of(conn: Connection, side: tuple[str, ...], version: tuple) -> frozenset[int]:
    key = (version, "articles", side)
    if key not in _MEMBERS:
        ea = s.event_actors
        _MEMBERS.put(key, frozenset(conn.execute(
            select(func.distinct(s.events.c.article_id))
            .join(ea, ea.c.event_id == s.events.c.id)
            .where(ea.c.actor_id.in_(side))).scalars()))
    return _MEMBERS[key]


def member_where(m: Members, *, ordered: bool = False, repeats: bool = False):
    """The condition on `s.events` that selects the dyad's events (see `members`).

    `ordered`: the query reads events in date order; the article filter is then written so
    that SQLite does not use the article index (`+ 0`), walking the date index instead and
    stopping after one page rather than sorting every event of the dyad.
    """
    e = s.events
    article = (e.c.article_id + 0) if ordered else e.c.article_id
    if m.extra is None:
        ea = s.event_actors
        other = and_(e.c.id.in_(select(ea.c.event_id).where(ea.c.actor_id.in_(m.sides[0]))),
                     e.c.id.in_(select(ea.c.event_id).where(ea.c.actor_id.in_(m.sides[1]))))
    else:
        other = e.c.id.in_(m.extra) if m.extra else None
    if other is None:
        member = article.in_(m.about)
    elif not m.about:
        member = other
    else:
        member = or_(article.in_(m.about), other)
    return member if repeats else and_(member, e.c.same_as.is_(None))


# ------------------------------------------------------------------------------------- order

def date_order(row) -> tuple:
    """Where an event sorts: by the first day its value names, then the last, then narrative
    order (article title, position; the id last, so that the order is total). An approximate
    date ("c. 2024", stored widened to 2023-01-01..2025-12-31 so that range queries stay
    exact) sorts where its value starts, not where its widened bound does, so it does not
    jump ahead of "May 2023". Undated events last.

    `row` has the columns of `s.events` and `article_title`, `article_source`."""
    first, last = row.earliest, row.latest
    if row.date_mod == "APPROX":
        first, last = interval(row.date_value)
    first = first or row.earliest or row.latest
    return (first is None, first or "", last or "", row.article_title or row.article_source,
            row.position, row.id)


def in_index_order():
    """The condition on `s.events` under which `date_order` is the order of the date index:
    both bounds known and the date not approximate. The other dated events (`off_index`) are
    few; a page places them in Python."""
    e = s.events
    return and_(e.c.earliest.is_not(None), e.c.latest.is_not(None),
                or_(e.c.date_mod.is_(None), e.c.date_mod != "APPROX"))


def undated():
    """The condition on `s.events` for events `date_order` puts last, in article order."""
    e = s.events
    return and_(e.c.earliest.is_(None), e.c.latest.is_(None),
                or_(e.c.date_mod.is_(None), e.c.date_mod != "APPROX"))


def sort_title(conn: Connection):
    """The article's title as `date_order` compares it (code point order, as Python does)."""
    title = func.coalesce(s.articles.c.title, s.articles.c.source)
    return title.collate("C") if conn.dialect.name == "postgresql" else title


@dataclass(frozen=True)
class EventFacts:
    """An event's sort key and what the explorer's page filters look at: for the events a
    page places in Python (`off_index`) or leaves out of its count (`Duplicates.dropped`)."""
    id: int
    key: tuple  # date_order
    type: str
    plover: str | None
    earliest: str | None
    latest: str | None
    actors: frozenset[str]  # every actor taking part, as source or target


def off_index(conn: Connection, m: Members, version: tuple | None = None) -> list[EventFacts]:
    """The dyad's events not in index order (approximate or open-ended dates), sorted by
    `date_order`, with what the page filters look at. Remembered until the knowledge base
    changes; usually none or a handful."""
    key = (version or kb_version(conn), m.party1, m.party2)
    if key in _OFF_INDEX:
        return _OFF_INDEX[key]
    e = s.events
    rows = conn.execute(
        select(e.c.id, e.c.article_id, e.c.position, e.c.type, e.c.plover, e.c.date_value,
               e.c.date_mod, e.c.earliest, e.c.latest,
               s.articles.c.title.label("article_title"),
               s.articles.c.source.label("article_source"))
        .join(s.articles, s.articles.c.id == e.c.article_id)
        .where(member_where(m), ~in_index_order(), ~undated())).all()
    actors = _actors_of(conn, [r.id for r in rows])
    found = sorted((EventFacts(r.id, date_order(r), r.type, r.plover, r.earliest, r.latest,
                             frozenset(a for role in actors[r.id].values() for a in role))
                    for r in rows), key=lambda x: x.key)
    return _OFF_INDEX.put(key, found)


def _actors_of(conn: Connection, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Source and target actor ids of each event, in their order."""
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"source": [], "target": []})
    ea = s.event_actors
    for i in range(0, len(ids), 500):
        for r in conn.execute(select(ea.c.event_id, ea.c.role, ea.c.actor_id)
                              .where(ea.c.event_id.in_(ids[i:i + 500]))
                              .order_by(ea.c.event_id, ea.c.position)):
            roles[r.event_id][r.role].append(r.actor_id)
    return roles


# ----------------------------------------------------------------------------------- merging

def merge_key(type_: str, plover: str | None, date: str | None, mod: str | None,
              negated: bool, earliest: str | None, latest: str | None,
              source, target) -> tuple | None:
    """What two reports of one event share: type, date (value, mod and the days it covers),
    polarity, source and target actors. None for an undated event: nothing says two undated
    reports coincide."""
    if date is None:
        return None
    return (type_, plover, date, mod, bool(negated), earliest, latest,
            frozenset(source), frozenset(target))


def merge_reports(keys: list, articles: list[int], about: set[int] | frozenset[int]
                  ) -> dict[int, list[int]]:
    """Which reports are one event. `keys` (`merge_key`) and `articles` (article ids) describe
    events in `date_order`; the answer maps the index of each event kept to the indexes of
    the reports merged into it. Reports of one event by different articles merge; the one
    kept is from an article about the dyad when there is one, else the first in order. Two
    mentions in one article are the analysis's business (`same_as`): a second report from an
    article already merged stays an event of its own."""
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(i)
    merged: dict[int, list[int]] = {}
    for group in groups.values():
        if len({articles[i] for i in group}) < 2:
            continue
        keep = next((i for i in group if articles[i] in about), group[0])
        seen = {articles[keep]}
        for i in group:
            if i != keep and articles[i] not in seen:
                seen.add(articles[i])
                merged.setdefault(keep, []).append(i)
    return merged


@dataclass(frozen=True)
class Duplicates:
    dropped: frozenset[int] = frozenset()  # ids of events listed as another's `also_in`
    # Those events by their earliest day (a page counts those its date range keeps).
    reports: tuple[EventFacts, ...] = ()
    earliest: tuple[str, ...] = ()  # their earliest days, for bisection
    # id of the event kept -> the reports merged into it ({"id", "article_id", "article",
    # "eid"}), in date order
    also_in: dict[int, list[dict]] = field(default_factory=dict)
    condition: object = field(default=None, compare=False)  # `none_of(dropped)`


def duplicates(conn: Connection, m: Members, version: tuple | None = None) -> Duplicates:
    """The reports of the dyad's events that `merge_reports` merges into another, found over
    the whole dyad once per knowledge-base version.

    The merge key holds type, date and actors, so a page filter (dates, types, an actor)
    keeps or drops all reports of one event together: merging the whole dyad and then
    filtering gives what `query.timeline` gives by filtering and then merging. Only events
    whose type and date some other article also reports are read (found by a GROUP BY).
    """
    key = (version or kb_version(conn), m.party1, m.party2)
    if key in _DUPLICATES:
        return _DUPLICATES[key]
    e = s.events
    shared = (e.c.type, e.c.plover, e.c.date_value, e.c.date_mod, e.c.negated,
              e.c.earliest, e.c.latest)
    groups = conn.execute(
        select(*shared).where(member_where(m), e.c.date_value.is_not(None))
        .group_by(*shared).having(func.count(func.distinct(e.c.article_id)) > 1)).all()
    if not groups:
        return _DUPLICATES.put(key, Duplicates())
    wanted = {tuple(g) for g in groups}
    # The events of those groups, found on the date index by their first days (a group's
    # date that has no days, such as PRESENT_REF, by its value).
    days = sorted({g.earliest for g in groups if g.earliest is not None})
    found = [e.c.earliest.in_(days[i:i + 2000]) for i in range(0, len(days), 2000)]
    values = sorted({g.date_value for g in groups if g.earliest is None})
    if values:
        found.append(and_(e.c.earliest.is_(None), e.c.date_value.in_(values)))
    rows = []
    for where in found:
        rows += [r for r in conn.execute(
            select(*shared, e.c.id, e.c.article_id, e.c.eid, e.c.position,
                   s.articles.c.title.label("article_title"),
                   s.articles.c.source.label("article_source"))
            .join(s.articles, s.articles.c.id == e.c.article_id)
            .where(member_where(m, ordered=True), where))
            if r[:len(shared)] in wanted]
    rows.sort(key=date_order)
    actors = _actors_of(conn, [r.id for r in rows])
    keys = [merge_key(r.type, r.plover, r.date_value, r.date_mod, r.negated, r.earliest,
                      r.latest, actors[r.id]["source"], actors[r.id]["target"]) for r in rows]
    merged = merge_reports(keys, [r.article_id for r in rows], set(m.about))
    gone = sorted((i for others in merged.values() for i in others),
                  key=lambda i: rows[i].earliest or "")
    dropped = frozenset(rows[i].id for i in gone)
    found = Duplicates(
        dropped,
        tuple(EventFacts(rows[i].id, date_order(rows[i]), rows[i].type, rows[i].plover,
                         rows[i].earliest, rows[i].latest,
                         frozenset(a for role in actors[rows[i].id].values() for a in role))
              for i in gone),
        tuple(rows[i].earliest or "" for i in gone),
        {rows[keep].id: [{"id": rows[i].id, "article_id": rows[i].article_id,
                          "article": rows[i].article_title or rows[i].article_source,
                          "eid": rows[i].eid} for i in others]
         for keep, others in merged.items()},
        none_of(dropped))
    return _DUPLICATES.put(key, found)


def not_dropped(dups: Duplicates):
    """The condition on `s.events` that leaves out the reports merged into another, or None."""
    return dups.condition


def none_of(ids) -> object | None:
    """`events.id NOT IN (...)` with the ids written out (None for no ids): the statement is
    then compiled once, where thousands of bound parameters would be processed again on
    every execution."""
    if not ids:
        return None
    return s.events.c.id.op("NOT IN")(literal_column(
        "(" + ",".join(str(int(i)) for i in sorted(ids)) + ")"))
