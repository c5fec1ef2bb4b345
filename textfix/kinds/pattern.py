"""A regular expression, with an optional replacement template."""

from __future__ import annotations

import time

import regex

from textfix.kinds import BaseKind, Trigger
from textfix.ruleset import RuleError

# A user's pattern runs on text we do not control; bound each search so that
# catastrophic backtracking cannot hang a run. The bound covers the whole scan of a
# document, so it grows with the text: a sound pattern takes milliseconds per million
# characters, and a 200 MB file must not be taken for a hang.
MATCH_TIMEOUT_SECONDS = 2.0
TIMEOUT_SECONDS_PER_MILLION_CHARS = 1.0


class Kind(BaseKind):
    OPTIONS = {"pattern": str, "replace": str, "ignorecase": bool, "multiline": bool, "exceptions": list, "trigger": str}
    REQUIRED = ("pattern",)

    def __init__(self, rule):
        super().__init__(rule)
        flags = regex.VERSION1
        if self.option("ignorecase", False):
            flags |= regex.IGNORECASE
        if self.option("multiline", True):
            flags |= regex.MULTILINE
        try:
            self.pattern = regex.compile(rule.options["pattern"], flags)
        except regex.error as exc:
            raise rule.error(f"invalid pattern: {exc}") from None
        self.exceptions = {str(e) for e in self.option("exceptions", [])}
        self.template = self.option("replace")
        if self.template is not None and self.fix_level is None:
            raise rule.error("'replace' given without 'fix: safe' or 'fix: unsafe'")
        self.trigger = rule_trigger(rule, caseless=self.option("ignorecase", False))

    def triggers(self):
        return [self.trigger] if self.trigger else []

    def check(self, doc):
        timeout = MATCH_TIMEOUT_SECONDS + TIMEOUT_SECONDS_PER_MILLION_CHARS * len(doc.text) / 1e6
        deadline = time.monotonic() + timeout
        windows = self.windows(doc, self.trigger)
        try:
            for lo, hi in windows:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                for match in self.pattern.finditer(doc.text, lo, hi, timeout=left):
                    if match.group() in self.exceptions or match.end() == match.start():
                        continue
                    fixes = ()
                    if self.template is not None:
                        fixes = self.replace(match.start(), match.end(), match.expand(self.template))
                    yield self.finding(match.start(), match.end(), self.format_message(match=match.group()), fixes)
        except TimeoutError:
            raise RuleError(
                f"{self.rule.where()}: pattern took over {timeout:.3g}s on {doc.path}; "
                "simplify it (nested quantifiers backtrack)"
            ) from None


def rule_trigger(rule, caseless: bool = False) -> Trigger | None:
    """The rule's `trigger` option (Hyperscan compiles it when the rule set is loaded)."""
    pattern = rule.options.get("trigger")
    return None if pattern is None else Trigger(pattern, caseless=caseless)
