"""Run every checker over a document and keep the findings that stand."""

from __future__ import annotations

from textfix.documents import Document
from textfix.model import Finding
from textfix.ruleset import RuleSet


def check_document(doc: Document, ruleset: RuleSet) -> list[Finding]:
    findings: list[Finding] = []
    for checker in ruleset.checkers:
        findings.extend(f for f in checker.check(doc) if not doc.is_skipped(f.start, f.end))
    findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return findings
