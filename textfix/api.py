"""The library interface: what the command line uses, for other tools and pipelines too.

    >>> import textfix
    >>> [f.rule_id for f in textfix.check_text("The talks ended. of the alliance.")]
    ['stray-full-stop']
    >>> textfix.fix_text("The talks ended. of the alliance.")
    'The talks ended of the alliance.'

Rule sets are cached, so calling these in a loop loads the rule files once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from textfix import formats
from textfix.engine import check_document
from textfix.fixer import fix_until_stable
from textfix.model import Applicability, Finding
from textfix.ruleset import RuleSet, load_ruleset


@lru_cache(maxsize=32)
def _cached_ruleset(
    extra: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    accept: frozenset[str],
    glossary: str | None = None,
) -> RuleSet:
    return load_ruleset(
        [Path(p) for p in extra], select, ignore, accept=accept, glossary=Path(glossary) if glossary else None
    )


def get_ruleset(
    extra: Iterable[str | Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    accept: Iterable[str] = (),
    warn_unused_ignores: bool = False,
    glossary: str | Path | None = None,
) -> RuleSet:
    """The default rules plus `extra` rule files or folders, narrowed by `select`/`ignore`
    (rule ids, groups or kinds). Words in `accept` are never flagged; the glossary rules
    read the `glossary` file (CSV or TBX). Raises RuleError."""
    ruleset = _cached_ruleset(
        tuple(map(str, extra)), tuple(select), tuple(ignore), frozenset(accept), str(glossary) if glossary else None
    )
    if warn_unused_ignores:  # a copy: the cached rule set is shared
        ruleset = dataclasses.replace(ruleset, warn_unused_ignores=True)
    return ruleset


def _resolve(
    ruleset: RuleSet | None,
    rules: Iterable[str | Path],
    select: Iterable[str],
    ignore: Iterable[str],
    accept: Iterable[str],
) -> RuleSet:
    if ruleset is None:
        return get_ruleset(rules, select, ignore, accept)
    if accept:
        return dataclasses.replace(ruleset, accept=ruleset.accept | frozenset(accept))
    return ruleset


def check_text(
    text: str,
    *,
    path: str = "<text>",
    ruleset: RuleSet | None = None,
    rules: Iterable[str | Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    accept: Iterable[str] = (),
    language: str | None = None,
) -> list[Finding]:
    """Findings for `text`, sorted by position.

    `path` only decides the format: ".md" is Markdown (code and markup are skipped), ".po",
    ".xlf", ".srt", ".vtt" and ".html" are read as translation or markup files, whose
    findings point into the file and name their segment. Raises FormatError for text that
    is not valid in its format.
    `rules`, `select`, `ignore` and `accept` work as the command line's --rules, --select,
    --ignore and the config's `accept`; or pass a `ruleset` from `get_ruleset`.
    `language` is the text's language ("fr", "pt-BR") where the file does not say it: rules
    for English leave other languages alone, and the artifact rules follow its conventions.
    Suppression comments in the text are honoured.
    """
    ruleset = _resolve(ruleset, rules, select, ignore, accept)
    name = formats.format_of(path, ruleset.formats) or "text"
    lang = formats.language_of(path, ruleset.languages, language or ruleset.language)
    return formats.check(text, path, name, lambda doc: check_document(doc, ruleset), lang, ruleset.reading)[0]


def fix_text(
    text: str,
    *,
    path: str = "<text>",
    ruleset: RuleSet | None = None,
    unsafe: bool = False,
    rules: Iterable[str | Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    accept: Iterable[str] = (),
    language: str | None = None,
) -> str:
    """`text` with every safe fix applied (with `unsafe`, the unsafe ones too), re-checked
    until nothing more changes. Other arguments as for `check_text`."""
    ruleset = _resolve(ruleset, rules, select, ignore, accept)
    level = Applicability.UNSAFE if unsafe else Applicability.SAFE
    return fix_until_stable(text, lambda t: check_text(t, path=path, ruleset=ruleset, language=language), level).text
