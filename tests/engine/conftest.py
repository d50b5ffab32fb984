"""A small multistream dump built from real pages, for the engine tests.

Pages of the shared 2016 English Wikipedia dump (redirects, a talk-namespace page, a dozen
short articles and "Foreign relations of Angola", with their real ids and revisions), plus two
real "Foreign relations of X" pages from the shared wikitext folder wrapped as pages (ids
above the dump's range), in Wikimedia's multistream layout: bz2 streams of 10 pages and an
`offset:page_id:title` index beside the dump.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.engine.multistream import write_multistream
from dyad.readers.dump import DumpPage, is_article, iter_pages

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ENWIKI = DATA / "dumps" / "gensim_enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
EXTRA = ("Foreign_relations_of_South_Ossetia", "Foreign_relations_of_Kosovo")


def small_pages() -> list[DumpPage]:
    pages = [p for p in iter_pages(str(ENWIKI))
             if not is_article(p) or len(p.text) < 5000 or p.title == "Foreign relations of Angola"]
    for name in EXTRA:
        text = (DATA / "wikitext" / f"{name}.wiki").read_text(encoding="utf-8")
        pages.append(DumpPage(0, name.replace("_", " "), 0, 90_000_000 + len(pages), 1,
                              "2025-11-01T00:00:00Z", text))
    for ordinal, page in enumerate(pages):
        page.ordinal = ordinal
    return pages


@pytest.fixture(scope="session")
def dump_pages() -> list[DumpPage]:
    return small_pages()


@pytest.fixture(scope="session")
def multistream(tmp_path_factory, dump_pages) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    dump = folder / "enwiki-test-pages-articles-multistream.xml.bz2"
    write_multistream(dump_pages, str(dump), str(folder / "enwiki-test-pages-articles-multistream-index.txt"),
                      pages_per_stream=10)
    return dump


@pytest.fixture
def pg_database(pg_url):
    """A fresh, empty PostgreSQL database on the test server, dropped afterwards."""
    import uuid

    import psycopg

    name = "dyad_engine_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
