"""Find the files to check, and read and write them without losing a byte.

Reading keeps everything needed to write the file back as it was: the encoding, the byte
order mark and a digest of the bytes read. Text is decoded without newline translation, so
every line keeps its own ending (LF, CRLF or CR) and a missing final newline stays missing.

Writing goes to a temporary file in the target's own folder that then replaces the target
in one `os.replace`: a reader, a crash or an interrupt sees the old file or the new one,
never a mix. Signals that arrive during that step are held until it is over.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
SNIFF_BYTES = 8192
TEMP_SUFFIX = ".textfix-tmp"

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


class ReadOnly(FileError):
    """A file whose permissions forbid writing it: not written unless the caller insists."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM, raised by the handler `handle_signals` installs.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


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


# --- finding files -------------------------------------------------------------------------


def _link_problem(path: Path) -> str | None:
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


def discover(paths: Iterable[Path], other_suffixes: Counter[str] | None = None) -> tuple[list[Path], list[FileProblem]]:
    """Files to check under `paths` (named files always; in folders, .txt and .md), and errors.

    Folders are walked in sorted order without entering hidden or symlinked folders (that
    keeps the walk finite). A file reached twice, for instance through a symlink, is checked
    once, under its first name that is not a symlink. `other_suffixes` counts, by suffix, the
    files a walk passed over for theirs, so that a run that checks nothing can say why.
    """
    found: list[Path] = []
    errors: list[FileProblem] = []
    for path in paths:
        path = Path(path)
        problem = _link_problem(path)
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
                    if suffix in TEXT_SUFFIXES:
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


# --- reading -------------------------------------------------------------------------------


def _open_problem(path: Path, exc: OSError, action: str) -> str:
    """Why `path` could not be opened: the message after "path: "."""
    if exc.errno in (errno.ENOENT, errno.ELOOP):
        problem = _link_problem(path)
        if problem:
            return problem
    if exc.errno == errno.ENOENT:
        return "no such file"
    return f"cannot {action}: {(exc.strerror or str(exc)).lower()}"


def _file_kind(mode: int) -> str:
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


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file. A pipe or device is refused: reading one could block forever."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileError(path, _open_problem(path, exc, "read")) from None
    # Looked at before `open` wraps the descriptor: on a folder (a file replaced by one since
    # it was found) that raises IsADirectoryError, which is no FileError.
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileError(path, f"{_file_kind(info.st_mode)}, not a text file; skipped")
    with open(fd, "rb", closefd=True) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise FileError(path, _open_problem(path, exc, "read")) from None
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
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileError(path, _settings_problem(what, exc)) from None
    mode = os.fstat(fd).st_mode  # before `open`, which raises IsADirectoryError on a folder
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise FileError(path, f"cannot read {what}: {_file_kind(mode)}, not a regular file")
    with open(fd, "rb", closefd=True) as handle:
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
    best = max(reads, key=reads.get, default=None)
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


# --- writing -------------------------------------------------------------------------------

# Signals held while a file is being replaced: (depth of nesting, signal that arrived).
_held = {"depth": 0, "signum": None}
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _on_signal(signum, _frame) -> None:
    if _held["depth"]:
        _held["signum"] = _held["signum"] or signum
        return
    raise _stopping(signum)


def _stopping(signum: int) -> Interrupted:
    """The run stops: later signals are ignored from here on. Raised again into the code that
    stops the workers and exits (Ctrl-C twice), an exception left the worker pool half
    stopped and the exit waiting for it forever; stopping takes a fraction of a second, and
    with nothing left to write there is nothing for a second signal to cut short."""
    for number in _SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    _stopped.append(signum)
    return Interrupted(signum)


# The signal that stopped the run, kept beyond the exception: Python swallows an exception
# raised in an at-fork handler ("Exception ignored in _releaseLock"), where a signal that
# lands while a worker process is being forked is handled. Without this record the run went
# on and wrote every file after a SIGTERM.
_stopped: list[int] = []


def stop_if_interrupted() -> None:
    """Raise Interrupted if a signal has stopped the run, whether or not its exception got
    through; called before anything is written and as results come in."""
    if _stopped:
        raise Interrupted(_stopped[0])


def handle_signals() -> None:
    """Turn SIGINT, SIGTERM and SIGHUP into `Interrupted`, held back while a file is replaced."""
    for number in _SIGNALS:
        signal.signal(number, _on_signal)


@contextmanager
def signals_held() -> Iterator[None]:
    """Run a block to its end even if SIGINT or SIGTERM arrives; raise Interrupted after it."""
    _held["depth"] += 1
    try:
        yield
    finally:
        _held["depth"] -= 1
        if not _held["depth"] and _held["signum"] is not None:
            signum, _held["signum"] = _held["signum"], None
            raise _stopping(signum)


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in folders)


def write_target(source: SourceFile, within: Iterable[Path] | None = None) -> Path:
    """The file a write replaces: the path itself, or for a symlink its real target.

    A symlink is written through only when its target lies inside `within` (the paths the
    user named); anything else would write somewhere the user did not ask for.
    """
    path = source.path
    real = Path(os.path.realpath(path))
    if path.is_symlink() and within is not None and not _inside(real, within):
        raise FileError(path, f"symlink to {real}, outside the checked paths; not written")
    return real if path.is_symlink() else path


