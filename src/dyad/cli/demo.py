"""`dyad demo`: the main job on the bundled sample, end to end.

Ingests the bundled sample articles (Wikipedia, CC BY-SA; the Armenia–Artsakh seed first)
into the default knowledge base, prints the Armenia–Artsakh timeline, then serves the
explorer on it. Re-running it is safe: ingest replaces, never duplicates.
"""

from __future__ import annotations

import sys

import click

from ..errors import DyadError
from . import cli, db_option, normalise_db_url, report
from .store import render_table, run_ingest

DEMO_DYAD = ("Armenia", "Artsakh")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to serve on.")
@click.option("--no-serve", is_flag=True, help="Ingest and print the timeline, then stop.")
def demo(db_url: str | None, host: str, port: int, no_serve: bool) -> None:
    """Ingest the bundled sample articles, print the Armenia–Artsakh timeline and serve the
    explorer (http://HOST:PORT/) on the knowledge base."""
    from ..query import timeline
    from ..sample import article_paths
    from ..store import open_store

    url = normalise_db_url(db_url)
    paths = [str(p) for p in article_paths()]
    try:
        store = open_store(url)
    except DyadError as error:
        report(error)
        sys.exit(1)
    with store:
        stats = run_ingest(store, paths, show_progress=sys.stderr.isatty())
        failed = f"; {stats['failed']} failed (see above)" if stats["failed"] else ""
        click.echo(f"Ingested {stats['written']} of {len(paths)} sample articles into "
                   f"{store.url} in {stats['seconds']:.1f} s{failed}", err=True)
        try:
            result = timeline(store, *DEMO_DYAD)
        except DyadError as error:
            report(error)
            sys.exit(1)
    click.echo(render_table(result), nl=False)
    sys.stdout.flush()
    if no_serve:
        return
    try:
        from ..web import serve
    except ImportError as error:  # the explorer's dependencies are not installed
        click.echo(f"The explorer is not available here ({error}); serve it with "
                   f"`dyad serve --db {url}` once dyad's web dependencies are installed.",
                   err=True)
        return
    click.echo(f"Serving the explorer on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    try:
        serve(url, host=host, port=port)
    except KeyboardInterrupt:
        pass
