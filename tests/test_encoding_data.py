"""The mojibake rule on ftfy's own cases of real-world text (see fixtures/ftfy/README.md)."""

from __future__ import annotations

import json

import ftfy
import pytest
from conftest import FIXTURES

from textfix.api import check_text, fix_text, get_ruleset

ENCODING = get_ruleset(select=["mojibake"])


def load(*names):
    return [
        case
        for name in names
        for case in json.loads((FIXTURES / "ftfy" / name).read_text(encoding="utf-8"))
        if case.get("expect", "pass") == "pass"
    ]


def typography_folded(text: str) -> str:
    """ftfy's default repair also uncurls quotes and folds ligatures, which textfix leaves alone."""
    return ftfy.fix_text(text)


@pytest.mark.parametrize("case", load("in-the-wild.json", "negative.json"), ids=lambda c: c["label"][:50])
def test_repair_matches_ftfy_cases(case):
    original, expected = case["original"], case["fixed"]
    repaired = fix_text(original, ruleset=ENCODING)
    assert repaired == expected or typography_folded(repaired) == typography_folded(expected)
    findings = check_text(original, ruleset=ENCODING)
    assert bool(findings) == (repaired != original)
    if original == expected:
        assert findings == [], "odd but correct text is left alone"
