"""Segments: the translatable text of a file, and the way back from it to the file's characters.

A format adapter reads a file into segments. A segment's text is what a reader sees (a PO
string with its escapes read, an XLIFF target with its entities read); its pieces say where
each run of that text is written in the file. The rules check one text made of all the
segments, a blank line apart; `Layout.to_file` maps their findings back into the file, and
their fixes into edits of the file that touch only the segments' own characters, escaped
as the file writes them. Nothing is ever re-serialised: a file with no fixes is not changed,
and a fixed file differs from the original only inside the fixed spans.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from textfix.model import Edit, Finding, Fix

# Between segments in the checked text: a paragraph break, so that no sentence runs on from
# one segment into the next.
SEPARATOR = "\n\n"

# A suppression in a format's own comment: the directive and its rule ids, as a Directive's text.
DIRECTIVE = re.compile(r"textfix:[ \t]*(ignore-file|ignore|off|on)\b(\[[^\]\r\n]*\])?")


class FormatError(ValueError):
    """A file that cannot be read as its format: `line` (1-based) is where the problem is."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a segment's text: `text` is written as file_text[file_start:file_end].

    A verbatim piece is written as it reads. Another (an escape, an entity) must be edited
    whole. A protected piece (an inline code: an XLIFF `<x/>`, an HTML `<br>`) is never
    edited, and no edit may run across it; its text is what the rules read in its place
    ("" for a tag that only wraps text, U+FFFC for a placeholder that stands for something)."""

    text: str
    file_start: int
    file_end: int
    verbatim: bool = True
    protected: bool = False


def identity(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Directive:
    """A suppression comment the format keeps outside the text (a PO translator comment, an
    XML comment): `text` as after `textfix:` ("ignore[stray-full-stop]", "off", ...), and
    where the comment is written in the file."""

    text: str
    file_start: int
    file_end: int


@dataclass(slots=True)
class Segment:
    """One translatable text of a file.

    `ref` names it for the user (a PO msgctxt and msgid, an XLIFF unit id, a cue number);
    `source` is the text it translates, where the file has one; `lang` its language;
    `note` what else the user should know ("fuzzy"); `escape` writes new text as the file
    writes it at this place; `directives` are the suppression comments that apply to it.
    `flags` are a PO entry's flags ("python-format"). A plural form (PO `msgstr[n]`) keeps
    both sources in `plural_sources`, and `plural_exact` says whether, by the catalogue's
    Plural-Forms, it stands for a single count (1; in Arabic also 0 and 2), where a
    translation may write the word for that count instead of the number."""

    pieces: list[Piece]
    ref: str = ""
    source: str | None = None
    lang: str | None = None
    note: str = ""
    escape: Callable[[str], str] = identity
    directives: list[Directive] = field(default_factory=list)
    flags: frozenset[str] = frozenset()
    plural_sources: tuple[str, ...] = ()
    plural_exact: bool = False
    # The joined text, and how many pieces it was joined from: the checks read it often.
    _joined: tuple[int, str] = field(default=(-1, ""), repr=False, compare=False)

    @property
    def text(self) -> str:
        count, joined = self._joined
        if count != len(self.pieces):
            joined = "".join(piece.text for piece in self.pieces)
            self._joined = (len(self.pieces), joined)
        return joined


@dataclass
class Segmented:
    """A file read by a format adapter: its segments in file order, the file's language,
    and suppression comments that apply to the whole file."""

    segments: list[Segment]
    lang: str | None = None
    file_directives: list[Directive] = field(default_factory=list)


def verbatim_pieces(start: int, text: str) -> list[Piece]:
    """One verbatim piece for text written as-is at `start` (none for empty text)."""
    return [Piece(text, start, start + len(text))] if text else []


@dataclass
class Layout:
    """The checked text made of a file's segments, and the maps back into the file."""

    text: str
    segments: list[Segment]
    starts: list[int]  # where each segment's text starts in `text`
    piece_starts: list[list[int]]  # per segment, where each piece starts in the segment's text
    directive_spans: list[tuple[int, int, Directive]]  # a directive's comment in `text`, and itself
    comment_spans: frozenset[tuple[int, int]]  # every comment put in `text`, closing ones too

    @classmethod
    def build(cls, segmented: Segmented) -> Layout:
        parts: list[str] = []
        starts: list[int] = []
        piece_starts: list[list[int]] = []
        directive_spans: list[tuple[int, int, Directive]] = []
        comment_spans: set[tuple[int, int]] = set()
        size = 0

        def put(text: str) -> None:
            nonlocal size
            parts.append(text)
            size += len(text)

        def comment(directive: Directive, text: str) -> None:
            line = f"<!-- textfix: {text} -->"
            directive_spans.append((size, size + len(line), directive))
            comment_spans.add((size, size + len(line)))
            put(line + SEPARATOR)

        for directive in segmented.file_directives:
            comment(directive, directive.text)
        for segment in segmented.segments:
            # A segment's `ignore` covers the whole segment, however many lines it has.
            closing = []
            for directive in segment.directives:
                name, _, ids = directive.text.partition("[")
                if name.strip() == "ignore":
                    comment(directive, "off" + ("[" + ids if ids else ""))
                    closing.append("on" + ("[" + ids if ids else ""))
                else:
                    comment(directive, directive.text)
            offsets, at = [], 0
            for piece in segment.pieces:
                offsets.append(at)
                at += len(piece.text)
            starts.append(size)
            piece_starts.append(offsets)
            put(segment.text + SEPARATOR)
            for text in closing:
                line = f"<!-- textfix: {text} -->"
                comment_spans.add((size, size + len(line)))
                put(line + SEPARATOR)
        return cls("".join(parts), segmented.segments, starts, piece_starts, directive_spans, frozenset(comment_spans))

    def segment_at(self, start: int, end: int) -> int | None:
        """The segment whose text holds [start, end), if one does."""
        index = bisect.bisect_right(self.starts, start) - 1
        if index < 0:
            return None
        segment_end = self.starts[index] + len(self.segments[index].text)
        return index if end <= segment_end and start <= segment_end else None

    def _file_offset(self, index: int, at: int, side: str) -> int | None:
        """Where offset `at` of segment `index`'s text is in the file. At a piece boundary,
        `side` picks the piece: "end" the one before (where an insertion goes), "start" the
        one after. None when `at` falls inside a piece that is not verbatim."""
        segment, offsets = self.segments[index], self.piece_starts[index]
        if not segment.pieces:
            return None
        position = bisect.bisect_right(offsets, at) - 1
        if side == "end":
            # The last piece that ends at or after `at` and starts before it.
            while position > 0 and offsets[position] == at:
                position -= 1
        position = max(position, 0)
        piece, begin = segment.pieces[position], offsets[position]
        inside = at - begin
        if inside == 0:
            return piece.file_start
        if inside == len(piece.text):
            return piece.file_end
        if piece.verbatim and 0 < inside < len(piece.text):
            return piece.file_start + inside
        return None

    def file_span(self, index: int, start: int, end: int) -> tuple[int, int]:
        """The file's span of [start, end) of a segment's text, for pointing at it."""
        file_start = self._file_offset(index, start, "start")
        file_end = self._file_offset(index, end, "end") if end > start else file_start
        if file_start is None or file_end is None:  # inside an escape: point at the whole piece
            pieces = self._touching(index, start, max(end, start + 1))
            file_start = pieces[0].file_start if pieces else 0
            file_end = pieces[-1].file_end if pieces else file_start
        return file_start, max(file_end, file_start)

    def _touching(self, index: int, start: int, end: int) -> list[Piece]:
        """The pieces of segment `index` that hold a character of [start, end), and the
        empty pieces strictly inside it."""
        segment, offsets = self.segments[index], self.piece_starts[index]
        found = []
        for piece, begin in zip(segment.pieces, offsets, strict=True):
            finish = begin + len(piece.text)
            if (begin < end and finish > start) or (not piece.text and start < begin < end):
                found.append(piece)
        return found

    def file_edits(self, index: int, edit: Edit) -> list[Edit] | None:
        """The edit of segment `index`'s text (in checked-text coordinates made segment-
        relative by the caller) as edits of the file, or None where it cannot be made
        without touching a protected piece or cutting into an escape."""
        segment = self.segments[index]
        start, end = edit.start, edit.end
        replacement = segment.escape(edit.replacement)
        if start == end:
            at = self._file_offset(index, start, "end")
            if at is None or self._protected_at(index, start):
                return None
            return [Edit(at, at, replacement)]
        pieces = self._touching(index, start, end)
        if not pieces or any(piece.protected for piece in pieces):
            return None
        file_start = self._file_offset(index, start, "start")
        file_end = self._file_offset(index, end, "end")
        if file_start is None or file_end is None:
            return None
        # Runs of pieces written next to each other; between runs the file has structure
        # (the quotes between two PO string literals) that stays as it is.
        runs: list[list[Piece]] = []
        for piece in pieces:
            if runs and runs[-1][-1].file_end == piece.file_start:
                runs[-1].append(piece)
            else:
                runs.append([piece])
        if len(runs) == 1:
            return [Edit(file_start, file_end, replacement)]
        edits = [Edit(file_start, runs[0][-1].file_end, replacement)]
        edits += [Edit(run[0].file_start, run[-1].file_end, "") for run in runs[1:-1]]
        edits.append(Edit(runs[-1][0].file_start, file_end, ""))
        return [e for e in edits if e.start != e.end or e.replacement]

    def _protected_at(self, index: int, at: int) -> bool:
        """An insertion at `at` that would land inside a protected piece's text."""
        segment, offsets = self.segments[index], self.piece_starts[index]
        return any(
            piece.protected and begin < at < begin + len(piece.text)
            for piece, begin in zip(segment.pieces, offsets, strict=True)
        )

    def to_file(self, findings: list[Finding]) -> list[Finding]:
        """The findings on the checked text as findings on the file: those inside one segment
        (or on a suppression comment, which points at the comment in the file), with their
        fixes as file edits. A fix that cannot be made safely in the file is dropped, and with
        it the finding's other fixes, so that a lone survivor is never applied unasked."""
        out = []
        comment_starts = [start for start, _, _ in self.directive_spans]
        for finding in findings:
            spot = bisect.bisect_right(comment_starts, finding.start) - 1
            if spot >= 0 and self.directive_spans[spot][0] <= finding.start < self.directive_spans[spot][1]:
                directive = self.directive_spans[spot][2]
                out.append(replace(finding, start=directive.file_start, end=directive.file_end, fixes=()))
                continue
            index = self.segment_at(finding.start, finding.end)
            if index is None:
                continue  # it runs from one segment into the next
            base = self.starts[index]
            segment = self.segments[index]
            file_start, file_end = self.file_span(index, finding.start - base, finding.end - base)
            fixes: list[Fix] = []
            for fix in finding.fixes:
                edits: list[Edit] = []
                for edit in fix.edits:
                    mapped = None
                    if base <= edit.start and edit.end <= base + len(segment.text):
                        mapped = self.file_edits(index, Edit(edit.start - base, edit.end - base, edit.replacement))
                    if mapped is None:
                        break
                    edits += mapped
                else:
                    fixes.append(Fix(tuple(edits), fix.applicability, fix.title))
                    continue
                fixes = []
                break
            out.append(replace(finding, start=file_start, end=file_end, fixes=tuple(fixes), segment=segment.ref or ""))
        return out
