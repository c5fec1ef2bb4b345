"""What SubRip and WebVTT share: a file of blocks a blank line apart, and cue text whose lines
read as one segment.

A cue's lines are joined by "\\n" in its text whatever the file's line break is; the break
itself is a piece written as the file writes it, so that a fix that takes a word from the
next line takes the whole break with it and new text is written with the file's own breaks.
Markup tags are protected pieces that read as nothing: they wrap text, and a fix never
moves or splits one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from textfix.formats.segments import Piece

_LINE = re.compile(r"[^\r\n]*(\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based
    start: int
    end: int  # where the line's text ends, before its break
    after: int  # where the next line starts

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def lines(text: str) -> list[Line]:
    """The file's lines; a byte order mark at the start belongs to none of them."""
    found = []
    begin = 1 if text.startswith("\ufeff") else 0
    for number, match in enumerate(_LINE.finditer(text, begin), start=1):
        if match.start() == len(text) and match.start() > begin:
            break
        found.append(Line(number, match.start(), match.start() + len(match.group()) - len(match.group(1)), match.end()))
    return found


def is_blank(source: str, line: Line) -> bool:
    # Whitespace-only lines separate blocks too: sloppy files are full of them.
    return not source[line.start : line.end].strip()


def line_break(text: str) -> str:
    """The file's own line break, as new text should be written with it."""
    found = re.search(r"\r\n|\r|\n", text)
    return found.group() if found else "\n"


def cue_pieces(
    source: str, cue_lines: list[Line], markup: re.Pattern[str], decode: Callable[[str], str | None]
) -> list[Piece]:
    """The pieces of a cue's text lines: `markup` matches a tag (a protected piece read as
    nothing) or an entity (`decode` gives its text; None where it is a tag)."""
    pieces: list[Piece] = []
    for index, line in enumerate(cue_lines):
        if index:
            previous = cue_lines[index - 1]
            brk = source[previous.end : previous.after]
            pieces.append(Piece("\n", previous.end, previous.after, verbatim=brk == "\n"))
        run = line.start
        for match in markup.finditer(source, line.start, line.end):
            if match.start() > run:
                pieces.append(Piece(source[run : match.start()], run, match.start()))
            decoded = decode(match.group())
            if decoded is None:
                pieces.append(Piece("", match.start(), match.end(), verbatim=False, protected=True))
            else:
                pieces.append(Piece(decoded, match.start(), match.end(), verbatim=False))
            run = match.end()
        if line.end > run:
            pieces.append(Piece(source[run : line.end], run, line.end))
    return pieces


def break_writer(brk: str, then: Callable[[str], str] = lambda text: text) -> Callable[[str], str]:
    """An escape that writes new text's line breaks as the file writes them."""
    if brk == "\n":
        return then
    return lambda text: then(text).replace("\n", brk)
