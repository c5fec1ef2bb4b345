"""A decoded text with its line index and the regions checks must leave alone."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textfix.formats.segments import Segment
    from textfix.scanner import ScanResult
    from textfix.suppressions import Suppressions

MARKDOWN_SUFFIXES = {".md", ".markdown"}


@dataclass
class Document:
    """A text to check: its path, its line index, the regions to leave alone, and the work
    derived from it that several checks share (`forget` drops that work)."""

    text: str
    path: str = "<text>"
    markdown: bool = False
    skip_spans: list[tuple[int, int]] = field(default_factory=list)
    # The text's language where the file says it (a PO `Language:`, an XLIFF `trgLang`): a
    # grammar backend set for another language leaves the text alone.
    lang: str | None = None
    # In the text made of a file's segments: where the suppression comments the format keeps
    # outside its text were put, the only places a comment counts (a page that shows the
    # syntax as text, `&lt;!-- textfix: ignore --&gt;`, suppresses nothing). None elsewhere.
    comment_spans: frozenset[tuple[int, int]] | None = None
    # The segments of a translation or markup file and where each one's text starts in
    # `text`: what checks that compare a translation with its source read. None elsewhere.
    segments: list[tuple[int, Segment]] | None = field(default=None, repr=False, compare=False)
    # The file's bytes, when they are the text's UTF-8 encoding: the scan reads them instead
    # of encoding the text again, then lets go of them. The fields after it hold work derived
    # from the text, computed once by whichever check needs it first.
    file_bytes: bytes | None = field(default=None, repr=False, compare=False)
    # Where the rules' triggers matched (engine.check_document).
    scan: ScanResult | None = field(default=None, repr=False, compare=False)
    # Runs of capitalised words (namefinder.runs).
    name_runs: list[tuple[int, str]] | None = field(default=None, repr=False, compare=False)
    # Words a grammar backend must not call misspelt.
    known_names: set[str] | None = field(default=None, repr=False, compare=False)
    # Its suppression comments (suppressions.parse).
    suppressions: Suppressions | None = field(default=None, repr=False, compare=False)
    # Where each allow-list occurs (suppressions.accepted_spans).
    accepted: dict[frozenset[str], list[tuple[int, int]]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.markdown and not self.skip_spans:
            from textfix.markdown import skip_spans  # the parser loads only for Markdown

            self.skip_spans = skip_spans(self.text)

    @classmethod
    def for_path(cls, text: str, path: str) -> Document:
        suffix = path[path.rfind(".") :].lower() if "." in path else ""
        return cls(text, path, markdown=suffix in MARKDOWN_SUFFIXES)

    @cached_property
    def lowered(self) -> str:
        """The text in lower case (str.lower), for case-blind searches."""
        return self.text.lower()

    def forget(self) -> None:
        """Drop the work derived from the text, keeping the text: once a file is checked,
        before it crosses a process boundary, and so that a run does not keep it for every file."""
        self.file_bytes = self.scan = self.name_runs = self.known_names = self.suppressions = None
        self.accepted = {}
        for name in ("line_starts", "lowered"):
            self.__dict__.pop(name, None)

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets at which the lines start: after each CRLF, LF and lone CR."""
        text = self.text
        if "\r" in text and text.count("\r") != text.count("\r\n"):  # a lone CR is rare: the slow exact way
            return [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
        # Only LF ends a line now: str.find reaches each in C, cheaper than a regex match object per line.
        starts = [0]
        end = text.find("\n")
        while end >= 0:
            starts.append(end + 1)
            end = text.find("\n", end + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset; columns count code points."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """`position` of a span's start and of its end; a span seldom leaves its line, and
        then its end needs no search of its own."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, start)
        line_start = starts[line - 1]
        if line_start <= end and (line == len(starts) or end < starts[line]):
            return line, start - line_start + 1, line, end - line_start + 1
        return (line, start - line_start + 1, *self.position(end))

    def line_end(self, line: int) -> int:
        """Where the content of 1-based `line` ends: before its line break."""
        starts, text = self.line_starts, self.text
        if line >= len(starts):
            return len(text)
        end = starts[line] - 1
        return end - 1 if text[end] == "\n" and end > starts[line - 1] and text[end - 1] == "\r" else end

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """The start and the content end of the line holding `offset`."""
        line = bisect.bisect_right(self.line_starts, offset)
        return self.line_starts[line - 1], self.line_end(line)

    def lines_between(self, lo: int, hi: int) -> Iterator[tuple[int, int]]:
        """The start and content end of each line that starts in [lo, hi)."""
        starts = self.line_starts
        for index in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
            yield starts[index], self.line_end(index + 1)

    def line_text(self, line: int) -> str:
        return self.text[self.line_starts[line - 1] : self.line_end(line)]

    def is_skipped(self, start: int, end: int) -> bool:
        if not self.skip_spans:
            return False
        index = bisect.bisect_right(self.skip_spans, (start, float("inf"))) - 1
        return any(lo < max(end, start + 1) and start < hi for lo, hi in self.skip_spans[max(index, 0) : index + 2])
