"""Grammar backends: one more source of findings, behind one interface.

A backend has `name` and `check(doc) -> list[Finding]`. Text is sent paragraph by
paragraph (see `paragraphs`), and findings carry offsets into the whole document.
`registry.load_backend` builds one by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from textfix.documents import Document
from textfix.model import Finding

BACKENDS = ("languagetool", "harper", "off")

_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)\s*")  # a CRLF is one line end


class GrammarError(Exception):
    """The grammar pass could not finish; the message says which server and what to do."""


class Backend(Protocol):
    name: str

    def check(self, doc: Document) -> list[Finding]: ...


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    text: str


def paragraphs(text: str, limit: int = 20_000) -> Iterator[Paragraph]:
    """Paragraphs of `text` (split on blank lines), none longer than `limit` characters.

    A longer paragraph is cut after a sentence end, else a line break, else a space:
    never inside a word.
    """
    position = 0
    for separator in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = separator.start() if separator else len(text)
        if text[position:end].strip():
            yield from _pieces(text, position, end, limit)
        if separator is None:
            break
        position = separator.end()


def _pieces(text: str, start: int, end: int, limit: int) -> Iterator[Paragraph]:
    while end - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 2 if cut > limit // 4 else max(window.rfind("\n") + 1, window.rfind(" ") + 1)
        if cut <= 0:
            cut = limit  # one unbroken word longer than the limit: nothing better exists
        yield Paragraph(start, text[start : start + cut])
        start += cut
    if text[start:end].strip():
        yield Paragraph(start, text[start:end])
