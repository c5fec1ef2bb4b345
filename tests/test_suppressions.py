"""Suppression comments and the allow-list, case by case (fixtures/suppressions/cases.yaml)."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from conftest import FIXTURES
from textfix.api import check_text, fix_text, get_ruleset
from textfix.cli import app
from textfix.documents import Document
from textfix.suppressions import UNUSED_RULE

SPEC = yaml.safe_load((FIXTURES / "suppressions" / "cases.yaml").read_text(encoding="utf-8"))
RULES = ["doubled-word", "stray-full-stop", "double-space"]


def lines_of(text, findings):
    doc = Document(text)
    return [[f.rule_id, doc.position(f.start)[0]] for f in findings]


@pytest.mark.parametrize("case", SPEC["cases"], ids=[c["name"] for c in SPEC["cases"]])
def test_suppression(case):
    findings = check_text(case["text"], path=case["path"], select=RULES)
    assert lines_of(case["text"], findings) == case["left"]


@pytest.mark.parametrize("case", SPEC["unused"], ids=[c["name"] for c in SPEC["unused"]])
def test_unused_suppressions(case):
    ruleset = get_ruleset(select=RULES, warn_unused_ignores=True)
    findings = check_text(case["text"], path=case["path"], ruleset=ruleset)
    unused = [line for rule, line in lines_of(case["text"], findings) if rule == UNUSED_RULE]
    assert unused == case["unused"]


def test_unused_message_names_the_idle_rule():
    ruleset = get_ruleset(select=RULES, warn_unused_ignores=True)
    text = "We met the the envoy. # textfix: ignore[doubled-word, stray-full-stop]\n"
    (finding,) = [f for f in check_text(text, ruleset=ruleset) if f.rule_id == UNUSED_RULE]
    assert finding.message == (
        "Unused suppression 'textfix: ignore[doubled-word, stray-full-stop]': no stray-full-stop finding to silence"
    )
    assert text[finding.start : finding.end] == "# textfix: ignore[doubled-word, stray-full-stop]"


def test_fixes_respect_suppressions():
    text = "A the the. # textfix: ignore\nB the the.\n"
    assert fix_text(text, select=["doubled-word"], unsafe=True) == "A the the. # textfix: ignore\nB the.\n"


@pytest.mark.parametrize("accept, left", [
    ([], ["name-spelling", "doubled-word"]),
    (["Jens Stoltenburg"], ["doubled-word"]),
    (["Stoltenburg"], ["doubled-word"]),  # the fix would change only an accepted word
    (["Jens"], ["name-spelling", "doubled-word"]),
    (["the the"], ["name-spelling"]),
    (["he"], ["name-spelling", "doubled-word"]),  # whole words only: not inside "the"
])
def test_accept_list(accept, left):
    text = "NATO Secretary General Jens Stoltenburg spoke. We met the the envoy."
    assert [f.rule_id for f in check_text(text, accept=accept)] == left


def test_cli_warn_unused_ignores(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("We met the envoy. # textfix: ignore\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    result = runner.invoke(app, ["check", str(path), "--warn-unused-ignores"])
    assert result.exit_code == 1
    assert f"{path}:1:19: {UNUSED_RULE} Unused suppression 'textfix: ignore'" in result.stdout
