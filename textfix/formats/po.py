"""gettext PO and POT catalogues: the translations (`msgstr`, `msgstr[n]`) are the segments.

`msgid`, `msgid_plural` and `msgctxt` are the source and the lookup key: never segments,
never edited. The header entry (the empty msgid) is metadata: its `Language:` is the
catalogue's language. Obsolete entries (`#~`) are skipped; fuzzy ones are checked and say
so. A string may be written as several literals (msgmerge wraps long ones): they read as
one text, and a fix across two literals edits each in place. Escapes are read and written
as gettext's C-style escapes. polib and translate-toolkit give no offsets (and polib
rewraps on save), hence this small tokenizer of its own.
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass, field

from textfix.formats.segments import DIRECTIVE, Directive, FormatError, Piece, Segment, Segmented

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*(?=\")")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_SPECIAL = re.compile(r'["\\\r\n]')
_BYTE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2})")
_BYTES = re.compile(rf"(?:{_BYTE.pattern})+")
_WRITE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape(text: str) -> str:
    """New text as a PO string literal's content writes it."""
    return "".join(_WRITE.get(char, char) for char in text)


@dataclass
class _Field:
    keyword: str
    line: int
    pieces: list[Piece] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


@dataclass
class _Entry:
    fields: list[_Field] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    directives: list[Directive] = field(default_factory=list)

    def get(self, keyword: str) -> _Field | None:
        return next((f for f in self.fields if f.keyword == keyword), None)


def _literal(text: str, start: int, line: int) -> tuple[list[Piece], int]:
    """The pieces of the string literal whose opening quote is at `start`, and the offset
    after its closing quote."""
    pieces: list[Piece] = []
    at = run = start + 1
    while True:
        found = _SPECIAL.search(text, at)  # the next quote, backslash or line end, in C
        if found is None or found.group() in "\r\n":
            raise FormatError(line, "unterminated string: close it with a double quote on the same line")
        at = found.start()
        if found.group() == '"':
            if at > run:
                pieces.append(Piece(text[run:at], run, at))
            return pieces, at + 1
        if at > run:
            pieces.append(Piece(text[run:at], run, at))
        code = text[at + 1 : at + 2]
        if code in _ESCAPES:
            pieces.append(Piece(_ESCAPES[code], at, at + 2, verbatim=False))
            at += 2
        elif escaped := _BYTES.match(text, at):
            # Octal and hex escapes are bytes of the catalogue's encoding: "\303\251" is one "é".
            data = bytes(int(b[1:], 8) if b[1] != "x" else int(b[2:], 16) for b in _BYTE.findall(escaped.group()))
            try:
                decoded = data.decode("utf-8")
            except UnicodeDecodeError:
                decoded = data.decode("latin-1")
            pieces.append(Piece(decoded, at, escaped.end(), verbatim=False))
            at = escaped.end()
        else:
            shown = code if code.strip() else repr(code)
            raise FormatError(line, f"bad escape '\\{shown}' in a string: write a backslash as '\\\\'")
        run = at


