"""Finding rule matches fast: the same matches as `RuleSet.regex.finditer`, an order of
magnitude sooner.

Python's regex engine tries every alternative of the combined pattern at every position of the
text, which runs at tens of KB/s. The scanner instead works out, from each rule's parsed
pattern, the keys its matches can start with: up to twelve characters of lower-cased text in
which every digit is written "0" and every run of whitespace one space (`\\b\\d{4}s` gives
"0000s", `the\\s+same` "the same", `mid-?(?:%decades)` "mid-twenties", "midtwenties", ...). A
key starts with BOUNDARY when the rule's match can only start at a word boundary (`\\b`).

One trie-shaped pattern over the lower-cased text finds, at each position, the longest key
the text starts with there (it reads whitespace runs as one space and any digit as "0", as the
keys are written); that key and its shorter prefixes name the only rules that can match at that
position. They are tried in rule order, as one alternation compiled for that set of rules.
Since the first rule matching at the leftmost position wins, this is exactly what the combined
alternation would return (a test compares the two on real corpora, and
bench/check_scanner_equivalence.py on all of them).

A rule whose first character can be any letter ("Mission1": a word with digits) cannot be
found by key; it must say where it starts with its own `trigger` regex and is then tried
wherever that trigger fires, as well as at every key found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...errors import RuleError
from .rules import _BACKREF, _GROUP, RuleSet

try:  # Python 3.11+
    from re import _constants as C, _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

DIGIT = "0"  # any decimal digit, in a key and in the text it is looked up with
SPACE = " "  # a run of whitespace
BOUNDARY = "\b"  # (the backspace character) leads a key whose match starts at a word boundary
ANY = "#any"  # a match can start with any letter: the rule needs a `trigger`
MAX_PREFIX = 12  # characters of a key, BOUNDARY not counted
SHORTER = (12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)  # key lengths tried, longest first, to stay in the budget
KEY_BUDGET = 300  # keys a rule may have; more (number formats, word lists) and they are shorter
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))
_TRANSPARENT = (C.SUBPATTERN, getattr(C, "ATOMIC_GROUP", None))
_NORMAL_SPACE = re.compile(r"\s+")
_NORMAL_DIGIT = re.compile(r"\d")


def first_prefixes(pattern: str, max_length: int = MAX_PREFIX,
                   budget: int = KEY_BUDGET) -> set[str]:
    """The keys a match of `pattern` (compiled with IGNORECASE) can start with: lower-cased
    text, DIGIT for a digit, one SPACE for any whitespace, at most `max_length` characters
    after an optional leading BOUNDARY; ANY when a match can start with any letter.

    Every match's text, normalised the same way, starts with one of the keys (a superset: a
    key ends wherever the pattern's next characters cannot be spelled out). When spelling them
    out would give more than `budget` keys, they are all cut shorter (see SHORTER)."""
    parsed = list(P.parse(pattern, re.I))
    for limit in SHORTER:
        if limit > max_length:
            continue
        walk = _Walk(limit, budget)
        try:
            for p in walk.items(parsed, {""}):
                walk.end(p)
        except _TooMany:
            continue
        if len(walk.closed) <= budget:
            return walk.closed
    return walk.closed  # pragma: no cover - one character each: a small alphabet


def normalise(text: str) -> str:
    """Text as keys are written: lower-cased, digits as DIGIT, whitespace runs as one SPACE."""
    return _NORMAL_DIGIT.sub(DIGIT, _NORMAL_SPACE.sub(SPACE, text.lower()))


def _char(code: int) -> str:
    ch = chr(code).lower()[:1] or chr(code)
    if ch.isdecimal():  # what `\d` matches
        return DIGIT
    if ch.isspace():  # what `\s` matches
        return SPACE
    return ch


def _chars(op, av) -> set[str] | None:
    """The key characters one character of the text can be at this item; None if unknown."""
    if op is C.LITERAL:
        return {_char(av)}
    if op is not C.IN:
        return None  # ANY, NOT_LITERAL, ...
    out: set[str] = set()
    for sub_op, sub_av in av:
        if sub_op is C.LITERAL:
            out.add(_char(sub_av))
        elif sub_op is C.RANGE:
            lo, hi = sub_av
            if all(chr(c).isdecimal() for c in range(lo, hi + 1)):
                out.add(DIGIT)
            elif hi - lo < 8:
                out.update(_char(c) for c in range(lo, hi + 1))
            else:
                return None
        elif sub_op is C.CATEGORY and sub_av is C.CATEGORY_DIGIT:
            out.add(DIGIT)
        elif sub_op is C.CATEGORY and sub_av is C.CATEGORY_SPACE:
            out.add(SPACE)
        else:  # NEGATE, a word or non-digit category, ...
            return None
    return out if len(out) <= 8 else None


class _TooMany(Exception):
    pass


class _Walk:
    """Spells out a parsed pattern's possible starts. `opened` are the keys still growing
    (the text so far is known exactly); `closed` the finished ones."""

    def __init__(self, limit: int, budget: int) -> None:
        self.limit, self.budget = limit, budget
        self.closed: set[str] = set()

    def length(self, p: str) -> int:
        return len(p) - p.startswith(BOUNDARY)

    def end(self, p: str) -> None:
        self.closed.add(p if self.length(p) else ANY)
        if len(self.closed) > self.budget:
            raise _TooMany

    def end_all(self, opened: set[str]) -> set[str]:
        for p in opened:
            self.end(p)
        return set()

    def items(self, items, opened: set[str]) -> set[str]:
        for op, av in items:
            if not opened:
                break
            if op is C.AT:
                if av is C.AT_BOUNDARY and "" in opened:  # a match starting at a word boundary
                    opened = (opened - {""}) | {BOUNDARY}
                continue  # other anchors and a boundary later on: zero-width, not spelled
            if op in (C.ASSERT, C.ASSERT_NOT):
                continue  # zero-width: the keys only become a wider net
            if op in _TRANSPARENT:
                opened = self.items(list(av[-1] if op is C.SUBPATTERN else av), opened)
            elif op is C.BRANCH:
                result: set[str] = set()
                for branch in av[1]:
                    result |= self.items(list(branch), set(opened))
                opened = result
            elif op in _REPEATS:
                opened = self.repeat(*av, opened)
            else:
                chars = _chars(op, av)
                opened = self.end_all(opened) if chars is None else self.step(opened, chars)
            if len(opened) > self.budget:
                raise _TooMany
        return opened

    def step(self, opened: set[str], chars: set[str]) -> set[str]:
        nxt: set[str] = set()
        for p in opened:
            for ch in chars:
                if ch == DIGIT and DIGIT in p and not p.endswith(DIGIT):
                    self.end(p)  # one number per key: "0,000.00" would be endless
                    continue
                q = p if ch == SPACE and p.endswith(SPACE) else p + ch  # one space for a run
                if self.length(q) >= self.limit:
                    self.end(q)
                else:
                    nxt.add(q)
        return nxt

    def repeat(self, lo: int, hi: int, body, opened: set[str]) -> set[str]:
        """`body` lo to hi times: the union of the keys after each count. An unbounded repeat
        ends when another round adds nothing new (whitespace: one space) or every key is full."""
        body = list(body)
        for _ in range(lo):
            before = opened
            opened = self.items(body, set(opened))
            if not opened or opened == before:
                return opened
        result = set(opened)
        frontier = opened
        count = lo
        while frontier and count < hi:
            frontier = self.items(body, set(frontier)) - result
            result |= frontier
            if len(result) > self.budget:
                raise _TooMany
            count += 1
        return result


class Scanner:
    def __init__(self, rules: RuleSet):
        self.rules = rules
        # key -> rules, for matches at a word boundary / anywhere
        self.bounded: dict[str, list[int]] = {}
        self.anywhere: dict[str, list[int]] = {}
        always: list[int] = []
        extra: list[str] = []
        for i, rule in enumerate(rules.rules):
            keys = first_prefixes(rule.pattern)
            if ANY in keys:
                if not rule.trigger:
                    raise RuleError(f"{rules.folder}/{rule.file}:{rule.line}",
                                    f"rule '{rule.id}' can start with any letter: give it a "
                                    "`trigger` regex saying where its matches start")
                always.append(i)
                extra.append(rule.trigger)
                keys.discard(ANY)
            for k in keys:
                if k.startswith(BOUNDARY):
                    self.bounded.setdefault(k[1:], []).append(i)
                else:
                    self.anywhere.setdefault(k, []).append(i)
        self.always = always
        # Group 1: the longest key at a word boundary, group 2: the longest key that needs
        # none. Both are lookaheads, so that no position is passed over: a key may hold the
        # start of another rule's match. The trigger runs on the lower-cased text: no
        # IGNORECASE, twice as fast.
        never = "(?!)"
        alternatives = [r"\b(?=(" + (_trie(self.bounded.keys() | self.anywhere.keys()) or never)
                        + "))",
                        "(?=(" + (_trie(self.anywhere.keys()) or never) + "))"]
        if extra:
            alternatives.append("(?=" + "|".join(f"(?:{t})" for t in extra) + ")")
        self.trigger = re.compile("|".join(alternatives))
        self._by_hit: dict[tuple[str | None, str | None], tuple] = {}
        self._by_key: dict[tuple[bool, str], tuple] = {}
        self._by_set: dict[tuple[int, ...], re.Pattern[str]] = {}

    def candidates(self, key: str, boundary: bool = True) -> list[int]:
        """The rules, in order, whose matches can start where the text reads `key` (normalised,
        see `normalise`), `boundary` telling whether that is at a word boundary."""
        found: set[int] = set(self.always)
        for n in range(1, len(key) + 1):
            found.update(self.anywhere.get(key[:n], ()))
            if boundary:
                found.update(self.bounded.get(key[:n], ()))
        return sorted(found)

    def _dispatch(self, hit: tuple[str | None, str | None]) -> tuple:
        """(pattern, rule indices) for a trigger hit: one alternation of the candidate rules, so
        that a hit costs one `match` call in C rather than one per rule. Compiled once per
        distinct set of rules."""
        bounded, anywhere = hit
        boundary = bounded is not None
        key = (boundary, normalise(bounded if boundary else anywhere or ""))
        entry = self._by_key.get(key)
        if entry is None:
            idx = self.candidates(key[1], boundary)
            entry = (self._alternation(tuple(idx)) if idx else None, idx)
            self._by_key[key] = entry
        if len(self._by_hit) > 50_000:  # raw hits vary with digits and spacing: stay bounded
            self._by_hit.clear()
        self._by_hit[hit] = entry
        return entry

    def _alternation(self, sig: tuple[int, ...]) -> re.Pattern[str]:
        pat = self._by_set.get(sig)
        if pat is None:
            parts = []
            for i in sig:
                pattern = self.rules.rules[i].pattern
                body = _GROUP.sub(lambda m, i=i: f"(?P<r{i}_{m.group(1)}>", pattern)
                body = _BACKREF.sub(lambda m, i=i: f"(?P=r{i}_{m.group(1)})", body)
                parts.append(f"(?P<R{i}>{body})")
            pat = re.compile("|".join(parts), re.I)
            self._by_set[sig] = pat
        return pat

    def finditer(self, text: str) -> Iterator[tuple[int, "RuleMatch"]]:
        """(rule index, match) in text order, non-overlapping, leftmost, first rule wins."""
        lower = text.lower()
        if len(lower) != len(text):  # a character whose lower case is longer: keep offsets
            lower = _lower_same_length(text)
        by_hit = self._by_hit
        dispatch = self._dispatch
        pos = 0
        for t in self.trigger.finditer(lower):
            p = t.start()
            if p < pos:
                continue
            hit = t.group(1, 2)
            entry = by_hit.get(hit) or dispatch(hit)
            pat = entry[0]
            if pat is None:
                continue
            m = pat.match(text, p)
            if m is not None and m.end() > p:
                i = int(m.lastgroup[1:])
                yield i, RuleMatch(m, i)
                pos = m.end()


def _lower_same_length(text: str) -> str:
    """`text` lower-cased character by character, each character to the first character of
    its lower case ("İ" -> "i"), so that offsets stay those of `text`. Only the characters
    whose lower case is longer are translated one by one; the rest is lowered in C."""
    # str.lower() of a whole string writes a word-final capital sigma as "ς" (its one
    # context rule); character by character it is "σ".
    table = {0x3A3: "σ"}
    for c in set(text):
        low = c.lower()
        if len(low) != 1:
            first = low[:1] or c
            if first.lower() != first:  # lowering it again would change it: do it the slow way
                return "".join(ch.lower()[:1] or ch for ch in text)
            table[ord(c)] = first
    return text.translate(table).lower()


_NAMES: dict[tuple[int, int], list[tuple[str, str]]] = {}


class RuleMatch:
    """A match of a combined alternation, seen through one rule's own group names."""

    __slots__ = ("m", "prefix", "index")

    def __init__(self, m: re.Match[str], index: int):
        self.m, self.prefix, self.index = m, f"r{index}_", index

    def groupdict(self) -> dict[str, str | None]:
        key = (id(self.m.re), self.index)
        names = _NAMES.get(key)
        if names is None:
            n = len(self.prefix)
            names = [(k, k[n:]) for k in self.m.re.groupindex if k.startswith(self.prefix)]
            _NAMES[key] = names
        group = self.m.group
        return {short: group(full) for full, short in names}

    def span(self, group: str | None = None) -> tuple[int, int]:
        return self.m.span() if group is None else self.m.span(self.prefix + group)

    def start(self) -> int:
        return self.m.start()

    def end(self) -> int:
        return self.m.end()


_ATOMS = {DIGIT: r"\d", SPACE: r"\s+"}


def _trie(keys) -> str:
    """A regex matching the longest of `keys` the (lower-cased) text starts with, shaped as a
    trie (fast in Python's re); DIGIT matches any digit, SPACE a run of whitespace. Sibling
    branches match different characters, so the one path the text takes ends at the deepest
    key on it, and every other key the text starts with is a prefix of that one."""
    root: dict[str, dict] = {}
    for k in keys:
        node = root
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [(_ATOMS.get(ch) or re.escape(ch)) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)
