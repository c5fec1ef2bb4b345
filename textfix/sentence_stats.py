"""How words start and end sentences in clean prose: is "x. y" a stray stop or a lost capital?

A full stop followed by a word in lower case has two readings: the stop is stray and
"x y" was one sentence ("the invasion. of Russia"), or the stop ends a sentence and y lost
its capital ("It rained. the match went on"). `SentenceStats.boundary_odds` weighs them
with statistics of clean text (rules/data/sentence_stats.yaml, built by
scripts/build_sentence_stats.py): how often x ends a sentence rather than goes on, how
often y (or y with the word after it) opens one rather than follows a word, and how long
the two pieces around the stop are against the lengths of real sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from textfix.datafiles import load_yaml
from textfix.rule import RuleError

# A word, as the statistics count them: letters and digits, with inner apostrophes and hyphens.
WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}'’-]*[\p{L}\p{N}])?")
# The pieces' lengths are a weak hint (sentence lengths differ between news and talk):
# their log odds count for at most this much either way.
LENGTH_CLIP = 2.0
_KEYS = ("sentences", "adjacent_pairs", "lengths", "class_start", "class_end", "start", "start_pairs", "end")


@dataclass(frozen=True)
class SentenceStats:
    start: dict[str, float]  # word -> log(opens a sentence / follows a word)
    start_pairs: dict[str, float]  # "of course" -> the same for a sentence's first two words
    end: dict[str, float]  # word -> log(ends a sentence before its stop / another word follows)
    class_start: dict[str, float]  # lower, capitalised, number -> the ratio of unlisted words
    class_end: dict[str, float]
    lengths: tuple[float, ...]  # log P(a sentence has n + 1 words); the last for that many or more
    offset: float  # log of (word pairs per sentence) squared: the two readings' positions

    def boundary_odds(self, before: str, after: str, then: str | None, words_before: int, words_after: int) -> float:
        """Log odds that "before. after" ends a sentence and `after` lost its capital, rather
        than a stray stop between two words of one sentence. `then` is the word after `after`
        (None when punctuation comes first); `words_before` and `words_after` count the words
        from the sentence end before the stop to the stop, and from the stop to the next end."""
        key = before.casefold()
        odds = self.end.get(key, self.class_end[_word_class(before)])
        first = after.casefold()
        opening = self.start.get(first, self.class_start["lower"])
        if then is not None:
            opening = self.start_pairs.get(f"{first} {then.casefold()}", opening)
        odds += opening + self.offset
        two = self._length(words_before) + self._length(words_after)
        one = self._length(words_before + words_after) - math.log(max(1, words_before + words_after - 1))
        return odds + max(-LENGTH_CLIP, min(LENGTH_CLIP, two - one))

    def _length(self, words: int) -> float:
        return self.lengths[min(max(words, 1), len(self.lengths)) - 1]


def _word_class(word: str) -> str:
    if word[0].isdigit():
        return "number"
    return "capitalised" if word[0].isupper() else "lower"


@lru_cache(maxsize=4)
def load_sentence_stats(path: Path) -> SentenceStats:
    """The statistics file at `path`, read once per process; RuleError if it cannot be used."""
    data: Any = load_yaml(path, lines=False)
    if not isinstance(data, dict) or not all(key in data for key in _KEYS):
        raise RuleError(f"{path}: a sentence statistics file holds {', '.join(_KEYS)}")
    try:
        pairs_per_sentence = float(data["adjacent_pairs"]) / float(data["sentences"])
        return SentenceStats(
            start={str(k): float(v) for k, v in data["start"].items()},
            start_pairs={str(k): float(v) for k, v in data["start_pairs"].items()},
            end={str(k): float(v) for k, v in data["end"].items()},
            class_start={k: float(data["class_start"][k]) for k in ("lower", "capitalised", "number")},
            class_end={k: float(data["class_end"][k]) for k in ("lower", "capitalised", "number")},
            lengths=tuple(float(v) for v in data["lengths"]),
            offset=2 * math.log(pairs_per_sentence),
        )
    except (AttributeError, KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
        raise RuleError(f"{path}: malformed sentence statistics ({exc})") from None
