"""name-consistency compares only the forms that can pair with another, and finds what comparing
every form with every other finds; its memory grows with the text, little per byte, whatever
the words."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textfix.api import get_ruleset
from textfix.documents import Document
from textfix.kinds.name_consistency import NameConsistencyKind

RULE = get_ruleset(select=["name-consistency"]).checkers[0].rule


class Anywhere:
    """Places that hold every place."""

    def __contains__(self, place) -> bool:
        return True


class EveryForm(NameConsistencyKind):
    """The kind as first written: every form of a text compared with every other."""

    def where_to_compare(self, found):
        return found, (Anywhere(), Anywhere())


def findings(kind: type[NameConsistencyKind], text: str):
    return list(kind(RULE).check(Document.for_path(text, "doc.txt")))


TEXTS = [
    "Maria Kovalenko opened. Maria Kovalenko spoke. Later Maria Kowalenko left.",
    "Jens Stoltenberg met Jens Stoltenburg, and NATO chief Jens Stoltenberg left.",
    "Ludwig van Beethoven and Ludwig van Beethofen; Vincent van Gogh, Vincent van Gohg.",
    "Yoon Sok-gil, Yoon Sok-gill. Recep Tayyip Erdoğan, Recep Tayip Erdogan. Seán O’Neill, Sean O'Neil.",
    "Kowalski Jan and Kowalsky Jan, Dr Jan Kowalski, President Jan Kowalsky.",
    # One name three ways: each slip against the others.
    "Maria Kovalenko, Maria Kovalenko, Maria Kovalenko, Maria Kowalenko, Maria Kovalenka.",
    "North Korea and South Korea met. North Korea left. Austria and Australia played.",
    "Jens Stoltenberg " * 40 + "said Jens Stoltenburg.",
    "Kim Jong Un\nKim Jong Um\r\nKim Jong-un. Kim Yo Jong, Kim Yo Jung.",
    # Garbage of two letters: nearly every word is another's spelling.
    " ".join(format(n * 37 % 97, "07b").replace("0", "a").replace("1", "b").capitalize() for n in range(500)),
]


@pytest.mark.parametrize("text", TEXTS)
def test_finds_what_comparing_every_form_with_every_other_finds(text):
    assert findings(NameConsistencyKind, text) == findings(EveryForm, text)


WORDS = st.sampled_from(
    [
        "Jens",
        "Stoltenberg",
        "Stoltenburg",
        "Maria",
        "Kovalenko",
        "Kowalenko",
        "Kovalenka",
        "van",
        "de",
        "Dr",
        "The",
        "Yoon",
        "Sok-gil",
        "Sok-gill",
        "Erdoğan",
        "Erdogan",
        "ERDOGAN",
        "O'Neil",
        "O’Neill",
        "Korea",
        "Korean",
        "Abab",
        "Abba",
        "Baba",
        "Babab",
    ]
)
SEPARATORS = st.sampled_from([" ", " ", " ", ". ", ", ", "\n", " and "])


@given(st.lists(st.tuples(WORDS, SEPARATORS), max_size=60).map(lambda parts: "".join(w + s for w, s in parts)))
def test_finds_what_comparing_every_form_with_every_other_finds_on_any_names(text):
    assert findings(NameConsistencyKind, text) == findings(EveryForm, text)


def test_a_slip_of_several_spellings_is_reported_once_in_each_place_against_the_winning_one():
    # Stoltenburg is a slip of Stoltenberg (3 times) and of Stoltenbarg (twice): one finding
    # each time it is written, not one per spelling it resembles.
    text = "Jens Stoltenberg, Jens Stoltenberg, Jens Stoltenberg. Jens Stoltenbarg, Jens Stoltenbarg. Jens Stoltenburg."
    found = [(text[f.start : f.end], f.fix.edits[0].replacement) for f in findings(NameConsistencyKind, text)]
    assert found == [("Jens Stoltenbarg", "Jens Stoltenberg")] * 2 + [("Jens Stoltenburg", "Jens Stoltenberg")]


# --- random capitalised words: memory linear and small --------------------------------------

MEASURE = """
import random, resource, sys
from textfix.api import get_ruleset
from textfix.documents import Document
from textfix.engine import check_document

size, shape = int(sys.argv[1]), sys.argv[2]
ruleset = get_ruleset(select=["name-consistency"])
check_document(Document.for_path("Jens Stoltenberg met Mark Rutte.\\n", "warm.txt"), ruleset)
rng = random.Random(0)
words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(4, 9))).capitalize() for _ in range(size // 7)]
if shape == "one line":
    text = " ".join(words)
else:  # every word, and every name form, met twice, on lines of 12 words
    words = words[: len(words) // 2] * 2
    text = "\\n".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
del words
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
check_document(Document.for_path(text, "words.txt"), ruleset)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024 / len(text))
"""
# Measured: 27 to 37, some 16 of it the name cache's 65,536 entries (a bound in entries, not
# in bytes per byte). Comparing every name form with every other took 300 to 470 (3 MB: 1.8 GB).
MOST_BYTES_PER_BYTE = 64


@pytest.mark.parametrize("shape", ["one line", "twice, on lines"])
def test_random_capitalised_words_take_memory_in_proportion_to_their_size_and_little(shape):
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(1 << 20), shape], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < MOST_BYTES_PER_BYTE
