"""The wikitext renderer's node lengths (computed from children, for speed) must be the
lengths of the nodes' text, for every node of every shared page: offsets depend on them."""

from __future__ import annotations

from pathlib import Path

from dyad.readers.wikitext import _Renderer
from dyad.readers.wikitext_build import parse
from dyad.readers.wikitext_prepare import sections_of, strip_notes

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py


def test_every_node_size_is_the_length_of_its_text():
    pages = sorted((DATA / "wikitext").glob("*.wiki"))
    assert pages
    checked = 0
    for page in pages:
        wikitext = page.read_text(encoding="utf-8")
        stripped, _ = strip_notes(wikitext)
        renderer = _Renderer(wikitext)
        # all of a page's trees stay alive, as in the reader: sizes are cached by node id
        chunks = [(chunk, parse(chunk)) for chunk, _ in sections_of(stripped)]
        for chunk, code in chunks:
            for node in code.filter(recursive=True):
                assert renderer.size(node) == len(str(node)), (page.name, str(node)[:80])
                checked += 1
            assert renderer.code_size(code) == len(chunk)
    assert checked > 100_000


def test_sizes_of_hand_written_markup():
    text = ("{{a|b=c|{{d}}|e}} [[x|y]] [[z]] <!-- n --> <span class=\"k\">s</span> "
            "{|\n|-\n| a || b\n|} ''i'' <br/>")
    renderer = _Renderer(text)
    code = parse(text)
    assert renderer.code_size(code) == len(text)
    assert all(renderer.size(n) == len(str(n)) for n in code.filter(recursive=True))
