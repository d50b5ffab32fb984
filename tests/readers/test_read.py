"""read_path / read_bytes / read_text: detection, encodings, bad input, every shared file."""

from __future__ import annotations

import bz2
import codecs
import os
from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.readers import decode, detect, read_bytes, read_path, read_text

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
SEED = DATA / "seed" / "armenia-artsakh-relations.txt"


def files(folder: str, pattern: str) -> list[Path]:
    return sorted((DATA / folder).glob(pattern))


CORPUS = (files("articles", "*.txt") + files("articles/excerpts", "*.txt")
          + files("wikitext", "*.wiki") + files("wikitext2", "*.raw") + [SEED])


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_shared_file_reads(path):
    errors = []
    articles = list(read_path(str(path), on_error=errors.append))
    assert not errors
    assert articles
    for a in articles:
        assert a.title, f"{a.source} has no title"
        assert a.text.strip()
        for s in a.sections:
            assert 0 <= s.start <= s.end <= len(a.text)
        for s, e in a.excluded:
            assert 0 <= s < e <= len(a.text)
        if a.format == "plaintext":
            assert a.text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path,fmt", [
    (SEED, "plaintext"),
    (DATA / "articles" / "Albania-Brazil_relations.txt", "plaintext"),
    (DATA / "articles" / "excerpts" / "Kosovo-Serbia_relations.txt", "plaintext"),
    (DATA / "wikitext" / "Foreign_relations_of_Kosovo.wiki", "wikitext"),
    (DATA / "wikitext2" / "wiki.test.raw", "wikitext2"),
    (DATA / "dumps" / "mwxml_dump_export-0.8.xml", "dump"),
])
def test_detect_shared_files(path, fmt):
    assert detect(path.read_text(encoding="utf-8")) == fmt


def test_detect_timeml_and_bz2():
    assert detect('<?xml version="1.0"?>\n<TimeML>\n<DOCID>x</DOCID>') == "timeml"
    assert detect("<TimeML><TEXT>On 1 May.</TEXT></TimeML>") == "timeml"
    bz2_dumps = files("dumps", "*.bz2")
    assert bz2_dumps
    arts = list(read_path(str(DATA / "dumps" / "mwxml_dump_export-0.8.xml")))
    assert all(a.format == "wikitext" for a in arts)


def test_forced_format_overrides_detection():
    (a,) = read_text("== Not a heading here ==\n{{x}} {{y}}", "x.txt", "plaintext")
    assert a.format == "plaintext"
    with pytest.raises(InputError, match="unknown input format 'pdf'"):
        list(read_text("text", "x.txt", "pdf"))


def test_utf16_with_bom_and_utf8_bom():
    text = "= A–B relations =\n\nA and B met in 1990.\n"
    for data in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
                 codecs.BOM_UTF16_BE + text.encode("utf-16-be")):
        (a,) = read_bytes(data, "u16.txt")
        assert a.text == text and a.title == "A–B relations"
    (a,) = read_bytes(codecs.BOM_UTF8 + text.encode(), "bom.txt")
    assert a.text == text


@pytest.mark.parametrize("data,message", [
    (b"", "u.txt: empty file, nothing to read"),
    (b"  \n\n ", "u.txt: empty file, nothing to read"),
    (b"caf\xe9 au lait", "u.txt: not valid UTF-8: byte 0xe9 at offset 3 (line 1)"),
    (b"\x00\x01\x02\x03text", "u.txt: binary file (contains NUL bytes), not text"),
    (b"%PDF-1.4 ...", "u.txt: binary file (a PDF document), not text"),
    (b"\x89PNG\r\n\x1a\n....", "u.txt: binary file (a PNG image), not text"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "u.txt: not valid UTF-16 despite its byte-order mark"),
])
def test_bad_bytes(data, message):
    with pytest.raises(InputError) as info:
        list(read_bytes(data, "u.txt"))
    assert info.value.one_line().startswith(message)


def test_decode_names_the_line():
    with pytest.raises(InputError, match=r"line 3"):
        decode(b"ok\nok\n\xff bad\n", "f.txt")


