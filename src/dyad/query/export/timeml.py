"""TimeML: each article's text with the system's TIMEX3 tags, one `.tml` file per article.

The layout is TempEval-3's (`<TimeML>`, `<DOCID>`, `<DCT>`, `<TEXT>`), so TimeML tools and
the TempEval-3 scorer read the files. TIMEX3 tags carry `tid`, `type`, `value` and `mod`
(only a TimeML mod), never nest and never overlap. An article that was read from TimeML is
written back through `readers.timeml.write_timeml`, which repeats the original file byte for
byte outside the tags; others get the layout above with their text XML-escaped.

The DCT is the article's document creation time, or for a dump page its revision's day.
"""

from __future__ import annotations

import os
import re
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import select

from ...model import TIMEX_MODS, TIMEX_TYPES, Document
from ...store import schema as s
from ...store.read import load_document
from .output import OutputError, atomic_file, check_folder


def document_timeml(doc: Document) -> str:
    article = doc.article
    if article.format == "timeml" and article.raw is not None and article.source_map:
        from ...readers.timeml import write_timeml

        return write_timeml(article, doc.timexes)
    text = article.text
    parts = []
    pos = 0
    used = {"t0"}
    n = 0
    for t in sorted(doc.timexes, key=lambda t: (t.start, -t.end)):
        if t.start < pos or t.start >= t.end or t.type not in TIMEX_TYPES:
            continue  # overlapping or empty tags would make the file invalid TimeML
        tid = t.id if re.fullmatch(r"t[0-9]+", t.id or "") and t.id not in used else None
        while tid is None:
            n += 1
            tid = f"t{n}" if f"t{n}" not in used else None
        used.add(tid)
        mod = f" mod={quoteattr(t.mod)}" if t.mod in TIMEX_MODS else ""
        parts.append(escape(text[pos:t.start]))
        parts.append(f'<TIMEX3 tid="{tid}" type="{t.type}" value={quoteattr(t.value)}{mod}>'
                     f"{escape(text[t.start:t.end])}</TIMEX3>")
        pos = t.end
    parts.append(escape(text[pos:]))
    dct = article.dct or (article.timestamp[:10] if article.timestamp else None)
    head = ['<?xml version="1.0" ?>', "<TimeML>",
            f"<DOCID>{escape(article.title or article.source)}</DOCID>"]
    if dct:
        head.append(f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
                    f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>')
    if article.title:
        head.append(f"<TITLE>{escape(article.title)}</TITLE>")
    return "\n".join(head) + "\n<TEXT>" + "".join(parts) + "</TEXT>\n</TimeML>\n"


def file_name(doc: Document, taken: set[str]) -> str:
    base = re.sub(r"[^\w.\-–]+", "_", doc.article.title or os.path.basename(doc.article.source))
    base = base.strip("._") or "article"
    name, n = f"{base}.tml", 1
    while name in taken:
        n += 1
        name = f"{base}-{n}.tml"
    taken.add(name)
    return name


def _article_ids(store, sel) -> list[int]:
    a = s.articles
    with store.connect() as conn:
        query = select(a.c.id).order_by(a.c.title, a.c.source)
        if sel.article_ids is not None or sel.event_ids is not None:
            ids = set(sel.article_ids or ())
            if sel.event_ids:
                ids |= set(conn.execute(select(s.events.c.article_id).where(
                    s.events.c.id.in_(sel.event_ids))).scalars())
            query = query.where(a.c.id.in_(ids or {-1}))
        return list(conn.execute(query).scalars())


def export(store, sel, path: str | None, out: IO[str] | None, table) -> list[str]:
    ids = _article_ids(store, sel)
    if path is None:
        if len(ids) != 1:
            raise OutputError(None, f"timeml writes one file per article and there are {len(ids)}",
                              "give -o FOLDER")
        with store.connect() as conn:
            out.write(document_timeml(load_document(conn, ids[0])))
        return []
    check_folder(path)
    written, taken = [], set()
    with store.connect() as conn:
        for article_id in ids:
            doc = load_document(conn, article_id)
            target = os.path.join(path, file_name(doc, taken))
            with atomic_file(target) as fh:
                fh.write(document_timeml(doc))
            written.append(target)
    return written
