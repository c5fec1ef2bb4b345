"""The artifact rules on reviewed translations in many languages: false alarms and recall.

Usage: python bench/languages.py WHEEL [--show LANGS] [--per-class 60] [--seed 14]

WHEEL is a Django wheel (Django-5.1.4-py3-none-any.whl): its gettext catalogues
(django/conf/locale/*/LC_MESSAGES/*.po, django/contrib/*/locale/*/LC_MESSAGES/*.po) are
translations that their language's team reviewed, in about 100 languages and many scripts.

Clean: every catalogue is checked as a PO file (its `Language:` header gives the language,
else the locale folder does) with the default rules and no grammar backend; findings per
1,000 entries (translated messages) per language. `--show fr,de` prints those languages'
findings, to be read: each is a translator's error or a false alarm.

Planted: into entries of each language one artifact of a class at a time, each entry
checked alone as text in its language; recall is the share of plants a finding of the
class's rule overlaps. Classes:
  stray-stop       a stop between two words, before one in lower case ("le fichier. de")
  doubled-punct    a comma or the final stop written twice
  spaced-punct     a space before a comma (any language) or the final stop
  doubled-word     a word of three or more letters written twice
  repeated-phrase  the two words before a space said again across a stray stop
  mojibake         the entry's UTF-8 read as Windows-1252 (entries with non-ASCII letters)
  double-space     two spaces between two words
An entry takes a plant only where the class fits it (two words in lower case for a stray
stop...) and its clean text draws no finding of that rule. Seeded and deterministic.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textfix.api import check_text, get_ruleset
from textfix.formats import po

_LOCALE = re.compile(r"/locale/([^/]+)/LC_MESSAGES/[^/]+\.po$")
# A space between two words, the second in lower case.
_GAP = re.compile(r"(?<=[^\W\d_]{2}) (?=[^\W\d_]{2})")
_WORD = re.compile(r"(?<![\w%{<&./-])[^\W\d_]{3,}(?![\w}>;/-])")
_COMMA = re.compile(r"(?<=\w),(?= \w)")


def catalogues(wheel: Path) -> dict[str, list[tuple[str, str]]]:
    """language -> (name, text) of each of its catalogues."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            match = _LOCALE.search(name)
            if match:
                out[match.group(1)].append((name, archive.read(name).decode("utf-8")))
    return out


def entries(text: str) -> list[str]:
    """The translated messages of a catalogue (the header left out)."""
    return [s.text for s in po.read(text).segments if s.text.strip() and s.source is not None]


def clean(books: dict[str, list[tuple[str, str]]], show: set[str]) -> dict[str, tuple[int, Counter[str]]]:
    """language -> (entries, findings per rule) over its catalogues checked as PO files."""
    ruleset = get_ruleset()
    out: dict[str, tuple[int, Counter[str]]] = {}
    for lang, files in books.items():
        count, found = 0, Counter[str]()
        for name, text in files:
            count += len(entries(text))
            for finding in check_text(text, path="django.po", ruleset=ruleset, language=lang):
                found[finding.rule_id] += 1
                if lang in show or "all" in show:
                    line = text.count("\n", 0, finding.start) + 1
                    where = "/".join(name.split("/")[1:3])
                    print(f"{lang} {where}:{line} {finding.rule_id}: {finding.message} | {finding.segment}")
        out[lang] = (count, found)
    return out


# class -> (rule id, planter: entry, random -> (planted text, span) or None)
Planter = Callable[[str, random.Random], "tuple[str, tuple[int, int]] | None"]


def _gaps(text: str) -> list[int]:
    return [
        m.start() for m in _GAP.finditer(text) if text[m.end()].islower() and text[m.end()].title() != text[m.end()]
    ]


