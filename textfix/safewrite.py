"""Write a file atomically, keeping its metadata, and never over a change made meanwhile.

Writing goes to a temporary file in the target's own folder that then replaces the target
in one `os.replace`: a reader, a crash or an interrupt sees the old file or the new one,
never a mix. Signals that arrive during that step are held until it is over (`signals`).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from textfix.signals import signals_held, stop_if_interrupted
from textfix.textfile import FileError, SourceFile, digest, file_kind, open_problem, read_bytes

TEMP_SUFFIX = ".textfix-tmp"


class ReadOnly(FileError):
    """A file whose permissions forbid writing it: not written unless the caller insists."""


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
            name, f"not written: it changed since it was read ({target}: {open_problem(target, exc, 'read')})"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileError(name, f"not written: it is now {file_kind(info.st_mode)}")
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


def _identity(info: os.stat_result) -> tuple[int, ...]:
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
