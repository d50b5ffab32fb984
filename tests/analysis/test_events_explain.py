"""`dyad explain`: the sentence and the rule ids behind an event or a timex; exact errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dyad.cli import cli
from dyad.cli import commands  # noqa: F401  (registers the commands)


def run(*args):
    return CliRunner().invoke(cli, ["explain", *args])


def test_explain_event_names_sentence_and_rules(shared_data):
    seed = str(shared_data / "seed" / "armenia-artsakh-relations.txt")
    extract = CliRunner().invoke(cli, ["extract", seed, "--format", "json"])
    doc = json.loads(extract.stdout)[0]
    event = next(e for e in doc["events"] if e["trigger"]["text"] == "stated" and e["type"] == "REJECT")
    result = run(seed, "--event", event["id"], "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sentence"].startswith("On 10 March, Gorbachev stated")
    rules = [r["rule"] for r in data["rules"]]
    assert rules[:2] == ["events.statement.said", "speech.reject"]
    assert any(r["stage"] == "temporal" for r in data["rules"])
    text = run(seed, "--event", event["id"]).stdout
    assert text.splitlines()[0] == f"event {event['id']}: REJECT ('stated'), date 1988-03-10"


def test_explain_inherited_date(shared_data):
    seed = str(shared_data / "seed" / "armenia-artsakh-relations.txt")
    doc = json.loads(CliRunner().invoke(cli, ["extract", seed]).stdout)[0]
    troops = next(e for e in doc["events"] if e["type"] == "MOBILIZE")
    data = json.loads(run(seed, "--event", troops["id"], "--format", "json").stdout)
    assert "events.date.inherited" in [r["rule"] for r in data["rules"]]


def test_explain_errors(shared_data):
    seed = str(shared_data / "seed" / "armenia-artsakh-relations.txt")
    result = run(seed, "--event", "e999")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {seed}: no event 'e999' (events: e1, e2, e3, e4, e5, ...)")
    result = run(seed)
    assert result.exit_code == 2 and "give exactly one of --event ID or --timex ID" in result.stderr
    result = run(seed, "--timex", "t1", "--event", "e1")
    assert result.exit_code == 2
