"""Name runs found from the shared scan's PAIR hits are the runs a search of the whole text finds."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import FRAGMENTS

from textfix import scanner
from textfix.documents import Document
from textfix.namefinder import _PARTICLES, _TOKEN, MAX_RUN_WORDS, PAIR, RUN, TOKEN, Span, normalize, runs, tokens
from textfix.scanner import Scanner, ScanResult

SCANNER = Scanner([PAIR])

# Where the first word of a run is found by looking back from the second: particles, prefixes,
# tabs and other spaces, punctuation, initials, line breaks.
TRICKY = [
    "said Bashar al-Assad, met el-Sisi. Ludwig van Beethoven and Vincent van de la Gogh met Abu Bakr al-Baghdadi and Ibn al Haytham.",
    "Japan, Finland and Norway. Israel, Greece. (Laughter) Plants grow. Dr. Müller and Mr Park.",
    "J. R. R. Tolkien wrote; LISA. Another day with NASA. The end, and U.S. Army Corps.",
    "Jens\tStoltenberg and Jens \t de\t Smith and de\tla Cruz and x\tde Cruz, Vincent de\tla Cruz, Vincent de \tla\t Cruz.",
    "one\nTwo Three\nde Four\nFive\nSix Seven de\nla Eight",
    "Kim\u00a0Jong Un and Kim Yo\u2028Jong. al-Assad Bashar and el-Sisi Abdel, ad-Din Salah.",
    "“World Health” (World Bank) 'New York' ’Big Apple’ -Foo Bar .Baz Qux",
    "Ünal Öztürk, Łukasz Żuk and Ōsaka Đorđe met Émile Zola’s Émile Zola.",
    "A B C D E F G H de I J\r\nK L\rM N O'Neil P-Q R_S T1 U",
    "de la de la de Cruz, la le Pen, van der van Damme, bin bint ibn Laden",
    "McDonald Smith, iPhone Apple, eBay Inc, al-Qaeda Group, as-Salam Bank, at-Tur Road",
]


def found(text: str, scan: bool) -> list[tuple[int, str]]:
    doc = Document.for_path(text, "doc.txt")
    doc.scan = SCANNER.read(text) if scan else ScanResult(text)
    return runs(doc)


@pytest.fixture(autouse=True)
def scan_every_text(monkeypatch):
    monkeypatch.setattr(scanner, "SET_UP_AFTER_CHARS", 0)


@pytest.mark.parametrize("text", TRICKY)
def test_runs_found_from_the_scan_are_the_runs_of_the_whole_text(text):
    for joined in (text, f"x\n{text}\ny", f"{text} {text}\r\n{text}", text.replace(" ", "  ")):
        assert SCANNER.scan(joined) is not None
        assert found(joined, scan=True) == found(joined, scan=False), joined
    assert found(text, scan=False) == [(m.start(), m.group()) for m in RUN.finditer(text)]


WORDS = st.sampled_from(
    ["Ab", "Cd", "de", "la", "al-Ef", "el", "J.", "R.", "Dr.", "x", "'", "’", "-", ",", ".", "(", ")"]
)
SPACES = st.sampled_from([" ", "  ", "\t", " \t", "\n", "\r\n", "\u00a0", ""])


@given(st.lists(st.one_of(WORDS, SPACES, st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40).map("".join))
def test_runs_found_from_the_scan_on_any_text(text):
    assert found(text, scan=True) == found(text, scan=False)


@pytest.mark.parametrize(
    "name, normal",
    [
        ("Erdoğan", "erdogan"),
        ("Kim Jong-un", "kim jong un"),
        ("O’Neil  Jr.", "o neil jr"),
        ("STRAẞE", "strasse"),
        ("Łukasz", "łukasz"),
    ],
)
def test_normalize(name, normal):
    assert normalize(name) == normal


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_names_normalize_as_others_do(name):
    # ASCII names take a shorter way, to the same place.
    assert normalize(name + " é") == " ".join([*normalize(name).split(), "e"])


# --- one long line of names: bounded work per run, memory linear and small ------------------

# RUN as first written: a greedy repeat, the run's closing test once at its end. RUN's
# possessive repeat finds the same runs without keeping a way back for every word.
GREEDY_RUN = re.compile(
    rf"(?=[A-ZÀ-ÖØ-ÞĀ-žae])(?<![\w'’.-]){_TOKEN}(?:[ \t]+(?:{_PARTICLES}[ \t]+)*{_TOKEN})+(?![\w'’-])"
)
TEXTS = st.lists(
    st.one_of(
        WORDS, SPACES, st.sampled_from(["Smith'", "Jones-", "O'Neil", "A.B.", "X-", "_", "ae"]), st.text(max_size=4)
    ),
    max_size=40,
).map("".join)


@pytest.mark.parametrize(
    "run, words",
    [
        ("Jens Stoltenberg", [(0, 4, "Jens"), (5, 16, "Stoltenberg")]),
        ("Vladimir Putin's", [(0, 8, "Vladimir"), (9, 16, "Putin's")]),  # the possessive kept
        ("Ursula von der Leyen", [(0, 6, "Ursula"), (7, 10, "von"), (11, 14, "der"), (15, 20, "Leyen")]),
        ("Abdullah al-Sisi", [(0, 8, "Abdullah"), (9, 16, "al-Sisi")]),
        ("J. K. Rowling", [(0, 2, "J."), (3, 5, "K."), (6, 13, "Rowling")]),
        ("Ngũgĩ wa Thiong'o", [(0, 5, "Ngũgĩ"), (9, 17, "Thiong'o")]),  # "wa" is no particle
        ("", []),
    ],
)
def test_tokens_are_a_runs_words_at_offsets_from_its_start(run, words):
    found = tokens(run)
    assert found == [Span(*word) for word in words]
    assert [(word.start, word.end, word.text) for word in found] == words
    assert all(run[word.start : word.end] == word.text for word in found)


@pytest.mark.parametrize("text", TRICKY)
def test_run_finds_what_the_greedy_expression_finds(text):
    assert [m.span() for m in RUN.finditer(text)] == [m.span() for m in GREEDY_RUN.finditer(text)]


@given(TEXTS)
def test_run_finds_what_the_greedy_expression_finds_on_any_text(text):
    assert [m.span() for m in RUN.finditer(text)] == [m.span() for m in GREEDY_RUN.finditer(text)]


@pytest.mark.parametrize("scan", [True, False], ids=["from the scan", "whole text"])
def test_a_long_run_is_read_in_pieces_of_a_bounded_number_of_words(scan):
    text = "He met " + "Yoon Sok-gil " * 1000 + "and left."
    pieces = found(text, scan)
    words = [TOKEN.findall(piece) for _, piece in pieces]
    assert all(text[start : start + len(piece)] == piece for start, piece in pieces)
    assert max(map(len, words)) == MAX_RUN_WORDS
    assert [word for piece in words for word in piece] == ["Yoon", "Sok-gil"] * 1000


def test_a_variant_inside_a_long_run_is_still_found(tmp_path):
    from textfix.api import check_text

    text = "Yoon Sok-gil " * 100 + "Vladimir Zelensky said."  # a wrong form: a safe fix
    assert [f.rule_id for f in check_text(text, select=["name-spelling"])] == ["name-spelling"]


MEASURE = """
import resource, sys
from textfix.api import get_ruleset
from textfix.documents import Document
from textfix.engine import check_document

ruleset = get_ruleset()
check_document(Document.for_path("Jens Stoltenberg met Mark Rutte.\\n", "warm.txt"), ruleset)
text = "Yoon Sok-gil " * (int(sys.argv[1]) // 13)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
check_document(Document.for_path(text, "one-line.txt"), ruleset)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024 / len(text))
"""
MOST_BYTES_PER_BYTE = 40  # measured: 4 to 10; one long run once took 240


def test_one_long_line_of_names_takes_memory_in_proportion_to_its_size_and_little():
    done = subprocess.run([sys.executable, "-c", MEASURE, str(2 << 20)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < MOST_BYTES_PER_BYTE
