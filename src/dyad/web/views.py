"""What each page shows, as plain data: the page renders it, its `.json` twin returns it.

Views turn names from URLs into knowledge-base ids (through `query.resolve`, so any alias
works: `/dyads/nkr/armenia`), call the read-side queries of `query.browse`, and add what
only the pages need (zoom presets, the decade chart's geometry). No SQL here.
"""

from __future__ import annotations

import calendar
import re

from sqlalchemy import select

from ..errors import QueryError
from ..query import browse, events, kbcache
from ..query import search as fulltext
from ..query import polities as polity_queries
from ..query.humanize import format_day
from ..query.resolve import dyad_status, parse_day, resolve_party
from ..store import Store, schema as s
from ..store.write import canonical_pair
from .errors import ApiError

PAGE_EVENTS = 1000  # events a dyad page embeds; the API pages through the rest


def party(store: Store, name: str):
    """The party a URL names: an id (`person:nikol-pashinyan`), any alias, or a page slug
    (`hong-kong`, tried with spaces when the name as given is unknown)."""
    try:
        try:
            return resolve_party(store, name)
        except QueryError:
            if "-" not in name:
                raise
            return resolve_party(store, name.replace("-", " "))
    except QueryError as error:
        code = "ambiguous_party" if "ambiguous" in error.message else "unknown_party"
        raise ApiError(404 if code == "unknown_party" else 400, code,
                       f"{name}: {error.message}") from error


_DYADS: dict[tuple, tuple] = {}


def dyad_id(store: Store, a: str, b: str) -> tuple[int, object, object]:
    """The stored dyad between parties named `a` and `b` (any alias), or a 404. Resolved
    names are remembered until the knowledge base changes (every timeline page asks)."""
    with store.connect() as conn:
        key = (kbcache.kb_version(conn), a, b)
    if key in _DYADS:
        return _DYADS[key]
    p1, p2 = party(store, a), party(store, b)
    c1, c2 = canonical_pair(p1.id, p2.id)
    with store.connect() as conn:
        found = conn.execute(select(s.dyads.c.id).where(
            s.dyads.c.party1 == c1, s.dyads.c.party2 == c2)).scalar()
    if found is None:
        raise ApiError(404, "unknown_dyad",
                       f"no article about relations between {p1.name} and {p2.name}")
    if len(_DYADS) > 4096:
        _DYADS.clear()
    _DYADS[key] = (found, p1, p2)
    return _DYADS[key]


def day(value: str | None, *, end: bool = False, what: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return parse_day(value, end=end, what=what)
    except QueryError as error:
        # A range bound past the month's end (2023-02-30) means the month's end.
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value.strip())
        if m and 1 <= int(m[2]) <= 12 and int(m[3]) <= 31:
            last = calendar.monthrange(int(m[1]), int(m[2]))[1]
            return f"{m[1]}-{m[2]}-{min(int(m[3]), last):02d}"
        raise ApiError(400, "bad_date", error.one_line()) from error


def query_call(fn, *args, **kw):
    """Run a browse query; its QueryErrors become 404 (not found) or 400 (bad request)."""
    try:
        return fn(*args, **kw)
    except QueryError as error:
        missing = error.message.startswith("no ")
        raise ApiError(404 if missing else 400, "not_found" if missing else "bad_request",
                       error.one_line()) from error


def home(store: Store, q: str | None = None, limit: int = 200, offset: int = 0) -> dict:
    with store.connect() as conn:
        data = query_call(browse.list_dyads, conn, q, limit, offset)
        data["counts"] = browse.kb_counts(conn)
    data["q"] = q
    return data


def status(store: Store, a: str, b: str, on: str) -> dict:
    _, p1, p2 = dyad_id(store, a, b)  # 404 for a pair no article is about
    day(on, what="date (on)")
    try:
        st = dyad_status(store, p1.id, p2.id, on=on)
    except QueryError as error:
        raise ApiError(400, "bad_request", error.one_line()) from error
    out = st.to_json()
    out["ended_text"] = format_day(out["ended"])
    return out


def dyad(store: Store, a: str, b: str) -> dict:
    """The dyad page: summary, actors, the embedded timeline and the page's presets."""
    did, _p1, _p2 = dyad_id(store, a, b)
    with store.connect() as conn:
        summary = query_call(browse.dyad_summary, conn, did)
        summary["actors"] = browse.dyad_actors(conn, did)
        page = browse.timeline_page(conn, did, limit=browse.MAX_LIMIT)
        events = list(page["events"])
        while len(events) < min(page["total"], PAGE_EVENTS):
            more = browse.timeline_page(conn, did, limit=browse.MAX_LIMIT, offset=len(events))
            if not more["events"]:
                break
            events.extend(more["events"])
    summary["events"] = events
    summary["events_total"] = page["total"]
    summary["timeline"] = _timeline_frame(summary, events)
    return summary


