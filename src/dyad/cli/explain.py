"""`dyad explain PATH (--event ID | --timex ID) [--format text|json]`: the sentence a fact
came from and the ids of the rules behind it."""

from __future__ import annotations

import json
import sys

import click

from ..errors import DyadError
from . import cli, fail, input_option, report


@cli.command()
@click.argument("path")
@click.option("--event", "event_id", default=None, metavar="ID", help="An event id of `dyad extract` (e1, e2, ...).")
@click.option("--timex", "timex_id", default=None, metavar="ID", help="A timex id of `dyad extract` (t1, t2, ...).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="text: a short report; json: the same as one JSON object.")
@input_option
def explain(path: str, event_id: str | None, timex_id: str | None, fmt: str, input_format: str | None) -> None:
    """Say which sentence and which rules produced an event or a date of the article at PATH.

    The article is analysed as `dyad extract` does (the first article of a multi-article
    input), so ids are those of `dyad extract PATH`.
    """
    if (event_id is None) == (timex_id is None):
        fail("give exactly one of --event ID or --timex ID", code=2)
    from ..analysis.events.explain import explain_event, explain_timex
    from ..analysis.pipeline import analyze
    from ..readers import read_path

    try:
        article = next(iter(read_path(path, input_format=input_format)), None)
        if article is None:
            fail(f"{path}: no article found")
        doc = analyze(article)
        data = explain_event(doc, event_id) if event_id else explain_timex(doc, timex_id)
    except DyadError as error:
        report(error)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    head = f"{data['kind']} {data['id']}"
    if data["kind"] == "event":
        head += f": {data['type']} ({data['trigger']!r}), date {data['date']}"
        if data["flags"]:
            head += f", {', '.join(data['flags'])}"
        if data["same_as"]:
            head += f", same as {data['same_as']}"
    else:
        head += f": {data['type']} {data['value']!r} ({data['text']!r})"
    click.echo(head)
    click.echo(f"sentence {data['sentence_index']}: {data['sentence'].strip()}")
    for r in data["rules"]:
        click.echo(f"  {r['stage']:9} {r['rule'] or '-':45} {r['what']}")
