"""The tagging pass: one scan of the text with the combined rule pattern, then anchoring.

Steps (each a small pure function):
1. `scan`: every match of the combined pattern becomes zero or more candidate timexes (a
   negative rule's match becomes none: its span is simply consumed, so "Article 78" or "F-16"
   cannot yield a year). Matches inside excluded spans (citation markers, table borders) and
   news-only rules without a DCT are dropped.
2. `anchor`: in text order, year-less and relative values are resolved against the DCT or the
   narrative's reference time, which every resolved date that names a year moves forward.
3. intervals: DATE timexes get `earliest`/`latest` from their value and mod.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...model import Section, Sentence, Timex
from .anchoring import Ref, coarser, needs, needs_tense, resolve, tense
from .holidays import looks_movable, movable_day
from .intervals import interval
from .normalise import canonical, fill
from .rules import RuleSet, default_rules
from .scanner import RuleMatch

_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"“(])|\n\s*\n")


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    value: str
    mod: str | None
    rule: str
    anchor_kind: str | None
    comparison: bool = False
    fallback: str | None = None


def scan(text: str, rules: RuleSet, news: bool,
         excluded: list[tuple[int, int]] | None = None) -> list[Candidate]:
    out: list[Candidate] = []
    ex = sorted(excluded or [])
    ex_starts = [a for a, _ in ex]
    maps = rules.maps
    for i, m in _matches(text, rules):
        rule = rules.rules[i]
        if rule.negative or (rule.news_only and not news):
            continue
        groups = m.groupdict()
        for e in rule.emits:
            if e.mode is not None and (e.mode == "news") != news:
                continue
            if e.group is not None:
                if groups.get(e.group) is None:
                    continue
                s, t = m.span(e.group)
            else:
                s, t = m.span()
            if ex and _inside_excluded(s, t, ex, ex_starts):
                continue
            template = e.encyclopedia if (e.encyclopedia and not news) else e.value
            value = canonical(fill(template, groups, maps))
            mod = fill(e.mod, groups, maps) if e.mod else None
            if mod in ("", "X"):
                mod = None
            fallback = canonical(fill(e.fallback, groups, maps)) if e.fallback and news else None
            out.append(Candidate(s, t, e.type, value, mod, rule.id, e.anchor, rule.comparison,
                                 fallback))
    out.sort(key=lambda c: (c.start, -c.end))
    return out


CHUNK = 64 * 1024  # scan long texts block by block: memory stays flat in document size


def _blocks(text: str):
    """(offset, block): the text cut after a blank line (else a line break) near every CHUNK
    characters. No temporal expression spans a blank line, so no match is cut."""
    n, pos = len(text), 0
    while pos < n:
        end = pos + CHUNK
        if end >= n:
            yield pos, text[pos:] if pos else text
            return
        cut = text.rfind("\n\n", pos + CHUNK // 2, end)
        if cut < 0:
            cut = text.find("\n\n", end, end + CHUNK)
        if cut < 0:
            cut = text.rfind("\n", pos + CHUNK // 2, end)
        if cut < 0:
            cut = end  # no line break at all: cut at a space
            sp = text.rfind(" ", pos + CHUNK // 2, end)
            cut = sp if sp > 0 else end
        yield pos, text[pos:cut + 1]
        pos = cut + 1


def _matches(text: str, rules: RuleSet):
    """(rule index, match) pairs: by the fast scanner when there is one, else by the combined
    pattern (the reference behaviour the scanner must reproduce)."""
    if rules.scanner is not None:
        for offset, block in _blocks(text):
            for i, m in rules.scanner.finditer(block):
                yield i, (m if offset == 0 else _Shifted(m, offset))
        return
    for m in rules.regex.finditer(text):
        i = int(m.lastgroup[1:])
        yield i, RuleMatch(m, i)


class _Shifted:
    """A match in a block, with spans in the whole text's offsets."""

    __slots__ = ("m", "offset")

    def __init__(self, m, offset: int):
        self.m, self.offset = m, offset

    def groupdict(self):
        return self.m.groupdict()

    def span(self, group=None):
        a, b = self.m.span(group)
        return a + self.offset, b + self.offset


def _inside_excluded(s: int, t: int, ex: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, s) - 1
    for j in (i, i + 1):
        if 0 <= j < len(ex) and ex[j][0] < t and s < ex[j][1]:
            return True
    return False


