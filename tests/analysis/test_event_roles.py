"""Sides of events (events/arguments.py, events/roles.py, rules/en/events/arguments.toml) on real
sentences of the shared data. Sentences come from articles other than the gold ones where the
data has one; where only a gold article shows a construction, the test says so."""

from __future__ import annotations

import pytest

from dyad.analysis.events import roles
from dyad.analysis.pipeline import analyze
from dyad.errors import RuleError
from dyad.readers import read_text

EXAMPLES = [(x["title"], x["sentence"], x["type"], x["source"], x["target"]) for x in roles.load().examples]


def events_of(text: str, title: str):
    article = next(read_text(f"= {title} =\n\n{text}", "test", input_format="plaintext"))
    return analyze(article).events


def one(evs, typ):
    found = [e for e in evs if e.type == typ]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in evs]
    return found[0]


@pytest.mark.parametrize("title, sentence, typ, source, target", EXAMPLES)
def test_rule_file_examples(title, sentence, typ, source, target):
    e = one(events_of(sentence, title), typ)
    assert (sorted(e.source), sorted(e.target)) == (sorted(source), sorted(target))


def test_examples_name_their_file(shared_data):
    for x in roles.load().examples:
        assert x["sentence"] in (shared_data / x["from"]).read_text(encoding="utf-8"), x["from"]


def test_bad_type_in_rule_file_fails_loudly(monkeypatch):
    from dyad.analysis.events import lexicon

    real = lexicon._load
    roles.load.cache_clear()
    monkeypatch.setattr(lexicon, "_load", lambda name: {"types": {"self": ["NOPE"]}}
                        if name == "arguments.toml" else real(name))
    with pytest.raises(RuleError, match=r"arguments.toml: \[types\] self: unknown type 'NOPE'"):
        roles.load()
    monkeypatch.undo()
    roles.load.cache_clear()


def test_mutual_passive_between_a_gloss_in_parentheses():
    # Ivory_Coast-Mexico_relations.txt
    evs = events_of("Diplomatic relations between Ivory Coast (Côte d'Ivoire) and Mexico were established on "
                    "13 November 1975.", "Ivory Coast–Mexico relations")
    e = one(evs, "ESTABLISH_RELATIONS")
    assert sorted(e.source) == ["polity:CIV", "polity:MEX"] and e.target == []
    assert "args.between" in e.rule


def test_mutual_passive_signed_between_both_nations():
    # Ivory_Coast-Mexico_relations.txt
    e = one(events_of("In October 1989 an Agreement of Educational and Cultural Cooperation was signed between "
                      "both nations.", "Ivory Coast–Mexico relations"), "AGREE")
    assert sorted(e.source) == ["polity:CIV", "polity:MEX"] and e.target == []


def test_mutual_passive_in_a_relative_clause_is_the_dyads():
    # Canada-United_States_relations.txt: nobody named, the two parties sign
    e = one(events_of("The main issues in Canada–U.S. relations in the 1990s focused on the NAFTA agreement, which "
                      "was signed in 1994.", "Canada–United States relations"), "AGREE")
    assert sorted(e.source) == ["polity:CAN", "polity:USA"] and e.target == []


def test_mutual_event_of_both_parties_has_no_third_place_target():
    # Estonia-Mexico_relations.txt: New York City is where, not with whom
    e = one(events_of("Estonia and Mexico established diplomatic relations on 28 January 1937 in New York City.",
                      "Estonia–Mexico relations"), "ESTABLISH_RELATIONS")
    assert sorted(e.source) == ["polity:EST", "polity:MEX"] and e.target == []


def test_active_between_phrase_does_not_replace_the_subject():
    # Jordan-Mexico_relations.txt: the Memorandum is between two ministries; both nations signed
    e = one(events_of("Both nations have signed several bilateral agreements such as a Memorandum of Understanding "
                      "between Mexico's Secretariat of Tourism and Jordan's Ministry of Tourism and Antiquities.",
                      "Jordan–Mexico relations"), "AGREE")
    assert sorted(e.source) == ["polity:JOR", "polity:MEX"]


