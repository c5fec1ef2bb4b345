"""doubled-word and mojibake find their candidates with fast searches; each must find exactly
what the plain whole-text pattern it replaced finds, and so give the same findings.
doubled-word has two: over the text alone, and over a scanned text's bytes."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.documents import Document
from textfix.kinds import encoding, repetition
from textfix.rulefiles import default_rules_dir, load_rule_file, rule_files
from textfix.ruleset import load_ruleset
from textfix.scanner import ScanResult

# The patterns the fast searches replaced, run with re.finditer.
PLAIN_DOUBLED = re.compile(r"\b(?P<word>\w+)(?P<gap>[ \t]+)(?P=word)\b", re.IGNORECASE)
# A line ends at LF, CRLF or a lone CR; the first try on each line starts at its first character.
PLAIN_SUSPECT_LINE = re.compile(f"[^\r\n]*[{encoding._SUSPECT_CHAR}][^\r\n]*")


def plain_doubled_words(text):
    return ((m.start(), m.start("gap"), m.end()) for m in PLAIN_DOUBLED.finditer(text))


def scanned(text):
    doc = Document(text=text, path="x.txt")
    doc.scan = RULES.scanner.read(text)
    return doc


def doubled_words(text, scan=False):
    doc = scanned(text) if scan else Document(text=text, path="x.txt")
    return repetition.doubled_words(doc, CHECKERS["doubled-word"].windows(doc, repetition.NOT_PLAIN))


def plain_suspect_lines(text, lo=0, hi=None):
    return (m.span() for m in PLAIN_SUSPECT_LINE.finditer(text, lo, len(text) if hi is None else hi))


KINDS = {  # the fast search, its module and name, the plain search
    "doubled-word": (doubled_words, repetition, "doubled_words", lambda doc, _others: plain_doubled_words(doc.text)),
    "mojibake": (encoding.suspect_lines, encoding, "suspect_lines", plain_suspect_lines),
}

TRICKY = {
    "doubled-word": [
        "the the",
        "The the report",
        "THE the",
        "the THE",
        "tHe ThE",
        "the the.",
        "end end",
        "x end end",
        "the the the",
        "the the the the",
        "a a a a a",
        "is is is is is",
        "\tthe the",
        "\nthe the",
        "(the the)",
        "[the the]",
        "“the the”",
        '"the the"',
        "‘the the’",
        "—the the",
        "–the the",
        "-the the",
        "the the-",
        "'the the'",
        "’the the",
        "/the the",
        "…the the",
        "the\tthe",
        "the \t the",
        "the   the",
        "the\nthe",
        "the\r\nthe",
        "the the\r\nthe the\r\n",
        "word\r\nword word\r\n",
        "xthe the",
        "the thethe",
        "thethe the",
        "the_ the_",
        "_ _",
        "1 1",
        "a1 a1",
        "café café",
        "Café CAFÉ",
        "éthe the",
        "é the the",
        "naïve naïve",
        "Ελλάδα ελλάδα",
        "ΑΣ ασ",
        "ΟΔΟΣ οδος",
        "Россия россия",
        "日本 日本",
        "日本日本 日本",
        "中文中文中文 中文",
        "İstanbul istanbul",
        "İ i",
        "i İ",
        "İİ ii",
        "\u212a k",
        "K \u212a",
        "\u017f s",
        "ß SS",
        "straße STRASSE",
        "\U0001d400\U0001d401 \U0001d400\U0001d401",
        "\U00010400 \U00010428",
        "\ud800the the",
        "Walla Walla",
        "walla Walla",
        "bye bye",
        "had had had had",
        "the-the the",
        "",
        " ",
        "the",
        "Ὰ ὰ",
        "ǅ ǆ",
        "Ǆ ǆ",
        "ﬀ ff",
        "I ı",
        "ı I",
    ],
    "mojibake": [
        "naÃ¯ve",
        "naÃ¯ve\n",
        "\nnaÃ¯ve",
        "a\nnaÃ¯ve\nb",
        "one\r\nSÃ£o Paulo\r\ntwo",
        "Ã",
        "\n\nÃ\n\n",
        "line\x0bwith a vertical tab\nnext",
        "form\x0cfeed",
        "\x85 next line",
        "a\u2028b Ã©",
        "\ud83d lone surrogate",
        "Ã©Ã©\nÃ©Ã©\nÃ©Ã©",
        "end Ã©\n",
        "Ã©\r\n",
        "plain\nlines\nonly\n",
        "“Curly” — quotes\nâ€œnoâ€\x9d",
        "tab\there\x00null",
        "\x7f",
        "Î±Î²Î³\nÎ´",
        "Ð¼Ð¸Ñ€\nплохо",
        "a\rCafÃ©\rb",
        "\rÃ©\r\rÃ©",
        "CR only\rnaÃ¯ve",
        "Ã©\r",
    ],
}


def shared_texts():
    """Every text the repository holds for testing: .txt files, fixture cases and rule examples."""
    for path in sorted([*FIXTURES.rglob("*.txt"), *(ROOT / "seeds").rglob("*.txt")]):
        yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
    for path in sorted([*FIXTURES.rglob("*.yaml"), *FIXTURES.rglob("*.json")]):
        data = (json.loads if path.suffix == ".json" else yaml.safe_load)(path.read_text(encoding="utf-8"))
        repeat = 20 if "regressions" in path.parts else 1  # a regression's text is a unit to repeat
        for index, text in enumerate(strings_under(data, ("text", "original", "fixed"))):
            yield f"{path.relative_to(ROOT).as_posix()}-{index}", text * repeat
    for rule in (r for path in rule_files(default_rules_dir()) for r in load_rule_file(path)):
        for key, texts in rule.examples.items():
            for index, text in enumerate(texts):
                yield f"{rule.id}-{key}{index}", text


def strings_under(data, keys):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str):
                yield value
            else:
                yield from strings_under(value, keys)
    elif isinstance(data, list):
        for value in data:
            yield from strings_under(value, keys)


CASES = [pytest.param(kind, text, id=f"{kind}-{name}") for name, text in shared_texts() for kind in KINDS]
CASES += [
    pytest.param(kind, text, id=f"{kind}-tricky{i}") for kind, texts in TRICKY.items() for i, text in enumerate(texts)
]
RULES = load_ruleset()
CHECKERS = {c.rule.id: c for c in RULES.checkers if c.rule.id in KINDS}


@pytest.fixture(autouse=True)
def scan_every_text():
    RULES.scanner.plan(1 << 40)
    yield
    RULES.scanner.plan(None)


@pytest.mark.parametrize("kind, text", CASES)
def test_same_as_plain_pattern(monkeypatch, kind, text):
    fast_search, module, name, plain = KINDS[kind]
    assert list(fast_search(text)) == list(plain_doubled_words(text) if kind == "doubled-word" else plain(text))
    fast = list(CHECKERS[kind].check(Document(text=text, path="x.txt")))
    monkeypatch.setattr(module, name, plain)
    assert fast == list(CHECKERS[kind].check(Document(text=text, path="x.txt")))


@pytest.mark.parametrize("text", [case.values[1] for case in CASES if case.values[0] == "doubled-word"])
def test_doubled_words_in_a_scanned_text(text):
    assert list(doubled_words(text, scan=True)) == list(plain_doubled_words(text))
    fast = list(CHECKERS["doubled-word"].check(scanned(text)))
    assert fast == list(CHECKERS["doubled-word"].check(Document(text=text, path="x.txt")))


def test_a_scanned_text_is_searched_as_bytes_on_its_plain_lines():
    doc = scanned("the the\n“café café”\nThe THE — end")
    assert doc.scan is not None and doc.scan.heard(repetition.NOT_PLAIN)
    assert CHECKERS["doubled-word"].windows(doc, repetition.NOT_PLAIN) == [(8, 20)]
    assert list(doubled_words(doc.text, scan=True)) == [(0, 3, 7), (9, 13, 18), (20, 23, 27)]


WORDS = [
    "the",
    "The",
    "THE",
    "a",
    "café",
    "CAFÉ",
    "é",
    "s",
    "S",
    "\u017f",
    "k",
    "\u212a",
    "ß",
    "ss",
    "İ",
    "i",
    "_",
    "1",
    "日本",
]
SEPARATORS = [" ", "  ", "\t", "\n", "\r\n", ".", "-", "'", "“", "”", "—", "\u00a0", "…", "x"]


@pytest.mark.parametrize("engine", ["pcre2", "stdlib"])
def test_doubled_words_in_any_scanned_text(monkeypatch, engine):
    # The bytes are searched by PCRE2 where it is installed, else by the stdlib engine.
    if engine == "stdlib":
        monkeypatch.setattr(
            repetition,
            "_bytes_searches",
            lambda: (
                re.compile(repetition._TWICE_OPENING_BYTES).match,
                re.compile(repetition._TWICE_IN_BYTES).finditer,
            ),
        )

    @settings(max_examples=300)
    @given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=30).map("".join))
    def same_as_plain(text):
        assert list(doubled_words(text, scan=True)) == list(plain_doubled_words(text))

    same_as_plain()


def test_a_document_scanned_without_its_bytes_is_searched_as_text():
    text = "the the\ncafé café"
    doc = Document(text=text, path="x.txt")
    doc.scan = ScanResult(text, RULES.scanner.scan(text))  # as a library caller giving only the hits would
    assert list(CHECKERS["doubled-word"].check(doc)) == list(
        CHECKERS["doubled-word"].check(Document(text=doc.text, path="x.txt"))
    )


@settings(max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60).map("".join))
def test_doubled_words_in_a_text_scanned_in_pieces(text):
    # A text scanned in pieces keeps no copy of its bytes: each piece is encoded again.
    from textfix import scanner

    chunk = scanner.CHUNK_CHARS
    scanner.CHUNK_CHARS = 8
    try:
        assert list(doubled_words(text, scan=True)) == list(plain_doubled_words(text))
    finally:
        scanner.CHUNK_CHARS = chunk
