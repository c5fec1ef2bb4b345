"""The names registry: canonical names of public figures, the other forms of each (accepted
spellings, and wrong ones that are safe to fix), roles and countries; and the places list."""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from textfix import cache
from textfix.datafiles import load_yaml
from textfix.namefinder import normalize
from textfix.rule import RuleError

NAME_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
ENTRY_KEYS = {"name", "wikidata", "role", "country", "accepted", "wrong"}
PLACE_KEYS = {"name", "geonames", "wikidata", "kind", "country", "accepted"}
PLACE_KINDS = {"country", "capital", "city", "region"}
# Words of a role that say nothing of the person: "born" and the year of "actor (born 1985)".
ROLE_STOPWORDS = {"of", "the", "and", "for", "affairs", "former", "state", "to", "in", "on", "a", "an", "born"}


class Entry(NamedTuple):
    # A tuple, not a dataclass: 18,000 of them are made on every start, from the cache, at
    # a tenth of the cost.
    name: str
    wikidata: str | None
    role: str
    country: str
    accepted: tuple[str, ...] = ()  # other spellings in real use: never errors
    wrong: tuple[str, ...] = ()  # forms seen in machine translation or misspellings: a safe fix


@dataclass
class Registry:
    entries: list[Entry]
    by_variant: dict[str, Entry]  # exact wrong form -> entry
    by_accepted: dict[str, Entry]  # exact accepted form -> entry
    by_normal: dict[str, Entry]  # normalised name, accepted or wrong form -> entry
    by_token: dict[str, list[Entry]]  # normalised word -> entries holding it
    forms: dict[Entry, tuple[str, ...]]  # normalised name, accepted and wrong forms of an entry
    words: frozenset[str]  # every word of every name and form, as written
    countries: dict[str, list[str]] = field(default_factory=dict)  # country -> other names for it
    _context: dict[Entry, frozenset[str]] = field(default_factory=dict, repr=False)

    def role_and_country(self, entry: Entry) -> tuple[frozenset[str], frozenset[str]]:
        """The context words of the role (those that do not name the country: "governor",
        "bank" of "Governor of the Central Bank, Ireland"), and those of the country."""
        country = _country_words(entry.country, self.countries)
        named = {word for phrase in country for word in phrase.split()}
        return _role_words(entry.role) - named, country

    def context(self, entry: Entry) -> frozenset[str]:
        """Words that, near a name, show the text speaks of this person: role and country."""
        words = self._context.get(entry)
        if words is None:
            words = self._context[entry] = _context_words(entry.role, entry.country, self.countries)
        return words


class Place(NamedTuple):
    name: str
    geonames: int | None
    wikidata: str | None
    kind: str  # country, capital, city or region
    country: str
    accepted: tuple[str, ...] = ()  # other names in use: Kiev for Kyiv


@dataclass
class Places:
    entries: list[Place]
    by_normal: dict[str, list[Place]]  # normalised name or accepted form -> the places so named
    words: frozenset[str]  # every word of every name and form, as written


def _context_words(role: str, country: str, countries: dict[str, list[str]]) -> frozenset[str]:
    return _role_words(role) | _country_words(country, countries)


def _role_words(role: str) -> frozenset[str]:
    words = {w.strip("()") for w in normalize(role).split()}
    return frozenset(w for w in words if len(w) > 2 and w not in ROLE_STOPWORDS and w.isalpha())


def _country_words(country: str, countries: dict[str, list[str]]) -> frozenset[str]:
    return frozenset({normalize(country)} | {normalize(c) for c in countries.get(country, [])} - {""})


@lru_cache(maxsize=8)
def _load(path: Path) -> Any:
    return load_yaml(path, lines=False)


def load_registry(path: Path, countries_path: Path | None = None) -> Registry:
    registry = _registry(Path(path).resolve())
    if countries_path is None:
        return registry
    countries_path = Path(countries_path).resolve()
    data = _load(countries_path)
    countries = data.get("countries") if isinstance(data, dict) else None
    if not isinstance(countries, dict) or not all(
        isinstance(names, list) and all(isinstance(n, str) for n in names) for names in countries.values()
    ):
        raise RuleError(f"{countries_path}: a countries file holds a 'countries' mapping of country -> [other names]")
    return replace(registry, countries=countries, _context={})  # shares the built tables


def load_places(path: Path) -> Places:
    """The places list (places.yaml): countries, capitals, cities and regions by name."""
    return _places(Path(path).resolve())


def _tables_version() -> str:
    # The built tables depend on this module and on how names are normalised: a change to
    # either must not reuse tables kept by another version.
    return f"{cache.installed('textfix.names_registry')}|{cache.installed('textfix.namefinder')}"


# What is kept between runs: plain tuples and strings, which load several times faster than
# the objects built from them. Per entry: its fields, and its normalised forms; and the
# words of all names, and per normalised word the entries (by index) that hold it.
_Tables = tuple[list[tuple[Any, ...]], list[tuple[str, ...]], list[str], dict[str, list[int]]]


