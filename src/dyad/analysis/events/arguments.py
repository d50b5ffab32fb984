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

from dataclasses import dataclass, field

from ...model import Document

PREPOSITION = re.compile(
    r"\b(?:in|of|to|with|from|for|against|on|over|into|at|by|about|between|toward|towards|"
    r"within|under|than|among|across|through|after|before|during|since)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the leaders of X", "the government of X", "InvestHK, a department of X,": X acts.
ACTING_OF = re.compile(
    r"\b(?:leaders?|leadership|members|officials|government|head|president|representatives|citizens|nationals|"
    r"department|agency|ministry|office|branch|arm|body|organ|unit|subsidiary)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|be)\s+(?:(?:\w+ly|then|again|not|also|later|once)\s+)*$",
    re.IGNORECASE,
)
# "after Ecuador expelled", "since Armenia recognised": a conjunction, not a preposition, when
# only auxiliaries and adverbs stand between the actor and the trigger.
CONJUNCTION = re.compile(r"\b(?:after|before|since|until|as|when|once)\s+(?:the\s+)?$", re.IGNORECASE)
VERB_GAP = re.compile(r"\s*(?:(?:had|has|have|was|were|is|are|been|then|later|again|also|finally|\w+ly)\s+)*",
                      re.IGNORECASE)
# "Mendes Ribeiro visited Tirana and a bilateral agreement was signed": a new subject.
NEW_SUBJECT = re.compile(r"\b(?:and|but|while|however,?)\s+(?:a|an|the|this|these|its|their)\s", re.IGNORECASE)
NEXT_VERB = re.compile(r"\b(?:and|but)\s+(?:was|were|is|are|has|had|have)\b", re.IGNORECASE)
POSSESSIVE = re.compile(r"^(?:'|’)s?\b")
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

    def mentions_in(self, s: int, e: int) -> list[tuple[int, int, list[str]]]:
        """The mentions that lie inside s..e, in text order."""
        lo, hi = bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)
        return [m for m in self.mentions[lo:hi] if m[1] <= e]

    def people(self, ids: list[str]) -> set[str]:
        return {i for i in ids if self.kind.get(i) == "person"}

    def has_agent(self, ids: list[str]) -> bool:
        return any(self.kind.get(i) in ("person", "polity", "organization") for i in ids)

    def arguments(self, cs: int, ts: int, te: int, ce: int, participle: bool = True) -> "Args":
        """Source and target of a trigger ts..te in a clause cs..ce. `participle`: the trigger
        can be a passive participle (not "was President of")."""
        text = self.text
        relative = bool(RELATIVE.match(text[cs:ts]) or re.search(r"\b(?:who|which)\s*$", text[max(0, cs - 8):cs]))
        which = relative and bool(re.search(r"\bwhich\s*$", text[max(0, cs - 8):cs]) or
                                  re.match(r"\s*which\b", text[cs:ts], re.IGNORECASE))
        clause_start = cs
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
        subject = self._subject(before, cs, ts, relative)
        passive_aux = (PASSIVE.search(text[subject[-1][1]:ts]) if subject
                       else PASSIVE.search(text[clause_start:ts]))
        passive = participle and bool(passive_aux)
        if passive and subject and NEW_SUBJECT.search(text[subject[-1][1]:ts]):
            subject = []  # the passive's subject is a noun phrase after the actor, not the actor
        if passive:
            agent = []
            for m in after:
                # "was dissolved in 1991 and was succeeded by Russia": another verb's agent
                if NEXT_VERB.search(text[te:m[0]]):
                    break
                if re.search(r"\bby\s+(?:the\s+)?$", text[max(te, m[0] - 40):m[0]]):
                    agent = [m]
                    break
            how = "by"
            if not agent and after and re.fullmatch(r"\s+(?:as\s+)?", text[te:after[0][0]]) \
                    and POSSESSIVE.match(text[after[0][1]:after[0][1] + 2]):
                # "was appointed Israel's Honorary Consul": the possessor acts.
                agent, how = after[:1], "possessive"
            src = [i for m in agent for i in m[2]]
            tgt = [i for m in subject for i in m[2]]
            if not tgt:
                rest = [m for m in after if m not in agent]
                tgt = [i for m in rest[:1] for i in m[2]]
            return Args(self._expand(src), self._expand(tgt), True, agentless=not agent,
                        subject_ids=[i for m in subject for i in m[2]], which=which,
                        how=[f"args.passive.{how}"] if agent and how != "by" else [])
        src = self._expand([i for m in subject for i in m[2]])
        # the target: the first actor after the trigger that is not the source itself
        tgt: list[str] = []
        for m in after:
            ids = [t for t in self._expand(m[2]) if t not in src]
            if ids:
                tgt = ids
                break
        return Args(src, tgt, False, subject_ids=[i for m in subject for i in m[2]], which=which,
                    subject_start=subject[0][0] if subject else None)

    def _subject(self, before: list[tuple[int, int, list[str]]], cs: int, ts: int,
                 relative: bool) -> list[tuple[int, int, list[str]]]:
        """The nearest actor before the trigger that is not the object of a preposition or in
        a parenthesis, with the actors coordinated to it ("Ecuador and the U.S.")."""
        text = self.text

        def governed(m) -> bool:
            lead = text[max(cs, m[0] - 30):m[0]]
            if not PREPOSITION.search(lead) or ACTING_OF.search(lead) or relative:
                return False
            # "after Ecuador expelled": a conjunction introducing the subject
            return not (CONJUNCTION.search(lead) and VERB_GAP.fullmatch(text[m[1]:ts]))

        for i in range(len(before) - 1, -1, -1):
            m = before[i]
            if _closes_parenthesis(text[m[1]:ts]) or governed(m):
                continue
            subject = [m]
            j, second_of_object = i, False
            while j > 0 and COORD.match(text[before[j - 1][1]:before[j][0]]):
                if governed(before[j - 1]):
                    # "between Ecuador and the United States": both are the preposition's
                    second_of_object = "and" in text[before[j - 1][1]:before[j][0]] or \
                        "&" in text[before[j - 1][1]:before[j][0]]
                    break
                j -= 1
                subject.insert(0, before[j])
            if second_of_object:
                continue
            return subject
        return []


def _closes_parenthesis(gap: str) -> bool:
    """True when `gap` closes a parenthesis it did not open: the actor before it is inside one."""
    depth = 0
    for ch in gap:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return True
            depth -= 1
    return False


@dataclass
class Args:
    """What the clause says about an event's sides."""

    source: list[str]
    target: list[str]
    passive: bool
    agentless: bool = False  # a passive without a "by" phrase (or possessor) naming the actor
    subject_ids: list[str] = field(default_factory=list)  # the grammatical subject's actors
    which: bool = False  # the clause is a relative clause on "which"
    subject_start: int | None = None  # where the (active) subject's first actor begins
    how: list[str] = field(default_factory=list)  # provenance notes (rule ids "args.*")
