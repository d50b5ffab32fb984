"""Events stage: every lexicon rule fires on its examples; context flags, voice, dates and
same_as on sentences from several articles."""

from __future__ import annotations

import pytest

from dyad.analysis.events import find_triggers, lexicon
from dyad.analysis.pipeline import analyze
from dyad.errors import RuleError
from dyad.model import Article

EXAMPLES = [(r.id, ex) for r in lexicon.load().triggers for ex in r.examples]


def test_every_rule_has_examples():
    assert all(r.examples for r in lexicon.load().triggers)


@pytest.mark.parametrize("rule_id, sentence", EXAMPLES)
def test_rule_examples_fire(rule_id, sentence):
    assert rule_id in {rule.id for _, _, rule in find_triggers(sentence)}


def test_longest_match_wins():
    found = find_triggers("In 1963, around 2,500 Karabakh Armenians signed a petition.")
    assert [(sentence_rule.id) for _, _, sentence_rule in found] == ["request.petition"]


def test_bad_rule_file_fails_loudly(monkeypatch):
    lexicon.load.cache_clear()
    monkeypatch.setattr(lexicon, "_load", lambda name: {"rule": [
        {"id": "x", "pattern": "(", "type": "REJECT", "plover": "REJECT"}]} if name == "triggers.toml" else {})
    with pytest.raises(RuleError, match="triggers.toml: rule 'x': bad regex"):
        lexicon.load()
    monkeypatch.setattr(lexicon, "_load", lambda name: {"rule": [
        {"id": "x", "pattern": "a", "type": "NOPE"}]} if name == "triggers.toml" else {})
    with pytest.raises(RuleError, match="unknown type 'NOPE'"):
        lexicon.load()
    monkeypatch.undo()
    lexicon.load.cache_clear()


def events_of(text: str, title: str = "Armenia–Azerbaijan relations"):
    from dyad.readers import read_text

    article = next(read_text(f"= {title} =\n\n{text}", "test", input_format="plaintext"))
    doc = analyze(article)
    return doc, doc.events


def test_active_voice_source_and_target():
    doc, evs = events_of("On 23 March 1988, the Supreme Soviet of the Soviet Union rejected the demands of Armenians.")
    e = evs[0]
    assert (e.type, e.plover, e.date.value) == ("REJECT", "REJECT", "1988-03-23")
    assert e.source[0] == "org:supreme-soviet-of-the-soviet-union"
    assert e.rule == "events.reject.rejected"


def test_passive_voice_with_agent():
    doc, evs = events_of("Julian Assange lived in London. In April 2019, Assange was arrested by the "
                         "Metropolitan Police.", title="Ecuador–United Kingdom relations")
    e = evs[0]
    assert e.type == "COERCE" and e.source == ["org:metropolitan-police"]
    assert e.target == ["person:julian-assange"]


def test_negated_and_hypothetical_flags():
    _, evs = events_of("Armenia has not endorsed any candidate in the 2020 general election.")
    support = next(e for e in evs if e.type == "SUPPORT")
    assert support.negated and not support.hypothetical
    election = next(e for e in evs if e.type == "ELECTION")
    assert not election.negated
    _, evs = events_of("Armenia announced that it will send troops to Azerbaijan if attacked.")
    assert all(e.type == "STATEMENT" for e in evs)  # the content is reported, not asserted


def test_not_until_is_not_a_negation():
    _, evs = events_of("However, this development was not announced until 25 January 2018.",
                       title="Ecuador–United States relations")
    assert evs[0].type == "STATEMENT" and not evs[0].negated and evs[0].date.value == "2018-01-25"


def test_speech_act_typed_by_its_complement():
    _, evs = events_of("In May 2023, Armenia stated that it is willing to recognize Karabakh as a part of Azerbaijan.")
    assert [(e.type, e.trigger.text) for e in evs] == [("CONCEDE", "stated")]


def test_background_nouns_and_participial_adjuncts_are_not_events():
    _, evs = events_of("In April 2022, during peace negotiations with Azerbaijan, Armenia signaled willingness "
                       "to hand control over to Azerbaijan.")
    assert [e.type for e in evs] == ["CONCEDE"]
    _, evs = events_of("A politician floated the idea, saying that this would avoid annihilation.")
    assert evs == []


def test_coordinated_dates_give_one_event_each():
    _, evs = events_of("In 1965 and 1977, there were large demonstrations in Yerevan calling to unify Karabakh with Armenia.")
    assert [(e.type, e.date.value) for e in evs] == [("PROTEST", "1965"), ("PROTEST", "1977")]


def test_a_time_on_a_known_day_dates_the_event_to_that_day():
    # "the morning of 10 March 1988" is a TIME; the event and the narrative after it take the day
    _, evs = events_of("On the morning of 10 March 1988, Armenia protested to Azerbaijan. "
                       "Azerbaijan protested the same day.")
    protests = [e for e in evs if e.type == "PROTEST"]
    assert [e.date.value for e in protests] == ["1988-03-10", "1988-03-10"]
    assert protests[0].date.earliest == "1988-03-10" and not protests[0].date.inherited


