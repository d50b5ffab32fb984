"""Shared fixtures. Paths to ../shared data, the PostgreSQL URL and Chromium from
scripts/test-services (DYAD_TEST_PG_URL, DYAD_TEST_CHROMIUM). In CI
(DYAD_TEST_REQUIRE_SERVICES=1) a missing service fails the test instead of skipping it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SEED = DATA / "seed" / "armenia-artsakh-relations.txt"
SEED_GOLD = DATA / "seed" / "armenia-artsakh-relations.gold.json"


def need_service(name: str, value: str | None) -> str:
    if value:
        return value
    if os.environ.get("DYAD_TEST_REQUIRE_SERVICES"):
        pytest.fail(f"{name} is required in CI but not available (see scripts/test-services)")
    pytest.skip(f"{name} not available (run scripts/test-services)")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not DATA.is_dir():
        pytest.fail(f"shared data not found at {DATA}")
    return DATA


@pytest.fixture(scope="session")
def pg_url() -> str:
    return need_service("PostgreSQL", os.environ.get("DYAD_TEST_PG_URL"))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return need_service("Chromium", os.environ.get("DYAD_TEST_CHROMIUM"))
