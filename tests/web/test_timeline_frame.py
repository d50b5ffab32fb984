"""The dyad page's timeline axis: whole centuries for a long history, decades for a short one."""

from __future__ import annotations

from dyad.web.views import _timeline_frame


def _event(day: str) -> dict:
    return {"date": {"earliest": day, "latest": day}}


def _summary() -> dict:
    return {"parties": [], "ended": None}


def test_one_event_is_framed_by_its_decade():
    frame = _timeline_frame(_summary(), [_event("1992-12-30")])
    assert frame["presets"][0]["label"] == "All (1990–1999)"


def test_a_long_history_is_framed_by_centuries():
    frame = _timeline_frame(_summary(), [_event("1045-01-01"), _event("2024-06-14")])
    assert frame["presets"][0]["label"] == "All (1000–2024)"
