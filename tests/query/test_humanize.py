"""Dates as the explorer labels them: the precision the value has, never more."""

from __future__ import annotations

import pytest

from dyad.query.humanize import decade_of, describe_date, format_day, precision_of


@pytest.mark.parametrize("value,mod,text,precision,approx", [
    ("1988-03-23", None, "23 March 1988", "day", False),
    ("1988-02", None, "February 1988", "month", False),
    ("1945", None, "1945", "year", False),
    ("198", None, "1980s", "decade", False),
    ("198", "END", "late 1980s", "decade", False),
    ("198", "MID", "mid-1980s", "decade", False),
    ("19", "START", "early 20th century", "century", False),
    ("10", None, "11th century", "century", False),
    ("20", None, "21st century", "century", False),
    ("2024", "APPROX", "c. 2024", "year", True),
    ("1998", "AFTER", "after 1998", "year", True),
    ("2022-Q2", None, "Q2 2022", "quarter", False),
    ("2022-SU", None, "summer 2022", "season", False),
])
def test_describe_date(value, mod, text, precision, approx):
    d = describe_date(value, mod)
    assert (d["text"], d["precision"], d["approx"]) == (text, precision, approx)


def test_without_a_value_the_bounds_speak():
    assert describe_date(None, None, "1988-01-01", "1988-01-01")["text"] == "1 January 1988"
    assert describe_date(None)["text"] == "undated"
    assert precision_of(None, "1980-01-01", "1989-12-31") == "decade"
    assert precision_of(None, "1900-01-01", "1999-12-31") == "century"


def test_format_day_and_decade():
    assert format_day("2024-01-01") == "1 January 2024"
    assert format_day(None) is None
    assert decade_of("1988-01-01", "1988-12-31") == "1980s"
    # a span wider than one decade belongs to no decade
    assert decade_of("1980-01-01", "1999-12-31") is None
    assert decade_of(None, None) is None
