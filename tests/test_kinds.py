"""Each rule kind against its table of cases in fixtures/kinds/."""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES

from textfix.api import check_text, fix_text, get_ruleset


def load_cases():
    for path in sorted((FIXTURES / "kinds").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = spec["rule"] if isinstance(spec["rule"], list) else [spec["rule"]]
        for index, case in enumerate(spec["cases"]):
            yield pytest.param(tuple(rules), case, id=f"{path.stem}-{index}")


@pytest.mark.parametrize("rules, case", list(load_cases()))
def test_kind_case(rules, case):
    ruleset = get_ruleset(select=rules)
    text = case["text"]
    findings = check_text(text, ruleset=ruleset)
    assert len(findings) == case["findings"], [(f.rule_id, text[f.start : f.end]) for f in findings]
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
    if "safe" in case:
        assert fix_text(text, ruleset=ruleset) == case["safe"]
    if "unsafe" in case:
        assert fix_text(text, ruleset=ruleset, unsafe=True) == case["unsafe"]
    if case["findings"] == 0:
        assert fix_text(text, ruleset=ruleset, unsafe=True) == text
