"""Rule kinds: what every kind shares (`BaseKind`); the kinds themselves are in `registry`."""

from __future__ import annotations

import mmap
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, NamedTuple, overload

import regex

from textfix.documents import Document
from textfix.model import Applicability, Finding, Fix, single_fix
from textfix.rule import Rule, RuleError
from textfix.scanner import Trigger

# A user's regular expression runs on text we do not control; bound its searches so that
# catastrophic backtracking cannot hang a run. The bound covers the whole scan of a
# document, so it grows with the text: a sound pattern takes milliseconds per million
# characters, and a 200 MB file must not be taken for a hang.
MATCH_TIMEOUT_SECONDS = 2.0
TIMEOUT_SECONDS_PER_MILLION_CHARS = 1.0


class RuleTimeout(RuleError):
    """A user's pattern ran out of time; during a run (`switching_off`) the rule is now off."""

    def __init__(self, message: str, rule: Rule) -> None:
        super().__init__(message)
        self.rule = rule


# During a run: one byte per rule, set once the rule has run out of time, in memory shared
# with the worker processes (mapped before they fork), so that a pattern that backtracks
# without end costs its time limit once per run, not once per file.
class _Switches(NamedTuple):
    page: mmap.mmap  # byte `slot` is set once the rule in that slot is off
    slots: dict[str, int]  # rule.where() -> its slot


_switches: _Switches | None = None


@contextmanager
def switching_off(rules: Iterable[Rule]) -> Iterator[None]:
    """For the time of a run over `rules`: a rule whose pattern runs out of time is switched
    off (RuleTimeout says so) and `is_off` from then on, in this process and in the workers
    it forks meanwhile. Outside a run every search has its time limit, and a timeout is
    only an error."""
    global _switches
    slots = {where: index for index, where in enumerate(dict.fromkeys(rule.where() for rule in rules))}
    page = mmap.mmap(-1, max(1, len(slots)))
    saved = _switches
    _switches = _Switches(page, slots)
    try:
        yield
    finally:
        _switches = saved
        page.close()


def is_off(rule: Rule) -> bool:
    if _switches is None:
        return False
    slot = _switches.slots.get(rule.where())
    return slot is not None and _switches.page[slot] != 0


def _switch_off(rule: Rule) -> bool:
    """Switch `rule` off for the rest of the run; False outside a run."""
    if _switches is None:
        return False
    slot = _switches.slots.get(rule.where())
    if slot is None:
        return False
    _switches.page[slot] = 1
    return True


class BaseKind:
    """What every kind shares; a kind is a `Checker` built from one rule.

    A kind declares the options a rule of it may give (`OPTIONS`: name -> type, checked when
    the rule file loads), those it must give (`REQUIRED`) and the fix level of a rule that
    names none (`DEFAULT_FIX`). Its class docstring documents each option: name, type,
    default and meaning.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {}
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    DEFAULT_FIX: ClassVar[Applicability | None] = None

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.fix_level = rule.fix if rule.fix is not None else self.DEFAULT_FIX

    trigger: Trigger | None = None  # the one trigger of a rule that has one

    def triggers(self) -> list[Trigger]:
        """Patterns that find, in one shared pass, the lines where this rule can match."""
        return [self.trigger] if self.trigger else []

    def check(self, doc: Document) -> Iterable[Finding]:
        """The rule's findings in `doc` (see `textfix.checker.Checker`)."""
        raise NotImplementedError

    def windows(self, doc: Document, trigger: Trigger | None) -> Iterable[tuple[int, int]]:
        """Where to look: the lines where `trigger` matched, or the whole text when there is
        no trigger or the document was not scanned for triggers."""
        if doc.scan is None:
            return [(0, len(doc.text))]
        return doc.scan.windows(trigger)

    @overload
    def finditer(self, pattern: re.Pattern[str], doc: Document) -> Iterator[re.Match[str]]: ...

    @overload
    def finditer(self, pattern: regex.Pattern[str], doc: Document) -> Iterator[regex.Match[str]]: ...

    def finditer(
        self, pattern: re.Pattern[str] | regex.Pattern[str], doc: Document
    ) -> Iterator[re.Match[str] | regex.Match[str]]:
        """Every match of one of textfix's own patterns (no time limit: they are tested) on
        the lines where the rule's trigger hit."""
        for lo, hi in self.windows(doc, self.trigger):
            yield from pattern.finditer(doc.text, lo, hi)

    def search(
        self, pattern: regex.Pattern[str], doc: Document, trigger: Trigger | None = None
    ) -> Iterator[regex.Match[str]]:
        """Every match of a user's `pattern` (a `regex` pattern) where `trigger` points, in
        a time limit: a pattern that backtracks without end is an error naming the rule and
        the file, not a hang."""
        timeout = MATCH_TIMEOUT_SECONDS + TIMEOUT_SECONDS_PER_MILLION_CHARS * len(doc.text) / 1e6
        deadline = time.monotonic() + timeout
        try:
            for lo, hi in self.windows(doc, trigger):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                yield from pattern.finditer(doc.text, lo, hi, timeout=left)
        except TimeoutError:
            off = "; it is off for the rest of the run" if _switch_off(self.rule) else ""
            raise RuleTimeout(
                f"{self.rule.where()}: pattern took over {timeout:.3g}s on {doc.path}; "
                f"simplify it (nested quantifiers backtrack){off}",
                self.rule,
            ) from None

    def option(self, key: str, default: Any = None) -> Any:
        return self.rule.options.get(key, default)

    def finding(self, start: int, end: int, message: str, fixes: tuple[Fix, ...] = ()) -> Finding:
        return Finding(self.rule.id, start, end, message, self.rule.severity, fixes)

    def replace(self, start: int, end: int, replacement: str, level: Applicability | None = None) -> tuple[Fix, ...]:
        """A single-edit fix at the rule's level (or `level`), or none if the rule does not fix."""
        level = self.fix_level if level is None else level
        if level is None:
            return ()
        return single_fix(start, end, replacement, level)

    def format_message(self, **values: str) -> str:
        if "{" not in self.rule.message and "}" not in self.rule.message:  # nothing to fill in, no "}}" to unescape
            return self.rule.message
        try:
            return self.rule.message.format(**values)
        except (KeyError, IndexError, ValueError):
            return self.rule.message
