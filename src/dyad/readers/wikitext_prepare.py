"""Cutting wikitext before it is parsed, and carrying offsets back afterwards.

References and comments are dropped from the rendering anyway; cutting them first (each
replaced by an empty comment, so that the quotes of `'''<ref/>'''` stay apart) halves the
parser's work on citation-heavy pages. The page is then parsed section by section, so that an
unbalanced `''` in "Further reading" cannot make mwparserfromhell give up on a table far
earlier. `uncut` maps offsets of the cut text back to the original wikitext.
"""

from __future__ import annotations

import bisect
import re

# <ref>...</ref> whose body holds no other <ref (an unclosed <ref> is left to the parser),
# self-closing <ref name=x/>, and comments.
_NOTES = re.compile(
    r"<ref\b[^>]*/>|<ref\b[^>]*>(?:(?!<ref\b)[^<]|<(?!ref\b))*?</ref\s*>|<!--.*?-->",
    re.S | re.I,
)


_HEADING_LINE = re.compile(r"^={2,6}[^=\n].*?={2,6}[ \t]*$", re.M)
_TABLE_OPEN = re.compile(r"^[ \t]*\{\|", re.M)
_TABLE_CLOSE = re.compile(r"^[ \t]*\|\}", re.M)


def sections_of(wikitext: str) -> list[tuple[str, int]]:
    """`wikitext` cut before each heading line that is not inside a template or a table,
    as (chunk, offset) pairs that join back to `wikitext`."""
    chunks: list[tuple[str, int]] = []
    start = 0
    for m in _HEADING_LINE.finditer(wikitext):
        if m.start() == start:
            continue
        piece = wikitext[start:m.start()]
        if piece.count("{{") != piece.count("}}"):
            continue
        if len(_TABLE_OPEN.findall(piece)) != len(_TABLE_CLOSE.findall(piece)):
            continue
        chunks.append((piece, start))
        start = m.start()
    chunks.append((wikitext[start:], start))
    return chunks


_PLACEHOLDER = "<!---->"  # keeps the tokens on either side of a cut apart (bold quotes round a ref)


def strip_notes(wikitext: str) -> tuple[str, tuple[list[int], list[int]]]:
    """`wikitext` with each reference and comment replaced by an empty comment, and the cuts:
    for each place text was cut (an offset in the stripped text, just after the placeholder),
    the number of characters cut up to there."""
    pieces: list[str] = []
    points: list[int] = []
    removed: list[int] = []
    cursor = length = total = 0
    keep = len(_PLACEHOLDER)
    for m in _NOTES.finditer(wikitext):
        start, end = m.span()
        if end - start <= keep:
            continue  # nothing to gain ("<!---->" itself)
        pieces.append(wikitext[cursor:start])
        pieces.append(_PLACEHOLDER)
        length += start - cursor + keep
        total += end - start - keep
        points.append(length)
        removed.append(total)
        cursor = end
    if not points:
        return wikitext, ([], [])
    pieces.append(wikitext[cursor:])
    return "".join(pieces), (points, removed)


def uncut(source_map: list[tuple[int, int]], cuts, text_length: int) -> list[tuple[int, int]]:
    """A source map into the stripped text -> the same map into the original wikitext."""
    points, removed = cuts
    if not points:
        return source_map
    def original(offset: int) -> int:
        i = bisect.bisect_right(points, offset) - 1
        return offset + (removed[i] if i >= 0 else 0)

    result: list[tuple[int, int]] = []
    for k, (t, s) in enumerate(source_map):
        run = (source_map[k + 1][0] if k + 1 < len(source_map) else text_length) - t
        result.append((t, original(s)))
        # a cut inside this run of consecutive characters starts a new pair
        i = bisect.bisect_right(points, s)
        while i < len(points) and points[i] < s + run:
            result.append((t + points[i] - s, original(points[i])))
            i += 1
    return result


