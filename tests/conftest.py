from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# What textfix keeps between runs (parsed rule files, compiled scanners) goes to a folder of
# the test run's own, not to the user's cache.
if "TEXTFIX_CACHE_DIR" not in os.environ:
    os.environ["TEXTFIX_CACHE_DIR"] = tempfile.mkdtemp(prefix="textfix-tests-")
    atexit.register(shutil.rmtree, os.environ["TEXTFIX_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = ROOT / "seeds" / "000_0d9055629094b0d0.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def _lt_unavailable(reason: str):
    if os.environ.get("TEXTFIX_REQUIRE_LT") == "1":
        pytest.fail(f"TEXTFIX_REQUIRE_LT=1 but no LanguageTool server: {reason}")
    pytest.skip(f"LanguageTool server not available: {reason}")


@pytest.fixture(scope="session")
def lt_run(tmp_path_factory):
    """The folder where the `lt_url` fixture's `textfix languagetool start` keeps its server's
    state (TEXTFIX_LT_RUN); None when the server is TEXTFIX_LT_URL's, started elsewhere."""
    return None if os.environ.get("TEXTFIX_LT_URL") else tmp_path_factory.mktemp("lt-run")


@pytest.fixture(scope="session")
def lt_url(lt_run):
    """A real LanguageTool server: TEXTFIX_LT_URL if set, else one started with `textfix languagetool start`."""
    if lt_run is None:
        yield os.environ["TEXTFIX_LT_URL"]
        return
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        _lt_unavailable(f"{' and '.join(missing)} not installed")
    env = dict(os.environ, TEXTFIX_LT_RUN=str(lt_run))
    command = [sys.executable, "-m", "textfix", "languagetool"]
    started = subprocess.run([*command, "start"], capture_output=True, text=True, env=env, timeout=900)
    if started.returncode != 0:
        _lt_unavailable(f"textfix languagetool start failed: {started.stderr.strip()[-500:]}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([*command, "stop"], capture_output=True, env=env, timeout=60)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes tens of seconds (runs in the normal suite all the same)")


@pytest.fixture
def filter_asked(monkeypatch):
    """(span text, spelling?) of every finding a grammar backend puts to the shared spelling
    filter, which still decides as before."""
    from textfix.backends.spelling_filter import DocumentFilter

    asked = []
    dropped = DocumentFilter.dropped

    def spy(self, text, start, end, *, spelling, suggestion=None):
        asked.append((text[start:end], spelling))
        return dropped(self, text, start, end, spelling=spelling, suggestion=suggestion)

    monkeypatch.setattr(DocumentFilter, "dropped", spy)
    return asked
