"""Every JSON endpoint of the explorer and its errors, over the seed's knowledge base."""

from __future__ import annotations

import pytest


def error_of(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    if code:
        assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_list_dyads(client):
    body = client.get("/api/dyads").json()
    assert body["total"] == 1
    d = body["dyads"][0]
    assert d["name"] == "Armenia–Artsakh"
    assert d["url"] == "/dyads/armenia/artsakh"
    assert d["status"] == "historical" and d["ended"] == "2024-01-01"
    assert d["events"] == sum(d["by_quad"].values()) > 0


@pytest.mark.parametrize("q,found", [("NKR", 1), ("nagorno karabakh republic", 1),
                                     ("armenia", 1), ("France", 0)])
def test_search_dyads_by_alias(client, q, found):
    assert client.get("/api/dyads", params={"q": q}).json()["total"] == found


def test_one_dyad(client):
    d = client.get("/api/dyads/armenia/artsakh").json()
    assert [p["name"] for p in d["parties"]] == ["Armenia", "Artsakh"]
    artsakh = d["parties"][1]
    assert "NKR" in artsakh["aliases"]
    assert d["ended"] == "2024-01-01" and d["ended_text"] == "1 January 2024"
    assert any(m["city"] == "Yerevan" and m["kind"] == "representative office"
               for m in d["missions"])
    counts = d["counts"]
    assert sum(counts["by_type"].values()) == counts["events"]
    assert sum(x["events"] for x in counts["by_decade"]) + counts["wider_than_a_decade"] \
        + counts["undated"] == counts["events"]
    assert "1980s" in [x["decade"] for x in counts["by_decade"]]


def test_any_alias_and_order_give_the_same_dyad(client):
    a = client.get("/api/dyads/armenia/artsakh").json()
    b = client.get("/api/dyads/NKR/Armenia").json()
    assert a["id"] == b["id"] and a["counts"] == b["counts"]


def test_timeline_is_in_date_order_and_pages(client):
    from dyad.analysis.temporal import interval

    full = client.get("/api/dyads/armenia/artsakh/timeline", params={"limit": 500}).json()

    def nominal(d):  # an approximate date sorts where its value starts, not its widened bound
        return interval(d["value"]) if d["mod"] == "APPROX" else (d["earliest"], d["latest"])

    dated = [nominal(e["date"]) for e in full["events"] if e["date"]["earliest"]]
    assert dated == sorted(dated)
    assert full["total"] == len(full["events"])
    first = client.get("/api/dyads/armenia/artsakh/timeline", params={"limit": 5}).json()
    second = client.get("/api/dyads/armenia/artsakh/timeline",
                        params={"limit": 5, "offset": 5}).json()
    assert [e["id"] for e in first["events"] + second["events"]] == \
        [e["id"] for e in full["events"][:10]]


def test_timeline_filters(client):
    url = "/api/dyads/armenia/artsakh/timeline"
    y1988 = client.get(url, params={"from": "1988", "to": "1988"}).json()["events"]
    assert y1988, "the seed narrates 1988"
    assert all(e["date"]["earliest"] <= "1988-12-31" and e["date"]["latest"] >= "1988-01-01"
               for e in y1988)
    rejects = client.get(url, params={"type": "REJECT"}).json()["events"]
    assert rejects and all("REJECT" in (e["type"], e["plover"]) for e in rejects)
    people = [a for a in client.get("/api/dyads/armenia/artsakh").json()["actors"]
              if "-" in a["id"]]
    if people:  # an actor id with dashes is not taken for a slug
        by_id = client.get(url, params={"actor": people[0]["id"]}).json()["events"]
        assert by_id and all(any(a["id"] == people[0]["id"] for a in e["source"] + e["target"])
                             for e in by_id)
    pash = client.get(url, params={"actor": "Armenia"}).json()["events"]
    assert pash and all(any(a["name"] == "Armenia" for a in e["source"] + e["target"])
                        for e in pash)


def test_timeline_errors(client):
    url = "/api/dyads/armenia/artsakh/timeline"
    error_of(client.get(url, params={"limit": 0}), 422, "invalid_parameter")
    error_of(client.get(url, params={"limit": 100000}), 422, "invalid_parameter")
    error_of(client.get(url, params={"from": "yesterday"}), 422, "invalid_parameter")
    # a bound past the month's end means the month's end, not an error
    assert client.get(url, params={"to": "1988-02-30"}).json()["events"][-1]["date"]["earliest"] <= "1988-02-29"
    error_of(client.get(url, params={"actor": "Atlantis"}), 404, "unknown_party")


@pytest.mark.parametrize("on,status,ended", [("2023-06-01", "current", None),
                                             ("2024-06-01", "historical", "2024-01-01")])
def test_as_of_status(client, on, status, ended):
    body = client.get("/api/dyads/armenia/artsakh/status", params={"on": on}).json()
    assert body["status"] == status and body["ended"] == ended


def test_status_errors(client):
    error_of(client.get("/api/dyads/armenia/artsakh/status"), 422, "invalid_parameter")
    error_of(client.get("/api/dyads/armenia/artsakh/status", params={"on": "June"}), 422)


def test_unknown_parties_and_dyads(client):
    error_of(client.get("/api/dyads/armenia/atlantis"), 404, "unknown_party")
    error_of(client.get("/api/dyads/armenia/armenia"), 404, "unknown_dyad")


def test_event_has_sentence_offsets_article_and_provenance(client):
    events = client.get("/api/dyads/armenia/artsakh/timeline",
                        params={"from": "1988-03-23", "to": "1988-03-23"}).json()["events"]
    e = client.get(f"/api/events/{events[0]['id']}").json()
    article = client.get(f"/api/articles/{e['article']['id']}").json()
    text = article["text"]
    assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
    assert text[e["sentence"]["start"]:e["sentence"]["end"]] == e["sentence"]["text"]
    assert e["sentence"]["start"] <= e["trigger"]["start"] < e["sentence"]["end"]
    assert e["provenance"]["stage"] == "events" and "rule" in e["provenance"]
    assert all(text[s["start"]:s["end"]] for s in e["spans"])
    error_of(client.get("/api/events/999999"), 404, "not_found")
    error_of(client.get("/api/events/abc"), 422, "invalid_parameter")


def test_article_spans_index_its_text(client):
    arts = client.get("/api/articles").json()["articles"]
    a = client.get(f"/api/articles/{arts[0]['id']}").json()
    kinds = {s["kind"] for s in a["spans"]}
    assert {"timex", "event"} <= kinds
    for s in a["spans"]:
        if s["kind"] == "timex":
            assert a["text"][s["start"]:s["end"]] == s["text"]
    error_of(client.get("/api/articles/424242"), 404)


def test_polities(client):
    body = client.get("/api/polities", params={"q": "artsakh"}).json()
    assert any(p["name"] == "Artsakh" for p in body["polities"])
    p = client.get("/api/polities/NKR").json()
    assert p["name"] == "Artsakh"
    assert [d["name"] for d in p["dyads"]] == ["Armenia–Artsakh"]
    error_of(client.get("/api/polities/Atlantis"), 404, "unknown_party")


def test_full_text_search(client):
    body = client.get("/api/search", params={"q": "protest"}).json()
    assert body["total"] >= 2
    for h in body["hits"]:
        assert "protest" in h["text"].lower()
        assert all(h["text"][a:b].lower().startswith("protest") for a, b in h["matches"])
    # FTS5 syntax in a query is searched as words, never an error
    assert client.get("/api/search", params={"q": 'Yerevan" OR NEAR('}).status_code == 200
    assert client.get("/api/search", params={"q": "!!!"}).json()["total"] == 0
    error_of(client.get("/api/search", params={"q": "x" * 300}), 422)
    error_of(client.get("/api/search"), 422)


def test_unknown_route_and_method(client):
    error_of(client.get("/api/nothing-here"), 404, "not_found")
    error_of(client.post("/api/dyads"), 405, "method_not_allowed")


def test_read_only_by_default(client):
    error_of(client.post("/api/ingest", content=b"= T =\n"), 404)


def test_ingest_needs_the_flag_and_the_token(tmp_path):
    from fastapi.testclient import TestClient

    from dyad.errors import DyadError
    from dyad.web import create_app
    from dyad.web.ingest import MAX_BODY

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    with pytest.raises(DyadError, match="token"):
        create_app(url, allow_ingest=True)
    article = "= Testland–Otherland relations =\n\nTestland and Otherland signed a treaty in 1990.\n"
    with TestClient(create_app(url, allow_ingest=True, token="s3cret")) as c:
        assert "/api/ingest" in c.get("/openapi.json").json()["paths"]
        error_of(c.post("/api/ingest", content=article.encode()), 401, "unauthorized")
        error_of(c.post("/api/ingest", content=article.encode(),
                        headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
        error_of(c.post("/api/ingest", content=b"x" * (MAX_BODY + 1),
                        headers={"Authorization": "Bearer s3cret"}), 413, "body_too_large")
        def chunks():  # no Content-Length: the route itself must stop reading
            for _ in range(MAX_BODY // 65536 + 2):
                yield b"x" * 65536

        error_of(c.post("/api/ingest", content=chunks(),
                        headers={"Authorization": "Bearer s3cret"}), 413, "body_too_large")
        error_of(c.post("/api/ingest", content=b"  ",
                        headers={"Authorization": "Bearer s3cret"}), 400, "empty_body")
        ok = c.post("/api/ingest", content=article.encode(),
                    headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["titles"] == ["Testland–Otherland relations"]
        again = c.post("/api/ingest", content=article.encode(),
                       headers={"Authorization": "Bearer s3cret"}).json()
        assert again["replaced"] == again["written"]
        assert c.get("/api/articles").json()["total"] == 1


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/dyads", "/api/dyads/{a}/{b}", "/api/dyads/{a}/{b}/timeline",
              "/api/dyads/{a}/{b}/status", "/api/events/{event_id}", "/api/polities",
              "/api/polities/{name}", "/api/search", "/api/articles/{article_id}"):
        assert p in paths
    assert "/api/ingest" not in paths


def test_answers_follow_the_knowledge_base_as_it_changes(tmp_path):
    """Cached answers (dyad membership, totals, summaries) are keyed by the knowledge base's
    version: an ingest by another writer shows at once, a replaced article too."""
    from fastapi.testclient import TestClient

    from dyad.sample import article_paths
    from dyad.web import build_sample_kb, create_app

    seed, other = article_paths()[0], article_paths()[1]
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build_sample_kb(url, [seed]).close()
    with TestClient(create_app(url)) as c:
        before = c.get("/api/dyads").json()
        summary = c.get("/api/dyads/armenia/artsakh").json()
        page = c.get("/api/dyads/armenia/artsakh/timeline").json()
        build_sample_kb(url, [other]).close()  # another writer, as `dyad ingest` would be
        after = c.get("/api/dyads").json()
        assert after["total"] == before["total"] + 1
        # the seed again, cut after its History: fewer events, same title (it replaces)
        text = seed.read_text(encoding="utf-8")
        shorter = tmp_path / seed.name
        shorter.write_text(text[:text.index("=== Post-Soviet era ===")], encoding="utf-8")
        build_sample_kb(url, [shorter]).close()
        now = c.get("/api/dyads/armenia/artsakh").json()
        assert now["counts"]["events"] < summary["counts"]["events"]
        assert c.get("/api/dyads/armenia/artsakh/timeline").json()["total"] < page["total"]


def test_filtered_totals_are_exact_up_to_the_cap(client, monkeypatch):
    from dyad.query import browse

    url = "/api/dyads/armenia/artsakh/timeline"
    whole = client.get(url).json()
    assert whole["total_exact"] and whole["total"] == len(client.get(url, params={"limit": 500}).json()["events"])
    monkeypatch.setattr(browse, "COUNT_CAP", 2)
    browse._TOTALS.clear()
    capped = client.get(url, params={"from": "1900", "limit": 1}).json()
    assert capped["total"] == 2 and capped["total_exact"] is False
    browse._TOTALS.clear()
