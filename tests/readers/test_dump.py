"""MediaWiki dumps: streaming, revisions, namespaces, encodings, multistream, damage."""

from __future__ import annotations

import bz2
import shutil
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.engine.multistream import write_multistream
from dyad.errors import InputError, RuleError
from dyad.readers.dump import (
    RelationsFilter,
    find_index,
    is_article,
    iter_pages,
    iter_range_pages,
    read_index,
    select_pages,
    stream_ranges,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
DUMPS = DATA / "dumps"
ENWIKI = DUMPS / "gensim_enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
BGWIKI = DUMPS / "gensim_bgwiki-latest-pages-articles-shortened.xml.bz2"
TABLES = DUMPS / "gensim_enwiki-table-markup.xml.bz2"
EXPORT08 = DUMPS / "mwxml_dump_export-0.8.xml"


@pytest.fixture(scope="module")
def enwiki_pages():
    return list(iter_pages(str(ENWIKI)))


@pytest.fixture(scope="module")
def multistream(tmp_path_factory, enwiki_pages):
    """The 206 real pages as a Wikimedia-style multistream dump: streams of 20 pages."""
    folder = tmp_path_factory.mktemp("multistream")
    dump = folder / "enwiki-test-pages-articles-multistream.xml.bz2"
    index = folder / "enwiki-test-pages-articles-multistream-index.txt"
    write_multistream(enwiki_pages, str(dump), str(index), pages_per_stream=20)
    return dump, index


def test_real_dump_pages_and_provenance(enwiki_pages):
    assert len(enwiki_pages) == 206
    first = enwiki_pages[0]
    assert (first.title, first.ns, first.page_id) == ("AccessibleComputing", 0, 10)
    assert (first.revision_id, first.timestamp) == (631144794, "2014-10-26T04:50:23Z")
    assert first.redirect == "Computer accessibility"
    assert [p.ordinal for p in enwiki_pages] == list(range(206))
    angola = next(p for p in enwiki_pages if p.title == "Foreign relations of Angola")
    assert (angola.page_id, angola.revision_id) == (710, 716080504)
    assert angola.text.startswith("{{") and "Angola" in angola.text
    # namespace 0 only, redirects skipped
    articles = [p for p in enwiki_pages if is_article(p)]
    assert len(articles) == 106
    assert all(p.ns == 0 and p.redirect is None for p in articles)
    assert not any(p.title.startswith("Wikipedia:") for p in articles)


def test_newest_revision_and_namespaces_of_export_0_8():
    pages = list(iter_pages(str(EXPORT08)))
    assert [(p.title, p.ns) for p in pages] == [("Foo", 0), ("Bar", 1)]
    foo = pages[0]
    assert (foo.revision_id, foo.timestamp, foo.text) == (2, "2004-08-10T09:04:08Z", "Revision 2 text")
    assert [p.title for p in pages if is_article(p)] == ["Foo"]


def test_utf16_dump_read_by_its_bom():
    assert BGWIKI.read_bytes()[:3] == b"BZh"
    pages = list(iter_pages(str(BGWIKI)))
    assert [p.title for p in pages][0] == "Григориански календар"
    assert [p.ns for p in pages] == [0, 4, 4]
    assert "календар" in pages[0].text


def test_table_heavy_dump():
    pages = list(iter_pages(str(TABLES)))
    assert [p.title for p in pages] == [
        "Constructive vote of no confidence", "List of Prison Break characters",
        "Academy Award for Best Production Design", "Economy of Estonia", "Brahui language",
    ]
    assert all("{|" in p.text for p in pages)


def test_relations_filter_on_the_real_dump(enwiki_pages):
    kept = [p.title for p in select_pages(enwiki_pages)]
    assert kept == ["Foreign relations of Angola"]
    assert len(list(select_pages(enwiki_pages, relations_only=False))) == 106


def test_relations_filter_rule_examples():
    """Every example and counter-example in the rule file runs here."""
    data = resources.files("dyad").joinpath(RelationsFilter.RULES).read_bytes()
    rules = tomllib.loads(data.decode())
    rfilter = RelationsFilter.default()
    for rule in rules["title"]:
        for title in rule["examples"]:
            assert rfilter.match(title, "") == rule["id"], title
        for title in rule.get("counter_examples", []):
            assert rfilter.match(title, "") != rule["id"], title
    for rule in rules["infobox"]:
        for text in rule["examples"]:
            assert rfilter.match("Some page", text) == rule["id"], text
    assert rfilter.match("Some page", "{{Infobox country|name=Armenia}}") is None


def test_relations_filter_rejects_bad_rules():
    with pytest.raises(RuleError, match="duplicate rule id 'a'"):
        RelationsFilter.load(b'[[title]]\nid="a"\npattern="x"\n[[title]]\nid="a"\npattern="y"\n', "f.toml")
    with pytest.raises(RuleError, match="f.toml: rule 'b': pattern does not compile"):
        RelationsFilter.load(b'[[title]]\nid="b"\npattern="(x"\n', "f.toml")


def test_multistream_index_ranges_cover_every_page_once(multistream, enwiki_pages):
    dump, index_path = multistream
    assert find_index(str(dump)) == str(index_path)
    index = read_index(str(index_path))
    assert [e.page_id for e in index] == [p.page_id for p in enwiki_pages]
    ranges = stream_ranges(index, pages_per_range=50)
    assert [r.pages for r in ranges] == [60, 60, 60, 26]  # whole 20-page streams
    seen = [p for r in ranges for p in iter_range_pages(str(dump), r)]
    assert [(p.ordinal, p.page_id, p.revision_id, p.text) for p in seen] == [
        (p.ordinal, p.page_id, p.revision_id, p.text) for p in enwiki_pages
    ]
    # bz2 reads the concatenated streams as one dump too
    assert [p.page_id for p in iter_pages(str(dump))] == [p.page_id for p in enwiki_pages]


def test_start_seeks_by_index(multistream, enwiki_pages, monkeypatch):
    dump, _ = multistream
    tail = list(iter_pages(str(dump), start=150))
    assert [p.ordinal for p in tail] == list(range(150, 206))
    assert tail[0].page_id == enwiki_pages[150].page_id
    # without an index the same pages come from a sequential scan
    assert [p.page_id for p in iter_pages(str(ENWIKI), start=150)] == [p.page_id for p in tail]


def test_truncated_bz2_keeps_pages_before_then_one_error(tmp_path, enwiki_pages):
    cut = tmp_path / "cut.xml.bz2"
    cut.write_bytes(ENWIKI.read_bytes()[: 800_000])
    got = []
    with pytest.raises(InputError) as caught:
        for page in iter_pages(str(cut)):
            got.append(page)
    assert 20 < len(got) < 206
    assert [p.page_id for p in got] == [p.page_id for p in enwiki_pages[: len(got)]]
    message = str(caught.value)
    assert message.startswith(f"{cut}: ") and "truncated" in message
    assert f"after {len(got)} pages" in message and "\n" not in message


def test_corrupt_bz2_is_one_error(tmp_path):
    data = bytearray(ENWIKI.read_bytes())
    data[900_000:900_200] = bytes(200)
    bad = tmp_path / "bad.xml.bz2"
    bad.write_bytes(bytes(data))
    got = []
    with pytest.raises(InputError, match=r"bad\.xml\.bz2: corrupt compressed data after \d+ pages"):
        for page in iter_pages(str(bad)):
            got.append(page)
    assert len(got) > 20


def test_truncated_xml_and_truncated_stream_range(tmp_path, multistream):
    xml = bz2.decompress(ENWIKI.read_bytes())
    cut = tmp_path / "cut.xml"
    cut.write_bytes(xml[: len(xml) // 2])
    with pytest.raises(InputError, match=r"cut\.xml: XML ends before the dump is complete after \d+ pages"):
        list(iter_pages(str(cut)))
    dump, index_path = multistream
    short = tmp_path / "short-multistream.xml.bz2"
    short.write_bytes(dump.read_bytes()[:-300])
    ranges = stream_ranges(read_index(str(index_path)), pages_per_range=1000)
    with pytest.raises(InputError, match="truncated"):
        list(iter_range_pages(str(short), ranges[-1]))


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"hello, this is not xml", "not a MediaWiki XML dump"),
        (b"BZh91AY&SY" + bytes(range(256)) * 8, "corrupt compressed data after 0 pages"),
    ],
)
def test_unreadable_inputs(tmp_path, content, message):
    path = tmp_path / "input.xml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(iter_pages(str(path)))


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        list(iter_pages("/nonexistent/dump.xml.bz2"))


