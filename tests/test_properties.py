"""Properties that must hold for any text: checks never fail, spans are sound, fixes are stable.

Hypothesis generates text from all of Unicode (no lone surrogates: they cannot be in a
decoded file) mixed with fragments that trip the rules. The default profile keeps the
suite fast; `HYPOTHESIS_PROFILE=long` runs many more examples (see bench/fuzz.py). Inputs
that once failed live in fixtures/regressions/ and are checked on every run.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
import re

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textfix.api import get_ruleset
from textfix.documents import Document
from textfix.engine import check_document
from textfix.fixer import apply_once, fix_until_stable
from textfix.model import Applicability
from textfix.safewrite import write
from textfix.textfile import FileError, read

settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

RULES = get_ruleset()
REGRESSIONS = sorted((FIXTURES / "regressions").glob("*.json"))

# Pieces of text that the rules react to, and characters that stress offsets and line ends.
FRAGMENTS = [
    "the the ",
    "The the",
    "summit. of the",
    "want. they want",
    ". .",
    " ,",
    "  ",
    "word.Next",
    "43 ° C",
    "Mr. Smith and Mr Smith",
    "per cent and percent",
    "Secretary-General",
    "Secretary General",
    "\nRead more\n",
    "\nby\n",
    "\nYou May Also Like\n",
    "Jens Stoltenburg",
    "Jens Stoltenberg",
    "Kim Jong Un",
    "Sergey Lavrof",
    "Yonhap News Agency",
    "--",
    "1000000",
    "naÃ¯ve",
    "â€œnoâ€\x9d",
    "Ã©",
    "\ufffd",
    "\x1b",
    "```\ncode. of it\n```\n",
    "`x. y`",
    "<!-- a. b -->",
    "[t](http://a.b. c)",
    "<a href='x. y'>",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    "\u00a0",
    "\u2028",
    "\ufeff",
    "\u200d",
    "e\u0301",
    "\u05e9\u05dc\u05d5\u05dd. \u05d0",
    "\u0627\u0644\u0633\u0644\u0627\u0645",
    "😀",
    "\U0001f468\u200d\U0001f469",
    "\U00010348",
    "’",
    "“”",
]

texts = st.lists(
    st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS), st.text(alphabet="aA .,\r\n-'’", max_size=12)),
    max_size=24,
).map("".join)
paths = st.sampled_from(["doc.txt", "doc.md"])


def check(text: str, path: str):
    return check_document(Document.for_path(text, path), RULES)


def fix(text: str, path: str, level: Applicability):
    return fix_until_stable(text, lambda t: check(t, path), level)


def regression_cases():
    for file in REGRESSIONS:
        case = json.loads(file.read_text(encoding="utf-8"))
        text = case["text"]
        if "repeat_to" in case:  # a unit that was slow when repeated: a shorter repeat is enough here
            text *= max(1, 2_000 // len(text))
        yield pytest.param(text, case.get("path", "doc.txt"), id=file.stem)


# --- check ----------------------------------------------------------------------------------


def assert_sound_findings(text: str, path: str) -> None:
    doc = Document.for_path(text, path)
    for finding in check(text, path):
        assert 0 <= finding.start <= finding.end <= len(text), finding
        for fix_ in finding.fixes:
            for edit in fix_.edits:
                assert 0 <= edit.start <= edit.end <= len(text), (finding, edit)
        for offset in (finding.start, finding.end):
            line, column = doc.position(offset)
            line_start = doc.line_starts[line - 1]
            assert line_start + column - 1 == offset
            before = text[line_start:offset]
            # No line break between the line's start and the offset; an offset may sit
            # between the CR and the LF of a CRLF.
            inner = before[:-1] if before.endswith("\r") and text[offset : offset + 1] == "\n" else before
            assert "\n" not in inner and "\r" not in inner, (finding, offset, line, column)
            assert line == len(re.findall(r"\r\n|\r|\n", text[:line_start])) + 1


@given(texts, paths)
def test_check_never_raises_and_spans_are_sound(text, path):
    assert_sound_findings(text, path)


@pytest.mark.parametrize("text, path", list(regression_cases()))
def test_regression_spans(text, path):
    assert_sound_findings(text, path)


# --- apply ----------------------------------------------------------------------------------


def assert_fix_properties(text: str, path: str, level: Applicability) -> None:
    # One pass changes only the spans of the findings it applied (plus, for a fix that
    # removes a line, the white space around it), and nothing else.
    findings = check(text, path)
    fixed_once, applied = apply_once(text, findings, level)
    edits = sorted((e for f in applied for e in f.fix.edits), key=lambda e: e.start)
    for earlier, later in itertools.pairwise(edits):
        assert earlier.end <= later.start, "edits of applied fixes overlap"
    pieces, pos = [], 0
    for edit in edits:
        pieces += [text[pos : edit.start], edit.replacement]
        pos = edit.end
    assert fixed_once == "".join(pieces) + text[pos:]
    for finding in applied:
        for edit in finding.fix.edits:
            outside = text[edit.start : min(edit.end, finding.start)] + text[max(edit.start, finding.end) : edit.end]
            assert outside.strip() == "", (finding, edit)
    # Fixing until stable is idempotent, and leaves no fix at the level asked for.
    result = fix(text, path, level)
    if result.settled:
        again = fix(result.text, path, level)
        assert again.text == result.text, "apply is not idempotent"
        left = [f for f in check(result.text, path) if f.fix is not None and f.fix.applicability >= level]
        assert left == [], left


@given(texts, paths)
def test_safe_apply_is_idempotent_and_local(text, path):
    assert_fix_properties(text, path, Applicability.SAFE)


@given(texts, paths)
def test_unsafe_apply_is_idempotent_and_local(text, path):
    assert_fix_properties(text, path, Applicability.UNSAFE)


@given(texts, paths)
def test_safe_fixes_settle(text, path):
    assert fix(text, path, Applicability.SAFE).settled


@pytest.mark.parametrize("text, path", list(regression_cases()))
@pytest.mark.parametrize("level", [Applicability.SAFE, Applicability.UNSAFE], ids=["safe", "unsafe"])
def test_regression_fixes(text, path, level):
    assert_fix_properties(text, path, level)
    if level is Applicability.SAFE:
        assert fix(text, path, level).settled


# --- files ----------------------------------------------------------------------------------

ENCODINGS = st.sampled_from(
    [
        (b"", "utf-8"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ]
)


@settings(max_examples=60)
@given(texts, ENCODINGS)
def test_reading_and_writing_back_is_byte_identical(tmp_path_factory, text, encoding):
    bom, codec = encoding
    if not bom and "\x00" in text:
        text = text.replace("\x00", "")  # a NUL marks a binary file, which is not written
    if codec == "utf-16-le" and text.startswith("\x00") and len(text.encode(codec)) % 4 == 2:
        text = "x" + text  # FF FE 00 00 then a whole number of UTF-32 units reads as UTF-32: ambiguous
    path = tmp_path_factory.mktemp("rw") / "doc.txt"
    data = bom + text.encode(codec)
    path.write_bytes(data)
    source = read(path)
    # A UTF-8 file that starts with U+FEFF starts with a byte order mark, by definition.
    assert source.text == (text[1:] if not bom and text.startswith("\ufeff") else text)
    write(source, source.text)
    assert path.read_bytes() == data
    source = read(path)
    write(source, fix(source.text, "doc.txt", Applicability.SAFE).text)
    assert path.read_bytes() == source.bom + fix(source.text, "doc.txt", Applicability.SAFE).text.encode(codec)


BYTE_PIECES = st.sampled_from(
    [
        b"",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        b"\x00",
        b"\r\n",
        b"\xc3\xa9",
        b"\xe9",
        b"\xed\xa0\x80",
        b"\xf0\x9f\x98\x80",
        b"\xff",
        b"summit. of the ",
        "Ã©".encode(),
    ]
)


@settings(max_examples=100)
@given(st.lists(st.one_of(st.binary(max_size=16), BYTE_PIECES), max_size=12).map(b"".join))
def test_any_bytes_are_read_or_refused_cleanly(tmp_path_factory, data):
    """Whatever the bytes: a SourceFile that writes back the same bytes, or one FileError line."""
    path = tmp_path_factory.mktemp("bytes") / "doc.txt"
    path.write_bytes(data)
    try:
        source = read(path)
    except FileError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
        return
    assert source.encode(source.text) == data
    check(source.text, "doc.txt")
