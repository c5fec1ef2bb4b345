"""WebVTT subtitles: real files read as cues, fixes spliced into cue text only, NOTE
suppressions, bad files refused with the line (fixtures/formats/vtt/, sources in SOURCES.md)."""

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

HERE = FIXTURES / "formats" / "vtt"


def read_fixture(name: str) -> str:
    return (HERE / name).read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    "name, count, refs, first, lang",
    [
        ("netflix_chicas_del_cable.vtt", 6, ["1", "2"], "[Alba] En 1928,", None),  # NOTE blocks, blank-ish lines
        ("comments.vtt", 3, ["1", "2"], "- Ta en kopp varmt te.\n- Det är inte varmt.", None),
        ("youtube_dl.vtt", 4, ["1", "2"], "yeah", "en"),  # Style: header, a cue with no blank line before it
        ("styles.vtt", 1, ["1"], "- Hello world.", None),
        ("captions_with_bom.vtt", 4, ["1", "2"], "Caption text #1", None),
        ("regions.vtt", 6, ["1", "2"], "Hi, my name is Fred", None),
        ("ruby-basic.vtt", 1, ["1"], "It's a blue apple tree!", None),
        ("cycle-collector-talk.vtt", 8, ["1", "2"], " Not ready yet? Alright, I'll wait until the camera", None),
        ("spec-example.vtt", 13, ["1", "2"], "We are in New York City", None),
        ("spec-example.fixed.vtt", 13, ["1", "2"], "We are in New York City", None),
    ],
)
def test_real_files_read_as_cues(name, count, refs, first, lang):
    text = read_fixture(name)
    segmented = segments_of(text, "vtt")
    assert_reads_back(text, segmented)
    assert len(segmented.segments) == count
    assert [s.ref for s in segmented.segments[: len(refs)]] == refs
    assert segmented.segments[0].text.startswith(first)
    assert segmented.lang == lang and all(s.lang == lang for s in segmented.segments)
    if name != "spec-example.vtt":  # the one with a real artifact in it
        assert fix_text(text, path=f"x/{name}", unsafe=True) == text


def test_character_references_read_as_characters():
    [segment] = segments_of(read_fixture("escape-together.vtt"), "vtt").segments
    assert segment.text == "Some text < &> < &nb\u00a0 &am< \u200f&lr\u200e other stuff."
    assert not [p for p in segment.pieces if p.text == "&" and p.verbatim]  # "&amp;" is one escape


def test_timestamps_and_classes_are_protected():
    segment = segments_of(read_fixture("youtube_dl.vtt"), "vtt").segments[2]
    assert segment.text.startswith("this will happen is I'm")
    assert all(p.text == "" for p in segment.pieces if p.protected)


@pytest.mark.parametrize(
    "text, line, message",
    [
        (read_fixture("invalid.vtt"), 1, "no WEBVTT signature"),
        (read_fixture("missing_timeframe.vtt"), 6, "'Caption text #2' has no timing line"),
        (read_fixture("invalid_timeframe.vtt"), 6, "not a timing line"),  # 00:00:1d.890
        ("", 1, "no WEBVTT signature"),
        ("WEBVTTX\n", 1, "no WEBVTT signature"),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\nOne dash\n", 3, "not a timing line"),
        ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nA comma\n", 3, "not a timing line"),
        ("WEBVTT\n\nintro\n\n00:01.000 --> 00:02.000\nA\n", 3, "'intro' has no timing line"),
    ],
)
def test_bad_files_are_refused_with_the_line(text, line, message):
    with pytest.raises(FormatError) as caught:
        segments_of(text, "vtt")
    assert caught.value.line == line and message in caught.value.message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text, refs, texts",
    [
        ("WEBVTT", [], []),
        (
            "WEBVTT\n00:01.000 --> 00:02.000\nNo blank line after the signature\n",
            ["1"],
            ["No blank line after the signature"],
        ),
        ("\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nBOM and CRLF\r\n", ["1"], ["BOM and CRLF"]),
        ("WEBVTT\n\n00:02.000 --> 00:01.000\nEnds before it starts", ["1"], ["Ends before it starts"]),
        (
            "WEBVTT\n\nopening\n01:00:01.000 --> 01:00:02.000 line:0\nA\n\n \n\n\n00:03.000 --> 00:04.000\nB\n",
            ["opening", "2"],
            ["A", "B"],
        ),
        (
            "WEBVTT\n\n00:01.000 --> 00:02.000\n00:03.000 --> 00:04.000\nThe first cue is empty\n",
            ["2"],
            ["The first cue is empty"],
        ),
        ("WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:fred\n\nNOTE\nA note. of the.\n", [], []),
        (
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Ann>Tom &amp; Jerry</v>\n<ruby>漢<rt>kan</rt></ruby>",
            ["1"],
            ["Tom & Jerry\n漢kan"],
        ),
    ],
)
def test_sloppy_and_odd_files_are_read(text, refs, texts):
    segmented = segments_of(text, "vtt")
    assert_reads_back(text, segmented)
    assert [s.ref for s in segmented.segments] == refs
    assert [s.text for s in segmented.segments] == texts


