"""The source-aware name check on cases per script (fixtures/source_names/cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from textfix.kinds.source_names import SourceNamesKind
from textfix.rulefiles import default_rules_dir, load_rule_file

CASES = yaml.safe_load((Path(__file__).parent.parent / "fixtures" / "source_names" / "cases.yaml").read_text())["cases"]


@pytest.fixture(scope="module")
def check() -> SourceNamesKind:
    rule = next(r for r in load_rule_file(default_rules_dir() / "source-names.yaml") if r.id == "source-name-form")
    return SourceNamesKind(rule)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['script']}-{c['target'][:30]}" for c in CASES])
def test_case(check, case):
    found = list(check.check_segment(0, case["source"], case["target"], case["lang"]))
    if case["flag"] is None:
        assert found == []
        return
    assert [case["target"][f.start : f.end] for f in found] == [case["flag"]]
    assert [edit.replacement for f in found for fix in f.fixes for edit in fix.edits] == [case["fix"]]
