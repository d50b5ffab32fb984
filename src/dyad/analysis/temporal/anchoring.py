"""Anchoring: giving underspecified and relative values a calendar value.

Templates leave three kinds of value for this stage:

- `XXXX-03-10`, `XXXX-03`, `XXXX-Q3`, `XXXX-SU`: the year is missing ("On 10 March");
- `@Y-1`, `@M+0`, `@D+2`, `@W-1`, `@Q+0`, optionally with a time-of-day suffix (`@D-1TNI`):
  an offset in a unit from the anchor ("last year", "this month", "two days later");
- `@WD5`: a weekday ("Friday"), the nearest one before or after the anchor depending on tense.

The anchor is the document creation time in news mode and, for anaphoric expressions ("the
same year", "the following month") or in encyclopedia mode (no DCT), the narrative's reference
time: the most recent preceding date that names a year. What a value was resolved from is
recorded in `Timex.anchor` ("dct" or the id of the timex).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_ANCHORED = re.compile(
    r"^@(?P<unit>DE|CE|[YMDWQ])(?:(?P<sign>[+-])(?P<n>\d+|X))?"
    r"(?P<suffix>T[A-Z0-9:]+|-WE|-\d{2}|-Q[1-4]|-H[12])?$")
_WEEKDAY = re.compile(r"^@WD(?P<wd>[1-7])(?P<dir>[<>=])?(?P<suffix>T[A-Z0-9:]+|-WE)?$")
_NO_YEAR = re.compile(r"^XXXX(?P<rest>-[^<>=]*)?(?P<dir>[<>=])?$")


@dataclass
class Ref:
    """A point of reference: a day, and how much of it is known (Y, M, D, Q)."""

    day: date
    granularity: str  # "Y" | "M" | "D" | "Q"
    source: str  # "dct" or a timex id

    @classmethod
    def parse(cls, value: str, source: str) -> "Ref | None":
        m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4]))?(?:$|T)", value)
        if not m:
            return None
        y = int(m.group(1))
        try:
            if m.group(3):
                return cls(date(y, int(m.group(2)), int(m.group(3))), "D", source)
            if m.group(2):
                return cls(date(y, int(m.group(2)), 1), "M", source)
            if m.group(4):
                return cls(date(y, 3 * int(m.group(4)) - 2, 1), "Q", source)
            return cls(date(y, 1, 1), "Y", source)
        except ValueError:  # no such day, or year 0000 (Python's calendar starts at 1)
            return None


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


_RANK = {"Y": 0, "Q": 1, "M": 2, "W": 3, "D": 4}


def needs(value: str) -> str | None:
    """The granularity an anchored value needs from its reference ("@D+1" needs a day)."""
    m = _ANCHORED.match(value)
    if m:
        return {"DE": "Y", "CE": "Y"}.get(m.group("unit"), m.group("unit"))
    if _WEEKDAY.match(value):
        return "D"
    return None


def coarser(ref: "Ref", unit: str | None) -> bool:
    return unit is not None and _RANK.get(ref.granularity, 0) < _RANK.get(unit, 0)


def shift(ref: Ref, unit: str, n: int, suffix: str = "") -> str:
    """The value `n` units from `ref`, written at that unit's granularity (or the reference's,
    when the reference is coarser: 'the next day' after 'in 1988' can only be 1988)."""
    d = ref.day
    if unit == "Y":  # "-07": a month of that year ("July last year")
        if ref.granularity == "Q" and not suffix:
            # "a year earlier" than a quarter is that quarter a year before
            return f"{d.year + n:04d}-Q{(d.month - 1) // 3 + 1}"
        return f"{d.year + n:04d}" + (suffix if suffix[:1] == "-" and suffix != "-WE" else "")
    if unit == "DE":
        return f"{(d.year + 10 * n) // 10:03d}"
    if unit == "CE":
        return f"{(d.year + 100 * n) // 100:02d}"
    if unit in ("M", "Q") and ref.granularity == "Y":
        return f"{d.year:04d}-{'Q' if unit == 'Q' else ''}{'X' if unit == 'Q' else 'XX'}"
    if unit == "M":
        d = _add_months(d, n)
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        q = (d.month - 1) // 3 + n
        return f"{d.year + q // 4:04d}-Q{q % 4 + 1}"
    if _RANK[ref.granularity] < _RANK["D"]:
        # A week or day from a year/month: only the coarse part is known. A part of that
        # day ("the following night") keeps its time of day on an unknown day.
        coarse = f"{d.year:04d}" if ref.granularity in ("Y", "Q") else f"{d.year:04d}-{d.month:02d}"
        if suffix.startswith("T"):
            return coarse + ("-XX-XX" if ref.granularity in ("Y", "Q") else "-XX") + suffix
        return coarse
    if unit == "W":
        d = d + timedelta(weeks=n)
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}{suffix if suffix == '-WE' else ''}"
    d = d + timedelta(days=n)
    return d.isoformat() + (suffix if suffix.startswith("T") else "")


# News reports mostly look back: a date after the DCT must be this much nearer than the one
# before it to be chosen when nothing in the clause points to the future.
# weekdays: "Tuesday" said on a Monday is tomorrow; "Friday" said on a Wednesday is past.
FUTURE_PENALTY_DAYS = 2.0
FUTURE_PENALTY_MONTHS = 3.0  # month-days and months: "Jan. 14" on Jan. 6 is next week


def weekday(ref: Ref, wd: int, future: bool | None, suffix: str = "", strict: bool = False) -> str:
    """The weekday `wd` (1 = Monday) nearest the reference day: after it for a future cue,
    before it for a past one (`future` False), otherwise the nearer, past-biased."""
    if ref.granularity != "D":  # the year is known, the week is not: "1998-WXX-3"
        return (f"{ref.day.year:04d}-WXX-" + ("WE" if suffix == "-WE" else str(wd))
                + (suffix if suffix.startswith("T") else ""))
    d = ref.day
    ahead = (wd - d.isoweekday()) % 7
    back = (d.isoweekday() - wd) % 7
    if strict:  # "last Wednesday" said on a Wednesday is a week ago, "next Friday" a week on
        ahead, back = ahead or 7, back or 7
    if future is True:
        d = d + timedelta(days=ahead)
    elif future is False or ahead == 0 or ahead * FUTURE_PENALTY_DAYS >= back:
        d = d - timedelta(days=back)
    else:
        d = d + timedelta(days=ahead)
    if suffix == "-WE":  # "the weekend": the week of that Saturday
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}-WE"
    return d.isoformat() + (suffix if suffix.startswith("T") else "")


_SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


def fill_year(rest: str, ref: Ref, future: bool | None, news: bool, strict: bool = False) -> str:
    """Give 'XXXX-03-10' (or 'XXXX-03', 'XXXX-Q3', 'XXXX-SU') a year.

    Narrative mode: the reference's year. News mode: of the DCT's year and its neighbours,
    the one that puts the date on the side the tense points to (after the DCT for a future
    cue, otherwise not after it: news reports mostly look back), nearest the DCT. `strict`
    ("last March") excludes the DCT's own month."""
    y = ref.day.year
    if not news:
        return f"{y:04d}{rest}"
    m = re.match(r"^-(\d{2})(?:-(\d{2}))?", rest)
    q = re.match(r"^-Q([1-4])", rest)
    s = re.match(r"^-(SP|SU|FA|WI)", rest)
    if m:
        month, day = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    elif q or re.match(r"^-H[12]", rest):
        # A quarter or half named without a year is the report's own year: business news
        # speaks of this year's quarters, past or coming (TimeBank annotates so).
        return f"{y:04d}{rest}"
    elif s:
        month, day = _SEASON_MONTH[s.group(1)], None
    else:
        return f"{y:04d}{rest}"
    best, best_score = y, None
    for cand in (y - 1, y, y + 1):
        if day is not None:
            try:
                diff = (date(cand, month, day) - ref.day).days
            except ValueError:
                continue
        else:
            # month-sized: the DCT's own month (or quarter, season) is neither past nor future
            months = (cand - y) * 12 + month - ref.day.month
            near = 1 if (q or s) else 0
            diff = 0 if abs(months) <= near else months * 30
        if strict and (diff == 0 or (m and day is None and cand == y and future is False
                                      and month == ref.day.month - 1)):
            # "last October" said in October is a year ago, and so is "last February" said in
            # March (the month just gone would be "last month"); "last April" said in October
            # is this year's (TimeBank, 6 of 6)
            score = 10_000
        elif (future is True and diff < 0) or (strict and future is False and diff > 0):
            score = 1000 + abs(diff)
        elif diff > 0 and future is not True:
            score = abs(diff) * FUTURE_PENALTY_MONTHS
        else:
            score = abs(diff)
        if best_score is None or score < best_score:
            best, best_score = cand, score
    return f"{best:04d}{rest}"


