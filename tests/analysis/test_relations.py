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
