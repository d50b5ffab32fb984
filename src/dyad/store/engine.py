"""Database URLs -> SQLAlchemy engines, with the settings each back end needs.

SQLite: WAL journal (readers such as `dyad serve` do not block an ingest), foreign keys on,
`synchronous=NORMAL` (safe with WAL, and an ingest commits once per article).
PostgreSQL: `postgresql://` URLs are driven by psycopg 3.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from ..errors import StoreError

SUPPORTED = "sqlite:///path.db or postgresql://user@host:port/database"


def make_engine(url: str, create: bool = True) -> Engine:
    """An engine for `url`, or StoreError naming the URL and what is wrong with it.

    With `create=False` a SQLite file that does not exist is an error (read-only commands
    must not leave an empty database behind a typo)."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(url, "not a database URL", f"use {SUPPORTED}") from error
    backend = parsed.get_backend_name()
    shown = parsed.render_as_string(hide_password=True)  # messages never show a password
    if backend == "sqlite":
        return _sqlite_engine(url, parsed, create)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (ArgumentError, NoSuchModuleError, ImportError) as error:
            raise StoreError(shown, f"cannot use this PostgreSQL URL: {error}",
                             "install dyad[postgres] for psycopg") from error
    raise StoreError(shown, f"unsupported database '{backend}'", f"use {SUPPORTED}")


def _sqlite_engine(url: str, parsed, create: bool) -> Engine:
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        if path.is_dir():
            raise StoreError(url, "is a directory, not a database file")
        if not path.parent.exists():
            raise StoreError(url, f"folder {path.parent} does not exist")
        if not create and not path.exists():
            raise StoreError(url, "no knowledge base here", "run `dyad ingest PATH --db URL` first")
    try:
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError) as error:
        raise StoreError(url, f"cannot use this SQLite URL: {error}") from error
    _on_connect(engine, database)
    return engine


def writer_engine(engine: Engine) -> Engine:
    """The engine writes go through. For a SQLite file: a second engine whose transactions
    start with BEGIN IMMEDIATE, so that two writers (an ingest and `dyad serve
    --allow-ingest`, or two ingests) queue on the busy timeout instead of failing when a
    read transaction cannot be upgraded. Readers keep the plain engine and never wait.
    Elsewhere (PostgreSQL, in-memory SQLite) the same engine."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return engine
    writer = create_engine(engine.url)
    _on_connect(writer, database)

    @event.listens_for(writer, "connect")
    def _manual_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # the driver must not BEGIN on its own

    @event.listens_for(writer, "begin")
    def _begin_immediate(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return writer


def _on_connect(engine: Engine, database: str | None) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
