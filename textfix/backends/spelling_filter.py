"""The one gate both grammar backends pass their findings through: complaints about names, about
words of the language the backend's dictionary lacks, and about words that are not English
prose are dropped.

In edited and translated news text most words a spell checker does not know are names the
writer got right, or rare words (measured with bench/precision.py: without this gate about 250
findings per 1,000 sentences of BBC news, nearly all of them such words); textfix's name rules
check names, so a grammar backend must not. A finding is dropped when the first of these holds
(`Dropped` names each):

1. KNOWN_NAME, any finding: every word of its span, one of them capitalised, is a name the
   document knows, spelt exactly so: a word of a registry name or place, or a capitalised word
   the document spells the same way at least twice (`known_names`).
2. KNOWN_WORD, spelling complaints: every piece of the word (split at hyphens and spaces,
   a possessive 's left off), in any case, is a piece of a name the document knows or of
   a word the backend's curation accepts ("Stoltenberg's", "SUK-YEOL").
3. NOT_PROSE, spelling complaints: a word with letters beyond ASCII (a foreign name or
   loanword: "Tomás", "communiqué"; broken text is the mojibake rule's), a file type or
   domain ("report.pdf"), part of an address, code span or HTML entity ("/etc/systemd", "a_b",
   "clich&#233;"), or a word glued to a digit ("£3bn", "4G's").
4. PROBABLE_NAME, spelling complaints, when the curation's `skip_names` is on: an initial
   ("J."), a title ("Sen."), a word with two capitals ("NATO", "MacroBot"), a word (or the
   hyphenated word it is part of: "Sok-gil", "al-Zawahri") with a capital inside a sentence
   ("Battlestar"), or a capitalised word that opens a sentence and is no slip of a common word
   (see 5: "Sonaptic said", but not "Recieve the guests") or is followed by a name, as in a
   run or a list of names ("Parul Jain said", "Replacements: Fortey, Murphy").
5. LEXICON, spelling complaints, when the curation's `lexicon` is on: every piece of the word
   is a word of the language (`textfix.lexicon.is_known_word`: frequent enough in wordfreq's
   lists, and no slip of a far more frequent word: one edit away, or the backend's first
   suggestion; a piece of a hyphenated word is never taken for a slip): "programmability" and
   "furore" go; "recieve", "teh" and "goverment" stand.
6. NO_SLIP, spelling complaints, when `lexicon` is on: a word the lexicon does not know that is
   no slip of a word it knows either (a coinage or a name: "robotiquette", "buttnumbathon");
   "folllowing", "ambitous" and "pheremones" stand.

The text given is the paragraph the backend checked, and spans are offsets into it: the
context rules 3 and 4 look at never reaches into another paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING

from textfix import lexicon
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
# After a word, the next word of a run of names or of a list of them.
_NAME_FOLLOWS = re.compile(r"[\w'’-]*,?[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]*[a-zà-ÿ]")
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
    NOT_PROSE = "not prose"
    PROBABLE_NAME = "probable name"
    LEXICON = "in the lexicon"
    NO_SLIP = "no slip of a word"


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


class KnownNames(set[str]):
    """The names a document knows: the rule set's (`shared`, the same object for every document
    of a run) and the document's own (`own`)."""

    shared: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()


def known_names(doc: Document, ruleset: RuleSet) -> set[str]:
    """The names `doc` knows (rule 1), kept with the document for its backend to read: the
    registry's names and places, and capitalised words the document spells the same way at
    least twice."""
    if doc.known_names is not None:
        return doc.known_names
    counts: dict[str, int] = {}
    for word in _CAPITALISED.findall(doc.text):
        counts[word] = counts.get(word, 0) + 1
    names = KnownNames(_shared_names(ruleset))
    names.shared = _shared_names(ruleset)
    names.own = frozenset(word for word, count in counts.items() if count >= 2)
    names.update(names.own)
    doc.known_names = names
    return names


_SHARED: dict[int, tuple[RuleSet, frozenset[str]]] = {}


def _shared_names(ruleset: RuleSet) -> frozenset[str]:
    """Every word of the names and places the rule set's checkers know, worked out once per
    rule set (the rule set is kept, so that its id is not reused)."""
    known = _SHARED.get(id(ruleset))
    if known is None:
        words: set[str] = set()
        for checker in ruleset.checkers:
            for source in (getattr(checker, "registry", None), getattr(checker, "places", None)):
                if source is not None:
                    words |= source.words
        known = _SHARED[id(ruleset)] = (ruleset, frozenset(words))
    return known[1]


@lru_cache(maxsize=8)
def _name_pieces(names: frozenset[str]) -> frozenset[str]:
    """The pieces of `names` (see `word_pieces`), as written and in capitals ("SUK-YEOL")."""
    pieces = word_pieces(names)
    return frozenset(pieces | {piece.upper() for piece in pieces})


@dataclass(frozen=True, slots=True)
class SpellingFilter:
    """A backend's filter: the words its curation accepts, whether it drops probable names and
    words the lexicon knows. `for_document` adds the names a document knows."""

    accepted_words: frozenset[str] = frozenset()
    skip_names: bool = False
    lexicon: bool = False

    def for_document(self, doc: Document) -> DocumentFilter:
        """The filter for `doc`, with the names `known_names` left with it (none if not run)."""
        names = doc.known_names or set()
        if isinstance(names, KnownNames):
            shared, own = names.shared, names.own
        else:
            shared, own = frozenset(), frozenset(names)
        pieces = (_name_pieces(shared), _name_pieces(own))
        return DocumentFilter(names, _folded_pieces(self.accepted_words), self.skip_names, self.lexicon, pieces)


