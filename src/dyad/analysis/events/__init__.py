"""Stage 'events' (see pipeline.py): reads sentences, timexes and actors; writes `doc.events`.

For each prose sentence: find triggers (`rules/en/events/triggers.toml`, longest match wins),
drop the mentions that are not events of their own (background nouns, participial adjuncts,
reported content: `context.toml`), flag the rest negated / hypothetical / future, take source
and target from the clause (active and passive voice, `arguments.py`), and the date from the
clause's timex or from the narrative (`dates.py`). A second mention of one event gets
`same_as` the first. Every event names the rule that produced it (`events.<rule id>`).
"""

from __future__ import annotations

import bisect
import re

from ...model import Document, Event, Trigger
from .. import regions
from ..actors import non_prose
from . import arguments, dates, lexicon, roles, tables

__all__ = ["run", "lexicon", "find_triggers"]

# Clause boundaries inside a sentence: sources, targets and dates are taken within a clause.
CLAUSE = re.compile(
    r";|:\s|,\s+(?:which|who|whom|while|whereas|when|but|and|until|although|though|as|however)\b|\s(?=which\b)"
    r"|\b(?:until|while|whereas|although)\b"
)


PERFECT = re.compile(r"\b(?:had|has|have)\s+(?:(?:\w+ly|not|already|also|since|long)\s+)*(?:been\s+)?$",
                     re.IGNORECASE)
# "signed agreements such as A (1995); B (2005) and C": a list of examples, not objects
SUCH_AS = re.compile(r"\bsuch\s+as\b", re.IGNORECASE)


def units(doc: Document) -> list[tuple[int, int]]:
    """The sentences of the document; lines when the sentence stage has not run."""
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    out, pos = [], 0
    for line in doc.text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _resolve(found: list[tuple[int, int, int, int, int, int, lexicon.TriggerRule]], offset: int,
             length: int) -> list[tuple[int, int, lexicon.TriggerRule]]:
    """Overlaps resolved: longest match first, then the earlier rule of the lexicon."""
    found.sort(key=lambda f: (-f[0], f[1]))
    taken = bytearray(length)
    out = []
    for _, _, ms, me, ts, te, rule in found:
        ms, me = ms - offset, me - offset
        if taken.find(1, ms, me) >= 0:
            continue
        taken[ms:me] = b"\x01" * (me - ms)
        out.append((ts - offset, te - offset, rule))
    out.sort(key=lambda t: t[0])
    return out


def _matches(text: str, start: int = 0, end: int | None = None):
    """Every rule's matches in text[start:end], as sortable tuples. Word-list rules come from
    one combined scan; the others scan the text one by one."""
    end = len(text) if end is None else end
    lex = lexicon.load()
    for m in lex.words_re.finditer(text, start, end):
        rule, order = lex.words[" ".join(m.group().lower().split())]
        yield (m.end() - m.start(), order, m.start(), m.end(), m.start(), m.end(), rule)
    # Lines that hold a keyword of a rule, by rule (one scan for all rules).
    lines: dict[int, list[tuple[int, int]]] = {}
    if lex.keywords_re is not None:
        for k in lex.keywords_re.finditer(text, start, end):
            ls = max(start, text.rfind("\n", start, k.start()) + 1)
            le = text.find("\n", k.end(), end)
            le = end if le < 0 else le
            for i in lex.keyword_rules[k.group().lower()]:
                spans = lines.setdefault(i, [])
                if not spans or spans[-1][1] < ls:
                    spans.append((ls, le))
    for i, (order, rule) in enumerate(lex.complex):
        groups = [g for g in ("t", "t2") if g in rule.regex.groupindex]
        if rule.keywords is None:
            found = rule.regex.finditer(text, start, end)
        else:
            found = (m for ls, le in lines.get(i, ()) for m in rule.regex.finditer(text, ls, le))
        for m in found:
            g = next((g for g in groups if m.group(g)), None)
            ts, te = m.span(g) if g else m.span()
            yield (m.end() - m.start(), order, m.start(), m.end(), ts, te, rule)


def find_triggers(sentence: str) -> list[tuple[int, int, lexicon.TriggerRule]]:
    """(start, end, rule) of the triggers of one sentence, overlaps resolved: longest first,
    then the earlier rule of the lexicon."""
    return _resolve(list(_matches(sentence)), 0, len(sentence))


def _triggers_by_sentence(text: str, sentences: list[tuple[int, int]]) -> dict[int, list]:
    """find_triggers for every sentence at once: each rule scans the whole text one time (far
    faster than every rule on every sentence), then matches are sorted into sentences."""
    starts = [s for s, _ in sentences]
    buckets: dict[int, list] = {}
    for f in _matches(text):
        i = bisect.bisect_right(starts, f[2]) - 1
        if i >= 0 and f[3] <= sentences[i][1]:
            buckets.setdefault(i, []).append(f)
    return {i: _resolve(fs, sentences[i][0], sentences[i][1] - sentences[i][0]) for i, fs in buckets.items()}


