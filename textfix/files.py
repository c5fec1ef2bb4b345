"""Find the files to check, and read and write them without losing a byte."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SNIFF_BYTES = 8192


class FileError(Exception):
    """A file that cannot be processed; the message is one line that names it."""


@dataclass
class SourceFile:
    path: Path
    text: str
    bom: bool = False


def discover(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to check under `paths` (named files always; in folders, .txt and .md), and errors."""
    found, errors = [], []
    for path in paths:
        if not path.exists():
            errors.append(f"{path}: no such file or folder")
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES:
                        found.append(Path(root) / name)
        else:
            found.append(path)
    return list(dict.fromkeys(found)), errors


def read(path: Path) -> SourceFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\x00" in data[:SNIFF_BYTES]:
        raise FileError(f"{path}: binary file (NUL bytes), skipped")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 or exclude it"
        ) from None
    return SourceFile(path, text, bom)


def write(source: SourceFile, text: str) -> None:
    """Replace the file atomically with `text` in the file's own encoding, keeping its mode."""
    path = source.path
    data = (b"\xef\xbb\xbf" if source.bom else b"") + text.encode("utf-8")
    tmp = path.with_name(f".{path.name}.textfix-tmp")
    try:
        mode = path.stat().st_mode
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FileError(f"{path}: cannot write: {exc.strerror or exc}") from None
