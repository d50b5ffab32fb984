"""Overview pages ("Foreign relations of X"): their dyads, where each partner's rows and
sections are, when relations began, and the two sides of the events told there; on real
pages of ../shared/data/wikitext and on the examples of rules/en/relations/overview.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.analysis import regions
from dyad.analysis.pipeline import analyze
from dyad.readers import read_path

PAGES = "wikitext/Foreign_relations_of_{}.wiki"


@pytest.fixture(scope="module")
def page(shared_data):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = analyze(next(read_path(str(shared_data / PAGES.format(name)))))
        return cache[name]
    return get


def dyad_of(doc, partner):
    found = [d for d in doc.dyads if d.party2 == partner]
    assert len(found) == 1, f"no single dyad with {partner}"
    return found[0]


def events_in(doc, region):
    return [e for e in doc.events if region.start <= e.trigger.start < region.end]


# -- the rules' own examples -------------------------------------------------------------------
def test_page_rule_examples_give_their_subject():
    for item in regions.rules().raw["page"]:
        rule = next(r for r in regions.rules().pages if r.id == item["id"])
        for title, subject in item.get("examples", []):
            m = rule.pattern.fullmatch(title)
            assert m and m.group("subject") == subject, (item["id"], title)
        for title in item.get("counter_examples", []):
            assert not rule.pattern.fullmatch(title), (item["id"], title)


def test_heading_rule_examples_give_their_partner():
    for item in regions.rules().raw["heading"]:
        rule = next(r for r in regions.rules().headings if r.id == item["id"])
        for heading, partner in item.get("examples", []):
            m = rule.pattern.fullmatch(heading)
            assert m and m.group("partner") == partner, (item["id"], heading)


def test_column_rule_examples_match_and_counter_examples_do_not():
    for item in regions.rules().raw["column"]:
        rule = next(r for r in regions.rules().columns if r.id == item["id"])
        for heading in item.get("examples", []):
            assert rule.header.search(heading.lower()), (item["id"], heading)
        for heading in item.get("counter_examples", []):
            assert not rule.header.search(heading.lower()), (item["id"], heading)


@pytest.mark.parametrize("title, subject", [
    ("Foreign relations of Armenia", "polity:ARM"),
    ("Foreign relations of Georgia (country)", "polity:GEO"),
    ("Foreign relations of the Sovereign Military Order of Malta", "polity:smom"),
    ("Foreign relations of Northern Cyprus", "polity:northern-cyprus"),
    ("Foreign relations of Palestine", "polity:PSE"),
    ("Foreign relations of Taiwan", "polity:TWN"),
    ("Foreign relations of the United States", "polity:USA"),
    ("Armenia–Artsakh relations", None),
])
def test_the_subject_of_a_page(title, subject):
    assert regions.subject_of(title)[0] == subject


# -- real pages --------------------------------------------------------------------------------
def test_armenia_algeria_began_on_30_december_1992_with_both_sides(page):
    doc = page("Armenia")
    assert doc.dyad is None  # an overview page is about no single dyad
    d = dyad_of(doc, "polity:DZA")
    assert (d.party1, d.began, d.status) == ("polity:ARM", "1992-12-30", "current")
    rows = [r for r in d.regions if r.kind == "row"]
    assert len(rows) == 2  # the numbered list and the "Formal relations began" table
    assert all(r.began == "1992-12-30" for r in rows)
    told = [e for r in rows for e in events_in(doc, r) if e.type == "ESTABLISH_RELATIONS"]
    assert told and all(set(e.source) == {"polity:ARM", "polity:DZA"} for e in told)
    assert all(e.date.value == "1992-12-30" for e in told)
    # One event per row: the table row's prose tells it ("Both countries established
    # diplomatic relations on 30 December 1992."), so its cell adds none; the list row has
    # only its cell, whose event is the same event told again.
    assert len(told) == 2 and sum(1 for e in told if e.same_as) == 1
    for e in told:
        sentence = doc.sentences[e.sentence]
        assert sentence.start <= e.trigger.start < e.trigger.end <= sentence.end
        assert doc.text[e.trigger.start:e.trigger.end] == e.trigger.text
    prose = next(e for e in told if not e.rule.startswith("events.table"))
    assert doc.text[doc.sentences[prose.sentence].start:doc.sentences[prose.sentence].end] == \
        "Both countries established diplomatic relations on 30 December 1992."


def test_a_cell_date_alone_gives_an_event_from_the_row(page):
    doc = page("Armenia")
    d = dyad_of(doc, "polity:LTU")
    listed = next(r for r in d.regions if doc.text[r.start:r.end].startswith("1 | Lithuania"))
    (e,) = events_in(doc, listed)
    assert (e.type, e.date.value, e.trigger.text) == ("ESTABLISH_RELATIONS", "1991-11-21", "21 November 1991")
    assert e.rule.startswith("events.table.began;regions.column.began.list-date")
    assert set(e.source) == {"polity:ARM", "polity:LTU"} and e.target == []


def test_country_sections_of_taiwan_give_their_partner(page):
    doc = page("Taiwan")
    d = dyad_of(doc, "polity:CHN")
    (section,) = [r for r in d.regions if r.kind == "section"]  # "==== China ===="
    assert doc.text[section.start:section.end].startswith("China\n")
    assert section.rule == "regions.heading.country"
    # "The Double Tenth Agreement signed on 10 October 1945 is the only legal document between
    # the two parties.": nobody named, a mutual type: Taiwan and China.
    signed = [e for e in events_in(doc, section) if e.date.value == "1945-10-10"]
    assert signed and set(signed[0].source) == {"polity:TWN", "polity:CHN"}
    assert "args.region.mutual" in signed[0].rule
    # Its subsections ("===== Hong Kong =====") are regions of their own partner.
    hk = dyad_of(doc, "polity:HKG")
    assert any(section.start < r.start < section.end for r in hk.regions)


def test_a_period_split_over_two_rows_keeps_its_partner(page):
    doc = page("Taiwan")
    d = dyad_of(doc, "polity:BFA")  # 1961–1973 and, in a rowspan row, 1994–2018
    rows = [r for r in d.regions if r.kind == "row"]
    assert [(r.began, r.ended) for r in rows] == [("1961", "1973"), ("1994", "2018")]
    assert rows[1].rule.startswith("regions.row.rowspan")
    assert (d.began, d.status, d.ended) == ("1961", "historical", "2018-12-31")


def test_a_page_without_tables_gives_its_country_sections(page):
    doc = page("Northern_Cyprus")
    assert doc.article.tables == []
    partners = {d.party2 for d in doc.dyads}
    assert {"polity:TUR", "polity:USA", "polity:kosovo", "polity:CYP"} <= partners
    assert all(r.kind == "section" for d in doc.dyads for r in d.regions)
    assert all(d.began is None for d in doc.dyads)  # its prose gives no such table cell
    turkey = dyad_of(doc, "polity:TUR")
    signed = [e for e in events_in(doc, turkey.regions[0]) if e.date.value == "2011-09-21"]
    assert signed and set(signed[0].source) == {"polity:TUR", "polity:northern-cyprus"}


def test_recognition_dates_are_the_partners_recognition(page):
    doc = page("South_Ossetia")
    russia = dyad_of(doc, "polity:RUS")
    made = [e for e in events_in(doc, russia.regions[0]) if e.rule.startswith("events.table")]
    assert [(e.type, e.source, e.target, e.date.value) for e in made] == [
        ("RECOGNIZE", ["polity:RUS"], ["polity:south-ossetia"], "2008-08-26")]
    # Nauru's row tells its recognition in prose ("In December 2009, Nauru recognized the
    # independence of South Ossetia."): the cell adds no second one.
    nauru = dyad_of(doc, "polity:NRU")
    told = [e for e in events_in(doc, nauru.regions[0]) if e.type == "RECOGNIZE"]
    assert [(e.source, e.date.value, e.rule.startswith("events.table")) for e in told] == [
        (["polity:NRU"], "2009-12", False)]


def test_an_article_about_one_dyad_has_no_regions(shared_data):
    doc = analyze(next(read_path(str(shared_data / "seed" / "armenia-artsakh-relations.txt"))))
    assert doc.dyad is not None and doc.dyads == []
    assert doc.to_json()["dyads"] == []


def test_rows_of_a_small_table():
    from dyad.readers.wikitext import parse_wikitext

    wikitext = (Path(__file__).resolve().parents[1] / "readers" / "test_wikitext.py").read_text(
        encoding="utf-8").split('TABLE = """', 1)[1].split('"""', 1)[0]
    doc = analyze(parse_wikitext(wikitext, "t.wiki", "Foreign relations of Taiwan"))
    got = {d.party2: [(r.began, r.ended, r.rule.split(";")[0]) for r in d.regions] for d in doc.dyads}
    assert got == {
        "polity:JPN": [("1930", "1937", "regions.row.flag"), ("1952", "1972", "regions.row.rowspan")],
        "polity:DZA": [("1992-12-30", "2000", "regions.row.flag")],
        "org:council-of-europe": [("2001", None, "regions.row.flag")],
        "polity:kosovo": [("2008", None, "regions.row.name")],  # no flag, in the flags' column
    }


def test_historical_states_of_a_table_are_partners(page):
    # Taiwan's table lists states that no longer exist under that name: the Kingdom of Laos
    # (1958-1962) and the Spanish State (Franco's Spain, 1928-1973), an alias of Spain.
    doc = page("Taiwan")
    laos = dyad_of(doc, "polity:kingdom-of-laos")
    assert [(r.began, r.ended) for r in laos.regions if r.kind == "row"] == [("1958", "1962")]
    spain = dyad_of(doc, "polity:ESP")
    assert ("1928", "1973") in [(r.began, r.ended) for r in spain.regions if r.kind == "row"]
