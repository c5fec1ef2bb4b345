"""The registry build (scripts/build_registry.py) and its lint (scripts/check_registry.py):
what a label becomes, which offices count, how sources merge, and what the lint refuses."""

from __future__ import annotations

import sys

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import build_registry as build
import check_registry as lint

from textfix.namefinder import normalize


@pytest.mark.parametrize(
    "label, name",
    [
        ("Jack Lang (French politician)", "Jack Lang"),
        ("Panagiotis (Takis) Theodorikakos", "Panagiotis Theodorikakos"),
        ("Luiz Inácio Lula da Silva", "Luiz Inácio Lula da Silva"),
        ("Mohammed bin Salman", "Mohammed bin Salman"),
        ("Juan Carlos I of Spain", "Juan Carlos I of Spain"),
        ("Q3052772", None),  # a bare Wikidata id where the label should be
        ("Бижанов, Нурахмет Кусаинович", None),  # no English label
        ("Mayawati", None),  # one word: not a name the registry can tell from a word
        ("Salem Saleh Salem bin brek", None),  # a word of a name in lower case
        ("el Hadi Abdallah", None),
        ("JOHN SMITH", None),
        ("Maria do Rosário Teixeira de Alva Sambo", None),  # a full legal name of six words
    ],
)
def test_a_label_becomes_a_name_or_is_left_out(label, name):
    assert build.clean_name(label) == name


@pytest.mark.parametrize(
    "position, kept",
    [
        ("Minister of Foreign Affairs", True),
        ("Minister of Regional Development", True),
        ("Deputy Prime Minister", True),
        ("Secretary of State for Education", True),
        ("Governor of the Central Bank", True),
        ("Chief Justice", True),
        ("Deputy Minister of Finance", False),
        ("Parliamentary Under-Secretary of State", False),
        ("ambassador to Hungary", False),
        ("Minister Plenipotentiary", False),
        ("Governor of Kirov Oblast", False),
        ("Mayor of Galway", False),
        ("president of the Province of Perugia", False),
        ("Chief of the General Staff", False),
    ],
)
def test_cabinet_level_offices_are_kept(position, kept):
    assert build.is_office(position) == kept


COUNTRIES = build.Countries(["United States", "Czech Republic", "China"], ["Bosnia and Herzegovina", "Gambia"])


@pytest.mark.parametrize(
    "source, country",
    [
        ("United States of America", "United States"),
        ("Czechia", "Czech Republic"),
        ("China (People's Republic of China)", "China"),
        ("Bosnia And Herzegovina", "Bosnia and Herzegovina"),
        ("Gambia, The", "Gambia"),
    ],
)
def test_countries_are_spelled_one_way(source, country):
    assert COUNTRIES.canonical(source) == country


def test_a_place_keeps_the_other_names_english_uses():
    zipf = {"Kiev": 3.5, "Kiew": 1.4, "Kijev": 0.0, "Kiev osh": 3.0, "KIEV": 3.5}.get
    alternates = ["Kiev", "Kiew", "Kijev", "Kiev osh", "KIEV", "Ki", "Киев", "Kyiv"]
    assert build.english_forms("Kyiv", alternates, lambda word, lang: zipf(word, 0.0)) == ["Kiev"]


def person(name, qid, rank, country="Russia", **extra):
    return build.Person(name, qid, "Minister", country, rank, **extra)


def merged(curated, sources):
    entries, dropped = build.merge(curated, sources, lambda c: c in {"Russia", "Ukraine"})
    return {p.name: p for p in entries}, dropped


def test_a_curated_entry_wins_and_sources_only_add_forms():
    curated = [build.Person("Sergei Lavrov", "Q58217", "Minister of Foreign Affairs of Russia", "Russia", 0)]
    sources = [person("Sergey Lavrov", "Q58217", 2, accepted=["Sergej Lavrov"])]
    entries, dropped = merged(curated, sources)
    assert list(entries) == ["Sergei Lavrov"] and dropped == []
    assert entries["Sergei Lavrov"].role == "Minister of Foreign Affairs of Russia"
    assert entries["Sergei Lavrov"].accepted == ["Sergej Lavrov"]


def test_a_curated_entry_without_an_id_takes_that_of_the_same_person():
    curated = [build.Person("Andrei Belousov", None, "Minister of Defence of Russia", "Russia", 0)]
    entries, _ = merged(curated, [person("Andrei Belousov", "Q4082839", 3)])
    assert entries["Andrei Belousov"].wikidata == "Q4082839"


@pytest.mark.parametrize(
    "curated, source",
    [
        (build.Person("Oleksandr Kubrakov", None, "Minister", "Ukraine", 0), person("Oleksandr Kubrakov", "Q1", 3)),
        (None, person("Sergei Ivanov", "Q2", 3)),
    ],
    ids=["namesake of a curated entry in another country", "namesake with another id"],
)
def test_a_namesake_is_set_aside(curated, source):
    first = [curated] if curated else [person("Sergei Ivanov", "Q1", 1)]
    entries, dropped = merged(first, [source])
    assert len(entries) == 1 and len(dropped) == 1


