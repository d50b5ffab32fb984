"""Sides of an event beyond the words of its clause (`rules/en/events/arguments.toml`).

`arguments.py` reads source and target off the clause. This step corrects them by event type
and context, and says which correction it applied (rule ids `args.*`, kept in `Event.rule`):

- a nominal trigger's "of X" names the actor ("a mass gathering of police officers"):
  `nominal_agent`, which the stage asks before it requires an acting actor;
- an agentless passive whose subject names an earlier event ("This was then revoked",
  "..., which was rejected", "The prohibition was lifted") takes that event's sides, swapped
  when it answers it (a REJECT of a REQUEST);
- self-acting types: in an agentless passive the subject acts ("Artsakh was dissolved");
- missions: the target is the host named after in/to ("opened its mission in Tirana");
- mutual types: "between A and B" are both sources; with nobody named, the dyad's parties;
- directed interstate types: a missing side is the dyad's other party when the clause names
  one party and leaves no unresolved pronoun ("accused them", "they appealed") in its place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...errors import RuleError
from ...model import Event
from . import lexicon
from .arguments import COORD, Args, MentionIndex


@dataclass(frozen=True)
class Roles:
    participles: frozenset[str]
    symmetric: frozenset[str]
    self_acting: frozenset[str]
    host: frozenset[str]
    dyadic: frozenset[str]
    elected: frozenset[str]
    responses: dict[str, frozenset[str]]
    anaphor: re.Pattern[str]
    pronoun: re.Pattern[str]
    subject_pronoun: re.Pattern[str]
    of_agent: frozenset[str]
    examples: tuple[dict, ...]
    coordinated: dict[str, re.Pattern[str]]  # type -> more objects of one trigger


@lru_cache(maxsize=1)
def load() -> Roles:
    data = lexicon._load("arguments.toml")
    known = set(lexicon.DOMAIN_TYPES) | set(lexicon.PLOVER_TYPES)
    types = data.get("types", {})
    for key in ("symmetric", "self", "host", "dyadic", "elected"):
        for t in types.get(key, ()):
            if t not in known:
                raise RuleError("rules/en/events/arguments.toml", f"[types] {key}: unknown type {t!r}")
    responses = {}
    for t, answered in types.get("responses", {}).items():
        for x in [t, *answered]:
            if x not in known:
                raise RuleError("rules/en/events/arguments.toml", f"[types.responses]: unknown type {x!r}")
        responses[t] = frozenset(answered)
    rule_ids = {r.id for r in lexicon.load().triggers}
    of_agent = data.get("nominal", {}).get("of_agent", ())
    for rid in of_agent:
        if rid not in rule_ids:
            raise RuleError("rules/en/events/arguments.toml", f"[nominal] of_agent: unknown trigger rule {rid!r}")
    coordinated = {}
    for t, pattern in data.get("coordination", {}).get("objects", {}).items():
        if t not in known:
            raise RuleError("rules/en/events/arguments.toml", f"[coordination] objects: unknown type {t!r}")
        coordinated[t] = lexicon._compile("arguments.toml", f"coordination.objects.{t}", pattern)
    ana = data.get("anaphora", {})
    return Roles(
        participles=frozenset(w.lower() for w in data.get("voice", {}).get("participles", ())),
        symmetric=frozenset(types.get("symmetric", ())), self_acting=frozenset(types.get("self", ())),
        host=frozenset(types.get("host", ())), dyadic=frozenset(types.get("dyadic", ())),
        elected=frozenset(types.get("elected", ())),
        responses=responses,
        anaphor=lexicon._compile("arguments.toml", "anaphora.pattern", ana.get("pattern", r"(?!)")),
        pronoun=lexicon._compile("arguments.toml", "anaphora.pronouns", ana.get("pronouns", r"(?!)")),
        subject_pronoun=lexicon._compile("arguments.toml", "anaphora.subject_pronouns",
                                         ana.get("subject_pronouns", r"(?!)")),
        of_agent=frozenset(of_agent), examples=tuple(data.get("example", ())),
        coordinated=coordinated,
    )


def participle(trigger: str) -> bool:
    """Whether a trigger can be a passive participle: its first word ends in -ed or is an
    irregular participle ("sent", "overthrown"); "was President of" is no passive."""
    word = trigger.split()[0].lower() if trigger.split() else ""
    return word.endswith("ed") or word in load().participles


@dataclass
class Context:
    """What the step reads besides the clause: the text, the mentions, the dyad's parties and
    the events found so far (for anaphora)."""

    index: MentionIndex
    pair: tuple[str, str] | None
    events: list[Event]


def refine(ctx: Context, rule: lexicon.TriggerRule, typ: str, args: Args, source: list[str],
           target: list[str], si: int, cs: int, ts: int, te: int, ce: int) -> tuple[list[str], list[str], list[str]]:
    """(source, target, rule ids applied) of a trigger ts..te in clause cs..ce of sentence si."""
    roles = load()
    text = ctx.index.text
    notes = list(args.how)
    if args.passive and args.agentless and (args.which or not args.subject_ids):
        ante = _antecedent(ctx, text[cs:ts], si, ts, args.which)
        if ante is not None and (ante.source or ante.target):
            if ante.type in roles.responses.get(typ, ()):
                source, target = list(ante.target), list(ante.source)
            else:
                source, target = list(ante.source), list(ante.target)
            return source, target, notes + [f"args.anaphora:{ante.id}"]
    if typ in roles.self_acting and args.passive and args.agentless and args.subject_ids:
        source, target = ctx.index._expand(args.subject_ids), []
        notes.append("args.passive.self")
    if typ in roles.host:
        place = _place_after(ctx.index, te, ce)
        if place and place not in source:
            target = [place]
            notes.append("args.host")
        elif args.passive and args.subject_ids and all(ctx.index.kind.get(i) == "person" for i in args.subject_ids):
            # "X was appointed India's High Commissioner": the envoy is no side of the mission
            target = [t for t in target if t not in ctx.index._expand(args.subject_ids)]
    if typ in roles.elected and not source and target:
        # "the election of Rafael Correa": the people elected are the target, the polities
        # they act for hold the election
        people = [i for i in target if ctx.index.kind.get(i) == "person"]
        polities = [ctx.index.affiliation[i] for i in people if ctx.index.affiliation.get(i)]
        if polities:
            source = list(dict.fromkeys(polities))
            target = [i for i in target if i not in source]
            notes.append("args.elected")
    agentless = args.passive and args.agentless
    if typ in roles.symmetric:
        between = _between(ctx.index, cs, ce) if agentless or not source else []
        if between:
            source, target = between, []
            notes.append("args.between")
        elif agentless and not args.subject_ids and ctx.pair:
            named = [i for i in source + target if i in ctx.pair]
            if not (source or target) or named:
                source, target = list(ctx.pair), []
                notes.append("args.dyad.mutual")
        if ctx.pair and set(ctx.pair) <= set(source) and target:
            target = []  # "Estonia and Mexico established relations ... in New York City"
    # "..., which Ecuador granted": the object is the relative pronoun, not a party
    object_relative = args.which and not args.passive and args.subject_start is not None \
        and args.subject_start >= cs
    if typ in roles.dyadic and ctx.pair and not object_relative:
        p1, p2 = ctx.pair
        if not target and source and (p1 in source) != (p2 in source) and not roles.pronoun.match(text[te:ce]):
            target = [p2 if p1 in source else p1]
            notes.append("args.dyad.other")
        elif not source and target and (p1 in target) != (p2 in target) \
                and not roles.subject_pronoun.search(text[cs:ts]):
            source = [p2 if p1 in target else p1]
            notes.append("args.dyad.other")
    return source, target, notes


def region_sides(pair: tuple[str, str], typ: str, source: list[str], target: list[str],
                 affiliation: dict[str, str]) -> tuple[list[str], list[str], str | None]:
    """Sides the clause leaves open inside a region of an overview page (a partner's table row
    or section of "Foreign relations of X"), filled with the region's pair (X, partner):
    a mutual type told of nobody, or of one of them, is both of them; a directed
    interstate type whose one side is (or acts for) one of them has the other as its other
    side. (source, target, the rule id applied or None)."""
    roles = load()
    x, p = pair

    def sides(ids: list[str]) -> set[str]:
        return set(ids) | {affiliation[i] for i in ids if i in affiliation}

    if typ in roles.symmetric and not target:
        named = sides(source)
        if not source or (named & {x, p} and not named - {x, p} and len(named & {x, p}) == 1):
            return list(dict.fromkeys([*source, x, p])), [], "args.region.mutual"
        return source, target, None
    if typ not in roles.dyadic:
        return source, target, None
    if source and not target:
        named = sides(source)
        if (x in named) != (p in named):
            return source, [p if x in named else x], "args.region.other"
    elif target and not source:
        named = sides(target)
        if (x in named) != (p in named):
            return [p if x in named else x], target, "args.region.other"
    return source, target, None


def nominal_agent(index: MentionIndex, rule: lexicon.TriggerRule, te: int, ce: int) -> list[str]:
    """For the rules of [nominal] of_agent: the actor of "<trigger> (to Paris) of/from (the) X",
    with the polity it acts for; [] when the trigger has no such phrase."""
    if rule.id not in load().of_agent:
        return []
    for s, e, ids in index.mentions_in(te, ce):
        # "of (the) X", "to Paris of Crown Prince X" (a title before the name)
        if re.fullmatch(r"\s+(?:(?:to|in)\s+\S+(?:\s+\S+)?\s+)?(?:of|from)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}",
                        index.text[te:s]):
            return index._expand(ids)
        break
    return []


def _between(index: MentionIndex, cs: int, ce: int) -> list[str]:
    """The actors of "between A and B" in the clause ("between both nations" is both)."""
    m = re.search(r"\bbetween\s+(?:the\s+)?", index.text[cs:ce], re.IGNORECASE)
    if not m:
        return []
    start = cs + m.end()
    found = index.mentions_in(start, ce)
    if not found or found[0][0] != start:
        return []
    out, prev = list(found[0][2]), found[0]
    for cur in found[1:]:
        gap = index.text[prev[1]:cur[0]]
        if gap.count("(") > gap.count(")"):
            continue  # "between Ivory Coast (Côte d'Ivoire) and Mexico": a gloss in parentheses
        if not COORD.match(re.sub(r"\([^()]*\)", "", gap)):
            break
        out.extend(cur[2])
        prev = cur
    return list(dict.fromkeys(out))


def _place_after(index: MentionIndex, te: int, ce: int) -> str | None:
    """The polity of the first place named after in/to/into in te..ce: an actor mention or a
    known city ("in Tirana" -> Albania)."""
    from ..actors import gazetteer

    g = gazetteer.load()
    text = index.text
    mentions = {s: ids for s, _, ids in index.mentions_in(te, ce)}
    for m in re.finditer(r"\b(?:in|to|into)\s+(?:the\s+)?", text[te:ce], re.IGNORECASE):
        at = te + m.end()
        if at in mentions:
            polities = [i for i in mentions[at] if index.kind.get(i) == "polity"]
            if polities:
                return polities[0]
        c = g.city_re.match(text, at, ce)
        if c:
            return g.cities[c.group()].polity
    return None


def _antecedent(ctx: Context, before: str, si: int, ts: int, which: bool) -> Event | None:
    """The earlier event an anaphoric subject names: for "..., which was rejected" the last
    event of the sentence; for "This was then revoked", "this development" the last event of
    this or the previous sentence; for "The prohibition was lifted", "the embassy was closed"
    the last event (within three sentences) whose trigger is that noun or is followed by it
    within a few words ("opened an embassy")."""
    earlier = [e for e in ctx.events if e.trigger.start < ts and not e.same_as]
    if which:
        same = [e for e in earlier if e.sentence == si]
        return same[-1] if same else None
    m = load().anaphor.search(before)
    if not m:
        return None
    noun = m.group("noun")
    head = m.group(0).lower().lstrip(",; ").split()
    definite = any(w == "the" for w in head[:3]) and not any(w in ("this", "that", "these") for w in head[:3])
    if noun and definite:
        for e in reversed(earlier):
            if e.sentence < si - 3:
                break
            # the noun is the trigger ("prohibition") or its object ("opened an embassy")
            named = re.findall(r"[\w-]+", ctx.index.text[e.trigger.start:e.trigger.end + 40].lower())
            if noun.lower() in named[:len(e.trigger.text.split()) + 4]:
                return e
        return None
    recent = [e for e in earlier if e.sentence in (si, si - 1)]
    return recent[-1] if recent else None
