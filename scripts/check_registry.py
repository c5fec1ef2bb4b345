#!/usr/bin/env python3
"""Validate the names registry (rules/data/names.yaml) and its context words
(rules/data/countries.yaml).

Exit status: 0 if both files are valid, 1 if any check fails, 2 if a file cannot be
read or parsed. Every problem is printed as one line naming the entry.

Usage: python scripts/check_registry.py [NAMES_YAML [COUNTRIES_YAML]]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NAMES = ROOT / "rules" / "data" / "names.yaml"
DEFAULT_COUNTRIES = ROOT / "rules" / "data" / "countries.yaml"

MIN_ENTRIES = 300
ALLOWED_KEYS = {"name", "wikidata", "role", "country", "variants"}
REQUIRED_KEYS = {"name", "wikidata", "role", "country"}
QID = re.compile(r"^Q[0-9]+$")


def fold(text: str) -> str:
    """Case-fold and drop diacritics (NFKD, combining marks removed)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def load_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def check_countries(data: object, path: Path, errors: list[str]) -> dict[str, list[str]]:
    if not isinstance(data, dict) or not isinstance(data.get("countries"), dict):
        errors.append(f"{path}: expected a top-level mapping 'countries:'")
        return {}
    countries = data["countries"]
    for key, words in countries.items():
        if not isinstance(key, str) or not key.strip():
            errors.append(f"{path}: country key {key!r} is not a non-empty string")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            errors.append(f"{path}: {key!r}: context words must be a non-empty list of strings")
    return countries


def check_entries(data: object, path: Path, countries: dict[str, list[str]], errors: list[str]) -> list[dict]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        errors.append(f"{path}: expected a top-level list 'entries:'")
        return []
    entries = data["entries"]
    if len(entries) < MIN_ENTRIES:
        errors.append(f"{path}: only {len(entries)} entries, at least {MIN_ENTRIES} required")

    canon_seen: dict[str, str] = {}  # casefolded canonical -> canonical
    canon_folded: dict[str, str] = {}  # folded canonical -> canonical
    qid_seen: dict[str, str] = {}
    valid: list[dict] = []

    for index, entry in enumerate(entries, 1):
        where = f"{path}: entry {index}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: not a mapping")
            continue
        name = entry.get("name")
        if isinstance(name, str) and name.strip():
            where = f"{path}: entry {index} ({name})"
        for key in sorted(set(entry) - ALLOWED_KEYS, key=str):
            errors.append(f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(ALLOWED_KEYS))})")
        for key in sorted(REQUIRED_KEYS - set(entry)):
            errors.append(f"{where}: missing key {key!r}")

        if not isinstance(name, str) or not name.strip():
            errors.append(f"{where}: 'name' must be a non-empty string")
            continue
        if name != name.strip():
            errors.append(f"{where}: name has leading or trailing spaces")
        if QID.match(name.strip()):
            errors.append(f"{where}: name looks like a bare Wikidata id, not a name")

        key = name.casefold()
        if key in canon_seen:
            errors.append(f"{where}: duplicate canonical name (also {canon_seen[key]!r})")
        else:
            canon_seen[key] = name
            canon_folded.setdefault(fold(name), name)

        qid = entry.get("wikidata")
        if qid is not None:
            if not isinstance(qid, str) or not QID.match(qid):
                errors.append(f"{where}: wikidata {qid!r} must match ^Q[0-9]+$ or be null")
            elif qid in qid_seen:
                errors.append(f"{where}: wikidata {qid} already used by {qid_seen[qid]!r}")
            else:
                qid_seen[qid] = name

        role = entry.get("role")
        if "role" in entry and (not isinstance(role, str) or not role.strip()):
            errors.append(f"{where}: 'role' must be a non-empty string")

        country = entry.get("country")
        if "country" in entry:
            if not isinstance(country, str) or not country.strip():
                errors.append(f"{where}: 'country' must be a non-empty string")
            elif country not in countries:
                errors.append(f"{where}: country {country!r} is not in countries.yaml")

        variants = entry.get("variants", [])
        if variants is None:
            variants = []
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            errors.append(f"{where}: 'variants' must be a list of strings")
            variants = []
        for variant in variants:
            if not variant.strip() or variant != variant.strip():
                errors.append(f"{where}: variant {variant!r} is empty or has outer spaces")
            if QID.match(variant.strip()):
                errors.append(f"{where}: variant {variant!r} looks like a bare Wikidata id")
            if variant.casefold() == name.casefold():
                errors.append(f"{where}: variant {variant!r} equals its canonical name (ignoring case)")
            elif fold(variant) == fold(name):
                errors.append(f"{where}: variant {variant!r} is the canonical name without diacritics")
        valid.append({"where": where, "name": name, "variants": variants})

    # Cross-entry checks: a variant may belong to one entry only, and must not be
    # (ignoring case and diacritics) any canonical name.
    variant_owner: dict[str, str] = {}
    for item in valid:
        own_seen: set[str] = set()
        for variant in item["variants"]:
            folded = fold(variant)
            if folded in own_seen:
                errors.append(f"{item['where']}: variant {variant!r} listed twice")
                continue
            own_seen.add(folded)
            if folded == fold(item["name"]):
                continue  # already reported above
            other = canon_folded.get(folded)
            if other is not None and other != item["name"]:
                errors.append(f"{item['where']}: variant {variant!r} is the canonical name of entry {other!r}")
            owner = variant_owner.get(folded)
            if owner is not None and owner != item["name"]:
                errors.append(f"{item['where']}: variant {variant!r} is also a variant of {owner!r}")
            else:
                variant_owner[folded] = item["name"]
    return [e for e in entries if isinstance(e, dict)]


def summary(entries: list[dict], countries: dict[str, list[str]]) -> None:
    with_variants = [e for e in entries if e.get("variants")]
    n_variants = sum(len(e.get("variants") or []) for e in entries)
    n_qid = sum(1 for e in entries if e.get("wikidata"))
    print(f"entries:           {len(entries)}")
    print(f"with variants:     {len(with_variants)}")
    print(f"variants in total: {n_variants}")
    print(f"with wikidata id:  {n_qid}")
    print(f"countries/orgs:    {len(countries)} in countries.yaml")
    print("entries by country:")
    counts = Counter(str(e.get("country")) for e in entries)
    for country, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:4d}  {country}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 2 or any(a in {"-h", "--help"} for a in args):
        print(__doc__.strip())
        return 2 if len(args) > 2 else 0
    names_path = Path(args[0]) if args else DEFAULT_NAMES
    countries_path = Path(args[1]) if len(args) > 1 else DEFAULT_COUNTRIES

    try:
        names_data = load_yaml(names_path)
        countries_data = load_yaml(countries_path)
    except (OSError, yaml.YAMLError) as exc:
        print(f"error: cannot load registry: {exc}", file=sys.stderr)
        return 2

    errors: list[str] = []
    countries = check_countries(countries_data, countries_path, errors)
    entries = check_entries(names_data, names_path, countries, errors)
    summary(entries, countries)
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for message in errors:
            print(f"  {message}", file=sys.stderr)
        return 1
    print("\nregistry OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
