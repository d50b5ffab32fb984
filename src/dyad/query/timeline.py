"""A dyad's timeline: its events in date order, with who did what to whom and the evidence.

The events of a dyad are (1) every event of the articles about that dyad, and (2) events of
any other article in which both parties take part (as source or target, directly or through
an affiliated person or organisation). Order: by the earliest day the event's date can
denote (an approximate date by the first day of its value), then the latest, then article
and position; undated events come last (or are left
out with `dated_only`). `date_from`/`date_to` keep events whose date interval overlaps the
range (undated events then drop out: they cannot be placed in it).

The same event reported by several articles (same type, date, actors) is listed once, with
the other reports in `also_in`; `repeats` lists every report and every repeated mention.

Which events, their order and the merging of reports are defined once, in
`query.dyadevents`; the explorer's paged timeline (`query.browse`) uses the same definitions.

The parties may be given by any alias; `timeline(store, "NKR", "Armenia")` and
`timeline(store, "Armenia", "Artsakh")` hold the same events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from sqlalchemy import and_, or_, select

from ..errors import QueryError
from ..store import Store, schema as s
from .common import dyad_sources
from .dyadevents import date_order, member_where, members, merge_key, merge_reports
from .resolve import Party, dyad_status, parse_day, resolve_pair

SCHEMA = "dyad.timeline/1"

_NULLABLE_STR = {"type": ["string", "null"]}
_DAY = {"type": ["string", "null"], "pattern": r"^-?\d{4}-\d\d-\d\d$"}
_ACTORS = {"type": "array", "items": {
    "type": "object", "required": ["id", "name"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}
_PARTY = {"type": "object", "required": ["id", "name", "kind"],
          "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                         "kind": {"type": "string"}}}

# JSON Schema of `Timeline.to_json()` (`dyad timeline --format json`): for scripts that
# read it, and checked by the tests. Fields may be added; none renamed within schema /1.
JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": SCHEMA,
    "type": "object",
    "required": ["schema", "dyad", "events"],
    "properties": {
        "schema": {"const": SCHEMA},
        "dyad": {
            "type": "object",
            "required": ["party1", "party2", "status", "on", "ended", "articles"],
            "properties": {
                "party1": _PARTY, "party2": _PARTY,
                "status": {"enum": ["current", "historical"]},
                "on": _DAY, "ended": _DAY, "ended_because": _NULLABLE_STR,
                "articles": {"type": "array", "items": {"type": "string"}},
                "began": _NULLABLE_STR,  # TIMEX3 value
                # Pages that cover the dyad in some rows and sections only (an overview
                # page, "Foreign relations of Armenia"): not among `articles`.
                "covered_in": {"type": "array", "items": {
                    "type": "object",
                    "required": ["article", "source_path", "scope", "began", "regions", "label"],
                    "properties": {
                        "article": {"type": "string"}, "source_path": {"type": "string"},
                        "scope": {"type": "string"}, "began": _NULLABLE_STR,
                        "label": {"type": "string"},
                        "regions": {"type": "array", "items": {
                            "type": "object", "required": ["kind", "start", "end", "began"],
                            "properties": {"kind": {"type": "string"},
                                           "start": {"type": "integer"},
                                           "end": {"type": "integer"},
                                           "began": _NULLABLE_STR}}},
                    }}},
            },
        },
        "events": {"type": "array", "items": {
            "type": "object",
            "required": ["article", "eid", "date", "mod", "earliest", "latest", "type",
                         "plover", "source", "target", "trigger", "sentence"],
            "properties": {
                "article": {"type": "string"}, "source_path": {"type": "string"},
                "eid": {"type": "string"}, "date": _NULLABLE_STR, "mod": _NULLABLE_STR,
                "earliest": _DAY, "latest": _DAY, "inherited": {"type": "boolean"},
                "type": {"type": "string"}, "plover": _NULLABLE_STR, "quad": _NULLABLE_STR,
                "source": _ACTORS, "target": _ACTORS, "trigger": {"type": "string"},
                "trigger_start": {"type": "integer"}, "trigger_end": {"type": "integer"},
                "sentence": _NULLABLE_STR,
                "sentence_start": {"type": ["integer", "null"]},
                "sentence_end": {"type": ["integer", "null"]},
                "same_as": _NULLABLE_STR, "negated": {"type": "boolean"},
                "hypothetical": {"type": "boolean"}, "future": {"type": "boolean"},
                "rule": _NULLABLE_STR,
                "also_in": {"type": "array", "items": {
                    "type": "object", "required": ["article", "eid"]}},
            },
        }},
    },
}


@dataclass
class TimelineActor:
    id: str
    name: str


@dataclass
class TimelineEvent:
    article: str  # title (or source) of the article the event is from
    source_path: str  # the article's source (path, URI)
    eid: str
    date: str | None  # TIMEX3 value
    mod: str | None
    earliest: str | None
    latest: str | None
    inherited: bool
    type: str
    plover: str | None
    quad: str | None
    source: list[TimelineActor]
    target: list[TimelineActor]
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: str | None
    sentence_start: int | None
    sentence_end: int | None
    same_as: str | None
    negated: bool
    hypothetical: bool
    future: bool
    rule: str | None
    # The same event as other articles report it ({"article", "eid"}): merged into this one.
    also_in: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Timeline:
    party1: Party
    party2: Party
    status: str  # current | historical, on `on`
    ended: str | None
    ended_because: str | None
    on: str | None = None  # the day the status is for, YYYY-MM-DD
    articles: list[str] = field(default_factory=list)  # titles of the articles about the dyad
    events: list[TimelineEvent] = field(default_factory=list)
    began: str | None = None  # when relations began (TIMEX3), the earliest any article says
    # Pages that cover the dyad only in some of their rows and sections (an overview page),
    # so not about it: {"article", "source_path", "scope", "began", "regions", "label"}.
    covered_in: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "dyad": {"party1": vars(self.party1), "party2": vars(self.party2),
                     "status": self.status, "on": self.on, "ended": self.ended,
                     "ended_because": self.ended_because, "articles": list(self.articles),
                     "began": self.began, "covered_in": [dict(c) for c in self.covered_in]},
            "events": [e.to_json() for e in self.events],
        }


def timeline(
    store: Store,
    a: str,
    b: str,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    types: list[str] | tuple[str, ...] = (),
    dated_only: bool = False,
    repeats: bool = False,
    on: str | None = None,
) -> Timeline:
    """The events between parties `a` and `b` (any names). `repeats` keeps later mentions
    of an event already listed (`same_as`) and reports of it in other articles; by default
    each event appears once. The status
    is the dyad's on day `on` (default today)."""
    from datetime import date

    p1, p2 = resolve_pair(store, a, b)
    status = dyad_status(store, p1.id, p2.id, on=on or date.today().isoformat())
    lo = parse_day(date_from, what="--from date") if date_from else None
    hi = parse_day(date_to, end=True, what="--to date") if date_to else None
    if lo and hi and lo > hi:
        raise QueryError(date_from, f"--from date is after --to date {date_to}",
                         "swap them")
    e, art, ea = s.events, s.articles, s.event_actors

    with store.connect() as conn:
        m = members(conn, p1.id, p2.id)  # the dyad's events, as the explorer has them
        titles = conn.execute(select(art.c.title, art.c.source).where(
            art.c.id.in_(m.about)).order_by(art.c.title)).all()
        dyad_row = conn.execute(select(s.dyads.c.id, s.dyads.c.began).where(
            s.dyads.c.party1 == m.party1, s.dyads.c.party2 == m.party2)).first()
        began = dyad_row.began if dyad_row else None
        covered_in = [
            {"article": c["title"] or c["source"], "source_path": c["source"],
             "scope": c["scope"], "began": c["began"], "regions": c["regions"],
             "label": c["label"]}
            for c in dyad_sources(conn, [dyad_row.id])[dyad_row.id]["covered_in"]
        ] if dyad_row else []
        query = (
            select(e, art.c.title.label("article_title"), art.c.source.label("article_source"),
                   s.sentences.c.text.label("sentence_text"))
            .join(art, art.c.id == e.c.article_id)
            .outerjoin(s.sentences, and_(s.sentences.c.article_id == e.c.article_id,
                                         s.sentences.c.idx == e.c.sentence_idx))
            .where(member_where(m, repeats=repeats))
        )
        if types:
            wanted = [t.upper() for t in types]
            query = query.where(or_(e.c.type.in_(wanted), e.c.plover.in_(wanted)))
        if lo or hi or dated_only:
            query = query.where(e.c.earliest.is_not(None))
        if lo:
            query = query.where(e.c.latest >= lo)
        if hi:
            query = query.where(e.c.earliest <= hi)
        rows = conn.execute(query).all()

        roles: dict[int, dict[str, list[TimelineActor]]] = defaultdict(
            lambda: {"source": [], "target": []})
        event_ids = [r.id for r in rows]
        for chunk in _chunks(event_ids, 500):
            for r in conn.execute(
                select(ea.c.event_id, ea.c.role, s.actors.c.id, s.actors.c.name)
                .join(s.actors, s.actors.c.id == ea.c.actor_id)
                .where(ea.c.event_id.in_(chunk)).order_by(ea.c.event_id, ea.c.position)
            ):
                roles[r.event_id][r.role].append(TimelineActor(r.id, r.name))

    rows.sort(key=date_order)
    events = [
        TimelineEvent(
            article=r.article_title or r.article_source, source_path=r.article_source,
            eid=r.eid, date=r.date_value, mod=r.date_mod, earliest=r.earliest,
            latest=r.latest, inherited=bool(r.inherited), type=r.type, plover=r.plover,
            quad=r.quad, source=roles[r.id]["source"], target=roles[r.id]["target"],
            trigger=r.trigger_text, trigger_start=r.trigger_start, trigger_end=r.trigger_end,
            sentence=r.sentence_text, sentence_start=r.sentence_start,
            sentence_end=r.sentence_end, same_as=r.same_as, negated=bool(r.negated),
            hypothetical=bool(r.hypothetical), future=bool(r.future), rule=r.rule,
        )
        for r in rows
    ]
    if not repeats:
        events = _merge_across_articles(events, rows, set(m.about))
    return Timeline(
        party1=p1, party2=p2, status=status.status, ended=status.ended,
        ended_because=status.ended_because, on=status.on,
        articles=[t.title or t.source for t in titles], events=events, began=began,
        covered_in=covered_in,
    )


def _merge_across_articles(events: list[TimelineEvent], rows, about_ids: set[int]
                           ) -> list[TimelineEvent]:
    """One entry per event when several articles report it (`dyadevents.merge_reports`: the
    rule the explorer follows too); the other reports go to the entry's `also_in`."""
    keys = [merge_key(e.type, e.plover, e.date, e.mod, e.negated, e.earliest, e.latest,
                      [a.id for a in e.source], [a.id for a in e.target]) for e in events]
    merged = merge_reports(keys, [r.article_id for r in rows], about_ids)
    drop: set[int] = set()
    for keep, others in merged.items():
        for i in others:
            events[keep].also_in.append({"article": events[i].article, "eid": events[i].eid})
            drop.add(i)
    return [e for i, e in enumerate(events) if i not in drop]


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
