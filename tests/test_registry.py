"""The names registry is data with rules of its own, checked like codespell checks its dictionary."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT

from textfix.api import check_text, fix_text, get_ruleset
from textfix.namefinder import normalize
from textfix.names_registry import load_registry
from textfix.ruleset import RuleError

REGISTRY = load_registry(ROOT / "rules" / "data" / "names.yaml", ROOT / "rules" / "data" / "countries.yaml")
NAMES = get_ruleset(select=["names"])


def test_registry_passes_its_lint():
    spec = importlib.util.spec_from_file_location("check_registry", ROOT / "scripts" / "check_registry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([]) == 0


def test_registry_size_and_ids():
    assert len(REGISTRY.entries) >= 300
    assert sum(1 for e in REGISTRY.entries if e.wikidata) >= 150


@pytest.mark.parametrize("entry", REGISTRY.entries, ids=lambda e: e.name)
def test_canonical_name_is_never_flagged(entry):
    """No correction is itself flagged: every canonical name, in a sentence that names its role."""
    text = f"On Monday the {entry.role} {entry.name} met reporters."
    assert [f.rule_id for f in check_text(text, ruleset=NAMES)] == []


VARIANTS = [
    (entry, variant)
    for entry in REGISTRY.entries
    for variant in entry.variants
    if normalize(variant) != normalize(entry.name)
]


@pytest.mark.parametrize("entry, variant", VARIANTS, ids=lambda x: getattr(x, "name", x))
def test_listed_variant_is_a_safe_fix(entry, variant):
    text = f"Reporters asked {variant} about the talks."
    assert fix_text(text, ruleset=NAMES) == f"Reporters asked {entry.name} about the talks."


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
    bare = load_registry(ROOT / "rules" / "data" / "names.yaml")
    assert "kremlin" not in bare.context(lavrov) and "minister" in bare.context(lavrov)


@pytest.mark.parametrize("countries", ["countries: [South Korea]\n", "countries: {Russia: Kremlin}\n", "- a\n"])
def test_a_malformed_countries_file_is_refused_when_loaded(tmp_path, countries):
    path = tmp_path / "countries.yaml"
    path.write_text(countries, encoding="utf-8")
    with pytest.raises(RuleError, match=r"countries\.yaml: a countries file holds"):
        load_registry(ROOT / "rules" / "data" / "names.yaml", path)
