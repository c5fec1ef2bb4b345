"""The small value types every part of textfix speaks: edits, fixes, findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Applicability(enum.IntEnum):
    """How far a fix can be trusted; ordered so that `fix >= level` asks "may I apply it"."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @classmethod
    def parse(cls, value: str) -> Applicability:
        return cls[value.upper().replace("-", "_")]

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `replacement`; positions are str indexes (code points)."""

    start: int
    end: int
    replacement: str

    # Results cross process boundaries by the thousand: each class names its fields itself,
    # three times cheaper than a generic getattr loop over __slots__.
    def __reduce__(self) -> tuple[Any, ...]:
        return Edit, (self.start, self.end, self.replacement)


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability
    title: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        return Fix, (self.edits, self.applicability, self.title)

    @property
    def start(self) -> int:
        edits = self.edits
        return edits[0].start if len(edits) == 1 else min(edit.start for edit in edits)

    @property
    def end(self) -> int:
        edits = self.edits
        return edits[0].end if len(edits) == 1 else max(edit.end for edit in edits)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at text[start:end]. Several fixes are alternatives: never applied automatically."""

    rule_id: str
    start: int
    end: int
    message: str
    severity: Severity = Severity.WARNING
    fixes: tuple[Fix, ...] = field(default=())
    source: str = "textfix"
    # Which segment of a translation or markup file it is in (a PO msgid, an XLIFF unit id,
    # a cue number); "" in plain text.
    segment: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        return Finding, (
            self.rule_id,
            self.start,
            self.end,
            self.message,
            self.severity,
            self.fixes,
            self.source,
            self.segment,
        )

    @property
    def fix(self) -> Fix | None:
        """The fix `apply` may use: only when there is exactly one candidate."""
        return self.fixes[0] if len(self.fixes) == 1 else None

    def replacements(self, text: str) -> list[str]:
        """What the span would read after each fix (a suggestion to show the user)."""
        out = []
        for fix in self.fixes:
            if len(fix.edits) == 1:  # nearly every fix: no sorting, no joining
                edit = fix.edits[0]
                lo, hi = min(self.start, edit.start), max(self.end, edit.end)
                out.append(text[lo : edit.start] + edit.replacement + text[edit.end : hi])
                continue
            lo, hi = min(self.start, fix.start), max(self.end, fix.end)
            pieces, pos = [], lo
            for edit in sorted(fix.edits, key=lambda e: e.start):
                pieces.append(text[pos : edit.start])
                pieces.append(edit.replacement)
                pos = edit.end
            pieces.append(text[pos:hi])
            out.append("".join(pieces))
        return out


def single_fix(
    start: int, end: int, replacement: str, applicability: Applicability, title: str = ""
) -> tuple[Fix, ...]:
    return (Fix((Edit(start, end, replacement),), applicability, title),)


def common_affixes(a: str, b: str) -> tuple[int, int]:
    """Lengths of the longest common start and (not overlapping it) common end of a and b."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail
