"""interval(value, mod): the days a DATE value denotes, with the documented conventions."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from dyad.analysis.temporal import interval


@pytest.mark.parametrize("value,mod,expected", [
    ("1988-03-23", None, ("1988-03-23", "1988-03-23")),
    ("1988-02", None, ("1988-02-01", "1988-02-29")),
    ("1988", None, ("1988-01-01", "1988-12-31")),
    ("198", None, ("1980-01-01", "1989-12-31")),
    ("198", "START", ("1980-01-01", "1983-12-31")),
    ("198", "MID", ("1984-01-01", "1986-12-31")),
    ("198", "END", ("1987-01-01", "1989-12-31")),
    ("19", None, ("1900-01-01", "1999-12-31")),
    ("19", "START", ("1900-01-01", "1932-12-31")),
    ("10", None, ("1000-01-01", "1099-12-31")),
    ("1988", "END", ("1988-09-01", "1988-12-31")),
    ("2024-02", "END", ("2024-02-21", "2024-02-29")),
    ("1998-Q3", None, ("1998-07-01", "1998-09-30")),
    ("1998-H1", None, ("1998-01-01", "1998-06-30")),
    ("1998-WI", None, ("1998-12-01", "1999-02-28")),
    ("1998-W02", None, ("1998-01-05", "1998-01-11")),
    ("1998-W02-WE", None, ("1998-01-10", "1998-01-11")),
    ("1998-03-02TMO", None, ("1998-03-02", "1998-03-02")),
    ("1988", "APPROX", ("1987-01-01", "1989-12-31")),
    ("198", "APPROX", ("1970-01-01", "1999-12-31")),
    ("1988-01", "APPROX", ("1987-12-01", "1988-02-29")),
    ("1988-03-10", "APPROX", ("1988-03-09", "1988-03-11")),
    ("1988", "BEFORE", (None, "1987-12-31")),
    ("1988", "ON_OR_AFTER", ("1988-01-01", None)),
    ("1988", "AFTER", ("1989-01-01", None)),
    ("PRESENT_REF", None, (None, None)),
    ("P3Y", None, (None, None)),
    ("XXXX-03-10", None, (None, None)),
    ("BC0044", None, (None, None)),
    (None, None, (None, None)),
])
def test_interval(value, mod, expected):
    assert interval(value, mod) == expected


@given(st.dates(), st.sampled_from([None, "START", "MID", "END", "APPROX"]))
def test_interval_of_a_day_month_year_contains_the_day(d, mod):
    for value in (d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]):
        a, b = interval(value, mod)
        assert a is not None and b is not None and a <= b
        if mod is None:
            assert a <= d.isoformat() <= b


@given(st.text(max_size=20), st.one_of(st.none(), st.text(max_size=8)))
def test_interval_never_raises(value, mod):
    interval(value, mod)


@pytest.mark.parametrize("value", ["1998-WXX-3", "1998-WXX-WE", "1998-XX", "1998-QX", "1998-XX-XX"])
def test_a_known_year_with_unknown_rest_spans_the_year(value):
    assert interval(value) == ("1998-01-01", "1998-12-31")


def test_an_unknown_year_has_no_interval():
    assert interval("XXXX-WXX-3") == (None, None)
