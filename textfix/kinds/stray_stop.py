"""A full stop in mid-sentence: "after the invasion. of Russia"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import regex

from textfix.datafiles import load_yaml
from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Edit, Finding, Fix
from textfix.rule import Rule, base_language
from textfix.scanner import Trigger
from textfix.sentence_stats import WORD, SentenceStats, load_sentence_stats

# word before the stop, the stop, the gap, and a word starting in lower case
_CANDIDATE = regex.compile(r"(?P<prev>[\p{L}\p{N}_'’]+)(?P<stop>\.)(?P<gap>[ \t]+)(?P<next>\p{Ll}[\p{L}\p{N}'’-]*)")
# Cheap first pass: a stop, spaces, then a letter that is not an ASCII capital.
_PREFILTER = re.compile(r"\.[ \t]+[^\W\dA-Z_]")
# The lines where that can be: a stop, spaces, then an ASCII lower-case letter or any other
# letter (lower case is checked afterwards). Also where a phrase repeats across a stop.
STOP_THEN_LOWER = Trigger(r"\.[ \t]+(?:[a-z]|[^\x00-\x7f])")
_WORD_CHARS = re.compile(r"[\w'’]+\Z")
_WORD = regex.compile(r"[\p{L}\p{N}'’-]+")
# Where a sentence ends: a stop, ! or ? with closing quotes or brackets and then white space,
# or a line break.
_SENTENCE_END = regex.compile(r"[.!?][\"”’')\]]*(?=\s|\Z)|\n")
_NEXT_WORD = regex.compile(r" ([\p{L}\p{N}][\p{L}\p{N}'’-]*)")
# How far to look for the sentence ends around the stop: far enough for any real sentence.
_REACH = 400
# Words that may come before a question's opener: "And why did ...?"
_LINKS = frozenset({"and", "but", "so", "or"})
_OPENING_QUOTE = regex.compile(r"(?:(?<=^|[\s(:])[\"'‘]|“)(?=\p{L})")


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
      before them the fix removing the stop is safe, unless the words after them end in a
      question mark (`was` can open a question) or the statistics see a sentence opening
      ("Of course").
    - statistics (str, none): a sentence statistics file, relative to the rule file (see
      `textfix.sentence_stats`). Before any other word, it weighs a stray stop against a
      sentence that lost its capital, and picks one as an unsafe fix when the log odds are
      clear; without it, or when they are not, both are offered and neither applied.
    - remove_below (number, 0): remove the stop when the log odds of a sentence end are
      below this.
    - capitalise_above (number, 1): capitalise the next word when they are above this. A
      wrong capital would dress the stray stop up as a sentence end, so it asks for more.
    - question_openers (list, none): the words that can open a question ("was", "do",
      "why"). The statistics come from statements: when the words after the stop end in a
      question mark and the next word is one of these, the words before the stop decide.
      If the sentence (or the quotation) before the stop opens with one of these too
      ("Why did the plan. fail?"; after "and", "but", "so" or "or"), the question began
      there and the stop is removed; otherwise a statement ended and the next word is
      capitalised ("It rose. was it paid?"); with under three words before the stop, both
      fixes are offered and neither applied. Before other words the statistics decide as in
      a statement ("So how will Japan's. finances stay on track?"). Without the option
      every word counts as one and both fixes are offered.

    - language_data (str, none): a file, relative to the rule file, of the conventions of
      other languages: language code -> `abbreviations` and `continuation_words` (as above),
      and `ordinals` (a number before the stop is an ordinal: "am 3. großen Tag"). In text
      known to be in such a language these replace the options above, there are no
      statistics and no question openers (both fixes are offered unless the next word is a
      continuation word), and a one-letter word before the stop is an abbreviation. Text
      known to be in a language neither English nor listed is left alone.

    A word in a script whose sentences do not start with a capital (Georgian) is never taken
    for a lost capital or the sign of a stray stop.

    Message fields: match. Default fix: safe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "abbreviations": list,
        "continuation_words": list,
        "statistics": str,
        "remove_below": (int, float),
        "capitalise_above": (int, float),
        "question_openers": list,
        "language_data": str,
    }
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE
    trigger = STOP_THEN_LOWER

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        statistics = self.option("statistics")
        self.statistics_path = rule.origin.parent / statistics if statistics else None
        if self.statistics_path is not None and not self.statistics_path.is_file():
            raise rule.error(f"statistics file not found: {self.statistics_path}")
        self.remove_below = float(self.option("remove_below", 0.0))
        self.capitalise_above = float(self.option("capitalise_above", 1.0))
        openers = self.option("question_openers")
        self.question_openers = None if openers is None else {str(w).casefold() for w in openers}
        if self.remove_below > self.capitalise_above:
            raise rule.error("remove_below must not be above capitalise_above")
        self.english = _Conventions(
            frozenset(str(a).rstrip(".").casefold() for a in self.option("abbreviations", [])),
            frozenset(str(w).casefold() for w in self.option("continuation_words", [])),
        )
        data = self.option("language_data")
        self.languages = _language_data(rule, rule.origin.parent / data) if data else {}

    def conventions(self, lang: str | None) -> _Conventions | None:
        """The conventions of text in `lang` (English where unknown); None for a language
        the rule has none for."""
        code = base_language(lang) if lang else "en"
        return self.english if code == "en" else self.languages.get(code)

    @property
    def statistics(self) -> SentenceStats | None:
        """The statistics, read on first use: a run with no candidate never loads them."""
        if self.statistics_path is None:
            return None
        return load_sentence_stats(self.statistics_path)

    def is_exempt(self, text: str, match: regex.Match[str], conventions: _Conventions) -> bool:
        prev, following = match.group("prev"), match.group("next")
        start = match.start("prev")
        before = text[start - 1] if start else "\n"
        if before in ".@/\\:" or (before.isalnum()):
            return True  # dotted abbreviation (U.S., e.g.), address, path or URL
        if prev not in ("A", "I") and (
            prev.casefold() in conventions.abbreviations or (len(prev) == 1 and prev.isupper())
        ):
            return True  # Mr., etc., an initial (but "A" and "I" are words)
        if len(prev) == 1 and conventions is not self.english:
            return True  # "p.", "т.", "r.": abbreviations outside English
        if prev.isdigit() and (conventions.ordinals or _starts_line(text, start)):
            return True  # numbered list item, or an ordinal
        if any(c.isupper() for c in following[1:]) or following[0].title() == following[0]:
            return True  # iPhone, eBay; a script without capitals at sentence starts
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        conventions = self.conventions(doc.lang)
        if conventions is None:
            return
        english = conventions is self.english
        text = doc.text
        for hit in self.finditer(_PREFILTER, doc):
            stop = hit.start()
            if not text[hit.end() - 1].islower():
                continue
            before = _WORD_CHARS.search(text, max(0, stop - 64), stop)
            match = _CANDIDATE.match(text, before.start()) if before else None
            if match is None or match.start("stop") != stop or self.is_exempt(text, match, conventions):
                continue
            stop, following = match.start("stop"), match.group("next")
            # The span runs to the end of the next word: the lower-case start is part of the defect.
            end = match.end("next")
            message = self.format_message(match=f"{match.group('prev')}. {following}")
            if repeated_words(text, stop, match.end("gap")):
                # The repetition rule removes the doubled phrase; dropping only the stop would keep it.
                yield self.finding(stop, end, message)
                continue
            next_at = match.start("next")
            remove = Fix((Edit(stop, stop + 1, ""),), Applicability.SAFE, "remove the full stop")
            capital = Fix(
                (Edit(next_at, next_at + 1, following[0].upper()),), Applicability.UNSAFE, "capitalise the next word"
            )
            before_words, after_words, question, opener = _pieces(text, stop, next_at)
            openers = self.question_openers if english else None
            question = question and (openers is None or following.casefold() in openers)
            odds = None if question or not english else self.boundary_odds(text, match, before_words, after_words)
            fixes: tuple[Fix, ...]
            if question and openers is not None and before_words >= 3:
                # The statistics come from statements. Before a question mark, "was" or "why"
                # opens the question unless it began before the stop ("Why did the plan. fail?").
                asked = opener in openers
                fixes = (Fix(remove.edits, Applicability.UNSAFE, remove.title),) if asked else (capital,)
            elif question:
                # Too little before the stop to tell: offer both, apply neither.
                fixes = (Fix(remove.edits, Applicability.UNSAFE, remove.title), capital)
            elif following.casefold() in conventions.continuations and (odds is None or odds <= self.capitalise_above):
                fixes = (remove,)  # unless the statistics see a sentence open: "Of course, ..."
            elif odds is not None and odds < self.remove_below:
                fixes = (Fix(remove.edits, Applicability.UNSAFE, remove.title),)
            elif odds is not None and odds > self.capitalise_above:
                fixes = (capital,)
            else:
                # Either reading is likely: offer both, apply neither.
                fixes = (Fix(remove.edits, Applicability.UNSAFE, remove.title), capital)
            if len(fixes) == 1 and self.fix_level is None:
                fixes = ()
            yield self.finding(stop, end, message, fixes)

    def boundary_odds(self, text: str, match: regex.Match[str], before_words: int, after_words: int) -> float | None:
        """Log odds that the stop ends a sentence whose successor lost its capital (rather than
        being stray); None without statistics."""
        statistics = self.statistics
        if statistics is None:
            return None
        before = match.group("prev").strip("'’_")
        if not before:
            return None  # a quote mark, not a word, before the stop
        then = _NEXT_WORD.match(text, match.end("next"))
        return statistics.boundary_odds(
            before,
            match.group("next"),
            then.group(1) if then else None,
            before_words,
            after_words,
        )


class _Conventions(NamedTuple):
    """How a language writes what the rule looks at."""

    abbreviations: frozenset[str]
    continuations: frozenset[str]
    ordinals: bool = False


def _language_data(rule: Rule, path: Path) -> dict[str, _Conventions]:
    """The `language_data` file: language code -> its conventions. RuleError if unusable."""
    if not path.is_file():
        raise rule.error(f"language data file not found: {path}")
    data: Any = load_yaml(path, lines=False)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise rule.error(f"{path}: a language data file maps language codes to their abbreviations")

    def words(values: Any) -> frozenset[str]:
        return frozenset(str(w).rstrip(".").casefold() for w in values or [])

    return {
        base_language(str(lang)): _Conventions(
            words(given.get("abbreviations")), words(given.get("continuation_words")), bool(given.get("ordinals"))
        )
        for lang, given in data.items()
    }


def _pieces(text: str, stop: int, next_at: int) -> tuple[int, int, bool, str]:
    """Words from the sentence end before `stop` up to it, words from `next_at` to the next
    sentence end, whether that end is a question mark, and the first word before the stop
    (case-folded; of the last quotation opened, if any; after a leading "and", "but", "so"
    or "or")."""
    window = text[max(0, stop - _REACH) : stop]
    ends = list(_SENTENCE_END.finditer(window))
    piece = window[ends[-1].end() :] if ends else window
    before = WORD.findall(piece)
    after = text[next_at : next_at + _REACH]
    end = _SENTENCE_END.search(after)
    if end is not None:
        after = after[: end.start()]
    quoted = _OPENING_QUOTE.findall(piece)  # a question may open inside a quotation
    leading = [word.casefold() for word in WORD.findall(piece.rsplit(quoted[-1], 1)[-1] if quoted else piece)[:2]]
    opener = leading[1] if len(leading) == 2 and leading[0] in _LINKS else (leading[0] if leading else "")
    return len(before), len(WORD.findall(after)), end is not None and end.group().startswith("?"), opener
