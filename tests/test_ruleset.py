"""Rule files are validated when loaded; errors name the file, the line and the rule."""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES

from textfix.ruleset import RuleError, load_ruleset

BAD_FILES = [
    (
        "unknown key",
        "rules:\n  - id: x\n    kind: pattern\n    pattern: 'a'\n    patern: 'b'\n",
        r"x\.yaml:2: rule 'x': unknown key 'patern'",
    ),
    ("unknown kind", "rules:\n  - id: x\n    kind: magic\n", r"unknown kind 'magic'"),
    ("missing id", "rules:\n  - kind: pattern\n    pattern: a\n", r"x\.yaml:2: rule without an 'id'"),
    ("missing option", "rules:\n  - id: x\n    kind: pattern\n", r"missing required key 'pattern'"),
    ("bad regex", "rules:\n  - id: x\n    kind: pattern\n    pattern: '(unclosed'\n", r"rule 'x': invalid pattern"),
    ("bad severity", "rules:\n  - id: x\n    kind: pattern\n    pattern: a\n    severity: loud\n", r"severity must be"),
    ("bad fix", "rules:\n  - id: x\n    kind: pattern\n    pattern: a\n    fix: maybe\n", r"fix must be"),
    (
        "replace without fix",
        "rules:\n  - id: x\n    kind: pattern\n    pattern: a\n    replace: b\n",
        r"'replace' given without",
    ),
    ("not a rule list", "id: x\n", r"a mapping with a 'rules' list"),
    ("yaml syntax", "rules: [\n", r"x\.yaml:\d+: invalid YAML"),
    ("wrong type", "rules:\n  - id: x\n    kind: substitution\n    swap: [a, b]\n", r"'swap' must be dict"),
    (
        "self swap",
        "rules:\n  - id: x\n    kind: substitution\n    swap: {a: b, b: c}\n",
        r"'b' is itself listed as wrong",
    ),
    (
        "duplicate id",
        "rules:\n  - {id: x, kind: pattern, pattern: a}\n  - {id: x, kind: pattern, pattern: b}\n",
        r"duplicate rule id",
    ),
    (
        "bad examples",
        "rules:\n  - id: x\n    kind: pattern\n    pattern: a\n    examples: {ugly: [a]}\n",
        r"examples take only",
    ),
    (
        "bad default",
        "default: maybe\nrules:\n  - {id: x, kind: pattern, pattern: a}\n",
        r"'default' must be true or false",
    ),
]


@pytest.mark.parametrize("label, content, error", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_invalid_rule_file(tmp_path, label, content, error):
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError, match=error) as info:
        load_ruleset([path], defaults=False)
    assert str(path) in str(info.value)


def test_user_rule_adds_to_defaults():
    path = FIXTURES / "rules" / "house.yaml"
    ruleset = load_ruleset([path])
    ids = {r.id for r in ruleset.rules}
    assert "no-utilize" in ids and "stray-full-stop" in ids
    assert {r.id for r in load_ruleset([path], select=["house"]).rules} == {"no-utilize"}


@pytest.mark.parametrize(
    "select, ignore, present, absent",
    [
        (["punctuation"], [], "double-space", "doubled-word"),
        ([], ["punctuation"], "doubled-word", "double-space"),
        (["stray-full-stop"], [], "stray-full-stop", "double-space"),
        (["ALL"], ["doubled-word"], "double-space", "doubled-word"),
        # An opt-in rule (rules/style.yaml, `default: false`) runs only when selected by name.
        ([], [], "double-space", "ascii-double-hyphen"),
        (["style"], [], "ascii-double-hyphen", "double-space"),
        (["ascii-double-hyphen"], [], "ascii-double-hyphen", "double-space"),
        (["ALL"], [], "ascii-double-hyphen", "missing-rule"),
        (["ALL"], ["style"], "double-space", "ascii-double-hyphen"),
    ],
)
def test_select_and_ignore(select, ignore, present, absent):
    ids = {r.id for r in load_ruleset(select=select, ignore=ignore).rules}
    assert present in ids and absent not in ids


def test_a_user_file_can_be_opt_in(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text("group: extra\ndefault: false\nrules:\n  - {id: x, kind: pattern, pattern: a}\n", encoding="utf-8")
    assert "x" not in {r.id for r in load_ruleset([path]).rules}
    assert {r.id for r in load_ruleset([path], select=["extra"]).rules} == {"x"}


def test_unknown_selector_is_an_error():
    with pytest.raises(RuleError, match="unknown rule or group 'nope'"):
        load_ruleset(select=["nope"])


@pytest.mark.parametrize(
    "message, shown",
    [("Avoid foo }} here", "Avoid foo } here"), ("Avoid {{foo}}: '{match}'", "Avoid {foo}: 'foo'"), ("Plain", "Plain")],
)
def test_a_message_is_formatted_as_python_formats_it(tmp_path, message, shown):
    from textfix.api import check_text

    path = tmp_path / "house.yaml"
    rule = {"id": "no-foo", "kind": "pattern", "pattern": "foo", "message": message, "severity": "info"}
    path.write_text(yaml.safe_dump({"group": "house", "rules": [rule]}), encoding="utf-8")
    assert [f.message for f in check_text("a foo b", rules=[path], select=["no-foo"])] == [shown]
