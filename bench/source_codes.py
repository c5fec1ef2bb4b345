"""Placeholders, markup, numbers and literals against the source, on real catalogues.

Usage:
  python bench/source_codes.py WHEEL [--show] [--plant] [--seed N]

WHEEL is a Django wheel (its gettext catalogues: django/conf/locale/*/LC_MESSAGES/django.po
and django/contrib/*/locale/*/LC_MESSAGES/django.po, reviewed translations in 100+
languages). Prints, per language, the translated entries checked and the findings of each
rule per 1,000 of them (--show: every finding, to review by hand).

--plant: into entries that pass, plants one error of each class (a placeholder renamed or
dropped, a tag dropped, a digit changed, a URL or identifier mistyped) and prints the
recall per class: the share of planted entries that the class's rule flags.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix.api import check_text, get_ruleset  # noqa: E402
from textfix.formats import po  # noqa: E402
from textfix.formats.segments import Segment  # noqa: E402
from textfix.kinds.source_codes import _EMAIL, _IDENTIFIER, _URL, brace_codes, masked, printf_codes, tag_codes  # noqa: E402

RULES = ("placeholder-mismatch", "markup-mismatch", "number-mismatch", "literal-mismatch")
CATALOGUE = re.compile(r"django/(?:conf|contrib/\w+)/locale/([^/]+)/LC_MESSAGES/django\.po$")


def catalogues(wheel: Path) -> dict[str, list[tuple[str, str]]]:
    """language -> [(path, text)] for every catalogue in the wheel."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            if m := CATALOGUE.search(name):
                found[m.group(1)].append((name, archive.read(name).decode("utf-8")))
    return found


def checked(segment: Segment) -> bool:
    return segment.source is not None and bool(segment.text.strip()) and segment.note != "fuzzy"


def measure(wheel: Path, show: bool) -> None:
    ruleset = get_ruleset(select=RULES)
    totals: Counter[str] = Counter()
    entries_all = 0
    print(f"{'lang':8} {'entries':>7} " + " ".join(f"{r.split('-')[0]:>11}" for r in RULES) + "  per 1,000")
    for lang, files in catalogues(wheel).items():
        entries = 0
        counts: Counter[str] = Counter()
        for path, text in files:
            entries += sum(checked(s) for s in po.read(text).segments)
            for f in check_text(text, path=path, ruleset=ruleset):
                counts[f.rule_id] += 1
                if show:
                    print(f"  {lang} {f.rule_id}: {f.message} [{f.segment[:70]!r}]")
        entries_all += entries
        totals.update(counts)
        rate = 1000 * sum(counts.values()) / max(entries, 1)
        print(f"{lang:8} {entries:7} " + " ".join(f"{counts[r]:11}" for r in RULES) + f"  {rate:9.1f}")
    rate = 1000 * sum(totals.values()) / max(entries_all, 1)
    print(f"{'all':8} {entries_all:7} " + " ".join(f"{totals[r]:11}" for r in RULES) + f"  {rate:9.1f}")


# -- planting ---------------------------------------------------------------------------


