"""Finding rule matches fast: the same matches as `RuleSet.regex.finditer`, an order of
magnitude sooner.

Python's regex engine tries every alternative of the combined pattern at every position of the
text, which runs at tens of KB/s. The scanner instead works out, from each rule's parsed
pattern, the keys its matches can start with: up to twelve characters of lower-cased text in
which every digit is written "0" and every run of whitespace and hyphens one space
(`\\b\\d{4}s` gives "0000s", `the\\s+same` "the same", `mid-?%year` "mid 0000" and
"mid0000"). A key starts with BOUNDARY when the rule's match can only start at a word boundary
(`\\b`, or a lookbehind such as `(?<=\\bfor\\s)`); the others are looked for everywhere.

One trie-shaped pattern over the lower-cased text finds, at each position, the longest key
the text starts with there (reading the text the way keys are written); that key and its
prefixes name the only rules that can match at that position ("the same" calls the rules for
"the same day", not those for "the first"). They are tried there in rule order, each rule's
pattern compiled once: one alternation per set of rules would cost a compilation for each of
the hundreds of sets met, and sets are small. Since the first rule matching at the leftmost
position wins, this is exactly what the combined alternation would return (tests compare the
two on real corpora and on generated texts; bench/check_scanner_equivalence.py compares two
scanners on all the shared data).

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
SPACE = " "  # a run of whitespace and hyphens ("mid-1990s", "mid 1990s": "mid 0000s")
BOUNDARY = "\b"  # (the backspace character) leads a key whose match starts at a word boundary
_NO_WORD = "\x01"  # (while walking) the character before the match is no word character
ANY = "#any"  # a match can start with any letter: the rule needs a `trigger`
MAX_PREFIX = 12  # characters of a key, a leading BOUNDARY included
MAX_ROUNDS = 3  # optional rounds of a repeat spelled out: `\d+` gives "0" to "0000"
AFTER_NUMBER = 4  # characters a key goes on after its number
LONG_WORD = 6  # a key ends after a word this long: text rarely reads "january" where no rule fits
KEY_BUDGET = 150  # keys a rule may have; more (word lists times word lists) are cut shorter
WALK_CAP = 3  # while walking, a rule may have this many times the budget of keys
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))
_TRANSPARENT = (C.SUBPATTERN, getattr(C, "ATOMIC_GROUP", None))
_LONG_WORD = re.compile(r"[^\W\d_]{%d}$" % LONG_WORD)
_NORMAL_SPACE = re.compile(r"[\s-]+")
_NORMAL_DIGIT = re.compile(r"\d")


def first_prefixes(pattern: str, max_length: int = MAX_PREFIX,
                   budget: int = KEY_BUDGET) -> set[str]:
    """The keys a match of `pattern` (compiled with IGNORECASE) can start with: lower-cased
    text with DIGIT for a digit and one SPACE for a run of whitespace and hyphens, BOUNDARY
    first when the match starts at a word boundary; ANY when a match can start with a
    character that cannot be spelled out (a letter of `[A-Za-z]`).

    Every match's text, normalised the same way (see `normalise`), starts with one of the
    keys. A key ends wherever the pattern's next character cannot be spelled out, a few
    characters after its number (AFTER_NUMBER), after a long word (LONG_WORD) and at
    `max_length` characters; when there would be more than `budget` keys, the largest
    families of long keys are cut back to their common prefix until they fit."""
    walk = _Walk(max_length, budget)
    walk.end_all(walk.items(list(P.parse(pattern, re.I)), {""}))
    keys = _cut_back(walk.closed, budget)
    return keys | {ANY} if walk.anywhere or walk.any_word else keys


def starts_at_boundary(pattern: str) -> bool:
    """Whether every match of `pattern` starts at a word boundary (`\\b`, or a lookbehind
    saying no word character comes before a word character)."""
    walk = _Walk(MAX_PREFIX, KEY_BUDGET)
    walk.end_all(walk.items(list(P.parse(pattern, re.I)), {""}))
    return not walk.anywhere and all(k.startswith(BOUNDARY) for k in walk.closed)


def normalise(text: str) -> str:
    """Text as keys are written: lower-cased, digits as DIGIT, each run of whitespace and
    hyphens as one SPACE."""
    return _squeeze(text.lower())


def _squeeze(lower: str) -> str:
    return _NORMAL_DIGIT.sub(DIGIT, _NORMAL_SPACE.sub(SPACE, lower))


def _cut_back(keys: set[str], budget: int) -> set[str]:
    """Finished keys: without those another key is a prefix of, and then, while more than
    `budget`, the largest family of keys sharing a prefix at the deepest level replaced by
    that prefix."""
    kept: list[str] = []
    for k in sorted(keys):  # a key's prefixes sort just before it
        if not (kept and k.startswith(kept[-1])):
            kept.append(k)
    whole, cut = _families_cut(set(kept), budget)
    return whole | cut


def _families_cut(keys: set[str], budget: int) -> tuple[set[str], set[str]]:
    """(keys left whole, prefixes that replace the families cut back): the largest family of
    keys sharing a prefix at the deepest level first, until at most `budget` remain (or every
    key is one character long)."""
    whole, cut = set(keys), set()
    depth = max(map(len, keys), default=0) - 1
    while len(whole) + len(cut) > budget and depth > 0:
        families: dict[str, list[str]] = {}
        for k in whole | cut:
            if len(k) > depth:
                families.setdefault(k[:depth], []).append(k)
        for prefix, family in sorted(families.items(), key=lambda f: (-len(f[1]), f[0])):
            if len(whole) + len(cut) <= budget or len(family) < 2:
                break
            if prefix == BOUNDARY:
                continue  # a key must hold a character: the budget gives way
            whole.difference_update(family)
            cut.difference_update(family)
            whole.discard(prefix)
            cut.add(prefix)
        depth -= 1
    return whole, cut


def _is_word(ch: str) -> bool:
    """What `\\w` matches (DIGIT is a digit; SPACE is none)."""
    return ch.isalnum() or ch == "_"


def _no_word_before(op, av) -> bool:
    """Whether a lookbehind says the character before is no word character: `(?<![\\w-])`,
    or `(?<=\\bfor\\s)` (it ends with a space)."""
    direction, body = av
    if direction >= 0:
        return False
    body = list(body)
    if op is C.ASSERT_NOT:
        return (len(body) == 1 and body[0][0] is C.IN
                and (C.CATEGORY, C.CATEGORY_WORD) in body[0][1]
                and all(sub_op is not C.NEGATE for sub_op, _ in body[0][1]))
    if not body:
        return False
    chars = _chars(*body[-1])
    return chars is not None and not any(ch == DIGIT or _is_word(ch) for ch in chars)


def _char(code: int) -> str:
    ch = chr(code).lower()[:1] or chr(code)
    if ch.isdecimal():  # what `\d` matches
        return DIGIT
    if ch.isspace() or ch == "-":  # what `\s` matches, and a hyphen
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


class _Walk:
    """Spells out the starts of a parsed pattern. `opened` are the keys still growing (the
    text so far is known exactly), `closed` the finished ones. Either set is cut back when it
    grows past a few times the budget, so that word lists after word lists stay cheap."""

    def __init__(self, limit: int, budget: int) -> None:
        self.limit, self.cap = limit, WALK_CAP * budget
        self.closed: set[str] = set()
        self.anywhere = False  # a match can start with a character that cannot be spelled
        self.any_word = False  # ... at a word boundary

    def end_all(self, opened: set[str]) -> set[str]:
        for p in opened:
            if p == BOUNDARY:
                self.any_word = True
            elif p and p != _NO_WORD:
                self.closed.add(p)
            else:
                self.anywhere = True
        if len(self.closed) > self.cap:
            self.closed = _cut_back(self.closed, self.cap // 2)
        return set()

    def items(self, items, opened: set[str]) -> set[str]:
        for op, av in items:
            if not opened:
                break
            if op is C.AT:
                if av is C.AT_BOUNDARY and opened & {"", _NO_WORD}:  # starts at a boundary
                    opened = (opened - {"", _NO_WORD}) | {BOUNDARY}
                continue  # other anchors and a boundary later on: zero-width, not spelled
            if op in (C.ASSERT, C.ASSERT_NOT):
                if "" in opened and _no_word_before(op, av):
                    opened = (opened - {""}) | {_NO_WORD}
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
            if len(opened) > self.cap:
                opened = self.shrink(opened)
        return opened

    def shrink(self, opened: set[str]) -> set[str]:
        """Too many growing keys: end the largest families at their common prefix."""
        whole, cut = _families_cut(opened, self.cap // 2)
        self.end_all(cut)
        return whole

    def step(self, opened: set[str], chars: set[str]) -> set[str]:
        nxt: set[str] = set()
        done: set[str] = set()
        limit = self.limit
        any_end = not all(ch.isalpha() for ch in chars)  # a word may end here
        for p in opened:
            if DIGIT in p and len(p) - p.rindex(DIGIT) > AFTER_NUMBER:
                done.add(p)  # "0am", "0000 b": numbers are tried anyway, no need to know more
                continue
            long_word = any_end and _LONG_WORD.search(p) is not None
            for ch in chars:
                if p == _NO_WORD:  # a word character after no word character: a boundary
                    q = BOUNDARY + ch if ch == DIGIT or _is_word(ch) else ch
                elif long_word and not ch.isalpha():
                    done.add(p)  # "january", "several": rare enough to try the rules at
                    continue
                elif ch == SPACE and p.endswith(SPACE):
                    q = p  # a run of whitespace is one space
                elif ch == DIGIT and DIGIT in p and not p.endswith(DIGIT):
                    done.add(p)  # one number per key
                    continue
                else:
                    q = p + ch
                (done if len(q) >= limit else nxt).add(q)
        self.end_all(done)
        return nxt

    def repeat(self, lo: int, hi: int, body, opened: set[str]) -> set[str]:
        """`body` lo to hi times: the union of the keys after each count. Past `lo`, rounds
        stop when one adds nothing new (whitespace: one space), when every key is full, or
        after MAX_ROUNDS, the keys then ending where they are."""
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
            if count >= lo + MAX_ROUNDS:  # it may go on ("0000", "- - -"): end the keys here
                self.end_all(frontier)
                break
            frontier = self.items(body, set(frontier)) - result
            result |= frontier
            if len(result) > self.cap:
                result = self.shrink(result)
                frontier &= result
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
        # The longest key at a word boundary (group kb: any key fits there) or else the longest
        # key that needs none (ka); then the rules' own triggers, under the same `\b` when they
        # only fire at one. All are lookaheads, so that no position is passed over: a key may
        # hold the start of another rule's match. The trigger runs on the lower-cased text: no
        # IGNORECASE, twice as fast.
        at_boundary = [t for t in extra if starts_at_boundary(t)]
        elsewhere = [t for t in extra if t not in at_boundary]
        bounded = _trie(self.bounded.keys() | self.anywhere.keys()) or "(?!)"
        alternatives = [r"\b(?:(?=(?P<kb>" + bounded + "))"
                        + "".join(f"|(?=(?:{t}))" for t in at_boundary) + ")",
                        _guard(self.anywhere.keys()) + "(?=(?P<ka>"
                        + (_trie(self.anywhere.keys()) or "(?!)") + "))"]
        alternatives += [f"(?=(?:{t}))" for t in elsewhere]
        self.trigger = re.compile("|".join(alternatives))
        self._groups = (self.trigger.groupindex["kb"], self.trigger.groupindex["ka"])
        self._by_hit: dict[tuple[str | None, str | None], tuple] = {}
        self._by_key: dict[tuple[bool, str], tuple] = {}
        self._by_rule: dict[int, re.Pattern[str]] = {}

    def candidates(self, key: str, boundary: bool = True) -> list[int]:
        """The rules, in order, whose matches can start where the text reads `key` (normalised,
        see `normalise`), `boundary` telling whether that is at a word boundary."""
        found: set[int] = set(self.always)
        for n in range(1, len(key) + 1):
            found.update(self.anywhere.get(key[:n], ()))
            if boundary:
                found.update(self.bounded.get(key[:n], ()))
        return sorted(found)

    def _dispatch(self, hit: tuple[str | None, str | None]) -> tuple[re.Pattern[str], ...]:
        """The patterns of the candidate rules, in rule order, for a trigger hit (the text of
        the longest key found at a word boundary, or else of the one found elsewhere)."""
        bounded, anywhere = hit
        boundary = bounded is not None
        key = (boundary, _squeeze(bounded if boundary else anywhere or ""))
        entry = self._by_key.get(key)
        if entry is None:
            entry = tuple(self._pattern(i) for i in self.candidates(key[1], boundary))
            self._by_key[key] = entry
        if len(self._by_hit) > 50_000:  # raw hits vary with digits and spacing: stay bounded
            self._by_hit.clear()
        self._by_hit[hit] = entry
        return entry

    def _pattern(self, i: int) -> re.Pattern[str]:
        """Rule `i`'s pattern as it is in the combined alternation (group names `r{i}_...`)."""
        pat = self._by_rule.get(i)
        if pat is None:
            pattern = self.rules.rules[i].pattern
            body = _GROUP.sub(lambda m: f"(?P<r{i}_{m.group(1)}>", pattern)
            body = _BACKREF.sub(lambda m: f"(?P=r{i}_{m.group(1)})", body)
            pat = self._by_rule[i] = re.compile(f"(?P<R{i}>{body})", re.I)
        return pat

    def finditer(self, text: str) -> Iterator[tuple[int, "RuleMatch"]]:
        """(rule index, match) in text order, non-overlapping, leftmost, first rule wins."""
        lower = text.lower()
        if len(lower) != len(text):  # a character whose lower case is longer: keep offsets
            lower = _lower_same_length(text)
        by_hit = self._by_hit
        dispatch = self._dispatch
        kb, ka = self._groups
        pos = 0
        for t in self.trigger.finditer(lower):
            p = t.start()
            if p < pos:
                continue
            hit = t.group(kb, ka)
            for pat in by_hit.get(hit) or dispatch(hit):
                m = pat.match(text, p)
                if m is not None:  # the first rule that matches wins, as in the alternation
                    if m.end() > p:
                        i = int(m.lastgroup[1:])
                        yield i, RuleMatch(m, i)
                        pos = m.end()
                    break


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


_ATOMS = {DIGIT: r"\d", SPACE: r"[\s-]+"}


def _guard(keys) -> str:
    """A lookahead for the first characters of `keys`: one cheap test at every position."""
    classes = {DIGIT: r"\d", SPACE: r"\s\-"}
    firsts = sorted({classes.get(k[0]) or re.escape(k[0]) for k in keys})
    return "(?=[" + "".join(firsts) + "])" if firsts else ""


def _trie(keys) -> str:
    """A regex matching the longest of `keys` the (lower-cased) text starts with, shaped as a
    trie (fast in Python's re); DIGIT matches any digit, SPACE a run of whitespace and
    hyphens. Sibling branches match different characters, so the one path the text takes ends
    at the deepest key on it, and every other key the text starts with is a prefix of it."""
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
