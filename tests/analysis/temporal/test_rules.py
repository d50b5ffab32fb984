"""Every rule's `examples` run here; the loader fails loudly on bad rule data."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from dyad.analysis.temporal import default_rules, load_rules, tag
from dyad.analysis.temporal.scanner import Scanner
from dyad.analysis.temporal.tagger import tag_text
from dyad.errors import RuleError

RULES = default_rules()
EXAMPLES = [
    pytest.param(rule, ex, id=f"{rule.id}-{n}")
    for rule in RULES.rules
    for n, ex in enumerate(rule.examples)
]


def _as_list(x):
    return x if isinstance(x, list) else [x]


@pytest.mark.parametrize("rule,example", EXAMPLES)
def test_rule_example(rule, example):
    text = example["text"]
    found = tag(text, example.get("dct"))
    if example.get("none"):
        assert found == [], f"{rule.id}: expected no timex in {text!r}, got {found}"
        return
    matches = _as_list(example["match"])
    values = _as_list(example["value"])
    types = _as_list(example.get("type", [None] * len(matches)))
    got = {t.text: t for t in found}
    for match, value, typ in zip(matches, values, types):
        assert match in got, f"{rule.id}: {match!r} not tagged in {text!r}; got {list(got)}"
        t = got[match]
        assert t.value == value, f"{rule.id}: {match!r} -> {t.value}, expected {value}"
        # An example may also pin the TIMEX3 type, where the type is the point of the rule.
        if typ is not None:
            assert t.type == typ, f"{rule.id}: {match!r} is {t.type}, expected {typ}"
        if "mod" in example:
            assert t.mod == example["mod"]
    # Each timex says which rule produced it; an example shows its own rule at work, except
    # where it says another rule takes part (`rules`).
    allowed = {rule.id, *example.get("rules", [])}
    assert {got[m].rule for m in matches} <= allowed


def test_every_positive_rule_has_an_example():
    missing = [r.id for r in RULES.rules if not r.examples]
    assert not missing, f"rules without examples: {missing}"


def test_rule_ids_are_unique_and_named_by_kind():
    ids = [r.id for r in RULES.rules]
    assert len(ids) == len(set(ids))
    assert all("." in i for i in ids)


@pytest.fixture()
def rule_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "temporal"
    shutil.copytree(Path(RULES.folder), folder)
    return folder


def _append(folder: Path, text: str) -> None:
    with open(folder / "99_test.toml", "w", encoding="utf-8") as f:
        f.write(text)


def test_duplicate_rule_id_names_file_and_rule(rule_copy):
    _append(rule_copy, '[[rule]]\nid = "date.year"\npattern = "x"\nvalue = "1"\n')
    with pytest.raises(RuleError) as e:
        load_rules(rule_copy)
    assert "99_test.toml" in str(e.value) and "duplicate rule id 'date.year'" in str(e.value)


def test_unknown_reference(rule_copy):
    _append(rule_copy, '[[rule]]\nid = "t.x"\npattern = "%nosuchlist"\nvalue = "1"\n')
    with pytest.raises(RuleError, match="unknown reference %nosuchlist"):
        load_rules(rule_copy)


def test_bad_regex(rule_copy):
    _append(rule_copy, '[[rule]]\nid = "t.x"\npattern = "(unclosed"\nvalue = "1"\n')
    with pytest.raises(RuleError, match="t.x.*does not compile"):
        load_rules(rule_copy)


def test_template_names_unknown_group(rule_copy):
    _append(rule_copy, '[[rule]]\nid = "t.x"\npattern = "(?P<a>x)"\nvalue = "{b}"\n')
    with pytest.raises(RuleError, match="unknown group 'b'"):
        load_rules(rule_copy)


def test_unknown_map_in_template(rule_copy):
    _append(rule_copy, '[[rule]]\nid = "t.x"\npattern = "(?P<a>x)"\nvalue = "{a:nomap}"\n')
    with pytest.raises(RuleError, match="unknown map or function 'nomap'"):
        load_rules(rule_copy)


def test_unknown_emit_mode(rule_copy):
    _append(rule_copy, '[[rule]]\nid = "t.x"\npattern = "(?P<a>x)"\n'
                       'emit = [{value = "1", mode = "radio"}]\n')
    with pytest.raises(RuleError, match="t.x.*emit mode must be one of"):
        load_rules(rule_copy)


def test_an_emit_mode_picks_the_reading_per_mode():
    """One phrase, two conventions: a narrative dates "three days later"; news annotation
    (TimeBank) tags the amount alone as a DURATION."""
    text = "On 5 May 1990 the talks opened. Three days later they ended."
    narrative = {t.text: t for t in tag(text)}
    news = {t.text: t for t in tag(text, "1990-05-20")}
    assert narrative["Three days later"].value == "1990-05-08"
    assert news["Three days"].type == "DURATION" and news["Three days"].value == "P3D"
    assert "Three days later" not in news


def test_rule_starting_anywhere_needs_a_trigger(rule_copy):
    _append(rule_copy, '[[rule]]\nid = "t.x"\npattern = "[a-z]+q"\nvalue = "1"\nexamples = []\n')
    with pytest.raises(RuleError, match="give it a `trigger`"):
        Scanner(load_rules(rule_copy))


def test_duplicate_map_key(rule_copy):
    with open(rule_copy / "seasons.tsv", "a", encoding="utf-8") as f:
        f.write("summer\tSU\n")
    with pytest.raises(RuleError, match=r"seasons.tsv:\d+: duplicate key 'summer'"):
        load_rules(rule_copy)


def test_scanner_finds_what_the_combined_pattern_finds(shared_data, monkeypatch):
    """The fast scanner must give exactly the matches of the one big alternation."""

    slow = dataclasses.replace(RULES, scanner=None)
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared_data / "articles").glob("*.txt"))[:8]]
    texts.append((shared_data / "seed" / "armenia-artsakh-relations.txt").read_text(encoding="utf-8"))
    tml = sorted((shared_data / "tempeval3" / "TBAQ-cleaned" / "TimeBank").glob("*.tml"))[:15]
    from dyad.readers.timeml import read_timeml

    texts += [read_timeml(p.read_text(encoding="utf-8"), str(p)).text for p in tml]
    # small blocks, so that the block-by-block scan is exercised on every text
    from dyad.analysis.temporal import tagger

    monkeypatch.setattr(tagger, "CHUNK", 1500)
    for text in texts:
        for dct in (None, "1998-03-02"):
            fast = [(t.start, t.end, t.value, t.rule) for t in tag_text(text, dct, rules=RULES)]
            ref = [(t.start, t.end, t.value, t.rule) for t in tag_text(text, dct, rules=slow)]
            assert fast == ref
