"""Names in a translation checked against the names in its source, across scripts.

A name in the source is either one the name table knows in the source's script ("Путина",
"爱因斯坦", "ΑΠΕ-ΜΠΕ": the table gives its accepted forms in Latin script, with the names
registry's), or a capitalised Latin word that is no common word ("Tõnisson"): the target
should write it as the source does, with or without its diacritics. Where the target holds
none of the accepted forms, a word of it one slip from an accepted form ("Tynisson",
"Putina", "Jingping") is reported with that form as an unsafe fix; for an acronym
("ΑΠΕ-ΜΠΕ"), an unknown acronym of the same shape ("RES-EMP").

Transliterating an unknown name from another script would only guess: "Zelenskyi",
"Zelensky" and "Zelenskyy" are all in use. Such names are checked only through the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import regex
from anyascii import anyascii
from rapidfuzz.distance import OSA

from textfix.datafiles import load_yaml
from textfix.documents import Document
from textfix.kinds import BaseKind
from textfix.model import Applicability, Finding
from textfix.namefinder import normalize
from textfix.names_registry import load_registry
from textfix.rule import Rule, RuleError, base_language

TABLE_KEYS = {"name", "accepted", "wrong", "forms", "source"}
LATIN_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{Latin}[\p{Latin}\p{M}]*(?:['’-]\p{Latin}[\p{Latin}\p{M}]*)*")
SOURCE_NAME = regex.compile(r"(?<![\p{L}\p{M}\p{N}_%(])\p{Lu}\p{Ll}[\p{Latin}\p{M}]+(?![\p{L}\p{M}\p{N}_])")
ACRONYM = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}{2,}(?:-\p{Lu}{2,})*(?![\p{L}\p{N}])")
# What ends a sentence or opens a quotation: a capital after it says nothing of a name.
OPENERS = set(".!?:;\"“”„«»‘’'([{*•–—-…") | {""}
# Target languages that put case endings on foreign names ("Tõnissoni", "Putina"); in the
# others another form of a name is a slip.
INFLECTING = {
    "et",
    "fi",
    "hu",
    "pl",
    "cs",
    "sk",
    "sl",
    "hr",
    "sr",
    "sh",
    "bs",
    "lt",
    "lv",
    "tr",
    "az",
    "uz",
    "kk",
    "eu",
    "is",
    "ro",
    "sq",
    "hsb",
    "dsb",
    "ga",
    "cy",
    "br",
    "lb",
    "de",
    "da",
    "sv",
    "nb",
    "nn",
    "no",
    "fy",
    "kab",
    "eo",
    "ia",
    "ka",
    "hy",
    "mn",
    "tk",
    "ky",
    "tt",
    "udm",
    "os",
}
# Target languages that write foreign names as they sound ("Đango", "Džango"): a name of
# the source in another form there is no slip.
TRANSCRIBING = {"lv", "lt", "sr", "sh", "bs", "uz", "az", "kk", "tk", "sq"}
# Words of nations and their languages: translated, not copied ("Gaelic": "gaélico").
DEMONYM_ENDINGS = ("ian", "ish", "ese", "ic")
# Endings English puts on names: "Putins", "Darwinian", "Putinism", "Thatcherite".
ENGLISH_ENDINGS = {"s", "es", "an", "ian", "ans", "ism", "ist", "ite", "ic", "esque", "ean", "ese"}
# Last words of the names of bodies that name none of them.
BODY_WORDS = {"agency", "news", "press", "presse", "presse-agentur", "service", "office", "group"}
CASED_SCRIPT = regex.compile(r"[\p{Cyrillic}\p{Greek}\p{Latin}]")


def fold(word: str) -> str:
    """A word as compared: ASCII letters in lower case ("Łódź" -> "lodz")."""
    return anyascii(word).lower()


def without_possessive(word: str) -> str:
    return regex.sub(r"['’]s?$", "", word)


@lru_cache(maxsize=1)
def word_lists() -> frozenset[str]:
    # Japanese, Chinese and Korean lists need a tokenizer of their own, and a Latin word in
    # such a text is a loanword that English's list knows as well.
    from wordfreq import available_languages  # imported when first needed: a tenth of a second

    return frozenset(available_languages()) - {"ja", "zh", "ko"}


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """How common a word is in the language's word list (English's where it has none)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang if lang in word_lists() else "en"))