@lru_cache(maxsize=4)
def _registry(path: Path) -> Registry:
    # Reading 18,000 names was most of a start-up: their tables are kept between runs. The
    # collector would walk the 100,000 new objects in each of its passes while they are
    # made, and in every full pass after: it waits, and then leaves them out for good
    # (they live as long as the process).
    collecting = gc.isenabled()
    gc.disable()
    try:
        registry = _registry_from(cache.parsed(path, f"names-registry|{_tables_version()}", lambda: _tables(path)))
        gc.freeze()
        return registry
    finally:
        if collecting:
            gc.enable()


@lru_cache(maxsize=4)
def _places(path: Path) -> Places:
    collecting = gc.isenabled()
    gc.disable()  # as for the registry
    try:
        rows, normals, words = cache.parsed(path, f"places|{_tables_version()}", lambda: _place_tables(path))
        make = tuple.__new__
        entries: list[Place] = [make(Place, row) for row in rows]
        by_normal: dict[str, list[Place]] = defaultdict(list)
        for place, keys in zip(entries, normals, strict=True):
            for key in keys:
                by_normal[key].append(place)
        gc.freeze()
        return Places(entries, dict(by_normal), frozenset(words))
    finally:
        if collecting:
            gc.enable()


def _items(path: Path, key: str, what: str) -> list[Any]:
    raw = _load(path)
    if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
        raise RuleError(f"{path}: a {what} holds a mapping with an '{key}' list")
    items: list[Any] = raw[key]
    return items


def _forms(item: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = item.get(key) or ()
    if not isinstance(values, list | tuple):
        raise RuleError(f"{where}: '{key}' must be a list of names")
    return tuple(str(v) for v in values)


def _tables(path: Path) -> _Tables:
    """The registry file read and checked: RuleError for an entry that cannot be used, or a
    name or form listed under two entries."""
    rows: list[tuple[Any, ...]] = []
    normals: list[tuple[str, ...]] = []
    owner: dict[str, int] = {}  # normalised name or form -> the entry (by index) that holds it
    shared: dict[str, str] = {}
    words: set[str] = set()
    tokens: dict[str, list[int]] = defaultdict(list)
    for number, item in enumerate(_items(path, "entries", "names registry"), 1):
        where = f"{path}: entry {number} ({item.get('name') if isinstance(item, dict) else item!r})"
        if not isinstance(item, dict) or "name" not in item:
            raise RuleError(f"{where}: each entry needs a 'name'")
        unknown = set(item) - ENTRY_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        name = str(item["name"])
        accepted, wrong = _forms(item, "accepted", where), _forms(item, "wrong", where)
        # Roles and countries repeat: one string each, kept once in the cache and loaded once.
        role, country = (shared.setdefault(v, v) for v in (str(item.get("role", "")), str(item.get("country", ""))))
        rows.append((name, item.get("wikidata"), role, country, accepted, wrong))
        for form in (name, *accepted, *wrong):
            other = owner.setdefault(normalize(form), len(rows) - 1)
            if other != len(rows) - 1:
                raise RuleError(f"{where}: '{form}' is already listed under '{rows[other][0]}'")
            words.update(NAME_WORD.findall(form))
        normals.append(tuple(dict.fromkeys(normalize(n) for n in (name, *accepted, *wrong))))
        for word in {w for form in normals[-1] for w in form.split()}:
            tokens[word].append(len(rows) - 1)
    return rows, normals, sorted(words), dict(tokens)


def _registry_from(tables: _Tables) -> Registry:
    rows, normals, words, tokens = tables
    make = tuple.__new__
    entries: list[Entry] = [make(Entry, row) for row in rows]
    by_normal = {key: entry for entry, keys in zip(entries, normals, strict=True) for key in keys}
    by_variant = {form: entry for entry in entries if entry.wrong for form in entry.wrong}
    by_accepted = {form: entry for entry in entries if entry.accepted for form in entry.accepted}
    at = entries.__getitem__
    by_token = {word: list(map(at, held)) for word, held in tokens.items()}
    forms = dict(zip(entries, normals, strict=True))
    return Registry(entries, by_variant, by_accepted, by_normal, by_token, forms, frozenset(words))


def _place_tables(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[str, ...]], list[str]]:
    """The places file read and checked: per place its fields and its normalised names, and
    the words of all names. RuleError for a place that cannot be used."""
    rows: list[tuple[Any, ...]] = []
    normals: list[tuple[str, ...]] = []
    words: set[str] = set()
    shared: dict[str, str] = {}
    for number, item in enumerate(_items(path, "places", "places list"), 1):
        where = f"{path}: place {number} ({item.get('name') if isinstance(item, dict) else item!r})"
        if not isinstance(item, dict) or "name" not in item:
            raise RuleError(f"{where}: each place needs a 'name'")
        unknown = set(item) - PLACE_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if item.get("kind") not in PLACE_KINDS:
            raise RuleError(f"{where}: 'kind' is one of {', '.join(sorted(PLACE_KINDS))}")
        name, accepted, geonames = str(item["name"]), _forms(item, "accepted", where), item.get("geonames")
        kind, country = (shared.setdefault(v, v) for v in (str(item["kind"]), str(item.get("country", ""))))
        ident = geonames if isinstance(geonames, int) else None
        rows.append((name, ident, item.get("wikidata"), kind, country, accepted))
        normals.append(tuple(dict.fromkeys(normalize(n) for n in (name, *accepted))))
        for form in (name, *accepted):
            words.update(NAME_WORD.findall(form))
    return rows, normals, sorted(words)
