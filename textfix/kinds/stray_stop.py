"""A full stop in mid-sentence: "after the invasion. of Russia"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

import regex

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Edit, Finding, Fix
from textfix.rule import Rule
from textfix.scanner import Trigger

# word before the stop, the stop, the gap, and a word starting in lower case
_CANDIDATE = regex.compile(r"(?P<prev>[\p{L}\p{N}_'’]+)(?P<stop>\.)(?P<gap>[ \t]+)(?P<next>\p{Ll}[\p{L}\p{N}'’-]*)")
# Cheap first pass: a stop, spaces, then a letter that is not an ASCII capital.
_PREFILTER = re.compile(r"\.[ \t]+[^\W\dA-Z_]")
# The lines where that can be: a stop, spaces, then an ASCII lower-case letter or any other
# letter (lower case is checked afterwards). Also where a phrase repeats across a stop.
STOP_THEN_LOWER = Trigger(r"\.[ \t]+(?:[a-z]|[^\x00-\x7f])")
_WORD_CHARS = re.compile(r"[\w'’]+\Z")
_WORD = regex.compile(r"[\p{L}\p{N}'’-]+")


def repeated_words(text: str, stop: int, gap_end: int, longest: int = 4) -> tuple[int, int] | None:
    """Span of a phrase said twice across the stop ("they want. they want"): (first start, second end)."""
    window = max(0, stop - 80)
    before = list(_WORD.finditer(text, window, stop))[-longest:]
    after = list(_WORD.finditer(text, gap_end, gap_end + 80))[:longest]
    for size in range(min(len(before), len(after)), 0, -1):
        first, second = before[-size:], after[:size]
        if first[-1].end() != stop or second[0].start() != gap_end:
            continue
        if [m.group().casefold() for m in first] == [m.group().casefold() for m in second]:
            return first[0].start(), second[-1].end()
    return None


def _starts_line(text: str, at: int) -> bool:
    """Whether only white space stands between the line's start and `at` (looking back no
    further than that white space: a search to the start of a long line is quadratic)."""
    while at > 0 and text[at - 1] != "\n" and text[at - 1].isspace():
        at -= 1
    return at == 0 or text[at - 1] == "\n"


class StrayStopKind(BaseKind):
    """`kind: stray_stop`: a full stop followed by a lower-case word ("the invasion. of Russia").

    Options (name, type, default: meaning):

    - abbreviations (list, none): words that end in a stop without ending a sentence
      (`mr`, `etc`); initials, dotted forms, addresses and numbered list items are exempt
      anyway.
    - continuation_words (list, none): words that cannot start a sentence (`of`, `than`):
      before them the fix removes the stop. Before any other word two unsafe alternatives
      are offered (remove the stop, capitalise the word).

    Message fields: match. Default fix: safe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"abbreviations": list, "continuation_words": list}
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE
    trigger = STOP_THEN_LOWER

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.abbreviations = {str(a).rstrip(".").casefold() for a in self.option("abbreviations", [])}
        self.continuations = {str(w).casefold() for w in self.option("continuation_words", [])}

    def is_exempt(self, text: str, match: regex.Match[str]) -> bool:
        prev, following = match.group("prev"), match.group("next")
        start = match.start("prev")
        before = text[start - 1] if start else "\n"
        if before in ".@/\\:" or (before.isalnum()):
            return True  # dotted abbreviation (U.S., e.g.), address, path or URL
        if prev.casefold() in self.abbreviations or len(prev) == 1:
            return True  # Mr., etc., an initial
        if prev.isdigit() and _starts_line(text, start):
            return True  # numbered list item
        if any(c.isupper() for c in following[1:]):
            return True  # iPhone, eBay
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for hit in self.finditer(_PREFILTER, doc):
            stop = hit.start()
            if not text[hit.end() - 1].islower():
                continue
            before = _WORD_CHARS.search(text, max(0, stop - 64), stop)
            match = _CANDIDATE.match(text, before.start()) if before else None
            if match is None or match.start("stop") != stop or self.is_exempt(text, match):
                continue
            stop, following = match.start("stop"), match.group("next")
            # The span runs to the end of the next word: the lower-case start is part of the defect.
            end = match.end("next")
            message = self.format_message(match=f"{match.group('prev')}. {following}")
            if repeated_words(text, stop, match.end("gap")):
                # The repetition rule removes the doubled phrase; dropping only the stop would keep it.
                yield self.finding(stop, end, message)
                continue
            remove = Fix((Edit(stop, stop + 1, ""),), Applicability.SAFE, "remove the full stop")
            fixes: tuple[Fix, ...]
            if following.casefold() in self.continuations:
                fixes = (remove,) if self.fix_level is not None else ()
            else:
                # A new sentence that lost its capital is as likely as a stray stop: offer both, apply neither.
                next_at = match.start("next")
                capital = Edit(next_at, next_at + 1, following[0].upper())
                fixes = (
                    Fix(remove.edits, Applicability.UNSAFE, "remove the full stop"),
                    Fix((capital,), Applicability.UNSAFE, "capitalise the next word"),
                )
            yield self.finding(stop, end, message, fixes)
