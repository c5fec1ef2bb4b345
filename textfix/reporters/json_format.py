"""The JSON contract (version 1): one object with every finding and a summary."""

from __future__ import annotations

from textfix.reporters import Encoded, _compact, file_part, summary, to_json

VERSION = 1


def finding_record(path: str, doc, finding) -> dict:
    line, column = doc.position(finding.start)
    end_line, end_column = doc.position(finding.end)
    return {
        "path": path,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "offset": finding.start,
        "length": finding.end - finding.start,
        "rule": finding.rule_id,
        "severity": finding.severity.label,
        "message": finding.message,
        "replacements": finding.replacements(doc.text),
        "fix": finding.fix.applicability.label if finding.fix else None,
        "source": finding.source,
    }


def render_file(result, **_options) -> list[Encoded]:
    path = str(result.path)
    return [Encoded(_compact(finding_record(path, result.doc, f))) for f in result.findings]


def render(results, **_options) -> str:
    findings = [row for r in results if r.doc is not None for row in file_part(r, render_file)]
    return to_json({"version": VERSION, "findings": findings, "summary": summary(results)}, rows=("findings",)) + "\n"
