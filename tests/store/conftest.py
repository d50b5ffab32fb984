"""Fixtures for the store tests: every test that takes `db_url` runs on SQLite and on
PostgreSQL, each time in a fresh, empty database."""

from __future__ import annotations

import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)
import pytest


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with builders.fresh_database(request.param, tmp_path, pg) as url:
        yield url
