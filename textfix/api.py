"""The library interface: what the command line uses, for other tools and pipelines too."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

from textfix.documents import Document
from textfix.engine import check_document
from textfix.fixer import fix_until_stable
from textfix.model import Applicability, Finding
from textfix.ruleset import RuleSet, load_ruleset


@lru_cache(maxsize=8)
def _cached_ruleset(extra: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...]) -> RuleSet:
    return load_ruleset([Path(p) for p in extra], select, ignore)


def get_ruleset(extra: Iterable[str] = (), select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
    return _cached_ruleset(tuple(map(str, extra)), tuple(select), tuple(ignore))


def check_text(text: str, *, path: str = "<text>", ruleset: RuleSet | None = None) -> list[Finding]:
    """Findings for `text`, sorted by position; `path` decides the format (".md" is Markdown)."""
    return check_document(Document.for_path(text, path), ruleset or get_ruleset())


def fix_text(text: str, *, path: str = "<text>", ruleset: RuleSet | None = None, unsafe: bool = False) -> str:
    """`text` with every fix applied that is safe (or, with `unsafe`, also the unsafe ones)."""
    ruleset = ruleset or get_ruleset()
    level = Applicability.UNSAFE if unsafe else Applicability.SAFE
    return fix_until_stable(text, lambda t: check_text(t, path=path, ruleset=ruleset), level).text
