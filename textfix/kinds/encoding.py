"""Mojibake and broken Unicode, found and repaired by ftfy."""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

import ftfy
import ftfy.badness
import ftfy.chardata

from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding, common_affixes
from textfix.pcre import line_search
from textfix.scanner import Trigger

# Typography (curly quotes, ligatures, full-width forms), normalisation and line breaks are
# the author's choice, not damage: ftfy must leave them alone.
CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=True,
)

# Only lines holding a character that mojibake or damage is made of can need ftfy: C0/C1
# controls, Latin-1 letters (UTF-8 lead bytes read as Latin-1 or Windows-1252), the other
# Windows-1252 specials, Cyrillic (UTF-8 read as Windows-1251), the Greek and box-drawing
# characters of code page 437, MacRoman's maths signs, lone surrogates and U+FFFD.
# Curly quotes, dashes, the ellipsis and the bullet are left out: they are typography.
_SUSPECT_CHAR = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff\u0192\u02c6\u02dc\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u2020\u2021\u2030\u2039\u203a\u2122\u0393\u03a3\u03a6\u0398\u03a9\u03b1"
    "\u03b4\u03b5\u0400-\u045f\u221a\u2248\u2264\u2265\u2500-\u259f\ufffd\ud800-\udfff"
)
_SUSPECT = re.compile(f"[{_SUSPECT_CHAR}]")
# The same characters for the shared scan, which reports each line holding one once (at its
# end). Lone surrogates are left out: a text holding one is not scanned at all.
SUSPECT_LINE = Trigger(
    "["
    + "".join(c if c == "-" else f"\\x{{{ord(c):x}}}" for c in _SUSPECT_CHAR.replace("\ud800-\udfff", ""))
    + "][^\\n]*(?:\\n|\\z)"
)


# "Å" is UTF-8 C3 85, and 85 is the ellipsis in Windows-1252: "Ã…". ftfy leaves that pair
# alone, as an all-caps Portuguese word ending in "Ã" may be followed by an ellipsis
# ("AMANHÃ…"). No word starts with "Ã", though, and no word goes on after an ellipsis: at a
# word's start ("4 Ã… thick", "Ã…land") or before a letter ("HÃ…KAN") it is an "Å".
_A_RING = re.compile(r"(?<![^\W\d_])Ã…|Ã…(?=[^\W\d_])")
_A_RING_REASON = "utf-8 text read as windows-1252"


def fix_a_ring(text: str) -> str:
    """`text` with each "Ã…" that must be a misread "Å" repaired (see _A_RING)."""
    return _A_RING.sub("Å", text)


_TOKENS = re.compile(r"\s+|\S+")
# difflib's cost grows with the square (or worse) of the text it compares: keep it to short spans.
DIFF_LIMIT = 64


def _trimmed(a: str, b: str, a0: int, b0: int) -> tuple[int, int, int, int] | None:
    """The span where `a` and `b` differ once their common start and end are set aside."""
    if a == b:
        return None
    head, tail = common_affixes(a, b)
    return a0 + head, a0 + len(a) - tail, b0 + head, b0 + len(b) - tail


def changed_spans(original: str, fixed: str) -> Iterator[tuple[int, int, int, int]]:
    """(a0, a1, b0, b1) for each stretch where ftfy changed `original` into `fixed`, in order."""
    for stretch in differing(original, fixed):
        yield from refined(original, fixed, stretch)


def differing(original: str, fixed: str) -> Iterator[tuple[int, int, int, int]]:
    """(a0, a1, b0, b1) of the stretches of `original` and `fixed` that differ, each to be
    refined (see `refined`).

    ftfy repairs words in place, so the words and the spaces between them usually pair up
    one to one and each changed word is compared on its own; only short spans go to difflib.
    A line diffed whole by difflib took minutes at a few thousand characters of mojibake.
    """
    a_tokens, b_tokens = _TOKENS.findall(original), _TOKENS.findall(fixed)
    pairs: list[tuple[str, str, int, int]]
    if len(a_tokens) == len(b_tokens):
        pairs, a0, b0 = [], 0, 0
        for a, b in zip(a_tokens, b_tokens, strict=False):
            pairs.append((a, b, a0, b0))
            a0, b0 = a0 + len(a), b0 + len(b)
    else:
        pairs = [(original, fixed, 0, 0)]
    for a, b, a_at, b_at in pairs:
        span = _trimmed(a, b, a_at, b_at)
        if span is not None:
            yield span


