"""One source translated two ways, or two opposite sources translated one way, in a project."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from textfix import project
from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Finding
from textfix.project import Entry, Index
from textfix.rule import Rule

_WORD = re.compile(r"\w+")
# Word pairs whose swap turns a source into its opposite: two such sources sharing one
# translation is a copy-paste error, never a house style.
_OPPOSITES = {
    frozenset(pair.split("/"))
    for pair in (
        "enable/disable enabled/disabled show/hide shown/hidden visible/hidden open/close opened/closed "
        "on/off before/after first/last previous/next min/max minimum/maximum increase/decrease "
        "yes/no true/false allow/deny allowed/denied start/end start/stop ascending/descending "
        "upper/lower left/right import/export upload/download include/exclude public/private "
        "success/failure input/output expand/collapse older/newer earlier/later above/below "
        "more/less greater/less accept/reject send/receive login/logout in/out up/down top/bottom "
        "add/remove added/removed lock/unlock valid/invalid active/inactive from/to since/until "
        "with/without required/optional read/unread selected/unselected today/yesterday today/tomorrow"
    ).split()
}
_NEGATIONS = {"not", "no", "non", "never", "without"}
_PREFIXES = ("un", "in", "dis", "non", "im")


def _opposite(a: str, b: str) -> bool:
    if frozenset((a, b)) in _OPPOSITES:
        return True
    if a.isdigit() and b.isdigit():  # "Level 1" and "Level 2"
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and any(long == prefix + short for prefix in _PREFIXES)


def opposed(a: str, b: str) -> bool:
    """Whether two normalised sources say opposite things: one word swapped for its opposite
    (or a different number), or one negated by a "not"."""
    x, y = _WORD.findall(a), _WORD.findall(b)
    if len(x) == len(y):
        differ = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
        return len(differ) == 1 and _opposite(*differ[0])
    if abs(len(x) - len(y)) != 1:
        return False
    short, long = sorted((x, y), key=len)
    return any(long[i] in _NEGATIONS and long[:i] + long[i + 1 :] == short for i in range(len(long)))


class TranslationConsistencyKind(BaseKind):
    """`kind: translation_consistency`: translations compared across the files of a run
    (a document alone where it is checked outside a run).

    Options (name, type, default: meaning):

    - compare (str, "translations"): "translations": a source translated two ways flags
      the less used translation (on a tie, the one found later); "sources": two sources
      that say opposite things ("Enable"/"Disable", "Level 1"/"Level 2") translated the same
      way flag the later one.

    Sources and translations are compared normalised: spacing, accelerator markers ("&",
    "_"), quotes and end punctuation do not count, nor, in translations, case and
    placeholders (a source keeps both: "may" and "May" are two messages). Segments with
    no source, fuzzy, plural forms and sources of one or two characters are left out;
    a context (PO msgctxt) is compared only with itself, a language only with itself.

    Message fields: source, other (the other translation or source), where (its file:line),
    count, total. No fix: which translation is right is the translator's call.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"compare": str}

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.compare = rule.options.get("compare", "translations")
        if self.compare not in ("translations", "sources"):
            raise rule.error("'compare' is 'translations' or 'sources'")

    def check(self, doc: Document) -> Iterator[Finding]:
        if not doc.segments:
            return
        index = project.of_document(doc)
        for offset, segment in doc.segments:
            key = Index.key_of(doc.path, doc.lang, segment)
            if key is None:
                continue
            entries = index.by_source.get(key, [])
            if self.compare == "translations":
                found = self._variant(entries, project.normalise(segment.text))
            else:
                found = self._opposed(index, key, entries, doc.path, segment.source or "", segment.text)
            if found is not None:
                other, count, total = found
                message = self.format_message(
                    source=segment.source or "",
                    other=other.target if self.compare == "translations" else other.source,
                    where=other.where,
                    count=str(count),
                    total=str(total),
                )
                yield self.finding(offset, offset + len(segment.text), message)

    @staticmethod
    def _variant(entries: list[Entry], target: str) -> tuple[Entry, int, int] | None:
        """The most used translation among `entries` (the first found on a tie), when `target` is another."""
        if all(entry.key == target for entry in entries):
            return None  # nearly every source: one translation
        counts = Counter(entry.key for entry in entries)
        winner = max(counts, key=lambda k: counts[k])  # Counter keeps first-seen order: ties go to the first
        if target == winner or target not in counts:
            return None
        first = next(entry for entry in entries if entry.key == winner)
        return first, counts[winner], len(entries)

    @staticmethod
    def _opposed(
        index: Index, key: tuple[str, str, str], entries: list[Entry], path: str, source: str, target: str
    ) -> tuple[Entry, int, int] | None:
        """An earlier translation, the same as this one, of a source that says the opposite."""
        mine = next((e for e in entries if e.source == source and e.target == target and _in(e, path)), None)
        if mine is None:
            return None
        same = index.by_target.get((key[0], mine.key), [])
        for entry in same:
            if entry is mine:
                return None  # only an earlier one is reported: each pair once
            if opposed(project.normalise(entry.source, source=True).casefold(), key[2].casefold()):
                return entry, 2, len(same)
        return None


def _in(entry: Entry, path: str) -> bool:
    return entry.where.startswith((f"{path}:", f"{path} ("))
