"""Reading a dyad's events a page at a time in `dyadevents.date_order`, in SQL.

The date index gives that order for almost every event (`IndexOrder`); the few it does not
place (approximate or open-ended dates, `dyadevents.off_index`) are merged in by `page_ids`.
A page far into a long timeline does not walk the index from its start: every `STEP`-th
event's sort key is remembered per knowledge-base version (`marks`, found as far as pages
have asked), and the page is read from the nearest one before it (a keyset seek), then at
most `STEP - 1` rows are skipped.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, or_, select

from ..store import schema as s
from .dyadevents import date_order, in_index_order, sort_title, undated
from .kbcache import Memo

__all__ = ["BATCH", "IndexOrder", "STEP", "page_ids"]

STEP = 256  # rows between two remembered sort keys
BATCH = 16  # sort keys found at least at a time (pages further on find theirs then too)
_MARKS = Memo(256)


class IndexOrder:
    """The events the date index orders, read in `date_order` with their sort keys: the
    dated ones along the index, then (with no date range) the undated ones.

    `ordered` and `where` are the page's conditions (for a read along the date index and
    otherwise). `marks`: a key (knowledge-base version, dyad) under which the sort keys of
    every STEP-th dated event are remembered; only for the unfiltered timeline, whose rows
    are the same for every page.
    """

    def __init__(self, conn: Connection, ordered: list, where: list, *, undated_too: bool,
                 marks: tuple | None = None):
        self.conn, self.ordered, self.where, self.undated_too = conn, ordered, where, undated_too
        self.marks = marks
        self.dated: int | None = None  # how many dated ones, counted when a page needs it
        e = s.events
        self.title = sort_title(conn)
        self.order = (e.c.earliest, e.c.latest, self.title, e.c.position, e.c.id)
        self.columns = (e.c.id, e.c.earliest, e.c.latest, e.c.date_mod, e.c.date_value,
                        e.c.position, self.title.label("article_title"),
                        s.articles.c.source.label("article_source"))

    def rows(self, start: int, n: int, keys: bool = True) -> list[tuple[tuple | None, int]]:
        """(sort key, id) of the events at `start`, `start + 1`, ... (at most `n`); without
        `keys`, (None, id)."""
        e, conn = s.events, self.conn
        # Ids and keys only (no sentences: rows skipped by OFFSET cost no lookups).
        columns = self.columns if keys else (e.c.id,)
        query = (select(*columns).join(s.articles, s.articles.c.id == e.c.article_id)
                 .where(*self.ordered, in_index_order()).order_by(*self.order))
        skip = start
        marks = self._marks(start // STEP) if self.marks and start >= STEP else []
        if marks:
            k = min(start // STEP, len(marks))
            query = query.where(self._after(marks[k - 1]))
            skip = start - k * STEP
        out = [(date_order(r) if keys else None, r.id)
               for r in conn.execute(query.limit(n).offset(skip))]
        if len(out) < n and self.undated_too:
            if self.dated is None:
                self.dated = conn.execute(select(func.count()).select_from(e).where(
                    *self.ordered, in_index_order())).scalar_one()
            query = (select(*columns).join(s.articles, s.articles.c.id == e.c.article_id)
                     .where(*self.where, undated())
                     .order_by(self.title, e.c.position, e.c.id))
            out += [(date_order(r) if keys else None, r.id) for r in conn.execute(
                query.limit(n - len(out)).offset(max(0, start - self.dated)))]
        return out

    def _marks(self, wanted: int) -> list[tuple]:
        """Sort keys (earliest, latest, title, position, id) of the dated events numbered
        STEP - 1, 2 * STEP - 1, ..., at least `wanted` of them when there are that many.
        Found as far as pages have asked, continuing from the last one known; numbered in
        SQL, so that only the marks leave the database."""
        marks, complete = _MARKS.get(self.marks, ([], False))
        if len(marks) < wanted and not complete:
            e = s.events
            query = (select(e.c.earliest, e.c.latest, self.title.label("title"),
                            e.c.position, e.c.id)
                     .join(s.articles, s.articles.c.id == e.c.article_id)
                     .where(*self.ordered, in_index_order()))
            if marks:
                query = query.where(self._after(marks[-1]))
            more = max(wanted - len(marks), BATCH)
            rows = query.order_by(*self.order).limit(more * STEP).subquery()
            numbered = select(rows, func.row_number().over(
                order_by=(rows.c.earliest, rows.c.latest, rows.c.title, rows.c.position,
                          rows.c.id)).label("n")).subquery()
            c = numbered.c
            found = [tuple(r) for r in self.conn.execute(
                select(c.earliest, c.latest, c.title, c.position, c.id)
                .where(c.n % STEP == 0).order_by(c.n))]
            marks = marks + found
            _MARKS.put(self.marks, (marks, len(found) < more))
        return marks

    def _after(self, mark: tuple):
        """Rows after `mark` in the order (a keyset seek; `earliest >=` lets the date index
        start there)."""
        e = s.events
        columns = self.order
        cond = columns[-1] > mark[-1]
        for col, value in zip(reversed(columns[:-1]), reversed(mark[:-1])):
            cond = or_(col > value, and_(col == value, cond))
        return and_(e.c.earliest >= mark[0], cond)


def page_ids(stream: IndexOrder, off: list, offset: int, limit: int) -> list[int]:
    """The ids of events `offset` .. `offset + limit - 1` of the timeline: the events in
    index order (`stream`, read in SQL) merged with the few `off` it does not place (sorted
    by the same key, in Python).

    Of the `offset` events before the page, some number `j` are off-index ones: exactly the
    largest `j` for which the j-th off-index event sorts before the stream's event at
    `offset - j` (fewer stream events before it, more off-index ones). That test only
    turns from true to false as `j` grows, so `j` is found by bisection, one single-row
    query per step; none when nothing is off-index or on the first page.
    """
    if not off:
        return [i for _, i in stream.rows(offset, limit, keys=False)]
    lo, hi = 0, min(offset, len(off))
    while lo < hi:
        j = (lo + hi + 1) // 2
        at = stream.rows(offset - j, 1)
        if not at or off[j - 1].key < at[0][0]:
            lo = j
        else:
            hi = j - 1
    page = stream.rows(offset - lo, limit) + [(x.key, x.id) for x in off[lo:lo + limit]]
    return [i for _, i in sorted(page)[:limit]]
