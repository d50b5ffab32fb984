"""Text with extracted spans highlighted, as safe HTML.

Spans may overlap (an actor mention inside a timex, a trigger inside an actor's name), so the
text is cut at every span boundary and each piece is wrapped in one `<mark>` whose classes are
all the spans covering it; nothing is nested, so any overlap renders. Everything is escaped.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def _title(span: dict) -> str:
    kind = span["kind"]
    if kind == "timex":
        mod = f" {span['mod']}" if span.get("mod") else ""
        return f"TIMEX3 {span.get('type')} {span.get('value')}{mod} (rule {span.get('rule')})"
    if kind == "actor":
        return f"{span.get('name')} ({span.get('actor_kind')}, {span.get('actor')})"
    if kind == "event":
        return f"{span.get('type')} event (rule {span.get('rule')})"
    if kind == "trigger":
        return "trigger of this event"
    return kind


def highlight(text: str, spans: list[dict], base: int = 0, link_events: bool = False,
              sentence_ids: list[tuple[int, int]] | None = None) -> Markup:
    """`text` (which starts at offset `base` of the article) with `spans` marked.

    `sentence_ids`: article offsets of sentences; each gets an anchor `#s<i>` so that search
    hits and event pages can link to the sentence in the article view.
    """
    end = base + len(text)
    inside = [sp for sp in spans if sp["start"] < end and sp["end"] > base
              and sp["end"] > sp["start"]]
    cuts = {base, end}
    for sp in inside:
        cuts.add(max(base, sp["start"]))
        cuts.add(min(end, sp["end"]))
    anchors = {}
    for i, (s0, _s1) in enumerate(sentence_ids or []):
        if base <= s0 < end:
            anchors.setdefault(s0, []).append(i)
            cuts.add(s0)
    points = sorted(cuts)
    # Sweep: spans enter at their start and leave at their end, so each piece looks only at
    # the spans open over it (linear in spans + pieces, whatever the article's size).
    starting: dict[int, list[dict]] = {}
    for sp in inside:
        starting.setdefault(max(base, sp["start"]), []).append(sp)
    open_spans: list[dict] = []
    out = []
    for a, b in zip(points, points[1:]):
        for i in anchors.get(a, ()):
            out.append(f'<span class="s-anchor" id="s{i}"></span>')
        open_spans = [sp for sp in open_spans if sp["end"] > a] + starting.get(a, [])
        piece = escape(text[a - base:b - base])
        covering = open_spans
        if not covering:
            out.append(piece)
            continue
        classes = sorted({sp["kind"] for sp in covering})
        quad = next((sp.get("quad") for sp in covering if sp["kind"] in ("event", "trigger")
                     and sp.get("quad")), None)
        if quad:
            classes.append("q-" + quad.replace(" ", "-"))
        title = "; ".join(_title(sp) for sp in covering)
        inner = piece
        event = next((sp for sp in covering if sp["kind"] == "event"), None)
        if link_events and event is not None:
            inner = f'<a href="{escape(event["url"])}">{piece}</a>'
        data = f' data-event="{event["event"]}"' if event is not None else ""
        out.append(f'<mark class="{" ".join(classes)}" title="{escape(title)}"{data}>'
                   f"{inner}</mark>")
    return Markup("".join(out))
