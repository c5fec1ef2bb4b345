"""Gitignore-style patterns (`exclude`, `per-file-ignores`, `.gitignore`): compiled with
pathspec as git reads them, and which of a config's patterns cannot be used.

pathspec is imported only when there is a pattern to compile: most runs have none.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec


@lru_cache(maxsize=256)
def compiled(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """A config's patterns, compiled: checked when the config was loaded (`pattern_problems`)."""
    import pathspec  # here, not at the top: most runs have no pattern to match

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def pattern_problems(patterns: tuple[str, ...]) -> dict[str, str]:
    """{pattern: why it cannot be used} for the patterns of a config that cannot be compiled.
    Compiled as matching compiles them, and cached: checking them costs nothing more."""
    try:
        compiled(patterns)
    except (re.error, ValueError):
        return {line: problem for line in patterns if (problem := pattern_problem(line))}
    return {}


def pattern_problem(line: str) -> str | None:
    """Why a gitignore-style pattern cannot be used, or None when it can."""
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except re.error as exc:
        return exc.msg
    except ValueError as exc:
        return str(exc)
    return None
