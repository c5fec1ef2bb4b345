"""Plant machine-translation artifacts into clean sentences and measure what textfix makes of them.

Usage: python bench/planted.py [DATA] [--per-class 400] [--seed 12] [--grammar] [--examples N]

DATA is the development data folder (default ../shared/data, or $TEXTFIX_DEV_DATA). Domains:
BBC News articles with even ids and the English source side of the WMT 2023 English-German
MQM file ("tuned": the stray-stop statistics are built from them), BBC News with odd ids, the
TED outputs raters found clean (mqm_ted_zhen.tsv) and fixtures/clean/ ("held out"); ftfy's
in-the-wild cases add real mojibake.

Classes, each planted once into its own one-sentence document:
  stray-stop       a stop between two words, before one in lower case ("the invasion. of Russia")
  lost-capital     a real sentence end, the next sentence's first word lowered ("It rained. the match")
  doubled-stop     the final stop doubled ("China. ." or "China..")
  repeated-phrase  one to three words said again across a stray stop ("they needed. they needed by")
  mojibake         the sentence's UTF-8 read as Windows-1252 (sentences with non-ASCII characters)
  spaced-punct     a space before a comma, stop, colon, semicolon, ? or ! ("word , word")
  doubled-word     a word in lower case written twice ("the the"), not one whose doubling is
                   grammatical (the doubled-word rule's `allowed`)

Per class and domain: recall (a finding overlaps the planted span), precision (findings at
a plant over all findings but those the clean text already had: the false alarms on the
clean original sentence, and the findings the plant brought about away from it), restore
(`textfix apply --write --unsafe-fixes` makes the planted text what it makes the original:
the original itself unless the original had a defect of its own) and, for the stray stop and
the lost capital, how the rule chose between removing the stop and capitalising: right,
wrong or undecided (both offered, none applied). The clean sentences are not all clean: a
finding on one that bench/data_findings.yaml lists as a real defect of the data is counted
apart ("data": such findings per 1,000 original sentences), any other counts as a false
alarm. ftfy's cases are compared with curly quotes, ligatures and full-width forms folded
(ftfy's repairs fold them; textfix leaves typography alone), and those whose only change is such
folding are left out. Rule checks run with `--grammar off`; `--grammar` adds a run with the
default grammar pass.
`--examples N` prints up to N misses, findings away from the plants, unrestored texts and
wrong or undecided choices per class.

Seeded and deterministic; writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-1252 codec
import ftfy.fixes
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.build_sentence_stats import abbreviations, bbc_texts, mqm_sources, split_sentences  # noqa: E402
from textfix.sentence_stats import WORD  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("TEXTFIX_DEV_DATA", ROOT.parent / "shared" / "data"))
DATA_FINDINGS = ROOT / "bench" / "data_findings.yaml"
TEXTFIX = [sys.executable, "-m", "textfix"]
CLASSES = (
    "stray-stop",
    "lost-capital",
    "doubled-stop",
    "repeated-phrase",
    "mojibake",
    "spaced-punct",
    "doubled-word",
)
TUNED = ("bbc-even", "mqm-ende-src")
_TAG = re.compile(r"</?v>")
_SENTENCE = re.compile(r"[\"“‘(]?[A-Z].*[.!?][\"”’)]?\Z", re.DOTALL)


@dataclass
class Plant:
    domain: str
    kind: str
    original: str
    planted: str
    start: int  # the planted span in `planted`
    end: int
    removed: str = ""  # stray stop and lost capital: the text with the stop removed
    capitalised: str = ""  # ... and with the word after it capitalised


# Clean sentences by domain -------------------------------------------------------------------


def ted_clean(data: Path) -> Iterator[str]:
    """The TED outputs in which the one rater found no error."""
    outputs: dict[tuple[str, str, str], list] = {}
    csv.field_size_limit(sys.maxsize)
    with open(data / "mqm_ted_zhen.tsv", encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) < 9:
                continue
            entry = outputs.setdefault((row[0], row[2], row[3]), [_TAG.sub("", row[6]), True])
            entry[1] = entry[1] and row[7] == "No-error"
    yield from (text for text, clean in outputs.values() if clean)


def fixture_texts() -> Iterator[str]:
    for path in sorted((ROOT / "fixtures" / "clean").glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def documents(data: Path) -> dict[str, list[list[str]]]:
    """Per domain, its documents as lists of sentences: plain prose sentences of 4 to 60
    words. Mojibake already in the data (the BBC set's "Â£") is repaired first."""
    sources = {
        "bbc-even": bbc_texts(data, 0),
        "mqm-ende-src": mqm_sources(data),
        "bbc-odd": bbc_texts(data, 1),
        "ted-clean": ted_clean(data),
        "fixtures-clean": fixture_texts(),
    }
    abbreviated = abbreviations()
    out: dict[str, list[list[str]]] = {}
    for domain, texts in sources.items():
        seen: set[str] = set()
        docs = []
        for text in texts:
            doc = []
            for sentence in split_sentences(ftfy.fix_encoding(text), abbreviated):
                if sentence in seen or not _SENTENCE.match(sentence) or not 4 <= len(WORD.findall(sentence)) <= 60:
                    doc.append("")  # keeps the neighbours apart
                    continue
                seen.add(sentence)
                doc.append(sentence)
            docs.append(doc)
        out[domain] = docs
    return out


# Planting ------------------------------------------------------------------------------------


def lower_words(docs: list[list[str]]) -> set[str]:
    """Words written in lower case more often than capitalised inside this domain's sentences."""
    seen: Counter[str] = Counter()
    for doc in docs:
        for sentence in doc:
            for word in WORD.findall(sentence)[1:]:
                seen[word] += 1
    return {w for w in seen if w.islower() and seen[w] >= seen[w.capitalize()]}


def stray_stop(sentence: str, rng: random.Random) -> Plant | None:
    words = list(WORD.finditer(sentence))
    spots = [
        (a, b) for a, b in itertools.pairwise(words) if sentence[a.end() : b.start()] == " " and b.group()[0].islower()
    ]
    if not spots:
        return None
    a, b = rng.choice(spots)
    planted = f"{sentence[: a.end()]}.{sentence[a.end() :]}"
    capital = b.start() + 1
    return Plant(
        "",
        "stray-stop",
        sentence,
        planted,
        a.end(),
        b.end() + 1,
        removed=sentence,
        capitalised=planted[:capital] + planted[capital].upper() + planted[capital + 1 :],
    )


def lost_capital(first: str, second: str, lower: set[str]) -> Plant | None:
    words = list(WORD.finditer(second))
    if not first.endswith(".") or not words or words[0].start() != 0 or not WORD.search(first[-2:]):
        return None
    opener = words[0].group()
    if opener.lower() not in lower or opener[1:] != opener[1:].lower() or not opener[0].isupper():
        return None
    original = f"{first} {second}"
    stop = len(first) - 1
    planted = f"{first} {opener[0].lower()}{second[1:]}"
    return Plant(
        "",
        "lost-capital",
        original,
        planted,
        stop,
        stop + 2 + len(opener),
        removed=planted[:stop] + planted[stop + 1 :],
        capitalised=original,
    )


def doubled_stop(sentence: str, rng: random.Random) -> Plant | None:
    if not sentence.endswith(".") or not WORD.search(sentence[-2:]):
        return None
    planted = sentence + rng.choice([" .", "."])
    return Plant("", "doubled-stop", sentence, planted, len(sentence) - 1, len(planted))


def repeated_phrase(sentence: str, rng: random.Random) -> Plant | None:
    words = list(WORD.finditer(sentence))
    spots = []
    for size in (1, 2, 3):
        for i in range(size, len(words)):
            phrase = words[i - size : i]
            text = sentence[phrase[0].start() : phrase[-1].end()]
            if (
                text[0].islower()
                and sentence[phrase[-1].end() : words[i].start()] == " "
                and text == " ".join(w.group() for w in phrase)
            ):
                spots.append((phrase[0].start(), phrase[-1].end(), text))
    if not spots:
        return None
    start, end, text = rng.choice(spots)
    planted = f"{sentence[:end]}. {text}{sentence[end:]}"
    return Plant("", "repeated-phrase", sentence, planted, start, end + 2 + len(text))


def mojibake(sentence: str) -> Plant | None:
    if sentence.isascii():
        return None
    try:
        planted = sentence.encode("utf-8").decode("sloppy-windows-1252")
    except UnicodeDecodeError:
        return None
    start = next(i for i, (a, b) in enumerate(zip(sentence, planted, strict=False)) if a != b)
    tail = next(i for i, (a, b) in enumerate(zip(sentence[::-1], planted[::-1], strict=False)) if a != b)
    return Plant("", "mojibake", sentence, planted, start, len(planted) - tail)


def spaced_punct(sentence: str, rng: random.Random) -> Plant | None:
    spots = [m.start() for m in re.finditer(r"(?<=\w)[,.;:?!](?= |\Z)", sentence)]
    if not spots:
        return None
    at = rng.choice(spots)
    return Plant("", "spaced-punct", sentence, f"{sentence[:at]} {sentence[at:]}", at, at + 2)


def doubled_word(sentence: str, rng: random.Random, allowed: set[str]) -> Plant | None:
    spots = [
        m for m in re.finditer(r"(?<![\w'’-])[a-z]+(?![\w'’-])", sentence) if m.group() not in allowed and m.start() > 0
    ]
    if not spots:
        return None
    m = rng.choice(spots)
    planted = f"{sentence[: m.end()]} {m.group()}{sentence[m.end() :]}"
    return Plant("", "doubled-word", sentence, planted, m.start(), m.end() * 2 - m.start() + 1)


def doubled_word_allowed() -> set[str]:
    rules = yaml.safe_load((ROOT / "rules" / "repetition.yaml").read_text(encoding="utf-8"))
    rule = next(r for r in rules["rules"] if r["id"] == "doubled-word")
    return {str(w) for w in rule["allowed"]}


def plant_one(
    kind: str, first: str, second: str, rng: random.Random, lower: set[str], allowed: set[str]
) -> Plant | None:
    if kind == "stray-stop":
        return stray_stop(first, rng)
    if kind == "lost-capital":
        return lost_capital(first, second, lower)
    if kind == "doubled-stop":
        return doubled_stop(first, rng)
    if kind == "repeated-phrase":
        return repeated_phrase(first, rng)
    if kind == "mojibake":
        return mojibake(first)
    if kind == "spaced-punct":
        return spaced_punct(first, rng)
    return doubled_word(first, rng, allowed)


def plants_for(domain: str, docs: list[list[str]], kind: str, count: int, seed: int) -> list[Plant]:
    """Up to `count` plants of one class, each into a different sentence (or pair)."""
    rng = random.Random(f"{seed}/{domain}/{kind}")
    allowed = doubled_word_allowed() if kind == "doubled-word" else set()
    lower = lower_words(docs) if kind == "lost-capital" else set()
    if kind == "lost-capital":
        units = [(a, b) for doc in docs for a, b in itertools.pairwise(doc) if a and b]
    else:
        units = [(s, "") for doc in docs for s in doc if s]
    rng.shuffle(units)
    made: list[Plant] = []
    for first, second in units:
        if len(made) == count:
            break
        plant = plant_one(kind, first, second, rng, lower, allowed)
        if plant is not None:
            plant.domain = domain
            made.append(plant)
    return made


def typography_folded(text: str) -> str:
    """`text` with curly quotes straightened, ligatures spelled out and full-width forms
    narrowed, as ftfy's repairs have them."""
    return ftfy.fixes.fix_character_width(ftfy.fixes.uncurl_quotes(ftfy.fixes.fix_latin_ligatures(text)))


def wild_mojibake(data: Path) -> list[Plant]:
    """ftfy's real mojibake cases that it repairs, with their repaired text as the original;
    not those where the repair only folds typography."""
    cases = json.loads((data / "ftfy_in_the_wild.json").read_text(encoding="utf-8"))
    out = []
    for case in cases:
        if case.get("expect") != "pass" or "\n" in case["original"]:
            continue
        bad, good = case["original"], case["fixed"]
        if typography_folded(bad) != typography_folded(good):
            out.append(Plant("ftfy-wild", "mojibake", good, bad, 0, len(bad)))
    return out


def data_findings() -> dict[str, list[str]]:
    """Per rule, the pieces of clean sentences around findings that are real defects of the data."""
    table = yaml.safe_load(DATA_FINDINGS.read_text(encoding="utf-8"))
    return {rule: [str(piece) for piece in pieces] for rule, pieces in table["real"].items()}


def in_the_data(finding: dict, text: str, real: dict[str, list[str]]) -> bool:
    """Whether a finding on a clean sentence is one of its real defects (bench/data_findings.yaml)."""
    start, end = finding["offset"], finding["offset"] + finding["length"]
    for piece in real.get(finding["rule"], ()):
        at = text.find(piece)
        while at != -1:
            if at <= start and end <= at + len(piece):
                return True
            at = text.find(piece, at + 1)
    return False


def same_finding(a: dict, a_text: str, b: dict, b_text: str) -> bool:
    """Whether two findings on two texts are the same rule on the same words."""
    return a["rule"] == b["rule"] and (
        a_text[a["offset"] : a["offset"] + a["length"]] == b_text[b["offset"] : b["offset"] + b["length"]]
    )


# Running textfix ----------------------------------------------------------------------------


def run_textfix(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*TEXTFIX, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def findings(folder: Path, grammar: list[str]) -> dict[str, list[dict]]:
    """Each file's findings (by file name), from one `textfix check --format json`."""
    result = run_textfix(["check", "--format", "json", "--quiet", *grammar, "."], folder)
    if result.returncode not in (0, 1):
        sys.exit(f"textfix check failed:\n{result.stderr[-2000:]}")
    by_file: dict[str, list[dict]] = defaultdict(list)
    for finding in json.loads(result.stdout)["findings"]:
        by_file[Path(finding["path"]).name].append(finding)
    return by_file


def applied(plants: list[Plant], work: Path) -> list[tuple[str, str]]:
    """Each planted text and its original after `textfix apply --write --unsafe-fixes`."""
    folder = work / "apply"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for i, plant in enumerate(plants):
        (folder / f"p{i}.txt").write_text(plant.planted + "\n", encoding="utf-8")
        (folder / f"o{i}.txt").write_text(plant.original + "\n", encoding="utf-8")
    result = run_textfix(["apply", "--write", "--unsafe-fixes", "--quiet", "--grammar", "off", "."], folder)
    if result.returncode not in (0, 1):
        sys.exit(f"textfix apply failed:\n{result.stderr[-2000:]}")
    return [
        (
            (folder / f"p{i}.txt").read_text(encoding="utf-8")[:-1],
            (folder / f"o{i}.txt").read_text(encoding="utf-8")[:-1],
        )
        for i in range(len(plants))
    ]


def is_restored(plant: Plant, after: tuple[str, str]) -> bool:
    planted, original = after
    if plant.domain == "ftfy-wild":
        return typography_folded(planted) == typography_folded(original)
    return planted == original


def at_plant(finding: dict, plant: Plant) -> bool:
    start, end = finding["offset"], finding["offset"] + max(1, finding["length"])
    return start <= plant.end and plant.start <= end


def choice(finding_list: list[dict], plant: Plant) -> str:
    """How the stray-full-stop finding at the plant chose: right, wrong, undecided or missed."""
    hit = next((f for f in finding_list if f["rule"] == "stray-full-stop" and at_plant(f, plant)), None)
    if hit is None:
        return "missed"
    if hit["fix"] is None or len(hit["replacements"]) != 1:
        return "undecided"
    start, end = hit["offset"], hit["offset"] + hit["length"]
    after = plant.planted[:start] + hit["replacements"][0] + plant.planted[end:]
    wanted = plant.removed if plant.kind == "stray-stop" else plant.capitalised
    return "right" if after == wanted else "wrong"


# Report ---------------------------------------------------------------------------------------


def measure(
    plants: list[Plant], work: Path, grammar: list[str], examples: int
) -> dict[tuple[str, str], dict[str, float]]:
    folder = work / "check"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for i, plant in enumerate(plants):
        (folder / f"p{i}.txt").write_text(plant.planted + "\n", encoding="utf-8")
        (folder / f"o{i}.txt").write_text(plant.original + "\n", encoding="utf-8")
    found = findings(folder, grammar)
    after = applied(plants, work)
    real = data_findings()
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    shown: Counter[str] = Counter()
    for i, plant in enumerate(plants):
        on_plant = found.get(f"p{i}.txt", [])
        on_original = found.get(f"o{i}.txt", [])
        hits = sum(at_plant(f, plant) for f in on_plant)
        # Away from the plant: findings the clean sentence has too are counted once, on it.
        caused = [
            f
            for f in on_plant
            if not at_plant(f, plant)
            and not any(same_finding(f, plant.planted, g, plant.original) for g in on_original)
        ]
        data = [f for f in on_original if in_the_data(f, plant.original, real)]
        stray = [(plant.planted, f) for f in caused]
        stray += [(plant.original, f) for f in on_original if f not in data]
        restored = is_restored(plant, after[i])
        for text, f in stray:
            if shown[plant.kind] < examples:
                shown[plant.kind] += 1
                quoted = text[max(0, f["offset"] - 30) : f["offset"] + f["length"] + 30]
                print(f"  not at a plant ({plant.domain}, {plant.kind}): {f['rule']}: …{quoted}…")
        if not hits and shown["missed " + plant.kind] < examples:
            shown["missed " + plant.kind] += 1
            print(
                f"  missed ({plant.domain}, {plant.kind}): {plant.planted[max(0, plant.start - 40) : plant.end + 30]!r}"
            )
        if examples and not restored and shown["restore " + plant.kind] < examples:
            shown["restore " + plant.kind] += 1
            print(f"  not restored ({plant.domain}, {plant.kind}): {after[i][0]!r} for {after[i][1]!r}")
        for key in ((plant.domain, plant.kind), ("held out" if plant.domain not in TUNED else "tuned", plant.kind)):
            cell = cells[key]
            cell["n"] += 1
            cell["found"] += hits > 0
            cell["true"] += hits
            cell["false"] += len(stray)
            cell["data"] += len(data)
            cell["restored"] += restored
            if plant.kind in ("stray-stop", "lost-capital"):
                cell[choice(on_plant, plant)] += 1
        if plant.kind in ("stray-stop", "lost-capital") and shown["choice " + plant.kind] < examples:
            outcome = choice(on_plant, plant)
            if outcome in ("wrong", "undecided"):
                shown["choice " + plant.kind] += 1
                window = plant.planted[max(0, plant.start - 40) : plant.end + 30]
                print(f"  {outcome} ({plant.domain}, {plant.kind}): {window!r}")
    rows = {}
    for key, cell in cells.items():
        rows[key] = {
            "n": cell["n"],
            "recall": cell["found"] / cell["n"],
            "precision": cell["true"] / max(1, cell["true"] + cell["false"]),
            "restore": cell["restored"] / cell["n"],
            "data": 1000 * cell["data"] / cell["n"],
            "right": cell["right"],
            "wrong": cell["wrong"],
            "undecided": cell["undecided"],
        }
    return rows


def print_table(title: str, rows: dict[tuple[str, str], dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{'domain':<15} {'class':<16} {'n':>5} {'recall':>7} {'prec':>7} {'restore':>8} {'data':>6}  choice r/w/u")
    order = [*TUNED, "bbc-odd", "ted-clean", "fixtures-clean", "ftfy-wild", "tuned", "held out"]
    for domain in order:
        for kind in CLASSES:
            row = rows.get((domain, kind))
            if row is None:
                continue
            choice_text = ""
            if kind in ("stray-stop", "lost-capital"):
                choice_text = f"  {row['right']}/{row['wrong']}/{row['undecided']}"
            print(
                f"{domain:<15} {kind:<16} {row['n']:>5} {row['recall']:>7.1%} {row['precision']:>7.1%}"
                f" {row['restore']:>8.1%} {row['data']:>6.1f}{choice_text}"
            )
    # Stray stops and lost capitals together: the share of decided cases decided rightly.
    for group in order:
        right = sum(rows[(group, k)]["right"] for k in ("stray-stop", "lost-capital") if (group, k) in rows)
        wrong = sum(rows[(group, k)]["wrong"] for k in ("stray-stop", "lost-capital") if (group, k) in rows)
        if right + wrong:
            print(f"stray-stop choice, {group}: {right / (right + wrong):.1%} right of {right + wrong} decided")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--per-class", type=int, default=400, help="plants per class and domain")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--grammar", action="store_true", help="also run with the default grammar pass")
    parser.add_argument("--examples", type=int, default=0, help="show this many misses per class")
    args = parser.parse_args()
    docs = documents(args.data)
    plants = [
        plant
        for domain, domain_docs in docs.items()
        for kind in CLASSES
        for plant in plants_for(domain, domain_docs, kind, args.per_class, args.seed)
    ]
    plants += wild_mojibake(args.data)
    with tempfile.TemporaryDirectory(prefix="textfix-planted-") as tmp:
        work = Path(tmp)
        print_table(
            "Rule checks (--grammar off); restore with apply --unsafe-fixes",
            measure(plants, work, ["--grammar", "off"], args.examples),
        )
        if args.grammar:
            print_table("Default run (grammar pass on); restore as above", measure(plants, work, [], args.examples))


if __name__ == "__main__":
    main()
