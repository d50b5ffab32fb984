"""Fixtures for the store tests: every test that takes `db_url` runs on SQLite and on
PostgreSQL, each time in a fresh, empty database."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def load_builders():
    """tests/store/builders.py as a module (importlib mode: tests/ is not on sys.path)."""
    path = Path(__file__).with_name("builders.py")
    spec = importlib.util.spec_from_file_location("dyad_test_store_builders", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builders = load_builders()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with builders.fresh_database(request.param, tmp_path, pg) as url:
        yield url
