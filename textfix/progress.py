"""A progress bar on stderr for long runs; silent when stderr is not a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

MIN_FILES = 20  # below this a run is over before a bar would be worth looking at


def wanted(total: int, quiet: bool = False, stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    if quiet or total < MIN_FILES or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def bar(total: int, enabled: bool) -> Iterator[Callable[[str], None]]:
    """Yields `advance(label)`; call it once per file. Without a terminal it does nothing."""
    if not enabled:
        yield lambda _label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[label]}", style="dim"),
    )
    # transient: the bar is erased when done, so it never mixes with findings in scrollback.
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking", total=total, label="")

        def advance(label: str) -> None:
            progress.update(task, advance=1, label=label[-40:])

        yield advance