def _stray_stop(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    gaps = _gaps(text)
    if not gaps:
        return None
    at = rng.choice(gaps)
    return text[:at] + "." + text[at:], (at, at + 3)


def _doubled_punct(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    commas = [m.start() for m in _COMMA.finditer(text)]
    if commas:
        at = rng.choice(commas)
        return text[:at] + "," + text[at:], (at, at + 2)
    if re.search(r"\w\.\Z", text):
        return text + ".", (len(text) - 1, len(text) + 1)
    return None


def _spaced_punct(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    commas = [m.start() for m in _COMMA.finditer(text)]
    if commas:
        at = rng.choice(commas)
        return text[:at] + " " + text[at:], (at, at + 2)
    if re.search(r"\w\.\Z", text):
        return text[:-1] + " .", (len(text) - 1, len(text) + 1)
    return None


def _doubled_word(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    words = [m for m in _WORD.finditer(text) if m.group().islower() and m.group() not in _ALLOWED]
    if not words:
        return None
    word = rng.choice(words)
    return text[: word.end()] + " " + word.group() + text[word.end() :], (
        word.start(),
        word.end() * 2 - word.start() + 1,
    )


def _repeated_phrase(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    gaps = _gaps(text)
    rng.shuffle(gaps)
    for at in gaps:
        before = re.search(r"(?<!\S)([^\W\d_]['’\w]*) ([^\W\d_]['’\w]*)\Z", text[:at])
        if before and before.group().islower():
            return text[:at] + ". " + before.group() + text[at:], (before.start(), at + 2 + len(before.group()))
    return None


def _mojibake(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    del rng
    if not re.search(r"[^\x00-\x7f]", text):
        return None
    broken = text.encode("utf-8").decode("cp1252", errors="replace")
    if "\ufffd" in broken:
        return None
    return broken, (0, len(broken))


def _double_space(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    gaps = [m.start() for m in re.finditer(r"(?<=\w) (?=\w)", text)]
    if not gaps:
        return None
    at = rng.choice(gaps)
    return text[:at] + " " + text[at:], (at, at + 2)


# Words whose doubling is right (the doubled-word rule's `allowed` and `allowed_in`), for the
# language being planted into.
_ALLOWED: set[str] = set()

CLASSES: dict[str, tuple[str, Planter]] = {
    "stray-stop": ("stray-full-stop", _stray_stop),
    "doubled-punct": ("doubled-punctuation", _doubled_punct),
    "spaced-punct": ("space-before-punctuation", _spaced_punct),
    "doubled-word": ("doubled-word", _doubled_word),
    "repeated-phrase": ("repeated-phrase-across-stop", _repeated_phrase),
    "mojibake": ("mojibake", _mojibake),
    "double-space": ("double-space", _double_space),
}


def planted(
    books: dict[str, list[tuple[str, str]]], per_class: int, seed: int
) -> dict[str, dict[str, tuple[int, int]]]:
    """language -> class -> (plants, found)."""
    ruleset = get_ruleset()
    doubled = next(rule for rule in ruleset.rules if rule.id == "doubled-word").options
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for lang, files in books.items():
        _ALLOWED.clear()
        _ALLOWED.update(doubled.get("allowed", []), doubled.get("allowed_in", {}).get(lang.split("_")[0], []))
        texts = sorted({t for _, text in files for t in entries(text) if "\n" not in t})
        out[lang] = {}
        for name, (rule_id, plant) in CLASSES.items():
            rng = random.Random(f"{seed}-{lang}-{name}")
            order = texts[:]
            rng.shuffle(order)
            tried = found = 0
            for text in order:
                if tried >= per_class:
                    break
                done = plant(text, rng)
                if done is None:
                    continue
                if any(f.rule_id == rule_id for f in check_text(text, ruleset=ruleset, language=lang)):
                    continue  # the clean entry already draws it
                new, (lo, hi) = done
                tried += 1
                hits = check_text(new, ruleset=ruleset, language=lang)
                found += any(f.rule_id == rule_id and f.start < hi and lo < max(f.end, f.start + 1) for f in hits)
            out[lang][name] = (tried, found)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path)
    parser.add_argument("--show", default="", help="languages whose clean findings to print (comma-separated, or all)")
    parser.add_argument("--per-class", type=int, default=60)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--no-plant", action="store_true")
    args = parser.parse_args()
    books = catalogues(args.wheel)
    results = clean(books, set(filter(None, args.show.split(","))))
    total_entries = sum(n for n, _ in results.values())
    total = Counter[str]()
    print(f"\nclean: {len(results)} languages, {total_entries} entries")
    print(f"{'lang':8} {'entries':>7} {'per 1k':>7}  rules")
    for lang, (count, found) in sorted(results.items()):
        total.update(found)
        rate = 1000 * sum(found.values()) / max(count, 1)
        print(f"{lang:8} {count:7} {rate:7.1f}  {dict(found.most_common())}")
    print(f"{'all':8} {total_entries:7} {1000 * sum(total.values()) / total_entries:7.1f}  {dict(total.most_common())}")
    if args.no_plant:
        return
    recall = planted(books, args.per_class, args.seed)
    print(f"\nplanted (recall, plants) per class; at most {args.per_class} plants per class and language")
    print(f"{'lang':8} " + " ".join(f"{name:>16}" for name in CLASSES))
    sums: dict[str, list[int]] = {name: [0, 0] for name in CLASSES}
    worst: dict[str, tuple[float, str]] = {}
    for lang, classes in sorted(recall.items()):
        cells = []
        for name in CLASSES:
            tried, found = classes[name]
            sums[name][0] += tried
            sums[name][1] += found
            cells.append(f"{100 * found / tried:5.1f}% of {tried:4}" if tried else f"{'-':>16}")
            if tried >= 10 and (name not in worst or found / tried < worst[name][0]):
                worst[name] = (found / tried, lang)
        print(f"{lang:8} " + " ".join(f"{c:>16}" for c in cells))
    print(f"{'all':8} " + " ".join(f"{100 * f / max(t, 1):5.1f}% of {t:4}" for t, f in sums.values()))
    print("lowest (10+ plants): " + ", ".join(f"{n} {100 * r:.0f}% ({lang})" for n, (r, lang) in worst.items()))


if __name__ == "__main__":
    main()
