"""Suppression comments and the project allow-list: findings the user has said to leave alone.

In a comment the format allows (`<!-- ... -->` anywhere; in plain text also `# ...` and
`// ...` at the end of a line):

    textfix: ignore              this line, every rule (the comment must end the line)
    textfix: ignore[id, ...]     this line, only these rules (ids or groups)
    textfix: off / off[id, ...]  from here ...
    textfix: on / on[id, ...]    ... to here (an `off` never closed runs to the end)
    textfix: ignore-file[...]    the whole file

`apply` is the one filter; it also records which comments were used, so that
`--warn-unused-ignores` can report the ones that suppress nothing.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from textfix.documents import Document
from textfix.model import Edit, Finding, Severity, common_affixes

if TYPE_CHECKING:
    from textfix.ruleset import RuleSet

UNUSED_RULE = "unused-suppression"

_DIRECTIVE = r"textfix:[ \t]*(?P<directive>ignore-file|ignore|off|on)\b(?:\[(?P<ids>[^\]\r\n]*)\])?"
_HTML = re.compile(r"<!--[ \t]*" + _DIRECTIVE + r"[ \t]*-->")
_LINE_COMMENT = re.compile(r"(?:^|(?<=[ \t]))(?:#|//)[ \t]*" + _DIRECTIVE + r"[ \t]*(?=\r\n|\r|\n|\Z)", re.MULTILINE)


@dataclass(eq=False)
class Marker:
    """One suppression comment, and the rule names it has actually silenced."""

    directive: str
    ids: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    used: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"textfix: {self.directive}" + (f"[{', '.join(self.ids)}]" if self.ids else "")


@dataclass(frozen=True, eq=False)
class Cover:
    """A stretch of text [start, end) where `marker` silences `ids` (None: every rule)."""

    start: int
    end: int
    ids: frozenset[str] | None
    marker: Marker


@dataclass
class Suppressions:
    markers: list[Marker] = field(default_factory=list)  # in the order of the text
    covers: list[Cover] = field(default_factory=list)  # the first that covers a finding silences it

    @cached_property
    def _marker_index(self) -> tuple[list[int], list[int]]:
        """The markers' starts, and the furthest end of the markers up to each."""
        starts, reach, furthest = [], [], 0
        for marker in self.markers:
            furthest = max(furthest, marker.end)
            starts.append(marker.start)
            reach.append(furthest)
        return starts, reach

    def in_marker(self, finding: Finding) -> bool:
        starts, reach = self._marker_index
        before_end = bisect.bisect_left(starts, max(finding.end, finding.start + 1))
        return before_end > 0 and finding.start < reach[before_end - 1]

    def silencers(
        self, findings: list[Finding], names_of: Callable[[Finding], tuple[str, ...]]
    ) -> list[tuple[Marker, str] | None]:
        """For each finding, the marker that silences it and which of its names
        (`names_of(finding)`) it matched by.

        One sweep through findings and covers in the order of the text: the covers begun by
        each finding's start wait in a heap per rule name (None: every rule) ordered by their
        place in `covers`, and one that has ended is dropped from the top for good. Checking
        every cover for every finding made a comment on each line quadratic.
        """
        covers = self.covers
        begun = sorted(range(len(covers)), key=lambda rank: covers[rank].start)
        waiting: dict[str | None, list[int]] = {}
        out: list[tuple[Marker, str] | None] = [None] * len(findings)
        taken = 0
        for index in sorted(range(len(findings)), key=lambda i: findings[i].start):
            at = findings[index].start
            while taken < len(begun) and covers[begun[taken]].start <= at:
                rank = begun[taken]
                for key in covers[rank].ids or (None,):
                    heapq.heappush(waiting.setdefault(key, []), rank)
                taken += 1
            names = names_of(findings[index])
            first = None
            for key in (None, *names):
                heap = waiting.get(key)
                while heap and not _covers(covers[heap[0]], at):
                    heapq.heappop(heap)
                if heap and (first is None or heap[0] < first):
                    first = heap[0]
            if first is not None:
                cover = covers[first]
                name = "*" if cover.ids is None else next(name for name in names if name in cover.ids)
                out[index] = cover.marker, name
        return out


def _covers(cover: Cover, at: int) -> bool:
    return cover.start <= at < cover.end or cover.start == at == cover.end


def _ids(raw: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (raw or "").split(",") if part.strip())


def _comments(doc: Document) -> list[re.Match[str]]:
    found = list(_HTML.finditer(doc.text))
    if doc.comment_spans is not None:
        return [m for m in found if m.span() in doc.comment_spans]
    if doc.markdown:
        # A marker inside a code block or code span is an example of a marker, not one.
        spans = set(doc.skip_spans)
        return [m for m in found if m.span() in spans]
    found += _LINE_COMMENT.finditer(doc.text)
    return sorted(found, key=lambda m: m.start())


def parse(doc: Document) -> Suppressions:
    if doc.suppressions is None:
        result = Suppressions()
        if "textfix:" in doc.text:
            _build(doc, result)
        doc.suppressions = result
    return doc.suppressions


