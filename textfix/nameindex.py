"""Near-miss candidates among tens of thousands of name words, by a deletion index.

A word and a name are one slip apart (a letter left out, added or changed, or two letters
swapped) when one of them, less at most one letter, equals the other less at most one
letter; two slips apart when each, less at most two letters, meets the other: the
symmetric-delete idea of SymSpell. The index keeps, for every name word, each of its
one-letter deletions (and two-letter ones for the names whose two-slip misspellings are
looked for: the registry's); a word's candidates are the names that share a deletion with
it, found in a few dozen lookups whatever the number of names, where comparing the word
with every name took time in proportion to them.

The index is two sorted arrays (a 32-bit hash of each deletion, and the word it came from)
that are kept in the cache folder as bytes: loading them costs a memory copy, where a dict
of half a million strings took a tenth of a second to load on every start. A hash that two
deletions share only adds a candidate, which the edit distance then drops.
"""

from __future__ import annotations

import bisect
import zlib
from array import array
from collections.abc import Iterable
from typing import TypeAlias

from rapidfuzz.distance import OSA

from textfix.namefinder import normalize

# The edit distance (letters left out, added or changed, or two adjacent swapped) past which
# a candidate is not a slip of the word: two deletions can reach no farther.
MAX_EDITS = 2


def deletes(word: str, depth: int = 1) -> set[str]:
    """The word and each string made from it by leaving out up to `depth` letters."""
    found = {word}
    for _ in range(depth):
        found |= {key[:i] + key[i + 1 :] for key in found for i in range(len(key))}
    return found


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


# Hashes are looked up in the slice of the sorted array that shares their top bits: a
# binary search over a few entries, where one over the whole array took most of a lookup.
_BUCKET_SHIFT = 16


def _buckets(hashes: array[int]) -> array[int]:
    """Where in `hashes` (sorted) each value of the top bits starts, and the end."""
    starts, at = array("I"), 0
    for bucket in range(1 << (32 - _BUCKET_SHIFT)):
        at = bisect.bisect_left(hashes, bucket << _BUCKET_SHIFT, at)
        starts.append(at)
    starts.append(len(hashes))
    return starts


# The words joined by newlines (a list of 30,000 strings took longer to load than the split).
IndexTables = tuple[str, bytes, bytes, bytes]
# Unsigned 32-bit integers: an array while built, then read in place from the bytes kept in
# the cache folder (a view, not a copy).
Ints: TypeAlias = "array[int] | memoryview"


def _ints(data: bytes) -> memoryview:
    return memoryview(data).cast("I")


class NameIndex:
    """Candidate names for a word: the names one slip from it (or two letters, where a
    deletion from each meets)."""

    def __init__(self, words: list[str], hashes: Ints, owners: Ints, buckets: Ints) -> None:
        self.words = words  # the indexed names, normalised (textfix.namefinder.normalize)
        self._hashes = hashes  # sorted
        self._owners = owners  # per hash, the index in `words` of the name it came from
        self._buckets = buckets  # where the hashes of each value of their top bits start

    @classmethod
    def build(cls, names: Iterable[str], deep: frozenset[str] = frozenset()) -> NameIndex:
        """The index of `names`; those in `deep` are found two slips away too."""
        words = sorted(set(names))
        pairs = sorted(
            (_hash(key), owner)
            for owner, word in enumerate(words)
            for key in deletes(word, MAX_EDITS if word in deep else 1)
        )
        hashes, owners = array("I", (h for h, _ in pairs)), array("I", (o for _, o in pairs))
        return cls(words, hashes, owners, _buckets(hashes))

    def tables(self) -> IndexTables:
        """What to keep between runs (`from_tables` makes the index again)."""
        return "\n".join(self.words), bytes(self._hashes), bytes(self._owners), bytes(self._buckets)

    @classmethod
    def from_tables(cls, tables: IndexTables) -> NameIndex:
        words, hashes, owners, buckets = tables
        return cls(words.split("\n") if words else [], _ints(hashes), _ints(owners), _ints(buckets))

    def candidates(self, word: str, edits: int = MAX_EDITS) -> list[tuple[int, str]]:
        """(edits, name) of the names one slip from `word` (two, for those indexed so and
        with `edits` 2), nearest first, then in alphabetical order: the same order in every run."""
        hashes, owners, buckets, found = self._hashes, self._owners, self._buckets, set()
        for key in deletes(word, edits):
            value = _hash(key)
            bucket = value >> _BUCKET_SHIFT
            at, end = bisect.bisect_left(hashes, value, buckets[bucket], buckets[bucket + 1]), len(hashes)
            while at < end and hashes[at] == value:
                found.add(owners[at])
                at += 1
        near = []
        for owner in found:
            name = self.words[owner]
            if name != word:
                distance = OSA.distance(word, name, score_cutoff=edits)
                if distance <= edits:
                    near.append((distance, name))
        return sorted(near)


