#!/usr/bin/env python3
"""Build rules/data/sentence_stats.yaml: how often each word starts and ends sentences in
clean English prose, for the stray-full-stop rule to tell a stray stop ("the invasion. of
Russia") from a sentence that lost its capital ("It rained. the match went on").

For a word y after "x. ", the rule weighs two stories: the stop is stray and "x y" was one
sentence, or the stop is real and y lost its capital. Taking the words as independent,
their odds are (x ends / x goes on) * (y starts / y goes on) times the square of the word
pairs per sentence; the file keeps the two log ratios per word, smoothed towards the
ratio of the word's class (lower case, capitalised, number) for rare words, the same
ratio for a sentence's first two words where they tell more than the first ("Of course"),
and the distribution of sentence lengths (two short pieces around a stop suggest one
sentence split in two).

Sources (read from DATA, default ../shared/data relative to the repository root): the BBC
News articles with an even number in their id (the odd ones are held out for measuring)
and the English source side of the WMT 2023 English-German MQM file.

Usage: python scripts/build_sentence_stats.py [DATA] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix.sentence_stats import WORD  # noqa: E402  (the statistics count words as the rule does)

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "rules" / "data" / "sentence_stats.yaml"

# Where a sentence may end: . ! or ? (closing quotes and brackets after it), white space,
# then what can open a sentence.
_BOUNDARY = regex.compile(r"(?<=[.!?][\"”’')\]]*)\s+(?=[\"“‘'(\[]?[\p{Lu}\p{N}])")
_TAG = re.compile(r"</?v>")

# Rare words are smoothed towards their class's ratio with the weight of this many sightings.
PRIOR_WEIGHT = 10
# A word is listed only when it was seen this often and its ratio differs from its class's.
MIN_SEEN = 8
MIN_DIFFERENCE = 0.4
# A class's ratio for unlisted words comes from its rare words when they were seen this often.
MIN_RARE = 200
MIN_PAIR_SEEN = 5
MIN_PAIR_STARTS = 2
# Sentence lengths are kept up to this many words; longer ones share the last slot.
LONGEST = 60


def abbreviations() -> set[str]:
    """The stray-full-stop rule's abbreviations: a stop after one of them ends no sentence."""
    rules = yaml.safe_load((ROOT / "rules" / "punctuation.yaml").read_text(encoding="utf-8"))
    rule = next(r for r in rules["rules"] if r["id"] == "stray-full-stop")
    return {str(a).casefold() for a in rule["abbreviations"]}


def split_sentences(text: str, abbreviated: set[str]) -> Iterator[str]:
    """The sentences of clean prose, one paragraph (line) at a time. A stop after an
    abbreviation, an initial or a dotted form (U.S.) ends no sentence."""
    for line in text.splitlines():
        start = 0
        for gap in _BOUNDARY.finditer(line):
            before = line[start : gap.start()].rstrip("\"”’')]")
            if before.endswith("."):
                last = before[:-1].rsplit(None, 1)[-1] if before[:-1].strip() else ""
                if len(last) <= 1 or "." in last or last.casefold() in abbreviated:
                    continue
            yield line[start : gap.start()]
            start = gap.end()
        if line[start:].strip():
            yield line[start:].strip()


