"""What a rule becomes once loaded: a checker, which finds that rule's defects in a document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from textfix.documents import Document
from textfix.model import Finding
from textfix.rule import Rule
from textfix.scanner import Trigger


class Checker(Protocol):
    """The checker of one rule, as the engine runs it: each kind (`textfix.kinds.registry`)
    builds one from a rule. A grammar backend (`textfix.backends.Backend`) has the same
    `check`, without a rule or triggers."""

    @property
    def rule(self) -> Rule:
        """The rule it checks: its id, message and severity go into each finding."""
        ...

    def triggers(self) -> list[Trigger]:
        """Patterns that match on every line where the rule can match, for the shared scan;
        none for a rule that reads whole texts."""
        ...

    def check(self, doc: Document) -> Iterable[Finding]:
        """The rule's findings in `doc`, in any order; the engine drops those in skipped
        regions or suppressed."""
        ...
