"""Every shipped rule's examples are its specification: bad is flagged and fixed, good is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix.api import check_text, fix_text, get_ruleset
from textfix.rulefiles import default_rules_dir, load_rule_file, rule_files

RULES = [rule for path in rule_files(default_rules_dir()) for rule in load_rule_file(path)]
# The terms the glossary rules' examples are checked with.
GLOSSARY = Path(__file__).resolve().parent.parent / "fixtures" / "glossary" / "examples.csv"


def cases(key):
    return [
        pytest.param(rule.id, index, key, id=f"{rule.id}-{key}{index}")
        for rule in RULES
        for index in range(len(rule.examples.get(key, [])))
    ]


def example(rule_id, key, index):
    rule = next(r for r in RULES if r.id == rule_id)
    return rule.examples[key][index]


def path_of(text):
    """Examples of rules that compare a translation with its source are PO entries."""
    return "example.po" if text.startswith(("msgid", "msgctxt", "#")) else "<text>"


def only(rule_id):
    rule = next(r for r in RULES if r.id == rule_id)
    return get_ruleset(select=[rule_id], glossary=GLOSSARY if rule.kind == "glossary" else None)


def test_every_rule_has_examples():
    for rule in RULES:
        assert rule.examples.get("bad"), f"{rule.id} has no bad examples"
        assert rule.examples.get("good"), f"{rule.id} has no good examples"
        if rule.fix is not None:
            assert rule.examples.get("fixed"), f"{rule.id} fixes but shows no fixed examples"


@pytest.mark.parametrize("rule_id, index, _", cases("bad"))
def test_bad_example_is_flagged(rule_id, index, _):
    text = example(rule_id, "bad", index)
    assert [f for f in check_text(text, path=path_of(text), ruleset=only(rule_id)) if f.rule_id == rule_id], text


@pytest.mark.parametrize("rule_id, index, _", cases("fixed"))
def test_bad_example_fixes_to_fixed(rule_id, index, _):
    text = example(rule_id, "bad", index)
    expected = example(rule_id, "fixed", index)
    fixed = fix_text(text, path=path_of(text), ruleset=only(rule_id), unsafe=True)
    assert fixed == expected
    assert fix_text(fixed, path=path_of(fixed), ruleset=only(rule_id), unsafe=True) == fixed


@pytest.mark.parametrize("rule_id, index, _", cases("good"))
def test_good_example_is_left_alone(rule_id, index, _):
    text = example(rule_id, "good", index)
    assert [f for f in check_text(text, path=path_of(text), ruleset=only(rule_id)) if f.rule_id == rule_id] == []


def test_good_examples_pass_every_rule():
    """A good example of one rule must not trip another rule either."""
    ruleset = get_ruleset()
    noisy = {
        (rule.id, text, f.rule_id)
        for rule in RULES
        for text in rule.examples.get("good", [])
        for f in check_text(text, path=path_of(text), ruleset=ruleset)
    }
    assert noisy == set()