def refined(original: str, fixed: str, stretch: tuple[int, int, int, int]) -> Iterator[tuple[int, int, int, int]]:
    """The changes within a differing stretch: difflib's for a short one, else the stretch."""
    a0, a1, b0, b1 = stretch
    if a1 - a0 > DIFF_LIMIT or b1 - b0 > DIFF_LIMIT:
        yield stretch
        return
    matcher = difflib.SequenceMatcher(None, original[a0:a1], fixed[b0:b1], autojunk=False)
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        if tag != "equal":
            yield a0 + i0, a0 + i1, b0 + j0, b0 + j1


def explain(steps: Iterable[ftfy.ExplanationStep] | None) -> str:
    parts: list[str] = []
    pending: str | None = None
    for action, detail in steps or ():
        if action == "encode":
            pending = detail
        elif action == "decode":
            parts.append(f"{detail} text read as {pending}" if pending else f"decoded as {detail}")
            pending = None
        elif action in ("apply", "transcode"):
            parts.append(detail.replace("_", " "))
    return "; ".join(dict.fromkeys(parts)) or "broken Unicode"


# The ftfy settings whose effect `may_change` knows. A newer ftfy with a setting it does not
# know might change lines for another reason: then every suspect line goes to ftfy.
_KNOWN_SETTINGS = {
    "unescape_html",
    "remove_terminal_escapes",
    "fix_encoding",
    "restore_byte_a0",
    "replace_lossy_sequences",
    "decode_inconsistent_utf8",
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_control_chars",
    "normalization",
    "max_decode_length",
    "explain",
}


def may_change(line: str) -> bool:
    """False only for a line that ftfy, with CONFIG, certainly leaves as it is."""
    test = _ftfy_would_look()
    return test is None or test(line)


@functools.cache
def _ftfy_would_look() -> Callable[[str], bool] | None:
    """With CONFIG, ftfy changes a line only where its mojibake test (`badness.is_bad`) holds,
    or for a control character, a C1 control, an escape sequence or a lone surrogate. That test
    is one large expression that Python's engine runs slowly (a millisecond per 8,000
    characters), and most suspect lines are plain accented prose; PCRE2 runs it six times
    faster. None (ask ftfy about every line) without PCRE2 or with settings unknown here."""
    if set(CONFIG._fields) - _KNOWN_SETTINGS or CONFIG.unescape_html or CONFIG.normalization:
        return None
    badness = ftfy.badness.BADNESS_RE
    controls = "".join(f"\\U{code:08x}" for code in sorted(set(ftfy.chardata.CONTROL_CHARS) | set(range(0x80, 0xA0))))
    # The newline ends a comment the verbose expression may end with.
    return line_search(f"(?:{badness.pattern}\n)|[{controls}]", badness.flags)


