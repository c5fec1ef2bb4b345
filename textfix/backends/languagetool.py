"""LanguageTool, through language-tool-python, against a server the user names.

language-tool-python's `Match` corrects offsets for astral characters with a class-level
cache that is not thread-safe and leaves lengths in UTF-16 units, so this backend reads the
raw matches through the library's query and maps UTF-16 offsets itself. Results are cached
per paragraph on disk; a run over unchanged text makes no request at all (the library's
client, which asks the server for its languages, is built only on a cache miss).

A server's answer is checked, never trusted: every span must lie inside the paragraph sent
and every field have its type, or the answer is a server error and no finding (and so no
fix) comes from it. Every request, the languages query included, has one deadline for the
whole answer: the library's timeout bounds each wait for a byte, not the answer.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, TypeGuard, TypeVar

from textfix.backends import GrammarError, Paragraph, paragraphs
from textfix.backends.curation import (
    LANGUAGETOOL_KEYS,
    NO_CURATION,
    Curation,
    article_misread,
    default_path,
    load_curation,
)
from textfix.backends.spelling_filter import DocumentFilter, SpellingFilter
from textfix.cache import cache_dir as user_cache_dir
from textfix.documents import Document
from textfix.model import Applicability, Edit, Finding, Fix, Severity
from textfix.names_registry import NAME_WORD
from textfix.rule import base_language

if TYPE_CHECKING:
    from language_tool_python import LanguageTool

SEVERITY = {
    "TYPOS": Severity.WARNING,
    "GRAMMAR": Severity.WARNING,
    "CONFUSED_WORDS": Severity.WARNING,
    "PUNCTUATION": Severity.WARNING,
    "CASING": Severity.WARNING,
    "COMPOUNDING": Severity.WARNING,
}
MAX_SUGGESTIONS = 5
# The server's own limit is set by its configuration (maxTextLength); stay well below it.
PARAGRAPH_LIMIT = 20_000
# How often a request's waiter looks whether another request has ended the pass.
POLL_SECONDS = 0.05
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")

T = TypeVar("T")
D = TypeVar("D")


class RawMatch(TypedDict):
    """One match as `read_matches` gives it and the cache keeps it: a span in code points."""

    start: int
    end: int
    rule: str
    category: str
    message: str
    replacements: list[str]


# LanguageTool's English spell checkers (MORFOLOGIK_RULE_EN_US, ..._EN_GB, ...): the rules
# whose findings call a word misspelt. Other languages' spellers are left alone: the probable-name
# rule reads a capital inside a sentence as a name, which in German is every noun.
SPELLING_RULE_PREFIX = "MORFOLOGIK_RULE_EN"
# How LanguageTool's English speller says a word is right in another variant: "‘colour’ is
# British English."
_PRONOUNS = frozenset({"he", "she", "it", "i", "we", "you", "they", "this", "that"})
_PREVIOUS_WORD = re.compile(r"([\w'’-]+)\W*$")
_OTHER_VARIANT = re.compile(r"is (?:British|American|Australian|Canadian|New Zealand|South African) English")

# The languages LanguageTool 6 checks (base codes), and the variants it names: text in
# another language is not sent (a server refuses an unknown code, and that ends the pass).
LANGUAGES = frozenset(
    "ar ast be br ca da de el en eo es fa fr ga gl it ja km nl pl pt ro ru sk sl sv ta tl uk zh crh".split()
)
_VARIANTS = frozenset("de-DE de-AT de-CH pt-PT pt-BR pt-AO pt-MZ ca-ES nl-BE".lower().split())
# Its spell checker needs a country for these; the bare code checks grammar only.
_DEFAULT_VARIANT = {"de": "de-DE", "pt": "pt-PT"}
# In other languages than English no rule has been measured one by one as the English rules
# were (rules/grammar/languagetool.yaml): only the grammar and spelling categories run,
# whose findings are the language's own, and a spelling complaint about a word frequent in
# the language (wordfreq) or a name the document knows is dropped.
OTHER_LANGUAGE_CATEGORIES = ("GRAMMAR", "TYPOS")


def request_language(lang: str | None) -> str | None:
    """The language to ask LanguageTool for, for text in `lang`: None for English or text of
    no known language (the backend's own variant is used), else a code the server knows.

    >>> [request_language(x) for x in (None, "en-GB", "fr", "pt_BR", "de", "es_AR", "zh_Hans")]
    [None, None, 'fr', 'pt-BR', 'de-DE', 'es', 'zh']
    """
    if not lang or base_language(lang) == "en":
        return None
    code = lang.replace("_", "-")
    base = base_language(code)
    if code.lower() in _VARIANTS:
        return "-".join([code.split("-")[0].lower(), code.split("-")[1].upper()])
    return _DEFAULT_VARIANT.get(base, base)


def curation(path: Path | None = None) -> Curation:
    """textfix's defaults for LanguageTool (rules/grammar/languagetool.yaml): the rules and
    categories turned off, the rules whose first suggestion is safe, and whether spelling
    complaints about probable names are dropped."""
    return load_curation(path or default_path("languagetool"), LANGUAGETOOL_KEYS)


def misfire(rule: str, text: str, start: int, end: int) -> bool:
    """Whether a match of `rule` at `text[start:end]` is one of the readings that rule gets wrong
    in edited prose (measured with bench/precision.py; each is kept under --strict):

    - HE_VERB_AGR after a name: a team, band or company takes a plural verb in British English
      ("Italy continue", "Queen are").
    - EN_A_VS_AN where `curation.article_misread` says so ("an $11bn", "England A").

    >>> misfire("HE_VERB_AGR", "Liverpool travel to Burnley", 10, 16), misfire("HE_VERB_AGR", "He travel", 3, 9)
    (True, False)
    """
    if rule == "HE_VERB_AGR":
        previous = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
        word = previous.group(1) if previous else ""
        return word[:1].isupper() and word.casefold() not in _PRONOUNS
    if rule == "EN_A_VS_AN":
        return article_misread(text, start, end)
    return False


class ResultCache:
    """Raw matches per paragraph, in SQLite, shared safely by threads and processes.

    A cache only saves requests: one that cannot be read or written (a read-only folder, a
    damaged or locked database) is switched off for the rest of the run, never an error.
    """

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            try:
                ignore.write_text("# Made by textfix: its cache is not part of the project.\n*\n", encoding="utf-8")
            except OSError:
                pass  # only a convenience, as in ruff's cache folder
        self.path = folder / "languagetool.sqlite"
        self.local = threading.local()
        self.broken = False
        # Opened and closed here: a connection kept open would be inherited by forked workers.
        db = self.open()
        try:
            db.execute("CREATE TABLE IF NOT EXISTS matches (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("INSERT OR REPLACE INTO matches VALUES ('', '')")  # fails now if it cannot be written
        finally:
            db.close()

    @classmethod
    def first_usable(cls, folders: list[Path]) -> ResultCache | None:
        for folder in folders:
            try:
                return cls(folder)
            except (OSError, sqlite3.Error):
                continue
        return None

    def open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a lost cache entry costs one request, not data
        except sqlite3.Error:
            db.close()
            raise
        return db

    def connect(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self.local, "db", None)
        if db is None:
            db = self.local.db = self.open()
        return db

    def get(self, key: str) -> object:
        """The stored value, unchecked; None if there is none."""
        if self.broken:
            return None
        try:
            row = self.connect().execute("SELECT value FROM matches WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None
        except (OSError, sqlite3.Error, ValueError):
            self.broken = True
            return None

    def put(self, key: str, value: list[RawMatch]) -> None:
        if self.broken:
            return
        try:
            self.connect().execute("INSERT OR REPLACE INTO matches VALUES (?, ?)", (key, json.dumps(value)))
        except (OSError, sqlite3.Error):
            self.broken = True


def cache_folders(preferred: Path | None) -> list[Path]:
    """Where the result cache may go, best first: the folder asked for (the project's
    `.textfix_cache`), then the user cache folder, as ruff does with its cache."""
    fallback = user_cache_dir() / "languagetool"
    return [preferred, fallback] if preferred is not None else [fallback]


def read_matches(answer: object, text: str) -> list[RawMatch]:
    """The matches of a /v2/check answer for `text`, with spans in code points of `text`.

    Raises ValueError saying what is wrong when the answer is not one LanguageTool could
    have given for this text: a span outside it or inside a character, or a field of the
    wrong type. A match's optional fields may be missing, never of another type.
    """
    if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
        raise ValueError(f"no list of matches in {_excerpt(answer)}")
    index = Utf16Index(text)
    matches: list[RawMatch] = []
    for number, match in enumerate(answer["matches"], 1):
        where = f"match {number}"
        if not isinstance(match, dict):
            raise ValueError(f"{where} is {_excerpt(match)}, not an object")
        offset, length = match.get("offset"), match.get("length")
        if not (_count(offset) and _count(length)):
            raise ValueError(
                f"{where}: offset {_excerpt(offset)} and length {_excerpt(length)} are not both whole numbers"
            )
        start, end = index.at(offset), index.at(offset + length)
        if start is None or end is None:
            raise ValueError(
                f"{where}: offset {offset} and length {length} do not mark a span of the {index.units}-unit text sent"
            )
        rule = _field(match, "rule", dict, {}, where)
        category = _field(rule, "category", dict, {}, f"{where}'s rule")
        replacements = _field(match, "replacements", list, [], where)
        values = [
            _field(r, "value", str, None, f"{where}'s replacement") if isinstance(r, dict) else None
            for r in replacements
        ]
        strings = [value for value in values if value is not None]
        if len(strings) < len(values):
            raise ValueError(f"{where}: a replacement is not an object with a string value")
        matches.append(
            {
                "start": start,
                "end": end,
                "rule": _field(rule, "id", str, "UNKNOWN", f"{where}'s rule"),
                "category": _field(category, "id", str, "", f"{where}'s category"),
                "message": _field(match, "message", str, "", where),
                "replacements": strings[:MAX_SUGGESTIONS],
            }
        )
    return matches


class Utf16Index:
    """Maps UTF-16 code unit offsets of `text` (LanguageTool's) to code point offsets."""

    def __init__(self, text: str) -> None:
        astral = sum(1 for c in text if ord(c) > 0xFFFF) if not text.isascii() else 0
        self.units = len(text) + astral
        # Where each character starts, in units; only needed when some take two units.
        self.starts = (
            list(itertools.accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0)) if astral else None
        )

    def at(self, units: int) -> int | None:
        """The code point offset `units` reaches; None past the end or inside a character."""
        if not 0 <= units <= self.units:
            return None
        if self.starts is None:
            return units
        index = bisect.bisect_left(self.starts, units)
        return index if self.starts[index] == units else None


def _count(value: object) -> TypeGuard[int]:
    return type(value) is int and value >= 0  # bool is an int, and no offset


_KIND_NAMES: dict[type, str] = {str: "text", dict: "an object", list: "an array"}


def _field(obj: dict[str, object], key: str, kind: type[T], default: D, where: str) -> T | D:
    if key not in obj:
        return default
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, str) and _LONE_SURROGATE.search(value)):
        raise ValueError(f"{where}: {key!r} is {_excerpt(value)}, not {_KIND_NAMES[kind]}")
    return value