def test_coordinated_agreements_give_one_event_each():
    # Albania-Brazil relations: "... was signed by both countries in future economic
    # cooperation and also a visa abolition agreement."
    _, evs = events_of("In 2012 a bilateral agreement was signed by both countries in future economic "
                       "cooperation and also a visa abolition agreement.", title="Albania–Brazil relations")
    agree = [e for e in evs if e.type == "AGREE"]
    assert [e.trigger.text for e in agree] == ["signed", "visa abolition agreement"]
    assert agree[1].source == agree[0].source == ["polity:ALB", "polity:BRA"]
    assert agree[1].date.value == "2012" and agree[1].rule.endswith("events.coordinated-object")
    # Foreign relations of India: the second agreement has its own date after it
    _, evs = events_of('Both nations signed the "Treaty of Perpetual Peace and Friendship" in 1952 and '
                       "an agreement of cooperation on cultural affairs in 1954.", title="India–Nepal relations")
    assert [(e.trigger.text, e.date.value) for e in evs if e.type == "AGREE"] == [
        ("signed", "1952"), ("agreement", "1954")]
    # the same treaty named again is no second agreement
    _, evs = events_of("In 1990 a treaty was signed and the treaty was ratified in 1992.",
                       title="Albania–Brazil relations")
    assert [e.trigger.text for e in evs if e.type == "AGREE"] == ["signed", "ratified"]


def test_date_inherited_from_the_narrative_within_a_section():
    text = ("== History ==\n\nIn 2020, the conflict boiled over into a war. Armenia once again supported "
            "Artsakh.\n\n== Later ==\n\nArmenia supported Artsakh again.\n")
    _, evs = events_of(text, title="Armenia–Artsakh relations")
    support = [e for e in evs if e.type == "SUPPORT"]
    assert support[0].date.value == "2020" and support[0].date.inherited
    assert support[0].date.earliest == "2020-01-01" and support[0].date.latest == "2020-12-31"
    assert support[1].date.value is None  # a new section starts a new narrative


def test_shortly_after_gives_month_then_year():
    text = ("On 1 January 2024, the Republic of Artsakh was dissolved. Shortly after, the government of "
            "Artsakh established a government-in-exile based in Yerevan, Armenia. Pashinyan rejected the GiE.")
    _, evs = events_of(text, title="Armenia–Artsakh relations")
    assert [(e.type, e.date.value, e.date.inherited) for e in evs] == [
        ("DISSOLVE", "2024-01-01", False), ("ESTABLISH", "2024-01", True), ("REJECT", "2024", True)]


def test_shortly_thereafter_dates_its_clause_not_the_next_ones_date():
    # Foreign_relations_of_Albania.wiki, the Mexico row.
    text = ("Mexico recognized and established diplomatic relations with Albania on 15 October "
            "1974. Shortly thereafter Mexico opened a resident embassy in Tirana, however the "
            "embassy was closed in 1979.")
    _, evs = events_of(text, title="Albania–Mexico relations")
    dates = {e.type: (e.date.value, e.date.inherited) for e in evs}
    assert dates["OPEN_MISSION"] == ("1974-10", True)
    assert dates["CLOSE_MISSION"] == ("1979", False)


def test_second_mention_is_same_as(shared_data):
    from dyad.readers import read_path

    doc = analyze(next(read_path(str(shared_data / "seed" / "armenia-artsakh-relations.txt"))))
    votes = [e for e in doc.events if e.type == "DECIDE"]
    assert len(votes) == 2 and votes[1].same_as == votes[0].id
    assert all(e.rule and e.rule.startswith("events.") for e in doc.events)


def test_visit_table_rows_are_events_and_repeat_prose_visits(shared_data):
    from dyad.readers import read_path

    doc = analyze(next(read_path(str(shared_data / "articles" / "Albania-Brazil_relations.txt"))))
    rows = [e for e in doc.events if e.rule == "events.table.visit"]
    assert [(e.trigger.text, e.date.value) for e in rows] == [
        ("Prime Minister Sali Berisha", "2012-06-20"), ("Foreign Minister Edmond Haxhinasto", "2012-06-20"),
        ("Foreign Minister Ditmir Bushati", "2013-11-04")]
    assert rows[0].same_as and rows[1].same_as and rows[2].same_as is None
    # the ministers act for their states (people.toml gives each well-known person's polity)
    assert rows[2].source == ["person:ditmir-bushati", "polity:ALB"]
    assert rows[2].target == ["person:mauro-vieira", "polity:BRA"]
    # "The Foreign Minister was received by Michel Temer" is Haxhinasto's visit told from the host's side
    received = next(e for e in doc.events if e.trigger.text == "received")
    assert received.source[0] == "person:michel-temer" and received.target[0] == "person:edmond-haxhinasto"
    assert received.same_as


