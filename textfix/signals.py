"""Ctrl-C and SIGTERM stop a run between two files, never in the middle of a write.

`handle_signals` turns SIGINT, SIGTERM and SIGHUP into `Interrupted`; inside `signals_held`
(the step that replaces a file) a signal is held until the block is over.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType


class Interrupted(BaseException):
    """SIGINT or SIGTERM, raised by the handler `handle_signals` installs.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class _Held:
    """Signals held while a file is being replaced."""

    depth: int = 0  # how many `signals_held` blocks are open
    signum: int | None = None  # the first signal that arrived inside one


_held = _Held()
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    if os.getpid() != _owner[0]:
        _as_a_worker(signum)
        return
    if _held.depth:
        _held.signum = _held.signum or signum
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


# The process that installed the handler. A forked worker inherits the handler until its
# initializer replaces it; a signal in between (the stop's SIGTERM to a worker just started)
# raised Interrupted inside multiprocessing's start-up and printed a traceback.
_owner = [0]


def _as_a_worker(signum: int) -> None:
    """What a worker does with a signal (see runner._init_worker): Ctrl-C is the main
    process's to handle; SIGTERM and SIGHUP end it at once, as their default does."""
    if signum == signal.SIGINT:
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def handle_signals() -> None:
    """Turn SIGINT, SIGTERM and SIGHUP into `Interrupted`, held back while a file is replaced."""
    _owner[0] = os.getpid()
    for number in _SIGNALS:
        signal.signal(number, _on_signal)


@contextmanager
def signals_held() -> Iterator[None]:
    """Run a block to its end even if SIGINT or SIGTERM arrives; raise Interrupted after it."""
    _held.depth += 1
    try:
        yield
    finally:
        _held.depth -= 1
        if not _held.depth and _held.signum is not None:
            signum, _held.signum = _held.signum, None
            raise _stopping(signum)
