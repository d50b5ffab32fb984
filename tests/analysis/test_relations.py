"""Relations stage: the dyad, its status over time, and its missions, against the hand golds
and on sentences from several articles."""

from __future__ import annotations

import json

import pytest

from dyad.analysis.pipeline import analyze
from dyad.analysis.relations import kind_of
from dyad.readers import read_path, read_text

GOLDS = [
    ("seed/armenia-artsakh-relations.gold.json", "seed/armenia-artsakh-relations.txt"),
    ("articles/gold/Albania-Brazil_relations.gold.json", "articles/Albania-Brazil_relations.txt"),
    ("articles/gold/Ecuador-United_States_relations.gold.json", "articles/Ecuador-United_States_relations.txt"),
    ("articles/gold/Hong_Kong-Israel_relations.gold.json", "articles/Hong_Kong-Israel_relations.txt"),
]


def doc_of(path):
    return analyze(next(read_path(str(path))))


def names(doc, ids):
    out = []
    for i in ids:
        a = doc.actor(i)
        out.append({a.name, *a.aliases} if a else {i})
    return out


@pytest.mark.parametrize("gold_path, article", GOLDS)
def test_dyad_and_missions_match_gold(shared_data, gold_path, article):
    gold = json.loads((shared_data / gold_path).read_text(encoding="utf-8"))
    doc = doc_of(shared_data / article)
    p1, p2 = names(doc, [doc.dyad.party1, doc.dyad.party2])
    assert gold["dyad"]["party1"] in p1 and gold["dyad"]["party2"] in p2
    assert (doc.dyad.status, doc.dyad.ended) == (gold["dyad"]["status"], gold["dyad"]["ended"])
    got = set()
    for m in doc.missions:
        sender, host = names(doc, [m.sender, m.host])
        for g in gold["missions"]:
            if g["sender"] in sender and g["host"] in host and g["kind"] == m.kind and g["city"] == m.city:
                got.add(g["name"])
    assert got == {g["name"] for g in gold["missions"]}


def test_dissolution_in_the_text_ends_the_dyad(shared_data):
    doc = doc_of(shared_data / "seed" / "armenia-artsakh-relations.txt")
    assert doc.dyad.ended_because == "Republic of Artsakh dissolved"
    assert "relations.status.dissolved-in-text" in doc.dyad.rule
    mission = doc.missions[0]
    # The infobox column says Mission1 is party1's; the name says whose it is and where.
    assert (mission.sender, mission.host, mission.city) == ("polity:artsakh", "polity:ARM", "Yerevan")


def test_dissolution_from_the_gazetteer_when_the_text_is_silent():
    art = next(read_text("= Czechoslovakia–Poland relations =\n\nThe two countries traded.\n", "t",
                         input_format="plaintext"))
    doc = analyze(art)
    assert (doc.dyad.status, doc.dyad.ended) == ("historical", "1992-12-31")
    assert doc.dyad.ended_because == "Czechoslovakia dissolved"


def test_severed_relations_end_the_dyad_unless_restored():
    text = "= Iran–Qatar relations =\n\nIn 1980, Iran severed diplomatic relations with Qatar.\n"
    doc = analyze(next(read_text(text, "t", input_format="plaintext")))
    assert (doc.dyad.status, doc.dyad.ended) == ("historical", "1980-12-31")
    text += "\nIn 1990, diplomatic relations were restored.\n"
    doc = analyze(next(read_text(text, "t", input_format="plaintext")))
    assert doc.dyad.status == "current"


@pytest.mark.parametrize("sentence, sender, host, kind, city", [
    ("Albania has an embassy in Brasília, and Brazil has an embassy in Tirana.", "polity:ALB", "polity:BRA", "embassy", "Brasília"),
    ("A representative office of Nagorno-Karabakh exists in Yerevan.", "polity:artsakh", "polity:ARM", "representative office", "Yerevan"),
    ("Thailand has a consulate-general in Hong Kong.", "polity:THA", "polity:HKG", "consulate-general", "Hong Kong"),
    ("Iran has an embassy in Doha.", "polity:IRN", "polity:QAT", "embassy", "Doha"),
])
def test_missions_from_sentences(sentence, sender, host, kind, city):
    doc = analyze(next(read_text(f"= Test relations =\n\n{sentence}\n", "t", input_format="plaintext")))
    assert any((m.sender, m.host, m.kind, m.city) == (sender, host, kind, city) for m in doc.missions)


