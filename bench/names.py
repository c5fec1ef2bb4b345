"""How well the names check finds misspelt names and leaves real ones alone.

Usage: python bench/names.py [--data ../shared/data] [--split tune|held-out|all] [--harper]
       [--lt-url "$(textfix languagetool url)"] [--only mqm]

Every set is split in two by a hash of its key (a person's name, a place's, an article's
id: BBC ids by parity, as bench/precision.py does): `tune` is what the check was shaped
on, `held-out` the rest. Figures for `held-out` are the ones to quote.

  registry-planted   a registered person's name with one slip (a letter changed, left out,
                     doubled, or two swapped) in one word, in a sentence that names the
                     role: recall (a name-spelling finding on the name) and right
                     suggestion (its fix is the registered spelling);
  accepted           accepted forms, in the same sentence: the registry's accepted lists,
                     and the real pairs of the people data (the Wikipedia spelling of a
                     head of state, government or foreign minister beside the Wikidata
                     label, joined on the id): share flagged (any name finding);
  look-alikes        real people who are not registered but share a surname with, or are
                     two letters from, a registered person (Pantheon's famous people, the
                     officeholders of the people data), after their country and occupation
                     or their office ("the United States politician ...", "the President of
                     Ghana ..."): share flagged, alone and in documents of five correct names;
  beyond-planted     a famous person's surname (Pantheon, not registered) or a city's name
                     with one slip, inside a sentence: recall and right suggestion of the
                     misspelt-proper-name check;
  bbc                name findings per 100 BBC articles (every one a false alarm, or the
                     articles' own typos);
  mqm                the MQM spans marked "Locale convention/Name format" (TED zh-en; the
                     WMT 2023 en-de file has none) and "Fluency/Spelling" spans on a
                     capitalised word, caught by textfix's names rules and, with --harper
                     and --lt-url, by Harper and LanguageTool as the grammar pass runs them.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from textfix.api import check_text, get_ruleset  # noqa: E402
from textfix.lexicon import is_known_word  # noqa: E402
from textfix.namefinder import normalize  # noqa: E402
from textfix.names_registry import load_places, load_registry  # noqa: E402

DATA_DEFAULT = ROOT.parent / "shared" / "data"
RULES = ROOT / "rules" / "data"
REGISTRY = load_registry(RULES / "names.yaml", RULES / "countries.yaml")
PLACES = load_places(RULES / "places.yaml")
NAMES = get_ruleset(select=["names"])
LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOWELS = "aeiou"
QUALIFIER = re.compile(r"\s*\([^)]*\)")


def held_out(key: str) -> bool:
    return zlib.crc32(key.encode()) % 2 == 1


def in_split(key: str, split: str) -> bool:
    return split == "all" or held_out(key) == (split == "held-out")


def slip(word: str, rng: random.Random) -> str:
    """`word` with one slip inside it (never its first letter): a letter changed, left out
    or doubled, or two letters swapped."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("change", "drop", "double", "swap"))
    if kind == "change":
        pool = VOWELS if word[at].lower() in VOWELS else LETTERS
        return word[:at] + rng.choice([c for c in pool if c != word[at].lower()]) + word[at + 1 :]
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[: at + 1] + word[at:]
    if word[at] == word[at + 1]:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :] if at + 2 < len(word) else word[:at] + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def findings(text: str) -> list:
    return check_text(text, ruleset=NAMES)


def on(found: list, start: int, end: int, rule: str | None = None) -> list:
    return [f for f in found if f.start < end and f.end > start and (rule is None or f.rule_id == rule)]


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f}%" if whole else "0/0"


# ---- registry people -----------------------------------------------------------------------


def registry_planted(split: str, rng: random.Random) -> None:
    caught = right = total = real = caught_rest = 0
    for entry in REGISTRY.entries:
        if entry.role == "news agency" or not in_split(entry.name, split):
            continue
        words = entry.name.split()
        candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if len(words) < 2 or not candidates:
            continue
        i = rng.choice(candidates)
        misspelt = slip(words[i], rng)
        if misspelt == words[i]:
            continue
        name = " ".join([*words[:i], misspelt, *words[i + 1 :]])
        if normalize(name) in REGISTRY.by_normal:
            continue  # the slip made another registered form
        total += 1
        # A slip that makes a real word or name is left alone by design: counted apart.
        is_real = is_known_word(misspelt) or normalize(misspelt) in REGISTRY.by_token
        real += is_real
        prefix = f"On Monday the {entry.role} "
        text = f"{prefix}{name} met reporters."
        hits = on(findings(text), len(prefix), len(prefix) + len(name), "name-spelling")
        caught += bool(hits)
        caught_rest += bool(hits) and not is_real
        spellings = {entry.name, *entry.accepted}
        right += any(fix.edits[0].replacement in spellings for hit in hits for fix in hit.fixes)
    print(f"registry-planted ({split}): recall {ratio(caught, total)}, right suggestion {ratio(right, total)}")
    print(f"  of which the slip made a word of English or a registered word: {real}")
    print(f"  recall on the rest: {ratio(caught_rest, total - real)}")


