"""Stage 'relations' (see pipeline.py): reads the infobox, the title, actors and events;
writes `doc.dyad` and `doc.missions`.

The dyad's parties come from the infobox (Party1/Party2) or the title ("X–Y relations").
Its status is `historical` when a party has dissolved (a DISSOLVE event of the text, else the
gazetteer's date) or the relations were severed and not restored. Missions come from the
infobox (Mission1 is party1's mission in party2, Mission2 party2's in party1) and from
sentences ("Albania has an embassy in Brasília", "a representative office of
Nagorno-Karabakh exists in Yerevan", "the Chinese embassy in Tel Aviv"); the kinds are data
(`rules/en/gazetteer/mission_kinds.tsv`). A mission's `opened`/`closed` dates come from the
OPEN_MISSION / CLOSE_MISSION events about it (`_mission_dates`).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib import resources

from ..errors import RuleError
from ..model import Document, Dyad, Mission
from .actors import gazetteer, non_prose, parties

try:
    from .temporal import interval
except ImportError:  # pragma: no cover
    def interval(value, mod=None):  # type: ignore[no-redef]
        return None, None


@lru_cache(maxsize=1)
def mission_kinds() -> tuple[tuple[str, str], ...]:
    path = resources.files("dyad.rules.en").joinpath("gazetteer").joinpath("mission_kinds.tsv")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise RuleError(f"rules/en/gazetteer/mission_kinds.tsv:{n}", "expected 2 tab-separated cells")
        out.append((cells[0].lower(), cells[1]))
    return tuple(sorted(out, key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def _kind_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """mission_kinds() with each phrase compiled once (kind_of runs for every mission match)."""
    return tuple((re.compile(rf"\b{re.escape(phrase)}\b"), kind) for phrase, kind in mission_kinds())


def kind_of(name: str) -> str | None:
    low = name.lower()
    for pattern, kind in _kind_patterns():
        if pattern.search(low):
            return kind
    return None


def run(doc: Document) -> None:
    pair, rule = parties(doc.article)
    covered = [d for d in doc.dyads if d.regions]  # an overview page's (stage 'regions')
    for d in covered:
        _region_status(d)
    if pair:
        doc.dyad = Dyad(party1=pair[0], party2=pair[1], rule=rule)
        _status(doc)
    # An article about one dyad has `dyad`; an overview page lists the dyads it covers.
    doc.dyads = [d for d in covered if not pair or {d.party1, d.party2} != set(pair)]
    doc.missions = _merge(_infobox_missions(doc, pair) + _sentence_missions(doc, pair))
    _mission_dates(doc)


# --- status ----------------------------------------------------------------------------------
def _full_date(value: str | None, mod: str | None = None) -> str | None:
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return interval(value, mod)[1]


def _status(doc: Document) -> None:
    dyad = doc.dyad
    assert dyad is not None
    g = gazetteer.load()
    parties_ = (dyad.party1, dyad.party2)
    ends: list[tuple[str, str, str]] = []  # (date, because, rule)
    for e in doc.events:
        if e.negated or e.hypothetical or e.future or e.same_as:
            continue
        args = set(e.source) | set(e.target)
        if e.type == "DISSOLVE" and args & set(parties_) and e.date.value:
            who = next(p for p in parties_ if p in args)
            name = doc.text[e.trigger.start:e.trigger.end]
            subject = _surface_for(doc, who, e) or g.entries[who].name if who in g.entries else who
            ends.append((_full_date(e.date.value, e.date.mod), f"{subject} {name}", "relations.status.dissolved-in-text"))
    for p in parties_:
        entry = g.get(p)
        if entry and entry.dissolved and not any(r == "relations.status.dissolved-in-text" for *_, r in ends):
            ends.append((_full_date(entry.dissolved), f"{entry.name} dissolved", "relations.status.dissolved-in-gazetteer"))
    severed = [e for e in doc.events if e.type == "SEVER_RELATIONS" and not (e.negated or e.hypothetical or e.future)]
    restored = [e for e in doc.events if e.type == "ESTABLISH_RELATIONS" and not (e.negated or e.hypothetical)]
    if severed:
        last = max(severed, key=lambda e: e.date.value or "")
        if last.date.value and not any((r.date.value or "") > (last.date.value or "") for r in restored):
            ends.append((_full_date(last.date.value, last.date.mod), "relations severed", "relations.status.severed"))
    ends = [x for x in ends if x[0]]
    if ends:
        date, because, rule = min(ends)
        dyad.status, dyad.ended, dyad.ended_because = "historical", date, because
        dyad.rule = f"{dyad.rule};{rule}" if dyad.rule else rule


def _region_status(dyad: Dyad) -> None:
    """An overview page's dyad is historical when a party has dissolved (gazetteer) or its
    table says relations ended ("Period of diplomatic relations: From 1944 To 1950") and
    began no later."""
    g = gazetteer.load()
    ends: list[tuple[str, str, str]] = []
    for p in (dyad.party1, dyad.party2):
        entry = g.get(p)
        if entry and entry.dissolved:
            ends.append((_full_date(entry.dissolved), f"{entry.name} dissolved",
                         "relations.status.dissolved-in-gazetteer"))
    ended = [r.ended for r in dyad.regions if r.ended]
    if ended:
        last = max(ended, key=lambda v: interval(v)[1] or "")
        began = [r.began for r in dyad.regions if r.began]
        if not any((interval(b)[0] or "") > (interval(last)[1] or "") for b in began):
            ends.append((_full_date(last), "relations ended", "relations.status.table-ended"))
    ends = [x for x in ends if x[0]]
    if ends:
        date, because, rule = min(ends)
        dyad.status, dyad.ended, dyad.ended_because = "historical", date, because
        dyad.rule = f"{dyad.rule};{rule}" if dyad.rule else rule


def _surface_for(doc: Document, actor_id: str, event) -> str | None:
    """The name the event's sentence uses for an actor ("the Republic of Artsakh")."""
    sent = doc.sentences[event.sentence] if event.sentence < len(doc.sentences) else None
    actor = doc.actor(actor_id)
    if not actor or not sent:
        return None
    for s, e in actor.mentions:
        if sent.start <= s < sent.end:
            return doc.text[s:e]
    return None


# --- missions -------------------------------------------------------------------------------
MISSION_EVENTS = ("OPEN_MISSION", "CLOSE_MISSION")


def _mission_dates(doc: Document) -> None:
    """Opening and closing dates of the missions, from the OPEN_MISSION / CLOSE_MISSION events
    of the text ("In 1981, Ivory Coast opened an embassy in Mexico, however, the embassy was
    closed in 1991 ... In 2004, Ivory Coast re-opened its embassy in Mexico"). Events are taken
    in date order: an opening starts the mission's current run (and clears an earlier closing),
    a closing ends it. Only dated events that are told as facts count."""
    if not doc.missions:
        return
    told = [e for e in doc.events if e.type in MISSION_EVENTS and e.date.value
            and not (e.negated or e.hypothetical or e.future or e.same_as)]
    told.sort(key=lambda e: (e.date.earliest or e.date.value or "", e.trigger.start))
    for e in told:
        cands = _missions_of(doc, e)
        if not cands:
            cands = _mission_from_event(doc, e)
        if len(cands) != 1:
            continue
        m = cands[0]
        if e.type == "OPEN_MISSION":
            m.opened, m.opened_event = e.date.value, e.id
            m.closed = m.closed_event = None
        else:
            m.closed, m.closed_event = e.date.value, e.id
    for m in doc.missions:
        for event_id, note in ((m.opened_event, "relations.mission.opened-by-event"),
                               (m.closed_event, "relations.mission.closed-by-event")):
            if event_id:
                m.rule = f"{m.rule};{note}" if m.rule else note


def _event_window(doc: Document, event) -> str:
    """The words of an event's sentence from its trigger on: where it names the mission."""
    sentence = doc.sentences[event.sentence] if event.sentence < len(doc.sentences) else None
    end = sentence.end if sentence else len(doc.text)
    return doc.text[event.trigger.start:min(end, event.trigger.end + 80)]


