"""Check or fix a list of files: the work behind `textfix check` and `textfix apply`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textfix.documents import Document
from textfix.engine import check_document
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

    @property
    def changed(self) -> bool:
        return self.doc is not None and self.fixed_text is not None and self.fixed_text != self.doc.text

    def diff(self) -> str:
        return unified_diff(self.doc.text, self.fixed_text, str(self.path)) if self.changed else ""


def process(path: Path, ruleset: RuleSet, fix_level: Applicability | None = None) -> FileResult:
    """Check one file and, when `fix_level` is given, compute its fixed text (nothing is written)."""
    result = FileResult(path)
    try:
        result.source = read(path)
        result.doc = Document.for_path(result.source.text, str(path))
        result.findings = check_document(result.doc, ruleset)
        if fix_level is not None:
            fixed = fix_until_stable(
                result.doc.text,
                lambda text: check_document(Document.for_path(text, str(path)), ruleset),
                fix_level,
            )
            result.fixed_text, result.settled = fixed.text, fixed.settled
    except (FileError, RuleError) as exc:
        result.error = str(exc)
    return result
