"""Untranslated text, end punctuation and outer whitespace: each case of the fixture is a
translation against its source in a language, checked as a PO entry."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from textfix.api import check_text, fix_text, get_ruleset
from textfix.kinds.source_marks import ELLIPSIS, QUESTION, STOP, final_mark, words

CASES = yaml.safe_load((Path(__file__).parent.parent / "fixtures/source_marks/cases.yaml").read_text("utf-8"))["cases"]
RULES = ["untranslated", "end-punctuation", "end-full-stop", "outer-whitespace"]


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def catalogue(lang: str, source: str, target: str) -> str:
    return f'msgid ""\nmsgstr "Language: {lang}\\n"\n\nmsgid {quoted(source)}\nmsgstr {quoted(target)}\n'


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['target'][:30]}" for c in CASES])
def test_case(case):
    text = catalogue(case["lang"], case["source"], case["target"])
    ruleset = get_ruleset(select=RULES)
    found = sorted({f.rule_id for f in check_text(text, path="case.po", ruleset=ruleset)})
    assert found == sorted(case["flags"])
    fixed = fix_text(text, path="case.po", ruleset=ruleset, unsafe=True)
    assert fixed == catalogue(case["lang"], case["source"], case.get("fixed", case["target"]))


def test_plain_text_has_no_source():
    assert check_text("Enter a valid date. Enter a valid date?", select=RULES) == []


@pytest.mark.parametrize(
    "text, lang, kind, mark",
    [
        ("Are you sure?", "", QUESTION, "?"),
        ("Είστε σίγουροι;", "el", QUESTION, ";"),
        ("Say “hello.”  ", "", STOP, "."),
        ("Loading...", "", ELLIPSIS, "..."),
        ("加载中……", "zh", ELLIPSIS, "……"),
        ("Value: %s", "", "", ""),
        ("ተወግድዋል::", "am", STOP, "::"),
    ],
)
def test_final_mark(text, lang, kind, mark):
    end = final_mark(text, lang)
    assert (end.kind, text[end.start : end.end]) == (kind, mark)


def test_words_leave_out_codes():
    assert words("Delete %(name)s at https://x.org/a or /tmp/f_x, user_id 42?") == ["Delete", "at", "or"]
