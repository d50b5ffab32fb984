"""Word lists of the actor stage, loaded from `rules/en/actors/` (see each file's header)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _words(name: str) -> list[str]:
    text = resources.files("dyad.rules.en").joinpath("actors").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class ActorRules:
    titles: tuple[str, ...]  # longest first
    title_re: re.Pattern[str]  # a title at the start of a string, case-insensitive
    org_heads: frozenset[str]
    institutions: dict[str, bool]  # lower-case institution noun -> stands for the polity itself
    legislature_nouns: frozenset[str]  # "parliament": the polity's national legislature
    group_nouns: tuple[str, ...]
    stopwords: frozenset[str]  # never part of a person's name
    function_words: frozenset[str]  # cut from the start of a capitalised run
    victim_nouns: frozenset[str] = frozenset()  # "Beating of <person>", not "Treaty of <thing>"
    # "Cathay Pacific, Hong Kong's national airline": an appositive with one of these heads
    appositive_org_nouns: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load() -> ActorRules:
    titles = tuple(sorted(set(_words("titles.txt")), key=len, reverse=True))
    title_alt = "|".join(re.escape(t) for t in titles)
    institutions, legislature_nouns = {}, set()
    for line in _words("generic_orgs.txt"):
        noun, _, flag = line.partition(" =")
        institutions[noun.strip()] = flag.strip() == "polity"
        if flag.strip() == "legislature":
            legislature_nouns.add(noun.strip())
    return ActorRules(
        titles=titles,
        title_re=re.compile(rf"(?:{title_alt})\b", re.IGNORECASE),
        org_heads=frozenset(_words("org_heads.txt")),
        institutions=dict(sorted(institutions.items(), key=lambda kv: -len(kv[0]))),
        legislature_nouns=frozenset(legislature_nouns),
        group_nouns=tuple(sorted(_words("group_nouns.txt"), key=len, reverse=True)),
        stopwords=frozenset(_words("name_stopwords.txt")) | frozenset(_words("function_words.txt")),
        function_words=frozenset(_words("function_words.txt")),
        victim_nouns=frozenset(_words("victim_nouns.txt")),
        appositive_org_nouns=frozenset(_words("appositive_org_nouns.txt")),
    )