# A cue after the expression counts as this many characters further away than one before it:
# the verb that governs a date usually precedes it ("announced in March").
AFTER_CUE_PENALTY = 10
# An expression with at most this many characters of its sentence before it opens the sentence.
FRONTED_MAX = 12
_CLAUSE_PUNCTUATION = r"[,;:()\"“”]|''"
# Words and clitics ("we", "'ll"): the cue lists are looked up token by token, which is much
# faster than one alternation of every cue tried at every position.
_TOKEN = re.compile(r"[A-Za-z]+|['’][A-Za-z]+")


@dataclass(frozen=True)
class TenseCues:
    """The word lists that tell a clause's tense, from the rule folder (tense_*.txt)."""

    past: frozenset[str]  # one-word cues, lower case; clitics written with "'"
    future: frozenset[str]
    phrases: re.Pattern[str] | None  # the cues of several words ("had been due", "going to")
    phrase_is_future: dict[str, bool]
    not_past: frozenset[str]
    participles: frozenset[str]
    # what makes a following -ed word or participle no past-tense cue: an auxiliary or a
    # determiner right before it (an -ly adverb may stand between), a modal up to two words
    # before it ("will have finished", "will stay closed")
    auxiliaries: frozenset[str]
    modals: frozenset[str]
    clause_end: re.Pattern[str]

    @classmethod
    def from_lists(cls, lists: dict[str, list[str]]) -> "TenseCues":
        def entries(name: str) -> list[str]:
            return [w.lower().replace("’", "'") for w in lists.get(name, [])]

        def one_word(name: str) -> frozenset[str]:
            return frozenset(w for w in entries(name) if " " not in w)

        phrase_is_future = {w: False for w in entries("tense_past") if " " in w}
        phrase_is_future.update({w: True for w in entries("tense_future") if " " in w})
        phrases = None
        if phrase_is_future:
            alts = sorted(phrase_is_future, key=len, reverse=True)
            body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts)
            phrases = re.compile(rf"(?<![\w'])(?:{body})(?!\w)", re.I)
        breaks = "|".join(re.escape(w) for w in entries("tense_clause_breaks")) or "(?!)"
        return cls(
            past=one_word("tense_past"), future=one_word("tense_future"), phrases=phrases,
            phrase_is_future=phrase_is_future,
            not_past=one_word("tense_not_past"), participles=one_word("tense_participles"),
            auxiliaries=one_word("tense_auxiliaries"), modals=one_word("tense_modals"),
            clause_end=re.compile(rf"{_CLAUSE_PUNCTUATION}|\b(?:{breaks})\b", re.I))

    def _participle(self, words: list[str], i: int) -> bool:
        """Is word i after an auxiliary or determiner, or within two words of a modal?"""
        j = i - 1
        if j >= 0 and words[j].endswith("ly") and words[j] not in self.auxiliaries:
            j -= 1
        if j >= 0 and words[j] in self.auxiliaries:
            return True
        return any(words[k] in self.modals for k in range(max(0, i - 3), i))

    def cues(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, is_future) of every tense cue in `text`."""
        found: list[tuple[int, int, bool]] = []
        if self.phrases is not None:
            for m in self.phrases.finditer(text):
                key = re.sub(r"\s+", " ", m.group(0).lower().replace("’", "'"))
                found.append((m.start(), m.end(), self.phrase_is_future[key]))
        phrase_spans = [(a, b) for a, b, _ in found]
        tokens = list(_TOKEN.finditer(text))
        words = [t.group(0).lower().replace("’", "'") for t in tokens]
        for i, t in enumerate(tokens):
            w, a, b = words[i], t.start(), t.end()
            if any(pa <= a and b <= pb for pa, pb in phrase_spans):
                continue  # part of a phrase cue: "due" in "had been due"
            if w in self.future:
                found.append((a, b, True))
            elif w in self.past:
                # a participle after an auxiliary or modal ("will be held") takes its tense
                # from that word, which is a cue of its own when it has one
                if not (w in self.participles and self._participle(words, i)):
                    found.append((a, b, False))
            elif (len(w) > 3 and w.endswith("ed") and t.group(0).islower()
                  and w not in self.not_past and not self._participle(words, i)):
                found.append((a, b, False))  # a regular past form: "announced", "changed"
        return found


def tense(before: str, after: str, cues: TenseCues) -> bool | None:
    """True when the clause around an expression points to the future ("will", "next"),
    False when it is in the past ("said", "announced", "ago"), None when it says nothing.
    The nearest cue decides: in "said the plant will close in March" it is "will", in "In
    March, it announced plans to ..." it is "announced"."""
    best: tuple[int, bool] | None = None
    for start, end, future in cues.cues(before):
        if start < len(before) and (best is None or len(before) - end <= best[0]):
            best = (len(before) - end, future)
    # After the expression only its own clause counts: in "on Saturday and were planning" or
    # "(4 a.m. Thursday),'' Castro said" the later verb belongs to another clause.
    # A fronted adverbial ("In September, it announced ...") is followed by its clause's verb.
    if len(before.strip()) <= FRONTED_MAX:
        after = after.lstrip(" ,")
    after = cues.clause_end.split(after, 1)[0]
    if re.match(r"['’]s\b", after):
        # a possessive ("get around Wednesday's ruling") names a thing, not when the verb happens
        return None
    for start, _, future in cues.cues(after):
        d = start + AFTER_CUE_PENALTY
        if best is None or d < best[0]:
            best = (d, future)
    return None if best is None else best[1]


