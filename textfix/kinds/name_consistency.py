"""One document spelling a name two ways ("Jens Stoltenberg" and "Jens Stoltenburg")."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import ClassVar, TypeAlias

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.namefinder import PAIR, is_title, keep, normalize, runs, tokens, windows, without_possessive
from textfix.names_registry import Entry, Registry, load_registry
from textfix.rule import Rule

Run: TypeAlias = tuple[int, str]  # (start, text) of a run of capitalised words (namefinder.runs)
# The places to compare words at (see `beside`, `shared_places`): at 0 the words that stand
# before a word of two spellings, at 1 those after a form's first word of two spellings.
Places: TypeAlias = tuple[set[str], set[str]]
# Forms alike but for one word: (their word count, where that word stands, the other words).
FormKey: TypeAlias = tuple[int, int, tuple[str, ...]]
Spans: TypeAlias = dict[str, list[tuple[int, int]]]  # form -> (start, end) of each of its places in the text


def inflected(a: str, b: str) -> bool:
    """Forms of one word are not two spellings: plurals, possessives, demonyms (Korea, Korean)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) or (short.endswith("y") and long == short[:-1] + "ies")


def beside(words: list[str], i: int) -> tuple[int, str]:
    """Where the i-th word of a form stands: (0, the word before it), or for the first word
    (1, the word after it). Two forms alike but for that word have it in the same place."""
    return (0, words[i - 1]) if i else (1, words[1] if len(words) > 1 else "")


