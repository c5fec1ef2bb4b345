"""gettext PO catalogues: only the translations are checked and fixed; every other byte stays."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from format_contract import assert_fix_stays_inside, assert_reads_back, segments_of
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.formats import FormatError
from textfix.formats.po import escape

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats" / "po"
REAL = sorted(FIXTURES.glob("django-admin-*.po"))


def textfix_cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "textfix", *map(str, args)], capture_output=True, text=True)


HEADER = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'


# --- what is read: (catalogue, [(ref, text, source, note)]) ------------------------------------

READS = [
    pytest.param('msgid "a"\nmsgstr "b"\n', [("a", "b", "a", "")], id="one entry"),
    pytest.param('msgid "a"\nmsgstr ""\n', [], id="an untranslated entry is no segment"),
    pytest.param(HEADER + 'msgid "a"\nmsgstr "b"\n', [("a", "b", "a", "")], id="the header is metadata"),
    pytest.param(
        'msgid "a"\nmsgstr ""\n"one "\n"two"\n', [("a", "one two", "a", "")], id="wrapped literals read as one"
    ),
    pytest.param('msgid "a"\nmsgstr "x\\"y\\\\z\\n\\tw"\n', [("a", 'x"y\\z\n\tw', "a", "")], id="escapes are read"),
    pytest.param(
        'msgctxt "menu"\nmsgid "File"\nmsgstr "Datei"\n', [("menu\x04File", "Datei", "File", "")], id="context in ref"
    ),
    pytest.param(
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "one"\nmsgstr[1] "many"\n',
        [("file[0]", "one", "file", ""), ("file[1]", "many", "files", "")],
        id="plural forms and their sources",
    ),
    pytest.param('#, fuzzy, python-format\nmsgid "a"\nmsgstr "b"\n', [("a", "b", "a", "fuzzy")], id="fuzzy says so"),
    pytest.param('#~ msgid "old"\n#~ msgstr "alt. ."\nmsgid "a"\nmsgstr "b"\n', [("a", "b", "a", "")], id="obsolete"),
    pytest.param('msgid "a"\r\nmsgstr "b"\r\n', [("a", "b", "a", "")], id="CRLF"),
    pytest.param('msgid "a"\nmsgstr "b"', [("a", "b", "a", "")], id="no final newline"),
    pytest.param('msgid "a" # note\nmsgstr "\\101"\n', [("a", "A", "a", "")], id="octal escape, comment after"),
]


@pytest.mark.parametrize(("text", "expected"), READS)
def test_reads_translations_only(text, expected):
    segmented = segments_of(text, "po")
    assert_reads_back(text, segmented)
    assert [(s.ref, s.text, s.source, s.note) for s in segmented.segments] == expected


def test_the_header_gives_the_language():
    assert segments_of('msgid ""\nmsgstr "Language: pt_BR\\n"\n\nmsgid "a"\nmsgstr "b"\n', "po").lang == "pt_BR"
    assert segments_of('msgid "a"\nmsgstr "b"\n', "po").lang is None


# --- what a fix changes: (catalogue, fixed catalogue) -------------------------------------------

FIXES = [
    pytest.param('msgid "Saved. ."\nmsgstr "Saved. ."\n', 'msgid "Saved. ."\nmsgstr "Saved."\n', id="msgid is the key"),
    pytest.param(
        'msgid "x"\nmsgstr ""\n"The talks ended. "\n"of the alliance."\n',
        'msgid "x"\nmsgstr ""\n"The talks ended "\n"of the alliance."\n',
        id="an artifact split across two literals",
    ),
    pytest.param(
        'msgid "x"\nmsgstr "He said \\"the the\\" twice."\n',
        'msgid "x"\nmsgstr "He said \\"the\\" twice."\n',
        id="escaped quotes around a fix",
    ),
    pytest.param(
        'msgid "x"\nmsgstr "Caf\\303\\251 cr\\303\\250me. ."\n',
        'msgid "x"\nmsgstr "Caf\\303\\251 cr\\303\\250me."\n',
        id="escapes away from the fix stay as written",
    ),
    pytest.param(
        'msgid "x"\nmsgid_plural "xs"\nmsgstr[0] "one  file"\nmsgstr[1] "many  files"\n',
        'msgid "x"\nmsgid_plural "xs"\nmsgstr[0] "one file"\nmsgstr[1] "many files"\n',
        id="each plural form",
    ),
    pytest.param(
        '# textfix: ignore[doubled-punctuation]\nmsgid "x"\nmsgstr "Kept. ."\n\nmsgid "y"\nmsgstr "Fixed. ."\n',
        '# textfix: ignore[doubled-punctuation]\nmsgid "x"\nmsgstr "Kept. ."\n\nmsgid "y"\nmsgstr "Fixed."\n',
        id="a translator comment suppresses in its entry only",
    ),
    pytest.param(
        '# textfix: ignore-file\nmsgid "x"\nmsgstr "Kept. ."\n\nmsgid "y"\nmsgstr "Kept. ."\n',
        '# textfix: ignore-file\nmsgid "x"\nmsgstr "Kept. ."\n\nmsgid "y"\nmsgstr "Kept. ."\n',
        id="ignore-file",
    ),
    pytest.param(
        '#~ msgid "old"\n#~ msgstr "Old. ."\n', '#~ msgid "old"\n#~ msgstr "Old. ."\n', id="obsolete is left alone"
    ),
    pytest.param(
        'msgid "x"\nmsgstr "Say the the <!-- textfix: ignore -->"\n',
        'msgid "x"\nmsgstr "Say the <!-- textfix: ignore -->"\n',
        id="a translation that shows the syntax suppresses nothing",
    ),
    pytest.param(
        'msgid "x"\nmsgstr "Say the the # textfix: ignore"\n',
        'msgid "x"\nmsgstr "Say the # textfix: ignore"\n',
        id="nor does a line comment in a translation",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIXES)
def test_fixes_touch_translations_only(text, expected):
    fixed = textfix.fix_text(text, path="messages.po", select=["ALL"])
    assert fixed == expected
    assert_fix_stays_inside(text, fixed, segments_of(text, "po"))


def test_findings_point_into_the_file_and_name_the_entry():
    text = 'msgid "x"\nmsgstr ""\n"One "\n"two. ."\n'
    [finding] = textfix.check_text(text, path="m.po", select=["doubled-punctuation"])
    assert text[finding.start : finding.end] == ". ."
    assert finding.segment == "x"


def test_a_finding_never_runs_from_one_entry_into_the_next():
    text = 'msgid "a"\nmsgstr "It ended"\n\nmsgid "b"\nmsgstr "ended the talks."\n'
    assert textfix.check_text(text, path="m.po", select=["ALL"]) == []


# --- bad input: (catalogue, line, what the message says) -------------------------------------

BAD = [
    pytest.param('msgid "a"\nmsgstr "b\n', 2, "unterminated string", id="unterminated"),
    pytest.param('msgid "a"\nmsgstr "b\\q"\n', 2, "bad escape", id="bad escape"),
    pytest.param('msgid "a"\nmsgstr "b"\n"c\n', 3, "unterminated string", id="unterminated continuation"),
    pytest.param('"orphan"\nmsgid "a"\n', 1, "no keyword", id="a string before any keyword"),
    pytest.param('msgid "a"\nmsgstr "b"\nhello\n', 3, "unexpected 'hello'", id="stray text"),
    pytest.param('msgid "a"\nmsgstr "b" "c"\n', 2, "after the string", id="two literals on a line"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD)
def test_bad_catalogue_names_the_line(text, line, message):
    with pytest.raises(FormatError) as caught:
        segments_of(text, "po")
    assert caught.value.line == line
    assert message in caught.value.message


def test_a_bad_catalogue_is_an_error_and_the_run_goes_on(tmp_path):
    (tmp_path / "bad.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    (tmp_path / "good.po").write_text('msgid "a"\nmsgstr "b. ."\n', encoding="utf-8")
    before = (tmp_path / "bad.po").read_bytes()
    done = textfix_cli("apply", "--write", "--grammar", "off", tmp_path)
    assert done.returncode == 2
    err = done.stderr
    assert f"{tmp_path / 'bad.po'}: line 2: not a valid PO file: unterminated string" in err
    assert (tmp_path / "bad.po").read_bytes() == before
    assert (tmp_path / "good.po").read_text(encoding="utf-8") == 'msgid "a"\nmsgstr "b."\n'


# --- real catalogues --------------------------------------------------------------------------


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_catalogues_read_back_and_fix_inside_translations(path):
    text = path.read_text(encoding="utf-8")
    segmented = segments_of(text, "po")
    assert_reads_back(text, segmented)
    assert segmented.lang == path.stem.rsplit("-", 1)[1]
    assert len(segmented.segments) >= 10
    fixed = textfix.fix_text(text, path=str(path), unsafe=True, select=["ALL"])
    assert_fix_stays_inside(text, fixed, segmented)
    segments_of(fixed, "po")  # still a catalogue


def test_apply_write_on_a_real_catalogue_changes_only_the_planted_artifacts(tmp_path):
    target = tmp_path / "django.po"
    shutil.copy(FIXTURES / "planted-en_GB.po", target)
    textfix_cli("apply", "--write", "--unsafe-fixes", "--grammar", "off", target)
    assert target.read_bytes() == (FIXTURES / "planted-en_GB.fixed.po").read_bytes()
    done = textfix_cli("check", "--grammar", "off", "--format", "json", FIXTURES / "planted-en_GB.po")
    findings = json.loads(done.stdout)["findings"]
    assert {(f["rule"], f["line"], f["segment"]) for f in findings} >= {
        ("doubled-punctuation", 38, "Administration"),
        (
            "doubled-word",
            88,
            (
                "Please enter the correct %(username)s and password for a staff account. "
                "Note that both fields may be case-sensitive."
            ),
        ),
    }


def test_a_catalogue_with_no_fixes_is_not_rewritten(tmp_path):
    target = tmp_path / "django.po"
    shutil.copy(FIXTURES / "django-admin-en_GB.po", target)
    stat = target.stat()
    textfix_cli("apply", "--write", "--grammar", "off", target)
    assert target.read_bytes() == (FIXTURES / "django-admin-en_GB.po").read_bytes()
    assert target.stat().st_mtime_ns == stat.st_mtime_ns


def test_a_folder_walk_finds_catalogues_and_templates(tmp_path):
    from textfix.discovery import discover

    for name in ("a.po", "b.pot", "c.mo", "d.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    found, _ = discover([tmp_path])
    assert [p.name for p in found] == ["a.po", "b.pot", "d.txt"]


# --- any catalogue ----------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@st.composite
def catalogues(draw):
    """A catalogue of entries whose translations are written in wrapped, escaped literals."""
    entries, texts = [], []
    for index in range(draw(st.integers(1, 4))):
        translation = draw(_TEXT)
        cut = draw(st.integers(0, len(translation)))
        literals = [translation[:cut], translation[cut:]] if draw(st.booleans()) else [translation]
        body = "\n".join(f'"{escape(part)}"' for part in literals)
        entries.append(f'msgid "id {index}"\nmsgstr {body}\n')
        if translation:
            texts.append(translation)
    return "\n".join(entries), texts


@settings(max_examples=150, deadline=None)
@given(catalogues())
def test_any_catalogue_reads_back_its_translations(catalogue):
    text, translations = catalogue
    segmented = segments_of(text, "po")
    assert_reads_back(text, segmented)
    assert [s.text for s in segmented.segments] == translations


@settings(max_examples=60, deadline=None)
@given(catalogues(), st.sampled_from(["Saved. .", "the the end", "ended. of the talks", "a  b", "CafÃ© au lait"]))
def test_planted_artifacts_are_fixed_inside_the_translation_only(catalogue, artifact):
    text, _ = catalogue
    text += f'\nmsgid "{escape(artifact)}"\nmsgstr "{escape(artifact)}"\n'
    fixed = textfix.fix_text(text, path="m.po", unsafe=True, select=["ALL"])
    assert fixed != text
    assert_fix_stays_inside(text, fixed, segments_of(text, "po"))
    assert f'msgid "{escape(artifact)}"' in fixed
