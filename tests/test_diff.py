"""Diffs that git apply and patch take back: each turns the old file into the new one, byte for byte."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from textfix.fixer import unified_diff

# (before, after): the characters str.splitlines takes for line ends, but git and patch do not.
CASES = [
    ("a\fthe the b\nc\n", "a\fthe b\nc\n"),
    ("a\vthe the b\nc\n", "a\vthe b\nc\n"),
    ("a\u2028the the b\u2029c\n", "a\u2028the b\u2029c\n"),
    ("a\x85the the b\nc\n", "a\x85the b\nc\n"),
    ("a\x1cb\x1dthe the\x1ec\n", "a\x1cb\x1dthe\x1ec\n"),
    ("one\r\nthe the\r\nthree\r\n", "one\r\nthe\r\nthree\r\n"),
    ("one\rthe the\rthree\r", "one\rthe\rthree\r"),  # one line to git and patch
    ("one\nthe the\rthree\r\nfour", "one\nthe\rthree\r\nfour"),
    ("one\nthe the", "one\nthe"),  # no newline at the end, before or after
    ("one\nthe the\n", "one\nthe the"),
    ("one\n\fthe the\n" * 30, "one\n\fthe\n" * 30),
]
IDS = [repr(before[:12]) for before, _after in CASES]


def applied(tool: list[str], tmp_path, before: str, after: str) -> bytes:
    tree = tmp_path / "tree"
    tree.mkdir(exist_ok=True)
    (tree / "doc.txt").write_bytes(before.encode("utf-8"))
    diff = unified_diff(before, after, "doc.txt").encode("utf-8")
    result = subprocess.run(tool, cwd=tree, input=diff, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace") + result.stdout.decode(errors="replace")
    return (tree / "doc.txt").read_bytes()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("before, after", CASES, ids=IDS)
def test_git_apply_takes_the_diff(tmp_path, before, after):
    subprocess.run(["git", "init", "-q", str(tmp_path / "tree")], check=True)
    assert applied(["git", "apply", "--whitespace=nowarn", "-"], tmp_path, before, after) == after.encode("utf-8")


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch")
@pytest.mark.parametrize("before, after", CASES, ids=IDS)
def test_patch_takes_the_diff(tmp_path, before, after):
    assert applied(["patch", "-p1", "--quiet", "--binary"], tmp_path, before, after) == after.encode("utf-8")
