"""A glossary's terms in translations: the required target term missing, a forbidden one used."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import regex

from textfix import glossary
from textfix.documents import Document
from textfix.glossary import Term
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding, Fix
from textfix.rule import Rule


def _spaced(term: str) -> bool:
    """Whether the term's script writes spaces between words (not Han, Kana, Thai)."""
    return not regex.search(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]", term)


@lru_cache(maxsize=4096)
def exact(term: str) -> regex.Pattern[str]:
    """The term as a whole word or words, any case, any spacing between its words."""
    body = r"\s+".join(regex.escape(word) for word in term.split())
    if not _spaced(term):
        return regex.compile(body, regex.IGNORECASE)
    return regex.compile(rf"(?<!\w){body}(?!\w)", regex.IGNORECASE)


@lru_cache(maxsize=4096)
def inflected(term: str) -> regex.Pattern[str]:
    """The term with any ending on each word, from its stem on, also inside a compound:
    "Datei" finds "Dateien" and "Bilddatei", "ошибка" finds "ошибки". Generous on purpose:
    a required term counts as used wherever it may be."""
    if not _spaced(term):
        return exact(term)

    def stem(word: str) -> str:
        cut = 2 if len(word) >= 7 else 1 if len(word) >= 4 else 0
        return regex.escape(word[: len(word) - cut]) + r"\w*"

    return regex.compile(r"\s+".join(stem(w) for w in term.split()), regex.IGNORECASE)


class GlossaryKind(BaseKind):
    """`kind: glossary`: the project's glossary (config `glossary = "terms.csv"` or a TBX
    file; see textfix.glossary) applied to each translation in the glossary's language.

    Options (name, type, default: meaning):

    - check (str, required): "required": a source term present in the source (whole word,
      any case) and the target term for the segment's language nowhere in the translation,
      in any inflection from its stem on; "forbidden": a forbidden target term present
      (whole word, any case) where its source term is in the source (anywhere, in text with
      no source or a term with none), with the required term for it as an unsafe fix where
      the glossary gives exactly one.
    - glossary (str, none): the glossary file; set from the config's `glossary`. Without
      one the rule finds nothing.

    Message fields: source (the source term), term (the target term in question), required
    (the required term, forbidden check), note.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"check": str, "glossary": str}
    REQUIRED: ClassVar[tuple[str, ...]] = ("check",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.UNSAFE

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.check_kind = rule.options["check"]
        if self.check_kind not in ("required", "forbidden"):
            raise rule.error("'check' is 'required' or 'forbidden'")
        path = rule.options.get("glossary")
        try:
            self.terms = glossary.load(Path(path)) if path else []
        except glossary.GlossaryError as exc:
            raise rule.error(str(exc)) from None

    def check(self, doc: Document) -> Iterator[Finding]:
        if not self.terms:
            return
        units = [(o, s.text, s.source, s.lang or doc.lang) for o, s in doc.segments or ()]
        if doc.segments is None:
            units = [(0, doc.text, None, doc.lang)]
        for offset, text, source, lang in units:
            terms = [t for t in self.terms if t.speaks(lang)]
            if self.check_kind == "required":
                if source is not None:
                    yield from self._missing(offset, text, source, terms)
            else:
                yield from self._forbidden(offset, text, source, terms)

    def _missing(self, offset: int, text: str, source: str, terms: list[Term]) -> Iterator[Finding]:
        wanted: dict[str, list[Term]] = {}
        for term in terms:
            if term.source and exact(term.source).search(source):
                wanted.setdefault(term.source.casefold(), []).append(term)
        for options in wanted.values():
            # A source term with several accepted translations is satisfied by any of them;
            # one translated with a forbidden term is the forbidden rule's to report.
            if any(inflected(t.target).search(text) for t in options if not t.forbidden) or any(
                exact(t.target).search(text) for t in options if t.forbidden
            ):
                continue
            options = [t for t in options if not t.forbidden]
            if not options:
                continue
            term = options[0]
            message = self.format_message(source=term.source, term=term.target, required=term.target, note=term.note)
            yield self.finding(offset, offset + len(text), message)

    def _forbidden(self, offset: int, text: str, source: str | None, terms: list[Term]) -> Iterator[Finding]:
        for term in terms:
            if not term.forbidden:
                continue
            if term.source and source is not None and not exact(term.source).search(source):
                continue
            required = (
                {t.target for t in terms if not t.forbidden and t.source.casefold() == term.source.casefold()}
                if term.source
                else set()
            )
            for match in exact(term.target).finditer(text):
                start, end = offset + match.start(), offset + match.end()
                fixes: tuple[Fix, ...] = ()
                if len(required) == 1:
                    replacement = next(iter(required))
                    if match.group()[:1].isupper() and replacement[:1].islower():
                        replacement = replacement[:1].upper() + replacement[1:]
                    fixes = self.replace(start, end, replacement)
                message = self.format_message(
                    source=term.source, term=match.group(), required=", ".join(sorted(required)), note=term.note
                )
                yield self.finding(start, end, message, fixes)
