"""Names of people checked against the registry, and misspelt proper names beyond it.

What is reported, from surest to least sure:

- a form the registry lists as wrong ("Sergej Lawrow"): a safe fix to the canonical name;
- under the house style `accepted: canonical`, an accepted form ("Sergey Lavrov"): a safe
  fix to the canonical name (the registry ties the form to the person; the user asked for
  one spelling);
- a near-miss of a registered name: one word of it is unknown (no name, no word of English)
  and one slip from the registered word ("Jens Stoltenburg"); reported when the slip is one
  edit in a long enough word, or when the sentence names the person's role, country or
  organisation (an unsafe fix);
- a capitalised word unknown to the lexicon, in a name's place, one edit from a frequent
  proper name ("Tchaikovksy", "Gorbatchev"): an unsafe fix.

A name that is itself a registry name in any form, a place, a word of a famous person's
name or a word of English is never "corrected" into another: "Nick Ross" is not "Rick Ross".
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, NamedTuple

from rapidfuzz import fuzz

from textfix import cache
from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.namefinder import CACHE_SIZE, PAIR, Span, is_title, keep, normalize, runs, tokens, without_possessive
from textfix.nameindex import NAME, RARE, UNKNOWN, LexiconTables, NameLexicon, lexicon_from, lexicon_tables
from textfix.names_registry import Entry, Places, Registry, load_places, load_registry
from textfix.rule import Rule

# How far around a name its sentence is read for the person's role and country.
CONTEXT_CHARS = 150
# How far before a name its title is read ("South Korean President ...").
TITLE_CHARS = 40
# A capitalised word of lower-case letters (of at least `min_word_length`): where a proper
# name may be misspelt. A possessive ending is left out of the match.
# (The capital is matched before the look back: the expression is tried at capitals only.)
# An apostrophe followed by a letter continues the word ("Thiong'o"), but for a possessive.
CAPITALISED = r"[A-ZÀ-ÖØ-Þ](?<![\w'’.-].)[a-zß-öø-ÿ]{{{least},}}(?![\w-]|['’](?!s\b)\w)"
WORD_BEFORE = re.compile(r"[\w'’.-]")
WORD_AFTER = re.compile(r"[\w-]|['’](?!s\b)\w")
SENTENCE_END = re.compile(r"[.!?]['\"’”)\]]*\s")
ACCEPTED_STYLES = ("allow", "canonical")
LOOSE = 99  # the edits of a loose near-miss (see `loose_misses`): weighed apart


class Known(NamedTuple):
    """A registry form found in a run, at offsets from its start."""

    start: int
    end: int
    form: str
    entry: Entry
    wrong: bool  # a form listed as wrong (else the canonical name or an accepted form)
    canonical: bool


class NearMiss(NamedTuple):
    """A registered name but for one unknown word, at offsets from its run's start."""

    start: int
    end: int
    form: str
    entry: Entry
    suggestion: str
    edits: int
    length: int  # of the differing word
    word: bool  # the differing word is in the lexicon, far rarer than the name (else unknown)


class Reading(NamedTuple):
    known: list[Known]
    near: list[NearMiss]


VOWELS = frozenset("aeiouy")


def slip(word: str, name: str) -> bool:
    """Whether `word`, one edit from `name`, reads as a slip of it rather than as another
    name: two letters swapped, a letter left out, a letter added inside the word (doubled,
    or a transliteration's: "Gorbatchev"), a vowel for a vowel. Real names one letter apart
    mostly differ otherwise: a consonant for a consonant ("Parken", "Parker"), a letter
    added at the end ("Tariku", "Tarik")."""
    if len(word) < len(name):
        return True
    if len(word) > len(name):
        at = next((i for i, (a, b) in enumerate(zip(word, name, strict=False)) if a != b), len(name))
        return at < len(name)
    differ = [i for i, (a, b) in enumerate(zip(word, name, strict=True)) if a != b]
    if len(differ) == 2:
        return True  # two letters swapped (one edit apart, so adjacent)
    return word[differ[0]] in VOWELS and name[differ[0]] in VOWELS