def test_reading_stops_cleanly_midway(tmp_path):
    """Closing the generator early stops the read-ahead thread (no hang, no leak)."""
    import threading

    before = threading.active_count()
    pages = iter_pages(str(ENWIKI))
    next(pages)
    pages.close()
    assert threading.active_count() == before


@pytest.mark.parametrize("dump", [ENWIKI, TABLES, EXPORT08, DUMPS / "gensim_testcorpus.xml.bz2"],
                         ids=lambda p: p.name[:24])
def test_fast_reader_equals_iterparse(dump):
    fast = list(iter_pages(str(dump)))
    general = list(iter_pages(str(dump), fast=False))
    assert fast == general and len(fast) > 0
    assert [is_article(p) for p in fast] == [is_article(p) for p in general]


def test_rejected_pages_are_never_parsed(enwiki_pages):
    pages = list(iter_pages(str(ENWIKI)))
    kept = list(select_pages(pages))
    assert [p.title for p in kept] == ["Foreign relations of Angola"]
    unparsed = [p for p in pages if p._xml is not None]
    assert len(unparsed) == 206  # titles and infobox tests ran on the raw XML: none parsed
    assert kept[0].revision_id == 716080504 and kept[0]._xml is None  # parsed when asked


def test_one_malformed_page_is_reported_and_skipped(tmp_path):
    from dyad.readers.dump import read_dump

    good = ("<page><title>Armenia–Artsakh relations</title><ns>0</ns><id>{id}</id><revision>"
            "<id>5</id><timestamp>2024-01-01T00:00:00Z</timestamp>"
            "<text>'''Armenia''' and '''Artsakh''' have relations.</text></revision></page>")
    broken = ("<page><title>Albania–Brazil relations</title><ns>0</ns><id>2</id><revision>"
              "<id>6</id><text>unclosed <b></text></revision></page>")
    xml = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/">'
           + good.format(id=1) + broken + good.format(id=3).replace("Armenia–Artsakh", "Chile–Peru")
           + "</mediawiki>")
    path = tmp_path / "dump.xml"
    path.write_text(xml, encoding="utf-8")
    errors = []
    got = list(read_dump(str(path), errors.append))
    assert [a.title for a in got] == ["Armenia–Artsakh relations", "Chile–Peru relations"]
    assert [(a.page_id, a.revision_id, a.source) for a in got] == [
        (1, 5, f"{path}#1"), (3, 5, f"{path}#3")]
    assert len(errors) == 1 and errors[0].source == f"{path}#2"
    assert "not well-formed XML" in errors[0].message


