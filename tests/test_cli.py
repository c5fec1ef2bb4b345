"""The command line, through typer's CliRunner and as a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import SEED
from typer.testing import CliRunner

from textfix import __version__
from textfix.cli import app

runner = CliRunner()
DIRTY = "The talks resumed after the summit. of the alliance.\n\nRead more\n"
CLEAN = "The talks resumed after the summit of the alliance.\n"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "notes.rst").write_text(DIRTY, encoding="utf-8")  # not a checked suffix
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(DIRTY, encoding="utf-8")
    return tmp_path


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"textfix {__version__}"


@pytest.mark.parametrize("name, code", [("clean.md", 0), ("dirty.txt", 1)])
def test_check_exit_codes(tree, name, code):
    assert invoke("check", tree / name).exit_code == code


def test_check_walks_folders_and_skips_hidden_and_other_suffixes(tree):
    result = invoke("check", tree, "--format", "json")
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {str(tree / "dirty.txt")}


def test_check_text_output_lines(tree):
    result = invoke("check", tree / "dirty.txt")
    assert f"{tree / 'dirty.txt'}:1:35: stray-full-stop Full stop in mid-sentence" in result.stdout
    assert "'after the summit. of the alliance.' -> 'after the summit of the alliance.'" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("Found 2 problems in 1 of 1 file")


def test_json_contract(tree):
    result = invoke("check", tree / "dirty.txt", "--format", "json")
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["summary"]["findings"] == 2
    first = data["findings"][0]
    assert set(first) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "offset",
        "length",
        "rule",
        "severity",
        "message",
        "replacements",
        "fix",
        "source",
    }
    assert first | {"message": None} == {
        "path": str(tree / "dirty.txt"),
        "line": 1,
        "column": 35,
        "end_line": 1,
        "end_column": 39,
        "offset": 34,
        "length": 4,
        "rule": "stray-full-stop",
        "severity": "warning",
        "message": None,
        "replacements": [" of"],
        "fix": "safe",
        "source": "textfix",
    }
    assert data["findings"][1]["fix"] == "unsafe"


def test_json_offsets_count_code_points(tmp_path):
    path = tmp_path / "emoji.txt"
    path.write_text("😀 Ünïcode: the the end\n", encoding="utf-8")
    data = json.loads(invoke("check", path, "--format", "json", "--grammar", "off").stdout)
    (finding,) = data["findings"]
    assert (finding["offset"], finding["length"], finding["column"]) == (11, 7, 12)


def test_check_diff_and_apply_preview_change_nothing(tree):
    for args in (("check", tree / "dirty.txt", "--diff"), ("apply", tree / "dirty.txt")):
        result = invoke(*args)
        assert result.exit_code == 1
        assert "-The talks resumed after the summit. of the alliance." in result.stdout
        assert "+The talks resumed after the summit of the alliance." in result.stdout
    assert (tree / "dirty.txt").read_text(encoding="utf-8") == DIRTY


def test_apply_write_is_idempotent(tree):
    assert invoke("apply", tree / "dirty.txt", "--write").exit_code == 1
    assert (tree / "dirty.txt").read_text(encoding="utf-8") == CLEAN + "\nRead more\n"
    assert invoke("apply", tree / "dirty.txt", "--write", "--unsafe-fixes").exit_code == 1
    assert (tree / "dirty.txt").read_text(encoding="utf-8") == CLEAN
    again = invoke("apply", tree / "dirty.txt", "--write", "--unsafe-fixes")
    assert again.exit_code == 0 and (tree / "dirty.txt").read_text(encoding="utf-8") == CLEAN


def test_rules_lists_rules_with_origin():
    result = invoke("rules")
    assert result.exit_code == 0
    line = next(row for row in result.stdout.splitlines() if row.startswith("stray-full-stop "))
    assert "stray_stop" in line and "warning" in line and "safe" in line and "punctuation.yaml" in line


@pytest.mark.parametrize(
    "args, message",
    [
        (("check", "missing-file.txt"), "missing-file.txt: no such file or folder"),
        (("check", "{tree}/dirty.txt", "--select", "nope"), "unknown rule or group 'nope'"),
        (("check", "{tree}/dirty.txt", "--format", "xml"), "unknown format 'xml'"),
        (("check", "{tree}/dirty.txt", "--rules", "{tree}/none.yaml"), "none.yaml: no such rule file"),
    ],
)
def test_errors_exit_2_with_one_line(tree, args, message):
    result = invoke(*[a.format(tree=tree) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_bad_file_does_not_stop_the_others(tree):
    (tree / "latin1.txt").write_bytes("caf\xe9 the the\n".encode("latin-1"))
    result = invoke("check", tree / "latin1.txt", tree / "dirty.txt")
    assert result.exit_code == 2
    assert "latin1.txt: not valid UTF-8 (byte 0xe9 at offset 3)" in result.stderr
    assert "dirty.txt:1:35" in result.stdout


def test_real_process_on_the_seed(tmp_path):
    copy = tmp_path / SEED.name
    shutil.copyfile(SEED, copy)
    check = subprocess.run([sys.executable, "-m", "textfix", "check", str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 1 and "name-spelling" in check.stdout
    subprocess.run([sys.executable, "-m", "textfix", "apply", str(tmp_path), "--write", "--unsafe-fixes"], check=False)
    text = copy.read_text(encoding="utf-8")
    assert "they can take what they want by force." in text and not text.endswith("\n")
    again = subprocess.run(
        [sys.executable, "-m", "textfix", "apply", str(tmp_path), "--write", "--unsafe-fixes"],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0 and copy.read_text(encoding="utf-8") == text


# --- files without a byte order mark in UTF-16 or UTF-32 --------------------------------------

STOP = "The talks resumed after the summit. of the alliance.\r\n"


@pytest.mark.parametrize(
    "stored_as, option, exit_code, said",
    [
        ("utf-16-le", ["--encoding", "utf-16-le"], 1, "dirty.txt:1:35: stray-full-stop"),
        ("utf-16-be", ["--encoding", "utf-16-be"], 1, "dirty.txt:1:35: stray-full-stop"),
        ("utf-16-le", ["--encoding", "utf-16"], 1, "dirty.txt:1:35: stray-full-stop"),  # the byte order it reads in
        ("utf-16-be", ["--encoding", "UTF16"], 1, "dirty.txt:1:35: stray-full-stop"),
        ("utf-32-le", ["--encoding", "utf-32"], 1, "dirty.txt:1:35: stray-full-stop"),
        (
            "utf-16-le",
            [],
            2,
            "dirty.txt: looks like UTF-16-LE text without a byte order mark; name its encoding with --encoding utf-16-le",
        ),
        (
            "utf-16-be",
            [],
            2,
            "dirty.txt: looks like UTF-16-BE text without a byte order mark; name its encoding with --encoding utf-16-be",
        ),
        ("utf-16-be", ["--encoding", "cp1252"], 2, "looks like UTF-16-BE text"),
    ],
)
def test_utf16_and_utf32_without_a_byte_order_mark(tmp_path, stored_as, option, exit_code, said):
    (tmp_path / "dirty.txt").write_bytes(STOP.encode(stored_as))
    result = invoke("check", tmp_path, "--format", "concise", "--grammar", "off", *option)
    assert result.exit_code == exit_code
    assert said in result.stdout + result.stderr


@pytest.mark.parametrize("option", ["utf-16-le", "utf-16"])
def test_apply_writes_utf16_back_without_a_byte_order_mark(tmp_path, option):
    path = tmp_path / "dirty.txt"
    path.write_bytes(STOP.encode("utf-16-le"))
    assert invoke("apply", path, "--write", "--grammar", "off", "--encoding", option).exit_code == 1
    assert path.read_bytes() == STOP.replace("summit.", "summit").encode("utf-16-le")


@pytest.mark.parametrize(
    "data",
    [
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00",
        b"x\x00\x01\x02",  # reads as two UTF-16 characters, but not as text worth guessing
        bytes(range(256)) * 4,
    ],
)
@pytest.mark.parametrize("option", [[], ["--encoding", "utf-16-le"], ["--encoding", "utf-16"]])
def test_binary_stays_binary_whatever_the_encoding(tmp_path, data, option):
    (tmp_path / "data.txt").write_bytes(data)
    result = invoke("check", tmp_path, "--grammar", "off", "--verbose", *option)
    if option and data == b"x\x00\x01\x02":
        return  # told it is UTF-16, textfix reads it so: 'xȁ', two letters
    assert result.exit_code == 0 and "binary file (NUL byte" in result.stderr


# --- a run that checks nothing says why ------------------------------------------------------


def test_nothing_checked_says_what_was_passed_over(tmp_path):
    (tmp_path / ".git").mkdir()  # a work tree, so that .gitignore counts
    (tmp_path / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    (tmp_path / "ignored.md").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for name in ("notes.rst", "more.rst", "page.tex"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    result = invoke("check", tmp_path, "--grammar", "off")
    assert result.exit_code == 0
    assert result.stdout == (
        "Nothing checked (0 files): passed over 1 binary file (--verbose names them), 1 file left out by "
        "exclude or .gitignore, 3 files in no format textfix reads (.rst, .tex; a config's [formats] can name one).\n"
    )
    (tmp_path / "empty").mkdir()
    assert invoke("check", tmp_path / "empty", "--format", "concise").stdout == "Nothing checked (0 files).\n"


# --- file names that look like options -------------------------------------------------------


def test_a_file_named_like_an_option_is_refused_unless_after_double_dash(tmp_path):
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "--write").write_text("", encoding="utf-8")

    def textfix(*args):  # args as a shell gives them: `textfix apply *` in this folder
        return subprocess.run([sys.executable, "-m", "textfix", *args], cwd=tmp_path, capture_output=True, text=True)

    globbed = textfix("apply", "--write", "dirty.txt")
    assert globbed.returncode == 2
    assert globbed.stderr.startswith("textfix: error: '--write' is an option and also a file here")
    assert "textfix apply --write -- *" in globbed.stderr and len(globbed.stderr.splitlines()) == 1
    assert (tmp_path / "dirty.txt").read_text(encoding="utf-8") == DIRTY
    after_dashes = textfix("apply", "--grammar", "off", "--", "--write", "dirty.txt")
    assert after_dashes.returncode == 1 and after_dashes.stdout.startswith("--- a/dirty.txt")
    assert (tmp_path / "dirty.txt").read_text(encoding="utf-8") == DIRTY


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_diff_for_a_name_with_a_line_break_quotes_it_as_git_does(tmp_path):
    name = "x\n::error file=evil.txt,line=1::INJECTED.txt"
    try:
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")
    except OSError as exc:
        pytest.skip(f"this file system refuses such names: {exc}")
    diff = subprocess.run(
        [sys.executable, "-m", "textfix", "apply", ".", "--grammar", "off"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout
    assert diff.startswith('--- "a/x\\n::error file=evil.txt,line=1::INJECTED.txt"\n')
    assert not any(line.startswith("::") for line in diff.splitlines())
    subprocess.run(["git", "apply", "-"], input=diff, cwd=tmp_path, check=True, text=True)
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(CLEAN)