def _missions_of(doc: Document, event) -> list[Mission]:
    """The missions an opening/closing event may be about: sent by one of its sources to one
    of its targets (a city the event names stands for its state), of the kind the event names
    ("opened its first consulate in Jeddah" is not the embassy in Riyadh), narrowed by the
    city it names and then to resident missions. The caller takes a single one only."""
    window = _event_window(doc, event)
    _, city_polity = _city_in(window)
    hosts = set(event.target) or ({city_polity} if city_polity else set())
    cands = [m for m in doc.missions if m.sender in event.source and m.host in hosts]
    kind = kind_of(window)
    if kind:
        cands = [m for m in cands if m.kind in (kind, "mission")]
    if len(cands) > 1:
        named_city = [m for m in cands if m.city and m.city in window]
        cands = named_city or cands
    if len(cands) > 1:
        resident = [m for m in cands if not m.kind.startswith("non-resident")]
        cands = resident or cands
    return cands


def _mission_from_event(doc: Document, event) -> list[Mission]:
    """A mission the infobox and the other sentences do not list, from an event that names its
    kind, sender and host ("In the late 1980s, Mexico closed its embassy in Senegal", "Oman
    established its full-fledged embassy in Dhaka"): a former or newly told mission."""
    window = _event_window(doc, event)
    kind = kind_of(window)
    senders = [i for i in event.source if doc.actor(i) and doc.actor(i).kind == "polity"]
    hosts = [i for i in event.target if doc.actor(i) and doc.actor(i).kind == "polity"]
    if not kind or len(senders) != 1 or len(hosts) != 1 or senders == hosts:
        return []
    if any(m.sender == senders[0] and m.host == hosts[0] and m.kind == kind for m in doc.missions):
        return []  # there is one, but the event did not single it out
    city, city_polity = _city_in(window)
    if city_polity not in (None, hosts[0]):
        city = None
    name = f"{_adjective(senders[0])} {kind.title() if kind != 'representative office' else 'Representative Office'}"
    if city:
        name += f" in {city}"
    sentence = doc.sentences[event.sentence] if event.sentence < len(doc.sentences) else None
    m = Mission(sender=senders[0], host=hosts[0], name=name, city=city, kind=kind,
                start=sentence.start if sentence else event.trigger.start,
                end=sentence.end if sentence else event.trigger.end, rule="relations.mission.event")
    doc.missions.append(m)
    return [m]


def _city_in(text: str) -> tuple[str | None, str | None]:
    """(city, polity id of the city) for the first known city named in `text`."""
    g = gazetteer.load()
    for m in re.finditer(r"\bin\s+(?P<place>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)*)", text):
        place = m.group("place")
        words = place.split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n]).rstrip(".,")
            if cand in g.cities:
                c = g.cities[cand]
                return c.name, c.polity
    return None, None


def _infobox_missions(doc: Document, pair) -> list[Mission]:
    if not doc.article.infobox or not pair:
        return []
    fields = doc.article.infobox.fields
    out = []
    for key, sender, host in (("Mission1", pair[0], pair[1]), ("Mission2", pair[1], pair[0])):
        name = fields.get(key)
        if not name or name.strip() in ("None", "-", "none", "N/A"):
            continue
        city, _ = _city_in(name)
        # A name that says whose mission it is and where ("Permanent Representation of the
        # NKR in Armenia") overrides the column convention.
        # So does "High Commission of Pakistan, New Delhi" (the sender, then the city).
        named = re.search(r"\bof\s+(?:the\s+)?(?P<s>[^,]+?)\s+in\s+(?:the\s+)?(?P<h>[^,]+)$", name)
        by_city = re.search(r"\bof\s+(?:the\s+)?(?P<s>[^,]+?),\s*(?P<c>[^,]+(?:,\s*D\.C\.)?)$", name)
        g = gazetteer.load()
        if named:
            s_id, h_id = gazetteer.resolve(named.group("s")), gazetteer.resolve(named.group("h"))
            if s_id in pair and h_id in pair and s_id != h_id:
                sender, host = s_id, h_id
        elif by_city and by_city.group("c").strip() in g.cities:
            c = g.cities[by_city.group("c").strip()]
            s_id = gazetteer.resolve(by_city.group("s"))
            if s_id in pair and c.polity in pair and s_id != c.polity:
                sender, host, city = s_id, c.polity, c.name
        out.append(Mission(sender=sender, host=host, name=name, city=city,
                           kind=kind_of(name) or "mission", rule=f"relations.mission.infobox.{key}"))
    return out


_KIND_ALT = None


