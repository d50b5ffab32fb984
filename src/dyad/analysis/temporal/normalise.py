"""Value normalisation: turning a rule's value template and its groups into a TIMEX3 value.

A template slot `{group:fn}` passes the group's text through a map of the rule folder (looked
up lower-cased) or through one of the `FUNCTIONS` below, which are language-neutral except
where they consult maps (`numbers`, `ordinals`) that the rule folder provides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

Maps = Mapping[str, Mapping[str, str]]


def _digits_or_words(text: str, maps: Maps, table: str) -> str:
    """A number written in digits or words ("18", "eighteen", "twenty-five", "a")."""
    t = text.strip().lower().replace(",", "")
    t = re.sub(r"(st|nd|rd|th)$", "", t) if re.match(r"^\d", t) else t
    if t.isdigit():
        return str(int(t))
    words = maps.get(table, {})
    if t in words:
        return words[t]
    total = 0
    for part in re.split(r"[-\s]+", t):
        if part in ("and", ""):
            continue
        v = words.get(part)
        if v is None or not v.isdigit():
            return "X"
        total += int(v)
    return str(total)


def num(text: str, maps: Maps) -> str:
    return _digits_or_words(text, maps, "numbers")


def ordinal(text: str, maps: Maps) -> str:
    return _digits_or_words(text, maps, "ordinals")


def day2(text: str, maps: Maps) -> str:
    v = ordinal(text, maps)
    return v.zfill(2) if v.isdigit() else "XX"


def month2(text: str, maps: Maps) -> str:
    v = maps.get("months", {}).get(text.strip().lower())
    if v is None and text.strip().isdigit():
        v = text.strip()
    return v.zfill(2) if v else "XX"


def year4(text: str, maps: Maps) -> str:
    """A year: four digits as written; two digits ("'98", "98") read as 19xx/20xx."""
    t = text.strip().lstrip("'’")
    if len(t) == 2 and t.isdigit():
        return ("20" if int(t) < 30 else "19") + t
    return t


def century(text: str, maps: Maps) -> str:
    """'11th' / 'eleventh' (century) -> '10' (TimeML: the hundreds' digits of its years)."""
    v = ordinal(text, maps)
    return str(int(v) - 1).zfill(2) if v.isdigit() and int(v) > 0 else "XX"


def decade_of_century(text: str, maps: Maps) -> str:
    """'first decade of the 21st' (century) -> '200'; 'last decade of the 19th' -> '189'."""
    m = re.match(r"\s*(\S+)\s+decade\s+of\s+the\s+(\S+)", text.lower())
    if not m:
        return "XXX"
    c = ordinal(m.group(2), maps)
    k = "10" if m.group(1) in ("last", "final") else ordinal(m.group(1), maps)
    if not (c.isdigit() and k.isdigit() and 1 <= int(k) <= 10 and int(c) > 0):
        return "XXX"
    return f"{(int(c) - 1) * 10 + int(k) - 1:03d}"


def decade(text: str, maps: Maps) -> str:
    """'1980' / '1980s' / "'80s" / 'eighties' -> '198'. A hundred's plural before 2000 is a
    century: 'the 1700s' are 1700-1799 ('17'); 'the 2000s' stay a decade ('200')."""
    t = text.strip().lower().lstrip("'’").rstrip("s").rstrip("'’")
    if t.isdigit() and len(t) == 4:
        if t.endswith("00") and t < "2000":
            return t[:2]
        return t[:3]
    if t.isdigit() and len(t) == 2:
        return "19" + t[0]
    v = maps.get("decades", {}).get(text.strip().lower())
    return v or "XXX"


def bc_year(text: str, maps: Maps) -> str:
    """A year before Christ: TimeML writes 'BC' + four digits (BC0044)."""
    return "BC" + text.strip().zfill(4)


def year_pad(text: str, maps: Maps) -> str:
    """An AD year of fewer than four digits, zero-padded ('AD 33' -> '0033')."""
    return text.strip().zfill(4)


def clock(text: str, maps: Maps) -> str:
    """A clock time -> 'HH:MM' (24 hours): '9 a.m.' 09:00, '10:30 p.m.' 22:30, 'noon' 12:00.
    The words for noon and midnight come from the map `clock_words`."""
    t = text.strip().lower()
    words = maps.get("clock_words", {})
    if t in words:
        return words[t]
    m = re.match(r"(\d{2})(\d{2})\s*(?:utc|gmt|z|zulu)\b", t)  # '1800 UTC': 24-hour, no colon
    if m:
        return f"{m.group(1)}:{m.group(2)}"
    m = re.match(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?", t)
    if not m:
        return "XX:XX"
    h, mi = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) == "p" and h < 12:
        h += 12
    elif m.group(3) == "a" and h == 12:
        h = 0
    return f"{h:02d}:{mi:02d}" if h < 24 and mi < 60 else "XX:XX"


def _hour_of_day(text: str, maps: Maps, meridiem: str) -> str:
    n = num(text, maps)
    return clock(f"{n} {meridiem}", maps) if n.isdigit() and 1 <= int(n) <= 12 else "XX:XX"


def hour_am(text: str, maps: Maps) -> str:
    """An hour said with its part of the day: 'four (in the morning)' -> '04:00'."""
    return _hour_of_day(text, maps, "am")


def hour_pm(text: str, maps: Maps) -> str:
    """'ten (in the evening)', '3 (in the afternoon)' -> '22:00', '15:00'."""
    return _hour_of_day(text, maps, "pm")


def year_words(text: str, maps: Maps) -> str:
    """A year read out in words: "nineteen ninety-four" 1994, "nineteen oh five" 1905, "two
    thousand" 2000, "two thousand and one" 2001. 'XXXX' if the words do not make one."""
    words = [w for w in re.split(r"[-\s]+", text.strip().lower()) if w and w != "and"]
    if words[:2] == ["two", "thousand"]:
        rest = num(" ".join(words[2:]), maps) if words[2:] else "0"
        return str(2000 + int(rest)) if rest.isdigit() else "XXXX"
    hundreds = num(words[0], maps) if words else "X"
    rest = num(" ".join(w for w in words[1:] if w != "oh"), maps)
    if not (hundreds.isdigit() and rest.isdigit()) or int(rest) > 99:
        return "XXXX"
    return str(int(hundreds) * 100 + int(rest)).zfill(4)


def lower(text: str, maps: Maps) -> str:
    return text.strip().lower()


HALF = "+H"  # the marker `half` leaves after a duration's value


def half(text: str, maps: Maps) -> str:
    """'and a half', '1/2', '½' after a count: a marker `canonical` turns into the half unit."""
    return HALF


FUNCTIONS: dict[str, Callable[[str, Maps], str]] = {
    "num": num, "ordinal": ordinal, "day2": day2, "month2": month2, "year4": year4,
    "century": century, "decade": decade, "bc_year": bc_year, "year_pad": year_pad,
    "lower": lower, "clock": clock, "half": half, "year_words": year_words,
    "hour_am": hour_am, "hour_pm": hour_pm, "decade_of_century": decade_of_century,
}

_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?(?:\|([^}]*))?\}")


