"""The names registry: canonical names of public figures, their variants, roles and countries."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from textfix.datafiles import load_yaml
from textfix.namefinder import normalize
from textfix.rule import RuleError

NAME_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
ENTRY_KEYS = {"name", "wikidata", "role", "country", "variants"}
ROLE_STOPWORDS = {"of", "the", "and", "for", "affairs", "former", "state", "to", "in", "on", "a", "an"}


@dataclass(frozen=True)
class Entry:
    name: str
    wikidata: str | None
    role: str
    country: str
    variants: tuple[str, ...]


@dataclass
class Registry:
    entries: list[Entry]
    by_variant: dict[str, Entry]  # exact listed variant -> entry
    by_normal: dict[str, Entry]  # normalised canonical or variant -> entry
    by_token: dict[str, list[Entry]]  # normalised word -> entries holding it
    forms: dict[Entry, tuple[str, ...]]  # normalised canonical and variants of an entry
    words: frozenset[str]  # every word of every listed name, as written
    countries: dict[str, list[str]] = field(default_factory=dict)  # country -> other names for it
    _context: dict[Entry, frozenset[str]] = field(default_factory=dict, repr=False)

    def context(self, entry: Entry) -> frozenset[str]:
        """Words that, near a name, show the text speaks of this person: role and country."""
        words = self._context.get(entry)
        if words is None:
            words = self._context[entry] = _context_words(entry.role, entry.country, self.countries)
        return words


def _context_words(role: str, country: str, countries: dict[str, list[str]]) -> frozenset[str]:
    words = {w for w in normalize(role).split() if len(w) > 2 and w not in ROLE_STOPWORDS}
    phrases = {normalize(country)} | {normalize(c) for c in countries.get(country, [])}
    return frozenset(words | phrases)


@lru_cache(maxsize=8)
def _load(path: Path) -> Any:
    return load_yaml(path, lines=False)


def load_registry(path: Path, countries_path: Path | None = None) -> Registry:
    registry = _build(Path(path).resolve())
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


@lru_cache(maxsize=4)
def _build(path: Path) -> Registry:
    raw = _load(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise RuleError(f"{path}: a names registry holds a mapping with an 'entries' list")
    entries: list[Entry] = []
    by_variant: dict[str, Entry] = {}
    by_normal: dict[str, Entry] = {}
    by_token: dict[str, list[Entry]] = defaultdict(list)
    forms: dict[Entry, tuple[str, ...]] = {}
    for number, item in enumerate(raw["entries"], 1):
        where = f"{path}: entry {number} ({item.get('name') if isinstance(item, dict) else item!r})"
        if not isinstance(item, dict) or "name" not in item:
            raise RuleError(f"{where}: each entry needs a 'name'")
        unknown = set(item) - ENTRY_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        entry = Entry(
            name=str(item["name"]),
            wikidata=item.get("wikidata"),
            role=str(item.get("role", "")),
            country=str(item.get("country", "")),
            variants=tuple(str(v) for v in item.get("variants") or ()),
        )
        names = (entry.name, *entry.variants)
        for name in names:
            key = normalize(name)
            other = by_normal.get(key)
            if other is not None and other is not entry:
                raise RuleError(f"{where}: '{name}' is already listed under '{other.name}'")
            by_normal[key] = entry
        for variant in entry.variants:
            by_variant[variant] = entry
        forms[entry] = tuple(dict.fromkeys(normalize(n) for n in names))
        for word in {w for form in forms[entry] for w in form.split()}:
            by_token[word].append(entry)
        entries.append(entry)
    words = frozenset(w for e in entries for name in (e.name, *e.variants) for w in NAME_WORD.findall(name))
    return Registry(entries, by_variant, by_normal, dict(by_token), forms, words)
