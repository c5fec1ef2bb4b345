"""Lines of web furniture left in the text ("You May Also Like", an empty "by" byline)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import regex

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.rule import Rule
from textfix.scanner import Trigger

# Letters, digits, spaces, groups, alternatives and quantifiers: read alike by both engines.
_PLAIN_SYNTAX = regex.compile(r"(?:[A-Za-z0-9 ().|?*+{},:'-]|[^\x00-\x7f])*")
_NON_ASCII = regex.compile(r"[^\x00-\x7f]+")


def trigger_line(line: str) -> str | None:
    """`line` in Hyperscan's syntax, or None when Hyperscan cannot be trusted to read it.

    Hyperscan folds the case of ASCII alone, so each run of other characters becomes any run
    of non-ASCII characters: that holds every case form of it, unless one of its characters
    has an ASCII case form (the Kelvin sign, the long s, the dotless i).
    """
    if not _PLAIN_SYNTAX.fullmatch(line) or "{," in line:
        return None
    runs = "".join(_NON_ASCII.findall(line))
    if any(c.isascii() for c in runs.casefold() + runs.lower() + runs.upper()):
        return None
    trigger: str = _NON_ASCII.sub(lambda _run: "(?:[^\\x00-\\x7f]+)", line)
    return trigger


def line_removal(text: str, start: int, end: int) -> tuple[int, int]:
    """The span to delete so that the line goes whole, with its blank-line separation, not
    leaving a gap.

    `start` is where the line starts and `end` where its content ends. A line followed by
    more text takes its line break and the blank lines after it, up to the next line's start
    (whose indentation stays its own); the last line of the text instead takes the line
    breaks before it, so the file keeps the ending it had.
    """
    after, more = _blank_lines_after(text, end)
    if more:
        return start, after
    before = start
    while before > 0 and text[before - 1] in " \t\r\n":
        before -= 1
    while before < start and text[before] in " \t":  # the previous line's trailing blanks stay
        before += 1
    return before, end


def _blank_lines_after(text: str, end: int) -> tuple[int, bool]:
    """The offset past the line break after `end` and the blank lines after it, and whether
    a line with content follows."""
    after = pos = end
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        if pos == len(text) or text[pos] not in "\r\n":
            return after, pos < len(text)
        pos += 2 if text.startswith("\r\n", pos) else 1
        after = pos


class BoilerplateKind(BaseKind):
    """`kind: boilerplate`: whole lines of web furniture ("You May Also Like", an empty byline).

    Options (name, type, default: meaning):

    - lines (list, required): expressions matched without case against a whole line
      (surrounding blanks and trailing punctuation allowed), each line on its own. The fix
      deletes the line with its blank-line separation.

    Its trigger is derived from the lines where Hyperscan reads all of them as the `regex`
    module does; otherwise the rule reads whole texts.
    Message fields: match. Default fix: unsafe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"lines": list}
    REQUIRED: ClassVar[tuple[str, ...]] = ("lines",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.UNSAFE

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        try:
            body = "|".join(f"(?:{line})" for line in rule.options["lines"])
            # A whole line (each is searched on its own, see `windows`): the furniture, then
            # nothing but punctuation.
            self.pattern = regex.compile(
                rf"\G[ \t]*(?P<body>(?:{body})[\p{{P}} \t]*?)[ \t]*\Z", regex.IGNORECASE | regex.VERSION1
            )
        except regex.error as exc:
            raise rule.error(f"invalid line pattern: {exc}") from None
        # The lines as a trigger, when every line is written in syntax that Hyperscan reads as
        # the regex module does (fuzzy matches, set operations and the like are not). Found
        # anywhere in a line, not only at its start: Hyperscan, given "(?m)^[ \t]*" before a
        # caseless alternation in a database with other patterns, misses some indented lines.
        lines = [trigger_line(line) for line in rule.options["lines"]]
        if None not in lines:
            self.trigger = Trigger("|".join(f"(?:{line})" for line in lines), caseless=True, optional=True)

    def windows(self, doc: Document, trigger: Trigger | None) -> Iterator[tuple[int, int]]:
        """Each line where the trigger hit, on its own and without its line break, as the
        document counts lines (CRLF, LF or a lone CR): a pattern's `.` must not run on
        across a lone CR into the next line, and a form feed ends no line."""
        for lo, hi in super().windows(doc, trigger):
            yield from doc.lines_between(lo, hi)

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for line in self.search(self.pattern, doc, self.trigger):
            body = line.group("body")
            lo, hi = line_removal(text, line.start(), line.end())
            message = self.format_message(match=body)
            yield self.finding(line.start("body"), line.end("body"), message, self.replace(lo, hi, ""))
