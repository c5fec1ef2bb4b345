"""Output formats: text (ruff style), concise, github, sarif (validated against the official
schema in fixtures/sarif/), statistics; colour rules; the progress bar; rules and explain."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from textfix.cli import app
from textfix.reporters import FORMATS, render, render_file, use_color
from textfix.reporters.text_format import window

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DIRTY = "The talks resumed after the summit. of the alliance.\n\nRead more\n"


def invoke(*args, env=None):
    extra = ["--grammar", "off"] if args[0] in ("check", "apply") else []
    return runner.invoke(app, [str(a) for a in args] + extra, env=env)


@pytest.fixture
def dirty(tmp_path):
    path = tmp_path / "dirty.txt"
    path.write_text(DIRTY, encoding="utf-8")
    return path


def test_text_is_ruff_style(dirty):
    out = invoke("check", dirty).stdout
    block = out.split("\n\n")[0].splitlines()
    assert block[0].startswith(f"{dirty}:1:35: stray-full-stop Full stop in mid-sentence")
    assert block[1:4] == [
        "  |",
        "1 | The talks resumed after the summit. of the alliance.",
        "  |                                   ^^^^",
    ]
    assert block[4].startswith("  = fix (safe): ")
    assert out.splitlines()[-1].startswith("Found 2 problems in 1 of 1 file")


@pytest.mark.parametrize(
    "line, lo, hi, shown, pad, carets",
    [
        ("a the the b", 2, 9, "a the the b", 2, 7),
        ("tab\tthe the", 4, 11, "tab the the", 4, 7),  # a tab shows as one space
        ("東京 the the", 3, 10, "東京 the the", 5, 7),  # wide characters take two cells
        ("ab", 2, 2, "ab", 2, 1),  # an empty span still gets one caret
        ("x" * 200 + " the the " + "y" * 200, 201, 208, None, None, 7),  # long lines are cut around the span
    ],
)
def test_window(line, lo, hi, shown, pad, carets):
    got_shown, got_pad, got_carets = window(line, lo, hi, width=100)
    if shown is not None:
        assert (got_shown, got_pad) == (shown, pad)
    else:
        assert got_shown.startswith("…") and got_shown.endswith("…") and len(got_shown) <= 102
        assert got_shown[got_pad : got_pad + got_carets] == "the the"
    assert got_carets == carets


@pytest.mark.parametrize(
    "env, coloured",
    [
        ({}, False),  # CliRunner's stdout is not a terminal
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_colour_only_when_asked_or_on_a_terminal(dirty, env, coloured):
    out = invoke("check", dirty, env=env).stdout
    assert bool(ANSI.search(out)) is coloured
    assert ANSI.sub("", out) == invoke("check", dirty).stdout


class Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    "stream, env, expected",
    [
        (Tty(), {}, True),
        (Tty(), {"NO_COLOR": "1"}, False),
        (io.StringIO(), {}, False),
        (Tty(), {"TERM": "dumb"}, False),
    ],
)
def test_use_color(monkeypatch, stream, env, expected):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert use_color(stream) is expected


def test_quiet_prints_findings_only(dirty, tmp_path):
    out = invoke("check", dirty, "--quiet").stdout
    assert "Found" not in out and f"{dirty}:1:35:" in out
    clean = tmp_path / "clean.txt"
    clean.write_text("All good.\n", encoding="utf-8")
    assert invoke("check", clean, "-q").stdout == ""


def test_concise(dirty):
    lines = invoke("check", dirty, "--format", "concise").stdout.splitlines()
    assert lines[0].startswith(f"{dirty}:1:35: stray-full-stop ")
    assert lines[1].startswith(f"{dirty}:3:1: web-boilerplate ")
    assert lines[2].startswith("Found 2 problems")


def test_github_workflow_commands(dirty):
    lines = invoke("check", dirty, "--format", "github").stdout.splitlines()
    assert lines[0].startswith(
        f"::error title=textfix (stray-full-stop),file={dirty},line=1,col=35,endLine=1,endColumn=39::stray-full-stop "
    )
    assert len(lines) == 2


def test_github_escapes_properties_and_data():
    from textfix.reporters.github_format import escape_data, escape_property

    assert escape_data("50% done\nnext") == "50%25 done%0Anext"
    assert escape_property("a,b:c.md") == "a%2Cb%3Ac.md"


@pytest.fixture(scope="module")
def sarif_schema():
    schema = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(dirty, tmp_path, sarif_schema):
    (tmp_path / "bad.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    (tmp_path / "x, y.md").write_text("Prices rose faster. than wages 😀 did.\n", encoding="utf-8")
    result = invoke("check", tmp_path, "--format", "sarif")
    log = json.loads(result.stdout)
    sarif_schema.validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert {r["ruleId"] for r in results} == {"stray-full-stop", "web-boilerplate"}
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    stop = next(r for r in results if r["ruleId"] == "stray-full-stop" and "x%2C%20y.md" in json.dumps(r))
    assert stop["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == ". than"
    (change,) = stop["fixes"][0]["artifactChanges"]
    assert change["replacements"] == [
        {"deletedRegion": {"charOffset": 18, "charLength": 1}, "insertedContent": {"text": ""}}
    ]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "bad.txt" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_with_relative_paths_and_no_findings(tmp_path, monkeypatch, sarif_schema):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.txt").write_text("All good.\n", encoding="utf-8")
    log = json.loads(invoke("check", "clean.txt", "--format", "sarif").stdout)
    sarif_schema.validate(log)
    assert log["runs"][0]["results"] == []


@pytest.mark.skipif(sys.platform != "linux", reason="other systems keep file names in UTF-8")
def test_sarif_names_a_file_whose_name_is_not_utf8_by_its_bytes(tmp_path, monkeypatch, sarif_schema):
    monkeypatch.chdir(tmp_path)
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"They met in the the capital.\n")
    log = json.loads(invoke("check", ".", "--format", "sarif", "--select", "doubled-word").stdout)
    sarif_schema.validate(log)
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "caf%E9.txt"


def test_statistics(dirty, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Prices rose faster. than wages. of course.\n", encoding="utf-8")
    out = invoke("check", dirty, other, "--statistics").stdout
    assert out.splitlines() == ["3  stray-full-stop  3 fixable", "1  web-boilerplate  1 fixable"]
    data = json.loads(invoke("check", dirty, other, "--statistics", "--format", "json").stdout)
    assert data == [
        {"rule": "stray-full-stop", "count": 3, "fixable": 3},
        {"rule": "web-boilerplate", "count": 1, "fixable": 1},
    ]


def test_progress_bar_only_on_a_terminal_for_many_files():
    from textfix import progress

    assert not progress.wanted(500, stream=io.StringIO())
    assert not progress.wanted(5, stream=Tty())
    assert not progress.wanted(500, quiet=True, stream=Tty())
    assert progress.wanted(500, stream=Tty())
    with progress.bar(3, enabled=True) as advance:  # runs without a terminal too
        for name in "abc":
            advance(name)


def test_rules_lists_a_summary_and_explain_shows_the_doc():
    listing = invoke("rules").stdout.splitlines()
    index = next(i for i, line in enumerate(listing) if line.startswith("stray-full-stop "))
    assert listing[index + 1].strip().startswith("Flags a full stop followed by a word in lower case")
    doc = invoke("explain", "stray-full-stop").stdout
    for heading in ("What it does", "Why", "Example", "Fix safety"):
        assert f"\n{heading}\n" in doc
    assert "  bad:   " in doc and "  fixed: " in doc and "safe: `textfix apply --write`" in doc
    assert (
        invoke("rules", "--docs").stdout.count("\nFix safety\n")
        == len([row for row in listing if row and not row.startswith((" ", "rule ", "Off by default"))]) - 1
    )
    # An opt-in rule is not in force, but named at the end and explained on request.
    assert not any(line.startswith("ascii-double-hyphen ") for line in listing)
    assert "ascii-double-hyphen" in listing[-1] and listing[-1].startswith("Off by default")
    assert "\nWhat it does\n" in invoke("explain", "ascii-double-hyphen").stdout


def test_explain_unknown_rule_suggests():
    result = invoke("explain", "stray-fullstop")
    assert result.exit_code == 2 and "did you mean stray-full-stop" in result.stderr


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("jobs", [1, 2])
def test_output_made_in_workers_is_the_output_made_at_the_end(tmp_path, output_format, jobs):
    # Each file's part of the output is rendered where the file was checked; joined, the
    # parts must give exactly what rendering everything at the end gives.
    from textfix.api import get_ruleset
    from textfix.runner import run

    for index, text in enumerate([DIRTY, "Clean text.\n", "Mr Smith met Mr. Jones , twice.\r\nThe the end"]):
        (tmp_path / f"doc{index}.txt").write_text(text, encoding="utf-8")
    tasks = [(path, (get_ruleset(), None, None)) for path in sorted(tmp_path.iterdir())]
    options = {"color": output_format == "text"}
    prepared = run(tasks, jobs=jobs, prepare=lambda result: render_file(output_format, result, **options))
    assert any(result.rendered for result in prepared) == (output_format != "sarif")
    plain = run(tasks, jobs=1)
    assert render(output_format, prepared, rules=[], **options) == render(output_format, plain, rules=[], **options)


@pytest.mark.parametrize("jobs", [1, 2])
def test_output_that_fails_in_a_worker_is_made_again_at_the_end(tmp_path, jobs):
    from textfix.api import get_ruleset
    from textfix.runner import run

    for index in range(2):
        (tmp_path / f"doc{index}.txt").write_text(DIRTY, encoding="utf-8")
    tasks = [(path, (get_ruleset(), None, None)) for path in sorted(tmp_path.iterdir())]
    results = run(tasks, jobs=jobs, prepare=lambda result: 1 / 0)
    assert all(r.findings and r.rendered is None and r.error is None for r in results)
    assert render("json", results) == render("json", run(tasks, jobs=1))


def test_findings_cross_processes_whole():
    import pickle

    from textfix.model import Applicability, Edit, Finding, Fix, Severity

    finding = Finding(
        "rule",
        3,
        9,
        "message",
        Severity.ERROR,
        (Fix((Edit(3, 4, "x"), Edit(8, 9, "")), Applicability.UNSAFE, "title"),),
        "harper",
    )
    assert pickle.loads(pickle.dumps(finding)) == finding

    for value in (finding, finding.fixes[0], finding.fixes[0].edits[0]):  # a field left out of __reduce__ would be lost
        assert len(value.__reduce__()[1]) == len(type(value).__slots__)


def test_json_rows_are_what_json_dumps_writes():
    from textfix.documents import Document
    from textfix.model import Applicability, Edit, Finding, Fix, Severity, single_fix
    from textfix.reporters.json_format import finding_record, quote

    text = 'Line "one" \\ tab\there\r\nsecond ça 😀 line\rthird\x01 line\nlast'
    doc = Document(text)
    findings = [
        Finding("rule", 0, 4, 'quote " backslash \\ control \x1f\n', Severity.ERROR),
        Finding("rule", 6, 11, "one fix", fixes=single_fix(6, 11, '"1"\t', Applicability.SAFE)),
        Finding("rule", 20, 30, "across lines", Severity.INFO, single_fix(20, 30, "", Applicability.UNSAFE)),
        Finding(
            "other",
            30,
            33,
            "two fixes",
            fixes=(Fix((Edit(30, 31, "x"),), Applicability.SAFE), Fix((Edit(31, 33, "ç"),), Applicability.UNSAFE)),
        ),
        Finding("rule", len(text) - 4, len(text), "at the end", source="harper"),
        Finding("rule", len(text), len(text), "empty, after the end"),
    ]
    for finding in findings:
        line, column = doc.position(finding.start)
        end_line, end_column = doc.position(finding.end)
        expected = {
            "path": 'dir/a"b.txt',
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "offset": finding.start,
            "length": finding.end - finding.start,
            "rule": finding.rule_id,
            "severity": finding.severity.label,
            "message": finding.message,
            "replacements": finding.replacements(text),
            "fix": finding.fix.applicability.label if finding.fix else None,
            "source": finding.source,
        }
        assert finding_record(quote('dir/a"b.txt'), doc, finding) == json.dumps(expected, ensure_ascii=False)


@pytest.mark.parametrize("text", ["", "one line", "a\nb\n\nc\n", "a\r\nb\r\n", "a\rb\r\nc\nd", "\n\n\n"])
def test_span_position_is_position_of_both_ends(text):
    from textfix.documents import Document

    doc = Document(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert doc.span_position(start, end) == (*doc.position(start), *doc.position(end))


# --- what reaches a terminal, a CI log or a JSON parser --------------------------------------

NOT_UTF8 = os.fsdecode(b"caf\xe9.txt")  # a name whose bytes are not UTF-8, as Python holds it
FORGED = "x\n::error file=evil.txt,line=1::INJECTED.txt"  # a name that writes a workflow command
HOSTILE = DIRTY + "Clear \x1b[2J, CSI \x9b2J, DEL \x7f, a break\u2028here. of it.\n"
# The workflow commands the names above would write, were they printed raw.
FORGED_COMMANDS = ("::error file=evil", "::warning::", "::notice::")
# What a terminal or a log viewer acts on; tab and line feed are the output's own.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain 東京 text", "plain 東京 text"),
        ("a\tb", "a\\tb"),
        (FORGED, "x\\n::error file=evil.txt,line=1::INJECTED.txt"),
        ("cr\rlf", "cr\\rlf"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x9b2J", "\\x9b2J"),  # C1: a one-character CSI
        ("del\x7f", "del\\x7f"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        (NOT_UTF8, "caf\\xe9.txt"),  # a byte that is not UTF-8, shown as the byte
    ],
)
def test_printable_escapes_what_a_terminal_would_act_on(text, shown):
    from textfix.reporters import printable

    assert printable(text) == shown


def _textfix(cwd, *args):
    """A real run: the bytes it writes, not what a test runner's wrapper makes of them."""
    return subprocess.run([sys.executable, "-m", "textfix", *args, "--grammar", "off"], cwd=cwd, capture_output=True)


