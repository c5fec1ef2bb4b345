"""Apply fixes: take the non-overlapping ones at the level asked for, re-check, repeat until stable."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable

from textfix.model import Applicability, Edit, Finding

MAX_PASSES = 10


@dataclass
class FixResult:
    text: str
    applied: list[Finding] = field(default_factory=list)
    passes: int = 0
    settled: bool = True


def apply_once(text: str, findings: list[Finding], level: Applicability) -> tuple[str, list[Finding]]:
    """Apply each finding's single fix at `level` or above, skipping any that overlaps one taken."""
    candidates = [f for f in findings if f.fix is not None and f.fix.applicability >= level]
    candidates.sort(key=lambda f: (f.fix.start, f.fix.end))
    taken: list[Finding] = []
    edits: list[Edit] = []
    last_end = -1
    for finding in candidates:
        fix_edits = sorted(finding.fix.edits, key=lambda e: e.start)
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


def unified_diff(before: str, after: str, path: str) -> str:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"):
        lines.append(line)
        if not line.endswith(("\n", "\r")):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)
