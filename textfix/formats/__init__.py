"""File formats: which format a file is in, and checking a file in it.

Plain text and Markdown are checked whole, as today. The translation and markup formats
(PO, XLIFF, subtitles, HTML) are read into segments by an adapter (`formats/<name>.py`,
a `read(text) -> Segmented` function), checked as one text, and their findings mapped back
into the file (`segments.Layout`). A file is in the format its suffix says, or the one a
config `formats` pattern gives it; a file that cannot be read as its format is an error,
never quietly checked as plain text. TMX, TSV and JSON lines files are read as the
`ReadOptions` say (the source language, the columns); a plain text file given a source
(`--source`) is paired with it (formats/aligned.py).
"""

from __future__ import annotations

import fnmatch
import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from textfix.documents import Document
from textfix.formats.segments import FormatError, Layout, Segmented
from textfix.formats.tsv import Columns
from textfix.model import Finding

# format name -> the module that reads it (None: checked whole, as a Document)
FORMATS: dict[str, str | None] = {
    "text": None,
    "markdown": None,
    "po": "textfix.formats.po",
    "xliff": "textfix.formats.xliff",
    "srt": "textfix.formats.srt",
    "vtt": "textfix.formats.vtt",
    "html": "textfix.formats.html",
    "tmx": "textfix.formats.tmx",
    "tsv": "textfix.formats.tsv",
    "jsonl": "textfix.formats.jsonl",
}

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".po": "po",
    ".pot": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".srt": "srt",
    ".vtt": "vtt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".tmx": "tmx",
}
# Formats of files named on the command line (or by a config `formats` pattern) but not
# found by a folder walk: a project's .tsv and .jsonl files are mostly data, not translations.
NAMED_SUFFIXES: dict[str, str] = {".tsv": "tsv", ".jsonl": "jsonl"}

# Files a run has read already, before checking them (`project.indexing` reads them all to
# compare their translations): path -> (text, segments), used where the text is the same.
read_ahead: dict[str, tuple[str, Segmented]] = {}

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Columns",
    "FormatError",
    "ReadOptions",
    "check",
    "format_of",
    "language_of",
    "reader",
]


@dataclass(frozen=True)
class ReadOptions:
    """How to read the files whose format leaves it open: which TMX language is the source
    (None: the header's srclang), which TSV columns or JSON keys hold the source and the
    target, and the source text of a plain text target (`--source`)."""

    source_language: str | None = None
    columns: Columns = field(default_factory=Columns)
    source_text: str | None = None


NO_OPTIONS = ReadOptions()


def _first_match(path: str | PurePath, patterns: Iterable[tuple[str, str]]) -> str | None:
    """The value of the first config pattern that matches: a glob on the file name, or on
    the absolute path where the pattern holds a "/"."""
    for pattern, value in patterns:
        if fnmatch.fnmatchcase(Path(path).absolute().as_posix() if "/" in pattern else PurePath(path).name, pattern):
            return value
    return None


def format_of(path: str | PurePath, patterns: Iterable[tuple[str, str]] = (), *, named: bool = True) -> str | None:
    """The format of the file at `path`: the first config pattern's that matches, else its
    suffix's (for a file a folder walk found, `named=False`, not the NAMED_SUFFIXES); None
    where neither knows it."""
    found = _first_match(path, patterns)
    if found:
        return found
    suffix = PurePath(path).suffix.lower()
    return SUFFIXES.get(suffix) or (NAMED_SUFFIXES.get(suffix) if named else None)


def language_of(
    path: str | PurePath, patterns: Iterable[tuple[str, str]] = (), default: str | None = None
) -> str | None:
    """The language of the text in the file at `path`, where the file does not say it: the
    first config pattern's that matches, else `default` (the run's --language)."""
    return _first_match(path, patterns) or default


def reader(name: str, options: ReadOptions = NO_OPTIONS) -> Callable[[str], Segmented] | None:
    """The adapter's `read` for a segmented format, None for a format checked whole."""
    module = FORMATS[name]
    if module is None:
        return None
    read: Callable[..., Segmented] = importlib.import_module(module).read
    if name == "tmx":
        return functools.partial(read, source_language=options.source_language)
    if name in ("tsv", "jsonl"):
        return functools.partial(read, columns=options.columns)
    return read


def pair_source(doc: Document, options: ReadOptions) -> Document:
    """Give a plain text document its source's paragraphs (or lines) as segments, where a
    source was given and still pairs with the text (a fix may have changed its counts)."""
    from textfix.formats.aligned import AlignError, align

    if options.source_text is not None:
        try:
            doc.segments = [(segment.pieces[0].file_start, segment) for segment in align(doc.text, options.source_text)]
        except AlignError:
            doc.segments = None
    return doc


def check(
    text: str,
    path: str,
    name: str | None,
    run: Callable[[Document], list[Finding]],
    lang: str | None = None,
    options: ReadOptions = NO_OPTIONS,
) -> tuple[list[Finding], Segmented | None]:
    """`run`'s findings on the file's text, in file coordinates, and the file's segments
    (None for a format checked whole). `lang` is the text's language where the file's own
    metadata does not say it. Raises FormatError for a file that is not valid in its format."""
    read = reader(name, options) if name else None
    if read is None:
        return run(pair_source(Document(text, path, markdown=name == "markdown", lang=lang), options)), None
    ahead = read_ahead.get(path)
    segmented = ahead[1] if ahead is not None and ahead[0] == text else read(text)
    layout = Layout.build(segmented)
    doc = Document(layout.text, path, lang=segmented.lang or lang, comment_spans=layout.comment_spans)
    doc.segments = list(zip(layout.starts, segmented.segments, strict=True))
    return layout.to_file(run(doc)), segmented
