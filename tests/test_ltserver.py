"""`textfix languagetool fetch|start|stop|status|url`: a real server's whole life, in a state
folder of the test's own, and `--grammar languagetool` finding it without a URL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from textfix import ltserver

pytestmark = pytest.mark.slow


def _textfix(env, *args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "textfix", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=900
    )


@pytest.fixture
def state_env(tmp_path):
    return dict(os.environ, TEXTFIX_LT_RUN=str(tmp_path / "run"), TEXTFIX_LT_WARMUP="0")


def test_a_started_server_is_found_used_and_stopped(state_env, tmp_path):
    if shutil.which("java") is None or shutil.which("mvn") is None:
        if os.environ.get("TEXTFIX_REQUIRE_LT") == "1":
            pytest.fail("TEXTFIX_REQUIRE_LT=1 but java or mvn is missing")
        pytest.skip("java and mvn are needed to fetch and run LanguageTool")
    assert _textfix(state_env, "languagetool", "status").returncode == 1
    assert _textfix(state_env, "languagetool", "url").returncode == 1

    started = _textfix(state_env, "languagetool", "start")
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    assert url.startswith("http://127.0.0.1:")
    try:
        again = _textfix(state_env, "languagetool", "start")
        assert (again.returncode, again.stdout.strip()) == (0, url), "a second start finds the running server"
        status = _textfix(state_env, "languagetool", "status")
        assert status.returncode == 0 and "healthy" in status.stdout and url in status.stdout
        assert _textfix(state_env, "languagetool", "url").stdout.strip() == url

        document = tmp_path / "doc.txt"
        document.write_text("He go to the market yesterday.\n")
        env = {k: v for k, v in state_env.items() if k != "TEXTFIX_LT_URL"}
        checked = _textfix(env, "check", "--grammar", "languagetool", "--no-cache", "--format", "json", str(document))
        assert checked.returncode == 1, checked.stderr
        sources = {finding["source"] for finding in json.loads(checked.stdout)["findings"]}
        assert "languagetool" in sources
    finally:
        stopped = _textfix(state_env, "languagetool", "stop")
    assert stopped.returncode == 0 and "stopped" in stopped.stderr
    assert _textfix(state_env, "languagetool", "status").returncode == 1
    assert _textfix(state_env, "languagetool", "stop").returncode == 0, "stopping nothing is not an error"


@pytest.mark.parametrize(
    "state",
    [
        "not json",
        json.dumps({"pid": "x", "url": "http://127.0.0.1:1", "version": "6.8", "log": "l"}),
        # A live process that is not a LanguageTool server: a recycled process id.
        json.dumps({"pid": os.getpid(), "url": "http://127.0.0.1:1", "version": "6.8", "log": "l"}),
        # A process id that no longer exists.
        json.dumps({"pid": 2**22 + 17, "url": "http://127.0.0.1:1", "version": "6.8", "log": "l"}),
    ],
)
def test_stale_or_broken_state_is_no_server(state, tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTFIX_LT_RUN", str(tmp_path))
    (tmp_path / "server.json").write_text(state)
    assert ltserver.running() is None


def test_a_server_that_dies_at_start_up_is_one_error_and_its_log(tmp_path):
    """Jars in place, but a Java that fails: one error line, then the log's tail, escaped."""
    home = tmp_path / "home"
    (home / "lib").mkdir(parents=True)
    for jar in ("languagetool-server-6.8.jar", "language-en-6.8.jar"):
        (home / "lib" / jar).write_bytes(b"")
    (home / "VERSION").write_text("6.8\n")
    (home / ".complete").write_text(ltserver._fetch_key(ltserver.version()) + "\n")
    java = tmp_path / "java-home" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text('#!/bin/sh\necho "Error: no main class \\033[2J"\nexit 1\n')
    java.chmod(0o755)
    env = dict(
        os.environ, TEXTFIX_LT_HOME=str(home), TEXTFIX_LT_RUN=str(tmp_path / "run"), JAVA_HOME=str(java.parent.parent)
    )
    started = _textfix(env, "languagetool", "start")
    assert started.returncode == 2 and started.stdout == ""
    first, *tail = started.stderr.splitlines()
    assert first.startswith("textfix: error: LanguageTool exited during start-up")
    assert any("Error: no main class \\x1b[2J" in line for line in tail)
    assert "\x1b" not in started.stderr
    assert _textfix(env, "languagetool", "status").returncode == 1


def test_without_a_running_server_the_error_says_how_to_start_one(state_env, tmp_path):
    env = {k: v for k, v in state_env.items() if k != "TEXTFIX_LT_URL"}
    (tmp_path / "a.txt").write_text("Text.\n")
    checked = _textfix(env, "check", "--grammar", "languagetool", str(tmp_path / "a.txt"))
    assert checked.returncode == 2
    assert "textfix languagetool start" in checked.stderr and len(checked.stderr.splitlines()) == 1
