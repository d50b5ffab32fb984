"""The rule-based sentence splitter, on hand cases and on real sentences of the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.analysis import sentences
from dyad.analysis.pipeline import analyze
from dyad.errors import RuleError
from dyad.readers import read_path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
SEED = DATA / "seed" / "armenia-artsakh-relations.txt"


def parts(text: str) -> list[str]:
    return [text[s:e] for s, e in sentences.split(text)]


@pytest.mark.parametrize("text,expected", [
    ("He met J. R. R. Tolkien in St. Andrews. The U.S. embassy opened on No. 5 Main St. in 1990.",
     ["He met J. R. R. Tolkien in St. Andrews.", "The U.S. embassy opened on No. 5 Main St. in 1990."]),
    ("He finished behind R. A. Dickey and met Dr. W. A. Cooper.",
     ["He finished behind R. A. Dickey and met Dr. W. A. Cooper."]),
    ("It served in World War I. Originally it was small.",
     ["It served in World War I.", "Originally it was small."]),
    ("Taxes fell to 2.5%. Additionally, they rose.", ["Taxes fell to 2.5%.", "Additionally, they rose."]),
    ("It dates to 650 BC. Examples exist.", ["It dates to 650 BC.", "Examples exist."]),
    ('Kennedy said that "Geography has made us neighbors. History has made us friends."[169] Then he left.',
     ['Kennedy said that "Geography has made us neighbors. History has made us friends."[169]',
      "Then he left."]),
    ('An "odd mark. It never closes. Next one.', ['An "odd mark.', "It never closes.", "Next one."]),
    ("It cost 3.5 million. Then it fell.", ["It cost 3.5 million.", "Then it fell."]),
    ("Relations with the U.S. The embassy closed.", ["Relations with the U.S.", "The embassy closed."]),
    ("The U.S. President visited Canada.", ["The U.S. President visited Canada."]),
    ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
    ("He waited... And came back! Did he? Yes.", ["He waited...", "And came back!", "Did he?", "Yes."]),
    ("He waited... for hours.", ["He waited... for hours."]),
    ("Dr. Smith and Gen. Aliyev met in Jan. 1988.", ["Dr. Smith and Gen. Aliyev met in Jan. 1988."]),
    ("See e.g. the treaty, i.e. the text.", ["See e.g. the treaty, i.e. the text."]),
    ("Relations soured.[7] In 2013, Ecuador left.[8][9] It ended.",
     ["Relations soured.[7]", "In 2013, Ecuador left.[8][9]", "It ended."]),
    ("Due to his work with Wikileaks. [5] Ecuador offered asylum.",
     ["Due to his work with Wikileaks. [5]", "Ecuador offered asylum."]),
    ("It happened in Washington, D.C. on 5 May.", ["It happened in Washington, D.C. on 5 May."]),
    ("in the Great Lakes-St. Lawrence watershed.", ["in the Great Lakes-St. Lawrence watershed."]),
    ("Prices rose (by 5%.) Then they fell.", ["Prices rose (by 5%.)", "Then they fell."]),
])
def test_hand_cases(text, expected):
    assert parts(text) == expected


def test_line_structure_is_a_hard_boundary():
    text = ("== History ==\n\n- Artsakh has an office in Yerevan\n- Another item. Two sentences.\n"
            "A paragraph with no stop\n\nNext paragraph")
    assert parts(text) == ["History", "Artsakh has an office in Yerevan", "Another item.",
                           "Two sentences.", "A paragraph with no stop", "Next paragraph"]


def test_wrapped_lines_are_joined():
    text = "This line is wrapped\nin two lines. And another\none. New line.\nNext one."
    assert parts(text) == ["This line is wrapped\nin two lines.", "And another\none.",
                           "New line.", "Next one."]


def test_tables():
    text = "+---+---+\n| Guest | Host |\n+===+===+\n| A B | June 20, 2012 [4] |\n+---+---+\n"
    assert parts(text) == ["Guest | Host", "A B | June 20, 2012 [4]"]


def test_bibliography_author_stays_with_title():
    assert parts('- de Waal, Thomas. "Black Garden: Armenia and Azerbaijan"') == [
        'de Waal, Thomas. "Black Garden: Armenia and Azerbaijan"']


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab A.?!\n\"')[1] -=|+") + ["St.", "J. ", "U.S.", "…", "\t"]),
               max_size=60).map("".join))
def test_spans_are_ordered_trimmed_and_in_bounds(text):
    spans = sentences.split(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last = e


def test_seed_sentences():
    (article,) = read_path(str(SEED))
    doc = analyze(article, stages=("sentences",))
    got = [article.text[s.start:s.end] for s in doc.sentences]
    # the infobox block is not prose: no sentence from it
    assert not any(g.startswith(("Infobox", "Title:", "Party1")) for g in got)
    assert got[0] == "Armenia–Artsakh relations"
    assert got[1] == ("Armenia–Artsakh relations were the foreign relations between the former "
                      "unrecognized Republic of Artsakh and Armenia.")
    for sentence in (
        "On 10 March, Gorbachev stated that the borders between the republics would not change, "
        "in accordance with Article 78 of the Soviet constitution.",
        'In a unanimous resolution, the parliament of Artsakh demanded that Armenia "abandon their '
        'current disastrous position."',
        "Pashinyan rejected the GiE.",
        "Early 20th-century history",
        "Artsakh has a representative office in Yerevan.",
        'de Waal, Thomas. "Black Garden: Armenia and Azerbaijan Through Peace and War"',
    ):
        assert sentence in got
    assert len(got) == 71


def test_article_sentences_keep_citations_and_skip_non_prose():
    (article,) = read_path(str(DATA / "articles" / "Ecuador-United_States_relations.txt"))
    doc = analyze(article, stages=("sentences",))
    got = [article.text[s.start:s.end] for s in doc.sentences]
    assert "Ecuador offered political asylum to Julian Assange in November 2012.[6]" in got
    assert ("Ties are further strengthened by the presence of an estimated 150,000-200,000 "
            "Ecuadorians living in the United States and by 24,000 U.S. citizens visiting Ecuador "
            "annually, and by approximately 15,000 U.S. citizens residing in Ecuador.") in got
    assert not any("Category:" in g for g in got)
    canada = next(read_path(str(DATA / "articles" / "Canada-United_States_relations.txt")))
    doc = analyze(canada, stages=("sentences",))
    assert not any("color:" in canada.text[s.start:s.end] for s in doc.sentences)


def test_rule_files_load_and_bad_lists_fail():
    prefixes, abbreviations, starters = sentences.rules()
    assert {"St", "No", "Gen", "Jan"} <= prefixes
    assert {"U.S", "Inc", "etc"} <= abbreviations
    assert "The" in starters
    seen = {"St": "rules/en/sentences/prefixes.txt"}
    with pytest.raises(RuleError, match=r"^x.txt:3: 'St' is already listed in rules/en/sentences/prefixes.txt"):
        sentences.parse_words("# header\nInc\nSt\n", "x.txt", seen)
    with pytest.raises(RuleError, match=r"^x.txt:1: one word a line"):
        sentences.parse_words("two words\n", "x.txt", {})
    assert sentences.parse_words("# c\n\nA  # comment\nB\n", "x.txt", {}) == {"A", "B"}


def test_sentences_start_after_a_caption_tail():
    canada = next(read_path(str(DATA / "articles" / "Canada-United_States_relations.txt")))
    doc = analyze(canada, stages=("sentences",))
    got = [canada.text[s.start:s.end] for s in doc.sentences]
    assert any(g.startswith("Stephen Harper and George W. Bush were thought to share") for g in got)
    assert not any("]]" in g for g in got)
