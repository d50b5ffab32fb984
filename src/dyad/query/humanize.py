"""Dates as people read them, with their precision said honestly.

A TIMEX3 value is as precise as the text it came from: `1988-03-23` is a day, `198` a decade,
`10` the 11th century. The explorer labels and draws each date at that precision instead of
pretending every date is a day; `describe_date` gives the label, the precision and whether the
date is approximate or only bounded on one side (drawn dashed).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# TIMEX3 mods that make a date uncertain rather than merely coarse.
APPROXIMATE_MODS = frozenset({"APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"})
_PREFIX = {
    "APPROX": "c. ", "BEFORE": "before ", "AFTER": "after ", "ON_OR_BEFORE": "by ",
    "ON_OR_AFTER": "from ", "START": "early ", "MID": "mid-", "END": "late ",
}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

_DAY = re.compile(r"^(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)")
_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d\d)$")
_YEAR = re.compile(r"^(?P<y>\d{4})$")
_DECADE = re.compile(r"^(?P<y>\d{3})$")
_CENTURY = re.compile(r"^(?P<c>\d{2})$")
_QUARTER = re.compile(r"^(?P<y>\d{4})-Q(?P<q>[1-4])$")
_SEASON = re.compile(r"^(?P<y>\d{4})-(?P<s>SP|SU|FA|WI)$")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_day(iso: str | None) -> str | None:
    """`2024-01-01` -> `1 January 2024` (None stays None)."""
    if not iso:
        return None
    m = _DAY.match(iso)
    if not m:
        return iso
    return f"{int(m['d'])} {MONTHS[int(m['m']) - 1]} {int(m['y'])}"


def precision_of(value: str | None, earliest: str | None, latest: str | None) -> str:
    """day | month | quarter | season | year | decade | century | span | unknown."""
    if value:
        for name, pattern in (("day", _DAY), ("month", _MONTH), ("year", _YEAR),
                              ("decade", _DECADE), ("century", _CENTURY),
                              ("quarter", _QUARTER), ("season", _SEASON)):
            if pattern.match(value):
                return name
    if earliest and latest:
        days = (date.fromisoformat(latest) - date.fromisoformat(earliest)).days
        if days == 0:
            return "day"
        if days <= 31:
            return "month"
        if days <= 366:
            return "year"
        if days <= 3653:
            return "decade"
        return "century" if days <= 36525 else "span"
    return "unknown"


def describe_date(value: str | None, mod: str | None = None, earliest: str | None = None,
                  latest: str | None = None) -> dict:
    """The label, precision and uncertainty of an event's date, for pages and the API."""
    precision = precision_of(value, earliest, latest)
    text = _value_text(value)
    if text is None:
        if earliest and latest and earliest == latest:
            text = format_day(earliest)
        elif earliest and latest:
            text = f"{format_day(earliest)} – {format_day(latest)}"
        else:
            text = "undated"
    if mod in _PREFIX and text != "undated":
        text = _PREFIX[mod] + text
    return {
        "text": text,
        "precision": precision,
        "approx": mod in APPROXIMATE_MODS,
    }


def _value_text(value: str | None) -> str | None:
    if not value:
        return None
    if value == "PRESENT_REF":
        return "the present"
    if m := _DAY.match(value):
        return format_day(value[:10])
    if m := _MONTH.match(value):
        return f"{MONTHS[int(m['m']) - 1]} {int(m['y'])}"
    if m := _YEAR.match(value):
        return str(int(m["y"]))
    if m := _DECADE.match(value):
        return f"{int(m['y']) * 10}s"
    if m := _CENTURY.match(value):
        return f"{ordinal(int(m['c']) + 1)} century"
    if m := _QUARTER.match(value):
        return f"Q{m['q']} {int(m['y'])}"
    if m := _SEASON.match(value):
        return f"{_SEASONS[m['s']]} {int(m['y'])}"
    return value


def decade_of(earliest: str | None, latest: str | None) -> str | None:
    """The decade (`1980s`) an interval lies in, or None when it is undated or spans more than
    one decade (counting such a date in any one decade would claim a precision it lacks)."""
    if not earliest or not latest or earliest[:3] != latest[:3]:
        return None
    return f"{earliest[:3]}0s"
