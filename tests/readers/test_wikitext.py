"""MediaWiki wikitext: rendering, source map, infobox, tables, date templates, titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.readers import read_path, read_text
from dyad.readers.render import source_offset
from dyad.readers.wikitext import parse_wikitext, template_rules, title_from_filename

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
WIKITEXT = DATA / "wikitext"

PAGE = """{{Short description|x}}
{{Infobox bilateral relations|Armenia|Artsakh|mission1=[[Embassy of Armenia, Stepanakert|Embassy]]|mission2=}}
'''Armenia–Artsakh relations''' began {{circa|1991}}.<ref>{{cite web|title=X|date=1 May 2000}}</ref> On {{Start date|1991|9|2}} they met [[Yerevan|in the capital]].<!-- hidden -->
[[File:Flag.svg|thumb|A flag in 1990]]
== History ==
He was born {{birth date|1950|1|2}} and died {{Death date and age|2001|3|4|1950|1|2}}; {{dts|28 December 1913}}.
=== Table ===
{| class="wikitable"
! Country !! Date
|-
| {{flag|Romania}} || {{dts|1913|12|28}}
|-
| [[Italy]] || 21 February 1914
|}
* [[Foreign relations of Armenia]]
[[Category:Bilateral relations of Armenia]]
"""


@pytest.fixture(scope="module")
def page():
    return parse_wikitext(PAGE, "page.wiki", "Armenia–Artsakh relations")


def test_rendered_text(page):
    assert page.format == "wikitext"
    assert page.raw == PAGE
    assert page.text.startswith(
        "Armenia–Artsakh relations began c. 1991. On September 2, 1991 they met in the capital.")
    for dropped in ("cite web", "1 May 2000", "hidden", "Flag.svg", "A flag in 1990",
                    "Category", "Short description", "'''", "[[", "{{", "=="):
        assert dropped not in page.text


def test_date_templates_rendered(page):
    assert "born January 2, 1950 and died March 4, 2001; 28 December 1913." in page.text


def test_dmy_articles_render_day_first():
    article = parse_wikitext("{{Use dmy dates|date=May 2020}}\nOn {{Start date|1991|9|2}}.", "x", None)
    assert article.text == "On 2 September 1991."
    forced = parse_wikitext("On {{Start date|1991|9|2|df=y}} and {{dts|1991|9}}.", "x", None)
    assert forced.text == "On 2 September 1991 and September 1991."


def test_table_rows_rendered_as_cells(page):
    assert "Country | Date\nRomania | December 28, 1913\nItaly | 21 February 1914" in page.text
    separators = [page.text[s:e] for s, e in page.excluded if page.text[s:e] == " | "]
    assert len(separators) == 3


def test_headings_become_sections(page):
    assert [(s.level, s.title) for s in page.sections] == [(2, "History"), (3, "Table")]
    history, table = page.sections
    assert page.text[history.start:].startswith("History\n")
    assert page.text[table.start:].startswith("Table\n")
    assert history.end == len(page.text) and table.end == len(page.text)


def test_infobox_positional_and_named(page):
    assert page.infobox.template == "bilateral relations"
    assert page.infobox.fields == {"Party1": "Armenia", "Party2": "Artsakh",
                                   "Mission1": "Embassy", "Mission2": None}
    assert "Stepanakert" not in page.text  # the infobox is not rendered


@pytest.mark.parametrize("name", ["Infobox Bilateral", "bilateral", "BILATERAL", "infobox_bilateral_relations",
                                  "Infobox bilateral relations"])
def test_infobox_aliases(name):
    article = parse_wikitext("{{%s|party1=Kosovo|Party2=Serbia}}\nText." % name, "x", None)
    assert article.infobox.fields == {"Party1": "Kosovo", "Party2": "Serbia"}
    assert article.text == "Text."


def test_infobox_positional_with_title():
    article = parse_wikitext("{{Infobox Bilateral relations|Danish-Fijian|Denmark|Fiji|map=x.svg}}",
                             "x", None)
    assert article.infobox.fields == {"Title": "Danish-Fijian", "Party1": "Denmark",
                                      "Party2": "Fiji", "Map": "x.svg"}


def test_see_also_list(page):
    assert [e.text for e in page.see_also] == []  # no See also section in PAGE
    article = parse_wikitext("== See also ==\n* [[Foreign relations of Armenia]]\n* [[A|B]]\n", "x", None)
    assert [e.text for e in article.see_also] == ["Foreign relations of Armenia", "B"]
    for e in article.see_also:
        assert article.text[e.start:e.end] == e.text


def test_source_map_points_back_into_the_wikitext(page):
    text, raw = page.text, page.raw
    for word in ("began", "in the capital", "History", "Romania", "Italy", "21 February 1914"):
        at = text.index(word)
        src = source_offset(page.source_map, at)
        assert raw[src:src + len(word)] == word
    # synthetic text (a rendered date) maps to its template
    at = text.index("September 2, 1991")
    assert raw[source_offset(page.source_map, at):].startswith("{{Start date")


def test_malformed_markup_does_not_raise():
    for junk in ("{{unclosed", "[[a|", "{| class=x\n| a", "<ref>never closed", "== a", "}}]]|}"):
        article = parse_wikitext(junk, "junk", None)
        assert isinstance(article.text, str)


@pytest.mark.parametrize("filename,title", [
    ("Foreign_relations_of_Georgia__country_.wiki", "Foreign relations of Georgia (country)"),
    ("Foreign_relations_of_the_United_States.wiki", "Foreign relations of the United States"),
    ("dir/Foreign_relations_of_Albania.wiki", "Foreign relations of Albania"),
])
def test_title_from_filename(filename, title):
    assert title_from_filename(filename) == title


@pytest.mark.parametrize("name,title,n_sections,first_sections", [
    ("Foreign_relations_of_Albania.wiki", "Foreign relations of Albania", 18,
     [(2, "Overview"), (2, "Balkans/Albania"), (3, "Turkey")]),
    ("Foreign_relations_of_Georgia__country_.wiki", "Foreign relations of Georgia (country)", 14, None),
    ("Foreign_relations_of_South_Ossetia.wiki", "Foreign relations of South Ossetia", 11, None),
    ("Foreign_relations_of_Kosovo.wiki", "Foreign relations of Kosovo", 11, None),
])
def test_sample_pages(name, title, n_sections, first_sections):
    (article,) = read_path(str(WIKITEXT / name))
    assert article.format == "wikitext"
    assert article.title == title
    assert len(article.sections) == n_sections
    if first_sections:
        assert [(s.level, s.title) for s in article.sections[:3]] == first_sections
    assert "{{" not in article.text and "<ref" not in article.text


def test_diplomatic_relations_table_of_albania():
    (article,) = read_path(str(WIKITEXT / "Foreign_relations_of_Albania.wiki"))
    assert "1 | Romania | 28 December 1913" in article.text
    assert "10 | Czech Republic | 5 July 1922" in article.text  # {{Date table sorting}}


def test_template_rules_load():
    rules = template_rules()
    assert rules["start date"] == "date"
    assert rules["circa"] == "circa"
    assert rules["bilateral"] == "infobox"


def test_detected_from_content():
    (article,) = read_text("'''X''' is a [[country]].\n== History ==\n{{Main|X}}\nText.", "page")
    assert article.format == "wikitext"
    assert article.text == "X is a country.\n\nHistory\n\nText."


def test_cached_lengths_match_str():
    """The renderer's cached node lengths give exactly what str()-based lengths give."""
    import mwparserfromhell

    from dyad.readers.wikitext import _Renderer

    source = (WIKITEXT / "Foreign_relations_of_Kosovo.wiki").read_text(encoding="utf-8") + PAGE
    code = mwparserfromhell.parse(source)
    results = []
    for fast in (True, False):
        renderer = _Renderer(source, fast=fast)
        assert sum(renderer.size(node) for node in code.nodes) == len(source)
        renderer.code(code, 0, renderer.out)
        results.append((renderer.out.finish()[:2], renderer.out.excluded, renderer.headings))
    assert results[0] == results[1]


