"""Grammar that must still be caught: common errors planted in clean sentences.

Usage:
  python bench/grammar_planted.py [--data ../shared/data] [--setup default harper-strict ...]
         [--per-class N] [--lt-url URL] [--misses CLASS] [--seed N]

Clean sentences come from four domains (the held-out halves of bench/precision.py's data
sets: BBC news with odd ids, the WMT 2023 English sources, TED outputs a rater found clean;
and fixtures/clean/). Into each chosen sentence one error of one class is planted:
  agreement     "he says" -> "he say", "they were" -> "they was", "she has" -> "she have"
  there-their   "their own" -> "there own", "there is" -> "their is", "they're" -> "their"
  a-an          "an hour" -> "a hour", "a report" -> "an report"
  plural        "children" -> "childs", "women" -> "womans", "feet" -> "foots"
  participle    "has gone" -> "has went", "had taken" -> "had took", "was given" -> "was gave"
  misspelling   "receive" -> "recieve", "government" -> "goverment", "the" -> "teh"
and the sentence, with the sentences around it as its paragraph, is checked with each setup
(see bench/precision.py: `default` is a plain `textfix check`). A planted error is caught
when a finding overlaps it; precision is the share of findings in the planted sentences
that are on the planted error (a finding elsewhere there is a false alarm, or a real slip
of the original).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from precision import DATA, SETUPS, backend_for, load  # noqa: E402

from textfix.api import get_ruleset  # noqa: E402
from textfix.documents import Document  # noqa: E402
from textfix.engine import check_document  # noqa: E402

DOMAINS = ("clean", "wmt23", "ted", "bbc")  # smallest first: the larger ones make up a shortfall
_SENTENCE = re.compile(r"[A-Z\"“][^.!?]*?[a-z][^.!?]*[.!?](?=\s|$)")

# ---- the errors ------------------------------------------------------------------------------

THIRD_PERSON = {
    "has": "have", "is": "are", "was": "were", "does": "do", "says": "say", "goes": "go",
    "wants": "want", "makes": "make", "takes": "take", "thinks": "think", "knows": "know",
    "believes": "believe", "seems": "seem", "needs": "need", "comes": "come", "gets": "get",
    "looks": "look", "works": "work", "plays": "play", "lives": "live", "likes": "like",
    "tells": "tell", "gives": "give", "uses": "use", "hopes": "hope", "feels": "feel",
    "adds": "add", "means": "mean", "remains": "remain", "plans": "plan",
}  # fmt: skip
PLURAL_SUBJECT = {"were": "was", "have": "has", "are": "is", "do": "does"}
PLURALS = {
    "children": "childs", "women": "womans", "men": "mans", "mice": "mouses", "feet": "foots",
    "teeth": "tooths", "lives": "lifes", "wives": "wifes", "knives": "knifes", "geese": "gooses",
    "halves": "halfs", "shelves": "shelfs", "wolves": "wolfs", "thieves": "thiefs",
    "criteria": "criterias", "phenomena": "phenomenons", "crises": "crisises",
}  # fmt: skip
PARTICIPLES = {
    "gone": "went", "taken": "took", "written": "wrote", "eaten": "ate", "begun": "began",
    "broken": "broke", "chosen": "chose", "spoken": "spoke", "given": "gave", "seen": "saw",
    "done": "did", "known": "knew", "grown": "grew", "driven": "drove", "fallen": "fell",
    "forgotten": "forgot", "stolen": "stole", "risen": "rose", "flown": "flew", "thrown": "threw",
    "drawn": "drew", "worn": "wore", "hidden": "hid", "ridden": "rode", "frozen": "froze",
    "shaken": "shook", "sung": "sang", "swum": "swam", "drunk": "drank", "become": "became",
    "run": "ran", "come": "came",
}  # fmt: skip
# Common misspellings of common words, as lists of them give them (Wikipedia's, spell checkers'),
# leaving out those that are words themselves ("minster", "wether"): no spell checker sees those.
MISSPELLINGS = {
    "receive": "recieve", "received": "recieved", "government": "goverment", "the": "teh",
    "separate": "seperate", "definitely": "definately", "until": "untill", "which": "wich",
    "their": "thier", "believe": "beleive", "beginning": "begining", "because": "becuase",
    "business": "buisness", "environment": "enviroment", "argument": "arguement",
    "successful": "sucessful", "foreign": "foriegn", "friend": "freind", "necessary": "neccessary",
    "occurred": "occured", "tomorrow": "tommorow", "truly": "truely", "weird": "wierd",
    "achieve": "acheive", "committee": "commitee", "existence": "existance",
    "independent": "independant", "knowledge": "knowlege", "recommend": "recomend",
    "referred": "refered", "possession": "posession", "occasion": "occassion",
    "accommodate": "accomodate", "publicly": "publically", "surprise": "suprise",
    "really": "realy", "embarrass": "embarass", "calendar": "calender",
    "responsibility": "responsability", "address": "adress", "across": "accross",
    "apparently": "apparantly", "basically": "basicly", "completely": "completly",
    "different": "diffrent", "finally": "finaly", "immediately": "immediatly",
    "interesting": "intresting", "official": "offical", "politician": "politican",
    "professional": "proffesional", "relevant": "relevent", "religious": "religous",
    "similar": "similiar", "success": "sucess", "unfortunately": "unfortunatly",
    "writing": "writting", "familiar": "familar", "February": "Febuary", "language": "langauge",
    "average": "avrage", "guarantee": "garantee", "several": "sevral", "according": "acording", "already": "allready", "although": "althought", "always": "allways",
    "announced": "anounced", "before": "befor", "between": "beetween", "country": "contry",
    "during": "durring", "especially": "especialy", "experience": "experiance",
    "government's": "goverment's", "important": "importent", "increase": "increse",
    "million": "milion", "national": "nationnal", "people": "poeple",
    "percent": "precent", "position": "postion", "problem": "probelm", "question": "questoin", "restaurant": "restaraunt", "should": "shoud", "started": "strated",
    "statement": "statment", "technology": "tecnology", "that": "taht", "through": "throught",
    "together": "togehter", "would": "woudl", "years": "yaers",
}  # fmt: skip

Planter = Callable[[str, random.Random], tuple[str, int, int] | None]


def _swap(sentence: str, match: re.Match[str], group: int, new: str) -> tuple[str, int, int]:
    start, end = match.span(group)
    old = sentence[start:end]
    if old[:1].isupper():
        new = new[:1].upper() + new[1:]
    return sentence[:start] + new + sentence[end:], start, start + len(new)


def _one_of(sentence: str, pattern: re.Pattern[str], rng: random.Random) -> re.Match[str] | None:
    """One match, each word found equally likely: "the" is in nearly every sentence, and would
    otherwise be most of the misspellings."""
    by_word: dict[str, list[re.Match[str]]] = defaultdict(list)
    for match in pattern.finditer(sentence):
        by_word[match.group().lower()].append(match)
    if not by_word:
        return None
    return rng.choice(by_word[rng.choice(sorted(by_word))])


def _by_table(pattern: re.Pattern[str], table: dict[str, str], group: int = 1) -> Planter:
    def plant(sentence: str, rng: random.Random) -> tuple[str, int, int] | None:
        match = _one_of(sentence, pattern, rng)
        if match is None:
            return None
        word = match.group(group)
        return _swap(sentence, match, group, table[word] if word in table else table[word.lower()])

    return plant


def _words(table: dict[str, str]) -> str:
    return "|".join(sorted(map(re.escape, table), key=len, reverse=True))


def agreement(sentence: str, rng: random.Random) -> tuple[str, int, int] | None:
    singular = re.compile(rf"\b(?:[Hh]e|[Ss]he|[Ii]t) ((?:{_words(THIRD_PERSON)}))\b")
    plural = re.compile(rf"\b(?:[Tt]hey|[Ww]e) ((?:{_words(PLURAL_SUBJECT)}))\b")
    options = [(m, THIRD_PERSON) for m in singular.finditer(sentence)]
    options += [(m, PLURAL_SUBJECT) for m in plural.finditer(sentence)]
    if not options:
        return None
    match, table = rng.choice(options)
    return _swap(sentence, match, 1, table[match.group(1)])


def there_their(sentence: str, rng: random.Random) -> tuple[str, int, int] | None:
    options = [(m, "there") for m in re.finditer(r"\b([Tt]heir) (?!own\b)[a-z]+", sentence)]
    options += [(m, "their") for m in re.finditer(r"\b([Tt]here) (?:is|are|was|were|has|have)\b", sentence)]
    options += [(m, "their") for m in re.finditer(r"\b([Tt]hey[’']re)\b", sentence)]
    if not options:
        return None
    match, new = rng.choice(options)
    return _swap(sentence, match, 1, new)


def a_an(sentence: str, rng: random.Random) -> tuple[str, int, int] | None:
    options = [(m, "a") for m in re.finditer(r"\b(an) [aeiou][a-z]+", sentence)]
    # Not before h: "an historic" is in use.
    options += [(m, "an") for m in re.finditer(r"\b(a) (?!one\b)[b-df-gj-np-tv-z][a-z]+", sentence)]
    if not options:
        return None
    match, new = rng.choice(options)
    return _swap(sentence, match, 1, new)


CLASSES: dict[str, Planter] = {
    "agreement": agreement,
    "there-their": there_their,
    "a-an": a_an,
    "plural": _by_table(re.compile(rf"\b({_words(PLURALS)})\b"), PLURALS),
    "participle": _by_table(
        re.compile(rf"\b(?:has|have|had|was|were|been|be)(?: [a-z]+ly)? ({_words(PARTICIPLES)})\b"), PARTICIPLES
    ),
    "misspelling": _by_table(re.compile(rf"\b({_words(MISSPELLINGS)})\b", re.IGNORECASE), MISSPELLINGS),
}


# ---- planting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planted:
    kind: str
    domain: str
    paragraph: str  # the sentence with the error, between its neighbours
    start: int  # the error's span in `paragraph`
    end: int
    sentence: tuple[int, int]  # the planted sentence's span in `paragraph`


def plant_all(data: Path, per_class: int, seed: int) -> list[Planted]:
    """`per_class` errors of each class, spread evenly over the domains that hold a sentence
    the class can be planted in; one error per sentence, each sentence used once."""
    rng = random.Random(seed)
    contexts: dict[str, list[tuple[str, int, int]]] = {}
    for domain in DOMAINS:
        found = []
        seen: set[str] = set()  # TED's systems often agree word for word: each sentence once
        for text in load(data, [domain], "held-out", None):
            for paragraph in re.split(r"\n\s*\n", text.text):
                for match in _SENTENCE.finditer(paragraph):
                    if 6 <= len(match.group().split()) <= 45 and match.group() not in seen:
                        seen.add(match.group())
                        found.append((paragraph, match.start(), match.end()))
        rng.shuffle(found)
        contexts[domain] = found
    used: set[tuple[str, int]] = set()
    planted: list[Planted] = []
    for kind, planter in CLASSES.items():
        # An even share from each domain; what a small domain cannot give, the next ones do.
        left = per_class
        for index, domain in enumerate(DOMAINS):
            wanted = -(-left // (len(DOMAINS) - index))
            left -= wanted
            for paragraph, start, end in contexts[domain]:
                if wanted == 0:
                    break
                if (paragraph, start) in used:
                    continue
                result = planter(paragraph[start:end], rng)
                if result is None:
                    continue
                sentence, error_start, error_end = result
                used.add((paragraph, start))
                text = paragraph[:start] + sentence + paragraph[end:]
                span = (start, start + len(sentence))
                planted.append(Planted(kind, domain, text, start + error_start, start + error_end, span))
                wanted -= 1
            left += wanted
    return planted


# ---- checking ------------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _start(setup: str, lt_url: str | None) -> None:
    _STATE["ruleset"] = get_ruleset()
    _STATE["backend"] = backend_for(setup, lt_url)


def _check(item: Planted) -> tuple[list[str], list[tuple[str, str]]]:
    """([rule ids of the findings on the error], [(rule id, flagged text) of findings elsewhere
    in the sentence])."""
    findings = check_document(Document(item.paragraph), _STATE["ruleset"], _STATE["backend"])
    on, elsewhere = [], []
    low, high = item.sentence
    for f in findings:
        if f.start < max(item.end, item.start + 1) and item.start < max(f.end, f.start + 1):
            on.append(f.rule_id)
        elif f.start < high and low < f.end:
            elsewhere.append((f.rule_id, item.paragraph[f.start : f.end]))
    return on, elsewhere


def measure(setup: str, planted: list[Planted], lt_url: str | None, jobs: int) -> list[Any]:
    if jobs == 1:
        _start(setup, lt_url)
        return [_check(p) for p in planted]
    with ProcessPoolExecutor(jobs, initializer=_start, initargs=(setup, lt_url)) as pool:
        return list(pool.map(_check, planted, chunksize=16))


def report(setup: str, planted: list[Planted], results: list[Any], seconds: float, misses: str | None) -> None:
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    by_domain: dict[str, Counter[str]] = defaultdict(Counter)
    on_error = elsewhere = 0
    alarms: Counter[str] = Counter()
    catchers: dict[str, Counter[str]] = defaultdict(Counter)
    for item, (on, other) in zip(planted, results, strict=True):
        hit = bool(on)
        catchers[item.kind].update(on)
        total[item.kind] += 1
        caught[item.kind] += hit
        by_domain[item.domain]["total"] += 1
        by_domain[item.domain]["caught"] += hit
        on_error += len(on)
        elsewhere += len(other)
        alarms.update(rule for rule, _text in other)
        if misses == item.kind and not hit:
            low, high = item.sentence
            print(f"  missed ({item.domain}): {item.paragraph[low:high]!r} [{item.paragraph[item.start : item.end]}]")
    print(f"\n== {setup} ({seconds:.0f} s)")
    for kind in CLASSES:
        rules = ", ".join(f"{rule} {n}" for rule, n in catchers[kind].most_common(6))
        print(
            f"  {kind:<12} {caught[kind]:>4} of {total[kind]:>4} ({100 * caught[kind] / max(total[kind], 1):.1f}%)  {rules}"
        )
    all_caught, all_total = sum(caught.values()), sum(total.values())
    print(f"  {'all':<12} {all_caught:>4} of {all_total:>4} ({100 * all_caught / max(all_total, 1):.1f}%)")
    print("  by domain: " + ", ".join(f"{d} {c['caught']}/{c['total']}" for d, c in by_domain.items()))
    precision = 100 * on_error / max(on_error + elsewhere, 1)
    print(
        f"  findings on the planted errors {on_error}, elsewhere in those sentences {elsewhere}: precision {precision:.1f}%"
    )
    if alarms:
        print("  elsewhere: " + ", ".join(f"{rule} {n}" for rule, n in alarms.most_common(12)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the development data folder")
    parser.add_argument("--setup", nargs="+", choices=SETUPS, default=["default", "harper-strict"])
    parser.add_argument("--per-class", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--lt-url", default=os.environ.get("TEXTFIX_LT_URL"), help="a LanguageTool server")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--misses", choices=list(CLASSES), help="print the planted errors of a class not caught")
    args = parser.parse_args(argv)
    planted = plant_all(args.data, args.per_class, args.seed)
    for setup in args.setup:
        began = time.perf_counter()
        results = measure(setup, planted, args.lt_url, args.jobs)
        report(setup, planted, results, time.perf_counter() - began, args.misses)


if __name__ == "__main__":
    main()