def test_mission_kinds_are_data():
    assert kind_of("Permanent Representation of the NKR in Armenia") == "representative office"
    assert kind_of("Consulate General of Japan") == "consulate-general"
    assert kind_of("Hong Kong Economic and Trade Office") == "economic and trade office"


def test_infobox_mission_named_by_sender_and_city(shared_data):
    text = ("= India–Pakistan relations =\n\nInfobox\n- Party1: India\n- Party2: Pakistan\n"
            "- Mission1: High Commission of Pakistan, New Delhi\n- Mission2: High Commission of India, Islamabad\n\n"
            "India and Pakistan have relations.\n")
    doc = analyze(next(read_text(text, "t", input_format="plaintext")))
    got = {(m.sender, m.host, m.kind, m.city) for m in doc.missions}
    assert got == {("polity:PAK", "polity:IND", "high commission", "New Delhi"),
                   ("polity:IND", "polity:PAK", "high commission", "Islamabad")}


# --- mission open/close dates (relations._mission_dates) -------------------------------------
def test_mission_closed_then_reopened_keeps_the_current_run(shared_data):
    doc = doc_of(shared_data / "articles" / "Ivory_Coast-Mexico_relations.txt")
    m = next(m for m in doc.missions if (m.sender, m.host, m.kind) == ("polity:CIV", "polity:MEX", "embassy"))
    reopened = next(e for e in doc.events if e.id == m.opened_event)
    assert (m.opened, reopened.trigger.text, m.closed, m.closed_event) == ("2004", "re-opened", None, None)
    assert "relations.mission.opened-by-event" in m.rule


def test_mission_opened_and_closed_in_one_sentence():
    # Ivory_Coast-Mexico_relations.txt: "the embassy" is the one just opened
    doc = analyze(next(read_text(
        "= Ivory Coast–Mexico relations =\n\nIn 1981, Ivory Coast opened an embassy in Mexico, however, the "
        "embassy was closed in 1991 for financial reasons.\n", "t", input_format="plaintext")))
    [m] = [m for m in doc.missions if m.sender == "polity:CIV"]
    events = {e.id: e for e in doc.events}
    assert (m.opened, m.closed) == ("1981", "1991")
    assert (events[m.opened_event].type, events[m.closed_event].type) == ("OPEN_MISSION", "CLOSE_MISSION")


def test_mission_dates_from_separate_sentences(shared_data):
    # "That same year, in 1973, Mexico opened an embassy in the Tanzanian capital of Dar es
    # Salaam." ... "In 1980, Mexico closed it embassy in Tanzania due to financial restraints."
    doc = doc_of(shared_data / "articles" / "Mexico-Tanzania_relations.txt")
    [m] = [m for m in doc.missions if (m.sender, m.host, m.kind) == ("polity:MEX", "polity:TZA", "embassy")]
    assert (m.opened, m.closed) == ("1973", "1980")
    accredited = next(m for m in doc.missions if m.kind == "non-resident embassy")
    assert (accredited.opened, accredited.closed) == (None, None)  # not the embassy that closed


def test_closing_names_a_mission_no_other_sentence_lists(shared_data):
    doc = doc_of(shared_data / "articles" / "Mexico-Senegal_relations.txt")
    m = next(m for m in doc.missions if m.rule.startswith("relations.mission.event"))
    assert (m.sender, m.host, m.kind, m.closed, m.opened) == ("polity:MEX", "polity:SEN", "embassy", "198", None)
    assert doc.text[m.start:m.end].strip().startswith("In the late 1980s, Mexico closed its embassy in Senegal.")


def test_opening_matches_the_mission_of_its_kind_and_city(shared_data):
    # "France opened its first consulate in Jeddah in 1839": not the embassy in Riyadh
    doc = doc_of(shared_data / "articles" / "France-Saudi_Arabia_relations.txt")
    dated = {(m.kind, m.city): m.opened for m in doc.missions if m.sender == "polity:FRA"}
    assert dated == {("embassy", "Riyadh"): None, ("consulate", "Jeddah"): "1839"}


def test_mission_dates_are_added_json_fields(shared_data):
    doc = doc_of(shared_data / "articles" / "India-Slovenia_relations.txt")
    missions = doc.to_json()["missions"]
    slovenian = next(m for m in missions if m["sender"] == "polity:SVN")
    assert {"sender", "host", "name", "city", "kind"} <= set(slovenian)  # the contract's fields
    assert (slovenian["opened"], slovenian["closed"]) == ("2002-08-01", None)
    assert slovenian["opened_event"] in {e["id"] for e in doc.to_json()["events"]}
