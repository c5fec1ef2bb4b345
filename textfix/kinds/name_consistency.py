"""One document spelling a name two ways ("Jens Stoltenberg" and "Jens Stoltenburg")."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from textfix.kinds import BaseKind
from textfix.model import Applicability
from textfix.namefinder import PAIR, is_title, keep, normalize, runs, tokens, windows
from textfix.names_registry import load_registry


def inflected(a: str, b: str) -> bool:
    """Forms of one word are not two spellings: plurals, possessives, demonyms (Korea, Korean)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) or (short.endswith("y") and long == short[:-1] + "ies")


class Kind(BaseKind):
    OPTIONS = {"threshold": (int, float), "min_word_length": int, "registry": str}
    DEFAULT_FIX = Applicability.UNSAFE
    trigger = PAIR

    def __init__(self, rule):
        super().__init__(rule)
        self.threshold = float(self.option("threshold", 80))
        self.min_length = int(self.option("min_word_length", 4))
        registry = self.option("registry")
        self.registry = load_registry(rule.origin.parent / registry, None) if registry else None
        self._runs: dict[str, list[tuple[str, int, int]]] = {}
        self._group_keys: dict[str, list[tuple[tuple, tuple[str, str]]]] = {}
        self._similar_words: dict[tuple[str, str], bool] = {}

    def check(self, doc):
        found = runs(doc)
        pairs = self.similar_pairs(list(dict.fromkeys(form for _, run in found for form, _, _ in self.names_in(run))))
        if not pairs:  # most documents: where each form stands is not needed
            return
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for base, run in found:
            for form, start, end in self.names_in(run):
                spans[form].append((base + start, base + end))
        for a, b in pairs:
            minority, majority = self.order(a, b, spans)
            count = len(spans[majority])
            decided = self.registered(majority) != self.registered(minority) or count != len(spans[minority])
            for start, end in spans[minority]:
                message = self.format_message(match=minority, replacement=majority, count=str(count))
                yield self.finding(start, end, message, self.replace(start, end, majority) if decided else ())

    def names_in(self, run: str) -> list[tuple[str, int, int]]:
        """The name forms a run of capitalised words holds, at offsets from its start (kept:
        names recur)."""
        found = self._runs.get(run)
        if found is None:
            words = tokens(run)
            found = keep(self._runs, run, [
                (run[words[i].start : words[j - 1].end], words[i].start, words[j - 1].end)
                for i, j in windows(words, longest=4)
                if words[i].text[:1].isupper() and not is_title(words[i])
            ])
        return found

    def registered(self, form: str) -> bool:
        return self.registry is not None and normalize(form) in self.registry.by_normal

    def similar_pairs(self, forms: list[str]) -> list[tuple[str, str]]:
        """(minority, majority) pairs of forms that differ in one similar word."""
        pairs = {}
        for members in self.groups(forms):
            for a, (form_a, word_a) in enumerate(members):
                for form_b, word_b in members[a + 1 :]:
                    if not self.similar_words(word_a, word_b):
                        continue
                    if self.registered(form_a) and self.registered(form_b):
                        continue  # two different registered people
                    pairs[frozenset((form_a, form_b))] = (form_a, form_b)
        return list(pairs.values())

    def groups(self, forms: list[str]):
        """(form, word) of the forms that are alike but for that word, grouped, in the order the
        groups are first met. Most forms are alike no other: no group is made for them."""
        first: dict[tuple, tuple[str, str]] = {}
        groups: dict[tuple, list[tuple[str, str]]] = {}
        for form in forms:
            for key, member in self.group_keys(form):
                other = first.setdefault(key, member)
                if other is not member:
                    groups.setdefault(key, [other]).append(member)
        return [groups[key] for key in first if key in groups]

    def group_keys(self, form: str) -> list[tuple[tuple, tuple[str, str]]]:
        """For each word of the form: the rest of the form (with the word's place), and (form, word)."""
        keys = self._group_keys.get(form)
        if keys is None:
            words = normalize(form).split()
            keys = [((len(words), i, *words[:i], *words[i + 1 :]), (form, word)) for i, word in enumerate(words)]
            keep(self._group_keys, form, keys)
        return keys

    def similar_words(self, a: str, b: str) -> bool:
        """Whether two words read as two spellings of one (word pairs recur: kept)."""
        similar = self._similar_words.get((a, b))
        if similar is None:
            similar = not (
                a == b or min(len(a), len(b)) < self.min_length or inflected(a, b)
                or fuzz.ratio(a, b) < self.threshold or Levenshtein.distance(a, b) > 2
            )
            keep(self._similar_words, (a, b), similar)
        return similar

    def order(self, a: str, b: str, spans: dict) -> tuple[str, str]:
        """(minority, majority): the registered form wins, then the more frequent, then the earlier."""
        def rank(form):
            return (self.registered(form), len(spans[form]), -spans[form][0][0])

        return (a, b) if rank(a) < rank(b) else (b, a)
