"""Polities (and other actors): aliases, lifespan, recognition, the dyads they are party to."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select

from ..errors import QueryError
from ..store import schema as s
from ..store.keys import normalise_alias
from .common import bounded, dyad_heads, slug
from .humanize import describe_date


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
    dyads = dyad_heads(conn, ids)
    events = conn.execute(select(func.count(func.distinct(s.event_actors.c.event_id)))
                          .where(s.event_actors.c.actor_id == actor_id)).scalar_one()
    return card | {"dyads": dyads, "events": events}
