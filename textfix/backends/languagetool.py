"""LanguageTool, through language-tool-python, against a server the user names.

language-tool-python's `Match` corrects offsets for astral characters with a class-level
cache that is not thread-safe and leaves lengths in UTF-16 units, so this backend reads the
raw matches through the library's query and maps UTF-16 offsets itself. Results are cached
per paragraph on disk; a run over unchanged text makes no request at all (the library's
client, which asks the server for its languages, is built only on a cache miss).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from textfix.backends import GrammarError, Paragraph, paragraphs, utf16_to_index
from textfix.documents import Document
from textfix.model import Applicability, Edit, Finding, Fix, Severity
from textfix.ruleset import default_rules_dir, load_yaml, strip_lines

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


def curation(path: Path | None = None) -> dict:
    data = strip_lines(load_yaml(path or default_rules_dir() / "grammar" / "languagetool.yaml"))
    return {key: list(data.get(key) or []) for key in ("disabled_rules", "disabled_categories", "safe_rules")}


class ResultCache:
    """Raw matches per paragraph, in SQLite, shared safely by threads and processes."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "languagetool.sqlite"
        self.local = threading.local()
        with self.connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS matches (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def connect(self) -> sqlite3.Connection:
        db = getattr(self.local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a lost cache entry costs one request, not data
            self.local.db = db
        return db

    def get(self, key: str):
        row = self.connect().execute("SELECT value FROM matches WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value) -> None:
        self.connect().execute("INSERT OR REPLACE INTO matches VALUES (?, ?)", (key, json.dumps(value)))


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
        **_ignored,
    ) -> None:
        if not url and not local_server:
            raise GrammarError("no LanguageTool server given: pass --lt-url URL (or set TEXTFIX_LT_URL)")
        self.url = url.rstrip("/") if url else None
        self.local_server = local_server
        self.language = language
        self.settings = curation() if curated else {"disabled_rules": [], "disabled_categories": [], "safe_rules": []}
        self.safe_rules = set(self.settings["safe_rules"])
        self.cache = ResultCache(Path(cache_dir)) if cache_dir else None
        self.timeout = timeout
        self.workers = max(1, workers)
        self.requests = 0
        self._tool = None
        self._tool_lock = threading.Lock()
        self.failure: str | None = None
        identity = [self.url or "local", language, sorted(self.settings["disabled_rules"]), sorted(self.settings["disabled_categories"])]
        self.cache_prefix = json.dumps(identity)

    # --- talking to the server -------------------------------------------------------------

    def tool(self):
        with self._tool_lock:
            if self._tool is None:
                import language_tool_python
                from language_tool_python.exceptions import LanguageToolError

                try:
                    if self.local_server:
                        tool = language_tool_python.LanguageTool(self.language)
                    else:
                        tool = language_tool_python.LanguageTool(self.language, remote_server=self.url)
                except (LanguageToolError, ValueError, OSError) as exc:
                    raise self.error(exc) from None
                tool._TIMEOUT = self.timeout  # the library's default is five minutes
                tool.disabled_rules = set(self.settings["disabled_rules"])
                tool.disabled_categories = set(self.settings["disabled_categories"])
                self._tool = tool
            return self._tool

    def error(self, exc: Exception) -> GrammarError:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        where = f"LanguageTool server at {self.url}" if self.url else "the local LanguageTool server"
        return GrammarError(
            f"{where} did not answer ({reason}); start one with `scripts/languagetool start` and pass its URL "
            "with --lt-url, or use --grammar harper or --grammar off"
        )

    def query(self, text: str) -> list[dict]:
        """Raw matches for one paragraph: offsets and lengths in code points of `text`."""
        from language_tool_python.exceptions import LanguageToolError

        tool = self.tool()
        try:
            response = tool._query_server(tool._url + "check", tool._create_params(text), num_tries=1, method="post")
        except (LanguageToolError, OSError) as exc:
            raise self.error(exc) from None
        if not isinstance(response, dict) or "matches" not in response:
            raise self.error(ValueError(f"unexpected answer {str(response)[:100]!r}"))
        self.requests += 1
        matches = []
        for match in response["matches"]:
            start = utf16_to_index(text, match["offset"])
            end = utf16_to_index(text, match["length"], start)
            rule = match.get("rule", {})
            matches.append(
                {
                    "start": start,
                    "end": end,
                    "rule": rule.get("id", "UNKNOWN"),
                    "category": rule.get("category", {}).get("id", ""),
                    "message": match.get("message", ""),
                    "replacements": [r["value"] for r in match.get("replacements", [])[:MAX_SUGGESTIONS]],
                }
            )
        return matches

    def key(self, paragraph: Paragraph) -> str:
        return hashlib.sha256(f"{self.cache_prefix}\0{paragraph.text}".encode()).hexdigest()

    def raw_matches(self, paragraph: Paragraph) -> list[dict]:
        key = self.key(paragraph)
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                return cached
        matches = self.query(paragraph.text)
        if self.cache is not None:
            self.cache.put(key, matches)
        return matches

    # --- findings ---------------------------------------------------------------------------

    def check(self, doc: Document) -> list[Finding]:
        if self.failure:
            raise GrammarError(self.failure)
        pieces = list(paragraphs(doc.text, PARAGRAPH_LIMIT))
        try:
            with ThreadPoolExecutor(self.workers) as pool:
                results = list(pool.map(self.raw_matches, pieces))
        except GrammarError as exc:
            self.failure = str(exc)  # one failure ends the grammar pass: never wait again per file
            raise
        findings = []
        for paragraph, matches in zip(pieces, results):
            for match in matches:
                findings.append(self.finding(paragraph, match))
        return findings

    def finding(self, paragraph: Paragraph, match: dict) -> Finding:
        start, end = paragraph.start + match["start"], paragraph.start + match["end"]
        replacements = match["replacements"]
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
