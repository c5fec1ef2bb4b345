"""Parallel speed-up of `textfix check` (rule checks, grammar off) against codespell.

Usage: python bench/parallel.py [--mb 50] [--runs 3] [--jobs 1,2,4] [--split KB]

Uses the corpus of bench/speed.py (files of up to 1 MB of prose). Times `textfix check --jobs N`
for each N (the default, one process per core, is always included), codespell on the same
files, and checks that every N prints exactly the output of `--jobs 1`. `--split 5` cuts the
first MB of the corpus into files of about 5 KB (at paragraph breaks), as in a repository of
many small documents.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import BIN, OUT, arguments, corpus_files, textfix_check


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def split_corpus(files: list[str], kb: int, megabytes: int) -> tuple[Path, list[str], float]:
    """The first `megabytes` of the corpus in files of about `kb` KB, cut at paragraph breaks."""
    folder = OUT / f"split-{kb}kb-{megabytes}mb"
    if not folder.exists():
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        written, piece, index = 0, [], 0
        for paragraph in (p for f in files for p in Path(f).read_text(encoding="utf-8").split("\n\n")):
            piece.append(paragraph)
            if sum(len(p) for p in piece) >= kb * 1000:
                data = "\n\n".join(piece) + "\n"
                (building / f"doc{index:05d}.txt").write_text(data, encoding="utf-8")
                written, piece, index = written + len(data.encode("utf-8")), [], index + 1
                if written >= megabytes * 1_000_000:
                    break
        building.rename(folder)
    split = sorted(str(p) for p in folder.glob("*.txt"))
    return folder, split, sum(Path(f).stat().st_size for f in split) / 1e6


def run(command: list[str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    args = arguments("comma-separated job counts to time besides the default", split=True)
    corpus, files, size = corpus_files(args.mb)
    if args.split:
        corpus, files, size = split_corpus(files, args.split, args.mb)
    default = cores()
    counts = sorted({int(j) for j in args.jobs.split(",")} | {default})
    print(f"corpus: {len(files)} files, {size:.1f} MB; {default} cores")

    base = textfix_check(corpus)
    commands = {f"textfix --jobs {n}": [*base, "--jobs", str(n)] for n in counts}
    commands["codespell"] = [str(BIN / "codespell"), *files]
    best: dict[str, float] = {name: float("inf") for name in commands}
    outputs: dict[str, bytes] = {}
    # Interleaved rounds, so that a change in machine load hits every command alike.
    for _ in range(args.runs):
        for name, command in commands.items():
            seconds, out = run(command)
            best[name] = min(best[name], seconds)
            outputs.setdefault(name, out)

    single = best["textfix --jobs 1"]
    for name, seconds in best.items():
        line = f"{name:<18} best {seconds:6.2f}s  {size / seconds:6.1f} MB/s"
        if name.startswith("textfix"):
            same = outputs[name] == outputs["textfix --jobs 1"]
            line += f"  speed-up {single / seconds:4.2f}x  vs codespell {best['codespell'] / seconds:4.2f}x"
            line += "  output identical" if same else "  OUTPUT DIFFERS"
        print(line)


if __name__ == "__main__":
    main()
