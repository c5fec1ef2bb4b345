"""textfix's curated defaults for a grammar backend: rules/grammar/<backend>.yaml, typed.

Each file is read and checked once per process. A key the backend does not take, or a value
of the wrong type, is an error naming the file and line, as in rule files: a misspelt key
would otherwise switch a default off without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from textfix.backends import GrammarError
from textfix.datafiles import load_yaml
from textfix.rule import RuleError
from textfix.rulefiles import default_rules_dir


class CurationError(GrammarError):
    """A curation file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Curation:
    """What textfix changes in a backend's own defaults (all chosen by measurement).

    - `disabled_rules`: rules turned off.
    - `disabled_categories`: whole categories turned off (LanguageTool).
    - `disabled_kinds`: lints of these kinds dropped (Harper, which has no categories).
    - `enabled_only`: the only rules run, when given (LanguageTool); the lists above are then moot.
    - `safe_rules`: rules whose first suggestion is applied as a safe fix (LanguageTool).
    - `words`: words the spelling check accepts, in any case.
    - `skip_names`: drop spelling complaints about probable names (see `spelling_filter`).
    - `lexicon`: drop spelling complaints about words the lexicon knows (see `spelling_filter`).
    """

    disabled_rules: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    disabled_kinds: frozenset[str] = frozenset()
    enabled_only: frozenset[str] = frozenset()
    safe_rules: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    skip_names: bool = False
    lexicon: bool = False


NO_CURATION = Curation()
HARPER_KEYS = frozenset({"disabled_rules", "disabled_kinds", "words", "skip_names", "lexicon"})
LANGUAGETOOL_KEYS = frozenset(
    {"disabled_rules", "disabled_categories", "enabled_only", "safe_rules", "words", "skip_names", "lexicon"}
)
_FLAGS = frozenset({"skip_names", "lexicon"})  # true or false; every other key is a list of names


_NEXT_TOKEN = re.compile(r"[\s\"'“‘(]*([^\s\"'”’),.;:!?]+)")
_SENTENCE_OPENERS = ".!?:\"'“‘"


def article_misread(text: str, start: int, end: int) -> bool:
    """Whether a complaint about the article "a" or "an" at `text[start:end]` misreads edited
    prose (both backends have an a/an rule, and misread the same things): before an
    abbreviation read by its letters ("an MEP", "an HIV vaccine") or a sum of money ("an $11bn",
    said "an eleven"), on "an" before an h ("an historic", in use), and on a capital A inside
    a sentence, which is a name ("England A").

    >>> text = "He is an MEP, an $11bn deal, a easy win for England A today."
    >>> [article_misread(text, i, i + len(w)) for w, i in ((w, text.index(w + " ")) for w in ("an", "a", "A"))]
    [True, False, True]
    """
    word = text[start:end]
    following = _NEXT_TOKEN.match(text, end)
    after = following.group(1) if following else ""
    if (len(after) > 1 and after.isupper()) or after[:1] in "$£€¥":
        return True
    if word.casefold() == "an" and after[:1].casefold() == "h":
        return True
    before = text[max(0, start - 3) : start].rstrip()
    return word == "A" and bool(before) and before[-1] not in _SENTENCE_OPENERS


def default_path(backend: str) -> Path:
    return default_rules_dir() / "grammar" / f"{backend}.yaml"


@cache
def load_curation(path: Path, keys: frozenset[str]) -> Curation:
    """The curation in `path`, which may hold only `keys` (each one optional)."""
    try:
        data = load_yaml(path)
    except RuleError as exc:
        raise CurationError(str(exc)) from None
    if data is None:
        return NO_CURATION
    if not isinstance(data, dict):
        raise CurationError(f"{path}: a curation file holds a mapping of {', '.join(sorted(keys))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "__line__":
            continue
        where = f"{path}:{_line_of(path, key, data['__line__'])}"
        if key not in keys:
            raise CurationError(f"{where}: unknown key '{key}' (this file takes {', '.join(sorted(keys))})")
        if key in _FLAGS:
            if not isinstance(value, bool):
                raise CurationError(f"{where}: '{key}' is true or false, not {value!r}")
            values[key] = value
        else:
            items = value or []
            if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                raise CurationError(f"{where}: '{key}' is a list of names")
            values[key] = frozenset(items)
    return Curation(**values)


def _line_of(path: Path, key: object, fallback: int) -> int:
    """The line on which a top-level `key` is given; read again only to place an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return fallback
    found = re.search(rf"^{re.escape(str(key))}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else fallback
