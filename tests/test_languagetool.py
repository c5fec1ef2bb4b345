"""The LanguageTool backend against a real LanguageTool server (started by the `lt_url` fixture)."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, SEED
from typer.testing import CliRunner

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
def test_offsets_are_exact(lt_url, tmp_path, case):
    raw = LanguageToolBackend(url=lt_url, cache_dir=tmp_path / "cache", curated=False, gate=False)  # as --strict
    text = case["text"]
    found = {text[f.start : f.end] for f in raw.check(Document(text))}
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


def test_findings_go_through_the_shared_spelling_filter(backend, filter_asked):
    """LanguageTool's findings are judged by textfix.backends.spelling_filter, as Harper's are:
    its English spell checker's as spelling complaints (with its first suggestion), the others'
    as grammar findings."""
    text = "The talks with Threnvold ended in the wrld. He go home."
    found = {text[f.start : f.end] for f in backend.check(Document(text))}
    assert {"wrld", "go"} <= found and "Threnvold" not in found
    assert {("Threnvold", True), ("wrld", True), ("go", False)} <= set(filter_asked)


def test_probable_names_are_flagged_with_skip_names_off(lt_url, tmp_path):
    backend = LanguageToolBackend(url=lt_url, cache_dir=tmp_path, skip_names=False)
    text = "The talks with Threnvold ended."  # a name the lexicon does not know either
    assert "Threnvold" in {text[f.start : f.end] for f in backend.check(Document(text))}


def test_complaints_about_known_names_are_dropped_by_the_backend(lt_url, tmp_path):
    backend = LanguageToolBackend(url=lt_url, cache_dir=tmp_path, curated=False)  # the gate with no curation
    text = "Quorvane met Ebbrisk in Valdurn."
    assert {"Quorvane", "Ebbrisk", "Valdurn"} <= {text[f.start : f.end] for f in backend.check(Document(text))}
    doc = Document(text)
    doc.known_names = {"Quorvane", "Ebbrisk", "Valdurn"}
    assert backend.check(doc) == []


# What the default pass keeps and drops (rules/grammar/languagetool.yaml and the spelling gate):
# (text, words it must flag, words it must leave alone).
DEFAULT_CASES = [
    ("Yesterday he go to the market and they was happy.", {"go", "was"}, set()),
    ("The goverment will recieve it. She dont know.", {"goverment", "recieve", "dont"}, set()),
    ("The reoffending prisoners met Threnvold.", set(), {"reoffending", "Threnvold"}),
    ("The colour of the centre.", set(), {"colour", "centre"}),  # no variant named: either is right
    ("Liverpool travel to Burnley after an $11bn deal.", set(), {"travel", "an"}),  # British collective noun
]


@pytest.mark.parametrize(("text", "flagged", "left"), DEFAULT_CASES, ids=[c[0][:20] for c in DEFAULT_CASES])
def test_the_default_pass(lt_url, tmp_path, text, flagged, left):
    backend = LanguageToolBackend(url=lt_url, cache_dir=tmp_path, any_variant=True)
    found = {text[f.start : f.end] for f in backend.check(Document(text))}
    assert flagged <= found and not left & found, found


def test_a_named_variant_holds_the_text_to_it(lt_url, tmp_path):
    backend = LanguageToolBackend(url=lt_url, cache_dir=tmp_path, language="en-US")
    text = "The colour of the centre."
    assert {"colour", "centre"} <= {text[f.start : f.end] for f in backend.check(Document(text))}


def test_strict_gives_the_raw_backend(lt_url, tmp_path):
    text = "The reoffending prisoners met Threnvold."
    raw = LanguageToolBackend(url=lt_url, cache_dir=tmp_path, curated=False, gate=False)
    assert {"reoffending", "Threnvold"} <= {text[f.start : f.end] for f in raw.check(Document(text))}


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


LANGUAGES = [{"name": "English (US)", "code": "en", "longCode": "en-US"}]


class FakeServer(http.server.ThreadingHTTPServer):
    """A stand-in for a LanguageTool server on 127.0.0.1 that answers /v2/languages and
    /v2/check as told: with a JSON value, or "error" (HTTP 500), "slow" (an error after 5 s),
    "silent" (accepts, never answers), "trickle" (one byte every 0.2 s, never done) or
    "not json" (a 200 whose body is not JSON). It counts the /v2/check requests."""

    daemon_threads = True

    def __init__(self, check="error", languages=LANGUAGES):
        self.answers = {"GET": languages, "POST": check}
        self.checks = 0
        self.closing = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, code, body):
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def answer(self, behaviour):
                if behaviour == "silent":
                    server.closing.wait()
                elif behaviour == "trickle":
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    while not server.closing.wait(0.2):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                elif behaviour in ("error", "slow"):
                    if behaviour == "slow":
                        server.closing.wait(5)
                    self.reply(500, b"Error: internal server error")
                elif behaviour == "not json":
                    self.reply(200, b"<html>not a LanguageTool server</html>")
                else:
                    self.reply(200, json.dumps(behaviour).encode())

            def do_GET(self):
                self.answer(server.answers["GET"])

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                server.checks += 1
                self.answer(server.answers["POST"])

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def close(self):
        self.closing.set()
        self.shutdown()
        self.server_close()


@pytest.fixture
def fake_server():
    servers = []

    def start(check="error", languages=LANGUAGES):
        servers.append(FakeServer(check, languages))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize("mode", ["error", "slow"])
def test_server_errors_and_timeouts_are_one_clear_error(mode, fake_server):
    server = fake_server(mode)
    backend = LanguageToolBackend(url=server.url, cache_dir=None, timeout=1)
    started = time.monotonic()
    with pytest.raises(GrammarError, match=f"LanguageTool server at {server.url}"):
        backend.check(Document("Some text to check."))
    assert time.monotonic() - started < 4


def match(offset=0, length=2, **fields):
    return {"offset": offset, "length": length, **fields}


TEXT = "\U0001f600 He go to school."  # the emoji is two UTF-16 units, one code point

# Answers no LanguageTool gives for TEXT (22 UTF-16 units): each is a server error, never a finding.
INVALID_ANSWERS = {
    "matches not a list": {"matches": 5},
    "answer not an object": [match()],
    "match not an object": {"matches": ["go"]},
    "offset as a string": {"matches": [match(offset="3")]},
    "offset as a boolean": {"matches": [match(offset=True)]},
    "length as a float": {"matches": [match(length=1.5)]},
    "negative length": {"matches": [match(length=-1)]},
    "offset far past the end": {"matches": [match(offset=10**9, length=1)]},
    "span one unit past the end": {"matches": [match(offset=20, length=3)]},
    "offset inside a character": {"matches": [match(offset=1, length=1)]},
    "rule not an object": {"matches": [match(rule="EN_A_VS_AN")]},
    "rule id not a string": {"matches": [match(rule={"id": ["X"]})]},
    "category not an object": {"matches": [match(rule={"id": "X", "category": "GRAMMAR"})]},
    "message null": {"matches": [match(message=None)]},
    "replacements not a list": {"matches": [match(replacements="goes")]},
    "replacement value a number": {"matches": [match(replacements=[{"value": 5}])]},
    "replacement not an object": {"matches": [match(replacements=["goes"])]},
    "replacement a lone surrogate": {"matches": [match(replacements=[{"value": "\ud800"}])]},
}


@pytest.mark.parametrize("answer", INVALID_ANSWERS.values(), ids=INVALID_ANSWERS.keys())
def test_invalid_answers_are_server_errors(answer, fake_server):
    server = fake_server(answer)
    backend = LanguageToolBackend(url=server.url, cache_dir=None, timeout=5)
    with pytest.raises(GrammarError, match=f"LanguageTool server at {server.url} gave an invalid answer") as raised:
        backend.check(Document(TEXT))
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "check, languages",
    [("not json", LANGUAGES), ({"matches": []}, 5), ({"matches": []}, [5]), ({"matches": []}, "not json")],
    ids=["check not JSON", "languages a number", "language not an object", "languages not JSON"],
)
def test_answers_the_library_cannot_read_are_server_errors(check, languages, fake_server):
    server = fake_server(check, languages)
    backend = LanguageToolBackend(url=server.url, cache_dir=None, timeout=5)
    with pytest.raises(GrammarError, match=f"LanguageTool server at {server.url}"):
        backend.check(Document(TEXT))


def test_valid_answer_with_astral_characters_maps_to_code_points(fake_server):
    server = fake_server(
        {
            "matches": [
                match(
                    offset=3,
                    length=2,
                    rule={"id": "X", "category": {"id": "GRAMMAR"}},
                    message="Say 'goes'.",
                    replacements=[{"value": "goes"}],
                )
            ]
        }
    )
    (finding,) = LanguageToolBackend(url=server.url, cache_dir=None).check(Document(TEXT))
    assert TEXT[finding.start : finding.end] == "He" and finding.replacements(TEXT) == ["goes"]


@pytest.mark.parametrize("command", ["check", "apply"])
def test_offset_past_the_end_is_never_an_edit(command, fake_server, tmp_path):
    """A safe-fix rule's match far past the end once appended its replacement to the file."""
    text = "The talks resumed after the summit. of the alliance.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    answer = {
        "matches": [
            match(offset=10**9, length=0, rule={"id": "ENGLISH_WORD_REPEAT_RULE"}, replacements=[{"value": "INJECTED"}])
        ]
    }
    server = fake_server(answer)
    options = ["--write"] if command == "apply" else []
    result = CliRunner().invoke(
        app, [command, str(path), *options, "--grammar", "languagetool", "--lt-url", server.url, "--no-cache"]
    )
    assert result.exit_code == 3, result.output
    assert "INJECTED" not in path.read_text(encoding="utf-8")
    assert "internal error" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "grammar check incomplete" in line]
    assert len(errors) == 1 and "gave an invalid answer" in errors[0] and server.url in errors[0]
    if command == "check":
        assert "stray-full-stop" in result.stdout  # the rule findings still stand


