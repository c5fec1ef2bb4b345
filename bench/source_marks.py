"""Untranslated text, end punctuation and outer whitespace on real catalogues.

Reads every PO catalogue under a folder (Django's, from its wheel: `django/conf/locale`
and `django/contrib/*/locale`), counts what the rules of the `source` group find per
language and per 1,000 entries, and with --show prints each finding to review.

    python bench/source_marks.py DJANGO_DIR [--show] [--rules untranslated,...]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from textfix.api import check_text, get_ruleset
from textfix.formats import po

RULES = ("untranslated", "end-punctuation", "end-full-stop", "outer-whitespace")


def language_of(path: Path) -> str:
    return path.parts[path.parts.index("LC_MESSAGES") - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--show", action="store_true", help="print each finding with its source")
    parser.add_argument("--rules", default=",".join(RULES))
    args = parser.parse_args()
    rules = args.rules.split(",")
    ruleset = get_ruleset(select=rules)
    entries: collections.Counter[str] = collections.Counter()
    found: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for path in sorted(args.folder.rglob("*.po")):
        lang = language_of(path)
        text = path.read_text(encoding="utf-8")
        segments = po.read(text).segments
        entries[lang] += len(segments)
        sources = {s.ref: s for s in segments}
        for finding in check_text(text, path=str(path), ruleset=ruleset):
            found[lang][finding.rule_id] += 1
            if args.show:
                segment = sources.get(finding.segment)
                target = segment.text if segment else ""
                print(f"{lang}\t{finding.rule_id}\t{finding.message}\n\t{finding.segment!r}\n\t{target!r}")
    total = sum(entries.values())
    print(f"{'lang':8} {'entries':>7} " + " ".join(f"{r:>18}" for r in rules) + "   per 1,000", file=sys.stderr)
    for lang in sorted(entries):
        counts = [found[lang][r] for r in rules]
        rate = 1000 * sum(counts) / entries[lang] if entries[lang] else 0
        print(f"{lang:8} {entries[lang]:7} " + " ".join(f"{c:18}" for c in counts) + f"   {rate:8.1f}", file=sys.stderr)
    counts = [sum(found[lang][r] for lang in found) for r in rules]
    print(
        f"{'all':8} {total:7} " + " ".join(f"{c:18}" for c in counts) + f"   {1000 * sum(counts) / total:8.1f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
