"""Anchoring: relative and year-less values against the DCT or the narrative's reference."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.analysis.temporal.anchoring import Ref, resolve, tense
from dyad.analysis.temporal.rules import default_rules

DCT = Ref(date(2013, 3, 20), "D", "dct")  # a Wednesday


@pytest.mark.parametrize("value,future,expected", [
    ("@Y-1", None, "2012"),
    ("@Y+0", None, "2013"),
    ("@M+1", None, "2013-04"),
    ("@D-1", None, "2013-03-19"),
    ("@D+0TMO", None, "2013-03-20TMO"),
    ("@W-1", None, "2013-W11"),
    ("@W+0-WE", None, "2013-W12-WE"),
    ("@Q-1", None, "2012-Q4"),
    ("@DE+0", None, "201"),
    ("@Y-X", None, "PAST_REF"),
    ("@Y-1-07", None, "2012-07"),
    ("@WD5", False, "2013-03-15"),
    ("@WD5", True, "2013-03-22"),
    ("@WD4", None, "2013-03-21"),  # tomorrow is nearer than last week's
    ("@WD1", None, "2013-03-18"),
    ("@WD3", None, "2013-03-20"),
    ("@WD5<", True, "2013-03-15"),
    ("XXXX-03-25", None, "2013-03-25"),
    ("XXXX-11-25", None, "2012-11-25"),  # news looks back
    ("XXXX-11-25", True, "2013-11-25"),
    ("XXXX-02<", None, "2012-02"),  # "last February" said in March: a year ago (TimeBank)
    ("XXXX-01<", None, "2013-01"),  # "last January" said in March: this year's
    ("@WD3<", None, "2013-03-13"),  # "last Wednesday" said on a Wednesday: a week ago
    ("@WD3>", None, "2013-03-27"),
    ("XXXX-06<", None, "2012-06"),
    ("XXXX-03<", None, "2012-03"),  # "last March" said in March
    ("XXXX-SU=", None, "2013-SU"),
    ("1988-03-10", None, None),
])
def test_news_anchoring(value, future, expected):
    assert resolve(value, DCT, future=future, news=True) == expected


def test_narrative_anchoring_takes_the_reference_year():
    ref = Ref.parse("1988-02-20", "t15")
    assert resolve("XXXX-03-10", ref, future=None, news=False) == "1988-03-10"
    assert resolve("@Y+0", Ref.parse("1963", "t6"), future=None, news=False) == "1963"
    # finer than the reference is known: only what the reference knows
    assert resolve("@D+1", Ref.parse("1988", "t1"), future=None, news=False) == "1988"


def test_years_before_1000_keep_four_digits():
    # "In AD 64 ... that same year": TIMEX3 writes years with four digits; "64" would be a
    # century (the 6400s).
    ref = Ref.parse("0064", "t1")
    assert resolve("@Y+0", ref, future=None, news=False) == "0064"
    assert resolve("XXXX-07-18TNI", ref, future=None, news=False) == "0064-07-18TNI"
    assert resolve("@DE+1", ref, future=None, news=False) == "007"
    assert resolve("@D+0", Ref.parse("0098-09-18", "t2"), future=None, news=False) == "0098-09-18"
    assert Ref.parse("0000", "t3") is None  # no year 0 in the calendar dyad computes with


def test_without_reference_the_unknown_stays_unknown():
    assert resolve("XXXX-03-10", None, future=None, news=False) == "XXXX-03-10"
    assert resolve("@Y+1", None, future=None, news=False) == "XXXX"
    assert resolve("@WD5", None, future=None, news=False) == "XXXX-WXX-5"


def test_ref_parse():
    assert Ref.parse("1988-03", "t1").granularity == "M"
    assert Ref.parse("1988-Q2", "t1").day == date(1988, 4, 1)
    assert Ref.parse("PRESENT_REF", "t1") is None
    assert Ref.parse("198", "t1") is None


def _tense(before: str, after: str = "") -> bool | None:
    return tense(before, after, default_rules().tense_cues)


def test_tense():
    assert _tense("the talks will resume") is True
    assert _tense("officials said") is False
    assert _tense("in the region") is None


def test_tense_takes_the_nearest_cue():
    # TBAQ wsj_0583: "In September, it announced plans to acquire ..." is a past September,
    # although "plans to" looks ahead
    assert _tense("In ", ", it announced plans to acquire") is False
    # a reporting verb far before does not outweigh the clause's own "will"
    assert _tense("officials said the plant will close in ") is True
    # regular past forms count; a passive participle does not ("is expected")
    assert _tense("the company changed its fiscal year in ") is False
    assert _tense("the ruling is expected on ") is True
    assert _tense("Cyprus banks will stay closed until ") is True
    assert _tense("the work will be finished by ") is True
    # after a determiner an -ed word is an adjective, not a past tense
    assert _tense("The reduced dividend is payable ") is None
    # "since March" looks back even in a clause that has a future word before it
    assert _tense("the ship was scheduled to return, having been on patrol since ") is False


def test_tense_reads_only_the_expressions_own_clause_after_it():
    # TBAQ APW20000107: "a demonstration on Saturday and were planning to drive ..."
    assert _tense("Protesters planned a demonstration on ", " and were planning to drive") is True
    assert _tense("the father will leave at 4 a.m. ", "),'' Castro said.") is True


def test_a_postponement_or_a_deadline_points_ahead():
    # TBAQ APW20000330: "officials postponed until Tuesday morning any action" (gold: the
    # Tuesday after the DCT), though "postponed" is a past form
    assert _tense("U.S. Immigration officials postponed until ", " any action") is True
    assert _tense("They have until ", " to agree.") is True
    assert _tense("The hearing was adjourned until ", ".") is True


def test_past_perfect_outweighs_the_future_word_inside_it():
    assert _tense("It had been due to expire ") is False
    assert _tense("It is due to expire ") is True


def test_clitics_are_cues_after_their_word():
    assert _tense("we'll meet again on ") is True
    assert _tense("the shop's closed until ") is None  # "'s closed": a state, not a past tense