def _kind_alt() -> str:
    global _KIND_ALT
    if _KIND_ALT is None:
        _KIND_ALT = "|".join(re.escape(p) for p, _ in mission_kinds())
    return _KIND_ALT


def _sentence_missions(doc: Document, pair) -> list[Mission]:
    g = gazetteer.load()
    text = doc.text
    kinds = _kind_alt()
    skip = non_prose(doc)
    # Actor mentions by span, for sender lookup.
    spans = sorted(((s, e, a.id) for a in doc.actors if a.kind == "polity" for s, e in a.mentions))
    out: list[Mission] = []

    span_starts = [x[0] for x in spans]

    def spans_in(s: int, e: int):
        i = bisect.bisect_left(span_starts, s)
        while i < len(spans) and spans[i][0] < e:
            if spans[i][1] <= e:
                yield spans[i]
            i += 1

    def polity_at(s: int, e: int) -> str | None:
        return next((aid for _, _, aid in spans_in(s, e)), None)

    from .events import _SpanSet

    skip_set = _SpanSet(skip)

    patterns = [
        # "Albania has an embassy in Brasília", "Artsakh has a representative office in Yerevan"
        ("relations.mission.has", re.compile(
            rf"(?P<sender>(?-i:[A-Z])[^\s,;.]*(?:\s(?-i:[A-Z])[^\s,;.]*)*)\s+(?:has|had|maintains|maintained|operates|opened)\s+"
            rf"(?:an?\s+|its\s+)?(?:\w+\s+){{0,2}}?(?P<kind>{kinds})\s+(?P<loc>in\s+(?:the\s+)?(?-i:[A-Z])[^,;.]+)", re.IGNORECASE)),
        # "a representative office of Nagorno-Karabakh exists in Yerevan"
        ("relations.mission.of-exists", re.compile(
            rf"(?P<kind>{kinds})\s+of\s+(?:the\s+)?(?P<sender>(?-i:[A-Z])[^\s,;.]*(?:\s(?-i:[A-Z])[^\s,;.]*)*)\s+"
            rf"(?:exists|is\s+located|operates|is|was|opened)\s+(?P<loc>in\s+(?:the\s+)?(?-i:[A-Z])[^,;.]+)", re.IGNORECASE)),
        # "the Chinese embassy in Tel Aviv", "the Ecuadorian embassy in London"
        ("relations.mission.adjective", re.compile(
            rf"(?P<sender>(?-i:[A-Z])[\w'’-]+)\s+(?P<kind>{kinds})\s+(?P<loc>in\s+(?:the\s+)?(?-i:[A-Z])[^,;.()\[]+)", re.IGNORECASE)),
        # "Hong Kong is represented through the Hong Kong Economic and Trade Office"
        ("relations.mission.represented", re.compile(
            rf"(?P<sender>(?-i:[A-Z])[^\s,;.]*(?:\s(?-i:[A-Z])[^\s,;.]*)*)\s+is\s+represented\s+(?:in\s+\w+\s+)?"
            rf"(?:through|by)\s+(?:the\s+|its\s+|an?\s+)?(?P<name>[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*|\s(?:and|of|for)\s)*?\s?(?P<kind>{kinds}))",
            re.IGNORECASE)),
    ]
    # Only lines that name a kind of mission can state one.
    kind_re = re.compile(rf"\b(?:{kinds})\b", re.IGNORECASE)
    lines = []
    pos = 0
    for line in text.split("\n"):
        if kind_re.search(line):
            lines.append((pos, line))
        pos += len(line) + 1
    # "Mexico is accredited to Senegal from its embassy in Rabat, Morocco and maintains an
    # honorary consulate in Dakar": a non-resident embassy, and a mission in the host.
    accredited = re.compile(
        rf"(?P<sender>(?-i:[A-Z])[^\s,;.]*(?:\s(?-i:[A-Z])[^\s,;.]*)*)\s+(?:is|was|has\s+been)\s+accredited\s+to\s+"
        rf"(?P<acc>(?-i:[A-Z])[^\s,;.]*(?:\s(?-i:[A-Z])[^\s,;.]*)*)\s+from\s+its\s+(?P<kind>{kinds})\s+(?P<loc>in\s+[^;]+?)"
        rf"(?:\s+and\s+maintains\s+(?:an?\s+)?(?P<kind2>{kinds})s?\s+(?P<loc2>in\s+[^;.]+))?(?:\.|$)",
        re.IGNORECASE)
    for lp, line in lines:
        for m in _shifted(accredited, line, lp):
            sender = polity_at(m.start("sender"), m.end("sender"))
            acc = polity_at(m.start("acc"), m.end("acc"))
            if not sender or not acc or sender == acc:
                continue
            city, _ = _city_in(m.group("loc"))
            kind = kind_of(m.group("kind")) or "mission"
            out.append(Mission(sender=sender, host=acc, name=f"{_adjective(sender)} {kind} accredited from {city or m.group('loc')[3:]}",
                               city=city, kind=f"non-resident {kind}", start=m.start(), end=m.end(),
                               rule="relations.mission.accredited-from"))
            if m.group("kind2"):
                city2, city_polity2 = _city_in(m.group("loc2"))
                kind2 = kind_of(m.group("kind2")) or "mission"
                out.append(Mission(sender=sender, host=city_polity2 or acc,
                                   name=f"{_adjective(sender)} {kind2}" + (f" in {city2}" if city2 else ""),
                                   city=city2, kind=kind2, start=m.start(), end=m.end(),
                                   rule="relations.mission.maintains"))
    for rule, rx in patterns:
        for m in (mm for lp, line in lines for mm in _shifted(rx, line, lp)):
            if skip_set.contains(m.start()):
                continue
            sender_text = m.group("sender")
            s_start = m.start("sender")
            # the sender is the last polity named in the sender phrase ("..., and Brazil")
            sender = None
            for ms, me, aid in spans_in(s_start, m.end("sender")):
                sender = aid
            if sender is None:
                sender = g.by_adjective.get(sender_text) or g.by_name.get(sender_text)
            if sender is None:
                continue
            kind = kind_of(m.group("kind")) or "mission"
            loc = m.groupdict().get("loc") or ""
            city, city_polity = _city_in(loc)
            host = city_polity
            if host is None and loc:
                host = polity_at(m.start("loc"), m.end("loc"))
            if host is None and pair and sender in pair:
                host = pair[1] if sender == pair[0] else pair[0]
            if host is None or host == sender:
                if not (city and host == sender and city_polity == sender and pair and sender in pair
                        and rule == "relations.mission.adjective"):
                    if host is None or host == sender:
                        continue
            name = m.groupdict().get("name")
            if not name:
                entry = g.get(sender)
                adj = entry.adjectives[0] if entry and entry.adjectives else (entry.name if entry else sender)
                name = f"{adj} {kind.title() if kind != 'representative office' else 'Representative Office'}"
                if city:
                    name += f" in {city}"
            out.append(Mission(sender=sender, host=host, name=name, city=city, kind=kind,
                               start=m.start(), end=m.end(), rule=rule))
    return out


