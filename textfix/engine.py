"""Run every checker over a document and keep the findings that stand."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textfix import kinds, suppressions
from textfix.backends import Backend, GrammarError
from textfix.backends.spelling_filter import known_names
from textfix.documents import Document
from textfix.model import Finding
from textfix.rule import base_language
from textfix.ruleset import RuleSet


def default_grammar(lt_url: str | None = None, lt_local: bool = False) -> tuple[str, str | None]:
    """The backend a run uses when none is named, and the LanguageTool server's URL: LanguageTool
    when a server is given or one that `textfix languagetool start` left running answers its
    health check, else Harper (offline, always there)."""
    if lt_url or lt_local:
        return "languagetool", lt_url
    from textfix import ltserver

    server = ltserver.running()
    if server is not None and ltserver.healthy(server.url):
        return "languagetool", server.url
    return "harper", None


def grammar_backend(
    name: str | None = None,
    *,
    lt_url: str | None = None,
    lt_local: bool = False,
    language: str | None = None,
    strict: bool = False,
    cache_dir: Path | None = Path(".textfix_cache"),
) -> Backend | None:
    """The grammar backend a run asks for, None when it is off; with no `name`, the default
    (`default_grammar`). `strict` gives the backend's own rules and every spelling complaint:
    no curation and no spelling gate. Nothing is imported for "off"; may raise GrammarError."""
    from textfix.backends.registry import load_backend

    if name is None:
        name, lt_url = default_grammar(lt_url, lt_local)
    # LanguageTool needs a variant to spell-check; Harper, told no variant, accepts American
    # and British spellings alike.
    options: dict[str, Any] = {"language": language or ("en-US" if name == "languagetool" else "en")}
    if name == "languagetool" and language is None:
        options["any_variant"] = True
    if strict:
        options.update(curated=False, gate=False)
    if name == "languagetool":
        if not lt_url and not lt_local:
            from textfix import ltserver

            server = ltserver.running()  # one `textfix languagetool start` left running
            lt_url = server.url if server else None
        options.update(url=lt_url, local_server=lt_local, cache_dir=cache_dir)
    return load_backend(name, **options)


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
        if kinds.is_off(checker.rule) or not checker.rule.speaks(doc.lang):
            continue
        try:
            findings += [f for f in checker.check(doc) if not doc.is_skipped(f.start, f.end)]
        except kinds.RuleTimeout as exc:
            if rule_failed is None:
                raise
            rule_failed(exc)
    if grammar is not None and speaks(grammar, doc.lang):
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


def speaks(backend: Backend, lang: str | None) -> bool:
    """Whether the backend checks text in `lang` (None: not said, as in plain text): the
    backend's `speaks(lang)` where it has one (LanguageTool checks each text in its own
    language), else its language and `lang` name the same language ("en-GB" and "en_US"
    both speak "en")."""
    if not lang:
        return True
    own: Callable[[str], bool] | None = getattr(backend, "speaks", None)  # a backend of many languages says
    if own is not None:
        return own(lang)
    return base_language(getattr(backend, "language", None) or "en") == base_language(lang)


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
