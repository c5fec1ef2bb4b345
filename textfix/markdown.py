"""Where a Markdown text is not prose: the spans checks leave alone, found by a CommonMark parser.

markdown-it-py (with GFM tables, YAML front matter, footnotes and definition lists) reads the
blocks; their line ranges give the code blocks, HTML blocks, front matter, table delimiter rows
and reference definitions. Inline tokens carry no offsets, so the inline rules that find code
spans, inline HTML, autolinks, footnote references and links are wrapped to record where they
matched in the block's text, which is then placed back in the file line by line. Link text and
image descriptions stay prose; a link's destination and title do not.

Imported only for Markdown files: the parser costs start-up time a plain text check does not pay.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import MD_TRIM_CHARS
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

# Where the recording inline rules put what they found: (state, start, end) in the state's text.
_EVENTS = "textfix.skips"
# Block tokens whose lines are not prose at all.
_RAW_BLOCKS = {"fence", "code_block", "html_block", "front_matter"}
# Only these characters start an inline construct that is not prose.
_INLINE_MARKUP = re.compile(r"[`<\[]")
_TOML_FENCE = re.compile(r"\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)
_CLOSING_FENCE = {"`": re.compile(r"`+[ \t]*"), "~": re.compile(r"~+[ \t]*")}
# Blocks nested deeper than this are left unparsed, and so unchecked, rather than recursed
# into; an unclosed "[" costs time in proportion to it. CommonMark's default.
MAX_NESTING = 20

Rule = Callable[[StateInline, bool], bool]
Events = list[tuple[StateInline, int, int]]


def skip_spans(text: str) -> list[tuple[int, int]]:
    """The sorted, disjoint spans of `text` that are code, markup or metadata, not prose."""
    src = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    lines = _Lines(src)
    spans: list[tuple[int, int]] = []
    front = _toml_front_matter(src)
    if front:
        spans.append((0, front - 1))
        src = "\n" * src.count("\n", 0, front) + src[front:]  # the parser sees blank lines there
    env: dict[str, Any] = {}
    tokens = _parser().parse(src, env)
    covered = bytearray(len(lines.starts))  # lines some block holds; the rest are reference definitions
    covered[: src.count("\n", 0, front)] = b"\x01" * src.count("\n", 0, front)
    row_cursor = 0  # where the next table cell is looked for in its row
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            row_cursor = 0
        if token.map is None:
            continue
        first, last = token.map[0], max(token.map[1], token.map[0] + 1)
        if token.type in _RAW_BLOCKS:
            covered[first:last] = b"\x01" * (last - first)
            spans += _raw_block(token, src, lines, first, last)
        elif token.type == "table_open":
            covered[first:last] = b"\x01" * (last - first)
            spans.append(lines.content(first + 1))  # the delimiter row
        elif token.type == "inline":
            covered[first:last] = b"\x01" * (last - first)
            before = tokens[index - 1]
            if before.type in ("th_open", "td_open"):  # placed even without markup: it moves the cursor
                anchors = _cell_anchors(token.content, lines, first, row_cursor)
                if anchors:
                    row_cursor = anchors[-1][1] + len(token.content) - anchors[-1][0]
            elif _INLINE_MARKUP.search(token.content):
                anchors = _anchors(token, before, lines)
            if _INLINE_MARKUP.search(token.content):
                spans += _inline(token, anchors, lines, env)
    for line, held in enumerate(covered):
        start, end = lines.content(line)
        if not held and src[start:end].strip():
            spans.append((start, end))
    merged = _merge(spans)
    return merged if len(src) == len(text) else _to_text(merged, lines, text)


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    md.use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
    # Only the blocks and the recorded inline constructs matter: nothing is rendered.
    md.disable(["inline", "footnote_tail", "text_join", "newline", "emphasis", "entity", "balance_pairs"])
    md.disable("fragments_join")
    records = {"link": _after_label, "image": _after_description}
    ruler = md.inline.ruler
    for name in ("backticks", "autolink", "html_inline", "footnote_ref", "link", "image"):
        ruler.at(name, _recording(ruler.__rules__[ruler.__find__(name)].fn, records.get(name, _whole)))
    return md


def _whole(state: StateInline, start: int, events: Events, mark: int) -> None:
    events.append((state, start, state.pos))


def _after_label(state: StateInline, start: int, events: Events, mark: int) -> None:
    """A link's text is prose (what the rules in it found is recorded already); from the
    label's closing "]" on is its destination or reference (a shortcut reference has none)."""
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    if state.pos > label_end + 1:
        events.append((state, label_end, state.pos))


def _after_description(state: StateInline, start: int, events: Events, mark: int) -> None:
    """As a link; an image's description is parsed as a text of its own, so what was found in
    it is moved to where the description starts."""
    label_end = state.md.helpers.parseLinkLabel(state, start + 1, False)
    shift = start + 2
    events[mark:] = [
        (state, lo + shift, hi + shift) if inner is not state else (inner, lo, hi) for inner, lo, hi in events[mark:]
    ]
    if state.pos > label_end + 1:
        events.append((state, label_end, state.pos))