@dataclass(frozen=True)
class Known:
    """A name of the table: its canonical Latin form, the other accepted ones and wrong ones."""

    name: str
    accepted: tuple[str, ...]
    wrong: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.accepted)


@dataclass(frozen=True)
class SourceName:
    text: str  # as the source writes it
    forms: tuple[str, ...]  # accepted in the target, canonical first
    wrong: tuple[str, ...] = ()
    acronym: bool = False
    generic: bool = False  # a capitalised word, not a name of the table: it may be a word


@lru_cache(maxsize=4)
def load_table(path: Path) -> tuple[dict[str, Known], regex.Pattern[str] | None]:
    """The name table: each form in another script -> its name; and one pattern finding them all."""
    raw: Any = load_yaml(path, lines=False)
    if not isinstance(raw, dict) or not isinstance(raw.get("names"), list):
        raise RuleError(f"{path}: a name table holds a mapping with a 'names' list")
    by_form: dict[str, Known] = {}
    for number, item in enumerate(raw["names"], 1):
        where = f"{path}: name {number}"
        if not isinstance(item, dict) or "name" not in item or not item.get("forms") or set(item) - TABLE_KEYS:
            raise RuleError(f"{where}: each name has 'name' and 'forms' and only the keys {sorted(TABLE_KEYS)}")
        name = str(item["name"])
        accepted, wrong = [str(f) for f in item.get("accepted") or ()], [str(f) for f in item.get("wrong") or ()]
        known = Known(name, tuple(dict.fromkeys(accepted)), tuple(dict.fromkeys(wrong)))
        for form in item["forms"]:
            if str(form) in by_form:
                raise RuleError(f"{where}: '{form}' is already a form of '{by_form[str(form)].name}'")
            by_form[str(form)] = known
    if not by_form:
        return by_form, None
    alternatives = []
    for form in sorted(by_form, key=len, reverse=True):
        if CASED_SCRIPT.search(form):  # whole words, with the case endings of Greek and Slavic names
            alternatives.append(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(form)}(?:\p{{Ll}}{{0,3}}(?![\p{{L}}\p{{M}}]))")
        else:  # Han, Kana, Hangul...: no spaces between words
            alternatives.append(regex.escape(form))
    return by_form, regex.compile("|".join(alternatives))


