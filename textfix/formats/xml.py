"""What the XML translation formats (XLIFF, TMX) share: a tokenizer that keeps offsets,
the well-formedness check, and the reading of a translatable element's content into pieces.

The XML parsers of the standard library and lxml give no offsets for text, hence a small
tokenizer; expat checks first that the file is well-formed XML and says where it is not.
Entities and character references read as their characters and are edited only whole;
CDATA reads as written. Where `xml:space` is not "preserve", a run of whitespace that breaks
the line is indentation: it reads as one space, and at either end of the content it is not
read at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from textfix.formats.segments import FormatError, Piece

PLACEHOLDER = "\ufffc"
PREDEFINED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

TOKEN = re.compile(
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
REFERENCE = re.compile(r"&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|([^\s;&]+));")
_LINE_BREAK_SPACE = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
# What to do about the errors expat reports most, in its own words ("{root}": the format's
# root element, "{name}": the format's name).
HINTS = {
    "mismatched tag": "close the elements in the order they were opened",
    "not well-formed (invalid token)": "write '&' as '&amp;' and '<' as '&lt;' in text",
    "undefined entity": "only &amp; &lt; &gt; &quot; &apos; and character references are known; "
    "declare the entity in the DOCTYPE or write the character itself",
    "unclosed token": "the file ends inside a tag, comment or CDATA section",
    "no element found": "the file is empty or ends before its root element is closed",
    "junk after document element": "a file has one root element, <{root}>",
    "syntax error": "this is not XML; an {name} file starts with '<?xml' or '<{root}'",
    "XML or text declaration not at start of entity": "nothing may come before '<?xml', not even a blank line",
}


def escape(text: str) -> str:
    """New text as XML character data writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_cdata(text: str) -> str:
    """New text inside a CDATA section: only "]]>" would end it early, so it is split across
    two sections."""
    return text.replace("]]>", "]]]]><![CDATA[>")


def line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def declared_entities(text: str, root: str, name: str) -> dict[str, str]:
    """The entities the file's DTD declares, read by expat, which also raises FormatError
    where the file is not well-formed XML (`root` and `name` word the hints)."""
    declared: dict[str, str] = {}

    def declare(entity: str, is_parameter: bool, value: str | None, *_: object) -> None:
        if not is_parameter and value is not None:
            declared.setdefault(entity, value)

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = declare
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        problem = expat.ErrorString(exc.code) or "not well-formed"
        hint = HINTS.get(problem, "").format(root=root, name=name)
        line = (text.split("\n")[exc.lineno - 1 : exc.lineno] or [""])[0]
        column = len(line.encode()[: exc.offset].decode(errors="ignore")) + 1  # expat counts UTF-8 bytes
        if problem == "undefined entity":  # expat does not say which: name it
            names = [m.group() for m in REFERENCE.finditer(line) if m.group(3) and m.group(3) not in PREDEFINED]
            problem += f" {names[0]}" if names else ""
        raise FormatError(exc.lineno, f"{problem} at column {column}" + (f": {hint}" if hint else "")) from None
    return declared


def attributes(attrs: str) -> dict[str, str]:
    """A start tag's attributes, their references read."""
    return {
        m.group(1): unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTRIBUTE.finditer(attrs)
    }


def unescape(value: str) -> str:
    def one(found: re.Match[str]) -> str:
        decimal, hexadecimal, name = found.groups()
        if name is None:
            return chr(int(decimal or hexadecimal, 16 if hexadecimal else 10))
        return PREDEFINED.get(name, found.group())

    return REFERENCE.sub(one, value)


@dataclass
class Content:
    """A translatable element being read: its pieces, and the inline element whose whole
    text is one placeholder, while inside it."""

    depth: int  # the element stack's length inside it
    preserve: bool  # xml:space="preserve"
    pieces: list[Piece] = field(default_factory=list)
    cdata: bool = False
    plain: bool = False  # text outside CDATA
    code_start: int = -1
    code_depth: int = 0

    def add_text(self, file: str, start: int, data: str, entities: dict[str, str]) -> None:
        """Character data at `start` of the file: verbatim runs, and a piece for each
        reference (an entity that writes markup stands for content: a placeholder)."""
        self.plain = True
        at = 0
        for reference in REFERENCE.finditer(data):
            if reference.start() > at:
                self.pieces.append(Piece(data[at : reference.start()], start + at, start + reference.start()))
            decimal, hexadecimal, name = reference.groups()
            span = (start + reference.start(), start + reference.end())
            if name is None:
                self.pieces.append(Piece(chr(int(decimal or hexadecimal, 16 if hexadecimal else 10)), *span, False))
            elif name in entities:
                value = entities[name]
                markup = name not in PREDEFINED and "<" in value
                self.pieces.append(Piece(PLACEHOLDER if markup else value, *span, False, markup))
            else:
                raise FormatError(line_of(file, span[0]), f"undefined entity &{name};: {HINTS['undefined entity']}")
            at = reference.end()
        if at < len(data):
            self.pieces.append(Piece(data[at:], start + at, start + len(data)))

    def add_cdata(self, start: int, data: str) -> None:
        self.cdata = True
        if data:
            self.pieces.append(Piece(data, start, start + len(data)))

    def escape(self, text: str) -> str:
        """New text as this content writes it: inside CDATA where all of it is CDATA."""
        return escape_cdata(text) if self.cdata and not self.plain else escape(text)

    def settle(self) -> list[Piece]:
        """The pieces, with indentation read as the reader of the file reads it (see above)."""
        if self.preserve:
            return self.pieces
        pieces: list[Piece] = []
        indents: set[int] = set()  # the ids of the pieces that are indentation
        for piece in self.pieces:
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
