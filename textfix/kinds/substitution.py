"""Wrong -> right lists: whole words, matched case-insensitively, replaced in the found case."""

from __future__ import annotations

import re

from textfix.kinds import BaseKind
from textfix.model import Applicability


def match_case(found: str, right: str, wrong: str) -> str:
    """Carry the case of `found` over to `right` (lower, Title or UPPER)."""
    if found == wrong:
        return right
    if found.isupper() and len(found) > 1:
        return right.upper()
    if found[:1].isupper() and wrong[:1].islower():
        return right[:1].upper() + right[1:]
    return right


def trie_pattern(words, fold: bool) -> str:
    """One alternation with shared prefixes factored out: far faster to scan than a flat list."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.casefold() if fold else word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class Kind(BaseKind):
    OPTIONS = {"swap": dict, "ignorecase": bool}
    REQUIRED = ("swap",)
    DEFAULT_FIX = Applicability.SAFE

    def __init__(self, rule):
        super().__init__(rule)
        swap = {str(k): str(v) for k, v in rule.options["swap"].items()}
        for wrong, right in swap.items():
            if wrong.casefold() == right.casefold() and wrong == right:
                raise rule.error(f"swap '{wrong}' maps to itself")
            if right in swap:
                raise rule.error(f"swap '{wrong}' -> '{right}', but '{right}' is itself listed as wrong")
        self.ignorecase = self.option("ignorecase", True)
        self.swap = {(w.casefold() if self.ignorecase else w): (w, r) for w, r in swap.items()}
        flags = re.IGNORECASE if self.ignorecase else 0
        self.pattern = re.compile(rf"(?<![\w-]){trie_pattern(swap, self.ignorecase)}(?![\w-])", flags)

    def check(self, doc):
        for match in self.pattern.finditer(doc.text):
            found = match.group()
            wrong, right = self.swap[found.casefold() if self.ignorecase else found]
            # A word listed in lower case is a common noun; a capitalised entry must match its case.
            if wrong[:1].isupper() and found[:1].islower():
                continue
            replacement = match_case(found, right, wrong)
            yield self.finding(
                match.start(),
                match.end(),
                self.format_message(match=found, replacement=replacement),
                self.replace(match.start(), match.end(), replacement),
            )
