"""The data model every stage of dyad reads and writes.

An ``Article`` is what a reader makes of one input: its text and its structure. The analysis
stages turn it into a ``Document`` by filling in sentences, timexes, actors, events, the dyad
and its missions. ``Document.to_json()`` is the contract's ``dyad.document/1`` shape
(``../shared/CONTRACT.md``); fields beyond the contract are additions, never renames.

Offsets everywhere are Python string (code point) offsets into ``Article.text``, end exclusive.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA = "dyad.document/1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# PLOVER's quad classes: verbal/material cooperation/conflict. Used for colouring and counts.
PLOVER_QUAD = {
    "AGREE": "verbal cooperation", "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation", "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation", "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict", "ACCUSE": "verbal conflict", "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict", "SANCTION": "material conflict",
    "MOBILIZE": "material conflict", "COERCE": "material conflict", "ASSAULT": "material conflict",
}

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
TIMEX_MODS = (
    "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER",
    "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE",
)


@dataclass
class Provenance:
    """Which pipeline stage and which rule produced a fact (for `dyad explain`)."""

    stage: str
    rule: str
    detail: str | None = None


@dataclass
class Section:
    level: int  # 1 = the article title, 2 = "==", 3 = "===", ...
    title: str
    start: int  # offset of the heading line's first character
    end: int  # end of the section's body (start of the next heading of level <= this one)


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Infobox:
    template: str  # normalised template name, e.g. "bilateral relations"
    fields: dict[str, str | None]  # the article's own keys ("Party1", "Mission2", ...); None = no value
    start: int | None = None  # span in `text` (plain-text renderings) or None
    end: int | None = None


@dataclass
class ListEntry:
    """An item of a list section that readers parse (See also, Bibliography)."""

    text: str
    start: int
    end: int
    author: str | None = None
    title: str | None = None


@dataclass
class Timex:
    id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None
    rule: str | None = None  # id of the rule that fired
    anchor: str | None = None  # id of the timex (or "dct") a relative value was resolved from
    earliest: str | None = None  # YYYY-MM-DD, first day the value can denote (DATE, TIME)
    latest: str | None = None  # YYYY-MM-DD, last day the value can denote (DATE, TIME)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Actor:
    id: str  # stable within the knowledge base: "polity:ARM", "person:nikol-pashinyan", ...
    name: str
    kind: str  # polity | person | organization | group
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    iso3: str | None = None
    wikidata: str | None = None
    status: str | None = None  # polities: member | observer | de facto | partially recognised | historical ...
    founded: str | None = None  # YYYY-MM-DD or a TIMEX3 value
    dissolved: str | None = None
    role: str | None = None  # people: "Prime Minister of Armenia"
    affiliation: str | None = None  # people/organisations: actor id of the polity they belong to
    rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions"] = [list(m) for m in self.mentions]
        return d


@dataclass
class EventDate:
    value: str | None = None  # TIMEX3 value
    mod: str | None = None
    earliest: str | None = None  # YYYY-MM-DD
    latest: str | None = None  # YYYY-MM-DD
    timex: str | None = None  # id of the timex it came from
    inherited: bool = False  # True when taken from the narrative, not the event's own clause


@dataclass
class Trigger:
    start: int
    end: int
    text: str


@dataclass
class Event:
    id: str
    trigger: Trigger
    sentence: int  # index into Document.sentences
    type: str  # PLOVER type or a domain type (ELECTION, DISSOLVE, OPEN_MISSION, ...)
    plover: str | None
    date: EventDate = field(default_factory=EventDate)
    source: list[str] = field(default_factory=list)  # actor ids
    target: list[str] = field(default_factory=list)
    same_as: str | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Mission:
    sender: str  # actor id
    host: str  # actor id
    name: str | None
    city: str | None
    kind: str  # embassy | consulate | consulate-general | representative office | ...
    start: int | None = None  # evidence span in `text`, when the mission comes from a sentence
    end: int | None = None
    rule: str | None = None
    # When the text says the mission opened / closed: a TIMEX3 value (as the event's date) and
    # the id of the OPEN_MISSION / CLOSE_MISSION event that says so (its sentence is the
    # evidence). `closed` only when no later opening followed (the current run's dates).
    opened: str | None = None
    opened_event: str | None = None
    closed: str | None = None
    closed_event: str | None = None


@dataclass
class RegionDate:
    """A dated cell of a country table's row: what its column says happened then."""

    role: str  # began | ended | recognized (rules/en/relations/overview.toml)
    value: str  # TIMEX3 value
    timex: str  # id of the cell's timex
    rule: str  # the column rule


@dataclass
class Region:
    """A span of `text` about one partner of the page's subject: a row of a country table
    ("Algeria | 30 December 1992 | ...") or a country's section ("==== China ====")."""

    start: int
    end: int
    kind: str  # row | section
    partner: str  # actor id
    began: str | None = None  # TIMEX3 value of the row's "relations began" cell
    ended: str | None = None  # TIMEX3 value of a "relations ended" cell ("Period ... To")
    dates: list[RegionDate] = field(default_factory=list)  # the row's dated cells
    rule: str | None = None


