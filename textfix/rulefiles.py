"""Rule files: where they are, and each rule in them read and checked against its kind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textfix.datafiles import load_yaml, strip_lines
from textfix.kinds.registry import KINDS, kind_class
from textfix.model import Applicability, Severity
from textfix.rule import Rule, RuleError

COMMON_KEYS = {"id", "kind", "message", "severity", "fix", "examples", "description", "why", "languages"}
EXAMPLE_KEYS = {"bad", "fixed", "good"}


def default_rules_dir() -> Path:
    """The rules that come with textfix: in the installed package, or beside it in a checkout."""
    installed = Path(__file__).parent / "rules"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "rules"


def rule_files(path: Path) -> list[Path]:
    """The rule files in a folder (*.yaml, then *.yml, each sorted), or the file `path`."""
    # Anything but a folder is passed on to be read, so that a pipe or a device is reported
    # as one (by read_settings) rather than passed over or called missing.
    if path.is_dir():
        return sorted(p for p in path.glob("*.yaml") if not p.is_dir()) + sorted(
            p for p in path.glob("*.yml") if not p.is_dir()
        )
    if os.path.lexists(path):
        return [path]
    raise RuleError(f"{path}: no such rule file or folder")


def load_rule_file(path: Path) -> list[Rule]:
    """The rules of one rule file, in order; RuleError naming the file and line if one is unusable."""
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{path}: a rule file holds a mapping with a 'rules' list")
    unknown = set(data) - {"rules", "group", "default", "__line__"}
    if unknown:
        raise RuleError(f"{path}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    group = str(data.get("group", path.stem))
    default = data.get("default", True)
    if not isinstance(default, bool):
        raise RuleError(f"{path}: 'default' must be true or false")
    return [parse_rule(raw, path, group, default) for raw in data["rules"]]


def parse_rule(raw: Any, origin: Path, group: str, default: bool = True) -> Rule:
    """One rule's mapping, checked: known kind, only its keys, required keys present, each
    option of the type its kind declares."""
    if not isinstance(raw, dict):
        raise RuleError(f"{origin}: each rule must be a mapping, got {type(raw).__name__}")
    line = raw.get("__line__", 0)
    rule_id = raw.get("id")
    where = f"{origin}:{line}: rule '{rule_id}'"
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{origin}:{line}: rule without an 'id'")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{where}: unknown kind {kind!r}; known kinds: {', '.join(sorted(KINDS))}")
    cls = kind_class(kind)
    allowed = COMMON_KEYS | set(cls.OPTIONS)
    for key in raw:
        if key != "__line__" and key not in allowed:
            raise RuleError(f"{where}: unknown key '{key}' for kind '{kind}' (allowed: {', '.join(sorted(allowed))})")
    for key in cls.REQUIRED:
        if key not in raw:
            raise RuleError(f"{where}: missing required key '{key}'")
    try:
        severity = Severity.parse(str(raw.get("severity", "warning")))
    except KeyError:
        raise RuleError(f"{where}: severity must be error, warning or info") from None
    fix = raw.get("fix")
    try:
        fix = Applicability.parse(fix) if fix is not None else None
    except KeyError:
        raise RuleError(f"{where}: fix must be safe, unsafe or display-only") from None
    examples = strip_lines(raw.get("examples") or {})
    if not isinstance(examples, dict) or set(examples) - EXAMPLE_KEYS:
        raise RuleError(f"{where}: examples take only the keys bad, fixed and good")
    if "fixed" in examples and len(examples["fixed"]) != len(examples.get("bad", [])):
        raise RuleError(f"{where}: examples.fixed needs one entry per examples.bad")
    languages = raw.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) and x for x in languages):
        raise RuleError(f"{where}: languages must be a list of language codes, e.g. [en]")
    options = {k: strip_lines(v) for k, v in raw.items() if k in cls.OPTIONS}
    for key, value in options.items():
        expected = cls.OPTIONS[key]
        if not isinstance(value, expected):
            raise RuleError(f"{where}: '{key}' must be {getattr(expected, '__name__', expected)}")
    return Rule(
        id=rule_id,
        kind=kind,
        message=str(raw.get("message", "")),
        severity=severity,
        fix=fix,
        options=options,
        origin=origin,
        line=line,
        group=group,
        default=default,
        examples=examples,
        description=str(raw.get("description", "")).strip(),
        why=str(raw.get("why", "")).strip(),
        languages=frozenset(code.lower() for code in languages),
    )
