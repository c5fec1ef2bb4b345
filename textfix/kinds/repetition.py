"""Repeated words: "the the", and a phrase repeated across a stray stop ("they want. they want")."""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar, Protocol, TypeAlias

import regex

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.kinds.stray_stop import STOP_THEN_LOWER, repeated_words
from textfix.model import Applicability, Finding
from textfix.pcre import pcre2
from textfix.rule import Rule, base_language
from textfix.scanner import Piece, Trigger, code_points

# A word, its gap and the same word again (the backreference compares case-blind).
_TWICE = r"\b(\w++)[ \t]++(?i:\1)\b"
_TWICE_AT_START = re.compile(_TWICE)
# A doubled word that does not open the text follows a non-word character, and every such
# character is outside [a-zA-Z0-9_]. Searching for that character first lets the engine skip
# ahead through plain prose, where \b\w+ would be tried at every position.
_TWICE_AFTER = re.compile(f"[^a-zA-Z0-9_]{_TWICE}")
# The same searches in the UTF-8 bytes of a scanned text. On a line of ASCII and non-word
# punctuation, ASCII's \w and case are Unicode's, and bytes are searched faster: twice as
# fast by the stdlib engine, five times by PCRE2's compiled one.
_TWICE_OPENING_BYTES = rb"(\w++)[ \t]++(?i:\1)\b"
_TWICE_IN_BYTES = rb"\W(\w++)[ \t]++(?i:\1)\b"
# Non-ASCII characters that are never part of a word: quotes, dashes, spaces, common symbols.
_NON_WORD = (
    "\u00a0\u00a3\u00a7\u00a9\u00ab\u00ae\u00b0\u00b1\u00b7\u00bb\u00d7\u2002-\u200b\u2010-\u2015\u2018-\u201f"
    "\u2020\u2022\u2026\u202f\u2030\u2032\u2033\u2039\u203a\u20ac\u2122\u2192\u2212\ufeff"
)
# A line holding any other non-ASCII character (a letter, the Kelvin sign...) is searched as text.
NOT_PLAIN = Trigger("[^\\x{0}-\\x{7f}" + re.sub(r"[^\-]", lambda m: f"\\x{{{ord(m[0]):x}}}", _NON_WORD) + "]")
_STOP_BEFORE_LOWER = regex.compile(r"(?<=[\p{L}\p{N}])\.[ \t]+(?=\p{Ll})")

