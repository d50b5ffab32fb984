"""`POST /api/ingest`: add an article over HTTP. Mounted only when the server was started with
`allow_ingest` and a token; the request must carry `Authorization: Bearer <token>`. The body is
the article itself (plain text, wikitext, TimeML or an XML export), at most `MAX_BODY` bytes."""

from __future__ import annotations

import hmac
import os
import tempfile
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request

from ..errors import DyadError
from .errors import ApiError, described

MAX_BODY = 5 * 1024 * 1024  # bytes of one request body (the app's middleware enforces it)
FORMATS = ("plaintext", "wikitext", "timeml", "dump")


def router(token: str) -> APIRouter:
    r = APIRouter(prefix="/api", tags=["ingest"])

    @r.post("/ingest", summary="Add (or replace) articles in the knowledge base",
            responses=described(400, 401, 413, 422),
            openapi_extra={"requestBody": {"required": True, "content": {
                "text/plain": {"schema": {"type": "string"}}}}})
    async def ingest(
        request: Request,
        authorization: Annotated[str | None, Header(max_length=500)] = None,
        input_format: Annotated[str | None, Query(alias="format", pattern="^(" + "|".join(FORMATS) + ")$")] = None,
    ):
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise ApiError(401, "unauthorized", "ingest needs 'Authorization: Bearer <token>'")
        body = await _bounded_body(request)
        if not body.strip():
            raise ApiError(400, "empty_body", "the request body (the article) is empty")
        return _ingest(request.app.state.store, body, input_format)

    return r


async def _bounded_body(request: Request) -> bytes:
    """The body, read in chunks and refused past MAX_BODY (a chunked upload has no
    Content-Length for the middleware to check)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiError(413, "body_too_large", f"request body over {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest(store, body: bytes, input_format: str | None) -> dict:
    from .. import extract

    fd, path = tempfile.mkstemp(prefix="dyad-ingest-", suffix=".txt")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(body)
        try:
            docs = list(extract(path, input_format=input_format))
            report = store.ingest(docs)
        except DyadError as error:
            raise ApiError(400, "unreadable_article",
                           error.one_line().replace(path, "request body")) from error
    finally:
        os.unlink(path)
    return {"written": report.written, "replaced": report.replaced,
            "titles": [d.title for d in docs]}