# --- deadlines: a whole answer in `timeout` seconds, the languages query included -----------------

HANGS = {
    "languages query silent": ({"matches": []}, "silent"),
    "languages query trickles": ({"matches": []}, "trickle"),
    "check silent": ("silent", LANGUAGES),
    "check trickles": ("trickle", LANGUAGES),
}


@pytest.mark.parametrize("check, languages", HANGS.values(), ids=HANGS.keys())
def test_a_server_that_never_finishes_answering_is_given_up_on_in_time(check, languages, fake_server):
    server = fake_server(check, languages)
    backend = LanguageToolBackend(url=server.url, cache_dir=None, timeout=1)
    started = time.monotonic()
    with pytest.raises(GrammarError, match=r"no complete answer within 1 s"):
        backend.check(Document("Some text to check."))
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("check", ["silent", "trickle"])
def test_the_pass_ends_at_the_first_request_out_of_time(check, fake_server):
    """Twelve paragraphs, two requests at a time: the first timeout ends them all, and the
    next file asks nothing."""
    server = fake_server(check)
    backend = LanguageToolBackend(url=server.url, cache_dir=None, timeout=1, workers=2)
    text = "\n\n".join(f"Paragraph {n} has a eror in it." for n in range(12))
    started = time.monotonic()
    with pytest.raises(GrammarError, match="no complete answer"):
        backend.check(Document(text))
    with pytest.raises(GrammarError, match="no complete answer"):
        backend.check(Document("The next file."))
    assert time.monotonic() - started < 3
    assert server.checks <= 2


