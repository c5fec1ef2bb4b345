"""The names registry is data with rules of its own, checked like codespell checks its dictionary."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT

from textfix.api import check_text, fix_text, get_ruleset
from textfix.namefinder import normalize
from textfix.names_registry import load_places, load_registry
from textfix.ruleset import RuleError

DATA = ROOT / "rules" / "data"
REGISTRY = load_registry(DATA / "names.yaml", DATA / "countries.yaml")
PLACES = load_places(DATA / "places.yaml")
NAMES = get_ruleset(select=["names"])


def test_registry_passes_its_lint():
    spec = importlib.util.spec_from_file_location("check_registry", ROOT / "scripts" / "check_registry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([]) == 0


def test_registry_size_and_ids():
    people = [e for e in REGISTRY.entries if e.role != "news agency"]
    assert sum(1 for e in people if e.wikidata) >= 5000
    assert len(PLACES.entries) >= 4000
    assert {p.kind for p in PLACES.entries} == {"country", "capital", "city", "region"}


def test_canonical_names_are_never_flagged():
    """No correction is itself flagged: every canonical name, in a sentence that names its
    role (the context that lets a near-miss two letters off be reported)."""
    flagged = set()
    for entry in REGISTRY.entries:
        text = f"On Monday the {entry.role} {entry.name} met reporters."
        if check_text(text, ruleset=NAMES):
            flagged.add(entry.name)
    assert not flagged, sorted(flagged)


ACCEPTED = [(entry, form) for entry in REGISTRY.entries for form in entry.accepted]
WRONG = [(entry, form) for entry in REGISTRY.entries for form in entry.wrong]


@pytest.mark.parametrize("entry, form", WRONG, ids=lambda x: getattr(x, "name", x))
def test_wrong_form_is_a_safe_fix(entry, form):
    text = f"Reporters asked {form} about the talks."
    assert fix_text(text, ruleset=NAMES) == f"Reporters asked {entry.name} about the talks."


def test_accepted_forms_are_never_flagged():
    """An accepted spelling (another romanisation, a Wikipedia spelling) is not an error."""
    flagged = {
        form
        for entry, form in ACCEPTED
        if check_text(f"On Monday the {entry.role} {form} met reporters.", ruleset=NAMES)
    }
    assert not flagged, sorted(flagged)


@pytest.mark.parametrize(
    "name, accepted, wrong",
    [
        ("Volodymyr Zelensky", {"Volodymyr Zelenskyy", "Volodymyr Zelenskiy"}, {"Vladimir Zelensky"}),
        ("Sergei Lavrov", {"Sergey Lavrov"}, {"Sergej Lawrow"}),
        ("Sergei Shoigu", {"Sergey Shoygu"}, set()),
        ("Xi Jinping", {"Hsi Chin-p'ing"}, {"Jinping Xi"}),
    ],
)
def test_romanisations_are_accepted_and_foreign_forms_wrong(name, accepted, wrong):
    entry = REGISTRY.by_normal[normalize(name)]
    assert accepted <= set(entry.accepted) and wrong <= set(entry.wrong)
    assert all(REGISTRY.by_accepted[form] is entry for form in accepted)
    assert all(REGISTRY.by_variant[form] is entry for form in wrong)


@pytest.mark.parametrize(
    "name, kind, country, accepted",
    [
        ("Kyiv", "capital", "Ukraine", "Kiev"),
        ("Mumbai", "city", "India", "Bombay"),
        ("Myanmar", "country", "Myanmar", "Burma"),
        ("Czech Republic", "country", "Czech Republic", "Czechia"),
        ("Texas", "region", "United States", None),
    ],
)
def test_places_hold_their_other_names(name, kind, country, accepted):
    place = next(p for p in PLACES.by_normal[normalize(name)] if p.kind == kind)
    assert place.country == country and place.geonames
    if accepted:
        assert accepted in place.accepted and place in PLACES.by_normal[normalize(accepted)]


def test_two_registered_people_are_not_confused():
    text = "Kim Jong Un and Kim Yo Jong met Lee Jae-myung. Xi Jinping spoke to Li Qiang."
    assert check_text(text, ruleset=NAMES) == []


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("The Kremlin sent Sergei Lawrof on Monday.", True),  # "Kremlin" names Russia only in countries.yaml
        ("The Russian envoy Sergei Lawrof spoke.", True),
        ("The office sent Sergei Lawrof on Monday.", False),  # two letters off, nothing in context
    ],
)
def test_a_near_miss_is_weighed_by_the_country_names_around_it(text, flagged):
    assert any(f.rule_id == "name-spelling" for f in check_text(text)) == flagged


def test_context_words_come_from_the_role_and_the_countries_file():
    lavrov = next(e for e in REGISTRY.entries if e.name == "Sergei Lavrov")
    assert {"minister", "foreign", "russia", "kremlin", "moscow"} <= REGISTRY.context(lavrov)
    bare = load_registry(DATA / "names.yaml")
    assert "kremlin" not in bare.context(lavrov) and "minister" in bare.context(lavrov)


@pytest.mark.parametrize("countries", ["countries: [South Korea]\n", "countries: {Russia: Kremlin}\n", "- a\n"])
def test_a_malformed_countries_file_is_refused_when_loaded(tmp_path, countries):
    path = tmp_path / "countries.yaml"
    path.write_text(countries, encoding="utf-8")
    with pytest.raises(RuleError, match=r"countries\.yaml: a countries file holds"):
        load_registry(DATA / "names.yaml", path)


@pytest.mark.parametrize(
    "entries, error",
    [
        ("- {name: Mark Rutte, variants: [Mark Rute]}\n", r"unknown key\(s\) variants"),
        ("- {name: Mark Rutte, accepted: Mark Rute}\n", "'accepted' must be a list"),
        ("- {name: Mark Rutte, accepted: [Mark Rute]}\n- {name: Mark Rute}\n", "already listed under 'Mark Rutte'"),
        ("- {name: Mark Rutte, wrong: [Mark Rute]}\n- {name: Mark Rutte}\n", "already listed under 'Mark Rutte'"),
    ],
    ids=["the old key", "a form that is not a list", "accepted form of one is another's name", "same name twice"],
)
def test_a_registry_that_cannot_be_used_is_refused(tmp_path, entries, error):
    path = tmp_path / "names.yaml"
    path.write_text("entries:\n" + "".join(f"  {line}\n" for line in entries.splitlines()), encoding="utf-8")
    with pytest.raises(RuleError, match=error):
        load_registry(path)


def test_the_tables_kept_between_runs_are_the_tables_built(tmp_path, monkeypatch):
    """The registry read from the cache folder is the one built from the file."""
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "names.yaml"
    path.write_text(
        "entries:\n  - {name: Sergei Lavrov, wikidata: Q58217, role: Minister, country: Russia,"
        " accepted: [Sergey Lavrov], wrong: [Sergej Lawrow]}\n  - {name: Mark Rutte, wikidata: null,"
        " role: Secretary General of NATO, country: NATO}\n",
        encoding="utf-8",
    )
    from textfix import names_registry

    built = names_registry._registry.__wrapped__(path)
    kept = names_registry._registry.__wrapped__(path)  # from the cache folder this time
    assert list(kept.entries) == list(built.entries)
    assert kept.by_normal == built.by_normal and kept.by_token == built.by_token and kept.forms == built.forms
    assert kept.by_variant == {"Sergej Lawrow": kept.entries[0]} and kept.by_accepted == {
        "Sergey Lavrov": kept.entries[0]
    }
    assert kept.words == {"Sergei", "Lavrov", "Sergey", "Sergej", "Lawrow", "Mark", "Rutte"}