def write(source: SourceFile, text: str, within: Iterable[Path] | None = None, *, read_only: bool = False) -> None:
    """Replace the file with `text` in its own encoding, atomically, keeping its permission
    bits, owner (when allowed) and extended attributes.

    Refuses (FileError) when the text cannot be encoded, when the file has other hard links (a
    replace would split them), when its permissions forbid writing it (`ReadOnly`; `read_only`
    writes it anyway), or when it changed on disk since it was read. That last look comes
    after the new content is on disk, just before the rename (see `_still_as_read`).
    """
    stop_if_interrupted()
    if not source.digest:
        raise FileError(
            source.path, "not written: it was read without the digest that tells whether it changed on disk"
        )
    data = source.encode(text)
    target = write_target(source, within)
    with signals_held():
        info = _writable(source.path, target, read_only)
        fd, tmp = _temporary(target, 0o600)
        try:
            with open(fd, "wb", closefd=True) as handle:
                handle.write(data)
                handle.flush()
                _keep_metadata(handle.fileno(), target, info, source.path)
                os.fsync(handle.fileno())
            _still_as_read(source, target)
            os.replace(tmp, target)
        except BaseException as exc:
            _remove(tmp)
            if isinstance(exc, OSError):
                raise FileError(source.path, f"cannot write: {(exc.strerror or str(exc)).lower()}") from None
            raise
        _sync_folder(target.parent)


def create(path: Path, data: bytes) -> None:
    """Write a new file atomically, with the permissions new files get (the umask's).

    Refuses (FileError) when anything has that name, a symlink included, even one created
    while the content was being written: nothing is overwritten or written through a link.
    """
    stop_if_interrupted()
    with signals_held():
        fd, tmp = _temporary(path, 0o666)
        try:
            with open(fd, "wb", closefd=True) as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(tmp, path)  # unlike a rename, a link never replaces what has the name
            except FileExistsError:
                raise FileError(path, "already exists; not overwritten") from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                _create_in_place(path, data)  # a file system without hard links
        except OSError as exc:
            raise FileError(path, f"cannot write: {(exc.strerror or str(exc)).lower()}") from None
        finally:
            _remove(tmp)
        _sync_folder(path.parent)


def _create_in_place(path: Path, data: bytes) -> None:
    """Create `path` and write it, not atomically but never over something already there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        raise FileError(path, "already exists; not overwritten") from None
    with open(fd, "wb", closefd=True) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _writable(name: Path, target: Path, read_only: bool) -> os.stat_result:
    """The target's status, when it may be replaced; FileError when it may not."""
    try:
        info = os.stat(target)
    except OSError as exc:
        raise FileError(
            name, f"not written: it changed since it was read ({target}: {_open_problem(target, exc, 'read')})"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileError(name, f"not written: it is now {_file_kind(info.st_mode)}")
    if info.st_nlink > 1:
        raise FileError(name, f"has {info.st_nlink} hard links; not written (replacing it would split them)")
    if not read_only and not _permits_writing(target, info):
        raise ReadOnly(name, f"read-only ({stat.filemode(info.st_mode)}); not written")
    return info


def _permits_writing(target: Path, info: os.stat_result) -> bool:
    """Whether the file's permissions let this process write it. Root, whom the system lets
    write anything, is held to the mode bits too: a file without any write bit was made so
    on purpose (`chmod a-w`), and a replace, which needs only the folder, would ignore it."""
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(target, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _still_as_read(source: SourceFile, target: Path) -> None:
    """FileError unless the file holds what was read, looked at as late as possible.

    Its content is compared, framed by two looks at its identity, size and times: an edit
    that lands while it is read again changes them. What is left is the time between the
    second look and the rename, some tens of microseconds (bench/write_race.py).
    """
    changed = FileError(source.path, "changed on disk since it was read; not overwritten")
    try:
        before = os.stat(target)
        current = read_bytes(target)
    except (OSError, FileError):
        raise changed from None
    if digest(current) != source.digest:
        raise changed
    del current
    try:
        after = os.stat(target)
    except OSError:
        raise changed from None
    if _identity(after) != _identity(before):
        raise changed


def _identity(info: os.stat_result) -> tuple:
    return info.st_dev, info.st_ino, info.st_nlink, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _keep_metadata(fd: int, target: Path, info: os.stat_result, name: Path) -> None:
    """Give the new file the old one's owner, permission bits and extended attributes."""
    # Owner first: a change of owner clears the setuid and setgid bits, which the mode then sets.
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except OSError:
        pass  # only root may give a file away: it becomes ours (README, Safety)
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(target)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return
        raise
    for attribute in names:  # ACLs among them, on Linux
        value = os.getxattr(target, attribute)
        try:
            if os.getxattr(fd, attribute) == value:
                continue  # given to every new file in the folder (an SELinux label, a default ACL)
        except OSError:
            pass
        try:
            os.setxattr(fd, attribute, value)
        except OSError as exc:
            raise FileError(
                name,
                f"not written: its extended attribute {attribute} cannot be kept "
                f"({(exc.strerror or str(exc)).lower()})",
            ) from None


# Most file systems allow 255 bytes in a name: the file's own name in the temporary one is
# cut short, so that a file with a long name can be written too.
TEMP_NAME_BYTES = 100


def _temporary(target: Path, mode: int) -> tuple[int, Path]:
    """A new file, open for writing, beside `target`: `.NAME.XXXXXXXX.textfix-tmp`."""
    stem = target.name
    while len(os.fsencode(stem)) > TEMP_NAME_BYTES:
        stem = stem[:-1]
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = target.with_name(f".{stem}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise FileError(
                target,
                f"cannot write: {(exc.strerror or str(exc)).lower()} "
                "(a safe replace needs a temporary file in the same folder)",
            ) from None


def _remove(path: Path) -> None:
    with suppress(OSError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some systems cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
