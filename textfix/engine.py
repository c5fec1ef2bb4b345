"""Run every checker over a document and keep the findings that stand."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable

from textfix import kinds, suppressions
from textfix.backends import Backend, GrammarError
from textfix.backends.spelling_filter import known_names
from textfix.documents import Document
from textfix.model import Finding
from textfix.ruleset import RuleSet


def check_document(
    doc: Document,
    ruleset: RuleSet,
    grammar: Backend | None = None,
    grammar_failed: Callable[[GrammarError], object] | None = None,
    rule_failed: Callable[[kinds.RuleTimeout], object] | None = None,
) -> list[Finding]:
    """Every finding that stands, sorted: the rules', then the grammar backend's (if given).

    Suppression comments and the allow-list are applied once, to all of them, so that check,
    apply and the library agree. A failing backend raises GrammarError, unless
    `grammar_failed(error)` is given: then the rule findings still stand. A rule whose
    pattern runs out of time raises RuleTimeout, unless `rule_failed(error)` is given: then
    that rule finds nothing here and the other rules' findings stand. Rules a run has
    switched off (`kinds.switching_off`) are not run.
    """
    findings: list[Finding] = []
    if doc.scan is None:
        utf8, doc.file_bytes = doc.file_bytes, None  # the scan lets go of the file's bytes
        doc.scan = ruleset.scanner.read(doc.text, utf8)
    for checker in ruleset.checkers:
        if kinds.is_off(checker.rule):
            continue
        try:
            findings += [f for f in checker.check(doc) if not doc.is_skipped(f.start, f.end)]
        except kinds.RuleTimeout as exc:
            if rule_failed is None:
                raise
            rule_failed(exc)
    if grammar is not None:
        try:
            findings += grammar_candidates(doc, grammar, findings, ruleset)
        except GrammarError as exc:
            if grammar_failed is None:
                raise
            grammar_failed(exc)
    findings = suppressions.apply(doc, ruleset, findings)
    if ruleset.warn_unused_ignores:
        findings += suppressions.unused(doc, ruleset)
    findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return findings


def grammar_candidates(
    doc: Document, backend: Backend, rule_findings: list[Finding], ruleset: RuleSet
) -> list[Finding]:
    """The backend's findings, less those in skipped regions and those a rule already reports.
    The backend drops complaints about the document's known names itself (`spelling_filter`).
    May raise GrammarError."""
    known_names(doc, ruleset)
    taken = sorted((f.start, max(f.end, f.start + 1)) for f in rule_findings)
    starts = [start for start, _ in taken]
    reach = list(itertools.accumulate((end for _, end in taken), max))  # furthest end so far
    kept: list[Finding] = []
    for finding in backend.check(doc):
        if doc.is_skipped(finding.start, finding.end):
            continue
        before = bisect.bisect_left(starts, max(finding.end, finding.start + 1))
        if before and reach[before - 1] > finding.start:
            continue  # a rule finding overlaps it
        kept.append(finding)
    return kept
