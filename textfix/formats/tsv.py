"""Tab-separated files with a source and a target column: each target value is a segment.

The columns are those `[columns]` in the config names (`source = "en"`, `target = "de"`,
found in a header row); else those a header row names `source` and `target`; else the first
column is the source and the second the target, and there is no header. A target column
named by a language tag gives the segments their language. A value written in double
quotes (as spreadsheets write one holding a tab or a line break) reads without them, a
doubled quote as one; any other value reads exactly as written. A row too short to hold
both columns is an error that names its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from textfix.formats.segments import FormatError, Piece, Segment, Segmented, verbatim_pieces

_QUOTED = re.compile(r'"((?:[^"]|"")*)"(?=\t|\r\n|\r|\n|\Z)')
_RAW = re.compile(r"[^\t\r\n]*")
_END = re.compile(r"\t|\r\n|\r|\n|\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Columns:
    """The column (or JSON key) names the config gives, if any."""

    source: str | None = None
    target: str | None = None


@dataclass
class _Cell:
    pieces: list[Piece]
    quoted: bool

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


def language_of(column: str | None) -> str | None:
    """The language a column is named after ("de", "pt-BR"), if its name is a language tag."""
    return column if column and _LANGUAGE.fullmatch(column) else None


def pick(names: list[str], columns: Columns, line: int, what: str = "column") -> tuple[int, int] | None:
    """Where the source and target are among a header's `names`: the config's names, else
    "source" and "target"; None where neither is given and the header has no such names."""
    lowered = [name.strip().lower() for name in names]

    def find(name: str) -> int:
        if name in names:
            return names.index(name)
        if name.lower() in lowered:
            return lowered.index(name.lower())
        raise FormatError(line, f"no {what} named '{name}' (there are: {', '.join(names)})")

    if columns.source or columns.target:
        return find(columns.source or "source"), find(columns.target or "target")
    if "source" in lowered and "target" in lowered:
        return lowered.index("source"), lowered.index("target")
    return None


def _quoted_escape(text: str) -> str:
    return text.replace('"', '""')


def _raw_escape(text: str) -> str:
    # A tab or line break would start a new cell or row: a raw value holds neither.
    return re.sub(r"\t|\r\n|\r|\n", " ", text)


def _rows(text: str) -> list[tuple[int, list[_Cell]]]:
    """Each row's line number and cells."""
    rows: list[tuple[int, list[_Cell]]] = []
    at, line = 0, 1
    while at < len(text):
        cells: list[_Cell] = []
        first = line
        while True:
            quoted = _QUOTED.match(text, at)
            if quoted:
                inner, pieces = quoted.group(1), []
                start = quoted.start(1)
                for part in re.split(r'("")', inner):
                    if part == '""':
                        pieces.append(Piece('"', start, start + 2, verbatim=False))
                    elif part:
                        pieces.append(Piece(part, start, start + len(part)))
                    start += len(part)
                cells.append(_Cell(pieces, True))
                line += quoted.group().count("\n") + quoted.group().count("\r") - quoted.group().count("\r\n")
                at = quoted.end()
            else:
                raw = _RAW.match(text, at)
                assert raw is not None  # it matches the empty string
                cells.append(_Cell(verbatim_pieces(at, raw.group()), False))
                at = raw.end()
            end = _END.match(text, at)
            assert end is not None
            at = end.end()
            if end.group() != "\t":
                break
        line += 1
        if len(cells) > 1 or cells[0].text.strip():
            rows.append((first, cells))
    return rows


def read(text: str, columns: Columns | None = None) -> Segmented:
    columns = columns or Columns()
    rows = _rows(text)
    segmented = Segmented([])
    if not rows:
        return segmented
    header_line, header = rows[0]
    names = [cell.text for cell in header]
    picked = pick(names, columns, header_line)
    if picked is None:
        source_at, target_at, lang = 0, 1, None
    else:
        (source_at, target_at), rows = picked, rows[1:]
        lang = language_of(names[target_at])
    for line, cells in rows:
        if len(cells) <= max(source_at, target_at):
            raise FormatError(
                line,
                f"a row of {len(cells)} column{'s' if len(cells) != 1 else ''}: the source is column "
                f"{source_at + 1} and the target column {target_at + 1}; separate columns with a tab",
            )
        target = cells[target_at]
        if not target.pieces:
            continue
        escape: Callable[[str], str] = _quoted_escape if target.quoted else _raw_escape
        segmented.segments.append(
            Segment(target.pieces, ref=f"line {line}", source=cells[source_at].text, lang=lang, escape=escape)
        )
    segmented.lang = lang
    return segmented