def test_missing_directory_empty(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_path(str(tmp_path / "nope.txt")))
    with pytest.raises(InputError, match="is a directory, not a file"):
        list(read_path(str(tmp_path)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        list(read_path(str(empty)))


def test_size_limit_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # a sparse 200 MB file: its head is text, it is never read
        f.write(b"= A-B relations =\n\nText.")
        f.seek(200 * 1024 * 1024)
        f.write(b"\n")
    with pytest.raises(InputError) as info:
        list(read_path(str(big)))
    assert "too large: 209,715,201 bytes, over the 67,108,864-byte limit" in info.value.one_line()
    monkeypatch.setenv("DYAD_MAX_INPUT_BYTES", "10")
    with pytest.raises(InputError, match="over the 10-byte limit"):
        list(read_path(str(SEED)))
    monkeypatch.setenv("DYAD_MAX_INPUT_BYTES", "lots")
    with pytest.raises(InputError, match="DYAD_MAX_INPUT_BYTES: not a number of bytes"):
        list(read_path(str(SEED)))


def test_dumps_are_exempt_from_the_size_limit(monkeypatch):
    monkeypatch.setenv("DYAD_MAX_INPUT_BYTES", "10")
    dump = DATA / "dumps" / "mwxml_dump_export-0.8.xml"
    assert os.path.getsize(dump) > 10
    list(read_path(str(dump)))  # no InputError


def test_truncated_xml(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/">'
                      "<page><title>X</title><ns>0</ns><id>1</id><revision><text>Hello")
    with pytest.raises(InputError) as info:
        list(read_path(str(broken)))
    assert info.value.source == str(broken)


MINI_DUMP = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">
<page><title>Armenia–Artsakh relations</title><ns>0</ns><id>7</id>
<revision><id>70</id><timestamp>2024-01-02T00:00:00Z</timestamp>
<text xml:space="preserve">{{Infobox bilateral relations|Armenia|Artsakh}}
'''Armenia–Artsakh relations''' ended on {{Start date|2024|1|1|df=y}}.
== History ==
Text.</text></revision></page>
</mediawiki>
"""


def test_read_bytes_dump_keeps_the_source_name():
    (a,) = read_bytes(MINI_DUMP.encode("utf-8"), "export.xml")
    assert a.source == "export.xml#7"
    assert a.title == "Armenia–Artsakh relations"
    assert a.format == "wikitext"
    assert a.text.startswith("Armenia–Artsakh relations ended on 1 January 2024.")
    assert a.infobox.fields == {"Party1": "Armenia", "Party2": "Artsakh"}
    (b,) = read_bytes(codecs.BOM_UTF16_LE + MINI_DUMP.encode("utf-16-le"), "u16.xml")
    assert b.text == a.text


def test_stdin_dump_is_streamed_and_named(monkeypatch):
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(bz2.compress(MINI_DUMP.encode("utf-8"))))
    monkeypatch.setattr(sys, "stdin", fake)
    monkeypatch.setenv("DYAD_MAX_INPUT_BYTES", "10")  # dumps are exempt
    (a,) = read_path("-")
    assert a.source == "<stdin>#7"


def test_timeml_detected():
    tml = sorted((DATA / "tempeval3" / "te3-platinum").glob("*.tml"))[0]
    (a,) = read_path(str(tml))
    assert a.format == "timeml"
    assert a.dct


@pytest.mark.parametrize("folder,pattern,fmt", [
    ("articles", "*.txt", "plaintext"),
    ("articles/excerpts", "*.txt", "plaintext"),
    ("wikitext", "*.wiki", "wikitext"),
    ("tempeval3/te3-platinum", "*.tml", "timeml"),
])
def test_every_file_of_a_folder_is_detected(folder, pattern, fmt):
    paths = files(folder, pattern)
    assert paths
    assert {p.name: detect(p.read_text(encoding="utf-8")) for p in paths} == {p.name: fmt for p in paths}


def test_markup_names_in_prose_do_not_make_xml():
    assert detect("Exports use the <mediawiki> root element and <TimeML> tags.\n") == "plaintext"
    assert detect("<!-- exported -->\n<mediawiki xmlns='x'>") == "dump"
