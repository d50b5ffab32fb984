"""Actors stage: well-known people (rules/en/gazetteer/people.toml). A person mention the rules
found takes the gazetteer's canonical person; the article's own full names still win; an
ambiguous surname stays as written; the loader rejects a name given to two people."""

from __future__ import annotations

from importlib import resources

import pytest

from dyad.analysis import actors
from dyad.analysis.actors import gazetteer
from dyad.errors import RuleError
from dyad.model import Article, Document
from dyad.readers import read_path


def analyse(text: str) -> Document:
    doc = Document(article=Article(source="test", format="plaintext", title=None, text=text))
    actors.run(doc)
    return doc


def people(doc: Document) -> dict[str, object]:
    return {a.id: a for a in doc.actors if a.kind == "person"}


def test_stalin_in_the_seed_is_joseph_stalin(shared_data):
    # "the leader of Soviet Armenia Grigory Arutinov appealed to Stalin ... After Stalin's
    # death": the article never writes the full name.
    [article] = read_path(shared_data / "seed" / "armenia-artsakh-relations.txt")
    doc = Document(article=article)
    actors.run(doc)
    found = people(doc)
    assert "person:stalin" not in found
    stalin = found["person:joseph-stalin"]
    assert stalin.name == "Joseph Stalin"
    assert "Stalin" in stalin.aliases
    assert len(stalin.mentions) == 2


def test_full_name_and_surname_are_one_actor():
    # Foreign relations of Russia / Northern Cyprus: another spelling of the full name, then
    # the surname alone.
    doc = analyse("Later, Russian Foreign Minister Sergei Lavrov rejected this variant. "
                  "Lavrov's successor was not named.")
    found = people(doc)
    lavrov = found["person:sergey-lavrov"]
    assert lavrov.name == "Sergey Lavrov"
    assert len(lavrov.mentions) == 2
    assert [a for a in found if "lavrov" in a] == ["person:sergey-lavrov"]


def test_one_person_across_articles():
    full = people(analyse("Joseph Stalin appealed to the Soviet leadership."))
    surname = people(analyse("After Stalin's death, the petition was renewed."))
    assert set(full) == set(surname) == {"person:joseph-stalin"}


def test_an_ambiguous_surname_is_not_resolved():
    # Foreign relations of Russia: "Bush" is two presidents; "Putin" without a title or a
    # noun after it is not taken for a person here, and the gazetteer does not make it one.
    doc = analyse('Putin expressed cautious optimism that the two sides could find a way to '
                  'cooperate over missile defense and described his eight-year relationship '
                  'with President Bush as "mostly positive."')
    found = people(doc)
    assert set(found) == {"person:bush"}
    assert found["person:bush"].name == "Bush"


def test_the_articles_own_full_name_wins():
    doc = analyse("Nadezhda Stalin was born in Baku. After Stalin's death, her letters were "
                  "published.")
    assert set(people(doc)) == {"person:nadezhda-stalin"}


def test_title_and_role_are_kept():
    doc = analyse("President Erdogan visited Seoul in 2012.")
    erdogan = people(doc)["person:recep-tayyip-erdogan"]
    assert (erdogan.name, erdogan.role) == ("Recep Tayyip Erdoğan", "President")


def test_gazetteer_people_resolve_names_aliases_and_ascii_spellings():
    g = gazetteer.load()
    assert g.person("Stalin").id == "person:joseph-stalin"
    assert g.person("Erdogan").name == g.person("Erdoğan").name == "Recep Tayyip Erdoğan"
    assert g.person("Milosevic").id == "person:slobodan-milosevic"
    for ambiguous in ("Bush", "Kennedy", "Aliyev", "Trudeau", "Clinton", "Roosevelt", "Gandhi",
                      "Castro", "Kim", "Sargsyan"):
        assert g.person(ambiguous) is None, ambiguous
    assert all(g.get(p.polity) for p in g.people.values())


def _people_toml() -> str:
    path = resources.files("dyad.rules.en").joinpath("gazetteer").joinpath("people.toml")
    return path.read_text(encoding="utf-8")


def _load(extra: str) -> None:
    gazetteer.load_people(_people_toml() + extra, set(gazetteer.load().entries))


def test_loader_rejects_a_name_given_to_two_people():
    extra = '\n[[person]]\nid = "nadezhda-alliluyeva"\nname = "Nadezhda Alliluyeva"\n' \
            'aliases = ["Stalin"]\npolity = "polity:soviet-union"\n'
    with pytest.raises(RuleError) as err:
        _load(extra)
    text = str(err.value)
    assert "people.toml:" in text and "'Stalin'" in text and "person:joseph-stalin" in text
    line = int(err.value.source.rsplit(":", 1)[1])
    assert (_people_toml() + extra).splitlines()[line - 1] == 'id = "nadezhda-alliluyeva"'


def test_loader_rejects_a_duplicate_id_a_bad_id_and_an_unknown_polity():
    with pytest.raises(RuleError, match="duplicate person id 'joseph-stalin'"):
        _load('\n[[person]]\nid = "joseph-stalin"\nname = "Joseph Stalin"\npolity = "polity:GEO"\n')
    with pytest.raises(RuleError, match="not the slug of its name"):
        _load('\n[[person]]\nid = "stalin"\nname = "Ioseb Jughashvili"\npolity = "polity:GEO"\n')
    with pytest.raises(RuleError, match="unknown polity 'polity:SUN'"):
        _load('\n[[person]]\nid = "ioseb-jughashvili"\nname = "Ioseb Jughashvili"\npolity = "polity:SUN"\n')


def test_a_duplicate_id_names_the_line_of_the_second_entry():
    extra = '\n[[person]]\nid = "joseph-stalin"\nname = "Joseph Stalin"\npolity = "polity:GEO"\n'
    with pytest.raises(RuleError) as err:
        _load(extra)
    text = _people_toml() + extra
    line = int(err.value.source.rsplit(":", 1)[1])
    assert line == len(_people_toml().splitlines()) + 3
    assert text.splitlines()[line - 1] == 'id = "joseph-stalin"'
