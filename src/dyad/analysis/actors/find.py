"""Finding actor mentions in text: gazetteer names, demonyms, organisations, groups, people.

Each finder adds `Mention`s; earlier finders claim their spans so that later, looser ones
(people, from runs of capitalised words) cannot take a piece of a known name. The order is
the order of confidence: gazetteer names, organisation names, institutions of a polity,
groups, demonyms, people, the dyad's "two countries".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from . import gazetteer, rules
from .trie import trie_pattern


@dataclass
class Mention:
    start: int
    end: int
    ids: list[str]  # usually one actor id; "the two countries" names both parties
    kind: str  # polity | organization | group | person
    rule: str
    name: str  # canonical name for the actor (people/orgs/groups: as written)
    role: str | None = None
    affiliation: str | None = None
    inner: bool = False  # inside a larger mention (the polity in "parliament of Artsakh")


def slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


_WORD = re.compile(r"[^\W\d_][^\W_'’]*(?:['’][^\W_]*)*(?:[-.][^\W\d_][^\W_'’]*(?:['’][^\W_]*)*)*\.?")
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][^\W_]*(?:['’-][^\W_]+)*"
# A capitalised chunk with the connectors names use inside ("Office of the Chief Scientist").
_CHUNK = re.compile(rf"{_CAP}(?:\s(?:(?:of|for|and|on|de)\s(?:the\s)?)?{_CAP})*")
_PARTICLE_ALT = "de|da|do|dos|van|von|der|bin|ibn|al|el|la|le|di|del"
_CAPRUN = re.compile(
    rf"[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*(?: (?:(?:{_PARTICLE_ALT}) )*[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*)*"
)
_POSSESSIVE = re.compile(r"['’]s?$")
# ", Hong Kong's national airline,", ", the state gas company,": up to four words before the head
# noun, after an optional article or a possessive name; the head must end the appositive.
_APPOSITIVE = re.compile(
    r",\s+(?:(?:the|a|an|its)\s+|(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*['’]s?\s+)?"
    r"(?:(?!of\b)[\w-]+\s+){0,3}?(?P<noun>[a-z]+)\s*[,;)]")
_PARTICLES = {"de", "da", "do", "dos", "van", "von", "der", "bin", "ibn", "al", "el", "la", "le", "di", "del"}
_PARTY_COREF = re.compile(
    r"\b(?:the two|both|two) (?:countries|nations|states|sides|governments|entities|republics)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def _title_patterns(titles: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a title ending a string, a capitalised title opening a run of capitalised words,
    "the <Title>" not followed by a name), compiled once per title list."""
    end = re.compile(r"(?:^|\W)(?P<t>" + trie_pattern(list(titles)) + ")$", re.IGNORECASE)
    caps = [t for t in titles if t[0].isupper()]
    start = re.compile("(" + trie_pattern(caps) + ")(?: |$)")
    definite = re.compile(r"\b[Tt]he\s+(?P<t>" + trie_pattern(caps) + r")\b(?!\s+(?:of\b|[A-Z]))")
    return end, start, definite


