"""Stage 'events' (see pipeline.py). Filled in by its own issue; until then it adds nothing."""

from __future__ import annotations

from ..model import Document


def run(doc: Document) -> None:
    return None