def fill(template: str, groups: Mapping[str, str | None], maps: Maps) -> str:
    """Substitute a value template's slots with the normalised group texts."""

    def sub(m: re.Match[str]) -> str:
        name, fn, default = m.group(1), m.group(2), m.group(3)
        text = groups.get(name)
        if text is None:
            return default if default is not None else ""
        if not fn:
            return text
        if fn in maps:
            key = re.sub(r"\s+", " ", text.strip().lower())
            return maps[fn].get(key, maps[fn].get("*", default or "X"))
        return FUNCTIONS[fn](text, maps)

    return _SLOT.sub(sub, template)


# Duration units as the unit maps write them -> (TimeML designator, multiplier, time part).
_DUR_UNITS = {"Y": ("Y", 1, False), "M": ("M", 1, False), "W": ("W", 1, False),
              "D": ("D", 1, False), "Q": ("Q", 1, False), "DE": ("Y", 10, False),
              "CE": ("Y", 100, False), "ML": ("Y", 1000, False), "TH": ("H", 1, True),
              "TM": ("M", 1, True), "TS": ("S", 1, True), "WE": ("WE", 1, False)}
_DURATION = re.compile(r"^P(?P<n>X|\d+(?:\.\d+)?)(?P<unit>DE|CE|ML|TH|TM|TS|WE|[YMWDQ])$")


# Half of a unit, in the next smaller one where TimeML has it ("2 1/2 years" = P2Y6M,
# "5 1/2 hours" = PT5H30M); weeks and quarters take a decimal, which ISO 8601 allows.
_HALF_OF = {"Y": "6M", "M": "15D", "D": "T12H", "TH": "30M", "TM": "30S", "DE": "5Y",
            "CE": "50Y", "ML": "500Y"}


def canonical(value: str) -> str:
    """Canonical TIMEX3 spelling of a value a template produced: 'P3TH' -> 'PT3H',
    'P2DE' -> 'P20Y' (decades), 'P1CE' -> 'P100Y', 'P2Y+H' -> 'P2Y6M'. Other values pass
    unchanged."""
    if value.endswith(HALF):
        return _plus_half(value[: -len(HALF)])
    if value.endswith(WEEK_OF):
        return _week_of(value[: -len(WEEK_OF)])
    m = _DURATION.match(value)
    if not m:
        return value
    n, unit = m.group("n"), m.group("unit")
    designator, mult, is_time = _DUR_UNITS[unit]
    if mult != 1:
        if n == "X":  # "decades": an unknown number of decades keeps its own designator
            designator = {10: "DE", 100: "CE", 1000: "ML"}[mult]
        else:
            years = float(n) * mult
            n = str(int(years)) if years == int(years) else str(years)
    return f"PT{n}{designator}" if is_time else f"P{n}{designator}"


WEEK_OF = "+W"  # a template's marker: the ISO week of the date before it


def _week_of(value: str) -> str:
    """'2012-12-13' -> '2012-W50': the week a chart week "ending 13 December 2012" is."""
    try:
        y, w, _ = date.fromisoformat(value).isocalendar()
    except ValueError:
        return "XXXX-WXX"
    return f"{y:04d}-W{w:02d}"


def _plus_half(value: str) -> str:
    m = _DURATION.match(value)
    if not m or m.group("n") == "X":
        return canonical(value)
    n, unit = m.group("n"), m.group("unit")
    if unit in ("W", "Q", "WE", "TS"):
        return canonical(f"P{float(n) + 0.5:g}{unit}")
    whole = canonical(f"P{n}{unit}")
    extra = _HALF_OF[unit]
    if unit in ("DE", "CE", "ML"):  # all in years: add them up
        return f"P{int(whole[1:-1]) + int(extra[:-1])}Y"
    return whole + extra  # "P2Y" + "6M", "P1D" + "T12H", "PT5H" + "30M"
