"""`dyad export --format FORMAT [--db URL] [-o PATH] [--dyad A B] [--table NAME]`."""

from __future__ import annotations

import sys

import click

from ..errors import DyadError
from . import cli, db_option, normalise_db_url, report

FORMATS = ("csv", "parquet", "jsonl", "jsonld", "turtle", "timeml", "timelinejs")
TABLES = ("events", "actors", "dyads", "missions")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="csv/parquet: events, actors, dyads, missions tables; jsonl: PLOVER-style "
                   "event records; jsonld/turtle: RDF (Simple Event Model, schema.org); "
                   "timeml: text with TIMEX3 tags; timelinejs: one dyad's TimelineJS JSON.")
@db_option
@click.option("-o", "--output", "output", metavar="PATH", default=None,
              help="File, or folder for csv/parquet (four tables) and timeml (one file per "
                   "article). Default: stdout where the format allows.")
@click.option("--dyad", "dyad", nargs=2, metavar="A B", default=None,
              help="Only the dyad of parties A and B (any name, alias or ISO code).")
@click.option("--table", type=click.Choice(TABLES), default=None,
              help="csv/parquet: write only this table (to -o FILE or, for csv, stdout).")
def export(fmt: str, db_url: str | None, output: str | None, dyad: tuple[str, str] | None,
           table: str | None) -> None:
    """Write the knowledge base, or one dyad, in a format analysts' tools read.

    Files are written under a temporary name and renamed when complete: a failed export
    never leaves a half-written file.
    """
    from ..query.export import export as run
    from ..store import open_store

    if table is not None and fmt not in ("csv", "parquet"):
        raise click.UsageError("--table applies to csv and parquet only")
    if fmt == "timelinejs" and not dyad:
        raise click.UsageError("timelinejs shows one dyad: add --dyad PARTY_A PARTY_B")
    if output in (None, "-") and (fmt == "parquet" or (fmt == "csv" and table is None)):
        raise click.UsageError(
            f"{fmt} writes " + ("binary files" if fmt == "parquet" else "four tables")
            + ": give -o FOLDER" + (", or --table NAME for one table on stdout" if fmt == "csv" else ""))
    try:
        with open_store(normalise_db_url(db_url), create=False) as store:
            run(store, fmt, output, out=sys.stdout, dyad=tuple(dyad) if dyad else None,
                table=table)
    except DyadError as error:
        report(error)
        sys.exit(1)
    sys.stdout.flush()
