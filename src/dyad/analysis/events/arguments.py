"""Source and target of an event from its clause, in active and passive voice.

Active: the source is the nearest actor before the trigger that is not the object of a
preposition ("In April 2022, during talks with Azerbaijan, Armenia signaled ..." -> Armenia),
with actors coordinated to it ("Ecuador and the U.S. agreed"); the target is the first actor
after the trigger. Passive ("was rejected by", "troops were sent to Yerevan"): the subject is
the target and the "by" phrase the source. A person brings along the polity it acts for.
"""

from __future__ import annotations

import bisect
import re

from ...model import Document

PREPOSITION = re.compile(
    r"\b(?:in|of|to|with|from|for|against|on|over|into|at|by|about|between|toward|towards|"
    r"within|under|than|among|across|through|after|before|during|since)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the leaders of X", "the government of X", "InvestHK, a department of X,": X acts.
ACTING_OF = re.compile(
    r"\b(?:leaders?|leadership|members|officials|government|head|president|representatives|"
    r"department|agency|ministry|office|branch|arm|body|organ|unit|subsidiary)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|be)\s+(?:(?:\w+ly|then|again|not|also|later|once)\s+)*$",
    re.IGNORECASE,
)
RELATIVE = re.compile(r"^\s*(?:who|which)\b", re.IGNORECASE)
COORD = re.compile(r"^\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?$")


class MentionIndex:
    """Outermost actor mentions of a document, as (start, end, [actor ids]) sorted by start."""

    def __init__(self, doc: Document):
        self.text = doc.text
        self.kind = {a.id: a.kind for a in doc.actors}
        self.affiliation = {a.id: a.affiliation for a in doc.actors}
        spans: dict[tuple[int, int], list[str]] = {}
        for a in doc.actors:
            for s, e in a.mentions:
                spans.setdefault((s, e), []).append(a.id)
        items = sorted(spans.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
        self.mentions: list[tuple[int, int, list[str]]] = []
        reach = -1
        for (s, e), ids in items:
            if e <= reach:  # inside a larger mention: the larger one is the argument
                continue
            self.mentions.append((s, e, ids))
            reach = max(reach, e)
        self.starts = [m[0] for m in self.mentions]

    def _expand(self, ids: list[str]) -> list[str]:
        out = []
        for i in ids:
            out.append(i)
            aff = self.affiliation.get(i)
            if self.kind.get(i) in ("person", "organization") and aff and aff not in out:
                out.append(aff)
        return list(dict.fromkeys(out))

    def within(self, s: int, e: int) -> list[str]:
        """Actors named inside s..e (a table cell), with the polities people act for."""
        lo = bisect.bisect_left(self.starts, s)
        ids = [i for m in self.mentions[lo:] if m[0] < e and m[1] <= e for i in m[2]]
        return self._expand(list(dict.fromkeys(ids)))

    def people(self, ids: list[str]) -> set[str]:
        return {i for i in ids if self.kind.get(i) == "person"}

    def has_agent(self, ids: list[str]) -> bool:
        return any(self.kind.get(i) in ("person", "polity", "organization") for i in ids)

    def arguments(self, cs: int, ts: int, te: int, ce: int) -> tuple[list[str], list[str], bool]:
        """(source ids, target ids, passive voice) of a trigger ts..te in a clause cs..ce."""
        text = self.text
        relative = bool(RELATIVE.match(text[cs:ts]) or re.search(r"\b(?:who|which)\s*$", text[max(0, cs - 8):cs]))
        if relative:
            # "..., who visited Israel": the subject is the relative pronoun's antecedent, the
            # last actor named before the comma (whatever preposition introduces it).
            stop = text.rfind(". ", max(0, cs - 120), cs)
            cs = stop + 2 if stop >= 0 else max(0, cs - 120)
        lo = bisect.bisect_left(self.starts, cs)
        hi = bisect.bisect_left(self.starts, ce)
        window = self.mentions[lo:hi]
        before = [m for m in window if m[1] <= ts]
        after = [m for m in window if te <= m[0] and m[1] <= ce]
        subject: list[tuple[int, int, list[str]]] = []
        for m in reversed(before):
            lead = text[max(cs, m[0] - 30):m[0]]
            if PREPOSITION.search(lead) and not ACTING_OF.search(lead) and not relative:
                continue
            subject = [m]
            # actors coordinated with the subject: "Ecuador and the U.S."
            i = before.index(m)
            while i > 0 and COORD.match(text[before[i - 1][1]:before[i][0]]) and not \
                    PREPOSITION.search(text[max(cs, before[i - 1][0] - 30):before[i - 1][0]]):
                i -= 1
                subject.insert(0, before[i])
            break
        passive = bool(subject) and bool(PASSIVE.search(text[subject[-1][1]:ts])) or \
            (not subject and bool(PASSIVE.search(text[cs:ts])))
        if passive:
            agent = []
            target_m = []
            for m in after:
                if re.search(r"\bby\s+(?:the\s+)?$", text[max(te, m[0] - 40):m[0]]):
                    agent = [m]
                    break
            src = [i for m in agent for i in m[2]]
            tgt = [i for m in subject for i in m[2]]
            if not tgt:
                target_m = [m for m in after if m not in agent][:1]
                tgt = [i for m in target_m for i in m[2]]
            return self._expand(src), self._expand(tgt), True
        src = [i for m in subject for i in m[2]]
        tgt = [i for m in after[:1] for i in m[2]]
        return self._expand(src), [t for t in self._expand(tgt) if t not in src], False