def _sentence_around(text: str, start: int, end: int, bounds, starts) -> tuple[int, int]:
    """The sentence holding [start, end): from the pipeline's sentences when given, else the
    nearest sentence ends found around it (a local search: no pass over the whole text)."""
    if bounds:
        k = max(bisect.bisect_right(starts, start) - 1, 0)
        return bounds[k]
    lo = max(0, start - 300)
    s0 = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s0 = m.end()
    m = _SENTENCE_END.search(text, end, end + 300)
    return s0, (m.start() + 1 if m else min(len(text), end + 300))


def _recent(text: str, at: int, start: int, bounds, starts) -> bool:
    """Whether a timex at `at` is in the sentence holding `start` or the one before it."""
    if at < 0:
        return False
    s0, _ = _sentence_around(text, start, start + 1, bounds, starts)
    if at >= s0:
        return True
    p0, _ = _sentence_around(text, max(s0 - 2, 0), max(s0 - 1, 1), bounds, starts)
    return at >= p0


def tag_text(text: str, dct: str | None = None, *, sentences: list[Sentence] | None = None,
             sections: list[Section] | None = None,
             excluded: list[tuple[int, int]] | None = None,
             rules: RuleSet | None = None) -> list[Timex]:
    rules = rules or default_rules()
    news = dct is not None
    cands = scan(text, rules, news, excluded)
    dct_ref = Ref.parse(dct, "dct") if dct else None
    narrative: Ref | None = None  # the reference time the narrative has reached
    narrative_at = -1  # where the timex that set it starts
    bounds = [(x.start, x.end) for x in sentences] if sentences else None
    starts = [b[0] for b in bounds] if bounds else None
    out: list[Timex] = []
    for i, c in enumerate(cands, 1):
        tid = f"t{i}"
        value, anchor_id = c.value, None
        # A SET's open year ("every July" = XXXX-07) is its meaning, not a gap to fill.
        if c.type != "SET" and (c.value.startswith("@") or c.value.startswith("XXXX")):
            # Anaphoric expressions and, without a DCT, everything take the narrative's
            # reference time; deictic ones in news take the DCT.
            if c.anchor_kind == "ref" or not news:
                ref = narrative or dct_ref
                # In news, a narrative reference too coarse for the expression ("the next day"
                # after "in 1989") gives way to the DCT, which is known to the day.
                if news and ref is narrative and ref is not None and coarser(ref, needs(c.value)):
                    ref = dct_ref
                if c.fallback and (ref is not narrative or ref.granularity != needs(c.value)):
                    value, ref = c.fallback, dct_ref
            else:
                ref = dct_ref
            if (c.comparison and news and narrative is not None and narrative.granularity == "Q"
                    and needs(c.value) == "Y"
                    and _recent(text, narrative_at, c.start, bounds, starts)):
                # Business news compares quarters: "profit rose in the third quarter from a
                # year ago" means that quarter of last year (TimeBank: 1988-Q3, not 1988).
                ref = narrative
            future = None
            if news and needs_tense(value, ref is dct_ref):
                # Tense cues: the clause before the expression and a few words after it.
                s0, s1 = _sentence_around(text, c.start, c.end, bounds, starts)
                s0, s1 = max(s0, c.start - 60), min(s1, c.end + 25)
                future = tense(text[s0:c.start], text[c.end:s1], rules.tense_cues)
            resolved = resolve(value, ref, future=future, news=news and ref is dct_ref)
            if resolved is not None:
                value = resolved
                anchor_id = ref.source if ref else None
        if looks_movable(value):
            value = movable_day(value)
        t = Timex(id=tid, start=c.start, end=c.end, text=text[c.start:c.end], type=c.type,
                  value=value, mod=c.mod, rule=c.rule, anchor=anchor_id)
        if t.type in ("DATE", "TIME"):
            # A TIME on a known day ("1200 UTC on May 20") dates the narrative as a DATE does.
            t.earliest, t.latest = interval(t.value, t.mod)
            r = Ref.parse(value, tid)
            # A comparison in news ("a year earlier") points back from the period reported on;
            # letting it move the reference would make the next "a year earlier" two years back.
            # A deictic TIME ("yesterday morning", "Monday night") is mostly quoted speech in a
            # narrative: it takes its day from the narrative but does not move it.
            deictic_time = t.type == "TIME" and c.anchor_kind == "dct"
            if r is not None and not (news and c.comparison) and not deictic_time:
                narrative, narrative_at = r, c.start
        out.append(t)
    return out
