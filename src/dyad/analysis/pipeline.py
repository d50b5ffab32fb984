"""The analysis pipeline: an Article in, a Document out.

Each stage is a module with `run(doc: Document) -> None` that reads what earlier stages wrote
and fills in its own fields. The order is the dependency order:

    sentences  -> doc.sentences
    temporal   -> doc.timexes                 (reads sentences, sections, article.dct)
    regions    -> doc.dyads of an overview page  (reads title, tables, sections, timexes)
    actors     -> doc.actors                  (reads sentences, infobox, dyads)
    events     -> doc.events                  (reads sentences, timexes, actors, dyads)
    relations  -> doc.dyad, doc.dyads, doc.missions  (reads infobox, title, actors, events)
"""

from __future__ import annotations

from ..model import Article, Document
from . import actors, events, regions, relations, sentences, temporal

STAGES = (
    ("sentences", sentences.run),
    ("temporal", temporal.run),
    ("regions", regions.run),
    ("actors", actors.run),
    ("events", events.run),
    ("relations", relations.run),
)


def analyze(article: Article, *, stages: tuple[str, ...] | None = None) -> Document:
    """Run the pipeline (or the named subset of its stages, in pipeline order) on one article."""
    doc = Document(article=article)
    for name, run in STAGES:
        if stages is None or name in stages:
            run(doc)
    return doc
