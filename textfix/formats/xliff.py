"""XLIFF 1.2 and 2.0: the `<target>` of each translation unit is a segment.

1.2 puts the target in `<trans-unit>`, 2.0 in a `<unit>`'s `<segment>`; the `<source>` beside
it is the segment's source, never edited. A unit, group or file marked `translate="no"` is
skipped, and so is everything it holds. Inline codes are protected pieces: the tags of an
element that wraps text (`<g>`, `<pc>`, `<mrk>`) read as nothing and the text inside them is
checked; an element that stands for content (`<x/>`, `<ph>`, `<bpt>…</bpt>`, `<sc/>`, an
element of another namespace) reads as U+FFFC, whole. Entities and character references
read as their characters, CDATA as written, and indentation as one space (formats/xml.py,
shared with TMX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from re import Match

from textfix.formats.segments import DIRECTIVE, Directive, FormatError, Piece, Segment, Segmented
from textfix.formats.xml import (
    PLACEHOLDER,
    PREDEFINED,
    TOKEN,
    Content,
    attributes,
    declared_entities,
    escape,
    escape_cdata,
    line_of,
)

__all__ = ["escape", "escape_cdata", "read"]

_XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:"
# Inline elements whose tags only wrap text: the text inside is checked.
_WRAPS = {"g", "mrk", "pc", "sm", "em"}


@dataclass
class _Element:
    name: str  # the local name
    xliff: bool  # in an XLIFF namespace (or in none, as some old files are)
    namespaces: dict[str, str]
    translate: bool
    preserve: bool  # xml:space="preserve"
    attributes: dict[str, str]


@dataclass
class _Unit:
    ref: str
    translate: bool
    directives: list[Directive]
    segments: list[Segment] = field(default_factory=list)
    source: str | None = None  # the source of the segment being read


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.entities = PREDEFINED | declared_entities(text, "xliff", "XLIFF")
        self.stack: list[_Element] = []
        self.segmented = Segmented([])
        self.units: list[_Unit] = []
        self.pending: list[Directive] = []  # comments since the last tag, for the unit they precede
        self.content: Content | None = None
        self.target = False  # whether `content` is a target
        self.segment_id = ""
        self.state = ""  # the target's or the 2.0 segment's state
        self.lang: str | None = None

    def fail(self, at: int, message: str) -> FormatError:
        return FormatError(line_of(self.text, at), message)

    def read(self) -> Segmented:
        text, at = self.text, 0
        while at < len(text):
            token = TOKEN.match(text, at)
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

    def comment(self, token: Match[str]) -> None:
        found = DIRECTIVE.search(token.group("comment"))
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
            content.add_cdata(start, data)
        else:
            content.add_text(self.text, start, data, self.entities)

    def start(self, token: Match[str]) -> None:
        attrs = attributes(token.group("attrs"))
        parent = self.stack[-1] if self.stack else None
        namespaces = dict(parent.namespaces) if parent else {}
        for name, value in attrs.items():
            if name == "xmlns":
                namespaces[""] = value
            elif name.startswith("xmlns:"):
                namespaces[name[6:]] = value
        prefix, _, local = token.group("start").rpartition(":")
        uri = namespaces.get(prefix)
        translate = attrs.get("translate", "yes" if parent is None or parent.translate else "no") != "no"
        space = attrs.get("xml:space")
        preserve = space == "preserve" if space else bool(parent and parent.preserve)
        element = _Element(
            local, uri is None or uri.startswith(_XLIFF_NAMESPACE), namespaces, translate, preserve, attrs
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

    def inline(self, token: Match[str], element: _Element, empty: bool) -> None:
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
        name, attrs = element.name if element.xliff else "", element.attributes
        parent = self.stack[-1].name if self.stack and self.stack[-1].xliff else ""
        pending, self.pending = self.pending, []
        if name == "xliff":
            self.lang = attrs.get("trgLang")
        elif name == "file" and "target-language" in attrs:
            self.lang = attrs["target-language"]
        elif name in ("trans-unit", "unit"):
            self.units.append(_Unit(attrs.get("id", ""), element.translate, pending))
            self.segment_id = self.state = ""
        elif name == "segment":
            self.segment_id, self.state = attrs.get("id", ""), attrs.get("state", "")
            if self.units:
                self.units[-1].source = None
        elif name in ("source", "target") and parent in ("trans-unit", "segment") and self.units and not empty:
            self.content = Content(len(self.stack) + 1, element.preserve)
            self.target = name == "target"
            if self.target:
                self.lang = self.lang or attrs.get("xml:lang")
                self.state = attrs.get("state", self.state)

    def end(self, token: Match[str]) -> None:
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

    def close(self, content: Content) -> None:
        self.content = None
        unit = self.units[-1]
        pieces = content.settle()
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
                escape=content.escape,
            )
        )


def read(text: str) -> Segmented:
    return _Reader(text).read()