class SourceNamesKind(BaseKind):
    """`kind: source_names`: names of the source, in any script, in an accepted form in the target.

    Options (name, type, default: meaning):

    - table (str, required): the name table, relative to the rule file: per name its
      canonical Latin form (`name`), other accepted forms, wrong forms, and its `forms` in
      other scripts. A name the registry holds gets the registry's forms too.
    - registry (str, none): the names registry, relative to the rule file.
    - similarity (float, 0.75): a target word this close (optimal string alignment: a swap is one edit; letters
      folded to ASCII) to an accepted form, and not that form, is a slip of it.
    - anchored_similarity (float, 0.5): the same, for the word after the first word of a
      name of two or more ("John Dorn" for "John Donne").
    - common_zipf (float, 3.5): a capitalised Latin word of the source this frequent in
      English is a word, not a name.
    - word_zipf (float, 3.0): a target word this frequent in the target's language is never
      taken for a slip.

    Message fields: match, source, expected. Default fix: unsafe.
    """

    OPTIONS: ClassVar[dict[str, type | tuple[type, ...]]] = {
        "table": str,
        "registry": str,
        "similarity": (int, float),
        "anchored_similarity": (int, float),
        "common_zipf": (int, float),
        "word_zipf": (int, float),
    }
    REQUIRED: ClassVar[tuple[str, ...]] = ("table",)
    DEFAULT_FIX: ClassVar[Applicability | None] = Applicability.UNSAFE

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        base = rule.origin.parent
        registry = self.option("registry")
        self.table, self.forms = load_table((base / rule.options["table"]).resolve())
        self.registry_path = (base / registry).resolve() if registry else None
        self.with_registry: dict[Known, Known] = {}
        self.similarity = float(self.option("similarity", 0.75))
        self.anchored = float(self.option("anchored_similarity", 0.5))
        self.common = float(self.option("common_zipf", 3.5))
        self.word_zipf = float(self.option("word_zipf", 3.0))

    def check(self, doc: Document) -> Iterator[Finding]:
        for offset, segment in doc.segments or ():
            if segment.source:
                lang = base_language(segment.lang or doc.lang or "en").split("@")[0]  # "sr@latin"
                yield from self.check_segment(offset, segment.source, segment.text, lang)

    def check_segment(self, offset: int, source: str, target: str, lang: str) -> Iterator[Finding]:
        words = [(m.start(), m.group()) for m in LATIN_WORD.finditer(target)]
        if not words:
            return
        taken: set[int] = set()
        for name in self.source_names(source, lang):
            found = self.slip(name, source, target, words, lang, taken)
            if found is not None:
                start, match, expected = found
                taken.add(start)
                message = self.format_message(match=match, source=name.text, expected=expected)
                yield self.finding(
                    offset + start,
                    offset + start + len(match),
                    message,
                    self.replace(offset + start, offset + start + len(match), expected),
                )

    def registered(self, known: Known) -> Known:
        """`known` with the registry's spellings of the same name: read once a source names
        someone of the table (the registry takes a while to load)."""
        found = self.with_registry.get(known)
        if found is None:
            entry = None
            if self.registry_path is not None:
                entry = load_registry(self.registry_path).by_normal.get(normalize(known.name))
            found = known
            if entry is not None:
                accepted = (*known.accepted, *(f for f in (entry.name, *entry.accepted) if f != known.name))
                found = Known(
                    known.name, tuple(dict.fromkeys(accepted)), tuple(dict.fromkeys((*known.wrong, *entry.wrong)))
                )
            self.with_registry[known] = found
        return found

    def source_names(self, source: str, lang: str) -> Iterator[SourceName]:
        seen: set[str] = set()
        if self.forms is not None:
            for match in self.forms.finditer(source):
                form = match.group()
                # A Greek or Slavic form may carry a case ending: the longest table form it opens with.
                known = self.table.get(form) or self.table[max((f for f in self.table if form.startswith(f)), key=len)]
                known = self.registered(known)
                if known.name not in seen:
                    seen.add(known.name)
                    yield SourceName(form, known.forms, known.wrong, bool(ACRONYM.fullmatch(form)))
        if lang in TRANSCRIBING or _title_case(source):
            return
        for match in SOURCE_NAME.finditer(source):
            word = match.group()
            before = source[: match.start()].rstrip()
            if before[-1:] in OPENERS or word in seen or word.endswith(DEMONYM_ENDINGS):
                continue
            seen.add(word)
            plain = anyascii(word)
            yield SourceName(word, (word, plain) if plain != word else (word,), generic=True)

    def slip(
        self, name: SourceName, source: str, target: str, words: list[tuple[int, str]], lang: str, taken: set[int]
    ) -> tuple[int, str, str] | None:
        """The target word that misspells `name` (where it starts, the word, the right form),
        or None where the target writes the name in an accepted form or not at all."""
        folded_target = " ".join(fold(w) for _, w in words)
        # A name of two words or more written whole is there; a short form ("Xi") may sit
        # beside a slip ("Xi Jingping"): the words are weighed below.
        if any(" " in form and f" {fold(form)} " in f" {folded_target} " for form in name.forms):
            return None
        keys: dict[str, str] = {}  # the last word of each accepted form, folded -> as written
        for form in name.forms:
            last = form.split()[-1]
            if fold(last) not in BODY_WORDS:
                keys.setdefault(fold(last), last)
        inflects = lang in INFLECTING
        plains = {fold(without_possessive(w)) for _, w in words}
        # A key the target writes (with a case ending where the language has them) is there;
        # the target's slips are of the others ("Xi Jingping": "Xi" is there, "Jinping" not).
        keys = {
            key: written
            for key, written in keys.items()
            if key not in plains and not (inflects and any(_inflected(p, key) for p in plains))
        }
        for wrong in name.wrong:
            at = target.find(wrong)
            if at >= 0:
                return at, wrong, name.forms[0]
        source_words = {fold(w) for w in LATIN_WORD.findall(source)}
        accepted = {fold(word) for form in name.forms for word in form.split()}
        firsts = {fold(form.split()[0]): form for form in name.forms if " " in form}
        best: tuple[int, int, str, str] | None = None  # fewest edits; on a tie the canonical form
        previous = ""
        for start, word in words:
            word = without_possessive(word)
            plain, after, previous = fold(word), previous, fold(word)
            if start in taken or not word[:1].isupper() or len(plain) < 4 or plain in source_words or plain in accepted:
                continue
            bar = self.anchored if after in firsts else self.similarity
            for key, written in keys.items():
                close = OSA.normalized_similarity(plain, key) >= bar
                if close or (not inflects and _case_ending(plain, key)):
                    edits = OSA.distance(plain, key)
                    # A word of the target language is no slip; its word list is read
                    # only now, for the few words close to a name.
                    if (best is None or edits < best[0]) and zipf(word.lower(), lang) < self.word_zipf:
                        best = (edits, start, word, written)
        # Whether a capitalised word of the source is a common word (English, the language of
        # most sources and of loanwords) is asked last: word lists take long to read.
        if best is not None and not (name.generic and zipf(name.text.lower(), "en") >= self.common):
            return best[1], best[2], best[3]
        if name.acronym:
            return _acronym_slip(name, target, source, taken)
        return None


