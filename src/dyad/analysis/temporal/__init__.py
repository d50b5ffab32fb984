"""Temporal tagging and TIMEX3 normalisation (stage 'temporal')."""

from __future__ import annotations

from ...model import Document, Timex


def tag(text: str, dct: str | None = None) -> list[Timex]:
    """Find and normalise the temporal expressions of `text`.

    With `dct` (YYYY-MM-DD) relative expressions resolve against it (news mode); without, they
    resolve from the narrative (encyclopedia mode)."""
    return []


def run(doc: Document) -> None:
    doc.timexes = tag(doc.text, doc.article.dct)
