"""One pass over a document finds where each rule could match; the rules then run
their own expressions only there.

Rules declare *triggers*: patterns that match on every line where the rule can match.
Hyperscan compiles all the triggers into one automaton that reads a document at memory
speed, where each rule's own regular expression would be tried at every position. Without
Hyperscan (a platform it does not support), for a small document, or where the scan cannot
be trusted or is not worth it, rules read the whole text: the same findings, only slower.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

from textfix import cache

if TYPE_CHECKING:
    import hyperscan as hs

# Once set up, the scan pays on a text of any length (a 1,000-character text is checked in
# 110 µs instead of 190); setting it up (importing Hyperscan, loading the automaton) takes
# about 10 ms, which pays once a process has read this many characters.
SET_UP_AFTER_CHARS = 100_000
# Characters scanned at a time (more, up to the next line break).
CHUNK_CHARS = 1 << 22
# A trigger hitting more than once per this many bytes (capitalised pairs in all-capitals
# text, accented lines in French) costs more to hear about than its rules' whole-text reading.
DENSE = 64


@dataclass(frozen=True)
class Trigger:
    """A pattern in Hyperscan's syntax (no look-around, no back-references) that matches on
    every line where the rule that declares it can match; that rule's matches never span lines."""

    pattern: str
    caseless: bool = False
    optional: bool = False  # one Hyperscan cannot read is dropped (its rule reads whole texts), not an error


Hits = list[int]  # code-point offsets where matches end


class Piece(NamedTuple):
    """Part of a scanned text: code points [base, end), and their UTF-8 encoding when the text
    was scanned whole (a text scanned in pieces is large: keeping a copy would double it)."""

    base: int
    end: int
    data: bytes | None
    ascii: bool  # byte offsets are code-point offsets

    def utf8(self, text: str) -> bytes:
        return self.data if self.data is not None else text[self.base : self.end].encode("utf-8")


# Characters whose case forms hold ASCII letters (ß, ſ, the Kelvin sign, ligatures such as ﬆ,
# dotted and dotless i...): a caseless ASCII trigger can miss a caseless match through them.
_FOLDING_TO_ASCII = (
    0xDF,
    0x130,
    0x131,
    0x149,
    0x17F,
    0x1F0,
    0x1E96,
    0x1E97,
    0x1E98,
    0x1E99,
    0x1E9A,
    0x1E9E,
    0x212A,
    0xFB00,
    0xFB01,
    0xFB02,
    0xFB03,
    0xFB04,
    0xFB05,
    0xFB06,
)


def _folds_to_ascii() -> Trigger:
    """The characters above, and those the installed regex module (whose Unicode tables can
    be newer than Python's) folds to several letters, some ASCII: U+1DF95 folds to "ss"."""
    codes = set(_FOLDING_TO_ASCII)
    try:
        from regex import _regex
        from regex._regex_core import FULLCASE, IGNORECASE, UNICODE

        folding = FULLCASE | IGNORECASE | UNICODE
        # The compiled module's private helpers, absent from its stubs: they are the only way to
        # read the folding table, and a regex module without them falls back below.
        expand = _regex.get_expand_on_folding()  # type: ignore[attr-defined]
        fold = _regex.fold_case  # type: ignore[attr-defined]
        codes |= {ord(c) for c in expand if any(f.isascii() for f in fold(folding, c))}
    except (ImportError, AttributeError):  # another regex module: the list above
        pass
    return Trigger("[" + "".join(f"\\x{{{code:x}}}" for code in sorted(codes)) + "]")


_FOLDS_TO_ASCII = _folds_to_ascii()


