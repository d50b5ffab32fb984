"""The fast tree builder must make exactly the tree mwparserfromhell's own builder makes:
same node classes, same attributes in the same order, same child lists."""

from __future__ import annotations

from pathlib import Path

import mwparserfromhell
import pytest
from mwparserfromhell.smart_list import SmartList

from dyad.readers import wikitext_build
from dyad.readers.wikitext_prepare import sections_of, strip_notes

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py


def assert_same(a, b, path: str = "root") -> None:
    """Structural equality of two trees, down to every private attribute."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b), f"{path}: {len(a)} != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{path}[{i}]")
        if isinstance(a, SmartList):
            assert a._children == b._children == {}, f"{path}: slices registered"
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{path}: attributes {list(a)} != {list(b)}"
        for key in a:
            assert_same(a[key], b[key], f"{path}.{key}")
    elif hasattr(a, "__dict__"):
        assert_same(vars(a), vars(b), path)
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


SYNTHETIC = [
    "",
    "plain text only",
    "'''bold''' and ''italic'' and '''''both'''''",
    "{{Infobox bilateral relations|Danish-Fijian|Denmark|Fiji|map=x.png}}",
    "{{a|{{b|c=d|e}}|f={{g}}|=|1=one}} {{{arg|default}}} {{{bare}}}",
    "[[Link]] [[Link|label ''it'']] [[:Category:X]] [[File:x.jpg|thumb|cap [[y]]]]",
    "[http://example.org title] [http://example.org] http://bare.example.org/x.",
    "&amp; &#233; &#x00E9; &nbsp; &bogus;",
    "== Heading ==\ntext\n=== Sub ''it'' ===\n",
    "<ref name=\"a\">x</ref> <ref name=b/> <br> <br/> <span class='c' id=d>s</span>",
    "<!-- comment --> <!----> <div\n style=\"x\" >block</div> <p>para",
    "{| class=\"wikitable\"\n|+ Caption\n! H1 !! H2\n|-\n| a || b\n|-\n| c\n| d\n|}",
    "* one\n** two\n# three\n; term : definition\n----\n",
    "unbalanced {{ template | and [[ link and <b> tag and ''' quote",
    "</div> </ref> <nowiki>''not''</nowiki> <pre>x</pre> <\\bad>",
]


@pytest.mark.parametrize("text", SYNTHETIC)
def test_synthetic_markup_gives_the_library_tree(text):
    assert_same(mwparserfromhell.parse(text), wikitext_build.parse(text))
    assert str(wikitext_build.parse(text)) == text  # round trip


def test_every_shared_page_section_gives_the_library_tree():
    pages = sorted((DATA / "wikitext").glob("*.wiki"))
    assert pages, "no shared wikitext pages"
    count = 0
    for page in pages:
        stripped, _ = strip_notes(page.read_text(encoding="utf-8"))
        for chunk, _ in sections_of(stripped):  # what the wikitext reader parses
            assert_same(mwparserfromhell.parse(chunk), wikitext_build.parse(chunk), page.name)
            count += 1
    assert count > len(pages)


def test_the_tree_works_with_the_library_methods():
    code = wikitext_build.parse("a {{date|2020|1|2}} [[b|c]] <i>d</i>")
    template = code.filter_templates()[0]
    assert template.name.strip() == "date" and str(template.get(1).value) == "2020"
    template.add("df", "y")  # edits go through the library's own setters
    assert str(code) == "a {{date|2020|1|2|df=y}} [[b|c]] <i>d</i>"
    assert [str(link.text) for link in code.filter_wikilinks()] == ["c"]
    assert code.strip_code().split() == ["a", "c", "d"]


def test_an_unverified_library_version_uses_the_library_parser(monkeypatch):
    monkeypatch.setattr(wikitext_build, "ENABLED", False)
    calls = []
    real = mwparserfromhell.parse
    monkeypatch.setattr(mwparserfromhell, "parse", lambda text: calls.append(text) or real(text))
    assert str(wikitext_build.parse("''x''")) == "''x''"
    assert calls == ["''x''"]


def test_a_token_list_the_builder_cannot_close_raises_the_parser_error():
    from mwparserfromhell.parser import tokens
    from mwparserfromhell.parser.errors import ParserError

    with pytest.raises(ParserError):
        wikitext_build.build([tokens.TemplateOpen(), tokens.Text(text="x")])
    with pytest.raises(ParserError):
        wikitext_build.build([tokens.TemplateClose()])
