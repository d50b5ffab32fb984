"""The polity, organisation, city and people gazetteer, loaded from `rules/en/gazetteer/`.

ISO 3166-1 countries come from pycountry (never retyped); `iso_status.tsv` says which of them
are not UN members; `polities.toml` adds common names, aliases, QIDs and the polities that have
no ISO code (historical, de facto); `demonyms.tsv`, `organizations.toml`, `legislatures.toml`
and `cities.tsv` add the rest; `people.toml` names well-known people (heads of state and
government, foreign ministers) so that "Stalin" and "Joseph Stalin" are one person across
articles. Everything is loaded once per process (`load()` is cached).

Other stages and the store use `resolve(name)` to turn any alias ("NKR", "Nagorno-Karabakh
Republic") into an actor id.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ...errors import RuleError

UN_MEMBERS = 193  # pycountry entries minus iso_status.tsv must give this many


@dataclass
class Entry:
    """One gazetteer entry: a polity or an international organisation."""

    id: str  # actor id: "polity:ARM", "polity:artsakh", "org:osce"
    name: str
    kind: str  # polity | organization
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    peoples: list[str] = field(default_factory=list)  # plural demonyms: "Armenians"
    iso3: str | None = None
    wikidata: str | None = None
    status: str | None = None
    founded: str | None = None
    dissolved: str | None = None
    sovereign: str | None = None  # for territories: the actor id of the sovereign state
    successor: str | None = None
    legislature_of: str | None = None  # for a national legislature: its polity's actor id
    rule: str = "gazetteer"


@dataclass
class City:
    name: str
    polity: str  # actor id
    capital: bool
    aliases: list[str]


@dataclass
class Person:
    """One well-known person of `people.toml`."""

    id: str  # actor id: "person:joseph-stalin"
    name: str  # canonical: "Joseph Stalin"
    aliases: list[str]  # "Stalin", "Iosif Stalin"
    polity: str  # actor id of the polity they led or served
    wikidata: str | None = None


@dataclass
class Gazetteer:
    entries: dict[str, Entry]
    by_name: dict[str, str]  # surface form (exact case) -> entry id
    by_adjective: dict[str, str]  # "Armenian" -> "polity:ARM"
    by_people: dict[str, str]  # "Armenians" -> "polity:ARM"
    cities: dict[str, City]  # surface form -> city
    name_re: re.Pattern[str]  # longest-first alternation of names and aliases
    adjective_re: re.Pattern[str]
    city_re: re.Pattern[str]
    people: dict[str, Person] = field(default_factory=dict)  # actor id -> person
    person_names: dict[str, str] = field(default_factory=dict)  # surface form -> person id
    legislatures: dict[str, str] = field(default_factory=dict)  # polity id -> legislature's org id

    def person(self, surface: str) -> Person | None:
        """The well-known person a person mention's text names ("Stalin"), or None."""
        pid = self.person_names.get(surface)
        return self.people[pid] if pid else None

    def get(self, actor_id: str) -> Entry | None:
        return self.entries.get(actor_id)

    def resolve(self, name: str) -> str | None:
        """An actor id for any name, alias, ISO code or demonym; None when unknown."""
        name = name.strip()
        for table in (self.by_name, self.by_adjective, self.by_people):
            if name in table:
                return table[name]
        if name.upper() in {e.iso3 for e in self.entries.values() if e.iso3}:
            return f"polity:{name.upper()}"
        if name in self.entries:
            return name
        folded = name.casefold()
        for key, value in self.by_name.items():
            if key.casefold() == folded:
                return value
        return None


def _rules_dir():
    return resources.files("dyad.rules.en").joinpath("gazetteer")


def _lines(name: str) -> list[tuple[int, list[str]]]:
    """(line number, TSV cells) of a gazetteer TSV file, comments and blanks skipped."""
    text = _rules_dir().joinpath(name).read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        out.append((n, line.split("\t")))
    return out


def _alternation(words: list[str]) -> re.Pattern[str]:
    # Longest first so "Republic of Artsakh" wins over "Artsakh"; word boundaries that also
    # work for names ending in "." ("U.S.").
    # A trie of the names: the same matches as a longest-first alternation, far faster.
    from .trie import trie_pattern

    return re.compile(rf"(?<![\w-])(?:{trie_pattern(words)})(?![\w]|-[a-z]|\.\w)")


def _toml(name: str) -> dict:
    path = _rules_dir().joinpath(name)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RuleError(f"rules/en/gazetteer/{name}", f"not valid TOML: {error}") from None


