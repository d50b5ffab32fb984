"""Property tests: readers are lenient with markup and strict only through InputError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import InputError
from dyad.readers import read_bytes, read_text
from dyad.readers.render import source_offset
from dyad.readers.wikitext import parse_wikitext

# Pieces of the markup the readers care about, so that generated text hits their branches.
WIKI_BITS = st.sampled_from([
    "{{", "}}", "[[", "]]", "|", "=", "==", "\n", "{|", "|}", "|-", "!", "''", "'''", "<ref>",
    "</ref>", "<ref name=x/>", "<!--", "-->", "* ", "# ", ":", ";", "&nbsp;", "&amp;",
    "{{Start date|1991|9|2}}", "{{circa|", "{{dts|", "{{flag|", "{{Infobox bilateral relations|",
    "{{Bilateral|A|B}}", "[[File:x.png|", "[[Category:", "http://x.org", "[http://x.org y]",
    "<br/>", "<table>", "</table>", "<div>", "Text. ", "1990", "__NOTOC__", "{{{1}}}",
])
PLAIN_BITS = st.sampled_from([
    "= T =\n", "Infobox\n", "- Party1: A\n", "- Mission2: None\n", "== H ==\n", "==== X ====\n",
    "\n\n\n", "History\n", "[1]", "+---+---+\n", "| a | b |\n", " = X = \n", " = = Y = = \n",
    " @-@ ", " , ", ' " ', "ALBANIA–BRAZIL RELATIONS refer to", "Category:", "]] ", "[[",
    "- ", "-   ", "St. ", "U.S. ", "J. R. ", "Mr. ", "3.5 ", "... ", "? ", "! ", "\u2014", "x_relations ",
])


def markup(bits):
    return st.lists(st.one_of(bits, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup(WIKI_BITS))
def test_wikitext_never_raises_and_maps_back(text):
    article = parse_wikitext(text, "gen.wiki", None)
    assert isinstance(article.text, str)
    for s in article.sections:
        assert 0 <= s.start <= s.end <= len(article.text)
    for s, e in article.excluded:
        assert 0 <= s < e <= len(article.text)
    for i in range(len(article.text)):  # every rendered character maps into the source
        assert 0 <= source_offset(article.source_map, i) < max(1, len(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup(PLAIN_BITS | WIKI_BITS))
def test_read_text_raises_only_input_error(text):
    try:
        articles = list(read_text(text, "gen.txt"))
    except InputError:
        return
    for a in articles:
        assert a.text.strip() or a.warnings  # a page of templates only says so
        for s in a.sections:
            assert 0 <= s.start <= s.end <= len(a.text)
        if a.format == "plaintext":
            assert a.text == text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_read_bytes_raises_only_input_error(data):
    try:
        list(read_bytes(data, "gen.bin"))
    except InputError as error:
        assert error.one_line().startswith("gen.bin")
