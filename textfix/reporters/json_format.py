"""The JSON contract (version 1): one object with every finding and a summary."""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring as quote  # json.dumps(ensure_ascii=False)'s own string quoting
from typing import TYPE_CHECKING

from textfix.model import Applicability, Finding, Severity
from textfix.reporters import ROW_BREAK, Encoded, file_part, summary, to_json

if TYPE_CHECKING:
    from textfix.documents import Document
    from textfix.runner import FileResult

VERSION = 1

_SEVERITY = {severity: quote(severity.label) for severity in Severity}
_FIX: dict[Applicability | None, str] = {None: "null", **{level: quote(level.label) for level in Applicability}}


def finding_record(quoted_path: str, doc: Document, finding: Finding) -> str:
    """The finding as one compact JSON object, written out as json.dumps writes it: handing
    json a dict costs several times more, and a file can have thousands of findings."""
    line, column, end_line, end_column = doc.span_position(finding.start, finding.end)
    fix = finding.fix
    replacements = ", ".join(map(quote, finding.replacements(doc.text)))
    return (
        f'{{"path": {quoted_path}, "line": {line}, "column": {column}, "end_line": {end_line}, '
        f'"end_column": {end_column}, "offset": {finding.start}, "length": {finding.end - finding.start}, '
        f'"rule": {quote(finding.rule_id)}, "severity": {_SEVERITY[finding.severity]}, '
        f'"message": {quote(finding.message)}, "replacements": [{replacements}], '
        f'"fix": {_FIX[fix.applicability if fix else None]}, "source": {quote(finding.source)}'
        + (f', "segment": {quote(finding.segment)}}}' if finding.segment else "}")
    )


def render_file(result: FileResult, **_options: object) -> Encoded:
    # One string for the file's rows: it crosses from a worker far cheaper than a row each.
    doc = result.doc
    assert doc is not None  # only a checked file is rendered
    path = quote(str(result.path))
    return Encoded(ROW_BREAK.join(finding_record(path, doc, f) for f in result.findings))


def render(results: Sequence[FileResult], **_options: object) -> str:
    findings = [part for r in results if r.checked and (part := file_part(r, render_file))]
    return to_json({"version": VERSION, "findings": findings, "summary": summary(results)}, rows=("findings",)) + "\n"
