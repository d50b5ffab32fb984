"""The knowledge base the explorer's tests query: made by the same seeded builder as the demo
(`dyad.web.build_sample_kb`), from the seed article through the real pipeline and store."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyad.web import build_sample_kb, create_app

SEED = (Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seed"
        / "armenia-artsakh-relations.txt")


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    store = build_sample_kb(url, [SEED])
    counts = store.counts()
    store.close()
    assert counts["events"] > 0 and counts["dyads"] == 1, counts
    return url


@pytest.fixture(scope="session")
def client(kb_url) -> TestClient:
    with TestClient(create_app(kb_url)) as c:
        yield c
