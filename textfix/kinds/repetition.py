"""Repeated words: "the the", and a phrase repeated across a stray stop ("they want. they want")."""

from __future__ import annotations

import re

import regex

from textfix.kinds import BaseKind
from textfix.kinds.stray_stop import repeated_words
from textfix.model import Applicability

_DOUBLED = re.compile(r"\b(?P<word>\w+)(?P<gap>[ \t]+)(?P=word)\b", re.IGNORECASE)
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

    def check(self, doc):
        return self.doubled(doc.text) if self.mode == "doubled-word" else self.across_stop(doc.text)

    def doubled(self, text):
        for match in _DOUBLED.finditer(text):
            word = match.group("word")
            if not word.isalpha() or text[match.start() - 1 : match.start()] in ("-", "'", "’") or text[match.end() : match.end() + 1] in ("-", "'", "’"):
                continue
            second = text[match.start("gap") + len(match.group("gap")) : match.end()]
            if word.casefold() in self.allowed:
                continue
            if word[0].isupper() and second[0].isupper():
                continue  # a name such as "Walla Walla" or "Sirhan Sirhan"
            level = Applicability.SAFE if word.casefold() in self.safe_words else self.fix_level
            start = match.start("gap")
            yield self.finding(
                match.start(),
                match.end(),
                self.format_message(match=match.group()),
                self.replace(start, match.end(), "", level),
            )

    def across_stop(self, text):
        for match in _STOP_BEFORE_LOWER.finditer(text):
            span = repeated_words(text, match.start(), match.end())
            if span is None:
                continue
            first, end = span
            phrase = text[match.end() : end]
            yield self.finding(first, end, self.format_message(match=phrase), self.replace(match.start(), end, ""))
