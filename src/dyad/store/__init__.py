"""The knowledge base: SQLite (default) or PostgreSQL behind one `Store` API.

    store = open_store("sqlite:///dyad.db")     # migrates on open
    report = store.ingest(documents)           # transactional per article, idempotent
    doc = store.document("Armenia–Artsakh relations")
    store.resolve("NKR")                        # -> ["polity:artsakh"] (actor ids)

Tables are in `schema.py` (readers of the store import them from there); migrations in
`migrations.py`; the write path in `write.py`; the read-back of a whole Document in `read.py`.
Errors are `StoreError`s naming the database URL, never raw driver exceptions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import DyadError, StoreError
from ..model import Document
from . import schema
from .engine import make_engine, writer_engine
from .keys import article_key, normalise_alias, normalise_title
from .migrations import migrate
from .read import load_document
from .write import count_rows, delete_article_facts, recompute_dyad, replace_document

__all__ = ["IngestReport", "Store", "StoreError", "open_store", "normalise_alias", "schema"]

# progress(done, total_or_None, document) after each document is written.
Progress = Callable[[int, "int | None", Document], None]


@dataclass
class IngestReport:
    written: list[str] = field(default_factory=list)  # article keys, in ingest order
    replaced: list[str] = field(default_factory=list)  # keys that were there before
    failed: list[StoreError] = field(default_factory=list)


class Store:
    """An open knowledge base. Use as a context manager or call `close()`."""

    def __init__(self, url: str, engine: Engine, writer: Engine | None = None):
        self.url = url
        self.engine = engine  # reads (`connect()`)
        self._writer = writer or engine  # writes (see engine.writer_engine)
        self.tables = schema

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()
        if self._writer is not self.engine:
            self._writer.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def connect(self):
        """A read connection (SQLAlchemy `Connection`) for queries over `schema` tables."""
        try:
            return self.engine.connect()
        except SQLAlchemyError as error:
            raise self._error("cannot connect", error) from error

    # -- writing --------------------------------------------------------------------------
    def ingest(self, documents: Iterable[Document], progress: Progress | None = None,
               total: int | None = None, keep_going: bool = False) -> IngestReport:
        """Write each document in its own transaction, replacing any earlier copy.

        A failure while writing a document rolls back that document only: the article's
        previous facts (if any) stay exactly as they were. It raises StoreError unless
        `keep_going`, in which case it is recorded in the report and the next one is written.
        """
        report = IngestReport()
        done = 0
        for doc in documents:
            key = article_key(doc.article)
            try:
                existed = self._write(doc, key)
            except (SQLAlchemyError, ValueError, KeyError, TypeError, AttributeError) as error:
                failure = self._error(f"cannot write article {doc.article.source}", error)
                if not keep_going:
                    raise failure from error
                report.failed.append(failure)
                continue
            report.written.append(key)
            if existed:
                report.replaced.append(key)
            done += 1
            if progress is not None:
                progress(done, total, doc)
        return report

    def _write(self, doc: Document, key: str) -> bool:
        """One document in one transaction; True if it replaced an earlier copy. A unique
        violation from a concurrent writer of the same article is retried once (the retry
        sees the other copy and replaces it)."""
        for attempt in (1, 2):
            try:
                with self._writer.begin() as conn:
                    existed = conn.execute(select(schema.articles.c.id).where(
                        schema.articles.c.key == key)).scalar() is not None
                    replace_document(conn, doc)
                return existed
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def delete(self, title_or_source: str) -> bool:
        """Remove one article and everything it contributed. True if it was there."""
        with self._begin() as conn:
            article_id = self._article_id(conn, title_or_source)
            if article_id is None:
                return False
            dyads = delete_article_facts(conn, article_id)
            conn.execute(delete(schema.articles).where(schema.articles.c.id == article_id))
            for dyad_id in dyads:
                recompute_dyad(conn, dyad_id)
            return True

    # -- reading --------------------------------------------------------------------------
    def document(self, title_or_source: str) -> Document | None:
        """The stored article (by title, any case/dash spelling, or by source) as a Document."""
        with self.connect() as conn:
            article_id = self._article_id(conn, title_or_source)
            return None if article_id is None else load_document(conn, article_id)

    def articles(self) -> list[dict]:
        """Every article: id, key, title, source, format, revision, ingested_at."""
        a = schema.articles.c
        with self.connect() as conn:
            return [dict(r) for r in conn.execute(
                select(a.id, a.key, a.title, a.source, a.format, a.page_id, a.revision_id,
                       a.content_hash, a.ingested_at).order_by(a.title, a.source)).mappings()]

    def counts(self) -> dict[str, int]:
        """Rows per table (for `dyad ingest`'s summary and the tests)."""
        with self.connect() as conn:
            return {t.name: count_rows(conn, t) for t in schema.TABLES
                    if t.name != "schema_version"}

    def resolve(self, name: str) -> list[str]:
        """Actor ids whose id, name or any alias matches `name` (normalised). See
        `dyad.query.resolve` for the full resolution with the gazetteer and errors."""
        norm = normalise_alias(name)
        c = schema.actors.c
        with self.connect() as conn:
            by_id = conn.execute(select(c.id).where(c.id == name.strip())).scalars().all()
            if by_id:
                return list(by_id)
            ids = set(conn.execute(select(schema.aliases.c.actor_id).where(
                schema.aliases.c.norm == norm)).scalars())
            if not ids:
                # Names and ISO codes are aliases too, even when no article listed them.
                ids.update(conn.execute(select(c.id).where(
                    (c.name_norm == norm) | (c.iso3 == name.strip().upper()))).scalars())
            return sorted(ids)

    # -- checkpoints (resumable dump ingests) ---------------------------------------------
    def checkpoint(self, source: str) -> str | None:
        with self.connect() as conn:
            return conn.execute(select(schema.checkpoints.c.position).where(
                schema.checkpoints.c.source == source)).scalar()

    def set_checkpoint(self, source: str, position: str | None) -> None:
        """Record (or with None, clear) the resume point for `source`."""
        cp = schema.checkpoints
        now = datetime.now(timezone.utc)
        with self._begin() as conn:
            if position is None:
                conn.execute(delete(cp).where(cp.c.source == source))
            elif conn.execute(update(cp).where(cp.c.source == source).values(
                    position=position, updated_at=now)).rowcount == 0:
                conn.execute(insert(cp).values(source=source, position=position,
                                               updated_at=now))

    # -- helpers --------------------------------------------------------------------------
    def _begin(self):
        try:
            return self._writer.begin()
        except SQLAlchemyError as error:
            raise self._error("cannot connect", error) from error

    def _article_id(self, conn, title_or_source: str) -> int | None:
        a = schema.articles.c
        for key in ("title:" + normalise_title(title_or_source), "source:" + title_or_source):
            found = conn.execute(select(a.id).where(a.key == key)).scalar()
            if found is not None:
                return found
        return conn.execute(select(a.id).where(a.source == title_or_source)
                            .order_by(a.id).limit(1)).scalar()

    def _error(self, what: str, error: Exception) -> StoreError:
        if isinstance(error, DyadError):
            return StoreError(self.url, f"{what}: {error.one_line()}")
        text = str(getattr(error, "orig", None) or error).strip()
        first = text.splitlines()[0] if text else type(error).__name__
        return StoreError(self.url, f"{what}: {first}")


def open_store(url: str | None = None, migrate_to: int | None = None,
               create: bool = True) -> Store:
    """Open the knowledge base at `url` (default $DYAD_DB or ./dyad.db) and migrate it.

    `migrate_to` stops at an older schema version (tests of the migrations use it).
    `create=False`: a SQLite file that does not exist is a StoreError, not a new database.
    """
    url = default_url(url)
    engine = make_engine(url, create=create)
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as error:
        engine.dispose()
        text = str(getattr(error, "orig", None) or error).strip()
        raise StoreError(_safe(url), f"cannot connect: {text.splitlines()[0] if text else error}"
                         ) from error
    writer = writer_engine(engine)
    try:
        migrate(writer, _safe(url), target=migrate_to)
    except StoreError:
        engine.dispose()
        writer.dispose()
        raise
    return Store(_safe(url), engine, writer)


def default_url(url: str | None = None) -> str:
    """`url`, else $DYAD_DB, else ./dyad.db; a bare path means a SQLite file.
    (The same rule as `dyad.cli.normalise_db_url`; the store must not import the CLI.)"""
    url = url or os.environ.get("DYAD_DB") or "sqlite:///dyad.db"
    return url if "://" in url else "sqlite:///" + url


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a message helper must not fail
        return url
