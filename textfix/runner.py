"""Check or fix a list of files: the work behind `textfix check` and `textfix apply`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textfix.documents import Document
from textfix.backends import GrammarError
from textfix.engine import check_document, grammar_findings
from textfix.files import FileError, SourceFile, read
from textfix.fixer import fix_until_stable, unified_diff
from textfix.model import Applicability, Finding
from textfix.ruleset import RuleError, RuleSet


@dataclass
class FileResult:
    path: Path
    doc: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    source: SourceFile | None = None
    fixed_text: str | None = None
    settled: bool = True
    grammar_error: str | None = None

    @property
    def changed(self) -> bool:
        return self.doc is not None and self.fixed_text is not None and self.fixed_text != self.doc.text

    def diff(self) -> str:
        return unified_diff(self.doc.text, self.fixed_text, str(self.path)) if self.changed else ""


def process(path: Path, ruleset: RuleSet, fix_level: Applicability | None = None, grammar=None) -> FileResult:
    """Check one file and, when `fix_level` is given, compute its fixed text (nothing is written).

    A grammar backend that fails leaves the rule findings standing; `grammar_error` says why.
    """
    result = FileResult(path)

    def check(text: str) -> list[Finding]:
        doc = Document.for_path(text, str(path))
        findings = check_document(doc, ruleset)
        if grammar is not None and result.grammar_error is None:
            try:
                findings = sorted(
                    findings + grammar_findings(doc, grammar, findings, ruleset),
                    key=lambda f: (f.start, f.end, f.rule_id),
                )
            except GrammarError as exc:
                result.grammar_error = str(exc)
        return findings

    try:
        result.source = read(path)
        result.doc = Document.for_path(result.source.text, str(path))
        result.findings = check(result.doc.text)
        if fix_level is not None:
            fixed = fix_until_stable(result.doc.text, check, fix_level)
            result.fixed_text, result.settled = fixed.text, fixed.settled
    except (FileError, RuleError) as exc:
        result.error = str(exc)
    return result