class ScanResult:
    """Where the shared scan found each trigger in one text: rules ask it where to look.

    A text that was not scanned (a small one, one without Hyperscan, one hit everywhere)
    has no hits, and a trigger left out of the scan (one that hit too often) has none
    either: the rules of such a trigger read the whole text.
    """

    def __init__(self, text: str, hits: dict[Trigger, Hits] | None = None, pieces: list[Piece] | None = None) -> None:
        self.text = text
        self._hits = hits
        self.pieces: list[Piece] = pieces or []  # the text's UTF-8 encoding, as scanned
        self._windows: dict[Trigger, list[tuple[int, int]]] = {}  # rules sharing a trigger share its lines

    @property
    def scanned(self) -> bool:
        return self._hits is not None

    def heard(self, trigger: Trigger) -> bool:
        """Whether the scan reports where `trigger` matched (else its rules read the whole text)."""
        return self._hits is not None and trigger in self._hits

    def hits(self, trigger: Trigger) -> Hits:
        """Where each match of a trigger that was `heard` ends, in order."""
        assert self._hits is not None
        return self._hits[trigger]

    def windows(self, trigger: Trigger | None) -> list[tuple[int, int]]:
        """Where to look for what `trigger` points to: the lines where it matched (see
        `line_windows`), or the whole text when there is no trigger or it was not heard."""
        if trigger is None or not self.heard(trigger):
            return [(0, len(self.text))]
        windows = self._windows.get(trigger)
        if windows is None:
            windows = self._windows[trigger] = line_windows(self.text, self.hits(trigger))
        return windows


class TriggerError(Exception):
    def __init__(self, trigger: Trigger, problem: str) -> None:
        super().__init__(problem)
        self.trigger, self.problem = trigger, problem


class Hyperscan(Protocol):
    """What the scanner uses of the hyperscan module, which is passed around once imported."""

    HS_FLAG_CASELESS: int
    HS_FLAG_UCP: int
    HS_FLAG_UTF8: int
    HS_MODE_BLOCK: int

    Database: type[hs.Database]
    Scratch: type[hs.Scratch]
    ScanTerminated: type[hs.ScanTerminated]
    error: type[hs.error]

    def dumpb(self, database: hs.Database) -> bytes: ...

    def loadb(self, buf: bytes, mode: int) -> hs.Database: ...


class _PerThread(threading.local):
    scratch: hs.Scratch | None = None  # Hyperscan's scratch space serves one scan at a time


def _hyperscan() -> Hyperscan | None:
    try:
        import hyperscan
    except ImportError:  # no wheel for this platform: rules scan whole texts
        return None
    return hyperscan


