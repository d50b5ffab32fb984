"""JSON-LD: the RDF graph of `rdf.py`, compacted with a context naming sem:, schema: and dyad:
so that the JSON reads as plain JSON and still expands to the same triples."""

from __future__ import annotations

from .rdf import DYAD, SDO, SEM, WD, export_graph

CONTEXT = {
    "sem": str(SEM),
    "schema": str(SDO),
    "dyad": str(DYAD),
    "wd": str(WD),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def export(store, sel, path, out, table) -> list[str]:
    return export_graph(store, sel, path, out, "json-ld", context=CONTEXT, indent=2)
