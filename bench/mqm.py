"""Measure the rule checks on machine translations marked by professional translators (WMT MQM).

Usage: python bench/mqm.py [PATH_TO_mqm_ted_zhen.tsv] [--examples RULE]

Recall: the share of marked error spans, per category, that a finding overlaps.
False alarms: the share of outputs the rater found clean on which textfix reports anything.
"""

from __future__ import annotations

import csv
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

csv.field_size_limit(sys.maxsize)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textfix.api import check_text, get_ruleset  # noqa: E402

DEFAULT = Path(os.environ.get("TEXTFIX_DEV_DATA", "../shared/data")) / "mqm_ted_zhen.tsv"
CATEGORIES = [
    "Fluency/Punctuation",
    "Fluency/Spelling",
    "Fluency/Grammar",
    "Locale convention/Name format",
    "Fluency/Character encoding",
]
TAG = re.compile(r"</?v>")


def load(path: Path):
    """{(system, doc_id, seg_id): (text, [(category, start, end)], clean)}"""
    outputs: dict[tuple, list] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) < 9:
                continue
            system, _doc, doc_id, seg_id, _rater, _source, target, category, _severity = row[:9]
            key = (system, doc_id, seg_id)
            text = TAG.sub("", target)
            entry = outputs.setdefault(key, [text, [], True])
            if category == "No-error":
                continue
            entry[2] = False
            start = target.find("<v>")
            end = target.find("</v>")
            if start >= 0 and end > start:
                entry[1].append((category, start, end - 3))
    return outputs


def overlaps(finding, start, end):
    return finding.start < max(end, start + 1) and start < max(finding.end, finding.start + 1)


def evaluate(path: Path, ruleset=None, show_rule: str | None = None):
    ruleset = ruleset or get_ruleset()
    outputs = load(path)
    marked, caught = Counter(), Counter()
    clean_total, clean_flagged = 0, 0
    alarms_by_rule, hits_by_rule, all_by_rule = Counter(), Counter(), Counter()
    examples = defaultdict(list)
    for text, errors, clean in outputs.values():
        findings = check_text(text, ruleset=ruleset)
        if clean:
            clean_total += 1
            clean_flagged += bool(findings)
            for f in findings:
                alarms_by_rule[f.rule_id] += 1
                examples[f.rule_id].append(("CLEAN", text, f))
        for f in findings:
            all_by_rule[f.rule_id] += 1
            if any(overlaps(f, s, e) for _c, s, e in errors):
                hits_by_rule[f.rule_id] += 1
            elif not clean:
                examples[f.rule_id].append(("UNMARKED", text, f))
        for category, start, end in errors:
            marked[category] += 1
            if any(overlaps(f, start, end) for f in findings):
                caught[category] += 1
    print(f"outputs: {len(outputs)}; rater found clean: {clean_total}")
    print(
        f"false alarms: {clean_flagged} of {clean_total} clean outputs flagged "
        f"({100 * clean_flagged / max(clean_total, 1):.2f}%); clean outputs with no finding: "
        f"{100 * (1 - clean_flagged / max(clean_total, 1)):.2f}%"
    )
    print("recall by category (marked spans overlapped by a finding):")
    for category in CATEGORIES:
        print(
            f"  {category:<32} {caught[category]:>4} of {marked[category]:>4}  ({100 * caught[category] / max(marked[category], 1):.1f}%)"
        )
    print(f"  {'all categories':<32} {sum(caught.values()):>4} of {sum(marked.values()):>4}")
    print("findings by rule: total / overlapping a marked error / on clean outputs")
    for rule_id, total in all_by_rule.most_common():
        print(f"  {rule_id:<32} {total:>5} {hits_by_rule[rule_id]:>5} {alarms_by_rule[rule_id]:>5}")
    if show_rule:
        for label, text, f in examples[show_rule][:40]:
            print(f"{label}: ...{text[max(0, f.start - 50) : f.end + 50]!r}")
    return {"clean_total": clean_total, "clean_flagged": clean_flagged, "marked": marked, "caught": caught}


if __name__ == "__main__":
    args = sys.argv[1:]
    show = None
    if "--examples" in args:
        index = args.index("--examples")
        show = args[index + 1]
        del args[index : index + 2]
    path = Path(args[0]) if args else DEFAULT
    if not path.exists():
        sys.exit(f"{path}: not found; pass the path of mqm_ted_zhen.tsv")
    evaluate(path, show_rule=show)
