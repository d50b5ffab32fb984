"""Movable holidays: the day of "Thanksgiving 1999" or "Easter 2016" in a given year.

`TU1A1` is the first Tuesday after the 1st of the month (US Election Day).

The rule data (`movable_holidays.tsv`) writes a holiday as a calendar rule in place of the
day, which the value template puts after the year: `1999-11-TH4` (the fourth Thursday of
November), `2000-05-MOL` (the last Monday of May), `2016-04-EA-2` (two days before Easter
Sunday; the month is only a hint for choosing the year). Once anchoring has given the value
a year, `movable_day` turns it into a calendar date; without a year it keeps what is certain.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dateutil.easter import easter

_MOVABLE = re.compile(
    r"^(?P<year>\d{4}|XXXX)-(?P<month>\d{2})-"
    r"(?:(?P<wd>MO|TU|WE|TH|FR|SA|SU)(?P<nth>[1-5L])(?:A(?P<after>\d{1,2}))?|EA(?P<offset>[+-]\d+))"
    r"[<>=]?$")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def looks_movable(value: str) -> bool:
    """A cheap test before the regex: the day slot holds letters ('TH4', 'EA-2')."""
    return len(value) >= 10 and value[8:10].isalpha()


def movable_day(value: str) -> str:
    """'1999-11-TH4' -> '1999-11-25'; 'XXXX-11-TH4' -> 'XXXX-11'; 'XXXX-04-EA-2' ->
    'XXXX-XX-XX' (Easter falls in March or April). Any other value comes back unchanged."""
    m = _MOVABLE.match(value)
    if not m:
        return value
    year, month = m.group("year"), int(m.group("month"))
    if m.group("offset") is not None:
        if year == "XXXX":
            return "XXXX-XX-XX"
        return (easter(int(year)) + timedelta(days=int(m.group("offset")))).isoformat()
    if year == "XXXX":
        return f"XXXX-{month:02d}"
    y = int(year)
    wd = _WEEKDAYS.index(m.group("wd"))
    after = int(m.group("after") or 0)  # "TU1A1": the first Tuesday after the 1st
    days = [d for d in range(after + 1, calendar.monthrange(y, month)[1] + 1)
            if date(y, month, d).weekday() == wd]
    nth = m.group("nth")
    day = days[-1] if nth == "L" else days[min(int(nth), len(days)) - 1]
    return date(y, month, day).isoformat()
