"""Human-readable output in the style of ruff.

    notes.txt:1:35: stray-full-stop Full stop in mid-sentence
      |
    1 | The talks resumed after the summit. of the alliance.
      |                                   ^
      = fix (safe): 'summit. of the' -> 'summit of the'

The first line of each finding is always exactly `path:line:col: rule-id message`, so that
editors and scripts can jump to it. Long lines (a paragraph is often one line) are cut to a
window around the span.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

from textfix.reporters import file_part, printable, rules_off, summary

if TYPE_CHECKING:
    from textfix.documents import Document
    from textfix.model import Finding, Fix
    from textfix.runner import FileResult

WIDTH = 100  # display cells of source shown per finding
REACH = 4 * WIDTH  # characters on either side of a span that can be shown of its line
ELLIPSIS = "…"

RESET, BOLD, DIM, RED, CYAN, BLUE = "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[36m", "\x1b[34m"

# Tabs and other controls would break the caret's alignment, and a terminal could act on
# them (printable() lists them); in a source line each shows as one space.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The rest of a word: what `not str.isspace()` accepts, run after run in C.
_WORD_REST = re.compile(r"\S*")


def paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{RESET}" if color and text else text


def preview(text: str, fix: Fix, context: int = 12) -> str:
    """'before' -> 'after' around a fix, widened to whole words on its line."""
    edits = fix.edits
    lo, hi = fix.start, fix.end
    if "\n" in text[lo:hi] or "\r" in text[lo:hi]:
        return printable(fix.title or "delete the line")
    # Line breaks are looked for only as far as the preview can reach: searches to the start
    # or the end of a long line, for every finding on it, made long lines quadratic.
    floor, ceiling = max(0, lo - REACH), min(len(text), hi + REACH)
    line_start = max(text.rfind("\n", floor, lo), text.rfind("\r", floor, lo), floor - 1) + 1
    line_end = ceiling
    for at in (text.find("\n", hi, ceiling), text.find("\r", hi, ceiling)):
        if 0 <= at < line_end:
            line_end = at
    lo = max(line_start, lo - context)
    while lo > line_start and not text[lo - 1].isspace():
        lo -= 1
    word_rest = _WORD_REST.match(text, min(line_end, hi + context), line_end)
    assert word_rest is not None  # \S* matches anywhere, if only the empty string
    hi = word_rest.end()
    if len(edits) == 1:  # nearly every fix
        edit = edits[0]
        after = text[lo : edit.start] + edit.replacement + text[edit.end : hi]
    else:
        pieces, pos = [], lo
        for edit in sorted(edits, key=lambda e: e.start):
            pieces += [text[pos : edit.start], edit.replacement]
            pos = edit.end
        after = "".join(pieces) + text[pos:hi]
    before = text[lo:hi]
    return f"{before.strip()!r} -> {after.strip()!r}"


def window(line: str, lo: int, hi: int, width: int = WIDTH) -> tuple[str, int, int]:
    """The part of `line` to show and where the span [lo, hi) falls in it, in display cells."""
    line = CONTROL.sub(" ", line)
    # The first width + 1 characters mostly settle it, without measuring a long paragraph.
    if cell_len(line[: width + 1]) > width or cell_len(line) > width:
        start = max(0, min(lo - width // 3, len(line) - width))
        end = start
        if cell_len(line[start : start + width]) <= width:  # all of these fit: measure only what follows
            end = min(len(line), start + width)
        while end < len(line) and cell_len(line[start : end + 1]) <= width:
            end += 1
        prefix = ELLIPSIS if start > 0 else ""
        suffix = ELLIPSIS if end < len(line) else ""
        shown = prefix + line[start:end] + suffix
        lo, hi = lo - start + len(prefix), min(hi, end) - start + len(prefix)
        line = shown
    pad = cell_len(line[:lo])
    span = max(1, cell_len(line[lo:hi]))
    return line, pad, span


def snippet(doc: Document, finding: Finding, color: bool, line_no: int, col: int) -> list[str]:
    # Only the stretch of the line that window() can show: a copy of a whole 200 MB line
    # for every finding on it made long lines quadratic.
    next_line = doc.line_starts[line_no] if line_no < len(doc.line_starts) else len(doc.text)
    cut = max(finding.start - (col - 1), finding.start - REACH)
    line = doc.text[cut : min(next_line, finding.end + REACH)].rstrip("\r\n")
    lo = finding.start - cut
    hi = min(len(line), lo + (finding.end - finding.start))
    shown, pad, span = window(line, lo, hi)
    gutter = " " * len(str(line_no))
    bar = paint("|", BLUE, color)
    return [
        f"{gutter} {bar}",
        f"{paint(str(line_no), BLUE, color)} {bar} {shown}",
        f"{gutter} {bar} {' ' * pad}{paint('^' * span, RED, color)}",
    ]


def entry(result: FileResult, finding: Finding, color: bool) -> str:
    doc = result.doc
    assert doc is not None  # only a checked file is rendered
    line, col = doc.position(finding.start)
    head = (
        f"{paint(printable(result.path), BOLD, color)}:{line}:{col}: "
        f"{paint(printable(finding.rule_id), BOLD + RED, color)} {printable(finding.message)}"
    )
    lines = [head, *snippet(doc, finding, color, line, col)]
    gutter = " " * len(str(line))
    if finding.fixes:
        only = finding.fix
        kind = only.applicability.label if only else "choose one"
        shown = " | ".join([preview(doc.text, fix) for fix in finding.fixes])
        lines.append(f"{gutter} {paint('=', BLUE, color)} {paint(f'fix ({kind}):', CYAN, color)} {shown}")
    return "\n".join(lines) + "\n"


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def passed_over(results: Sequence[FileResult], ignored: int = 0, other_suffixes: Counter[str] | None = None) -> str:
    """Why files were left unchecked without an error: binary, excluded or ignored by
    .gitignore, or not named like a text file in a folder walk."""
    binary = sum(1 for r in results if r.skipped)
    reasons = []
    if binary:
        reasons.append(f"{binary} binary file{'s' if binary != 1 else ''} (--verbose names them)")
    if ignored:
        reasons.append(f"{_files(ignored)} left out by exclude or .gitignore")
    if other_suffixes:
        shown = [printable(suffix or "no suffix") for suffix, _ in other_suffixes.most_common(3)]
        more = ", …" if len(other_suffixes) > len(shown) else ""
        reasons.append(
            f"{_files(sum(other_suffixes.values()))} in no format textfix reads ({', '.join(shown)}{more}; a config's [formats] can name one)"
        )
    return f": passed over {', '.join(reasons)}" if reasons else ""


def closing_line(results: Sequence[FileResult], ignored: int = 0, other_suffixes: Counter[str] | None = None) -> str:
    counts = summary(results)
    total, files = counts["findings"], counts["files"]
    failed, off = sum(1 for r in results if r.error), len(rules_off(results))
    unchecked = f"; {failed} could not be checked" if failed else ""
    unchecked += f"; {off} rule{'s' if off != 1 else ''} switched off" if off else ""
    if not files:
        return f"Nothing checked ({_files(files)}{unchecked}){passed_over(results, ignored, other_suffixes)}."
    if not total:
        # With a file left unchecked or a rule switched off, not every check passed.
        verdict = "No problems found" if unchecked else "All checks passed"
        return f"{verdict} ({_files(files)}{unchecked})."
    return (
        f"Found {total} problem{'s' if total != 1 else ''} in {counts['files_with_findings']} of {files} "
        f"file{'s' if files != 1 else ''} ({counts['fixable_safe']} fixable with `textfix apply --write`, "
        f"{counts['fixable_unsafe']} more with --unsafe-fixes){unchecked}."
    )


def render_file(result: FileResult, *, color: bool = False, **_options: object) -> str:
    # One string for the file's entries: it crosses from a worker far cheaper than an entry each.
    return "\n".join([entry(result, f, color) for f in result.findings])


def render(
    results: Sequence[FileResult],
    *,
    color: bool = False,
    quiet: bool = False,
    ignored: int = 0,
    other_suffixes: Counter[str] | None = None,
    **_options: object,
) -> str:
    parts = [part for r in results if r.checked and (part := file_part(r, render_file, color=color))]
    out = "\n".join(parts)
    if not quiet:
        out += ("\n" if parts else "") + closing_line(results, ignored, other_suffixes) + "\n"
    return out
