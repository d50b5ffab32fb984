"""The knowledge base as flat rows: what every export format is written from.

Four tables (events, actors, dyads, missions), read with SQLAlchemy Core from the tables of
`dyad.store.schema`, either whole or for one dyad (`Selection.for_dyad`). A dyad's events
are the ones `dyad timeline` lists for it (its articles' events, and events of other
articles in which both parties take part), including repeated mentions (`same_as`), which
analysts may want to de-duplicate themselves.

Row values are plain Python values (str, int, bool, None, lists of str); each table has a
fixed column order (`COLUMNS`) that the CSV and Parquet writers keep.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select

from ...model import PLOVER_QUAD
from ...store import Store, schema as s
from ...store.write import canonical_pair
from ..common import dyad_sources

TABLES = ("events", "actors", "dyads", "missions")

COLUMNS: dict[str, tuple[str, ...]] = {
    "events": (
        "event_id", "article", "article_source", "page_id", "revision_id", "revision_timestamp",
        "eid", "position", "type", "plover", "quad", "date", "date_mod", "earliest", "latest",
        "date_inherited", "source_ids", "source_names", "target_ids", "target_names",
        "trigger", "trigger_start", "trigger_end", "sentence_idx", "sentence_start",
        "sentence_end", "sentence", "same_as", "negated", "hypothetical", "future", "rule",
    ),
    "actors": (
        "id", "name", "kind", "iso3", "wikidata", "status", "founded", "dissolved", "role",
        "affiliation", "aliases", "article_count", "rule",
    ),
    "dyads": (
        "dyad_id", "party1", "party1_name", "party2", "party2_name", "status", "ended",
        "ended_because", "articles", "began", "covered_in",
    ),
    "missions": (
        "article", "article_source", "position", "dyad_id", "sender", "sender_name", "host",
        "host_name", "name", "city", "kind", "opened", "opened_event", "closed", "closed_event",
        "start", "end", "rule",
    ),
}

# Columns holding lists (CSV joins them with LIST_SEPARATOR; Parquet keeps list<string>).
LIST_COLUMNS = {"source_ids", "source_names", "target_ids", "target_names", "aliases", "articles",
                "covered_in"}
INT_COLUMNS = {"article_count", "page_id", "revision_id", "position", "trigger_start", "trigger_end",
               "sentence_idx", "sentence_start", "sentence_end", "start", "end"}
BOOL_COLUMNS = {"date_inherited", "negated", "hypothetical", "future"}
LIST_SEPARATOR = "; "


def dyad_key(party1: str, party2: str) -> str:
    """A dyad's stable id in exports: its canonical actor pair."""
    a, b = canonical_pair(party1, party2)
    return f"{a}|{b}"


def event_key(article: str, eid: str) -> str:
    """An event's stable id in exports: the article (title or source) and its eid."""
    return f"{article}#{eid}"


@dataclass
class Selection:
    """What to export: everything (all None) or the facts of one dyad."""

    event_ids: set[int] | None = None
    article_ids: set[int] | None = None  # articles about the dyad (TimeML)
    dyad_ids: set[int] | None = None
    pair: tuple[str, str] | None = None  # the dyad's actor ids, canonical order
    title: str | None = None  # "Armenia – Artsakh" for one dyad

    @classmethod
    def everything(cls) -> Selection:
        return cls()

    @classmethod
    def for_dyad(cls, store: Store, a: str, b: str) -> Selection:
        """The facts of the dyad of parties `a` and `b` (any alias). QueryError if unknown.

        Its events are those `dyad timeline --repeats` lists (`query.dyadevents`' one
        definition of a dyad's events), selected by id in SQL: a dyad of any size costs a
        set of integers, not its timeline in memory."""
        from ..dyadevents import member_where, members
        from ..resolve import resolve_pair

        p1, p2 = resolve_pair(store, a, b)
        pair = canonical_pair(p1.id, p2.id)
        with store.connect() as conn:
            m = members(conn, p1.id, p2.id)
            event_ids = set(conn.execute(
                select(s.events.c.id).where(member_where(m, repeats=True))).scalars())
            dyad_ids = set(conn.execute(select(s.dyads.c.id).where(
                s.dyads.c.party1 == pair[0], s.dyads.c.party2 == pair[1])).scalars())
            # The articles about the dyad: an overview page that covers it in some rows
            # (scope "region") is not, and gives only its events (`event_ids`).
            article_ids = set(m.about)
        return cls(event_ids, article_ids, dyad_ids, pair, f"{p1.name} – {p2.name}")


