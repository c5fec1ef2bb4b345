"""Record what textfix reports and would change, to show that a refactoring changed nothing.

Usage: python bench/snapshot.py NAME [--mb 50]

Runs `textfix check --format json` and `textfix apply --unsafe-fixes` (the diff; nothing is
written) with the grammar pass off on the seed articles, on every file under fixtures/,
on the benchmark corpus of bench/speed.py and on the first 5 MB of its BBC news corpus (dense
with names, which the benchmark corpus is not), and writes their output to
$TMPDIR/textfix-bench/snapshot-NAME/. Prints one SHA-256 per output; compare two snapshots
with `diff -r` (or the digests): byte-identical output means identical behaviour on them.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from speed import BIN, OUT, ROOT, build_corpus


def bbc_slice(files: int = 5) -> Path:
    """The first few 1 MB files of the BBC corpus, in a folder of their own."""
    corpus = build_corpus(50, "bbc")
    folder = OUT / f"corpus-bbc-first{files}"
    if not folder.exists():
        folder.mkdir(parents=True)
        for path in sorted(corpus.glob("*.txt"))[:files]:
            shutil.copy(path, folder / path.name)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    folder = OUT / f"snapshot-{args.name}"
    folder.mkdir(parents=True, exist_ok=True)
    # Relative to the checkout, so that two checkouts' snapshots name the same files alike.
    targets = {"seeds": "seeds", "fixtures": "fixtures", "corpus": str(build_corpus(args.mb)), "bbc": str(bbc_slice())}
    for label, target in targets.items():
        for command, extra in (("check", ["--format", "json"]), ("apply", ["--unsafe-fixes"])):
            done = subprocess.run(
                [str(BIN / "textfix"), command, "--grammar", "off", *extra, target],
                capture_output=True,
                cwd=ROOT,
                check=False,
            )
            output = done.stdout + f"\n[exit {done.returncode}]\n".encode() + done.stderr
            (folder / f"{label}-{command}.out").write_bytes(output)
            print(f"{hashlib.sha256(output).hexdigest()}  {label}-{command}")
    print(f"written to {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