class NameConsistencyKind(BaseKind):
    """`kind: name_consistency`: one document spelling a name two ways.

    Options (name, type, default: meaning):

    - registry (str, none): names that win over other spellings, relative to the rule file.
    - threshold (int or float, 80): how alike two spellings of a word must be (rapidfuzz ratio).
    - min_word_length (int, 4): shorter words are not compared.

    The fix suggests the registered form, then the more frequent one; where neither
    decides, the finding has no fix.
    Message fields: match, replacement, count. Default fix: unsafe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "threshold": (int, float),
        "min_word_length": int,
        "registry": str,
    }
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.UNSAFE
    trigger = PAIR

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.threshold = float(self.option("threshold", 80))
        self.min_length = int(self.option("min_word_length", 4))
        registry: str | None = self.option("registry")
        self.registry: Registry | None = load_registry(rule.origin.parent / registry, None) if registry else None
        self._similar_words: dict[tuple[str, str], bool] = {}
        self._registered: dict[str, list[tuple[int, int, str, str, Entry]]] = {}
        self._placed: dict[str, list[tuple[int, str, str]]] = {}
        self.longest = max((len(key.split()) for key in self.registry.by_normal), default=2) if self.registry else 2

    def check(self, doc: Document) -> Iterator[Finding]:
        found = runs(doc)
        if self.registry is not None:
            yield from self.mixed_forms(found)
        # A run recurs in a document (a name, a title): what it holds is read once.
        compared, places = self.where_to_compare(list(dict.fromkeys(run for _, run in found)))
        pairs = self.similar_pairs(self.groups(compared, places))
        if not pairs:
            return
        paired = {form for pair in pairs for form in pair}
        forms = {run: [name for name in self.names_in(run) if name[0] in paired] for run in compared}
        spans: Spans = defaultdict(list)
        for base, run in found:
            for form, start, end in forms.get(run, ()):
                spans[form].append((base + start, base + end))
        # A form may be a slip of several others (in text of few letters, of many): each of its
        # places is reported once, against the one that would win over all of them.
        spelled: dict[str, str] = {}
        for a, b in pairs:
            minority, majority = self.order(a, b, spans)
            if minority not in spelled or self.rank(majority, spans) > self.rank(spelled[minority], spans):
                spelled[minority] = majority
        for minority, majority in spelled.items():
            count = len(spans[majority])
            decided = self.registered(majority) != self.registered(minority) or count != len(spans[minority])
            for start, end in spans[minority]:
                message = self.format_message(match=minority, replacement=majority, count=str(count))
                yield self.finding(start, end, message, self.replace(start, end, majority) if decided else ())

    def mixed_forms(self, found: Iterable[Run]) -> Iterator[Finding]:
        """One registered person written in two forms that the registry allows (the canonical
        name and an accepted one, or two accepted ones): each place of the rarer form is
        reported against the more frequent (on a tie, the canonical name, else the first)."""
        by_entry: dict[Entry, dict[str, list[tuple[int, int, str]]]] = defaultdict(dict)
        registered = {
            run: names for run in dict.fromkeys(run for _, run in found) if (names := self.registered_in(run))
        }
        for base, run in found:
            for start, end, form, key, entry in registered.get(run, ()):
                by_entry[entry].setdefault(key, []).append((base + start, base + end, form))
        for entry, forms in by_entry.items():
            if len(forms) < 2:
                continue
            canonical = normalize(entry.name)
            ranked = sorted(forms, key=lambda key: (-len(forms[key]), key != canonical, forms[key][0][0]))
            majority = forms[ranked[0]]
            written, count = majority[0][2], str(len(majority))
            for key in ranked[1:]:
                for start, end, form in forms[key]:
                    message = self.format_message(match=form, replacement=written, count=count)
                    yield self.finding(start, end, message, self.replace(start, end, written))

    def registered_in(self, run: str) -> list[tuple[int, int, str, str, Entry]]:
        """(start, end, form, normalised form, entry) of the registered names in a run, as
        the canonical name or an accepted form (a wrong form is the names rule's), longest
        first where they overlap. Kept per run: names recur."""
        cached = self._registered.get(run)
        if cached is not None:
            return cached
        assert self.registry is not None
        by_token, by_normal = self.registry.by_token, self.registry.by_normal
        words = tokens(run)
        parts = [normalize(without_possessive(word.text)).split() for word in words]
        named = [all(part in by_token for part in word) for word in parts]
        capital = [word.text[:1].isupper() for word in words]
        found: list[tuple[int, int, str, str, Entry]] = []
        taken: set[int] = set()
        spans = [
            (i, j)
            for i in range(len(words))
            if capital[i] and named[i]
            for j in range(i + 2, min(len(words), i + self.longest) + 1)
            if capital[j - 1] and all(named[i:j])
        ]
        for i, j in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            key = " ".join(part for word in parts[i:j] for part in word)
            entry = by_normal.get(key)
            if entry is None or not taken.isdisjoint(range(i, j)) or not self.allowed(entry, key):
                continue
            taken.update(range(i, j))
            start, end = words[i].start, words[j - 1].start + len(without_possessive(words[j - 1].text))
            found.append((start, end, run[start:end], key, entry))
        return keep(self._registered, run, sorted(found))

    def allowed(self, entry: Entry, key: str) -> bool:
        """Whether a normalised form is the entry's name or one of its accepted forms."""
        return key == normalize(entry.name) or any(normalize(form) == key for form in entry.accepted)

    def names_in(self, run: str) -> list[tuple[str, int, int]]:
        """The name forms a run of capitalised words holds, at offsets from its start."""
        words = tokens(run)
        return [
            (run[words[i].start : words[j - 1].end], words[i].start, words[j - 1].end)
            for i, j in windows(words, longest=4)
            if words[i].text[:1].isupper() and not is_title(words[i])
        ]

    def where_to_compare(self, found: list[str]) -> tuple[list[str], Places]:
        """The runs (each once) that hold forms to compare, and the places (see `beside`) to
        compare their words at."""
        places = self.shared_places(found)
        if not places[0] and not places[1]:  # most documents, and any text of ever new words
            return [], places
        return [run for run in found if self.meets(run, places)], places

    def shared_places(self, found: Iterable[str]) -> Places:
        """The places (see `beside`) where the document has two words that read as two
        spellings of one. Only forms with such a word in such a place are compared.

        A form alike another but for one word has that word where the other has its own: one
        place holds both. Each place is kept with the one word seen there until a second comes,
        so a text of ever new words keeps about one entry per word, where comparing every form
        with every other kept several per form."""
        seen: tuple[dict[str, str | set[str]], dict[str, str | set[str]]] = ({}, {})
        for run in found:
            for side, neighbour, word in self.placed_words(run):
                met = seen[side].get(neighbour)
                if met is None:  # one copy of each word, however many forms hold it
                    seen[side][sys.intern(neighbour)] = sys.intern(word)
                elif isinstance(met, set):
                    met.add(word)
                elif met != word:
                    seen[side][neighbour] = {met, word}
        shared = [
            {neighbour for neighbour, met in places.items() if isinstance(met, set) and self.any_similar(met)}
            for places in seen
        ]
        return shared[0], shared[1]

    def placed_words(self, run: str) -> list[tuple[int, str, str]]:
        """(side, neighbour, word) of each word of the run's forms long enough to be compared,
        where it stands (see `beside`), each once. Kept per run: names recur."""
        cached = self._placed.get(run)
        if cached is not None:
            return cached
        placed: dict[tuple[int, str, str], None] = {}
        for form, _, _ in self.names_in(run):
            words = normalize(form).split()
            for i, word in enumerate(words):
                if len(word) >= self.min_length:  # shorter: no spelling of another (see similar_words)
                    placed[(*beside(words, i), word)] = None
        return keep(self._placed, run, list(placed))

    @staticmethod
    def meets(run: str, places: Places) -> bool:
        """Whether a run holds a word beside which a place is, as any form in it must to be
        compared (a form's words are words of its run: normalized alike, letter by letter)."""
        words = normalize.__wrapped__(run).split()  # uncached: long runs seldom recur
        return not (places[0].isdisjoint(words) and places[1].isdisjoint(words))

    def any_similar(self, words: set[str]) -> bool:
        by_length = sorted(words, key=len)
        for i, a in enumerate(by_length):
            for b in by_length[i + 1 :]:
                if len(b) - len(a) > 2:
                    break  # more than two letters apart: neither is any longer word's spelling
                if self.similar_words(a, b):
                    return True
        return False

    def registered(self, form: str) -> bool:
        return self.registry is not None and normalize(form) in self.registry.by_normal

    def similar_pairs(self, groups: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
        """(minority, majority) pairs of forms that differ in one similar word."""
        pairs: dict[frozenset[str], tuple[str, str]] = {}
        for members in groups:
            for a, (form_a, word_a) in enumerate(members):
                for form_b, word_b in members[a + 1 :]:
                    if not self.similar_words(word_a, word_b):
                        continue
                    if self.registered(form_a) and self.registered(form_b):
                        continue  # two different registered people
                    pairs[frozenset((form_a, form_b))] = (form_a, form_b)
        return list(pairs.values())

    def groups(self, found: Iterable[str], places: Places) -> list[list[tuple[str, str]]]:
        """(form, word) of the forms that are alike but for that word, grouped, in the order the
        groups are first met; only words in the given places (alike forms share their place)."""
        first: dict[FormKey, tuple[str, str]] = {}
        groups: dict[FormKey, list[tuple[str, str]]] = {}
        done: set[str] = set()
        for run in found:
            for form, _, _ in self.names_in(run):
                if form in done:
                    continue
                words = normalize(form).split()
                for i, word in enumerate(words):
                    side, neighbour = beside(words, i)
                    if neighbour not in places[side]:
                        continue
                    done.add(form)
                    key, member = (len(words), i, (*words[:i], *words[i + 1 :])), (form, word)
                    other = first.setdefault(key, member)
                    if other is not member:
                        groups.setdefault(key, [other]).append(member)
        return [groups[key] for key in first if key in groups]

    def similar_words(self, a: str, b: str) -> bool:
        """Whether two words read as two spellings of one (word pairs recur: kept)."""
        similar = self._similar_words.get((a, b))
        if similar is None:
            similar = not (
                a == b
                or min(len(a), len(b)) < self.min_length
                or inflected(a, b)
                or fuzz.ratio(a, b) < self.threshold
                or Levenshtein.distance(a, b) > 2
            )
            keep(self._similar_words, (a, b), similar)
        return similar

    def rank(self, form: str, spans: Spans) -> tuple[bool, int, int]:
        """The registered form wins, then the more frequent, then the earlier."""
        return (self.registered(form), len(spans[form]), -spans[form][0][0])

    def order(self, a: str, b: str, spans: Spans) -> tuple[str, str]:
        """(minority, majority)."""
        return (a, b) if self.rank(a, spans) < self.rank(b, spans) else (b, a)
