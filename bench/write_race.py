"""How often an edit made while `apply --write` replaces a file is lost.

Usage: python bench/write_race.py [--mb 20] [--tries 300]

Each try reads a file of `--mb` MB as `apply` does, starts `safewrite.write` on it, and appends a
line to the file from another thread at a random moment within the time a write takes. The
edit is kept when it lands before textfix's last look at the file (the write is then refused:
"changed on disk") or after the replace (it goes to the new file); it is lost when it lands
in between. Prints the edits lost and, from their share, the width of that window; and,
timed directly, the time from textfix's last look to the rename, and the rename itself (most
of which, on a large file, is freeing the old file's blocks after the new name is in place).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from textfix import safewrite, textfile

EDIT = b"An edit made meanwhile.\n"


def one_try(path: Path, original: bytes, delay: float) -> str:
    path.write_bytes(original)
    source = textfile.read(path)

    def edit() -> None:
        time.sleep(delay)
        with open(path, "ab") as handle:
            handle.write(EDIT)

    editor = threading.Thread(target=edit)
    editor.start()
    try:
        safewrite.write(source, source.text.replace("summit. of", "summit of"))
        outcome = "written"
    except textfile.FileError:
        outcome = "refused"
    editor.join()
    if outcome == "written" and not path.read_bytes().endswith(EDIT):
        return "lost"
    return outcome


def last_look_to_rename(path: Path, original: bytes, times: int = 20) -> list[tuple[float, float]]:
    """Seconds from the end of `safewrite._still_as_read` (the last look) to the rename, and of the rename."""
    if not hasattr(safewrite, "_still_as_read"):
        return []
    gaps: list[tuple[float, float]] = []
    looked = [0.0]
    real_look, real_replace = safewrite._still_as_read, os.replace

    def look(*args):
        real_look(*args)
        looked[0] = time.perf_counter()

    def replace(*args):
        start = time.perf_counter()
        real_replace(*args)
        gaps.append((start - looked[0], time.perf_counter() - start))

    safewrite._still_as_read, os.replace = look, replace
    try:
        for _ in range(times):
            path.write_bytes(original)
            source = textfile.read(path)
            safewrite.write(source, source.text.replace("summit. of", "summit of"))
    finally:
        safewrite._still_as_read, os.replace = real_look, real_replace
    return gaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--tries", type=int, default=300)
    args = parser.parse_args()
    line = b"Then the summit. of the alliance ended in a long, quiet afternoon.\n"
    original = line * (args.mb * 1_000_000 // len(line))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        durations = []
        for _ in range(5):
            path.write_bytes(original)
            source = textfile.read(path)
            start = time.perf_counter()
            safewrite.write(source, source.text.replace("summit. of", "summit of"))
            durations.append(time.perf_counter() - start)
        span = statistics.median(durations)
        gaps = last_look_to_rename(path, original)
        rng = random.Random(1)
        outcomes = [one_try(path, original, rng.uniform(0, span)) for _ in range(args.tries)]
    lost = outcomes.count("lost")
    print(f"{args.mb} MB file, write takes {span * 1000:.1f} ms (median of 5)")
    print(
        f"{args.tries} edits at random moments: {outcomes.count('refused')} refused the write, "
        f"{outcomes.count('written')} landed after it, {lost} lost"
    )
    print(f"window in which an edit is lost: about {lost / args.tries * span * 1000:.2f} ms")
    if gaps:
        before, during = zip(*gaps, strict=False)
        print(
            f"timed over {len(gaps)} writes: last look to rename, median {statistics.median(before) * 1e6:.0f} µs "
            f"(longest {max(before) * 1e6:.0f}); the rename, median {statistics.median(during) * 1e3:.1f} ms"
        )


if __name__ == "__main__":
    main()