def _build(doc: Document, result: Suppressions) -> None:
    text = doc.text
    open_all: tuple[int, Marker] | None = None
    open_ids: dict[str, tuple[int, Marker]] = {}
    for match in _comments(doc):
        directive, ids = match["directive"], _ids(match["ids"])
        marker = Marker(directive, ids, match.start(), match.end())
        if directive == "ignore":
            line_start, line_end = doc.line_bounds(match.start())
            if text[match.end() : line_end].strip():
                continue  # not at the end of its line: prose that mentions the syntax
            result.covers.append(Cover(line_start, match.end(), frozenset(ids) or None, marker))
        elif directive == "ignore-file":
            result.covers.append(Cover(0, len(text) + 1, frozenset(ids) or None, marker))
        elif directive == "off":
            if not ids and open_all is None:
                open_all = (match.end(), marker)
            for rule_id in ids:
                open_ids.setdefault(rule_id, (match.end(), marker))
        else:  # on
            closing = ids or tuple(open_ids)
            if not ids and open_all is not None:
                result.covers.append(Cover(open_all[0], match.start(), None, open_all[1]))
                open_all = None
            for rule_id in closing:
                if rule_id in open_ids:
                    start, opener = open_ids.pop(rule_id)
                    result.covers.append(Cover(start, match.start(), frozenset([rule_id]), opener))
            continue  # an `on` silences nothing, so it is never "unused"
        result.markers.append(marker)
    if open_all is not None:
        result.covers.append(Cover(open_all[0], len(text) + 1, None, open_all[1]))
    for rule_id, (start, opener) in open_ids.items():
        result.covers.append(Cover(start, len(text) + 1, frozenset([rule_id]), opener))


@lru_cache(maxsize=32)
def _accept_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = []
    for word in sorted(words, key=len, reverse=True):
        left = r"(?<!\w)" if re.match(r"\w", word) else ""
        right = r"(?!\w)" if re.search(r"\w$", word) else ""
        parts.append(left + re.escape(word) + right)
    return re.compile("|".join(parts))


def accepted_spans(doc: Document, words: frozenset[str]) -> list[tuple[int, int]]:
    """Where the allow-listed words and names occur in the text (exact case, whole words)."""
    pattern = _accept_pattern(words)
    if pattern is None:
        return []
    if words not in doc.accepted:
        doc.accepted[words] = [m.span() for m in pattern.finditer(doc.text)]
    return doc.accepted[words]


def _changed(text: str, edit: Edit) -> tuple[int, int]:
    """The part of the text an edit really changes (common prefix and suffix trimmed)."""
    head, tail = common_affixes(text[edit.start : edit.end], edit.replacement)
    return edit.start + head, edit.end - tail


def _accepted(finding: Finding, text: str, spans: list[tuple[int, int]]) -> bool:
    """Allow-listed when the span lies inside an accepted word, or when every fix changes
    only accepted words: accepting "Stoltenburg" silences "Jens Stoltenburg" -> "Jens Stoltenberg"."""

    def inside(lo: int, hi: int) -> bool:
        return any(a <= lo and hi <= b for a, b in spans)

    if inside(finding.start, finding.end):
        return True
    return bool(finding.fixes) and all(inside(*_changed(text, e)) for fix in finding.fixes for e in fix.edits)


def apply(doc: Document, ruleset: RuleSet, findings: list[Finding]) -> list[Finding]:
    """`findings` less those allow-listed or silenced by a comment; marks comments used."""
    words = ruleset.accept
    accepted = accepted_spans(doc, words) if words else []
    suppressions = parse(doc)
    if not accepted and not suppressions.markers:
        return findings
    names = ruleset.suppression_names
    left = [
        finding
        for finding in findings
        if not (accepted and _accepted(finding, doc.text, accepted))
        and not suppressions.in_marker(finding)  # the comment itself is not prose
    ]
    kept = []
    for finding, hit in zip(
        left, suppressions.silencers(left, lambda f: names.get(f.rule_id, (f.rule_id,))), strict=False
    ):
        if hit is None:
            kept.append(finding)
        else:
            hit[0].used.add(hit[1])
    return kept


def unused(doc: Document, ruleset: RuleSet) -> list[Finding]:
    """A finding for each comment that silenced nothing. Rule names the rule set does not
    know are left alone: they may belong to rules not selected in this run."""
    known = {name for names in ruleset.suppression_names.values() for name in names}
    out = []
    for marker in parse(doc).markers:
        if not marker.ids:
            if not marker.used:
                out.append(_unused(marker, "it silences no finding"))
            continue
        idle = [name for name in marker.ids if name not in marker.used and name in known]
        if idle:
            out.append(_unused(marker, f"no {', '.join(idle)} finding to silence"))
    return out


def _unused(marker: Marker, why: str) -> Finding:
    return Finding(
        UNUSED_RULE, marker.start, marker.end, f"Unused suppression '{marker.label}': {why}", Severity.WARNING
    )
