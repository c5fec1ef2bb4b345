"""Reading and writing files: byte for byte outside the fixes, atomic, and never somewhere unexpected."""

from __future__ import annotations

import codecs
import os
import signal
import stat

import pytest
from typer.testing import CliRunner

from textfix import files
from textfix.cli import app
from textfix.files import FileError, Interrupted, read, write

runner = CliRunner()

# A safe fix (the stray full stop) in the middle of text whose other bytes must survive.
BAD, GOOD = "the summit. of the alliance", "the summit of the alliance"


def apply_write(*args):
    return runner.invoke(app, ["apply", "--write", "--grammar", "off", *map(str, args)])


def leftovers(folder):
    return [p.name for p in folder.rglob("*") if p.name.endswith(files.TEMP_SUFFIX)]


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
    ("astral and combining", "😀 e\u0301 \u05e9\u05dc\u05d5\u05dd\r\nThen {}.\r\n\U0001F468\u200d\U0001F469"),
]

CASES = [
    pytest.param(encode, layout, id=f"{enc}-{lay}") for enc, encode in ENCODINGS for lay, layout in LAYOUTS
]


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


def test_permissions_are_kept(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    os.chmod(path, 0o640)
    assert apply_write(path).exit_code == 1
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_file_changed_on_disk_is_not_overwritten(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path)
    path.write_text(f"Someone else's edit; {BAD}.\n", encoding="utf-8")
    with pytest.raises(FileError, match="doc.txt: changed on disk since it was read; not overwritten"):
        write(source, source.text.replace(BAD, GOOD))
    assert path.read_text(encoding="utf-8") == f"Someone else's edit; {BAD}.\n"
    assert leftovers(tmp_path) == []


def test_a_file_read_only_for_checking_is_not_written(tmp_path):
    # A check reads without the digest; only a source read for writing may be written back.
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path, fingerprint=False)
    with pytest.raises(FileError, match="doc.txt: not written: it was read without the digest"):
        write(source, source.text.replace(BAD, GOOD))
    assert path.read_text(encoding="utf-8") == f"Then {BAD}.\n"


def test_file_changed_on_disk_during_a_run_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    real_write = files.write

    def edit_first_then_write(source, text, within=None):
        if source.path == first:
            first.write_text("Edited meanwhile.\n", encoding="utf-8")
        return real_write(source, text, within)

    monkeypatch.setattr(files, "write", edit_first_then_write)
    result = apply_write(tmp_path, "--jobs", "1")
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
    files_found, errors = files.discover([tmp_path])
    assert files_found == [tmp_path / "real" / "a.txt"] and errors == []


# --- interrupts and failures leave the old file or the new one, and no temporary file ----------


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch, failure):
    path = tmp_path / "doc.txt"
    path.write_text(f"Then {BAD}.\n", encoding="utf-8")
    source = read(path)

    def fail(_fd):
        raise failure

    monkeypatch.setattr(files.os, "fsync", fail)
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
    files.handle_signals()
    try:
        monkeypatch.setattr(files.os, "replace", replace_after_sigterm)
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
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
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
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []
