"""Ctrl-C twice: a parallel `apply --write` stops promptly and leaves every file whole.

A second signal that arrived while the first was stopping the worker processes used to be
raised into that stop: the pool was left half stopped, its thread read a result a killed
worker had half sent, and the exit waited for it forever.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from textfix import safewrite

pytestmark = pytest.mark.slow

BAD, GOOD = "Then the summit. of the alliance.\n", "Then the summit of the alliance.\n"
COUNT = 3000
EXIT_WITHIN_SECONDS = 20


def start(tree):
    return subprocess.Popen(
        [sys.executable, "-m", "textfix", "apply", "--write", "--grammar", "off", str(tree)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_workers(process):
    import psutil

    parent, deadline = psutil.Process(process.pid), time.monotonic() + 30
    while not parent.children() and time.monotonic() < deadline:
        time.sleep(0.005)


def wait_for_writes(process):
    for line in process.stderr:
        if line.startswith("fixed "):
            return


# (when the first signal comes, extra wait after that, gap between the two signals)
TIMINGS = [
    ("checking", 0.0, 0.03),
    ("checking", 0.2, 0.05),
    ("checking", 0.4, 0.04),
    ("writing", 0.0, 0.03),
    ("writing", 0.1, 0.05),
]


@pytest.mark.parametrize(("phase", "later", "gap"), TIMINGS)
def test_two_sigints_close_together_end_the_run_promptly_leaving_each_file_old_or_new(tmp_path, phase, later, gap):
    tree = tmp_path / "tree"
    tree.mkdir()
    for index in range(COUNT):
        (tree / f"doc{index:04d}.txt").write_text(BAD)
    process = start(tree)
    try:
        (wait_for_workers if phase == "checking" else wait_for_writes)(process)
        time.sleep(later)
        process.send_signal(signal.SIGINT)
        time.sleep(gap)
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=EXIT_WITHIN_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert time.monotonic() - sent < EXIT_WITHIN_SECONDS
    assert process.returncode == 128 + signal.SIGINT, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert err.rstrip().endswith("interrupted; every file is either unchanged or completely written"), err
    contents = {path.read_text() for path in tree.iterdir()}
    assert contents <= {BAD, GOOD}
    assert not [path for path in tree.iterdir() if path.name.endswith(safewrite.TEMP_SUFFIX)]


# A signal handled inside an at-fork handler: Python prints "Exception ignored" and drops the
# Interrupted the handler raises. The run used to go on and write every file after a SIGTERM.
SWALLOWED_AT_FORK = """
import os, signal, sys
from textfix import cli, signals
os.register_at_fork(after_in_parent=lambda: signals._on_signal(signal.SIGTERM, None))
sys.argv = ["textfix", "apply", "--write", "--grammar", "off", "--jobs", "2", sys.argv[1]]
cli.main()
"""


def test_a_signal_whose_exception_python_swallowed_still_stops_the_run(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(40):
        (tree / f"doc{n:03d}.txt").write_text(BAD * 50, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SWALLOWED_AT_FORK, str(tree)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "interrupted" in done.stderr
    assert all(path.read_text(encoding="utf-8") == BAD * 50 for path in tree.iterdir())


# A worker forked with the main process's handler, signalled before its own set-up runs.
SIGNAL_BEFORE_WORKER_SET_UP = """
import os, signal
from textfix import signals
signals.handle_signals()
pid = os.fork()
if pid == 0:
    os.kill(os.getpid(), signal.SIGINT)   # the main process's to handle: ignored here
    os.kill(os.getpid(), signal.SIGTERM)  # ends a worker at once
    os._exit(0)
_, status = os.waitpid(pid, 0)
print(os.WTERMSIG(status) if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}")
"""


def test_a_worker_signalled_before_its_set_up_acts_as_a_worker():
    done = subprocess.run(
        [sys.executable, "-c", SIGNAL_BEFORE_WORKER_SET_UP], capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == str(int(signal.SIGTERM)), done.stdout + done.stderr
    assert "Traceback" not in done.stderr
