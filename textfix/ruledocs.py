"""A rule's documentation, as `textfix explain RULE` and `textfix rules --docs` print it.

Everything comes from the rule file itself (description, why, examples, fix), so a user's
own rules are documented the same way as the built-in ones.
"""

from __future__ import annotations

import textwrap

from textfix.kinds.registry import kind_class
from textfix.model import Applicability
from textfix.reporters import printable
from textfix.rule import Rule

WIDTH = 88

FIX_SAFETY = {
    Applicability.SAFE: "safe: `textfix apply --write` makes this fix; it does not change what the text says.",
    Applicability.UNSAFE: "unsafe: made only with --unsafe-fixes, because it can be wrong; read the diff first.",
    Applicability.DISPLAY_ONLY: "suggestion only: shown with the finding, never applied.",
    None: "none: the rule reports; a person decides what to change.",
}


def fix_level(rule: Rule) -> Applicability | None:
    """The fix level the rule's checker uses: its own `fix`, else its kind's default."""
    return rule.fix if rule.fix is not None else getattr(kind_class(rule.kind), "DEFAULT_FIX", None)


# Rule files are anyone's: every text taken from one is escaped (reporters.printable), so a
# control character in a message cannot act on the terminal or forge a line.


def _para(text: str, indent: str = "  ") -> str:
    return textwrap.fill(printable(" ".join(text.split())), WIDTH, initial_indent=indent, subsequent_indent=indent)


def _example(label: str, text: str) -> str:
    shown = printable(text)
    return f"  {label:<7}{shown}"


def explain(rule: Rule) -> str:
    level = fix_level(rule)
    rule_id, group, origin = printable(rule.id), printable(rule.group), printable(rule.origin)
    lines = [
        rule_id,
        f"  group {group}, kind {rule.kind}, severity {rule.severity.label}, fix {level.label if level else 'none'}",
        f"  defined in {origin}:{rule.line}",
        "",
        "What it does",
        _para(rule.description or rule.message or "(no description in the rule file)"),
    ]
    if rule.why:
        lines += ["", "Why", _para(rule.why)]
    bad, fixed, good = (rule.examples.get(k, []) for k in ("bad", "fixed", "good"))
    if bad or good:
        lines += ["", "Example"]
        for index, text in enumerate(bad[:2]):
            lines.append(_example("bad:", text))
            if index < len(fixed):
                lines.append(_example("fixed:", fixed[index]))
        for text in good[:2]:
            lines.append(_example("good:", text))
    lines += ["", "Fix safety", _para(FIX_SAFETY[level])]
    return "\n".join(lines) + "\n"


def summary(rule: Rule, width: int = 72) -> str:
    """The first sentence of the description, for one-line listings."""
    text = printable(" ".join((rule.description or rule.message).split()))
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= width else first[: width - 1].rstrip() + "…"
