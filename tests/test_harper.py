"""The Harper grammar backend against its table of cases in fixtures/grammar/harper.yaml."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pytest
import yaml
from conftest import FIXTURES

harper = pytest.importorskip("harper")

from textfix.backends import GrammarError  # noqa: E402
from textfix.backends.harper import HarperBackend, curation  # noqa: E402
from textfix.backends.registry import load_backend  # noqa: E402
from textfix.documents import Document  # noqa: E402
from textfix.model import Applicability  # noqa: E402

CASES = yaml.safe_load((FIXTURES / "grammar" / "harper.yaml").read_text(encoding="utf-8"))["cases"]


@cache
def backend(
    language="en-US", curated=True, known_words=(), disabled_rules=(), skip_names=None, gate=True
) -> HarperBackend:
    return HarperBackend(
        language=language,
        curated=curated,
        known_words=known_words,
        disabled_rules=list(disabled_rules),
        skip_names=skip_names,
        gate=gate,
    )


def run_case(case):
    strict = case.get("strict", False)  # as --strict: Harper's own rules, no gate
    checker = backend(
        case.get("language", "en-US"),
        case.get("curated", True) and not strict,
        tuple(case.get("known_words", ())),
        tuple(case.get("disabled_rules", ())),
        case.get("skip_names"),
        not strict,
    )
    doc = Document.for_path(case["text"], case.get("path", "case.txt"))
    if "doc_names" in case:
        doc.known_names = set(case["doc_names"])
    return doc, checker.check(doc)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    doc, findings = run_case(case)
    text = doc.text
    spans = [(f.rule_id, text[f.start : f.end]) for f in findings]
    for finding in findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.source == "harper" and finding.rule_id.startswith("harper/")
        assert all(fix.applicability == Applicability.UNSAFE for fix in finding.fixes)
    for expected in case.get("flagged", []):
        word = expected["word"]
        start = text.index(word, text.index(expected["after"]) if "after" in expected else 0)
        matches = [f for f in findings if (f.start, f.end) == (start, start + len(word))]
        assert matches, f"{word!r} at {start} not flagged; got {spans}"
        finding = matches[0]
        if "rule" in expected:
            assert finding.rule_id == expected["rule"], spans
        if "suggests" in expected:
            assert expected["suggests"] in finding.replacements(text), finding.replacements(text)
        if expected.get("single_fix"):
            assert finding.fix is not None
            fixed = text[: finding.fix.start] + finding.fix.edits[0].replacement + text[finding.fix.end :]
            assert expected["suggests"] in fixed
    for word in case.get("not_flagged", []):
        assert word not in [t for _r, t in spans], f"{word!r} flagged: {spans}"
    if case.get("flagged") == []:
        assert findings == [], spans


def test_several_suggestions_are_alternatives():
    doc = Document("The wrld is large.")
    (finding,) = backend().check(doc)
    assert len(finding.fixes) > 1
    assert finding.fix is None  # never applied automatically


def test_offsets_match_harpers_own_spans():
    """Slicing the document at every finding gives the text Harper reported."""
    text = "\U0001f600 e\u0301te\u0301 wrld.\r\n\r\nNai\u0308ve \U0001f469\u200d\U0001f467 recieve teh gifts."
    linter = harper.Linter()
    expected = sorted(
        lint.problem_text for p in text.split("\r\n\r\n") for lint in linter.lint(p, language="plaintext")
    )
    got = sorted(text[f.start : f.end] for f in backend(curated=False).check(Document(text)))
    assert got == expected and "recieve" in got


def test_curated_rules_are_harper_rules_and_are_off():
    settings = curation()
    assert settings.disabled_rules, "rules/grammar/harper.yaml lists no rules"
    checker = backend()
    assert checker.unknown_rules == []  # a renamed or misspelt rule would be silently ignored
    assert settings.disabled_rules <= checker.disabled
    config = checker.linter().get_lint_config()
    assert all(config[rule] is False for rule in settings.disabled_rules)
    assert "SpellCheck" not in checker.disabled


def test_lints_go_through_the_shared_spelling_filter(filter_asked):
    """Harper's lints are judged by textfix.backends.spelling_filter, spelling lints as such."""
    doc = Document("The talks with Stoltenberg ended. Open report.pdf in the wrld.")
    doc.known_names = set()
    findings = HarperBackend().check(doc)
    assert [doc.text[f.start : f.end] for f in findings] == ["wrld"]
    assert {("Stoltenberg", True), ("pdf", True), ("wrld", True)} <= set(filter_asked)


def test_a_lint_on_a_known_name_is_dropped_whatever_its_kind():
    """Rule 1 of the spelling filter: a finding whose words are all names the document knows
    goes, a grammar lint as much as a spelling one."""
    text = "Walla Walla is a city. Walla Walla grew."
    doc = Document(text)
    assert any(text[f.start : f.end] == "Walla Walla" for f in backend(curated=False).check(doc))
    doc.known_names = {"Walla"}
    assert not any(text[f.start : f.end] == "Walla Walla" for f in backend(curated=False).check(doc))


def test_unsupported_language():
    with pytest.raises(GrammarError, match="English only"):
        HarperBackend(language="de-DE")


def test_load_backend_and_ignored_options():
    checker = load_backend("harper", language="en-GB", url="http://unused", curated=True)
    assert isinstance(checker, HarperBackend) and checker.name == "harper"


def test_one_linter_per_thread():
    checker = HarperBackend()
    docs = [Document(f"Report {i}: the wrld and teh map.") for i in range(12)]
    expected = [[(f.rule_id, f.start, f.end) for f in checker.check(d)] for d in docs]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda d: [(f.rule_id, f.start, f.end) for f in checker.check(d)], docs))
    assert got == expected


def test_pickles_for_worker_processes():
    checker = pickle.loads(pickle.dumps(backend(known_words=("Stoltenberg",))))
    findings = checker.check(Document("Stoltenberg saw the wrld."))
    assert [f.rule_id for f in findings] == ["harper/SpellCheck"]


def test_a_file_on_one_line_is_linted_in_bounded_pieces():
    """A file on one line reaches Harper in pieces of at most PARAGRAPH_LIMIT characters,
    which together are the text: the time stays linear in the file's length."""
    from textfix.backends.harper import PARAGRAPH_LIMIT

    text = "The talks resumed after the summit, and the wrld watched. " * 500  # ~30,000 characters
    checker = HarperBackend()
    linter, given = checker.linter(), []

    class Recording:
        def organized_lints(self, piece, **options):
            given.append(piece)
            return linter.organized_lints(piece, **options)

    checker._local.linter = Recording()
    findings = checker.check(Document(text))
    assert len(given) > 1 and max(map(len, given)) <= PARAGRAPH_LIMIT
    assert "".join(given) == text
    assert len(findings) == 500 and all(text[f.start : f.end] == "wrld" for f in findings)
