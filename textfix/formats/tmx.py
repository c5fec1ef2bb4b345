"""TMX translation memories: each `<tu>`'s `<tuv>`s are its source and its translations.

The source is the `<tuv>` in the source language (`--source-language`, else the unit's or
the header's `srclang`, else the unit's first `<tuv>`); every other `<tuv>`'s `<seg>` is a segment in its
own language (`xml:lang`, or TMX 1.1's `lang`), its source the source `<seg>`'s text. A
unit with no `<tuv>` in a source language asked for has no source. Inline codes are
protected: `<bpt> <ept> <ph> <it> <ut>` hold the original format's codes and read as U+FFFC,
whole; `<hi>` wraps text, which is checked, and its tags read as nothing. Entities and
CDATA read as in XLIFF (formats/xml.py); a `<seg>` reads as written, line breaks and all,
unless `xml:space="default"` makes its line breaks indentation. Tiled map editor files share the
suffix: one (root `<map>`) holds no translatable text and reads as no segments.
"""

from __future__ import annotations

from collections.abc import Callable
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
    line_of,
)

# Inline elements whose tags only wrap text: the text inside is checked.
_WRAPS = {"hi"}


@dataclass
class _Variant:
    """A `<tuv>`'s `<seg>`, read."""

    lang: str
    pieces: list[Piece]
    escape: Callable[[str], str]


@dataclass
class _Unit:
    ref: str
    directives: list[Directive]
    srclang: str | None  # the unit's own, where it has one
    variants: list[_Variant] = field(default_factory=list)


def _same_language(lang: str, wanted: str) -> bool:
    """`lang` is `wanted`, or `wanted` names only the language and `lang` is a variety of it."""
    lang, wanted = lang.lower().replace("_", "-"), wanted.lower().replace("_", "-")
    return lang == wanted or ("-" not in wanted and lang.split("-")[0] == wanted)


def _srclang(attrs: dict[str, str]) -> str | None:
    """A header's or unit's source language; "*all*" says any language may be the source."""
    srclang = attrs.get("srclang", "")
    return srclang if srclang and srclang.lower() != "*all*" else None


class _Reader:
    def __init__(self, text: str, source_language: str | None) -> None:
        self.text = text
        self.entities = PREDEFINED | declared_entities(text, "tmx", "TMX")
        self.asked = source_language
        self.header_language: str | None = None
        self.stack: list[tuple[str, bool]] = []  # (element name, xml:space="preserve")
        self.segmented = Segmented([])
        self.unit: _Unit | None = None
        self.units = 0
        self.pending: list[Directive] = []  # comments since the last unit, for the next one
        self.lang = ""  # the <tuv>'s
        self.content: Content | None = None

    def read(self) -> Segmented:
        text, at = self.text, 0
        while at < len(text):
            token = TOKEN.match(text, at)
            if token is None:  # expat read it, so this is a construct the tokenizer lacks
                raise FormatError(line_of(text, at), f"cannot read '{text[at : at + 20]}'")
            kind = token.lastgroup
            if kind == "comment":
                self.comment(token)
            elif kind == "cdata" and self.content is not None and self.content.code_start < 0:
                self.content.add_cdata(token.start("cdata"), token.group("cdata"))
            elif kind == "empty":
                if self.start(token):
                    return Segmented([])
            elif kind == "end":
                self.end(token)
            elif kind == "text" and self.content is not None and self.content.code_start < 0:
                self.content.add_text(text, token.start(), token.group("text"), self.entities)
            at = token.end()
        targets = {(segment.lang or "").lower() for segment in self.segmented.segments}
        if len(targets) == 1 and self.segmented.segments:  # one target language: the file's
            self.segmented.lang = self.segmented.segments[0].lang
        return self.segmented

    def comment(self, token: Match[str]) -> None:
        found = DIRECTIVE.search(token.group("comment"))
        if found is None:
            return
        directive = Directive(found.group(1) + (found.group(2) or ""), token.start(), token.end())
        if found.group(1) == "ignore-file":
            self.segmented.file_directives.append(directive)
        elif self.unit is not None:
            self.unit.directives.append(directive)
        else:
            self.pending.append(directive)

    def start(self, token: Match[str]) -> bool:
        """Read a start tag; True for the root of a file that is not a TMX file to check."""
        name = token.group("start").rpartition(":")[2]
        attrs = attributes(token.group("attrs"))
        empty = bool(token.group("empty"))
        if not self.stack:
            if name == "map":  # a Tiled map
                return True
            if name != "tmx":
                raise FormatError(line_of(self.text, token.start()), f"the root element is <{name}>, not a TMX <tmx>")
        space = attrs.get("xml:space")
        # A <seg> is written as its text reads, line breaks included (TMX tools write it so),
        # unless xml:space="default" says that its line breaks are indentation.
        preserve = space != "default" if space else (not self.stack or self.stack[-1][1])
        content = self.content
        if content is not None:
            if content.code_start >= 0:
                pass
            elif name in _WRAPS:
                content.pieces.append(Piece("", token.start(), token.end(), verbatim=False, protected=True))
            elif empty:
                content.pieces.append(Piece(PLACEHOLDER, token.start(), token.end(), verbatim=False, protected=True))
            else:
                content.code_start, content.code_depth = token.start(), len(self.stack)
        elif name == "header":
            self.header_language = _srclang(attrs)
        elif name == "tu":
            self.units += 1
            self.unit = _Unit(attrs.get("tuid") or str(self.units), self.pending, _srclang(attrs))
            self.pending = []
        elif name == "tuv":
            self.lang = attrs.get("xml:lang") or attrs.get("lang") or ""
        elif name == "seg" and self.unit is not None and not empty:
            self.content = Content(len(self.stack) + 1, preserve)
        if not empty:
            self.stack.append((name, preserve))
        return False

    def end(self, token: Match[str]) -> None:
        name, _ = self.stack.pop()
        content = self.content
        if content is not None and len(self.stack) + 1 > content.depth:
            if content.code_start >= 0:
                if len(self.stack) == content.code_depth:
                    content.pieces.append(Piece(PLACEHOLDER, content.code_start, token.end(), False, True))
                    content.code_start = -1
            elif name in _WRAPS:
                content.pieces.append(Piece("", token.start(), token.end(), verbatim=False, protected=True))
            return
        if content is not None and self.unit is not None:
            self.content = None
            self.unit.variants.append(_Variant(self.lang, content.settle(), content.escape))
        elif name == "tu" and self.unit is not None:
            self.close(self.unit)
            self.unit = None

    def close(self, unit: _Unit) -> None:
        variants = unit.variants
        source: _Variant | None = variants[0] if variants else None
        wanted = self.asked or unit.srclang or self.header_language
        if wanted is not None:
            exact = [v for v in variants if v.lang.lower() == wanted.lower()]
            close = exact or [v for v in variants if _same_language(v.lang, wanted)]
            source = close[0] if close else None
        source_text = "".join(piece.text for piece in source.pieces) if source else None
        for variant in variants:
            if variant is source or not variant.pieces:
                continue
            self.segmented.segments.append(
                Segment(
                    variant.pieces,
                    ref=f"{unit.ref}/{variant.lang}" if variant.lang else unit.ref,
                    source=source_text,
                    lang=variant.lang or None,
                    escape=variant.escape,
                    directives=unit.directives,
                )
            )


def read(text: str, source_language: str | None = None) -> Segmented:
    return _Reader(text, source_language).read()
