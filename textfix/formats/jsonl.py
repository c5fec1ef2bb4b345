"""JSON lines with a source and a target: each line's target string is a segment.

A line is a JSON object (or array). The source and target are the keys `[columns]` in the
config names, else "source" and "target", else the object's first and second keys (an
array's first and second items). A target that is null is untranslated: nothing to check.
A string's escapes read as their characters and are edited only whole, and new text is
escaped as JSON writes it. A line that is not JSON, or whose source or target is missing
or not a string, is an error that names the line.
"""

from __future__ import annotations

import json
import re

from textfix.formats.segments import FormatError, Piece, Segment, Segmented
from textfix.formats.tsv import Columns, language_of, pick

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_ESCAPE = re.compile(r'\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|["\\/bfnrt])')
_DECODER = json.JSONDecoder()


def escape(text: str) -> str:
    """New text inside a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _pieces(line: str, start: int, end: int, offset: int) -> list[Piece]:
    """The pieces of the JSON string written at line[start:end] (quotes included); the line
    starts at `offset` in the file."""
    pieces, at = [], start + 1
    for found in _ESCAPE.finditer(line, start + 1, end - 1):
        if found.start() > at:
            pieces.append(Piece(line[at : found.start()], offset + at, offset + found.start()))
        pieces.append(Piece(json.loads(f'"{found.group()}"'), offset + found.start(), offset + found.end(), False))
        at = found.end()
    if at < end - 1:
        pieces.append(Piece(line[at : end - 1], offset + at, offset + end - 1))
    return pieces


def _skip(line: str, at: int) -> int:
    """Past the JSON white space at `at`."""
    while at < len(line) and line[at] in " \t\r\n":
        at += 1
    return at


def _members(line: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each member of the object or array the valid JSON `line` holds;
    an array's keys are its positions, "0", "1", ..."""
    at = _skip(line, 0)
    closing = "}" if line[at] == "{" else "]"
    members: list[tuple[str, int, int]] = []
    at += 1
    while (at := _skip(line, at)) < len(line) and line[at] != closing:
        key = str(len(members))
        if closing == "}":
            key, at = _DECODER.raw_decode(line, at)
            at = _skip(line, _skip(line, at) + 1)  # past the colon
        _, end = _DECODER.raw_decode(line, at)
        members.append((key, at, end))
        at = _skip(line, end)
        at += line[at] == ","
    return members


def read(text: str, columns: Columns | None = None) -> Segmented:
    columns = columns or Columns()
    segmented = Segmented([])
    lang = language_of(columns.target)
    for number, found in enumerate(_LINE.finditer(text), 1):
        line, offset = found.group().rstrip("\r\n"), found.start()
        if not line.strip():
            if found.end() == len(text):
                break
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(number, f"not JSON: {exc.msg} at column {exc.colno}") from None
        if not isinstance(value, dict | list):
            raise FormatError(number, 'a line must hold a JSON object, such as {"source": ..., "target": ...}')
        members = _members(line)
        names = [key for key, _, _ in members]
        picked = pick(names, columns, number, "key") if isinstance(value, dict) else None
        if picked is None and len(members) < 2:
            raise FormatError(number, 'no source and target: name them "source" and "target"')
        written = {}
        for what, at in zip(("source", "target"), picked or (0, 1), strict=True):
            key, start, end = members[at]
            written[what] = (start, end)
            if line[start] != '"' and line[start:end] != "null":
                raise FormatError(number, f"the {what} ({key!r}) is not a string")
        (source_start, source_end), (start, end) = written["source"], written["target"]
        pieces = _pieces(line, start, end, offset) if line[start] == '"' else []
        if pieces:  # a null or empty target is untranslated: nothing to check
            source = json.loads(line[source_start:source_end])
            segmented.segments.append(Segment(pieces, ref=f"line {number}", source=source, lang=lang, escape=escape))
    segmented.lang = lang
    return segmented
