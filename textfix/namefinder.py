"""Find name-like runs of capitalised words and compare names loosely."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from textfix.scanner import Trigger

if TYPE_CHECKING:
    from textfix.documents import Document

K = TypeVar("K")
V = TypeVar("V")

_PARTICLE_WORDS = "bin bint ibn al el von van der den de da du dos das del della di la le".split()
_PARTICLES = f"(?:{'|'.join(_PARTICLE_WORDS)})"
_PARTICLE_SET = frozenset(_PARTICLE_WORDS)
# Latin capitals, with Latin Extended-A (mixed case: checked again with str.isupper).
_TOKEN = r"(?:(?:al|el|ad|ar|as|at|az)-)?[A-ZÀ-ÖØ-ÞĀ-ž](?:\.(?:[A-Z]\.)*|[\w'’-]*\w)?"
# Two or more capitalised words in a row, lower-case particles allowed between them.
# The stdlib engine with a leading character test is the fastest scan of the options measured.
# The repeat is possessive, with the run's closing test on each word (which every word but
# the last passes anyway, a space following it): the same runs, found in constant memory,
# where a greedy repeat kept a way back for every word (300 MB for a run of 3 MB).
RUN = re.compile(rf"(?=[A-ZÀ-ÖØ-ÞĀ-žae])(?<![\w'’.-]){_TOKEN}(?:[ \t]+(?:{_PARTICLES}[ \t]+)*{_TOKEN}(?![\w'’-]))++")
TOKEN = re.compile(rf"{_PARTICLES}(?=[ \t])|{_TOKEN}")
# Two capitalised words in a row: found with the other rules' triggers in one shared pass,
# it tells where a run can start (RUN's first two words match it). Only where each match
# ends is asked for (where it starts costs Hyperscan as much again): the first word is found
# by looking back from there. A first word ending in punctuation is no run's ("Japan, France").
_CAPITAL = "(?:(?:al|el|ad|ar|as|at|az)-)?[A-ZÀ-ÖØ-ÞĀ-ž]"
_FIRST = rf"{_CAPITAL}(?:\.\S*|\S*[^\s.,;:!?'’)\]\"”-])?"
PAIR = Trigger(rf"{_FIRST}[ \t]+(?:{_PARTICLES}[ \t]+)*{_CAPITAL}")


class Span(NamedTuple):
    """A word of a run (a tuple: made several times faster than a frozen dataclass, and
    runs are read word by word by both names rules)."""

    start: int
    end: int
    text: str


_POSSESSIVE = re.compile(r"['’]s?$")


def without_possessive(word: str) -> str:
    """A word without its possessive ending ("Putin's" -> "Putin", "Jones'" -> "Jones")."""
    return _POSSESSIVE.sub("", word) if word[-1:] in "sS'’" else word


_SEPARATORS = str.maketrans(dict.fromkeys("-‐‑–'’.", " "))


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Compare names without case, diacritics, hyphens or apostrophes: "Erdoğan" == "erdogan"."""
    if name.isascii():  # most names: nothing to decompose
        plain = name.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", name.casefold())
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.translate(_SEPARATORS).split())


# A run of capitalised words is read in pieces of at most this many words. What the names
# rules read off a run grows with its words times the words of the longest name; one line
# of repeated names, a run of millions of words, took 240 bytes of memory per byte of text.
# No name is near this long: only a name that a piece's end cuts, in a run of more words
# (a long Title Case heading, a list of names without commas), goes unchecked.
MAX_RUN_WORDS = 32


def runs(doc: Document) -> list[tuple[int, str]]:
    """(start, text) of each run of capitalised words in the document (found once), a long
    run in pieces of MAX_RUN_WORDS words."""
    cached = doc.name_runs
    if cached is None:
        scan = doc.scan
        found = _runs_at(doc.text, scan.hits(PAIR)) if scan is not None and scan.heard(PAIR) else RUN.finditer(doc.text)
        cached = doc.name_runs = [piece for run in found for piece in _pieces(run.start(), run.group())]
    return cached


def _pieces(start: int, run: str) -> Iterator[tuple[int, str]]:
    if len(run) < 2 * MAX_RUN_WORDS:  # too short for more words: each is a letter and a space at least
        yield start, run
        return
    first, count, end = 0, 0, 0
    for token in TOKEN.finditer(run):
        if count == MAX_RUN_WORDS:
            yield start + first, run[first:end]
            first, count = token.start(), 0
        end = token.end()
        count += 1
    yield start + first, run[first:end]


def tokens(run: str) -> list[Span]:
    """The words of a run, at offsets from its start."""
    make = tuple.__new__  # NamedTuple's own __new__ goes through Python code
    return [make(Span, (*t.span(), t.group())) for t in TOKEN.finditer(run)]


def _runs_at(text: str, pairs: Iterable[int]) -> Iterator[re.Match[str]]:
    """RUN's matches, as RUN.finditer gives them, searched for only from where PAIR matched.

    Every run starts in the first word of a PAIR match (its first two words match PAIR), so
    searching from each such word to the end of its line, never twice over the same text,
    finds them all.
    """
    searched = 0  # text before this has been searched, as finditer would have
    line_end = -1
    for end in pairs:
        if end <= searched:
            continue
        if line_end < end:  # found again only past the line: a text of one long line stays linear
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
        run = RUN.search(text, _first_word(text, end, searched), line_end)
        if run is None:
            searched = line_end
            continue
        searched = run.end()
        yield run


def _first_word(text: str, end: int, floor: int) -> int:
    """Where the first word of a PAIR match ending at `end` starts (or earlier, never before
    `floor`): the word before the second, past the particles between them."""
    stop = end - 1 if text[end - 2] in " \t" else end - 4  # the second word: its capital ends the match
    while True:
        while stop > floor and text[stop - 1] in " \t":
            stop -= 1
        start = max(text.rfind(" ", floor, stop) + 1, floor)
        word = text[start:stop]
        if "\t" in word or "\n" in word:  # words part at tabs too, and a match holds no line break
            start += max(word.rfind("\t"), word.rfind("\n")) + 1
            word = text[start:stop]
        if start <= floor or word not in _PARTICLE_SET:
            return start
        stop = start


# What the names rules read off a run or a form is kept between documents (names recur),
# up to this many entries: a stream of ever new names must not grow a process without end.
CACHE_SIZE = 100_000


def keep(cache: dict[K, V], key: K, value: V) -> V:
    """`value`, stored under `key` in a cache that is emptied when full."""
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


# Titles and sentence openers that precede names but are not part of them.
NOT_NAMES = frozenset(
    "mr mrs ms mx dr prof sir dame lord lady president premier chancellor king queen prince princess "
    "general minister secretary senator sen governor gov mayor judge justice ambassador envoy chief "
    "leader pope cardinal archbishop bishop rev father sheikh emir crown the a an in on at of for and "
    "but when after before then this that these those its his her their our my your".split()
)


def is_title(token: Span) -> bool:
    return token.text.rstrip(".").casefold() in NOT_NAMES


def windows(tokens: list[Span], longest: int = 5) -> Iterator[tuple[int, int]]:
    """Every contiguous sub-run of two words or more that starts and ends on a capitalised word."""
    for i, first in enumerate(tokens):
        if not first.text[:1].isupper() and first.text[2:3] != "-":
            continue
        for j in range(i + 1, min(len(tokens), i + longest)):
            if tokens[j].text[:1].isupper() or tokens[j].text[2:3] == "-":
                yield i, j + 1
