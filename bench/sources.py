"""Read real reviewed translations in every source-carrying format and compare.

Usage: python bench/sources.py WHEEL [--plant N] [--seed 7] [--languages de,fr,...]

WHEEL is Django's wheel (its django/conf/locale/*/LC_MESSAGES/django.po catalogues). Each
catalogue's translated entries (msgstr, or msgstr[0] of a plural entry) are written again as
TMX, TSV, JSON lines and a pair of aligned plain files, as the tools that make such files
write them; textfix then reads and checks each. Per format and language: the segments read
and the sources they carry (must equal the PO's), the findings per 1,000 entries (must equal
the PO's: the format does not change what the rules see), and the recall on artifacts planted
into N entries per catalogue (a doubled stop, a doubled word), found in the right segment.
Seeded and deterministic; writes nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path

import textfix
from textfix.api import get_ruleset
from textfix.formats import ReadOptions, po, reader
from textfix.formats.aligned import align
from textfix.formats.xml import escape

CATALOGUE = re.compile(r"django/conf/locale/([^/]+)/LC_MESSAGES/django\.po$")


def entries(text: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The catalogue's language and its (source, translation) pairs, one per entry."""
    segmented = po.read(text)
    pairs, seen = [], set()
    for segment in segmented.segments:
        key = segment.ref.split("[")[0]
        if key in seen or segment.note == "fuzzy" or segment.source is None:
            continue
        seen.add(key)
        pairs.append((segment.source, segment.text))
    return segmented.lang, pairs


def as_po(lang: str, pairs: list[tuple[str, str]]) -> str:
    head = f'msgid ""\nmsgstr "Language: {lang}\\n"\n\n'
    return head + "".join(f'msgid "{po.escape(s)}"\nmsgstr "{po.escape(t)}"\n\n' for s, t in pairs)


def as_tmx(lang: str, pairs: list[tuple[str, str]]) -> str:
    units = "".join(
        f'    <tu tuid="{i}">\n      <tuv xml:lang="en"><seg>{escape(s)}</seg></tuv>\n'
        f'      <tuv xml:lang="{lang}"><seg>{escape(t)}</seg></tuv>\n    </tu>\n'
        for i, (s, t) in enumerate(pairs, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n  <header srclang="en" '
        f'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="po" creationtool="bench"/>\n'
        f"  <body>\n{units}  </body>\n</tmx>\n"
    )


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if re.search(r'[\t\r\n]|^"', value) else value


def as_tsv(lang: str, pairs: list[tuple[str, str]]) -> str:
    return "source\ttarget\n" + "".join(f"{_cell(s)}\t{_cell(t)}\n" for s, t in pairs)


def as_jsonl(lang: str, pairs: list[tuple[str, str]]) -> str:
    return "".join(json.dumps({"source": s, "target": t}, ensure_ascii=False) + "\n" for s, t in pairs)


def as_plain(pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """Target and source files, an entry a paragraph (line breaks inside read as spaces)."""

    def para(text: str) -> str:
        return re.sub(r"\s*\n\s*", " ", text).strip() or "-"

    return "\n\n".join(para(t) for _, t in pairs) + "\n", "\n\n".join(para(s) for s, _ in pairs) + "\n"


PLANTS = [(re.compile(r"(\w+)([.!?])$"), r"\1\2 \2"), (re.compile(r"^(\w+) (\w)"), r"\1 \1 \2")]


def plant(pairs: list[tuple[str, str]], count: int, rng: random.Random) -> tuple[list[tuple[str, str]], set[int]]:
    planted, where = list(pairs), set()
    candidates = [i for i, (_, t) in enumerate(pairs) if "\n" not in t]
    for i in rng.sample(candidates, min(count, len(candidates))):
        pattern, replacement = PLANTS[len(where) % 2]
        new = pattern.sub(replacement, pairs[i][1], count=1)
        if new != pairs[i][1]:
            planted[i], _ = (pairs[i][0], new), where.add(i)
    return planted, where


def segments_and_findings(name: str, text: str, source: str | None, ruleset) -> tuple[list, list]:
    """The segments textfix reads (as (source, target)) and its findings as segment indexes."""
    options = ReadOptions(source_text=source)
    read = reader(name, options)
    if read is None:
        segments = align(text, source or "")
    else:
        segments = read(text).segments
    ruleset.reading = options
    findings = textfix.check_text(text, path=f"x.{name}", ruleset=ruleset)
    starts = [s.pieces[0].file_start for s in segments]
    ends = [s.pieces[-1].file_end for s in segments]
    hit = [
        next((i for i, (a, b) in enumerate(zip(starts, ends, strict=True)) if a <= f.start <= b), -1) for f in findings
    ]
    return [(s.source, s.text) for s in segments], hit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="Django-5.1.4-py3-none-any.whl")
    parser.add_argument("--plant", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--languages", default="")
    args = parser.parse_args()
    wanted = set(filter(None, args.languages.split(",")))
    rng = random.Random(args.seed)
    ruleset = get_ruleset()
    totals: dict[str, list[float]] = defaultdict(
        lambda: [0, 0, 0, 0, 0, 0.0]
    )  # entries, same, findings, planted, found, s
    rows = []
    with zipfile.ZipFile(args.wheel) as wheel:
        for member in sorted(wheel.namelist()):
            found = CATALOGUE.search(member)
            if not found or (wanted and found.group(1) not in wanted):
                continue
            lang, pairs = entries(wheel.read(member).decode("utf-8"))
            lang = lang or found.group(1)
            if len(pairs) < 20:
                continue
            planted, where = plant(pairs, args.plant, rng)
            row = [found.group(1), len(pairs)]
            for name in ("po", "tmx", "tsv", "jsonl", "text"):
                for variant, data in (("clean", pairs), ("planted", planted)):
                    source = None
                    if name == "text":
                        text, source = as_plain(data)
                    else:
                        text = {"po": as_po, "tmx": as_tmx, "tsv": as_tsv, "jsonl": as_jsonl}[name](lang, data)
                    began = time.perf_counter()
                    read_pairs, hit = segments_and_findings(name, text, source, ruleset)
                    took = time.perf_counter() - began
                    total = totals[name]
                    if variant == "clean":
                        same = len(read_pairs) == len([t for _, t in data if t]) and (
                            name == "text" or read_pairs == [(s, t) for s, t in data if t]
                        )
                        clean_hits = set(hit)
                        total[0] += len(pairs)
                        total[1] += same
                        total[2] += len(hit)
                        total[5] += took
                        row.append(len(hit))
                    else:
                        got = {i for i in set(hit) - clean_hits if i in where}
                        total[3] += len(where)
                        total[4] += len(got)
            rows.append(row)
    print("language entries  po tmx tsv jsonl text   (findings on the clean entries)")
    for row in rows:
        print(f"{row[0]:<8} {row[1]:>7} " + " ".join(f"{n:>3}" for n in row[2:]))
    print("\nformat  catalogues-read-alike  findings/1000  planted  recall  seconds")
    for name, (n, same, findings, planted_count, got, took) in totals.items():
        print(
            f"{name:<7} {int(same):>5}/{len(rows):<16} {1000 * findings / n:>12.2f}  {int(planted_count):>7}"
            f"  {got / max(planted_count, 1):>6.1%}  {took:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
