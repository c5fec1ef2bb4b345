"""A plain text file and its source in another plain file (`--source`), aligned.

Paragraphs (blank-line separated) pair with paragraphs when both files have as many; else
lines pair with lines when both have as many; files of one paragraph each pair line by line
(a file with no blank lines is one sentence a line). The target stays a plain text file,
checked whole; its paragraphs (or lines) become segments whose sources are the source's, so
that the checks that compare a translation with its source can.
"""

from __future__ import annotations

import re

from textfix.formats.segments import Segment, verbatim_pieces

_LINE = re.compile(r"[^\r\n]*")
_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))+")


class AlignError(ValueError):
    """Files that cannot be paired: the message says what each has."""


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line's start and content; a final line break ends the last line, not a new one."""
    lines, at = [], 0
    while at < len(text):
        line = _LINE.match(text, at)
        assert line is not None
        lines.append((at, line.group()))
        at = line.end() + (2 if text.startswith("\r\n", line.end()) else 1)
    return lines


def _paragraphs(text: str) -> list[tuple[int, str]]:
    paragraphs, at = [], 0
    for gap in [*_BLANK_LINES.finditer(text), None]:
        end = gap.start() if gap else len(text)
        chunk = text[at:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip("\r\n"))
            paragraphs.append((at + lead, chunk.strip("\r\n")))
        at = gap.end() if gap else end
    return paragraphs


def _count(units: int, what: str) -> str:
    return f"{units} {what}{'s' if units != 1 else ''}"


def align(target: str, source: str) -> list[Segment]:
    """The target's paragraphs (or lines) as segments whose sources are the source's; raises
    AlignError where neither count matches."""
    paragraphs, source_paragraphs = _paragraphs(target), _paragraphs(source)
    lines, source_lines = _lines(target), _lines(source)
    if len(paragraphs) == len(source_paragraphs) and (len(paragraphs) > 1 or len(lines) != len(source_lines)):
        pairs = zip(paragraphs, source_paragraphs, strict=True)
    elif len(lines) == len(source_lines):
        pairs = zip(lines, source_lines, strict=True)
    else:
        raise AlignError(
            f"the target has {_count(len(paragraphs), 'paragraph')} and {_count(len(lines), 'line')}, the source "
            f"{_count(len(source_paragraphs), 'paragraph')} and {_count(len(source_lines), 'line')}: they pair "
            "paragraph by paragraph or line by line, so one of the counts must match"
        )
    segments = []
    for (start, text), (_, source_text) in pairs:
        if text.strip():
            line = target.count("\n", 0, start) + 1
            segments.append(Segment(verbatim_pieces(start, text), ref=f"line {line}", source=source_text))
    return segments
