"""Where a check's time goes: the shared trigger scan and each rule, per file of prose.

Usage: python bench/rules.py [--files 5] [--no-scan]

Uses the corpus of bench/speed.py. Times, in one process, the trigger scan and each rule's
check on the same documents (best of three per file, averaged over the files), and the whole
rule pass. `--no-scan` shows what each rule costs when it reads the whole text.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import corpus_files

from textfix.api import get_ruleset
from textfix.documents import Document
from textfix.engine import check_document
from textfix.scanner import ScanResult


def best(action, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--no-scan", action="store_true", help="rules read whole texts, as without Hyperscan")
    args = parser.parse_args()
    rules = get_ruleset()
    paths = corpus_files(50)[1][: args.files]
    texts = [Path(path).read_text(encoding="utf-8") for path in paths]
    size = sum(len(text.encode("utf-8")) for text in texts) / len(texts) / 1e6

    def document(text: str) -> Document:
        doc = Document.for_path(text, "bench.txt")
        # A scan result of its own, as a real check has: the lines each trigger hit are worked out again.
        doc.scan = ScanResult(text) if args.no_scan else ScanResult(text, *scans[text])
        return doc

    scans = {}
    for text in texts:
        pieces: list = []
        scans[text] = rules.scanner.scan(text, pieces), pieces
    rows = [("trigger scan", sum(best(lambda text=text: rules.scanner.scan(text)) for text in texts) / len(texts))]
    for checker in rules.checkers:
        took = sum(
            best(lambda checker=checker, text=text: list(checker.check(document(text)))) for text in texts
        ) / len(texts)
        rows.append((checker.rule.id, took))
    whole = sum(best(lambda text=text: check_document(Document.for_path(text, "bench.txt"), rules)) for text in texts)
    print(f"{len(texts)} files of {size:.2f} MB; ms per file (each rule on a fresh document, so the")
    print("name rules each include finding the name runs, which a real check does once)")
    for name, took in sorted(rows, key=lambda row: -row[1]):
        print(f"{took * 1000:8.2f}  {name}")
    print(f"{whole / len(texts) * 1000:8.2f}  whole rule pass (check_document)")


if __name__ == "__main__":
    main()
