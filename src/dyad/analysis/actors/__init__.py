"""Stage 'actors' (see pipeline.py): reads the text, the infobox and the title; writes
`doc.actors`.

Actors are polities and organisations from the gazetteer (`rules/en/gazetteer/`), people with
their titles and roles, organisations named in the text, and groups ("Karabakh Armenians").
Ids are global keys of the knowledge base: `polity:<ISO3 or slug>`, `person:<slug>`,
`org:<slug>`, `group:<slug>`. Each actor lists its mentions (spans of `doc.text`), and "the two
countries" counts as a mention of both parties of the dyad. Nothing is downloaded: all rules
are data files (an optional spaCy pipeline is not needed and not used by default).
"""

from __future__ import annotations

from ...model import Actor, Document
from . import gazetteer
from .find import Finder, Mention
from .parties import parties

__all__ = ["run", "find_mentions", "gazetteer", "parties", "Mention"]


# Sections whose items are titles of works and links, not prose about actors.
NON_PROSE_SECTIONS = {"see also", "bibliography", "references", "external links", "further reading",
                      "notes", "sources", "citations"}


def non_prose(doc: Document) -> list[tuple[int, int]]:
    """Spans the analysis must not take facts from: the reader's exclusions plus the
    reference-like sections."""
    spans = list(doc.article.excluded)
    for sec in doc.article.sections:
        if sec.title.strip().lower() in NON_PROSE_SECTIONS:
            spans.append((sec.start, sec.end))
    return spans


def find_mentions(doc: Document) -> list[Mention]:
    pair, _ = parties(doc.article)
    pair_at = None
    if pair is None and doc.dyads:  # an overview page: "both countries" of each region
        from ..regions import Scopes

        pair_at = Scopes(doc).pair_at
    return Finder(doc.text, non_prose(doc), parties=pair, pair_at=pair_at).run()


def run(doc: Document) -> None:
    g = gazetteer.load()
    mentions = find_mentions(doc)
    actors: dict[str, Actor] = {}
    pair, _ = parties(doc.article)
    # The dyad's parties are actors of the article even when the text names them only in
    # its title or infobox.
    for pid in pair or ():
        _actor(actors, g, pid, None)
    for d in doc.dyads:  # an overview page: its subject and every partner
        for pid in (d.party1, d.party2):
            _actor(actors, g, pid, None)
    for m in mentions:
        for aid in m.ids:
            a = _actor(actors, g, aid, m)
            a.mentions.append((m.start, m.end))
            surface = doc.text[m.start:m.end]
            if m.kind == "person" and surface != a.name and surface not in a.aliases \
                    and (" " not in surface or aid in g.people):
                a.aliases.append(surface)
    doc.actors = list(actors.values())


def _actor(actors: dict[str, Actor], g: gazetteer.Gazetteer, aid: str, m: Mention | None) -> Actor:
    a = actors.get(aid)
    if a is None:
        e = g.get(aid)
        if e is not None:
            a = Actor(id=aid, name=e.name, kind=e.kind, aliases=list(e.aliases), iso3=e.iso3,
                      wikidata=e.wikidata, status=e.status, founded=e.founded,
                      dissolved=e.dissolved, affiliation=e.legislature_of, rule=e.rule)
        else:
            assert m is not None
            person = g.people.get(aid)  # a well-known person: all the names of people.toml
            a = Actor(id=aid, name=m.name, kind=m.kind, role=m.role, affiliation=m.affiliation,
                      aliases=list(person.aliases) if person else [],
                      wikidata=person.wikidata if person else None, rule=m.rule)
        actors[aid] = a
    elif m is not None:
        a.role = a.role or m.role
        a.affiliation = a.affiliation or m.affiliation
    return a
