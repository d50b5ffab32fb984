"""Loading the event rules of `rules/en/events/` (triggers.toml, context.toml).

Loading fails loudly, naming the file and the rule id, on a duplicate id, an unknown type or
a regex that does not compile (house style: strict with ourselves)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ...errors import RuleError
from ...model import PLOVER_TYPES

DOMAIN_TYPES = ("ESTABLISH_RELATIONS", "SEVER_RELATIONS", "OPEN_MISSION", "CLOSE_MISSION",
                "ELECTION", "LEADERSHIP_CHANGE", "DISSOLVE", "ESTABLISH", "RECOGNIZE", "DECIDE",
                "GOVERN", "STATEMENT")


@dataclass(frozen=True)
class TriggerRule:
    id: str
    regex: re.Pattern[str]
    type: str
    plover: str | None
    agent: bool = False
    nominal: bool = False
    speech: bool = False
    examples: tuple[str, ...] = ()
    keywords: re.Pattern[str] | None = None  # every match contains one of these


@dataclass(frozen=True)
class Cue:
    id: str
    flag: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class SpeechRule:
    id: str
    regex: re.Pattern[str]
    type: str
    plover: str | None


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[TriggerRule, ...]
    cues: tuple[Cue, ...]
    speech: tuple[SpeechRule, ...] = field(default=())
    # Rules that are a plain list of words or phrases ("(?P<t>rejected|refused|turned\s+down)")
    # are also compiled together into one trie regex: one scan of the text finds them all.
    # `words` maps a normalised phrase to (rule, order); `complex` holds the other rules.
    # All keywords of the other rules in one trie regex, and the rules each keyword (or a
    # keyword it begins with) stands for: one scan finds the lines each rule must read.
    keywords_re: re.Pattern[str] | None = None
    keyword_rules: dict[str, tuple[int, ...]] = field(default_factory=dict)
    words_re: re.Pattern[str] | None = None
    words: dict[str, tuple[TriggerRule, int]] = field(default_factory=dict)
    complex: tuple[tuple[int, TriggerRule], ...] = ()


def _load(name: str) -> dict:
    path = resources.files("dyad.rules.en").joinpath("events").joinpath(name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"rules/en/events/{name}", f"not valid TOML: {error}") from None


def _compile(file: str, rid: str, pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        raise RuleError(f"rules/en/events/{file}", f"rule {rid!r}: bad regex: {error}") from None


@lru_cache(maxsize=1)
def load() -> Lexicon:
    seen: set[str] = set()
    triggers = []
    for item in _load("triggers.toml").get("rule", []):
        rid = item.get("id")
        if not rid or rid in seen:
            raise RuleError("rules/en/events/triggers.toml", f"missing or duplicate rule id {rid!r}")
        seen.add(rid)
        typ, plover = item["type"], item.get("plover") or None
        if typ not in PLOVER_TYPES and typ not in DOMAIN_TYPES:
            raise RuleError("rules/en/events/triggers.toml", f"rule {rid!r}: unknown type {typ!r}")
        if plover is not None and plover not in PLOVER_TYPES:
            raise RuleError("rules/en/events/triggers.toml", f"rule {rid!r}: unknown PLOVER type {plover!r}")
        regex = _compile("triggers.toml", rid, rf"(?<![\w-])(?:{item['pattern']})(?![\w-])")
        keywords = None
        _KEYWORDS[rid] = tuple(k.lower() for k in item.get("keywords", ()))
        if item.get("keywords"):
            from ..actors.trie import trie_pattern

            keywords = re.compile(r"(?<![\w-])(?:" + trie_pattern([k.lower() for k in item["keywords"]]) + ")",
                                  re.IGNORECASE)
        triggers.append(TriggerRule(rid, regex, typ, plover, bool(item.get("agent")),
                                    bool(item.get("nominal")), bool(item.get("speech")),
                                    tuple(item.get("examples", ())), keywords))
    ctx = _load("context.toml")
    cues = []
    for item in ctx.get("cue", []):
        rid = item["id"]
        if rid in seen:
            raise RuleError("rules/en/events/context.toml", f"duplicate rule id {rid!r}")
        seen.add(rid)
        cues.append(Cue(rid, item["flag"], _compile("context.toml", rid, item["pattern"] + r"\Z")))
    speech = []
    for item in ctx.get("speech", []):
        rid = item["id"]
        if rid in seen:
            raise RuleError("rules/en/events/context.toml", f"duplicate rule id {rid!r}")
        seen.add(rid)
        speech.append(SpeechRule(rid, _compile("context.toml", rid, item["pattern"]), item["type"],
                                 item.get("plover") or None))
    from ..actors.trie import trie_pattern

    words: dict[str, tuple[TriggerRule, int]] = {}
    complex_ = []
    alternative = re.compile(r"[a-z-]+(?: [a-z-]+)*")
    for order, t in enumerate(triggers):
        inner = t.regex.pattern[len(r"(?<![\w-])(?:"):-len(r")(?![\w-])")]
        alts = inner[len("(?P<t>"):-1].replace("\\s+", " ").split("|") \
            if inner.startswith("(?P<t>") and inner.endswith(")") and inner.count("(") == 1 else None
        if not alts or not all(alternative.fullmatch(a) for a in alts):
            complex_.append((order, t))
            continue
        for alt in alts:
            words.setdefault(alt, (t, order))
    pattern = trie_pattern(list(words)).replace("\\ ", r"\s+")
    words_re = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)
    by_keyword: dict[str, set[int]] = {}
    for i, (order, t) in enumerate(complex_):
        for k in _keywords_of(t):
            by_keyword.setdefault(k, set()).add(i)
    keyword_rules = {k: tuple(sorted(set().union(*(v for j, v in by_keyword.items() if k.startswith(j)))))
                     for k in by_keyword}
    keywords_re = re.compile(r"(?<![\w-])(?:" + trie_pattern(list(by_keyword)) + ")", re.IGNORECASE) \
        if by_keyword else None
    return Lexicon(tuple(triggers), tuple(cues), tuple(speech), keywords_re, keyword_rules, words_re,
                   words, tuple(complex_))


_KEYWORDS: dict[str, tuple[str, ...]] = {}


def _keywords_of(rule: TriggerRule) -> tuple[str, ...]:
    return _KEYWORDS.get(rule.id, ())
