"""The interval of days a TIMEX3 DATE value denotes, honouring its mod.

`interval("198", "END")` = ("1987-01-01", "1989-12-31"). Conventions (documented because
they are choices, not TimeML):

- START / MID / END split the value's span in whole units: a decade is 0-3 / 4-6 / 7-9 (the
  late 1980s = 1987-1989), a century 00-32 / 33-65 / 66-99, a year January-April / May-August /
  September-December, a month the 1st-10th / 11th-20th / 21st-end; other spans (quarters,
  seasons, weeks) in thirds by days.
- APPROX widens the span by one of its own units on each side (about 1980 = 1979-1981,
  about March 1988 = February-April 1988, about the 1980s = the 1970s to the 1990s).
- BEFORE / ON_OR_BEFORE leave `earliest` open (None) and end the day before / on the last day;
  AFTER / ON_OR_AFTER mirror that.
- Seasons are meteorological (spring = March-May; winter = December to February, from the
  value's year into the next); weeks are ISO weeks; a weekend is that week's Saturday-Sunday.
- A value whose year is known but not what follows ("1998-WXX-3", a Wednesday of 1998) spans
  its year. Values that are not on the calendar (PRESENT_REF, durations, sets, BC years, an
  unknown year) have no interval: (None, None).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def _span(value: str) -> tuple[date, date] | None:
    v = value.split("T", 1)[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", value) else value
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            d = date(int(v[:4]), int(v[5:7]), int(v[8:10]))
            return d, d
        if re.fullmatch(r"\d{4}-\d{2}", v):
            y, m = int(v[:4]), int(v[5:7])
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if re.fullmatch(r"\d{4}", v):
            y = int(v)
            return date(y, 1, 1), date(y, 12, 31)
        if re.fullmatch(r"\d{3}", v):
            y = int(v) * 10
            return date(max(y, 1), 1, 1), date(y + 9, 12, 31)
        if re.fullmatch(r"\d{2}", v):
            y = int(v) * 100
            return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
        if re.fullmatch(r"\d", v):
            y = int(v) * 1000
            return date(max(y, 1), 1, 1), date(y + 999, 12, 31)
        m = re.fullmatch(r"(\d{4})-Q([1-4])", v)
        if m:
            y, q = int(m.group(1)), int(m.group(2))
            first = 3 * q - 2
            return date(y, first, 1), date(y, first + 2, calendar.monthrange(y, first + 2)[1])
        m = re.fullmatch(r"(\d{4})-H([12])", v)
        if m:
            y, h = int(m.group(1)), int(m.group(2))
            return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v)
        if m:
            y, (a, b) = int(m.group(1)), _SEASONS[m.group(2)]
            y2 = y + 1 if b < a else y
            return date(y, a, 1), date(y2, b, calendar.monthrange(y2, b)[1])
        m = re.fullmatch(r"(\d{4})-W(\d{1,2})(-WE)?", v)
        if m:
            y, w = int(m.group(1)), int(m.group(2))
            monday = date.fromisocalendar(y, w, 1)
            if m.group(3):
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        m = re.fullmatch(r"(\d{4})-[0-9WQHX-]*X[0-9WEX-]*", v)
        if m:  # "1998-WXX-3", "1998-XX": the year is known, the rest is not
            y = int(m.group(1))
            return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None
    return None


_YEAR_SPLITS = {"START": (0, 3), "MID": (4, 6), "END": (7, 9)}
_CENTURY_SPLITS = {"START": (0, 32), "MID": (33, 65), "END": (66, 99)}


def _part(value: str, mod: str, a: date, b: date, days: int) -> tuple[date, date]:
    if re.fullmatch(r"\d{3}", value):
        lo, hi = _YEAR_SPLITS[mod]
        y = int(value) * 10
        return date(max(y + lo, 1), 1, 1), date(y + hi, 12, 31)
    if re.fullmatch(r"\d{2}", value):
        lo, hi = _CENTURY_SPLITS[mod]
        y = int(value) * 100
        return date(max(y + lo, 1), 1, 1), date(y + hi, 12, 31)
    if re.fullmatch(r"\d{4}", value):
        y = int(value)
        m0, m1 = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
        return date(y, m0, 1), date(y, m1, calendar.monthrange(y, m1)[1])
    if re.fullmatch(r"\d{4}-\d{2}", value):
        d0, d1 = {"START": (1, 10), "MID": (11, 20), "END": (21, b.day)}[mod]
        return a.replace(day=d0), a.replace(day=d1)
    if days < 3:
        return a, b
    third = days / 3
    if mod == "START":
        return a, a + timedelta(days=round(third) - 1)
    if mod == "MID":
        return a + timedelta(days=round(third)), a + timedelta(days=round(2 * third) - 1)
    return a + timedelta(days=round(2 * third)), b


def _widen(value: str, a: date, b: date, days: int) -> tuple[date, date]:
    """One unit of the value's own size on each side: a year, a month, a decade, a day."""
    try:
        if re.fullmatch(r"\d{2,4}", value):  # year, decade, century: whole years
            years = {4: 1, 3: 10, 2: 100}[len(value)]
            return date(max(a.year - years, 1), 1, 1), date(b.year + years, 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = date(a.year - (a.month == 1), (a.month - 2) % 12 + 1, 1)
            nxt = date(b.year + (b.month == 12), b.month % 12 + 1, 1)
            last = nxt.replace(day=calendar.monthrange(nxt.year, nxt.month)[1])
            return first, last
        return a - timedelta(days=days), b + timedelta(days=days)
    except (OverflowError, ValueError):
        return a, b


def interval(value: str | None, mod: str | None = None) -> tuple[str | None, str | None]:
    """(earliest, latest) as YYYY-MM-DD strings for a DATE value, or (None, None)."""
    if not value:
        return None, None
    span = _span(value)
    if span is None:
        return None, None
    a, b = span
    days = (b - a).days + 1
    if mod in ("START", "MID", "END"):
        a, b = _part(value, mod, a, b, days)
    elif mod == "APPROX":
        a, b = _widen(value, a, b, days)
    elif mod == "BEFORE":
        return None, (a - timedelta(days=1)).isoformat()
    elif mod == "ON_OR_BEFORE":
        return None, b.isoformat()
    elif mod == "AFTER":
        return (b + timedelta(days=1)).isoformat(), None
    elif mod == "ON_OR_AFTER":
        return a.isoformat(), None
    return a.isoformat(), b.isoformat()
