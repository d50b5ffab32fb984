"""A text buffer that remembers, for every character it holds, where it came from.

Renderers (wikitext, WikiText-2) emit pieces of text with the source offset they came from.
Synthetic text (a template's rendered date, a table's cell separator) maps every character to
the offset of the markup that produced it. `finish()` tidies whitespace the way a reader of the
rendered page expects (no trailing blanks, at most one empty line in a row) and returns the
text, the `(text_offset, source_offset)` pairs of `Article.source_map`, and a function that
carries offsets recorded before tidying (sections, excluded spans) over to the final text.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable

# Whitespace the rendering leaves behind when markup is dropped. Two passes, because the
# second one must see the text after the first one (a line of spaces between newlines).
_SPACES = re.compile(r"\A\s+|[ \t\u00a0]+(?=\n)|(?<=\n)[ \t]+|(?<=[ \t]) [ \t]*")
_NEWLINES = re.compile(r"(?<=\n\n)\n+|\s+\Z")


class Out:
    """Append-only text with a per-character source offset."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.src = array("q")
        self.length = 0
        self.excluded: list[tuple[int, int]] = []

    def emit(self, text: str, src: int, *, mapped: bool = True, excluded: bool = False) -> None:
        """Add `text`. `mapped`: the characters are the source's own, starting at `src`;
        otherwise (synthetic text) every character maps to `src`."""
        if not text:
            return
        n = len(text)
        if excluded:
            self.excluded.append((self.length, self.length + n))
        self.parts.append(text)
        if mapped:
            self.src.extend(range(src, src + n))
        else:
            self.src.extend([src] * n)
        self.length += n

    def ends_with_newline(self) -> bool:
        for part in reversed(self.parts):
            if part:
                return part.endswith("\n")
        return True  # an empty buffer counts as the start of a line

    def newline(self, src: int) -> None:
        """Make sure what follows starts a line."""
        if not self.ends_with_newline():
            self.emit("\n", src, mapped=False)

    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def extend(self, other: Out, *, strip: bool = False, lead: str = "") -> None:
        """Append another buffer (a table cell, a template parameter), optionally stripped of
        white space, and of the characters in `lead` at its start (a link's colon)."""
        text = other.text()
        lo, hi = 0, len(text)
        while lo < hi and text[lo] in lead:
            lo += 1
        if strip:
            while lo < hi and text[lo].isspace():
                lo += 1
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
        if lo >= hi:
            return
        base = self.length - lo
        for s, e in other.excluded:
            s, e = max(s, lo), min(e, hi)
            if s < e:
                self.excluded.append((s + base, e + base))
        self.parts.append(text[lo:hi])
        self.src.extend(other.src[lo:hi])
        self.length += hi - lo

    def finish(self) -> tuple[str, list[tuple[int, int]], Callable[[int], int]]:
        text, src = self.text(), self.src
        remaps: list[Callable[[int], int]] = []
        for pattern in (_SPACES, _NEWLINES):
            text, src, remap = _delete(text, src, pattern)
            remaps.append(remap)

        def carry(offset: int) -> int:
            for remap in remaps:
                offset = remap(offset)
            return offset

        return text, _pairs(src), carry


def _delete(text: str, src: array, pattern: re.Pattern) -> tuple[str, array, Callable[[int], int]]:
    spans = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    if not spans:
        return text, src, lambda offset: offset
    pieces: list[str] = []
    new_src = array("q")
    starts: list[int] = []  # old offsets where a deletion starts
    removed_before: list[int] = []  # characters deleted before that deletion
    ends: list[int] = []
    cursor = removed = 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        new_src.extend(src[cursor:start])
        starts.append(start)
        ends.append(end)
        removed_before.append(removed)
        removed += end - start
        cursor = end
    pieces.append(text[cursor:])
    new_src.extend(src[cursor:])

    def remap(offset: int) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        if offset < ends[i]:  # inside a deleted run: where the run was
            return starts[i] - removed_before[i]
        return offset - removed_before[i] - (ends[i] - starts[i])

    return "".join(pieces), new_src, remap


def _pairs(src: array) -> list[tuple[int, int]]:
    """The points where text offset -> source offset stops being "one more than before"."""
    pairs: list[tuple[int, int]] = []
    expected = None
    for i, s in enumerate(src):
        if s != expected:
            pairs.append((i, s))
        expected = s + 1
    return pairs


def source_offset(source_map: list[tuple[int, int]], offset: int) -> int:
    """Source offset of text offset `offset` under a `(text_offset, source_offset)` map."""
    if not source_map:
        return offset
    i = bisect.bisect_right(source_map, (offset, float("inf"))) - 1
    if i < 0:
        return source_map[0][1]
    t, s = source_map[i]
    return s + (offset - t)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-empty, non-overlapping spans covering the same characters as `spans`."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
