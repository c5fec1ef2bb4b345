"""Find the files to check: named files always; in folders, the text files a walk finds."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from textfix.formats import SUFFIXES
from textfix.textfile import FileProblem, link_problem


def discover(
    paths: Iterable[Path],
    other_suffixes: Counter[str] | None = None,
    wanted: Callable[[Path], bool] | None = None,
) -> tuple[list[Path], list[FileProblem]]:
    """Files to check under `paths` (named files always; in folders, those in a known format
    by their suffix, and those `wanted` says yes to), and errors.

    Folders are walked in sorted order without entering hidden or symlinked folders (that
    keeps the walk finite). A file reached twice, for instance through a symlink, is checked
    once, under its first name that is not a symlink. `other_suffixes` counts, by suffix, the
    files a walk passed over for theirs, so that a run that checks nothing can say why.
    """
    found: list[Path] = []
    errors: list[FileProblem] = []
    for path in paths:
        path = Path(path)
        problem = link_problem(path)
        if problem:
            errors.append(FileProblem(path, problem))
        elif not os.path.lexists(path):
            errors.append(FileProblem(path, "no such file or folder"))
        elif path.is_dir():

            def walk_error(exc: OSError) -> None:
                errors.append(FileProblem(exc.filename, f"cannot read folder: {exc.strerror}"))

            for root, dirs, files in os.walk(path, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    suffix = Path(name).suffix.lower()
                    if suffix in SUFFIXES or (wanted is not None and wanted(Path(root) / name)):
                        found.append(Path(root) / name)
                    elif other_suffixes is not None:
                        other_suffixes[suffix] += 1
        else:
            found.append(path)
    return _unique(found), errors


def _unique(paths: list[Path]) -> list[Path]:
    """Drop second names of one file, preferring a plain file over a symlink to it."""
    kept: dict[str, int] = {}  # real path -> index in `paths` of the name kept
    for index, path in enumerate(paths):
        real = os.path.realpath(path)
        previous = kept.get(real)
        if previous is None or (paths[previous].is_symlink() and not path.is_symlink()):
            kept[real] = index
    return [paths[i] for i in sorted(kept.values())]


def roots(paths: Iterable[Path]) -> list[Path]:
    """The real locations of the paths a user named: symlinked files inside them may be written."""
    return [Path(os.path.realpath(p)) for p in paths]