def _entries(text: str) -> list[_Entry]:
    entries: list[_Entry] = []
    entry = _Entry()
    current: _Field | None = None
    pending_comments: list[Directive] = []
    pending_flags: set[str] = set()

    def close() -> None:
        nonlocal entry, current
        if entry.fields:
            entries.append(entry)
        entry, current = _Entry(), None

    line_no = 0
    for match in _LINE.finditer(text):
        if match.start() == len(text):
            break
        line_no += 1
        raw = match.group().rstrip("\r\n")
        start = match.start()
        stripped = raw.lstrip()
        indent = start + len(raw) - len(stripped)
        if not stripped:
            close()
            continue
        if stripped.startswith("#"):
            if stripped.startswith("#~"):
                current = None  # an obsolete entry: neither source nor translation
                continue
            if entry.fields and any(f.keyword.startswith("msgstr") for f in entry.fields):
                close()  # a comment after a translation starts the next entry
            if stripped.startswith("#,"):
                pending_flags |= {flag.strip() for flag in stripped[2:].split(",")}
            elif stripped[1:2] in ("", " ", "\t"):  # a translator comment
                directive = DIRECTIVE.search(stripped)
                if directive:
                    words = directive.group(1) + (directive.group(2) or "")
                    pending_comments.append(Directive(words, indent, start + len(raw)))
            continue
        keyword = _KEYWORD.match(stripped)
        if keyword:
            name = keyword.group(1)
            if name in ("msgctxt", "msgid") and any(f.keyword.startswith("msgstr") for f in entry.fields):
                close()
            if not entry.fields:
                entry.flags, entry.directives = pending_flags, pending_comments
                pending_flags, pending_comments = set(), []
            current = _Field(name, line_no)
            entry.fields.append(current)
            at = indent + keyword.end()
        elif stripped.startswith('"'):
            if current is None:
                raise FormatError(line_no, "a string with no keyword before it: start the entry with msgid")
            at = indent
        else:
            word = stripped.split(None, 1)[0][:30]
            raise FormatError(line_no, f"unexpected '{word}': a line must be a comment, a keyword or a string")
        pieces, after = _literal(text, at, line_no)
        current.pieces += pieces
        rest = text[after : start + len(raw)].strip()
        if rest and not rest.startswith("#"):
            raise FormatError(line_no, f"unexpected text after the string: '{rest[:30]}'")
    close()
    return entries


def _language(header: str) -> str | None:
    found = re.search(r"^Language:[ \t]*([^\s]+)", header, re.MULTILINE)
    return found.group(1) if found else None


def _exact_forms(header: str) -> frozenset[int]:
    """The plural forms that, by the header's Plural-Forms, stand for a single count (English
    "1", Arabic "0", "1" and "2"; French "0 or 1" and Russian "1, 21, 31..." do not)."""
    found = re.search(r"^Plural-Forms:.*?plural[ \t]*=[ \t]*([^;\n]+)", header, re.MULTILINE)
    return _single_count_forms(found.group(1).strip()) if found else frozenset()


@functools.lru_cache(maxsize=64)
def _single_count_forms(expression: str) -> frozenset[int]:
    try:
        # gettext's own reader of the C expression: it refuses anything but arithmetic on n.
        form_of = gettext.c2py(expression)
        counts: dict[int, set[int]] = {}
        for n in range(1000):
            counts.setdefault(form_of(n), set()).add(n)
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError):
        return frozenset()
    return frozenset(form for form, ns in counts.items() if len(ns) == 1)


def read(text: str) -> Segmented:
    segmented = Segmented([])
    exact: frozenset[int] = frozenset()  # the plural forms that stand for a single count
    for entry in _entries(text):
        msgid, msgctxt = entry.get("msgid"), entry.get("msgctxt")
        if msgid is None:
            raise FormatError(entry.fields[0].line, "an entry with no msgid")
        for directive in entry.directives:
            if directive.text.startswith("ignore-file"):
                segmented.file_directives.append(directive)
        directives = [d for d in entry.directives if not d.text.startswith("ignore-file")]
        if not msgid.text and msgctxt is None:  # the header: metadata, not a translation
            msgstr = entry.get("msgstr")
            segmented.lang = _language(msgstr.text) if msgstr else None
            exact = _exact_forms(msgstr.text) if msgstr else frozenset()
            continue
        key = msgid.text if msgctxt is None else f"{msgctxt.text}\x04{msgid.text}"
        plural = entry.get("msgid_plural")
        for found in entry.fields:
            if not found.keyword.startswith("msgstr") or not found.pieces:
                continue
            number = found.keyword[7:-1] if "[" in found.keyword else ""
            source = plural.text if plural is not None and number not in ("", "0") else msgid.text
            segmented.segments.append(
                Segment(
                    found.pieces,
                    ref=f"{key}[{number}]" if number else key,
                    source=source,
                    note="fuzzy" if "fuzzy" in entry.flags else "",
                    escape=escape,
                    directives=directives,
                    flags=frozenset(entry.flags),
                    plural_sources=(msgid.text, plural.text) if plural is not None else (),
                    plural_exact=plural is not None and number.isdigit() and int(number) in exact,
                )
            )
    for segment in segmented.segments:
        segment.lang = segmented.lang
    return segmented
