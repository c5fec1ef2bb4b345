"""Project configuration: `[tool.textfix]` in pyproject.toml, or a `.textfix.toml`.

The file is found from each checked path upward and the nearest one wins (no merging, as
in ruff); in one folder `.textfix.toml` wins over `pyproject.toml`, and a pyproject.toml
without a `[tool.textfix]` table does not count. Relative paths and patterns in a file are
relative to the folder that holds it.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

CONFIG_NAMES = (".textfix.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file this came from; None means built-in defaults
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_rules: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    accept: frozenset[str] = frozenset()
    grammar: str | None = None
    language: str | None = None
    unsafe_fixes: bool | None = None
    lt_url: str | None = None

    def with_overrides(self, **given: Any) -> Config:
        """The command line wins: `select` and scalar flags replace, `ignore`/`extend_rules` add."""
        changes: dict[str, Any] = {}
        for key, value in given.items():
            if value is None or value == () or value == []:
                continue
            if key in ("ignore", "extend_rules"):
                value = tuple(getattr(self, key)) + tuple(value)
            elif isinstance(value, list):
                value = tuple(value)
            changes[key] = value
        return dataclasses.replace(self, **changes)


# ---- validation, table-driven: key -> (field name, converter(value, where, base) -> field value)


def _strings(value: Any, where: _Where, _base: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _paths(value: Any, where: _Where, base: Path) -> tuple[Path, ...]:
    return tuple(base / p for p in _strings(value, where, base))


def _boolean(value: Any, where: _Where, _base: Path) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false")
    return value


def _string(value: Any, where: _Where, _base: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where} must be a non-empty string")
    return value


def _grammar(value: Any, where: _Where, base: Path) -> str:
    if value is False:
        return "off"
    value = _string(value, where, base)
    known = _grammar_backends()
    if known and value not in known:
        raise ConfigError(f"{where} must be one of {', '.join(known)}, not {value!r}")
    return value


def _url(value: Any, where: _Where, base: Path) -> str:
    value = _string(value, where, base)
    if not value.startswith(("http://", "https://")):
        raise ConfigError(f"{where} must be an http:// or https:// URL")
    return value


def _per_file_ignores(value: Any, where: _Where, base: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of pattern = [rule ids]")
    return tuple((pattern, _strings(ids, where.sub(pattern), base)) for pattern, ids in value.items())


def _grammar_backends() -> tuple[str, ...]:
    try:
        from textfix.backends import BACKENDS
    except ImportError:  # no backends installed: any name is passed on and checked later
        return ()
    return tuple(BACKENDS)


KEYS: dict[str, tuple[str, Callable[[Any, _Where, Path], Any]]] = {
    "select": ("select", _strings),
    "ignore": ("ignore", _strings),
    "extend-rules": ("extend_rules", _paths),
    "exclude": ("exclude", _strings),
    "respect-gitignore": ("respect_gitignore", _boolean),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "accept": ("accept", _strings),
    "accept-files": ("accept_files", _paths),
    "grammar": ("grammar", _grammar),
    "language": ("language", _string),
    "unsafe-fixes": ("unsafe_fixes", _boolean),
    "lt-url": ("lt_url", _url),
}


def read_accept_file(path: Path) -> set[str]:
    """One word or name a line; blank lines and lines starting with '#' are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read accept file {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}


def parse_table(table: dict[str, Any], path: Path, section: str = "", text: str = "") -> Config:
    """Validate one config table; every message names the file, the line and the key.
    `text` is the file's text, to find the lines in."""
    values: dict[str, Any] = {}
    accept: set[str] = set()
    keys = tuple(section.rstrip(".").split(".")) if section else ()
    for key, raw in table.items():
        where = _Where(path, text, (*keys, key), f"{section}{key}")
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (known keys: {', '.join(KEYS)})"
            raise ConfigError(f"{where.at()} unknown key '{section}{key}'{hint}")
        name, convert = KEYS[key]
        value = convert(raw, where, path.parent)
        if name == "accept":
            accept.update(value)
        elif name == "accept_files":
            for accept_path in value:
                try:
                    accept |= read_accept_file(accept_path)
                except ConfigError as exc:
                    raise ConfigError(f"{where}: {exc}") from None
        else:
            values[name] = value
    return Config(path=path, root=path.parent, accept=frozenset(accept), **values)


class _Where:
    """"path:line: key" for messages; the line is looked for only when a message is made."""

    def __init__(self, path: Path, text: str, keys: tuple[str, ...], label: str) -> None:
        self.path, self.text, self.keys, self.label = path, text, keys, label

    def at(self) -> str:
        line = _line_of(self.text, self.keys)
        return f"{self.path}:{line}:" if line else f"{self.path}:"

    def sub(self, key: str) -> _Where:
        return _Where(self.path, self.text, (*self.keys, key), f"{self.label}.{key!r}")

    def __str__(self) -> str:
        return f"{self.at()} {self.label}"


