"""The two parties of an article's dyad, from the infobox (Party1/Party2, or Country1/2) or
from the title "X–Y relations". Shared by the actor stage (for "the two countries") and the
relations stage (for the dyad)."""

from __future__ import annotations

import re

from ...model import Article
from . import gazetteer

_TITLE = re.compile(r"^(?P<body>.+?)\s+relations\b", re.IGNORECASE)
_DASHES = "–—-−/"


def _resolve_loose(name: str) -> str | None:
    name = name.replace("_", " ").strip()
    found = gazetteer.resolve(name)
    if found:
        return found
    # Titles in capitals ("ALBANIA—BRAZIL RELATIONS"): try title case.
    return gazetteer.resolve(name.title()) if name.isupper() else None


def parties(article: Article) -> tuple[tuple[str, str] | None, str | None]:
    """((party1 id, party2 id), rule id) or (None, None) when neither source names two."""
    fields = article.infobox.fields if article.infobox else {}
    for a, b in (("Party1", "Party2"), ("party1", "party2"), ("Country1", "Country2"),
                 ("country1", "country2")):
        if fields.get(a) and fields.get(b):
            p1, p2 = _resolve_loose(fields[a]), _resolve_loose(fields[b])
            if p1 and p2:
                return (p1, p2), "relations.parties.infobox"
    for title in (article.title or "", article.infobox and fields.get("Title") or ""):
        m = _TITLE.match(title or "")
        if not m:
            continue
        body = m.group("body")
        for i, ch in enumerate(body):
            if ch in _DASHES:
                p1, p2 = _resolve_loose(body[:i]), _resolve_loose(body[i + 1:])
                if p1 and p2 and p1 != p2:
                    return (p1, p2), "relations.parties.title"
    return None, None
