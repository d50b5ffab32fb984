"""The tagger on real sentences: the seed and dev golds, encyclopedia mode, false positives."""

from __future__ import annotations

import json

import pytest

from dyad.analysis.temporal import run, tag
from dyad.evaluation.corpora import load_document
from dyad.evaluation.tempeval import score_corpus
from dyad.model import Article, Document, Section

from tests.conftest import DATA, SEED, SEED_GOLD


def test_seed_all_28_timexes_exact():
    text = SEED.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["timexes"]
    got = {(t.start, t.end): t for t in tag(text)}
    assert len(gold) == 28
    for g in gold:
        t = got.get((g["start"], g["end"]))
        assert t is not None, f"missed {g['text']!r} at {g['start']}"
        assert (t.type, t.value, t.mod) == (g["type"], g["value"], g.get("mod")), g["text"]
    assert len(got) == 28, "no timex beyond the gold's in the seed"


@pytest.mark.parametrize("name", ["Albania-Brazil_relations", "Ecuador-United_States_relations",
                                  "Hong_Kong-Israel_relations"])
def test_dev_gold_value_f1(name):
    doc, text, dct, gold = load_document(DATA / "articles" / "gold" / f"{name}.gold.json")
    scores = score_corpus([(doc, text, gold, tag(text, dct))])
    assert scores.figures()["value_mod_f1"] >= 95.0, scores.errors


def _one(text: str, dct: str | None = None):
    found = tag(text, dct)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,expected,value,mod", [
    ("In 1988 the Karabakh Soviet voted. On 10 March, Gorbachev stated", "10 March", "1988-03-10", None),
    ("In 1963, around 2,500 signed a petition. The same year saw violent clashes", "The same year", "1963", None),
    ("the House of Khachen ruled in the 11th century as", "11th century", "10", None),
    ("dwindled to three-quarters by the late 1980s.", "late 1980s", "198", "END"),
    ("==== Early 20th-century history ====", "Early 20th-century", "19", "START"),
    ("in the first half of the 19th century", "the first half of the 19th century", "18", "START"),
    ("Rome was founded in 753 BC, legend says", "753 BC", "BC0753", None),
    ("In March 1990 they met, and the following month they signed", "the following month", "1990-04", None),
    ("It opened in 1991. Two years later, it closed", "Two years later", "1993", None),
    ("They met on 5 May 1990. The next day it rained", "The next day", "1990-05-06", None),
    # a vague offset from the narrative stays in its year, not after today (FUTURE_REF)
    ("In 2010 the team won. A few days later, Stevens left.", "A few days later", "2010", None),
    ("In 2002 he returned. The following night he won.", "The following night", "2002-XX-XXTNI", None),
    ("Between the 15th and 17th century, some groups settled.", "15th", "14", None),
    ("The idea reached a peak in the spring and summer of 1870.", "spring", "1870-SP", None),
    ("after the September 11 attacks, in 2017, security tightened", "September 11", "2001-09-11", None),
])
def test_encyclopedia_mode(text, expected, value, mod):
    got = {t.text: t for t in tag(text)}
    assert expected in got, list(got)
    assert (got[expected].value, got[expected].mod) == (value, mod)


@pytest.mark.parametrize("text", [
    "in accordance with Article 78 of the Soviet constitution",
    "around 2,500 Karabakh Armenians signed",
    "a population which was 40% Armenian",
    "leading to the death of 18 Armenians.",
    "- Mission1: Permanent Representation of the NKR in Armenia",
    "to attend the Rio 20 Summit, while",
    "driving down Route 66 at night",
    "a squadron of F-16 fighters",
    "were unified with Armenia.[12] Then",
    "see page 1234 and chapter 12",
    "Brazil beat Albania 3-1 in the final",
    "about 1500 soldiers were sent",
])
def test_no_false_positives(text):
    assert tag(text) == []


@pytest.mark.parametrize("text,ends", [
    ("Konstantin Batyushkov (1787–1855) was a poet", [("1787", "1787"), ("1855", "1855")]),
    ("the war of 1914–18 ended", [("1914", "1914"), ("18", "1918")]),
    ("from May to July 1940 the army", [("May", "1940-05"), ("July 1940", "1940-07")]),
    ("between 1990 and 1995 it grew", [("1990", "1990"), ("1995", "1995")]),
    ("held on 20–22 June 2012 in Rio", [("20", "2012-06-20"), ("22 June 2012", "2012-06-22")]),
])
def test_ranges_tag_both_ends(text, ends):
    assert [(t.text, t.value) for t in tag(text)] == ends


@pytest.mark.parametrize("text,type_,value", [
    ("24,000 U.S. citizens visit Ecuador annually", "SET", "P1Y"),
    ("elections every four years", "SET", "P4Y"),
    ("a 10-year arrangement", "DURATION", "P10Y"),
    ("it lasted 18 months", "DURATION", "P18M"),
    ("the worst in a decade", "DURATION", "P10Y"),
    ("Moreno is currently president", "DATE", "PRESENT_REF"),
])
def test_durations_sets_present(text, type_, value):
    t = _one(text)
    assert (t.type, t.value) == (type_, value)


def test_news_mode_resolves_from_the_dct():
    got = {t.text: t.value for t in tag("Officials said Friday that sales fell last year and "
                                        "will rise next month.", "2013-03-20")}
    assert got == {"Friday": "2013-03-15", "last year": "2012", "next month": "2013-04"}


