"""The seed's plain-text rendering and the conflict excerpts that share it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.readers import read_path, read_text
from dyad.readers.plaintext import read_seed, split_citation
from dyad.model import ListEntry

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
SEED = DATA / "seed" / "armenia-artsakh-relations.txt"
EXCERPTS = DATA / "articles" / "excerpts"


@pytest.fixture(scope="module")
def seed():
    articles = list(read_path(str(SEED)))
    assert len(articles) == 1
    return articles[0]


@pytest.fixture(scope="module")
def gold():
    return json.loads((DATA / "seed" / "armenia-artsakh-relations.gold.json").read_text("utf-8"))


def test_seed_text_is_the_file(seed):
    assert seed.text == SEED.read_text(encoding="utf-8")
    assert seed.format == "plaintext"


def test_seed_title_and_infobox(seed, gold):
    assert seed.title == "Armenia–Artsakh relations" == gold["title"]
    assert seed.infobox.template == "bilateral relations"
    assert seed.infobox.fields == gold["infobox"]
    assert seed.infobox.fields["Mission2"] is None
    assert len(seed.infobox.fields) == 5
    assert seed.text[seed.infobox.start:seed.infobox.end].startswith("Infobox\n- Title:")
    assert seed.text[seed.infobox.start:seed.infobox.end].endswith("- Mission2: None")


def test_seed_sections_match_gold(seed, gold):
    assert [[s.level, s.title] for s in seed.sections] == gold["sections"]
    assert len(seed.sections) == 13
    text = seed.text
    for s in seed.sections:  # each starts at its heading line, inside the text
        assert text[s.start:].lstrip("= ").startswith(s.title)
        assert s.start < s.end <= len(text)
    # a section ends where the next one of the same or a higher level starts
    history, missions = seed.sections[1], seed.sections[10]
    assert history.end == missions.start
    assert seed.sections[0].end == len(text)
    assert seed.sections[-1].end == len(text)


def test_seed_see_also_and_bibliography(seed, gold):
    assert [e.text for e in seed.see_also] == gold["see_also"]
    for e in seed.see_also:
        assert seed.text[e.start:e.end] == e.text
    assert [{"author": e.author, "title": e.title} for e in seed.bibliography] == gold["bibliography"]


def test_seed_excluded_markup_keeps_heading_words(seed):
    text = seed.text
    covered = [text[s:e] for s, e in seed.excluded]
    assert any(c.startswith("Infobox") for c in covered)  # the infobox block
    assert "- " in covered  # list bullets
    # heading markup is excluded, the heading's words are not ("Early 20th-century history"
    # holds a gold timex)
    start = text.index("Early 20th-century history")
    assert not any(s <= start < e for s, e in seed.excluded)
    assert any(text[s:e].strip() == "====" for s, e in seed.excluded)


@pytest.mark.parametrize("name,title,template,fields,sections", [
    ("Abkhazia-Russia_relations.txt", "Abkhazia–Russia relations", "bilateral relations",
     {"Title": "Abkhazia – Russia relations", "Party1": "Abkhazia", "Party2": "Russian Federation",
      "Filetype": "svg", "Map": "Abkhazia-Russia Locator.svg"}, 5),
    ("Kosovo-Serbia_relations.txt", "Kosovo–Serbia relations", "bilateral relations",
     {"Title": "Kosovo-Serbia relations", "Party1": "Kosovo", "Party2": "Serbia",
      "Mission1": "Liaison Office of Kosovo, Belgrade", "Mission2": "Liaison Office of Serbia, Pristina",
      "Envoy1": "Jetish Jashari", "Envoy2": "Dejan Pavićević"}, 1),
    ("Georgia-Russia_relations.txt", "Georgia–Russia relations", "bilateral relations",
     {"Map": "Georgia Russia Locator.svg", "Mission1": "Former Embassy of Georgia, Moscow",
      "Mission2": "Former Embassy of Russia, Tbilisi"}, 1),
])
def test_excerpts(name, title, template, fields, sections):
    path = EXCERPTS / name
    (article,) = read_path(str(path))
    assert article.title == title
    assert article.infobox.template == template
    assert article.infobox.fields == fields
    assert len(article.sections) == sections
    assert article.text == path.read_text(encoding="utf-8")


def test_excerpt_headings_without_spaces():
    (article,) = read_path(str(EXCERPTS / "Russia-South_Ossetia_relations.txt"))
    assert [(s.level, s.title) for s in article.sections] == [
        (1, "Russia–South Ossetia relations"), (2, "Background"),
        (3, "Russian recognition of South Ossetia")]
    # no Party keys, no numbered sides: not known to be the bilateral template
    assert article.infobox.template == "infobox"


def test_infobox_without_value_and_odd_line():
    text = "= A–B relations =\n\nInfobox\n- Party1: A\n- Party2: None\nnot a field\n\nProse.\n"
    article = read_seed(text, "t.txt")
    assert article.infobox.fields == {"Party1": "A", "Party2": None}
    assert article.warnings and "not a field" in article.warnings[0]


def test_plain_text_without_title_line_is_read_as_pandoc():
    (article,) = read_text("Some prose about nothing in particular.\n", "x.txt")
    assert article.title is None
    assert article.sections == []


@pytest.mark.parametrize("line,author,title", [
    ('de Waal, Thomas. "Black Garden: Armenia and Azerbaijan Through Peace and War"',
     "de Waal, Thomas", "Black Garden: Armenia and Azerbaijan Through Peace and War"),
    ("Azzi, Stephen. _Reconcilable Differences: A History of Canada-US Relations_ (Oxford, 2014)",
     "Azzi, Stephen", "Reconcilable Differences: A History of Canada-US Relations"),
    ('Granatstein, J. L. _Yankee Go Home: Canadians and Anti-Americanism_ (1997)',
     "Granatstein, J. L.", "Yankee Go Home: Canadians and Anti-Americanism"),
    ("A line that is no citation", None, "A line that is no citation"),
])
def test_split_citation(line, author, title):
    entry = split_citation(ListEntry(text=line, start=0, end=len(line)))
    assert (entry.author, entry.title) == (author, title)


def test_windows_line_endings_read_the_same(seed):
    crlf = seed.text.replace("\n", "\r\n")
    (article,) = read_text(crlf, "crlf.txt")
    assert article.text == crlf
    assert article.title == seed.title
    assert article.infobox.fields == seed.infobox.fields
    assert [(s.level, s.title) for s in article.sections] == [(s.level, s.title) for s in seed.sections]
    assert [e.text for e in article.see_also] == [e.text for e in seed.see_also]
    assert [(e.author, e.title) for e in article.bibliography] == [
        (e.author, e.title) for e in seed.bibliography]
