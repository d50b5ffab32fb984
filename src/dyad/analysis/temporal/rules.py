"""Loading and compiling the temporal rule data (`dyad/rules/en/temporal/`).

The engine knows no English: everything language-specific is in the rule folder.

- `*.txt`: word lists, one entry a line; `#` starts a comment. The `tense_*.txt` lists tell a
  news clause's tense (`anchoring.TenseCues`, built once per rule set).
- `*.tsv`: value maps, `key<TAB>value[<TAB>cased]`; a third column `cased` keeps the entry
  case-sensitive ("May" the month, not "may" the verb).
- `*.toml`: a `[patterns]` table of named sub-patterns and `[[rule]]` entries.

A pattern refers to a named sub-pattern, list or map by `%name` (maps contribute their keys,
longest first). Rules use named groups; a value template refers to them by name:
`{year}`, `{month:month}` (the group's text looked up in the map `month`, or passed through one
of the engine's functions, see `normalise.FUNCTIONS`), `{year|XXXX}` (a default when the group
did not take part in the match). Each rule carries `examples` that the tests run.

A rule's fields: `id` (kind.name, unique), `pattern`, `type` (DATE TIME DURATION SET), `value`
(template; `@Y-1`, `XXXX-03-10`, `@WD5` are resolved by anchoring.py), `mod` (template or a
TimeML mod), `anchor` ("dct" or "ref"), `emit` (a list of {group, type, value, mod, anchor,
mode} when one match yields several timexes, e.g. both ends of a range, or one reading per
mode), `encyclopedia` (the value to use without a DCT), `fallback` (news: the value from the
DCT when the narrative has not reached the value's unit), `news_only`, `comparison` (see
tagger.py), `negative` (the match yields nothing and blocks its span), `trigger` (a regex
saying where matches start, for patterns that can start with any letter),
`examples` (a list of {text, match, value[, mod, dct, rules]} or {text, none = true}).

Files load in name order and rules keep that order: at one position the first rule that
matches wins (negatives first, then times, dates, periods, relative expressions, durations,
sets, references), and the leftmost match in the text always wins.

Loading fails loudly (RuleError naming the file, the line and the rule id) on a duplicate id, an
unknown reference, a value template naming an unknown group or function, or a bad regex.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import RuleError
from ...model import TIMEX_MODS, TIMEX_TYPES
from .anchoring import TenseCues

_REF = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)")
_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
_BACKREF = re.compile(r"\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)")
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?(?:\|([^}]*))?\}")
ANCHORS = ("dct", "ref", "none")
MODES = ("news", "encyclopedia")


@dataclass
class Emit:
    """One timex a rule produces: the extent (a group, or the whole match) and its values."""

    group: str | None
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None  # "dct" (news: the DCT), "ref" (the narrative's reference time)
    encyclopedia: str | None = None  # the value to use instead when there is no DCT
    # News: the value to use, from the DCT, when the narrative has not reached the unit the
    # value needs ("the quarter" before any quarter was named: the last one completed).
    fallback: str | None = None
    # "news" / "encyclopedia": this timex only in that mode. News annotation (TimeBank) and a
    # narrative want different readings of one phrase: "three days later" is a DURATION
    # "three days" in TimeBank, a date two readers can place on a timeline in a narrative.
    mode: str | None = None


@dataclass
class Rule:
    id: str
    file: str
    pattern: str
    emits: list[Emit]
    groups: list[str]
    examples: list[dict[str, Any]] = field(default_factory=list)
    negative: bool = False  # a match blocks its span: no timex may come from it
    news_only: bool = False  # only with a DCT (e.g. adjectival "current" in news text)
    # A comparison with the period a report is about ("a year ago", "year-earlier"): in news it
    # takes that period's precision (a quarter) and never becomes the reference itself.
    comparison: bool = False
    line: int = 0
    trigger: str | None = None  # regex for where matches start, for rules not starting with a word


@dataclass
class RuleSet:
    rules: list[Rule]
    maps: dict[str, dict[str, str]]
    lists: dict[str, list[str]]
    regex: re.Pattern[str]  # all rules in one alternation
    by_group: dict[str, Rule]
    folder: str
    scanner: Any = None  # scanner.Scanner: finds the matches fast (set by default_rules)

    @cached_property
    def tense_cues(self) -> TenseCues:
        return TenseCues.from_lists(self.lists)


def _line_of(source: str, needle: str) -> int:
    i = source.find(needle)
    return source.count("\n", 0, i) + 1 if i >= 0 else 0


def _read_lines(path: Path) -> list[tuple[int, str]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            out.append((n, line))
    return out


def _alternation(keys: list[str], cased: set[str]) -> str:
    parts = []
    for k in sorted(keys, key=lambda k: (-len(k), k)):
        esc = re.escape(k).replace(r"\ ", r"\s+")
        parts.append(f"(?-i:{esc})" if k in cased else esc)
    return "(?:" + "|".join(parts) + ")"


def load_rules(folder: str | Path | None = None) -> RuleSet:
    """Load and compile every rule file of `folder` (default: the bundled English rules)."""
    if folder is None:
        base = Path(str(resources.files("dyad") / "rules" / "en" / "temporal"))
    else:
        base = Path(folder)
    if not base.is_dir():
        raise RuleError(str(base), "temporal rule folder not found")
    maps: dict[str, dict[str, str]] = {}
    lists: dict[str, list[str]] = {}
    fragments: dict[str, str] = {}  # name -> regex source (maps/lists/patterns)
    origin: dict[str, str] = {}

    def define(name: str, regex: str, where: str) -> None:
        if name in fragments:
            raise RuleError(where, f"'{name}' is defined twice (also in {origin[name]})")
        fragments[name] = regex
        origin[name] = where

    for path in sorted(base.glob("*.tsv")):
        name = path.stem
        entries: dict[str, str] = {}
        cased: set[str] = set()
        for n, line in _read_lines(path):
            cols = line.split("\t")
            if len(cols) < 2:
                raise RuleError(f"{path}:{n}", "a map line needs KEY<TAB>VALUE")
            key = cols[0].strip()
            if key.lower() in entries and "cased" not in cols[2:]:
                raise RuleError(f"{path}:{n}", f"duplicate key '{key}' in map '{name}'")
            entries[key.lower()] = cols[1].strip()
            if "cased" in cols[2:]:
                cased.add(key)
        maps[name] = entries
        keys = [k for k in entries if k not in {c.lower() for c in cased}] + sorted(cased)
        define(name, _alternation(keys, cased), str(path))
    for path in sorted(base.glob("*.txt")):
        words = [line.strip() for _, line in _read_lines(path)]
        lists[path.stem] = words
        define(path.stem, _alternation(words, set()), str(path))

    raw_rules: list[tuple[Path, str, dict[str, Any]]] = []
    for path in sorted(base.glob("*.toml")):
        source = path.read_text(encoding="utf-8")
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as e:
            raise RuleError(str(path), f"not valid TOML: {e}") from None
        for name, pat in (data.get("patterns") or {}).items():
            define(name, pat, f"{path}:{_line_of(source, name + ' =')}")
        for r in data.get("rule") or []:
            raw_rules.append((path, source, r))

    # Expand %references in the named patterns themselves (they may refer to each other).
    resolved: dict[str, str] = {}

    def expand(pat: str, where: str, stack: tuple[str, ...] = ()) -> str:
        def sub(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in fragments:
                raise RuleError(where, f"unknown reference %{name}")
            if name in stack:
                raise RuleError(where, f"%{name} refers to itself")
            if name not in resolved:
                inner = expand(fragments[name], origin[name], stack + (name,))
                resolved[name] = "(?:" + inner + ")"
            return resolved[name]

        return _REF.sub(sub, pat)

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, source, r in raw_rules:
        rid = r.get("id")
        line = _line_of(source, f'"{rid}"') if rid else 0
        where = f"{path}:{line}"
        if not rid:
            raise RuleError(where, "a rule without an id")
        if rid in seen:
            raise RuleError(where, f"duplicate rule id '{rid}' (first in {seen[rid]})", None)
        seen[rid] = where
        if "pattern" not in r:
            raise RuleError(where, f"rule '{rid}' has no pattern")
        pattern = expand(r["pattern"], f"{where} (rule {rid})")
        try:
            re.compile(pattern, re.I)
        except re.error as e:
            raise RuleError(where, f"rule '{rid}': pattern does not compile: {e}") from None
        groups = _GROUP.findall(pattern)
        negative = bool(r.get("negative"))
        emits: list[Emit] = []
        if not negative:
            specs = r.get("emit") or [{}]
            for spec in specs:
                e = Emit(group=spec.get("group"), type=spec.get("type", r.get("type", "DATE")),
                         value=spec.get("value", r.get("value", "")),
                         mod=spec.get("mod", r.get("mod")),
                         anchor=spec.get("anchor", r.get("anchor")),
                         encyclopedia=spec.get("encyclopedia", r.get("encyclopedia")),
                         fallback=spec.get("fallback", r.get("fallback")),
                         mode=spec.get("mode"))
                _check_emit(e, groups, maps, rid, where)
                emits.append(e)
        trigger = r.get("trigger")
        if trigger is not None:
            try:
                re.compile(trigger, re.I)
            except re.error as e:
                raise RuleError(where, f"rule '{rid}': trigger does not compile: {e}") from None
        rules.append(Rule(id=rid, file=path.name, pattern=pattern, emits=emits, groups=groups,
                          examples=list(r.get("examples") or []), negative=negative,
                          news_only=bool(r.get("news_only")), line=line, trigger=trigger,
                          comparison=bool(r.get("comparison"))))
    return _compile(rules, maps, lists, str(base))


def _check_emit(e: Emit, groups: list[str], maps: dict[str, dict[str, str]], rid: str,
                where: str) -> None:
    from .normalise import FUNCTIONS

    if e.type not in TIMEX_TYPES:
        raise RuleError(where, f"rule '{rid}': type '{e.type}' is not one of {TIMEX_TYPES}")
    if not e.value:
        raise RuleError(where, f"rule '{rid}' has no value")
    if e.group is not None and e.group not in groups:
        raise RuleError(where, f"rule '{rid}': emit group '{e.group}' is not in the pattern")
    if e.mode is not None and e.mode not in MODES:
        raise RuleError(where, f"rule '{rid}': emit mode must be one of {MODES}")
    if e.anchor is not None and e.anchor not in ANCHORS:
        raise RuleError(where, f"rule '{rid}': anchor must be one of {ANCHORS}")
    for template in (e.value, e.mod or ""):
        for m in _SLOT.finditer(template):
            name, fn = m.group(1), m.group(2)
            if name not in groups:
                raise RuleError(where, f"rule '{rid}': template names unknown group '{name}'")
            if fn and fn not in maps and fn not in FUNCTIONS:
                raise RuleError(where, f"rule '{rid}': unknown map or function '{fn}'")
    if e.mod and "{" not in e.mod and e.mod not in TIMEX_MODS:
        raise RuleError(where, f"rule '{rid}': mod '{e.mod}' is not a TimeML mod")


def _compile(rules: list[Rule], maps: dict[str, dict[str, str]], lists: dict[str, list[str]],
             folder: str) -> RuleSet:
    """Combine all rules into one alternation so that the text is scanned once.

    Alternatives are tried in file order at each position (leftmost match wins, then the first
    rule listed), so rule files list specific, longer forms before the shorter ones they
    contain. Group names get a per-rule prefix (`r12_year`) to stay unique."""
    parts = []
    by_group: dict[str, Rule] = {}
    for i, rule in enumerate(rules):
        prefix = f"r{i}_"
        body = _GROUP.sub(lambda m: f"(?P<{prefix}{m.group(1)}>", rule.pattern)
        body = _BACKREF.sub(lambda m: f"(?P={prefix}{m.group(1)})", body)
        parts.append(f"(?P<R{i}>{body})")
        by_group[f"R{i}"] = rule
    regex = re.compile(r"(?:" + "|".join(parts) + r")", re.I)
    return RuleSet(rules=rules, maps=maps, lists=lists, regex=regex, by_group=by_group,
                   folder=folder)



@lru_cache(maxsize=4)
def default_rules(folder: str | None = None) -> RuleSet:
    from .scanner import Scanner

    rules = load_rules(folder)
    rules.scanner = Scanner(rules)
    return rules
