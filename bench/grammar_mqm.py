"""Measure a grammar backend on machine translations marked by professional translators (WMT MQM).

Usage:
  python bench/grammar_mqm.py --backend harper|languagetool [--lt-url URL] [--all-rules]
         [--limit N] [--known-names] [--examples RULE] [--target 95] [--keep RULE] [--option KEY=VALUE]
         [PATH_TO_mqm_ted_zhen.tsv]

Reports, for the backend's own findings (no textfix rules):
  (a) the share of outputs the rater found clean on which the backend reports nothing;
  (b) recall of marked spans (a finding overlapping the span), Fluency/Spelling and
      Fluency/Grammar first;
  (c) per rule: findings in all, findings overlapping a marked error (any category / a
      Spelling or Grammar one), findings on clean outputs and clean outputs it flags; then
      the rules to disable (see `suggest_disable`) to reach --target % clean outputs with
      no finding;
  (d) the findings on the seed article;
  (e) (printed first) the findings on the clean-prose corpus (fixtures/clean/), every one
      a false alarm;
and the speed in outputs per second.

With --all-rules the backend runs without textfix's curated list of disabled rules, which
is how that list is computed. With --known-names each document gets the names the engine
would pass (registry names and capitalised words the document repeats).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from mqm import CATEGORIES, load, overlaps  # noqa: E402

from textfix.backends.registry import load_backend  # noqa: E402
from textfix.documents import Document  # noqa: E402

DEFAULT = Path(os.environ.get("TEXTFIX_DEV_DATA", "../shared/data")) / "mqm_ted_zhen.tsv"
SEED = ROOT / "seeds" / "000_0d9055629094b0d0.txt"
CLEAN_PROSE = ROOT / "fixtures" / "clean"
FOCUS = ("Fluency/Spelling", "Fluency/Grammar")


def backend_options(args) -> dict:
    options = {"language": "en-US", "curated": not args.all_rules}
    if args.all_rules:
        options["dedup"] = False  # each rule's own findings, for the per-rule figures
    if args.backend == "languagetool":
        options["url"] = args.lt_url or os.environ.get("TEXTFIX_LT_URL")
    for item in args.option:
        key, _, value = item.partition("=")
        options[key] = {"true": True, "false": False}.get(value.lower(), value)
    return options


def names_for(doc: Document, ruleset) -> None:
    """Put the engine's known names for `doc` where the backends look for them."""
    from textfix.backends.spelling_filter import known_names

    known_names(doc, ruleset)


def run(backend, outputs: dict, ruleset=None) -> tuple[dict, float]:
    """{key: findings} for every output, and the seconds spent checking."""
    results = {}
    elapsed = 0.0
    for key, (text, _errors, _clean) in outputs.items():
        doc = Document(text)
        if ruleset is not None:
            names_for(doc, ruleset)
        began = time.perf_counter()
        results[key] = backend.check(doc)
        elapsed += time.perf_counter() - began
    return results, elapsed


def clean_rate(outputs, results, disabled=frozenset()) -> tuple[int, int]:
    total = flagged = 0
    for key, (_text, _errors, clean) in outputs.items():
        if clean:
            total += 1
            flagged += any(f.rule_id not in disabled for f in results[key])
    return flagged, total


def recall(outputs, results, disabled=frozenset()) -> tuple[Counter, Counter]:
    marked, caught = Counter(), Counter()
    for key, (_text, errors, _clean) in outputs.items():
        findings = [f for f in results[key] if f.rule_id not in disabled]
        for category, start, end in errors:
            marked[category] += 1
            caught[category] += any(overlaps(f, start, end) for f in findings)
    return marked, caught


