"""Turtle: the RDF graph of `rdf.py` (SEM events, schema.org actors and articles)."""

from __future__ import annotations

from .rdf import export_graph


def export(store, sel, path, out, table) -> list[str]:
    return export_graph(store, sel, path, out, "turtle")
