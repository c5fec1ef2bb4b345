"""The user's cache folder: work that outlives a run (parsed rule files, compiled scanners).

Everything kept here is an optimisation: an entry that is missing, damaged or cannot be
written costs the work again, never a failure.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """Where work that outlives a run is kept (parsed rule files, compiled scanners)."""
    return Path(
        os.environ.get("TEXTFIX_CACHE_DIR")
        or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "textfix")
    )


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


def entry(folder: str, key: str) -> Path:
    """The file in the cache folder that holds the work known by `key`."""
    return cache_dir() / folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".pickle")


def write_pickle(path: Path, data: object) -> None:
    """Keep `data` at `path`, replaced whole so that a reader never sees half of it."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:  # a read-only home only costs the work next time
        tmp.unlink(missing_ok=True)


def parsed(path: Path, variant: str, parse: Callable[[], T]) -> T:
    """`parse()` of the file at `path`, kept between runs: parsing the YAML is most of a
    small run's start-up. Keyed on the file's path, size and modification time, `variant`
    (how it was parsed) and the installed YAML parser."""
    kept = _parsed_entry(path, variant)
    if kept is not None and kept.exists():
        try:
            data: T = pickle.loads(kept.read_bytes())
            return data
        except Exception:  # a damaged cache entry is only a miss
            pass
    data = parse()
    if kept is not None:
        write_pickle(kept, data)
    return data


def _parsed_entry(path: Path, variant: str) -> Path | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None  # the reader refuses it, with the reason
    return entry("parsed", f"{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}|{variant}|{installed('yaml')}|2")
