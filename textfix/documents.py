"""A decoded text with its line index and the regions checks must leave alone."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

MARKDOWN_SUFFIXES = {".md", ".markdown"}

# Markdown spans that are code or markup, not prose: fenced blocks, inline code,
# HTML comments and tags, link targets and bare URLs. Each search stops where another
# could start (an unclosed comment runs to the end of the text, as in CommonMark; a tag
# stops at "<", a link target at "]"): searching on to the end of the line or text from
# every "<!--", "<a" or "](" made a long line quadratic.
_MARKDOWN_SKIP = re.compile(
    r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[^\n]*$"
    r"|`[^`\n]+`"
    r"|<!--.*?(?:-->|\Z)"
    r"|</?[A-Za-z][^<>\n]*>"
    r"|\]\([^)\]\n]*\)"
    r"|^\[[^\]\n]+\]:[^\n]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass
class Document:
    text: str
    path: str = "<text>"
    markdown: bool = False
    skip_spans: list[tuple[int, int]] = field(default_factory=list)
    cache: dict = field(default_factory=dict, repr=False)  # per-document work shared by checkers

    def __post_init__(self) -> None:
        if self.markdown and not self.skip_spans:
            self.skip_spans = [m.span() for m in _MARKDOWN_SKIP.finditer(self.text)]

    @classmethod
    def for_path(cls, text: str, path: str) -> Document:
        suffix = path[path.rfind(".") :].lower() if "." in path else ""
        return cls(text, path, markdown=suffix in MARKDOWN_SUFFIXES)

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

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def is_skipped(self, start: int, end: int) -> bool:
        if not self.skip_spans:
            return False
        index = bisect.bisect_right(self.skip_spans, (start, float("inf"))) - 1
        for lo, hi in self.skip_spans[max(index, 0) : index + 2]:
            if lo < max(end, start + 1) and start < hi:
                return True
        return False
