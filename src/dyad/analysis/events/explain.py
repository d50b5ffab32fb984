"""Explanations of extracted facts for `dyad explain`: for an event or a timex, the sentence
it came from and the ids of the rules behind it (trigger, type refinement, context flags,
date, arguments), after ftfy's "say which steps you applied"."""

from __future__ import annotations

from typing import Any

from ...errors import QueryError
from ...model import Document


def _sentence_of(doc: Document, start: int) -> tuple[int | None, str]:
    for i, s in enumerate(doc.sentences):
        if s.start <= start < s.end:
            return i, doc.text[s.start:s.end]
    ls = doc.text.rfind("\n", 0, start) + 1
    le = doc.text.find("\n", start)
    return None, doc.text[ls:le if le >= 0 else len(doc.text)]


def explain_event(doc: Document, event_id: str) -> dict[str, Any]:
    event = next((e for e in doc.events if e.id == event_id), None)
    if event is None:
        known = ", ".join(e.id for e in doc.events[:5]) or "none"
        raise QueryError(doc.article.source, f"no event {event_id!r} (events: {known}{', ...' if len(doc.events) > 5 else ''})")
    parts = (event.rule or "").split(";")
    rules = [{"stage": "events", "what": "trigger and type", "rule": parts[0]}]
    for p in parts[1:]:
        if p == "speech.intent":
            what = "a statement of intent: typed as the act it announces, flagged future"
        elif p.startswith("speech."):
            what = "type from the speech act's complement"
        elif p.startswith("events."):
            what = "the announced act's trigger rule"
        elif p.startswith("args."):
            what = "source/target by type or context (rules/en/events/arguments.toml)"
        else:
            what = "context flag"
        rules.append({"stage": "events", "what": what, "rule": p})
    timex = next((t for t in doc.timexes if t.id == event.date.timex), None) if event.date.timex else None
    if timex is not None:
        rules.append({"stage": "temporal", "what": f"date {timex.value!r} from timex {timex.id} {timex.text!r}",
                      "rule": timex.rule})
        if event.date.inherited:
            rules.append({"stage": "events", "what": "date inherited from the narrative",
                          "rule": "events.date.inherited"})
    for role in ("source", "target"):
        for aid in getattr(event, role):
            actor = doc.actor(aid)
            rules.append({"stage": "actors", "what": f"{role} {aid}",
                          "rule": actor.rule if actor else None})
    _, sentence = _sentence_of(doc, event.trigger.start)
    return {"kind": "event", "id": event.id, "type": event.type, "plover": event.plover,
            "trigger": event.trigger.text, "date": event.date.value,
            "flags": [f for f in ("negated", "hypothetical", "future") if getattr(event, f)],
            "same_as": event.same_as, "sentence_index": event.sentence, "sentence": sentence,
            "rules": rules}


def explain_timex(doc: Document, timex_id: str) -> dict[str, Any]:
    timex = next((t for t in doc.timexes if t.id == timex_id), None)
    if timex is None:
        raise QueryError(doc.article.source, f"no timex {timex_id!r} ({len(doc.timexes)} timexes: t1..t{len(doc.timexes)})")
    index, sentence = _sentence_of(doc, timex.start)
    rules = [{"stage": "temporal", "what": f"{timex.type} {timex.value!r}", "rule": timex.rule}]
    if timex.anchor:
        rules.append({"stage": "temporal", "what": f"resolved against {timex.anchor}", "rule": "temporal.anchor"})
    return {"kind": "timex", "id": timex.id, "text": timex.text, "type": timex.type,
            "value": timex.value, "mod": timex.mod, "earliest": timex.earliest,
            "latest": timex.latest, "sentence_index": index, "sentence": sentence, "rules": rules}