def per_rule(outputs, results):
    stats = defaultdict(Counter)
    for key, (_text, errors, clean) in outputs.items():
        flagged_rules = set()
        for f in results[key]:
            row = stats[f.rule_id]
            row["total"] += 1
            if any(overlaps(f, s, e) for _c, s, e in errors):
                row["hit"] += 1
            if any(overlaps(f, s, e) for c, s, e in errors if c in FOCUS):
                row["hit_focus"] += 1
            for category in FOCUS:
                if any(overlaps(f, s, e) for c, s, e in errors if c == category):
                    row[category] += 1
            if clean:
                row["clean"] += 1
                flagged_rules.add(f.rule_id)
        for rule_id in flagged_rules:
            stats[rule_id]["clean_outputs"] += 1
    return stats


def suggest_disable(outputs, results, stats, prose: Counter, target: float, keep=()) -> list[str]:
    """Rules to disable. First every rule with at least 2 false alarms (clean MQM outputs it
    flags plus its findings on the clean-prose corpus) and more false alarms than findings
    on marked errors; then, while fewer than `target` % of clean outputs have no finding,
    the rule with the worst ratio of clean outputs flagged to Spelling/Grammar hits.
    Rules in `keep` are never suggested."""

    def alarms(rule_id):
        return stats[rule_id]["clean_outputs"] + prose[rule_id]

    rules = set(stats) | set(prose)
    disabled = sorted(r for r in rules if r not in keep and alarms(r) >= 2 and alarms(r) > stats[r]["hit"])
    order = sorted(stats, key=lambda r: (stats[r]["hit_focus"] + 0.5) / (stats[r]["clean_outputs"] + 0.01))
    for rule_id in order:
        flagged, total = clean_rate(outputs, results, frozenset(disabled))
        if 100 * (1 - flagged / max(total, 1)) >= target:
            break
        if stats[rule_id]["clean_outputs"] and rule_id not in keep and rule_id not in disabled:
            disabled.append(rule_id)
    return disabled


def report(outputs, results, elapsed, args, prose: Counter) -> None:
    flagged, total = clean_rate(outputs, results)
    print(f"outputs: {len(outputs)}; rater found clean: {total}")
    print(f"speed: {len(outputs) / max(elapsed, 1e-9):.0f} outputs/s ({elapsed:.1f} s checking)")
    print(
        f"(a) clean outputs with no finding: {total - flagged} of {total} ({100 * (1 - flagged / max(total, 1)):.2f}%)"
    )
    marked, caught = recall(outputs, results)
    print("(b) recall (marked spans overlapped by a finding):")
    for category in CATEGORIES:
        print(
            f"  {category:<32} {caught[category]:>4} of {marked[category]:>4}  ({100 * caught[category] / max(marked[category], 1):.1f}%)"
        )
    stats = per_rule(outputs, results)
    print(
        "(c) findings by rule: total / overlapping a marked error: any, Spelling, Grammar / "
        "on clean outputs / clean outputs flagged"
    )
    for rule_id in sorted(stats, key=lambda r: -stats[r]["total"]):
        row = stats[rule_id]
        print(
            f"  {rule_id:<40} {row['total']:>5} {row['hit']:>5} {row[FOCUS[0]]:>5} {row[FOCUS[1]]:>5} "
            f"{row['clean']:>5} {row['clean_outputs']:>5}"
        )
    disabled = suggest_disable(outputs, results, stats, prose, args.target, set(args.keep))
    if disabled:
        flagged, total = clean_rate(outputs, results, frozenset(disabled))
        marked, caught = recall(outputs, results, frozenset(disabled))
        print(
            f"    suggested: disabling {len(disabled)} rule(s) reaches {100 * (1 - flagged / max(total, 1)):.2f}% clean with no finding; "
            + ", ".join(f"{c} recall {100 * caught[c] / max(marked[c], 1):.1f}%" for c in FOCUS)
        )
        for rule_id in disabled:
            row = stats[rule_id]
            print(
                f"      {rule_id}: {row['clean_outputs']} clean outputs flagged, {prose[rule_id]} findings on clean prose; "
                f"findings on marked errors {row['hit']} (Spelling/Grammar {row['hit_focus']}); {row['total']} findings"
            )
    if args.examples:
        shown = 0
        for key, (text, errors, clean) in outputs.items():
            for f in results[key]:
                if f.rule_id == args.examples and shown < 40:
                    label = (
                        "CLEAN" if clean else ("HIT" if any(overlaps(f, s, e) for _c, s, e in errors) else "UNMARKED")
                    )
                    print(
                        f"  {label}: {text[max(0, f.start - 50) : f.start]!r} [{text[f.start : f.end]}] {text[f.end : f.end + 50]!r} -> {f.replacements(text)[:3]}"
                    )
                    shown += 1


