"""How common a word is in the language, from wordfreq's frequency lists.

wordfreq is imported on first use (about 0.2 s with its English list), so nothing here may
be called while the default rule set checks a document: only the grammar pass and rules
that opt in pay for it.

A word is known when it is at least as frequent as `KNOWN_ZIPF` (or is a known word with a
common prefix or suffix: "unshredded", "broadbanders") and is not a slip of a far more common
word. The second half matters because common misspellings are common enough to be in any
web-scale list: "recieve" (Zipf 2.75), "teh" (3.04) and "goverment" (2.66) are as frequent as
"psychosocial" (2.88) or "Gaddafi" (3.16). What tells them apart is that a misspelling sits
one edit (a letter left out, added, changed, or two swapped) from a word tens of times more
frequent ("receive" 4.9, "the" 7.7), and a rare word does not.

The three thresholds were chosen together (bench/precision.py, bench/grammar_planted.py; see
docs/grammar.md): of 81 common misspellings Harper flags, 79 stay flagged, and of the 579
complaints about lower-case words Harper makes on the tune half of the clean prose, 156 stay
(many of them the BBC text's own typos: "reseach", "annoucement").
"""

from __future__ import annotations

import math
import string
from functools import cache
from typing import Any

# The floor below which a word is unknown: about once in 100 million words. Words between it
# and 2.5 are mostly rare words of news prose ("reoffending", "backbenchers"), not misspellings.
KNOWN_ZIPF = 1.0
# A word at least this frequent is never a slip ("form" is one edit from "from").
NEVER_A_SLIP_ZIPF = 4.0
# A slip's neighbour is at least this much more frequent (Zipf is log10: 30 times)...
SLIP_MARGIN = 1.5
# ...and at least this frequent itself; for a word the lexicon does not know, this frequent.
SLIP_TARGET_ZIPF = 4.0
UNKNOWN_SLIP_TARGET_ZIPF = 2.5
# A spell checker's suggestion is a slip's word only this close (letters left out, added,
# changed or swapped): "buttnumbathon" is no slip of "button".
MAX_SLIP_DISTANCE = 2
# Shorter words are slips only of two letters swapped ("teh").
MIN_SLIP_LENGTH = 5
# Affixes that make a word of a known word ("un" + "shredded"); the base must be this frequent.
PREFIXES = tuple(
    "anti co counter de dis inter mega micro mis multi neuro non out over post pre re self semi sub super tele "
    "un under".split()
)
SUFFIXES = ("s", "es", "ers", "er", "ing", "ed", "ness", "ity", "ism", "ist", "ian", "able", "ly", "less", "ment")
BASE_ZIPF = 3.0

_LETTERS = string.ascii_lowercase


@cache
def _wordfreq() -> Any:
    import wordfreq

    return wordfreq


@cache
def _frequencies(lang: str) -> dict[str, float]:
    """Zipf values of the words at least as frequent as `UNKNOWN_SLIP_TARGET_ZIPF`: the only
    words a slip can be a slip of."""
    floor = 10 ** (UNKNOWN_SLIP_TARGET_ZIPF - 9)
    table: dict[str, float] = _wordfreq().get_frequency_dict(lang)
    return {word: math.log10(freq) + 9 for word, freq in table.items() if freq >= floor}


@cache
def zipf(word: str, lang: str = "en") -> float:
    """wordfreq's Zipf frequency of `word` in any case: log10 of its uses per billion words
    (7 for "the", 3 for a word met once in a long novel, 0 if unseen)."""
    value: float = _wordfreq().zipf_frequency(word, lang)
    return value


def is_known_word(word: str, lang: str = "en") -> bool:
    """Whether `word` is a word of the language: frequent enough, and not a slip of a word
    far more frequent ("recieve", "teh" are not known words).

    >>> [is_known_word(w) for w in ("psychosocial", "Gaddafi", "unshredded", "recieve", "teh", "Tchaikovksy")]
    [True, True, True, False, False, False]
    """
    return in_lexicon(word, lang) and slip_of(word, lang) is None


def in_lexicon(word: str, lang: str = "en") -> bool:
    """Whether `word` is frequent enough, or made of a frequent word with a common affix, to be
    a word of the language, slip or not ("teh" is in the lexicon; it is no known word)."""
    return zipf(word, lang) >= KNOWN_ZIPF or derived(word, lang)


