"""Reading and writing files: byte for byte outside the fixes, atomic, and never somewhere unexpected."""

from __future__ import annotations

import codecs
import os
import re
import shutil
import signal
import stat
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textfix import discovery, safewrite, signals, textfile
from textfix.cli import app
from textfix.safewrite import write
from textfix.signals import Interrupted
from textfix.textfile import FileError, FileProblem, read

runner = CliRunner()

# A safe fix (the stray full stop) in the middle of text whose other bytes must survive.
BAD, GOOD = "the summit. of the alliance", "the summit of the alliance"


def apply_write(*args):
    return runner.invoke(app, ["apply", "--write", "--grammar", "off", *map(str, args)])


def leftovers(folder):
    return [p.name for p in folder.rglob("*") if p.name.endswith(safewrite.TEMP_SUFFIX)]


# (label, encode(text) -> bytes): the file's encoding and byte order mark.
ENCODINGS = [
    ("utf-8", lambda t: t.encode("utf-8")),
    ("utf-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("utf-16-le with BOM", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    ("utf-16-be with BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    ("utf-32-le with BOM", lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le")),
]

# (label, text with the fixable phrase as {}): line endings, final newline, odd characters.
LAYOUTS = [
    ("LF", "First line.\nThen {}.\nLast line.\n"),
    ("CRLF", "First line.\r\nThen {}.\r\nLast line.\r\n"),
    ("CR", "First line.\rThen {}.\rLast line.\r"),
    ("mixed endings", "First line.\r\nThen {}.\nMiddle.\rLast line.\r\n"),
    ("no final newline", "First line.\nThen {}."),
    ("only the phrase", "{}"),
    ("blank lines and tabs", "\n\n\tThen {}.\t \n\n"),
    ("astral and combining", "😀 e\u0301 \u05e9\u05dc\u05d5\u05dd\r\nThen {}.\r\n\U0001f468\u200d\U0001f469"),
]

CASES = [pytest.param(encode, layout, id=f"{enc}-{lay}") for enc, encode in ENCODINGS for lay, layout in LAYOUTS]


@pytest.mark.parametrize("encode, layout", CASES)
def test_apply_changes_only_the_fixed_bytes(tmp_path, encode, layout):
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(layout.format(BAD)))
    result = apply_write(path)
    assert result.exit_code == 1, result.stderr
    assert path.read_bytes() == encode(layout.format(GOOD))
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("encode, layout", CASES)
def test_file_without_fixes_is_left_byte_identical(tmp_path, encode, layout):
    path = tmp_path / "doc.txt"
    data = encode(layout.format(GOOD))
    path.write_bytes(data)
    before = os.stat(path)
    assert apply_write(path).exit_code == 0
    assert path.read_bytes() == data
    assert os.stat(path).st_ino == before.st_ino, "a file with nothing to fix is not even rewritten"


@pytest.mark.parametrize("encode, layout", CASES)
def test_read_then_write_unchanged_text_gives_the_same_bytes(tmp_path, encode, layout):
    path = tmp_path / "doc.txt"
    data = encode(layout.format(BAD))
    path.write_bytes(data)
    source = read(path)
    write(source, source.text)
    assert path.read_bytes() == data


def test_encoding_option_reads_and_writes_back_in_that_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(f"Caf\xe9 au lait.\r\nThen {BAD}.\r\n".encode("cp1252"))
    assert apply_write(path).exit_code == 2  # not UTF-8, and no --encoding
    assert apply_write(path, "--encoding", "cp1252").exit_code == 1
    assert path.read_bytes() == f"Caf\xe9 au lait.\r\nThen {GOOD}.\r\n".encode("cp1252")


def test_encoding_option_does_not_touch_utf8_files(tmp_path):
    path = tmp_path / "utf8.txt"
    path.write_text(f"Café. Then {BAD}.\n", encoding="utf-8")
    assert apply_write(path, "--encoding", "latin-1").exit_code == 1
    assert path.read_text(encoding="utf-8") == f"Café. Then {GOOD}.\n"


def test_unknown_encoding_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    result = apply_write(tmp_path, "--encoding", "klingon")
    assert result.exit_code == 2 and "unknown encoding 'klingon'" in result.stderr


def test_fix_the_encoding_cannot_hold_is_not_written(tmp_path):
    path = tmp_path / "latin.txt"
    data = "Caf\xe9 -- and more.\n".encode("latin-1")
    path.write_bytes(data)
    source = read(path, encoding="latin-1")
    with pytest.raises(FileError, match=r"latin.txt: not written: .*U\+2014.* line 1, which latin-1 cannot encode"):
        write(source, source.text.replace("--", "\u2014"))
    assert path.read_bytes() == data


@pytest.mark.parametrize("mode", [0o640, 0o4755, 0o2755, 0o6750, 0o1644], ids=oct)
def test_permissions_are_kept(tmp_path, mode):
    # Setting the owner clears setuid and setgid: the mode must be set after it.
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    os.chmod(path, mode)
    assert apply_write(path).exit_code == 1
    assert path.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == mode


needs_xattrs = pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes here")


def set_xattr(path, name, value):
    try:
        os.setxattr(path, name, value)
    except OSError as exc:
        pytest.skip(f"this file system keeps no extended attributes ({exc.strerror})")


@needs_xattrs
def test_extended_attributes_are_kept(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    set_xattr(path, "user.origin", b"translated by hand")
    assert apply_write(path).exit_code == 1
    assert path.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
    assert os.getxattr(path, "user.origin") == b"translated by hand"


@needs_xattrs
def test_extended_attribute_that_cannot_be_kept_stops_the_write(tmp_path, monkeypatch):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    set_xattr(path, "user.origin", b"translated by hand")

    def refuse(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(safewrite.os, "setxattr", refuse)
    result = apply_write(path)
    assert result.exit_code == 2
    assert (
        f"{path}: not written: its extended attribute user.origin cannot be kept (operation not permitted)"
        in result.stderr
    )
    assert path.read_text(encoding="utf-8") == f"Then {BAD}.\n"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "name",
    [
        "a" * 251 + ".txt",  # 255 bytes, the longest name most file systems allow
        "\u00e9" * 125 + ".txt",  # 254 bytes, two to a character: cut short on a character boundary
        "\u00e9" * 117 + ".txt",  # 238 bytes
    ],
    ids=["255 ASCII bytes", "254 bytes of UTF-8", "238 bytes of UTF-8"],
)
def test_file_with_a_long_name_is_written(tmp_path, name):
    path = tmp_path / name
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    result = apply_write(path)
    assert result.exit_code == 1, result.stderr
    assert path.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
    assert leftovers(tmp_path) == []


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path)
    path.write_text(f"Someone else's edit; {BAD}.\n", encoding="utf-8")
    with pytest.raises(FileError, match=re.escape("doc.txt: changed on disk since it was read; not overwritten")):
        write(source, source.text.replace(BAD, GOOD))
    assert path.read_text(encoding="utf-8") == f"Someone else's edit; {BAD}.\n"
    assert leftovers(tmp_path) == []


def edit(path):
    with open(path, "ab") as handle:
        handle.write(b"An edit made meanwhile.\n")


def edit_after_fsync(path, monkeypatch):
    real_fsync = os.fsync

    def fsync_then_edit(fd):
        real_fsync(fd)
        edit(path)

    monkeypatch.setattr(safewrite.os, "fsync", fsync_then_edit)


def edit_after_digest(path, monkeypatch):
    real_digest = safewrite.digest

    def digest_then_edit(data):
        result = real_digest(data)
        edit(path)
        return result

    monkeypatch.setattr(safewrite, "digest", digest_then_edit)


# When an edit lands: while the new content goes to disk (it used to be compared before
# that step, so an edit then was lost), or after the content is compared again, just
# before the rename (caught by the file's size and times, looked at after the compare).
@pytest.mark.parametrize("edit_during", [edit_after_fsync, edit_after_digest], ids=["writing", "last compare"])
def test_edit_during_the_write_is_not_overwritten(tmp_path, monkeypatch, edit_during):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path)
    edit_during(path, monkeypatch)
    with pytest.raises(FileError, match=re.escape("doc.txt: changed on disk since it was read; not overwritten")):
        write(source, source.text.replace(BAD, GOOD))
    assert path.read_text(encoding="utf-8") == f"Then {BAD}.\nAn edit made meanwhile.\n"
    assert leftovers(tmp_path) == []


def test_a_file_read_only_for_checking_is_not_written(tmp_path):
    # A check reads without the digest; only a source read for writing may be written back.
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path, fingerprint=False)
    with pytest.raises(FileError, match=re.escape("doc.txt: not written: it was read without the digest")):
        write(source, source.text.replace(BAD, GOOD))
    assert path.read_text(encoding="utf-8") == f"Then {BAD}.\n"


def apply_with_the_first_file_changed(tmp_path, monkeypatch, change):
    """`apply --write` on a.txt and b.txt, both to fix, with `change(a.txt)` done just before
    a.txt is written: (the result, a.txt, b.txt)."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    real_write = safewrite.write

    def change_first_then_write(source, text, within=None, **options):
        if source.path == first:
            change(first)
        return real_write(source, text, within, **options)

    monkeypatch.setattr(safewrite, "write", change_first_then_write)
    return apply_write(tmp_path, "--jobs", "1"), first, second


def test_file_changed_on_disk_during_a_run_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    def edit(path):
        path.write_text("Edited meanwhile.\n", encoding="utf-8")

    result, first, second = apply_with_the_first_file_changed(tmp_path, monkeypatch, edit)
    assert result.exit_code == 2
    assert f"{first}: changed on disk since it was read; not overwritten" in result.stderr
    assert first.read_text(encoding="utf-8") == "Edited meanwhile.\n"
    assert second.read_text(encoding="utf-8") == f"Then {GOOD}.\n"


def test_hard_linked_file_is_not_split(tmp_path):
    path, other = tmp_path / "doc.txt", tmp_path / "other-name.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    os.link(path, other)
    result = apply_write(path)
    assert result.exit_code == 2 and "has 2 hard links; not written" in result.stderr
    assert path.read_text(encoding="utf-8") == f"Then {BAD}.\n"


# --- read-only files: reported, not written, unless --write-read-only ------------------------


def read_only_message(path, mode):
    return f"{path}: read-only ({stat.filemode(stat.S_IFREG | mode)}); not written"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555], ids=oct)
def test_read_only_file_is_reported_and_not_written(tmp_path, mode):
    # The mode bits decide, even for root, whom the system would let write anything.
    path, other = tmp_path / "locked.txt", tmp_path / "open.txt"
    for name in (path, other):
        name.write_text(f"Then {BAD}.\n", encoding="utf-8")
    os.chmod(path, mode)
    result = apply_write(tmp_path)
    assert result.exit_code == 2
    assert f"{read_only_message(path, mode)} (make it writable, or pass --write-read-only)" in result.stderr
    assert path.read_text(encoding="utf-8") == f"Then {BAD}.\n"
    assert other.read_text(encoding="utf-8") == f"Then {GOOD}.\n"


def test_write_read_only_writes_it_and_keeps_its_mode(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    os.chmod(path, 0o444)
    assert apply_write(path, "--write-read-only").exit_code == 1
    assert path.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444


NOBODY = 65534
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def as_non_root(function):
    """`function()`'s repr, or its exception's class and text, run without root's powers: as
    nobody in a forked child when the tests run as root (as the system lets root write any
    file, the permission check differs), else right here."""

    def outcome():
        try:
            return repr(function())
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"

    if not IS_ROOT:
        return outcome()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the test run
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.write(write_end, outcome().encode("utf-8", "surrogateescape"))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read().decode("utf-8", "surrogateescape")
    os.waitpid(pid, 0)
    return answer


@pytest.fixture
def shared_folder():
    """A folder the non-root user may write in (tmp_path's parents are closed to others)."""
    folder = tempfile.mkdtemp(prefix="textfix-test-")
    if IS_ROOT:
        os.chown(folder, NOBODY, NOBODY)
    yield Path(folder)
    shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize(
    "owner, mode, insist, expected",
    [
        ("me", 0o444, False, "refused"),
        ("root", 0o644, False, "refused"),  # writable only by its owner: replacing it would take it from them
        ("me", 0o444, True, "written"),
    ],
    ids=["own file, chmod 444", "root's file, 644", "own file, chmod 444, --write-read-only"],
)
def test_file_the_user_may_not_write_is_not_written(shared_folder, owner, mode, insist, expected):
    if owner == "root" and not IS_ROOT:
        pytest.skip("needs root to make a file owned by someone else")
    uid = (NOBODY if IS_ROOT else os.getuid()) if owner == "me" else 0
    path = shared_folder / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    if IS_ROOT:
        os.chown(path, uid, uid)
    os.chmod(path, mode)
    source = read(path)
    answer = as_non_root(lambda: write(source, source.text.replace(BAD, GOOD), read_only=insist))
    if expected == "refused":
        assert answer == f"ReadOnly: {read_only_message(path, mode)}"
        assert path.read_text(encoding="utf-8") == f"Then {BAD}.\n"
        assert (os.stat(path).st_uid, stat.S_IMODE(os.stat(path).st_mode)) == (uid, mode)
    else:
        assert answer == "None"
        assert path.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
        assert stat.S_IMODE(os.stat(path).st_mode) == mode
    assert leftovers(shared_folder) == []


# --- a file that cannot be written is reported, the run goes on, and the count says so ---------


def test_file_replaced_by_a_folder_before_it_is_written(tmp_path, monkeypatch):
    def replace_by_a_folder(path):
        path.unlink()
        path.mkdir()

    result, first, second = apply_with_the_first_file_changed(tmp_path, monkeypatch, replace_by_a_folder)
    assert result.exit_code == 2, result.output
    assert f"{first}: not written: it is now a folder" in result.stderr
    assert second.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
    assert "1 file fixed, 1 not written." in result.stderr
    assert leftovers(tmp_path) == []


def test_file_replaced_by_a_folder_before_it_is_checked(tmp_path):
    from textfix.api import get_ruleset
    from textfix.runner import process

    folder = tmp_path / "doc.txt"
    folder.mkdir()
    with pytest.raises(FileError, match=re.escape("doc.txt: a folder, not a text file; skipped")):
        textfile.read_bytes(folder)
    assert process(folder, get_ruleset()).error == FileProblem(folder, "a folder, not a text file; skipped")


def test_summary_counts_only_the_files_written(tmp_path):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    for path in (tree / "fine.txt", tree / "linked.txt", tree / "locked.txt", outside / "real.txt"):
        path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    os.link(tree / "linked.txt", outside / "second-name.txt")
    os.chmod(tree / "locked.txt", 0o444)
    (tree / "link.txt").symlink_to(outside / "real.txt")
    result = apply_write(tree)
    assert result.exit_code == 2
    assert "1 file fixed, 3 not written." in result.stderr
    assert "4 files" not in result.stderr


# --- symlinks: written through to a target inside the checked paths, else skipped -------------


def test_symlink_inside_the_tree_writes_its_target_once(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(f"Then {BAD}.\n", encoding="utf-8")
    (tmp_path / "alias.txt").symlink_to("real.txt")
    result = apply_write(tmp_path)
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
    assert (tmp_path / "alias.txt").is_symlink()
    assert "1 file fixed" in result.stderr


def test_symlink_named_on_the_command_line_writes_its_target(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "real.txt"
    target.write_text(f"Then {BAD}.\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert apply_write(link).exit_code == 1
    assert link.is_symlink() and target.read_text(encoding="utf-8") == f"Then {GOOD}.\n"


def test_symlink_out_of_the_tree_is_checked_but_not_written(tmp_path):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    target = outside / "real.txt"
    target.write_text(f"Then {BAD}.\n", encoding="utf-8")
    (tree / "link.txt").symlink_to(target)
    (tree / "own.txt").write_text(f"Then {BAD}.\n", encoding="utf-8")
    result = apply_write(tree)
    assert result.exit_code == 2
    assert f"{tree / 'link.txt'}: symlink to {target}, outside the checked paths; not written" in result.stderr
    assert target.read_text(encoding="utf-8") == f"Then {BAD}.\n"
    assert (tree / "own.txt").read_text(encoding="utf-8") == f"Then {GOOD}.\n"


def test_symlinked_folders_are_not_walked(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(f"Then {BAD}.\n", encoding="utf-8")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    files_found, errors = discovery.discover([tmp_path])
    assert files_found == [tmp_path / "real" / "a.txt"] and errors == []


# --- `textfix init` writes as `apply` does ------------------------------------------------------


def init(*args):
    return runner.invoke(app, ["init", *map(str, args)])


@pytest.mark.parametrize(
    "name, options",
    [
        (".textfix.toml", ["--force"]),
        (".textfix.toml", []),
        ("pyproject.toml", ["--pyproject"]),
    ],
    ids=["textfix.toml --force", "textfix.toml", "pyproject.toml"],
)
@pytest.mark.parametrize("dangling", [False, True], ids=["to a file", "dangling"])
def test_init_does_not_write_through_a_symlink(tmp_path, name, options, dangling):
    project, victim = tmp_path / "project", tmp_path / "victim.txt"
    project.mkdir()
    if not dangling:
        victim.write_text("Someone else's file.\n", encoding="utf-8")
    (project / name).symlink_to("../victim.txt")
    result = init(project, *options)
    assert result.exit_code == 2
    assert (
        f"{project / name}: a symlink; not written (init writes only a plain file, not through a link)" in result.stderr
    )
    assert (project / name).is_symlink()
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text(encoding="utf-8") == "Someone else's file.\n"


def test_init_does_not_write_a_hard_linked_config(tmp_path):
    config, other = tmp_path / ".textfix.toml", tmp_path / "other-name.toml"
    config.write_text("select = []\n", encoding="utf-8")
    os.link(config, other)
    result = init(tmp_path, "--force")
    assert result.exit_code == 2 and "has 2 hard links; not written" in result.stderr
    assert other.read_text(encoding="utf-8") == "select = []\n"


@pytest.mark.parametrize(
    "existing, bom, newline",
    [
        ('[project]\r\nname = "x"\r\n', b"", "\r\n"),
        ('[project]\r\nname = "x"', b"", "\r\n"),
        ('[project]\r\nname = "x"\r\n\r\n\r\n', codecs.BOM_UTF8, "\r\n"),
        ('[project]\nname = "x"\n', b"", "\n"),
    ],
    ids=["CRLF", "CRLF, no final newline", "CRLF, BOM, blank lines", "LF"],
)
def test_init_pyproject_keeps_its_line_endings_and_byte_order_mark(tmp_path, existing, bom, newline):
    from textfix.config import starter

    path = tmp_path / "pyproject.toml"
    path.write_bytes(bom + existing.encode("utf-8"))
    result = init(tmp_path, "--pyproject")
    assert result.exit_code == 0, result.stderr
    expected = "[project]" + newline + 'name = "x"' + newline + starter(pyproject=True).replace("\n", newline)
    assert path.read_bytes() == bom + expected.encode("utf-8")


@pytest.mark.parametrize("name, options", [(".textfix.toml", ["--force"]), ("pyproject.toml", ["--pyproject"])])
def test_init_replaces_a_file_atomically(tmp_path, monkeypatch, name, options):
    path = tmp_path / name
    path.write_text('[project]\nname = "x"\n', encoding="utf-8")

    def fail(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safewrite.os, "fsync", fail)
    result = init(tmp_path, *options)
    assert result.exit_code == 2
    assert f"{path}: cannot write: no space left on device" in result.stderr
    assert path.read_text(encoding="utf-8") == '[project]\nname = "x"\n'
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("options", [[], ["--pyproject"]], ids=["textfix.toml", "pyproject.toml"])
def test_init_does_not_overwrite_a_file_created_meanwhile(tmp_path, monkeypatch, options):
    path = tmp_path / ("pyproject.toml" if options else ".textfix.toml")
    real_fsync = os.fsync

    def fsync_then_create(fd):
        real_fsync(fd)
        path.write_text("# someone else's\n", encoding="utf-8")

    monkeypatch.setattr(safewrite.os, "fsync", fsync_then_create)
    result = init(tmp_path, *options)
    assert result.exit_code == 2
    assert f"{path}: already exists; not overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == "# someone else's\n"
    assert leftovers(tmp_path) == []


def test_init_writes_a_new_config_with_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        assert init(tmp_path).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / ".textfix.toml").st_mode) == 0o644
    assert leftovers(tmp_path) == []


# --- interrupts and failures leave the old file or the new one, and no temporary file ----------


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch, failure):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path)

    def fail(_fd):
        raise failure

    monkeypatch.setattr(safewrite.os, "fsync", fail)
    with pytest.raises(FileError if isinstance(failure, OSError) else KeyboardInterrupt):
        write(source, source.text.replace(BAD, GOOD))
    assert path.read_text(encoding="utf-8") == f"Then {BAD}.\n"
    assert leftovers(tmp_path) == []


def test_signal_during_a_write_is_held_until_the_file_is_replaced(tmp_path, monkeypatch):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path)
    real_replace = os.replace

    def replace_after_sigterm(src, dst):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives mid-write
        real_replace(src, dst)

    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    monkeypatch.setattr(signals, "_stopped", [])  # the stop this test makes is its own
    signals.handle_signals()
    try:
        monkeypatch.setattr(safewrite.os, "replace", replace_after_sigterm)
        with pytest.raises(Interrupted) as info:
            write(source, source.text.replace(BAD, GOOD))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    assert info.value.signum == signal.SIGTERM
    assert path.read_text(encoding="utf-8") == f"Then {GOOD}.\n"
    assert leftovers(tmp_path) == []


# --- a real process killed mid-run ------------------------------------------------------------


def start_apply(tree):
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-m", "textfix", "apply", "--write", "--grammar", "off", "--jobs", "2", str(tree)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def make_tree(tmp_path, count=60, lines=400):
    old = f"Then {BAD}.\r\n" * lines
    tree = tmp_path / "tree"
    tree.mkdir()
    for index in range(count):
        (tree / f"doc{index:03d}.txt").write_bytes(old.encode("utf-8"))
    return tree, old.encode("utf-8"), old.replace(BAD, GOOD).encode("utf-8")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_during_writes_leaves_each_file_old_or_new(tmp_path, signum):
    tree, old, new = make_tree(tmp_path)
    process = start_apply(tree)
    for line in process.stderr:  # wait until writing has begun
        if line.startswith("fixed "):
            break
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert "interrupted; every file is either unchanged or completely written" in err
    contents = [path.read_bytes() for path in sorted(tree.iterdir())]
    assert all(data in (old, new) for data in contents)
    assert contents.count(new) >= 1
    assert leftovers(tree) == []


def test_signal_while_checking_stops_the_workers_and_writes_nothing(tmp_path):
    import psutil

    tree, old, _ = make_tree(tmp_path, count=30, lines=4000)  # checking must outlast the signal
    process = start_apply(tree)
    parent = psutil.Process(process.pid)
    deadline = __import__("time").monotonic() + 30
    while not parent.children() and __import__("time").monotonic() < deadline:
        __import__("time").sleep(0.01)
    workers = parent.children(recursive=True)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert all(path.read_bytes() == old for path in tree.iterdir())
    _gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []
