"""Stage 'sentences' (see pipeline.py): reads `article.text`, `article.excluded`; writes
`doc.sentences`.

A rule-based splitter, fast enough for dumps (several MB/s in pure Python). It works in two
passes:

1. Blocks. Line structure is a hard boundary: a blank line, a heading line, a list item, a
   table row each make blocks of their own. A single newline joins two lines only when the
   second continues the first (starts in lower case after a line with no final stop), so text
   wrapped at 72 columns still reads as prose. Heading markup (`==`), list bullets and the
   outer `|` of table rows are left out of the sentence span; ASCII table borders are skipped.
2. Inside a block, a sentence ends at `.`, `!`, `?` or an ellipsis, with the closing quotes and
   brackets after it and any citation markers (`.[12][13]`, `. [5]`) attached to it, when the
   next word opens a sentence. Not after a prefix abbreviation (`St.`, `No. 5`, `Gen.`), nor
   after an abbreviation or an initial (`U.S.`, `Inc.`, `J. R. R.`) unless the next word is a
   usual sentence opener (`... the U.S. The embassy`), nor before a lower-case word, nor
   inside a quotation (`said "We will respond. We have no choice."` is one sentence, so the
   quote keeps its speaker); decimals (`3.5`) and inner periods never split because no space
   follows them.

The word lists are data: `rules/en/sentences/{prefixes,abbreviations,starters}.txt`.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib import resources

from ..errors import RuleError
from ..model import Document, Sentence

RULES_DIR = "rules/en/sentences"

_BULLET = re.compile(r"[ \t]*(?:(?:[-*•#]|\d{1,3}[.)])[ \t]+)+(?=\S)")
_HEADING = re.compile(r"[ \t]*(?P<open>=+)[ \t]*(?P<title>[^=\n]*?[^=\s])[ \t]*(?P=open)[ \t\r]*$")
_TABLE_BORDER = re.compile(r"[ \t]*(?:\+[-=+:]+\+|-{3,}(?:[ \t]+-{3,})*|\|?[-:| ]{3,}\|?)[ \t\r]*$")
_TABLE_ROW = re.compile(r"[ \t]*\|(?P<row>.*)\|[ \t\r]*$")
_STOP = re.compile(
    r"(?P<punct>[.!?…]+)(?P<close>[\"'”’»)\]]*)"
    r"(?P<cite>(?:[ \t]?\[(?:\d{1,3}|[a-z]|note \d+)\])*)(?=\s|$)"
)
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*(?P<word>[^\s\"'”’),.;:!?]*)")
# `de Waal, Thomas. "Black Garden"`: a reference's author, not a sentence of its own.
_AUTHOR = re.compile(
    r"(?:(?:de|van|von|der|den|da|di|du|le|la|al|el) )*[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?"
    r", [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}$"
)
_DOTTED = re.compile(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}$")  # "U.S", "H.D", "K.u.K" (not "2.5%")
_INITIAL = re.compile(r"[A-HJ-Z]$")  # "J. R. R."; "I" is the numeral of "World War I." or a pronoun
_SIDES = re.compile(r"[-–/]")
_SOFT_END = re.compile(r"[.!?:;\"'”’)\]]\s*$")


@lru_cache(maxsize=1)
def rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(prefixes, abbreviations, starters) from the rule files; fails loudly on duplicates."""
    loaded = []
    seen: dict[str, str] = {}
    for name in ("prefixes", "abbreviations"):
        loaded.append(_word_list(name, seen))
    loaded.append(_word_list("starters", {}))
    return loaded[0], loaded[1], loaded[2]


def _word_list(name: str, seen: dict[str, str]) -> frozenset[str]:
    path = f"{RULES_DIR}/{name}.txt"
    return parse_words(resources.files("dyad").joinpath(path).read_text(encoding="utf-8"), path, seen)


