"""Find name-like runs of capitalised words and compare names loosely."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

_PARTICLES = r"(?:bin|bint|ibn|al|el|von|van|der|den|de|da|du|dos|das|del|della|di|la|le)"
_TOKEN = r"(?:(?:al|el|ad|ar|as|at|az)-)?\p{Lu}(?:\.|[\p{L}\p{M}'’-]*[\p{L}\p{M}])?"
# Two or more capitalised words in a row, lower-case particles allowed between them.
RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’.-]){_TOKEN}(?:[ \t]+(?:{_PARTICLES}[ \t]+)*{_TOKEN})+(?![\p{{L}}\p{{N}}'’-])"
)
TOKEN = regex.compile(rf"{_PARTICLES}(?=[ \t])|{_TOKEN}")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Compare names without case, diacritics, hyphens or apostrophes: "Erdoğan" == "erdogan"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = regex.sub(r"[-‐‑–'’.]", " ", plain)
    return " ".join(plain.split())


def runs(text: str):
    """Each run of capitalised words, as the list of its word spans."""
    for run in RUN.finditer(text):
        base = run.start()
        yield [Span(base + t.start(), base + t.end(), t.group()) for t in TOKEN.finditer(run.group())]


def windows(tokens: list[Span], longest: int = 5):
    """Every contiguous sub-run of two words or more that starts and ends on a capitalised word."""
    for i, first in enumerate(tokens):
        if not first.text[:1].isupper() and not first.text[2:3] == "-":
            continue
        for j in range(i + 1, min(len(tokens), i + longest)):
            if tokens[j].text[:1].isupper():
                yield i, j + 1
