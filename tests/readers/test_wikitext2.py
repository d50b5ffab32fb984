"""WikiText-2: one Article per ` = Title = ` article, de-tokenised, offsets into `text`."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.readers import read_path, read_text
from dyad.readers.render import source_offset
from dyad.readers.wikitext2 import read_wikitext2

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
RAW = DATA / "wikitext2" / "wiki.test.raw"


@pytest.fixture(scope="module")
def articles():
    return list(read_path(str(RAW)))


def test_sixty_articles(articles):
    assert len(articles) == 60
    assert all(a.format == "wikitext2" for a in articles)
    assert articles[0].title == "Robert Boulter"
    assert articles[-1].title == "The Hustler (film)"
    assert len({a.source for a in articles}) == 60
    assert articles[2].source.endswith("wiki.test.raw#3")


@pytest.mark.parametrize("index,title,n_sections", [
    (0, "Robert Boulter", 8),
    (1, "Du Fu", None),
    (3, "Ise-class battleship", None),
])
def test_pinned_titles(articles, index, title, n_sections):
    a = articles[index]
    assert a.title == title
    assert a.sections[0].level == 1 and a.sections[0].title == title
    if n_sections is not None:
        assert len(a.sections) == n_sections


def test_formula_lines_are_not_articles(articles):
    titles = [a.title for a in articles]
    assert "Constant k filter" in titles
    assert not any(t.startswith("1 henry") for t in titles)


def test_sections_and_detokenised_text(articles):
    a = articles[0]
    assert [(s.level, s.title) for s in a.sections[:4]] == [
        (1, "Robert Boulter"), (2, "Career"), (3, "2000 – 2005"), (3, "2006 – present")]
    assert "He had a guest-starring role on the television series The Bill in 2000." in a.text
    assert 'landed a role as "Craig" in the episode "Teddy\'s Story"' in a.text
    for s in a.sections:
        assert a.text[s.start:s.start + len(s.title)] == s.title


def test_source_map_into_raw(articles):
    for a in articles[:10]:
        for i in range(0, len(a.text), 37):
            if not a.text[i].isspace():
                assert a.raw[source_offset(a.source_map, i)] == a.text[i]


def test_numbers_and_decimals():
    raw = " = X = \n \n \n In 1990 , 1 @,@ 500 people paid $ 3 @.@ 5 million ( about half ) . \n"
    (a,) = read_text(raw, "x.raw")
    assert a.text == "X\n\nIn 1990, 1,500 people paid $3.5 million (about half)."


def test_not_wikitext2():
    with pytest.raises(InputError, match="not WikiText-2"):
        list(read_wikitext2("just text", "x"))