def needs_tense(value: str, from_dct: bool) -> bool:
    """Does `resolve` read the clause's tense for this value? Only a weekday ("Friday") and,
    against the DCT, a date without its year ("in March") do, and not when a deictic word
    already gave the side ("last Friday", "next March")."""
    if any(c in value for c in "<>="):
        return False
    return value.startswith("@WD") or (from_dct and value.startswith("XXXX"))


def resolve(value: str, ref: Ref | None, *, future: bool | None, news: bool) -> str | None:
    """The calendar value of an anchored or year-less `value`, or None if it needs no anchor.
    Without a reference it returns the value with its unknown digits as X."""
    m = _WEEKDAY.match(value)
    if m:
        wd, direction = int(m.group("wd")), m.group("dir")
        side = future
        if direction in ("<", ">"):
            side = direction == ">"
        suffix = m.group("suffix") or ""
        if ref is None:
            return "XXXX-WXX-WE" if suffix == "-WE" else f"XXXX-WXX-{wd}"
        return weekday(ref, wd, side, suffix, strict=direction in ("<", ">"))
    m = _ANCHORED.match(value)
    if m:
        unit, suffix = m.group("unit"), m.group("suffix") or ""
        n = m.group("n") or "0"
        if n == "X":
            if ref is not None and ref.source != "dct":
                # "a few days later" in a narrative: some days after the reference, which is
                # in the reference's year; "a few years later" is in a year not known. Either
                # way FUTURE_REF / PAST_REF would place it relative to today.
                return f"{ref.day.year:04d}" if unit in ("D", "W", "M") else "XXXX"
            return "PAST_REF" if m.group("sign") == "-" else "FUTURE_REF"
        k = int(n) * (-1 if m.group("sign") == "-" else 1)
        if ref is None:
            return {"Y": "XXXX", "M": "XXXX-XX", "D": "XXXX-XX-XX", "W": "XXXX-WXX",
                    "Q": "XXXX-QX", "DE": "XXX", "CE": "XX"}[unit]
        return shift(ref, unit, k, suffix)
    m = _NO_YEAR.match(value)
    if m:
        rest, direction = m.group("rest") or "", m.group("dir")
        if ref is None:
            return "XXXX" + rest
        if direction == "=":  # "this summer": the anchor's own year
            return f"{ref.day.year:04d}{rest}"
        if direction in ("<", ">"):
            return fill_year(rest, ref, direction == ">", True, strict=True)
        return fill_year(rest, ref, future if news else None, news)
    return None
