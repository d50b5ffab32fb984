"""Parties by any name, and the status of a dyad on a given day.

`resolve_party(store, "NKR")` finds the actor id through, in order: an actor id given as is
(`polity:ARM`), the aliases the articles contributed (normalised: case, accents and dashes
do not matter), actor names and ISO 3166 alpha-3 codes, and finally the gazetteer of the
actors stage (when it offers a lookup) for names no stored article used. Several candidates
are narrowed to polities, then to actors that are party to a stored dyad; a name that stays
ambiguous or is unknown is a QueryError with a one-line message.

`dyad_status(store, A, B, on="2023-06-01")` says whether the relation was current on that
day: historical from the dyad's ending date (or the dissolution of either party) onwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select

from ..errors import DyadError, QueryError
from ..store import Store, schema as s
from ..store.write import canonical_pair

_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?)?$")


@dataclass
class Party:
    id: str
    name: str
    kind: str


@dataclass
class DyadStatus:
    party1: Party
    party2: Party
    on: str  # the day asked about, YYYY-MM-DD
    status: str  # current | historical | not_yet (a party did not exist yet on that day)
    ended: str | None  # YYYY-MM-DD the relation ended, if it has
    ended_because: str | None
    known: bool  # False when no stored article is about this dyad
    began: str | None = None  # YYYY-MM-DD the younger party was founded, when known
    began_because: str | None = None

    def to_json(self) -> dict:
        return {
            "party1": vars(self.party1), "party2": vars(self.party2), "on": self.on,
            "status": self.status, "ended": self.ended, "ended_because": self.ended_because,
            "known": self.known, "began": self.began, "began_because": self.began_because,
        }


def parse_day(value: str, *, end: bool = False, what: str = "date") -> str:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` -> the first (or with `end`, last) day it covers."""
    import calendar

    m = _DATE.match(value.strip()) if value else None
    if not m:
        raise QueryError(value, f"not a {what}", "use YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m["y"]), m["m"], m["d"]
    month = int(mo) if mo else (12 if end else 1)
    if not 1 <= month <= 12:
        raise QueryError(value, f"not a {what}: no month {month}")
    last = calendar.monthrange(y, month)[1]
    day = int(d) if d else (last if end else 1)
    if not 1 <= day <= last:
        raise QueryError(value, f"not a {what}: no day {day} in {y}-{month:02d}")
    return f"{y:04d}-{month:02d}-{day:02d}"


def resolve_party(store: Store, name: str) -> Party:
    """The one actor `name` denotes, or QueryError."""
    if not name or not name.strip():
        raise QueryError(None, "empty party name", "give a name, alias or ISO code")
    ids = store.resolve(name)
    if not ids:
        ids = _gazetteer_ids(store, name)
    if not ids:
        raise QueryError(
            name, f"no such party in {store.url}",
            "check the spelling, or ingest an article about it first")
    actors = _actors(store, ids)
    if len(actors) > 1:
        actors = [a for a in actors if a.kind == "polity"] or actors
    if len(actors) > 1:
        in_dyads = _in_dyads(store, [a.id for a in actors])
        actors = [a for a in actors if a.id in in_dyads] or actors
    if len(actors) > 1:
        names = ", ".join(f"{a.name} ({a.id})" for a in actors[:5])
        raise QueryError(name, f"ambiguous party: {names}", "give the actor id instead")
    return actors[0]


def resolve_pair(store: Store, a: str, b: str) -> tuple[Party, Party]:
    """Both parties of a dyad; two names of one actor ("Artsakh", "NKR") are an error."""
    p1, p2 = resolve_party(store, a), resolve_party(store, b)
    if p1.id == p2.id:
        raise QueryError(b, f"names the same party as '{a}' ({p1.id})",
                         "a dyad needs two different parties")
    return p1, p2


def party_ids(store: Store, party: Party) -> list[str]:
    """The actor ids that speak for a party: the party itself and the people and
    organisations affiliated with it (a prime minister acts for the state)."""
    with store.connect() as conn:
        members = conn.execute(select(s.actors.c.id).where(
            s.actors.c.affiliation == party.id)).scalars().all()
    return [party.id, *sorted(set(members) - {party.id})]


def dyad_status(store: Store, a: str, b: str, on: str) -> DyadStatus:
    """Was the relation between `a` and `b` (any names) current on day `on`?"""
    day = parse_day(on)
    p1, p2 = resolve_pair(store, a, b)
    c1, c2 = canonical_pair(p1.id, p2.id)
    with store.connect() as conn:
        row = conn.execute(select(s.dyads).where(
            s.dyads.c.party1 == c1, s.dyads.c.party2 == c2)).first()
        lifespans = conn.execute(
            select(s.actors.c.name, s.actors.c.founded, s.actors.c.dissolved).where(
                s.actors.c.id.in_([p1.id, p2.id]))).all()
    dissolved = [(r.name, r.dissolved) for r in lifespans]
    # A relation cannot be current before both parties exist (Armenia–Artsakh in 1950).
    beginnings = [(parse_day(r.founded), f"{r.name} founded") for r in lifespans
                  if r.founded and _DATE.match(r.founded)]
    began, began_because = max(beginnings) if beginnings else (None, None)
    endings: list[tuple[str, str | None]] = []
    if row is not None and row.ended:
        endings.append((row.ended, row.ended_because))
    for actor_name, when in dissolved:
        if when and _DATE.match(when):
            endings.append((parse_day(when), f"{actor_name} dissolved"))
    historical_undated = row is not None and row.status == "historical" and not row.ended
    ended, because = min(endings) if endings else (None, None)
    if row is not None and row.ended:
        because = row.ended_because if ended == row.ended else because
    status = "historical" if historical_undated or (ended and day >= ended) else "current"
    if began and day < began:
        status = "not_yet"
    return DyadStatus(
        party1=p1, party2=p2, on=day, status=status,
        ended=ended if status == "historical" else None,
        ended_because=(because or (row.ended_because if row is not None else None))
        if status == "historical" else None,
        known=row is not None, began=began, began_because=began_because,
    )


def _actors(store: Store, ids: list[str]) -> list[Party]:
    with store.connect() as conn:
        rows = conn.execute(select(s.actors.c.id, s.actors.c.name, s.actors.c.kind)
                            .where(s.actors.c.id.in_(ids)).order_by(s.actors.c.id)).all()
    return [Party(r.id, r.name, r.kind) for r in rows]


def _in_dyads(store: Store, ids: list[str]) -> set[str]:
    with store.connect() as conn:
        rows = conn.execute(select(s.dyads.c.party1, s.dyads.c.party2).where(
            or_(s.dyads.c.party1.in_(ids), s.dyads.c.party2.in_(ids)))).all()
    return {x for r in rows for x in r if x in ids}


def _gazetteer_ids(store: Store, name: str) -> list[str]:
    """The id the actors stage's gazetteer gives `name`, kept when the store knows it: a
    polity known by a name no stored article used ("Republic of Artsakh" when the articles
    only said "NKR")."""
    try:
        from ..analysis.actors import gazetteer

        found = gazetteer.resolve(name)
    except (ImportError, AttributeError, DyadError):
        # The gazetteer is a convenience here: without it (or with broken rule data, which
        # the analysis reports itself) the aliases of the store still answer.
        return []
    if not found:
        return []
    with store.connect() as conn:
        return list(conn.execute(select(s.actors.c.id).where(s.actors.c.id == found)).scalars())
