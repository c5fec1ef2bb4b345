"""Read a text file without losing a byte, and say why a file cannot be read.

Reading keeps everything needed to write the file back as it was: the encoding, the byte
order mark and a digest of the bytes read. Text is decoded without newline translation, so
every line keeps its own ending (LF, CRLF or CR) and a missing final newline stays missing.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SNIFF_BYTES = 8192

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class FileProblem:
    """Why a file could not be processed: the file and what is wrong with it, shown as one
    line, "path: message"."""

    path: Path | str  # as named: a folder walk's names keep a leading "./", and show it
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FileError(Exception):
    """A file that cannot be processed: which one (`path`) and what is wrong (`message`).
    Its text is the one line "path: message"."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(path, message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return str(self.problem)

    @property
    def problem(self) -> FileProblem:
        """The same, as plain data: what a result keeps and a report shows."""
        return FileProblem(self.path, self.message)


class NotText(FileError):
    """A binary file: skipped without counting as an error (reported with --verbose)."""


@dataclass
class SourceFile:
    path: Path
    text: str
    encoding: str = "utf-8"  # the codec that decoded the text and will encode it back
    bom: bytes = b""  # the byte order mark the file started with, written back as it was
    digest: bytes = b""  # of the bytes read, to notice a change on disk before writing

    def encode(self, text: str) -> bytes:
        """`text` as the bytes of this file: same encoding, same byte order mark."""
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start]
            line = exc.object.count("\n", 0, exc.start) + 1
            raise FileError(
                self.path,
                f"not written: the fixed text has '{char}' (U+{ord(char):04X}) on line {line}, "
                f"which {self.encoding} cannot encode",
            ) from None


def link_problem(path: Path) -> str | None:
    """Why a symlink cannot be followed (the message after "path: "), or None when it can
    (or `path` is no symlink)."""
    if not path.is_symlink():
        return None
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop, skipped"
        if exc.errno == errno.ENOENT:
            return f"broken symlink (its target {os.readlink(path)} does not exist), skipped"
        return f"cannot follow symlink: {exc.strerror}"
    return None


def open_problem(path: Path, exc: OSError, action: str) -> str:
    """Why `path` could not be opened: the message after "path: "."""
    if exc.errno in (errno.ENOENT, errno.ELOOP):
        problem = link_problem(path)
        if problem:
            return problem
    if exc.errno == errno.ENOENT:
        return "no such file"
    return f"cannot {action}: {(exc.strerror or str(exc)).lower()}"


def file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _open_regular(
    path: Path, cannot_open: Callable[[OSError], str], not_regular: Callable[[int], str]
) -> tuple[BinaryIO, os.stat_result]:
    """The file opened for reading, and its status, if it is a regular file once links are
    followed; else FileError with the message `cannot_open(error)` or `not_regular(mode)`."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileError(path, cannot_open(exc)) from None
    # Looked at before `open` wraps the descriptor: on a folder (a file replaced by one since
    # it was found) that raises IsADirectoryError, which is no FileError.
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileError(path, not_regular(info.st_mode))
    return open(fd, "rb", closefd=True), info


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file. A pipe or device is refused: reading one could block forever."""
    handle, info = _open_regular(
        path,
        lambda exc: open_problem(path, exc, "read"),
        lambda mode: f"{file_kind(mode)}, not a text file; skipped",
    )
    with handle:
        try:
            return handle.read()
        except OSError as exc:
            raise FileError(path, open_problem(path, exc, "read")) from None
        except MemoryError:
            raise FileError(path, f"too large to read into memory ({info.st_size:,} bytes); skipped") from None


# Config, ignore files, word lists and rule files are small; a larger one is a mistake or a trap.
SETTINGS_LIMIT = 16 * 1024 * 1024


def _settings_problem(what: str, exc: OSError) -> str:
    return f"cannot read {what}: {(exc.strerror or str(exc)).lower()}"


def read_settings(path: Path, what: str, limit: int = SETTINGS_LIMIT) -> bytes:
    """The bytes of a file textfix reads for itself (`what`: "config file", "rule file"...).
    It must be a regular file once links are followed, of at most `limit` bytes: a link to
    /dev/zero or a named pipe, which anyone can commit, must not fill memory or block the run."""
    handle, _info = _open_regular(
        path,
        lambda exc: _settings_problem(what, exc),
        lambda mode: f"cannot read {what}: {file_kind(mode)}, not a regular file",
    )
    with handle:
        try:
            data = handle.read(limit + 1)  # the size can change after fstat: the read is what counts
        except OSError as exc:
            raise FileError(path, _settings_problem(what, exc)) from None
    if len(data) > limit:
        raise FileError(path, f"cannot read {what}: larger than {limit // (1024 * 1024)} MiB")
    return data


def digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_encoding(name: str) -> str:
    """The canonical codec name for --encoding, or ValueError with what is wrong."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding '{name}'") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"'{name}' is not a text encoding")
    return info.name


def decode(path: Path, data: bytes, encoding: str | None = None, fingerprint: bool = True) -> SourceFile:
    """Decode bytes the way `read` does: see there."""
    source = _decoded(path, data, encoding)
    if fingerprint:
        source.digest = digest(data)
    return source


def _decoded(path: Path, data: bytes, encoding: str | None) -> SourceFile:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                if codec == "utf-32-le":  # FF FE 00 00 is also UTF-16-LE's mark and a NUL
                    continue
                raise FileError(
                    path,
                    f"starts with a {codec.upper()} byte order mark but is not valid {codec.upper()} "
                    f"(at byte offset {exc.start + len(bom)}); skipped",
                ) from None
            return SourceFile(path, text, codec, bom)
    nul = data.find(b"\x00", 0, SNIFF_BYTES)
    if nul >= 0:
        # Text in UTF-16 or UTF-32 without a byte order mark has NUL bytes too.
        wide = _wide_codec(data, encoding)
        if wide and _ascii_read(data, wide) is not None:
            return _decode_as(path, data, wide)
        guess = _best_read(data, WIDE_CODECS, share=0.75)
        if guess:
            raise FileError(
                path,
                f"looks like {guess.upper()} text without a byte order mark; name its encoding with --encoding {guess}",
            )
        raise NotText(path, f"binary file (NUL byte at offset {nul}), skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if encoding is None:
            raise FileError(
                path,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) on line "
                f"{_line_of(data, exc.start)}; convert it to UTF-8, or name its encoding with --encoding "
                "(for example --encoding cp1252)",
            ) from None
        return _decode_as(path, data, _wide_codec(data, encoding) or encoding)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise FileError(path, f"NUL byte at offset {nul} (line {_line_of(data, nul)}); a text file has none, skipped")
    return SourceFile(path, text, "utf-8", b"")


# UTF-16 and UTF-32 in each byte order; without a byte order mark, text in them may hold NULs.
WIDE_CODECS = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
# Controls that text hardly ever holds and binary data read as UTF-16 is full of.
_BINARY_CHAR = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _wide_codec(data: bytes, encoding: str | None) -> str | None:
    """The codec to read a file without a byte order mark in, when `encoding` is UTF-16 or
    UTF-32; None for any other. Such a file is written back without a mark, so 'utf-16' and
    'utf-32', which would add one, become the byte order the file reads best in."""
    if encoding in WIDE_CODECS:
        return encoding
    if encoding not in ("utf-16", "utf-32"):
        return None
    orders = (f"{encoding}-le", f"{encoding}-be")
    return _best_read(data, orders) or orders[0]


def _best_read(data: bytes, codecs_: tuple[str, ...], share: float = 0.0) -> str | None:
    """Of `codecs_`, the one the start of `data` reads as text in with the largest share of
    ASCII characters (ASCII text in UTF-16-BE read as UTF-16-LE is text too, all of it CJK),
    if that share is at least `share`."""
    reads = {codec: ascii_ for codec in codecs_ if (ascii_ := _ascii_read(data, codec)) is not None}
    best = max(reads, key=reads.__getitem__, default=None)
    return best if best is not None and reads[best] >= share else None


def _ascii_read(data: bytes, codec: str) -> float | None:
    """The share of ASCII characters at the start of `data` read in `codec`, or None when it
    does not read as text there: binary data read as UTF-16 gives controls or bad code units."""
    try:
        # The cut at SNIFF_BYTES may split a character: an incremental decoder leaves it out.
        text = codecs.getincrementaldecoder(codec)().decode(data[:SNIFF_BYTES], final=False)
    except UnicodeDecodeError:
        return None
    if not text or _BINARY_CHAR.search(text):
        return None
    return len(text.encode("ascii", "ignore")) / len(text)


def _decode_as(path: Path, data: bytes, encoding: str) -> SourceFile:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileError(
            path,
            f"neither UTF-8 nor valid {encoding} (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
            f"on line {_line_of(data, exc.start)}; skipped",
        ) from None
    # Writing back must give the same bytes where nothing was fixed; a codec that maps two
    # byte sequences to one character cannot promise that.
    if text.encode(encoding, errors="replace") != data:
        raise FileError(path, f"{encoding} does not read and write this file back unchanged; skipped")
    return SourceFile(path, text, encoding, b"")


def read(path: Path, encoding: str | None = None, fingerprint: bool = True) -> SourceFile:
    """Read and decode a file; with `fingerprint`, keep the digest that `write` compares
    (a third of the cost of reading, which a check that writes nothing need not pay).

    A byte order mark decides the encoding (UTF-8, UTF-16 or UTF-32). Without one, a NUL byte
    in the first 8 KiB marks a binary file (NotText); otherwise the file must be UTF-8, or,
    when it is not and `encoding` is given, that encoding. A NUL byte later in a text file is
    an error, not a reason to guess.
    """
    return decode(path, read_bytes(path), encoding, fingerprint)
