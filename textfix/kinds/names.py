"""Names of public figures checked against the registry: listed variants and near-misses."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import ClassVar, TypeAlias

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.namefinder import PAIR, is_title, keep, normalize, runs, tokens, windows
from textfix.names_registry import Entry, Registry, load_registry
from textfix.rule import Rule

CONTEXT_CHARS = 60

# What a run holds, at offsets from its start: a listed variant (start, end, form, entry), and
# a near-miss candidate (start, end, form, entry, similarity).
Variant: TypeAlias = tuple[int, int, str, Entry]
NearMiss: TypeAlias = tuple[int, int, str, Entry, float]


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (disjoint, sorted). A scan of the whole
    list made a long run of capitalised words quadratic."""
    index = bisect.bisect_left(spans, (end, -1)) - 1  # the last span starting before `end`
    return index >= 0 and spans[index][1] > start


class NamesKind(BaseKind):
    """`kind: names`: names of public figures checked against a registry.

    Options (name, type, default: meaning):

    - registry (str, required): the registry file, relative to the rule file; a listed
      variant is a safe fix to the canonical name.
    - countries (str, none): context words per country, relative to the rule file.
    - threshold (int or float, 70): the least similarity (rapidfuzz ratio, 0-100) for a
      near-miss, reported (unsafe fix) only when one letter away or when the text before
      it names the person's role or country.
    - variant_message (str, "'{match}' is a variant spelling of '{replacement}'"): the
      message for a listed variant; `message` is used for near-misses.

    Message fields: match, replacement, role, score. Default fix: safe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "registry": str,
        "countries": str,
        "threshold": (int, float),
        "variant_message": str,
    }
    REQUIRED: ClassVar[tuple[str, ...]] = ("registry",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE
    trigger = PAIR

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        base = rule.origin.parent
        countries: str | None = self.option("countries")
        self.registry: Registry = load_registry(
            base / rule.options["registry"], base / countries if countries else None
        )
        self.threshold = float(self.option("threshold", 70))
        self.variant_message: str = self.option("variant_message", "'{match}' is a variant spelling of '{replacement}'")
        self._fuzzy_cache: dict[str, tuple[Entry, float] | None] = {}
        self._runs: dict[str, tuple[list[Variant], list[NearMiss]]] = {}
        self.longest = max(
            (len(n.split()) for n in self.registry.by_variant.keys() | {e.name for e in self.registry.entries}),
            default=2,
        )

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for base, run in runs(doc):
            variants, near_misses = self.read_run(run)
            for start, end, form, entry in variants:
                start, end = base + start, base + end
                message = self.variant_message.format(match=form, replacement=entry.name)
                yield self.finding(
                    start, end, f"{message} ({entry.role})", self.replace(start, end, entry.name, Applicability.SAFE)
                )
            covered = -1
            for start, end, form, entry, score in near_misses:
                start, end = base + start, base + end
                if start < covered:
                    continue
                context = normalize(text[max(0, start - CONTEXT_CHARS) : start])
                if not self.confident(form, entry, context):
                    continue
                covered = end
                message = self.format_message(match=form, replacement=entry.name, role=entry.role, score=f"{score:.0f}")
                yield self.finding(start, end, message, self.replace(start, end, entry.name, Applicability.UNSAFE))

    def read_run(self, run: str) -> tuple[list[Variant], list[NearMiss]]:
        """A run's listed variants and its near-miss candidates (to be weighed in context),
        at offsets from the run's start. Names recur, so each run's reading is kept."""
        cached = self._runs.get(run)
        if cached is not None:
            return cached
        words = tokens(run)
        spans = [(i, j, words[i].start, words[j - 1].end) for i, j in windows(words, self.longest)]
        # Known names first, most words first, so that a near-miss never overlaps a real name.
        known: list[tuple[int, int]] = []  # disjoint spans, kept sorted
        variants: list[Variant] = []
        for _, _, start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if overlaps(known, start, end):
                continue
            form = run[start:end]
            entry = self.registry.by_variant.get(form)
            if entry is not None and normalize(form) != normalize(entry.name):
                bisect.insort(known, (start, end))
                variants.append((start, end, form, entry))
            elif normalize(form) in self.registry.by_normal:
                bisect.insort(known, (start, end))
        near_misses: list[NearMiss] = []
        for i, _, start, end in spans:
            if is_title(words[i]) or overlaps(known, start, end):
                continue
            form = run[start:end]
            match = self.near_miss(form)
            if match is not None:
                near_misses.append((start, end, form, *match))
        return keep(self._runs, run, (variants, near_misses))

    def near_miss(self, form: str) -> tuple[Entry, float] | None:
        if form in self._fuzzy_cache:
            return self._fuzzy_cache[form]
        key = normalize(form)
        words = key.split()
        best: tuple[Entry, float] | None = None
        candidates = {e for w in words for e in self.registry.by_token.get(w, ())}
        for entry in candidates:
            for known in self.registry.forms[entry]:
                if len(known.split()) != len(words):
                    continue
                score = fuzz.ratio(key, known)
                if score >= self.threshold and (best is None or score > best[1]):
                    best = (entry, score)
        return keep(self._fuzzy_cache, form, best)

    def confident(self, form: str, entry: Entry, context: str) -> bool:
        """A near-miss is reported only when it is one slip away, or the text names the role or country."""
        key = normalize(form)
        nearest = min(Levenshtein.distance(key, known) for known in self.registry.forms[entry])
        if nearest == 1 and len(key) >= 8:
            return True
        padded = f" {context} "
        return any(f" {word} " in padded for word in self.registry.context(entry))
