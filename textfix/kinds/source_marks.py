"""A translation against its source: untranslated text, end punctuation, outer whitespace.

Each check reads the segments of a translation file that have a source (a PO msgid, an
XLIFF <source>) and compares the two texts by the target language's conventions: Greek
asks with ";", Arabic with "؟", Hindi ends a sentence with "।", Chinese and Japanese write
full-width marks, Thai needs no final stop, and French puts a space before "?".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, NamedTuple

import regex

from textfix.documents import Document
from textfix.formats.segments import Segment
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.rule import Rule, base_language


class Pair(NamedTuple):
    """A translated segment: where its text starts in the document, the text, its source
    and its language (base code, "" when unknown)."""

    start: int
    target: str
    source: str
    lang: str


def pairs(doc: Document) -> Iterator[Pair]:
    """The document's segments that have a source and a non-blank translation."""
    for start, segment in doc.segments or ():
        source = segment.source
        if source is None or source.isspace() or not source:
            continue
        text = segment.text
        if text and not text.isspace():
            yield Pair(start, text, source, _language(segment, doc))


def _language(segment: Segment, doc: Document) -> str:
    lang = segment.lang or doc.lang
    return base_language(lang) if lang else ""


# ---------------------------------------------------------------------------------------
# Untranslated text

# What a translator copies as it is: format placeholders (printf, Python, braces, ICU),
# inline codes, markup, URLs, e-mail addresses, paths, identifiers and numbers.
_CODES = regex.compile(
    r"""
      %(?:\([^)\s]{1,40}\))?[-+ #0]*(?:\d+|\*)?(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrsab%]
    | %\d+\$?[sd]?                         # %1, %1$s
    | \{[^{}\s]{0,40}\}                    # {name}, {0}
    | \$\{?\w+\}?                          # $name, ${name}
    | </?[A-Za-z][^<>]*>                   # markup
    | &[A-Za-z]+;|&\#\d+;                  # entities
    | (?:https?|ftp)://\S+ | www\.\S+
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+         # e-mail addresses
    | (?<!\w)(?:[~.]?/[\w.-]+)+/?           # paths
    | \w*[_\d]\w*                          # identifiers and numbers: snake_case, utf8, 2024
    | \w+(?:\.\w+)+                        # dotted names: settings.py, example.com
    | \uFFFC
    """,
    regex.VERBOSE,
)
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’]*")


def words(text: str) -> list[str]:
    """The words of `text` a translator would translate, in order, as written."""
    return _WORD.findall(_CODES.sub(" ", text))