def parse_words(text: str, path: str, seen: dict[str, str]) -> frozenset[str]:
    """One word a line, `#` comments; a word already in `seen` (word -> file) is an error."""
    words = set()
    for number, line in enumerate(text.splitlines(), 1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if " " in word:
            raise RuleError(f"{path}:{number}", f"one word a line, got {word!r}")
        if word in words or word in seen:
            where = seen.get(word, path)
            raise RuleError(f"{path}:{number}", f"{word!r} is already listed in {where}")
        words.add(word)
        seen[word] = path
    return frozenset(words)


def run(doc: Document) -> None:
    """Sentences of the prose: none wholly inside an excluded span (infobox, category line,
    table border), and none starting with non-prose (an image caption's tail `...2009]]`,
    a reference's `[1]`): such a sentence starts after it."""
    text = doc.text
    excluded = _join_across_space(text, sorted(doc.article.excluded))
    sentences = []
    for start, end in split(text):
        start = _skip_excluded(text, start, end, excluded)
        if start < end:
            sentences.append(Sentence(start, end))
    doc.sentences = sentences


def _join_across_space(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Excluded spans separated only by whitespace count as one (consecutive non-prose lines)."""
    joined: list[tuple[int, int]] = []
    for s, e in spans:
        if joined and (s <= joined[-1][1] or not text[joined[-1][1]:s].strip()):
            joined[-1] = (joined[-1][0], max(joined[-1][1], e))
        else:
            joined.append((s, e))
    return joined


def _skip_excluded(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> int:
    """`start` moved past the excluded spans (and the spaces after them) it falls in."""
    while True:
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        if i < 0 or not spans[i][0] <= start < spans[i][1]:
            return start
        start = spans[i][1]
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            return end


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` of `text`, in order, end exclusive, trimmed."""
    spans: list[tuple[int, int]] = []
    for start, end in blocks(text):
        _split_block(text, start, end, spans)
    return spans


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text that no sentence crosses: paragraphs, headings, list items, table rows."""
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # a prose line that the next line may continue
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():  # a blank line ends a paragraph
            if pending:
                out.append(pending)
                pending = None
            continue
        structural = _structural(line, start)
        if structural is not None:
            if pending:
                out.append(pending)
                pending = None
            if structural[0] < structural[1]:
                out.append(structural)
            continue
        if pending and _continues(text, pending, line):
            pending = (pending[0], end)
            continue
        if pending:
            out.append(pending)
        pending = (start, end)
    if pending:
        out.append(pending)
    return out


def _structural(line: str, start: int) -> tuple[int, int] | None:
    """The span to split for a heading, list item or table line; None for a prose line."""
    first = line.lstrip()[:1]
    if first == "=":
        h = _HEADING.match(line)
        if h:
            return (start + h.start("title"), start + h.end("title"))
    elif first in "-*•#+|" or first.isdigit():
        if _TABLE_BORDER.match(line):
            return (start, start)  # nothing to split
        row = _TABLE_ROW.match(line)
        if row:
            inner = row.group("row")
            lo = len(inner) - len(inner.lstrip())
            hi = len(inner.rstrip())
            return (start + row.start("row") + lo, start + row.start("row") + hi)
        b = _BULLET.match(line)
        if b:
            return (start + b.end(), start + len(line.rstrip()))
    return None


def _continues(text: str, pending: tuple[int, int], line: str) -> bool:
    """A wrapped line: the previous one has no final stop and this one starts in lower case."""
    s = line.lstrip()
    if not s or not s[0].islower():
        return False
    tail = text[max(pending[0], pending[1] - 8):pending[1]]  # only the end matters: stay linear
    return not _SOFT_END.search(tail)


def _split_block(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    prefixes, abbreviations, starters = rules()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    sent_start = start
    for m in _STOP.finditer(text, start, end):
        stop_end = m.end()
        nxt = stop_end
        while nxt < end and text[nxt] in " \t\n":
            nxt += 1
        if nxt >= end:
            break
        if not _ends(text, m, nxt, end, prefixes, abbreviations, starters):
            continue
        if text[nxt] in "\"“_" and _AUTHOR.match(text, sent_start, m.start()):
            continue
        if stop_end - sent_start < _MAX_QUOTE and _open_quote(
                text, sent_start, stop_end, min(end, sent_start + _MAX_QUOTE)):
            continue  # `said "We will respond. We have no choice."` stays one sentence
        spans.append((sent_start, stop_end))
        sent_start = nxt
    if sent_start < end:
        spans.append((sent_start, end))


_MAX_QUOTE = 600  # an unbalanced quote mark stops holding sentences together after this


def _open_quote(text: str, start: int, end: int, limit: int) -> bool:
    """Is a double quotation opened in text[start:end], not yet closed, and closed before
    `limit`? (A stray mark, such as inches, never closes and holds nothing together.)"""
    if text.count('"', start, end) % 2 == 1 and text.find('"', end, limit) >= 0:
        return True
    return (text.count("“", start, end) > text.count("”", start, end)
            and text.find("”", end, limit) >= 0)


def _ends(text, m, nxt, end, prefixes, abbreviations, starters) -> bool:
    """Does the stop matched by `m` end a sentence, the next word starting at `nxt`?

    Ordered so that the common case (a period, a plain word, a capital) costs little."""
    first = text[nxt]
    if first.islower():
        return False  # "e.g. the", "Jr. and"
    word = None
    if not first.isalnum():  # a quote or bracket first: look at the word inside it
        word = _word(text, nxt, end)
        if word[:1].islower():
            return False
    punct, close, cite = m.group("punct", "close", "cite")
    if punct != "." or close or cite:
        # ! ? … or a period followed by a quote or a citation: the period is the sentence's
        if (punct.startswith("..") or "…" in punct) and not close:
            return (word if word is not None else _word(text, nxt, end)) in starters
        return True
    stop = m.start()
    floor = max(0, stop - 60)  # bounded look-back: the scan stays linear
    lo = max(text.rfind(" ", floor, stop), text.rfind("\n", floor, stop),
             text.rfind("\t", floor, stop), floor - 1) + 1
    before = text[lo:stop].lstrip("([\"'“‘")
    if not before:
        return True  # "actor ." (tokenised text) or a stop after a quote
    if "-" in before or "–" in before or "/" in before:
        before = _SIDES.split(before)[-1] or before  # "Great Lakes-St. Lawrence"
    if before in prefixes:
        return False
    if before in abbreviations or _DOTTED.match(before) or _INITIAL.match(before):
        following = _NEXT_WORD.match(text, nxt, end)
        word = following.group("word")
        if len(word) == 1 and text.startswith(".", following.end("word")):
            return False  # another initial: "R. A. Dickey", "Dr. W. A. Cooper"
        return word in starters  # "U.S. The", "J. R. R. Tolkien"
    return True  # a capital, a digit ("in 1988. 1989 was") or a quote opens the next one


def _word(text: str, start: int, end: int) -> str:
    return _NEXT_WORD.match(text, start, end).group("word")
