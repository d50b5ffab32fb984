"""Every page has a JSON twin returning the data it renders; aliases redirect to the
canonical page; errors on pages keep the same three facts."""

from __future__ import annotations

import re


def test_home_links_every_dyad(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    twin = client.get("/index.json").json()
    for d in twin["dyads"]:
        assert f'href="{d["url"]}"' in page.text


def test_dyad_page_and_twin(client):
    page = client.get("/dyads/armenia/artsakh")
    assert page.status_code == 200
    twin = client.get("/dyads/armenia/artsakh.json").json()
    assert twin["url"] == "/dyads/armenia/artsakh"
    assert "dissolved 1 January 2024" in page.text
    assert 'id="timeline"' in page.text and "/static/timeline.js" in page.text
    for e in twin["events"]:
        assert f'data-id="{e["id"]}"' in page.text
    assert twin["timeline"]["domain"][0] <= "1000-01-01"


def test_alias_redirects_to_the_canonical_page(client):
    r = client.get("/dyads/nkr/armenia", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/dyads/armenia/artsakh"


def test_event_page_highlights_trigger_actors_timex(client):
    twin = client.get("/dyads/armenia/artsakh.json").json()
    e = next(x for x in twin["events"] if x["date"]["value"] == "1988-03-23")
    page = client.get(e["url"]).text
    assert re.search(r'<mark class="[^"]*\btrigger\b[^"]*"[^>]*>' + re.escape(e["trigger"]["text"])
                     + "</mark>", page)
    assert '<mark class="actor' in page and '<mark class="timex' in page
    assert f'href="/articles/{e["article"]}#s{e["sentence"]["index"]}"' in page
    assert client.get(e["url"] + ".json").json()["id"] == e["id"]
    frag = client.get(e["url"] + ".fragment")
    assert frag.status_code == 200 and "<html" not in frag.text


def test_article_view_marks_every_span(client):
    a = client.get("/api/articles").json()["articles"][0]
    page = client.get(a["url"]).text
    twin = client.get(a["url"] + ".json").json()
    assert page.count("<mark") >= len({(s["start"], s["end"]) for s in twin["spans"]})
    assert 'id="s0"' in page


def test_polity_and_search_pages(client):
    listing = client.get("/polities").text
    for p in client.get("/polities.json").json()["polities"]:
        assert f'href="{p["url"]}"' in listing
    assert "Armenia–Artsakh" in client.get("/polities/artsakh").text
    assert client.get("/polities/artsakh.json").json()["name"] == "Artsakh"
    page = client.get("/search", params={"q": "Yerevan"}).text
    assert '<mark class="match"' in page
    assert client.get("/search.json", params={"q": "Yerevan"}).json()["total"] >= 1


def test_page_errors_are_html_with_the_same_facts(client):
    r = client.get("/dyads/armenia/atlantis", headers={"accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "unknown_party" in r.text
    twin = client.get("/dyads/armenia/atlantis.json", headers={"accept": "text/html"})
    assert twin.status_code == 404 and twin.json()["error"]["code"] == "unknown_party"


def test_assets_are_local(client):
    page = client.get("/dyads/armenia/artsakh").text
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    for asset in ("/static/dyad.css", "/static/timeline.js", "/static/favicon.svg"):
        assert client.get(asset).status_code == 200