class _SpanSet:
    """Membership of a position in a set of spans, by bisection over merged spans."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.spans = merged

    def contains(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]


def _clause_start(sentence: str, pos: int) -> int:
    start = 0
    for m in CLAUSE.finditer(sentence, 0, pos):
        start = m.end()
    return start


def _clause_end(sentence: str, pos: int) -> int:
    m = CLAUSE.search(sentence, pos)
    return m.start() if m else len(sentence)


def _context(sentence: str, ts: int, te: int, rule: lexicon.TriggerRule) -> tuple[dict[str, bool], list[str], bool]:
    """PLOVER context flags of a trigger, the cue ids that fired, and whether to skip it."""
    lex = lexicon.load()
    cs = _clause_start(sentence, ts)
    before_clause = sentence[cs:ts]
    before_sentence = sentence[:ts]
    flags = {"negated": False, "hypothetical": False, "future": False}
    fired: list[str] = []
    for cue in lex.cues:
        if cue.flag == "skip":
            if not rule.speech and cue.regex.search(before_sentence):
                return flags, [cue.id], True
            continue
        if cue.flag == "skip-nominal":
            if rule.nominal and cue.regex.search(before_clause):
                return flags, [cue.id], True
            continue
        if cue.flag == "skip-ing":
            if sentence[ts:te].endswith("ing") and cue.regex.search(sentence[:ts]):
                return flags, [cue.id], True
            continue
        if cue.regex.search(before_clause):
            if cue.flag == "negated" and re.match(r"\s+until\b", sentence[te:]):
                continue  # "was not announced until 2018": it happened, in 2018
            flags[cue.flag] = True
            fired.append(cue.id)
    return flags, fired, False


def _speech_type(sentence: str, te: int, rule: lexicon.TriggerRule) -> tuple[str, str | None, str | None, bool]:
    """A speech act takes its type from its complement: "stated that ... would not change" is
    a REJECT (context.toml's speech rules); "announced that it will inaugurate flights" is the
    announced act, flagged future (PLOVER codes a statement of intent as the act intended).
    Returns (type, plover, rule id, future)."""
    complement = sentence[te:]
    for sp in lexicon.load().speech:
        if sp.regex.search(complement):
            return sp.type, sp.plover, sp.id, False
    intent = FUTURE_COMPLEMENT.match(complement)
    if intent:
        for ts, _, inner in find_triggers(complement):
            if ts >= intent.end() - 1 and ts - intent.end() < 20 and not inner.speech:
                return inner.type, inner.plover, f"speech.intent;events.{inner.id}", True
    return rule.type, rule.plover, None, False


# "announced that it will ...", "has stated it will ...": a statement of intent.
FUTURE_COMPLEMENT = re.compile(r"\s+(?:that\s+)?(?:it|they|he|she|we|the\s+\w+)\s+(?:will|would|is\s+to|plans?\s+to)\s+",
                               re.IGNORECASE)


def _city_target(after: str, source: list[str]) -> list[str]:
    """ "Troops were sent to Yerevan": a city right after the trigger stands for its state."""
    from ..actors import gazetteer

    g = gazetteer.load()
    # "visited Tirana", "opened its resident diplomatic mission in Tirana", "flights from Hong
    # Kong to Tel Aviv": the first known city the clause names right after the trigger or
    # after one of its prepositions
    starts = [m.end() for m in re.finditer(r"^\s+|\b(?:to|into|in)\s+(?:the\s+)?", after[:120])]
    for at in starts:
        c = g.city_re.match(after, at)
        if c:
            polity = g.cities[c.group()].polity
            return [] if polity in source else [polity]
    return []


def _human_subject(before: str) -> bool:
    """An acting person named only by a role ("a speaker compared", "the spokesman replied")."""
    from ..actors import rules as actor_rules

    return bool(re.search(rf"\b(?:a|an|the)\s+(?:\w+\s+)?(?:{actor_rules.load().title_re.pattern})\s*$",
                          before, re.IGNORECASE))


def run(doc: Document) -> None:
    text = doc.text
    skip_spans = non_prose(doc)
    index = arguments.MentionIndex(doc)
    narrative = dates.Narrative(doc)
    # Heading lines ("==== First Nagorno-Karabakh War ====") are structure, not prose.
    heading_lines = []
    for sec in doc.article.sections:
        nl = text.find("\n", sec.start)
        heading_lines.append((sec.start, len(text) if nl < 0 else nl))
    events: list[Event] = []
    scopes = regions.scopes(doc)  # the dyad the text is about, per position
    affiliation = {a.id: a.affiliation for a in doc.actors if a.affiliation}
    context = roles.Context(index, scopes.pair, events)
    excluded = _SpanSet(skip_spans + heading_lines)
    sentences = units(doc)
    triggers = _triggers_by_sentence(text, sentences)
    for si, (s0, s1) in enumerate(sentences):
        if excluded.contains(s0):
            narrative.reset_if_new_section(s0)
            continue
        sentence = text[s0:s1]
        row = tables.row_at(text, s0)
        if row is not None:
            events.extend(_table_event(doc, index, row, si, len(events)))
            continue
        if sentence.lstrip().startswith(("=", "|", "+-")):
            continue
        narrative.enter(s0, s1)
        if scopes.pair is None:
            context.pair = scopes.pair_at(s0)
        previous_type, prev_end = None, 0
        for ts, te, rule in triggers.get(si, ()):
            if excluded.contains(s0 + ts):
                continue
            flags, cues, skip = _context(sentence, ts, te, rule)
            if skip:
                continue
            typ, plover, refined, intended = (_speech_type(sentence, te, rule) if rule.speech
                                              else (rule.type, rule.plover, None, False))
            if intended:
                flags["future"] = True
            cs, ce = _clause_start(sentence, ts), _clause_end(sentence, te)
            args = index.arguments(s0 + cs, s0 + ts, s0 + te, s0 + ce,
                                   participle=roles.participle(sentence[ts:te]))
            source, target, passive = args.source, args.target, args.passive
            agent_of = roles.nominal_agent(index, rule, s0 + te, s0 + ce)
            if agent_of:  # "a mass gathering of police officers", "the visit to Paris of X"
                source, target = agent_of, [t for t in target if t not in agent_of]
                args.how.append("args.of-agent")
            if not target:
                target = _city_target(sentence[te:ce], source)
            # Words too often used of things need an acting actor; a passive leaves its agent
            # implicit ("this development was not announced until 2018").
            if rule.agent and not passive and not index.has_agent(source) \
                    and not _human_subject(sentence[cs:ts]):
                continue
            # "protesting and staging strikes": one event told with two coordinated words.
            if previous_type == (typ, ) and re.fullmatch(r"\s+and\s+(?:\w+\s+){0,2}", sentence[prev_end:ts]):
                continue
            previous_type, prev_end = (typ, ), te
            source, target, arg_rules = roles.refine(context, rule, typ, args, source, target, si,
                                                     s0 + cs, s0 + ts, s0 + te, s0 + ce)
            if scopes.pair is None and context.pair is not None:
                source, target, note = roles.region_sides(context.pair, typ, source, target,
                                                          affiliation)
                if note:
                    arg_rules.append(note)
            # A perfect ("had been offered", "have declared") is not told at the narrative's
            # time: such an event takes a date only from its own clause.
            perfect = bool(PERFECT.search(sentence[cs:ts]))
            rule_ids = [f"events.{rule.id}", *([refined] if refined else []), *cues, *arg_rules]
            # "... was signed ... and also a visa abolition agreement": one more event per
            # coordinated object, with the same sides and date
            triggers_here = [(ts, te, cs, ce, rule_ids, False)]
            more = roles.load().coordinated.get(typ)
            if more is not None and not SUCH_AS.search(sentence, te):
                for m in more.finditer(sentence, te):
                    if any(t[2].type == typ for t in triggers.get(si, ()) if t[0] >= m.end("t")):
                        break  # "... and an agreement on culture was signed in 2005": its own event
                    # its date is one told after it ("... in 1952 and an agreement ... in
                    # 1954"), else the trigger's
                    triggers_here.append((m.start("t"), m.end("t"), cs, len(sentence),
                                          [*rule_ids, "events.coordinated-object"], True))
            for t0, t1, c0, c1, ids, after in triggers_here:
                for date in narrative.dates_for(s0 + t0, s0 + t1, s0 + c0, s0 + c1, inherit=not perfect,
                                                after=after):
                    events.append(Event(
                        id=f"e{len(events) + 1}",
                        trigger=Trigger(s0 + t0, s0 + t1, sentence[t0:t1]),
                        sentence=si, type=typ, plover=plover, date=date,
                        source=source, target=target,
                        negated=flags["negated"], hypothetical=flags["hypothetical"],
                        future=flags["future"], rule=";".join(ids),
                    ))
    if scopes.regions:
        events.extend(_region_events(doc, scopes, events))
    _same_as(events, index)
    doc.events = events


# What a dated cell of a country table's row says happened: its column's role
# (rules/en/relations/overview.toml) -> (type, plover, whether the partner acts on the subject)
_CELL_EVENTS = {
    "began": ("ESTABLISH_RELATIONS", None, False),
    "ended": ("SEVER_RELATIONS", None, False),
    "recognized": ("RECOGNIZE", None, True),
}


def _region_events(doc: Document, scopes, events: list[Event]) -> list[Event]:
    """Events told by the dated cells of a country table's rows ("Algeria | 30 December 1992
    | ...": relations began): one per cell, triggered by the cell's date, unless the row's own
    text already tells an event of that type on a date that agrees with the cell's."""
    by_id = {t.id: t for t in doc.timexes}
    starts = [s.start for s in doc.sentences]
    by_start = sorted(events, key=lambda e: e.trigger.start)
    at = [e.trigger.start for e in by_start]
    out: list[Event] = []
    n = len(events)
    for region in scopes.regions:
        if region.kind != "row":
            continue
        pair = scopes.pair_at(region.start)
        if pair is None:
            continue
        subject, partner = pair
        for cell in region.dates:
            timex = by_id.get(cell.timex)
            if timex is None:
                continue
            typ, plover, directed = _CELL_EVENTS[cell.role]
            date = dates._make(timex.value, timex.mod, timex.id, False)
            lo, hi = bisect.bisect_left(at, region.start), bisect.bisect_left(at, region.end)
            if any(e.type == typ and not e.negated and _agree(e.date, date) for e in by_start[lo:hi]):
                continue  # the row's own text tells it
            si = max(0, bisect.bisect_right(starts, timex.start) - 1)
            source, target = ([partner], [subject]) if directed else ([subject, partner], [])
            n += 1
            out.append(Event(
                id=f"e{n}", trigger=Trigger(timex.start, timex.end, timex.text), sentence=si,
                type=typ, plover=plover, date=date, source=source, target=target,
                rule=f"events.table.{cell.role};{cell.rule};{region.rule}"))
    return out


def _agree(a, b) -> bool:
    """Two event dates that can name the same day (their intervals overlap)."""
    if not (a.earliest and a.latest and b.earliest and b.latest):
        return a.value == b.value
    return a.earliest <= b.latest and b.earliest <= a.latest


def _table_event(doc: Document, index: arguments.MentionIndex, row: tables.Row, si: int,
                 n: int) -> list[Event]:
    """A row of an event table ("High level visits"): one event, triggered by the guest cell."""
    s, e = row.source
    if s >= e:
        return []
    source = index.within(s, e)
    target = index.within(*row.target) if row.target else []
    timex = tables.date_timex(doc.timexes, row.date)
    date = dates._make(timex.value, timex.mod, timex.id, False) if timex else dates.EventDate()
    return [Event(id=f"e{n + 1}", trigger=Trigger(s, e, doc.text[s:e]), sentence=si,
                  type=row.rule.type, plover=row.rule.plover, date=date, source=source,
                  target=[t for t in target if t not in source], rule=f"events.table.{row.rule.id}")]


def _same_as(events: list[Event], index: arguments.MentionIndex) -> None:
    """A later mention of an event already told: same type, same day (a full date), and the
    same acting people (or, without people, the same acting polities or organisations).
    A speech act that continues the previous sentence's, by the same speaker on the same
    date ("Gorbachev stated ... Gorbachev said ..."), is the same statement."""
    # Earlier events by (type, date value): a long page tells thousands, most of other days.
    told: dict[tuple[str, str | None], list[Event]] = {}
    for i, e in enumerate(events):
        prev = events[i - 1] if i else None
        earlier = told.setdefault((e.type, e.date.value), [])  # events[:i] of this type and day
        if (prev is not None and e.rule and prev.rule and e.rule.startswith("events.statement")
                and prev.rule.startswith("events.statement") and e.sentence == prev.sentence + 1
                and e.date.inherited and e.date.value == prev.date.value
                and index.people(e.source) & index.people(prev.source)):
            e.same_as = prev.same_as or prev.id
            earlier.append(e)
            continue
        v = e.date.value or ""
        if len(v) != 10 or e.negated or e.hypothetical:
            earlier.append(e)
            continue
        for f in earlier:
            if f.same_as or f.sentence == e.sentence:
                continue
            pe, pf = index.people(e.source), index.people(f.source)
            shared = (pe & pf) if (pe and pf) else (set(e.source) & set(f.source))
            # "X visited Y" and "X was received by Y": the same meeting told from each side.
            shared = shared or (index.people(e.target) & pf) or (index.people(f.target) & pe)
            if shared or (not e.source and not f.source):
                e.same_as = f.id
                break
        earlier.append(e)
