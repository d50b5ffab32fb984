"""Documents survive the trip through a Parquet shard exactly."""

from __future__ import annotations

from dyad.engine import codec
from dyad.engine.shards import read_shard, write_shard
from dyad.model import (
    Actor, Article, Document, Dyad, Event, EventDate, Infobox, ListEntry, Mission, Section,
    Sentence, Timex, Trigger,
)


def full_document() -> Document:
    text = "Armenia and Artsakh signed a treaty on 2 May 1994. Ünïcode – dashes."
    article = Article(
        source="dump.xml.bz2#7", format="wikitext", title="Armenia–Artsakh relations", text=text,
        infobox=Infobox("bilateral relations", {"Party1": "Armenia", "Mission2": None}, 0, 5),
        sections=[Section(1, "Armenia–Artsakh relations", 0, len(text))],
        see_also=[ListEntry("X–Y relations", 1, 2)],
        bibliography=[ListEntry("Book", 3, 4, author="A. Author", title="Book")],
        excluded=[(10, 12), (20, 21)], dct=None, page_id=7, revision_id=8,
        timestamp="2024-01-01T00:00:00Z", source_map=[(0, 0), (10, 14)], raw="'''raw'''",
        warnings=["unclosed template"],
    )
    return Document(
        article=article,
        sentences=[Sentence(0, 50), Sentence(51, len(text))],
        timexes=[Timex("t1", 39, 49, "2 May 1994", "DATE", "1994-05-02", None, "date.dmy",
                       None, "1994-05-02", "1994-05-02")],
        actors=[Actor("polity:ARM", "Armenia", "polity", ["Armenia"], [(0, 7)], "ARM", "Q399")],
        events=[Event("e1", Trigger(20, 26, "signed"), 0, "AGREE", "AGREE",
                      EventDate("1994-05-02", None, "1994-05-02", "1994-05-02", "t1", True),
                      ["polity:ARM"], ["polity:NKR"], None, False, True, False, "r1")],
        missions=[Mission("polity:ARM", "polity:NKR", "Embassy", None, "embassy", 1, 2, "m")],
        dyad=Dyad("polity:ARM", "polity:NKR", "historical", "2023-09-28", "dissolution", "d"),
    )


def test_record_round_trip_is_exact():
    doc = full_document()
    back = codec.loads(codec.dumps(doc))
    assert back == doc
    assert isinstance(back.article.excluded[0], tuple)
    assert isinstance(back.actors[0].mentions[0], tuple)
    assert isinstance(back.article.source_map[1], tuple)


def test_shard_round_trip(tmp_path):
    docs = [full_document(), Document(article=Article("b.txt", "plaintext", None, "text"))]
    path = tmp_path / "shard-000001.parquet"
    write_shard(docs, str(path))
    assert list(read_shard(str(path))) == docs
    assert [p.name for p in tmp_path.iterdir()] == ["shard-000001.parquet"]
