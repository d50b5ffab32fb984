"""The source-map buffer of the renderers: the offset pairs it reports."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st

from dyad.readers.render import Out, _pairs, source_offset


@given(st.lists(st.integers(min_value=-3, max_value=1_000_000), max_size=60),
       st.lists(st.integers(min_value=0, max_value=9), max_size=60))
def test_pairs_give_back_every_offset_and_no_more_pairs_than_needed(starts, lengths):
    src = array("q")
    for start, n in zip(starts, lengths):  # runs of consecutive offsets, like emit() makes
        src.extend(range(start, start + n))
    pairs = _pairs(src)
    assert [source_offset(pairs, i) for i in range(len(src))] == list(src)
    # a pair only where the offset does not run on from the previous character
    assert all(i == 0 or src[i] != src[i - 1] + 1 for i, _ in pairs)


def test_pairs_of_an_empty_buffer():
    assert _pairs(array("q")) == []


def test_finish_maps_mapped_and_synthetic_text():
    out = Out()
    out.emit("Hello", 10)
    out.emit(" | ", 3, mapped=False)  # synthetic: every character maps to 3
    out.emit("world", 40)
    text, source_map, _ = out.finish()
    assert text == "Hello | world"
    assert source_map == [(0, 10), (5, 3), (6, 3), (7, 3), (8, 40)]
    assert [source_offset(source_map, i) for i in (0, 4, 6, 8, 12)] == [10, 14, 3, 40, 44]
