#!/usr/bin/env python3
"""Lint the names registry (rules/data/names.yaml), the places list (rules/data/places.yaml)
and the context words of countries (rules/data/countries.yaml).

The half of scripts/build_registry.py that checks: run alone, it checks the files as they
are. Exit status: 0 if all are valid, 1 if any check fails, 2 if a file cannot be read or
parsed. Every problem is printed as one line naming the entry.

Usage: python scripts/check_registry.py [NAMES_YAML [COUNTRIES_YAML [PLACES_YAML]]]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix.namefinder import normalize  # noqa: E402  (the registry's own comparison of names)

DEFAULT_NAMES = ROOT / "rules" / "data" / "names.yaml"
DEFAULT_COUNTRIES = ROOT / "rules" / "data" / "countries.yaml"
DEFAULT_PLACES = ROOT / "rules" / "data" / "places.yaml"

MIN_PEOPLE_WITH_IDS = 5000
MIN_PLACES = 4000
NAME_KEYS = {"name", "wikidata", "role", "country", "accepted", "wrong"}
REQUIRED_NAME_KEYS = {"name", "wikidata", "role", "country"}
PLACE_KEYS = {"name", "geonames", "wikidata", "kind", "country", "accepted"}
PLACE_KINDS = {"country", "capital", "city", "region"}
NOT_PEOPLE = {"news agency"}  # roles of entries that are organisations, not people
QID = re.compile(r"^Q[0-9]+$")
QUALIFIER = re.compile(r"\([^)]*\)")


def fold(text: str) -> str:
    """Case-fold and drop diacritics (NFKD, combining marks removed)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def check_countries(data: object, path: Path, errors: list[str]) -> dict[str, list[str]]:
    if not isinstance(data, dict) or not isinstance(data.get("countries"), dict):
        errors.append(f"{path}: expected a top-level mapping 'countries:'")
        return {}
    countries: dict[str, list[str]] = data["countries"]
    for key, words in countries.items():
        if not isinstance(key, str) or not key.strip():
            errors.append(f"{path}: country key {key!r} is not a non-empty string")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            errors.append(f"{path}: {key!r}: context words must be a non-empty list of strings")
    return countries


def check_forms(item: dict[str, Any], where: str, errors: list[str]) -> list[str]:
    """The entry's other forms (accepted, then wrong), each checked on its own."""
    name = item["name"]
    forms: list[str] = []
    seen: dict[str, str] = {}
    for key in ("accepted", "wrong"):
        values = item.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            errors.append(f"{where}: {key!r} must be a list of strings")
            continue
        for form in values:
            if not form.strip() or form != form.strip():
                errors.append(f"{where}: {key} form {form!r} is empty or has outer spaces")
                continue
            if QID.match(form):
                errors.append(f"{where}: {key} form {form!r} looks like a bare Wikidata id")
            if normalize(form) == normalize(name):
                errors.append(f"{where}: {key} form {form!r} is the name itself (ignoring case, marks and hyphens)")
                continue
            if normalize(form) in seen:
                errors.append(f"{where}: {form!r} is listed twice (as {seen[normalize(form)]} and {key})")
                continue
            seen[normalize(form)] = key
            forms.append(form)
    return forms


def check_entries(
    data: object, path: Path, countries: set[str], errors: list[str], min_people: int = MIN_PEOPLE_WITH_IDS
) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        errors.append(f"{path}: expected a top-level list 'entries:'")
        return []
    entries = [e for e in data["entries"] if isinstance(e, dict)]
    owner: dict[str, tuple[int, str]] = {}  # normalised name or form -> the entry that holds it
    qid_seen: dict[str, str] = {}
    for index, entry in enumerate(data["entries"], 1):
        where = f"{path}: entry {index}"
        if not isinstance(entry, dict):
            errors.append(f"{where}: not a mapping")
            continue
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(f"{where}: 'name' must be a non-empty string")
            continue
        where = f"{path}: entry {index} ({name})"
        for key in sorted(set(entry) - NAME_KEYS, key=str):
            errors.append(f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(NAME_KEYS))})")
        for key in sorted(REQUIRED_NAME_KEYS - set(entry)):
            errors.append(f"{where}: missing key {key!r}")
        if name != name.strip() or "  " in name:
            errors.append(f"{where}: name has outer or doubled spaces")
        if QID.match(name.strip()):
            errors.append(f"{where}: name looks like a bare Wikidata id, not a name")
        if QUALIFIER.search(name):
            errors.append(f"{where}: name holds a qualifier in brackets, which no text writes")

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
        if "country" in entry and (not isinstance(country, str) or country not in countries):
            errors.append(f"{where}: country {country!r} is neither in countries.yaml nor a country of places.yaml")

        for form in [name, *check_forms(entry, where, errors)]:
            first = owner.setdefault(normalize(form), (index, name))
            if first[0] != index:
                what = "name" if form == name else "form"
                errors.append(f"{where}: {what} {form!r} is already listed under {first[1]!r}")

    people = sum(1 for e in entries if e.get("wikidata") and e.get("role") not in NOT_PEOPLE)
    if people < min_people:
        errors.append(f"{path}: only {people} people with Wikidata ids, at least {min_people} required")
    return entries


