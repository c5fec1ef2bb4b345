"""Apply fixes: take the non-overlapping ones at the level asked for, re-check, repeat until stable."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from textfix.model import Applicability, Edit, Finding
from textfix.reporters import UNPRINTABLE

_NEEDS_QUOTE = re.compile(f'["\\\\]|{UNPRINTABLE.pattern}')

MAX_PASSES = 10


@dataclass
class FixResult:
    text: str
    applied: list[Finding] = field(default_factory=list)
    passes: int = 0
    settled: bool = True


def apply_once(text: str, findings: list[Finding], level: Applicability) -> tuple[str, list[Finding]]:
    """Apply each finding's single fix at `level` or above, skipping any that overlaps one taken."""
    candidates = [(f, f.fix) for f in findings if f.fix is not None and f.fix.applicability >= level]
    candidates.sort(key=lambda pair: (pair[1].start, pair[1].end))
    taken: list[Finding] = []
    edits: list[Edit] = []
    last_end = -1
    for finding, fix in candidates:
        fix_edits = sorted(fix.edits, key=lambda e: e.start)
        if fix_edits[0].start < last_end or fix_edits[0].start == last_end == fix_edits[0].end:
            continue
        taken.append(finding)
        edits.extend(fix_edits)
        last_end = max(e.end for e in fix_edits)
    if not edits:
        return text, []
    pieces, pos = [], 0
    for edit in edits:
        pieces.append(text[pos : edit.start])
        pieces.append(edit.replacement)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces), taken


def fix_until_stable(
    text: str,
    check: Callable[[str], list[Finding]],
    level: Applicability = Applicability.SAFE,
    first: list[Finding] | None = None,
) -> FixResult:
    """Fix, re-check and fix again until nothing applies; `first` are findings already made on `text`."""
    result = FixResult(text)
    seen = {text}
    for _ in range(MAX_PASSES):
        findings = first if first is not None else check(result.text)
        first = None
        new_text, applied = apply_once(result.text, findings, level)
        if not applied or new_text == result.text:
            return result
        result.passes += 1
        result.applied.extend(applied)
        result.text = new_text
        if new_text in seen:  # two fixes undoing each other
            result.settled = False
            return result
        seen.add(new_text)
    result.settled = not [f for f in check(result.text) if f.fix and f.fix.applicability >= level]
    return result


# Bytes git writes as octal escapes in a quoted name; the rest of what must be quoted has a name.
_QUOTED = {ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r", ord('"'): '\\"', ord("\\"): "\\\\"}


def header_name(name: str) -> str:
    """A file name for a diff header, quoted as git quotes it when it holds a quote, a
    backslash, a control or a byte that is not UTF-8: a line break in a name would otherwise
    end the header line and start a line of the file name's choosing. git apply and patch
    read the quoted form back to the same bytes."""
    if not _NEEDS_QUOTE.search(name):
        return name
    out = []
    for byte in os.fsencode(name):
        if byte in _QUOTED:
            out.append(_QUOTED[byte])
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\{byte:03o}")
        else:
            out.append(chr(byte))
    return '"' + "".join(out) + '"'


def diff_lines(text: str) -> list[str]:
    """`text` in lines as `git apply` and `patch` read a diff: each ends at LF, kept. A CR
    (of a CRLF, or alone) is part of its line, and so are the form feeds, vertical tabs and
    Unicode line separators at which str.splitlines would split a line the tools take whole."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def unified_diff(before: str, after: str, path: str) -> str:
    lines = []
    a, b = diff_lines(before), diff_lines(after)
    for line in difflib.unified_diff(a, b, header_name(f"a/{path}"), header_name(f"b/{path}")):
        lines.append(line)
        if not line.endswith("\n"):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)
