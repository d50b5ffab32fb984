"""Value normalisation functions and the duration canonicaliser."""

from __future__ import annotations

import pytest

from dyad.analysis.temporal import default_rules
from dyad.analysis.temporal.normalise import canonical, century, clock, decade, fill, num, year4

MAPS = default_rules().maps


@pytest.mark.parametrize("text,expected", [
    ("18", "18"), ("eighteen", "18"), ("twenty-five", "25"), ("twenty four", "24"),
    ("a", "1"), ("several", "X"), ("some", "X"), ("1,000", "1000"), ("blue", "X"),
])
def test_num(text, expected):
    assert num(text, MAPS) == expected


@pytest.mark.parametrize("text,expected", [
    ("11th", "10"), ("eleventh", "10"), ("21st", "20"), ("twenty-first", "20"), ("1st", "00"),
])
def test_century(text, expected):
    assert century(text, MAPS) == expected


@pytest.mark.parametrize("text,expected", [
    ("1980s", "198"), ("1980's", "198"), ("'80s", "198"), ("eighties", "198"), ("2000s", "200"),
    ("1700s", "17"), ("1900s", "19"),  # a hundred's plural before 2000 is a century
])
def test_decade(text, expected):
    assert decade(text, MAPS) == expected


@pytest.mark.parametrize("text,expected", [
    ("9 a.m.", "09:00"), ("10:30 p.m.", "22:30"), ("12 a.m.", "00:00"), ("noon", "12:00"),
    ("14:05", "14:05"),
])
def test_clock(text, expected):
    assert clock(text, MAPS) == expected


def test_year4():
    assert year4("'98", MAPS) == "1998" and year4("05", MAPS) == "2005" and year4("1066", MAPS) == "1066"


@pytest.mark.parametrize("value,expected", [
    ("P3TH", "PT3H"), ("P2DE", "P20Y"), ("P1CE", "P100Y"), ("PXDE", "PXDE"), ("P1.5Y", "P1.5Y"),
    ("P3TM", "PT3M"), ("P1DE", "P10Y"), ("1988-03", "1988-03"), ("PRESENT_REF", "PRESENT_REF"),
])
def test_canonical(value, expected):
    assert canonical(value) == expected


def test_fill_maps_functions_and_defaults():
    groups = {"day": "23rd", "month": "March", "year": None}
    assert fill("{year|XXXX}-{month:months}-{day:day2}", groups, MAPS) == "XXXX-03-23"
    assert fill("{month:nosuchkey|Z}", {"month": "Smarch"}, {"nosuchkey": {}}) == "Z"


@pytest.mark.parametrize("template,expected", [
    ("P2Y+H", "P2Y6M"), ("P5TH+H", "PT5H30M"), ("P1TM+H", "PT1M30S"), ("P3W+H", "P3.5W"),
    ("P2DE+H", "P25Y"), ("P1D+H", "P1DT12H"), ("PXY+H", "PXY"),
])
def test_a_half_goes_into_the_next_smaller_unit(template, expected):
    assert canonical(template) == expected