def check_places(data: object, path: Path, errors: list[str], min_places: int = MIN_PLACES) -> list[dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("places"), list):
        errors.append(f"{path}: expected a top-level list 'places:'")
        return []
    places = [p for p in data["places"] if isinstance(p, dict)]
    names = {normalize(str(p.get("name"))) for p in places}
    ids: dict[int, str] = {}
    for index, place in enumerate(data["places"], 1):
        where = f"{path}: place {index}"
        if not isinstance(place, dict) or not isinstance(place.get("name"), str) or not place["name"].strip():
            errors.append(f"{where}: not a mapping with a 'name'")
            continue
        name = place["name"]
        where = f"{path}: place {index} ({name})"
        for key in sorted(set(place) - PLACE_KEYS, key=str):
            errors.append(f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(PLACE_KEYS))})")
        if place.get("kind") not in PLACE_KINDS:
            errors.append(f"{where}: kind {place.get('kind')!r} is not one of {', '.join(sorted(PLACE_KINDS))}")
        if not isinstance(place.get("country"), str) or not place["country"].strip():
            errors.append(f"{where}: 'country' must be a non-empty string")
        geonames = place.get("geonames")
        if geonames is not None and not isinstance(geonames, int):
            errors.append(f"{where}: geonames {geonames!r} must be a GeoNames id (an integer) or null")
        elif geonames is not None and geonames in ids:
            errors.append(f"{where}: geonames {geonames} already used by {ids[geonames]!r}")
        elif geonames is not None:
            ids[geonames] = name
        qid = place.get("wikidata")
        if qid is not None and (not isinstance(qid, str) or not QID.match(qid)):
            errors.append(f"{where}: wikidata {qid!r} must match ^Q[0-9]+$ or be null")
        for form in check_forms(place, where, errors):
            if normalize(form) in names:
                errors.append(f"{where}: accepted form {form!r} is the name of another place")
    if len(places) < min_places:
        errors.append(f"{path}: only {len(places)} places, at least {min_places} required")
    return places


def summary(entries: list[dict[str, Any]], places: list[dict[str, Any]], countries: dict[str, list[str]]) -> None:
    people = [e for e in entries if e.get("role") not in NOT_PEOPLE]
    print(f"entries:               {len(entries)}")
    print(f"people with Wikidata:  {sum(1 for e in people if e.get('wikidata'))}")
    print(f"people without:        {sum(1 for e in people if not e.get('wikidata'))}")
    print(f"accepted forms:        {sum(len(e.get('accepted') or []) for e in entries)}")
    print(f"wrong forms:           {sum(len(e.get('wrong') or []) for e in entries)}")
    kinds = Counter(str(p.get("kind")) for p in places)
    print(f"places:                {len(places)} ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})")
    print(f"places' other forms:   {sum(len(p.get('accepted') or []) for p in places)}")
    print(f"countries.yaml:        {len(countries)} countries and organisations")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 3 or any(a in {"-h", "--help"} for a in args):
        print((__doc__ or "").strip())
        return 2 if len(args) > 3 else 0
    names_path = Path(args[0]) if args else DEFAULT_NAMES
    countries_path = Path(args[1]) if len(args) > 1 else DEFAULT_COUNTRIES
    places_path = Path(args[2]) if len(args) > 2 else DEFAULT_PLACES
    try:
        names_data, countries_data, places_data = (load_yaml(p) for p in (names_path, countries_path, places_path))
    except (OSError, yaml.YAMLError) as exc:
        print(f"error: cannot load registry: {exc}", file=sys.stderr)
        return 2

    errors: list[str] = []
    countries = check_countries(countries_data, countries_path, errors)
    places = check_places(places_data, places_path, errors)
    known = set(countries) | {str(p.get("country")) for p in places if p.get("kind") == "country"}
    entries = check_entries(names_data, names_path, known, errors)
    summary(entries, places, countries)
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for message in errors:
            print(f"  {message}", file=sys.stderr)
        return 1
    print("\nregistry OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
