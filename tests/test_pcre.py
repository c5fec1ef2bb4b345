"""Python expressions translated for PCRE2 find, on a line, at least what Python finds; and the
mojibake rule, which asks PCRE2 whether ftfy could change a line, loses no finding by it."""

from __future__ import annotations

import json
import re

import ftfy
import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import pcre
from textfix.api import get_ruleset
from textfix.documents import Document
from textfix.kinds import encoding

TRANSLATED = [
    r"ab|cd",
    r"[a-z]\s?[ÃÂ][ ]",
    r"^[ÃÂ] ",
    r"x{2,5}y",
    r"(?:ab)+?c",
    r"[^abc]d",
    r"\w\d\s",
    r"a.b",
    r"ГўВЂВ.[A-Za-z ]",
    r"\x00\x7f\xff\u0100",
    r"[Œœ][^A-Za-z]",
    r"(a|b)*+c",
    r"[\s\w]x",
]
UNTRANSLATED = [r"(?<=a)b", r"(a)\1", r"(?i)abc", r"[^\s]x", r"\bword", r"a$", r"(?s)a.b", r"(?m)^a"]
LINES = st.text(alphabet="abcdxyz AŒœ019_\t\x00\x7f\xff\u0100ÃÂ\xa0ГўВЂ\u2028\u3000\U0001f600.", max_size=12)


@pytest.mark.parametrize("pattern", TRANSLATED)
def test_a_translated_search_finds_every_line_python_does(pattern):
    found = pcre.line_search(pattern)
    assert found is not None

    @settings(max_examples=300)
    @given(LINES)
    def finds_at_least(line):
        assert not re.search(pattern, line) or found(line)

    finds_at_least()


@pytest.mark.parametrize("pattern", UNTRANSLATED)
def test_what_the_translation_does_not_cover_is_left_to_python(pattern):
    assert pcre.line_search(pattern) is None


def test_without_pcre2_nothing_is_translated(monkeypatch):
    monkeypatch.setattr(pcre, "pcre2", lambda: None)
    assert pcre.line_search.__wrapped__("ab") is None


def ftfy_lines():
    for path in sorted((FIXTURES / "ftfy").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            yield from case["original"].splitlines()


MOJIBAKE = "ÃÂâ€œ™¢£¥Ðð¡«¿©‘’“”•–—\x80\x9d\xa0ВГРСЂўβΒΟāéèöåÅ °×²³ aeiouxyz.\x1b\x01\ufeff\ufffd"


@pytest.mark.parametrize("line", list(ftfy_lines()))
def test_every_line_ftfy_repairs_is_handed_to_it(line):
    if ftfy.fix_and_explain(line, encoding.CONFIG).text != line:
        assert encoding.may_change(line)


@settings(max_examples=2000)
@given(st.text(alphabet=MOJIBAKE, max_size=10))
def test_every_generated_line_ftfy_repairs_is_handed_to_it(line):
    if ftfy.fix_and_explain(line, encoding.CONFIG).text != line:
        assert encoding.may_change(line)


def test_plain_accented_prose_is_not_handed_to_ftfy():
    assert encoding._ftfy_would_look() is not None
    assert not encoding.may_change("The ångström, naïve Müller and São Paulo — “quoted”.")
    assert encoding.may_change("The naÃ¯ve café")


def test_the_same_mojibake_findings_when_every_suspect_line_goes_to_ftfy(monkeypatch):
    checker = next(c for c in get_ruleset().checkers if c.rule.id == "mojibake")
    text = "\n".join(ftfy_lines())
    fast = list(checker.check(Document(text=text, path="x.txt")))
    monkeypatch.setattr(encoding, "may_change", lambda line: True)
    assert len(fast) > 20 and fast == list(checker.check(Document(text=text, path="x.txt")))
