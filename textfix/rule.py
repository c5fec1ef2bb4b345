"""A rule as its file gives it, and the error a rule file or rule that cannot be used raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textfix.model import Applicability, Severity


class RuleError(Exception):
    """A rule file or rule that cannot be used; the message names the file and the rule."""


class UnknownName(RuleError):
    """A name to select or ignore that is no rule id, group or kind; a config file that
    gives it can say where (Config.explain)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown rule or group '{name}' in --select/--ignore (see `textfix rules`)")
        self.name = name


def base_language(code: str) -> str:
    """ "pt_BR", "en-GB", "EN" -> "pt", "en", "en"."""
    return code.replace("_", "-").split("-")[0].lower()


@dataclass(frozen=True)
class Rule:
    """One rule of a rule file: what its kind looks for (`options`) and how it reports it."""

    id: str
    kind: str
    message: str
    severity: Severity
    fix: Applicability | None
    options: dict[str, Any]
    origin: Path
    line: int = 0
    group: str = ""
    # False for an opt-in rule (its file says `default: false`): it runs only when `select`
    # names it, its group, its kind or ALL.
    default: bool = True
    examples: dict[str, list[str]] = field(default_factory=dict)
    description: str = ""
    why: str = ""
    # The languages whose text the rule is for ("en", "fr"); empty: any language. Text in
    # another language (a segment's or file's, where known) is left alone by it.
    languages: frozenset[str] = frozenset()

    def speaks(self, lang: str | None) -> bool:
        return not self.languages or not lang or base_language(lang) in self.languages

    def where(self) -> str:
        return f"{self.origin}:{self.line}: rule '{self.id}'"

    def error(self, text: str) -> RuleError:
        return RuleError(f"{self.where()}: {text}")
