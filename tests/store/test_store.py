"""The knowledge base on SQLite and PostgreSQL: migrations, idempotent and transactional
ingest, merging of actors and aliases, dyad status, checkpoints, errors."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from sqlalchemy import insert, select, text

from dyad.errors import StoreError
from dyad.store import open_store, schema
from dyad.store import write as write_module
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)




def test_open_creates_latest_schema(db_url):
    with open_store(db_url) as store:
        with store.connect() as conn:
            versions = conn.execute(select(schema.schema_version.c.version)).scalars().all()
        assert versions == list(range(1, schema.SCHEMA_VERSION + 1))
        assert set(store.counts()) == {t.name for t in schema.TABLES} - {"schema_version"}
        assert all(n == 0 for n in store.counts().values())
    # Opening again applies nothing new.
    with open_store(db_url) as store, store.connect() as conn:
        assert len(conn.execute(select(schema.schema_version)).all()) == schema.SCHEMA_VERSION


def test_old_version_database_migrates_and_keeps_its_data(db_url):
    seed = builders.seed_document()
    with open_store(db_url, migrate_to=1) as old:
        old.ingest([seed])
        with old.connect() as conn:
            assert not _has_table(conn, "checkpoints")
    with open_store(db_url) as store:
        with store.connect() as conn:
            assert max(conn.execute(select(schema.schema_version.c.version)).scalars()) == \
                schema.SCHEMA_VERSION
            # Step 3 indexed the sentences that were already there for full-text search.
            hits = _search(conn, store.dialect, "Artsakh")
        assert hits > 0
        assert store.document(seed.title) == seed
        store.set_checkpoint("dump.xml.bz2", "1234")
        assert store.checkpoint("dump.xml.bz2") == "1234"


def test_column_added_by_a_later_step_is_backfilled(db_url):
    # A database as version 3 left it: no actors.name_norm.
    seed = builders.seed_document()
    with open_store(db_url, migrate_to=3) as old:
        old.ingest([seed])
        with old.engine.begin() as conn:
            conn.exec_driver_sql("DROP INDEX ix_actors_name_norm")
            conn.exec_driver_sql("ALTER TABLE actors DROP COLUMN name_norm")
    with open_store(db_url) as store:
        with store.connect() as conn:
            norms = dict(conn.execute(select(schema.actors.c.id, schema.actors.c.name_norm)).all())
        assert norms["polity:ARM"] == "armenia"
        assert norms["person:nikol-pashinyan"] == "nikol pashinyan"
        # The name resolves in any spelling even though no alias row says "Soviet-Union".
        assert store.resolve("the soviet-union") == ["polity:SUN"]
        assert store.document(seed.title) == seed


def test_revision_ids_beyond_32_bits_survive_the_migration(db_url):
    seed = builders.seed_document()
    seed.article.page_id, seed.article.revision_id = 2**31 - 5, 2**31 - 1
    with open_store(db_url, migrate_to=4) as old:
        if old.dialect == "postgresql":  # as version 4 made them: 32-bit
            with old.engine.begin() as conn:
                conn.exec_driver_sql("ALTER TABLE articles ALTER COLUMN page_id TYPE INTEGER, "
                                     "ALTER COLUMN revision_id TYPE INTEGER")
        old.ingest([seed])
        seed.article.revision_id = 2**40
        if old.dialect == "postgresql":
            with pytest.raises(StoreError, match="out of range"):
                old.ingest([seed])
    with open_store(db_url) as store:
        store.ingest([seed])
        assert store.document(seed.title).article.revision_id == 2**40


def test_long_values_are_stored_alike_on_both_back_ends(db_url):
    seed = builders.seed_document()
    seed.events[0].type = "ESTABLISH_DIPLOMATIC_RELATIONS_AT_AMBASSADOR_LEVEL"
    seed.events[0].date.earliest = "-0500-01-01"  # a date before the common era
    with open_store(db_url, migrate_to=5) as old:
        if old.dialect == "postgresql":  # as version 5 made them
            with old.engine.begin() as conn:
                conn.exec_driver_sql("ALTER TABLE events ALTER COLUMN type TYPE VARCHAR(32), "
                                     "ALTER COLUMN earliest TYPE VARCHAR(10)")
            with pytest.raises(StoreError, match="too long"):
                old.ingest([seed])
    with open_store(db_url) as store:
        store.ingest([seed])
        assert store.document(seed.title) == seed
        if store.dialect == "postgresql":
            with store.connect() as conn:
                assert conn.exec_driver_sql(
                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                    "current_schema() AND data_type = 'character varying'").scalar() == 0


def test_missions_gain_open_and_close_dates_on_upgrade(db_url):
    # A database as version 6 left it: missions without opened/closed.
    seed = builders.seed_document()
    seed.missions[0].opened, seed.missions[0].opened_event = "1992", "e1"
    seed.missions[0].closed, seed.missions[0].closed_event = "2023-09", "e2"
    with open_store(db_url, migrate_to=6) as old:
        old.ingest([seed])
        with old.engine.begin() as conn:
            for column in ("opened", "opened_event", "closed", "closed_event"):
                conn.exec_driver_sql(f"ALTER TABLE missions DROP COLUMN {column}")
    with open_store(db_url) as store:
        undated = [dataclasses.replace(m, opened=None, opened_event=None, closed=None, closed_event=None)
                   for m in seed.missions]
        assert store.document(seed.title).missions == undated  # kept, not yet dated
        store.ingest([seed])  # ingesting the article again dates them
        assert store.document(seed.title) == seed


def test_database_newer_than_the_code_is_refused(db_url):
    with open_store(db_url) as store, store.engine.begin() as conn:
        conn.execute(insert(schema.schema_version).values(
            version=99, description="from the future", applied_at=_now()))
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        open_store(db_url)


def test_seed_document_round_trips(db_url):
    seed = builders.seed_document()
    with open_store(db_url) as store:
        report = store.ingest([seed])
        assert report.written == ["title:armenia-artsakh relations"]
        back = store.document("Armenia–Artsakh relations")
    assert back == seed
    # Any spelling of the title finds it; so does its source.
    with open_store(db_url) as store:
        assert store.document("armenia-artsakh_relations") == seed
        assert store.document(seed.article.source) == seed
        assert store.document("Narnia–Oz relations") is None


def test_ingest_twice_leaves_one_copy(db_url):
    seed = builders.seed_document()
    with open_store(db_url) as store:
        store.ingest([seed])
        first = store.counts()
        report = store.ingest([copy.deepcopy(seed)])
        assert report.replaced == ["title:armenia-artsakh relations"]
        assert store.counts() == first
        assert first["articles"] == 1 and first["events"] == len(seed.events)


def test_reingest_replaces_all_facts_of_the_article(db_url):
    seed = builders.seed_document()
    smaller = copy.deepcopy(seed)
    smaller.events = smaller.events[:3]
    smaller.timexes = smaller.timexes[:2]
    smaller.missions = []
    with open_store(db_url) as store:
        store.ingest([seed])
        store.ingest([smaller])
        counts = store.counts()
        assert counts["events"] == 3 and counts["timexes"] == 2 and counts["missions"] == 0
        assert store.document(seed.title) == smaller


def test_failure_half_way_leaves_previous_state(db_url, monkeypatch):
    seed = builders.seed_document()
    changed = copy.deepcopy(seed)
    changed.events = changed.events[:5]
    with open_store(db_url) as store:
        store.ingest([seed])
        before = store.counts()

        original = write_module._insert_events

        def explode(conn, doc, article_id):
            original(conn, doc, article_id)  # the new events are written, then it fails
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(write_module, "_insert_events", explode)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.ingest([changed])
        monkeypatch.undo()
        assert store.counts() == before
        assert store.document(seed.title) == seed


def test_database_error_mid_ingest_is_a_store_error_and_rolls_back(db_url):
    seed = builders.seed_document()
    broken = copy.deepcopy(seed)
    broken.events.append(dataclasses.replace(broken.events[0]))  # duplicate event id
    with open_store(db_url) as store:
        store.ingest([seed])
        before = store.counts()
        with pytest.raises(StoreError) as caught:
            store.ingest([broken])
        message = str(caught.value)
        assert "\n" not in message and "cannot write article" in message
        assert store.counts() == before
        # keep_going records the failure and writes the next document.
        others = builders.other_documents()
        report = store.ingest([broken, others[0]], keep_going=True)
        assert len(report.failed) == 1 and report.written == ["title:armenia-azerbaijan relations"]
        assert store.document(seed.title) == seed


def test_polities_merge_across_articles_and_aliases_accumulate(db_url):
    seed = builders.seed_document()
    azerbaijan, russia = builders.other_documents()
    with open_store(db_url) as store:
        store.ingest([seed, azerbaijan, russia])
        with store.connect() as conn:
            arm = conn.execute(select(schema.actors).where(
                schema.actors.c.id == "polity:ARM")).all()
        assert len(arm) == 1
        # "Republic of Armenia" comes from the seed and from the Armenia–Russia article;
        # "Russian Federation" only from the latter.
        assert store.resolve("republic of armenia") == ["polity:ARM"]
        assert store.resolve("Russian Federation") == ["polity:RUS"]
        assert store.resolve("Nagorno Karabakh Republic") == ["polity:ARTSAKH"]
        assert store.resolve("NKR") == ["polity:ARTSAKH"]
        russia2 = copy.deepcopy(russia)
        russia2.actors[1].aliases = ["Russia"]
        store.ingest([russia2])  # re-ingested without that alias: it goes
        assert store.resolve("Russian Federation") == []
        assert store.resolve("russia") == ["polity:RUS"]
        # Fields an article leaves empty keep what another article said.
        with store.connect() as conn:
            pash = conn.execute(select(schema.actors).where(
                schema.actors.c.id == "person:nikol-pashinyan")).one()
        assert pash.role == "Prime Minister of Armenia"
        assert pash.affiliation == "polity:ARM"


def test_dyad_status_follows_its_articles(db_url):
    seed = builders.seed_document()
    with open_store(db_url) as store:
        store.ingest([seed])
        with store.connect() as conn:
            dyad = conn.execute(select(schema.dyads)).one()
        assert (dyad.party1, dyad.party2) == ("polity:ARM", "polity:ARTSAKH")
        assert (dyad.status, dyad.ended) == ("historical", "2024-01-01")
        current = copy.deepcopy(seed)
        current.dyad.status, current.dyad.ended, current.dyad.ended_because = \
            "current", None, None
        store.ingest([current])
        with store.connect() as conn:
            assert conn.execute(select(schema.dyads.c.status)).scalar_one() == "current"
        assert store.delete(seed.title) is True
        assert store.delete(seed.title) is False
        counts = store.counts()
        assert counts["dyads"] == 0 and counts["events"] == 0 and counts["articles"] == 0
        assert counts["actors"] > 0  # actors are global and outlive the article


def test_checkpoints(db_url):
    with open_store(db_url) as store:
        assert store.checkpoint("enwiki.xml.bz2") is None
        store.set_checkpoint("enwiki.xml.bz2", "page:10")
        store.set_checkpoint("enwiki.xml.bz2", "page:20")
        assert store.checkpoint("enwiki.xml.bz2") == "page:20"
        store.set_checkpoint("enwiki.xml.bz2", None)
        assert store.checkpoint("enwiki.xml.bz2") is None


def test_text_with_nul_is_stored_or_refused_cleanly(db_url):
    doc = builders.small_document("Nul relations", [("A\x00B agreed.", [])], [], None)
    with open_store(db_url) as store:
        if store.dialect == "postgresql":  # PostgreSQL text cannot hold U+0000
            with pytest.raises(StoreError, match="cannot write article Nul relations.txt"):
                store.ingest([doc])
            assert store.counts()["articles"] == 0
        else:
            store.ingest([doc])
            assert store.document("Nul relations") == doc


@pytest.mark.parametrize("url, message", [
    ("foo://x/y", "foo://x/y: unsupported database 'foo'"),
    ("sqlite:////no/such/folder/kb.db", "folder /no/such/folder does not exist"),
    ("not a url at all://", "not a database URL"),
])
def test_bad_urls_are_one_line_store_errors(url, message):
    with pytest.raises(StoreError) as caught:
        open_store(url)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_unreachable_postgresql_is_a_store_error():
    with pytest.raises(StoreError, match=r"cannot connect"):
        open_store("postgresql://dyad@127.0.0.1:1/nothing")


def test_read_only_open_does_not_create_a_database(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no knowledge base here"):
        open_store(f"sqlite:///{path}", create=False)
    assert not path.exists()


def test_sqlite_uses_wal(tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'kb.db'}") as store, store.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# -- helpers ---------------------------------------------------------------------------------

def _has_table(conn, name: str) -> bool:
    from sqlalchemy import inspect

    return inspect(conn).has_table(name)


def _search(conn, dialect: str, word: str) -> int:
    if dialect == "sqlite":
        sql = "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH :w"
    else:
        sql = ("SELECT count(*) FROM sentences WHERE to_tsvector('english', text) "
               "@@ plainto_tsquery('english', :w)")
    return conn.execute(text(sql), {"w": word}).scalar()


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def test_ingest_reports_progress_per_document(db_url):
    docs = [builders.seed_document(), *builders.other_documents()]
    seen = []
    with open_store(db_url) as store:
        report = store.ingest(iter(docs), total=len(docs),
                              progress=lambda done, total, doc: seen.append((done, total, doc.title)))
    assert seen == [(i + 1, 3, d.title) for i, d in enumerate(docs)]
    assert len(report.written) == 3 and not report.failed


def test_error_messages_never_show_a_password():
    for url in ("mysql://kb:s3cret@db.example/kb", "postgresql://kb:s3cret@127.0.0.1:1/kb"):
        with pytest.raises(StoreError) as caught:
            open_store(url)
        assert "s3cret" not in str(caught.value) and "kb:***@" in str(caught.value)
