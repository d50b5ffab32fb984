"""The gold measurement of issue 4: `../shared/tools/score_gold.py` on the seed and the three
dev golds, with the Document that `dyad extract ARTICLE --format json` prints. Floors sit a
little below what the rules reach, so that a regression fails and a gain is noticed by
raising them."""

from __future__ import annotations

import importlib.util
import json

import pytest
from click.testing import CliRunner

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
SCORER = SHARED / "tools" / "score_gold.py"

# (gold, article, floors)
CASES = [
    ("seed/armenia-artsakh-relations.gold.json", "seed/armenia-artsakh-relations.txt",
     {"f1": 0.90, "type_acc": 0.95, "date_acc": 0.95, "actor_recall": 1.0}),
    # date_acc 0.9: the 13th event, found since the coordinated-object rule ("... and also a visa
    # abolition agreement", F1 0.96 -> 1.0), is dated 2012-06-20 with its sentence; the gold
    # dates it 2011 from the sentence after it ("Since 2011 citizens ... travel visa-free")
    ("articles/gold/Albania-Brazil_relations.gold.json", "articles/Albania-Brazil_relations.txt",
     {"f1": 0.95, "type_acc": 0.95, "date_acc": 0.9, "actor_recall": 1.0}),
    ("articles/gold/Ecuador-United_States_relations.gold.json", "articles/Ecuador-United_States_relations.txt",
     {"f1": 0.92, "type_acc": 0.95, "date_acc": 0.9, "actor_recall": 1.0}),
    ("articles/gold/Hong_Kong-Israel_relations.gold.json", "articles/Hong_Kong-Israel_relations.txt",
     {"f1": 0.90, "type_acc": 0.9, "date_acc": 0.95, "actor_recall": 0.75}),
]


@pytest.fixture(scope="module")
def scorer():
    if not SCORER.is_file():
        pytest.fail(f"gold scorer not found at {SCORER}")
    spec = importlib.util.spec_from_file_location("score_gold", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(path) -> dict:
    from dyad.cli import cli
    from dyad.cli import commands  # noqa: F401  (registers the commands)

    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]


@pytest.mark.parametrize("gold_path, article, floors", CASES, ids=[c[1].split("/")[-1] for c in CASES])
def test_gold_floors(scorer, gold_path, article, floors):
    gold = json.loads((DATA / gold_path).read_text(encoding="utf-8"))
    pred = extract(DATA / article)
    events = scorer.score_events(gold, pred)
    actors = scorer.score_actors(gold, pred)
    got = {"f1": events["f1"], "type_acc": events["type_acc"], "date_acc": events["date_acc"],
           "actor_recall": actors["actor_recall"]}
    low = {k: (round(got[k], 3), v) for k, v in floors.items() if got[k] < v}
    assert not low, f"{article}: below floor (got, floor): {low}"


def test_dev_golds_mean_event_f1(scorer):
    f1s = []
    for gold_path, article, _ in CASES[1:]:
        gold = json.loads((DATA / gold_path).read_text(encoding="utf-8"))
        f1s.append(scorer.score_events(gold, extract(DATA / article))["f1"])
    assert min(f1s) >= 0.75, f1s
