"""`dyad extract` as users run it: the Document for good input; for bad input one line
`Error: <path>: <what is wrong>` on stderr, exit 1, no traceback; bad inputs skipped."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.cli import cli
from dyad.cli import commands  # noqa: F401  (registers the commands)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"  # as tests/conftest.py
SEED = DATA / "seed" / "armenia-artsakh-relations.txt"
SMALL = DATA / "articles" / "Albania-Egypt_relations.txt"


def run(*args: str, input: bytes | None = None, env: dict | None = None):
    result = CliRunner().invoke(cli, ["extract", *args], input=input, env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_seed_document():
    result = run(str(SEED))
    assert result.exit_code == 0, result.stderr
    (doc,) = json.loads(result.stdout)
    gold = json.loads((DATA / "seed" / "armenia-artsakh-relations.gold.json").read_text("utf-8"))
    assert doc["schema"] == "dyad.document/1"
    assert doc["format"] == "plaintext"
    assert doc["text"] == SEED.read_text(encoding="utf-8")
    assert doc["title"] == "Armenia–Artsakh relations"
    assert doc["infobox"] == {"template": "bilateral relations", "fields": gold["infobox"]}
    assert doc["infobox"]["fields"]["Mission2"] is None
    assert [[s["level"], s["title"]] for s in doc["sections"]] == gold["sections"]
    assert [e["text"] for e in doc["see_also"]] == gold["see_also"]
    assert [{"author": e["author"], "title": e["title"]} for e in doc["bibliography"]] == gold["bibliography"]
    text = doc["text"]
    assert len(doc["sentences"]) > 60
    assert text[doc["sentences"][1]["start"]:doc["sentences"][1]["end"]].startswith(
        "Armenia–Artsakh relations were")


def test_jsonl_and_stdin():
    result = run("--format", "jsonl", "-", input=SMALL.read_bytes())
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["source"] == "<stdin>"
    assert doc["title"] == "Albania–Egypt relations"


def test_forced_input_format(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("'''X''' met [[Y|the Y]] in {{circa|1945}}.\n", encoding="utf-8")
    (doc,) = json.loads(run("--input", "wikitext", str(page)).stdout)
    assert doc["format"] == "wikitext"
    assert doc["text"] == "X met the Y in c. 1945."
    (doc,) = json.loads(run("--input", "plaintext", str(page)).stdout)
    assert doc["text"] == page.read_text(encoding="utf-8")


def bad_inputs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """name -> (path, the exact error line)."""
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x00\x01\x02\x03" * 100)
    pdf = tmp_path / "paper.txt"
    pdf.write_bytes(b"%PDF-1.7\n...")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("= Café relations =\n\nCafé.\n".encode("latin-1"))
    folder = tmp_path / "folder"
    folder.mkdir()
    missing = tmp_path / "missing.txt"
    hint = "(give a plain-text, wikitext, TimeML or MediaWiki XML file)"
    return {
        "missing": (str(missing), f"Error: {missing}: no such file"),
        "folder": (str(folder), f"Error: {folder}: is a directory, not a file "
                                f"(give the files in it, e.g. {folder}/*.txt)"),
        "empty": (str(empty), f"Error: {empty}: empty file, nothing to read"),
        "binary": (str(binary), f"Error: {binary}: binary file (contains NUL bytes), not text {hint}"),
        "pdf": (str(pdf), f"Error: {pdf}: binary file (a PDF document), not text {hint}"),
        "latin1": (str(latin1), f"Error: {latin1}: not valid UTF-8: byte 0xe9 at offset 5 (line 1) "
                                "(convert it to UTF-8, e.g. iconv -f latin1 -t utf-8)"),
    }


@pytest.mark.parametrize("name", ["missing", "folder", "empty", "binary", "pdf", "latin1"])
def test_bad_input(tmp_path, name):
    path, line = bad_inputs(tmp_path)[name]
    result = run(path)
    assert result.exit_code == 1
    assert result.stderr == line + "\n"
    assert json.loads(result.stdout) == []
    assert "Traceback" not in result.output


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.txt"
    text = "= A–B relations =\n\nA and B met in 1990.\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = run(str(path))
    assert result.exit_code == 0
    (doc,) = json.loads(result.stdout)
    assert doc["text"] == text


def test_truncated_xml(tmp_path):
    path = tmp_path / "truncated.xml"
    path.write_text('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/">\n<page>'
                    "<title>A–B relations</title><ns>0</ns><id>1</id><revision><id>2</id>"
                    "<text>'''A–B relations''' are", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: ")
    assert "truncated" in result.stderr
    assert result.stderr.count("\n") == 1


def test_huge_input_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # 200 MB on one line, sparse: nothing is read to refuse it
        f.write(b"= A-B relations = ")
        f.seek(200 * 1024 * 1024)
        f.write(b"x")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: too large: 209,715,201 bytes, over the 67,108,864-byte limit for one "
        "article (raise $DYAD_MAX_INPUT_BYTES to read it anyway, or give a MediaWiki dump, "
        "which is streamed)\n")


def test_size_limit_from_environment(tmp_path):
    result = run(str(SMALL), env={"DYAD_MAX_INPUT_BYTES": "100"})
    assert result.exit_code == 1
    assert "over the 100-byte limit for one article" in result.stderr


def test_several_inputs_bad_ones_skipped(tmp_path):
    bad = bad_inputs(tmp_path)
    result = run(bad["missing"][0], str(SMALL), bad["empty"][0], "--format", "jsonl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [bad["missing"][1], bad["empty"][1]]
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["title"] for d in docs] == ["Albania–Egypt relations"]


def test_no_traceback_from_the_installed_command(tmp_path):
    """The real entry point (console script main), not only the click group."""
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00" * 64)
    proc = subprocess.run([sys.executable, "-m", "dyad", "extract", str(binary), str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(f"Error: {binary}: binary file")
    assert proc.stderr.splitlines()[1].startswith(f"Error: {tmp_path}: is a directory")


def test_a_dump_without_relations_articles_warns_and_all_pages_reads_them():
    dump = DATA / "dumps" / "mwxml_dump_export-0.8.xml"
    filtered = run(str(dump))
    assert filtered.exit_code == 0
    assert json.loads(filtered.stdout) == []
    assert f"Warning: {dump}: no articles extracted" in filtered.stderr
    every = run("--all-pages", str(dump), "--format", "jsonl")
    assert every.exit_code == 0 and "Warning" not in every.stderr
    titles = [json.loads(line)["title"] for line in every.stdout.splitlines()]
    assert titles and all(titles)
