"""`--statistics`: how many findings each rule made, most first (as ruff's --statistics)."""

from __future__ import annotations

import json
from collections import Counter

from textfix.reporters import printable


def counts(results) -> list[dict]:
    total: Counter = Counter()
    fixable: Counter = Counter()
    for result in results:
        for finding in result.findings:
            total[finding.rule_id] += 1
            if finding.fix is not None:
                fixable[finding.rule_id] += 1
    ordered = sorted(total.items(), key=lambda item: (-item[1], item[0]))
    return [{"rule": rule, "count": count, "fixable": fixable[rule]} for rule, count in ordered]


def render(results, *, as_json: bool = False, **_options) -> str:
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