def _line_of(text: str, keys: tuple[str, ...]) -> int | None:
    """The line where the key at `keys` is set, found with TOML's own parser (tomllib keeps
    no positions): the first prefix of the file that holds the key ends on the line where its
    value ends; the statement starts after the last shorter prefix that parses."""
    lines = text.split("\n")
    complete = 0  # the longest prefix so far that parses
    for length in range(1, len(lines) + 1):
        try:
            data = tomllib.loads("\n".join(lines[:length]))
        except tomllib.TOMLDecodeError:
            continue
        if _holds(data, keys):
            return complete + 1
        complete = length
    return None


def _holds(data: Any, keys: tuple[str, ...]) -> bool:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def load_config(path: Path) -> Config:
    """A config file named by the user (`--config`) or found by `find_config`."""
    path = Path(path).resolve()
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        place = re.search(r" \(at (?:line (\d+), column \d+|end of document)\)$", str(exc))
        line = (place.group(1) or text.count("\n") + 1) if place else None
        problem = str(exc)[: place.start()] if place else exc
        raise ConfigError(f"{path}:{line}: invalid TOML: {problem}" if line else f"{path}: invalid TOML: {problem}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("textfix")
        if table is None:
            raise ConfigError(f"{path}: no [tool.textfix] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{_Where(path, text, ('tool', 'textfix'), 'tool.textfix')} must be a table")
        return parse_table(table, path, "tool.textfix.", text)
    return parse_table(data, path, text=text)



def _has_textfix_table(pyproject: Path) -> bool:
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return False
    try:
        return "textfix" in tomllib.loads(raw.decode("utf-8", errors="replace")).get("tool", {})
    except tomllib.TOMLDecodeError:
        # Someone else's broken pyproject.toml is not ours to report, unless it holds our table.
        return b"[tool.textfix]" in raw


class Resolver:
    """Which config applies to a path; cached per folder since many files share one."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self.fixed = load_config(explicit) if explicit else (Config() if isolated else None)
        self._by_folder: dict[Path, Path | None] = {}
        self._loaded: dict[Path, Config] = {}
        self._default = Config()

    def for_path(self, path: Path) -> Config:
        if self.fixed is not None:
            return self.fixed
        found = self.find(path)
        if found is None:
            return self._default
        if found not in self._loaded:
            self._loaded[found] = load_config(found)
        return self._loaded[found]

    def find(self, path: Path) -> Path | None:
        path = Path(path).absolute()
        folder = path if path.is_dir() else path.parent
        walked = []
        result = None
        for candidate in (folder, *folder.parents):
            if candidate in self._by_folder:
                result = self._by_folder[candidate]
                break
            walked.append(candidate)
            local = candidate / ".textfix.toml"
            if local.is_file():
                result = local
                break
            pyproject = candidate / "pyproject.toml"
            if pyproject.is_file() and _has_textfix_table(pyproject):
                result = pyproject
                break
        for candidate in walked:
            self._by_folder[candidate] = result
        return result


def find_config(path: Path) -> Path | None:
    return Resolver().find(path)


# What `textfix init` writes. Every key is shown; the commented ones are examples.
STARTER = """\
# textfix configuration. textfix looks for it from each checked file upward and uses
# the nearest one (a .textfix.toml, or [tool.textfix] in a pyproject.toml).
# Command-line flags override these keys. Paths and patterns are relative to this file.

# Rules to run: ids, groups or kinds (`textfix rules` lists them). Default: all.
# select = ["punctuation", "repetition"]

# Rules never to run.
# ignore = ["double-space"]

# Your own rule files or folders, on top of the built-in rules.
# extend-rules = ["rules/house.yaml"]

# Files to leave alone: gitignore-style patterns.
exclude = []

# Files that .gitignore ignores are left alone too; set to false to check them.
respect-gitignore = true

# Rules to skip in some files only: pattern = [rule ids or groups].
# per-file-ignores = { "docs/legacy/*.md" = ["doubled-word"] }

# Words and names that no rule and no grammar backend may flag (exact case), and
# files of them, one per line ('#' starts a comment line).
# accept = ["Walla Walla", "Ångström"]
# accept-files = ["rules/accept.txt"]

# Grammar backend: "languagetool", "harper" or "off"; the LanguageTool server to use
# and the language variant.
# grammar = "off"
# lt-url = "http://localhost:8081"
# language = "en-US"

# Let `textfix apply` also make the fixes marked unsafe.
unsafe-fixes = false
"""


def starter(pyproject: bool = False) -> str:
    return ("\n[tool.textfix]\n" + STARTER) if pyproject else STARTER
