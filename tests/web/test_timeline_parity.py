"""The explorer's timeline lists what `dyad timeline` lists: the same events, in the same
order, an event reported by two articles once (with `also_in`), on SQLite and PostgreSQL.

The knowledge base: the seed article with its gold facts (approximate dates stored widened,
as the temporal stage stores them), the two neighbouring articles of `kb_builders`, and an
article about another dyad that reports one of the seed's events again, an event one of the
neighbours reports too, and events with open-ended and approximate dates. That article lists
no actors of its own (only its events name them).
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from dyad.analysis.temporal import interval
from dyad.model import EventDate
from dyad.query import timeline
from dyad.store import open_store
from dyad.web import create_app
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)
from live_server import CHROMIUM_ARGS, serve  # tests/live_server.py

BOTH = {"polity:ARM", "polity:ARTSAKH"}
OTHER = "Abkhazia–Armenia relations"
URL = "/api/dyads/armenia/artsakh/timeline"


def shared_event(seed):
    """The seed event the other article reports again: dated, both parties take part."""
    return next(e for e in seed.events if e.plover == e.type and e.date.value
                and e.date.mod is None and BOTH <= set(e.source) | set(e.target)
                and e.same_as is None)


def documents():
    seed = builders.seed_document()
    for ev in seed.events:
        if ev.date.mod == "APPROX":  # 'c. 2024' is stored widened: 2023-01-01..2025-12-31
            ev.date.earliest, ev.date.latest = interval(ev.date.value, ev.date.mod)
    shared = shared_event(seed)
    arm, art = ["polity:ARM"], ["polity:ARTSAKH"]
    other = builders.small_document(OTHER, [
        (f"Armenia and Artsakh: {shared.trigger.text} ({shared.date.value}).",
         [(shared.trigger.text, shared.type, shared.date.value, list(shared.source),
           list(shared.target))]),
        ("In 2021 Armenia supplied aid to Artsakh again.",
         [("supplied", "AID", "2021", arm, art)]),
        ("Before 1988 Armenia protested to Artsakh.", [("protested", "PROTEST", None, arm, art)]),
        ("After 2019 Artsakh appealed to Armenia.", [("appealed", "REQUEST", None, art, arm)]),
        ("Around the 1990s Armenia aided Artsakh.", [("aided", "AID", None, arm, art)]),
        ("Around March 1988 Armenia consulted Artsakh.",
         [("consulted", "CONSULT", None, arm, art)]),
    ], [], ("polity:ARM", "polity:ABK"))
    for ev, (value, mod) in zip(other.events[2:], [("1988", "BEFORE"), ("2019", "AFTER"),
                                                   ("199", "APPROX"), ("1988-03", "APPROX")]):
        ev.date = EventDate(value, mod, *interval(value, mod))
    return [seed, *builders.other_documents(), other]


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def kb(request, tmp_path_factory):
    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with builders.fresh_database(request.param, tmp_path_factory.mktemp("kb"), pg) as url:
        with open_store(url) as store:
            store.ingest(documents())
            with TestClient(create_app(url)) as client:
                client.kb_url = url
                yield store, client


def titles(client) -> dict[int, str]:
    return {a["id"]: a["title"] or a["source"]
            for a in client.get("/api/articles", params={"limit": 500}).json()["articles"]}


def listed(client, events) -> list[tuple[str, str]]:
    names = titles(client)
    return [(names[e["article"]], e["eid"]) for e in events]


def cli(store, **kw) -> list[tuple[str, str]]:
    return [(e.article, e.eid) for e in timeline(store, "Armenia", "Artsakh", **kw).events]


def test_the_knowledge_base_has_what_the_tests_need(kb):
    store, _ = kb
    t = timeline(store, "Armenia", "Artsakh")
    assert any(e.also_in for e in t.events)
    assert any(e.mod == "APPROX" and (e.earliest, e.latest) != interval(e.date)
               for e in t.events)
    assert any(e.earliest is None and e.latest for e in t.events)  # before 1988
    assert any(e.latest is None and e.earliest for e in t.events)  # after 2019
    assert any(e.date is None for e in t.events)


def test_the_explorer_lists_the_cli_timelines_events_in_its_order(kb):
    store, client = kb
    body = client.get(URL, params={"limit": 500}).json()
    assert listed(client, body["events"]) == cli(store)
    assert body["total"] == len(body["events"]) and body["total_exact"]
    # The dyad page and its twin embed the same list.
    page = client.get("/dyads/armenia/artsakh.json").json()
    assert listed(client, page["events"]) == cli(store)
    assert page["events_total"] == page["counts"]["events"] == len(cli(store))


@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_pages_follow_each_other_in_the_same_order(kb, limit):
    """Page boundaries: each page starts where the previous one ended, whatever the page
    size, approximate and open-ended dates included."""
    store, client = kb
    events, offset = [], 0
    while True:
        page = client.get(URL, params={"limit": limit, "offset": offset}).json()["events"]
        if not page:
            break
        assert len(page) <= limit
        events += page
        offset += limit
    assert listed(client, events) == cli(store)


@pytest.mark.parametrize("params, kw", [
    ({"from": "1988", "to": "1988"}, {"date_from": "1988", "date_to": "1988"}),
    ({"from": "1987-06"}, {"date_from": "1987-06"}),
    ({"to": "1990"}, {"date_to": "1990"}),
    ({"type": ["AID", "PROTEST"]}, {"types": ["AID", "PROTEST"]}),
    ({"type": "REJECT", "from": "2000"}, {"types": ["REJECT"], "date_from": "2000"}),
])
def test_filters_keep_what_the_cli_keeps(kb, params, kw):
    store, client = kb
    for limit in (500, 2):
        events, offset = [], 0
        while offset < 200:
            page = client.get(URL, params={**params, "limit": limit, "offset": offset}).json()
            events += page["events"]
            offset += limit
            if limit == 500 or not page["events"]:
                break
        assert listed(client, events) == cli(store, **kw), (params, limit)


def test_an_event_two_articles_report_is_listed_once_with_also_in(kb):
    store, client = kb
    seed = builders.seed_document()
    shared = shared_event(seed)
    names = titles(client)
    ids = {v: k for k, v in names.items()}
    events = client.get(URL, params={"limit": 500}).json()["events"]
    reports = [e for e in events if e["type"] == shared.type
               and e["date"]["value"] == shared.date.value
               and {a["id"] for a in e["source"]} == set(shared.source)]
    # Once, from the article about the dyad, with the other article's report in also_in.
    assert [(names[e["article"]], e["eid"]) for e in reports] == [(seed.title, shared.id)]
    [also] = reports[0]["also_in"]
    assert (also["article"], also["eid"], also["article_id"]) == (OTHER, "e1", ids[OTHER])
    assert also["article_url"] == f"/articles/{ids[OTHER]}"
    other_event = client.get(also["url"] + ".json").json()
    assert (other_event["article"]["title"], other_event["eid"]) == (OTHER, "e1")
    # Neither article of the second one is about the dyad: the first in order is kept.
    aid = [e for e in events if (e["type"], e["date"]["value"]) == ("AID", "2021")]
    assert [(names[e["article"]], [o["article"] for o in e["also_in"]]) for e in aid] == \
        [(OTHER, ["Armenia–Azerbaijan relations"])]
    # The same as the CLI says.
    t = timeline(store, "Armenia", "Artsakh")
    assert {(e.article, e.eid): [(o["article"], o["eid"]) for o in e.also_in]
            for e in t.events} == \
        {(names[e["article"]], e["eid"]): [(o["article"], o["eid"]) for o in e["also_in"]]
         for e in events}


def test_the_dyad_page_links_the_other_reports(kb):
    _, client = kb
    html = client.get("/dyads/armenia/artsakh").text
    twin = client.get("/dyads/armenia/artsakh.json").json()
    merged = [e for e in twin["events"] if e["also_in"]]
    assert merged
    for e in merged:
        row = re.search(rf'<tr data-id="{e["id"]}".*?</tr>', html, re.S)
        assert row, e["id"]
        for o in e["also_in"]:
            assert f'href="{o["url"]}"' in row.group(0) and o["article"] in row.group(0)
        assert "also in" in row.group(0)
    # a report merged into another has no row of its own
    dropped = {o["id"] for e in merged for o in e["also_in"]}
    assert not any(f'<tr data-id="{i}"' in html for i in dropped)


def test_events_of_an_article_that_lists_no_actors_belong_to_the_dyad(kb):
    """Membership goes by the events' own actors, as the CLI's does, not by the actors an
    article lists (the other article lists none)."""
    store, client = kb
    events = client.get(URL, params={"limit": 500, "type": "REQUEST"}).json()["events"]
    names = titles(client)
    assert (OTHER, "e4") in [(names[e["article"]], e["eid"]) for e in events]
    assert (OTHER, "e4") in cli(store, types=["REQUEST"])


@pytest.mark.parametrize("limit", [1, 4])
def test_pages_read_from_remembered_sort_keys_keep_the_order(kb, monkeypatch, limit):
    """Far into a long timeline a page seeks to the nearest remembered sort key instead of
    skipping every row before it; with a key every 3 events, every page here does."""
    from dyad.query import ordered

    store, client = kb
    monkeypatch.setattr(ordered, "STEP", 3)
    monkeypatch.setattr(ordered, "BATCH", 1)  # found a few at a time, as pages go on
    monkeypatch.setattr(ordered, "_MARKS", ordered.Memo(256))
    events, offset = [], 0
    while page := client.get(URL, params={"limit": limit, "offset": offset}).json()["events"]:
        events += page
        offset += limit
    assert ordered._MARKS, "the remembered keys were used"
    assert listed(client, events) == cli(store)


@pytest.mark.browser
def test_also_in_links_lead_to_the_other_report_in_a_real_browser(kb, chromium_path):
    """On the dyad page, an event's 'also in' link opens the other article's report of it
    (the row's own click handler, which shows the event's card, leaves links alone)."""
    from playwright.sync_api import sync_playwright

    _, client = kb
    with serve(client.kb_url) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/dyads/armenia/artsakh")
        link = page.locator("tr .also-in a").first
        assert link.inner_text() == OTHER
        link.click()
        page.wait_for_url("**/events/*")
        assert OTHER in page.content()
        assert not errors, errors
        browser.close()
