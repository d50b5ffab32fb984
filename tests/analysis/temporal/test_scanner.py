"""The scanner: the keys it spells out of a rule's pattern, its lower-casing that keeps
offsets, and its matches, which must be those of the combined alternation of all rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.analysis.temporal.rules import RuleSet, default_rules
from dyad.analysis.temporal.scanner import (
    ANY,
    BOUNDARY,
    _lower_same_length,
    first_prefixes,
    normalise,
    starts_at_boundary,
)

B = BOUNDARY


def test_whitespace_is_one_space_and_keys_run_past_the_first_word():
    assert first_prefixes(r"the\s+same") == {"the same"}
    assert first_prefixes(r"the same") == {"the same"}
    assert first_prefixes(r"the \s*same") == {"the same"}  # a run of whitespace is one space
    assert first_prefixes(r"the\s*same") == {"thesame", "the same"}
    assert first_prefixes(r"the\s?same") == {"thesame", "the same"}
    # a hyphen is read as a space: "mid-1990s" and "mid 1990s" have one key
    assert first_prefixes(r"last[\s-]+week") == {"last week"}
    assert first_prefixes(r"mid-?\d{4}s") == {"mid 0000s", "mid0000s"}


def test_a_digit_is_written_0_and_a_key_holds_one_number():
    assert first_prefixes(r"\b\d{4}s") == {B + "0000s"}
    assert first_prefixes(r"\b(?:1[0-9]|20)\d\d") == {B + "0000"}
    assert first_prefixes(r"\b[0-3]?[0-9]th") == {B + "0th", B + "00th"}
    assert first_prefixes(r"\b\d{1,2}:\d\d") == {B + "0:", B + "00:"}
    assert first_prefixes(r"\$\d+(?:,\d{3})*") == {"$0"}  # a key whose prefix is a key goes


def test_a_key_ends_where_the_pattern_cannot_be_spelled():
    assert first_prefixes(r"\bmid-?\w+") == {B + "mid"}
    assert first_prefixes(r"\bnext (?:week|[a-z]+day)") == {B + "next "}  # "next week" too
    assert first_prefixes(r"(?:jan|feb)\.?\s+\d{1,2}") == {"jan 0", "jan. 0", "feb 0", "feb. 0"}
    assert first_prefixes(r"abcdefghijklmnop") == {"abcdefghijkl"}
    assert first_prefixes(r"abcdefgh", max_length=4) == {"abcd"}
    assert first_prefixes(r"[a-z]+\d") == {ANY}
    assert first_prefixes(r"\b(?:[a-z]+\d|x)") == {ANY, B + "x"}


def test_a_match_at_a_word_boundary_is_marked():
    assert first_prefixes(r"\bthe\s+same") == {B + "the same"}
    assert first_prefixes(r"(?<![\w-])years") == {B + "years"}
    assert first_prefixes(r"(?:(?<=\bfor\s)|(?<=\bin\s))years") == {B + "years"}
    assert first_prefixes(r"(?<=\bfor\s)years|years ago") == {B + "years", "years ago"}
    assert first_prefixes(r"(?<!\w)['’]\d\d") == {"'00", "’00"}  # no word character first
    assert first_prefixes(r"(?<!\d)years") == {"years"}  # a letter may come before
    assert starts_at_boundary(r"\b[A-Za-z]{1,4}-\d|\b[A-Za-z]+\d")
    assert not starts_at_boundary(r"\bfoo|bar")


def test_keys_are_cut_back_to_the_budget():
    words = "|".join(f"w{a}{b}x" for a in "abcdefgh" for b in "abcdefgh")
    keys = first_prefixes(rf"\b(?:{words})\s+(?:{words})", budget=20)
    assert len(keys) <= 20
    assert all(k.startswith(B + "w") for k in keys)


PATTERNS = [
    r"the\s+(?:same|following)\s+(?:day|year)",
    r"(?:about|around|nearly)?\s*\d{1,3}(?:,\d{3})*(?:\.\d+)?\s*(?:years?|months?)",
    r"(?:mid|early|late)-?(?:19|20)\d0s",
    r"[$£]\s?\d+(?:\.\d\d)?\s*(?:million|bn)?",
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?)\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+\d{4}",
    r"(?:a|one|two|twenty(?:-one|-two)?)[\s-]+(?:days?|weeks?)[\s-]+(?:ago|later)",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_match_starts_with_a_key(pattern, data):
    """The keys are a superset: any text the pattern matches, normalised, starts with one."""
    text = data.draw(st.from_regex(re.compile(pattern, re.I), fullmatch=True))
    keys = {k.lstrip(B) for k in first_prefixes(pattern, budget=12)}
    assert any(normalise(text).startswith(k) for k in keys), (text, sorted(keys))


def test_normalise():
    assert normalise("The \t 1990s") == "the 0000s"
    assert normalise("MID-\n\n２００５") == "mid 0000"


def one_by_one(text: str) -> str:
    return "".join(c.lower()[:1] or c for c in text)


@given(st.text(alphabet=st.sampled_from("aZ İΣσßẞﬀǅ.1\u0130\u03a3"), max_size=40) | st.text(max_size=40))
def test_lowering_is_character_by_character(text):
    assert _lower_same_length(text) == one_by_one(text)
    assert len(_lower_same_length(text)) == len(text)


def test_final_sigma_is_lowered_as_a_single_character():
    assert _lower_same_length("İSTANBUL ΟΔΟΣ") == "istanbul οδοσ"  # not the word-final "ς"


def test_dates_after_a_dotted_capital_i_keep_their_offsets():
    text = "İzmir was taken on 9 September 1922."
    assert len(text.lower()) != len(text)
    spans = [(m.start(), m.end()) for _, m in default_rules().scanner.finditer(text)]
    assert (text.index("9 September"), text.index(".")) in spans


RULES = default_rules()
COMBINED = RuleSet(**{**RULES.__dict__, "scanner": None})
TOKENS = ["the", "The", "same", "day", "following", "first", "1990", "1990s", "90s", "'90s",
          "mid-", "mid", "March", "Mar.", "10", "3rd", "a", "A", "few", "years", "year", "ago",
          "later", "$", "5", ",", "000", "1,500", "last", "week", "[", "1", "]", "F-16", "Q1",
          "2013", "FY2013", "at", "10:30", "p.m.", "on", "Friday", "this", "morning", "for",
          "two", "twenty", "-", "–", "and", "a half", "since", "century", "19th", "in", "of",
          "early", "summer", "per", "cent", "%", "once", "twice", "every", "each", "now",
          "today", "yesterday", "then", "one", "day", "over", "the past", "decade", "B.C.",
          "AD", "İ", "ς", "www.x.org", "\n", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from([" ", "  ", "", "\t", ", "])),
                max_size=25))
def test_scanner_matches_are_those_of_the_combined_alternation(parts):
    """On texts made of pieces of temporal expressions, the scanner's matches (negatives
    included) are exactly those of the one big alternation."""
    text = "".join(tok + sep for tok, sep in parts)
    fast = [(i, m.span()) for i, m in RULES.scanner.finditer(text)]
    slow = [(int(m.lastgroup[1:]), m.span()) for m in COMBINED.regex.finditer(text)]
    assert fast == slow


def test_a_cut_never_leaves_a_bare_boundary():
    """Cut back to fit a tiny budget, keys still hold a character: no rule starts 'anywhere'."""
    keys = first_prefixes(r"\b(?:ab|ac|bd|be)x", budget=1)
    assert keys == {B + "a", B + "b"}
