"""`dyad extract PATH... [--format json|jsonl]`: one Document per article, to stdout."""

from __future__ import annotations

import json
import sys

import click

from ..errors import DyadError
from . import cli, input_option, report


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              help="json: one JSON array; jsonl: one Document per line.")
@input_option
def extract(paths: tuple[str, ...], fmt: str, input_format: str | None) -> None:
    """Read articles and print one Document (schema dyad.document/1) per article.

    PATH may be '-' for stdin. Inputs that cannot be read are reported on stderr and
    skipped; the exit status is then 1.
    """
    from .. import analyze
    from ..readers import read_path

    failed = 0
    written = 0
    out = sys.stdout

    def on_error(error: DyadError) -> None:
        nonlocal failed
        failed += 1
        report(error)

    if fmt == "json":
        out.write("[")
    for path in paths:
        try:
            for article in read_path(path, input_format=input_format, on_error=on_error):
                doc = analyze(article)
                data = json.dumps(doc.to_json(), ensure_ascii=False)
                if fmt == "json":
                    out.write(("," if written else "") + "\n" + data)
                else:
                    out.write(data + "\n")
                written += 1
        except DyadError as error:
            on_error(error)
    if fmt == "json":
        out.write("\n]\n" if written else "]\n")
    out.flush()
    if failed:
        sys.exit(1)
