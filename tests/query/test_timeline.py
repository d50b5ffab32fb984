"""Timelines and as-of status over a knowledge base built from hand-made Documents (the seed
article with its gold facts, plus articles about neighbouring dyads), on SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.analysis.temporal import interval
from dyad.errors import QueryError
from dyad.query import dyad_status, resolve_party, timeline
from dyad.store import open_store
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)




@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with builders.fresh_database(request.param, tmp_path_factory.mktemp("kb"), pg) as url:
        with open_store(url) as kb:
            kb.ingest([builders.seed_document(), *builders.other_documents()])
            yield kb


def keys(t):
    return [(e.article, e.eid) for e in t.events]


@pytest.mark.parametrize("a, b", [
    ("NKR", "Armenia"), ("Armenia", "Artsakh"), ("Republic of Artsakh", "Republic of Armenia"),
    ("nagorno–karabakh republic", "ARM"), ("polity:ARTSAKH", "polity:ARM"),
])
def test_any_alias_in_any_order_gives_the_same_events(store, a, b):
    reference = timeline(store, "Armenia", "Artsakh")
    got = timeline(store, a, b)
    assert keys(got) == keys(reference)
    assert {got.party1.id, got.party2.id} == {"polity:ARM", "polity:ARTSAKH"}


def test_events_of_the_dyad_article_and_of_other_articles(store):
    t = timeline(store, "Armenia", "Artsakh")
    seed = builders.seed_document()
    from_seed = [k for k in keys(t) if k[0] == seed.title]
    # Every event of the article about the dyad, except repeated mentions (same_as).
    assert sorted(from_seed) == sorted(
        (seed.title, e.id) for e in seed.events if e.same_as is None)
    # From other articles: only events in which both parties take part, directly or through
    # an affiliated person (Pashinyan acts for Armenia).
    others = {(e.article, e.type, e.date) for e in t.events if e.article != seed.title}
    assert others == {("Armenia–Azerbaijan relations", "AID", "2021"),
                      ("Armenia–Russia relations", "ACCUSE", "2023-03")}
    assert t.articles == [seed.title]
    assert t.status == "historical" and t.ended == "2024-01-01"


def test_events_are_in_date_order_with_undated_last(store):
    t = timeline(store, "Armenia", "Artsakh")
    dated = [e for e in t.events if e.earliest]

    def nominal(e):  # an approximate date sorts where its value starts, not its widened bound
        return interval(e.date) if e.mod == "APPROX" else (e.earliest, e.latest)

    assert [nominal(e) for e in dated] == sorted(nominal(e) for e in dated)
    undated_at = [i for i, e in enumerate(t.events) if not e.earliest]
    assert undated_at and undated_at == list(range(len(dated), len(t.events)))
    assert t.events[0].date == "10"  # the House of Khachen, 11th century
    assert not timeline(store, "Armenia", "Artsakh", dated_only=True).events[-1].date is None


def test_each_event_carries_its_evidence(store):
    t = timeline(store, "Armenia", "Artsakh")
    seed = builders.seed_document()
    for e in t.events:
        if e.article != seed.title:
            continue
        assert seed.text[e.trigger_start:e.trigger_end] == e.trigger
        assert e.sentence == seed.text[e.sentence_start:e.sentence_end]
        assert e.trigger in e.sentence
    appeal = next(e for e in t.events if e.eid == "e2")
    assert [a.name for a in appeal.source] == ["Grigory Arutinov", "Armenian SSR"]
    assert [a.name for a in appeal.target] == ["Joseph Stalin", "Soviet Union"]
    assert appeal.plover == "REQUEST" and appeal.quad == "verbal conflict"


def test_repeats_are_listed_on_request(store):
    seed = builders.seed_document()
    repeated = {e.id for e in seed.events if e.same_as}
    assert repeated  # the seed gold marks repeated mentions
    default = {e.eid for e in timeline(store, "Armenia", "Artsakh").events}
    everything = {e.eid for e in timeline(store, "Armenia", "Artsakh", repeats=True).events}
    assert not repeated & default and repeated <= everything


def test_date_range_keeps_events_whose_interval_overlaps(store):
    t = timeline(store, "Armenia", "Artsakh", date_from="1988", date_to="1988-02")
    assert t.events
    for e in t.events:
        assert e.latest >= "1988-01-01" and e.earliest <= "1988-02-29"
    assert {"1988-02-20", "1988-02"} <= {e.date for e in t.events}
    assert "1988-03-23" not in {e.date for e in t.events}


def test_type_filter_matches_type_or_plover(store):
    t = timeline(store, "Armenia", "Artsakh", types=["protest", "DISSOLVE"])
    assert t.events and {e.type for e in t.events} <= {"PROTEST", "DISSOLVE"}
    assert "DISSOLVE" in {e.type for e in t.events}


@pytest.mark.parametrize("on, status, ended", [
    ("2023-06-01", "current", None),
    ("2024-06-01", "historical", "2024-01-01"),
    ("2024-01-01", "historical", "2024-01-01"),
    ("2023", "current", None),
])
def test_dyad_status_as_of(store, on, status, ended):
    result = dyad_status(store, "Armenia", "Artsakh", on=on)
    assert (result.status, result.ended) == (status, ended)
    assert result.known
    if status == "historical":
        assert result.ended_because == "Republic of Artsakh dissolved"


def test_status_of_a_dyad_without_an_article_uses_dissolution(store):
    result = dyad_status(store, "Azerbaijan", "Artsakh", on="2024-06-01")
    assert (result.status, result.ended, result.known) == ("historical", "2024-01-01", False)
    assert dyad_status(store, "Azerbaijan", "Artsakh", on="2020-01-01").status == "current"


def test_unknown_or_bad_input_is_a_query_error(store):
    with pytest.raises(QueryError, match=r"^Narnia: no such party in "):
        timeline(store, "Narnia", "Armenia")
    with pytest.raises(QueryError, match=r"^2000: --from date is after --to date 1999 "):
        timeline(store, "Armenia", "Artsakh", date_from="2000", date_to="1999")
    with pytest.raises(QueryError, match="not a --from date"):
        timeline(store, "Armenia", "Artsakh", date_from="spring")
    with pytest.raises(QueryError, match="no day 30 in 2023-02"):
        dyad_status(store, "Armenia", "Artsakh", on="2023-02-30")
    with pytest.raises(QueryError, match="empty party name"):
        resolve_party(store, "  ")
    with pytest.raises(QueryError, match=r"^NKR: names the same party as 'Artsakh' "
                                         r"\(polity:ARTSAKH\) \(a dyad needs two different"):
        timeline(store, "Artsakh", "NKR")


def test_names_no_article_used_resolve_through_the_gazetteer(store):
    # The stored Azerbaijan has no alias "Republic of Azerbaijan"; the actors stage's
    # gazetteer knows it, and the store knows the id it gives.
    assert resolve_party(store, "Republic of Azerbaijan").id == "polity:AZE"
    # A gazetteer id the store does not hold is still unknown here.
    with pytest.raises(QueryError, match="no such party"):
        resolve_party(store, "Republic of Estonia")


def test_an_event_reported_by_several_articles_is_listed_once(store):
    seed = builders.seed_document()
    both = {"polity:ARM", "polity:ARTSAKH"}
    shared = next(e for e in seed.events if e.plover == e.type and e.date.value
                  and both <= set(e.source) | set(e.target) and e.same_as is None)
    sentence = f"Armenia and Artsakh: {shared.trigger.text} ({shared.date.value})."
    extra = builders.small_document("Abkhazia–Armenia relations", [
        (sentence, [(shared.trigger.text, shared.type, shared.date.value,
                     list(shared.source), list(shared.target))]),
        ("In 2021 Armenia supplied aid to Artsakh again.",
         [("supplied", "AID", "2021", ["polity:ARM"], ["polity:ARTSAKH"])]),
    ], [], ("polity:ARM", "polity:ABK"))
    store.ingest([extra])
    try:
        t = timeline(store, "Armenia", "Artsakh")
        kept = [e for e in t.events if (e.type, e.date) == (shared.type, shared.date.value)
                and {a.id for a in e.source} == set(shared.source)]
        # Kept from the article about the dyad, though the other title sorts first.
        assert [(e.article, e.also_in) for e in kept] == [
            (seed.title, [{"article": "Abkhazia–Armenia relations", "eid": "e1"}])]
        aid = [e for e in t.events if (e.type, e.date) == ("AID", "2021")]
        assert [(e.article, e.also_in) for e in aid] == [
            ("Abkhazia–Armenia relations",
             [{"article": "Armenia–Azerbaijan relations", "eid": "e2"}])]
        every = timeline(store, "Armenia", "Artsakh", repeats=True)
        assert len([e for e in every.events if (e.type, e.date) == ("AID", "2021")]) == 2
    finally:
        store.delete("Abkhazia–Armenia relations")


def test_an_approximate_date_sorts_where_its_value_starts(tmp_path):
    """'c. 2024' is stored widened (2022-12-31..2026-01-01) for exact range queries, but on the
    timeline it comes after 'May 2023', where a reader expects it."""
    from dyad.model import EventDate

    doc = builders.seed_document()
    first, second = [e for e in doc.events if e.same_as is None][:2]
    first.date = EventDate(value="2024", mod="APPROX", earliest="2022-12-31", latest="2026-01-01")
    second.date = EventDate(value="2023-05", earliest="2023-05-01", latest="2023-05-31")
    with open_store(f"sqlite:///{tmp_path / 'kb.db'}") as kb:
        kb.ingest([doc])
        order = [e.eid for e in timeline(kb, "Armenia", "Artsakh").events]
    assert order.index(second.id) < order.index(first.id)


def test_a_relation_is_not_current_before_both_parties_exist(tmp_path):
    """Armenia–Artsakh in 1950: Artsakh (founded 2 September 1991, from the gazetteer) did not
    exist yet, so the relation was neither current nor historical."""
    import dyad

    seed = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "seed" / \
        "armenia-artsakh-relations.txt"
    with open_store(f"sqlite:///{tmp_path / 'kb.db'}") as kb:
        kb.ingest(dyad.extract(str(seed)))
        before = dyad_status(kb, "Armenia", "NKR", on="1950-01-01")
        assert (before.status, before.began) == ("not_yet", "1991-09-02")
        assert before.began_because == "Artsakh founded"
        assert dyad_status(kb, "Armenia", "NKR", on="1991-09-02").status == "current"
        assert dyad_status(kb, "Armenia", "NKR", on="2024-06-01").status == "historical"


def test_merge_reports_keeps_the_report_of_an_article_about_the_dyad():
    """The rule both timelines share: reports of one event by different articles merge into
    the one from an article about the dyad (else the first in order); a second report from
    an article already merged stays an event of its own; undated events never merge."""
    from dyad.query.dyadevents import merge_key, merge_reports

    same = merge_key("AID", "AID", "2021", None, False, "2021-01-01", "2021-12-31",
                     ["polity:ARM"], ["polity:ARTSAKH"])
    undated = merge_key("AID", "AID", None, None, False, None, None, ["a"], ["b"])
    assert undated is None
    keys = [same, same, same, same, undated, undated]
    articles = [7, 3, 7, 9, 7, 9]
    assert merge_reports(keys, articles, about={3}) == {1: [0, 3]}
    assert merge_reports(keys, articles, about=set()) == {0: [1, 3]}
    assert merge_reports([same, same], [7, 7], about=set()) == {}
