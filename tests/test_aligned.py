"""A plain text file checked with its source (`--source`): paired paragraph by paragraph or
line by line, and the pairs given to the checks as segments."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from textfix import formats
from textfix.cli import app
from textfix.documents import Document
from textfix.formats import ReadOptions
from textfix.formats.aligned import AlignError, align


@pytest.mark.parametrize(
    "target, source, expected",
    [
        # (target text, its source)
        ("Eins.\n\nZwei.\n", "One.\n\nTwo.\n", [("Eins.", "One."), ("Zwei.", "Two.")]),
        # paragraphs of several lines; blank lines of spaces; CRLF
        ("A\nB\n\n  \nC", "a\n\nc\nd\n", [("A\nB", "a"), ("C", "c\nd")]),
        ("A\r\n\r\nB\r\n", "a\n\nb", [("A", "a"), ("B", "b")]),
        # no blank lines: line by line
        ("Eins.\nZwei.\nDrei.\n", "One.\nTwo.\nThree.", [("Eins.", "One."), ("Zwei.", "Two."), ("Drei.", "Three.")]),
        # paragraph counts differ, line counts match: line by line; blank target lines skipped
        ("A\n\nB\nC\n", "a\nx\nb\nc\n", [("A", "a"), ("B", "b"), ("C", "c")]),
    ],
)
def test_pairs(target, source, expected):
    segments = align(target, source)
    assert [(s.text, s.source) for s in segments] == expected
    for segment in segments:
        piece = segment.pieces[0]
        assert target[piece.file_start : piece.file_end] == segment.text


def test_counts_that_differ_are_an_error():
    with pytest.raises(AlignError, match="the target has 2 paragraphs and 3 lines, the source 1 paragraph and 1 line"):
        align("A\n\nB\n", "a\n")


def test_the_document_gets_the_pairs_as_segments():
    doc = formats.pair_source(Document("Eins.\n\nZwei.\n"), ReadOptions(source_text="One.\n\nTwo.\n"))
    assert doc.segments is not None
    assert [(start, s.source) for start, s in doc.segments] == [(0, "One."), (7, "Two.")]
    # a fix that changes the counts leaves the text without a source, not misaligned
    assert formats.pair_source(Document("Eins. Zwei.\n"), ReadOptions(source_text="One.\n\nTwo.\n")).segments is None


def test_cli(tmp_path):
    target, source = tmp_path / "de.txt", tmp_path / "en.txt"
    target.write_text("Das Ende. .\n\nGut.\n", encoding="utf-8")
    source.write_text("The end.\n\nGood.\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(
        app, ["check", str(target), "--source", str(source), "--grammar", "off", "--format", "concise"]
    )
    assert done.exit_code == 1 and "doubled-punctuation" in done.stdout
    done = runner.invoke(app, ["apply", str(target), "--source", str(source), "--grammar", "off", "--write"])
    assert target.read_text(encoding="utf-8") == "Das Ende.\n\nGut.\n"
    source.write_text("The end.\n", encoding="utf-8")
    done = runner.invoke(app, ["check", str(target), "--source", str(source), "--grammar", "off"])
    assert done.exit_code == 2 and "do not pair" in done.stderr
    done = runner.invoke(app, ["check", str(tmp_path), "--source", str(source), "--grammar", "off"])
    assert done.exit_code == 2 and "one file" in done.stderr
