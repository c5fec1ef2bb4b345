"""The seed article end to end: what `textfix check` must report and what `apply` must produce."""

from __future__ import annotations

import shutil

import pytest
from conftest import SEED

from textfix.api import check_text, fix_text
from textfix.documents import Document

TEXT = SEED.read_text(encoding="utf-8")
DOC = Document(TEXT)

# (line, rule, text of the span or of its line that identifies the finding)
EXPECTED = [
    (3, "empty-byline", "by"),
    (7, "stray-full-stop", "invasion. of"),
    (9, "doubled-punctuation", ". ."),
    (13, "honorific-stop-consistency", "Mr."),
    (17, "stray-full-stop", "ammunition. in"),
    (17, "name-spelling", "Yoon Sok-gil"),
    (23, "stray-full-stop", "want. they"),
    (23, "repeated-phrase-across-stop", "they want. they want"),
    (35, "web-boilerplate", "You May Also Like"),
    (37, "web-boilerplate", "Recommended for you"),
]


@pytest.fixture(scope="module")
def findings():
    return check_text(TEXT, path=str(SEED))


def around(finding, width=12):
    return TEXT[max(0, finding.start - width) : finding.end + width]


@pytest.mark.parametrize("line, rule, snippet", EXPECTED)
def test_seed_reports(findings, line, rule, snippet):
    hits = [f for f in findings if f.rule_id == rule and DOC.position(f.start)[0] == line]
    assert hits, f"no {rule} on line {line}"
    assert any(snippet in around(f) for f in hits)


def test_name_suggestion(findings):
    (name,) = [f for f in findings if f.rule_id == "name-spelling"]
    assert name.replacements(TEXT) == ["Yoon Suk-yeol"]


@pytest.mark.parametrize("line", [1, 5, 11, 13, 15, 19, 21, 25, 27, 29, 31, 33])
def test_seed_correct_lines_are_left_alone(findings, line):
    """Lines without artifacts; line 13 only for the Mr./Mr consistency note."""
    allowed = {"honorific-stop-consistency", "secretary-general-consistency"}
    flagged = [f.rule_id for f in findings if DOC.position(f.start)[0] == line and f.rule_id not in allowed]
    assert flagged == []


def test_seed_apply_unsafe(tmp_path):
    copy = tmp_path / SEED.name
    shutil.copyfile(SEED, copy)
    fixed = fix_text(TEXT, path=str(copy), unsafe=True)
    for expected in [
        "after the invasion of Russia on Ukrainian territory",
        "escalating tensions with China.\n",
        "President Yoon Suk-yeol has often",
        # "ammunition. in belligerent states" stays: the sentence statistics find a sentence
        # end about as likely as a stray stop in this long run, so both fixes are offered and
        # neither applied (a known miss of the choice, docs/benchmarks.md).
        "arms and ammunition. in belligerent states",
        "that they can take what they want by force.",
    ]:
        assert expected in fixed
    assert not fixed.endswith("\n"), "the missing final newline is kept"
    assert "You May Also Like" not in fixed and "\nby\n" not in fixed
    assert fix_text(fixed, path=str(copy), unsafe=True) == fixed


def test_seed_apply_safe_only_touches_safe_spans():
    fixed = fix_text(TEXT)
    assert "invasion of Russia" in fixed and "China.\n" in fixed
    assert "Yoon Sok-gil" in fixed, "a fuzzy name match is unsafe"
    assert "You May Also Like" in fixed, "removing lines is unsafe"
