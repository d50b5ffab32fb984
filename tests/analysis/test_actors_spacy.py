"""The optional spaCy pipeline of the actors stage (DYAD_SPACY_MODEL).

No model is downloaded: each test builds a real spaCy pipeline (a blank English tokenizer and
an entity ruler with patterns), saves it to a folder and points DYAD_SPACY_MODEL at it, as a
user would at an installed pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.analysis import actors
from dyad.analysis.actors import spacy_ner
from dyad.errors import RuleError
from dyad.model import Article, Document
from dyad.readers import read_path

from ..conftest import DATA

spacy = pytest.importorskip("spacy")

HK_ISRAEL = DATA / "articles" / "Hong_Kong-Israel_relations.txt"


def save_pipeline(path: Path, patterns: list[dict]) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    nlp.to_disk(path)
    return path


@pytest.fixture
def pipeline(tmp_path: Path) -> Path:
    return save_pipeline(tmp_path / "ner", [
        {"label": "PERSON", "pattern": "Ken Tsang"},  # the rules found him: "the Beating of Ken Tsang"
        {"label": "PERSON", "pattern": "Gregory So"},  # named only in the references
        {"label": "PERSON", "pattern": "Yuli Edelstein"},  # the rules found him already
        {"label": "PERSON", "pattern": "Victor"},  # a piece of a name the rules found
        {"label": "ORG", "pattern": "Hong Kong police force"},
        {"label": "NORP", "pattern": "Jews"},
        {"label": "NORP", "pattern": "Israeli"},  # an adjective: a modifier, not an actor
        {"label": "GPE", "pattern": "Tel Aviv"},  # a city, not a polity
    ])


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv(spacy_ner.ENV, raising=False)
    spacy_ner._loaded.clear()
    yield
    spacy_ner._loaded.clear()


def analyse_file(path: Path) -> Document:
    (article,) = list(read_path(str(path)))
    doc = Document(article=article)
    actors.run(doc)
    return doc


def analyse(text: str) -> Document:
    doc = Document(article=Article(source="test", format="plaintext", title=None, text=text))
    actors.run(doc)
    return doc


def as_json(doc: Document) -> list[dict]:
    return [a.to_json() for a in doc.actors]


# A name after "<Capitalised> of" is no person for the rules ("Treaty of Reciprocal Assistance").
MISSED = "In 2014 the Friends of Ken Tsang marched to the police headquarters.\n"


def test_missed_person_is_added_with_exact_offsets_and_rule_id(tmp_path, monkeypatch):
    before = analyse(MISSED)
    assert "person:ken-tsang" not in {a.id for a in before.actors}  # the rules miss him
    path = save_pipeline(tmp_path / "lone", [{"label": "PERSON", "pattern": "Ken Tsang"}])
    monkeypatch.setenv(spacy_ner.ENV, str(path))
    doc = analyse(MISSED)
    ken = next(a for a in doc.actors if a.id == "person:ken-tsang")
    assert ken.kind == "person" and ken.name == "Ken Tsang"
    assert ken.rule == "actors.spacy.PERSON"
    start = MISSED.index("Ken Tsang")
    assert ken.mentions == [(start, start + len("Ken Tsang"))]


def test_a_person_the_rules_found_keeps_their_rule(pipeline, monkeypatch):
    # "the Beating of Ken Tsang incident": the rules find him; the pipeline's PERSON adds nothing.
    monkeypatch.setenv(spacy_ner.ENV, str(pipeline))
    doc = analyse_file(HK_ISRAEL)
    ken = next(a for a in doc.actors if a.id == "person:ken-tsang")
    assert ken.rule == "actors.person-name"


def test_organisation_and_group_added_with_their_rules(pipeline, monkeypatch):
    monkeypatch.setenv(spacy_ner.ENV, str(pipeline))
    doc = analyse_file(HK_ISRAEL)
    by_id = {a.id: a for a in doc.actors}
    police = by_id["org:hong-kong-police-force"]
    # the rules find "Hong Kong police force" themselves now (polity + institution noun), so the
    # pipeline's ORG span over it adds nothing: the rules always win
    assert police.kind == "organization" and police.rule == "actors.institution-of"
    assert police.affiliation == "polity:HKG"
    assert [doc.text[s:e] for s, e in police.mentions] == ["Hong Kong police force"]
    jews = by_id["group:jews"]
    assert jews.kind == "group" and jews.rule == "actors.spacy.NORP"
    assert not any(a.id in ("group:israeli", "person:victor") for a in doc.actors)


def test_excluded_references_and_cities_are_not_taken(pipeline, monkeypatch):
    monkeypatch.setenv(spacy_ner.ENV, str(pipeline))
    doc = analyse_file(HK_ISRAEL)
    ids = {a.id for a in doc.actors}
    assert "Gregory So" in doc.text and "person:gregory-so" not in ids  # only in "[7] ..."
    assert not any("tel-aviv" in i for i in ids)


def test_rule_based_actors_are_unchanged(pipeline, monkeypatch):
    before = {a["id"]: a for a in as_json(analyse_file(HK_ISRAEL))}
    monkeypatch.setenv(spacy_ner.ENV, str(pipeline))
    after = {a["id"]: a for a in as_json(analyse_file(HK_ISRAEL))}
    assert set(before) < set(after)
    changed = [i for i in before if after[i] != before[i]]
    assert changed == []
    assert {after[i]["rule"] for i in set(after) - set(before)} <= {
        "actors.spacy.PERSON", "actors.spacy.ORG", "actors.spacy.NORP", "actors.spacy.GPE"}


def test_unset_gives_the_rules_output_exactly(pipeline, monkeypatch):
    with monkeypatch.context() as m:  # the stage with the hook taken out: the rules alone
        m.setattr(spacy_ner, "add_mentions", lambda finder: None)
        m.setenv(spacy_ner.ENV, str(pipeline))
        rules_only = as_json(analyse_file(HK_ISRAEL))
    assert as_json(analyse_file(HK_ISRAEL)) == rules_only
    monkeypatch.setenv(spacy_ner.ENV, "  ")
    assert as_json(analyse_file(HK_ISRAEL)) == rules_only
    monkeypatch.setenv(spacy_ner.ENV, str(pipeline))
    assert as_json(analyse_file(HK_ISRAEL)) != rules_only


def test_unset_imports_nothing_from_spacy():
    code = ("import sys; from dyad.readers import read_path; from dyad import analyze\n"
            f"[analyze(a) for a in read_path({str(HK_ISRAEL)!r})]\n"
            "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('spacy.')))")
    env = {k: v for k, v in __import__("os").environ.items() if k != spacy_ner.ENV}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_gpe_resolved_through_the_gazetteer_only(tmp_path, monkeypatch):
    text = "ARMENIA and the Bekaa Valley were named. The Nagorno-Karabakh conflict went on.\n"
    path = save_pipeline(tmp_path / "gpe", [
        {"label": "GPE", "pattern": "ARMENIA"},  # a case variant the rules' names do not match
        {"label": "GPE", "pattern": "Bekaa Valley"},  # a region, not a polity
        {"label": "GPE", "pattern": "Nagorno-Karabakh"},  # the name of a war: the rules skip it
    ])
    before = as_json(analyse(text))
    monkeypatch.setenv(spacy_ner.ENV, str(path))
    doc = analyse(text)
    added = [a for a in as_json(doc) if a not in before]
    assert [(a["id"], a["rule"], a["mentions"]) for a in added] == [
        ("polity:ARM", "gazetteer.polities", [[0, 7]])]


def test_lone_surname_joins_the_full_name(tmp_path, monkeypatch):
    text = ("In 2014 the Beating of Ken Tsang became a symbol. "
            "Police later said Tsang had been arrested.\n")
    path = save_pipeline(tmp_path / "sur", [{"label": "PERSON", "pattern": "Ken Tsang"},
                                            {"label": "PERSON", "pattern": "Tsang"}])
    monkeypatch.setenv(spacy_ner.ENV, str(path))
    doc = analyse(text)
    people = [a for a in doc.actors if a.kind == "person"]
    assert [(p.id, [text[s:e] for s, e in p.mentions]) for p in people] == [
        ("person:ken-tsang", ["Ken Tsang", "Tsang"])]


def test_pipeline_components_other_than_ner_are_disabled(tmp_path, monkeypatch):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Ken Tsang"}])
    nlp.to_disk(tmp_path / "two")
    loaded = spacy_ner.load(str(tmp_path / "two"))
    assert loaded.pipe_names == ["entity_ruler"]
    assert loaded.disabled == ["sentencizer"]


@pytest.mark.parametrize("value, says", [
    ("en_core_web_nonexistent_pipeline", "names no spaCy pipeline that can be loaded"),
    ("blank:en", "names a blank language"),
])
def test_bad_value_is_one_line_rule_error(value, says, monkeypatch):
    monkeypatch.setenv(spacy_ner.ENV, value)
    with pytest.raises(RuleError) as info:
        analyse("Prime Minister Nikol Pashinyan met Ken Tsang.\n")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{value}: ") and says in message
    assert "DYAD_SPACY_MODEL" in message


def test_pipeline_without_entity_recogniser_is_rule_error(tmp_path, monkeypatch):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "nonner")
    monkeypatch.setenv(spacy_ner.ENV, str(tmp_path / "nonner"))
    with pytest.raises(RuleError, match="has no entity recogniser"):
        analyse("Ken Tsang.\n")


def test_folder_that_is_not_a_pipeline_is_rule_error(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv(spacy_ner.ENV, str(tmp_path / "empty"))
    with pytest.raises(RuleError, match="names no spaCy pipeline that can be loaded"):
        analyse("Ken Tsang.\n")


def test_cli_extract_with_bad_value_exits_1_with_error_line(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items()}
    env[spacy_ner.ENV] = str(tmp_path / "missing-pipeline")
    out = subprocess.run([sys.executable, "-m", "dyad", "extract", str(HK_ISRAEL)],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert lines[0].startswith(f"Error: {tmp_path / 'missing-pipeline'}: DYAD_SPACY_MODEL names no")
    assert sum(line.startswith("Error: ") for line in lines) == 1  # one line per article
    assert "Traceback" not in out.stderr
    assert json.loads(out.stdout) == []


def test_cli_extract_with_pipeline(tmp_path):
    path = save_pipeline(tmp_path / "lone", [{"label": "PERSON", "pattern": "Ken Tsang"}])
    article = tmp_path / "article.txt"
    article.write_text(MISSED, encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items()}
    env[spacy_ner.ENV] = str(path)
    out = subprocess.run([sys.executable, "-m", "dyad", "extract", str(article)],
                         capture_output=True, text=True, env=env, check=True)
    (doc,) = json.loads(out.stdout)
    tsang = next(a for a in doc["actors"] if a["id"] == "person:ken-tsang")
    assert tsang["rule"] == "actors.spacy.PERSON"


def test_common_ner_errors_are_filtered(tmp_path, monkeypatch):
    # Sentences of the shared articles (seed, Hong Kong–Israel, Ecuador–US, Albania–Brazil)
    # where en_core_web_sm labels things, portfolios and common words as ORG or PERSON.
    text = ("Armenian forces won the First Nagorno-Karabakh War. The Rio Treaty bound them. "
            "Post-Soviet Armenia grew. According to Hong Kong Secretary for Commerce and Economic "
            "Development, trade grew. Supply rose as supply fell. Lachin was taken. "
            "WikiLeaks published the cables.\n")
    path = save_pipeline(tmp_path / "noisy", [
        {"label": "ORG", "pattern": p} for p in (
            "First Nagorno-Karabakh War", "Rio Treaty", "Post-Soviet",
            "Commerce and Economic Development", "Supply", "WikiLeaks")
    ] + [{"label": "PERSON", "pattern": "Lachin"}])
    before = {a.id for a in analyse(text).actors}
    monkeypatch.setenv(spacy_ner.ENV, str(path))
    added = [a for a in analyse(text).actors if a.id not in before]
    assert [(a.id, a.rule) for a in added] == [("org:wikileaks", "actors.spacy.ORG")]


def test_a_one_word_name_labelled_two_ways_is_dropped():
    finder = actors.find.Finder("Karabakh voted. Karabakh met.", [])
    labels = {"Karabakh": {"PERSON", "ORG"}, "WikiLeaks": {"ORG"}}
    assert not spacy_ner._plausible(finder, 0, 8, labels)
    finder = actors.find.Finder("WikiLeaks published.", [])
    assert spacy_ner._plausible(finder, 0, 9, labels)


def test_set_without_spacy_installed_is_rule_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy -> ImportError
    monkeypatch.setenv(spacy_ner.ENV, "en_core_web_sm")
    with pytest.raises(RuleError, match=r"spaCy is not installed \(pip install 'dyad\[spacy\]'"):
        analyse("Ken Tsang.\n")
    monkeypatch.delenv(spacy_ner.ENV)
    assert analyse("Prime Minister Nikol Pashinyan spoke.\n").actors  # unset: rules alone, no import


def test_headings_and_table_headers_are_not_actors_but_capitals_resolve(tmp_path, monkeypatch):
    # Lines as the pandoc-style shared articles (Canada–US, Jordan–Mexico) write them.
    text = ("CANADA–UNITED STATES RELATIONS refers to the relations of the two states.\n"
            "| POPULATION DENSITY | 35/km² |\n| GDP (NOMINAL) | $17 trillion |\n| MAIN | Ottawa |\n"
            "ROYAL VISITS FROM JORDAN\n"
            "Both joined NORAD in 1958, and the CAF served there.\n")
    path = save_pipeline(tmp_path / "caps", [
        {"label": "ORG", "pattern": p} for p in (
            "UNITED STATES", "POPULATION DENSITY", "NOMINAL", "MAIN", "ROYAL VISITS", "NORAD", "CAF")])
    before = as_json(analyse(text))
    monkeypatch.setenv(spacy_ner.ENV, str(path))
    after = as_json(analyse(text))
    added = [a for a in after if a["id"] not in {b["id"] for b in before}]
    assert [(a["id"], a["rule"]) for a in added] == [
        ("polity:USA", "gazetteer.polities"), ("org:norad", "actors.spacy.ORG"),
        ("org:caf", "actors.spacy.ORG")]  # an acronym, not the ISO code of a country
    start = text.index("UNITED STATES")
    assert added[0]["mentions"] == [[start, start + len("UNITED STATES")]]