@pytest.mark.parametrize("text,expected", [
    # the nearest tense cue decides which Friday or June a news report means (DCT Wed 2013-03-20)
    ("The ministry said the talks would resume on Friday.", "2013-03-22"),
    ("On Friday, the rebels seized the town.", "2013-03-15"),
    ("Cyprus banks will stay closed until Thursday.", "2013-03-21"),
    ("Elections will be held in June, officials said.", "2013-06"),
    ("Lawmakers approved the budget in June.", "2012-06"),
    ("In September, it announced plans to acquire the company.", "2012-09"),
])
def test_news_tense_picks_the_side_of_the_dct(text, expected):
    (t,) = tag(text, "2013-03-20")
    assert t.value == expected


def test_offsets_ids_rule_anchor_and_interval():
    text = "In 1988 the Karabakh Soviet voted. On 10 March, Gorbachev stated."
    a, b = tag(text)
    assert [a.id, b.id] == ["t1", "t2"]
    assert text[b.start:b.end] == b.text == "10 March"
    assert b.rule == "date.dm" and b.anchor == "t1"
    assert (b.earliest, b.latest) == ("1988-03-10", "1988-03-10")
    assert (a.earliest, a.latest) == ("1988-01-01", "1988-12-31")


def test_a_dated_time_moves_the_narrative_a_quoted_deictic_one_does_not():
    # WikiText-2 (Battle off Cape Engano): "the following morning" is the next day, and "that
    # day" after it is that morning's day
    got = tag("On 24 October 1944 they were spotted. Halsey would attack the following morning. "
              "Five airstrikes were launched that day.", None)
    assert [t.value for t in got] == ["1944-10-24", "1944-10-25TMO", "1944-10-25"]
    # WikiText-2 (RAF Gibraltar): "yesterday morning" inside a quoted report does not move the
    # narrative, so "the same day" is still the day of the report
    got = tag('On Tuesday, 24 September 1940, the agency reported: "After the bombardment of '
              'Dakar yesterday morning, aircraft attacked." On the same day, Vichy denied it.', None)
    assert [t.value for t in got] == ["1940-09-24", "1940-09-23TMO", "1940-09-24"]


def test_unanchored_values_keep_their_unknown_digits():
    assert _one("On 10 March, Gorbachev stated").value == "XXXX-03-10"
    assert _one("The talks ended the following year.").value == "XXXX"


def test_run_skips_excluded_spans_and_reads_the_dct():
    text = "| 1998 | table |\nIn 1999 they met and said Friday."
    art = Article(source="x", format="plaintext", title=None, text=text,
                  excluded=[(0, 16)], dct="1999-06-09",
                  sections=[Section(level=1, title="x", start=0, end=len(text))])
    doc = Document(article=art)
    run(doc)
    assert [(t.text, t.value) for t in doc.timexes] == [("1999", "1999"), ("Friday", "1999-06-04")]


def test_empty_and_odd_input_never_raise():
    for text in ["", " ", "\n\n", "[[]]", "\x00", "1", "9999999", "March", "the the the", "’’’"]:
        assert isinstance(tag(text), list)



def test_a_dated_heading_anchors_the_section_below_it():
    text = "In 1990 the talks began.\n== 2005 ==\nOn 14 June they ended."
    heading = text.index("== 2005")
    sections = [Section(level=2, title="2005", start=heading, end=len(text))]
    assert [t.value for t in tag(text, sections=sections)] == ["1990", "2005", "2005-06-14"]


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = st.sampled_from([
    "In", "1988", "March", "10", "the", "same", "year", "late", "1980s", "11th", "century",
    "two", "years", "later", "ago", "Friday", "last", "week", "annually", "every", "now",
    "Article", "78", "2,500", "40%", "F-16", "[12]", "-", "–", ",", ".", "\n", "mid-", "of",
    "early", "20th-century", "BC", "a", "decade", "9", "a.m.", "today", "'80s", "’", "&",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40), st.sampled_from([None, "1998-03-02"]))
def test_tagging_any_word_salad_keeps_its_promises(words, dct):
    text = " ".join(words)
    found = tag(text, dct)
    last_end = 0
    for n, t in enumerate(found, 1):
        assert t.id == f"t{n}"
        assert 0 <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text
        assert t.start >= last_end, "timexes never overlap"
        last_end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET") and t.value and t.rule


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_tagging_arbitrary_text_never_raises(text):
    tag(text)
    tag(text, "2000-02-29")


def test_business_comparisons_take_the_quarter_and_do_not_drift():
    """'from a year ago' after 'the third quarter' is that quarter of last year; a second
    'a year earlier' is still that quarter, not one more year back."""
    text = ("Net income rose 12% in the third quarter from a year ago. Revenue rose to $5 "
            "billion from $4.5 billion a year earlier. Profit per share rose from year-earlier "
            "levels.")
    got = {t.text: t.value for t in tag(text, "1989-10-30")}
    assert got["the third quarter"] == "1989-Q3"
    assert got["a year ago"] == "1988-Q3"
    assert got["a year earlier"] == "1988-Q3"
    assert got["year-earlier"] == "1988-Q3"


def test_a_year_ago_far_from_any_quarter_is_a_year():
    text = ("The company was founded in Ohio. It employs 4,000 people. A year ago it "
            "had 3,000.")
    got = {t.text: t.value for t in tag(text, "1989-10-30")}
    assert got["A year ago"] == "1988"


def test_a_narrative_chain_still_moves_forward():
    text = "In 1991 it opened. Two years later it closed. The following year it reopened."
    got = {t.text: t.value for t in tag(text)}
    assert got["Two years later"] == "1993"
    assert got["The following year"] == "1994"
