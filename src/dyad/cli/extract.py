"""`dyad extract PATH... [--format json|jsonl]`: one Document per article, to stdout.

Documents are written as they are made (a dump of many pages never sits in memory). Inputs
that cannot be read are reported on stderr as `Error: <path>: <what is wrong>` and skipped;
the rest are still processed and the exit status is then 1. On a terminal, progress over
several inputs goes to stderr.
"""

from __future__ import annotations

import json
import os
import sys

import click

from ..errors import DyadError
from . import cli, input_option, report

DEBUG_ENV = "DYAD_DEBUG"  # set to re-raise unexpected errors with their traceback


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              help="json: one JSON array; jsonl: one Document per line.")
@input_option
@click.option("--all-pages", is_flag=True,
              help="Dumps: every article, not only relations articles.")
def extract(paths: tuple[str, ...], fmt: str, input_format: str | None, all_pages: bool) -> None:
    """Read articles and print one Document (schema dyad.document/1) per article.

    PATH may be '-' for stdin. The input format is detected from content; --input forces it.
    Inputs that cannot be read are reported on stderr and skipped; the exit status is then 1.
    A single article larger than $DYAD_MAX_INPUT_BYTES (default 64 MB) is refused; MediaWiki
    dumps are streamed and have no limit.
    """
    from .. import analyze
    from ..readers import read_path

    out = sys.stdout
    failed = 0
    written = 0
    progress = _Progress(len(paths))

    def on_error(error: DyadError) -> None:
        nonlocal failed
        failed += 1
        progress.clear()
        report(error)

    if fmt == "json":
        out.write("[")
    for number, path in enumerate(paths, 1):
        progress.show(number, path)
        before = written
        try:
            for article in read_path(path, input_format=input_format, on_error=on_error,
                                     all_pages=all_pages):
                try:
                    doc = analyze(article)
                except DyadError as error:
                    on_error(error)
                    continue
                except Exception as error:  # noqa: BLE001 - one article never ends the run
                    if os.environ.get(DEBUG_ENV):
                        raise
                    on_error(DyadError(article.source, f"analysis failed "
                                       f"({type(error).__name__}: {error})",
                                       hint=f"a bug in dyad; set {DEBUG_ENV}=1 for the traceback"))
                    continue
                data = json.dumps(doc.to_json(), ensure_ascii=False)
                if fmt == "json":
                    out.write(("," if written else "") + "\n" + data)
                else:
                    out.write(data + "\n")
                written += 1
                if fmt == "jsonl":
                    out.flush()
        except DyadError as error:
            on_error(error)
            continue
        if written == before and not all_pages:
            # Most often a dump whose pages the relations filter passed over: say so, since
            # an empty result alone looks like a failure to read.
            progress.clear()
            click.echo(f"Warning: {path}: no articles extracted (a dump keeps only relations "
                       "articles; --all-pages reads every article)", err=True)
    progress.clear()
    if fmt == "json":
        out.write("\n]\n" if written else "]\n")
    out.flush()
    if failed:
        sys.exit(1)


class _Progress:
    """`[3/25] path` on one stderr line, only on a terminal and only for several inputs."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.active = total > 1 and sys.stderr.isatty()
        self.width = 0

    def show(self, number: int, path: str) -> None:
        if not self.active:
            return
        line = f"[{number}/{self.total}] {path}"[:100]
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def clear(self) -> None:
        if self.active and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0
