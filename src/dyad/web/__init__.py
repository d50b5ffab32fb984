"""The explorer: an HTTP API (OpenAPI at `/openapi.json`) and web pages over the knowledge base.

    from dyad.web import create_app, serve
    app = create_app("sqlite:///dyad.db")            # a FastAPI app (tests, ASGI servers)
    serve("sqlite:///dyad.db", port=8000)            # blocks: uvicorn on 127.0.0.1:8000

`build_sample_kb(url)` ingests the bundled sample articles: the demo and the tests use it.
"""

from __future__ import annotations

from .app import create_app
from .sample import build_sample_kb

__all__ = ["build_sample_kb", "create_app", "serve"]


def serve(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, *,
          allow_ingest: bool = False, token: str | None = None, log_level: str = "info",
          access_log: bool = True, on_ready=None) -> None:
    """Serve the explorer until interrupted (uvicorn). The knowledge base is opened first
    (a StoreError if it cannot be); `on_ready(url)` is then called with the explorer's URL."""
    import uvicorn

    app = create_app(db_url, allow_ingest=allow_ingest, token=token)
    if on_ready is not None:
        on_ready(f"http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log)
