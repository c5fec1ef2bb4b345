"""Project configuration: `[tool.textfix]` in pyproject.toml, or a `.textfix.toml`.

The file is found from each checked path upward and the nearest one wins (no merging, as
in ruff); in one folder `.textfix.toml` wins over `pyproject.toml`, and a pyproject.toml
without a `[tool.textfix]` table does not count. Relative paths and patterns in a file are
relative to the folder that holds it.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textfix.textfile import FileError, read_settings

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
    strict: bool | None = None  # the grammar backend's own rules and every spelling complaint
    formats: tuple[tuple[str, str], ...] = ()  # (file pattern, format name): files a folder walk also reads
    languages: tuple[tuple[str, str], ...] = ()  # (file pattern, language code): the text's language

    source_language: str | None = None  # a TMX file's source language
    columns: tuple[str | None, str | None] = (None, None)  # the source and target column of TSV / JSON lines
    glossary: Path | None = None  # required and forbidden target terms (CSV or TBX), for the glossary rules
    warnings: tuple[str, ...] = field(default=(), compare=False)  # what was left out, and where: the run goes on
    # Where the file names rules: (keys, label, names), and its text, to find the lines in.
    named: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = field(default=(), compare=False, repr=False)
    text: str = field(default="", compare=False, repr=False)

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

    def explain(self, error: Exception) -> str:
        """The message for a rule set this config asks for that cannot be loaded: an unknown
        rule name (the error's `name`) is placed at the key of this file that gives it."""
        name = getattr(error, "name", None)
        if name is None or self.path is None:
            return str(error)
        for keys, label, names in self.named:
            if name in names:
                return f"{_Where(self.path, self.text, keys, label, [])}: unknown rule or group '{name}' (see `textfix rules`)"
        return str(error)


# ---- validation, table-driven: key -> (field name, converter(value, where, base) -> field value)


def _strings(value: Any, where: _Where, _base: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(value)


def _paths(value: Any, where: _Where, base: Path) -> tuple[Path, ...]:
    return tuple(base / p for p in _strings(value, where, base))


def _rule_paths(value: Any, where: _Where, base: Path) -> tuple[Path, ...]:
    # Checked here, where the line that names the file is known; the rules are read later.
    paths = _paths(value, where, base)
    for path in paths:
        if not os.path.lexists(path):
            raise ConfigError(f"{where}: no such rule file or folder: {path}")
    return paths


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
    name = _string(value, where, base)
    known = _grammar_backends()
    if known and name not in known:
        raise ConfigError(f"{where} must be one of {', '.join(known)}, not {name!r}")
    return name


# House styles for names (`names = ...`): the rule files each loads on top of the defaults.
NAME_STYLES = {"accepted": (), "registry": ("styles/names-registry.yaml",)}


def _names(value: Any, where: _Where, base: Path) -> tuple[Path, ...]:
    """`names = "registry"`: the registry's canonical spelling of every person, accepted
    forms reported too; "accepted" (the default) leaves spellings in real use alone."""
    from textfix.rulefiles import default_rules_dir

    style = _string(value, where, base)
    if style not in NAME_STYLES:
        raise ConfigError(f"{where} must be one of {', '.join(NAME_STYLES)}, not {style!r}")
    return tuple(default_rules_dir() / file for file in NAME_STYLES[style])


def _glossary(value: Any, where: _Where, base: Path) -> Path:
    path = base / _string(value, where, base)
    if not path.is_file():
        raise ConfigError(f"{where}: no such glossary file: {path}")
    return path


def _url(value: Any, where: _Where, base: Path) -> str:
    url = _string(value, where, base)
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where} must be an http:// or https:// URL")
    return url


def _patterns(value: Any, where: _Where, base: Path) -> tuple[str, ...]:
    return _usable_patterns(_strings(value, where, base), where)


def _usable_patterns(patterns: tuple[str, ...], where: _Where) -> tuple[str, ...]:
    """A pattern git would pass over ("foo[z-a]bar" matches nothing there) is left out, with
    a warning: what the run checks is then what git's rules say."""
    from textfix.gitpatterns import pattern_problems  # imports pathspec: only for files with patterns

    problems = pattern_problems(patterns) if patterns else {}
    for pattern, problem in problems.items():
        where.warnings.append(f"{where}: invalid pattern {pattern!r} ignored, as git does ({problem})")
    return tuple(p for p in patterns if p not in problems)


def _per_file_ignores(value: Any, where: _Where, base: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of pattern = [rule ids]")
    return tuple(
        (pattern, _strings(ids, where.sub(pattern), base))
        for pattern, ids in value.items()
        if _usable_patterns((pattern,), where.sub(pattern))
    )


def _formats(value: Any, where: _Where, base: Path) -> tuple[tuple[str, str], ...]:
    """`[formats]` "*.strings" = "text": the format of files a pattern matches (on the file
    name, or on the path where the pattern holds a "/"); such files are then also found by a
    folder walk."""
    from textfix.formats import FORMATS

    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of pattern = format name")
    out = []
    for pattern, name in value.items():
        name = _string(name, where.sub(pattern), base)
        if name not in FORMATS:
            raise ConfigError(f"{where.sub(pattern)} must be one of {', '.join(FORMATS)}, not {name!r}")
        out.append((_config_pattern(pattern, base), name))
    return tuple(out)


LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _language_code(value: Any, where: _Where, base: Path) -> str:
    code = _string(value, where, base)
    if not LANGUAGE_CODE.fullmatch(code):
        raise ConfigError(f"{where} must be a language code such as fr, pt-BR or de_CH, not {code!r}")
    return code


def _languages(value: Any, where: _Where, base: Path) -> tuple[tuple[str, str], ...]:
    """`[languages]` "locale/fr/**" = "fr": the language of the text in files a pattern
    matches (as in `formats`), where the file itself does not say."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table of pattern = language code")
    return tuple(
        (_config_pattern(pattern, base), _language_code(code, where.sub(pattern), base))
        for pattern, code in value.items()
    )


def _config_pattern(pattern: str, base: Path) -> str:
    """A pattern with a "/" is a path from the config's folder, held as an absolute one."""
    return (base / pattern.lstrip("/")).as_posix() if "/" in pattern else pattern


def _columns(value: Any, where: _Where, base: Path) -> tuple[str | None, str | None]:
    """`[columns]` source = "en", target = "de": the TSV columns (header names) or JSON keys
    that hold the source and the target."""
    if not isinstance(value, dict) or not value.keys() <= {"source", "target"}:
        raise ConfigError(f"{where} must be a table with the keys source and target")
    source, target = (
        _string(value[key], where.sub(key), base) if key in value else None for key in ("source", "target")
    )
    return source, target


def _grammar_backends() -> tuple[str, ...]:
    try:
        from textfix.backends import BACKENDS
    except ImportError:  # no backends installed: any name is passed on and checked later
        return ()
    return tuple(BACKENDS)


KEYS: dict[str, tuple[str, Callable[[Any, _Where, Path], Any]]] = {
    "select": ("select", _strings),
    "ignore": ("ignore", _strings),
    "extend-rules": ("extend_rules", _rule_paths),
    "exclude": ("exclude", _patterns),
    "respect-gitignore": ("respect_gitignore", _boolean),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "accept": ("accept", _strings),
    "accept-files": ("accept_files", _paths),
    "grammar": ("grammar", _grammar),
    "language": ("language", _language_code),
    "unsafe-fixes": ("unsafe_fixes", _boolean),
    "lt-url": ("lt_url", _url),
    "strict": ("strict", _boolean),
    "names": ("name_style", _names),
    "formats": ("formats", _formats),
    "languages": ("languages", _languages),
    "source-language": ("source_language", _string),
    "columns": ("columns", _columns),
    "glossary": ("glossary", _glossary),
}


def read_accept_file(path: Path) -> set[str]:
    """One word or name a line; blank lines and lines starting with '#' are skipped."""
    try:
        lines = read_settings(path, "accept file").decode("utf-8-sig").splitlines()
    except FileError as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read accept file: not UTF-8 (byte {exc.start})") from None
    return {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}


def parse_table(table: dict[str, Any], path: Path, section: str = "", text: str = "") -> Config:
    """Validate one config table; every message names the file, the line and the key.
    `text` is the file's text, to find the lines in."""
    values: dict[str, Any] = {}
    accept: set[str] = set()
    style_rules: tuple[Path, ...] = ()
    warnings: list[str] = []
    keys = tuple(section.rstrip(".").split(".")) if section else ()
    for key, raw in table.items():
        where = _Where(path, text, (*keys, key), f"{section}{key}", warnings)
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
        elif name == "name_style":
            style_rules = value
        else:
            values[name] = value
    if style_rules:  # before the file's own rules, which may replace them in turn
        values["extend_rules"] = (*style_rules, *values.get("extend_rules", ()))
    named = [((*keys, key), f"{section}{key}", values[key]) for key in ("select", "ignore") if key in values]
    named += [
        ((*keys, "per-file-ignores", pattern), f"{section}per-file-ignores.{pattern!r}", ids)
        for pattern, ids in values.get("per_file_ignores", ())
    ]
    return Config(
        path=path,
        root=path.parent,
        accept=frozenset(accept),
        **values,
        warnings=tuple(warnings),
        named=tuple(named),
        text=text,
    )


class _Where:
    """ "path:line: key" for messages; the line is looked for only when a message is made."""

    def __init__(self, path: Path, text: str, keys: tuple[str, ...], label: str, warnings: list[str]) -> None:
        self.path, self.text, self.keys, self.label = path, text, keys, label
        self.warnings = warnings  # the file's, for what is left out rather than refused

    def at(self) -> str:
        line = _line_of(self.text, self.keys)
        return f"{self.path}:{line}:" if line else f"{self.path}:"

    def sub(self, key: str) -> _Where:
        return _Where(self.path, self.text, (*self.keys, key), f"{self.label}.{key!r}", self.warnings)

    def __str__(self) -> str:
        return f"{self.at()} {self.label}"


def _line_of(text: str, keys: tuple[str, ...]) -> int | None:
    """The line where the key at `keys` is set, found with TOML's own parser (tomllib keeps
    no positions). The text is cut into statements (a table header, or a key with its value,
    which may run over several lines) and each is parsed alone, under the last header: the
    first to hold the key names its line. Each statement is parsed once, so a long file costs
    one parse of it, not one per line."""
    header: tuple[str, ...] = ()
    for line, statement in _statements(text):
        try:
            data = tomllib.loads(statement)
        except tomllib.TOMLDecodeError:
            return None  # cut wrongly: better no line than a wrong one
        if statement.lstrip().startswith("["):
            header = _chain(data)
            if header[: len(keys)] == keys:
                return line
        elif keys[: len(header)] == header and _holds(data, keys[len(header) :]):
            return line
    return None


# Where a statement may go on past the end of its line: strings, brackets and comments.
_TOKEN = {
    "": re.compile(r'"""|\'\'\'|["\'#\[\]{}\n]'),
    '"': re.compile(r'\\.|["\n]'),
    "'": re.compile(r"['\n]"),
    '"""': re.compile(r'\\.|"{3,5}', re.DOTALL),
    "'''": re.compile(r"'{3,5}"),
    "#": re.compile(r"\n"),
}


def _statements(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of each statement: a line starts one unless it is inside a string
    or brackets that an earlier line opened. Blank and comment lines are statements too."""
    start, line, depth, inside = 0, 1, 0, ""
    pos = 0
    while True:
        token = _TOKEN[inside].search(text, pos)
        if token is None:
            break
        pos, found = token.end(), token.group()
        if found == "\n":
            if inside in ('"', "'", "#"):
                inside = ""  # a comment ends here; an unclosed one-line string is TOML's to report
            if not inside and not depth:
                yield line, text[start:pos]
                line += text.count("\n", start, pos)
                start = pos
        elif inside:
            if found[0] == inside[0] and len(found) >= len(inside):
                inside = ""
        elif found in "[{":
            depth += 1
        elif found in "]}":
            depth -= 1
        else:
            inside = found
    if start < len(text):
        yield line, text[start:]


def _chain(data: Any) -> tuple[str, ...]:
    """The keys a table header names, from its parse: {'a': {'b': {}}} or {'a': [{}]}."""
    keys: list[str] = []
    while True:
        if isinstance(data, list) and data:
            data = data[-1]
        elif isinstance(data, dict) and len(data) == 1:
            key, data = next(iter(data.items()))
            keys.append(key)
        else:
            return tuple(keys)


def _holds(data: Any, keys: tuple[str, ...]) -> bool:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def load_config(path: Path) -> Config:
    """A config file named by the user (`--config`) or found by `find_config`."""
    given, path = Path(path).absolute(), Path(path).resolve()
    try:
        # utf-8-sig: editors on Windows start a UTF-8 file with a byte order mark, which TOML
        # itself does not allow; it is no part of the configuration, so it is passed over.
        text = read_settings(given, "config file").decode("utf-8-sig")
        data = tomllib.loads(text)
    except FileError as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        place = re.search(r" \(at (?:line (\d+), column \d+|end of document)\)$", str(exc))
        line = (place.group(1) or text.count("\n") + 1) if place else None
        problem = str(exc)[: place.start()] if place else exc
        raise ConfigError(
            f"{path}:{line}: invalid TOML: {problem}" if line else f"{path}: invalid TOML: {problem}"
        ) from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("textfix")
        if table is None:
            raise ConfigError(f"{path}: no [tool.textfix] table")
        if not isinstance(table, dict):
            raise ConfigError(f"{_Where(path, text, ('tool', 'textfix'), 'tool.textfix', [])} must be a table")
        return parse_table(table, path, "tool.textfix.", text)
    return parse_table(data, path, text=text)


def _has_textfix_table(pyproject: Path) -> bool:
    try:
        raw = read_settings(pyproject, "config file")
    except FileError:
        return False  # someone else's file: load_config reports it only if named with --config
    try:
        return "textfix" in tomllib.loads(raw.decode("utf-8-sig", errors="replace")).get("tool", {})
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
            if os.path.lexists(local):  # even a pipe or a broken link: load_config says what is wrong
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
# and the language variant, which is also the language of files that do not say theirs.
# grammar = "off"
# lt-url = "http://localhost:8081"
# language = "en-US"
# The language of the text in some files (where the file itself does not say):
# pattern = language code. Rules for English leave other languages alone.
# languages = { "locale/fr/**" = "fr", "*.de.txt" = "de" }
# Report everything the grammar backend finds, names and rare words included.
# strict = false

# Names: "registry" asks for the registry's canonical spelling of every person (an accepted
# spelling such as "Sergey Lavrov" becomes "Sergei Lavrov", a safe fix); the default,
# "accepted", leaves spellings in real use alone.
# names = "accepted"

# Translation memories (.tmx): the source language (default: the header's srclang).
# source-language = "en"
# TSV and JSON lines files: the columns (header names) or keys of the source and the target
# (default: those named "source" and "target", else the first and the second).
# columns = { source = "en", target = "de" }

# Let `textfix apply` also make the fixes marked unsafe.
unsafe-fixes = false
"""


def starter(pyproject: bool = False) -> str:
    return ("\n[tool.textfix]\n" + STARTER) if pyproject else STARTER
