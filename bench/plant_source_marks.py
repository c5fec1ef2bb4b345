"""Recall of the source rules on errors planted into real catalogues.

Into about one entry in five of Django's catalogues (12 languages, 8 scripts) one error is
planted, of a class the entry allows: the source copied as the translation, the target's
final question mark, colon or full stop dropped, its question mark or full stop written in
ASCII where the language has its own, a space or line break added or dropped at an end.
Each class has the rule that must flag it; recall is the share of its planted entries that
rule flags, and the false alarms are the findings on entries left alone, per 1,000.

    python bench/plant_source_marks.py DJANGO_DIR [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import random
from pathlib import Path

from textfix.api import check_text, get_ruleset
from textfix.formats import po
from textfix.formats.segments import Segment
from textfix.kinds.source_marks import CONVENTIONS, QUESTION, STOP, final_mark, words

LANGUAGES = ("de", "fr", "es", "ru", "uk", "el", "ar", "fa", "hi", "zh_Hans", "ja", "ko")
RULES = ("untranslated", "end-punctuation", "end-full-stop", "outer-whitespace")
# The class of error planted, and the rule that must flag it.
CLASSES = {
    "untranslated": "untranslated",
    "question dropped": "end-punctuation",
    "colon dropped": "end-punctuation",
    "ASCII question mark": "end-punctuation",  # in Greek, Arabic, Persian, Chinese, Japanese
    "full stop dropped": "end-full-stop",
    "ASCII full stop": "end-full-stop",
    "space added at the end": "outer-whitespace",
    "line break added at the end": "outer-whitespace",
    "leading space dropped": "outer-whitespace",
}


def plants(segment: Segment, lang: str) -> dict[str, str]:
    """The errors this entry allows: class -> the planted translation."""
    source, target = segment.source or "", segment.text
    base = lang.split("_")[0]
    found: dict[str, str] = {}
    if len([w for w in words(source) if len(w) > 1]) >= 3:
        found["untranslated"] = source
    src, end = final_mark(source), final_mark(target, base)
    # An abbreviation's stop ("Sept.") is the target language's business, not an error.
    if (
        sum(c.isalpha() for c in source) >= 5
        and src.kind
        and src.kind == end.kind
        and target[end.start : end.end] in CONVENTIONS.get(base, {}).get(src.kind, ".")
    ):
        mark = target[end.start : end.end]
        dropped = target[: end.start].rstrip() + target[end.end :]
        name = {QUESTION: "question dropped", STOP: "full stop dropped", "colon": "colon dropped"}.get(src.kind)
        if name:
            found[name] = dropped
        ascii_mark = {QUESTION: "?", STOP: "."}.get(src.kind)
        if ascii_mark and base in ("el", "ar", "fa", "zh", "ja") and mark != ascii_mark:
            found[f"ASCII {'question mark' if src.kind == QUESTION else 'full stop'}"] = (
                target[: end.start] + ascii_mark + target[end.end :]
            )
    if not source[-1:].isspace() and not target[-1:].isspace():
        found["space added at the end"] = target + " "
        found["line break added at the end"] = target + "\n"
    if source[:1] == " " and target[:1] == " ":
        found["leading space dropped"] = target.lstrip(" ")
    return found


def plant(text: str, rng: random.Random, lang: str, tried: collections.Counter[str]) -> tuple[str, dict[str, str]]:
    """The catalogue with errors planted, and the planted entries' refs -> class."""
    edits, planted = [], {}
    for segment in po.read(text).segments:
        if not segment.pieces or segment.source is None or rng.random() > 0.2:
            continue
        options = plants(segment, lang)
        if not options:
            continue
        # The class planted least so far, so that rare ones are planted often enough.
        name = min(sorted(options), key=lambda n: (tried[n], rng.random()))
        tried[name] += 1
        start, end = segment.pieces[0].file_start, segment.pieces[-1].file_end
        edits.append((start, end, segment.escape(options[name])))
        planted[segment.ref] = name
    for start, end, new in sorted(edits, reverse=True):
        # The whole msgstr as one literal: its first piece opens after a quote, its last
        # closes before one.
        text = text[:start] + new + text[end:]
    return text, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print the planted errors missed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    ruleset = get_ruleset(select=list(RULES))
    caught: collections.Counter[str] = collections.Counter()
    tried: collections.Counter[str] = collections.Counter()
    clean: collections.Counter[str] = collections.Counter()
    alarms: collections.Counter[str] = collections.Counter()
    for path in sorted(args.folder.rglob("*.po")):
        lang = path.parts[path.parts.index("LC_MESSAGES") - 1]
        if lang not in LANGUAGES:
            continue
        text, planted = plant(path.read_text(encoding="utf-8"), rng, lang, tried)
        flagged = collections.defaultdict(set)
        for finding in check_text(text, path=str(path), ruleset=ruleset):
            flagged[finding.segment].add(finding.rule_id)
        for segment in po.read(text).segments:
            if segment.ref in planted:
                name = planted[segment.ref]
                caught[name] += CLASSES[name] in flagged[segment.ref]
                if args.show and CLASSES[name] not in flagged[segment.ref]:
                    print(f"missed {name} ({lang}): {segment.source!r} -> {segment.text!r}")
            else:
                clean[lang] += 1
                alarms[lang] += len(flagged[segment.ref])
    print(f"{'class':30} {'planted':>8} {'caught':>7} {'recall':>7}")
    for name in CLASSES:
        if tried[name]:
            print(f"{name:30} {tried[name]:8} {caught[name]:7} {caught[name] / tried[name]:7.1%}")
    print(f"\n{'language':10} {'entries left alone':>18} {'findings':>9} {'per 1,000':>10}")
    for lang in LANGUAGES:
        if clean[lang]:
            print(f"{lang:10} {clean[lang]:18} {alarms[lang]:9} {1000 * alarms[lang] / clean[lang]:10.1f}")


if __name__ == "__main__":
    main()
