"""The cheap relations filter: which pages of a dump are about relations between states.

A page passes when its title matches a title rule ("X–Y relations" with any dash, "Foreign
relations of X") or its wikitext calls an infobox rule's template ({{Infobox bilateral
relations}} and its spellings). The rules are data (`rules/en/dumps/relations_pages.toml`),
each with an id that says why a page was kept. On an unparsed page (`DumpPage.from_xml`)
the infobox test runs on the raw XML bytes, which XML escaping cannot change for these
patterns (braces, pipes, letters, spaces), so rejected pages are never parsed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ...errors import RuleError
from .pages import DumpPage


@dataclass(frozen=True)
class FilterRule:
    id: str
    kind: str  # title | infobox
    pattern: re.Pattern[str]
    raw: re.Pattern[bytes] | None = None  # the same test on a page's XML bytes (infobox)


class RelationsFilter:
    """Is this page about relations between states? Title patterns or the infobox, cheap."""

    RULES = "rules/en/dumps/relations_pages.toml"

    def __init__(self, rules: list[FilterRule]):
        self.title_rules = [r for r in rules if r.kind == "title"]
        self.infobox_rules = [r for r in rules if r.kind == "infobox"]

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> RelationsFilter:
        path = resources.files("dyad").joinpath(cls.RULES)
        return cls.load(path.read_bytes(), str(path))

    @classmethod
    def load(cls, data: bytes, source: str) -> RelationsFilter:
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeError) as error:
            raise RuleError(source, f"not valid TOML: {error}") from None
        rules: list[FilterRule] = []
        seen: set[str] = set()
        for kind in ("title", "infobox"):
            for number, raw in enumerate(doc.get(kind, []), 1):
                rid = raw.get("id")
                if not rid:
                    raise RuleError(source, f"[[{kind}]] rule {number} has no id")
                if rid in seen:
                    raise RuleError(source, f"duplicate rule id {rid!r}")
                seen.add(rid)
                try:
                    if kind == "title":
                        rules.append(FilterRule(rid, kind, re.compile(raw["pattern"])))
                        continue
                    names = "|".join(r"[ _]+".join(re.escape(w) for w in name.split())
                                     for name in raw["names"])
                    source_re = r"\{\{\s*(?:template\s*:\s*)?(?:" + names + r")\s*[|}]"
                    rules.append(FilterRule(rid, kind, re.compile(source_re, re.I),
                                            re.compile(source_re.encode("utf-8"), re.I)))
                except KeyError as missing:
                    raise RuleError(source, f"rule {rid!r} lacks {missing}") from None
                except re.error as error:
                    raise RuleError(source, f"rule {rid!r}: pattern does not compile: {error}") from None
        return cls(rules)

    def match(self, title: str, text: str) -> str | None:
        """The id of the first rule a page of this title and wikitext satisfies, or None."""
        for rule in self.title_rules:
            if rule.pattern.fullmatch(title):
                return rule.id
        if "{{" in text:
            for rule in self.infobox_rules:
                if rule.pattern.search(text):
                    return rule.id
        return None

    def match_page(self, page: DumpPage) -> str | None:
        """`match` for a DumpPage, without parsing its XML when it is not parsed yet."""
        for rule in self.title_rules:
            if rule.pattern.fullmatch(page.title):
                return rule.id
        for rule in self.infobox_rules:
            if page.search(rule.pattern, rule.raw):
                return rule.id
        return None


def is_article(page: DumpPage) -> bool:
    """Namespace 0 and not a redirect (old dumps mark redirects only in the text)."""
    return page.ns == 0 and page.redirect is None and not page.redirect_by_text()


def select_pages(pages: Iterable[DumpPage], *, relations_only: bool = True) -> Iterator[DumpPage]:
    """Articles of the dump, and with `relations_only` only those the RelationsFilter keeps."""
    rfilter = RelationsFilter.default() if relations_only else None
    for page in pages:
        if is_article(page) and (rfilter is None or rfilter.match_page(page) is not None):
            yield page