class Scanner:
    """Finds every trigger's matches in a text in one pass.

    Compiling the automaton takes tens of milliseconds per trigger, so it is compiled once
    per set of triggers and kept on disk; a run that finds it there neither compiles nor
    (until the process has read enough text) imports Hyperscan.
    """

    def __init__(self, triggers: list[Trigger]) -> None:
        # Hyperscan folds case one character to one, with old Unicode tables: a caseless
        # trigger is trusted only for ASCII, and not in a text holding a character that
        # folds to ASCII letters (then its rules read the whole text).
        self.triggers = [t for t in dict.fromkeys(triggers) if not t.caseless or t.pattern.isascii()]
        if any(t.caseless for t in self.triggers):
            self.triggers.append(_FOLDS_TO_ASCII)
        # Two installations of Hyperscan sharing a cache folder must not take each other's automaton.
        key = repr([(t.pattern, t.caseless, t.optional) for t in self.triggers]) + cache.installed("hyperscan")
        self.path = cache.entry("scanner", key)
        self._database: hs.Database | None = None
        self._read = 0  # characters of text this process has asked to scan
        self._planned: bool | None = None  # a run's decision (plan), else decided by _read
        self._setting_up = threading.Lock()
        self._threads = _PerThread()
        self._hyperscan: Hyperscan | None = None
        self._usable: list[int] = []  # indices of the triggers in the database
        self._failed = not self.triggers

    def prepare(self) -> None:
        """Make sure every trigger compiles (raises TriggerError for the first that does
        not, unless it is optional); cheap when an earlier run did it."""
        if self._failed or self.path.exists():
            return
        hyperscan = _hyperscan()
        if hyperscan is not None:
            self._compile(hyperscan)

    def plan(self, chars: int | None) -> None:
        """Decide for a whole run of `chars` characters whether texts are scanned, so that
        the decision does not hang on the order of the files (None: back to deciding by
        what this process has read so far)."""
        self._planned = None if chars is None else chars >= SET_UP_AFTER_CHARS

    def read(self, text: str, utf8: bytes | None = None) -> ScanResult:
        """The scan of a document's text, as its rules ask it; `utf8` as for `scan`."""
        pieces: list[Piece] = []
        hits = self.scan(text, pieces, utf8)
        return ScanResult(text, hits, pieces if hits is not None else None)

    def scan(
        self, text: str, pieces: list[Piece] | None = None, utf8: bytes | None = None
    ) -> dict[Trigger, Hits] | None:
        """Each trigger's matches, in order of end; None when the text is not scanned (rules
        then look everywhere). A trigger that hits too often to be worth hearing about is
        left out: its rules read the whole text. `pieces`, when given, receives the text's
        UTF-8 encoding as scanned, for rules that search bytes; `utf8` is that encoding when
        the caller has it (the bytes of a UTF-8 file), to save encoding the text again."""
        self._read += len(text)
        if self._planned is None:
            wanted = self._read >= SET_UP_AFTER_CHARS or self._database is not None
        else:
            wanted = self._planned
        if not wanted or not self._ready():
            return None
        if utf8 is not None and len(text) > CHUNK_CHARS:
            utf8 = None  # scanned in pieces, each encoded on its own
        lists: list[Hits] = [[] for _ in self._usable]
        dense: set[int] = set()
        # Triggers never span lines, so a long text is scanned in pieces that end at line
        # breaks: the encoded copy of the text then stays small.
        at = 0
        while at < len(text):
            stop = text.find("\n", at + CHUNK_CHARS)
            stop = len(text) if stop == -1 else stop + 1
            piece = text[at:stop] if at or stop < len(text) else text
            data = self._scan_piece(piece, at, lists, dense, utf8 if piece is text else None)
            if data is None:
                return None
            if pieces is not None:
                kept = data if piece is text and len(text) <= CHUNK_CHARS else None
                pieces.append(Piece(at, stop, kept, len(data) == len(piece)))
            at = stop
        hits = {self.triggers[i]: found for i, found in zip(self._usable, lists, strict=False) if i not in dense}
        if hits.pop(_FOLDS_TO_ASCII, None) or _FOLDS_TO_ASCII in (self.triggers[i] for i in dense):
            hits = {trigger: found for trigger, found in hits.items() if not trigger.caseless}
        return hits

    def _scan_piece(self, text: str, base: int, lists: list[Hits], dense: set[int], data: bytes | None) -> bytes | None:
        """Add the piece's hits to `lists` and the triggers that hit too often to `dense`;
        the piece's encoding, or None when it cannot be scanned, or hits everywhere."""
        try:
            data = text.encode("utf-8") if data is None else data
        except UnicodeEncodeError:  # lone surrogates: not valid UTF-8 for the automaton
            return None
        found: list[tuple[int, int]] = []  # (trigger, end)
        counts = [0] * len(self._usable)
        # One trigger's hits are worth hearing of up to one per DENSE bytes; all of them
        # together up to one per 4 bytes, past which the scan costs more than it saves.
        allowed, everywhere = len(data) // DENSE + 64, len(data) // 4 + 64

        heard = [0]

        def on_match(index: int, start: int, end: int, flags: int, context: object) -> bool:
            counts[index] += 1
            heard[0] += 1
            if counts[index] <= allowed:
                found.append((index, end))
            return heard[0] > everywhere

        database, hyperscan = self._database, self._hyperscan
        assert database is not None and hyperscan is not None  # set up by _ready
        try:
            database.scan(data, match_event_handler=on_match, scratch=self._threads.scratch)
        except hyperscan.ScanTerminated:  # hits everywhere: reading whole texts is cheaper
            return None
        dense.update(index for index, count in enumerate(counts) if count > allowed)
        found.sort(key=lambda hit: hit[1])
        if len(data) == len(text):  # ASCII: byte offsets are code-point offsets
            for index, end in found:
                lists[index].append(base + end)
        else:
            offsets = code_points(data, {end for _, end in found})
            for index, end in found:
                lists[index].append(base + offsets[end])
        return data

    def _ready(self) -> bool:
        if self._database is None and not self._failed:
            with self._setting_up:  # threads of a library caller may arrive together
                if self._database is None and not self._failed:
                    hyperscan = _hyperscan()
                    if hyperscan is not None and not self._load(hyperscan):
                        try:
                            self._compile(hyperscan)
                        except (TriggerError, hyperscan.error):  # one a newer Hyperscan rejects: whole texts
                            self._database = None
                    self._failed = self._database is None
        if self._database is not None and self._threads.scratch is None:
            hyperscan = _hyperscan()
            assert hyperscan is not None  # the database was made with it
            self._hyperscan = hyperscan
            self._threads.scratch = hyperscan.Scratch(self._database)
        return self._database is not None

    def _load(self, hyperscan: Hyperscan) -> bool:
        try:
            version, usable, data = pickle.loads(self.path.read_bytes())
            if version != hyperscan.__version__:  # type: ignore[attr-defined]  # set at run time, not in its stubs
                return False
            database = hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK)
        except Exception:  # missing or damaged: compiled again
            return False
        self._usable = usable  # before the database: other threads start scanning once it is set
        self._database = database
        return True

    def _compile(self, hyperscan: Hyperscan) -> None:
        try:
            self._usable = list(range(len(self.triggers)))
            self._database = compile_triggers(hyperscan, self.triggers)
        except hyperscan.error:
            self._usable = []
            for index, trigger in enumerate(self.triggers):
                try:
                    compile_triggers(hyperscan, [trigger])
                except hyperscan.error as exc:
                    if not trigger.optional:
                        raise TriggerError(trigger, str(exc)) from None
                    continue
                self._usable.append(index)
            if not self._usable:
                return
            try:
                self._database = compile_triggers(hyperscan, [self.triggers[i] for i in self._usable])
            except hyperscan.error:  # each compiles alone but not together: rules read whole texts
                self._usable = []
                return
        version = hyperscan.__version__  # type: ignore[attr-defined]  # set at run time, not in its stubs
        cache.write_pickle(self.path, (version, self._usable, hyperscan.dumpb(self._database)))


