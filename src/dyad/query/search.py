"""Full-text search over the sentences of every article: SQLite FTS5 (bm25 rank) or
PostgreSQL tsvector (ts_rank), else a LIKE scan. The store's migrations build the indexes."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from ..errors import QueryError
from .common import bounded

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY = 200  # characters of a search query


def search_sentences(conn: Connection, q: str, limit: int = 20, offset: int = 0) -> dict:
    """Full-text search over sentences: SQLite FTS5 (bm25 rank), PostgreSQL tsvector
    (ts_rank), else a LIKE scan. Each hit carries the spans of the query's words in it."""
    limit, offset = bounded(limit, offset)
    if len(q) > MAX_QUERY:
        raise QueryError(None, f"search query longer than {MAX_QUERY} characters")
    words = _WORD.findall(q)
    if not words:  # punctuation only: nothing can match, and that is not an error
        return {"query": q, "hits": [], "total": 0, "limit": limit, "offset": offset}
    dialect = conn.dialect.name
    params = {"limit": limit, "offset": offset}
    if dialect == "sqlite" and _has_table(conn, "sentences_fts"):
        # Each word quoted (so FTS5 syntax in user input is inert) and prefix-matched.
        params["q"] = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        base = ("FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid "
                "JOIN articles a ON a.id = s.article_id WHERE sentences_fts MATCH :q")
        order = "ORDER BY bm25(sentences_fts), s.id"
    elif dialect == "postgresql":
        params["q"] = " ".join(words)
        base = ("FROM sentences s JOIN articles a ON a.id = s.article_id "
                "WHERE to_tsvector('english', s.text) @@ plainto_tsquery('english', :q)")
        order = ("ORDER BY ts_rank(to_tsvector('english', s.text), "
                 "plainto_tsquery('english', :q)) DESC, s.id")
    else:
        conds = []
        for i, w in enumerate(words):
            params[f"w{i}"] = f"%{w.lower()}%"
            conds.append(f"lower(s.text) LIKE :w{i}")
        base = ("FROM sentences s JOIN articles a ON a.id = s.article_id WHERE "
                + " AND ".join(conds))
        order = "ORDER BY s.id"
    total = conn.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
    rows = conn.execute(text(
        f"SELECT s.id, s.article_id, s.idx, s.start_offset, s.end_offset, s.text, a.title "
        f"{base} {order} LIMIT :limit OFFSET :offset"), params).mappings().all()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*",
                         re.IGNORECASE)
    hits = [{
        "sentence": r["idx"], "start": r["start_offset"], "end": r["end_offset"],
        "text": r["text"],
        "matches": [[m.start(), m.end()] for m in pattern.finditer(r["text"])],
        "article": {"id": r["article_id"], "title": r["title"],
                    "url": f"/articles/{r['article_id']}"},
        "url": f"/articles/{r['article_id']}#s{r['idx']}",
    } for r in rows]
    return {"query": q, "hits": hits, "total": total, "limit": limit, "offset": offset}


def _has_table(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"),
                        {"n": name}).first() is not None