def test_conjunction_after_introduces_the_subject():
    # wikitext/Foreign_relations_of_Croatia.wiki (links rendered): "after Israel attacked" is no
    # prepositional phrase; Israel attacks
    evs = events_of("While Croatia was part of the Yugoslavia Federation (1943–1991) it established diplomatic "
                    "relations with Israel in year 1948 through the Federation, but after Israel attacked "
                    "Yugoslavia's Non-Aligned Movement ally Egypt in the Six-Day War in 1967, Yugoslavia severed "
                    "all diplomatic relations with Israel.", "Croatia–Israel relations")
    assert one(evs, "ASSAULT").source == ["polity:ISR"]
    assert one(evs, "SEVER_RELATIONS").source == ["polity:yugoslavia"]


def test_second_object_of_between_is_not_the_subject():
    # Only the gold article Ecuador-United_States_relations.txt has this construction.
    e = one(events_of("In April 2011, relations between Ecuador and the United States soured particularly after "
                      "Ecuador expelled the U.S. ambassador.", "Ecuador–United States relations"), "SANCTION")
    assert e.source == ["polity:ECU"] and e.target == ["polity:USA"]


def test_actor_in_a_parenthesis_is_not_the_subject():
    # Only the gold article Ecuador-United_States_relations.txt has this construction.
    evs = events_of("In the early 1970s, Ecuador seized about 100 foreign-flag vessels (many of them U.S.) and "
                    "collected fees and fines of more than $6 million.", "Ecuador–United States relations")
    assert [(e.trigger.text, e.source, e.target) for e in evs] == [
        ("seized", ["polity:ECU"], ["polity:USA"]), ("collected fees and fines", ["polity:ECU"], ["polity:USA"])]


def test_noun_after_was_is_no_passive():
    # Only the gold article Ecuador-United_States_relations.txt: "are signatories of" is active
    e = one(events_of("Both nations are signatories of the Inter-American Treaty of Reciprocal Assistance (the "
                      "_Rio Treaty_) of 1947.", "Ecuador–United States relations"), "AGREE")
    assert sorted(e.source) == ["polity:ECU", "polity:USA"] and e.target == []


def test_passive_subject_after_a_new_clause():
    # Only the gold article Albania-Brazil_relations.txt: the agreement, not Mendes Ribeiro, was signed
    evs = events_of("In March, 2012, the Brazilian Minister of Agriculture, Livestock, and Supply, Mendes Ribeiro "
                    "visited Tirana and a bilateral agreement on agricultural cooperation was signed.",
                    "Albania–Brazil relations")
    assert sorted(one(evs, "AGREE").source) == ["polity:ALB", "polity:BRA"]
    assert one(evs, "CONSULT").target == ["polity:ALB"]  # Tirana stands for Albania


def test_city_after_the_trigger_stands_for_its_state():
    # India-Slovenia_relations.txt
    evs = events_of("Slovene President Danilo Tϋrk visited New Delhi in February 2010 and met with the Prime "
                    "Minister.", "India–Slovenia relations")
    assert evs[0].trigger.text == "visited" and evs[0].target == ["polity:IND"]


def test_nominal_visit_of_names_the_visitor():
    # France-Saudi_Arabia_relations.txt: the visit is the Crown Prince's, to Paris
    evs = events_of("On 6 March 2016, A joint communiqué was signed between Saudi Arabia and France at the end "
                    "of the official visit to Paris of Crown Prince Mohammed bin Naif.",
                    "France–Saudi Arabia relations")
    visit = one(evs, "CONSULT")
    assert visit.source == ["person:mohammed-bin-naif"] and visit.target == ["polity:FRA"]
    assert "args.of-agent" in visit.rule
    assert sorted(one(evs, "AGREE").source) == ["polity:FRA", "polity:SAU"]


def test_mission_host_from_the_city():
    # Albania-Japan_relations.txt: the consulate's host is Osaka's state, the sender the subject
    e = one(events_of("In 1935 the Kingdom of Albania opened the Honorary Consulate in Osaka.",
                      "Albania–Japan relations"), "OPEN_MISSION")
    assert e.source == ["polity:ALB"] and e.target == ["polity:JPN"]


