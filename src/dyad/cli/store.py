"""`dyad ingest PATH... [--db URL]` and `dyad timeline A B [--db URL] [--format ...]`.

Thin: reading is `dyad.readers`, analysis `dyad.analyze`, writing `Store.ingest`, the
timeline `dyad.query.timeline`. This module only wires them, reports errors as one line
each and renders the timeline as a table, JSON or CSV.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import time

import click

from ..errors import DyadError, InputError, RuleError, StoreError
from . import cli, db_option, input_option, normalise_db_url, report


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@input_option
@click.option("-q", "--quiet", is_flag=True, help="No summary line on stderr.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              help="local: this process; dask: dask.distributed workers (Parquet shards).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Dask scheduler of a running cluster (implies --engine dask); default: "
                   "a LocalCluster.")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="Workers of the LocalCluster (--engine dask).")
@click.option("--all-pages", is_flag=True,
              help="Dumps: ingest every article, not only relations articles.")
@click.option("--restart", is_flag=True,
              help="Dumps: ignore a checkpoint of an interrupted run and start over.")
def ingest(paths: tuple[str, ...], db_url: str | None, input_format: str | None,
           quiet: bool, engine: str = "local", scheduler: str | None = None, workers: int = 2,
           all_pages: bool = False, restart: bool = False) -> None:
    """Add articles to the knowledge base (re-ingesting an article replaces it).

    PATH may be a file of any input format, a dump, or '-' for stdin. An input that cannot
    be read or analysed is reported on stderr and nothing of it is written; the others are
    still ingested, and the exit status is then 1. Each article is written in its own
    transaction.
    """
    from ..store import open_store

    url = normalise_db_url(db_url)
    try:
        store = open_store(url)
    except DyadError as error:
        report(error)
        sys.exit(1)
    with store:
        # Dumps go to the engines (filter, checkpoints, Dask); the rest is read here.
        from ..engine import ingest as engine_ingest

        failures = []
        started = time.perf_counter()

        def on_dump_error(error: DyadError) -> None:
            failures.append(error)
            report(error)

        status = _StatusLine() if sys.stderr.isatty() else None
        try:
            summary, rest = engine_ingest(
                paths, store, engine=engine, scheduler=scheduler, workers=workers,
                relations_only=not all_pages, resume=not restart, input_format=input_format,
                on_error=on_dump_error, progress=status)
        except DyadError as error:
            report(error)
            sys.exit(1)
        finally:
            if status is not None:
                status.close()
        stats = run_ingest(store, rest, input_format=input_format,
                           show_progress=sys.stderr.isatty())
        stats["written"] += summary.written
        stats["failed"] += len(failures)
        stats["seconds"] = time.perf_counter() - started
    if not quiet:
        replaced = f" ({stats['replaced']} replaced)" if stats["replaced"] else ""
        failed = f"; {stats['failed']} failed" if stats["failed"] else ""
        failed += "; stopped at broken rule data" if stats["aborted"] else ""
        click.echo(f"Ingested {stats['written']} article(s){replaced} into {store.url} "
                   f"in {stats['seconds']:.1f} s{failed}", err=True)
    if stats["failed"]:
        sys.exit(1)


class _StatusLine:
    """Progress of a dump ingest on a terminal: one line, rewritten in place (the number of
    pages is unknown until the end, so a counter rather than a bar)."""

    def __init__(self) -> None:
        self.shown = False
        self.last = 0.0

    def __call__(self, summary, doc) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:  # redrawing costs more than the page on fast dumps
            return
        self.last = now
        title = (doc.title or "")[:50] if doc is not None else ""
        line = (f"\rDumps: {summary.pages_scanned} pages scanned, {summary.written} written"
                f"{', ' + str(summary.failed) + ' failed' if summary.failed else ''}"
                f"{' · ' + title if title else ''}")
        click.echo(line.ljust(100)[:100], nl=False, err=True)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("", err=True)


def run_ingest(store, paths, input_format: str | None = None,
               show_progress: bool = False) -> dict:
    """Read, analyse and write every article of `paths`; report failures as they happen.
    Shared by `ingest` and `demo`. Returns counts: written, replaced, failed, seconds, and
    `aborted` when broken rule data stopped the run."""
    from .. import analyze
    from ..readers import read_path

    stats = {"written": 0, "replaced": 0, "failed": 0, "seconds": 0.0, "aborted": False}
    started = time.perf_counter()
    current = {"label": ""}

    def on_error(error: DyadError) -> None:
        stats["failed"] += 1
        report(error)

    bar = None
    if show_progress and paths:
        bar = click.progressbar(
            length=len(paths), label="Ingesting", file=sys.stderr, show_pos=True,
            item_show_func=lambda _item: current["label"] or None)
        bar.__enter__()
    try:
        for path in paths:
            try:
                for article in read_path(path, input_format=input_format, on_error=on_error):
                    where = article.source or path
                    try:
                        doc = analyze(article)
                    except RuleError as error:
                        # Broken rule data fails every article alike: say it once and stop.
                        on_error(error)
                        stats["aborted"] = True
                        return _finish(stats, started)
                    except DyadError as error:
                        on_error(error)
                        continue
                    except Exception as error:  # noqa: BLE001 - a stage's bug must not end the run
                        on_error(InputError(where, "analysis failed: "
                                            f"{type(error).__name__}: {error}"))
                        continue
                    try:
                        result = store.ingest([doc])
                    except StoreError as error:
                        on_error(error)
                        continue
                    stats["written"] += len(result.written)
                    stats["replaced"] += len(result.replaced)
                    if bar is not None:
                        current["label"] = (f"{stats['written']} articles · "
                                            f"{(article.title or where)[:40]}")
                        bar.update(0, None)
            except DyadError as error:
                on_error(error)
            if bar is not None:
                bar.update(1, None)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    return _finish(stats, started)


def _finish(stats: dict, started: float) -> dict:
    stats["seconds"] = time.perf_counter() - started
    return stats


@cli.command()
@click.argument("party_a")
@click.argument("party_b")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              help="table (for people), json (schema dyad.timeline/1) or csv.")
@click.option("--from", "date_from", metavar="DATE",
              help="Only events whose date can fall on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE",
              help="Only events whose date can fall on or before DATE (YYYY[-MM[-DD]]).")
@click.option("--type", "types", multiple=True, metavar="T",
              help="Only events of this type or PLOVER type (repeatable).")
@click.option("--dated-only", is_flag=True, help="Leave out events without a date.")
@click.option("--repeats", is_flag=True,
              help="Also list later mentions of an event already listed (same_as).")
@click.option("--on", "on", metavar="DATE",
              help="Say whether the relation was current on DATE (default: today).")
def timeline(party_a: str, party_b: str, db_url: str | None, fmt: str, date_from: str | None,
             date_to: str | None, types: tuple[str, ...], dated_only: bool,
             repeats: bool, on: str | None) -> None:
    """The dyad's events in date order (undated events last).

    PARTY_A and PARTY_B may be any name, alias, ISO code or actor id (NKR, Artsakh,
    Nagorno-Karabakh Republic, polity:ARM); the order does not matter.
    """
    from ..query import timeline as build
    from ..store import open_store

    try:
        with open_store(normalise_db_url(db_url), create=False) as store:
            result = build(store, party_a, party_b, date_from=date_from, date_to=date_to,
                           types=types, dated_only=dated_only, repeats=repeats, on=on)
    except DyadError as error:
        report(error)
        sys.exit(1)
    out = sys.stdout
    if fmt == "json":
        json.dump(result.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        write_csv(result, out)
    else:
        out.write(render_table(result))
    out.flush()


CSV_COLUMNS = ("date", "mod", "earliest", "latest", "type", "plover", "quad", "source",
               "target", "source_ids", "target_ids", "trigger", "sentence", "article", "eid",
               "negated", "hypothetical", "future", "rule", "also_in")


def write_csv(result, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in result.events:
        writer.writerow([
            e.date or "", e.mod or "", e.earliest or "", e.latest or "", e.type,
            e.plover or "", e.quad or "", "; ".join(a.name for a in e.source),
            "; ".join(a.name for a in e.target), "; ".join(a.id for a in e.source),
            "; ".join(a.id for a in e.target), e.trigger, e.sentence or "", e.article, e.eid,
            int(e.negated), int(e.hypothetical), int(e.future), e.rule or "",
            "; ".join(x["article"] for x in e.also_in),
        ])


def render_table(result) -> str:
    """A plain-text table for a terminal: dates as people write them ("mid-1980s"; JSON and
    CSV keep the TIMEX3 values), the sentence column gets the width left over."""
    from ..query.humanize import describe_date

    # On a terminal the table fits its width; into a file or a pipe, sentences get room.
    width = (max(100, shutil.get_terminal_size((120, 24)).columns) if sys.stdout.isatty()
             else 220)
    status = f"{result.status} on {result.on}"
    if result.ended:
        status = f"historical since {result.ended}"
    if result.began:
        status += f"; relations began {describe_date(result.began)['text']}"
    head = (f"{result.party1.name} – {result.party2.name} ({status}): "
            f"{len(result.events)} event(s)")
    rows = []
    for e in result.events:
        date = describe_date(e.date, e.mod, e.earliest, e.latest)["text"]
        kind = e.type if not e.plover or e.plover == e.type else f"{e.type}/{e.plover}"
        flags = [f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical),
                                 ("future", e.future)) if on]
        if flags:
            kind += f" ({', '.join(flags)})"
        who = (", ".join(a.name for a in e.source) or "?") + " → " + (
            ", ".join(a.name for a in e.target) or "?")
        rows.append([date, kind, who, e.trigger, " ".join((e.sentence or "").split())])
    headers = ["date", "type", "source → target", "trigger", "sentence"]
    widths = [len(h) for h in headers]
    for r in rows:
        for i in range(4):
            widths[i] = min(max(widths[i], len(r[i])), (20, 24, 44, 16)[i])
    rest = max(30, width - sum(widths[:4]) - 2 * 4)
    widths[4] = rest
    lines = [head]
    # Pages that cover the dyad in some rows or sections only (overview pages): apart.
    for c in result.covered_in:
        said = f"{c['label']}"
        if c["began"]:
            said += f"; relations began {describe_date(c['began'])['text']}"
        lines.append(f"also covered in: {c['article']} ({said})")
    lines.append("")
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        cells = [_cut(c, w) for c, w in zip(r, widths)]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
