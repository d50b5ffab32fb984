"""Highlighting: overlapping spans all render, nothing nests, everything is escaped, and the
text reads the same with the marks taken out."""

from __future__ import annotations

import html
import re

from dyad.web.highlight import highlight


def strip(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_overlapping_spans_render_without_nesting():
    text = "the Supreme Soviet of the Soviet Union rejected <it> & more"
    spans = [
        {"kind": "actor", "start": 4, "end": 38, "name": "Supreme Soviet", "actor": "a1",
         "actor_kind": "organization"},
        {"kind": "actor", "start": 26, "end": 38, "name": "Soviet Union", "actor": "a2",
         "actor_kind": "polity"},
        {"kind": "event", "start": 39, "end": 47, "event": 7, "type": "REJECT",
         "quad": "verbal conflict", "rule": "r", "url": "/events/7"},
    ]
    out = str(highlight(text, spans, link_events=True))
    assert strip(out) == text
    assert "<it>" not in out and "&lt;it&gt;" in out
    assert "<mark" in out and "<mark><mark" not in out
    assert re.search(r'<mark class="event q-verbal-conflict"[^>]*data-event="7"><a href="/events/7">rejected</a></mark>', out)
    # the part both actors cover carries both names in its title
    assert re.search(r'title="Supreme Soviet[^"]*; Soviet Union[^"]*"[^>]*>Soviet Union</mark>', out)


def test_base_offset_clips_and_anchors():
    text = "Second sentence here."
    spans = [{"kind": "timex", "start": 95, "end": 107, "type": "DATE", "value": "1988",
              "rule": "x"}]
    out = str(highlight(text, spans, base=100, sentence_ids=[(0, 99), (100, 121)]))
    assert strip(out) == text
    assert 'id="s1"' in out and 'id="s0"' not in out
    assert out.count("<mark") == 1 and ">Second </mark>" in out  # clipped at the base
