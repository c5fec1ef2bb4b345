"""Precision: clean, well-edited prose gets no finding from any rule check."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES

from textfix.api import check_text

CLEAN = sorted((FIXTURES / "clean").glob("*.txt"))


def test_corpus_is_large_enough():
    sentences = sum(len(re.findall(r"[.!?…][”’\"')]*(?:\s|$)", p.read_text(encoding="utf-8"))) for p in CLEAN)
    assert sentences >= 300


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_no_finding_on_clean_prose(path):
    text = path.read_text(encoding="utf-8")
    findings = check_text(text, path=str(path))
    assert [(f.rule_id, text[max(0, f.start - 20) : f.end + 20]) for f in findings] == []
