"""Mojibake and broken Unicode, found and repaired by ftfy."""

from __future__ import annotations

import difflib
import re

import ftfy

from textfix.kinds import BaseKind
from textfix.model import Applicability

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
_SUSPECT_LINE = re.compile(f"^[^\n]*[{_SUSPECT_CHAR}][^\n]*$", re.MULTILINE)


def explain(steps) -> str:
    parts, pending = [], None
    for action, detail in steps or ():
        if action == "encode":
            pending = detail
        elif action == "decode":
            parts.append(f"{detail} text read as {pending}" if pending else f"decoded as {detail}")
            pending = None
        elif action in ("apply", "transcode"):
            parts.append(detail.replace("_", " "))
    return "; ".join(dict.fromkeys(parts)) or "broken Unicode"


class Kind(BaseKind):
    DEFAULT_FIX = Applicability.SAFE

    def check(self, doc):
        text = doc.text
        for line in _SUSPECT_LINE.finditer(text):
            original = line.group()
            fixed, steps = ftfy.fix_and_explain(original, CONFIG)
            if fixed == original:
                continue
            reason = explain(steps)
            matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
            for tag, a0, a1, b0, b1 in matcher.get_opcodes():
                if tag == "equal":
                    continue
                start, end = line.start() + a0, line.start() + a1
                found = original[a0:a1]
                message = self.format_message(match=found, replacement=fixed[b0:b1], reason=reason)
                yield self.finding(start, end, message, self.replace(start, end, fixed[b0:b1]))