def seed_report(backend, ruleset) -> None:
    if not SEED.exists():
        return
    doc = Document(SEED.read_text(encoding="utf-8"), str(SEED))
    if ruleset is not None:
        names_for(doc, ruleset)
    findings = backend.check(doc)
    print(f"(d) seed {SEED.name}: {len(findings)} finding(s)")
    for f in findings:
        line, column = doc.position(f.start)
        print(
            f"  {line}:{column} {f.rule_id} [{doc.text[f.start : f.end]}] {f.message} -> {f.replacements(doc.text)[:3]}"
        )


def clean_prose_report(backend, ruleset) -> Counter:
    """Edited English on which every finding is a false alarm (fixtures/clean/)."""
    by_rule, files, examples = Counter(), Counter(), []
    for path in sorted(CLEAN_PROSE.glob("*.txt")):
        doc = Document.for_path(path.read_text(encoding="utf-8"), str(path))
        if ruleset is not None:
            names_for(doc, ruleset)
        for f in backend.check(doc):
            by_rule[f.rule_id] += 1
            files[path.name] += 1
            examples.append((f.rule_id, doc.text[f.start : f.end]))
    print(f"(e) clean-prose corpus {CLEAN_PROSE.name}/: {sum(by_rule.values())} finding(s) (every one a false alarm)")
    for rule_id, count in by_rule.most_common():
        words = Counter(text for r, text in examples if r == rule_id).most_common(6)
        print(f"  {rule_id:<40} {count:>4}  " + ", ".join(f"{w!r}x{n}" if n > 1 else repr(w) for w, n in words))
    return by_rule


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--backend", choices=["harper", "languagetool"], required=True)
    parser.add_argument("--lt-url", help="LanguageTool server (default: $TEXTFIX_LT_URL)")
    parser.add_argument("--all-rules", action="store_true", help="without the curated list of disabled rules")
    parser.add_argument("--limit", type=int, help="only the first N outputs")
    parser.add_argument("--known-names", action="store_true", help="pass the engine's known names per document")
    parser.add_argument("--examples", metavar="RULE", help="show findings of one rule, e.g. harper/SpellCheck")
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="RULE",
        help="never suggest disabling this rule, e.g. harper/SpellCheck",
    )
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="another backend option, e.g. skip_capitalised=false",
    )
    parser.add_argument("--target", type=float, default=95.0, help="clean-with-no-finding %% for the disable list")
    args = parser.parse_args(argv)
    if not args.path.exists():
        sys.exit(f"{args.path}: not found; pass the path of mqm_ted_zhen.tsv or set TEXTFIX_DEV_DATA")
    outputs = load(args.path)
    if args.limit:
        outputs = dict(list(outputs.items())[: args.limit])
    ruleset = None
    if args.known_names:
        from textfix.api import get_ruleset

        ruleset = get_ruleset()
    began = time.perf_counter()
    backend = load_backend(args.backend, **backend_options(args))
    backend.check(Document("Warm up."))
    print(
        f"backend: {args.backend} ({'all rules' if args.all_rules else 'curated defaults'}); "
        f"ready in {time.perf_counter() - began:.2f} s"
    )
    results, elapsed = run(backend, outputs, ruleset)
    prose = clean_prose_report(backend, ruleset)
    report(outputs, results, elapsed, args, prose)
    seed_report(backend, ruleset)


if __name__ == "__main__":
    main()