@pytest.mark.parametrize("brk", ["\n", "\r\n"])
@pytest.mark.parametrize(
    "cue, fixed",
    [
        *ARTIFACTS.items(),
        ("<v Roger>Saved. .</v>", "<v Roger>Saved.</v>"),
        ("Tom &amp; Jerry met the the cat.", "Tom &amp; Jerry met the cat."),
        ("<00:00:01.500><c>It ended. of the day.</c>", "<00:00:01.500><c>It ended of the day.</c>"),
        ("- A &lt; B.\n- <i>The cafÃ© was shut.</i>", "- A &lt; B.\n- <i>The café was shut.</i>"),
        ("They met in the <i>the</i> capital.", "They met in the <i>the</i> capital."),  # a fix across a tag is dropped
    ],
)
def test_planted_artifacts_are_fixed_in_place(brk, cue, fixed):
    template = (
        "WEBVTT{b}{b}one{b}00:01.000 --> 00:02.000 align:start{b}Saved. .{b}{b}00:03.000 --> 00:04.000{b}{cue}{b}"
    )
    text = template.format(b=brk, cue=cue.replace("\n", brk))
    expected = template.format(b=brk, cue=fixed.replace("\n", brk)).replace("Saved. .", "Saved.", 1)
    assert fix_text(text, path="x.vtt", unsafe=True) == expected


def test_new_text_is_escaped():
    from textfix.formats.vtt import escape

    assert escape("Tom & Jerry <3") == "Tom &amp; Jerry &lt;3"
    [segment] = segments_of("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nA\r\nB\r\n", "vtt").segments
    assert segment.escape("x\n&y") == "x\r\n&amp;y"


@pytest.mark.parametrize(
    "note, left",
    [
        ("NOTE textfix: ignore[doubled-word]", ["stray-full-stop"]),
        ("NOTE textfix: ignore", []),
        ("NOTE\ntextfix: ignore[stray-full-stop]", ["doubled-word"]),
        ("NOTE textfix: ignore-file", []),
        ("NOTE not a suppression", ["doubled-word", "stray-full-stop"]),
    ],
)
def test_note_suppressions(note, left):
    text = (
        f"WEBVTT\n\n{note}\n\n00:01.000 --> 00:02.000\nWe met the the envoy.\nIt ended. of the day.\n\n"
        "00:03.000 --> 00:04.000\nWe met the the envoy.\n"
    )
    findings = check_text(text, path="x.vtt", select=["doubled-word", "stray-full-stop"])
    first = [f.rule_id for f in findings if f.segment == "1"]
    second = [f.rule_id for f in findings if f.segment == "2"]
    assert sorted(first) == left
    assert second == ([] if "ignore-file" in note else ["doubled-word"])  # the next cue is not covered


@settings(max_examples=60, deadline=None)
@given(subtitle_file(vtt=True))
def test_generated_files_read_back_and_clean_ones_stay(made):
    segmented = segments_of(made.text, "vtt")
    assert_reads_back(made.text, segmented)
    assert [s.text for s in segmented.segments] == made.cues
    assert fix_text(made.text, path="x.vtt", unsafe=True) == made.text


@settings(max_examples=60, deadline=None)
@given(subtitle_file(vtt=True, dirty=True))
def test_fixes_stay_inside_cues(made):
    fixed = fix_text(made.text, path="x.vtt", unsafe=True)
    assert_fix_stays_inside(made.text, fixed, segments_of(made.text, "vtt"))
    cues = [s.text for s in segments_of(fixed, "vtt").segments]
    for before, after in zip(made.cues, cues, strict=True):
        for artifact, repaired in ARTIFACTS.items():
            before = before.replace(artifact, repaired)
        assert after == before


@settings(max_examples=300, deadline=None)
@given(SCRAPS)
def test_any_text_reads_back_or_is_refused_with_a_line(text):
    try:
        segmented = segments_of(text, "vtt")
    except FormatError as error:
        assert error.line >= 1 and "\n" not in str(error)
        return
    assert_reads_back(text, segmented)


def test_cli_end_to_end(tmp_path):
    # The standard's own example file, as the vtt.js tests carry it, has "—" written as
    # mojibake in cue 9.
    path = tmp_path / "spec-example.vtt"
    path.write_bytes((HERE / "spec-example.vtt").read_bytes())
    runner = CliRunner()
    out = runner.invoke(app, ["check", str(path), "--grammar", "off"]).stdout
    assert f"{path}:28:34: mojibake" in out
    found = json.loads(runner.invoke(app, ["check", str(path), "--grammar", "off", "--format", "json"]).stdout)
    assert [(f["rule"], f["line"], f["segment"]) for f in found["findings"]] == [("mojibake", 28, "9")]
    sarif = json.loads(runner.invoke(app, ["check", str(path), "--grammar", "off", "--format", "sarif"]).stdout)
    assert [r["properties"]["segment"] for r in sarif["runs"][0]["results"]] == ["9"]
    runner.invoke(app, ["apply", str(path), "--grammar", "off", "--write"])
    assert path.read_bytes() == (HERE / "spec-example.fixed.vtt").read_bytes()

    bad = tmp_path / "bad.vtt"
    bad.write_bytes((HERE / "invalid.vtt").read_bytes())
    result = runner.invoke(app, ["check", str(bad), "--grammar", "off"])
    assert result.exit_code == 2
    assert f"{bad}: line 1: not a valid VTT file: no WEBVTT signature" in result.stderr
