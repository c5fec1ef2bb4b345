"""Suppression comments and the allow-list, case by case (fixtures/suppressions/cases.yaml)."""

from __future__ import annotations

import time

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from textfix.api import check_text, fix_text, get_ruleset
from textfix.cli import app
from textfix.documents import Document
from textfix.model import Finding
from textfix.suppressions import UNUSED_RULE, parse

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


@pytest.mark.parametrize(
    "accept, left",
    [
        ([], ["name-spelling", "doubled-word"]),
        (["Jens Stoltenburg"], ["doubled-word"]),
        (["Stoltenburg"], ["doubled-word"]),  # the fix would change only an accepted word
        (["Jens"], ["name-spelling", "doubled-word"]),
        (["the the"], ["name-spelling"]),
        (["he"], ["name-spelling", "doubled-word"]),  # whole words only: not inside "the"
    ],
)
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


@pytest.mark.parametrize(
    "path, comment",
    [
        ("a.md", "<!-- textfix: ignore -->"),
        ("a.txt", "# textfix: ignore"),
        ("a.md", "<!-- textfix: ignore-file[doubled-word] -->"),
        ("a.md", "<!-- textfix: off[doubled-word] -->"),
    ],
)
def test_a_comment_on_every_line_costs_linear_time(path, comment):
    """20,000 lines, each with a finding and a comment: checking every comment for every
    finding took minutes."""
    text = comment + "\n" + "".join(f"Line {n} has the the words. {comment}\n" for n in range(20_000))
    ruleset = get_ruleset(select=RULES, warn_unused_ignores=True)
    start = time.perf_counter()
    findings = check_text(text, path=path, ruleset=ruleset)
    assert time.perf_counter() - start < 10
    assert [f for f in findings if f.rule_id == "doubled-word"] == []


# Comments and findings on a few lines, in every arrangement Hypothesis finds.
PIECES = [
    "<!-- textfix: ignore -->",
    "<!-- textfix: ignore[doubled-word] -->",
    "<!-- textfix: ignore[stray-full-stop] -->",
    "<!-- textfix: off -->",
    "<!-- textfix: on -->",
    "<!-- textfix: off[doubled-word] -->",
    "<!-- textfix: on[doubled-word] -->",
    "<!-- textfix: ignore-file[stray-full-stop] -->",
    "<!-- textfix: off --><!-- textfix: on -->",
    "the the",
    "summit. of it",
    "x",
    "\n",
    "\r",
    "\r\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join))
def test_each_finding_is_silenced_by_the_first_cover_that_holds_it(text):
    """The one-sweep search gives what the definition gives: the first cover, in the order
    the comments made them, that holds the finding's start and names one of its rules."""
    doc = Document(text, "a.md", markdown=True)
    parsed = parse(doc)
    findings = [
        Finding(rule, start, start + 1, "")
        for start in range(len(text) + 1)
        for rule in ("doubled-word", "stray-full-stop")
    ]
    names = {"doubled-word": ("doubled-word", "repetition"), "stray-full-stop": ("stray-full-stop", "punctuation")}

    def definition(finding):
        for cover in parsed.covers:
            if cover.start <= finding.start < cover.end or cover.start == finding.start == cover.end:
                if cover.ids is None:
                    return cover.marker, "*"
                for name in names[finding.rule_id]:
                    if name in cover.ids:
                        return cover.marker, name
        return None

    assert parsed.silencers(findings, lambda f: names[f.rule_id]) == [definition(f) for f in findings]
    for finding in findings:
        overlapping = any(m.start < finding.end and finding.start < m.end for m in parsed.markers)
        assert parsed.in_marker(finding) == overlapping
