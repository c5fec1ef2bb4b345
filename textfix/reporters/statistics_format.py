"""`--statistics`: how many findings each rule made, most first (as ruff's --statistics)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from textfix.reporters import printable

if TYPE_CHECKING:
    from textfix.runner import FileResult


class Row(TypedDict):
    rule: str
    count: int
    fixable: int


def counts(results: Iterable[FileResult]) -> list[Row]:
    total: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    for result in results:
        for finding in result.findings:
            total[finding.rule_id] += 1
            if finding.fix is not None:
                fixable[finding.rule_id] += 1
    ordered = sorted(total.items(), key=lambda item: (-item[1], item[0]))
    return [{"rule": rule, "count": count, "fixable": fixable[rule]} for rule, count in ordered]


def render(results: Iterable[FileResult], *, as_json: bool = False, **_options: object) -> str:
    rows = counts(results)
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    if not rows:
        return ""
    rows = [{**row, "rule": printable(row["rule"])} for row in rows]
    count_width = max(len(str(row["count"])) for row in rows)
    rule_width = max(len(row["rule"]) for row in rows)
    lines = []
    for row in rows:
        fixable = f"{row['fixable']} fixable" if row["fixable"] else ""
        lines.append(f"{row['count']:>{count_width}}  {row['rule']:<{rule_width}}  {fixable}".rstrip())
    return "\n".join(lines) + "\n"
