"""Timex scoring with the TempEval-3 definitions (UzZaman et al. 2013, task A).

- relaxed match: a system timex overlaps a gold timex (one-to-one, in text order);
- strict match: the extents are identical;
- value and type: counted over relaxed matches only, and a wrong (or missing) attribute counts
  against both precision and recall: P = correct / system timexes, R = correct / gold timexes.

Figures are micro-averaged over all documents of a corpus, as the official scorer does. Spans
are anything with `start`, `end`, `type`, `value` (and optionally `mod`) attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol


class Span(Protocol):
    start: int
    end: int
    type: str
    value: str


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    relaxed: int = 0
    strict: int = 0
    value: int = 0
    type: int = 0
    value_mod: int = 0  # value and mod both right (the project's gold scorer's notion)

    def add(self, other: "Counts") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Scores:
    counts: Counts
    errors: list[dict[str, Any]] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        c = self.counts
        out: dict[str, float] = {}
        for name in ("strict", "relaxed", "value", "type", "value_mod"):
            p, r, f = _prf(getattr(c, name), c.system, c.gold)
            out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p * 100, r * 100, f * 100
        return out


def match_timexes(gold: list[Span], system: list[Span]) -> list[tuple[Span | None, Span | None]]:
    """Pair gold and system timexes one-to-one by overlap (text order); unpaired ones get None."""
    g_sorted = sorted(gold, key=lambda s: (s.start, s.end))
    s_sorted = sorted(system, key=lambda s: (s.start, s.end))
    pairs: list[tuple[Span | None, Span | None]] = []
    used: set[int] = set()
    j0 = 0
    for g in g_sorted:
        # Golds come in start order, so a system timex ending before this gold's start can
        # overlap no later gold either: skip past it for good.
        while j0 < len(s_sorted) and s_sorted[j0].end <= g.start:
            j0 += 1
        hit = None
        for j in range(j0, len(s_sorted)):
            s = s_sorted[j]
            if s.start >= g.end:
                break
            if j not in used and s.end > g.start:
                hit = j
                break
        if hit is None:
            pairs.append((g, None))
        else:
            used.add(hit)
            pairs.append((g, s_sorted[hit]))
    for j, s in enumerate(s_sorted):
        if j not in used:
            pairs.append((None, s))
    return pairs


def score_document(gold: list[Span], system: list[Span], text: str = "",
                   doc: str = "") -> Scores:
    c = Counts(gold=len(gold), system=len(system))
    errors: list[dict[str, Any]] = []
    for g, s in match_timexes(gold, system):
        if g is not None and s is not None:
            c.relaxed += 1
            exact = g.start == s.start and g.end == s.end
            c.strict += exact
            value_ok = g.value == s.value
            c.value += value_ok
            c.type += g.type == s.type
            mod_ok = (getattr(g, "mod", None) or None) == (getattr(s, "mod", None) or None)
            c.value_mod += value_ok and mod_ok
            if not (exact and value_ok and g.type == s.type):
                errors.append({"doc": doc, "kind": "mismatch", "gold": _show(g, text),
                               "system": _show(s, text)})
        elif g is not None:
            errors.append({"doc": doc, "kind": "missed", "gold": _show(g, text), "system": None})
        else:
            errors.append({"doc": doc, "kind": "spurious", "gold": None, "system": _show(s, text)})
    return Scores(c, errors)


def _show(s: Span, text: str) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "text": text[s.start:s.end] if text else None,
            "type": s.type, "value": s.value, "mod": getattr(s, "mod", None)}


def score_corpus(docs: Iterable[tuple[str, str, list[Span], list[Span]]]) -> Scores:
    """Micro-averaged scores over (doc name, text, gold, system) tuples."""
    total = Counts()
    errors: list[dict[str, Any]] = []
    for name, text, gold, system in docs:
        s = score_document(gold, system, text, name)
        total.add(s.counts)
        errors.extend(s.errors)
    return Scores(total, errors)
