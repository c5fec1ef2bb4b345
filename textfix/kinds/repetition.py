"""Repeated words: "the the", and a phrase repeated across a stray stop ("they want. they want")."""

from __future__ import annotations

import re

import regex

from textfix.kinds import BaseKind
from textfix.kinds.stray_stop import STOP_THEN_LOWER, repeated_words
from textfix.model import Applicability

# A word, its gap and the same word again (the backreference compares case-blind).
_TWICE = r"\b(\w++)[ \t]++(?i:\1)\b"
_TWICE_AT_START = re.compile(_TWICE)
# A doubled word that does not open the text follows a non-word character, and every such
# character is outside [a-zA-Z0-9_]. Searching for that character first lets the engine skip
# ahead through plain prose, where \b\w+ would be tried at every position.
_TWICE_AFTER = re.compile(f"[^a-zA-Z0-9_]{_TWICE}")
_STOP_BEFORE_LOWER = regex.compile(r"(?<=[\p{L}\p{N}])\.[ \t]+(?=\p{Ll})")


class Kind(BaseKind):
    OPTIONS = {"mode": str, "allowed": list, "safe_words": list}
    REQUIRED = ("mode",)
    DEFAULT_FIX = Applicability.UNSAFE

    def __init__(self, rule):
        super().__init__(rule)
        self.mode = rule.options["mode"]
        if self.mode not in ("doubled-word", "across-stop"):
            raise rule.error("mode must be 'doubled-word' or 'across-stop'")
        self.allowed = {str(w).casefold() for w in self.option("allowed", [])}
        self.safe_words = {str(w).casefold() for w in self.option("safe_words", [])}

    def triggers(self):
        return [STOP_THEN_LOWER] if self.mode == "across-stop" else []

    def check(self, doc):
        return self.doubled(doc.text) if self.mode == "doubled-word" else self.across_stop(doc)

    def doubled(self, text):
        for start, gap, end in doubled_words(text):
            word = text[start:gap]
            if not word.isalpha() or text[start - 1 : start] in ("-", "'", "’") or text[end : end + 1] in ("-", "'", "’"):
                continue
            second = text[end - len(word) : end]
            if word.casefold() in self.allowed:
                continue
            if word[0].isupper() and second[0].isupper():
                continue  # a name such as "Walla Walla" or "Sirhan Sirhan"
            level = Applicability.SAFE if word.casefold() in self.safe_words else self.fix_level
            message = self.format_message(match=text[start:end])
            yield self.finding(start, end, message, self.replace(gap, end, "", level))

    def across_stop(self, doc):
        text = doc.text
        for match in (m for lo, hi in self.windows(doc, STOP_THEN_LOWER) for m in _STOP_BEFORE_LOWER.finditer(text, lo, hi)):
            span = repeated_words(text, match.start(), match.end())
            if span is None:
                continue
            first, end = span
            phrase = text[match.end() : end]
            yield self.finding(first, end, self.format_message(match=phrase), self.replace(match.start(), end, ""))


def doubled_words(text):
    """(start, end of the first word, end) of each "word word", leftmost first and not
    overlapping: "the the the" is one."""
    match = _TWICE_AT_START.match(text) or _TWICE_AFTER.search(text)
    while match:
        yield match.start(1), match.end(1), match.end()
        match = _TWICE_AFTER.search(text, match.end() - 1)