_SMALL_DUMP = (
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/"><siteinfo><namespaces>'
    '<namespace key="1">Talk</namespace></namespaces></siteinfo>'
    "<page><title>Chile–Peru relations</title><ns>0</ns><id>1</id><revision><id>2</id>"
    "<timestamp>2020-01-01T00:00:00Z</timestamp><text>'''Chile''' and Peru &amp; more "
    "{{Infobox bilateral relations|Chile|Peru}}</text></revision></page>"
    "<page><title>Talk:X</title><ns>1</ns><id>3</id><redirect title=\"Y\" /><revision><id>4</id>"
    "<text>#REDIRECT [[Y]]</text></revision></page></mediawiki>"
).encode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_dumps_raise_only_input_errors(tmp_path, data):
    """Cut, spliced or garbled dumps (plain and bz2): pages or one InputError, nothing else."""
    raw = _SMALL_DUMP
    kind = data.draw(st.sampled_from(["cut", "splice", "garble"]))
    if kind == "cut":
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    elif kind == "splice":
        at = data.draw(st.integers(0, len(raw)))
        raw = raw[:at] + data.draw(st.binary(max_size=40)) + raw[at:]
    else:
        at = data.draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([data.draw(st.integers(0, 255))]) + raw[at + 1:]
    if data.draw(st.booleans()):
        raw = bz2.compress(raw)
        if data.draw(st.booleans()):
            raw = raw[: data.draw(st.integers(0, len(raw)))]
    path = tmp_path / "dump.xml"
    path.write_bytes(raw)
    from dyad.readers.dump import read_dump

    errors = []
    try:
        for article in read_dump(str(path), errors.append, relations_only=False):
            assert article.source.startswith(f"{path}#")
    except InputError as error:
        assert str(error).startswith(f"{path}") and "\n" not in str(error)
    for error in errors:
        assert isinstance(error, InputError)