# --- the result cache: where ruff puts its cache, and never a reason to fail -------------------

PROJECT_CACHES = {
    "a file where the cache folder goes": lambda project: (project / ".textfix_cache").write_text("x"),
    "a damaged database": lambda project: (
        (project / ".textfix_cache").mkdir(),
        (project / ".textfix_cache" / "languagetool.sqlite").write_bytes(b"not a database" * 100),
    ),
    "a folder where the database goes": lambda project: (project / ".textfix_cache" / "languagetool.sqlite").mkdir(
        parents=True
    ),
}


@pytest.mark.parametrize("spoil", PROJECT_CACHES.values(), ids=PROJECT_CACHES.keys())
def test_an_unusable_project_cache_falls_back_to_the_user_cache(spoil, fake_server, tmp_path, monkeypatch):
    project, user_cache = tmp_path / "project", tmp_path / "user-cache"
    project.mkdir()
    (project / "a.txt").write_text("Some text to check.\n", encoding="utf-8")
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(user_cache))
    monkeypatch.chdir(project)
    spoil(project)
    try:
        server = fake_server({"matches": []})
        for _run in range(2):
            result = CliRunner().invoke(app, ["check", "a.txt", "--grammar", "languagetool", "--lt-url", server.url])
            assert result.exit_code == 0, result.output
        assert server.checks == 1, "the second run is answered from the user cache folder"
        assert (user_cache / "languagetool" / "languagetool.sqlite").is_file()
    finally:
        project.chmod(0o755)