def _hostile_tree(tmp_path):
    try:
        (tmp_path / FORGED).write_text(HOSTILE, encoding="utf-8")
        (tmp_path / NOT_UTF8).write_text(DIRTY, encoding="utf-8")
        (tmp_path / "y\n::warning::forged.txt").write_bytes(b"caf\xe9\n")  # an error that names it
        (tmp_path / "z\n::notice::binary.txt").write_bytes(b"\x00\x01\x02binary")  # skipped, named with --verbose
    except OSError as exc:
        pytest.skip(f"this file system refuses such names: {exc}")
    return tmp_path


@pytest.mark.skipif(sys.platform != "linux", reason="other systems keep file names in UTF-8")
@pytest.mark.parametrize(
    "args, raw_content",
    [
        (("check", "."), False),
        (("check", ".", "--format", "concise"), False),
        (("check", ".", "--format", "github"), False),
        (("check", ".", "--statistics"), False),
        (("check", ".", "--verbose"), False),
        (("check", ".", "--diff"), True),  # a diff carries the file's own lines as they are
        (("apply", "."), True),
        (("apply", ".", "--write"), False),
    ],
)
def test_human_output_cannot_forge_a_line_or_control_the_terminal(tmp_path, args, raw_content):
    run = _textfix(_hostile_tree(tmp_path), *args)
    for stream in (run.stdout, run.stderr):
        text = stream.decode("utf-8")  # a name that is not UTF-8 comes out escaped, so this never fails
        for line in text.splitlines():
            assert not line.startswith(FORGED_COMMANDS if "github" in args else "::"), line
        if not raw_content or stream is run.stderr:
            assert not CONTROLS.search(text), CONTROLS.findall(text)
    assert b"\\n::" in run.stdout + run.stderr  # the names, escaped, are still told


