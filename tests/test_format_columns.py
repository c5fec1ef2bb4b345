"""TSV and JSON lines files with a source and a target column: each target value is a
segment, its source the source value; quoting and JSON escapes read, and written back as
the file writes them."""

from __future__ import annotations

import json

import pytest
from format_contract import assert_fix_stays_inside, assert_reads_back
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import formats
from textfix.formats import Columns, ReadOptions
from textfix.formats.segments import FormatError


def read(text: str, name: str, source: str | None = None, target: str | None = None):
    read_ = formats.reader(name, ReadOptions(columns=Columns(source, target)))
    assert read_ is not None
    segmented = read_(text)
    assert_reads_back(text, segmented)
    return segmented


@pytest.mark.parametrize(
    "text, columns, expected",
    [
        # (ref, target, source)
        ("Hello\tHallo\nBye\tTschüss\n", (None, None), [("line 1", "Hallo", "Hello"), ("line 2", "Tschüss", "Bye")]),
        ("id\tsource\ttarget\n7\tHello\tHallo\r\n", (None, None), [("line 2", "Hallo", "Hello")]),
        ("Target\tSource\nHallo\tHello", (None, None), [("line 2", "Hallo", "Hello")]),
        ("en\tde\tfr\nHello\tHallo\tSalut\n", ("en", "fr"), [("line 2", "Salut", "Hello")]),
        # quoted values: tabs, line breaks and doubled quotes inside; a lone quote is text
        ('"a\tb"\t"c ""d""\ne"\nx\ty\n', (None, None), [("line 1", 'c "d"\ne', "a\tb"), ("line 3", "y", "x")]),
        ('"Hi" he said\t"Hallo" sagte er\n', (None, None), [("line 1", '"Hallo" sagte er', '"Hi" he said')]),
        # blank lines and empty targets
        ("a\tb\n\n\nc\t\n", (None, None), [("line 1", "b", "a")]),
    ],
)
def test_tsv_reads_targets(text, columns, expected):
    assert [(s.ref, s.text, s.source) for s in read(text, "tsv", *columns).segments] == expected


def test_a_column_named_by_a_language_gives_the_language():
    assert read("en\tde\nHello\tHallo\n", "tsv", "en", "de").lang == "de"
    assert read("Hello\tHallo\n", "tsv").lang is None


@pytest.mark.parametrize(
    "text, name, columns, line, words",
    [
        ("a\tb\nc\n", "tsv", (None, None), 2, "a row of 1 column"),
        ("en\tfr\na\tb\n", "tsv", ("en", "de"), 1, "no column named 'de' (there are: en, fr)"),
        ('{"source": "a", "target": "b"}\n{"source": "a", "target": }\n', "jsonl", (None, None), 2, "not JSON"),
        ('{"source": "a", "target": 3}\n', "jsonl", (None, None), 1, "the target ('target') is not a string"),
        ('"just a string"\n', "jsonl", (None, None), 1, "a JSON object"),
        ('{"id": 1}\n', "jsonl", (None, None), 1, "no source and target"),
        ('{"en": "a", "fr": "b"}\n', "jsonl", ("en", "de"), 1, "no key named 'de'"),
    ],
)
def test_bad_rows_name_the_line(text, name, columns, line, words):
    with pytest.raises(FormatError) as caught:
        read(text, name, *columns)
    assert caught.value.line == line and words in caught.value.message


@pytest.mark.parametrize(
    "text, columns, expected",
    [
        ('{"source": "Hello", "target": "Hallo"}\n', (None, None), [("line 1", "Hallo", "Hello")]),
        ('{"id": 3, "target": "Hallo", "source": "Hello"}', (None, None), [("line 1", "Hallo", "Hello")]),
        ('{"en": "Hello", "de": "Hallo"}\n', (None, None), [("line 1", "Hallo", "Hello")]),
        ('{"en": "Hello", "de": "Hallo", "fr": "Salut"}\n', ("en", "fr"), [("line 1", "Salut", "Hello")]),
        ('["Hello", "Hallo"]\n', (None, None), [("line 1", "Hallo", "Hello")]),
        # escapes read as their characters, a surrogate pair as one
        (
            '{"source": "a", "target": "\\"x\\"\\n\\u00e9 \\ud83d\\ude00 \\\\ /\\/"}\n',
            (None, None),
            [("line 1", '"x"\né 😀 \\ //', "a")],
        ),
        # a null or empty target is untranslated; blank lines are skipped
        ('{"source": "a", "target": null}\n\n{"source": "b", "target": ""}\n', (None, None), []),
        ('{"source": null, "target": "b"}\r\n', (None, None), [("line 1", "b", None)]),
    ],
)
def test_jsonl_reads_targets(text, columns, expected):
    assert [(s.ref, s.text, s.source) for s in read(text, "jsonl", *columns).segments] == expected


@pytest.mark.parametrize(
    "text, path, fixed",
    [
        ("Done.\tFertig. .\n", "m.tsv", "Done.\tFertig.\n"),
        ('"Done"\t"Sag ""ja"". ."\n', "m.tsv", '"Done"\t"Sag ""ja""."\n'),
        (
            '{"source": "Done. .\\n", "target": "Fertig. .\\n"}\n',
            "m.jsonl",
            '{"source": "Done. .\\n", "target": "Fertig.\\n"}\n',
        ),
    ],
)
def test_a_fix_edits_the_target_only(text, path, fixed):
    assert textfix.fix_text(text, path=path) == fixed


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=4), st.booleans())
def test_any_jsonl_file_reads_back_and_fixes_inside_its_targets(rows, ascii_only):
    text = "".join(json.dumps({"source": s, "target": t}, ensure_ascii=ascii_only) + "\n" for s, t in rows)
    text += json.dumps({"source": "x", "target": "am am Ende. ."}, ensure_ascii=ascii_only) + "\n"
    segmented = read(text, "jsonl")
    assert [(s.source, s.text) for s in segmented.segments] == [(s, t) for s, t in rows if t] + [("x", "am am Ende. .")]
    fixed = textfix.fix_text(text, path="m.jsonl", unsafe=True, select=["ALL"])
    assert_fix_stays_inside(text, fixed, segmented)
    assert all(json.loads(line) for line in fixed.split("\n") if line)


_CELL = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='\t\r\n"'), max_size=30)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL), min_size=1, max_size=4))
def test_any_tsv_file_reads_back(rows):
    text = "".join(f"{s}\t{t}\n" for s, t in rows)
    segmented = read(text, "tsv")
    kept = [(s, t) for s, t in rows if (s or t) and t]
    if [c.lower() for c in rows[0]] == ["source", "target"]:
        kept = kept[1:]
    assert [(s.source, s.text) for s in segmented.segments] == kept
