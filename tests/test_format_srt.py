"""SubRip subtitles: real files read as cues, fixes spliced into cue text only, bad files
refused with the line (fixtures/formats/srt/, sources in SOURCES.md)."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES
from format_contract import assert_fix_stays_inside, assert_reads_back, segments_of
from hypothesis import given, settings
from subtitle_files import ARTIFACTS, SCRAPS, subtitle_file
from typer.testing import CliRunner

from textfix.api import check_text, fix_text
from textfix.cli import app
from textfix.formats import FormatError

HERE = FIXTURES / "formats" / "srt"


def read_fixture(name: str) -> str:
    return (HERE / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    "name, count, refs, first",
    [
        ("sintel_en.srt", 10, ["1", "2", "3"], "This blade has a dark past."),  # CRLF
        ("capability_tester.srt", 5, ["1", "2", "3"], "Don't show this text it may be used to insert hidden data"),
        ("no-indexes.srt", 3, ["1", "2", "3"], "About 2 months ago I found myself on\nthe comment section of YouTube"),
        ("sample.srt", 5, ["1", "2", "3"], "Caption text #1"),  # no final line break
    ],
)
def test_real_files_read_as_cues(name, count, refs, first):
    text = read_fixture(name)
    segmented = segments_of(text, "srt")
    assert_reads_back(text, segmented)
    assert len(segmented.segments) == count
    assert [s.ref for s in segmented.segments[:3]] == refs
    assert segmented.segments[0].text == first
    assert segmented.lang is None
    assert fix_text(text, path=f"x/{name}", unsafe=True) == text  # nothing to fix: not a byte changes


def test_markup_is_protected_and_reads_as_nothing():
    segment = segments_of(read_fixture("capability_tester.srt"), "srt").segments[1]
    assert (
        segment.text.splitlines()[1]
        == "Use VLC 1.1 or higher as reference for most things and MPC Home Cinema for others"
    )
    assert segment.text.splitlines()[2] == "This text should be blue"
    tags = [p for p in segment.pieces if p.protected]
    assert tags and all(p.text == "" for p in tags)


@pytest.mark.parametrize(
    "text, line, message",
    [
        (read_fixture("invalid.srt"), 2, "not a timing line"),  # no milliseconds
        (read_fixture("missing_timeframe.srt"), 5, "cue 2 has no timing line"),
        ("1\n00:01,000 --> 00:02,000\nHours missing\n", 2, "not a timing line"),
        ("1\n00:00:01,000 -> 00:00:02,000\nOne dash\n", 2, "not a timing line"),
        ("1\n00:00:01,000 --> 00:00:02,000\nA\n\nx1\n00:00:03,000 --> 00:00:04,000\nB\n", 5, "found 'x1'"),
        ("1\n00:00:01,000 --> 00:00:02,000\nA\n\nStray text after a blank line\n", 5, "expected a cue number"),
        ("7\n", 1, "cue 7 has no timing line"),
    ],
)
def test_bad_files_are_refused_with_the_line(text, line, message):
    with pytest.raises(FormatError) as caught:
        segments_of(text, "srt")
    assert caught.value.line == line and message in caught.value.message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text, texts",
    [
        ("", []),
        ("\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nBOM and CRLF\r\n", ["BOM and CRLF"]),
        ("1\n00:00:02,000 --> 00:00:01,000\nEnds before it starts\n", ["Ends before it starts"]),
        ("1\n00:00:01.000 --> 00:00:02.000  X1:10 X2:20\nDots and coordinates\n", ["Dots and coordinates"]),
        ("\n\n1  \n00:00:01,000 --> 00:00:02,000 \nA  \n \n\n\n2\n0:0:3,5 --> 0:0:4,5\nB", ["A  ", "B"]),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nNo blank line\n2\n00:00:03,000 --> 00:00:04,000\nafter it\n",
            ["No blank line", "after it"],
        ),
        ("1\n00:00:01,000 --> 00:00:02,000\n42\n", ["42"]),
        ("1\r00:00:01,000 --> 00:00:02,000\rOld Mac\rbreaks\r", ["Old Mac\nbreaks"]),  # a number that is the text
        ("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\n<i></i>\n", []),  # empty cues
    ],
)
def test_sloppy_files_are_read(text, texts):
    segmented = segments_of(text, "srt")
    assert_reads_back(text, segmented)
    assert [s.text for s in segmented.segments] == texts


@pytest.mark.parametrize("brk", ["\n", "\r\n"])
@pytest.mark.parametrize(
    "cue, fixed",
    [
        *ARTIFACTS.items(),
        ("<i>Saved. .</i>", "<i>Saved.</i>"),
        ("{\\an8}They met in the the capital.", "{\\an8}They met in the capital."),
        (
            "- It ended. of the day.\n- <b>The cafÃ© was shut.</b>",
            "- It ended of the day.\n- <b>The café was shut.</b>",
        ),
        ("They met in the <i>the</i> capital.", "They met in the <i>the</i> capital."),  # a fix across a tag is dropped
    ],
)
def test_planted_artifacts_are_fixed_in_place(brk, cue, fixed):
    template = "1{b}00:00:01,000 --> 00:00:02,000{b}Saved. .{b}{b}2{b}00:00:03,000 --> 00:00:04,000{b}{cue}{b}"
    text = template.format(b=brk, cue=cue.replace("\n", brk))
    expected = template.format(b=brk, cue=fixed.replace("\n", brk)).replace("Saved. .", "Saved.", 1)
    assert fix_text(text, path="x.srt", unsafe=True) == expected


def test_findings_name_the_cue_and_its_line():
    text = read_fixture("sintel_en.srt").replace("It has shed", "It has has shed")
    [finding] = check_text(text, path="x.srt")
    assert finding.rule_id == "doubled-word" and finding.segment == "2"
    assert text[finding.start : finding.end] == "has has"


@settings(max_examples=60, deadline=None)
@given(subtitle_file(vtt=False))
def test_generated_files_read_back_and_clean_ones_stay(made):
    segmented = segments_of(made.text, "srt")
    assert_reads_back(made.text, segmented)
    assert [s.text for s in segmented.segments] == made.cues
    assert fix_text(made.text, path="x.srt", unsafe=True) == made.text


@settings(max_examples=60, deadline=None)
@given(subtitle_file(vtt=False, dirty=True))
def test_fixes_stay_inside_cues(made):
    fixed = fix_text(made.text, path="x.srt", unsafe=True)
    assert_fix_stays_inside(made.text, fixed, segments_of(made.text, "srt"))
    cues = [s.text for s in segments_of(fixed, "srt").segments]
    for before, after in zip(made.cues, cues, strict=True):
        for artifact, repaired in ARTIFACTS.items():
            before = before.replace(artifact, repaired)
        assert after == before


@settings(max_examples=300, deadline=None)
@given(SCRAPS)
def test_any_text_reads_back_or_is_refused_with_a_line(text):
    try:
        segmented = segments_of(text, "srt")
    except FormatError as error:
        assert error.line >= 1 and "\n" not in str(error)
        return
    assert_reads_back(text, segmented)


def test_cli_end_to_end(tmp_path):
    path = tmp_path / "sintel.srt"
    text = read_fixture("sintel_en.srt").replace("A dragon.", "A dragon. .")
    path.write_bytes(text.encode("utf-8"))
    runner = CliRunner()
    out = runner.invoke(app, ["check", str(path), "--grammar", "off"]).stdout
    assert f"{path}:42:9: doubled-punctuation" in out
    found = json.loads(runner.invoke(app, ["check", str(path), "--grammar", "off", "--format", "json"]).stdout)
    assert [(f["line"], f["segment"]) for f in found["findings"]] == [(42, "10")]
    runner.invoke(app, ["apply", str(path), "--grammar", "off", "--write"])
    assert path.read_bytes() == (HERE / "sintel_en.srt").read_bytes()

    bad = tmp_path / "bad.srt"
    bad.write_bytes((HERE / "invalid.srt").read_bytes())
    result = runner.invoke(app, ["check", str(bad), "--grammar", "off"])
    assert result.exit_code == 2
    assert f"{bad}: line 2: not a valid SRT file: not a timing line" in result.stderr