def test_relative_clause_subject():
    _, evs = events_of("According to Hong Kong Secretary for Commerce and Economic Development, who visited "
                       "Israel in November 2016, Israel is a market.", title="Hong Kong–Israel relations")
    visit = next(e for e in evs if e.type == "CONSULT")
    assert visit.source == ["polity:HKG"] and visit.date.value == "2016-11"


def test_a_perfect_takes_no_date_from_the_narrative():
    _, evs = events_of("In 2013, Ecuador offered money to the U.S. for training. Tariff free imports had "
                       "been offered to Ecuador in exchange for drug elimination efforts.",
                       title="Ecuador–United States relations")
    assert [(e.type, e.date.value) for e in evs] == [("AID", "2013"), ("AID", None)]


def test_combined_word_scan_finds_what_each_rule_finds(shared_data):
    """The word-list rules are scanned together through one trie regex; the result must be the
    triggers that every rule, run on its own, would give."""
    from dyad.analysis.events import _resolve

    def one_by_one(sentence):
        found = []
        for order, rule in enumerate(lexicon.load().triggers):
            for m in rule.regex.finditer(sentence):
                g = next((g for g in ("t", "t2") if g in rule.regex.groupindex and m.group(g)), None)
                ts, te = m.span(g) if g else m.span()
                found.append((m.end() - m.start(), order, m.start(), m.end(), ts, te, rule))
        return _resolve(found, 0, len(sentence))

    text = (shared_data / "articles" / "Canada-United_States_relations.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip()][:400]
    assert sum(len(find_triggers(ln)) for ln in lines) > 50
    for ln in lines:
        assert find_triggers(ln) == one_by_one(ln), ln


def test_rule_keywords_are_in_every_example():
    for rule in lexicon.load().triggers:
        if rule.keywords is not None:
            for ex in rule.examples:
                for m in rule.regex.finditer(ex):
                    assert rule.keywords.search(ex, m.start(), m.end()), (rule.id, m.group())


def test_keyword_scan_finds_what_a_full_scan_finds(shared_data):
    """Rules with keywords scan only lines holding one; on real articles the triggers must be
    those of scanning every line."""
    import bisect

    from dyad.analysis.events import _resolve, _triggers_by_sentence, units
    from dyad.readers import read_path

    for name in ("Iran-Qatar_relations.txt", "Canada-United_States_relations.txt", "France-Saudi_Arabia_relations.txt"):
        doc = analyze(next(read_path(str(shared_data / "articles" / name))))
        sentences = units(doc)
        starts = [s for s, _ in sentences]
        buckets = {}
        for order, rule in enumerate(lexicon.load().triggers):
            for m in rule.regex.finditer(doc.text):
                g = next((g for g in ("t", "t2") if g in rule.regex.groupindex and m.group(g)), None)
                ts, te = m.span(g) if g else m.span()
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and m.end() <= sentences[i][1]:
                    buckets.setdefault(i, []).append((m.end() - m.start(), order, m.start(), m.end(), ts, te, rule))
        full = {i: _resolve(fs, sentences[i][0], sentences[i][1] - sentences[i][0]) for i, fs in buckets.items()}
        assert _triggers_by_sentence(doc.text, sentences) == full, name


def test_stages_never_raise_on_arbitrary_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(["Armenia", "the", "signed", "was", "rejected", "by", "In", "1988", ",", ".",
                             "Prime Minister", "Nikol Pashinyan", "he", "embassy", "in", "Yerevan", "\n",
                             "|", "+---+", "had", "been", "since", "who", "The two countries", "’s", "é"])

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.one_of(words, st.text(max_size=8)), max_size=60),
           st.sampled_from([None, "Armenia–Artsakh relations", "X–Y relations"]))
    def check(parts, title):
        text = " ".join(parts)
        doc = analyze(Article(source="fuzz", format="plaintext", title=title, text=text))
        for e in doc.events:
            assert 0 <= e.trigger.start < e.trigger.end <= len(text)
        for a in doc.actors:
            assert all(0 <= s < t <= len(text) for s, t in a.mentions)

    check()


def test_statement_of_intent_is_the_intended_act_flagged_future():
    _, evs = events_of("Cathay Pacific, Hong Kong's national airline, announced that it will inaugurate "
                       "flights from Hong Kong to Tel Aviv in March 2017.", title="Hong Kong–Israel relations")
    assert [(e.type, e.future, e.trigger.text) for e in evs] == [("COOPERATE", True, "announced")]
    assert evs[0].rule == "events.statement.said;speech.intent;events.cooperate.cooperated"


def test_a_city_after_the_trigger_stands_for_its_state():
    _, evs = events_of("On 23 March 1988, troops were sent to Yerevan to prevent protests.",
                       title="Armenia–Soviet Union relations")
    assert [(e.type, e.target) for e in evs] == [("MOBILIZE", ["polity:ARM"])]