def _ascii(name: str) -> str:
    """ "Erdoğan" -> "Erdogan": the spelling of a name on a keyboard without its letters."""
    folded = unicodedata.normalize("NFKD", name.replace("ı", "i").replace("İ", "I")
                                   .replace("Đ", "Dj").replace("đ", "dj"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _line_of(text: str, needle: str, nth: int) -> int:
    """The line of the nth (0-based) `needle` in `text`, 1 when there is none: tomllib keeps no
    positions, and an error should still point at the line to fix. Only called on an error."""
    i = -1
    for _ in range(nth + 1):
        i = text.find(needle, i + 1)
        if i < 0:
            return 1
    return text.count("\n", 0, i) + 1


def load_people(text: str, known: set[str], source: str = "rules/en/gazetteer/people.toml",
                ) -> tuple[dict[str, Person], dict[str, str]]:
    """(people by actor id, surface form -> person id) from the TOML of `people.toml`.

    Fails on an id that is not the slug of the name (the id must be the one a full-name
    mention gets without the gazetteer), a duplicate id, a name or alias given to two people,
    or a polity that `known` (the gazetteer's actor ids) lacks. ASCII-folded forms of names are
    added where they are not someone else's ("Erdogan")."""
    from .find import slug  # here, not at the top: find imports this module

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleError(source, f"not valid TOML: {error}") from None
    people: dict[str, Person] = {}
    names: dict[str, str] = {}
    seen: dict[str, int] = {}  # needle -> occurrences so far
    for item in data.get("person", []):
        needle = f'id = "{item.get("id")}"' if "id" in item else f'name = "{item.get("name")}"'
        seen[needle] = nth = seen.get(needle, -1) + 1  # a duplicate's own line, not the first's

        def fail(message: str, hint: str | None = None) -> RuleError:
            return RuleError(f"{source}:{_line_of(text, needle, nth)}", message, hint)

        missing = [k for k in ("id", "name", "polity") if k not in item]
        if missing:
            raise fail(f"person {item.get('id') or item.get('name')!r} lacks {', '.join(missing)}")
        if item["id"] != slug(item["name"]):
            raise fail(f"person id {item['id']!r} is not the slug of its name",
                       f"use {slug(item['name'])!r}")
        pid = f"person:{item['id']}"
        if pid in people:
            raise fail(f"duplicate person id {item['id']!r}")
        if item["polity"] not in known:
            raise fail(f"person {item['id']!r}: unknown polity {item['polity']!r}",
                       "use an actor id of polities.toml, an ISO alpha-3 id or an org id")
        aliases = [a for a in dict.fromkeys(item.get("aliases", [])) if a != item["name"]]
        for surface in (item["name"], *aliases):
            other = names.get(surface)
            if other is not None and other != pid:
                raise fail(f"person {item['id']!r}: {surface!r} is already a name of {other!r}",
                           "an ambiguous surname belongs to no one: drop it")
            names[surface] = pid
        people[pid] = Person(pid, item["name"], aliases, item["polity"], item.get("wikidata"))
    # Derived spellings yield to any listed one, and one shared by two people is no one's.
    derived: dict[str, set[str]] = {}
    for pid, p in people.items():
        for surface in (p.name, *p.aliases):
            derived.setdefault(_ascii(surface), set()).add(pid)
    for surface, pids in derived.items():
        if len(pids) == 1 and surface not in names:
            names[surface] = pids.pop()
    return people, names


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    import pycountry

    from .find import slug  # here, not at the top: find imports this module

    entries: dict[str, Entry] = {}
    status_file = "rules/en/gazetteer/iso_status.tsv"
    non_members: dict[str, tuple[str, str | None]] = {}
    for n, cells in _lines("iso_status.tsv"):
        if len(cells) != 3:
            raise RuleError(f"{status_file}:{n}", "expected 3 tab-separated cells")
        code, status, sovereign = cells
        if pycountry.countries.get(alpha_3=code) is None:
            raise RuleError(f"{status_file}:{n}", f"unknown ISO 3166-1 alpha-3 code {code!r}")
        non_members[code] = (status, None if sovereign == "-" else sovereign)
    for country in pycountry.countries:
        code = country.alpha_3
        status, sovereign = non_members.get(code, ("member", None))
        names = [country.name]
        for attr in ("common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and value not in names:
                names.append(value)
        entries[f"polity:{code}"] = Entry(
            id=f"polity:{code}", name=getattr(country, "common_name", None) or country.name,
            kind="polity", aliases=[x for x in names if "," not in x], iso3=code,
            status=status, sovereign=sovereign, rule="gazetteer.iso",
        )
    members = sum(1 for e in entries.values() if e.status == "member")
    if members != UN_MEMBERS:
        raise RuleError(status_file, f"gives {members} UN members, expected {UN_MEMBERS}",
                        "a pycountry update added or removed a country: update the file")

    data = _toml("polities.toml")
    for item in data.get("iso", []):
        key = f"polity:{item['iso']}"
        if key not in entries:
            raise RuleError("rules/en/gazetteer/polities.toml", f"unknown iso {item['iso']!r}")
        e = entries[key]
        old = e.name
        e.name = item.get("name", e.name)
        e.aliases = [a for a in [old, *e.aliases, *item.get("aliases", [])] if a != e.name]
        for k in ("wikidata", "status", "founded", "dissolved"):
            if k in item:
                setattr(e, k, item[k])
        e.rule = "gazetteer.polities"
    for item in data.get("polity", []):
        key = f"polity:{item['id']}"
        if key in entries:
            raise RuleError("rules/en/gazetteer/polities.toml", f"duplicate polity id {item['id']!r}")
        entries[key] = Entry(
            id=key, name=item["name"], kind="polity", aliases=list(item.get("aliases", [])),
            wikidata=item.get("wikidata"), status=item.get("status"), founded=item.get("founded"),
            dissolved=item.get("dissolved"), successor=item.get("successor"),
            rule="gazetteer.polities",
        )
    for item in _toml("organizations.toml").get("org", []):
        key = f"org:{item['id']}"
        if key in entries:
            raise RuleError("rules/en/gazetteer/organizations.toml", f"duplicate org id {item['id']!r}")
        entries[key] = Entry(
            id=key, name=item["name"], kind="organization", aliases=list(item.get("aliases", [])),
            wikidata=item.get("wikidata"), founded=item.get("founded"), rule="gazetteer.organizations",
        )
    legislatures: dict[str, str] = {}  # polity id -> its legislature's org id
    for item in _toml("legislatures.toml").get("legislature", []):
        key, where = f"org:{item['id']}", "rules/en/gazetteer/legislatures.toml"
        if key in entries or item["of"] in legislatures:
            raise RuleError(where, f"duplicate legislature {item['id']!r} or polity {item['of']!r}")
        if item["of"] not in entries:
            raise RuleError(where, f"legislature {item['id']!r}: unknown polity {item['of']!r}")
        if item["id"] != slug(item["name"]):
            # the id an "actors.org-name" mention of the full name gets, so both are one actor
            raise RuleError(where, f"legislature id {item['id']!r} is not the slug of its name")
        entries[key] = Entry(
            id=key, name=item["name"], kind="organization", aliases=list(item.get("aliases", [])),
            legislature_of=item["of"], rule="gazetteer.legislatures",
        )
        legislatures[item["of"]] = key
    for e in entries.values():  # dedupe, keep order
        e.aliases = list(dict.fromkeys(a for a in e.aliases if a and a != e.name))

    by_name: dict[str, str] = {}
    for e in entries.values():
        for surface in (e.name, *e.aliases):
            # First writer wins: ISO entries come first, so a bare ISO name keeps its country.
            by_name.setdefault(surface, e.id)
    by_adjective: dict[str, str] = {}
    by_people: dict[str, str] = {}
    for n, cells in _lines("demonyms.tsv"):
        if len(cells) != 3 or cells[0] not in entries:
            raise RuleError(f"rules/en/gazetteer/demonyms.tsv:{n}", f"bad line or unknown id {cells[0]!r}")
        e = entries[cells[0]]
        e.adjectives = [a for a in cells[1].split(",") if a]
        e.peoples = [p for p in cells[2].split(",") if p and p != "-"]
        for a in e.adjectives:
            by_adjective.setdefault(a, e.id)
        for p in e.peoples:
            by_people.setdefault(p, e.id)
    cities: dict[str, City] = {}
    for n, cells in _lines("cities.tsv"):
        if len(cells) != 4 or cells[1] not in entries:
            raise RuleError(f"rules/en/gazetteer/cities.tsv:{n}", f"bad line or unknown polity {cells[1]!r}")
        aliases = [a for a in cells[3].split(",") if a and a != "-"]
        city = City(cells[0], cells[1], cells[2] == "yes", aliases)
        for surface in (city.name, *aliases):
            cities.setdefault(surface, city)
    people_file = _rules_dir().joinpath("people.toml")
    people, person_names = load_people(people_file.read_text(encoding="utf-8"), set(entries))
    # City names equal to a polity name ("Singapore", "Hong Kong") stay polities in the text.
    return Gazetteer(
        entries=entries, by_name=by_name, by_adjective=by_adjective, by_people=by_people,
        cities=cities, name_re=_alternation(list(by_name)),
        adjective_re=_alternation(list(by_adjective) + list(by_people)),
        city_re=_alternation([c for c in cities if c not in by_name]),
        people=people, person_names=person_names, legislatures=legislatures,
    )


def resolve(name: str) -> str | None:
    """An actor id for a polity/organisation name, alias, ISO3 code or demonym, or None."""
    return load().resolve(name)
