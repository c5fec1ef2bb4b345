"""Configuration: finding the file, validating it, and how flags, exclusions and per-file
ignores act on a run. Invalid files are a table in fixtures/config/invalid.yaml."""

from __future__ import annotations

import json
import subprocess
import textwrap

import pytest
import yaml
from conftest import FIXTURES
from typer.testing import CliRunner

from textfix.config import STARTER, Config, ConfigError, Resolver, load_config

INVALID = yaml.safe_load((FIXTURES / "config" / "invalid.yaml").read_text(encoding="utf-8"))
DIRTY = "We met the the envoy after the summit. of it.\n"  # doubled-word and stray-full-stop
runner = CliRunner()


def invoke(*args):
    from textfix.cli import app

    return runner.invoke(app, [str(a) for a in args])


def check_json(*args) -> dict[str, list[str]]:
    """{file name relative to the first argument: [rule ids]} from `textfix check --format json`."""
    result = invoke("check", *args, "--format", "json", "--grammar", "off")
    assert result.exit_code in (0, 1), result.output
    out: dict[str, list[str]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        out.setdefault(finding["path"].replace(str(args[0]) + "/", ""), []).append(finding["rule"])
    return out


def write(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.mark.parametrize("case", INVALID, ids=[c["name"] for c in INVALID])
def test_invalid_config_names_file_and_key(tmp_path, case):
    path = tmp_path / case["file"]
    path.write_text(case["text"], encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:{case['line']}: ") and case["error"] in str(info.value)
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    result = invoke("check", tmp_path / "a.txt", "--grammar", "off")
    assert result.exit_code == 2 and case["error"] in result.stderr


def test_every_key(tmp_path):
    (tmp_path / "accept.txt").write_text("# names\nLedgerline\n\nWalla Walla\n", encoding="utf-8")
    (tmp_path / "house.yaml").write_text("rules: []\n", encoding="utf-8")
    write(
        tmp_path,
        {
            "pyproject.toml": """\
        [project]
        name = "x"

        [tool.textfix]
        select = ["punctuation"]
        ignore = ["double-space"]
        extend-rules = ["house.yaml"]
        exclude = ["drafts/"]
        respect-gitignore = false
        per-file-ignores = { "legacy/*.md" = ["stray-full-stop"] }
        accept = ["Ångström"]
        accept-files = ["accept.txt"]
        grammar = "off"
        language = "en-GB"
        unsafe-fixes = true
        lt-url = "http://localhost:8081"
        formats = { "*.strings" = "text", "l10n/*.xml" = "xliff" }
        """
        },
    )
    config = load_config(tmp_path / "pyproject.toml")
    assert config == Config(
        path=tmp_path / "pyproject.toml",
        root=tmp_path,
        select=("punctuation",),
        ignore=("double-space",),
        extend_rules=(tmp_path / "house.yaml",),
        exclude=("drafts/",),
        respect_gitignore=False,
        per_file_ignores=(("legacy/*.md", ("stray-full-stop",)),),
        accept=frozenset({"Ångström", "Ledgerline", "Walla Walla"}),
        grammar="off",
        language="en-GB",
        unsafe_fixes=True,
        lt_url="http://localhost:8081",
        formats=(("*.strings", "text"), ((tmp_path / "l10n/*.xml").as_posix(), "xliff")),
    )


@pytest.fixture
def tree(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.textfix]\nselect = ["punctuation"]\n',
            "docs/.textfix.toml": 'select = ["repetition"]\n',
            "docs/deep/x.txt": DIRTY,
            "notes/y.txt": DIRTY,
            "plain/pyproject.toml": '[project]\nname = "other"\n',
            "plain/z.txt": DIRTY,
            "both/.textfix.toml": 'select = ["repetition"]\n',
            "both/pyproject.toml": '[tool.textfix]\nselect = ["punctuation"]\n',
            "both/w.txt": DIRTY,
        },
    )
    return tmp_path


@pytest.mark.parametrize(
    "file, config",
    [
        ("docs/deep/x.txt", "docs/.textfix.toml"),  # nearest wins
        ("notes/y.txt", "pyproject.toml"),
        ("plain/z.txt", "pyproject.toml"),  # a pyproject.toml without [tool.textfix] does not count
        ("both/w.txt", "both/.textfix.toml"),  # in one folder, .textfix.toml wins
        ("docs", "docs/.textfix.toml"),  # a folder looks from itself
    ],
)
def test_nearest_config_wins(tree, file, config):
    assert Resolver().find(tree / file) == tree / config


def test_each_file_gets_its_own_config(tree):
    assert check_json(tree) == {
        "both/w.txt": ["doubled-word"],
        "docs/deep/x.txt": ["doubled-word"],
        "notes/y.txt": ["stray-full-stop"],
        "plain/z.txt": ["stray-full-stop"],
    }


@pytest.mark.parametrize(
    "flags, expected",
    [
        (["--select", "doubled-word"], {"docs/deep/x.txt": ["doubled-word"], "notes/y.txt": ["doubled-word"]}),
        (["--ignore", "stray-full-stop"], {"docs/deep/x.txt": ["doubled-word"]}),  # adds to the config's
        (
            ["--config", "{tree}/docs/.textfix.toml"],
            {"docs/deep/x.txt": ["doubled-word"], "notes/y.txt": ["doubled-word"]},
        ),
    ],
)
def test_flags_override_config(tree, flags, expected):
    flags = [f.format(tree=tree) for f in flags]
    found = check_json(tree, *flags)
    assert {k: v for k, v in found.items() if k in expected} == expected


def test_relative_paths_are_relative_to_the_config_file(tmp_path, monkeypatch):
    write(
        tmp_path,
        {
            "project/pyproject.toml": '[tool.textfix]\nextend-rules = ["house.yaml"]\nselect = ["house"]\n',
            "project/house.yaml": (FIXTURES / "rules" / "house.yaml").read_text(encoding="utf-8"),
            "project/a.txt": "We utilize it.\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert check_json(tmp_path / "project") == {"a.txt": ["no-utilize"]}


def test_exclude_patterns(tmp_path):
    write(
        tmp_path,
        {
            ".textfix.toml": 'exclude = ["drafts/", "*.draft.md"]\n',
            "drafts/a.txt": DIRTY,
            "b.draft.md": DIRTY,
            "c.md": DIRTY,
            "sub/drafts/d.txt": DIRTY,
        },
    )
    assert set(check_json(tmp_path)) == {"c.md"}
    # A file named on the command line is checked anyway, unless --force-exclude (pre-commit's case).
    assert invoke("check", tmp_path / "b.draft.md", "--grammar", "off").exit_code == 1
    result = invoke("check", tmp_path / "b.draft.md", "--force-exclude", "--grammar", "off")
    assert result.exit_code == 0 and "Nothing checked (0 files)" in result.stdout


def test_gitignore_is_respected_in_a_git_work_tree(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(
        tmp_path,
        {
            ".gitignore": "build/\n*.tmp.txt\n",
            "sub/.gitignore": "!keep.tmp.txt\n",
            "build/a.txt": DIRTY,
            "x.tmp.txt": DIRTY,
            "sub/keep.tmp.txt": DIRTY,
            "sub/drop.tmp.txt": DIRTY,
            "ok.txt": DIRTY,
        },
    )
    assert set(check_json(tmp_path)) == {"ok.txt", "sub/keep.tmp.txt"}
    (tmp_path / ".textfix.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert len(check_json(tmp_path)) == 5


def test_gitignore_outside_git_is_ignored(tmp_path):
    write(tmp_path, {".gitignore": "*.txt\n", "a.txt": DIRTY})
    assert set(check_json(tmp_path)) == {"a.txt"}


def test_per_file_ignores(tmp_path):
    write(
        tmp_path,
        {
            ".textfix.toml": '[per-file-ignores]\n"legacy/*.txt" = ["doubled-word"]\n"*.md" = ["punctuation"]\n',
            "legacy/a.txt": DIRTY,
            "b.txt": DIRTY,
            "c.md": DIRTY,
        },
    )
    assert check_json(tmp_path) == {
        "legacy/a.txt": ["stray-full-stop"],
        "b.txt": ["doubled-word", "stray-full-stop"],
        "c.md": ["doubled-word"],
    }


def test_accept_list_from_config_and_file(tmp_path):
    write(
        tmp_path,
        {
            ".textfix.toml": 'accept = ["the the"]\naccept-files = ["words.txt"]\n',
            "words.txt": "# one a line\nsummit.\n",
            "a.txt": DIRTY,
        },
    )
    assert check_json(tmp_path) == {}


SAFE_ONLY = "The talks ended of the alliance.\n\nRead more\n"
BOTH = "The talks ended of the alliance.\n"


@pytest.mark.parametrize(
    "config, flag, expected",
    [
        ("", None, SAFE_ONLY),
        ("", "--unsafe-fixes", BOTH),
        ("unsafe-fixes = true\n", None, BOTH),
        ("unsafe-fixes = true\n", "--no-unsafe-fixes", SAFE_ONLY),
    ],
)
def test_unsafe_fixes_from_config(tmp_path, config, flag, expected):
    # The stray stop's fix is safe; deleting the "Read more" line is not.
    write(tmp_path, {".textfix.toml": config, "a.txt": "The talks ended. of the alliance.\n\nRead more\n"})
    invoke("apply", tmp_path / "a.txt", "--write", "--grammar", "off", *([flag] if flag else []))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == expected


def test_grammar_keys_reach_the_config_and_flags_win(tmp_path):
    write(tmp_path, {".textfix.toml": 'grammar = "languagetool"\nlt-url = "http://localhost:1"\nlanguage = "en-GB"\n'})
    config = Resolver().for_path(tmp_path / "a.txt")
    assert (config.grammar, config.lt_url, config.language) == ("languagetool", "http://localhost:1", "en-GB")
    assert config.with_overrides(grammar="off", language=None).grammar == "off"
    assert config.with_overrides(grammar="off", language=None).language == "en-GB"


def test_init_writes_a_starter_that_loads(tmp_path):
    assert invoke("init", tmp_path).exit_code == 0
    assert (tmp_path / ".textfix.toml").read_text(encoding="utf-8") == STARTER
    assert load_config(tmp_path / ".textfix.toml").unsafe_fixes is False
    again = invoke("init", tmp_path)
    assert again.exit_code == 2 and "already exists" in again.stderr
    write(tmp_path / "p", {"pyproject.toml": '[project]\nname = "x"\n'})
    assert invoke("init", tmp_path / "p", "--pyproject").exit_code == 0
    assert load_config(tmp_path / "p" / "pyproject.toml").respect_gitignore is True
    assert invoke("init", tmp_path / "p", "--pyproject").exit_code == 2


# --- where the config file names something that does not work ---------------------------------


@pytest.mark.parametrize(
    "config, flags, message",
    [
        (
            'select = ["puntuation"]\n',
            (),
            ".textfix.toml:1: select: unknown rule or group 'puntuation' (see `textfix rules`)",
        ),
        (
            'exclude = []\nignore = ["punctuation", "dubled-word"]\n',
            (),
            ".textfix.toml:2: ignore: unknown rule or group 'dubled-word'",
        ),
        (
            '[per-file-ignores]\n"*.md" = ["punctuation"]\n"*.txt" = ["nope"]\n',
            (),
            ".textfix.toml:3: per-file-ignores.'*.txt': unknown rule or group 'nope'",
        ),
        ('select = ["punctuation"]\n', ("--ignore", "nope"), "unknown rule or group 'nope' in --select/--ignore"),
    ],
    ids=["select", "ignore", "per-file-ignores", "a flag is named as one"],
)
def test_an_unknown_rule_name_is_reported_where_it_is_given(tmp_path, config, flags, message):
    write(tmp_path, {".textfix.toml": config, "a.txt": DIRTY})
    result = invoke("check", tmp_path / "a.txt", "--grammar", "off", *flags)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    if message.startswith(".textfix.toml"):
        assert f"textfix: error: {tmp_path / message.split(':')[0]}:" in result.stderr


@pytest.mark.parametrize(
    "name, text",
    [
        (".textfix.toml", 'select = ["repetition"]\n'),
        ("pyproject.toml", '[tool.textfix]\nselect = ["repetition"]\n'),
    ],
)
def test_a_config_starting_with_a_byte_order_mark_is_read(tmp_path, name, text):
    (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert Resolver().find(tmp_path / "a.txt") == tmp_path / name
    assert check_json(tmp_path) == {"a.txt": ["doubled-word"]}


# (file, its text, the warning): a pattern git passes over is left out with a warning, and the run goes on.
INVALID_PATTERNS = [
    (".gitignore", "skip.txt\nfoo[z-a]bar\n", ".gitignore:2: invalid pattern 'foo[z-a]bar' ignored, as git does"),
    (".gitignore", "skip.txt\r\n!\r\n", ".gitignore:2: invalid pattern '!' ignored, as git does"),
    (
        ".textfix.toml",
        'exclude = ["skip.txt", "x[z-a]"]\n',
        ".textfix.toml:1: exclude: invalid pattern 'x[z-a]' ignored, as git does (bad character range z-a)",
    ),
    (
        ".textfix.toml",
        'exclude = ["skip.txt"]\n[per-file-ignores]\n"[z-a].txt" = ["doubled-word"]\n',
        ".textfix.toml:3: per-file-ignores.'[z-a].txt': invalid pattern '[z-a].txt' ignored, as git does",
    ),
]


@pytest.mark.parametrize("name, text, warning", INVALID_PATTERNS, ids=[w.split(": ")[0] for *_, w in INVALID_PATTERNS])
def test_an_invalid_pattern_is_left_out_with_a_warning(tmp_path, name, text, warning):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {name: text, "a.txt": DIRTY, "skip.txt": DIRTY})
    result = invoke("check", tmp_path, "--grammar", "off")
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"textfix: warning: {tmp_path}/{warning}"), result.stderr
    assert "a.txt:1:8: doubled-word" in result.stdout and "skip.txt" not in result.stdout


def test_finding_the_line_of_a_key_parses_the_file_about_once(tmp_path, monkeypatch):
    # A typo at the end of a long pyproject.toml: every prefix of the file was parsed (31 s
    # for 4,000 lines). Each statement is now parsed once, the file once more to load it.
    import tomllib

    dependencies = "".join(f"  'package-{i}>=1.0',\n" for i in range(4000))
    text = f"[project]\nname = 'x'\ndependencies = [\n{dependencies}]\n\n[tool.textfix]\nselct = ['punctuation']\n"
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    parsed = []
    loads = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda s, **kw: parsed.append(len(s)) or loads(s, **kw))
    with pytest.raises(ConfigError, match=r"pyproject\.toml:4007: unknown key 'tool\.textfix\.selct'"):
        load_config(tmp_path / "pyproject.toml")
    assert sum(parsed) <= 2 * len(text) + 100


def test_formats_map_other_suffixes_and_a_folder_walk_finds_them(tmp_path):
    write(
        tmp_path,
        {
            ".textfix.toml": """\
            grammar = "off"
            [formats]
            "*.strings" = "text"
            "locale/*.catalog" = "po"
            """,
            "app.strings": DIRTY,
            "locale/de.catalog": 'msgid "a. ."\nmsgstr "We met the the envoy."\n',
            "other.catalog": DIRTY,  # the pattern holds a "/": it matches paths, not names
            "notes.rst": DIRTY,
        },
    )
    assert check_json(tmp_path) == {
        "app.strings": ["doubled-word", "stray-full-stop"],
        "locale/de.catalog": ["doubled-word"],
    }


@pytest.mark.parametrize(
    "text, error",
    [
        ('formats = ["*.strings"]', "formats must be a table of pattern = format name"),
        (
            '[formats]\n"*.strings" = "yaml"',
            "must be one of text, markdown, po, xliff, srt, vtt, html, tmx, tsv, jsonl, not 'yaml'",
        ),
    ],
)
def test_an_unknown_format_is_refused(tmp_path, text, error):
    (tmp_path / ".textfix.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / ".textfix.toml")
    assert error in str(info.value)
