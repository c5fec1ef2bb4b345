"""HTML and XHTML pages: the text a reader sees, block by block, and the attributes a reader
sees instead of content (`alt`, `title`, `placeholder`, `aria-label`).

A block element (p, li, h1, td, title, option, button...) starts a new segment; inline
elements (a, em, span...) do not break a sentence: their tags are protected pieces that read
as nothing, so that "Click <a href=x>here</a>. ." reads "Click here. ." and no fix moves
text across a tag. A `<br>` reads as the line break it is. Inline content that is not prose
(`<code>`, `<kbd>`, `<img>`, an element marked `translate="no"`...) reads as one placeholder
character; `<script>`, `<style>`, `<template>`, `<pre>`, `<textarea>`, comments, the doctype
and every other attribute are left alone. Character references are read and edited whole.

Python's html.parser says where an event starts but not where it ends, drops some
constructs without a word and has changed how it reads comments and scripts between patch
releases; an HTML tokenizer is small, so this one is our own, with the offsets it needs.
No tree is built: a stack of open elements, with HTML's implied end tags for the common
cases (an unclosed <p>, <li>, <td>...), is enough to know what is inside what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.entities import html5

from textfix.formats.segments import DIRECTIVE, Directive, FormatError, Piece, Segment, Segmented

ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")  # read by people, so checked

_BLOCK = frozenset(
    """address article aside audio blockquote body button canvas caption center col colgroup
    datalist dd details dialog dir div dl dt fieldset figcaption figure footer form frameset h1
    h2 h3 h4 h5 h6 head header hgroup hr html iframe label legend li main menu nav object ol
    optgroup option p pre section select summary table tbody td tfoot th thead title tr ul
    video""".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Content that is not prose but stands in a sentence ("Run <code>ls</code> now"): a placeholder.
_PLACEHOLDER = frozenset("code kbd samp var textarea svg math".split())
_REPLACED = frozenset("img input embed".split())  # void elements that show something
_HIDDEN = frozenset("script style template noframes".split())  # never shown: they read as nothing
_RAW_TEXT = frozenset("script style xmp iframe noembed noframes".split())
_ESCAPABLE_RAW = frozenset("title textarea".split())  # references are read, tags are not
# Implied end tags: a start tag of the key closes an open element it names, unless one of
# the boundary elements is nearer.
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
for _names, _closes, _bounds in (
    ("li", "li", "ul ol menu"),
    ("dt dd", "dt dd", "dl"),
    ("option", "option", "select datalist optgroup"),
    ("optgroup", "option optgroup", "select"),
    ("tr", "tr td th", "table tbody thead tfoot"),
    ("td th", "td th", "tr table"),
    ("tbody thead tfoot", "tbody thead tfoot tr td th", "table"),
):
    for _name in _names.split():
        _IMPLIED[_name] = (frozenset(_closes.split()), frozenset(_bounds.split()))
_CLOSES_P = frozenset(
    """address article aside blockquote center details dialog dir div dl dd dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre
    section summary table ul""".split()
)
_P_BOUNDS = frozenset("button table td th caption template html object".split())

_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_ATTRIBUTE = re.compile(
    r"""[\s/]*(?P<name>[^\s/>][^\s/>=]*)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s>"'][^\s>]*)))?"""
)
_GAP = re.compile(r"[\s/]*")
_EQUALS = re.compile(r"\s*=\s*")
_REFERENCE = re.compile(r"&(?:#[xX]([0-9A-Fa-f]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*;?))")
_DIRECTIVE = re.compile(rf"\s*{DIRECTIVE.pattern}\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_XHTML = re.compile(r"\A\s*<\?xml|xmlns\s*=\s*[\"']http://www\.w3\.org/1999/xhtml")


def escape_text(text: str) -> str:
    """New text as an element's content writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _escape_double(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;")


def _escape_single(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#39;")


def _escape_unquoted(text: str) -> str:
    # A space or a quote would end or break an unquoted value; as a character reference
    # it is the same character to the reader and the value stays one value.
    return "".join(f"&#{ord(c)};" if c.isspace() or c in "\"'=<>`" else c for c in text.replace("&", "&amp;"))


def _line(text: str, at: int) -> int:
    return len(_LINE_BREAK.findall(text, 0, at)) + 1


def _reference(text: str, match: re.Match[str], in_attribute: bool) -> tuple[str, int] | None:
    """The character(s) a reference at `match` stands for, and where it ends; None where the
    ampersand is only an ampersand."""
    name = match.group(3)
    if name is None:
        return unescape(match.group()), match.end()
    if name.endswith(";") and name in html5:
        return html5[name], match.end()
    # A legacy reference written without its semicolon ("&copy 2024", "&ampx"): the longest
    # name that is one. In an attribute, "&copy=" is left as written (a URL's query).
    for size in range(len(name.rstrip(";")), 1, -1):
        if name[:size] in html5:
            after = match.start() + 1 + size
            follows = text[after : after + 1]
            if in_attribute and (follows.isalnum() or follows == "="):
                return None
            return html5[name[:size]], after
    return None


def _pieces(text: str, start: int, end: int, in_attribute: bool = False) -> list[Piece]:
    """The pieces of file text [start, end): runs written as they read, and references."""
    pieces: list[Piece] = []
    run = at = start
    while (found := _REFERENCE.search(text, at, end)) is not None:
        read = _reference(text, found, in_attribute)
        if read is None:
            at = found.start() + 1
            continue
        chars, after = read
        if found.start() > run:
            pieces.append(Piece(text[run : found.start()], run, found.start()))
        pieces.append(Piece(chars, found.start(), after, verbatim=False))
        run = at = after
    if end > run:
        pieces.append(Piece(text[run:end], run, end))
    return pieces


def _trim(pieces: list[Piece]) -> list[Piece]:
    """The pieces without the blank ones at either end, and without the white space at the
    ends of the text (layout, not prose)."""
    pieces = list(pieces)
    while pieces and not pieces[0].text.strip():
        pieces.pop(0)
    while pieces and not pieces[-1].text.strip():
        pieces.pop()
    if pieces and pieces[0].verbatim:
        first = pieces[0]
        lead = len(first.text) - len(first.text.lstrip())
        pieces[0] = Piece(first.text[lead:], first.file_start + lead, first.file_end)
    if pieces and pieces[-1].verbatim:
        last = pieces[-1]
        tail = len(last.text) - len(last.text.rstrip())
        pieces[-1] = Piece(last.text[: len(last.text) - tail], last.file_start, last.file_end - tail)
    return pieces


@dataclass
class _Element:
    name: str
    start: int  # where its start tag begins
    attributes: dict[str, str]
    lang: str | None  # in effect inside it
    where: str  # how a segment inside it is named: "p", "p#intro", "#intro li"
    skip: str = ""  # "placeholder", "hidden" or "block": its content is left alone


@dataclass
class _Tag:
    name: str
    start: int
    end: int
    closing: bool
    self_closing: bool
    # name -> (value as read, value's pieces, quote character or "")
    attributes: dict[str, tuple[str, list[Piece], str]] = field(default_factory=dict)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.xhtml = bool(_XHTML.search(text[:2000]))
        self.result = Segmented([])
        self.stack: list[_Element] = []
        self.skipping: _Element | None = None  # the element whose content is being left alone
        self.pieces: list[Piece] = []  # the text segment being read
        self.started = False  # whether it has any text yet, or only tags and white space
        self.owner: tuple[str | None, str] = (None, "")  # its language and name
        self.directives: list[Directive] = []  # the suppressions that apply to it
        self.pending: list[Directive] = []  # those that apply to the next segment

    # --- segments ---------------------------------------------------------------------------

    def add(self, pieces: list[Piece]) -> None:
        if self.skipping is not None:
            return
        if not self.started:
            self.owner = (self.lang(), self.where())
            self.started = any(piece.text.strip() and not piece.protected for piece in pieces)
        self.pieces += pieces
        if self.pending and self.started:
            self.directives += self.pending
            self.pending = []

    def protect(self, start: int, end: int, text: str = "") -> None:
        self.add([Piece(text, start, end, verbatim=False, protected=True)])

    def flush(self) -> None:
        pieces = _trim(self.pieces)
        if any(piece.text.strip() and not piece.protected for piece in pieces):
            lang, where = self.owner
            self.result.segments.append(
                Segment(pieces, ref=where, lang=lang, escape=escape_text, directives=self.directives)
            )
            self.directives = []
        self.pieces, self.started = [], False

    def lang(self) -> str | None:
        return self.stack[-1].lang if self.stack else self.result.lang

    def where(self) -> str:
        for element in reversed(self.stack):
            if element.name in _BLOCK:
                return element.where
        return self.stack[-1].where if self.stack else ""

    # --- elements ---------------------------------------------------------------------------

    def open(self, tag: _Tag) -> None:
        name = tag.name
        if name in _CLOSES_P:
            self.close_implied(frozenset({"p"}), _P_BOUNDS, tag.start)
        if name in _IMPLIED:
            self.close_implied(*_IMPLIED[name], tag.start)
        values = {key: value for key, (value, _, _) in tag.attributes.items()}
        lang = values.get("lang", values.get("xml:lang"))
        if name == "html" and lang and not self.stack:
            self.result.lang = lang
        element = _Element(name, tag.start, values, lang or self.lang(), self.name_of(name, values))
        untranslated = values.get("translate", "").strip().lower() == "no"
        if untranslated:
            element.skip = "block" if name in _BLOCK else "placeholder"
        elif name in _PLACEHOLDER:
            element.skip = "placeholder"
        elif name in _HIDDEN:
            element.skip = "hidden"
        elif name == "pre":
            element.skip = "block"
        ends_here = name in _VOID or (tag.self_closing and (self.xhtml or name in ("svg", "math")))
        if self.skipping is None:
            if name in _BLOCK or element.skip == "block":
                self.flush()
            if not untranslated:
                self.attribute_segments(tag, element)
            if name == "br":
                self.protect(tag.start, tag.end, "\n")
            elif name in _REPLACED or (ends_here and element.skip == "placeholder"):
                self.protect(tag.start, tag.end, "\ufffc")
            elif not element.skip and name not in _BLOCK:
                self.protect(tag.start, tag.end)
        if ends_here:
            return
        self.stack.append(element)
        if self.skipping is None and element.skip:
            self.skipping = element

    def attribute_segments(self, tag: _Tag, element: _Element) -> None:
        for attribute in ATTRIBUTES:
            if attribute not in tag.attributes:
                continue
            _, pieces, quote = tag.attributes[attribute]
            pieces = _trim(pieces)
            if not any(piece.text.strip() for piece in pieces):
                continue
            directives: list[Directive] = []
            if not self.started:  # a comment before the tag is about what comes next: this
                directives, self.pending = self.pending, []
            escape = {'"': _escape_double, "'": _escape_single}.get(quote, _escape_unquoted)
            ref = f"{element.where}@{attribute}"
            self.result.segments.append(
                Segment(pieces, ref=ref, lang=element.lang, escape=escape, directives=directives)
            )

    def name_of(self, name: str, values: dict[str, str]) -> str:
        if values.get("id"):
            return f"{name}#{values['id']}"
        for element in reversed(self.stack):
            if element.attributes.get("id"):
                return f"#{element.attributes['id']} {name}"
        return name

    def close_implied(self, names: frozenset[str], bounds: frozenset[str], at: int) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].name in names:
                self.pop_to(index, at, at)
                return
            if self.stack[index].name in bounds or self.stack[index].name == "template":
                return

    def close(self, tag: _Tag) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].name == tag.name:
                self.pop_to(index, tag.start, tag.end)
                return
        if self.skipping is None:
            if tag.name == "br":  # "</br>" is read as a <br>
                self.protect(tag.start, tag.end, "\n")
            elif tag.name in _BLOCK or tag.name == "pre":
                self.flush()
            elif not (tag.name in _PLACEHOLDER or tag.name in _HIDDEN):
                self.protect(tag.start, tag.end)

    def pop_to(self, index: int, start: int, end: int) -> None:
        """Close the open elements from the top of the stack down to `index`: the last of
        them by an end tag at [start, end), the others where it begins."""
        while len(self.stack) > index:
            element = self.stack.pop()
            closed_by = end if len(self.stack) == index else start
            if element is self.skipping:
                self.skipping = None
                if element.skip == "placeholder":
                    self.protect(element.start, closed_by, "\ufffc")
                elif element.skip == "hidden":
                    self.protect(element.start, closed_by)
                else:
                    self.flush()
            elif self.skipping is None:
                if element.name in _BLOCK:
                    self.flush()
                elif len(self.stack) == index:
                    self.protect(start, end)

    # --- comments ---------------------------------------------------------------------------

    def comment(self, start: int, end: int, body: str) -> None:
        found = _DIRECTIVE.fullmatch(body)
        if found is None or self.skipping is not None:
            return
        directive = Directive(found.group(1) + (found.group(2) or ""), start, end)
        if directive.text.startswith("ignore-file"):
            self.result.file_directives.append(directive)
        elif self.started:
            self.directives.append(directive)
        else:
            self.pending.append(directive)

    # --- the tokenizer ----------------------------------------------------------------------

    def read(self) -> Segmented:
        text = self.text
        control = _CONTROL.search(text)
        if control:
            raise FormatError(
                _line(text, control.start()),
                f"control character U+{ord(control.group()):04X}: this is not an HTML text file",
            )
        at = 0
        while at < len(text):
            lt = text.find("<", at)
            if lt < 0:
                lt = len(text)
            if lt > at:
                self.add(_pieces(text, at, lt))
            if lt >= len(text):
                break
            at = self.markup(lt)
        self.pop_to(0, len(text), len(text))
        self.flush()
        self.result.segments.sort(key=lambda segment: segment.pieces[0].file_start)
        for segment in self.result.segments:
            segment.lang = segment.lang or self.result.lang
        return self.result

    def markup(self, lt: int) -> int:
        """Read the markup at `lt` (a "<"); where reading goes on."""
        text = self.text
        if text.startswith("<!--", lt):
            if text.startswith(("<!-->", "<!--->"), lt):
                return text.index(">", lt + 4) + 1
            end = min((e for e in (text.find("-->", lt + 4), text.find("--!>", lt + 4)) if e >= 0), default=-1)
            if end < 0:
                raise FormatError(_line(text, lt), "a comment is never closed: end it with -->")
            close = end + (3 if text.startswith("-->", end) else 4)
            self.comment(lt, close, text[lt + 4 : end])
            return close
        if text.startswith("<![CDATA[", lt):
            return self.until(lt, "]]>", "a CDATA section is never closed: end it with ]]>")
        if text.startswith(("<!", "<?"), lt) or (text.startswith("</", lt) and not _NAME.match(text, lt + 2)):
            if text.startswith("</>", lt):
                return lt + 3
            return self.until(lt, ">", "a declaration is never closed: end it with >")
        closing = text.startswith("</", lt)
        name = _NAME.match(text, lt + (2 if closing else 1))
        if name is None:  # a "<" that starts no tag is text
            self.add(_pieces(text, lt, lt + 1))
            return lt + 1
        tag = self.tag(lt, name, closing)
        if closing:
            self.close(tag)
            return tag.end
        self.open(tag)
        if tag.name in _RAW_TEXT | _ESCAPABLE_RAW and not (self.xhtml and tag.self_closing):
            return self.raw_text(tag)
        return tag.end

    def until(self, start: int, end: str, problem: str) -> int:
        found = self.text.find(end, start + 2)
        if found < 0:
            raise FormatError(_line(self.text, start), problem)
        return found + len(end)

    def tag(self, lt: int, name: re.Match[str], closing: bool) -> _Tag:
        text = self.text
        # A prefixed name ("m:math" in XHTML) is read by its local name.
        tag = _Tag(name.group().lower().rpartition(":")[2] or name.group().lower(), lt, 0, closing, False)
        at = name.end()
        while True:
            at = _GAP.match(text, at).end()  # type: ignore[union-attr]  # it matches the empty string
            if at >= len(text):
                raise FormatError(_line(text, lt), f"the tag <{tag.name}> is never closed: end it with >")
            if text[at] == ">":
                tag.end = at + 1
                tag.self_closing = text[at - 1] == "/" and at - 1 >= name.end()
                return tag
            found = _ATTRIBUTE.match(text, at)
            if found is None or found.end() == at:
                at += 1
                continue
            key = found.group("name").lower()
            value_group = next((g for g in ("dq", "sq", "uq") if found.group(g) is not None), None)
            equals = _EQUALS.match(text, found.end("name"))
            if value_group is None and equals and text[equals.end() : equals.end() + 1] in ('"', "'"):
                raise FormatError(
                    _line(text, equals.end()),
                    f"the quote opening the value of {key}= in <{tag.name}> is never closed",
                )
            if key not in tag.attributes:
                if value_group is None:
                    tag.attributes[key] = ("", [], "")
                else:
                    start, end = found.span(value_group)
                    pieces = _pieces(text, start, end, in_attribute=True)
                    quote = {"dq": '"', "sq": "'"}.get(value_group, "")
                    tag.attributes[key] = ("".join(p.text for p in pieces), pieces, quote)
            at = found.end()

    def raw_text(self, tag: _Tag) -> int:
        """Read the content of a <script>, <style>, <title>... up to its end tag."""
        text = self.text
        end = _script_end(text, tag.end) if tag.name == "script" else _end_tag(tag.name).search(text, tag.end)
        if end is None:
            raise FormatError(_line(text, tag.start), f"<{tag.name}> is never closed: end it with </{tag.name}>")
        if tag.name in _ESCAPABLE_RAW:
            self.add(_pieces(text, tag.end, end.start()))
        return end.start()


def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}(?=[\s/>])", re.IGNORECASE)


_SCRIPT_MARK = re.compile(r"<!--|-->|</?script(?=[\s/>])", re.IGNORECASE)


def _script_end(text: str, at: int) -> re.Match[str] | None:
    """The end tag of a script's content. Inside "<!--", a "<script" starts an escape in
    which "</script>" does not end the script, until "-->" (HTML's script data states)."""
    state = "data"
    for mark in _SCRIPT_MARK.finditer(text, at):
        found = mark.group().lower()
        if found == "</script" and state != "double":
            return mark
        if found == "<!--" and state == "data":
            state = "escaped"
        elif found == "-->":
            state = "data"
        elif found == "<script" and state == "escaped":
            state = "double"
        elif found == "</script":
            state = "escaped"
    return None


def read(text: str) -> Segmented:
    return _Reader(text).read()
