"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; every loaded rule is a reportingDescriptor with its doc, every finding a result
with its region and, where it has them, its fixes as artifactChanges. Columns and character
offsets count Unicode code points (`columnKind: unicodeCodePoints`), as everywhere in textfix.
Files that could not be checked become error notifications of the invocation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

from textfix import __version__
from textfix.reporters import rules_off, to_json

if TYPE_CHECKING:
    from textfix.documents import Document
    from textfix.model import Finding, Fix
    from textfix.rule import Rule
    from textfix.runner import FileResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# A SARIF object, as json writes it.
JSONObject = dict[str, object]


def artifact_uri(path: str | os.PathLike[str]) -> str:
    path = PurePath(path)
    if path.is_absolute():
        return path.as_uri()
    return quote(os.fsencode(path.as_posix()))  # a name's bytes, as as_uri gives them: not all names are UTF-8


def descriptor(rule: Rule) -> JSONObject:
    text = rule.description or rule.message
    out: JSONObject = {
        "id": rule.id,
        "shortDescription": {"text": (rule.description.split(". ")[0] if rule.description else rule.id)[:200]},
        "fullDescription": {"text": text or rule.id},
        "defaultConfiguration": {"level": LEVELS[rule.severity.label]},
        "properties": {
            "group": rule.group,
            "kind": rule.kind,
            "fix": rule.fix.label if rule.fix else "none",
        },
    }
    help_text = "\n\n".join(part for part in (rule.description, f"Why: {rule.why}" if rule.why else "") if part)
    if help_text:
        out["help"] = {"text": help_text}
    return out


def region(doc: Document, start: int, end: int) -> JSONObject:
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return {
        "startLine": line,
        "startColumn": col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": start,
        "charLength": end - start,
    }


def fix_object(uri: str, fix: Fix) -> JSONObject:
    return {
        "description": {"text": f"{fix.title or 'Apply the suggested fix'} ({fix.applicability.label})"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri},
                "replacements": [
                    {
                        "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
                        "insertedContent": {"text": edit.replacement},
                    }
                    for edit in sorted(fix.edits, key=lambda e: e.start)
                ],
            }
        ],
    }


def result_object(uri: str, doc: Document, finding: Finding, index: dict[str, int]) -> JSONObject:
    where = region(doc, finding.start, finding.end)
    where["snippet"] = {"text": doc.text[finding.start : finding.end]}
    out: JSONObject = {
        "ruleId": finding.rule_id,
        "level": LEVELS[finding.severity.label],
        "message": {"text": finding.message or finding.rule_id},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": where}}],
    }
    if finding.rule_id in index:
        out["ruleIndex"] = index[finding.rule_id]
    properties: JSONObject = {}
    if finding.source != "textfix":
        properties["source"] = finding.source
    if finding.segment:  # the translation unit, subtitle cue or catalogue entry it is in
        properties["segment"] = finding.segment
    if properties:
        out["properties"] = properties
    if finding.fixes:
        out["fixes"] = [fix_object(uri, fix) for fix in finding.fixes]
    return out


def render(results: Sequence[FileResult], *, rules: Iterable[Rule] = (), **_options: object) -> str:
    ordered = sorted(rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    errors = [str(r.error) for r in results if r.error] + rules_off(results)
    checked = [(artifact_uri(r.path), r.doc, r.findings) for r in results if r.doc is not None]
    run = {
        "tool": {"driver": {"name": "textfix", "version": __version__, "rules": [descriptor(r) for r in ordered]}},
        "invocations": [
            {
                "executionSuccessful": not errors,
                "toolExecutionNotifications": [{"level": "error", "message": {"text": e}} for e in errors],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [result_object(uri, doc, f, index) for uri, doc, findings in checked for f in findings],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return to_json(log, rows=("rules", "results")) + "\n"
