"""What every command-line tool owes its users: -h and --help, the version from one place,
shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest

import textfix


def _textfix(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "textfix", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


@pytest.mark.parametrize("command", [(), ("check",), ("apply",), ("rules",), ("init",), ("languagetool",)])
def test_dash_h_is_help(command):
    short, long = _textfix(*command, "-h"), _textfix(*command, "--help")
    assert short.returncode == long.returncode == 0
    assert short.stdout == long.stdout and "Usage: " in short.stdout


def test_the_version_is_written_once(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert _textfix("--version").stdout == f"textfix {textfix.__version__}\n"


def test_bash_completion_script_and_answers():
    # --show-completion names the shell it runs under (found among its parent processes), so
    # it runs under a bash that stays its parent: with a command after it, bash does not exec it.
    script = subprocess.run(
        ["bash", "-c", '"$@"; exit $?', "bash", sys.executable, "-m", "textfix", "--show-completion"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert script.returncode == 0 and "_TEXTFIX_COMPLETE=complete_bash" in script.stdout
    answer = _textfix(env={"_TEXTFIX_COMPLETE": "complete_bash", "COMP_WORDS": "textfix ap", "COMP_CWORD": "1"})
    assert answer.stdout.split() == ["apply"]
