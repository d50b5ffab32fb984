"""Errors dyad raises. The library never prints or exits; the CLI turns these into
`Error: <source>: <what is wrong>` lines and exit codes."""

from __future__ import annotations


class DyadError(Exception):
    """Base class. `source` names the file, URL or rule file the problem is in."""

    def __init__(self, source: str | None, message: str, hint: str | None = None):
        self.source = source
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InputError(DyadError):
    """An input that cannot be read: missing, empty, binary, badly encoded, truncated, too big."""


class RuleError(DyadError):
    """Rule data that does not load: duplicate id, unknown reference, bad regex. Names file and line."""


class StoreError(DyadError):
    """The knowledge base cannot be opened, migrated or written."""


class QueryError(DyadError):
    """A query that cannot be answered: unknown party, bad date, unknown format."""
