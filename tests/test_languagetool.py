"""The LanguageTool backend against a real LanguageTool server (started by the `lt_url` fixture)."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time

import pytest
import yaml
from typer.testing import CliRunner

from conftest import FIXTURES, SEED
from textfix.api import get_ruleset
from textfix.backends import GrammarError
from textfix.backends.languagetool import LanguageToolBackend
from textfix.cli import app
from textfix.documents import Document
from textfix.engine import check_document

CASES = yaml.safe_load((FIXTURES / "grammar" / "offsets.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.fixture
def backend(lt_url, tmp_path):
    return LanguageToolBackend(url=lt_url, cache_dir=tmp_path / "cache")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["flagged"][0])
def test_offsets_are_exact(backend, case):
    text = case["text"]
    found = {text[f.start : f.end] for f in backend.check(Document(text))}
    for word in case["flagged"]:
        assert word in found


def test_finding_shape(backend):
    text = "He go to school every day."
    (finding,) = [f for f in backend.check(Document(text)) if text[f.start : f.end] == "go"]
    assert finding.rule_id.startswith("lt/") and finding.source == "languagetool"
    assert "goes" in finding.replacements(text)
    assert finding.fix is None or finding.fix.applicability.label == "unsafe"


def test_registry_and_document_names_are_not_misspellings(backend):
    text = SEED.read_text(encoding="utf-8")
    doc = Document(text)
    ruleset = get_ruleset()
    kept = [f for f in check_document(doc, ruleset, backend) if f.source == "languagetool"]
    flagged = {text[f.start : f.end] for f in kept}
    assert not flagged & {"Stoltenberg", "Yoon", "Sok-gil", "Seoul"}


def test_second_run_makes_no_request(lt_url, tmp_path):
    text = "\n\n".join(f"Paragraph {n} has a eror in it." for n in range(12))
    first = LanguageToolBackend(url=lt_url, cache_dir=tmp_path)
    cold = first.check(Document(text))
    assert first.requests == 12
    second = LanguageToolBackend(url=lt_url, cache_dir=tmp_path)
    warm = second.check(Document(text))
    assert second.requests == 0 and second._tool is None, "no client, so not even the languages query"
    assert warm == cold


def test_text_over_the_server_limit_is_split(backend):
    paragraph = "This sentence is fine and long enough to count. " * 600  # ~29,000 characters
    text = paragraph + "He go home."
    findings = backend.check(Document(text))
    assert any(text[f.start : f.end] == "go" for f in findings)


# --- faults -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeServer(http.server.ThreadingHTTPServer):
    """Answers /v2/languages like LanguageTool, then fails /v2/check as told."""

    def __init__(self, mode: str):
        self.mode = mode

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, code, body):
                self.send_response(code)
                self.end_headers()
                self.wfile.write(body.encode())

            def do_GET(self):
                self.reply(200, json.dumps([{"name": "English (US)", "code": "en", "longCode": "en-US"}]))

            def do_POST(inner):
                if self.mode == "slow":
                    time.sleep(5)
                inner.reply(500, "Error: internal server error")

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_server_errors_and_timeouts_are_one_clear_error(mode, tmp_path):
    server = FakeServer(mode)
    try:
        backend = LanguageToolBackend(url=server.url, cache_dir=None, timeout=1)
        started = time.monotonic()
        with pytest.raises(GrammarError, match=f"LanguageTool server at {server.url}"):
            backend.check(Document("Some text to check."))
        assert time.monotonic() - started < 4
    finally:
        server.shutdown()


def test_nothing_listening_keeps_rule_findings_and_exits_3(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("The talks resumed after the summit. of the alliance.\n", encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(app, ["check", str(path), "--grammar", "languagetool", "--lt-url", url, "--no-cache"])
    assert result.exit_code == 3
    assert "stray-full-stop" in result.stdout
    errors = [line for line in result.stderr.splitlines() if "grammar check incomplete" in line]
    assert len(errors) == 1 and url in errors[0] and "--grammar" in errors[0]


def test_server_killed_mid_run(tmp_path_factory):
    """A second real server, stopped between two files: the second file's grammar pass fails cleanly."""
    import os
    import subprocess

    from conftest import ROOT, _lt_unavailable

    env = dict(os.environ, TEXTFIX_LT_RUN=str(tmp_path_factory.mktemp("lt-kill")))
    script = str(ROOT / "scripts" / "languagetool")
    started = subprocess.run([script, "start"], capture_output=True, text=True, env=env, timeout=900)
    if started.returncode != 0:
        _lt_unavailable(started.stderr[-300:])
    url = started.stdout.strip()
    backend = LanguageToolBackend(url=url, cache_dir=None, timeout=5)
    try:
        assert backend.check(Document("He go to school."))
    finally:
        subprocess.run([script, "stop"], capture_output=True, env=env, timeout=60)
    started = time.monotonic()
    with pytest.raises(GrammarError, match=url):
        backend.check(Document("She go to work."))
    with pytest.raises(GrammarError):
        backend.check(Document("A third file is not tried again."))
    assert time.monotonic() - started < 10


def test_cli_reports_languagetool_findings_as_json(lt_url, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("😀 He go to school.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--grammar", "languagetool", "--lt-url", lt_url, "--format", "json", "--no-cache"])
    data = json.loads(result.stdout)
    (finding,) = [f for f in data["findings"] if f["source"] == "languagetool"]
    assert (finding["offset"], finding["length"], finding["column"]) == (5, 2, 6)
