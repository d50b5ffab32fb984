"""An overview page ("Foreign relations of Armenia") in the store, on SQLite and PostgreSQL:
its many dyads (one dyad_articles row each, scope "region", with began and regions) round-trip,
dyads learn when relations began, and a database of version 7 upgrades."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dyad.analysis.pipeline import analyze
from dyad.readers import read_path
from dyad.store import open_store, schema
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)


@pytest.fixture(scope="module")
def armenia():
    return analyze(next(read_path(str(builders.DATA / "wikitext" / "Foreign_relations_of_Armenia.wiki"))))


def test_an_overview_page_round_trips_with_its_dyads(db_url, armenia):
    with open_store(db_url) as store:
        store.ingest([armenia])
        back = store.document(armenia.title)
        assert back == armenia
        assert back.dyad is None and len(back.dyads) == len(armenia.dyads) > 150
        # An article about one dyad beside it keeps its own (scope "article").
        store.ingest([builders.seed_document()])
        assert store.document(builders.seed_document().title).dyad == builders.seed_document().dyad
        assert store.document(armenia.title).dyads == armenia.dyads
        with store.connect() as conn:
            d, da = schema.dyads, schema.dyad_articles
            row = conn.execute(select(d.c.began, da.c.scope, da.c.party1, da.c.party2)
                               .join(da, da.c.dyad_id == d.c.id)
                               .where(d.c.party1 == "polity:ARM", d.c.party2 == "polity:DZA")).one()
            assert tuple(row) == ("1992-12-30", "region", "polity:ARM", "polity:DZA")
            scopes = dict(conn.execute(select(da.c.article_id, da.c.scope)
                                       .where(da.c.party2 == builders.seed_document().dyad.party2)).all())
            assert list(scopes.values()) == ["article"]
        # Ingesting it again replaces its rows, it does not add to them.
        store.ingest([armenia])
        assert store.document(armenia.title).dyads == armenia.dyads
        assert store.counts()["dyad_articles"] == len(armenia.dyads) + 1


def test_a_version_7_database_upgrades(db_url, armenia):
    seed = builders.seed_document()
    with open_store(db_url, migrate_to=7) as old:
        old.ingest([seed])
        with old.engine.begin() as conn:  # as version 7 left them
            for table, column in (("dyad_articles", "scope"), ("dyad_articles", "began"),
                                  ("dyad_articles", "regions"), ("dyad_articles", "position"),
                                  ("dyads", "began")):
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    with open_store(db_url) as store:
        assert store.document(seed.title) == seed  # its dyad is the article's own
        store.ingest([armenia])
        assert store.document(armenia.title).dyads == armenia.dyads
