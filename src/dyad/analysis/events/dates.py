"""The date of an event: the DATE timex of its clause, or the narrative's.

The narrative date is the last DATE timex told before the sentence inside the same section;
an event inheriting it is marked `date.inherited`. "Shortly after" moves the narrative to the
month of its anchor, approximately; an event inheriting an approximate date gets only its year.
Coordinated dates ("In 1965 and 1977, there were demonstrations") give one event each.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...model import Document, EventDate, Timex

try:  # the temporal stage owns interval arithmetic
    from ..temporal import interval
except ImportError:  # pragma: no cover - only while the temporal stage is absent
    def interval(value, mod=None):  # type: ignore[no-redef]
        return None, None

SHORTLY_AFTER = re.compile(r"^\W*(?:shortly|soon|immediately)\s+(?:after|afterwards|thereafter)\b", re.IGNORECASE)
COORDINATED = re.compile(r"^\s*(?:and|or|,|,\s*and)\s*$")
CLAUSE_BREAK = re.compile(r";|,\s+(?:which|who|while|whereas|when|but|and|until|although|however)\b|\b(?:until|while|whereas)\b")
CROSS_CLAUSE = 1000  # the cost of a date told in another clause of the sentence


def _is_date(t: Timex) -> bool:
    """A calendar date: a DATE, or a TIME on a known day ("the morning of 5 May 1990")."""
    return t.type in ("DATE", "TIME") and bool(re.match(r"\d", t.value or ""))


def _day_value(t: Timex) -> str:
    """An event is dated to the day: a TIME's clock or part of day is left to its timex."""
    return t.value.split("T", 1)[0]


def _make(value: str, mod: str | None, timex: str | None, inherited: bool) -> EventDate:
    earliest, latest = interval(value, mod)
    return EventDate(value=value, mod=mod, earliest=earliest, latest=latest, timex=timex,
                     inherited=inherited)


@dataclass
class _State:
    value: str
    mod: str | None
    timex: str | None
    approx: bool


class Narrative:
    """Walks the sentences in order and knows the date the narrative has reached."""

    def __init__(self, doc: Document):
        self.text = doc.text
        self.timexes = sorted((t for t in doc.timexes if _is_date(t)), key=lambda t: t.start)
        self.section_starts = sorted(s.start for s in doc.article.sections)
        self.timex_starts = [t.start for t in self.timexes]
        self.state: _State | None = None
        self.section = -1
        self.sentence_timexes: list[Timex] = []
        self.shortly = False  # the sentence opens with "Shortly thereafter"

    def _section_of(self, pos: int) -> int:
        return bisect.bisect_right(self.section_starts, pos) - 1

    def reset_if_new_section(self, pos: int) -> None:
        sec = self._section_of(pos)
        if sec != self.section:
            self.section, self.state = sec, None

    def enter(self, s0: int, s1: int) -> None:
        """Start a sentence: what it inherits is the state before it; its own dates move the
        narrative for the sentences after it."""
        self.reset_if_new_section(s0)
        lo = bisect.bisect_left(self.timex_starts, s0)
        hi = bisect.bisect_left(self.timex_starts, s1)
        self.sentence_timexes = self.timexes[lo:hi]
        st = self.state
        shortly = bool(SHORTLY_AFTER.match(self.text[s0:s1]))
        self.shortly = shortly
        if st is None:
            self.inherit = None
        elif shortly:
            self.inherit = _State(st.value[:7], "APPROX", st.timex, True)
        elif st.approx:
            self.inherit = _State(st.value[:4], "APPROX", st.timex, True)
        else:
            self.inherit = st
        if self.sentence_timexes:
            last = self.sentence_timexes[-1]
            self.state = _State(_day_value(last), last.mod, last.id, False)
        elif shortly and self.inherit is not None:
            self.state = self.inherit

    def dates_for(self, ts: int, te: int, cs: int, ce: int, inherit: bool = True,
                  after: bool = False) -> list[EventDate]:
        """The date(s) of an event whose trigger spans ts..te in a clause cs..ce. `after`: a
        coordinated object ("... in 1952 and an agreement on culture in 1954") takes a date
        told after it if there is one."""
        best, best_cost = None, None
        candidates = self.sentence_timexes
        if after and any(t.start >= te for t in candidates):
            candidates = [t for t in candidates if t.start >= te]
        for t in candidates:
            gap = (self.text[t.end:ts] if t.end <= ts else self.text[te:t.start])
            cost = len(gap) + (CROSS_CLAUSE if CLAUSE_BREAK.search(gap) else 0)
            if best_cost is None or cost < best_cost:
                best, best_cost = t, cost
        if best is not None and best_cost >= CROSS_CLAUSE and self.shortly and inherit \
                and self.inherit is not None:
            # "Shortly thereafter Mexico opened an embassy, however it was closed in 1979": the
            # sentence dates its first clause from the narrative; 1979 belongs to the other one.
            best = None
        if best is not None:
            group = [best]
            i = self.sentence_timexes.index(best)
            for j in range(i + 1, len(self.sentence_timexes)):
                t = self.sentence_timexes[j]
                if COORDINATED.match(self.text[group[-1].end:t.start]):
                    group.append(t)
                else:
                    break
            for j in range(i - 1, -1, -1):
                t = self.sentence_timexes[j]
                if COORDINATED.match(self.text[t.end:group[0].start]):
                    group.insert(0, t)
                else:
                    break
            return [_make(_day_value(t), t.mod, t.id, False) for t in group]
        st = self.inherit
        if st is None or not inherit:
            return [EventDate()]
        return [_make(st.value, st.mod, st.timex, True)]