@dataclass
class Dyad:
    party1: str  # actor id
    party2: str
    status: str = "current"  # current | historical
    ended: str | None = None  # YYYY-MM-DD
    ended_because: str | None = None
    rule: str | None = None
    # When relations began (a TIMEX3 value), where the page says so: a "relations began"
    # cell of a country table. The earliest of the page's claims.
    began: str | None = None
    # The spans of the page about this dyad (a "Foreign relations of X" page covers many
    # dyads, each in its rows and sections); empty for an article about one dyad.
    regions: list[Region] = field(default_factory=list)


@dataclass
class TableCell:
    start: int  # span of the cell's rendered text in `text`
    end: int
    header: bool = False  # a "!" / <th> cell
    flag: str | None = None  # the country a flag template of the cell names ({{flag|Algeria}})
    rowspan: int = 1
    colspan: int = 1


@dataclass
class TableRow:
    start: int
    end: int
    cells: list[TableCell] = field(default_factory=list)


@dataclass
class Table:
    """A wikitable as the reader rendered it: rows of cells with their spans in `text`."""

    start: int
    end: int
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class Article:
    """What a reader makes of one input, before analysis."""

    source: str  # path, URI or "<stdin>"; for dumps "path#page_id"
    format: str  # plaintext | wikitext | timeml | wikitext2
    title: str | None
    text: str
    infobox: Infobox | None = None
    sections: list[Section] = field(default_factory=list)
    see_also: list[ListEntry] = field(default_factory=list)
    bibliography: list[ListEntry] = field(default_factory=list)
    # Spans of `text` that are not prose (table borders, citation markers, list bullets the
    # analysis should skip). Readers add them; analysis stages must not take facts from them.
    excluded: list[tuple[int, int]] = field(default_factory=list)
    dct: str | None = None  # document creation time (TimeML / news mode), YYYY-MM-DD
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    # For wikitext: offset map from rendered `text` back to the source, as sorted pairs
    # (text_offset, source_offset) at each point where the mapping shifts.
    source_map: list[tuple[int, int]] | None = None
    raw: str | None = None  # the original input text when it differs from `text` (wikitext, TimeML)
    warnings: list[str] = field(default_factory=list)  # lenient reading: what was malformed
    tables: list[Table] = field(default_factory=list)  # wikitables (wikitext reader)


@dataclass
class Document:
    """An article with everything the analysis found in it."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    missions: list[Mission] = field(default_factory=list)
    dyad: Dyad | None = None
    # Every dyad the page covers: the article's own (`dyad`), or for an overview page
    # ("Foreign relations of X") one per partner, with `began` and its `regions`.
    dyads: list[Dyad] = field(default_factory=list)

    # Convenience pass-throughs so stages read `doc.text` rather than `doc.article.text`.
    @property
    def text(self) -> str:
        return self.article.text

    @property
    def title(self) -> str | None:
        return self.article.title

    def actor(self, actor_id: str) -> Actor | None:
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def to_json(self) -> dict[str, Any]:
        a = self.article
        return {
            "schema": SCHEMA,
            "title": a.title,
            "source": a.source,
            "format": a.format,
            "text": a.text,
            "infobox": (
                {"template": a.infobox.template, "fields": dict(a.infobox.fields)}
                if a.infobox
                else None
            ),
            "dyad": asdict(self.dyad) if self.dyad else None,
            "dyads": [asdict(d) for d in self.dyads],
            "missions": [asdict(m) for m in self.missions],
            "sections": [asdict(s) for s in a.sections],
            "sentences": [asdict(s) for s in self.sentences],
            "timexes": [t.to_json() for t in self.timexes],
            "actors": [x.to_json() for x in self.actors],
            "events": [e.to_json() for e in self.events],
            # Additions beyond the contract's minimum:
            "see_also": [asdict(x) for x in a.see_also],
            "bibliography": [asdict(x) for x in a.bibliography],
            "dct": a.dct,
            "page_id": a.page_id,
            "revision_id": a.revision_id,
            "timestamp": a.timestamp,
            "warnings": list(a.warnings),
        }


# -- JSON conversion ---------------------------------------------------------------------------
# `dataclasses.asdict` looks up each class's fields and deep-copies every leaf on every call: on
# a long page (tens of thousands of mentions and sentences) it was a tenth of `dyad extract`'s
# time. `asdict` below gives the same result, with the field names looked up once per class and
# immutable leaves returned as they are.

_ATOMIC = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def asdict(obj: Any) -> Any:
    """What `dataclasses.asdict` returns for `obj` (also for lists, tuples and dicts of them)."""
    cls = type(obj)
    if cls in _ATOMIC:
        return obj
    if cls is list:
        return [v if type(v) in _ATOMIC else asdict(v) for v in obj]
    names = _FIELD_NAMES.get(cls)
    if names is None and hasattr(cls, "__dataclass_fields__"):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    if names is not None:
        out = {}
        for name in names:
            value = getattr(obj, name)
            out[name] = value if type(value) in _ATOMIC else asdict(value)  # most fields: no call
        return out
    if cls is tuple:
        return tuple([v if type(v) in _ATOMIC else asdict(v) for v in obj])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # named tuple
        return cls(*[asdict(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return cls(asdict(v) for v in obj)
    if isinstance(obj, dict):
        if hasattr(cls, "default_factory"):  # defaultdict
            result = cls(obj.default_factory)
            for k, v in obj.items():
                result[asdict(k)] = asdict(v)
            return result
        return cls((asdict(k), asdict(v)) for k, v in obj.items())
    return copy.deepcopy(obj)
