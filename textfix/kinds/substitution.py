"""Wrong -> right lists: whole words, matched case-insensitively, replaced in the found case."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar, TypeAlias

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.rule import Rule
from textfix.scanner import ScanResult, Trigger

# str.lower() turns each character into one, on its own, except İ (into two) and Σ (ς or σ
# by its neighbours): without them a word's lower case can be read off the text in place.
_LOWER_IN_CONTEXT = ("\u0130", "\u03a3")

# A character trie: each character leads to the trie of what may follow it; "" marks a word's end.
_Trie: TypeAlias = dict[str, "_Trie"]


def match_case(found: str, right: str, wrong: str) -> str:
    """Carry the case of `found` over to `right` (lower, Title or UPPER)."""
    if found == wrong:
        return right
    if found.isupper() and len(found) > 1:
        return right.upper()
    if found[:1].isupper() and wrong[:1].islower():
        return right[:1].upper() + right[1:]
    return right


def trie_pattern(words: Iterable[str], fold: bool) -> str:
    """One alternation with shared prefixes factored out: far faster to scan than a flat list."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word.casefold() if fold else word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class SubstitutionKind(BaseKind):
    """`kind: substitution`: wrong -> right lists, matched as whole words.

    Options (name, type, default: meaning):

    - swap (dict, required): wrong form -> right form. A form that maps to itself, or a
      right form that is itself listed as wrong, is an error.
    - ignorecase (bool, true): match without case; the replacement takes the found word's
      case (lower, Title or UPPER). A wrong form listed with a capital matches only
      capitalised text.

    Its triggers are derived from the listed words, one per word.
    Message fields: match, replacement. Default fix: safe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"swap": dict, "ignorecase": bool}
    REQUIRED: ClassVar[tuple[str, ...]] = ("swap",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        swap = {str(k): str(v) for k, v in rule.options["swap"].items()}
        for wrong, right in swap.items():
            if wrong.casefold() == right.casefold() and wrong == right:
                raise rule.error(f"swap '{wrong}' maps to itself")
            if right in swap:
                raise rule.error(f"swap '{wrong}' -> '{right}', but '{right}' is itself listed as wrong")
        self.ignorecase: bool = self.option("ignorecase", True)
        self.swap = {(w.casefold() if self.ignorecase else w): (w, r) for w, r in swap.items()}
        self.keys = sorted({w.lower() if self.ignorecase else w for w in swap}, key=lambda key: (-len(key), key))
        flags = re.IGNORECASE if self.ignorecase else 0
        self.pattern = re.compile(rf"(?<![\w-]){trie_pattern(swap, self.ignorecase)}(?![\w-])", flags)
        # One trigger per listed word: where two words end together, each must be seen.
        self.word_triggers = {Trigger(_literal(key), caseless=self.ignorecase): key for key in self.keys}

    def triggers(self) -> list[Trigger]:
        return list(self.word_triggers)

    def matches(self, text: str, lowered: str | None, scan: ScanResult | None) -> Iterator[tuple[int, int]]:
        """(start, end) of every listed word, longest first where they overlap.

        The words are found by the shared trigger scan or, without it, with str.find, which
        runs at memory speed; a regular expression with one alternative per word is tried
        at every position of the text and is far slower. `lowered` None: the scan's hits
        are compared lower-cased one by one (see _LOWER_IN_CONTEXT).
        """
        if lowered is not None and len(lowered) != len(text):
            yield from (m.span() for m in self.pattern.finditer(text))
            return
        spans = []
        for trigger, key in self.word_triggers.items():
            ends: Iterable[int]
            if scan is not None:
                ends = scan.hits(trigger)
            else:
                assert lowered is not None, "a text that was not scanned is searched lower-cased"
                ends = _ends(lowered, key)
            for end in ends:
                at = end - len(key)
                same = lowered.startswith(key, at) if lowered is not None else text[at:end].lower() == key
                if same and not _word_char(text, at - 1) and not _word_char(text, end):
                    spans.append((at, end))
        last_end = -1
        for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
            if start >= last_end:
                last_end = end
                yield start, end

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        scan = doc.scan
        if scan is not None and not all(scan.heard(t) for t in self.word_triggers):
            scan = None  # a word whose hits were not heard: every word is looked for with str.find
        lowered: str | None
        if not self.ignorecase:
            lowered = text
        elif scan is not None and not any(char in text for char in _LOWER_IN_CONTEXT):
            lowered = None  # no lower-cased copy of a large text (str.lower takes 12 bytes a character)
        else:
            lowered = doc.lowered
        for start, end in self.matches(text, lowered, scan):
            found = text[start:end]
            listed = self.swap.get(found.casefold() if self.ignorecase else found)
            if listed is None:  # a lower-cased form that is not the listed word's casefold
                continue
            wrong, right = listed
            # A word listed in lower case is a common noun; a capitalised entry must match its case.
            if wrong[:1].isupper() and found[:1].islower():
                continue
            replacement = match_case(found, right, wrong)
            yield self.finding(
                start,
                end,
                self.format_message(match=found, replacement=replacement),
                self.replace(start, end, replacement),
            )


def _ends(lowered: str, key: str) -> Iterator[int]:
    at = lowered.find(key)
    while at != -1:
        yield at + len(key)
        at = lowered.find(key, at + 1)


def _literal(word: str) -> str:
    """`word` as a Hyperscan pattern matching it literally."""
    return "".join(f"\\x{{{ord(char):x}}}" if not char.isalnum() else char for char in word)


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] in "_-")
