"""File formats: which format a file is in, and checking a file in it.

Plain text and Markdown are checked whole, as today. The translation and markup formats
(PO, XLIFF, subtitles, HTML) are read into segments by an adapter (`formats/<name>.py`,
a `read(text) -> Segmented` function), checked as one text, and their findings mapped back
into the file (`segments.Layout`). A file is in the format its suffix says, or the one a
config `formats` pattern gives it; a file that cannot be read as its format is an error,
never quietly checked as plain text.
"""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

from textfix.documents import Document
from textfix.formats.segments import FormatError, Layout, Segmented
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
}

# Files a run has read already, before checking them (`project.indexing` reads them all to
# compare their translations): path -> (text, segments), used where the text is the same.
read_ahead: dict[str, tuple[str, Segmented]] = {}

__all__ = ["FORMATS", "SUFFIXES", "FormatError", "check", "format_of", "reader"]


def format_of(path: str | PurePath, patterns: Iterable[tuple[str, str]] = ()) -> str | None:
    """The format of the file at `path`: the first config pattern (glob on the file name, or
    on the absolute path where the pattern holds a "/") that matches, else its suffix's; None
    where neither knows it."""
    pure = PurePath(path)
    for pattern, name in patterns:
        if fnmatch.fnmatchcase(Path(path).absolute().as_posix() if "/" in pattern else pure.name, pattern):
            return name
    return SUFFIXES.get(pure.suffix.lower())


def reader(name: str) -> Callable[[str], Segmented] | None:
    """The adapter's `read` for a segmented format, None for a format checked whole."""
    module = FORMATS[name]
    if module is None:
        return None
    read: Callable[[str], Segmented] = importlib.import_module(module).read
    return read


def check(
    text: str, path: str, name: str | None, run: Callable[[Document], list[Finding]]
) -> tuple[list[Finding], Segmented | None]:
    """`run`'s findings on the file's text, in file coordinates, and the file's segments
    (None for a format checked whole). Raises FormatError for a file that is not valid in
    its format."""
    read = reader(name) if name else None
    if read is None:
        return run(Document(text, path, markdown=name == "markdown")), None
    ahead = read_ahead.get(path)
    segmented = ahead[1] if ahead is not None and ahead[0] == text else read(text)
    layout = Layout.build(segmented)
    doc = Document(layout.text, path, lang=segmented.lang, comment_spans=layout.comment_spans)
    doc.segments = list(zip(layout.starts, segmented.segments, strict=True))
    return layout.to_file(run(doc)), segmented
