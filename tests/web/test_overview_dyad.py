"""The explorer's page of a dyad that only an overview page ("Foreign relations of Armenia")
covers, on SQLite and PostgreSQL: the page is not listed as an article about the dyad but
apart, "also covered in: Foreign relations of Armenia (2 rows)", with when relations began;
the JSON API and the page's `.json` twin say the same."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dyad.analysis.pipeline import analyze
from dyad.readers import read_path
from dyad.store import open_store
from dyad.web import create_app
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)
from live_server import CHROMIUM_ARGS, serve  # tests/live_server.py

PAGE = builders.DATA / "wikitext" / "Foreign_relations_of_Armenia.wiki"
TITLE = "Foreign relations of Armenia"


@pytest.fixture(scope="module")
def armenia():
    return analyze(next(read_path(str(PAGE))))


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def client(request, tmp_path_factory, armenia):
    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with builders.fresh_database(request.param, tmp_path_factory.mktemp("kb"), pg) as url:
        with open_store(url) as kb:
            kb.ingest([armenia])
        with TestClient(create_app(url)) as c:
            yield c


@pytest.mark.parametrize("path", ["/api/dyads/armenia/algeria", "/dyads/armenia/algeria.json"])
def test_the_overview_page_is_listed_apart(client, path):
    body = client.get(path).json()
    assert body["articles"] == []
    assert body["began"] == "1992-12-30" and body["began_text"] == "30 December 1992"
    (page,) = body["covered_in"]
    assert (page["title"], page["scope"], page["began"], page["label"]) == (
        TITLE, "region", "1992-12-30", "2 rows")
    assert page["url"].startswith("/articles/")
    assert [(r["kind"], r["began"]) for r in page["regions"]] == [
        ("row", "1992-12-30"), ("row", "1992-12-30")]
    assert body["counts"]["events"] == 1


def test_the_dyad_page_says_also_covered_in(client):
    html = client.get("/dyads/armenia/algeria").text
    sub = html[html.index('<p class="sub">'):]
    sub = sub[:sub.index("</p>")]
    assert "also covered in" in sub and TITLE in sub and "2 rows" in sub
    assert "relations began 30 December 1992" in sub
    assert "events from" not in sub  # no article about the dyad to name


def test_an_article_about_the_dyad_stays_in_articles(client, armenia):
    """A dyad the page covers next to its own article: both, each in its place."""
    from dyad.model import Actor

    arm = Actor("polity:ARM", "Armenia", "polity", ["Armenia"], iso3="ARM")
    dza = Actor("polity:DZA", "Algeria", "polity", ["Algeria"], iso3="DZA")
    doc = builders.small_document("Algeria–Armenia relations", [
        ("Algeria and Armenia established diplomatic relations on 30 December 1992.",
         [("established", "ESTABLISH_RELATIONS", "1992-12-30", ["polity:DZA", "polity:ARM"], [])]),
    ], [arm, dza], ("polity:DZA", "polity:ARM"))
    store = client.app.state.store
    store.ingest([doc])
    try:
        body = client.get("/api/dyads/armenia/algeria").json()
        assert [a["title"] for a in body["articles"]] == ["Algeria–Armenia relations"]
        assert [c["title"] for c in body["covered_in"]] == [TITLE]
    finally:
        store.delete("Algeria–Armenia relations")


@pytest.fixture(scope="module")
def served(tmp_path_factory, armenia):
    """A real server on a free loopback port over a SQLite KB of the Armenia page."""
    url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'kb.db'}"
    with open_store(url) as kb:
        kb.ingest([armenia])
    with serve(url) as base:
        yield base


@pytest.mark.browser
def test_also_covered_in_opens_the_overview_page_in_a_browser(served, chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(served + "/dyads/armenia/algeria")
            page.wait_for_selector("#timeline svg .tl-item")
            assert page.inner_text("#covered-in") == (
                "also covered in: Foreign relations of Armenia (2 rows; relations began "
                "30 December 1992)")
            assert page.locator(".tl-item").count() == 1
            page.click(f"#covered-in a:text('{TITLE}')")
            page.wait_for_url("**/articles/*")
            assert TITLE in page.inner_text("h1")
            assert errors == []
        finally:
            browser.close()
