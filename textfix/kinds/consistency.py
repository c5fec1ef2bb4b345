"""One document, two forms of the same thing ("Mr" and "Mr."): flag the less used form."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import ClassVar

import regex

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.kinds.pattern import check_template, rule_trigger
from textfix.model import Applicability, Finding
from textfix.rule import Rule


class ConsistencyKind(BaseKind):
    """`kind: consistency`: one document, two forms of one thing ("Mr" and "Mr.").

    Options (name, type, default: meaning):

    - forms (list, required): two or more mappings of `pattern` and `replace`. The less used
      forms are flagged and rewritten with the most used form's `replace` template (on a
      tie, the form listed first). Where the patterns have a group named `key`, forms are
      counted separately for each value of it.
    - trigger (str, none): as for `pattern`.

    Message fields: match, preferred, count, total. Default fix: unsafe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"forms": list, "trigger": str}
    REQUIRED: ClassVar[tuple[str, ...]] = ("forms",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.UNSAFE

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        forms = rule.options["forms"]
        if len(forms) < 2 or not all(isinstance(f, dict) and set(f) == {"pattern", "replace"} for f in forms):
            raise rule.error("'forms' lists two or more mappings with 'pattern' and 'replace'")
        try:
            self.forms: list[tuple[regex.Pattern[str], str]] = [
                (regex.compile(f["pattern"], regex.VERSION1), f["replace"]) for f in forms
            ]
        except regex.error as exc:
            raise rule.error(f"invalid form pattern: {exc}") from None
        for pattern, _ in self.forms:  # the most used form's template expands the others' matches
            for _, template in self.forms:
                check_template(rule, pattern, template)
        self.trigger = rule_trigger(rule)

    def check(self, doc: Document) -> Iterator[Finding]:
        # Forms are compared within a key (the title word, when the patterns name a `key` group).
        buckets: dict[str, list[list[regex.Match[str]]]] = defaultdict(lambda: [[] for _ in self.forms])
        for index, (pattern, _) in enumerate(self.forms):
            for match in self.search(pattern, doc, self.trigger):
                key = match.group("key").casefold() if "key" in pattern.groupindex else ""
                buckets[key][index].append(match)
        for matches in buckets.values():
            yield from self.minority(matches)

    def minority(self, matches: list[list[regex.Match[str]]]) -> Iterator[Finding]:
        counts = Counter({index: len(found) for index, found in enumerate(matches) if found})
        if len(counts) < 2:
            return
        # Most used form wins; on a tie, the form listed first.
        winner = max(counts, key=lambda index: (counts[index], -index))
        template = self.forms[winner][1]
        for index, found in enumerate(matches):
            if index == winner:
                continue
            for match in found:
                preferred = match.expand(template)
                message = self.format_message(
                    match=match.group(), preferred=preferred, count=str(counts[winner]), total=str(sum(counts.values()))
                )
                yield self.finding(
                    match.start(), match.end(), message, self.replace(match.start(), match.end(), preferred)
                )