def occurrences(text: str, word: str) -> Iterator[int]:
    """Where `word` stands in `text` as a word of its own (as CAPITALISED finds words)."""
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if (at == 0 or not WORD_BEFORE.match(text, at - 1)) and not WORD_AFTER.match(text, end):
            yield at
        at = text.find(word, end)


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (disjoint, sorted)."""
    index = bisect.bisect_left(spans, (end, -1)) - 1  # the last span starting before `end`
    return index >= 0 and spans[index][1] > start


class NamesKind(BaseKind):
    """`kind: names`: names of people checked against a registry, and misspelt proper names.

    Options (name, type, default: meaning):

    - registry (str, required): the registry file, relative to the rule file; a form listed
      there as wrong is a safe fix to the canonical name.
    - countries (str, none): context words per country, relative to the rule file.
    - places (str, none): the places list; a place is never taken for a misspelt name.
    - proper_names (str, none): the proper-name list (with Zipf frequencies), and
    - lookalikes (str, none): the words of English one slip from a name (both built by
      scripts/build_proper_names.py). Without both, only registered names are checked.
    - accepted (str, "allow"): "allow" leaves accepted forms alone; "canonical" (the house
      style `names = "registry"`) reports them with a safe fix to the canonical name.
    - min_slip_length (int, 5): a one-edit slip of a registered name needs no context in a
      word this long.
    - threshold (int or float, 70): the least similarity (rapidfuzz ratio, 0-100) of a
      loose near-miss: a span with a hyphenated word (a romanised name) that resembles a
      registered name as a whole, sharing a word with it; reported only when the words just before it give both the role and the
      country ("South Korean President Yoon Sok-gil").
    - min_word_length (int, 6): a misspelt proper name beyond the registry is this long.
    - target_zipf (int or float, 2.0): a proper name at least this frequent in English
      (wordfreq's Zipf scale) is indexed, as proper_names was built;
    - suggest_zipf (int or float, 2.5): a misspelt word beyond the registry is suggested as
      a proper name at least this frequent.
    - variant_message (str, "'{match}' is a variant spelling of '{replacement}'"): the
      message for a wrong form;
    - accepted_message (str): for an accepted form under the house style;
    - word_message (str): for a misspelt proper name beyond the registry; `message` is used
      for near-misses of registered names.

    Message fields: match, replacement, role, edits. Default fix: safe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "registry": str,
        "countries": str,
        "places": str,
        "proper_names": str,
        "lookalikes": str,
        "accepted": str,
        "min_slip_length": int,
        "threshold": (int, float),
        "min_word_length": int,
        "target_zipf": (int, float),
        "suggest_zipf": (int, float),
        "variant_message": str,
        "accepted_message": str,
        "word_message": str,
    }
    REQUIRED: ClassVar[tuple[str, ...]] = ("registry",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE
    trigger = PAIR

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.accepted: str = self.option("accepted", "allow")
        if self.accepted not in ACCEPTED_STYLES:
            raise rule.error(f"'accepted' is one of {', '.join(ACCEPTED_STYLES)}")
        base = rule.origin.parent
        countries: str | None = self.option("countries")
        registry_path = base / rule.options["registry"]
        self.registry: Registry = load_registry(registry_path, base / countries if countries else None)
        places: str | None = self.option("places")
        self.places: Places | None = load_places(base / places) if places else None
        self.min_slip = int(self.option("min_slip_length", 5))
        self.threshold = float(self.option("threshold", 70))
        self.min_word = int(self.option("min_word_length", 6))
        self.capitalised = re.compile(CAPITALISED.format(least=max(0, self.min_word - 1)))
        self.suggest_zipf = float(self.option("suggest_zipf", 2.5))
        proper, lookalikes = self.option("proper_names"), self.option("lookalikes")
        self.lexicon: NameLexicon = load_lexicon(
            registry_path,
            base / places if places else None,
            base / proper if proper else None,
            base / lookalikes if lookalikes else None,
            float(self.option("target_zipf", 2.0)),
        )
        self.variant_message: str = self.option("variant_message", "'{match}' is a variant spelling of '{replacement}'")
        self.accepted_message: str = self.option(
            "accepted_message", "'{match}' is written '{replacement}' in this house style"
        )
        self.word_message: str = self.option("word_message", "'{match}' looks like a misspelling of '{replacement}'")
        self._runs: dict[str, Reading] = {}
        self._words: dict[str, str] = {}  # capitalised word -> its suggestion
        self._plain: set[str] = set()  # capitalised words with none
        self._candidates: dict[str, list[tuple[int, str]]] = {}
        self._spellings: dict[tuple[Entry, str], str] = {}
        self._kinds: dict[str, str] = {}
        self.longest = max((len(key.split()) for key in self.registry.by_normal), default=2)

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        taken: set[int] = set()  # where a finding starts: a word is reported once
        found = runs(doc)
        # Most runs hold nothing to report: each distinct one is read once, and only the
        # places of those that hold something are visited.
        readings = {run: self.read_run(run) for run in dict.fromkeys(run for _, run in found)}
        telling = {run: reading for run, reading in readings.items() if reading.near or self.tells(reading.known)}
        for base, run in found:
            reading = telling.get(run)
            if reading is None:
                continue
            for known in reading.known:
                start, end = base + known.start, base + known.end
                if known.wrong:
                    message = self.variant_message.format(match=known.form, replacement=known.entry.name)
                    message = f"{message} ({known.entry.role})"
                elif self.accepted == "canonical" and not known.canonical:
                    message = self.accepted_message.format(match=known.form, replacement=known.entry.name)
                else:
                    continue
                taken.add(start)
                yield self.finding(start, end, message, self.replace(start, end, known.entry.name, Applicability.SAFE))
            covered = -1
            for near in reading.near:
                start, end = base + near.start, base + near.end
                if start < covered or not self.confident(near, text, start, end):
                    continue
                covered = end
                taken.update(range(start, end))
                message = self.format_message(
                    match=near.form, replacement=near.suggestion, role=near.entry.role, edits=str(near.edits)
                )
                yield self.finding(start, end, message, self.replace(start, end, near.suggestion, Applicability.UNSAFE))
        if self.lexicon.index.words:
            yield from self.misspelt_words(text, taken)

    def tells(self, known: list[Known]) -> bool:
        """Whether any of a run's registry forms is reported."""
        return any(form.wrong or (self.accepted == "canonical" and not form.canonical) for form in known)

    def misspelt_words(self, text: str, taken: set[int]) -> Iterator[Finding]:
        """Capitalised words, in a name's place, that are a slip of a frequent proper name,
        unless the document writes them the same way more than once and never as the name
        (a rare name spelt alike each time is meant, not a slip)."""
        words, plain = self._words, self._plain
        suggestions = {}
        for word in set(self.capitalised.findall(text)) - plain:  # new words only: a set difference, in C
            suggestion = words.get(word)
            if suggestion is None:
                suggestion = self.proper_name_of(word)
                if suggestion is None:
                    if len(plain) >= CACHE_SIZE:
                        plain.clear()
                    plain.add(word)
                    continue
                keep(words, word, suggestion)
            suggestions[word] = suggestion
        for word, suggestion in suggestions.items():
            places = list(occurrences(text, word))
            if len(places) > 1 and next(occurrences(text, suggestion), None) is None:
                continue
            for start in places:
                end = start + len(word)
                if start in taken or not self.name_like(text, start, end):
                    continue
                message = self.word_message.format(match=word, replacement=suggestion)
                yield self.finding(start, end, message, self.replace(start, end, suggestion, Applicability.UNSAFE))

    def proper_name_of(self, word: str) -> str | None:
        """The frequent proper name that `word` (unknown to the lexicon) is a slip of: one
        slip away (see `slip`), the same first letter; the most frequent, then the first
        alphabetically."""
        key = normalize(without_possessive(word))
        if len(key) < self.min_word or not key.isalpha() or self.lexicon.kind(key) != UNKNOWN:
            return None
        best: tuple[float, str] | None = None
        for _, name in self.lexicon.index.candidates(key, 1):
            zipf, spelling = self.lexicon.proper.get(name, (0.0, ""))
            if zipf >= self.suggest_zipf and name[0] == key[0] and slip(key, name) and (best is None or zipf > best[0]):
                best = (zipf, spelling)
        return best[1] if best else None

    @staticmethod
    def name_like(text: str, start: int, end: int) -> bool:
        """Whether a capitalised word stands where a name does: inside a sentence, or before
        another capitalised word; not merely a sentence's first word."""
        after = text[end : end + 2]
        if after[:1] == " " and after[1:2].isupper():
            return True
        at = start
        while at > 0 and text[at - 1] in " \t\"'“‘(":
            at -= 1
        return at > 0 and text[at - 1] not in ".!?:\n\r"

    def read_run(self, run: str) -> Reading:
        """The registry forms a run holds and its near-misses of registered names (to be
        weighed in context), at offsets from the run's start. Names recur: each run's
        reading is kept."""
        cached = self._runs.get(run)
        if cached is not None:
            return cached
        words = tokens(run)
        stems = [without_possessive(word.text) for word in words]
        parts = [normalize(stem).split() for stem in stems]
        ends = [word.start + len(stem) for word, stem in zip(words, stems, strict=True)]
        capital = [w.text[:1].isupper() or w.text[2:3] == "-" for w in words]
        kinds = [[self.kind(part) for part in word] for word in parts]
        named = [all(kind == NAME for kind in word) for word in kinds]
        known: list[Known] = []
        taken: list[tuple[int, int]] = []  # spans of names, registered or places: disjoint, sorted
        by_normal, places = self.registry.by_normal, self.places.by_normal if self.places else {}
        # Every word of a registered name or a place is a name: only runs of names are looked up.
        spans = [(i, j) for i, j in self.spans(capital, len(words)) if all(named[i:j])]
        for i, j in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            start, end = words[i].start, ends[j - 1]
            key = " ".join(part for k in range(i, j) for part in parts[k])
            entry = by_normal.get(key)
            if entry is None and key not in places:
                continue
            if overlaps(taken, start, end):
                continue
            bisect.insort(taken, (start, end))
            if entry is not None:
                form = run[start:end]
                canonical = key == normalize(entry.name)
                wrong = not canonical and form in self.registry.by_variant
                known.append(Known(start, end, form, entry, wrong, canonical))
        near: list[NearMiss] = []
        for k, word in enumerate(parts):
            for p, part in enumerate(word):
                if (
                    kinds[k][p] in (UNKNOWN, RARE)
                    and len(part) >= 3
                    and ((k and named[k - 1]) or (k + 1 < len(words) and named[k + 1]))
                ):
                    near += self.near_misses(run, words, parts, ends, taken, capital, named, k, p)
        near += self.loose_misses(run, words, parts, ends, taken, capital, kinds)
        # Nearest first where spans overlap; the same order in every run.
        near.sort(key=lambda n: (n.start, n.edits, n.start - n.end, n.suggestion))
        return keep(self._runs, run, Reading(sorted(known), near))

    def kind(self, word: str) -> str:
        """The lexicon's kind of a normalised word (words recur in many runs: kept)."""
        found = self._kinds.get(word)
        return keep(self._kinds, word, self.lexicon.kind(word)) if found is None else found

    def spans(self, capital: list[bool], count: int) -> Iterator[tuple[int, int]]:
        """(i, j) of the runs of words i..j-1 that may be a registered name: two words or
        more, as long as the longest, starting and ending on a capitalised word."""
        for i in range(count):
            if capital[i]:
                for j in range(i + 2, min(count, i + self.longest) + 1):
                    if capital[j - 1]:
                        yield i, j

    def near_misses(
        self,
        run: str,
        words: list[Span],
        parts: list[list[str]],
        ends: list[int],
        taken: list[tuple[int, int]],
        capital: list[bool],
        named: list[bool],
        k: int,
        p: int,
    ) -> list[NearMiss]:
        """The registered names that the run holds but for part `p` of word `k`, unknown,
        among the names beside it."""
        by_normal = self.registry.by_normal
        part = parts[k][p]
        candidates: list[tuple[int, str]] | None = None  # looked up once a span may hold a name
        found: list[NearMiss] = []
        for i, j in self.spans(capital, len(words)):
            if not i <= k < j or not all(named[i:k]) or not all(named[k + 1 : j]) or is_title(words[i]):
                continue  # a title or a sentence's first word ("Mrs Blair", "When Carson") is no name's
            start, end = words[i].start, ends[j - 1]
            if overlaps(taken, start, end):
                continue
            if candidates is None:
                candidates = self.registered_near(part)
            before = [q for m in range(i, k) for q in parts[m]] + parts[k][:p]
            after = parts[k][p + 1 :] + [q for m in range(k + 1, j) for q in parts[m]]
            for edits, candidate in candidates:
                key = " ".join([*before, candidate, *after])
                entry = by_normal.get(key)
                if entry is not None:
                    spelling = self.spelling(entry, key)
                    word = self.lexicon.kind(part) == RARE
                    found.append(NearMiss(start, end, run[start:end], entry, spelling, edits, len(part), word))
        return found

    def registered_near(self, part: str) -> list[tuple[int, str]]:
        """(edits, word) of the registry's words one or two slips from `part` (see
        NameIndex.candidates); kept per word."""
        candidates = self._candidates.get(part)
        if candidates is None:
            by_token = self.registry.by_token
            found = [(edits, word) for edits, word in self.lexicon.index.candidates(part) if word in by_token]
            candidates = keep(self._candidates, part, found)
        return candidates

    def loose_misses(
        self,
        run: str,
        words: list[Span],
        parts: list[list[str]],
        ends: list[int],
        taken: list[tuple[int, int]],
        capital: list[bool],
        kinds: list[list[str]],
    ) -> list[NearMiss]:
        """Registered names that a span (no registered name itself) with a hyphenated word
        resembles as a whole (similarity at least `threshold`), sharing a word with it: a
        romanised name whose syllables an engine garbled, each a name of its own ("Yoon
        Sok-gil" for "Yoon Suk-yeol"). A name of plain words that resembles another as a
        whole is mostly a relative ("Juan Perón", "Eva Perón"), and is left alone.
        Reported only with the surest context: the words just before the name give both the
        person's role and country ("South Korean President"), as they rarely do for a
        namesake."""
        found: list[NearMiss] = []
        if "-" not in run:  # most runs
            return found
        for i, j in self.spans(capital, len(words)):
            start, end = words[i].start, ends[j - 1]
            if is_title(words[i]) or overlaps(taken, start, end) or "-" not in run[start:end]:
                continue
            pairs = [(part, kind) for k in range(i, j) for part, kind in zip(parts[k], kinds[k], strict=True)]
            key = " ".join(part for part, _ in pairs)
            shared = {entry for part, kind in pairs if kind == NAME for entry in self.registry.by_token.get(part, ())}
            best: tuple[float, str, Entry] | None = None
            for entry in shared:
                for form in self.registry.forms[entry]:
                    if form.count(" ") == key.count(" "):
                        score = fuzz.ratio(key, form, score_cutoff=self.threshold)
                        if score and (best is None or (score, form) > best[:2]):
                            best = (score, form, entry)
            if best is not None:  # garbled, not another romanisation: the canonical name
                found.append(NearMiss(start, end, run[start:end], best[2], best[2].name, LOOSE, 0, False))
        return found

    def spelling(self, entry: Entry, key: str) -> str:
        """The registry's spelling of a normalised form: the accepted form as written, or the
        canonical name for the name itself and for a wrong form."""
        found = self._spellings.get((entry, key))
        if found is None:
            found = next((form for form in entry.accepted if normalize(form) == key), entry.name)
            self._spellings[(entry, key)] = found
        return found

    def confident(self, near: NearMiss, text: str, start: int, end: int) -> bool:
        """A near-miss is reported when it is one slip in a long enough word unknown to the
        lexicon, or when its sentence names the person's role, country or organisation (as
        it must for a slip that the lexicon lists, far rarer than the name: "Freidrich Merz")."""
        if near.edits == 1 and near.length >= self.min_slip and not near.word:
            return True
        if near.word and near.edits > 1:
            return False  # a word of the lexicon two letters from a name is no slip of it
        lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
        ends = [m.end() for m in SENTENCE_END.finditer(text, lo, start)]
        lo = ends[-1] if ends else lo
        stop = SENTENCE_END.search(text, end, hi)
        hi = stop.start() if stop else hi
        padded = f" {normalize(text[lo:start])} {normalize(text[end:hi])} "
        if near.edits == LOOSE:  # the role and the country as the name's title: "South Korean President"
            title = f" {normalize(text[max(lo, start - TITLE_CHARS) : start])} "
            role, country = self.registry.role_and_country(near.entry)
            return any(f" {word} " in title for word in role) and any(f" {word} " in title for word in country)
        return any(f" {word} " in padded for word in self.registry.context(near.entry))


def _stamp(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        stat = os.stat(path)
    except OSError:
        return str(path)
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


@lru_cache(maxsize=4)
def load_lexicon(
    registry: Path, places: Path | None, proper: Path | None, lookalikes: Path | None, target_zipf: float
) -> NameLexicon:
    """The NameLexicon of these files, its tables kept in the cache folder between runs."""

    def build() -> LexiconTables:
        registry_words = load_registry(registry).by_token
        place_words = load_places(places).words if places else frozenset()
        proper_text = proper.read_text(encoding="utf-8") if proper else ""
        lookalike_text = lookalikes.read_text(encoding="utf-8") if lookalikes else ""
        return lexicon_tables(registry_words, place_words, proper_text, lookalike_text, target_zipf)

    modules = (cache.installed("textfix.nameindex"), cache.installed("textfix.namefinder"))
    variant = "|".join(("name-lexicon", str(target_zipf), _stamp(places), _stamp(proper), _stamp(lookalikes), *modules))
    return lexicon_from(cache.parsed(registry, variant, build))