@lru_cache(maxsize=4)
def _institution_patterns(nouns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """'<noun> of (the) ' before a polity, "'s <noun>" after it, ' <noun>' right after it."""
    alt = "|".join(re.escape(k) for k in nouns)
    return (re.compile(rf"\b(?P<inst>{alt})\s+of\s+(?:the\s+)?$", re.IGNORECASE),
            re.compile(rf"^['’]s\s+(?P<inst>{alt})\b", re.IGNORECASE),
            re.compile(rf"^\s(?P<inst>{alt})\b(?![\w-])", re.IGNORECASE))


class Claims:
    """Character positions already taken by a mention."""

    def __init__(self, n: int, excluded: list[tuple[int, int]]):
        self.taken = bytearray(n)
        self.blocked = bytearray(n)
        for s, e in excluded:
            self.blocked[s:e] = b"\x01" * (max(0, min(e, n) - s))

    def free(self, s: int, e: int) -> bool:
        return self.taken.find(1, s, e) < 0 and self.blocked.find(1, s, e) < 0

    def ok(self, s: int, e: int) -> bool:
        return self.blocked.find(1, s, e) < 0

    def take(self, s: int, e: int) -> None:
        self.taken[s:e] = b"\x01" * (e - s)


@dataclass
class Finder:
    text: str
    excluded: list[tuple[int, int]]
    parties: tuple[str, str] | None = None
    mentions: list[Mention] = field(default_factory=list)
    # On an overview page the pair changes with the region: position -> (subject, partner)
    pair_at: Callable[[int], tuple[str, str] | None] | None = None

    def __post_init__(self) -> None:
        self.g = gazetteer.load()
        self.r = rules.load()
        self.claims = Claims(len(self.text), self.excluded)

    def add(self, m: Mention, claim: bool = True) -> None:
        self.mentions.append(m)
        if claim:
            self.claims.take(m.start, m.end)

    # --- gazetteer -------------------------------------------------------------------------
    def gazetteer_names(self) -> None:
        text = self.text
        for m in self.g.name_re.finditer(text):
            s, e = m.span()
            if not self.claims.ok(s, e):
                continue
            # "Nagorno-Karabakh conflict", "Second Nagorno-Karabakh War": the name of a war,
            # not a mention of the polity as an actor.
            after = text[e:e + 12]
            if re.match(r"\s(?:War|war|conflict|Conflict|Revolution)\b", after):
                continue
            entry = self.g.entries[self.g.by_name[m.group()]]
            self.add(Mention(s, e, [entry.id], entry.kind, entry.rule, entry.name))

    # --- organisations -----------------------------------------------------------------------
    def _overlapping(self, s: int, e: int) -> list[Mention]:
        """Gazetteer mentions overlapping s..e (they are sorted by start: see org_names)."""
        i = bisect.bisect_left(self._starts, s - 200)
        out = []
        for m in self._sorted[i:]:
            if m.start >= e:
                break
            if m.end > s:
                out.append(m)
        return out

    def org_names(self) -> None:
        text, heads, fw = self.text, self.r.org_heads, self.r.function_words
        self._sorted = sorted(self.mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._sorted]
        self._orgs: list[Mention] = []
        for m in _CHUNK.finditer(text):
            chunk = m.group()
            if " and the " in chunk:  # two names in one chunk: "... Bank and the World Bank"
                continue
            if heads.isdisjoint(chunk.split()) and not any(
                    _POSSESSIVE.sub("", t) in heads for t in chunk.split() if t[-1] in "s’'"):
                continue  # no head noun: not an organisation's name (most chunks)
            words = [(w.start() + m.start(), w.end() + m.start(), w.group())
                     for w in re.finditer(r"\S+", m.group())]
            # Cut sentence-initial function words and a leading possessive polity
            # ("Azerbaijan's Communist Party": the polity is the affiliation).
            affiliation = None
            while words and (words[0][2] in fw):
                words.pop(0)
            joined = " ".join(w[2] for w in words)
            tm = self.r.title_re.match(joined)
            if tm and joined[:tm.end()][0].isupper():  # "General Secretary of ...": a role
                n = len(joined[:tm.end()].split())
                words = words[n:]
                while words and words[0][2] in ("of", "the"):
                    words.pop(0)
            if not words:
                continue
            last_head = max((i for i, w in enumerate(words) if _POSSESSIVE.sub("", w[2]) in heads
                             and not w[2].endswith(("'s", "’s"))), default=None)
            if last_head is None:
                continue
            # Keep "Soviet" as a head only where it is a council ("Supreme Soviet of ...",
            # "Regional Soviet"): "Soviet Union" is a gazetteer name, "Soviet Armenia" too.
            end_i = last_head
            # Include an "of (the) X" complement right after the head.
            rest = text[words[end_i][1]:m.end()]
            cm = re.match(rf"\s(?:of|for)\s(?:the\s)?{_CAP}(?:\s(?:and\s)?{_CAP})*", rest)
            s = words[0][0]
            e = words[end_i][1] + (cm.end() if cm else 0)
            first = words[0][2]
            if first.endswith(("'s", "’s")):
                affiliation = self.g.by_name.get(first[:-2])
                s = words[1][0] if len(words) > 1 else s
            surface = text[s:e]
            if s >= e or surface in self.g.by_name or not self.claims.ok(s, e):
                continue
            overlapping = self._overlapping(s, e)
            if any((gm.start <= s and e <= gm.end) or (gm.start < s < gm.end < e)
                   or (s < gm.start < e < gm.end) for gm in overlapping):
                continue  # inside or across a gazetteer name ("Azerbaijan Soviet Socialist ...")
            known = next((om for om in self._orgs if om.rule == "actors.org-name"
                          and om.name.lower().endswith(surface.lower())
                          and text[max(0, e - len(om.name)):e].lower() == om.name.lower()), None)
            if known is not None:  # "the regional Soviet of Karabakh" = "Regional Soviet of Karabakh"
                s2 = e - len(known.name)
                self.add(Mention(s2, e, list(known.ids), "organization", "actors.coref-org", known.name,
                                 affiliation=known.affiliation))
                continue
            if len(surface.split()) == 1 and surface in ("Soviet", "Government", "Office",
                                                         "Union", "House", "Pacific"):
                continue  # a bare head noun is not a name
            if surface.split()[0] in self.g.by_adjective and len(surface.split()) == 2 \
                    and surface.split()[1] in ("Government", "Army", "Navy"):
                # "British Government" is the polity acting (PLOVER codes governments as states)
                pid = self.g.by_adjective[surface.split()[0]]
                self.add(Mention(s, e, [pid], "polity", "actors.government-of", self.g.entries[pid].name))
                continue
            if affiliation is None:
                for gm in overlapping:
                    if s <= gm.start and gm.end <= e and gm.kind == "polity":
                        affiliation = gm.ids[0]
                        break
            for gm in overlapping:
                if s <= gm.start and gm.end <= e:
                    gm.inner = True
            org = Mention(s, e, [f"org:{slug(surface)}"], "organization", "actors.org-name",
                          surface, affiliation=affiliation)
            self._orgs.append(org)
            self.add(org)

    def institutions(self) -> None:
        """ "the parliament of Artsakh", "Artsakh's parliament", "the government of Artsakh",
        "Hong Kong police force"."""
        names = [m for m in self.mentions if m.kind == "polity" and not m.inner]
        text = self.text
        of_re, poss_re, compound_re = _institution_patterns(tuple(self.r.institutions))
        group_nouns = frozenset(self.r.group_nouns)
        for pm in names:
            before = text[max(0, pm.start - 40):pm.start]
            m = of_re.search(before)
            if m and re.match(r"['’]s\b", text[pm.end:pm.end + 3]):
                # "the parliament of Azerbaijan's Nakhchivan Autonomous Republic": not Azerbaijan's
                continue
            compound = False
            if m:
                s, e = pm.start - len(before) + m.start(), pm.end
                inst = m.group("inst")
            else:
                m = poss_re.match(text[pm.end:pm.end + 40])
                if not m:
                    m = compound_re.match(text[pm.end:pm.end + 40])
                    after = text[pm.end + m.end():pm.end + m.end() + 30].split()[:1] if m else []
                    if not m or (after and after[0].strip(".,;:") in group_nouns):
                        continue  # "Hong Kong police officers" is a group (groups below)
                    compound = True
                s, e, inst = pm.start, pm.end + m.end(), m.group("inst")
            if not self.claims.ok(s, e) or self.claims.taken.find(1, s, pm.start) >= 0:
                continue
            pid = pm.ids[0]
            if self.r.institutions[inst.lower()]:
                # The government stands for the state: widen the polity mention.
                pm.start, pm.end, pm.rule = min(s, pm.start), max(e, pm.end), "actors.government-of"
                self.claims.take(pm.start, pm.end)
                continue
            pm.inner = True
            pname = self.g.entries[pid].name
            legislature = self.g.legislatures.get(pid) if inst.lower() in self.r.legislature_nouns else None
            if legislature is not None:  # "the parliament of Artsakh": the National Assembly of Artsakh
                self.add(Mention(s, e, [legislature], "organization", "actors.institution-of",
                                 self.g.entries[legislature].name, affiliation=pid))
                continue
            if compound:  # "Hong Kong police force": the name it is known by
                name = f"{pname} {' '.join(w[0].upper() + w[1:].lower() for w in inst.split())}"
            else:
                name = f"{inst[0].upper()}{inst[1:].lower()} of {pname}"
            self.add(Mention(s, e, [f"org:{slug(pname)}-{slug(inst)}"], "organization",
                             "actors.institution-of", name, affiliation=pid))

    # --- groups ------------------------------------------------------------------------------
    def groups(self) -> None:
        """ "ethnic Armenians", "Karabakh Armenians", "[Karabakh] [Armenian] leaders", "Artsakh
        officials", "Hong Kong police officers". Anchored on the plural (a demonym or a group
        noun), then the words before it are looked up: far cheaper than one pattern tried at
        every position."""
        text, g, r = self.text, self.g, self.r
        if not hasattr(Finder, "_people_re"):
            Finder._people_re = re.compile(r"(?<![\w-])(?:" + trie_pattern(list(g.by_people)) + r")(?![\w-])")
            Finder._noun_re = re.compile(r"(?<![\w-])(?:" + trie_pattern(list(r.group_nouns)) + r")(?![\w-])")
        found: list[tuple[int, int, str, str | None]] = []  # (start, end, name, polity)
        for m in Finder._people_re.finditer(text):
            s, e = m.span()
            pid = g.by_people[m.group()]
            name = m.group()
            before = text[max(0, s - 40):s]
            em = re.search(r"\bethnic\s$", before)
            pm = re.search(rf"(?<![\w-])({_CAP})\s$", before)
            if pm and self._place_word(pm.group(1)):
                s, name = s - len(pm.group(0)), text[s - len(pm.group(0)):e]
            elif em:
                pass  # "ethnic Armenians" is the people
            if not self.claims.ok(s, e) or self.claims.taken.find(1, s, e) >= 0:
                continue
            found.append((s, e, name, pid))
        for m in Finder._noun_re.finditer(text):
            s, e = m.span()
            before = text[max(0, s - 60):s]
            words = before.split(" ")
            key, pid, ks = None, None, None
            for n in range(min(4, len(words) - 1), 0, -1):
                cand = " ".join(words[-n - 1:-1])
                if cand in g.by_adjective or (len(cand) > 3 and cand in g.by_name):
                    key, pid = cand, g.by_adjective.get(cand) or g.by_name.get(cand)
                    ks = s - 1 - len(cand)
                    break
            if key is None or text[ks + len(key):s] != " ":
                continue
            start = ks
            pm = re.search(rf"(?<![\w-])({_CAP})\s$", text[max(0, ks - 30):ks])
            if pm and self._place_word(pm.group(1)):
                start = ks - len(pm.group(0))
            if not self.claims.ok(start, e) or (self.claims.taken.find(1, start, e) >= 0
                                                and key not in g.by_name):
                continue
            found.append((start, e, text[start:e], pid))
        for s, e, name, pid in sorted(found):
            if self.claims.taken.find(1, s, e) >= 0 and not any(
                    gm.start >= s and gm.end <= e for gm in self._overlapping_all(s, e)):
                continue
            for gm in self._overlapping_all(s, e):
                if s <= gm.start and gm.end <= e:
                    gm.inner = True
            self.add(Mention(s, e, [f"group:{slug(name)}"], "group", "actors.group", name, affiliation=pid))

    def _place_word(self, word: str) -> bool:
        r, g = self.r, self.g
        return not (word in r.function_words or word in r.stopwords or word in g.by_adjective
                    or word in g.by_name)

    def _overlapping_all(self, s: int, e: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < e and m.end > s]

    def demonyms(self) -> None:
        for m in self.g.adjective_re.finditer(self.text):
            s, e = m.span()
            if not self.claims.free(s, e) or m.group() not in self.g.by_adjective:
                continue
            pid = self.g.by_adjective[m.group()]
            self.add(Mention(s, e, [pid], "polity", "actors.demonym", self.g.entries[pid].name))

    # --- people --------------------------------------------------------------------------------
    def _role_before(self, s: int) -> tuple[str | None, str | None]:
        """A title just before a name: "Prime Minister", "the leader of Soviet Armenia",
        "Artsakh's Foreign Minister", "businessman", "former president"."""
        text = self.text
        i = s
        while i > 0 and text[i - 1] in " ,":
            i -= 1
        if s - i > 2:
            return None, None
        affiliation = None
        of_name = ""
        # "<title> of <known polity or organisation>" right before the name
        inner = self._ends.get(i)
        if inner is not None:
            om = re.search(r"\bof\s+(?:the\s+)?$", text[max(0, inner.start - 10):inner.start])
            if om:
                affiliation = inner.ids[0] if inner.kind == "polity" else inner.affiliation
                of_name = " of " + text[inner.start:inner.end]
                i = inner.start - (len(text[max(0, inner.start - 10):inner.start]) - om.start())
        while i > 0 and text[i - 1] == " ":
            i -= 1
        before = text[max(0, i - 60):i]
        tm = self._title_end.search(before)
        if tm is None:
            return None, None
        role = before[tm.start("t"):] + of_name
        t0 = i - len(before) + tm.start("t")
        if affiliation is None:  # "Artsakh's Foreign Minister", "Armenian Prime Minister",
            for gap in range(0, 4):  # "Azerbaijan's Communist Party General Secretary"
                prev = self._ends.get(t0 - gap)
                if prev is None or not re.fullmatch(r"(?:['’]s)?\s*", text[prev.end:t0]):
                    continue
                if prev.kind == "polity":
                    affiliation = prev.ids[0]
                elif prev.affiliation:
                    affiliation = prev.affiliation
                    role = f"{prev.name} {role}"
                break
        return role, affiliation

    def people(self) -> None:
        text, r = self.text, self.r
        # Outer polity/organisation mentions by end offset, for titles "of X" and "X's".
        self._ends = {m.end: m for m in self.mentions if not m.inner and m.kind in ("polity", "organization")}
        self._title_end, self._title_start, _ = _title_patterns(r.titles)
        runs: list[list[tuple[int, int, str]]] = []
        cur: list[tuple[int, int, str]] = []
        prev_end = -10
        # Only runs of capitalised words can hold a name: scan those, not every word.
        words = (w for run in _CAPRUN.finditer(text) for w in _WORD.finditer(text, run.start(), run.end()))
        for w in words:
            s, e, tok = w.start(), w.end(), w.group()
            tok_clean = _POSSESSIVE.sub("", tok.rstrip("."))
            capital = tok[0].isupper() and not tok.isupper() or (len(tok) == 2 and tok.endswith("."))
            gap = text[prev_end:s]
            joinable = gap == " " and cur
            if capital and self.claims.free(s, e) and tok_clean not in r.stopwords:
                if not joinable:
                    if cur:
                        runs.append(cur)
                    cur = []
                cur.append((s, s + len(tok_clean), tok_clean))
                if tok_clean != tok.rstrip(".") or (tok.endswith(".") and len(tok) > 2):
                    # a possessive or a full stop ends the name
                    runs.append(cur)
                    cur = []
            elif tok in _PARTICLES and joinable:
                cur.append((s, e, tok))
            else:
                if cur:
                    runs.append(cur)
                cur = []
            prev_end = e
        if cur:
            runs.append(cur)
        for run in runs:
            while run and run[-1][2] in _PARTICLES:
                run.pop()
            # Strip a leading title inside the run ("Prime Minister Nikol Pashinyan").
            role_in = None
            joined = " ".join(t for _, _, t in run)
            tm = self._title_start.match(joined)
            if tm:
                t = tm.group(1)
                role_in, run = t, run[len(t.split()):]
            if not run:
                continue
            tokens = [t for _, _, t in run]
            if any(t in r.org_heads for t in tokens):
                continue
            nxt = re.match(r" ([A-Z][\w-]*)", text[run[-1][1]:run[-1][1] + 20])
            if nxt and nxt.group(1) in r.stopwords and nxt.group(1) not in r.function_words:
                continue  # "Second Nagorno-Karabakh War", "Velvet Revolution": a name of a thing
            s, e = run[0][0], run[-1][1]
            of_head = re.search(r"([A-Z][\w-]*)\sof\s$", text[max(0, s - 30):s])
            if re.search(r"(?:\b(?:the|a|an)\s|[(_*])$", text[max(0, s - 5):s]) or \
                    (of_head and of_head.group(1) not in r.victim_nouns):
                continue  # "the Enterprise Support Scheme", "Treaty of Reciprocal Assistance"
            role, affiliation = self._role_before(s) if role_in is None else (role_in, None)
            if role_in:
                _, affiliation = self._role_before(run[0][0] - 0)
            if 2 <= len(tokens) <= 5:
                name = " ".join(tokens)
                if self._appositive_org(e):
                    self.add(Mention(s, e, [f"org:{slug(name)}"], "organization",
                                     "actors.org-appositive", name))
                else:
                    self.add(Mention(s, e, [f"person:{slug(name)}"], "person",
                                     "actors.person-name" if role is None else "actors.person-title",
                                     name, role=role, affiliation=affiliation))
            elif len(tokens) == 1:
                self._single_name(s, e, tokens[0], role, affiliation)
        self._corefer_surnames()

    def _appositive_org(self, end: int) -> bool:
        """Does an appositive after the name say it is an organisation? ("Cathay Pacific, Hong
        Kong's national airline, ..."; "Gazprom, the state gas company, ...")"""
        m = _APPOSITIVE.match(self.text, end)
        return m is not None and m.group("noun").lower() in self.r.appositive_org_nouns

    def _single_name(self, s: int, e: int, tok: str, role: str | None, affiliation: str | None) -> None:
        after = self.text[e:e + 20]
        # "President Correa", "Stalin's death", "the Moreno administration": a lone surname
        # is a person only with a title before it or a life/office noun after it.
        cue = re.match(r"(?:['’]s\s+(?:death|rule|regime|government|funeral|successor|reign|"
                       r"inauguration|presidency|premiership)|\s+(?:administration|government|"
                       r"regime|era)\b)", after)
        if role is not None and self.text[s - 2:s] == ", ":
            role = None  # "Minister of Agriculture, Livestock": a list, not a title and name
        if role is None and not cue:
            self._pending.append((s, e, tok))
            return
        self.add(Mention(s, e, [f"person:{slug(tok)}"], "person", "actors.person-surname", tok,
                         role=role, affiliation=affiliation))

    def _corefer_surnames(self) -> None:
        """Pashinyan -> Nikol Pashinyan when the article gives the full name; lone names that
        were already recognised as people elsewhere in the article are people here too."""
        full: dict[str, Mention] = {}
        single: dict[str, Mention] = {}
        for m in self.mentions:
            if m.kind != "person":
                continue
            parts = m.name.split()
            if len(parts) > 1:
                full.setdefault(parts[-1], m)
            else:
                single.setdefault(m.name, m)
        # A lone surname recognised with a cue, when the full name exists, joins the full name.
        for m in self.mentions:
            if m.kind == "person" and " " not in m.name and m.name in full:
                fm = full[m.name]
                m.ids, m.name, m.rule = list(fm.ids), fm.name, "actors.coref-surname"
                m.role = m.role or fm.role
        for s, e, tok in self._pending:
            target = full.get(tok) or single.get(tok)
            if target is None or not self.claims.free(s, e):
                continue
            self.add(Mention(s, e, list(target.ids), "person", "actors.coref-surname", target.name))
        self._well_known_people()

    def _well_known_people(self) -> None:
        """ "Stalin" -> Joseph Stalin, "Iosif Stalin" -> Joseph Stalin: a person mention whose
        name is one of `people.toml` takes that person's id and canonical name, so that one
        person has one id across articles. Runs after the article's own coreference, which
        wins: a surname the article gives as part of another full name ("Nadezhda Stalin") was
        joined to that name above and no longer reads "Stalin". Only renames: a word the rules
        did not take for a person stays what it was. The mention keeps its role and rule, and
        takes the person's polity as its affiliation where the text gave none."""
        for m in self.mentions:
            if m.kind != "person":
                continue
            person = self.g.person(m.name)
            if person is not None:
                # the polity they led or served is who they act for, unless the text says
                # otherwise ("Armenian Prime Minister ..." set it already)
                m.ids, m.name = [person.id], person.name
                m.affiliation = m.affiliation or person.polity

    def pronouns(self) -> None:
        """ "He hailed the good ties": a sentence-initial he/she refers to the one person named
        in the sentence before (only when exactly one person is named there)."""
        people = sorted((m for m in self.mentions if m.kind == "person"), key=lambda m: m.start)
        for pm in re.finditer(r"(?:^|(?<=[.!?]\s))(?:He|She)\b", self.text, re.MULTILINE):
            s = pm.start()
            prev_start = max(self.text.rfind(". ", 0, max(0, s - 2)), self.text.rfind("\n", 0, s)) + 1
            named = {tuple(m.ids) for m in people if prev_start <= m.start < s}
            if len(named) == 1 and self.claims.free(s, pm.end()):
                ref = next(m for m in people if prev_start <= m.start < s)
                self.add(Mention(s, pm.end(), list(ref.ids), "person", "actors.coref-pronoun", ref.name))

    def definite_titles(self) -> None:
        """ "The Foreign Minister was received by ...": a capitalised title after "the", not
        followed by a name, refers to the last person named with that title before it."""
        people = sorted((m for m in self.mentions if m.kind == "person" and m.role), key=lambda m: m.start)
        if not people:
            return
        definite = _title_patterns(self.r.titles)[2]
        for m in definite.finditer(self.text):
            s, e = m.span("t")
            if not self.claims.free(s, e):
                continue
            title = m.group("t").lower()
            ref = next((p for p in reversed(people) if p.start < s and p.role
                        and title in p.role.lower()), None)
            if ref is not None and s - ref.end < 600:
                self.add(Mention(s, e, list(ref.ids), "person", "actors.coref-title", ref.name))

    def party_coref(self) -> None:
        if not self.parties and self.pair_at is None:
            return
        for m in _PARTY_COREF.finditer(self.text):
            pair = self.parties or self.pair_at(m.start())
            if pair and self.claims.free(*m.span()):
                self.add(Mention(m.start(), m.end(), list(pair), "polity",
                                 "actors.coref-two-countries", m.group()))

    def cities(self) -> None:
        """Cities are places, not actors: claim them so that "Tel Aviv" is not a person."""
        self.city_spans: list[tuple[int, int, str]] = []
        for m in self.g.city_re.finditer(self.text):
            if self.claims.free(*m.span()):
                self.claims.take(*m.span())
                self.city_spans.append((m.start(), m.end(), m.group()))

    def run(self) -> list[Mention]:
        self._pending: list[tuple[int, int, str]] = []
        self.gazetteer_names()
        self.cities()
        self.org_names()
        self.institutions()
        self.groups()
        self.demonyms()
        self.people()
        self.pronouns()
        self.definite_titles()
        self.party_coref()
        # Last, so the rules always win: the user's spaCy pipeline (opt-in, DYAD_SPACY_MODEL)
        # adds only what they left free. Unset, it returns without importing spaCy.
        from .spacy_ner import add_mentions
        add_mentions(self)
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        return self.mentions