def _title_case(text: str) -> bool:
    """A title or a label ("Back to Documentation"): every longer word has a capital, which
    then says nothing of names."""
    words = [w for w in LATIN_WORD.findall(text) if len(w) >= 4]
    return all(w[0].isupper() for w in words)


def _inflected(word: str, key: str) -> bool:
    """ "tonissoni" of "tonisson": the name with a case ending (its last letter may change)."""
    vowels = "aeiouy"
    stem = key[:-1] if len(key) > 4 and key[-1] in vowels else key  # "Kafka": "Kafky"
    ending = word[len(stem) :]
    # After a stem cut short, an ending opens with a vowel: "Djanggo" is a slip, not a case.
    return word.startswith(stem) and len(ending) <= 4 and (stem == key or ending[:1] in vowels)


def _case_ending(word: str, key: str) -> bool:
    """ "putinym" of "putin": a name with a case ending kept, where the target language adds none."""
    ending = word[len(key) :]
    return word.startswith(key) and 0 < len(ending) <= 3 and ending not in ENGLISH_ENDINGS


def _acronym_slip(name: SourceName, target: str, source: str, taken: set[int]) -> tuple[int, str, str] | None:
    """An unknown acronym of the target shaped as the expected one ("RES-EMP" for "ANA-MPA")."""
    expected = next((f for f in name.forms if ACRONYM.fullmatch(f)), None)
    if expected is None:
        return None
    for match in ACRONYM.finditer(target):
        acronym = match.group()
        if (
            match.start() not in taken
            and acronym.count("-") == expected.count("-")
            and abs(len(acronym) - len(expected)) <= 2
            and acronym not in source
            and acronym not in name.forms
        ):
            return match.start(), acronym, expected
    return None
