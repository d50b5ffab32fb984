"""The read side of the knowledge base: timelines, parties by alias, as-of status.

    from dyad.query import timeline, dyad_status
    t = timeline(store, "NKR", "Armenia")              # Timeline: parties, status, events
    dyad_status(store, "Armenia", "Artsakh", on="2023-06-01").status   # "current"

Everything here reads the tables of `dyad.store.schema` and never writes.
"""

from __future__ import annotations

from .resolve import (
    DyadStatus, Party, dyad_status, parse_day, party_ids, resolve_pair, resolve_party,
)
from .timeline import Timeline, TimelineActor, TimelineEvent, timeline

__all__ = [
    "DyadStatus", "Party", "Timeline", "TimelineActor", "TimelineEvent", "dyad_status",
    "parse_day", "party_ids", "resolve_pair", "resolve_party", "timeline",
]