def _typo(word: str, rng: random.Random) -> str:
    """`word` with one letter doubled, the typist's slip."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    at = rng.choice(letters)
    return word[: at + 1] + word[at] + word[at + 1 :]


def plant_placeholder(source: str, target: str, rng: random.Random) -> str | None:
    codes = [c for c in printf_codes(target, strict=False) + brace_codes(target) if c.key]
    # Python and brace placeholders may be used more than once, and a translation may use one
    # of them fewer times: dropping it is an error only where the source has it once.
    keys = Counter(c.key for c in codes)
    codes = [c for c in codes if keys[c.key] == 1 or c.family in ("printf", "ordered")]
    if not codes:
        return None
    code = rng.choice(codes)
    if code.family in ("named", "brace") and rng.random() < 0.5:
        lo, hi = code.name_at
        return target[:lo] + _typo(target[lo:hi], rng) + target[hi:]
    return target[: code.start] + target[code.end :]  # dropped


def plant_markup(source: str, target: str, rng: random.Random) -> str | None:
    codes = [c for c in tag_codes(target) if c.family == "tag"]
    if not codes:
        return None
    code = rng.choice(codes)
    return target[: code.start] + target[code.end :]


def plant_number(source: str, target: str, rng: random.Random) -> str | None:
    bare = masked(target, printf_codes(target, strict=False) + brace_codes(target) + tag_codes(target))
    digits = [i for i, c in enumerate(bare) if c in "0123456789"]
    if not digits or not any(c.isdigit() for c in source):  # the class: numbers the source has
        return None
    at = rng.choice(digits)
    return target[:at] + str((int(target[at]) + rng.randint(1, 8)) % 10) + target[at + 1 :]


def plant_literal(source: str, target: str, rng: random.Random) -> str | None:
    bare = masked(target, printf_codes(target, strict=False) + brace_codes(target))  # not a placeholder's name
    found = [m for pattern in (_URL, _EMAIL, _IDENTIFIER) for m in pattern.finditer(bare) if m.group() in source]
    if not found:
        return None
    m = rng.choice(found)
    return target[: m.start()] + _typo(m.group(), rng) + target[m.end() :]


PLANTERS: dict[str, tuple[str, Callable[[str, str, random.Random], str | None]]] = {
    "placeholder": ("placeholder-mismatch", plant_placeholder),
    "markup": ("markup-mismatch", plant_markup),
    "number": ("number-mismatch", plant_number),
    "literal": ("literal-mismatch", plant_literal),
}


def entry(segment: Segment, target: str) -> str:
    key = segment.ref
    context, _, msgid = key.rpartition("\x04")
    flags = f"#, {', '.join(sorted(segment.flags))}\n" if segment.flags else ""
    head = f'msgctxt "{po.escape(context)}"\n' if context else ""
    return f'{flags}{head}msgid "{po.escape(msgid)}"\nmsgstr "{po.escape(target)}"\n'


def plant(wheel: Path, seed: int, show: bool) -> None:
    rng = random.Random(seed)
    ruleset = get_ruleset(select=RULES)
    planted: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    per_lang: dict[str, Counter[str]] = defaultdict(Counter)
    for lang, files in catalogues(wheel).items():
        for path, text in files:
            flagged = {f.segment for f in check_text(text, path=path, ruleset=ruleset)}
            parts = [f'msgid ""\nmsgstr "Language: {lang}\\n"\n']
            wanted: dict[str, str] = {}
            texts: dict[str, str] = {}
            for segment in po.read(text).segments:
                if not checked(segment) or segment.plural_sources or segment.ref in flagged or segment.ref in wanted:
                    continue
                for name, (_rule, planter) in PLANTERS.items():
                    assert segment.source is not None
                    changed = planter(segment.source, segment.text, rng)
                    if changed is None or changed == segment.text or not changed.strip():
                        continue
                    wanted[segment.ref] = name
                    texts[segment.ref] = f"{segment.source!r} -> {changed!r}"
                    parts.append(entry(segment, changed))
                    break
            if not wanted:
                continue
            hits = {(f.segment, f.rule_id) for f in check_text("\n".join(parts), path="planted.po", ruleset=ruleset)}
            for ref, name in wanted.items():
                planted[name] += 1
                per_lang[lang][name] += 1
                if (ref, PLANTERS[name][0]) in hits:
                    caught[name] += 1
                elif show:
                    print(f"  missed {name} ({lang}): {texts[ref]}")
    for name in PLANTERS:
        print(
            f"{name:12} planted {planted[name]:6}  caught {caught[name]:6}  recall {100 * caught[name] / max(planted[name], 1):5.1f}%"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--plant", action="store_true")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if args.plant:
        plant(args.wheel, args.seed, args.show)
    else:
        measure(args.wheel, args.show)


if __name__ == "__main__":
    main()