def suspect_lines(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each line in text[lo:hi] (whole lines), without its newline, that holds
    a suspect character.

    Searching for the character and widening the hit to its line is several times faster
    than a whole-line pattern, which the engine tries and backtracks through line by line.
    """
    at, hi = lo, len(text) if hi is None else hi
    while match := _SUSPECT.search(text, at, hi):
        # A line ends at LF, CRLF or a lone CR (Document.line_starts); the search for a CR
        # stays inside the LF-delimited stretch, so LF text pays nothing for it.
        after_lf = text.rfind("\n", 0, match.start()) + 1
        start = text.rfind("\r", after_lf, match.start()) + 1 or after_lf
        lf = text.find("\n", match.end())
        lf = len(text) if lf == -1 else lf
        cr = text.find("\r", match.end(), lf)
        at = end = lf if cr == -1 else cr
        yield start, end


# ftfy reads a line as a whole (an encoding must fit all of it), but each of its patterns
# reads at most 8 characters around a non-ASCII one (the widest: "Ã " and the word after it,
# in restore_byte_a0), and ASCII is the same bytes in every encoding it tries. So the middle
# of a long stretch of printable ASCII, CONTEXT characters from either end, cannot change
# what ftfy does: leaving it out spares ftfy (and changed_spans) most of a line of prose.
CONTEXT = 16
_PLAIN_STRETCH = re.compile(f"[\t\x20-\x7e]{{{2 * CONTEXT + 1},}}")


def condensed(line: str) -> tuple[str, list[int], list[int]]:
    """`line` without the middle of each long stretch of printable ASCII (see CONTEXT), and
    where each piece kept starts, in the condensed text and in the line."""
    if "\x1b" in line:  # an escape sequence's parameters are ASCII of any length: keep all
        return line, [0], [0]
    parts, starts, origins, at = [], [0], [0], 0
    for stretch in _PLAIN_STRETCH.finditer(line):
        parts.append(line[at : stretch.start() + CONTEXT])
        at = stretch.end() - CONTEXT
        starts.append(starts[-1] + len(parts[-1]))
        origins.append(at)
    parts.append(line[at:])
    return "".join(parts), starts, origins


def line_spans(original: str, fixed: str, starts: list[int], origins: list[int]) -> list[tuple[int, int, str]] | None:
    """(start, end, replacement) in the line of each change from the condensed `original` to
    `fixed`; None where a differing stretch reaches a piece's edge (then the whole line must
    be read: the stretch, and how it is diffed, would not be the same)."""
    found = []
    for stretch in differing(original, fixed):
        a0, a1 = stretch[:2]
        piece = bisect.bisect_right(starts, a0) - 1
        if (piece and a0 == starts[piece]) or (piece + 1 < len(starts) and a1 >= starts[piece + 1]):
            return None
        shift = origins[piece] - starts[piece]
        found += [(c0 + shift, c1 + shift, fixed[d0:d1]) for c0, c1, d0, d1 in refined(original, fixed, stretch)]
    return found


def repaired(line: str) -> tuple[str, list[ftfy.ExplanationStep] | None]:
    """ftfy's repair of a line (with the "Å" it leaves, see _A_RING) and its explanation."""
    fixed, steps = ftfy.fix_and_explain(line, CONFIG) if may_change(line) else (line, None)
    return (fix_a_ring(fixed) if "Ã…" in fixed else fixed), steps


# What an inline code (an XLIFF <x/>, a TMX <ph>) reads as in a segment's text.
PLACEHOLDER = "\ufffc"


class EncodingKind(BaseKind):
    """`kind: encoding`: mojibake and broken Unicode, found and repaired by ftfy.

    Options: none. Typography (curly quotes, dashes, ligatures, full-width forms) is left alone.

    Message fields: match, replacement, reason (ftfy's explanation). Default fix: safe.
    """

    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE
    trigger = SUSPECT_LINE

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        placeholders = doc.segments is not None
        lines = (line for lo, hi in self.windows(doc, self.trigger) for line in suspect_lines(text, lo, hi))
        for line_start, line_end in lines:
            line = text[line_start:line_end]
            if "Ã…" not in line and not may_change(line):  # most lines: accented prose
                continue
            short, starts, origins = condensed(line)
            fixed, steps = repaired(short)
            if fixed == short:
                continue
            changes = line_spans(short, fixed, starts, origins)
            if changes is None:
                fixed, steps = repaired(line)
                changes = line_spans(line, fixed, [0], [0])
                assert changes is not None  # one piece: no edge to reach
            reason = explain(steps) if steps else _A_RING_REASON
            for a0, a1, replacement in changes:
                if placeholders and not replacement and not line[a0:a1].strip(PLACEHOLDER):
                    continue  # an inline code of a translation file, which ftfy takes for a control
                start, end = line_start + a0, line_start + a1
                message = self.format_message(match=line[a0:a1], replacement=replacement, reason=reason)
                yield self.finding(start, end, message, self.replace(start, end, replacement))
