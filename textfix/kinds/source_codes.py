"""What must come through translation unchanged: placeholders, markup, numbers, literals.

Each check compares a segment's target with its source (PO msgid, XLIFF <source>); segments
without a source, empty ones and fuzzy ones (not used until a translator confirms them) are
left alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from textfix.documents import Document
from textfix.formats.segments import Segment
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.rule import Rule, base_language

# printf conversions, as gettext's c-format and python-format read them; "%%" is a percent
# sign. A space flag is left out: "50 % des" in French is text, not "% d".
_PRINTF = re.compile(
    r"%(?:%|(?:(?P<ord>\d+)\$|\((?P<key>[^()\s]*)\))?"
    r"[-+#0']*(?:\d+|\*)?(?:\.(?:\d*|\*))?(?:hh|h|ll|l|L|q|j|z|t)?(?P<type>[diouxXeEfFgGcrsaAp@]))"
)
# A brace argument's head: "{name}", "{0}", "{}", "{0:N2}", "{name!r}", or ICU "{name, type".
_BRACE = re.compile(r"\{\s*(?P<name>[A-Za-z_][\w.]*|\d*)\s*(?:(?P<close>(?:![rsa])?(?::[^{}]*)?\})|,\s*(?P<type>\w+))")
_ICU_BRANCH = re.compile(r"\s*(?:=\d+|\w+)\s*\{")
# Tags a translator may add for the language's typography: "1<sup>er</sup>", emphasis.
_TYPOGRAPHIC_TAGS = {"sup", "sub", "i", "em", "b", "strong", "small", "span", "br", "wbr", "bdi", "bdo", "u", "abbr"}
_TAG = re.compile(r"</?(?P<name>[A-Za-z][\w:-]*)(?:\s[^<>]*)?/?>")
# A URL has a host, and ends before quotes of any language and the sentence's punctuation.
_URL = re.compile(
    r"\b(?:(?:https?|ftp)://|www\.)[\w-]+(?:\.[\w-]+)+(?::\d+)?"
    r"(?:/(?:[^\s<>\"'`“”‘’«»„]*[^\s<>\"'`“”‘’«»„.,;:!?)\]])?)?"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# A file system path from the root of a Unix tree, the home folder or a drive. Other paths
# in prose ("/about/contact") are examples, which translators may translate.
_PATH = re.compile(
    r"(?<![\w/.:<])(?:~/|/(?:etc|usr|var|home|tmp|opt|bin|dev|proc|srv|Users|Library)/)[\w.-]*(?:/[\w.-]+)*"
    r"|\b[A-Z]:\\[\w\\.-]+"
)
_FILENAME = re.compile(r"\b[\w-]+\.(?:py|js|ts|html?|txt|json|ya?ml|po|mo|css|xml|csv|ini|cfg|toml|md|sh|exe|log)\b")
_IDENTIFIER = re.compile(
    r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b"  # snake_case, SCREAMING_CASE
    r"|\b[a-z_]\w*(?:\.[a-z_]\w*){2,}\b"  # dotted module paths
    r"|\b[A-Za-z_]\w*\(\)"  # a call
)
_LITERALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("URL", _URL),
    ("e-mail address", _EMAIL),
    ("path", _PATH),
    ("file name", _FILENAME),
    ("identifier", _IDENTIFIER),
)
# Where one of the literals may start: a cheap look before the five searches.
_ANY_LITERAL = re.compile(
    r"://|www\.|@|_|\(\)|~/|/(?:etc|usr|var|home|tmp|opt|bin|dev|proc|srv|Users|Library)/|:\\"
    r"|\.(?:py|js|ts|htm|txt|json|ya?ml|po|mo|css|xml|csv|ini|cfg|toml|md|sh|exe|log)\b|\w\.[a-z_]\w*\.[a-z_]"
)
# A number with its grouping and decimal marks: "1,000.5", "1.000,5", "1 000,5". A space
# groups only before three digits, so that "5 10" stays two numbers.
_NUMBER = re.compile(r"\d+(?:(?:[.,'’]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d+)*")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
_EQUIVALENT_TYPES = {"i": "d", "u": "d", "F": "f"}
_LANGUAGE_CODE = re.compile(r"/[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?(?=/|$)")
# A message key standing in for the source ("form.errors.required"), as Symfony writes.
_KEY = re.compile(r"[A-Za-z][\w-]*(?:[._][\w-]+)+")
# Cheap first looks: most segments have no placeholder, digit or literal at all.
_PLACEHOLDER_START = re.compile(r"[%{]")
_ANY_DIGIT = re.compile(r"\d")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_]")
_NO_WORD_GAPS = {"zh", "ja", "ko", "th"}  # languages written without spaces between words


@dataclass(frozen=True, slots=True)
class Code:
    """A placeholder, tag or literal in a segment's text: `key` is what must match (a
    placeholder's name, a tag's name); `name_at` where the name is written, the part a
    renaming fix rewrites."""

    family: str
    key: str
    start: int
    end: int
    name_at: tuple[int, int]


@functools.lru_cache(maxsize=256)
def _syntax(flags: frozenset[str]) -> tuple[bool, bool, bool]:
    """From a PO entry's flags: whether its strings have printf placeholders, whether only
    strictly (no format flag says so: "%selection" is no "%s" then), and brace ones."""
    formats = {f for f in flags if f.endswith("-format")}
    printf = not {"no-python-format", "no-c-format"} & formats
    strict = not any(not f.startswith(("no-", "python-brace")) for f in formats)
    braces = ("python-brace-format" in formats or not formats) and "no-python-brace-format" not in formats
    return printf, strict, braces


def printf_codes(text: str, strict: bool) -> list[Code]:
    """printf conversions; `strict` (no format flag says the text is a format string) takes
    an unnamed one only where no letter follows it ("%selection" is not "%s" then)."""
    codes = []
    for m in _PRINTF.finditer(text):
        if m.group() == "%%":
            continue
        if strict and not m.group("key") and m.end() < len(text) and text[m.end()].isalnum():
            continue
        if m.group("key") is not None:
            codes.append(Code("named", m.group("key"), m.start(), m.end(), m.span("key")))
        elif m.group("ord"):
            kind = _EQUIVALENT_TYPES.get(m.group("type"), m.group("type"))
            codes.append(Code("ordered", f"{m.group('ord')}${kind}", m.start(), m.end(), m.span("ord")))
        else:
            kind = _EQUIVALENT_TYPES.get(m.group("type"), m.group("type"))
            codes.append(Code("printf", kind, m.start(), m.end(), m.span("type")))
    return codes


def _closing(text: str, start: int) -> int:
    """The offset after the brace that closes the one at `start` (len(text) if none does)."""
    depth = 0
    for at in range(start, len(text)):
        if text[at] == "{":
            depth += 1
        elif text[at] == "}":
            depth -= 1
            if depth == 0:
                return at + 1
    return len(text)


def brace_codes(text: str, lo: int = 0, hi: int | None = None) -> list[Code]:
    """Python/.NET brace arguments and ICU message arguments in text[lo:hi]. Inside an ICU
    plural or select, the branches' text is translatable: only arguments in it count."""
    hi = len(text) if hi is None else hi
    codes: list[Code] = []
    at = lo
    while (at := text.find("{", at, hi)) >= 0:
        if text.startswith("{{", at):  # an escaped brace
            at += 2
            continue
        m = _BRACE.match(text, at, hi)
        if not m:
            at += 1
            continue
        codes.append(Code("brace", m.group("name"), at, m.end(), m.span("name")))
        if m.group("close"):
            at = m.end()
            continue
        end = min(_closing(text, at), hi)
        if m.group("type") in ("plural", "select", "selectordinal"):
            branch = m.end()
            while (b := _ICU_BRANCH.match(text, _skip_offset(text, branch), end)) is not None:
                close = _closing(text, b.end() - 1)
                codes += brace_codes(text, b.end(), close - 1)
                branch = close
        at = end
    return codes


