"""The pandoc-style plain text of ../shared/data/articles (2019 dump conversion)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dyad.readers import read_path, read_text
from dyad.readers.pandoc import normalise_title

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
ARTICLES = DATA / "articles"


def read(name: str):
    (article,) = read_path(str(ARTICLES / name))
    return article


@pytest.mark.parametrize("name", ["Albania-Brazil_relations", "Ecuador-United_States_relations",
                                  "Hong_Kong-Israel_relations"])
def test_titles_and_sections_match_gold(name):
    gold = json.loads((ARTICLES / "gold" / f"{name}.gold.json").read_text("utf-8"))
    article = read(f"{name}.txt")
    assert article.title == gold["title"]
    # the gold names the level-1 section by the capitals as written ("Albania—Brazil");
    # the reader gives it the Wikipedia form, so compare levels and the other titles
    got = [[s.level, s.title] for s in article.sections]
    assert [level for level, _ in got] == [level for level, _ in gold["sections"]]
    assert got[1:] == gold["sections"][1:] if got and got[0][0] == 1 else got == gold["sections"]


@pytest.mark.parametrize("name,title,n_sections", [
    ("Albania-Czech_Republic_relations.txt", "Albania–Czech Republic relations", 4),
    ("Canada-United_States_relations.txt", "Canada–United States relations", 71),
    ("Saudi_Arabia-Singapore_relations.txt", "Saudi Arabia–Singapore relations", 1),
    ("South_Korea-Turkey_relations.txt", "South Korea–Turkey relations", 7),
    ("Iran-Qatar_relations.txt", "Iran–Qatar relations", None),
    ("Hong_Kong-Thailand_relations.txt", "Hong Kong–Thailand relations", 6),
    ("Ivory_Coast-Mexico_relations.txt", "Ivory Coast–Mexico relations", 6),
])
def test_titles_and_section_counts(name, title, n_sections):
    article = read(name)
    assert article.title == title
    if n_sections is not None:
        assert len(article.sections) == n_sections
    assert article.text == (ARTICLES / name).read_text(encoding="utf-8")


def test_title_from_capitals_is_recased_from_the_text():
    text = ("HONG KONG–ISRAEL RELATIONS refer to relations between Hong Kong and Israel.\n\n\n"
            "History\n\nIn 1985 Israel opened a consulate in Hong Kong.\n")
    (article,) = read_text(text, "x.txt")
    assert article.title == "Hong Kong–Israel relations"
    assert [(s.level, s.title) for s in article.sections] == [
        (1, "Hong Kong–Israel relations"), (2, "History")]


def test_em_dash_normalised():
    assert normalise_title("Albania—Brazil relations") == "Albania–Brazil relations"
    assert normalise_title("Kosovo - Serbia  relations") == "Kosovo–Serbia relations"


def test_citation_markers_and_table_borders_are_excluded():
    article = read("Albania-Brazil_relations.txt")
    text = article.text
    covered = {text[s:e] for s, e in article.excluded}
    assert "[1]" in covered and "[5]" in covered
    for m in re.finditer(r"^\+[-=+]+\+$", text, re.M):  # every table border wholly excluded
        assert any(s <= m.start() and m.end() <= e for s, e in article.excluded)
    for m in re.finditer(r"\[\d+\]", text):
        assert any(s <= m.start() and m.end() <= e for s, e in article.excluded)
    # the category line and URLs are not prose
    cat = text.index("Albania–Brazil_relations Brazil Category:")
    assert any(s <= cat < e for s, e in article.excluded)
    url = text.index("http://www.itamaraty.gov.br/en/press-releases")
    assert any(s <= url < e for s, e in article.excluded)
    # no table row or border became a heading
    assert not any(s.title.startswith(("|", "+")) for s in article.sections)


def test_leftover_link_markup_is_excluded():
    article = read("Canada-United_States_relations.txt")
    text = article.text
    end = text.index("]]") + 2
    assert any(s == 0 and e >= end for s, e in article.excluded)  # the image caption fragment
    assert article.title == "Canada–United States relations"
    assert article.sections[0].start == text.index("CANADA–UNITED STATES RELATIONS")


def test_image_file_name_is_excluded():
    article = read("Albania-Czech_Republic_relations.txt")
    name = "Albanian_embassy_Prague_2354.JPG"
    assert any(article.text[s:e] == name for s, e in article.excluded)


def test_headings_after_one_blank_line_are_subsections():
    article = read("Canada-United_States_relations.txt")
    levels = {s.title: s.level for s in article.sections}
    assert levels["History"] == 2
    assert levels["Colonial wars"] == 3
    assert levels["War of 1812"] == 3
    # EasyTimeline source and table captions in capitals are not headings
    assert not any(t.startswith(("ImageSize", "LEADERS OF")) for t in levels)


def test_category_leftovers_after_references_are_not_headings():
    article = read("Mexico-Senegal_relations.txt")
    assert "Senegal Mexico" not in [s.title for s in article.sections]
    assert article.sections[-1].title == "References"


def test_see_also_and_further_reading():
    article = read("Albania-Brazil_relations.txt")
    assert [e.text for e in article.see_also] == ["Foreign relations of Albania",
                                                  "Foreign relations of Brazil"]
    canada = read("Canada-United_States_relations.txt")
    assert ("Azzi, Stephen", "Reconcilable Differences: A History of Canada-US Relations") in [
        (e.author, e.title) for e in canada.bibliography]


def test_image_captions_at_line_starts_are_excluded():
    article = read("Canada-United_States_relations.txt")
    text = article.text
    for tail in ("meet in Washington in July 2006]]", "Air Force One in Ottawa on February 19, 2009]]"):
        end = text.index(tail) + len(tail)
        line_start = text.rfind("\n", 0, end) + 1
        assert any(s <= line_start and end <= e for s, e in article.excluded)
    prose = text.index("Stephen Harper and George W. Bush were thought")
    assert not any(s <= prose < e for s, e in article.excluded)


def test_title_from_the_file_name_as_a_last_resort():
    (article,) = read_text("Ties were established in 1973.\n", "dir/Canada-Vietnam_relations.txt")
    assert article.title == "Canada–Vietnam relations"
    (untitled,) = read_text("Ties were established in 1973.\n", "notes.txt")
    assert untitled.title is None
    assert untitled.warnings and untitled.warnings[0].startswith("no title")