def test_references_cut_before_parsing_keep_the_source_map():
    from dyad.readers.wikitext import strip_notes

    source = "A<ref>{{cite web|x}}</ref> b<!-- c --> d<ref name=r/>e '''f'''<ref>g</ref>."
    stripped, cuts = strip_notes(source)
    assert "cite" not in stripped and "<ref" not in stripped
    article = parse_wikitext(source, "x", None)
    assert article.text == "A b de f."
    for i, ch in enumerate(article.text):
        if ch.isalpha():
            assert source[source_offset(article.source_map, i)] == ch


def test_bold_round_a_reference_stays_bold():
    article = parse_wikitext("|{{dts|21 September 1950}}'''<ref name=\":18\" />'''\n", "x", None)
    assert "'" not in article.text


def test_an_unbalanced_quote_later_does_not_undo_an_earlier_table():
    source = ("== A ==\n{| class=wikitable\n! Country !! Date\n|-\n| X || 1 May 1990\n|}\n"
              "== Further reading ==\n* Aybet, G. ''Turkey's Foreign Policy and\n")
    article = parse_wikitext(source, "x", None)
    assert "Country | Date\nX | 1 May 1990" in article.text
    assert "{|" not in article.text


def template_examples():
    from importlib import resources

    text = resources.files("dyad").joinpath("rules/en/wikitext/templates.tsv").read_text("utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            name, renderer, example = line.split("\t")
            yield pytest.param(renderer, example, id=f"{number}:{name}")


@pytest.mark.parametrize("renderer,example", list(template_examples()))
def test_template_examples(renderer, example):
    """Every rule's example, as written in templates.tsv, is what the reader renders."""
    markup, _, expected = example.partition(" -> ")
    article = parse_wikitext(f"«{markup}»", "x", None)
    if renderer == "infobox":
        assert article.infobox is not None and article.text == "«»"
        return
    expected = "\n\n" if expected == "paragraph break" else expected.strip('"')
    assert article.text == f"«{expected}»"


def test_further_reading_split_into_author_and_title():
    (article,) = read_path(str(WIKITEXT / "Foreign_relations_of_India.wiki"))
    got = {(e.author, e.title) for e in article.bibliography}
    assert ("Brands, H. W.", "India and the United States: The Cold Peace") in got
    assert ("Basrur, Rajesh", "Subcontinental Drift: Domestic Politics and India's Foreign Policy") in got
    for e in article.bibliography:
        assert article.text[e.start:e.end] == e.text
    (turkey,) = read_path(str(WIKITEXT / "Foreign_relations_of_Turkey.wiki"))
    assert ("Dixon, Jeffrey C.", "Turkey, Islam and the EU") in {
        (e.author, e.title) for e in turkey.bibliography}


def test_colon_links_are_links_not_files_or_categories():
    article = parse_wikitext("See [[:Category:Foo|x]], [[:Wikipedia:Bar]] and [[Baz]].[[Category:Y]]", "x", None)
    assert article.text == "See x, Wikipedia:Bar and Baz."


TABLE = """== Bilateral ==
{| class="wikitable"
|+ Caption of the table
! rowspan=2 | Country
! colspan=2 | Period of relations
|-
! From !! To
|-
| rowspan="2" | {{Flagicon|Japan}} [[Japan]] || 1930 || 1937
|-
| 1952 || 1972
|-
| {{flag|Algeria}} || {{dts|30 December 1992}} || 2000
|-
| {{flagicon image|Logo.svg}} [[Council of Europe|CoE]] || 2001 ||
|-
| [[Kosovo]] || 2008 ||
|}
"""


def test_tables_are_recorded_with_their_cells_and_flags():
    a = parse_wikitext(TABLE, "t.wiki", "Foreign relations of Taiwan")
    (table,) = a.tables
    cells = [[(a.text[c.start:c.end], c.header, c.flag, c.rowspan, c.colspan) for c in r.cells]
             for r in table.rows]
    assert cells == [  # the caption is no row of the grid
        [("Country", True, None, 2, 1), ("Period of relations", True, None, 1, 2)],
        [("From", True, None, 1, 1), ("To", True, None, 1, 1)],
        [("Japan", False, "Japan", 2, 1), ("1930", False, None, 1, 1), ("1937", False, None, 1, 1)],
        [("1952", False, None, 1, 1), ("1972", False, None, 1, 1)],
        [("Algeria", False, "Algeria", 1, 1), ("30 December 1992", False, None, 1, 1),
         ("2000", False, None, 1, 1)],
        [("CoE", False, "Council of Europe", 1, 1), ("2001", False, None, 1, 1), ("", False, None, 1, 1)],
        [("Kosovo", False, None, 1, 1), ("2008", False, None, 1, 1), ("", False, None, 1, 1)],
    ]
    for row in table.rows:  # a row's span is its line of the rendering
        assert a.text[row.start:row.end] == " | ".join(a.text[c.start:c.end] for c in row.cells).rstrip()
    assert table.start == table.rows[0].start and table.end == table.rows[-1].end
