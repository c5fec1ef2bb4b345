"""Mojibake and broken Unicode, found and repaired by ftfy."""

from __future__ import annotations

import difflib

import ftfy
import regex

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

# Only lines holding something other than printable ASCII can need ftfy.
_SUSPECT_LINE = regex.compile(r"^[^\n]*[^\x20-\x7e\t\r\n][^\n]*$", regex.MULTILINE)


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
        if text.isascii() and not regex.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
            return
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

