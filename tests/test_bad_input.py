"""Bad input: one clear line naming the file and the problem, and the run goes on.

Exit codes: 0 clean, 1 findings (or changes), 2 when any file could not be processed.
A binary file is skipped without an error; --verbose lists it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from textfix import kinds
from textfix.cli import app
from textfix.names_registry import load_registry
from textfix.ruleset import RuleError, load_ruleset

runner = CliRunner()
DIRTY = "The talks resumed after the summit. of the alliance.\n"


def check(*args):
    return runner.invoke(app, ["check", "--grammar", "off", *map(str, args)])


def make_symlink_loop(folder):
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    return "loop-a.txt"


# (label, make(folder) -> name of the bad file, expected message after "<path>: ")
BAD_FILES = [
    (
        "not utf-8",
        lambda d: d.joinpath("latin.txt").write_bytes(b"caf\xe9 au lait\n") and "latin.txt",
        "not valid UTF-8 (byte 0xe9 at offset 3) on line 1; convert it to UTF-8, or name its encoding with --encoding",
    ),
    (
        "bad utf-8 on a later line",
        lambda d: d.joinpath("late.txt").write_bytes(b"ok\nok\n\xff\xfe!\n") and "late.txt",
        "not valid UTF-8 (byte 0xff at offset 6) on line 3",
    ),
    (
        "utf-8 surrogate",
        lambda d: d.joinpath("sur.txt").write_bytes(b"a\xed\xa0\x80b\n") and "sur.txt",
        "not valid UTF-8 (byte 0xed at offset 1)",
    ),
    (
        "NUL after the first 8 KiB",
        lambda d: d.joinpath("nul.txt").write_bytes(b"a" * 9000 + b"\x00\n") and "nul.txt",
        "NUL byte at offset 9000 (line 1); a text file has none, skipped",
    ),
    (
        "broken BOM file",
        lambda d: d.joinpath("u16.txt").write_bytes(b"\xff\xfeA\x00\x00\xd8") and "u16.txt",
        "starts with a UTF-16-LE byte order mark but is not valid UTF-16-LE",
    ),
    (
        "broken symlink",
        lambda d: d.joinpath("gone.txt").symlink_to("missing.txt") or "gone.txt",
        "broken symlink (its target missing.txt does not exist), skipped",
    ),
    ("symlink loop", make_symlink_loop, "symlink loop, skipped"),
    ("named pipe", lambda d: os.mkfifo(d / "pipe.txt") or "pipe.txt", "a named pipe, not a text file; skipped"),
]


@pytest.mark.parametrize("make, message", [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_bad_file_gets_one_line_and_the_run_goes_on(tmp_path, make, message):
    name = make(tmp_path)
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    result = check(tmp_path)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert len(lines) == 1 and lines[0].startswith(f"textfix: {tmp_path / name}: {message}"), result.stderr
    assert f"{tmp_path / 'dirty.txt'}:1:35: stray-full-stop" in result.stdout


def test_named_pipe_does_not_hang_a_real_process(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    done = subprocess.run(
        [sys.executable, "-m", "textfix", "check", "--grammar", "off", str(tmp_path / "pipe.txt")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "a named pipe" in done.stderr


def test_missing_path(tmp_path):
    result = check(tmp_path / "nowhere.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"textfix: {tmp_path / 'nowhere.txt'}: no such file or folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(DIRTY, encoding="utf-8")
    path.chmod(0)
    result = check(path)
    assert result.exit_code == 2 and f"{path}: cannot read: permission denied" in result.stderr


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(DIRTY, encoding="utf-8")
    real_open = os.open

    def deny(file, flags, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    result = check(path, "--jobs", "1")
    assert result.exit_code == 2 and f"{path}: cannot read: permission denied" in result.stderr


def test_binary_file_is_skipped_quietly_and_listed_with_verbose(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    quiet = check(tmp_path)
    assert quiet.exit_code == 1 and "image.txt" not in quiet.stderr
    verbose = check(tmp_path, "--verbose")
    assert verbose.exit_code == 1
    assert f"textfix: {tmp_path / 'image.txt'}: binary file (NUL byte at offset 8), skipped" in verbose.stderr


@pytest.mark.parametrize("content", ["", "\n", "\r\n", " ", "\ufeff"], ids=["empty", "LF", "CRLF", "space", "BOM only"])
def test_nearly_empty_files_are_clean(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content.encode("utf-8"))
    result = check(path)
    assert result.exit_code == 0 and result.stderr == ""
    assert runner.invoke(app, ["apply", "--write", "--grammar", "off", str(path)]).exit_code == 0
    assert path.read_bytes() == content.encode("utf-8")


# Units that once made a check slow when repeated (fixtures/regressions, from bench/fuzz.py).
SLOW_UNITS = [
    (case["text"], case.get("path", "doc.md"))
    for case in (json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "regressions").glob("*.json")))
    if "repeat_to" in case
]


LONG_LINE_UNITS = [
    "a",
    "the ",
    ". a ",
    "\u05e9\u05dc\u05d5\u05dd ",
    "😀",
    "Jens Stoltenberg met Mark Rutte. ",
    "The the talks ended. of it , and Mr Smith met Mr. Jones. ",
]


@pytest.mark.parametrize("output", ["json", "text"])
@pytest.mark.parametrize("unit, name", [(u, "long.md") for u in LONG_LINE_UNITS] + SLOW_UNITS)
def test_one_very_long_line_is_checked_in_linear_time(tmp_path, unit, name, output):
    """300 kB on one line: a rule or an output whose time grows faster than the text would take minutes."""
    path = tmp_path / name
    path.write_text(unit * (300_000 // len(unit)), encoding="utf-8")
    start = time.perf_counter()
    result = check(path, "--format", output)
    assert result.exit_code in (0, 1), result.stderr
    assert time.perf_counter() - start < 30


# Every kind that runs a user's regular expression, with one that backtracks without end.
CATASTROPHIC_RULES = {
    "pattern": "pattern: '(a|aa)+$'",
    "consistency": "forms: [{pattern: '(a|aa)+$', replace: a}, {pattern: 'b', replace: b}]",
    "boilerplate": "lines: ['(a|aa)+c']",
}


@pytest.mark.parametrize("kind", sorted(CATASTROPHIC_RULES))
def test_catastrophic_user_pattern_names_the_rule_and_file_and_the_run_goes_on(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(kinds, "MATCH_TIMEOUT_SECONDS", 0.2)
    rules = tmp_path / "house.yaml"
    rules.write_text(
        f"rules:\n  - id: slow\n    kind: {kind}\n    message: slow\n    {CATASTROPHIC_RULES[kind]}\n", encoding="utf-8"
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-trap.txt").write_text("a" * 40 + "b\n", encoding="utf-8")
    (docs / "b-dirty.txt").write_text(DIRTY, encoding="utf-8")
    result = check(docs, "--rules", rules, "--jobs", "1")
    assert result.exit_code == 2
    assert f"{rules}:2: rule 'slow': pattern took over 0.2s on {docs / 'a-trap.txt'}" in result.stderr
    assert f"{docs / 'b-dirty.txt'}:1:35: stray-full-stop" in result.stdout


def test_crash_in_a_rule_names_the_rule_and_the_run_goes_on(tmp_path, monkeypatch):
    from textfix.kinds import stray_stop

    def boom(self, doc):
        if "boom" in doc.text:
            raise ValueError("unexpected input")
        return iter(())

    monkeypatch.setattr(stray_stop.StrayStopKind, "check", boom)
    (tmp_path / "a.txt").write_text("boom\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The the talks.\n", encoding="utf-8")
    result = check(tmp_path, "--jobs", "1")
    assert result.exit_code == 2
    assert (
        f"{tmp_path / 'a.txt'}: internal error in rule 'stray-full-stop'" in result.stderr
        and "ValueError: unexpected input" in result.stderr
    )
    assert "b.txt:1:1: doubled-word" in result.stdout


# --- rule files and data: the file, the line and what is wrong ---------------------------------

BAD_RULE_FILES = [
    ("yaml syntax", "rules:\n  - id: x\n    kind: [\n", r"x\.yaml:4: invalid YAML"),
    (
        "duplicate key",
        "rules:\n  - id: x\n    kind: substitution\n    swap:\n      teh: the\n      teh: ten\n",
        r"x\.yaml:6: invalid YAML: duplicate key 'teh' \(first given on line 5\)",
    ),
    (
        "duplicate key in a flow mapping",
        "rules:\n  - {id: x, kind: substitution, swap: {a: b, a: c}}\n",
        r"x\.yaml:2: invalid YAML: duplicate key 'a'",
    ),
    (
        "contradicting swap",
        "rules:\n  - id: x\n    kind: substitution\n    swap: {colour: color, color: colour}\n",
        r"x\.yaml:2: rule 'x': swap 'colour' -> 'color', but 'color' is itself listed as wrong",
    ),
    (
        "bad regex",
        "rules:\n  - id: x\n    kind: pattern\n    pattern: 'a{2,1}'\n",
        r"x\.yaml:2: rule 'x': invalid pattern",
    ),
    ("not utf-8", b"rules:\n  - id: caf\xe9\n", r"x\.yaml: cannot read rule file"),
    # Nested aliases stand for exponentially many copies: 1 KB took gigabytes once expanded.
    (
        "billion laughs",
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=False))
        + "rules:\n  - {id: x, kind: substitution, swap: {teh: the}, examples: {good: *h}}\n",
        r"x\.yaml:2: invalid YAML: aliases \(\*a\) are not allowed in textfix files; write the value out",
    ),
    (
        "merge key",
        "base: &base {kind: substitution}\nrules:\n  - {id: x, <<: *base, swap: {teh: the}}\n",
        r"x\.yaml:3: invalid YAML: aliases \(\*base\) are not allowed",
    ),
]


@pytest.mark.parametrize("content, error", [b[1:] for b in BAD_RULE_FILES], ids=[b[0] for b in BAD_RULE_FILES])
def test_bad_rule_file_is_rejected_with_file_and_line(tmp_path, content, error):
    path = tmp_path / "x.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(RuleError, match=error):
        load_ruleset([path], defaults=False)
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    result = check(tmp_path / "doc.txt", "--rules", path)
    assert result.exit_code == 2 and str(path) in result.stderr


@pytest.mark.parametrize(
    "entries, error",
    [
        ("- {name: Jens Stoltenberg}\n- {name: Jens Stoltenberg}\n", "already listed under 'Jens Stoltenberg'"),
        (
            "- {name: Jens Stoltenberg, wrong: [Mark Rutte]}\n- {name: Mark Rutte}\n",
            "already listed under 'Jens Stoltenberg'",
        ),
        ("- {name: Mark Rutte, role: a, role: b}\n", "duplicate key 'role'"),
        (
            "- &rutte {name: Mark Rutte}\n- *rutte\n",
            r"names\.yaml:3: invalid YAML: aliases \(\*rutte\) are not allowed",
        ),
    ],
    ids=["same name twice", "variant of one is another's name", "duplicate key", "alias"],
)
def test_names_registry_with_duplicates_is_rejected(tmp_path, entries, error):
    path = tmp_path / "names.yaml"
    path.write_text("entries:\n" + "".join(f"  {line}\n" for line in entries.splitlines()), encoding="utf-8")
    with pytest.raises(RuleError, match=error):
        load_registry(path, None)


def test_parallel_output_is_identical_to_one_process(tmp_path):
    """Findings, errors and their order do not depend on --jobs (nor on how files are batched)."""
    for index in range(80):  # small files travel to the workers in batches
        (tmp_path / f"doc{index:02d}.md").write_text(DIRTY * (index % 12 + 1) + "The the end.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "gone.txt").symlink_to("nowhere")
    (tmp_path / "big.txt").write_text(DIRTY * 3000, encoding="utf-8")  # first to be sent to a worker
    runs = {jobs: check(tmp_path, "--format", "json", "--jobs", jobs, "--verbose") for jobs in (1, 2, 3)}
    for jobs in (2, 3):
        assert (runs[jobs].exit_code, runs[jobs].stdout, runs[jobs].stderr) == (
            runs[1].exit_code,
            runs[1].stdout,
            runs[1].stderr,
        )
    assert runs[1].exit_code == 2


@pytest.mark.parametrize(
    "sizes, batches",
    [
        ([10, 10, 10], [[0, 1, 2]]),
        ([300_000, 10, 10], [[0], [1, 2]]),  # a large file goes alone
        ([200_000, 100_000, 10], [[0, 1], [2]]),  # a batch closes once it holds enough bytes
        ([1] * 130, [list(range(64)), list(range(64, 128)), [128, 129]]),  # or enough files
        ([], []),
    ],
)
def test_files_are_sent_to_workers_in_batches(sizes, batches):
    from textfix.runner import _batches

    assert _batches(list(range(len(sizes))), sizes) == batches


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_reads_every_file_alike_whatever_their_order(tmp_path, monkeypatch, jobs):
    # Whether texts are scanned is decided by the run's size: a large file before or after a
    # small one changes nothing, not even whether a slow pattern gets to run on it.
    monkeypatch.setattr(kinds, "MATCH_TIMEOUT_SECONDS", 0.2)
    rules = tmp_path / "house.yaml"
    rules.write_text("rules:\n  - id: slow\n    kind: boilerplate\n    lines: ['(a|aa)+c']\n", encoding="utf-8")
    outcomes = []
    for names in (("a-trap.txt", "b-big.txt"), ("b-trap.txt", "a-big.txt")):
        docs = tmp_path / names[0][0]
        docs.mkdir()
        (docs / names[0]).write_text("a" * 40 + "b\n", encoding="utf-8")
        (docs / names[1]).write_text(DIRTY * 2000, encoding="utf-8")
        result = check(docs, "--rules", rules, "--jobs", jobs, "--format", "concise")
        shown = result.stdout.replace(str(docs), "docs").replace(names[0], "trap").replace(names[1], "big")
        outcomes.append((result.exit_code, "".join(sorted(shown.splitlines(keepends=True)))))
    assert outcomes[0] == outcomes[1]


def test_a_result_that_cannot_come_back_fails_its_own_file_only(tmp_path):
    from textfix.api import get_ruleset
    from textfix.runner import run

    for index in range(10):
        (tmp_path / f"doc{index}.txt").write_text(DIRTY, encoding="utf-8")
    tasks = [(path, (get_ruleset(), None, None)) for path in sorted(tmp_path.iterdir())]
    results = run(tasks, jobs=2, prepare=lambda r: (lambda: 0) if r.path.name == "doc3.txt" else "ok")
    assert [r.path.name for r in results if r.error] == ["doc3.txt"]
    assert "could not be checked" in results[3].error.message and all(r.counts()[0] for r in results if not r.error)


def test_slow_files_spread_over_the_workers(tmp_path, monkeypatch):
    from textfix import runner

    batches = []
    monkeypatch.setattr(runner, "_batches", lambda order, sizes, most: batches.append(most) or [[i] for i in order])
    for index in range(16):
        (tmp_path / f"doc{index}.txt").write_text("Small.\n", encoding="utf-8")
    tasks = [(path, (load_ruleset(), None, None)) for path in sorted(tmp_path.iterdir())]
    runner.run(tasks, jobs=4)
    assert batches == [1]  # 16 files over 4 workers: one a batch, not all sixteen in one


def test_a_file_whose_output_is_made_where_it_was_checked_comes_back_as_that_output_and_its_counts(tmp_path):
    from textfix.api import get_ruleset
    from textfix.runner import run

    for index in range(4):
        (tmp_path / f"doc{index}.txt").write_text(DIRTY, encoding="utf-8")
    tasks = [(path, (get_ruleset(), None, None)) for path in sorted(tmp_path.iterdir())]
    full = run(tasks, jobs=2)
    light = run(tasks, jobs=2, prepare=lambda r: f"{len(r.findings)} findings")
    assert [r.counts() for r in light] == [r.counts() for r in full] and full[0].counts()[0] > 0
    assert all(r.checked and r.doc is None and not r.findings and r.rendered.endswith(" findings") for r in light)


# --- files textfix reads for itself: config, ignore files, word lists, rule files -------------


def limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # reading /dev/zero must not take the machine


def sparse(path, size):
    with open(path, "wb") as handle:
        handle.truncate(size)


# (label, make(folder) -> extra arguments, the message after "textfix: "; {d} is the folder).
# A link to /dev/zero or a named pipe can be committed: reading one must not block or fill memory.
SPECIAL_SETTINGS = [
    (
        "--config a named pipe",
        lambda d: os.mkfifo(d / "c.toml") or ["--config", d / "c.toml"],
        "error: {d}/c.toml: cannot read config file: a named pipe, not a regular file",
    ),
    (
        "--config /dev/zero",
        lambda d: ["--config", "/dev/zero"],
        "error: /dev/zero: cannot read config file: a device, not a regular file",
    ),
    (
        ".textfix.toml linked to /dev/zero",
        lambda d: (d / ".textfix.toml").symlink_to("/dev/zero") or [],
        "error: {d}/.textfix.toml: cannot read config file: a device, not a regular file",
    ),
    (
        "a config over the limit",
        lambda d: sparse(d / ".textfix.toml", 17 << 20) or [],
        "error: {d}/.textfix.toml: cannot read config file: larger than 16 MiB",
    ),
    (
        "accept-files naming /dev/zero",
        lambda d: (d / ".textfix.toml").write_text('accept-files = ["/dev/zero"]\n') and [],
        "error: {d}/.textfix.toml:1: accept-files: /dev/zero: cannot read accept file: a device, not a regular file",
    ),
    (
        "a rule file that is a named pipe",
        lambda d: os.mkfifo(d / "r.yaml") or ["--rules", d / "r.yaml"],
        "error: {d}/r.yaml: cannot read rule file: a named pipe, not a regular file",
    ),
    (
        ".gitignore linked to /dev/zero",
        lambda d: (d / ".git").mkdir() or (d / ".gitignore").symlink_to("/dev/zero") or [],
        "{d}/.gitignore: cannot read ignore file: a device, not a regular file; read as empty, as git does",
    ),
]


@pytest.mark.parametrize("make, message", [s[1:] for s in SPECIAL_SETTINGS], ids=[s[0] for s in SPECIAL_SETTINGS])
def test_a_settings_file_that_is_no_regular_file_gets_one_line(tmp_path, make, message):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "doc.txt").write_text(DIRTY, encoding="utf-8")
    args = make(folder)
    done = subprocess.run(
        [sys.executable, "-m", "textfix", "check", "--grammar", "off", *map(str, args), str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
    )
    assert done.returncode == 2 and done.stderr.splitlines() == [f"textfix: {message.format(d=folder)}"], done.stderr
    if ".gitignore" in message:  # an ignore file read as empty: the run goes on
        assert "doc.txt:1:35: stray-full-stop" in done.stdout


# --- replacement templates: checked when the rules load, not on every file that matches -------

BAD_TEMPLATES = [
    (
        "a group the pattern lacks",
        "kind: pattern, fix: safe, pattern: '(summit)\\.', replace: '\\2'",
        r"invalid 'replace' template '\\2': no such group \('\(summit\)\\.' has 1 group\)",
    ),
    (
        "an unknown group name",
        "kind: pattern, fix: safe, pattern: '(?P<w>summit)\\.', replace: '\\g<word>'",
        r"invalid 'replace' template '\\g<word>': unknown group",
    ),
    (
        "a bad escape",
        "kind: pattern, fix: safe, pattern: 'summit\\.', replace: 'summit\\q'",
        r"invalid 'replace' template 'summit\\q': bad escape \\q",
    ),
    (
        "a trailing backslash",
        "kind: pattern, fix: safe, pattern: 'summit\\.', replace: 'summit\\'",
        r"invalid 'replace' template 'summit\\': bad escape \(end of pattern\)",
    ),
    # The most used form's template expands the matches of every other form.
    (
        "a consistency form's group missing from another form",
        "kind: consistency, forms: [{pattern: '(Mr)\\.', replace: '\\1'}, {pattern: 'Mister', replace: 'Mr.'}]",
        r"invalid 'replace' template '\\1': no such group \('Mister' has 0 groups\)",
    ),
]


@pytest.mark.parametrize("rule, error", [t[1:] for t in BAD_TEMPLATES], ids=[t[0] for t in BAD_TEMPLATES])
def test_bad_replacement_template_is_refused_when_the_rules_load(tmp_path, rule, error):
    path = tmp_path / "x.yaml"
    path.write_text(
        f"rules:\n  - id: first\n    kind: substitution\n    swap: {{teh: the}}\n  - {{id: x, message: m, {rule}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match=rf"x\.yaml:5: rule 'x': {error}"):
        load_ruleset([path], defaults=False)
    (tmp_path / "doc.txt").write_text(DIRTY, encoding="utf-8")
    result = runner.invoke(app, ["apply", "--grammar", "off", "--rules", str(path), str(tmp_path / "doc.txt")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and str(path) in result.stderr


@pytest.mark.parametrize(
    "pattern, template, expanded",
    [
        ("(summit)\\.", "\\1", "summit"),
        ("(?P<w>summit)\\.", "\\g<w>", "summit"),
        ("(summit)|(alliance)", "\\2", ""),  # a group that took no part in the match: empty
        ("summit\\.", "\\g<0>\\n", "summit.\n"),
    ],
)
def test_good_replacement_templates_load_and_expand(tmp_path, pattern, template, expanded):
    path = tmp_path / "x.yaml"
    path.write_text(
        f"rules:\n  - {{id: x, message: m, kind: pattern, fix: safe, pattern: '{pattern}', replace: '{template}'}}\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset([path], defaults=False)
    from textfix.documents import Document
    from textfix.engine import check_document

    (finding,) = check_document(Document("The summit. of it.\n"), ruleset)
    assert finding.fix.edits[0].replacement == expanded


# --- a pattern that runs out of time is switched off for the rest of the run -------------------


def trap_tree(tmp_path, count=20):
    rules = tmp_path / "house.yaml"
    rules.write_text(
        f"rules:\n  - id: slow\n    kind: pattern\n    message: slow\n    {CATASTROPHIC_RULES['pattern']}\n",
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    for index in range(count):
        (docs / f"trap{index:02d}.txt").write_text("a" * 40 + "b\n" + DIRTY, encoding="utf-8")
    return rules, docs


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rule_that_ran_out_of_time_is_off_for_the_rest_of_the_run_in_every_worker(tmp_path, monkeypatch, jobs):
    from textfix.runner import run

    monkeypatch.setattr(kinds, "MATCH_TIMEOUT_SECONDS", 0.2)
    rules, docs = trap_tree(tmp_path)
    ruleset = load_ruleset([rules])
    results = run([(path, (ruleset, None, None)) for path in sorted(docs.iterdir())], jobs=jobs)
    timed_out = [r for r in results if r.rules_off]
    # Each worker may run into the limit once before it sees the rule switched off; no more.
    assert 1 <= len(timed_out) <= jobs
    assert all(r.error is None and [f.rule_id for f in r.findings] == ["stray-full-stop"] for r in results)


def test_a_rule_switched_off_is_told_once_and_the_other_findings_stand(tmp_path, monkeypatch):
    monkeypatch.setattr(kinds, "MATCH_TIMEOUT_SECONDS", 0.2)
    rules, docs = trap_tree(tmp_path)
    result = check(docs, "--rules", rules, "--jobs", "2")
    assert result.exit_code == 2
    (line,) = [line for line in result.stderr.splitlines() if "rule 'slow'" in line]
    assert line.startswith(f"textfix: {rules}:2: rule 'slow': pattern took over 0.2s on {docs}")
    assert line.endswith("simplify it (nested quantifiers backtrack); it is off for the rest of the run")
    assert result.stdout.count(": stray-full-stop") == 20


def test_outside_a_run_a_timeout_is_an_error_each_time(tmp_path, monkeypatch):
    """The library's check_text has no run to switch a rule off for: every call says so."""
    from textfix.api import check_text

    monkeypatch.setattr(kinds, "MATCH_TIMEOUT_SECONDS", 0.2)
    rules, _ = trap_tree(tmp_path, count=0)
    ruleset = load_ruleset([rules])
    for _ in range(2):
        with pytest.raises(RuleError, match=r"pattern took over 0\.2s"):
            check_text("a" * 40 + "b\n", ruleset=ruleset)
