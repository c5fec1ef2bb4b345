"""WebVTT (.vtt) subtitles: each cue's text is a segment, named by its identifier or, where
it has none, its 1-based place among the cues.

The `WEBVTT` line and the header under it, `NOTE`, `STYLE` and `REGION` blocks, cue
identifiers and timing lines with their settings are structure, never read as prose. The
header's `Language:` is the file's language. In cue text every tag (`<i>`, `<c.class>`,
`<v Speaker>`, `<ruby>`, `<rt>`, `<lang en>`, a timestamp `<00:01.000>`) is protected, and
the character references (`&amp;`, `&lt;`, `&gt;`, `&nbsp;`, `&lrm;`, `&rlm;`, numeric ones)
read as their characters; new text is written with `&` and `<` escaped.

A `NOTE textfix: ignore[...]` block applies to the next cue, `NOTE textfix: ignore-file` to
the file. As the standard says, a line with `-->` ends a cue's text and starts the next cue.
A file without the signature, a block with no timing line, or a timing line the standard
does not allow is an error: players drop such cues, and so would a silent check.
"""

from __future__ import annotations

import html
import re

from textfix.formats.segments import DIRECTIVE, Directive, FormatError, Segment, Segmented
from textfix.formats.subtitles import Line, break_writer, cue_pieces, is_blank, line_break, lines

_SIGNATURE = re.compile(r"WEBVTT(?=$|[ \t])")
_TIME = r"(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t].*)?")
_TIMING_LIKE = re.compile(r"\d:\d\d\S*[ \t]*-+>?[ \t]*\d")
_SKIPPED = re.compile(r"(?:NOTE|STYLE|REGION)(?=$|[ \t])")
_LANGUAGE = re.compile(r"Language:[ \t]*(\S+)", re.IGNORECASE)
# A tag runs from "<" to ">" (or the end of the line, where a player would end it too).
_MARKUP = re.compile(r"<[^>\r\n]*>?|&(?:amp|lt|gt|nbsp|lrm|rlm);|&#(?:\d+|[xX][0-9A-Fa-f]+);")


def escape(text: str) -> str:
    """New text as cue text writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _decode(markup: str) -> str | None:
    if markup.startswith("<"):
        return None
    return html.unescape(markup)


def _bad_timing(line: Line) -> FormatError:
    return FormatError(line.number, "not a timing line: write it as 'HH:MM:SS.mmm --> HH:MM:SS.mmm' (hours optional)")


def _block(source: str, all_lines: list[Line], at: int) -> int:
    """Where the block starting at line `at` ends (the index of the line after it)."""
    while at < len(all_lines) and not is_blank(source, all_lines[at]):
        at += 1
    return at


def read(text: str) -> Segmented:
    all_lines = lines(text)
    first = all_lines[0]
    if not _SIGNATURE.match(text, first.start, first.end):
        raise FormatError(1, "no WEBVTT signature: a WebVTT file starts with the line 'WEBVTT'")
    escape_here = break_writer(line_break(text), escape)
    segmented = Segmented([])
    at = 1
    # The header: metadata lines under the signature, up to the first blank line.
    while at < len(all_lines) and not is_blank(text, all_lines[at]) and "-->" not in all_lines[at].text(text):
        found = _LANGUAGE.match(all_lines[at].text(text))
        if found and segmented.lang is None:
            segmented.lang = found.group(1)
        at += 1
    pending: list[Directive] = []
    count = 0
    while at < len(all_lines):
        line = all_lines[at]
        if is_blank(text, line):
            at += 1
            continue
        end = _block(text, all_lines, at)
        if _SKIPPED.match(text, line.start, line.end):
            if text.startswith("NOTE", line.start):
                for directive in _directives(text, all_lines[at:end]):
                    ignores_file = directive.text.startswith("ignore-file")
                    (segmented.file_directives if ignores_file else pending).append(directive)
            at = end
            continue
        count += 1
        ref = str(count)
        if "-->" not in line.text(text):
            ref = line.text(text).strip()
            at += 1
            if at == end or "-->" not in all_lines[at].text(text):
                if _TIMING_LIKE.search(ref):  # a timing line with a broken arrow, not an identifier
                    raise _bad_timing(line)
                raise FormatError(
                    line.number, f"'{ref[:30]}' has no timing line under it: write 'MM:SS.mmm --> MM:SS.mmm'"
                )
            line = all_lines[at]
        if not _TIMING.fullmatch(text, line.start, line.end):
            raise _bad_timing(line)
        at += 1
        cue_lines = []
        while at < end and "-->" not in all_lines[at].text(text):
            cue_lines.append(all_lines[at])
            at += 1
        pieces = cue_pieces(text, cue_lines, _MARKUP, _decode)
        if any(piece.text for piece in pieces):
            segmented.segments.append(
                Segment(pieces, ref=ref, lang=segmented.lang, escape=escape_here, directives=pending)
            )
        pending = []
    return segmented


def _directives(source: str, note: list[Line]) -> list[Directive]:
    found = []
    for line in note:
        match = DIRECTIVE.search(source, line.start, line.end)
        if match:
            words = match.group(1) + (match.group(2) or "")
            found.append(Directive(words, line.start, line.end))
    return found
