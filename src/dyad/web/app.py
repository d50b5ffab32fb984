"""The FastAPI application: the JSON API, the pages, static assets and one error shape.

`create_app(db_url)` opens the knowledge base once (read-only use: nothing here writes unless
ingest is enabled) and answers every error as `{"error": {"status", "code", "message"}}`, or
as an HTML page with the same facts when a page (not `/api`, not `.json`) was asked for.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import DyadError
from ..store import open_store
from . import api, pages
from .errors import ApiError
from .ingest import MAX_BODY

STATIC = Path(__file__).parent / "static"
_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "body_too_large", 422: "invalid_parameter"}


def create_app(db_url: str | None = None, *, allow_ingest: bool = False,
               token: str | None = None) -> FastAPI:
    """The explorer over the knowledge base at `db_url`. Ingest over HTTP (POST /api/ingest)
    exists only with `allow_ingest` and a non-empty `token`."""
    if allow_ingest and not token:
        raise DyadError(None, "ingest over HTTP needs a token", "pass --token SECRET")
    store = open_store(db_url)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dyad explorer",
        version=__version__,
        description="Relations between states as a sourced, temporal knowledge base: dyads, "
                    "their timelines, events with their evidence, polities, full-text search.",
    )
    app.state.store = store
    app.state.allow_ingest = allow_ingest

    app.add_middleware(BoundedBody)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError):
        return _error(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = []
        for e in error.errors()[:3]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "query" and x != "path")
            problems.append(f"{where}: {e.get('msg')}")
        return _error(request, ApiError(422, "invalid_parameter", "; ".join(problems)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        message = error.detail if isinstance(error.detail, str) else "error"
        if error.status_code == 404 and message == "Not Found":
            message = f"no page or endpoint at {request.url.path}"
        response = _error(request, ApiError(error.status_code,
                                            _CODES.get(error.status_code, "error"), message))
        for k, v in (error.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(DyadError)
    async def dyad_error(request: Request, error: DyadError):
        return _error(request, ApiError(500, "knowledge_base_error", error.one_line()))

    @app.exception_handler(Exception)
    async def crash(request: Request, error: Exception):
        return _error(request, ApiError(500, "internal_error",
                                        f"{type(error).__name__} while answering {request.url.path}"))

    app.include_router(api.router)
    if allow_ingest:
        from .ingest import router as ingest_router

        app.include_router(ingest_router(token))
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


class BoundedBody:
    """Refuse a body whose Content-Length is over MAX_BODY before reading it (the ingest
    route caps chunked bodies while streaming). Plain ASGI: no per-request task overhead."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"content-length" and (not value.isdigit() or int(value) > MAX_BODY):
                    request = Request(scope)
                    response = _error(request, ApiError(
                        413, "body_too_large", f"request body over {MAX_BODY} bytes"))
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path.endswith(".json") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def _error(request: Request, error: ApiError):
    if _wants_html(request):
        html = pages.TEMPLATES.get_template("error.html").render(error=error, request=request)
        return HTMLResponse(html, status_code=error.status)
    return JSONResponse(error.body(), status_code=error.status)
