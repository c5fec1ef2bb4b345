"""What the translations of a whole run say: each source's translations across its files.

A rule kind sees one document (one file) at a time, and files are checked in worker
processes. Rules that compare translations across files (`translation_consistency`) read
this index instead: the runner builds it from every file of the run before any is checked
(`indexing`), so that workers forked afterwards inherit the same index and a run in many
processes reports exactly what a run in one does. Outside a run, a document is its own
project (`of_document`).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textfix import formats
from textfix.textfile import FileError, NotText, decode, read_bytes

if TYPE_CHECKING:
    from textfix.documents import Document
    from textfix.formats.segments import Segment

# Placeholders stand for something the translation keeps: any two compare equal, so that
# "%(name)s" and "{name}" in two catalogues do not make two translations differ.
_PLACEHOLDER = re.compile(
    r"%(?:\([^)\s]*\))?[-+ #0]*(?:\d+\$)?\d*(?:\.\d+)?[sdifgxXorcuGeEnb%]"
    r"|\{[^{}\s]*\}|\uFFFC|</?[A-Za-z][^<>]*>"
)
# An accelerator marker before a letter ("&Save", "_Open"); not "R&D" or a word with "_" inside.
_ACCELERATOR = re.compile(r"(?<![\w&])[&_](?=\w)")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2019": "'"})
# Marks a translation may end with or not by its own language's habits ("Date :", "日付：").
_ENDS = " .:;,!?\u2026\u3002\uff1a\uff01\uff1f\uff1b\uff0c\u061f\u060c\u0964\u00bf\u00a1\"'"
_SPACE = re.compile(r"\s+")
_PLURAL_REF = re.compile(r"\[\d+\]\Z")


# Cached: the checks normalise again the texts the index normalised, in workers that inherit it.
@functools.lru_cache(maxsize=1 << 18)
def normalise(text: str, source: bool = False) -> str:
    """The text as two translations are compared: placeholders, accelerators, case, quotes,
    spacing and the marks at either end do not count. Two sources (`source`) keep their
    placeholders and case: "%(field_label)s" and "%(field_labels)s" are two messages, and
    Django's "may" (a month's abbreviation) is not its "May"."""
    text = unicodedata.normalize("NFC", text)
    if not source:
        text = _PLACEHOLDER.sub("\x00", text)
    text = _ACCELERATOR.sub("", text).translate(_QUOTES)
    return _SPACE.sub(" ", text if source else text.casefold()).strip(_ENDS)


@dataclass(frozen=True, slots=True)
class Entry:
    """One translation: where it is ("path:line"), as written, and as compared."""

    where: str
    source: str
    target: str
    key: str  # normalise(target)


@dataclass
class Index:
    """The translations of a run, by (language, context, normalised source), in file order;
    and by (language, normalised target) for checks that compare sources."""

    paths: set[str] = field(default_factory=set)
    by_source: dict[tuple[str, str, str], list[Entry]] = field(default_factory=dict)
    by_target: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)

    def add(self, path: str, lang: str | None, segment: Segment, where: str) -> None:
        key = self.key_of(path, lang, segment)
        target = normalise(segment.text)
        if key is None or not target:
            return
        entry = Entry(where, segment.source or "", segment.text, target)
        self.by_source.setdefault(key, []).append(entry)
        self.by_target.setdefault((key[0], target), []).append(entry)

    @staticmethod
    def key_of(path: str, lang: str | None, segment: Segment) -> tuple[str, str, str] | None:
        """(language, context, normalised source) of a segment of the file at `path`; None
        for one not compared: no source, not reviewed (fuzzy), a plural form (its forms
        differ by design), a source of one or two characters."""
        if segment.source is None or segment.note == "fuzzy" or _PLURAL_REF.search(segment.ref):
            return None
        source = normalise(segment.source, source=True)
        if len(source) <= 2 or not any(c.isalpha() for c in source):
            return None
        # A file of unknown language is compared with itself only; regional variants and
        # scripts (pt_BR and pt, zh_Hans and zh_Hant) are catalogues of their own.
        language = segment.lang or lang
        # Context (a PO msgctxt) means another meaning: compared only within it.
        context = segment.ref.partition("\x04")[0] if "\x04" in segment.ref else ""
        return (language.replace("-", "_").lower() if language else f"?{path}", context, source)


def _lines(file_text: str) -> Callable[[Segment], int]:
    """The 1-based line a segment of `file_text` starts on (0 for an empty one)."""
    starts = [0, *(m.end() for m in re.finditer("\n", file_text))]
    return lambda segment: bisect.bisect_right(starts, segment.pieces[0].file_start) if segment.pieces else 0


def index_file(index: Index, path: Path, patterns: Iterable[tuple[str, str]] = ()) -> None:
    """Add the translations of the file at `path`; a file that cannot be read adds nothing
    (its check reports why)."""
    name = formats.format_of(path, patterns)
    read = formats.reader(name) if name else None
    if read is None:
        return
    try:
        text = decode(path, read_bytes(path), fingerprint=False).text
        segmented = read(text)
    except (FileError, NotText, formats.FormatError, ValueError):
        return
    index.paths.add(str(path))
    formats.read_ahead[str(path)] = (text, segmented)
    line = _lines(text)
    for segment in segmented.segments:
        index.add(str(path), segmented.lang, segment, f"{path}:{line(segment)}")


_current: Index | None = None


@contextmanager
def indexing(files: Iterable[tuple[Path, Iterable[tuple[str, str]]]]) -> Iterator[Index]:
    """For the time of a run: the index of `files` (path, the config's format patterns),
    which `current` returns, here and in workers forked meanwhile."""
    global _current
    index = Index()
    for path, patterns in files:
        index_file(index, path, patterns)
    saved, _current = _current, index
    try:
        yield index
    finally:
        _current = saved
        formats.read_ahead.clear()


def current() -> Index | None:
    return _current


def of_document(doc: Document) -> Index:
    """The index a check of `doc` compares with: the run's, where it holds the file; else
    the document's own segments (lines counted in the file on disk when it is there)."""
    if _current is not None and doc.path in _current.paths:
        return _current
    index = Index()
    try:
        file_text: str | None = Path(doc.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        file_text = None
    line_of = _lines(file_text) if file_text is not None else lambda _segment: 0
    for _, segment in doc.segments or ():
        line = line_of(segment)
        index.add(doc.path, doc.lang, segment, f"{doc.path}:{line}" if line else f"{doc.path} ({segment.ref!r})")
    return index
