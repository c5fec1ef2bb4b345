"""Load rule files (YAML), validate them, and turn each rule into a checker."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from stat import S_ISREG
from typing import Any

from textfix.files import FileError, read_settings
from textfix.model import Applicability, Severity

COMMON_KEYS = {"id", "kind", "message", "severity", "fix", "examples", "description", "why"}
EXAMPLE_KEYS = {"bad", "fixed", "good"}

# kind name -> module in textfix.kinds; imported only when a rule of that kind is loaded.
KIND_MODULES = {
    "pattern": "pattern",
    "substitution": "substitution",
    "stray_stop": "stray_stop",
    "repetition": "repetition",
    "boilerplate": "boilerplate",
    "encoding": "encoding",
    "consistency": "consistency",
    "names": "names",
    "name_consistency": "name_consistency",
}


class RuleError(Exception):
    """A rule file or rule that cannot be used; the message names the file and the rule."""


class UnknownName(RuleError):
    """A name to select or ignore that is no rule id, group or kind; a config file that
    gives it can say where (Config.explain)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown rule or group '{name}' in --select/--ignore (see `textfix rules`)")
        self.name = name


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    message: str
    severity: Severity
    fix: Applicability | None
    options: dict[str, Any]
    origin: Path
    line: int = 0
    group: str = ""
    examples: dict[str, list[str]] = field(default_factory=dict)
    description: str = ""
    why: str = ""

    def where(self) -> str:
        return f"{self.origin}:{self.line}: rule '{self.id}'"

    def error(self, text: str) -> RuleError:
        return RuleError(f"{self.where()}: {text}")


def load_yaml(path: Path, lines: bool = True) -> Any:
    cached = _parsed_cache(path, lines)
    if cached is not None and cached.exists():
        try:
            return pickle.loads(cached.read_bytes())
        except Exception:  # a damaged cache entry is only a miss
            pass
    import yaml  # here, not at the top: a run that finds every file parsed before needs no parser

    from textfix import yaml_loaders

    what = "rule file" if lines else "data file"
    try:
        text = read_settings(path, what).decode("utf-8")
        data = yaml_loaders.load(text, lines)
    except FileError as exc:
        raise RuleError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: cannot read {what}: not UTF-8 (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(f"{path}{line}: invalid YAML: {problem}") from None
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, cached)
        except OSError:
            pass  # a read-only home only costs the parse next time
    return data


def _parsed_cache(path: Path, lines: bool) -> Path | None:
    """Where the parsed form of a rule or data file is kept between runs: parsing the YAML
    is most of a small run's start-up. Keyed on the file's path, size and modification time."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None  # read_settings refuses it, with the reason
    key = f"{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}|{lines}|{installed('yaml')}|2"
    return cache_dir() / "parsed" / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".pickle")


def installed(module: str) -> str:
    """Which installation of `module` there is, without importing it: work cached from one
    version (a parse, a compiled automaton) must not be taken by another sharing the folder."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return ""
    try:
        return f"{spec.origin}:{os.stat(spec.origin).st_mtime_ns}"
    except OSError:
        return spec.origin


def cache_dir() -> Path:
    """Where work that outlives a run is kept (parsed rule files, compiled scanners)."""
    return Path(
        os.environ.get("TEXTFIX_CACHE_DIR")
        or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "textfix")
    )


def strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def kind_class(name: str) -> type:
    module = importlib.import_module(f"textfix.kinds.{KIND_MODULES[name]}")
    return module.Kind


def default_rules_dir() -> Path:
    installed = Path(__file__).parent / "rules"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "rules"


def rule_files(path: Path) -> list[Path]:
    # Anything but a folder is passed on to be read, so that a pipe or a device is reported
    # as one (by read_settings) rather than passed over or called missing.
    if path.is_dir():
        return sorted(p for p in path.glob("*.yaml") if not p.is_dir()) + sorted(
            p for p in path.glob("*.yml") if not p.is_dir()
        )
    if os.path.lexists(path):
        return [path]
    raise RuleError(f"{path}: no such rule file or folder")


def parse_rule(raw: Any, origin: Path, group: str) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{origin}: each rule must be a mapping, got {type(raw).__name__}")
    line = raw.get("__line__", 0)
    rule_id = raw.get("id")
    where = f"{origin}:{line}: rule '{rule_id}'"
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{origin}:{line}: rule without an 'id'")
    kind = raw.get("kind")
    if kind not in KIND_MODULES:
        raise RuleError(f"{where}: unknown kind {kind!r}; known kinds: {', '.join(sorted(KIND_MODULES))}")
    cls = kind_class(kind)
    allowed = COMMON_KEYS | set(cls.OPTIONS)
    for key in raw:
        if key != "__line__" and key not in allowed:
            raise RuleError(f"{where}: unknown key '{key}' for kind '{kind}' (allowed: {', '.join(sorted(allowed))})")
    for key in getattr(cls, "REQUIRED", ()):
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
        examples=examples,
        description=str(raw.get("description", "")).strip(),
        why=str(raw.get("why", "")).strip(),
    )


def load_rule_file(path: Path) -> list[Rule]:
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{path}: a rule file holds a mapping with a 'rules' list")
    unknown = set(data) - {"rules", "group", "__line__"}
    if unknown:
        raise RuleError(f"{path}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    group = str(data.get("group", path.stem))
    return [parse_rule(raw, path, group) for raw in data["rules"]]


@dataclass
class RuleSet:
    rules: list[Rule]
    checkers: list[Any]
    accept: frozenset[str] = frozenset()  # allow-listed words and names: no rule or backend flags them
    warn_unused_ignores: bool = False  # also report suppression comments that silence nothing

    def __iter__(self):
        return iter(self.rules)

    @cached_property
    def scanner(self):
        from textfix.scanner import Scanner

        return Scanner([trigger for checker in self.checkers for trigger in checker.triggers()])


def _matches(rule: Rule, names: Iterable[str]) -> bool:
    return any(name in ("ALL", rule.id, rule.group, rule.kind) for name in names)


def load_ruleset(
    extra: Iterable[Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    defaults: bool = True,
    accept: Iterable[str] = (),
) -> RuleSet:
    """Default rules, then user rule files; a user rule with an existing id replaces it."""
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
    rules = [rule for rule in by_id.values() if (not select or _matches(rule, select)) and not _matches(rule, ignore)]
    checkers = [build_checker(rule) for rule in rules]
    ruleset = RuleSet(rules, checkers, frozenset(accept))
    from textfix.scanner import TriggerError

    try:
        ruleset.scanner.prepare()
    except TriggerError as exc:
        owner = next(c for c in checkers if exc.trigger in c.triggers())
        raise owner.rule.error(f"invalid trigger: {exc.problem}") from None
    return ruleset


def build_checker(rule: Rule) -> Any:
    try:
        return kind_class(rule.kind)(rule)
    except RuleError:
        raise
    except Exception as exc:  # a bad pattern or data file inside a rule
        raise rule.error(f"{type(exc).__name__}: {exc}") from None
