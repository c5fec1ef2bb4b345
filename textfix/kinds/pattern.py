"""A regular expression, with an optional replacement template."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import regex

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Finding, Fix
from textfix.rule import Rule, base_language
from textfix.scanner import Trigger


class PatternKind(BaseKind):
    """`kind: pattern`: a regular expression, with an optional replacement template.

    Options (name, type, default: meaning):

    - pattern (str, required): the expression (the `regex` module, VERSION1); each match
      that is not empty is a finding.
    - replace (str, no fix): a template (`\\1`, `\\g<name>`) for the fix; needs `fix: safe`
      or `fix: unsafe`. Checked when the rule loads: a group the pattern lacks is an error.
    - ignorecase (bool, false): match without case.
    - multiline (bool, true): `^` and `$` match at line ends.
    - exceptions (list, none): matched texts to leave alone, compared exactly.
    - correct_in (dict, none): language code -> an expression; in text of that language
      (`fr` covers fr-CA and fr_CH) a match that the expression finds anything in is right
      and left alone, as a space before `;` is in French.
    - trigger (str, none): a Hyperscan pattern matching on every line where `pattern` can
      match, for the shared scan; without one the rule reads whole texts.

    Message fields: match. Default fix: none.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "pattern": str,
        "replace": str,
        "ignorecase": bool,
        "multiline": bool,
        "exceptions": list,
        "correct_in": dict,
        "trigger": str,
    }
    REQUIRED: ClassVar[tuple[str, ...]] = ("pattern",)

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        flags: int = regex.VERSION1
        if self.option("ignorecase", False):
            flags |= regex.IGNORECASE
        if self.option("multiline", True):
            flags |= regex.MULTILINE
        try:
            self.pattern = regex.compile(rule.options["pattern"], flags)
        except regex.error as exc:
            raise rule.error(f"invalid pattern: {exc}") from None
        self.exceptions = {str(e) for e in self.option("exceptions", [])}
        try:
            self.correct_in = {
                base_language(str(lang)): regex.compile(str(expression), regex.VERSION1)
                for lang, expression in self.option("correct_in", {}).items()
            }
        except regex.error as exc:
            raise rule.error(f"invalid pattern in correct_in: {exc}") from None
        self.template: str | None = self.option("replace")
        if self.template is not None and self.fix_level is None:
            raise rule.error("'replace' given without 'fix: safe' or 'fix: unsafe'")
        if self.template is not None:
            check_template(rule, self.pattern, self.template)
        self.trigger = rule_trigger(rule, caseless=self.option("ignorecase", False))

    def check(self, doc: Document) -> Iterator[Finding]:
        template = self.template
        # A template without a backslash names no group: it is its own expansion.
        literal = template if template is not None and "\\" not in template else None
        right = self.correct_in.get(base_language(doc.lang)) if doc.lang else None
        for match in self.search(self.pattern, doc, self.trigger):
            start, end = match.span()
            found = match.group()
            if start == end or found in self.exceptions or (right is not None and right.search(found)):
                continue
            fixes: tuple[Fix, ...] = ()
            if template is not None:
                fixes = self.replace(start, end, literal if literal is not None else match.expand(template))
            yield self.finding(start, end, self.format_message(match=found), fixes)


def check_template(rule: Rule, pattern: regex.Pattern[str], template: str) -> None:
    """Refuse, when the rule is loaded, a replacement template that `pattern`'s matches cannot
    expand (a group it does not have, a bad escape): found on the first match, it failed
    every file that matched."""
    try:
        _empty_match(pattern).expand(template)
    except (IndexError, regex.error) as exc:
        count = f"{pattern.groups} group{'s' if pattern.groups != 1 else ''}"
        groups = f" ('{pattern.pattern}' has {count})" if isinstance(exc, IndexError) else ""
        raise rule.error(f"invalid 'replace' template '{template}': {exc}{groups}") from None


def _empty_match(pattern: regex.Pattern[str]) -> regex.Match[str]:
    """A match with `pattern`'s groups (numbers and names), each matching the empty string:
    the template parser checks group references only against a match."""
    names = {index: name for name, index in pattern.groupindex.items()}
    groups = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, pattern.groups + 1))
    match = regex.compile(groups, regex.VERSION1).match("")
    assert match is not None  # every group matches the empty string
    return match


def rule_trigger(rule: Rule, caseless: bool = False) -> Trigger | None:
    """The rule's `trigger` option (Hyperscan compiles it when the rule set is loaded)."""
    pattern = rule.options.get("trigger")
    return None if pattern is None else Trigger(pattern, caseless=caseless)