def _skip_offset(text: str, at: int) -> int:
    """Past ICU's "offset:1" and the comma before the branches."""
    m = re.compile(r"\s*,?\s*(?:offset:\d+)?").match(text, at)
    return m.end() if m else at


def tag_codes(text: str) -> list[Code]:
    codes = [
        Code(
            "tag",
            ("/" if m.group().startswith("</") else "") + m.group("name").lower(),
            m.start(),
            m.end(),
            m.span("name"),
        )
        for m in _TAG.finditer(text)
    ]
    codes += [Code("inline", "\ufffc", at, at + 1, (at, at + 1)) for at, char in enumerate(text) if char == "\ufffc"]
    return codes


def masked(text: str, codes: Iterable[Code]) -> str:
    """`text` with each code blanked out, offsets kept: numbers and literals in placeholders
    and tags are not the reader's."""
    chars = list(text)
    for code in codes:
        chars[code.start : code.end] = " " * (code.end - code.start)
    return "".join(chars)


def ascii_digits(text: str) -> str:
    """Other scripts' digits (Arabic-Indic, Devanagari, full-width) as ASCII ones."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() and unicodedata.digit(c, -1) >= 0 else c
        for c in text
    )


# The last document's segments to compare, shared by this kind's four rules: each rule
# would otherwise join every segment's text again.
_last: tuple[list[tuple[int, Segment]] | None, list[tuple[int, Segment, str, str, str | None]]] = (None, [])


def _pairs(doc: Document) -> list[tuple[int, Segment, str, str, str | None]]:
    """(offset, segment, source, target, language) of each segment worth comparing: one
    with a source and a translation, not fuzzy (not used yet), not keyed by a message key."""
    global _last
    if _last[0] is not doc.segments:
        pairs = []
        for base, segment in doc.segments or []:
            source, target = segment.source, segment.text
            if source is None or segment.note == "fuzzy" or not target.strip() or _KEY.fullmatch(source.strip()):
                continue
            pairs.append((base, segment, source, target, segment.lang or doc.lang))
        _last = (doc.segments, pairs)
    return _last[1]


class SourceCodesKind(BaseKind):
    """`kind: source_codes`: what must come through translation as the source has it.

    Options (name, type, default: meaning):

    - check (str, required): what to compare. `placeholders`: printf (`%s`, `%(name)s`,
      `%1$s`) and brace (`{name}`, `{0}`, ICU `{n, plural, ...}`) placeholders: missing,
      added, renamed, or unnamed ones reordered or retyped; a PO entry's format flags say
      which syntax its strings use. `markup`: HTML/XML tags and XLIFF inline codes.
      `numbers`: the numbers, in any locale's grouping and decimal marks and any script's
      digits. `literals`: URLs, e-mail addresses, paths, file names, code identifiers.
    - number_words (dict, none): for `numbers`, language code -> list of the words for 0,
      1, 2, ... (alternatives split by "|"): a number the other side writes as a word.

    Message field: code. Default fix: safe (a renamed placeholder; literals: unsafe).
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {"check": str, "number_words": dict}
    REQUIRED: ClassVar[tuple[str, ...]] = ("check",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.SAFE
    CHECKS = ("placeholders", "markup", "numbers", "literals")

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.what = rule.options["check"]
        if self.what not in self.CHECKS:
            raise rule.error(f"'check' is one of {', '.join(self.CHECKS)}")
        self.words: dict[str, dict[str, int]] = {}
        for lang, names in (rule.options.get("number_words") or {}).items():
            if not isinstance(names, list):
                raise rule.error("'number_words' maps a language code to a list of words for 0, 1, 2, ...")
            self.words[str(lang)] = {w.casefold(): n for n, alts in enumerate(names) for w in str(alts).split("|") if w}

    def check(self, doc: Document) -> Iterator[Finding]:
        if doc.segments is None:
            return
        compare = getattr(self, f"_{self.what}")
        for base, segment, source, target, lang in _pairs(doc):
            yield from compare(base, segment, source, target, lang)

    # -- placeholders -------------------------------------------------------------------

    def placeholders(self, segment: Segment, text: str) -> list[Code]:
        if "%" not in text and "{" not in text:
            return []
        printf, strict, braces = _syntax(segment.flags)
        codes = printf_codes(text, strict) if printf else []
        if braces:
            codes += brace_codes(text)
        return codes

    def _placeholders(
        self, base: int, segment: Segment, source: str, target: str, lang: str | None
    ) -> Iterator[Finding]:
        if not _PLACEHOLDER_START.search(source) and not _PLACEHOLDER_START.search(target):
            return
        source_codes = self.placeholders(segment, source)
        target_codes = self.placeholders(segment, target)
        if [(c.family, c.key) for c in source_codes] == [(c.family, c.key) for c in target_codes]:
            return  # the same placeholders in the same order: nearly every translation
        allowed = {c.key for s in segment.plural_sources for c in self.placeholders(segment, s)}
        # A plural form for a single count may write the word for it instead of the count,
        # but an unnamed Python placeholder must stay: "%" with too many values raises.
        python = "python-format" in segment.flags
        for family in ("named", "ordered", "brace"):
            wanted = {c.key: c for c in source_codes if c.family == family}
            found = [c for c in target_codes if c.family == family]
            extra = [c for c in found if c.key not in wanted and c.key not in allowed]
            missing = [key for key in wanted if key not in {c.key for c in found}]
            if segment.plural_exact:
                missing = [] if not extra else missing
            if len(missing) == 1 and extra and len({c.key for c in extra}) == 1:
                original = wanted[missing[0]]
                right = source[original.name_at[0] : original.name_at[1]]
                for code in extra:
                    message = (
                        self.format_message(code=target[code.start : code.end])
                        + f": the source has '{source[original.start : original.end]}'"
                    )
                    yield self.finding(
                        base + code.start,
                        base + code.end,
                        message,
                        self.replace(base + code.name_at[0], base + code.name_at[1], right),
                    )
                continue
            for code in extra:
                yield self.finding(
                    base + code.start,
                    base + code.end,
                    self.format_message(code=target[code.start : code.end]) + ": not in the source",
                )
            for key in missing:
                code = wanted[key]
                yield self.whole(
                    base,
                    target,
                    self.format_message(code=source[code.start : code.end]) + ": missing from the translation",
                )
        yield from self._unnamed(base, segment, source_codes, target_codes, python)

    def _unnamed(
        self, base: int, segment: Segment, source_codes: list[Code], target_codes: list[Code], python: bool
    ) -> Iterator[Finding]:
        """Unnamed printf conversions take their values in order: the same types, in the same order."""
        assert segment.source is not None
        target = segment.text
        wanted = [c for c in source_codes if c.family == "printf"]
        found = [c for c in target_codes if c.family == "printf"]
        if len(wanted) == len(found):
            for want, got in zip(wanted, found, strict=True):
                if want.key != got.key:
                    right = segment.source[want.name_at[0] : want.name_at[1]]
                    message = (
                        self.format_message(code=target[got.start : got.end])
                        + f": the source has '{segment.source[want.start : want.end]}' here (values go in order)"
                    )
                    yield self.finding(
                        base + got.start,
                        base + got.end,
                        message,
                        self.replace(base + got.name_at[0], base + got.name_at[1], right),
                    )
            return
        if len(found) < len(wanted) and segment.plural_exact and not python:
            return
        if len(found) > len(wanted) and any(
            len([c for c in self.placeholders(segment, s) if c.family == "printf"]) == len(found)
            for s in segment.plural_sources
        ):
            return
        shown = " ".join(segment.source[c.start : c.end] for c in wanted) or "none"
        message = (
            self.format_message(code=" ".join(target[c.start : c.end] for c in found) or "none")
            + f": the source has {shown}"
        )
        yield self.whole(base, target, message)

    # -- markup -------------------------------------------------------------------------

    def _markup(self, base: int, segment: Segment, source: str, target: str, lang: str | None) -> Iterator[Finding]:
        if "<" not in source and "<" not in target and "\ufffc" not in source:
            return
        source_codes, target_codes = tag_codes(source), tag_codes(target)
        if not source_codes and not target_codes:
            return
        wanted = Counter(c.key for c in source_codes)
        found = Counter(c.key for c in target_codes)
        if wanted == found:
            return
        # A typographic tag the translator added is theirs, if it is closed.
        free = {
            name
            for name in _TYPOGRAPHIC_TAGS
            if name in ("br", "wbr") or found[name] == found["/" + name] or wanted[name] != wanted["/" + name]
        }
        for code in target_codes:
            if found[code.key] > wanted[code.key] and code.key.lstrip("/") not in free:
                found[code.key] -= 1
                yield self.finding(
                    base + code.start,
                    base + code.end,
                    self.format_message(code=target[code.start : code.end]) + ": not in the source",
                )
        missing = wanted - Counter(c.key for c in target_codes)
        if missing:  # one finding for a segment's lost tags: a lost pair is one slip
            shown = [
                "an inline code" if key == "\ufffc" else source[code.start : code.end]
                for key in missing
                for code in [next(c for c in source_codes if c.key == key)]
            ]
            message = self.format_message(code="', '".join(shown)) + ": missing from the translation"
            yield self.whole(base, target, message)

    # -- numbers ------------------------------------------------------------------------

    def _numbers(self, base: int, segment: Segment, source: str, target: str, lang: str | None) -> Iterator[Finding]:
        if not _ANY_DIGIT.search(source):  # a number added where none is missing is the translator's
            return
        plain_source = ascii_digits(masked(source, self.all_codes(segment, source)))
        plain_target = ascii_digits(masked(target, self.all_codes(segment, target)))
        src, tgt = self.numbers(plain_source), self.numbers(plain_target)
        if Counter(v for v, _ in src) == Counter(v for v, _ in tgt):
            return
        # "12:30" and "12.30", "1,000" and "1000": the same digits, read either way.
        if Counter(_DIGITS.findall(plain_source)) == Counter(_DIGITS.findall(plain_target)):
            return
        missing = Counter(v for v, _ in src) - Counter(v for v, _ in tgt)
        extra = Counter(v for v, _ in tgt) - Counter(v for v, _ in src)
        target_words = self.word_values(target, lang)
        source_words = self.word_values(source, "en")
        for value in list(missing):
            if int(value) in target_words:
                del missing[value]
        for value in list(extra):
            if int(value) in source_words:
                del extra[value]
        # A number added where none is missing is the translator's (a month's number, "base
        # 10" spelt out), and a plural form may write its count out: neither is flagged.
        if not missing or segment.plural_sources:
            return
        shown = ", ".join(next(t for v, t in src if v == value) for value in missing)
        if not extra:
            yield self.whole(base, target, self.format_message(code=shown) + ": missing from the translation")
            return
        for number, text, start, end in self.number_spans(plain_target):
            if number in extra:
                yield self.finding(
                    base + start, base + end, self.format_message(code=text) + f": the source has {shown}"
                )

    def all_codes(self, segment: Segment, text: str) -> list[Code]:
        return (
            self.placeholders(segment, text)
            + tag_codes(text)
            + [
                Code("literal", m.group(), m.start(), m.end(), m.span())
                for _, pattern in _LITERALS
                for m in pattern.finditer(text)
            ]
        )

    @staticmethod
    def number_spans(text: str) -> Iterator[tuple[str, str, int, int]]:
        for m in _NUMBER.finditer(text):
            value = "".join(c for c in m.group() if c.isdigit()).lstrip("0") or "0"
            yield value, m.group(), m.start(), m.end()

    def numbers(self, text: str) -> list[tuple[str, str]]:
        return [(value, shown) for value, shown, _, _ in self.number_spans(text)]

    def word_values(self, text: str, lang: str | None) -> set[int]:
        """The numbers `text` writes as words in `lang`."""
        words = self.words.get(base_language(lang)) if lang else None
        if not words:
            return set()
        if base_language(lang or "") in _NO_WORD_GAPS:
            return {n for w, n in words.items() if w in text}
        return {words[w] for w in _WORD.findall(text.casefold()) if w in words}

    # -- literals -----------------------------------------------------------------------

    def _literals(self, base: int, segment: Segment, source: str, target: str, lang: str | None) -> Iterator[Finding]:
        if not _ANY_LITERAL.search(source):
            return
        plain_source = masked(source, self.placeholders(segment, source))
        plain_target = masked(target, self.placeholders(segment, target))
        taken: list[tuple[int, int]] = []  # an identifier in a file name is no second finding
        for label, pattern in _LITERALS:
            for m in pattern.finditer(plain_source):
                literal = m.group()
                if any(lo <= m.start() and m.end() <= hi for lo, hi in taken):
                    continue
                taken.append(m.span())
                if self.written(literal, plain_target) or (
                    label == "URL" and self.localised_url(literal, plain_target)
                ):
                    continue
                candidates = [t for t in pattern.finditer(plain_target) if t.group() not in plain_source]
                message = self.format_message(code=literal) + f": this {label} is not in the translation"
                if len(candidates) == 1:
                    t = candidates[0]
                    fix = self.replace(
                        base + t.start(), base + t.end(), literal, Applicability.UNSAFE if self.fix_level else None
                    )
                    yield self.finding(base + t.start(), base + t.end(), message, fix)
                else:
                    yield self.whole(base, target, message)

    @staticmethod
    def written(literal: str, target: str) -> bool:
        """`literal` in `target` as a whole, not as part of a longer name (in Japanese a word
        may follow it with no space: "allow_futureが")."""
        at = target.find(literal)
        while at >= 0:
            end = at + len(literal)
            if not (at and _NAME_CHAR.match(target, at - 1)) and not _NAME_CHAR.match(target, end):
                return True
            at = target.find(literal, at + 1)
        return False

    @staticmethod
    def localised_url(url: str, target: str) -> bool:
        """The same URL with a language code of the path changed ("/en/" -> "/fr/")."""
        pattern = _LANGUAGE_CODE.sub("/*", url)
        return pattern != url and any(_LANGUAGE_CODE.sub("/*", m.group()) == pattern for m in _URL.finditer(target))

    def whole(self, base: int, text: str, message: str) -> Finding:
        """A finding on the whole (stripped) text: what is missing has no place in it."""
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return self.finding(base + start, base + end, message)