@cache
def derived(word: str, lang: str = "en") -> bool:
    """Whether `word` is a frequent word with a common prefix or suffix ("unrecycled",
    "sentencers": "sentence" + "rs"), as a spell checker's affix rules would have it.

    >>> derived("unrecycled"), derived("broadbanders"), derived("restructuing")
    (True, True, False)
    """
    folded = word.casefold()
    for prefix in PREFIXES:
        if (
            folded.startswith(prefix)
            and len(folded) - len(prefix) >= 4
            and zipf(folded[len(prefix) :], lang) >= BASE_ZIPF
        ):
            return True
    for suffix in SUFFIXES:
        base = folded.removesuffix(suffix)
        if base != folded and len(base) >= 4 and max(zipf(base, lang), zipf(base + "e", lang)) >= BASE_ZIPF:
            return True
    return False


@cache
def slip_of(word: str, lang: str = "en", suggestions: tuple[str, ...] = ()) -> str | None:
    """The far more frequent word that `word` is a slip of, if any: one of `suggestions` (a
    spell checker's, for slips of two edits, or the word with an apostrophe), else a word one
    edit away (`_slips`). A short word is taken only for a slip of two letters swapped, or of
    one left out. A word the lexicon does not know needs a less frequent neighbour than one it
    knows ("folllowing" and "pheremones" are slips; "gameplan" is no slip of "gamelan").

    >>> slip_of("goverment"), slip_of("teh"), slip_of("form"), slip_of("psychosocial")
    ('government', 'the', None, None)
    >>> slip_of("cente"), slip_of("succesfull"), slip_of("succesfull", suggestions=("successful",))
    ('center', None, 'successful')
    >>> slip_of("dont"), slip_of("dont", suggestions=("don't",))
    (None, "don't")
    >>> slip_of("buttnumbathon", suggestions=("button",)), slip_of("pheremones")
    (None, 'pheromones')
    """
    folded = word.casefold()
    own = zipf(folded, lang)
    for suggestion in suggestions:
        other = suggestion.casefold()
        # "dont" for "don't": frequent in web text, yet a slip however frequent.
        if other.replace("'", "").replace("’", "") == folded != other and zipf(other, lang) > own:
            return other
    if own >= NEVER_A_SLIP_ZIPF or not folded.isalpha():
        return None
    target = SLIP_TARGET_ZIPF if in_lexicon(folded, lang) else UNKNOWN_SLIP_TARGET_ZIPF
    floor = max(own + SLIP_MARGIN, target)
    for suggestion in suggestions:
        other = suggestion.casefold()
        if other.isalpha() and other[:1] == folded[:1] and _close(folded, other) and zipf(other, lang) >= floor:
            return other
    frequencies = _frequencies(lang)
    best, best_zipf = None, floor
    for candidate in _slips(folded):
        value = frequencies.get(candidate, 0.0)
        if value >= best_zipf:
            best, best_zipf = candidate, value
    return best


def _close(word: str, other: str) -> bool:
    """Whether `other` is near enough to `word` for `word` to be a slip of it (see `_slips`)."""
    if len(word) < MIN_SLIP_LENGTH:
        return other in _swaps(word) or (len(word) >= 4 and other in _slips(word))
    from rapidfuzz.distance import OSA

    return bool(OSA.distance(word, other) <= MAX_SLIP_DISTANCE)


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _slips(word: str) -> set[str]:
    """The words `word` may be a slip of: two letters swapped ("teh"); in a word of four letters
    or more, a letter left out ("wich"); in one of `MIN_SLIP_LENGTH` or more, also a letter added
    or changed. The first letter is kept: people rarely get it wrong. Nearly every short word is
    one letter from a far more frequent one ("axe" from "are", "goth" from "got")."""
    edits = _swaps(word)
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    if len(word) >= 4:
        edits |= {a + c + b for a, b in splits for c in _LETTERS}
    if len(word) >= MIN_SLIP_LENGTH:
        edits |= {a + b[1:] for a, b in splits if b}
        edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits.discard(word)
    return edits
