"""SubRip (.srt) subtitles: each cue's text is a segment, named by its cue number.

Cue numbers and timing lines are structure, never read as prose. The markup players know
(`<i>`, `<b>`, `<u>`, `<s>`, `<font ...>` and ASS override codes such as `{\\an8}`) is
protected. SubRip has no comments, so no suppression can be written in the file; the
allow-list and the config still apply. Real files are sloppy, and what players accept is
read: no cue numbers, a full stop for the comma in a time, a missing blank line before the
next cue, a byte order mark, CRLF. A timing line that is not one (`00:01,000 --> ...`,
`00:00:01 -> 00:00:02`) or text where a cue number should be is an error: reading on past
it would silently drop or merge cues. No SRT library gives offsets, hence this reader.
"""

from __future__ import annotations

import re

from textfix.formats.segments import FormatError, Segment, Segmented
from textfix.formats.subtitles import Line, break_writer, cue_pieces, is_blank, line_break, lines

_TIME = r"\d+:\d+:\d+[,.:]\d+"
_TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?")
_NUMBER = re.compile(r"[ \t]*\d+[ \t]*")
_MARKUP = re.compile(r"</?(?:i|b|u|s|font)\b[^<>\r\n]*>|\{\\[^{}\r\n]*\}", re.IGNORECASE)
_ARROWISH = re.compile(r"-+>|\d+:\d+")


def _is_timing(source: str, line: Line) -> bool:
    return _TIMING.fullmatch(source, line.start, line.end) is not None


def _is_number(source: str, line: Line) -> bool:
    return _NUMBER.fullmatch(source, line.start, line.end) is not None


def _bad_timing(line: Line) -> FormatError:
    return FormatError(line.number, "not a timing line: write it as 'HH:MM:SS,mmm --> HH:MM:SS,mmm'")


def read(text: str) -> Segmented:
    all_lines = lines(text)
    escape = break_writer(line_break(text))
    segmented = Segmented([])
    at, count = 0, 0

    def starts_cue(index: int) -> bool:
        """A cue starts at line `index`: a timing line, or a number with one under it."""
        if _is_timing(text, all_lines[index]):
            return True
        return (
            _is_number(text, all_lines[index]) and index + 1 < len(all_lines) and _is_timing(text, all_lines[index + 1])
        )

    while at < len(all_lines):
        line = all_lines[at]
        if is_blank(text, line):
            at += 1
            continue
        count += 1
        ref = str(count)
        if _is_number(text, line):
            ref = line.text(text).strip()
            at += 1
            if at == len(all_lines) or not _ARROWISH.search(all_lines[at].text(text)):
                raise FormatError(
                    line.number, f"cue {ref} has no timing line: add 'HH:MM:SS,mmm --> HH:MM:SS,mmm' under it"
                )
            line = all_lines[at]
        if not _is_timing(text, line):
            if _ARROWISH.search(line.text(text)):
                raise _bad_timing(line)
            shown = line.text(text).strip()[:30]
            raise FormatError(line.number, f"expected a cue number or a timing line, found '{shown}'")
        at += 1
        cue_lines = []
        while at < len(all_lines) and not is_blank(text, all_lines[at]) and not starts_cue(at):
            cue_lines.append(all_lines[at])
            at += 1
        pieces = cue_pieces(text, cue_lines, _MARKUP, lambda _: None)
        if any(piece.text for piece in pieces):
            segmented.segments.append(Segment(pieces, ref=ref, escape=escape))
    return segmented