def _excerpt(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."


def _valid_cached(matches: object, length: int) -> TypeGuard[list[RawMatch]]:
    """Whether a cache entry has the shape `read_matches` gives, inside a text of `length`."""
    return isinstance(matches, list) and all(
        isinstance(m, dict)
        and _count(m.get("start"))
        and _count(m.get("end"))
        and m["start"] <= m["end"] <= length
        and all(isinstance(m.get(key), str) for key in ("rule", "category", "message"))
        and isinstance(m.get("replacements"), list)
        and all(isinstance(r, str) for r in m["replacements"])
        for m in matches
    )


def _dropped_in(language: str, spelling_filter: DocumentFilter, text: str, match: RawMatch) -> bool:
    """Whether the gate drops a match in text of a language other than English: a name the
    document knows, or a spelling complaint about words frequent in the language."""
    start, end = match["start"], match["end"]
    if spelling_filter.dropped(text, start, end, spelling=False) is not None:
        return True
    if match["category"] != "TYPOS":
        return False
    from textfix.lexicon import KNOWN_ZIPF, zipf

    words = NAME_WORD.findall(text[start:end])
    return bool(words) and all(zipf(word, base_language(language)) >= KNOWN_ZIPF for word in words)


class LanguageToolBackend:
    name = "languagetool"

    def __init__(
        self,
        url: str | None = None,
        language: str = "en-US",
        curated: bool = True,
        local_server: bool = False,
        cache_dir: Path | None = Path(".textfix_cache"),
        timeout: float = 60,
        workers: int = 2,
        skip_names: bool | None = None,
        gate: bool = True,
        any_variant: bool = False,
        **_ignored: object,
    ) -> None:
        if not url and not local_server:
            raise GrammarError(
                "no LanguageTool server running or given: start one with `textfix languagetool start`, "
                "or pass --lt-url URL (or set TEXTFIX_LT_URL)"
            )
        self.url = url.rstrip("/") if url else None
        self.local_server = local_server
        self.language = language
        # No variant named by the user: `language` is only what the speller needs, and another
        # variant's spelling ("colour" under en-US) is right.
        self.any_variant = any_variant
        self.settings = curation() if curated else NO_CURATION
        self.safe_rules = self.settings.safe_rules
        self.skip_names = self.settings.skip_names if skip_names is None else skip_names
        # With the gate off (--strict) every match stands, as LanguageTool reports it.
        self.spelling_filter = (
            SpellingFilter(self.settings.words, self.skip_names, self.settings.lexicon) if gate else None
        )
        # No cache only when asked (--no-cache); a folder that cannot hold one falls back to
        # the user cache folder, then to none: a cache never fails a run.
        self.cache = ResultCache.first_usable(cache_folders(Path(cache_dir))) if cache_dir else None
        self.timeout = timeout
        self.workers = max(1, workers)
        self.requests = 0
        self._tool: LanguageTool | None = None
        self._tool_lock = threading.Lock()
        self.failure: str | None = None  # set by the first request that fails: the pass ends
        identity = [
            self.url or "local",
            language,
            sorted(self.settings.disabled_rules),
            sorted(self.settings.disabled_categories),
            sorted(self.settings.enabled_only),
        ]
        self.cache_prefix = json.dumps(identity)

    # --- talking to the server -------------------------------------------------------------

    def tool(self) -> LanguageTool:
        with self._tool_lock:
            if self._tool is None:
                import language_tool_python

                if self.local_server:
                    # Starting a server of its own (and downloading it) may take minutes.
                    tool = self.ask(lambda: language_tool_python.LanguageTool(self.language), deadline=False)
                else:
                    # Building the client asks the server for its languages: a request like any other.
                    tool = self.ask(lambda: language_tool_python.LanguageTool(self.language, remote_server=self.url))
                # The library's timeout bounds each wait for a byte; `ask` bounds the whole answer
                # and says so. Theirs only ends the request `ask` has given up on.
                # (The library annotates this attribute with its default's type, Literal[300].)
                tool._TIMEOUT = 2 * self.timeout  # type: ignore[assignment]
                tool.disabled_rules = set(self.settings.disabled_rules)
                tool.disabled_categories = set(self.settings.disabled_categories)
                if self.settings.enabled_only:  # the server runs these rules and no other
                    tool.enabled_rules = set(self.settings.enabled_only)
                    tool.enabled_rules_only = True
                self._tool = tool
            return self._tool

    def error(self, exc: Exception, what: str = "did not answer") -> GrammarError:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        where = f"LanguageTool server at {self.url}" if self.url else "the local LanguageTool server"
        remedy = (
            "start one with `textfix languagetool start`"
            if what == "did not answer"
            else "check that --lt-url names a LanguageTool server"
        )
        return GrammarError(f"{where} {what} ({reason}); {remedy}, or use --grammar harper or --grammar off")

    def ask(self, call: Callable[[], T], deadline: bool = True) -> T:
        """`call()`'s result, a call into the library that talks to the server; a GrammarError
        if it fails, if `timeout` seconds pass first, or once another request has ended the pass.

        The call runs in a daemon thread: one left waiting on a silent server holds nothing
        (not even the interpreter's exit) and ends with its socket's timeout.
        """
        from language_tool_python.exceptions import LanguageToolError

        value: list[T] = []  # what call() returned, once it has
        error: list[BaseException] = []  # or what it raised
        done = threading.Event()

        def run() -> None:
            try:
                value.append(call())
            except BaseException as exc:
                error.append(exc)
            finally:
                done.set()

        threading.Thread(target=run, name="textfix-languagetool", daemon=True).start()
        end = time.monotonic() + self.timeout if deadline else float("inf")
        while not done.wait(max(0.0, min(POLL_SECONDS, end - time.monotonic()))):
            if self.failure:
                raise GrammarError(self.failure)
            if time.monotonic() >= end:
                raise self.error(TimeoutError(f"no complete answer within {self.timeout:g} s"))
        if not error:
            return value[0]
        exc = error[0]
        if isinstance(exc, (LanguageToolError, ValueError, OSError)):  # ValueError: an unknown language
            raise self.error(exc) from None
        if isinstance(exc, Exception):  # the library tripped over what the server sent
            raise self.error(ValueError(f"{type(exc).__name__}: {exc}"), "gave an invalid answer") from None
        raise exc

    def speaks(self, lang: str | None) -> bool:
        """Whether text in `lang` is checked: English and the other languages LanguageTool knows."""
        return not lang or base_language(lang) in LANGUAGES

    def query(self, text: str, language: str | None = None) -> list[RawMatch]:
        """Raw matches for one paragraph: offsets and lengths in code points of `text`; in
        `language` (`request_language`) when given, else in the backend's own."""
        tool = self.tool()
        params = tool._create_params(text)
        if language is not None and self.settings.enabled_only:  # the chosen rules are English ones
            for key in ("enabledRules", "disabledRules", "disabledCategories", "preferredVariants"):
                params.pop(key, None)
            params.update(language=language, enabledOnly="true", enabledCategories=",".join(OTHER_LANGUAGE_CATEGORIES))
        answer = self.ask(lambda: tool._query_server(tool._url + "check", params, num_tries=1, method="post"))
        self.requests += 1
        try:
            return read_matches(answer, text)
        except ValueError as exc:
            raise self.error(exc, "gave an invalid answer") from None

    def key(self, paragraph: Paragraph, language: str | None = None) -> str:
        prefix = self.cache_prefix if language is None else f"{self.cache_prefix}\0{language}"
        return hashlib.sha256(f"{prefix}\0{paragraph.text}".encode()).hexdigest()

    def raw_matches(self, paragraph: Paragraph, language: str | None = None) -> list[RawMatch]:
        if self.failure:
            raise GrammarError(self.failure)
        key = self.key(paragraph, language)
        if self.cache is not None:
            cached = self.cache.get(key)
            if _valid_cached(cached, len(paragraph.text)):  # a damaged entry is asked again
                return cached
        try:
            matches = self.query(paragraph.text, language)
        except GrammarError as exc:
            self.failure = self.failure or str(exc)  # one failure ends the grammar pass: never wait again
            raise
        if self.cache is not None:
            self.cache.put(key, matches)
        return matches

    # --- findings ---------------------------------------------------------------------------

    def check(self, doc: Document) -> list[Finding]:
        if self.failure:
            raise GrammarError(self.failure)
        if not self.speaks(doc.lang):
            return []
        language = request_language(doc.lang)
        pieces = list(paragraphs(doc.text, PARAGRAPH_LIMIT))
        pool = ThreadPoolExecutor(self.workers)
        try:
            futures = [pool.submit(self.raw_matches, piece, language) for piece in pieces]
            wait(futures, return_when=FIRST_EXCEPTION)
            results = [future.result() for future in futures]
        except BaseException as exc:
            if not isinstance(exc, GrammarError):  # Ctrl-C (or a crash): requests in flight must not hold the exit
                self.failure = self.failure or "the grammar pass was interrupted"
            raise
        finally:
            # After a failure the requests still in flight see it and stop within POLL_SECONDS;
            # those not started never start.
            pool.shutdown(wait=True, cancel_futures=True)
        spelling_filter = self.spelling_filter.for_document(doc) if self.spelling_filter else None
        findings: list[Finding] = []
        for paragraph, matches in zip(pieces, results, strict=False):
            for match in matches:
                if spelling_filter is None or not self.gated(language, spelling_filter, paragraph.text, match):
                    findings.append(self.finding(paragraph, match))
        return findings

    def gated(self, language: str | None, spelling_filter: DocumentFilter, text: str, match: RawMatch) -> bool:
        """Whether the gate drops `match`, in text of the backend's language (None) or another."""
        if language is None:
            return self.dropped(spelling_filter, text, match)
        return _dropped_in(language, spelling_filter, text, match)

    def dropped(self, spelling_filter: DocumentFilter, text: str, match: RawMatch) -> bool:
        """Whether the spelling gate (or a rule's known misreading, `misfire`) drops `match`. A
        spelling of another variant is right when no variant is named, and stands whatever the
        gate says when one is."""
        if misfire(match["rule"], text, match["start"], match["end"]):
            return True
        spelling = match["rule"].startswith(SPELLING_RULE_PREFIX)
        if spelling and _OTHER_VARIANT.search(match["message"]):
            return self.any_variant
        suggestion = match["replacements"][0] if match["replacements"] else None
        return (
            spelling_filter.dropped(text, match["start"], match["end"], spelling=spelling, suggestion=suggestion)
            is not None
        )

    def finding(self, paragraph: Paragraph, match: RawMatch) -> Finding:
        start, end = paragraph.start + match["start"], paragraph.start + match["end"]
        replacements = match["replacements"]
        fixes: tuple[Fix, ...]
        if match["rule"] in self.safe_rules and replacements:
            fixes = (Fix((Edit(start, end, replacements[0]),), Applicability.SAFE, "LanguageTool"),)
        else:
            fixes = tuple(Fix((Edit(start, end, r),), Applicability.UNSAFE, "LanguageTool") for r in replacements)
        return Finding(
            rule_id=f"lt/{match['rule']}",
            start=start,
            end=end,
            message=match["message"],
            severity=SEVERITY.get(match["category"], Severity.INFO),
            fixes=fixes,
            source="languagetool",
        )
