"""`dyad eval timex [--corpus te3-platinum|tbaq|gold] [--data DIR] [--errors] [--format ...]`.

Scores the temporal tagger with the TempEval-3 definitions (strict and relaxed extent match;
value and type F1 over relaxed matches, counting against both precision and recall) on the
TempEval-3 corpora (news mode, each file's DCT) or the project's hand golds (encyclopedia
mode). `--write-tml DIR` also writes the system's TimeML files for the official scorer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import DyadError
from . import cli, report


@cli.group(name="eval")
def eval_group() -> None:
    """Measure dyad against gold annotations."""


@eval_group.command(name="timex")
@click.option("--corpus", "corpora", multiple=True,
              type=click.Choice(["te3-platinum", "tbaq", "gold"]),
              help="Corpus to score on (repeatable). Default: all three.")
@click.option("--data", "data_dir", default=None, metavar="DIR",
              help="The shared data folder (default $DYAD_DATA or ../shared/data).")
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list every missed, spurious and mismatched timex (stderr).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--write-tml", "write_tml", default=None, metavar="DIR",
              help="Write the system's TimeML file for each TimeML document into DIR.")
def eval_timex(corpora: tuple[str, ...], data_dir: str | None, show_errors: bool, fmt: str,
               write_tml: str | None) -> None:
    """TempEval-3 strict/relaxed P, R, F1 and value and type F1 of the temporal tagger."""
    from ..evaluation.corpora import CORPORA, corpus_files, default_data_dir, load_document
    from ..analysis.temporal import tag
    from ..evaluation.tempeval import score_corpus

    data = Path(data_dir) if data_dir else default_data_dir()
    results = {}
    try:
        for name in corpora or CORPORA:
            docs = []
            for path in corpus_files(name, data):
                doc, text, dct, gold = load_document(path)
                system = tag(text, dct)
                docs.append((doc, text, gold, system))
                if write_tml and path.suffix == ".tml":
                    _write_tml(path, system, Path(write_tml) / name)
            scores = score_corpus(docs)
            results[name] = scores
    except DyadError as error:
        report(error)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps({n: {"counts": vars(s.counts), **s.figures()}
                               for n, s in results.items()}, indent=2))
    else:
        click.echo(f"{'corpus':<14}{'gold':>6}{'sys':>6}  {'strict P/R/F1':<20}"
                   f"{'relaxed P/R/F1':<20}{'value F1':>9}{'type F1':>9}{'value+mod':>10}")
        for n, s in results.items():
            f = s.figures()
            click.echo(
                f"{n:<14}{s.counts.gold:>6}{s.counts.system:>6}  "
                f"{f['strict_p']:5.1f} {f['strict_r']:5.1f} {f['strict_f1']:5.1f}  "
                f"{f['relaxed_p']:5.1f} {f['relaxed_r']:5.1f} {f['relaxed_f1']:5.1f}  "
                f"{f['value_f1']:7.1f}{f['type_f1']:9.1f}{f['value_mod_f1']:10.1f}")
    if show_errors:
        for n, s in results.items():
            for e in s.errors:
                click.echo(f"{n}\t{e['doc']}\t{e['kind']}\tgold: {_show(e['gold'])}"
                           f"\tsystem: {_show(e['system'])}", err=True)


def _show(x) -> str:
    if x is None:
        return "-"
    return f"{x['text']!r} {x['type']} {x['value']} {x['mod'] or ''}".rstrip()


def _write_tml(path: Path, system, folder: Path) -> None:
    from ..readers.timeml import read_timeml, write_timeml

    folder.mkdir(parents=True, exist_ok=True)
    raw = path.read_text(encoding="utf-8")
    article = read_timeml(raw, str(path))
    (folder / path.name).write_text(write_timeml(article, system), encoding="utf-8")