def _recording(rule: Rule, record: Callable[[StateInline, int, Events, int], None]) -> Rule:
    closes_label = record is not _whole

    def recorded(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if closes_label and state.html_terminator_last("]") < start:
            # No "]" ahead: no label can close. Searching for one anyway, from each of many
            # "[", cost time in proportion to the nesting limit for every one of them.
            return False
        events: Events | None = state.env.get(_EVENTS)
        mark = len(events) if events is not None else 0
        pushed = len(state.tokens)
        found = rule(state, silent)
        # A rule may also take its opening as text (an unmatched "`" run): then it pushes nothing.
        if found and not silent and events is not None and len(state.tokens) > pushed:
            record(state, start, events, mark)
        return found

    recorded.__name__ = getattr(rule, "__name__", "rule")
    return recorded


class _Lines:
    """The line index of the normalised text (every line break one "\\n")."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.starts = [0, *(m.end() for m in re.finditer("\n", src))]

    def start(self, line: int) -> int:
        return self.starts[line]

    def end(self, line: int) -> int:
        """Where the line's content ends, before its "\\n"."""
        return self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.src)

    def content(self, line: int) -> tuple[int, int]:
        return self.start(line), self.end(line)

    def text(self, line: int) -> str:
        return self.src[self.start(line) : self.end(line)]


def _toml_front_matter(src: str) -> int:
    """Where Hugo's TOML front matter (between "+++" lines at the very start) ends, or 0."""
    opening = _TOML_FENCE.match(src)
    if not opening:
        return 0
    closing = _TOML_CLOSE.search(src, opening.end())
    return closing.end() + 1 if closing else 0


def _raw_block(token: Token, src: str, lines: _Lines, first: int, last: int) -> list[tuple[int, int]]:
    start, end = lines.start(first), lines.end(last - 1)
    if token.type == "fence" and not _closes(token, lines.text(last - 1), last - first):
        end = lines.start(last) if last < len(lines.starts) else len(src)  # runs on to the end
    if token.type != "html_block":
        return [(start, end)]
    # An HTML comment in an HTML block is a real comment: its own span, for the suppressions.
    spans, at = [], start
    while (opening := src.find("<!--", at, end)) >= 0:
        closing = src.find("-->", opening + 2, end)  # "<!-->" and "<!--->" close at once
        if closing < 0:
            break
        spans += [(at, opening), (opening, closing + 3)]
        at = closing + 3
    return [*spans, (at, end)]


def _closes(token: Token, line: str, count: int) -> bool:
    """Whether the fence's last line closes it (an unclosed fence runs to its container's end)."""
    marker = token.markup
    body = line.lstrip(" \t>")
    return count > 1 and body.startswith(marker) and _CLOSING_FENCE[marker[0]].fullmatch(body) is not None


def _inline(
    token: Token, anchors: list[tuple[int, int]] | None, lines: _Lines, env: dict[str, Any]
) -> list[tuple[int, int]]:
    """The spans of the inline constructs in the token's text that are not prose, placed in
    the file by `anchors` (None: the text was not found, and its lines are left alone)."""
    events: Events = []
    env[_EVENTS] = events
    parser = _parser()
    parser.inline.parse(token.content, parser, env, [])
    del env[_EVENTS]
    if not events:
        return []
    assert token.map is not None
    if anchors is None:  # rather than guess
        first, last = token.map[0], max(token.map[1], token.map[0] + 1)
        return [(lines.start(first), lines.end(last - 1))]
    keys = [offset for offset, _ in anchors]

    def place(offset: int) -> int:
        at, file = anchors[bisect.bisect_right(keys, offset) - 1]
        return file + offset - at

    return [(place(lo), place(hi)) for _, lo, hi in events if lo < hi]


def _anchors(token: Token, before: Token, lines: _Lines) -> list[tuple[int, int]] | None:
    """Pairs (offset in the token's text, offset in the file) from which each stretch of the
    text runs on unchanged; None where a line of the text is not found in its line."""
    assert token.map is not None
    first, content = token.map[0], token.content
    anchors, at = [], 0
    for number, part in enumerate(content.split("\n")):
        line = first + number
        if line >= len(lines.starts):
            return None
        text, start = lines.text(line), lines.start(line)
        if before.type == "heading_open" and before.markup.startswith("#"):
            found = text.find(part, text.find("#") + len(before.markup))
            place = start + found if found >= 0 else None
        else:
            place = _suffix(text, part, start)
        if place is None:
            return None
        anchors.append((at, place))
        at += len(part) + 1
    return anchors


def _suffix(text: str, part: str, start: int) -> int | None:
    """Where `part`, the end of a paragraph line with its container's marks and indentation
    cut off (and the paragraph trimmed), starts in the line."""
    if text.endswith(part):
        return start + len(text) - len(part)
    trimmed = text.rstrip(MD_TRIM_CHARS)
    if trimmed.endswith(part):
        return start + len(trimmed) - len(part)
    return None


def _cell_anchors(content: str, lines: _Lines, line: int, cursor: int) -> list[tuple[int, int]] | None:
    """A table cell is found in its row from `cursor`, after the cells before it; the parser
    drops the backslash of each escaped "|", so the text shifts by one after each."""
    if not content:
        return None
    text, start = lines.text(line), lines.start(line)
    cursor = max(cursor - start, 0)
    found = text.find(content.replace("|", "\\|"), cursor)
    if found < 0:
        return None
    anchors = [(0, start + found)]
    for number, pipe in enumerate(m.start() for m in re.finditer(r"\|", content)):
        anchors.append((pipe, start + found + pipe + number + 1))
    return anchors


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping spans joined; empty ones dropped; touching ones kept apart (an HTML
    comment must stay a span of its own)."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if hi <= lo:
            continue
        if merged and lo < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _to_text(spans: list[tuple[int, int]], lines: _Lines, text: str) -> list[tuple[int, int]]:
    """The spans moved from the normalised text to `text`, whose line breaks may be CRLF."""
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]

    def move(offset: int) -> int:
        line = bisect.bisect_right(lines.starts, offset) - 1
        return min(starts[line] + offset - lines.starts[line], len(text))

    return [(move(lo), move(hi)) for lo, hi in spans]
