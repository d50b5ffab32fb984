"""HTML pages, each with its JSON twin (`/dyads/armenia/artsakh` and `.../artsakh.json`).

The twin returns exactly the data the page renders (the view's dict). Twins are registered
before their pages so that `{b}.json` is not swallowed by `{b}`. A page reached through an
alias (`/dyads/nkr/armenia`) redirects to the canonical address.
"""

from __future__ import annotations

import json
from pathlib import Path as FsPath
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ..query import browse
from ..query import search as fulltext
from . import views
from . import schemas
from .errors import described
from .schemas import ok
from .highlight import highlight

TEMPLATES = Jinja2Templates(directory=str(FsPath(__file__).parent / "templates"))
TEMPLATES.env.filters["quadclass"] = lambda q: "q-" + (q.replace(" ", "-") if q else "domain")
TEMPLATES.env.globals["QUADS"] = browse.QUADS


def _tojson_script(data) -> Markup:
    # JSON inside <script>: escape "</" so that article text cannot close the tag.
    return Markup(json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))


TEMPLATES.env.filters["script_json"] = _tojson_script

router = APIRouter(tags=["pages"])
Name = Annotated[str, Path(min_length=1, max_length=200)]
Id = Annotated[int, Path(ge=1, le=2**62)]


def render(request: Request, template: str, **context) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, context)


# -- home ------------------------------------------------------------------------------------

@router.get("/index.json", summary="The home page's data: dyads with counts",
            responses=described(422) | ok(schemas.DyadList))
def home_json(request: Request, q: Annotated[str | None, Query(max_length=200)] = None):
    return JSONResponse(views.home(request.app.state.store, q))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, q: Annotated[str | None, Query(max_length=200)] = None):
    return render(request, "home.html", data=views.home(request.app.state.store, q))


# -- dyad ------------------------------------------------------------------------------------

@router.get("/dyads/{a}/{b}.json", summary="The dyad page's data: summary and timeline",
            responses=described(400, 404, 422) | ok(schemas.DyadSummary))
def dyad_json(request: Request, a: Name, b: Name):
    return JSONResponse(views.dyad(request.app.state.store, a, b))


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
def dyad_page(request: Request, a: Name, b: Name):
    data = views.dyad(request.app.state.store, a, b)
    if request.url.path != data["url"]:
        return RedirectResponse(data["url"], status_code=307)
    frame = data["timeline"] | {
        "events": data["events"], "event_url_prefix": "/events/",
    }
    types = {}
    for e in data["events"]:
        types.setdefault(e["type"], {"type": e["type"], "quad": e["quad"], "n": 0})["n"] += 1
    chips = sorted(types.values(), key=lambda t: (browse.QUADS.index(t["quad"])
                                                  if t["quad"] in browse.QUADS else 9, t["type"]))
    return render(request, "dyad.html", data=data, frame=frame, chips=chips,
                  chart=views.decade_chart(data["counts"]["by_decade"]))


# -- event -----------------------------------------------------------------------------------

def _event_context(data: dict) -> dict:
    sent = data["sentence"]
    spans = [sp for sp in data["spans"] if sp["kind"] != "event"]
    trig = data["trigger"]
    spans.append({"kind": "trigger", "start": trig["start"], "end": trig["end"],
                  "quad": data["quad"]})
    html = (highlight(sent["text"], spans, base=sent["start"]) if sent.get("text") else None)
    return {"data": data, "sentence_html": html}


@router.get("/events/{event_id}.json", summary="The event page's data",
            responses=described(404, 422) | ok(schemas.EventDetail))
def event_json(request: Request, event_id: Id):
    return JSONResponse(views.event(request.app.state.store, event_id))


@router.get("/events/{event_id}.fragment", response_class=HTMLResponse, include_in_schema=False)
def event_fragment(request: Request, event_id: Id):
    """The event card alone, for the dyad page's detail panel."""
    data = views.event(request.app.state.store, event_id)
    return render(request, "_event_card.html", **_event_context(data))


@router.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
def event_page(request: Request, event_id: Id):
    data = views.event(request.app.state.store, event_id)
    return render(request, "event.html", **_event_context(data))


# -- article ---------------------------------------------------------------------------------

@router.get("/articles/{article_id}.json", summary="The article view's data",
            responses=described(404, 422) | ok(schemas.ArticleDetail))
def article_json(request: Request, article_id: Id):
    return JSONResponse(views.article(request.app.state.store, article_id))


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, article_id: Id):
    data = views.article(request.app.state.store, article_id)
    html = highlight(data["text"], data["spans"], link_events=True,
                     sentence_ids=[tuple(x) for x in data["sentences"]])
    kinds = {k: sum(1 for sp in data["spans"] if sp["kind"] == k)
             for k in ("timex", "actor", "event")}
    return render(request, "article.html", data=data, text_html=html, kinds=kinds)


# -- polities --------------------------------------------------------------------------------

@router.get("/polities.json", summary="The polities page's data",
            responses=described(422) | ok(schemas.PolityList))
def polities_json(request: Request, q: Annotated[str | None, Query(max_length=200)] = None):
    return JSONResponse(views.polities(request.app.state.store, q, browse.MAX_LIMIT, 0))


@router.get("/polities", response_class=HTMLResponse, include_in_schema=False)
def polities_page(request: Request, q: Annotated[str | None, Query(max_length=200)] = None):
    data = views.polities(request.app.state.store, q, browse.MAX_LIMIT, 0)
    return render(request, "polities.html", data=data, pq=q)


@router.get("/polities/{name}.json", summary="The polity page's data",
            responses=described(400, 404, 422) | ok(schemas.PolityDetail))
def polity_json(request: Request, name: Name):
    return JSONResponse(views.polity(request.app.state.store, name))


@router.get("/polities/{name}", response_class=HTMLResponse, include_in_schema=False)
def polity_page(request: Request, name: Name):
    data = views.polity(request.app.state.store, name)
    return render(request, "polity.html", data=data)


# -- search ----------------------------------------------------------------------------------

@router.get("/search.json", summary="The search page's data", responses=described(400, 422) | ok(schemas.SearchResult))
def search_json(request: Request,
                q: Annotated[str, Query(min_length=1, max_length=fulltext.MAX_QUERY)],
                limit: Annotated[int, Query(ge=1, le=100)] = 50,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    return JSONResponse(views.search(request.app.state.store, q, limit, offset))


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request,
                q: Annotated[str, Query(max_length=fulltext.MAX_QUERY)] = "",
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0):
    data = views.search(request.app.state.store, q, 50, offset) if q.strip() else None
    hits = []
    for h in (data or {}).get("hits", []):
        spans = [{"kind": "match", "start": a, "end": b} for a, b in h["matches"]]
        hits.append(h | {"html": highlight(h["text"], spans)})
    return render(request, "search.html", q=q, data=data, hits=hits)

