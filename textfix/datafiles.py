"""Reading rule and data files: YAML, loaded safely, its parse kept between runs.

The YAML parser is imported only for a file whose parse is not in the cache folder, so a
run whose files were all read before never imports one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textfix import cache
from textfix.rule import RuleError
from textfix.textfile import FileError, read_settings


def load_yaml(path: Path, lines: bool = True) -> Any:
    """The data of the YAML file at `path`; with `lines`, each mapping also holds the line it
    starts on under "__line__" (see `strip_lines`). RuleError for a file that cannot be used."""
    return cache.parsed(path, "lines" if lines else "plain", lambda: _parse(path, lines))


def _parse(path: Path, lines: bool) -> Any:
    import yaml

    from textfix import yaml_loaders

    what = "rule file" if lines else "data file"
    try:
        text = read_settings(path, what).decode("utf-8")
        return yaml_loaders.load(text, lines)
    except FileError as exc:
        raise RuleError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: cannot read {what}: not UTF-8 (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(f"{path}{line}: invalid YAML: {problem}") from None


def strip_lines(value: Any) -> Any:
    """`value` without the "__line__" entries that `load_yaml` adds to its mappings."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
