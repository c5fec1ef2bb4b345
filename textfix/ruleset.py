"""The rules a run uses: default and user rule files, selected, each built into its checker."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from textfix.checker import Checker
from textfix.formats import ReadOptions
from textfix.kinds.registry import kind_class
from textfix.rule import Rule, RuleError, UnknownName
from textfix.rulefiles import default_rules_dir, load_rule_file, rule_files
from textfix.scanner import Scanner, TriggerError

# Loading a rule set raises these; a library caller finds them here.
__all__ = ["Checker", "RuleError", "RuleSet", "UnknownName", "build_checker", "load_ruleset"]


@dataclass
class RuleSet:
    """The selected rules, their checkers (in the same order) and the run-wide settings
    that go with them."""

    rules: list[Rule]
    checkers: list[Checker]
    accept: frozenset[str] = frozenset()  # allow-listed words and names: no rule or backend flags them
    warn_unused_ignores: bool = False  # also report suppression comments that silence nothing
    formats: tuple[tuple[str, str], ...] = ()  # (file pattern, format name) from the config, first match wins
    languages: tuple[tuple[str, str], ...] = ()  # (file pattern, language code) from the config, first match wins
    language: str | None = None  # the language of files that neither say theirs nor match a pattern
    reading: ReadOptions = field(default_factory=ReadOptions)  # how to read TMX, TSV and JSON lines files

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    @cached_property
    def scanner(self) -> Scanner:
        """One scanner for every checker's triggers."""
        return Scanner([trigger for checker in self.checkers for trigger in checker.triggers()])

    @cached_property
    def suppression_names(self) -> dict[str, tuple[str, ...]]:
        """rule id -> the names a suppression comment may use for it: id, group, kind."""
        return {rule.id: (rule.id, rule.group, rule.kind) for rule in self.rules}


def _matches(rule: Rule, names: Iterable[str]) -> bool:
    return any(name in ("ALL", rule.id, rule.group, rule.kind) for name in names)


def load_ruleset(
    extra: Iterable[Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    defaults: bool = True,
    accept: Iterable[str] = (),
    glossary: Path | None = None,
) -> RuleSet:
    """Default rules, then user rule files; a user rule with an existing id replaces it.
    Without `select`, the opt-in rules (a file's `default: false`) are left out. The
    `glossary` file is what the glossary rules read."""
    by_id: dict[str, Rule] = {}
    sources = ([default_rules_dir()] if defaults else []) + [Path(p) for p in extra]
    for source in sources:
        for path in rule_files(source):
            for rule in load_rule_file(path):
                previous = by_id.get(rule.id)
                if previous is not None and previous.origin == rule.origin:
                    raise RuleError(f"{rule.where()}: duplicate rule id (also at line {previous.line})")
                by_id[rule.id] = rule
    select, ignore = list(select), list(ignore)
    known = set(by_id) | {r.group for r in by_id.values()} | {r.kind for r in by_id.values()} | {"ALL"}
    for name in select + ignore:
        if name not in known:
            raise UnknownName(name)
    rules = [
        rule
        for rule in by_id.values()
        if (_matches(rule, select) if select else rule.default) and not _matches(rule, ignore)
    ]
    if glossary is not None:
        rules = [
            dataclasses.replace(rule, options={**rule.options, "glossary": str(glossary)})
            if rule.kind == "glossary"
            else rule
            for rule in rules
        ]
    checkers = [build_checker(rule) for rule in rules]
    ruleset = RuleSet(rules, checkers, frozenset(accept))
    try:
        ruleset.scanner.prepare()
    except TriggerError as exc:
        owner = next(c for c in checkers if exc.trigger in c.triggers())
        raise owner.rule.error(f"invalid trigger: {exc.problem}") from None
    return ruleset


def build_checker(rule: Rule) -> Checker:
    """The checker of `rule`'s kind for it; RuleError naming the rule if it cannot be built."""
    try:
        return kind_class(rule.kind)(rule)
    except RuleError:
        raise
    except Exception as exc:  # a bad pattern or data file inside a rule
        raise rule.error(f"{type(exc).__name__}: {exc}") from None
