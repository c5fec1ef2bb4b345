"""PCRE2's compiled engine, for the few searches where Python's own is too slow.

PCRE2 compiles a pattern to machine code: a back-reference search over a document runs
five times faster, a large alternation of character classes six times. It is optional
(the `pcre2` wheel exists for the common platforms only): without it, callers use `re`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # typeshed describes re's parser under the names it had before 3.11
    import sre_constants as sre
    import sre_parse
else:
    from re import _constants as sre
    from re import _parser as sre_parse

# One parsed item: an opcode and its argument, whose shape depends on the opcode (a code
# point, a class's items, a repeat's (low, high, items), ...).
_Item = tuple[int, Any]


def pcre2() -> ModuleType | None:
    try:
        import pcre2
    except ImportError:  # no wheel for this platform
        return None
    module: ModuleType = pcre2  # the package has no type information
    return module


class Untranslatable(Exception):
    pass


# What Python's \s, \w and \d match, widened where they differ by Unicode version: a code point
# that one engine's tables know as a letter and the other's do not must still be found.
_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_NOT_ASCII = "\\x80-\ud7ff\ue000-\U0010ffff"
_CATEGORIES = {
    sre.CATEGORY_SPACE: _SPACE,
    sre.CATEGORY_WORD: "0-9A-Z_a-z" + _NOT_ASCII,
    sre.CATEGORY_DIGIT: "0-9" + _NOT_ASCII,
}


@functools.cache
def line_search(pattern: str, flags: int = 0) -> Callable[[str], bool] | None:
    """A test that is true of every line (a text without line breaks) holding a match of the
    Python expression `pattern`, and perhaps of a few more; None without PCRE2, or for an
    expression using what this translation does not cover (look-arounds, back-references,
    flags in groups, case folding)."""
    module = pcre2()
    if module is None:
        return None
    try:
        tree = sre_parse.parse(pattern, flags)  # parsed, not compiled: a large expression compiles slowly
        if tree.state.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL):
            return None
        translated = _sequence(tree.data)
        search = module.compile(translated).search
    except Exception:
        return None

    def holds_match(line: str) -> bool:
        try:
            return search(line) is not None
        except UnicodeEncodeError:  # a lone surrogate: PCRE2 reads UTF-8; say yes, to be safe
            return True

    return holds_match


def _char(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else chr(code)  # above U+00FF nothing is a metacharacter


def _class(items: list[_Item]) -> str:
    negated = False
    parts: list[str] = []
    for op, value in items:
        if op is sre.NEGATE:
            negated = True
        elif op is sre.LITERAL:
            parts.append(_char(value))
        elif op is sre.RANGE:
            parts.append(f"{_char(value[0])}-{_char(value[1])}")
        elif op is sre.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])
        else:
            raise Untranslatable(op)
    if negated and any(op is sre.CATEGORY for op, _ in items):
        raise Untranslatable("a negated class with a widened category would match less")
    return "[" + ("^" if negated else "") + "".join(parts) + "]"


def _sequence(items: Iterable[_Item]) -> str:
    out: list[str] = []
    for op, value in items:
        if op is sre.LITERAL:
            out.append(_char(value))
        elif op is sre.NOT_LITERAL:
            out.append(f"[^{_char(value)}]")
        elif op is sre.ANY:
            out.append("[^\\n]")
        elif op is sre.IN:
            out.append(_class(value))
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_sequence(branch) for branch in value[1]) + ")")
        elif op is sre.SUBPATTERN and not value[1] and not value[2]:
            out.append(f"(?:{_sequence(value[3])})")
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, item = value
            out.append(f"(?:{_sequence(item)}){{{low},{'' if high is sre.MAXREPEAT else high}}}")
        elif op is sre.AT and value in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            out.append("^")
        else:
            raise Untranslatable(op)
    return "".join(out)
