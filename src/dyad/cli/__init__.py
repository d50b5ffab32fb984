"""The `dyad` command: a thin layer over the library.

Each command lives in its own module of this package and registers itself on `cli`.
Options shared by several commands are defined once here. Data goes to stdout; progress,
warnings and errors to stderr. Exit 0 = ok, 1 = runtime error (or some inputs failed),
2 = usage error. Errors are one line: `Error: <source>: <what is wrong>`; never a traceback
for bad input.
"""

from __future__ import annotations

import os
import sys

import click

from ..errors import DyadError

DEFAULT_DB_ENV = "DYAD_DB"


def default_db_url() -> str:
    return os.environ.get(DEFAULT_DB_ENV) or "sqlite:///dyad.db"


def normalise_db_url(value: str | None) -> str:
    """Accept a SQLAlchemy URL or a bare path to a SQLite file."""
    url = value or default_db_url()
    if "://" not in url:
        url = "sqlite:///" + url
    return url


db_option = click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Knowledge base: sqlite:///path.db (default $DYAD_DB or ./dyad.db) or postgresql://...",
)

input_option = click.option(
    "--input",
    "input_format",
    type=click.Choice(["plaintext", "wikitext", "timeml", "dump", "wikitext2"]),
    default=None,
    help="Force the input format instead of detecting it from content.",
)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def report(error: DyadError) -> None:
    """Print a DyadError as the one-line message users see."""
    click.echo(f"Error: {error.one_line()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dyad")
def cli() -> None:
    """Turn articles about relations between states into a sourced, temporal knowledge base."""


def main() -> None:
    # Command modules register themselves on import.
    from . import commands  # noqa: F401

    try:
        cli(standalone_mode=True)
    except DyadError as error:  # a library error that escaped a command: still one line
        report(error)
        sys.exit(1)
    except BrokenPipeError:  # `dyad timeline ... | head`
        sys.exit(0)
