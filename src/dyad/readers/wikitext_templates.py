"""How the wikitext reader renders templates: the rules of rules/en/wikitext/templates.tsv and
the date formatting of the date templates ({{Start date}}, {{dts}}, ...)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..errors import RuleError

TEMPLATES_FILE = "rules/en/wikitext/templates.tsv"

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_RENDERERS = frozenset({"param1", "param2", "date", "circa", "join", "range", "quantity",
                        "break", "infobox"})


@lru_cache(maxsize=1)
def template_rules() -> dict[str, str]:
    """Template name (normalised) -> renderer, from rules/en/wikitext/templates.tsv."""
    rules: dict[str, str] = {}
    path = resources.files("dyad").joinpath(TEMPLATES_FILE)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise RuleError(f"{TEMPLATES_FILE}:{number}", "expected name<TAB>renderer<TAB>example")
        name, renderer = template_key(fields[0]), fields[1]
        if renderer not in _RENDERERS and not renderer.startswith("literal:"):
            raise RuleError(f"{TEMPLATES_FILE}:{number}", f"unknown renderer {renderer!r}")
        if name in rules:
            raise RuleError(f"{TEMPLATES_FILE}:{number}", f"template {name!r} listed twice")
        rules[name] = renderer
    return rules


def template_key(name: str) -> str:
    """Template names compare case-insensitively, with "_" read as " " and spaces folded."""
    return " ".join(name.replace("_", " ").split()).lower()


def format_date(year: int, month: int, day: int, dmy: bool) -> str:
    if not month:
        return str(year)
    name = _MONTHS[month - 1]
    if not day:
        return f"{name} {year}"
    return f"{day} {name} {year}" if dmy else f"{name} {day}, {year}"




FLAGS_FILE = "rules/en/wikitext/flags.tsv"
_FLAG_KINDS = frozenset({"param1", "next-link"})


@lru_cache(maxsize=1)
def flag_rules() -> dict[str, str]:
    """Flag template name (normalised) -> how it names its country (param1 | next-link), from
    rules/en/wikitext/flags.tsv."""
    rules: dict[str, str] = {}
    path = resources.files("dyad").joinpath(FLAGS_FILE)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or fields[1] not in _FLAG_KINDS:
            raise RuleError(f"{FLAGS_FILE}:{number}", "expected name<TAB>param1|next-link<TAB>example")
        name = template_key(fields[0])
        if name in rules:
            raise RuleError(f"{FLAGS_FILE}:{number}", f"template {name!r} listed twice")
        rules[name] = fields[1]
    return rules
