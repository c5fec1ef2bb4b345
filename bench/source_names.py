"""How the source-aware name check (source-name-form) does on real translations.

Usage: python bench/source_names.py django WHEEL [--show]
       python bench/source_names.py planted WHEEL [--seed N]
       python bench/source_names.py ted [--data ../shared/data] [--show]

  django   every Django gettext catalogue in the wheel (django/conf/locale and
           django/contrib/*/locale): findings per 1,000 translated entries, per language
           (--show prints each finding, to read: a translator's error or a false alarm);
  planted  errors planted by this script: a name of a Django source copied with one slip
           into a Latin-script translation (latin-copy); a name of the name table in its
           Cyrillic, Greek, Han, Kana, Hangul, Arabic, Hebrew or Devanagari form, rendered
           in the English target with a slip (other-script), with the source's case ending
           kept (case-ending: Cyrillic and Greek forms) or, for an acronym, as another
           acronym (acronym): recall per class;
  ted      the WMT MQM TED Chinese->English ratings: the marked spans the check finds, and
           the outputs the raters found clean that get a finding.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix.formats import po  # noqa: E402
from textfix.kinds.source_names import BODY_WORDS, LATIN_WORD, SOURCE_NAME, SourceNamesKind, fold, zipf  # noqa: E402
from textfix.rulefiles import default_rules_dir, load_rule_file  # noqa: E402

CASED = re.compile("[\u0370-\u03ff\u0400-\u04ff]")  # Greek and Cyrillic: names take case endings
CATALOGUE = re.compile(r"django/(?:conf|contrib/[^/]+)/locale/([^/]+)/LC_MESSAGES/django\.po$")


def kind() -> SourceNamesKind:
    rule = next(r for r in load_rule_file(default_rules_dir() / "source-names.yaml") if r.id == "source-name-form")
    return SourceNamesKind(rule)


def entries(wheel: Path) -> Iterator[tuple[str, str, str, str]]:
    """(language, path, source, translation) of every translated entry."""
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            found = CATALOGUE.search(name)
            if not found:
                continue
            for segment in po.read(archive.read(name).decode("utf-8")).segments:
                if segment.source and segment.text:
                    yield found.group(1), name, segment.source, segment.text


def findings(check: SourceNamesKind, source: str, target: str, lang: str) -> list[tuple[str, str]]:
    """(the flagged text, the message) of each finding."""
    return [(target[f.start : f.end], f.message) for f in check.check_segment(0, source, target, lang)]


def django(wheel: Path, show: bool) -> None:
    check = kind()
    counts: Counter[str] = Counter()
    flagged: dict[str, list[str]] = defaultdict(list)
    for lang, path, source, target in entries(wheel):
        counts[lang] += 1
        for _, message in findings(check, source, target, lang.split("_")[0].lower()):
            flagged[lang].append(f"{path}: {source!r} -> {target!r}: {message}")
    total = sum(counts.values())
    hits = sum(len(v) for v in flagged.values())
    print(f"{len(counts)} languages, {total} entries, {hits} findings ({1000 * hits / total:.2f} per 1,000)")
    worst = max(counts, key=lambda lang: len(flagged[lang]) / counts[lang])
    print(f"most per 1,000 in one language: {worst} {1000 * len(flagged[worst]) / counts[worst]:.2f}")
    for lang in sorted(counts):
        if flagged[lang]:
            print(f"  {lang}: {len(flagged[lang])} in {counts[lang]} ({1000 * len(flagged[lang]) / counts[lang]:.2f})")
            if show:
                for line in flagged[lang]:
                    print(f"    {line}")


def slip(word: str, rng: random.Random) -> str:
    """One letter of `word` changed, dropped, doubled, or two swapped (never the first)."""
    at = rng.randrange(1, len(word) - 1)
    how = rng.choice(("change", "drop", "double", "swap"))
    if how == "drop":
        return word[:at] + word[at + 1 :]
    if how == "double":
        return word[:at] + word[at] + word[at:]
    if how == "swap" and word[at] != word[at + 1]:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    letters = [c for c in "aeiourntl" if c != word[at].lower()]
    return word[:at] + rng.choice(letters) + word[at + 1 :]


def planted(wheel: Path, seed: int) -> None:
    check = kind()
    rng = random.Random(seed)
    caught: Counter[str] = Counter()
    tried: Counter[str] = Counter()

    def trial(kind_: str, source: str, target: str, wrong: str, lang: str = "en") -> None:
        tried[kind_] += 1
        if any(match == wrong for match, _ in findings(check, source, target, lang)):
            caught[kind_] += 1

    # latin-copy: a name the check takes from a Django source, copied with a slip.
    for lang, _, source, target in entries(wheel):
        names = [m.group() for m in SOURCE_NAME.finditer(source) if len(m.group()) >= 5]
        names = [n for n in names if n in LATIN_WORD.findall(target)]
        if not names or rng.random() > 0.5:
            continue
        name = rng.choice(names)
        base = lang.split("_")[0].lower()
        if name not in [n.text for n in check.source_names(source, base)] or zipf(name.lower(), "en") >= check.common:
            continue
        wrong = slip(name, rng)
        trial("latin-copy", source, re.sub(rf"\b{name}\b", wrong, target, count=1), wrong, base)

    # other-script, case-ending and acronym: each form of the name table in a sentence.
    for form, known in check.table.items():
        sentence = "{} said on Monday that talks would go on."
        for written in known.forms:
            last = written.split()[-1]
            if len(last) < 5 or not last.isalpha() or fold(last) in BODY_WORDS:
                continue
            for _ in range(3):
                wrong = slip(last, rng)
                # A slip that makes another form or an English word ("Done") is no test.
                if fold(wrong) not in {fold(f.split()[-1]) for f in known.forms} and zipf(wrong.lower(), "en") < 3:
                    trial("other-script", sentence.format(form), sentence.format(written.replace(last, wrong)), wrong)
            if CASED.search(form):
                ending = rng.choice(["a", "u", "om", "ym", "e", "ou", "i"])
                trial("case-ending", sentence.format(form), sentence.format(written + ending), last + ending)
        if form.replace("-", "").isupper() and known.name.replace("-", "").isupper():
            letters = "ABCDEFGHIKLMNOPRSTUVXYZ"
            wrong = "-".join("".join(rng.choice(letters) for _ in part) for part in known.name.split("-"))
            trial("acronym", f"Athens ({form})", f"Athens ({wrong})", wrong)

    for name in tried:
        print(f"{name}: {caught[name]}/{tried[name]} ({100 * caught[name] / tried[name]:.1f}%)")


def ted(data: Path, show: bool) -> None:
    check = kind()
    outputs: dict[tuple[str, str, str], tuple[str, str, list[tuple[str, str]]]] = {}
    with (data / "mqm_ted_zhen.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            marked = row["target"]
            target = marked.replace("<v>", "").replace("</v>", "")
            span = re.search(r"<v>(.*?)</v>", marked)
            key = (row["system"], row["seg_id"], row["rater"])
            outputs.setdefault(key, (row["source"], target, []))
            if row["category"] != "No-error" and span:
                outputs[key][2].append((row["category"], span.group(1)))
    clean = flagged_clean = 0
    caught: list[str] = []
    for source, target, errors in outputs.values():
        found = findings(check, source, target, "en")
        if not errors:
            clean += 1
            flagged_clean += bool(found)
        for match, message in found:
            hits = [c for c, span in errors if match in span or span in match]
            line = f"{'MARKED ' + hits[0] if hits else 'unmarked'}: {message} | {target[:120]}"
            caught.append(line)
    print(f"{len(outputs)} outputs, {clean} clean; clean outputs with a finding: {flagged_clean}")
    print(f"findings: {len(caught)}, on marked spans: {sum(c.startswith('MARKED') for c in caught)}")
    if show:
        for line in caught:
            print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", choices=("django", "planted", "ted"))
    parser.add_argument("wheel", nargs="?", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    if args.set == "ted":
        ted(args.data, args.show)
    elif args.wheel is None:
        parser.error("the Django wheel is needed")
    elif args.set == "django":
        django(args.wheel, args.show)
    else:
        planted(args.wheel, args.seed)


if __name__ == "__main__":
    main()