def _flags(hyperscan: Hyperscan, trigger: Trigger) -> int:
    flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
    if trigger.caseless:
        flags |= hyperscan.HS_FLAG_CASELESS
    return flags


def compile_triggers(hyperscan: Hyperscan, triggers: list[Trigger]) -> hs.Database:
    database = hyperscan.Database()
    database.compile(
        expressions=[t.pattern.encode("utf-8") for t in triggers],
        ids=list(range(len(triggers))),
        elements=len(triggers),
        flags=[_flags(hyperscan, t) for t in triggers],
    )
    return database


def code_points(data: bytes, wanted: Iterable[int]) -> dict[int, int]:
    """Byte offset -> code-point offset in UTF-8 `data`, for each offset in `wanted`."""
    mapping: dict[int, int] = {}
    byte_at, char_at = 0, 0
    for offset in sorted(wanted):
        char_at += len(data[byte_at:offset].decode("utf-8"))
        byte_at, mapping[offset] = offset, char_at
    return mapping


def line_windows(text: str, hits: Hits) -> list[tuple[int, int]]:
    """The lines holding the hits, merged, each with its line break: where a rule whose
    trigger hit must look again with its own expression."""
    windows: list[tuple[int, int]] = []
    for end in hits:
        if windows and end <= windows[-1][1]:
            continue
        at = max(end - 1, 0)
        start = text.rfind("\n", 0, at) + 1
        stop = text.find("\n", at)
        stop = len(text) if stop == -1 else stop + 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], stop)
        else:
            windows.append((start, stop))
    return windows
