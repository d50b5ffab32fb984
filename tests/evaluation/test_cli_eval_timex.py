"""`dyad timex` and `dyad eval timex` through the command line (exit codes, output shapes).
(Here with the evaluation tests because the two commands belong to the temporal engine.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from click.testing import CliRunner

from dyad.cli import cli
from dyad.cli import commands  # noqa: F401

from tests.conftest import DATA, SEED

PLATINUM = DATA / "tempeval3" / "te3-platinum"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_timex_json_on_the_seed():
    r = run("timex", str(SEED))
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["dct"] is None and len(data["timexes"]) == 28
    t = data["timexes"][15]
    assert (t["text"], t["value"], t["rule"], t["earliest"]) == ("10 March", "1988-03-10", "date.dm", "1988-03-10")


def test_timex_dct_option_and_stdin():
    r = run("timex", "-", "--dct", "2013-03-20", input="Officials said Friday that prices rose.\n")
    assert r.exit_code == 0, r.output
    assert [t["value"] for t in json.loads(r.stdout)["timexes"]] == ["2013-03-15"]


def test_timex_timeml_for_plain_text():
    r = run("timex", "-", "--format", "timeml", input="In 1988 AT&T grew.\n")
    assert r.exit_code == 0
    assert r.stdout == 'In <TIMEX3 tid="t1" type="DATE" value="1988">1988</TIMEX3> AT&amp;T grew.\n'


def test_timex_timeml_for_a_tempeval_file_uses_its_dct():
    path = sorted(PLATINUM.glob("*.tml"))[0]
    r = run("timex", str(path), "--format", "timeml")
    assert r.exit_code == 0, r.output
    raw = path.read_text(encoding="utf-8")
    assert r.stdout.split("<TEXT>")[0] == raw.split("<TEXT>")[0]
    assert re.search(r'<TIMEX3 tid="t1" type="(DATE|TIME|DURATION|SET)" value="[^"]+"', r.stdout)


def test_timex_bad_dct_is_a_usage_error():
    r = run("timex", str(SEED), "--dct", "20-03-2013")
    assert r.exit_code == 2
    assert "is not a date YYYY-MM-DD" in r.output


def test_timex_missing_file():
    out = subprocess.run([sys.executable, "-m", "dyad", "timex", "/nonexistent/a.txt"],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == "Error: /nonexistent/a.txt: no such file"
    assert "Traceback" not in out.stderr


def test_eval_timex_gold_table_and_json():
    r = run("eval", "timex", "--corpus", "gold", "--data", str(DATA))
    assert r.exit_code == 0, r.output
    assert re.search(r"^gold\s+70\s+\d+", r.stdout, re.M)
    r = run("eval", "timex", "--corpus", "gold", "--data", str(DATA), "--format", "json")
    data = json.loads(r.stdout)
    assert data["gold"]["counts"]["gold"] == 70 and data["gold"]["value_f1"] >= 95.0


def test_eval_timex_writes_tml_for_the_official_scorer(tmp_path):
    r = run("eval", "timex", "--corpus", "te3-platinum", "--data", str(DATA),
            "--write-tml", str(tmp_path))
    assert r.exit_code == 0, r.output
    files = list((tmp_path / "te3-platinum").glob("*.tml"))
    assert len(files) == 20


def test_eval_timex_missing_data_folder(tmp_path):
    r = run("eval", "timex", "--corpus", "tbaq", "--data", str(tmp_path))
    assert r.exit_code == 1
    assert "no files for corpus tbaq" in r.output
