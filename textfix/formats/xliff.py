"""XLIFF 1.2 and 2.0: the `<target>` of each translation unit is a segment.

1.2 puts the target in `<trans-unit>`, 2.0 in a `<unit>`'s `<segment>`; the `<source>` beside
it is the segment's source, never edited. A unit, group or file marked `translate="no"` is
skipped, and so is everything it holds. Inline codes are protected pieces: the tags of an
element that wraps text (`<g>`, `<pc>`, `<mrk>`) read as nothing and the text inside them is
checked; an element that stands for content (`<x/>`, `<ph>`, `<bpt>…</bpt>`, `<sc/>`, an
element of another namespace) reads as U+FFFC, whole. Entities and character references
read as their characters and are edited only whole; CDATA reads as written. Where
`xml:space` is not "preserve", a run of whitespace that breaks the line is indentation: it
reads as one space, and at either end of a target it is not read at all.

The XML parsers of the standard library and lxml give no offsets for text, hence a small
tokenizer of its own; expat checks first that the file is well-formed XML and says where it
is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from textfix.formats.segments import Directive, FormatError, Piece, Segment, Segmented

PLACEHOLDER = "\ufffc"
_XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:"
# Inline elements whose tags only wrap text: the text inside is checked.
_WRAPS = {"g", "mrk", "pc", "sm", "em"}
_PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

_TOKEN = re.compile(
    r"""<!--(?P<comment>.*?)-->
    |<!\[CDATA\[(?P<cdata>.*?)\]\]>
    |<\?.*?\?>
    |<!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*')*(?:\[(?:<!--.*?-->|"[^"]*"|'[^']*'|[^\]"'])*\]\s*)?>
    |</(?P<end>[^\s>]+)\s*>
    |<(?P<start>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?P<empty>/?)>
    |(?P<text>[^<]+)""",
    re.DOTALL | re.VERBOSE,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|([^\s;&]+));")
_LINE_BREAK_SPACE = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
_DIRECTIVE = re.compile(r"textfix:[ \t]*(ignore-file|ignore|off|on)\b(\[[^\]\r\n]*\])?")
# What to do about the errors expat reports most, in its own words.
_HINTS = {
    "mismatched tag": "close the elements in the order they were opened",
    "not well-formed (invalid token)": "write '&' as '&amp;' and '<' as '&lt;' in text",
    "undefined entity": "only &amp; &lt; &gt; &quot; &apos; and character references are known; "
    "declare the entity in the DOCTYPE or write the character itself",
    "unclosed token": "the file ends inside a tag, comment or CDATA section",
    "no element found": "the file is empty or ends before its root element is closed",
    "junk after document element": "a file has one root element, <xliff>",
    "syntax error": "this is not XML; an XLIFF file starts with '<?xml' or '<xliff'",
    "XML or text declaration not at start of entity": "nothing may come before '<?xml', not even a blank line",
}


def escape(text: str) -> str:
    """New text as XML character data writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_cdata(text: str) -> str:
    """New text inside a CDATA section: only "]]>" would end it early, so it is split across
    two sections."""
    return text.replace("]]>", "]]]]><![CDATA[>")


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _entities(text: str) -> dict[str, str]:
    """The entities the file's DTD declares, read by expat, which also raises FormatError
    where the file is not well-formed XML."""
    declared: dict[str, str] = {}

    def declare(name: str, is_parameter: bool, value: str | None, *_: object) -> None:
        if not is_parameter and value is not None:
            declared.setdefault(name, value)

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = declare
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        problem = expat.ErrorString(exc.code) or "not well-formed"
        hint = _HINTS.get(problem)
        line = (text.split("\n")[exc.lineno - 1 : exc.lineno] or [""])[0]
        column = len(line.encode()[: exc.offset].decode(errors="ignore")) + 1  # expat counts UTF-8 bytes
        if problem == "undefined entity":  # expat does not say which: name it
            names = [m.group() for m in _REFERENCE.finditer(line) if m.group(3) and m.group(3) not in _PREDEFINED]
            problem += f" {names[0]}" if names else ""
        raise FormatError(exc.lineno, f"{problem} at column {column}" + (f": {hint}" if hint else "")) from None
    return declared


@dataclass
class _Element:
    name: str  # the local name
    xliff: bool  # in an XLIFF namespace (or in none, as some old files are)
    namespaces: dict[str, str]
    translate: bool
    preserve: bool  # xml:space="preserve"
    attributes: dict[str, str]


@dataclass
class _Content:
    """A `<source>` or `<target>` being read: its pieces, and the inline element whose whole
    text is one placeholder, while inside it."""

    depth: int  # the stack's length inside it
    preserve: bool
    pieces: list[Piece] = field(default_factory=list)
    cdata: bool = False
    plain: bool = False  # text outside CDATA
    code_start: int = -1
    code_depth: int = 0


@dataclass
class _Unit:
    ref: str
    translate: bool
    directives: list[Directive]
    segments: list[Segment] = field(default_factory=list)
    source: str | None = None  # the source of the segment being read


def _settle(content: _Content) -> list[Piece]:
    """The pieces, with indentation read as the reader of the file reads it (see above)."""
    if content.preserve:
        return content.pieces
    pieces: list[Piece] = []
    indents: set[int] = set()  # the ids of the pieces that are indentation
    for piece in content.pieces:
        if not piece.verbatim or not _LINE_BREAK_SPACE.search(piece.text):
            pieces.append(piece)
            continue
        at = 0
        for run in _LINE_BREAK_SPACE.finditer(piece.text):
            if run.start() > at:
                pieces.append(
                    Piece(piece.text[at : run.start()], piece.file_start + at, piece.file_start + run.start())
                )
            indent = Piece(" ", piece.file_start + run.start(), piece.file_start + run.end(), verbatim=False)
            indents.add(id(indent))
            pieces.append(indent)
            at = run.end()
        if at < len(piece.text):
            pieces.append(Piece(piece.text[at:], piece.file_start + at, piece.file_end))
    # Indentation at either end is not read; next to other white space it reads as nothing.
    while pieces and id(pieces[0]) in indents:
        pieces.pop(0)
    while pieces and id(pieces[-1]) in indents:
        pieces.pop()
    after_space = True
    for index, piece in enumerate(pieces):
        if id(piece) in indents and after_space:
            pieces[index] = Piece("", piece.file_start, piece.file_end, verbatim=False)
        elif piece.text:
            after_space = piece.text[-1].isspace()
    return pieces


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.entities = _PREDEFINED | _entities(text)
        self.stack: list[_Element] = []
        self.segmented = Segmented([])
        self.units: list[_Unit] = []
        self.pending: list[Directive] = []  # comments since the last tag, for the unit they precede
        self.content: _Content | None = None
        self.target = False  # whether `content` is a target
        self.segment_id = ""
        self.state = ""  # the target's or the 2.0 segment's state
        self.lang: str | None = None

    def fail(self, at: int, message: str) -> FormatError:
        return FormatError(_line(self.text, at), message)

    def read(self) -> Segmented:
        text, at = self.text, 0
        while at < len(text):
            token = _TOKEN.match(text, at)
            if token is None:  # expat read it, so this is a construct the tokenizer lacks
                raise self.fail(at, f"cannot read '{text[at : at + 20]}'")
            kind = token.lastgroup  # the start tag's last group is "empty"; a PI or DOCTYPE has none
            if kind == "comment":
                self.comment(token)
            elif kind == "cdata":
                self.characters(token.start("cdata"), token.group("cdata"), cdata=True)
            elif kind == "empty":
                self.start(token)
            elif kind == "end":
                self.end(token)
            elif kind == "text":
                self.characters(token.start(), token.group("text"), cdata=False)
            at = token.end()
        if self.segmented.lang is None:
            self.segmented.lang = next((s.lang for s in self.segmented.segments if s.lang), None)
        return self.segmented

    def comment(self, token: re.Match[str]) -> None:
        found = _DIRECTIVE.search(token.group("comment"))
        if found is None:
            return
        directive = Directive(found.group(1) + (found.group(2) or ""), token.start(), token.end())
        if found.group(1) == "ignore-file":
            self.segmented.file_directives.append(directive)
        elif self.units:
            self.units[-1].directives.append(directive)
        else:
            self.pending.append(directive)

    def characters(self, start: int, data: str, *, cdata: bool) -> None:
        content = self.content
        if content is None or content.code_start >= 0:
            if data.strip():
                self.pending = []
            return
        if cdata:
            content.cdata = True
            if data:
                content.pieces.append(Piece(data, start, start + len(data)))
            return
        content.plain = True
        at = 0
        for reference in _REFERENCE.finditer(data):
            if reference.start() > at:
                content.pieces.append(Piece(data[at : reference.start()], start + at, start + reference.start()))
            decimal, hexadecimal, name = reference.groups()
            span = (start + reference.start(), start + reference.end())
            if name is None:
                content.pieces.append(Piece(chr(int(decimal or hexadecimal, 16 if hexadecimal else 10)), *span, False))
            elif name in self.entities:
                value = self.entities[name]
                markup = name not in _PREDEFINED and "<" in value  # it writes markup: it stands for content
                content.pieces.append(Piece(PLACEHOLDER if markup else value, *span, False, markup))
            else:
                raise self.fail(span[0], f"undefined entity &{name};: {_HINTS['undefined entity']}")
            at = reference.end()
        if at < len(data):
            content.pieces.append(Piece(data[at:], start + at, start + len(data)))

    def start(self, token: re.Match[str]) -> None:
        attributes = {
            m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTRIBUTE.finditer(token.group("attrs"))
        }
        attributes = {name: _unescape(value) for name, value in attributes.items()}
        parent = self.stack[-1] if self.stack else None
        namespaces = dict(parent.namespaces) if parent else {}
        for name, value in attributes.items():
            if name == "xmlns":
                namespaces[""] = value
            elif name.startswith("xmlns:"):
                namespaces[name[6:]] = value
        prefix, _, local = token.group("start").rpartition(":")
        uri = namespaces.get(prefix)
        translate = attributes.get("translate", "yes" if parent is None or parent.translate else "no") != "no"
        space = attributes.get("xml:space")
        preserve = space == "preserve" if space else bool(parent and parent.preserve)
        element = _Element(
            local, uri is None or uri.startswith(_XLIFF_NAMESPACE), namespaces, translate, preserve, attributes
        )
        empty = bool(token.group("empty"))
        if parent is None and (local != "xliff" or not element.xliff):
            raise self.fail(token.start(), f"the root element is <{token.group('start')}>, not an XLIFF <xliff>")
        if self.content is not None:
            self.inline(token, element, empty)
        else:
            self.structure(element, empty)
        if not empty:
            self.stack.append(element)

    def inline(self, token: re.Match[str], element: _Element, empty: bool) -> None:
        content = self.content
        assert content is not None
        if content.code_start >= 0:
            return
        wraps = element.xliff and element.name in _WRAPS
        protected = element.name == "mrk" and (not element.translate or element.attributes.get("mtype") == "protected")
        if wraps and not protected:
            content.pieces.append(Piece("", token.start(), token.end(), verbatim=False, protected=True))
        elif empty:
            content.pieces.append(Piece(PLACEHOLDER, token.start(), token.end(), verbatim=False, protected=True))
        else:
            content.code_start, content.code_depth = token.start(), len(self.stack)

    def structure(self, element: _Element, empty: bool) -> None:
        name, attributes = element.name if element.xliff else "", element.attributes
        parent = self.stack[-1].name if self.stack and self.stack[-1].xliff else ""
        pending, self.pending = self.pending, []
        if name == "xliff":
            self.lang = attributes.get("trgLang")
        elif name == "file" and "target-language" in attributes:
            self.lang = attributes["target-language"]
        elif name in ("trans-unit", "unit"):
            self.units.append(_Unit(attributes.get("id", ""), element.translate, pending))
            self.segment_id = self.state = ""
        elif name == "segment":
            self.segment_id, self.state = attributes.get("id", ""), attributes.get("state", "")
            if self.units:
                self.units[-1].source = None
        elif name in ("source", "target") and parent in ("trans-unit", "segment") and self.units and not empty:
            self.content = _Content(len(self.stack) + 1, element.preserve)
            self.target = name == "target"
            if self.target:
                self.lang = self.lang or attributes.get("xml:lang")
                self.state = attributes.get("state", self.state)

    def end(self, token: re.Match[str]) -> None:
        element = self.stack.pop()
        content = self.content
        if content is not None and len(self.stack) + 1 > content.depth:
            if content.code_start >= 0:
                if len(self.stack) == content.code_depth:
                    content.pieces.append(Piece(PLACEHOLDER, content.code_start, token.end(), False, True))
                    content.code_start = -1
            elif element.xliff and element.name in _WRAPS:
                content.pieces.append(Piece("", token.start(), token.end(), verbatim=False, protected=True))
            return
        if content is not None:
            self.close(content)
        self.pending = []
        if element.xliff and element.name in ("trans-unit", "unit") and self.units:
            unit = self.units.pop()
            for segment in unit.segments:
                segment.directives = unit.directives
            self.segmented.segments += unit.segments

    def close(self, content: _Content) -> None:
        self.content = None
        unit = self.units[-1]
        pieces = _settle(content)
        if not self.target:
            unit.source = "".join(piece.text for piece in pieces)
            return
        if not unit.translate or not pieces:
            return
        ref = unit.ref + (f"/{self.segment_id}" if self.segment_id else "")
        state = self.state if self.state.startswith(("needs-", "new", "initial")) else ""
        unit.segments.append(
            Segment(
                pieces,
                ref=ref,
                source=unit.source,
                lang=self.lang,
                note=state,
                escape=escape_cdata if content.cdata and not content.plain else escape,
            )
        )


def _unescape(value: str) -> str:
    def one(found: re.Match[str]) -> str:
        decimal, hexadecimal, name = found.groups()
        if name is None:
            return chr(int(decimal or hexadecimal, 16 if hexadecimal else 10))
        return _PREDEFINED.get(name, found.group())

    return _REFERENCE.sub(one, value)


def read(text: str) -> Segmented:
    return _Reader(text).read()
