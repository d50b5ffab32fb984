"""TimeML in and out: text and DCT from the file, gold TIMEX3, writing the system's tags back
with everything outside the tags byte for byte (what TempEval-3 scorers need)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from dyad.analysis.temporal import tag
from dyad.errors import InputError
from dyad.model import Timex
from dyad.readers.timeml import gold_timexes, inline_timeml, read_timeml, write_timeml

from tests.conftest import DATA

PLATINUM = sorted((DATA / "tempeval3" / "te3-platinum").glob("*.tml"))
TBAQ = sorted((DATA / "tempeval3" / "TBAQ-cleaned").glob("*/*.tml"))

SMALL = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-03-02" functionInDocument="CREATION_TIME">March 2, 1998</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-27">Friday</TIMEX3> that &quot;sales&quot; rose <TIMEX3 tid="t2" type="DURATION" value="P3Y">three years</TIMEX3> in a row.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/>
<TLINK lid="l1" eventInstanceID="ei1" relatedToTime="t1" relType="IS_INCLUDED"/>
</TimeML>
"""


def _strip_tags(s: str) -> str:
    return re.sub(r"<[^>]*>", "", s)  # TIMEX3, EVENT, SIGNAL: markup the writer may drop


def test_read_small():
    a = read_timeml(SMALL, "x.tml")
    assert a.format == "timeml" and a.dct == "1998-03-02" and a.title == "X1"
    assert a.text == '\nAT&T said Friday that "sales" rose three years in a row.\n'
    assert a.raw == SMALL
    gold = gold_timexes(SMALL, "x.tml")
    assert [(g.text, g.type, g.value) for g in gold] == [("Friday", "DATE", "1998-02-27"),
                                                         ("three years", "DURATION", "P3Y")]
    assert a.text[gold[0].start:gold[0].end] == "Friday"


def test_write_back_keeps_every_byte_outside_the_tags():
    a = read_timeml(SMALL, "x.tml")
    out = write_timeml(a, tag(a.text, a.dct))
    assert '<TIMEX3 tid="t1" type="DATE" value="1998-02-27">Friday</TIMEX3>' in out
    assert '<TIMEX3 tid="t2" type="DURATION" value="P3Y">three years</TIMEX3>' in out
    assert "AT&amp;T" in out and "&quot;sales&quot;" in out
    assert "<EVENT" not in out and "TLINK" not in out and "MAKEINSTANCE" not in out
    head, body = SMALL.split("<TEXT>")
    assert out.startswith(head + "<TEXT>")  # the DCT's TIMEX3 is kept as it was
    assert _strip_tags(out.split("<TEXT>")[1].split("</TEXT>")[0]) == _strip_tags(
        body.split("</TEXT>")[0])


def test_entity_inside_a_timex_stays_inside():
    raw = SMALL.replace("three years", "Q&amp;A week")
    a = read_timeml(raw, "x.tml")
    i = a.text.index("Q&A week")
    out = write_timeml(a, [Timex("t5", i, i + 8, "Q&A week", "DATE", "XXXX-WXX")])
    assert '<TIMEX3 tid="t5" type="DATE" value="XXXX-WXX">Q&amp;A week</TIMEX3>' in out


@pytest.mark.parametrize("path", PLATINUM + TBAQ[::25], ids=lambda p: p.name)
def test_round_trip_on_real_files(path):
    raw = path.read_text(encoding="utf-8")
    a = read_timeml(raw, str(path))
    assert a.dct and re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.dct)
    system = tag(a.text, a.dct)
    out = write_timeml(a, system)
    # outside the tags: the input's TEXT content byte for byte (EVENT/TIMEX3 markup aside)
    body_in = raw.split("<TEXT>")[1].split("</TEXT>")[0]
    body_out = out.split("<TEXT>")[1].split("</TEXT>")[0]
    assert _strip_tags(body_out) == _strip_tags(body_in)
    tags = re.findall(r"<TIMEX3 ([^>]*)>", body_out)
    tids = [re.search(r'tid="(t\d+)"', t).group(1) for t in tags]
    assert len(tids) == len(set(tids)) and "t0" not in tids
    for t in tags:
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', t))
        assert set(attrs) <= {"tid", "type", "value", "mod"}
        assert attrs["type"] in ("DATE", "TIME", "DURATION", "SET")
    assert not re.search(r"<TIMEX3[^>]*>[^<]*<TIMEX3", body_out), "TIMEX3 tags never nest"
    # still well-formed XML, as the official scorer parses it
    ElementTree.fromstring(out.encode("utf-8"))
    # reading the output back gives the system's timexes
    back = gold_timexes(out, "out.tml")
    assert [(g.start, g.end, g.value) for g in back] == [(t.start, t.end, t.value) for t in system]


def test_inline_timeml_escapes_text():
    text = "AT&T <b> rose in 1998."
    out = inline_timeml(text, tag(text))
    assert out == 'AT&amp;T &lt;b&gt; rose in <TIMEX3 tid="t1" type="DATE" value="1998">1998</TIMEX3>.'


def test_missing_text_element_is_an_input_error():
    with pytest.raises(InputError, match="bad.tml: TimeML without a <TEXT> element"):
        read_timeml("<TimeML><DCT/></TimeML>", "bad.tml")
