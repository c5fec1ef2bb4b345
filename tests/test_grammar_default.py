"""Which grammar pass a run gets: LanguageTool when a managed server runs, else Harper; and
`--strict` (or `strict = true`) for the raw backend."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from textfix.cli import app
from textfix.engine import default_grammar, grammar_backend

pytest.importorskip("harper")

runner = CliRunner()
# A rare word, a name and an agreement error: the default flags only the error; strict all three.
TEXT = "Yesterday he go to the market, where the reoffending Threnvold waited.\n"


def check(path, *options):
    result = runner.invoke(app, ["check", str(path), "--format", "json", *options])
    assert result.exit_code in (0, 1), result.output
    text = path.read_text(encoding="utf-8")
    findings = json.loads(result.stdout)["findings"]
    return {(f["source"], text[f["offset"] : f["offset"] + f["length"]]) for f in findings}


@pytest.fixture
def no_managed_server(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTFIX_LT_RUN", str(tmp_path / "no-server"))
    monkeypatch.delenv("TEXTFIX_LT_URL", raising=False)


def test_without_a_server_the_default_is_harper(no_managed_server, tmp_path):
    assert default_grammar() == ("harper", None)
    assert default_grammar("http://127.0.0.1:9") == ("languagetool", "http://127.0.0.1:9")  # a server given
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert check(path) == {("harper", "go")}


def test_strict_gives_the_raw_backend(no_managed_server, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    found = check(path, "--strict")
    assert {("harper", "go"), ("harper", "reoffending"), ("harper", "Threnvold")} <= found
    assert check(path, "--grammar", "harper", "--no-strict") == {("harper", "go")}


def test_strict_from_the_config_file(no_managed_server, tmp_path):
    (tmp_path / ".textfix.toml").write_text("strict = true\n", encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert ("harper", "Threnvold") in check(path)
    assert check(path, "--no-strict") == {("harper", "go")}  # the command line wins
    (tmp_path / ".textfix.toml").write_text('strict = "yes"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "strict" in result.output and "true or false" in result.output


def test_a_running_managed_server_is_the_default(lt_url, lt_run, tmp_path, monkeypatch):
    """`textfix languagetool start` left a server running: a plain check uses it, through the
    same gate (the rare word and the name are not flagged)."""
    if lt_run is None:
        pytest.skip("the server is TEXTFIX_LT_URL's: no managed server to find")
    monkeypatch.setenv("TEXTFIX_LT_RUN", str(lt_run))
    monkeypatch.delenv("TEXTFIX_LT_URL", raising=False)
    assert default_grammar() == ("languagetool", lt_url)
    assert grammar_backend(cache_dir=None).name == "languagetool"
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert check(path, "--no-cache") == {("languagetool", "go")}
    assert ("languagetool", "Threnvold") in check(path, "--no-cache", "--strict")
    assert check(path, "--grammar", "harper") == {("harper", "go")}  # a backend named wins