def _timeline_frame(summary: dict, events: list[dict]) -> dict:
    """Domain, zoom presets and the end marker for the timeline script."""
    years = [int(e["date"]["earliest"][:4]) for e in events if e["date"]["earliest"]]
    years += [int(e["date"]["latest"][:4]) for e in events if e["date"]["latest"]]
    if summary.get("ended"):
        years.append(int(summary["ended"][:4]))
    if years:
        # A long history is framed by whole centuries; a short one by its decades, so that one
        # event in 1992 is not drawn on a 1900-1992 axis.
        step = 100 if max(years) - min(years) >= 50 else 10
        lo = (min(years) // step) * step
        hi = max(max(years) + 1, lo + 10)
    else:
        lo, hi = 1900, 2025
    presets = [{"label": f"All ({lo}–{hi - 1})", "from": f"{lo:04d}-01-01", "to": f"{hi:04d}-01-01"}]
    decades: dict[int, int] = {}
    by_year: dict[int, int] = {}
    for e in events:
        d = e["date"]
        if d["earliest"] and d["latest"] and d["earliest"][:4] == d["latest"][:4]:
            y = int(d["earliest"][:4])
            by_year[y] = by_year.get(y, 0) + 1
            decades[y // 10 * 10] = decades.get(y // 10 * 10, 0) + 1
    if any(y >= 1900 for y in years) and lo < 1900:
        presets.append({"label": "20th–21st c.", "from": "1900-01-01", "to": f"{hi:04d}-01-01"})
    for dec in sorted(dec for dec, n in decades.items() if n >= 3)[:5]:
        presets.append({"label": f"{dec}s", "from": f"{dec:04d}-01-01", "to": f"{dec + 10:04d}-01-01"})
    for y in sorted(y for y, n in by_year.items() if n >= 4)[:3]:
        presets.append({"label": str(y), "from": f"{y:04d}-01-01", "to": f"{y + 1:04d}-01-01"})
    lifes = []
    for p in summary["parties"]:
        until = None
        if p.get("dissolved"):
            try:
                until = parse_day(p["dissolved"])
            except QueryError:
                until = None
        lifes.append({"name": p["name"], "from": _first_day(p.get("founded")), "until": until})
    ended_label = None
    if summary.get("ended"):
        who = summary.get("ended_because") or "relation ended"
        ended_label = f"{who} · {format_day(summary['ended'])}"
    return {"domain": [f"{lo:04d}-01-01", f"{hi:04d}-01-01"], "presets": presets,
            "ended": summary.get("ended"), "ended_label": ended_label, "parties": lifes}


def _first_day(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_day(value)
    except QueryError:
        return None


def event(store: Store, event_id: int) -> dict:
    with store.connect() as conn:
        return query_call(events.event_detail, conn, event_id)


def article(store: Store, article_id: int) -> dict:
    with store.connect() as conn:
        return query_call(events.article_detail, conn, article_id)


def polity(store: Store, name: str) -> dict:
    p = party(store, name)
    with store.connect() as conn:
        return query_call(polity_queries.polity_detail, conn, p.id)


def polities(store: Store, q: str | None, limit: int, offset: int) -> dict:
    with store.connect() as conn:
        return query_call(polity_queries.list_polities, conn, q, limit, offset)


def search(store: Store, q: str, limit: int = 20, offset: int = 0) -> dict:
    with store.connect() as conn:
        return query_call(fulltext.search_sentences, conn, q, limit, offset)


def decade_chart(by_decade: list[dict], width: int = 300, height: int = 120) -> dict:
    """Geometry of the small stacked bar chart of events per decade (drawn by the template)."""
    if not by_decade:
        return {"bars": [], "width": width, "height": height}
    top = max(d["events"] for d in by_decade)
    n = len(by_decade)
    slot = width / n
    bar_w = max(3.0, min(26.0, slot * 0.72))
    plot_h = height - 16
    head = 12  # room above the tallest bar for its count
    bars = []
    for i, d in enumerate(by_decade):
        x = i * slot + (slot - bar_w) / 2
        y = plot_h
        parts = []
        for quad in (*browse.QUADS, "other"):
            k = d["by_quad"].get(quad, 0)
            if not k:
                continue
            h = (plot_h - head) * k / top
            y -= h
            parts.append({"quad": quad, "y": round(y, 1), "h": round(h, 1), "n": k})
        bars.append({"x": round(x, 1), "w": round(bar_w, 1), "parts": parts,
                     "label": d["decade"], "events": d["events"],
                     "show_label": n <= 12 or i % max(1, n // 8) == 0})
    return {"bars": bars, "width": width, "height": height, "plot_h": plot_h, "top": top}