def bbc_texts(data: Path, parity: int) -> Iterator[str]:
    """BBC News articles whose id ends in a number of this parity (0 even, 1 odd). The
    headline is glued to the first sentence in this set: that sentence is dropped."""
    with open(data / "bbc_news" / "articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            if int(article["id"].rsplit("-", 1)[1]) % 2 == parity:
                yield article["text"].split(". ", 1)[-1]


def mqm_sources(data: Path) -> Iterator[str]:
    """The English source paragraphs of the English-German MQM file, each once."""
    seen: set[str] = set()
    csv.field_size_limit(sys.maxsize)
    with open(data / "mqm_generalmt2023_ende.tsv", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            source = _TAG.sub("", row[4])
            if len(row) >= 6 and source not in seen:
                seen.add(source)
                yield source


def word_class(word: str) -> str:
    if word[0].isdigit():
        return "number"
    return "capitalised" if word[0].isupper() else "lower"


class Counts:
    """Sightings of each word (case-folded) at a sentence's start or end, and inside one."""

    def __init__(self) -> None:
        self.starts: Counter[str] = Counter()  # first word of a sentence
        self.follows: Counter[str] = Counter()  # after another word and a space only
        self.ends: Counter[str] = Counter()  # the word right before a sentence's final stop
        self.goes_on: Counter[str] = Counter()  # followed by a space and another word
        self.pair_starts: Counter[str] = Counter()  # "of course": a sentence's first two words
        self.pair_follows: Counter[str] = Counter()  # the same two words after another word
        self.classes: dict[str, Counter[str]] = {}  # word -> its classes, as written mid-sentence
        self.lengths: Counter[int] = Counter()  # sentences by their number of words
        self.sentences = 0
        self.adjacent = 0  # word pairs with only a space between

    def add(self, sentence: str) -> None:
        words = list(WORD.finditer(sentence))
        if not words:
            return
        self.sentences += 1
        self.lengths[len(words)] += 1
        folded = [w.group().casefold() for w in words]
        spaced = [sentence[a.end() : b.start()] == " " for a, b in itertools.pairwise(words)]
        if words[0].start() == 0:
            self.starts[folded[0]] += 1
            if spaced and spaced[0]:
                self.pair_starts[f"{folded[0]} {folded[1]}"] += 1
        if sentence.endswith(".") and words[-1].end() == len(sentence) - 1:
            self.ends[folded[-1]] += 1
        for i, space in enumerate(spaced):
            if not space:
                continue
            self.adjacent += 1
            self.goes_on[folded[i]] += 1
            self.follows[folded[i + 1]] += 1
            self.classes.setdefault(folded[i + 1], Counter())[word_class(words[i + 1].group())] += 1
            if i + 2 < len(words) and spaced[i + 1]:
                self.pair_follows[f"{folded[i + 1]} {folded[i + 2]}"] += 1


def log_ratios(
    hits: Counter[str], misses: Counter[str], classes: dict[str, str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Smoothed log(hits / misses) per word, and per class; only the words whose ratio
    differs from their class's are listed.

    A class's ratio is what the rule uses for the words the file does not list, which are
    mostly words too rare to be counted here: it is pooled over the class's rare words
    (seen fewer than MIN_SEEN times). Pooled over all of them, frequent words would set
    it: "the" and "of", which never end a sentence, made an unknown noun look as unlikely
    to end one, while rare words end twice as many."""
    pooled: dict[str, list[int]] = {}
    rare: dict[str, list[int]] = {}
    for word in hits.keys() | misses.keys():
        name = classes.get(word, "lower")
        for table in (pooled, rare) if hits[word] + misses[word] < MIN_SEEN else (pooled,):
            counts = table.setdefault(name, [0, 0])
            counts[0] += hits[word]
            counts[1] += misses[word]
    # A class with few rare sightings falls back on all of its words.
    chosen = {name: rare[name] if sum(rare.get(name, (0, 0))) >= MIN_RARE else pooled[name] for name in pooled}
    defaults = {name: math.log((h + 1) / (m + 1)) for name, (h, m) in chosen.items()}
    words: dict[str, float] = {}
    for word in hits.keys() | misses.keys():
        seen = hits[word] + misses[word]
        if seen < MIN_SEEN:
            continue
        base = defaults[classes.get(word, "lower")]
        share = 1 / (1 + math.exp(-base))  # the class's share of hits, as a prior
        value = math.log((hits[word] + PRIOR_WEIGHT * share + 0.5) / (misses[word] + PRIOR_WEIGHT * (1 - share) + 0.5))
        if abs(value - base) >= MIN_DIFFERENCE:
            words[word] = round(value, 1)
    return {k: round(v, 2) for k, v in sorted(defaults.items())}, dict(sorted(words.items()))


def pair_ratios(
    counts: Counts, starts: dict[str, float], defaults: dict[str, float], lower: set[str]
) -> dict[str, float]:
    """Smoothed log(pair starts / pair follows) for a sentence's first two words, listed
    where it differs from the first word's own ratio ("Of course" starts sentences, "of" not)."""
    pairs: dict[str, float] = {}
    for pair in counts.pair_starts.keys() | counts.pair_follows.keys():
        hits, misses = counts.pair_starts[pair], counts.pair_follows[pair]
        if hits < MIN_PAIR_STARTS or hits + misses < MIN_PAIR_SEEN or pair.split(" ", 1)[0] not in lower:
            continue
        base = starts.get(pair.split(" ", 1)[0], defaults["lower"])
        share = 1 / (1 + math.exp(-base))
        value = math.log((hits + PRIOR_WEIGHT * share) / (misses + PRIOR_WEIGHT * (1 - share)))
        if abs(value - base) >= MIN_DIFFERENCE:
            pairs[pair] = round(value, 1)
    return dict(sorted(pairs.items()))


def length_logs(lengths: Counter[int]) -> list[float]:
    """log P(a sentence has n words) for n = 1..LONGEST, the last one for LONGEST or more."""
    total = sum(lengths.values())
    counts = [lengths[n] for n in range(1, LONGEST)] + [sum(c for n, c in lengths.items() if n >= LONGEST)]
    return [round(math.log((c + 0.5) / (total + 0.5 * LONGEST)), 2) for c in counts]


def build(texts: Iterable[str]) -> dict[str, object]:
    counts = Counts()
    abbreviated = abbreviations()
    for text in texts:
        for sentence in split_sentences(text, abbreviated):
            counts.add(sentence)
    # A word's class is how it is mostly written inside sentences ("the": lower, "Russia":
    # capitalised); at a sentence's start every word is capitalised.
    classes = {word: seen.most_common(1)[0][0] for word, seen in counts.classes.items()}
    start_defaults, starts = log_ratios(counts.starts, counts.follows, classes)
    # The rule weighs only words written in lower case after a stop: those mostly written so.
    lower = {word for word, kind in classes.items() if kind == "lower"}
    starts = {word: value for word, value in starts.items() if word in lower}
    end_defaults, ends = log_ratios(counts.ends, counts.goes_on, classes)
    return {
        "sentences": counts.sentences,
        "adjacent_pairs": counts.adjacent,
        "lengths": length_logs(counts.lengths),
        "class_start": start_defaults,
        "class_end": end_defaults,
        "start": starts,
        "start_pairs": pair_ratios(counts, starts, start_defaults, lower),
        "end": ends,
    }


HEADER = """\
# How words start and end sentences in clean English prose, for the stray-full-stop rule.
# Built by scripts/build_sentence_stats.py from the BBC News articles with even ids and the
# English source side of the WMT 2023 English-German MQM data; do not edit by hand.
# start: log(times the word opened a sentence / times it followed another word);
# end: log(times it closed a sentence before its stop / times another word followed it).
# Words not listed take their class's ratio (class_start, class_end: pooled over the class's
# rare words), as do words whose ratio is close to it; start lists only words mostly written
# in lower case. start_pairs: the same as start for a sentence's first two words, where they
# tell more than the first alone. lengths: log P(a sentence has n words),
# n = 1, 2, ..., the last entry for that many or more. adjacent_pairs: word pairs with only
# a space between them, in as many sentences.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    table = build([*bbc_texts(args.data, 0), *mqm_sources(args.data)])
    body = yaml.safe_dump(table, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None)
    args.out.write_text(HEADER + body, encoding="utf-8")
    print(f"{args.out}: {len(table['start'])} start and {len(table['end'])} end ratios", file=sys.stderr)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
