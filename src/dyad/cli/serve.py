"""`dyad serve [--db URL] [--host 127.0.0.1] [--port 8000]`: the explorer (HTTP API + pages).

Read-only unless started with `--allow-ingest` and `--token` (then `POST /api/ingest` with
`Authorization: Bearer TOKEN` adds articles). The work is `dyad.web`; this only wires options.
"""

from __future__ import annotations

import os

import click

from ..errors import DyadError
from . import cli, db_option, fail, normalise_db_url


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 exposes the explorer to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port.")
@click.option("--allow-ingest", is_flag=True,
              help="Accept POST /api/ingest (needs --token or $DYAD_TOKEN).")
@click.option("--token", default=lambda: os.environ.get("DYAD_TOKEN"), metavar="SECRET",
              show_default="$DYAD_TOKEN", help="Bearer token that ingest requests must carry.")
def serve(db_url: str | None, host: str, port: int, allow_ingest: bool,
          token: str | None) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json) and the web pages; / links to every dyad."""
    if allow_ingest and not token:
        fail("--allow-ingest needs --token SECRET (or $DYAD_TOKEN)", code=2)
    from ..web import serve as run

    url = normalise_db_url(db_url)

    def ready(address: str) -> None:
        click.echo(f"dyad explorer on {address} over {url} (Ctrl-C stops)", err=True)

    try:
        run(url, host=host, port=port, allow_ingest=allow_ingest, token=token, on_ready=ready)
    except DyadError as error:
        fail(error.one_line())
    except KeyboardInterrupt:
        pass
