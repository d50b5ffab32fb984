"""The JSON API under `/api` (OpenAPI at `/openapi.json`). Thin: parameters in, a view or a
browse query out. Page sizes are bounded by `browse.MAX_LIMIT`."""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from ..query import browse, events
from ..query import search as fulltext
from . import views
from . import schemas
from .errors import described
from .schemas import ok

router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=browse.MAX_LIMIT, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")]
Name = Annotated[str, Path(min_length=1, max_length=200,
                           description="Any name, alias, ISO code or id of a party")]
# A day, month or year: `1988`, `1988-03`, `1988-03-23` (a range bound covers all of it).
DAY = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def store(request: Request):
    return request.app.state.store


def out(data: dict) -> JSONResponse:
    """The answer as is: it is JSON-native already, so FastAPI's generic encoder (slow on
    a page of nested events) is skipped."""
    return JSONResponse(data)


@router.get("/dyads", summary="List or search dyads", responses=described(422) | ok(schemas.DyadList))
def list_dyads(request: Request,
               q: Annotated[str | None, Query(max_length=200, description="Alias of a party")] = None,
               limit: Limit = 100, offset: Offset = 0):
    with store(request).connect() as conn:
        return out(views.query_call(browse.list_dyads, conn, q, limit, offset))


@router.get("/dyads/{a}/{b}", summary="One dyad: parties, missions, counts",
            responses=described(400, 404, 422) | ok(schemas.DyadSummary))
def get_dyad(request: Request, a: Name, b: Name):
    did, _, _ = views.dyad_id(store(request), a, b)
    with store(request).connect() as conn:
        summary = views.query_call(browse.dyad_summary, conn, did)
        summary["actors"] = browse.dyad_actors(conn, did)
    return out(summary)


@router.get("/dyads/{a}/{b}/timeline", summary="A dyad's events in date order, paged",
            responses=described(400, 404, 422) | ok(schemas.TimelinePage))
def get_timeline(
    request: Request, a: Name, b: Name,
    date_from: Annotated[str | None, Query(alias="from", pattern=DAY,
                                           description="YYYY[-MM[-DD]]: events from then")] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DAY,
                                         description="YYYY[-MM[-DD]]: events up to then")] = None,
    type: Annotated[list[str] | None, Query(max_length=20, description="PLOVER or domain types")] = None,  # noqa: A002
    actor: Annotated[str | None, Query(max_length=200, description="A party or person taking part")] = None,
    limit: Limit = 100, offset: Offset = 0,
):
    did, p1, p2 = views.dyad_id(store(request), a, b)
    actor_id = views.party(store(request), actor).id if actor else None
    lo = views.day(date_from, what="from date", end=False) if date_from else None
    hi = views.day(date_to, what="to date", end=True) if date_to else None
    with store(request).connect() as conn:
        page = views.query_call(browse.timeline_page, conn, did, date_from=lo, date_to=hi,
                                types=[t for t in (type or []) if t], actor=actor_id,
                                limit=limit, offset=offset)
    page["dyad"] = {"id": did, "parties": [vars(p1), vars(p2)]}
    return out(page)


@router.get("/dyads/{a}/{b}/status", summary="Was the relation current on a given day?",
            responses=described(400, 404, 422) | ok(schemas.Status))
def get_status(request: Request, a: Name, b: Name,
               on: Annotated[Date, Query(description="The day asked about, YYYY-MM-DD")]):
    return out(views.status(store(request), a, b, on.isoformat()))


@router.get("/events/{event_id}", summary="One event with its sentence and provenance",
            responses=described(404, 422) | ok(schemas.EventDetail))
def get_event(request: Request, event_id: Annotated[int, Path(ge=1, le=2**62)]):
    return out(views.event(store(request), event_id))


@router.get("/articles", summary="The stored articles", responses=described(422) | ok(schemas.ArticleList))
def list_articles(request: Request, limit: Limit = 100, offset: Offset = 0):
    with store(request).connect() as conn:
        return out(views.query_call(events.list_articles, conn, limit, offset))


@router.get("/articles/{article_id}", summary="An article's text and every extracted span",
            responses=described(404, 422) | ok(schemas.ArticleDetail))
def get_article(request: Request, article_id: Annotated[int, Path(ge=1, le=2**62)]):
    return out(views.article(store(request), article_id))


@router.get("/polities", summary="List or search polities", responses=described(422) | ok(schemas.PolityList))
def list_polities(request: Request,
                  q: Annotated[str | None, Query(max_length=200)] = None,
                  limit: Limit = 100, offset: Offset = 0):
    return out(views.polities(store(request), q, limit, offset))


@router.get("/polities/{name}", summary="A polity: aliases, lifespan, recognition, dyads",
            responses=described(400, 404, 422) | ok(schemas.PolityDetail))
def get_polity(request: Request, name: Name):
    return out(views.polity(store(request), name))


@router.get("/search", summary="Full-text search over sentences", responses=described(400, 422) | ok(schemas.SearchResult))
def search(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=fulltext.MAX_QUERY)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    return out(views.search(store(request), q, limit, offset))