@pytest.mark.skipif(sys.platform != "linux", reason="other systems keep file names in UTF-8")
@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_and_sarif_are_utf8_and_parse_whatever_the_names_and_text(tmp_path, output_format, sarif_schema):
    run = _textfix(_hostile_tree(tmp_path), "check", ".", "--format", output_format)
    text = run.stdout.decode("utf-8")
    assert not CONTROLS.search(text)  # written as \u escapes, which any JSON parser reads back
    log = json.loads(text)
    if output_format == "json":
        # One escaping: a byte that is not UTF-8 is \udcXX (surrogateescape), so that
        # os.fsencode gives the name's bytes back.
        assert {os.fsencode(f["path"]) for f in log["findings"]} == {b"caf\xe9.txt", os.fsencode(FORGED)}
        assert any("y\\n::warning" in error or "y\n::warning" in error for error in log["summary"]["errors"])
        assert "\x9b" in json.dumps(log, ensure_ascii=False)  # the text itself is kept whole
    else:
        sarif_schema.validate(log)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
        assert "caf%E9.txt" in uris and "x%0A%3A%3Aerror%20file%3Devil.txt%2Cline%3D1%3A%3AINJECTED.txt" in uris


def test_messages_from_rules_and_servers_are_escaped_in_every_human_format():
    from pathlib import Path

    from textfix.documents import Document
    from textfix.model import Applicability, Finding, Severity, single_fix
    from textfix.runner import FileResult

    text = "A line with \x1b[31m red \x9b2J and more.\n"
    findings = [
        Finding("LT:\x9bRULE", 0, 6, "server says \x1b[2J\n::error::forged", Severity.WARNING, source="languagetool"),
        Finding(
            "LT:OTHER",
            12,
            17,
            "fix it",
            Severity.WARNING,
            single_fix(0, 40, "x", Applicability.UNSAFE, "title\n::warning::x"),
        ),
    ]
    result = FileResult(Path(FORGED), doc=Document(text), findings=findings)
    for output_format in ("text", "concise", "github", "statistics"):
        out = render(output_format, [result])
        assert not CONTROLS.search(out), (output_format, out)
        assert not any(line.startswith(FORGED_COMMANDS) for line in out.splitlines())