# What a word of a name is to the names check (`NameLexicon.kind`): a name; a word of
# English; a word of the lexicon far rarer than a name one slip from it (a misspelling
# common enough to be listed: "freidrich"); unknown to the lexicon.
NAME, WORD, RARE, UNKNOWN = "name", "word", "rare", "unknown"


class HashSet:
    """A set of strings kept as their sorted hashes: loaded as one copy of bytes, where a
    set of 150,000 strings took a tenth of a second to make on every start. A string that
    only shares a hash with a member (one in tens of thousands of lookups) counts as one."""

    def __init__(self, hashes: Ints) -> None:
        self._hashes = hashes

    @classmethod
    def of(cls, items: Iterable[str]) -> HashSet:
        return cls(array("I", sorted({_hash(item) for item in items})))

    @classmethod
    def from_bytes(cls, data: bytes) -> HashSet:
        return cls(_ints(data))

    def tobytes(self) -> bytes:
        return bytes(self._hashes)

    def __contains__(self, item: str) -> bool:
        value = _hash(item)
        at = bisect.bisect_left(self._hashes, value)
        return at < len(self._hashes) and self._hashes[at] == value


class NameLexicon:
    """What the names check knows of single words, without a frequency lexicon at hand:
    the names of people and places (never "corrected" into another), the words of English
    one slip from a name (real words, never misspelt names), the frequent proper names a
    misspelt word may be suggested as (with their Zipf frequency and spelling), and the
    deletion index over every name a slip may be taken for."""

    def __init__(
        self, names: HashSet, words: HashSet, rare: HashSet, proper: dict[str, tuple[float, str]], index: NameIndex
    ) -> None:
        self.names = names  # normalised words of names
        self.words = words  # normalised words of English one slip from a name
        self.rare = rare  # words of the lexicon far rarer than a name one slip from them
        self.proper = proper  # normalised proper name -> (Zipf frequency, spelling)
        self.index = index

    def kind(self, word: str) -> str:
        """NAME, WORD, RARE or UNKNOWN for a normalised word."""
        if word in self.names:
            return NAME
        if word in self.words:
            return WORD
        return RARE if word in self.rare else UNKNOWN


# The proper names as their normalised forms and spellings (each joined by newlines) and
# their Zipf frequencies (an array of floats): loaded faster than a dict of tuples.
LexiconTables = tuple[bytes, bytes, bytes, tuple[str, str, bytes], IndexTables]


def lexicon_tables(
    registry_words: Iterable[str], place_words: Iterable[str], proper_names: str, lookalikes: str, target_zipf: float
) -> LexiconTables:
    """The tables of a NameLexicon, from the registry's and the places' normalised words and
    the text of proper_names.tsv and name_lookalikes.txt (see scripts/build_proper_names.py):
    plain lists, dicts and bytes, which the cache folder keeps and loads fast."""
    proper: dict[str, tuple[float, str]] = {}
    for line in proper_names.splitlines():
        if line and not line.startswith("#"):
            spelling, _, value = line.partition("\t")
            key = normalize(spelling)
            zipf = float(value or 0)
            if " " not in key and zipf > proper.get(key, (-1.0, ""))[0]:
                proper[key] = (zipf, spelling)
    registry = {part for word in registry_words for part in word.split()}
    places = {part for word in place_words for part in normalize(word).split()}
    names = registry | places | set(proper)
    listed = [w for w in lookalikes.split() if not w.startswith("#")]
    words, rare = [w for w in listed if w[0] != "~"], [w[1:] for w in listed if w[0] == "~"]
    indexed = registry | places | {key for key, (zipf, _) in proper.items() if zipf >= target_zipf}
    index = NameIndex.build(indexed, frozenset(registry))
    proper = {key: value for key, value in proper.items() if value[0] >= target_zipf}  # the only ones suggested
    sets = (HashSet.of(names).tobytes(), HashSet.of(words).tobytes(), HashSet.of(rare).tobytes())
    keys = sorted(proper)
    joined = ("\n".join(keys), "\n".join(proper[key][1] for key in keys))
    return *sets, (*joined, array("f", (proper[key][0] for key in keys)).tobytes()), index.tables()


def lexicon_from(tables: LexiconTables) -> NameLexicon:
    names, words, rare, (keys, spellings, zipfs), index = tables
    frequencies = memoryview(zipfs).cast("f")
    proper = (
        dict(zip(keys.split("\n"), zip(frequencies, spellings.split("\n"), strict=True), strict=True)) if keys else {}
    )
    sets = (HashSet.from_bytes(names), HashSet.from_bytes(words), HashSet.from_bytes(rare))
    return NameLexicon(*sets, proper, NameIndex.from_tables(index))
