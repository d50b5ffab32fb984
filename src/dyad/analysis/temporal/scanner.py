"""Finding rule matches fast: the same matches as `RuleSet.regex.finditer`, an order of
magnitude sooner.

Python's regex engine tries every alternative of the combined pattern at every position of the
text, which runs at tens of KB/s. The scanner instead works out, from each rule's parsed
pattern, the literal prefixes (up to four characters, lower-cased) that its matches can start
with: "jan", "the", "#digit" for a digit. One trie-shaped pattern finds those prefixes in the
text; at each hit only the rules whose prefixes fit are tried, in rule order, as one
alternation compiled for that set of rules.
Since the first rule matching at the leftmost position wins, this is exactly what the combined
alternation would return (a test compares the two on real corpora).

A rule whose first character can be any letter ("Mission1": a word with digits) cannot be
found by prefix; it must say where it starts with its own `trigger` regex and is then tried
wherever that trigger fires.
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

DIGIT = "#digit"
ANY = "#any"
MAX_PREFIX = 4


def first_prefixes(pattern: str) -> set[str]:
    """The lower-cased literal prefixes (1..4 chars) a match of `pattern` can start with,
    `#digit` for a digit, `#any` when a match can start with any letter."""
    parsed = P.parse(pattern, re.I)
    closed: set[str] = set()
    opened = _walk(list(parsed), {""}, closed)
    out = closed | opened
    if "" in out:
        out.discard("")
        out.add(ANY)
    return out


def _close(opened: set[str], closed: set[str], item_first: set[str]) -> None:
    """A non-literal item ends the open prefixes; from an empty prefix it is the start."""
    for p in opened:
        if p:
            closed.add(p)
        else:
            closed.update(item_first)


def _charset_first(op, av) -> set[str]:
    if op is C.IN:
        out: set[str] = set()
        for sub_op, sub_av in av:
            if sub_op is C.LITERAL:
                out.add(chr(sub_av).lower())
            elif sub_op is C.RANGE:
                lo, hi = sub_av
                if lo >= 48 and hi <= 57:
                    out.add(DIGIT)
                else:
                    out.add(ANY)
            elif sub_op is C.CATEGORY:
                out.add(DIGIT if sub_av is C.CATEGORY_DIGIT else ANY)
            elif sub_op is C.NEGATE:
                return {ANY}
            else:
                out.add(ANY)
        return out
    if op is C.CATEGORY:
        return {DIGIT if av is C.CATEGORY_DIGIT else ANY}
    return {ANY}


def _walk(items, opened: set[str], closed: set[str]) -> set[str]:
    for op, av in items:
        if not opened:
            break
        if op is C.LITERAL:
            ch = chr(av).lower()
            nxt = set()
            for p in opened:
                q = p + ch
                (closed.add(q) if len(q) >= MAX_PREFIX else nxt.add(q))
            opened = nxt
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width
        elif op is C.SUBPATTERN:
            opened = _walk(list(av[-1]), opened, closed)
        elif op is C.BRANCH:
            result: set[str] = set()
            for branch in av[1]:
                result |= _walk(list(branch), set(opened), closed)
            opened = result
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, body = av
            inner = _walk(list(body), set(opened), closed)
            # After a repeat the literal run is not known: end the prefixes it made.
            closed.update(p for p in inner if p)
            if "" in inner:
                closed.add(ANY)
            if lo == 0:
                continue  # the open prefixes go on past an optional item
            opened = set()
        else:
            _close(opened, closed, _charset_first(op, av))
            opened = set()
    return opened


class Scanner:
    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.table: dict[str, list[int]] = {}
        always: list[int] = []
        words: set[str] = set()
        symbols: set[str] = set()
        extra: list[str] = []
        for i, rule in enumerate(rules.rules):
            firsts = first_prefixes(rule.pattern)
            if ANY in firsts:
                if not rule.trigger:
                    raise RuleError(f"{rules.folder}/{rule.file}:{rule.line}",
                                    f"rule '{rule.id}' can start with any letter: give it a "
                                    "`trigger` regex saying where its matches start")
                always.append(i)
                extra.append(rule.trigger)
                firsts.discard(ANY)
            for f in firsts:
                self.table.setdefault(f, []).append(i)
                if f == DIGIT:
                    continue
                if f[0].isalpha():
                    words.add(f)
                else:
                    symbols.add(f[0])
        self.always = always
        # A digit starts a match only at the start of a number (rules begin with \b there).
        alternatives = [r"\b\d"] + [f"(?:{t})" for t in extra]
        if symbols:
            alternatives.append("[" + "".join(re.escape(s) for s in sorted(symbols)) + "]")
        long_words = sorted(w for w in words if len(w) >= 3)
        short_words = sorted((w for w in words if len(w) < 3), key=lambda w: (-len(w), w))
        if long_words:
            alternatives.append(r"\b" + _trie(long_words))
        if short_words:
            # Short prefixes such as "a" or "an" end with the word (a space follows them in
            # every rule), so they must not fire on every word beginning with an "a".
            alternatives.append(r"\b(?:" + "|".join(map(re.escape, short_words)) + r")(?![^\W\d_])")
        # The trigger runs on the lower-cased text: no IGNORECASE, twice as fast.
        self.trigger = re.compile("|".join(alternatives))
        self._by_key: dict[str, tuple[re.Pattern[str], list[int]] | None] = {}
        self._by_set: dict[tuple[int, ...], re.Pattern[str]] = {}

    def candidates(self, key: str) -> list[int]:
        """The rules, in order, whose matches can start with `key` (up to 4 lower-case chars)."""
        found: set[int] = set(self.always)
        for n in range(1, len(key) + 1):
            found.update(self.table.get(key[:n], ()))
        if key[:1].isdigit():
            found.update(self.table.get(DIGIT, ()))
        return sorted(found)

    def _dispatch(self, key: str) -> tuple[re.Pattern[str], list[int]] | None:
        """One alternation of the candidate rules for `key`, so that a hit costs one `match`
        call in C rather than one per rule. Compiled once per distinct set of rules."""
        if key in self._by_key:
            return self._by_key[key]
        idx = self.candidates(key)
        entry = None
        if idx:
            sig = tuple(idx)
            pat = self._by_set.get(sig)
            if pat is None:
                parts = []
                for i in idx:
                    pattern = self.rules.rules[i].pattern
                    body = _GROUP.sub(lambda m, i=i: f"(?P<r{i}_{m.group(1)}>", pattern)
                    body = _BACKREF.sub(lambda m, i=i: f"(?P=r{i}_{m.group(1)})", body)
                    parts.append(f"(?P<R{i}>{body})")
                pat = re.compile("|".join(parts), re.I)
                self._by_set[sig] = pat
            entry = (pat, idx)
        self._by_key[key] = entry
        return entry

    def finditer(self, text: str) -> Iterator[tuple[int, "RuleMatch"]]:
        """(rule index, match) in text order, non-overlapping, leftmost, first rule wins."""
        lower = text.lower()
        if len(lower) != len(text):  # a character whose lower case is longer: keep offsets
            lower = _lower_same_length(text)
        dispatch = self._dispatch
        pos = 0
        for t in self.trigger.finditer(lower):
            p = t.start()
            if p < pos:
                continue
            entry = dispatch(lower[p:p + MAX_PREFIX])
            if entry is None:
                continue
            m = entry[0].match(text, p)
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


def _trie(words: list[str]) -> str:
    """A regex matching any of `words` as a prefix, shaped as a trie (fast in Python's re)."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        if "" in node:  # a word ends here; as a prefix it already matches
            return ""
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)