NOBODY = 65534


def test_a_read_only_project_folder_falls_back_to_the_user_cache(fake_server):
    """Run as a user who may not write in the project folder: as nobody when the tests run as
    root, whom no folder's mode stops."""
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="textfix-test-"))
    project, user_cache = base / "project", base / "user-cache"
    try:
        project.mkdir()
        (project / "a.txt").write_text("Some text to check.\n", encoding="utf-8")
        if as_root:
            for path in (base, project, project / "a.txt"):
                os.chown(path, NOBODY, NOBODY)
        project.chmod(0o555)
        server = fake_server({"matches": []})
        # setpriv rather than subprocess's user=: the interpreter may live under a folder only
        # root may enter, which an exec after setuid cannot reach.
        as_nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] if as_root else []
        env = {**os.environ, "TEXTFIX_CACHE_DIR": str(user_cache)}
        command = [
            *as_nobody,
            sys.executable,
            "-m",
            "textfix",
            "check",
            "a.txt",
            "--grammar",
            "languagetool",
            "--lt-url",
            server.url,
        ]
        for _run in range(2):
            done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
        assert server.checks == 1, "the second run is answered from the user cache folder"
        assert (user_cache / "languagetool" / "languagetool.sqlite").is_file()
        assert not (project / ".textfix_cache").exists()
    finally:
        project.chmod(0o755)
        shutil.rmtree(base)


def test_with_no_usable_cache_anywhere_the_run_goes_on(fake_server, tmp_path, monkeypatch):
    (tmp_path / ".textfix_cache").write_text("x")
    (tmp_path / "not-a-folder").write_text("x")
    (tmp_path / "a.txt").write_text("Some text to check.\n", encoding="utf-8")
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path / "not-a-folder"))
    monkeypatch.chdir(tmp_path)
    server = fake_server({"matches": []})
    for _run in range(2):
        result = CliRunner().invoke(app, ["check", "a.txt", "--grammar", "languagetool", "--lt-url", server.url])
        assert result.exit_code == 0, result.output
    assert server.checks == 2


def test_the_cache_is_in_the_project_root(fake_server, tmp_path, monkeypatch):
    """As ruff's: next to the configuration file, whatever folder textfix runs from."""
    (tmp_path / ".textfix.toml").write_text('grammar = "languagetool"\n', encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Some text to check.\n", encoding="utf-8")
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.chdir(tmp_path / "docs")
    server = fake_server({"matches": []})
    result = CliRunner().invoke(app, ["check", "a.txt", "--lt-url", server.url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".textfix_cache" / "languagetool.sqlite").is_file()
    assert not (tmp_path / "docs" / ".textfix_cache").exists()


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
    import sys

    from conftest import _lt_unavailable

    env = dict(os.environ, TEXTFIX_LT_RUN=str(tmp_path_factory.mktemp("lt-kill")))
    command = [sys.executable, "-m", "textfix", "languagetool"]
    started = subprocess.run([*command, "start"], capture_output=True, text=True, env=env, timeout=900)
    if started.returncode != 0:
        _lt_unavailable(started.stderr[-300:])
    url = started.stdout.strip()
    backend = LanguageToolBackend(url=url, cache_dir=None, timeout=5)
    try:
        assert backend.check(Document("He go to school."))
    finally:
        subprocess.run([*command, "stop"], capture_output=True, env=env, timeout=60)
    started = time.monotonic()
    with pytest.raises(GrammarError, match=url):
        backend.check(Document("She go to work."))
    with pytest.raises(GrammarError):
        backend.check(Document("A third file is not tried again."))
    assert time.monotonic() - started < 10


def test_cli_reports_languagetool_findings_as_json(lt_url, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("😀 He go to school.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", str(path), "--grammar", "languagetool", "--lt-url", lt_url, "--format", "json", "--no-cache"]
    )
    data = json.loads(result.stdout)
    (finding,) = [f for f in data["findings"] if f["source"] == "languagetool"]
    assert (finding["offset"], finding["length"], finding["column"]) == (5, 2, 6)