def test_rule_listings_escape_what_a_rule_file_says(tmp_path):
    """`textfix rules` and `textfix explain` print texts from anyone's rule file."""
    from typer.testing import CliRunner

    from textfix.cli import app

    rule_file = tmp_path / "house.yaml"
    rule_file.write_text(
        "rules:\n"
        "  - id: no-utilize\n"
        "    kind: substitution\n"
        "    message: \"\\x1b[2J'{match}': write '{replacement}'\"\n"
        '    description: "Say use.\\n::error file=evil.txt::forged \\x9b2J"\n'
        '    why: "Shorter.\\u2028::warning::x"\n'
        "    severity: warning\n"
        "    swap: {utilize: use}\n"
        "    examples:\n"
        '      bad: ["We utilize it.\\x1b[31m"]\n'
        '      good: ["We use it."]\n',
        encoding="utf-8",
    )
    for command in (["rules"], ["rules", "--docs"], ["explain", "no-utilize"]):
        result = CliRunner().invoke(app, [*command, "--rules", str(rule_file)])
        assert result.exit_code == 0, result.output
        assert "no-utilize" in result.output
        assert not CONTROLS.search(result.output), (command, result.output)
        assert not any(line.startswith(FORGED_COMMANDS) for line in result.output.splitlines()), command


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (None, "All checks passed (2 files)."),
        ("b.txt: not valid UTF-8", "No problems found (1 file; 1 could not be checked)."),
    ],
)
def test_the_closing_line_claims_all_checks_passed_only_when_they_all_ran(error, expected):
    from pathlib import Path

    from textfix.documents import Document
    from textfix.reporters.text_format import closing_line
    from textfix.runner import FileResult

    results = [FileResult(Path("a.txt"), doc=Document("Clean.\n"), findings=[])]
    results.append(
        FileResult(Path("b.txt"), error=error)
        if error
        else FileResult(Path("b.txt"), doc=Document("Clean.\n"), findings=[])
    )
    assert closing_line(results) == expected