class UntranslatedKind(BaseKind):
    """`kind: untranslated`: a translation that is its source again (or its source with only
    codes, numbers, case, spacing or punctuation changed).

    Options (name, type, default: meaning):

    - min_words (int, 3): the source must have this many words of two letters or more
      (placeholders, markup, URLs, identifiers and numbers are not words).
    - min_common (int, 2): of which this many are common words, not names: neither
      capitalised nor in capitals (a string of capitalised words is a name or a title:
      "Django Software Foundation").
    - keep (list, []): words that languages commonly keep as they are ("OK", "Email",
      "Internet"): they are not counted.
    - source_language (str, en): the source's language where the file does not say it;
      a target in that language is never untranslated.

    Message fields: source. No fix: only the translator knows the translation.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "min_words": int,
        "min_common": int,
        "keep": list,
        "source_language": str,
    }

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.min_words: int = self.option("min_words", 3)
        self.min_common: int = self.option("min_common", 2)
        self.keep = frozenset(str(word).casefold() for word in self.option("keep", []))
        self.source_language = base_language(self.option("source_language", "en"))

    def enough(self, found: list[str]) -> bool:
        """Enough words to translate, and enough of them common words (in lower case): a
        string of capitalised words is a name or a title ("Django Software Foundation",
        kept as "Universally Unique Identifier")."""
        counted = [w for w in found if len(w) > 1 and w.casefold() not in self.keep]
        return len(counted) >= self.min_words and sum(map(_common, counted)) >= self.min_common

    def check(self, doc: Document) -> Iterator[Finding]:
        for pair in pairs(doc):
            if pair.lang == self.source_language or not _shares_words(pair.source, pair.target):
                continue
            source = words(pair.source)
            if [w.casefold() for w in source] != [w.casefold() for w in words(pair.target)]:
                continue
            if not self.enough(source) or not self.enough(words(pair.target)):
                continue
            start, end = _core(pair.target)
            excerpt = pair.source.strip()
            excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "..."
            yield self.finding(pair.start + start, pair.start + end, self.format_message(source=excerpt))


# Runs of letters, outside the commonest placeholders ("%(name)s", "{name}").
_LETTERS = regex.compile(r"%\([^)]*\)|\{[^}]*\}|(\p{L}+)")


def _shares_words(source: str, target: str) -> bool:
    """Most of the source's runs of letters are in the target: a quick test that leaves
    out nearly every translation before codes are taken out of both texts."""
    found = [word for word in _LETTERS.findall(source.casefold()) if word]
    kept = set(_LETTERS.findall(target.casefold()))
    return sum(word in kept for word in found) * 2 >= len(found) > 0


def _common(word: str) -> bool:
    """A word in lower case: not a name, a title word or an acronym."""
    return not word[0].isupper()


def _core(text: str) -> tuple[int, int]:
    """The span of `text` without its outer whitespace."""
    start = len(text) - len(text.lstrip())
    return start, max(start, len(text.rstrip()))


# ---------------------------------------------------------------------------------------
# End punctuation

STOP, QUESTION, EXCLAMATION, COLON, ELLIPSIS = "stop", "question", "exclamation", "colon", "ellipsis"
MARK_NAMES = {
    STOP: "full stop",
    QUESTION: "question mark",
    EXCLAMATION: "exclamation mark",
    COLON: "colon",
    ELLIPSIS: "ellipsis",
}

# A final mark in any script, and what it is.
_MARKS: dict[str, str] = {
    **dict.fromkeys(".。．।॥۔։።။។།", STOP),
    **dict.fromkeys("?？؟፧", QUESTION),
    **dict.fromkeys("!！", EXCLAMATION),
    **dict.fromkeys(":：", COLON),
    **dict.fromkeys("…⋯", ELLIPSIS),
}
# Marks that are something else in one language: the Greek question mark (";", or U+037E
# which normalises to it), the Armenian full stop typed as a colon, the Ethiopic one typed as two
# colons, the Bengali visarga typed as a colon.
_LANGUAGE_MARKS: dict[str, dict[str, str]] = {
    "el": {";": QUESTION, "\u037e": QUESTION},
    "hy": {":": STOP},
    "am": {"::": STOP, "፡፡": STOP},
    "bn": {"ঃ": COLON},
}
# What may follow the final mark: closing quotes and brackets.
_CLOSERS = "\"'”’»›」』）)]】〕"

# Per language, where it differs from writing the English marks: the marks that end a
# sentence of each kind, the one a fix writes first. A kind missing is not checked (an
# Armenian question is marked on the word asked about, not at the end).
Conventions = dict[str, tuple[str, ...]]
_LATIN: Conventions = {STOP: (".",), QUESTION: ("?",), EXCLAMATION: ("!",), COLON: (":",), ELLIPSIS: ("…", "...")}
_CJK: Conventions = {
    STOP: ("。", "．"),
    QUESTION: ("？",),
    EXCLAMATION: ("！",),
    COLON: ("：",),
    ELLIPSIS: ("…", "……", "⋯", "..."),
}
_DANDA: Conventions = {**_LATIN, STOP: ("।", ".", "|")}
_ARABIC: Conventions = {**_LATIN, QUESTION: ("؟",)}
CONVENTIONS: dict[str, Conventions] = {
    "el": {**_LATIN, QUESTION: (";", "\u037e")},
    "ar": _ARABIC,
    "fa": _ARABIC,
    "ckb": _ARABIC,
    "ps": _ARABIC,
    "ug": _ARABIC,
    "ur": {**_ARABIC, STOP: ("۔", ".")},
    "zh": _CJK,
    # Japanese software writes a half-width colon as often as a full-width one, and a list
    # may follow a full stop.
    "ja": {**_CJK, COLON: ("：", ":", "。")},
    "hi": _DANDA,
    "bn": {**_DANDA, COLON: (":", "ঃ")},  # the visarga is typed for a colon
    "ne": _DANDA,
    "pa": _DANDA,
    # Armenian types ":" for its full stop "։", and "." is its colon: a colon is not checked.
    "hy": {STOP: ("։", ":"), ELLIPSIS: ("…", "...")},
    "am": {
        STOP: ("።", "::", "፡፡"),
        QUESTION: ("?", "፧"),
        EXCLAMATION: ("!",),
        COLON: (":", "፥"),
        ELLIPSIS: ("…", "..."),
    },
    "my": {**_LATIN, STOP: ("။",)},
    "km": {**_LATIN, STOP: ("។",)},
    "bo": {**_LATIN, STOP: ("།",)},
}
# A sentence ends inside the text: a mark and a space before more words.
_SENTENCE_BREAK = regex.compile(r"[.!?。！？।][\"'”’»)]*\s+\S")
# Languages whose sentences need no final stop.
_NO_STOP = frozenset({"th", "lo"})
# Languages that put a space before a high mark.
_SPACE_BEFORE = {"fr": frozenset(";:!?"), "br": frozenset(";:!?")}
# Scripts written without spaces between words: a full-width mark belongs after their text
# (and after an opening quote of theirs, once a quoted code is taken out).
_FULL_WIDTH_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}“‘「『（]")


class End(NamedTuple):
    """A text's final mark: what it is ("" for none), and where it is written."""

    kind: str
    start: int
    end: int


