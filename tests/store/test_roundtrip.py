"""Property: whatever Document the analysis makes, the store gives it back unchanged
(Article with its structure, Sentence, Timex, Actor, Event, Mission, Dyad), on both back ends.
"""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.model import (
    PLOVER_TYPES, TIMEX_MODS, Actor, Article, Document, Dyad, Event, EventDate, Infobox,
    ListEntry, Mission, Section, Sentence, Timex, Trigger,
)
from dyad.store import open_store

# PostgreSQL text cannot hold U+0000 (test_store covers how that is refused); surrogates
# are not text at all.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=40)
SHORT = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1,
                max_size=8)
OFFSET = st.integers(min_value=0, max_value=10_000)
DAY = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}")
MAYBE_DAY = st.none() | DAY
MAYBE_TEXT = st.none() | TEXT


@st.composite
def documents(draw):
    unique = uuid.uuid4().hex[:8]  # each example its own article and actors
    text = draw(TEXT)
    article = Article(
        source=f"{unique}/{draw(TEXT)}", format=draw(st.sampled_from(
            ["plaintext", "wikitext", "timeml", "wikitext2"])),
        title=draw(st.none() | TEXT.map(lambda t: f"{unique} {t}")), text=text,
        infobox=draw(st.none() | st.builds(
            Infobox, template=TEXT, fields=st.dictionaries(SHORT, MAYBE_TEXT, max_size=4),
            start=st.none() | OFFSET, end=st.none() | OFFSET)),
        sections=draw(st.lists(st.builds(Section, level=st.integers(1, 6), title=TEXT,
                                         start=OFFSET, end=OFFSET), max_size=3)),
        see_also=draw(st.lists(st.builds(ListEntry, text=TEXT, start=OFFSET, end=OFFSET,
                                         author=MAYBE_TEXT, title=MAYBE_TEXT), max_size=2)),
        bibliography=draw(st.lists(st.builds(ListEntry, text=TEXT, start=OFFSET, end=OFFSET,
                                             author=MAYBE_TEXT, title=MAYBE_TEXT), max_size=2)),
        excluded=draw(st.lists(st.tuples(OFFSET, OFFSET), max_size=3)),
        dct=draw(MAYBE_DAY), page_id=draw(st.none() | st.integers(1, 2**31 - 1)),
        revision_id=draw(st.none() | st.integers(1, 2**53)),
        timestamp=draw(st.none() | st.just("2016-05-01T12:00:00Z")),
        source_map=draw(st.none() | st.lists(st.tuples(OFFSET, OFFSET), max_size=3)),
        raw=draw(MAYBE_TEXT), warnings=draw(st.lists(TEXT, max_size=2)),
    )
    sentences = draw(st.lists(st.builds(Sentence, start=OFFSET, end=OFFSET), max_size=4))
    tids = draw(st.lists(SHORT, unique=True, max_size=4))
    timexes = [Timex(
        id=f"t{tid}", start=draw(OFFSET), end=draw(OFFSET), text=draw(TEXT),
        type=draw(st.sampled_from(["DATE", "TIME", "DURATION", "SET"])),
        value=draw(st.sampled_from(["1988-03-23", "198", "19", "P3Y", "PRESENT_REF"])),
        mod=draw(st.none() | st.sampled_from(TIMEX_MODS)), rule=draw(MAYBE_TEXT),
        anchor=draw(st.none() | st.just("dct")), earliest=draw(MAYBE_DAY),
        latest=draw(MAYBE_DAY)) for tid in tids]
    names = draw(st.lists(SHORT, unique=True, max_size=4))
    actors = [Actor(
        id=f"{kind}:{unique}-{name}", name=draw(TEXT.filter(bool) | st.just(name)), kind=kind,
        aliases=draw(st.lists(TEXT, max_size=3)),
        mentions=draw(st.lists(st.tuples(OFFSET, OFFSET), max_size=3)),
        iso3=draw(st.none() | st.sampled_from(["ARM", "AZE", "USA"])),
        wikidata=draw(st.none() | st.just("Q399")), status=draw(MAYBE_TEXT),
        founded=draw(st.none() | st.sampled_from(["1991-09-21", "1991", "10"])),
        dissolved=draw(MAYBE_DAY), role=draw(MAYBE_TEXT),
        affiliation=draw(st.none() | st.just("polity:ARM")), rule=draw(MAYBE_TEXT),
    ) for name in names for kind in [draw(st.sampled_from(
        ["polity", "person", "organization", "group"]))]]
    ids = [a.id for a in actors] or [f"polity:{unique}"]
    eids = draw(st.lists(SHORT, unique=True, max_size=4))
    events = [Event(
        id=f"e{eid}", trigger=Trigger(draw(OFFSET), draw(OFFSET), draw(TEXT)),
        sentence=draw(st.integers(-1, 6)),
        type=draw(st.sampled_from(["ELECTION", "DISSOLVE", *PLOVER_TYPES])),
        plover=draw(st.none() | st.sampled_from(PLOVER_TYPES)),
        date=EventDate(value=draw(st.none() | st.sampled_from(["1988", "198", "2024-01"])),
                       mod=draw(st.none() | st.sampled_from(TIMEX_MODS)),
                       earliest=draw(MAYBE_DAY), latest=draw(MAYBE_DAY),
                       timex=draw(st.none() | st.sampled_from([t.id for t in timexes] or ["t1"])),
                       inherited=draw(st.booleans())),
        source=draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)),
        target=draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)),
        same_as=draw(st.none() | st.just("e0")), negated=draw(st.booleans()),
        hypothetical=draw(st.booleans()), future=draw(st.booleans()), rule=draw(MAYBE_TEXT),
    ) for eid in eids]
    missions = draw(st.lists(st.builds(
        Mission, sender=st.sampled_from(ids), host=st.sampled_from(ids), name=MAYBE_TEXT,
        city=MAYBE_TEXT, kind=st.sampled_from(["embassy", "consulate", "representative office"]),
        start=st.none() | OFFSET, end=st.none() | OFFSET, rule=MAYBE_TEXT,
        opened=st.none() | st.sampled_from(["1981", "198", "2002-08-01"]),
        opened_event=st.none() | st.just("e1"), closed=st.none() | DAY,
        closed_event=st.none() | st.just("e2")), max_size=2))
    dyad = draw(st.none() | st.builds(
        Dyad, party1=st.sampled_from(ids), party2=st.sampled_from(ids),
        status=st.sampled_from(["current", "historical"]), ended=MAYBE_DAY,
        ended_because=MAYBE_TEXT, rule=MAYBE_TEXT))
    return Document(article=article, sentences=sentences, timexes=timexes, actors=actors,
                    events=events, missions=missions, dyad=dyad)


def test_store_round_trips_every_model_type(db_url):
    with open_store(db_url) as store:

        @settings(max_examples=60, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])
        @given(documents())
        def round_trip(doc: Document) -> None:
            report = store.ingest([doc])
            key = report.written[0]
            back = store.document(doc.article.title or doc.article.source)
            assert back == doc, key
            store.ingest([doc])  # and again: still one copy, still equal
            assert store.document(doc.article.title or doc.article.source) == doc

        round_trip()