@lru_cache(maxsize=8)
def _folded_pieces(words: frozenset[str]) -> frozenset[str]:
    return frozenset(piece.casefold() for piece in word_pieces(words))


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """The filter for one document; `dropped` says whether and why a finding goes."""

    names: frozenset[str] | set[str]
    folded_pieces: frozenset[str]  # pieces of the accepted words, in any case
    skip_names: bool
    lexicon: bool = False
    # Pieces of the rule set's names and of the document's own, as written or in capitals.
    name_pieces: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())

    def dropped(
        self, text: str, start: int, end: int, *, spelling: bool, suggestion: str | None = None
    ) -> Dropped | None:
        """Why the finding at `text[start:end]` is dropped, or None if it stands. `text` is the
        checked paragraph; `spelling` says whether the finding calls a word misspelt, and
        `suggestion` is the backend's first suggestion for it."""
        words = NAME_WORD.findall(text[start:end])
        # A name has a capital: the registry's particles ("bin", "da", "a") alone are no name.
        if words and any(word[:1].isupper() for word in words) and all(word in self.names for word in words):
            return Dropped.KNOWN_NAME
        if not spelling:
            return None
        pieces = word_pieces([text[start:end]])
        if pieces and all(self.known_piece(piece) for piece in pieces):
            return Dropped.KNOWN_WORD
        if not_prose(text, start, end):
            return Dropped.NOT_PROSE
        if self.skip_names and probable_name(text, start, end):
            return Dropped.PROBABLE_NAME
        if not (self.skip_names or self.lexicon):
            return None
        # A piece of a hyphenated word is no slip: "touchy-feely", "have-nots", "twin-engined".
        compound = "-" in text[max(0, start - 1) : end + 1]
        slip = not compound and any(lexicon.slip_of(piece, suggestions=_suggested(suggestion)) for piece in pieces)
        # A capital that opens a sentence: a name unless a slip, or in a run or list of names
        # ("Parul Jain, deputy...", "Fortey, Murphy, Daly").
        opening = self.skip_names and opens_sentence_capitalised(text, start, end)
        if opening and (not slip or _NAME_FOLLOWS.match(text, end)):
            return Dropped.PROBABLE_NAME
        if self.lexicon and pieces and not slip:
            return Dropped.LEXICON if all(lexicon.in_lexicon(piece) for piece in pieces) else Dropped.NO_SLIP
        return None

    def known_piece(self, piece: str) -> bool:
        """A piece of a known name as written ("yeol", "SUK"), or of an accepted word in any case."""
        shared, own = self.name_pieces
        return piece in shared or piece in own or piece.casefold() in self.folded_pieces


def _suggested(suggestion: str | None) -> tuple[str, ...]:
    return (suggestion,) if suggestion else ()


def _whole_word(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The word around `text[start:end]`, hyphenated and apostrophised parts included, without
    stops, hyphens or apostrophes at its ends: "Sok" in "Sok-gil" gives "Sok-gil"."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
        end += 1
    raw = text[start:end]
    word = raw.strip(".-'’")
    start += len(raw) - len(raw.lstrip(".-'’"))
    return word, start, start + len(word)


def probable_name(text: str, start: int, end: int) -> bool:
    """Whether the word at `text[start:end]` is probably a name, wherever it stands (rule 4).

    >>> text = "Then Battlestar met NATO and Sen. Warren."
    >>> [probable_name(text, text.index(w), text.index(w) + len(w)) for w in ("Then", "Battlestar", "NATO", "Warren")]
    [False, True, True, True]
    """
    word, start, end = _whole_word(text, start, end)
    if len(word) == 1 or (word.casefold() in _TITLES and text[end : end + 1] == "."):
        return True  # an initial ("J. R. R.", "p. 203") or a title ("Sen. Warren")
    if sum(c.isupper() for c in word) >= 2:
        return True
    if not any(piece[:1].isupper() for piece in re.split(r"[-'’]", word)):  # "al-Zawahri" counts
        return False
    return not _opens_sentence(text, start)  # the capital of a sentence's first word says nothing


def opens_sentence_capitalised(text: str, start: int, end: int) -> bool:
    """Whether the word at `text[start:end]` is capitalised and opens a sentence.

    >>> text = "Sonaptic said so. it did."
    >>> [opens_sentence_capitalised(text, text.index(w), text.index(w) + len(w)) for w in ("Sonaptic", "said", "it")]
    [True, False, False]
    """
    word, start, _end = _whole_word(text, start, end)
    return word[:1].isupper() and _opens_sentence(text, start)


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip().rstrip("\"'“”‘’([{«»")
    if not before:
        return True
    if before[-1] == ".":
        previous = _LAST_WORD.search(before[:-1])
        # "Mr. Stoltenberg", "J. Smith": a title or an initial, not the end of a sentence
        return previous is None or not (previous.group().casefold() in _TITLES or len(previous.group()) == 1)
    return before[-1] in ".!?…:"


def not_prose(text: str, start: int, end: int) -> bool:
    """Whether the word at `text[start:end]` is not a word of English prose (rule 3).

    >>> text = "Open report.pdf, mail x@example.org, pay £3bn or see café menus."
    >>> [not_prose(text, text.index(w), text.index(w) + len(w)) for w in ("Open", "pdf", "example", "bn", "café")]
    [False, True, True, True, True]
    """
    word = text[start:end]
    if not word.isascii():
        return True
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    if before in (".", "/", "@", "_", "`", "&") or after in ("/", "@", "_", "`", "&") or before.isdigit():
        return True
    floor = max(0, start - _ADDRESS_REACH)
    token_start = max(text.rfind(" ", floor, start), text.rfind("\n", floor, start), floor - 1) + 1
    return "://" in text[token_start:start] or "@" in text[token_start:start]