def wikipedia_pairs(data: Path) -> Iterator[tuple[str, str, str]]:
    """(id, Wikipedia spelling, role) of the people whose Wikipedia and Wikidata spellings differ."""
    people = data / "people"
    pairs = [
        (
            "world_leaders_wikidata.csv",
            "officeholder",
            "officeholderLabel",
            "world_leaders_wikipedia.csv",
            "officeholder",
            "officeholderlabel",
            "positionlabel",
        ),
        (
            "foreign_ministers_wikidata.csv",
            "person",
            "name",
            "foreign_ministers_wikipedia.csv",
            "person",
            "name",
            "positionLabel",
        ),
    ]
    for left, left_id, left_name, right, right_id, right_name, role in pairs:
        with open(people / left, encoding="utf-8", newline="") as handle:
            labels = {row[left_id]: row[left_name] for row in csv.DictReader(handle) if row[left_id]}
        with open(people / right, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                spelling = QUALIFIER.sub("", row[right_name]).strip()
                label = labels.get(row[right_id], "")
                if label and spelling and normalize(label) != normalize(spelling) and not spelling.startswith("Q"):
                    yield row[right_id], spelling, row[role]


def accepted(data: Path, split: str) -> None:
    forms = [(e.name, form, e.role) for e in REGISTRY.entries for form in e.accepted if in_split(e.name, split)]
    pairs = [(key, spelling, role) for key, spelling, role in wikipedia_pairs(data) if in_split(key, split)]
    for label, cases in (("registry accepted lists", forms), ("Wikipedia vs Wikidata spellings", pairs)):
        flagged = []
        for _, form, role in cases:
            prefix = f"On Monday the {role} "
            text = f"{prefix}{form} met reporters."
            if findings(text):
                flagged.append(form)
        print(f"accepted forms, {label} ({split}): flagged {ratio(len(flagged), len(cases))}  {flagged[:5]}")


# ---- real people who look like registered ones ---------------------------------------------


def look_alikes(data: Path, split: str, rng: random.Random) -> None:
    surnames = {normalize(e.name).split()[-1]: e for e in REGISTRY.entries if len(e.name.split()) >= 2}
    names = []
    with open(data / "people" / "pantheon_famous_people.csv", encoding="utf-8", newline="") as handle:
        rows = [(row["name"], f"{row['country']} {row['occupation'].lower()}") for row in csv.DictReader(handle)]
    with open(data / "people" / "world_leaders_wikipedia.csv", encoding="utf-8", newline="") as handle:
        rows += [(QUALIFIER.sub("", row["officeholderlabel"]), row["positionlabel"]) for row in csv.DictReader(handle)]
    for name, occupation in rows:
        key = normalize(name)
        words = key.split()
        if len(words) < 2 or key in REGISTRY.by_normal or not in_split(name, split):
            continue
        shares = words[-1] in surnames
        near = any(
            Levenshtein.distance(key, known) <= 2
            for entry in REGISTRY.by_token.get(words[0], ())
            for known in REGISTRY.forms[entry]
        )
        if shares or near:
            names.append((name, occupation))
    flagged = []
    for name, occupation in names:
        prefix = f"On Monday the {occupation} "
        if findings(f"{prefix}{name} met reporters."):
            flagged.append(name)
    print(
        f"look-alikes ({split}): {len(names)} real people sharing a surname with, or two letters from, a registered one"
    )
    print(f"  mentions flagged: {ratio(len(flagged), len(names))}  {flagged[:8]}")
    correct = [e.name for e in REGISTRY.entries if e.role != "news agency"]
    documents = flagged_documents = 0
    for _ in range(400):
        people = rng.sample(names, 3) + [(n, "") for n in rng.sample(correct, 2)]
        text = " ".join(f"Later {name} spoke." for name, _ in people)
        documents += 1
        flagged_documents += bool(findings(text))
    print(f"  documents of five correct names with a name finding: {ratio(flagged_documents, documents)}")


# ---- misspelt proper names beyond the registry ---------------------------------------------


def beyond_planted(data: Path, split: str, rng: random.Random) -> None:
    """Misspelt surnames of famous people and names of cities, none registered, by how
    frequent the name is in English (Zipf, from the proper-name list)."""
    registered = set(REGISTRY.by_token)
    frequency = {}
    for line in (RULES / "proper_names.tsv").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            word, _, value = line.partition("\t")
            frequency[word] = float(value)
    targets: dict[str, str] = {}
    with open(data / "people" / "pantheon_famous_people.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            surname = row["name"].split()[-1]
            if len(surname) >= 6 and surname.isalpha() and normalize(surname) not in registered:
                targets.setdefault(surname, "person")
    for place in PLACES.entries:
        if place.kind in ("city", "capital") and len(place.name) >= 6 and place.name.isalpha():
            targets.setdefault(place.name, "place")
    templates = {"person": "The new book about {} sold well.", "place": "They flew to {} on Monday."}
    bands = {"Zipf >= 3": [0, 0, 0], "Zipf 2.5-3": [0, 0, 0], "Zipf < 2.5 (not suggested)": [0, 0, 0]}
    for target, kind in sorted(targets.items()):
        if not in_split(target, split):
            continue
        misspelt = slip(target, rng)
        if misspelt == target or is_known_word(misspelt):
            continue
        value = frequency.get(target, 0.0)
        band = bands["Zipf >= 3" if value >= 3 else "Zipf 2.5-3" if value >= 2.5 else "Zipf < 2.5 (not suggested)"]
        text = templates[kind].format(misspelt)
        start = text.index(misspelt)
        hits = on(findings(text), start, start + len(misspelt))
        band[0] += 1
        band[1] += bool(hits)
        band[2] += any(fix.edits[0].replacement == target for hit in hits for fix in hit.fixes)
    for label, (total, caught, right) in bands.items():
        print(
            f"beyond-planted ({split}), {label}: recall {ratio(caught, total)}, right suggestion {ratio(right, total)}"
        )


# ---- clean news and marked MT output -------------------------------------------------------


def bbc(data: Path) -> None:
    counts = {True: [0, 0, 0], False: [0, 0, 0]}  # articles, name-spelling, name-consistency
    with open(data / "bbc_news" / "articles.jsonl", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            odd = int(re.sub(r"\D", "", article["id"]) or 0) % 2 == 1
            counts[odd][0] += 1
            for finding in findings(article["text"]):
                counts[odd][1 if finding.rule_id == "name-spelling" else 2] += 1
    for odd, label in ((False, "tune (even ids)"), (True, "held-out (odd ids)")):
        articles, spelling, consistency = counts[odd]
        per = 100 * (spelling + consistency) / articles
        print(
            f"bbc {label}: {articles} articles, name-spelling {spelling}, name-consistency {consistency}: {per:.2f} per 100"
        )


def mqm_spans(data: Path) -> list[tuple[str, int, int, str]]:
    """(text, start, end, category) of the marked spans of interest in TED zh-en."""
    spans = []
    with open(data / "mqm_ted_zhen.tsv", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) < 9 or "<v>" not in row[6] or "</v>" not in row[6]:
                continue
            category, target = row[7], row[6]
            start = target.index("<v>")
            end = target.index("</v>") - 3
            text = target.replace("<v>", "").replace("</v>", "")
            marked = text[start:end]
            if category == "Locale convention/Name format" or (
                category == "Fluency/Spelling" and marked[:1].isupper() and " " not in marked.strip()
            ):
                spans.append((text, start, end, category))
    return spans


def mqm(data: Path, harper: bool, lt_url: str | None) -> None:
    from textfix.backends.registry import load_backend
    from textfix.documents import Document

    spans = mqm_spans(data)
    backends = {}
    if harper:
        backends["Harper"] = load_backend("harper", language="en-US")
    if lt_url:
        backends["LanguageTool"] = load_backend("languagetool", language="en-US", url=lt_url)
    for category in ("Locale convention/Name format", "Fluency/Spelling"):
        chosen = [s for s in spans if s[3] == category]
        ours = sum(bool(on(findings(text), start, end)) for text, start, end, _ in chosen)
        label = f"{category}{' (capitalised words)' if 'Spelling' in category else ''}"
        line = f"mqm TED {label}: textfix names {ratio(ours, len(chosen))}"
        for name, backend in backends.items():
            assert backend is not None
            theirs = sum(
                bool(on(list(backend.check(Document.for_path(text, "doc.txt"))), start, end))
                for text, start, end, _ in chosen
            )
            line += f", {name} {ratio(theirs, len(chosen))}"
        print(line)
    print("mqm WMT 2023 en-de: no span is marked Locale convention/Name format")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA_DEFAULT)
    parser.add_argument("--split", choices=("tune", "held-out", "all"), default="held-out")
    parser.add_argument("--harper", action="store_true", help="also run Harper on the MQM spans")
    parser.add_argument("--lt-url", help="also run LanguageTool (this server) on the MQM spans")
    parser.add_argument("--only", choices=("mqm",), help="only the MQM spans")
    args = parser.parse_args()
    rng = random.Random(12)
    if args.only == "mqm":
        mqm(args.data, args.harper, args.lt_url)
        return
    registry_planted(args.split, rng)
    accepted(args.data, args.split)
    look_alikes(args.data, args.split, rng)
    beyond_planted(args.data, args.split, rng)
    bbc(args.data)
    mqm(args.data, args.harper, args.lt_url)


if __name__ == "__main__":
    main()