def test_compressed_index_and_bad_index_lines(tmp_path, multistream):
    dump, index = multistream
    folder = tmp_path / "ms"
    folder.mkdir()
    copy = folder / dump.name
    copy.write_bytes(dump.read_bytes())
    packed = folder / index.name.replace(".txt", ".txt.bz2")
    packed.write_bytes(bz2.compress(index.read_bytes()))
    assert find_index(str(copy)) == str(packed)
    assert read_index(str(packed)) == read_index(str(index))
    # the compact table (what splitting and seeking use) says the same as the full index
    from dyad.readers.dump import read_streams
    from dyad.readers.dump.multistream import streams_of

    assert read_streams(str(packed)) == read_streams(str(index)) == streams_of(read_index(str(index)))
    table = read_streams(str(index))
    assert table.pages == 206 and len(table.offsets) == 11 and list(table.firsts[:3]) == [0, 20, 40]
    bad = tmp_path / "bad-index.txt"
    bad.write_text("123:45:Title\nnot a line\n", encoding="utf-8")
    for reader in (read_index, read_streams):
        with pytest.raises(InputError, match=r"bad-index\.txt: line 2: expected offset:page_id:title"):
            reader(str(bad))


def test_old_dumps_mark_redirects_only_in_the_text(tmp_path):
    xml = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.3/"><siteinfo><namespaces>'
           '<namespace key="1">Talk</namespace></namespaces></siteinfo>'
           '<page><title>Talk:Foo</title><id>1</id><revision><id>1</id><text>x</text></revision></page>'
           '<page><title>Old</title><id>2</id><revision><id>2</id>'
           '<text xml:space="preserve">  #redirect [[New]]</text></revision></page>'
           '<page><title>New</title><id>3</id><revision><id>3</id><text>Text.</text></revision></page>'
           "</mediawiki>")
    path = tmp_path / "old.xml"
    path.write_text(xml, encoding="utf-8")
    for fast in (True, False):
        pages = list(iter_pages(str(path), fast=fast))
        assert [(p.title, p.ns) for p in pages] == [("Talk:Foo", 1), ("Old", 0), ("New", 0)]
        assert [is_article(p) for p in pages] == [False, False, True]


def test_gzip_dump(tmp_path):
    import gzip

    path = tmp_path / "export.xml.gz"
    path.write_bytes(gzip.compress(EXPORT08.read_bytes()))
    assert [(p.title, p.revision_id) for p in iter_pages(str(path))] == [("Foo", 2), ("Bar", 3)]
    path.write_bytes(gzip.compress(EXPORT08.read_bytes())[:-30])
    with pytest.raises(InputError, match="truncated"):
        list(iter_pages(str(path)))
