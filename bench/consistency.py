"""Translation consistency and glossary rules on Django's catalogues: findings per 1,000
entries per language on the released files, and recall on planted errors.

    python bench/consistency.py DJANGO_DIR   # DJANGO_DIR holds django/conf/locale, django/contrib

Planted, per language, in a copy of the catalogues:
- inconsistent: a source found in two files with one translation gets another translation
  (another entry's) in its second file;
- opposite: "Show all" / "Hide all" entries with one translation, appended to one file;
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from textfix import project
from textfix.api import get_ruleset
from textfix.formats import po
from textfix.runner import run

RULES = ["inconsistent-translation", "opposite-sources-same-translation"]


def catalogues(root: Path) -> dict[str, list[Path]]:
    by_lang: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(root.glob("django/**/locale/*/LC_MESSAGES/django.po")):
        by_lang[path.parent.parent.name].append(path)
    return by_lang


def entries(path: Path) -> int:
    return sum(1 for s in po.read(path.read_text(encoding="utf-8")).segments if s.source)


def check(paths: list[Path], rules: list[str], glossary: Path | None = None) -> list[tuple[Path, int, str]]:
    ruleset = get_ruleset(select=rules, glossary=glossary)
    results = run([(p, (ruleset, None, None)) for p in paths], jobs=1)
    return [(r.path, r.doc.position(f.start)[0], f.rule_id) for r in results if r.doc for f in r.findings]


def plant_inconsistent(paths: list[Path], rng: random.Random, most: int = 10) -> list[tuple[Path, int]]:
    """Give another translation (another entry's) to the last copy of a source that two
    files translate alike; where each planted msgstr is (file, line)."""
    copies: dict[tuple[str, str, str], list[tuple[Path, str]]] = defaultdict(list)
    targets = []
    for path in paths:
        for s in po.read(path.read_text(encoding="utf-8")).segments:
            key = project.Index.key_of("", "lang", s)
            if key is not None and not any(c in s.text for c in '\n"\\'):
                copies[key].append((path, s.text))
                targets.append(s.text)
    candidates = [
        found[-1]
        for found in copies.values()
        if len({p for p, _ in found}) > 1 and len({project.normalise(t) for _, t in found}) == 1
    ]
    planted = []
    for path, target in rng.sample(candidates, min(most, len(candidates))):
        text = path.read_text(encoding="utf-8")
        needle = f'msgstr "{po.escape(target)}"'
        if text.count(needle) != 1:
            continue
        other = rng.choice([t for t in targets if project.normalise(t) != project.normalise(target)])
        path.write_text(text.replace(needle, f'msgstr "{po.escape(other)}"'), encoding="utf-8")
        planted.append((path, text.count("\n", 0, text.index(needle)) + 1))
    return planted


def main(root: Path) -> None:
    rng = random.Random(14)
    langs = catalogues(root)
    total_entries = total_found = 0
    rows = []
    for lang, paths in sorted(langs.items()):
        n = sum(entries(p) for p in paths)
        found = check(paths, RULES)
        total_entries, total_found = total_entries + n, total_found + len(found)
        rows.append((lang, n, len(found)))
    print("language entries findings per-1000")
    for lang, n, found in rows:
        print(f"{lang} {n} {found} {1000 * found / max(n, 1):.1f}")
    print(f"ALL {total_entries} {total_found} {1000 * total_found / total_entries:.1f}")
    worst = max(rows, key=lambda r: r[2] / max(r[1], 1))
    print(f"highest: {worst[0]} {1000 * worst[2] / worst[1]:.1f} per 1000")

    hit = planted_total = opp_hit = opp_total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for lang, paths in sorted(langs.items()):
            copies = []
            for i, path in enumerate(paths):
                copy = Path(tmp) / lang / f"{i}.po"
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, copy)
                copies.append(copy)
            before = set(check(copies, ["inconsistent-translation"]))
            planted = plant_inconsistent(copies, rng)
            after = set(check(copies, ["inconsistent-translation"])) - before
            flagged = {(path, line) for path, line, _ in after}
            planted_total += len(planted)
            hit += sum(spot in flagged for spot in planted)
            # opposite sources, one translation
            with copies[0].open("a", encoding="utf-8") as out:
                out.write('\nmsgid "Show all planted rows"\nmsgstr "PLANTED 1"\n')
                out.write('\nmsgid "Hide all planted rows"\nmsgstr "PLANTED 1"\n')
            opp_total += 1
            opp_hit += any(r == "opposite-sources-same-translation" for _, _, r in check(copies, RULES))
    print(f"planted inconsistent: {hit}/{planted_total} = {100 * hit / max(planted_total, 1):.1f}%")
    print(f"planted opposite: {opp_hit}/{opp_total} = {100 * opp_hit / opp_total:.1f}%")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
