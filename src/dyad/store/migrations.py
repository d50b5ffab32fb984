"""Versioned migrations: ordered steps, applied automatically when a store is opened.

Each step is `(version, description, apply)` where `apply(connection)` runs inside the
migration's transaction. The `schema_version` table has one row per applied step. A database
newer than this code is refused rather than guessed at.

Rules for whoever changes `schema.py`: never edit a step that has shipped; add a new one that
brings an existing database to the new layout (ALTER, backfill), and bump
`schema.SCHEMA_VERSION` to its number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, bindparam, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema

Step = tuple[int, str, Callable[[Connection], None]]


def _initial(conn: Connection) -> None:
    # Version 1 had every table except the dump-ingest checkpoints (added in version 2).
    # `create_all` makes today's tables; the later steps therefore add columns only where
    # they are missing, so a database created at any version ends with the same layout.
    tables = [t for t in schema.TABLES if t.name not in ("schema_version", "checkpoints")]
    schema.metadata.create_all(conn, tables=tables)


def _actor_name_norm(conn: Connection) -> None:
    # Actor names resolve like aliases ("Nagorno–Karabakh" = "nagorno karabakh"): a
    # normalised copy of the name, filled in for the actors already there.
    from .keys import normalise_alias

    columns = {c["name"] for c in inspect(conn).get_columns("actors")}
    if "name_norm" not in columns:
        conn.exec_driver_sql("ALTER TABLE actors ADD COLUMN name_norm TEXT")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_actors_name_norm ON actors (name_norm)")
    a = schema.actors
    rows = conn.execute(select(a.c.id, a.c.name).where(a.c.name_norm.is_(None))).all()
    if rows:
        conn.execute(
            update(a).where(a.c.id == bindparam("actor_id")).values(name_norm=bindparam("norm")),
            [{"actor_id": r.id, "norm": normalise_alias(r.name)} for r in rows])


def _checkpoints(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.checkpoints])


def _sentence_search(conn: Connection) -> None:
    # Full-text search over sentences. PostgreSQL: an expression GIN index that
    # `to_tsvector('english', text) @@ plainto_tsquery(...)` uses. SQLite: an external-content
    # FTS5 table kept in step by triggers (FTS5 ships with the stdlib's SQLite).
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_sentences_fts ON sentences "
            "USING gin (to_tsvector('english', text))"
        )
    elif conn.dialect.name == "sqlite":
        for sql in (
            "CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5("
            "text, content='sentences', content_rowid='id')",
            "CREATE TRIGGER IF NOT EXISTS sentences_fts_ai AFTER INSERT ON sentences BEGIN "
            "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END",
            "CREATE TRIGGER IF NOT EXISTS sentences_fts_ad AFTER DELETE ON sentences BEGIN "
            "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
            "VALUES ('delete', old.id, old.text); END",
            "INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')",
        ):
            conn.exec_driver_sql(sql)


def _big_page_ids(conn: Connection) -> None:
    # Wikipedia revision ids are past 1.2 billion: PostgreSQL's 32-bit INTEGER would overflow.
    # SQLite's INTEGER is already 64-bit.
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE articles ALTER COLUMN page_id TYPE BIGINT, "
                             "ALTER COLUMN revision_id TYPE BIGINT")


def _text_not_varchar(conn: Connection) -> None:
    # VARCHAR(n) limits failed on PostgreSQL only (SQLite ignores them): make them TEXT.
    if conn.dialect.name != "postgresql":
        return
    rows = conn.exec_driver_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'character varying'").all()
    ours = {t.name for t in schema.TABLES}
    for table, column in rows:
        if table in ours:
            conn.exec_driver_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE TEXT')


def _mission_dates(conn: Connection) -> None:
    # Missions learn when the text says they opened and closed, and from which event. Missions
    # stored before stay undated until their article is ingested again.
    columns = {c["name"] for c in inspect(conn).get_columns("missions")}
    for column in ("opened", "opened_event", "closed", "closed_event"):
        if column not in columns:
            conn.exec_driver_sql(f"ALTER TABLE missions ADD COLUMN {column} TEXT")


def _dyad_regions(conn: Connection) -> None:
    # Overview pages cover many dyads in their rows and sections, and say when relations
    # began. Rows stored before are whole articles about their dyad (scope NULL = article).
    for table, columns in (("dyad_articles", ("scope", "began", "regions", "position")),
                           ("dyads", ("began",))):
        have = {c["name"] for c in inspect(conn).get_columns(table)}
        for column in columns:
            if column not in have:
                kind = "INTEGER" if column == "position" else "TEXT"
                conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


STEPS: tuple[Step, ...] = (
    (1, "initial schema: articles, facts, actors, aliases, dyads", _initial),
    (2, "checkpoints table for resumable dump ingests", _checkpoints),
    (3, "full-text search over sentences", _sentence_search),
    (4, "actors.name_norm: actor names resolve like aliases", _actor_name_norm),
    (5, "articles.page_id and revision_id as 64-bit integers", _big_page_ids),
    (6, "TEXT instead of VARCHAR(n) everywhere", _text_not_varchar),
    (7, "missions.opened/closed and the events that date them", _mission_dates),
    (8, "dyad_articles.scope/began/regions/position, dyads.began: overview pages' dyads", _dyad_regions),
)

assert [s[0] for s in STEPS] == list(range(1, len(STEPS) + 1)), "steps must be 1..n in order"
assert STEPS[-1][0] == schema.SCHEMA_VERSION, "SCHEMA_VERSION must be the last step"


def current_version(conn: Connection) -> int:
    """The database's schema version: 0 for an empty database."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    row = conn.execute(select(schema.schema_version.c.version).order_by(
        schema.schema_version.c.version.desc()).limit(1)).first()
    return row[0] if row else 0


def migrate(engine, url: str, target: int | None = None) -> int:
    """Bring the database to `target` (default: the latest version). Returns the version.

    Each step runs in its own transaction together with its `schema_version` row, so a
    failing step leaves the database at the previous version.
    """
    target = schema.SCHEMA_VERSION if target is None else target
    try:
        with engine.begin() as conn:
            version = current_version(conn)
            if version == 0:
                schema.metadata.create_all(conn, tables=[schema.schema_version])
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                url,
                f"database schema version {version} is newer than this dyad "
                f"(knows up to {schema.SCHEMA_VERSION})",
                "upgrade dyad",
            )
        for number, description, apply in STEPS:
            if number <= version or number > target:
                continue
            with engine.begin() as conn:
                apply(conn)
                conn.execute(schema.schema_version.insert().values(
                    version=number, description=description,
                    applied_at=datetime.now(timezone.utc)))
            version = number
    except SQLAlchemyError as error:
        raise StoreError(url, f"cannot migrate the database: {_first_line(error)}") from error
    return version


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
