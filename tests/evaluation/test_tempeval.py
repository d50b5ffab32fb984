"""The TempEval-3 style scorer, on hand-made cases whose figures are worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dyad.evaluation.tempeval import match_timexes, score_corpus, score_document


@dataclass
class S:
    start: int
    end: int
    type: str = "DATE"
    value: str = "1998"
    mod: str | None = None


def test_perfect():
    g = [S(0, 4), S(10, 20, "DURATION", "P3Y")]
    f = score_document(g, [S(0, 4), S(10, 20, "DURATION", "P3Y")]).figures()
    assert f["strict_f1"] == f["relaxed_f1"] == f["value_f1"] == f["type_f1"] == 100.0


def test_relaxed_is_any_overlap_and_strict_exact():
    gold = [S(0, 10), S(20, 30)]
    system = [S(5, 12), S(20, 30), S(40, 44)]
    s = score_document(gold, system)
    c = s.counts
    assert (c.gold, c.system, c.relaxed, c.strict) == (2, 3, 2, 1)
    f = s.figures()
    assert f["relaxed_p"] == pytest.approx(200 / 3) and f["relaxed_r"] == 100.0
    assert f["strict_p"] == pytest.approx(100 / 3) and f["strict_r"] == 50.0
    assert f["strict_f1"] == pytest.approx(40.0)


def test_value_and_type_count_against_precision_and_recall():
    gold = [S(0, 4, value="1998"), S(10, 14, value="1999"), S(20, 24, "DURATION", "P1Y")]
    system = [S(0, 4, value="1998"), S(10, 14, value="2000"), S(30, 34)]
    f = score_document(gold, system).figures()
    # one value right of three system and three gold timexes
    assert f["value_p"] == pytest.approx(100 / 3) and f["value_r"] == pytest.approx(100 / 3)
    # two types right (both DATE matches); the unmatched ones count too
    assert f["type_f1"] == pytest.approx(200 / 3)


def test_one_to_one_matching():
    gold = [S(0, 10)]
    system = [S(0, 3), S(5, 10)]
    pairs = match_timexes(gold, system)
    assert sum(1 for g, s in pairs if g and s) == 1
    assert sum(1 for g, s in pairs if s and not g) == 1


def test_micro_average_over_documents_and_errors_listed():
    docs = [("a", "In 1998 x", [S(3, 7)], [S(3, 7)]),
            ("b", "yes 1999", [S(4, 8, value="1999")], [])]
    s = score_corpus(docs)
    assert (s.counts.gold, s.counts.system, s.counts.relaxed) == (2, 1, 1)
    assert s.errors == [{"doc": "b", "kind": "missed", "system": None,
                         "gold": {"start": 4, "end": 8, "text": "1999", "type": "DATE",
                                  "value": "1999", "mod": None}}]


def test_empty():
    f = score_document([], []).figures()
    assert f["relaxed_f1"] == 0.0