def _chunks(items, size: int = 500):
    items = sorted(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def iter_event_rows(conn, sel: Selection, *, articles_per_batch: int = 200,
                    events_per_batch: int = 2000) -> Iterator[dict]:
    """The event rows in (article title, source, position) order, read a batch at a time
    (up to `articles_per_batch` articles and about `events_per_batch` events; an article
    with more events is read in pages along its positions), so that exporting a large
    knowledge base never holds more than one batch of its events. A dyad's selection is
    applied to each batch in Python, not as a list of ids sent with every query."""
    e, art = s.events, s.articles
    if sel.event_ids is not None and not sel.event_ids:
        return
    order = select(art.c.id).order_by(art.c.title, art.c.source)
    sizes = select(e.c.article_id, func.count()).group_by(e.c.article_id)
    if sel.event_ids is not None:  # the articles of the events, a chunk of ids at a time
        articles: set[int] = set()
        for chunk in _chunks(sel.event_ids):
            articles.update(conn.execute(select(e.c.article_id).distinct()
                                         .where(e.c.id.in_(chunk))).scalars())
        order = order.where(art.c.id.in_(articles))
    else:
        order = order.where(art.c.id.in_(select(e.c.article_id)))
    size = dict(conn.execute(sizes).all())
    batch: list[int] = []
    held = 0
    for article_id in conn.execute(order).scalars().all():
        n = size.get(article_id, 0)
        if batch and (len(batch) >= articles_per_batch or held + n > events_per_batch):
            yield from _event_batch(conn, sel, batch)[0]
            batch, held = [], 0
        if n > events_per_batch:  # one long article: pages of its events in position order
            after = None
            while after is not False:
                page, after = _event_batch(conn, sel, [article_id], after, events_per_batch)
                yield from page
            continue
        batch.append(article_id)
        held += n
    if batch:
        yield from _event_batch(conn, sel, batch)[0]


def _event_batch(conn, sel: Selection, article_ids: list[int], after=None, limit=None):
    """(the event rows of `article_ids` in article and position order, the key to read on
    from); with `limit`, of one article: its first `limit` events after the key `after`
    ((position, id)), and the key is False when there are no more."""
    e, art, sen = s.events, s.articles, s.sentences
    rank = {article_id: n for n, article_id in enumerate(article_ids)}
    query = (
        select(e, art.c.title.label("article_title"), art.c.source.label("article_source"),
               art.c.page_id, art.c.revision_id, art.c.timestamp.label("revision_timestamp"),
               sen.c.text.label("sentence_text"))
        .join(art, art.c.id == e.c.article_id)
        .outerjoin(sen, and_(sen.c.article_id == e.c.article_id,
                             sen.c.idx == e.c.sentence_idx))
        .where(e.c.article_id.in_(article_ids))
    )
    if limit is not None:
        if after is not None:
            query = query.where(or_(e.c.position > after[0],
                                    and_(e.c.position == after[0], e.c.id > after[1])))
        query = query.order_by(e.c.position, e.c.id).limit(limit)
    rows = sorted(conn.execute(query).mappings().all(),
                  key=lambda r: (rank[r["article_id"]], r["position"], r["id"]))
    more = limit is not None and len(rows) == limit
    last = (rows[-1]["position"], rows[-1]["id"]) if more else False
    if sel.event_ids is not None:  # one dyad: its events among its articles' (no huge IN)
        rows = [r for r in rows if r["id"] in sel.event_ids]
    return _event_dicts(conn, rows), last


def event_rows(conn, sel: Selection) -> list[dict]:
    return list(iter_event_rows(conn, sel))


def _event_dicts(conn, rows) -> Iterator[dict]:
    roles: dict[int, dict[str, list[tuple[str, str]]]] = defaultdict(
        lambda: {"source": [], "target": []})
    ea = s.event_actors
    for chunk in _chunks([r["id"] for r in rows]):
        for r in conn.execute(
            select(ea.c.event_id, ea.c.role, s.actors.c.id, s.actors.c.name)
            .join(s.actors, s.actors.c.id == ea.c.actor_id)
            .where(ea.c.event_id.in_(chunk)).order_by(ea.c.event_id, ea.c.role, ea.c.position)
        ):
            roles[r.event_id][r.role].append((r.id, r.name))
    for r in rows:
        article = r["article_title"] or r["article_source"]
        who = roles[r["id"]]
        yield {
            "event_id": event_key(article, r["eid"]),
            "article": article,
            "article_source": r["article_source"],
            "page_id": r["page_id"],
            "revision_id": r["revision_id"],
            "revision_timestamp": r["revision_timestamp"],
            "eid": r["eid"],
            "position": r["position"],
            "type": r["type"],
            "plover": r["plover"],
            "quad": r["quad"] or (PLOVER_QUAD.get(r["plover"]) if r["plover"] else None),
            "date": r["date_value"],
            "date_mod": r["date_mod"],
            "earliest": r["earliest"],
            "latest": r["latest"],
            "date_inherited": bool(r["inherited"]),
            "source_ids": [a for a, _ in who["source"]],
            "source_names": [n for _, n in who["source"]],
            "target_ids": [a for a, _ in who["target"]],
            "target_names": [n for _, n in who["target"]],
            "trigger": r["trigger_text"],
            "trigger_start": r["trigger_start"],
            "trigger_end": r["trigger_end"],
            "sentence_idx": r["sentence_idx"],
            "sentence_start": r["sentence_start"],
            "sentence_end": r["sentence_end"],
            "sentence": r["sentence_text"],
            "same_as": event_key(article, r["same_as"]) if r["same_as"] else None,
            "negated": bool(r["negated"]),
            "hypothetical": bool(r["hypothetical"]),
            "future": bool(r["future"]),
            "rule": r["rule"],
        }


def actor_rows(conn, sel: Selection) -> list[dict]:
    """All actors, or for one dyad its two parties and every actor of its events."""
    a = s.actors
    query = select(a).order_by(a.c.kind, a.c.id)
    if sel.pair is not None:
        ids = set(sel.pair)
        for chunk in _chunks(sel.event_ids or ()):
            ids.update(conn.execute(select(s.event_actors.c.actor_id).where(
                s.event_actors.c.event_id.in_(chunk))).scalars())
        # and the polities the people and bodies among them belong to
        ids |= set(conn.execute(select(a.c.affiliation).where(
            a.c.id.in_(ids), a.c.affiliation.is_not(None))).scalars())
        query = query.where(a.c.id.in_(ids))
    rows = conn.execute(query).mappings().all()
    aliases: dict[str, list[str]] = defaultdict(list)
    articles: dict[str, int] = defaultdict(int)
    wanted = [r["id"] for r in rows]
    for chunk in _chunks(wanted):
        for r in conn.execute(select(s.aliases.c.actor_id, s.aliases.c.alias)
                              .where(s.aliases.c.actor_id.in_(chunk))
                              .order_by(s.aliases.c.actor_id, s.aliases.c.article_id,
                                        s.aliases.c.position)):
            if r.alias not in aliases[r.actor_id]:
                aliases[r.actor_id].append(r.alias)
        for r in conn.execute(select(s.article_actors.c.actor_id, s.article_actors.c.article_id)
                              .where(s.article_actors.c.actor_id.in_(chunk))):
            articles[r.actor_id] += 1
    return [{
        "id": r["id"], "name": r["name"], "kind": r["kind"], "iso3": r["iso3"],
        "wikidata": r["wikidata"], "status": r["status"], "founded": r["founded"],
        "dissolved": r["dissolved"], "role": r["role"], "affiliation": r["affiliation"],
        "aliases": aliases[r["id"]], "article_count": articles[r["id"]], "rule": r["rule"],
    } for r in rows]


def dyad_rows(conn, sel: Selection) -> list[dict]:
    d = s.dyads
    p1, p2 = s.actors.alias("p1"), s.actors.alias("p2")
    query = (select(d, p1.c.name.label("party1_name"), p2.c.name.label("party2_name"))
             .join(p1, p1.c.id == d.c.party1).join(p2, p2.c.id == d.c.party2)
             .order_by(d.c.party1, d.c.party2))
    if sel.dyad_ids is not None:
        query = query.where(d.c.id.in_(sel.dyad_ids or {-1}))
    rows = conn.execute(query).mappings().all()
    # The articles about each dyad, and apart the pages that cover it only in some rows
    # and sections (an overview page, "Foreign relations of Armenia").
    sources = dyad_sources(conn, [r["id"] for r in rows])
    return [{
        "dyad_id": dyad_key(r["party1"], r["party2"]), "party1": r["party1"],
        "party1_name": r["party1_name"], "party2": r["party2"], "party2_name": r["party2_name"],
        "status": r["status"], "ended": r["ended"], "ended_because": r["ended_because"],
        "articles": [a["title"] or a["source"] for a in sources[r["id"]]["articles"]],
        "began": r["began"],
        "covered_in": [c["title"] or c["source"] for c in sources[r["id"]]["covered_in"]],
    } for r in rows]


def mission_rows(conn, sel: Selection) -> list[dict]:
    m, art, d = s.missions, s.articles, s.dyads
    sender, host = s.actors.alias("sender_actor"), s.actors.alias("host_actor")
    query = (select(m, art.c.title.label("article_title"), art.c.source.label("article_source"),
                    sender.c.name.label("sender_name"), host.c.name.label("host_name"),
                    d.c.party1.label("dyad_party1"), d.c.party2.label("dyad_party2"))
             .join(art, art.c.id == m.c.article_id)
             .outerjoin(sender, sender.c.id == m.c.sender)
             .outerjoin(host, host.c.id == m.c.host)
             .outerjoin(d, d.c.id == m.c.dyad_id)
             .order_by(art.c.title, art.c.source, m.c.position))
    if sel.pair is not None:
        a, b = sel.pair
        query = query.where(or_(m.c.dyad_id.in_(sel.dyad_ids or {-1}),
                                and_(m.c.sender == a, m.c.host == b),
                                and_(m.c.sender == b, m.c.host == a)))
    return [{
        "article": r["article_title"] or r["article_source"], "article_source": r["article_source"],
        "position": r["position"],
        "dyad_id": dyad_key(r["dyad_party1"], r["dyad_party2"]) if r["dyad_party1"] else None,
        "sender": r["sender"], "sender_name": r["sender_name"], "host": r["host"],
        "host_name": r["host_name"], "name": r["name"], "city": r["city"], "kind": r["kind"],
        "opened": r["opened"], "opened_event": r["opened_event"], "closed": r["closed"],
        "closed_event": r["closed_event"], "start": r["start_offset"], "end": r["end_offset"], "rule": r["rule"],
    } for r in conn.execute(query).mappings()]


@contextmanager
def event_stream(store: Store, sel: Selection) -> Iterator[Iterator[dict]]:
    """The event rows as a stream, read while the block runs (one connection)."""
    with store.connect() as conn:
        yield iter_event_rows(conn, sel)


def read_tables(store: Store, sel: Selection, tables=TABLES) -> dict[str, list[dict]]:
    """The requested tables' rows, read in one connection."""
    out: dict[str, list[dict]] = {}
    with store.connect() as conn:
        if "events" in tables:
            out["events"] = event_rows(conn, sel)
        if "actors" in tables:
            out["actors"] = actor_rows(conn, sel)
        if "dyads" in tables:
            out["dyads"] = dyad_rows(conn, sel)
        if "missions" in tables:
            out["missions"] = mission_rows(conn, sel)
    return out
