"""The one filter both grammar backends pass their findings through: complaints about names
and about words that are not English prose are dropped.

In translated news text most words a spell checker does not know are names the translator
got right; textfix's name rules check names, so a grammar backend must not. A finding is
dropped when the first of these holds (`Dropped` names each):

1. KNOWN_NAME, any finding: every word of its span is a name the document knows, spelt
   exactly so: a registry name, or a capitalised word the document spells the same way at
   least twice (`known_names`).
2. KNOWN_WORD, spelling complaints: every piece of the word (split at hyphens and spaces,
   a possessive 's left off), in any case, is a piece of a name the document knows or of
   a word the backend's curation accepts ("Stoltenberg's", "SUK-YEOL").
3. PROBABLE_NAME, spelling complaints, when the curation's `skip_names` is on: an initial
   ("J."), a title ("Sen."), a word with two capitals ("NATO", "MacroBot"), or a word (or
   the hyphenated word it is part of: "Sok-gil", "al-Zawahri") with a capital inside a
   sentence ("Battlestar").
4. NOT_PROSE, spelling complaints: a word with letters beyond ASCII (a foreign name or
   loanword: "Tomás", "communiqué"; broken text is the mojibake rule's), a file type or
   domain ("report.pdf"), or part of an address or code span ("/etc/systemd", "a_b").

The text given is the paragraph the backend checked, and spans are offsets into it: the
context rules 3 and 4 look at never reaches into another paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from textfix.names_registry import NAME_WORD

if TYPE_CHECKING:
    from textfix.documents import Document
    from textfix.ruleset import RuleSet

# Pieces of a name as a spell checker tokenises it: letters (and digits), split at hyphens
# and spaces.
_WORD_PIECE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
_POSSESSIVE = re.compile(r"['’]s?$")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ][\w'’-]*\w")
_LAST_WORD = re.compile(r"\w+$")
# Abbreviated titles: "Sen. Warren" is a name after a title, not a sentence's first word.
_TITLES = frozenset(
    "mr mrs ms mx dr prof sr jr st gen col lt capt sgt sen rep gov pres rev hon amb adm maj cpl".split()
)
# How far back rule 4 looks for the start of an address: searching to the start of a long
# line, per finding, was quadratic.
_ADDRESS_REACH = 2000


class Dropped(Enum):
    """Why a finding was dropped: the rules of this module, in the order they are tried."""

    KNOWN_NAME = "known name"
    KNOWN_WORD = "known word"
    PROBABLE_NAME = "probable name"
    NOT_PROSE = "not prose"


def word_pieces(words: Iterable[str]) -> set[str]:
    """The tokens a spell checker sees in `words`: "Yoon Suk-yeol" -> {"Yoon", "Suk", "yeol"}.

    >>> sorted(word_pieces(["Yoon Suk-yeol", "Stoltenberg's"]))
    ['Stoltenberg', 'Suk', 'Yoon', 'yeol']
    """
    pieces: set[str] = set()
    for word in words:
        for piece in _WORD_PIECE.findall(word):
            pieces.add(_POSSESSIVE.sub("", piece))
    pieces.discard("")
    return pieces


def known_names(doc: Document, ruleset: RuleSet) -> set[str]:
    """The names `doc` knows (rule 1), kept with the document for its backend to read: the
    registry's names, and capitalised words the document spells the same way at least twice."""
    if doc.known_names is not None:
        return doc.known_names
    words: set[str] = set()
    for checker in ruleset.checkers:
        registry = getattr(checker, "registry", None)
        if registry is not None:
            words |= registry.words
    counts: dict[str, int] = {}
    for word in _CAPITALISED.findall(doc.text):
        counts[word] = counts.get(word, 0) + 1
    words |= {word for word, count in counts.items() if count >= 2}
    doc.known_names = words
    return words


@dataclass(frozen=True, slots=True)
class SpellingFilter:
    """A backend's filter: the words its curation accepts, and whether it drops probable
    names. `for_document` adds the names a document knows."""

    accepted_words: frozenset[str] = frozenset()
    skip_names: bool = False

    def for_document(self, doc: Document) -> DocumentFilter:
        """The filter for `doc`, with the names `known_names` left with it (none if not run)."""
        names = frozenset(doc.known_names or ())
        folded = frozenset(piece.casefold() for piece in word_pieces([*self.accepted_words, *names]))
        return DocumentFilter(names, folded, self.skip_names)


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """The filter for one document; `dropped` says whether and why a finding goes."""

    names: frozenset[str]
    folded_pieces: frozenset[str]
    skip_names: bool

    def dropped(self, text: str, start: int, end: int, *, spelling: bool) -> Dropped | None:
        """Why the finding at `text[start:end]` is dropped, or None if it stands. `text` is the
        checked paragraph; `spelling` says whether the finding calls a word misspelt."""
        words = NAME_WORD.findall(text[start:end])
        if words and all(word in self.names for word in words):
            return Dropped.KNOWN_NAME
        if not spelling:
            return None
        pieces = [piece.casefold() for piece in word_pieces([text[start:end]])]
        if pieces and all(piece in self.folded_pieces for piece in pieces):
            return Dropped.KNOWN_WORD
        if self.skip_names and probable_name(text, start, end):
            return Dropped.PROBABLE_NAME
        if not_prose(text, start, end):
            return Dropped.NOT_PROSE
        return None


def probable_name(text: str, start: int, end: int) -> bool:
    """Whether the word at `text[start:end]` is probably a name (rule 3).

    >>> text = "Then Battlestar met NATO and Sen. Warren."
    >>> [probable_name(text, text.index(w), text.index(w) + len(w)) for w in ("Then", "Battlestar", "NATO", "Warren")]
    [False, True, True, True]
    """
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
        end += 1
    raw = text[start:end]
    word = raw.strip(".-'’")
    start += len(raw) - len(raw.lstrip(".-'’"))
    end = start + len(word)
    if len(word) == 1 or (word.casefold() in _TITLES and text[end : end + 1] == "."):
        return True  # an initial ("J. R. R.", "p. 203") or a title ("Sen. Warren")
    if sum(c.isupper() for c in word) >= 2:
        return True
    if not any(piece[:1].isupper() for piece in re.split(r"[-'’]", word)):  # "al-Zawahri" counts
        return False
    before = text[:start].rstrip().rstrip("\"'“”‘’([{«»")
    if not before:
        return False
    if before[-1] == ".":
        previous = _LAST_WORD.search(before[:-1])
        if previous is None:
            return False
        # "Mr. Stoltenberg", "J. Smith": a title or an initial, not the end of a sentence
        return previous.group().casefold() in _TITLES or len(previous.group()) == 1
    return before[-1] not in ".!?…:"


def not_prose(text: str, start: int, end: int) -> bool:
    """Whether the word at `text[start:end]` is not a word of English prose (rule 4).

    >>> text = "Open report.pdf, mail x@example.org or see café menus."
    >>> [not_prose(text, text.index(w), text.index(w) + len(w)) for w in ("Open", "pdf", "example", "café")]
    [False, True, True, True]
    """
    word = text[start:end]
    if not word.isascii():
        return True
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    if before in (".", "/", "@", "_", "`") or after in ("/", "@", "_", "`"):
        return True
    floor = max(0, start - _ADDRESS_REACH)
    token_start = max(text.rfind(" ", floor, start), text.rfind("\n", floor, start), floor - 1) + 1
    return "://" in text[token_start:start] or "@" in text[token_start:start]