def final_mark(text: str, lang: str = "") -> End:
    """The mark that ends `text` (before closing quotes, brackets and outer whitespace)."""
    end = outer = len(text.rstrip())
    while end and text[end - 1] in _CLOSERS:  # French writes a space inside « »
        end = len(text[: end - 1].rstrip())
    if text.endswith("...", 0, end) or text.endswith("…", 0, end):
        start = end - (3 if text[end - 1] == "." else 1)
        while start and text[start - 1] in ".…":
            start -= 1
        return End(ELLIPSIS, start, end)
    if not end:
        return End("", outer, outer)
    for written, kind in _LANGUAGE_MARKS.get(lang, {}).items():
        if text.endswith(written, 0, end):
            return End(kind, end - len(written), end)
    char = text[end - 1]
    kind = _MARKS.get(char, "")
    # No mark: one added goes after the closing quotes.
    return End(kind, end - 1, end) if kind else End("", outer, outer)


class EndPunctuationKind(BaseKind):
    """`kind: end_punctuation`: the translation ends with the mark its source ends with, as
    the target language writes it: "?" is ";" in Greek, "؟" in Arabic, "？" after Chinese
    or Japanese text; "." is "।" in Hindi and may be left out in Thai; "..." and "…" are
    one mark; a Spanish question opens with "¿".

    Options (name, type, default: meaning):

    - marks (list, all): the source's final marks to check: stop, question, exclamation,
      colon, ellipsis.
    - min_letters (int, 5): a source with fewer letters is left alone (an abbreviation, a
      unit: "No.", "min.").

    A wrong form of the right mark is replaced (a safe fix); a missing mark is added as an
    unsafe fix; another mark has no fix. Message fields: mark (the source's, by name),
    expected (the target language's form of it), found.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"marks": list, "min_letters": int}
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.min_letters: int = self.option("min_letters", 5)
        self.marks = frozenset(self.option("marks", list(MARK_NAMES)))
        if not self.marks <= MARK_NAMES.keys():
            raise rule.error(f"marks are some of: {', '.join(MARK_NAMES)}")

    def check(self, doc: Document) -> Iterator[Finding]:
        for pair in pairs(doc):
            if sum(char.isalpha() for char in pair.source) < self.min_letters:
                continue
            found = self.compare(pair)
            if found is not None:
                yield found

    def compare(self, pair: Pair) -> Finding | None:
        source = final_mark(pair.source)
        conventions = CONVENTIONS.get(pair.lang, _LATIN)
        if source.kind not in conventions or source.kind not in self.marks:  # no mark, or not checked here
            return None
        accepted = conventions[source.kind]
        target = final_mark(pair.target, pair.lang)
        written = pair.target[target.start : target.end]
        at, start, end = pair.start, pair.start + target.start, pair.start + target.end
        if written in accepted or source.kind == target.kind == ELLIPSIS:
            if source.kind == QUESTION and pair.lang == "es" and "¿" not in pair.target:
                return self.finding(start, end, self.message(source.kind, "¿…?", "no '¿'"))
            return None
        if target.kind == source.kind:  # the right mark in another script's form
            # What the mark follows, past placeholders and closing quotes: "%(value)s." ends
            # Chinese text when the text before the placeholder is Chinese.
            before = _CODES.sub("", pair.target[: target.start]).rstrip().rstrip(_CLOSERS + "”’ ")
            if pair.lang in ("zh", "ja") and not _FULL_WIDTH_SCRIPT.match(before[-1:]):
                return None  # after Latin text or a code, a half-width mark is usual
            message = self.message(source.kind, accepted[0], f"'{written}'")
            return self.finding(start, end, message, self.replace(start, end, accepted[0]))
        if self.free(source.kind, target.kind, pair):
            return None
        if target.kind:
            return self.finding(start, end, self.message(source.kind, accepted[0], f"'{written}'"))
        message = self.message(source.kind, accepted[0], "no mark")
        fix = self.replace(start, start, self.spaced(pair, accepted[0], target.start), Applicability.UNSAFE)
        return self.finding(at + max(target.start - 1, 0), start, message, fix)

    @staticmethod
    def free(source: str, target: str, pair: Pair) -> bool:
        """Where the translator may end otherwise: an exclamation told calmly (Korean,
        Hindi and formal styles end it with a stop), a last question of several sentences
        turned into a statement ("Perhaps it was deleted?" -> "It may have been deleted."),
        and Thai and Lao, which need no final stop and mark a question with a word."""
        if source == EXCLAMATION and target in (STOP, ""):
            return True
        if source == QUESTION and target == STOP and _SENTENCE_BREAK.search(pair.source.strip()):
            return True
        return pair.lang in _NO_STOP and not target and source in (STOP, QUESTION, EXCLAMATION)

    def message(self, kind: str, expected: str, found: str) -> str:
        return self.format_message(mark=MARK_NAMES[kind], expected=expected, found=found)

    @staticmethod
    def spaced(pair: Pair, mark: str, at: int) -> str:
        """`mark` as written after the text before `at`: with a no-break space in French."""
        if mark in _SPACE_BEFORE.get(pair.lang, ()) and at and not pair.target[at - 1].isspace():
            return "\u00a0" + mark
        return mark


# ---------------------------------------------------------------------------------------
# Outer whitespace

_SPACELESS = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


class OuterWhitespaceKind(BaseKind):
    """`kind: outer_whitespace`: the translation starts and ends with the spaces and line
    breaks its source starts and ends with (a program joins it to other text with them).

    A target language written without spaces between words (Chinese, Japanese, Thai...)
    may drop an outer space, but not a line break. The fix writes the source's outer
    whitespace around the translation, which it leaves as it is. Message fields: side,
    expected, found.
    """

    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE

    def check(self, doc: Document) -> Iterator[Finding]:
        for pair in pairs(doc):
            core_start, core_end = _core(pair.target)
            source_start, source_end = _core(pair.source)
            sides = (
                ("start", pair.source[:source_start], 0, core_start),
                ("end", pair.source[source_end:], core_end, len(pair.target)),
            )
            for side, expected, start, end in sides:
                found = pair.target[start:end]
                if found == expected or self.allowed(pair.lang, expected, found):
                    continue
                message = self.format_message(side=side, expected=_show(expected), found=_show(found))
                at = pair.start
                # Point at the whitespace, or at the character beside where it is missing.
                span = (start, end) if end > start else ((0, 1) if side == "start" else (end - 1, end))
                yield self.finding(at + span[0], at + span[1], message, self.replace(at + start, at + end, expected))

    @staticmethod
    def allowed(lang: str, expected: str, found: str) -> bool:
        if lang in _SPACELESS and "\n" not in expected + found:
            return not found  # a space dropped, not one added
        # One space for another (a no-break space, a tab) is the translator's choice.
        return bool(expected) == bool(found) and expected.count("\n") == found.count("\n")


def _show(space: str) -> str:
    if not space:
        return "none"
    return repr(space)
