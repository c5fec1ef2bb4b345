"""Name runs found from the shared scan's PAIR hits are the runs a search of the whole text finds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from test_properties import FRAGMENTS
from textfix import scanner
from textfix.documents import Document
from textfix.namefinder import PAIR, RUN, normalize, runs
from textfix.scanner import Scanner

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
    doc.cache["hits"] = SCANNER.scan(text) if scan else None
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


WORDS = st.sampled_from(["Ab", "Cd", "de", "la", "al-Ef", "el", "J.", "R.", "Dr.", "x", "'", "’", "-", ",", ".", "(", ")"])
SPACES = st.sampled_from([" ", "  ", "\t", " \t", "\n", "\r\n", "\u00a0", ""])


@given(st.lists(st.one_of(WORDS, SPACES, st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40).map("".join))
def test_runs_found_from_the_scan_on_any_text(text):
    assert found(text, scan=True) == found(text, scan=False)


@pytest.mark.parametrize(
    "name, normal",
    [("Erdoğan", "erdogan"), ("Kim Jong-un", "kim jong un"), ("O’Neil  Jr.", "o neil jr"), ("STRAẞE", "strasse"), ("Łukasz", "łukasz")],
)
def test_normalize(name, normal):
    assert normalize(name) == normal


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_names_normalize_as_others_do(name):
    # ASCII names take a shorter way, to the same place.
    assert normalize(name + " é") == " ".join([*normalize(name).split(), "e"])
