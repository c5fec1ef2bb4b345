"""Throughput of `textfix check` (rule checks, no grammar) beside codespell (and typos,
where installed) on the same files.

Usage: python bench/speed.py [--mb 50] [--runs 3] [--corpus bench|bbc|bbc-once|both|all] [--jobs N]

Corpora, each shuffled into files (of up to 1 MB) under $TMPDIR/textfix-bench/:
  bench  prose of the fixtures, the seed and, when present, the MQM development data (all
         the paragraphs there are: about 630 KB), repeated to --mb;
  bbc    the BBC news articles (bbc_news/articles.jsonl in the development data), repeated
         to --mb: edited prose dense with names of people and places, where the names
         check does most of its work;
  bbc-once  the same articles once each (about 5 MB), in as many files as bbc: what the
         names rules keep from file to file (names recur) gains nothing from repetition.
`both` is bench and bbc, `all` the three. Per corpus, times textfix in one process
(`--jobs 1`, or --jobs N) and with its default parallelism, codespell and typos over the
same files, and prints each tool's throughput and textfix's against each; then the cold
start of `textfix check` on one small file. `--before DIR` times textfix from another
checkout too (DIR put first on PYTHONPATH), in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Outside the repository: the checkout's .gitignore would exclude a corpus inside it.
OUT = Path(os.environ.get("TEXTFIX_BENCH_DIR", Path(tempfile.gettempdir()) / "textfix-bench"))
DEV_DATA = Path(os.environ.get("TEXTFIX_DEV_DATA", ROOT.parent / "shared" / "data"))
BIN = Path(sys.executable).parent


def source_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    mqm = DEV_DATA / "mqm_ted_zhen.tsv"
    if mqm.exists():
        targets = set()
        for line in mqm.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) > 6:
                targets.add(cols[6].replace("<v>", "").replace("</v>", ""))
        ordered = sorted(targets)
        paragraphs += [" ".join(ordered[i : i + 5]) for i in range(0, len(ordered), 5)]
    return paragraphs


def bbc_articles() -> list[str]:
    path = DEV_DATA / "bbc_news" / "articles.jsonl"
    if not path.exists():
        sys.exit(f"no BBC articles at {path} (set TEXTFIX_DEV_DATA)")
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_corpus(megabytes: int, name: str = "bench") -> Path:
    if name == "bbc-once":
        return bbc_once(len(list(build_corpus(megabytes, "bbc").glob("*.txt"))))
    corpus = OUT / ("corpus" if name == "bench" else f"corpus-{name}")
    wanted = megabytes * 1_000_000
    if corpus.exists() and sum(p.stat().st_size for p in corpus.glob("*.txt")) >= wanted:
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    paragraphs = source_paragraphs() if name == "bench" else bbc_articles()
    rng = random.Random(42)
    written, index = 0, 0
    while written < wanted:
        rng.shuffle(paragraphs)
        chunk, size = [], 0
        for paragraph in paragraphs:
            chunk.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
            if size >= 1_000_000:
                break
        data = "\n\n".join(chunk) + "\n"
        (corpus / f"part{index:04d}.txt").write_text(data, encoding="utf-8")
        written += len(data.encode("utf-8"))
        index += 1
    return corpus


def bbc_once(files: int) -> Path:
    """The BBC articles once each, dealt into as many files as the repeated corpus has: a
    cache kept from file to file gains nothing from articles seen before."""
    corpus = OUT / f"corpus-bbc-once-{files}"
    if corpus.exists():
        return corpus
    corpus.mkdir(parents=True)
    articles = bbc_articles()
    random.Random(42).shuffle(articles)
    for index in range(files):
        (corpus / f"part{index:04d}.txt").write_text("\n\n".join(articles[index::files]) + "\n", encoding="utf-8")
    return corpus


def arguments(jobs_help: str, split: bool = False, before: bool = False) -> argparse.Namespace:
    """The options every speed benchmark takes: corpus size, runs, --jobs and --corpus."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="1", help=jobs_help)
    parser.add_argument(
        "--corpus", choices=("bench", "bbc", "bbc-once", "both", "all"), default="bench", help="which prose to time"
    )
    if before:
        parser.add_argument("--before", metavar="DIR", help="also time textfix imported from this checkout")
    if split:
        parser.add_argument("--split", type=int, metavar="KB", help="cut the first --mb MB into files of about KB")
    return parser.parse_args()


def corpus_files(megabytes: int, name: str = "bench") -> tuple[Path, list[str], float]:
    """The corpus folder, its files and their size in MB; `textfix_check` runs on the folder
    and codespell on the files, the same text."""
    corpus = build_corpus(megabytes, name)
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    return corpus, files, sum(Path(f).stat().st_size for f in files) / 1e6


def textfix_check(corpus: Path) -> list[str]:
    return [str(BIN / "textfix"), "check", "--grammar", "off", "--format", "json", str(corpus)]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def typos_command() -> str | None:
    """The typos executable: beside this Python, else on PATH; None where not installed."""
    found = BIN / "typos"
    return str(found) if found.exists() else shutil.which("typos")


def time_corpus(name: str, args: argparse.Namespace) -> None:
    corpus, files, size_mb = corpus_files(args.mb, name)
    textfix = textfix_check(corpus)
    commands = {f"textfix --jobs {args.jobs}": [*textfix, "--jobs", args.jobs], "textfix (default)": textfix}
    envs: dict[str, dict[str, str]] = {}
    if args.before:  # the same commands, importing textfix from another checkout
        for label in list(commands):
            commands[f"before: {label}"] = commands[label]
            envs[f"before: {label}"] = {**os.environ, "PYTHONPATH": str(Path(args.before).resolve())}
    commands["codespell"] = [str(BIN / "codespell"), *files]
    typos = typos_command()
    if typos:
        commands["typos"] = [typos, "--format", "brief", *files]
    print(f"corpus {name}: {len(files)} files, {size_mb:.1f} MB")
    results = {}
    for label, command in commands.items():
        times = [timed(command, envs.get(label)) for _ in range(args.runs)]
        results[label] = min(times)
        print(
            f"  {label:<20} best {results[label]:6.2f}s  median {statistics.median(times):6.2f}s"
            f"  {size_mb / results[label]:6.1f} MB/s"
        )
    for label in (f"textfix --jobs {args.jobs}", "textfix (default)"):
        against = [
            f"{results[other] / results[label]:.2f}x {other}" for other in ("codespell", "typos") if other in results
        ]
        print(f"  {label} throughput: {', '.join(against)}")
    if not typos:
        print("  typos: not installed (pip install typos)")


def main() -> None:
    args = arguments(
        "textfix --jobs in one-process runs (default 1; the default parallelism is always timed too)", before=True
    )
    both = {"both": ("bench", "bbc"), "all": ("bench", "bbc", "bbc-once")}
    for name in both.get(args.corpus, (args.corpus,)):
        time_corpus(name, args)
    small = str(ROOT / "seeds")
    cold = [timed([str(BIN / "textfix"), "check", "--grammar", "off", small]) for _ in range(10)]
    print(f"cold start, one small file: best {min(cold):.3f}s  median {statistics.median(cold):.3f}s")


if __name__ == "__main__":
    main()