def test_dyad_party_fills_a_missing_source():
    # Russia-South_Ossetia_relations.txt (excerpt)
    e = one(events_of("On 21 August 2008, a rally was held in Tskhinvali at which the people of South Ossetia "
                      "appealed to Russian president Dmitry Medvedev.", "Russia–South Ossetia relations"),
            "REQUEST")
    assert e.target[-1] == "polity:RUS" and e.source == ["polity:south-ossetia"]


def test_pronoun_subject_blocks_the_dyad_default():
    # Canada-United_States_relations.txt: "they" are the Conservatives, not the United States
    e = one(events_of('The Conservative slogan was "No truck or trade with the Yankees", as they appealed to '
                      "Canadian nationalism and nostalgia for the British Empire to win a major victory.",
                      "Canada–United States relations"), "REQUEST")
    assert e.source == []


def test_object_pronoun_blocks_the_dyad_default():
    # Only the gold article Ecuador-United_States_relations.txt: "it" is the arrangement
    e = one(events_of("The arrangement expired in 2009; former president Rafael Correa vowed not to renew it.",
                      "Ecuador–United States relations"), "REJECT")
    assert e.target == []


def test_anaphoric_subject_takes_the_earlier_events_sides():
    # Only the gold article Ecuador-United_States_relations.txt: "This" is the offer of asylum
    evs = events_of("Ecuador offered political asylum to Julian Assange in November 2012. This was then revoked "
                    "in 2019.", "Ecuador–United States relations")
    offer, revoked = one(evs, "AID"), one(evs, "SANCTION")
    assert revoked.source == offer.source == ["polity:ECU"]
    assert revoked.target == offer.target == ["person:julian-assange"]
    assert f"args.anaphora:{offer.id}" in revoked.rule


def test_definite_noun_names_the_earlier_event():
    # Only the gold article Ecuador-United_States_relations.txt: "The prohibition" was triggered
    # by the U.S. against Ecuador's tuna
    evs = events_of("The U.S. Magnuson Fishery Conservation and Management Act then triggered an automatic "
                    "prohibition of U.S. imports of tuna products from Ecuador. The prohibition was lifted in 1983.",
                    "Ecuador–United States relations")
    lifted = one(evs, "RETREAT")
    assert lifted.source == ["polity:USA"] and lifted.target == ["polity:ECU"]


def test_rejection_of_a_request_swaps_its_sides():
    # Only the seed article: "which was rejected" answers the appeal
    evs = events_of("In 1945, the leader of Soviet Armenia Grigory Arutinov appealed to Stalin to attach the "
                    "region to Soviet Armenia, which was rejected.", "Armenia–Artsakh relations")
    appeal, rejection = one(evs, "REQUEST"), one(evs, "REJECT")
    assert rejection.source == appeal.target and rejection.target == appeal.source


def test_participles():
    assert roles.participle("sent") and roles.participle("recognised") and roles.participle("overthrown")
    assert not roles.participle("President") and not roles.participle("signatories")


def test_the_embassy_names_the_opening_just_told():
    # wikitext/Foreign_relations_of_Albania.wiki: "however" starts a clause; "the embassy" is
    # the one Mexico opened
    evs = events_of("Shortly thereafter Mexico opened a resident embassy in Tirana, however the embassy was "
                    "closed in 1979.", "Albania–Mexico relations")
    opened, closed = one(evs, "OPEN_MISSION"), one(evs, "CLOSE_MISSION")
    assert (opened.source, opened.target) == (["polity:MEX"], ["polity:ALB"])
    assert (closed.source, closed.target) == (["polity:MEX"], ["polity:ALB"])
    assert f"args.anaphora:{opened.id}" in closed.rule


def test_self_acting_passive_with_an_adjective_sender():
    # wikitext/Foreign_relations_of_India.wiki
    evs = events_of("The Indian consulate was opened in Muscat in February 1955.", "India–Oman relations")
    e = one(evs, "OPEN_MISSION")
    assert (e.source, e.target) == (["polity:IND"], ["polity:OMN"])
