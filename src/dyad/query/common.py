"""What the read-side query modules share: page bounds, URL slugs, actor and dyad heads.

Every query function takes an open SQLAlchemy `Connection` and returns plain JSON-ready
dicts, so that the HTTP API, the pages and any script share one answer.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Connection, func, select

from ..errors import QueryError
from ..store import schema as s
from ..store.keys import normalise_alias

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



def actor_names(conn: Connection, ids) -> dict[str, dict]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = conn.execute(select(s.actors.c.id, s.actors.c.name, s.actors.c.kind)
                        .where(s.actors.c.id.in_(ids)))
    return {r.id: {"id": r.id, "name": r.name, "kind": r.kind, "slug": slug(r.name)}
            for r in rows}


def ordered_parties(conn: Connection, dyad_ids) -> dict[int, tuple[str, str]]:
    """Each dyad's parties in the order its (first) article names them."""
    out: dict[int, tuple[str, str]] = {}
    rows = conn.execute(select(s.dyad_articles.c.dyad_id, s.dyad_articles.c.party1,
                               s.dyad_articles.c.party2)
                        .where(s.dyad_articles.c.dyad_id.in_(list(dyad_ids)))
                        .order_by(s.dyad_articles.c.dyad_id, s.dyad_articles.c.article_id))
    for r in rows:
        out.setdefault(r.dyad_id, (r.party1, r.party2))
    return out



def dyad_head(row, p1: dict, p2: dict) -> dict:
    return {
        "id": row["id"],
        "name": f"{p1['name']}–{p2['name']}",
        "parties": [p1, p2],
        "status": row["status"],
        "ended": row["ended"],
        "ended_because": row["ended_because"],
        "url": f"/dyads/{p1['slug']}/{p2['slug']}",
    }


def dyad_heads(conn: Connection, ids) -> list[dict]:
    """Name, parties, status and page address of the given dyads."""
    order = ordered_parties(conn, ids)
    rows = conn.execute(select(s.dyads).where(s.dyads.c.id.in_(list(ids)))
                        .order_by(s.dyads.c.id)).mappings().all()
    names = actor_names(conn, [p for r in rows for p in (r["party1"], r["party2"])])
    out = []
    for r in rows:
        p1, p2 = order.get(r["id"], (r["party1"], r["party2"]))
        out.append(dyad_head(r, names[p1], names[p2]))
    return out


def dyad_sources(conn: Connection, dyad_ids) -> dict[int, dict[str, list[dict]]]:
    """Each dyad's articles, in title order, as two lists: `articles`, the articles about
    it, and `covered_in`, the pages that cover it only in some of their rows and sections
    (an overview page, "Foreign relations of Armenia": `dyad_articles.scope` "region"),
    which are not about the dyad (`dyadevents.members`). A covering page says when
    relations began by the page (`began`, a TIMEX3 value), which rows and sections cover
    the dyad (`regions`: kind, start, end, began) and `label`, those in words ("2 rows")."""
    import json

    da, art = s.dyad_articles, s.articles
    out: dict[int, dict[str, list[dict]]] = {
        i: {"articles": [], "covered_in": []} for i in dyad_ids}
    if not out:
        return out
    for r in conn.execute(
            select(da.c.dyad_id, da.c.scope, da.c.began, da.c.regions, art.c.id, art.c.title,
                   art.c.source)
            .join(art, art.c.id == da.c.article_id)
            .where(da.c.dyad_id.in_(sorted(out)))
            .order_by(da.c.dyad_id, func.coalesce(art.c.title, art.c.source), art.c.id)):
        entry = {"id": r.id, "title": r.title, "source": r.source}
        if r.scope != "region":
            out[r.dyad_id]["articles"].append(entry)
            continue
        regions = [{"kind": g.get("kind"), "start": g.get("start"), "end": g.get("end"),
                    "began": g.get("began")} for g in json.loads(r.regions or "[]")]
        out[r.dyad_id]["covered_in"].append(entry | {
            "scope": r.scope, "began": r.began, "regions": regions,
            "label": regions_label(regions)})
    return out


def regions_label(regions: list[dict]) -> str:
    """The rows and sections a page covers a dyad in, in words: "row", "2 rows, section"."""
    counts: dict[str, int] = {}
    for g in regions:
        counts[g["kind"] or "part"] = counts.get(g["kind"] or "part", 0) + 1
    return ", ".join(kind if n == 1 else f"{n} {kind}s" for kind, n in counts.items()) or "page"