def test_a_former_office_is_marked_and_the_one_held_preferred():
    sources = [
        person("Anna Petrova", "Q5", 3, since="2010", former=True),
        person("Anna Petrova", "Q5", 3, since="2004"),
    ]
    sources[1].role = "Minister of Health"
    sources.sort(key=lambda p: (p.rank, p.former, build._negated(p.since)))
    entries, _ = merged([], sources)
    assert entries["Anna Petrova"].role == "Minister of Health"


def test_a_monarch_is_also_known_by_the_regnal_name():
    entries, _ = merged([], [person("Juan Carlos I of Spain", "Q19943", 1, country="Spain")])
    assert entries["Juan Carlos I of Spain"].accepted == ["Juan Carlos I"]


@pytest.mark.parametrize(
    "value", ["Ahmed al-Sharaa", "Hsi Chin-p'ing", "Côte d'Ivoire", "null", "Yes", "1234", "A: B", "Foo, Bar", "Dr."]
)
def test_a_written_value_reads_back_the_same(value):
    line = build.flow({"name": value, "wikidata": None, "geonames": 42, "accepted": [value]})
    assert yaml.safe_load(line) == {"name": value, "wikidata": None, "geonames": 42, "accepted": [value]}


def lint_names(text: str) -> list[str]:
    errors: list[str] = []
    lint.check_entries(yaml.safe_load(text), ROOT / "names.yaml", {"Russia", "NATO"}, errors, min_people=1)
    return errors


@pytest.mark.parametrize(
    "entries, problem",
    [
        ("- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO}\n" * 2, "already listed under 'Mark Rutte'"),
        (
            (
                "- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO, accepted: [Jens Stoltenberg]}\n"
                "- {name: Jens Stoltenberg, wikidata: Q57286, role: a, country: NATO}\n"
            ),
            "already listed under 'Mark Rutte'",
        ),
        (
            (
                "- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO, accepted: [Mark Rute]}\n"
                "- {name: Jens Stoltenberg, wikidata: Q57286, role: a, country: NATO, wrong: [Mark Rute]}\n"
            ),
            "form 'Mark Rute' is already listed under 'Mark Rutte'",
        ),
        ("- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO, accepted: [MARK RUTTE]}\n", "the name itself"),
        ("- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO, wrong: [Mark-Rutte]}\n", "the name itself"),
        (
            "- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO, accepted: [Mark Rute], wrong: [Mark Rute]}\n",
            "listed twice",
        ),
        ("- {name: Q57792, wikidata: Q57792, role: a, country: NATO}\n", "bare Wikidata id"),
        ("- {name: Jack Lang (politician), wikidata: Q1, role: a, country: NATO}\n", "qualifier in brackets"),
        ("- {name: Mark Rutte, wikidata: 57792, role: a, country: NATO}\n", "must match ^Q[0-9]+$"),
        ("- {name: Mark Rutte, wikidata: Q57792, role: a, country: Atlantis}\n", "country 'Atlantis'"),
        ("- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO, variants: [a]}\n", "unknown key 'variants'"),
        (
            "- {name: Mark Rutte, wikidata: Q1, role: a, country: NATO}\n- {name: Jens Stoltenberg, wikidata: Q1, role: a, country: NATO}\n",
            "already used by 'Mark Rutte'",
        ),
    ],
)
def test_the_lint_names_each_problem(entries, problem):
    errors = lint_names("entries:\n" + entries)
    assert any(problem in e for e in errors), errors


def test_the_lint_passes_a_good_entry_and_counts_people():
    good = "entries:\n- {name: Mark Rutte, wikidata: Q57792, role: a, country: NATO, accepted: [Mark Rute]}\n"
    assert lint_names(good) == []
    errors: list[str] = []
    lint.check_entries(yaml.safe_load(good), ROOT / "names.yaml", {"NATO"}, errors, min_people=2)
    assert errors == [f"{ROOT / 'names.yaml'}: only 1 people with Wikidata ids, at least 2 required"]


@pytest.mark.parametrize(
    "places, problem",
    [
        ("- {name: Kyiv, geonames: 703448, wikidata: null, kind: town, country: Ukraine}\n", "kind 'town'"),
        (
            (
                "- {name: Kyiv, geonames: 703448, kind: capital, country: Ukraine}\n"
                "- {name: Kiev, geonames: 703448, kind: city, country: Ukraine}\n"
            ),
            "already used by 'Kyiv'",
        ),
        (
            (
                "- {name: Kyiv, geonames: 703448, kind: capital, country: Ukraine, accepted: [Lviv]}\n"
                "- {name: Lviv, geonames: 702550, kind: city, country: Ukraine}\n"
            ),
            "is the name of another place",
        ),
        ("- {name: Kyiv, geonames: '703448', kind: capital, country: Ukraine}\n", "must be a GeoNames id"),
    ],
)
def test_the_lint_names_each_problem_of_a_place(places, problem):
    errors: list[str] = []
    lint.check_places(yaml.safe_load("places:\n" + places), ROOT / "places.yaml", errors, min_places=1)
    assert any(problem in e for e in errors), errors


def test_the_shipped_files_hold_what_the_contract_says():
    names = lint.load_yaml(ROOT / "rules" / "data" / "names.yaml")["entries"]
    assert all(set(e) <= lint.NAME_KEYS for e in names)
    assert not any(normalize(e["name"]) == "vladimir poutine" for e in names)
    putin = next(e for e in names if e["name"] == "Vladimir Putin")
    assert "Vladimir Poutine" in putin["wrong"]
