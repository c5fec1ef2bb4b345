"""Which files to check and with which rules: config per file, exclusions, .gitignore.

`plan()` turns the command line's paths into groups of files that share one effective
config (most runs have exactly one group), so each group loads its rules once.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textfix.config import Config, Resolver
from textfix.discovery import discover
from textfix.formats import format_of
from textfix.gitpatterns import compiled, pattern_problem
from textfix.textfile import FileError, FileProblem, read_settings

if TYPE_CHECKING:
    import pathspec


def _gitignore_spec(lines: list[str], places: list[str], warnings: list[str]) -> pathspec.GitIgnoreSpec:
    """The compiled patterns. A line pathspec cannot compile ("foo[z-a]bar", a lone "!")
    matches nothing in git, which passes over it; so it is left out, with a warning naming
    `places[i]` ("file:line")."""
    import pathspec  # here, not at the top: most runs have no pattern to match

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except (re.error, ValueError):
        pass  # find the bad lines: only on this path
    kept = []
    for line, place in zip(lines, places, strict=False):
        problem = pattern_problem(line)
        if problem is None:
            kept.append(line)
        else:
            warnings.append(f"{place}: invalid pattern {line!r} ignored, as git does ({problem})")
    return pathspec.GitIgnoreSpec.from_lines(kept)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return None


def _matches(patterns: tuple[str, ...], path: Path, root: Path) -> bool:
    """gitignore-style match of `path` against patterns rooted at `root` (parent folders too)."""
    if not patterns:
        return False
    rel = _relative(path, root)
    if rel is None:
        return False
    spec = compiled(patterns)
    parts = rel.split("/")
    return any(spec.match_file("/".join(parts[:i]) + "/") for i in range(1, len(parts))) or spec.match_file(rel)


def excluded_by_config(config: Config, path: Path) -> bool:
    return _matches(config.exclude, path, config.root)


def per_file_ignores(config: Config, path: Path) -> tuple[str, ...]:
    ids: list[str] = []
    for pattern, rule_ids in config.per_file_ignores:
        if _matches((pattern,), path, config.root):
            ids.extend(rule_ids)
    return tuple(dict.fromkeys(ids))


class GitIgnore:
    """git's ignore rules for files inside a git work tree, read with pathspec.

    Every .gitignore from the repository root down to the file counts, the deeper one
    deciding, plus .git/info/exclude; once a folder is ignored, nothing under it comes back.
    Outside a git work tree nothing is ignored (as in ruff and ripgrep).
    """

    def __init__(self) -> None:
        self._repo: dict[Path, Path | None] = {}
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self.errors: list[FileProblem] = []  # ignore files that cannot be read
        self.warnings: list[str] = []  # lines in them that are left out

    def repo_root(self, folder: Path) -> Path | None:
        if folder not in self._repo:
            if (folder / ".git").exists():
                self._repo[folder] = folder
            else:
                self._repo[folder] = None if folder.parent == folder else self.repo_root(folder.parent)
        return self._repo[folder]

    def _spec_of(self, folder: Path, repo: Path) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._specs:
            lines: list[str] = []
            places: list[str] = []
            sources = [folder / ".gitignore"] + ([repo / ".git" / "info" / "exclude"] if folder == repo else [])
            for source in sources:
                if not os.path.lexists(source):
                    continue
                try:
                    text = read_settings(source, "ignore file").decode("utf-8-sig", errors="replace")
                except FileError as exc:  # a link to /dev/zero or a pipe, which a commit can plant
                    self.errors.append(FileProblem(exc.path, f"{exc.message}; read as empty, as git does"))
                    continue
                # Lines as git splits them: at LF, a CR before it dropped.
                for number, line in enumerate(text.split("\n"), 1):
                    lines.append(line.removesuffix("\r"))
                    places.append(f"{source}:{number}")
            self._specs[folder] = _gitignore_spec(lines, places, self.warnings) if lines else None
        return self._specs[folder]

    def _decides(self, rel_parts: list[str], repo: Path, is_dir: bool) -> bool:
        decision = False
        for depth in range(len(rel_parts)):
            spec = self._spec_of(repo.joinpath(*rel_parts[:depth]), repo)
            if spec is None:
                continue
            below = "/".join(rel_parts[depth:]) + ("/" if is_dir else "")
            include = spec.check_file(below).include
            if include is not None:
                decision = include
        return decision

    def ignored(self, path: Path) -> bool:
        path = path.absolute()
        repo = self.repo_root(path.parent)
        if repo is None:
            return False
        parts = list(path.relative_to(repo).parts)
        if parts and parts[0] == ".git":
            return True
        for end in range(1, len(parts)):
            if self._decides(parts[:end], repo, is_dir=True):
                return True
        return self._decides(parts, repo, is_dir=False)


@dataclass
class Group:
    """Files that share one effective config and so one rule set."""

    config: Config
    rule_ignore: tuple[str, ...]
    files: list[Path] = field(default_factory=list)


@dataclass
class Plan:
    groups: list[Group]
    entries: list[tuple[Path, Group]]  # every file to check with its group, in discovery order
    errors: list[FileProblem]  # paths that could not be looked at: each becomes an error result
    skipped: int = 0  # files left out by exclude / .gitignore
    other_suffixes: Counter[str] = field(default_factory=Counter)  # files folder walks passed over, by suffix
    warnings: list[str] = field(default_factory=list)  # patterns left out, and the like: the run goes on

    @property
    def files(self) -> list[Path]:
        return [path for path, _ in self.entries]


def plan(
    paths: list[Path],
    resolver: Resolver,
    overrides: Callable[[Config], Config] = lambda c: c,
    force_exclude: bool = False,
) -> Plan:
    """Files to check with their config. A file named on the command line is checked even
    when excluded, unless `force_exclude` (as in ruff; the pre-commit hooks pass it).
    Raises ConfigError for a config file that cannot be used."""
    named = {p.absolute() for p in paths if not p.is_dir()}
    other_suffixes: Counter[str] = Counter()

    def wanted(path: Path) -> bool:  # a file a config's `formats` patterns give a format
        patterns = resolver.for_path(path).formats
        return bool(patterns) and format_of(path, patterns, named=False) is not None

    files, errors = discover(paths, other_suffixes, wanted)
    gitignore = GitIgnore()
    groups: dict[tuple[int, tuple[str, ...]], Group] = {}
    entries: list[tuple[Path, Group]] = []
    merged: dict[int, Config] = {}  # one overridden config per config file, so files group
    warnings: list[str] = []
    skipped = 0
    for path in files:
        base = resolver.for_path(path)
        if id(base) not in merged:
            warnings.extend(base.warnings)
        config = merged.get(id(base)) or merged.setdefault(id(base), overrides(base))
        outside_named = force_exclude or path.absolute() not in named
        if outside_named and (
            excluded_by_config(config, path) or (config.respect_gitignore and gitignore.ignored(path))
        ):
            skipped += 1
            continue
        extra = per_file_ignores(config, path)
        key = (id(config), extra)
        if key not in groups:
            groups[key] = Group(config, extra)
        groups[key].files.append(path)
        entries.append((path, groups[key]))
    errors += gitignore.errors
    return Plan(list(groups.values()), entries, errors, skipped, other_suffixes, warnings + gitignore.warnings)
