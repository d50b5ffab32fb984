"""`dyad timex PATH [--dct YYYY-MM-DD] [--format json|timeml]`: temporal tagging only.

json: `{"timexes": [...]}` (plus `source` and `dct`), one object per article (an input holding
several articles, such as a dump, gives one JSON object per line). timeml: the text with
TIMEX3 tags; for TimeML input the same file with its gold TIMEX3 tags replaced by the
system's, ready for a TempEval-3 scorer. Without --dct (and for non-TimeML input), dates that
need an anchor resolve from the narrative itself (encyclopedia mode).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date

import click

from ..errors import DyadError, InputError
from . import cli, input_option, report


def _check_dct(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


@cli.command()
@click.argument("path")
@click.option("--dct", default=None, callback=_check_dct, metavar="YYYY-MM-DD",
              help="Document creation time: resolve 'yesterday', 'last year', 'Friday' from it "
                   "(news mode). Default: the TimeML file's DCT, else encyclopedia mode.")
@click.option("--format", "fmt", type=click.Choice(["json", "timeml"]), default="json",
              help="json: {\"timexes\": [...]}; timeml: the text (or the TimeML file) "
                   "with TIMEX3 tags.")
@input_option
def timex(path: str, dct: str | None, fmt: str, input_format: str | None) -> None:
    """Find and normalise the temporal expressions (TIMEX3) of the article at PATH ('-' = stdin)."""
    from ..analysis.pipeline import analyze
    from ..readers import read_path
    from ..readers.timeml import inline_timeml, write_timeml

    failed = 0

    def on_error(error: DyadError) -> None:
        nonlocal failed
        failed += 1
        report(error)

    out = sys.stdout
    try:
        for article in read_path(path, input_format=input_format, on_error=on_error):
            if dct is not None:
                article.dct = dct
            # Sentences give the tagger its tense cues; nothing else is needed.
            doc = analyze(article, stages=("sentences", "temporal"))
            if fmt == "json":
                data = {"source": article.source, "dct": article.dct,
                        "timexes": [t.to_json() for t in doc.timexes]}
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
            elif article.format == "timeml" and article.raw is not None:
                out.write(write_timeml(article, doc.timexes))
            else:
                out.write(inline_timeml(article.text, doc.timexes))
                if not article.text.endswith("\n"):
                    out.write("\n")
    except InputError as error:
        on_error(error)
    except DyadError as error:
        on_error(error)
    out.flush()
    if failed:
        sys.exit(1)