# Languages that elide an article or pronoun before a word ("l’objet", "n’existe",
# "dell’anno"): the word after the apostrophe is a whole word that may be doubled.
_ELIDING = frozenset({"fr", "it", "ca", "oc"})
_ELISION = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,4}['’]\Z")
# A doubled word found: (its start, the end of its first occurrence, the end of the second).
Doubled: TypeAlias = tuple[int, int, int]


class _BytesMatch(Protocol):
    """What is read of a match in bytes, by the stdlib's engine or PCRE2's."""

    def start(self, group: int = 0, /) -> int: ...

    def end(self, group: int = 0, /) -> int: ...


class RepetitionKind(BaseKind):
    """`kind: repetition`: repeated words.

    Options (name, type, default: meaning):

    - mode (str, required): `doubled-word` ("the the") or `across-stop` ("they want. they
      want": the fix removes the stop and the repeated phrase).
    - allowed (list, none; doubled-word): words whose doubling is grammatical ("had had").
      Never flagged either: two capitalised words ("Walla Walla"), a word followed by its
      capitalised self ("law lord Lord Bingham") and a word said three times or more ("no no
      no").
    - allowed_in (dict, none; doubled-word): language code -> more words whose doubling is
      grammatical in text of that language (German "die die", French "nous nous").
    - safe_words (list, none; doubled-word): English words whose doubling is never right:
      removing one is a safe fix whatever the rule's `fix`, in text not known to be in
      another language.

    A "word" that is part of a longer one is never taken for a doubled word: one next to a
    combining mark or a zero-width joiner (a Devanagari consonant before its vowel sign), or
    glued to a placeholder (`%(name)s s`).

    Message fields: match. Default fix: unsafe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "mode": str,
        "allowed": list,
        "allowed_in": dict,
        "safe_words": list,
    }
    REQUIRED: ClassVar[tuple[str, ...]] = ("mode",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.UNSAFE

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.mode: str = rule.options["mode"]
        if self.mode not in ("doubled-word", "across-stop"):
            raise rule.error("mode must be 'doubled-word' or 'across-stop'")
        self.allowed = {str(w).casefold() for w in self.option("allowed", [])}
        self.safe_words = {str(w).casefold() for w in self.option("safe_words", [])}
        self.allowed_in = {
            base_language(str(lang)): self.allowed | {str(w).casefold() for w in words}
            for lang, words in self.option("allowed_in", {}).items()
        }
        self.trigger = STOP_THEN_LOWER if self.mode == "across-stop" else NOT_PLAIN

    def check(self, doc: Document) -> Iterator[Finding]:
        return self.doubled(doc) if self.mode == "doubled-word" else self.across_stop(doc)

    def doubled(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        lang = base_language(doc.lang) if doc.lang else None
        allowed = self.allowed_in.get(lang, self.allowed) if lang else self.allowed
        safe_words = self.safe_words if lang in (None, "en") else set()
        for start, gap, end in doubled_words(doc, list(self.windows(doc, self.trigger))):
            word = text[start:gap]
            if not word.isalpha() or _glued(text[end : end + 1], "-'’"):
                continue
            if _glued(text[start - 1 : start], "-'’)%") and not (lang in _ELIDING and _ELISION.search(text, 0, start)):
                continue
            second = text[end - len(word) : end]
            if word.casefold() in allowed:
                continue
            if second[0].isupper() and (word[0].isupper() or second[1:].islower()):
                continue  # a name ("Walla Walla", "law lord Lord Bingham") or a heading's end
            if _said_again(text, start, end, word):
                continue  # "no no no"
            level = Applicability.SAFE if word.casefold() in safe_words else self.fix_level
            message = self.format_message(match=text[start:end])
            yield self.finding(start, end, message, self.replace(gap, end, "", level))

    def across_stop(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for match in self.finditer(_STOP_BEFORE_LOWER, doc):
            span = repeated_words(text, match.start(), match.end())
            if span is None or text[match.end()].title() == text[match.end()]:
                continue  # no repetition; or a script whose sentences start without a capital
            first, end = span
            phrase = text[match.end() : end]
            yield self.finding(first, end, self.format_message(match=phrase), self.replace(match.start(), end, ""))


def _glued(char: str, joining: str) -> bool:
    """Whether a word next to `char` goes on through it: one of `joining` (a hyphen, an
    apostrophe; before the word, the end of a placeholder: `%(name)s s`), a combining mark or
    a zero-width joiner (Indic and Arabic scripts: Python's \\w leaves marks out)."""
    return bool(char) and (char in joining or char in "\u200c\u200d" or unicodedata.category(char)[0] == "M")


def _said_again(text: str, start: int, end: int, word: str) -> bool:
    """Whether the word comes a third time, before or after the pair: said on purpose."""
    after = re.match(r"[ \t]+(\w+)", text[end : end + len(word) + 8])
    before = re.search(r"(\w+)[ \t]+\Z", text[max(0, start - len(word) - 8) : start])
    folded = word.casefold()
    return any(m is not None and m.group(1).casefold() == folded for m in (after, before))


def doubled_words(doc: Document, others: Sequence[tuple[int, int]]) -> list[Doubled]:
    """(start, end of the first word, end) of each "word word", leftmost first and not
    overlapping: "the the the" is one. `others` are the lines that may hold non-ASCII letters
    (all of the text, unless it was scanned)."""
    scan = doc.scan
    pieces = scan.pieces if scan is not None and scan.heard(NOT_PLAIN) else None
    if not pieces:
        return list(_doubled_in_text(doc.text, 0, len(doc.text)))
    found = [span for lo, hi in others for span in _doubled_in_text(doc.text, lo, hi)]
    # Matches never span lines: the plain lines are searched as bytes.
    starts = [lo for lo, _ in others]
    for span in _doubled_in_bytes(pieces, doc.text):
        at = bisect.bisect_right(starts, span[0]) - 1
        if at < 0 or span[0] >= others[at][1]:
            found.append(span)
    return sorted(found)


def _doubled_in_text(text: str, lo: int, hi: int) -> Iterator[Doubled]:
    match = _TWICE_AT_START.match(text, 0, hi) if lo == 0 else None
    match = match or _TWICE_AFTER.search(text, max(lo - 1, 0), hi)
    while match:
        yield match.start(1), match.end(1), match.end()
        match = _TWICE_AFTER.search(text, match.end() - 1, hi)


@functools.cache
def _bytes_searches() -> tuple[Callable[[bytes], _BytesMatch | None], Callable[[bytes, int], Iterator[_BytesMatch]]]:
    """(match at the start, search after it): PCRE2's where installed, else the stdlib's."""
    engine = pcre2() or re
    return engine.compile(_TWICE_OPENING_BYTES).match, engine.compile(_TWICE_IN_BYTES).finditer


def _doubled_in_bytes(pieces: list[Piece], text: str) -> Iterator[Doubled]:
    opening, after = _bytes_searches()
    for piece in pieces:  # each starts a line
        data = piece.utf8(text)
        first = opening(data)
        found = ([first] if first else []) + list(after(data, first.end() if first else 0))
        matches = [(m.start(1), m.end(1), m.end()) for m in found]
        if piece.ascii:
            yield from ((piece.base + s, piece.base + g, piece.base + e) for s, g, e in matches)
            continue
        offsets = code_points(data, {at for span in matches for at in span})
        yield from ((piece.base + offsets[s], piece.base + offsets[g], piece.base + offsets[e]) for s, g, e in matches)