def _adjective(actor_id: str) -> str:
    entry = gazetteer.load().get(actor_id)
    if entry is None:
        return actor_id
    return entry.adjectives[0] if entry.adjectives else entry.name


class _Shifted:
    """A match on a line, with offsets into the whole text."""

    def __init__(self, m: re.Match, offset: int):
        self.m, self.offset = m, offset

    def group(self, name=0):
        return self.m.group(name)

    def groupdict(self):
        return self.m.groupdict()

    def start(self, name=0):
        return self.m.start(name) + self.offset

    def end(self, name=0):
        return self.m.end(name) + self.offset


def _shifted(rx: re.Pattern[str], line: str, offset: int):
    for m in rx.finditer(line):
        yield _Shifted(m, offset)


def _merge(missions: list[Mission]) -> list[Mission]:
    """One mission per (sender, host, kind): the infobox's name wins, a sentence adds the
    city and its evidence span."""
    out: list[Mission] = []
    for m in missions:
        same = next((o for o in out if o.sender == m.sender and o.host == m.host
                     and (o.kind == m.kind or "mission" in (o.kind, m.kind))), None)
        if same is None:
            out.append(m)
            continue
        same.city = same.city or m.city
        if same.start is None:
            same.start, same.end = m.start, m.end
        if same.kind == "mission":
            same.kind = m.kind
        if m.rule and m.rule not in (same.rule or ""):
            same.rule = f"{same.rule};{m.rule}" if same.rule else m.rule
    return out
