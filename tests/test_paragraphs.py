"""textfix.backends.paragraphs: how text is cut before it goes to a grammar backend."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.backends import paragraphs

SPLITS = [
    ("one\n\ntwo", ["one", "two"]),
    ("one\r\n\r\ntwo\r\n", ["one", "two\r\n"]),
    ("one\r\rtwo", ["one", "two"]),
    ("one\n \t\n\n  two", ["one", "two"]),
    ("line one\nline two\n\nnext", ["line one\nline two", "next"]),
    ("\n\n\nonly\n\n\n", ["only"]),
    ("one\r\n \r\n\r\ntwo\r\n\r\nthree", ["one", "two", "three"]),
    ("line one\r\nline two\r\nline three", ["line one\r\nline two\r\nline three"]),
    ("line one\rline two", ["line one\rline two"]),
    ("", []),
    (" \n\n \n", []),
]


def check_offsets(text, pieces, limit):
    position = 0
    for piece in pieces:
        assert text[piece.start : piece.start + len(piece.text)] == piece.text
        assert piece.start >= position
        assert len(piece.text) <= limit
        position = piece.start + len(piece.text)
    covered = set()
    for piece in pieces:
        covered.update(range(piece.start, piece.start + len(piece.text)))
    assert all(i in covered for i, c in enumerate(text) if not c.isspace()), "text lost"


@pytest.mark.parametrize("text, expected", SPLITS)
def test_split_on_blank_lines(text, expected):
    pieces = list(paragraphs(text))
    assert [p.text for p in pieces] == expected
    check_offsets(text, pieces, 20_000)


def test_long_paragraph_cut_after_a_sentence():
    sentence = "The delegates agreed on a text. "
    text = "Intro.\n\n" + sentence * 20 + "End"
    pieces = list(paragraphs(text, limit=100))
    check_offsets(text, pieces, 100)
    for piece in pieces[1:-1]:
        assert piece.text.endswith(". ")
    assert "".join(p.text for p in pieces[1:]) == sentence * 20 + "End"


def test_long_paragraph_without_sentences_cut_at_a_space():
    text = " ".join(f"word{i}" for i in range(200))
    pieces = list(paragraphs(text, limit=64))
    check_offsets(text, pieces, 64)
    assert len(pieces) > 1
    for piece in pieces[:-1]:
        end = piece.start + len(piece.text)
        assert text[end - 1] == " " and text[end] != " "  # never inside a word


def test_one_word_longer_than_the_limit():
    text = "x" * 250
    pieces = list(paragraphs(text, limit=100))
    assert [len(p.text) for p in pieces] == [100, 100, 50]
    check_offsets(text, pieces, 100)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "é", "\U0001f600", " ", ". ", "\n", "\r\n", "\n\n", "\r\n \r\n", "longerword", "?"]),
        max_size=120,
    ),
    st.integers(min_value=8, max_value=60),
)
def test_pieces_reconstruct_the_text(parts, limit):
    text = "".join(parts)
    pieces = list(paragraphs(text, limit=limit))
    check_offsets(text, pieces, limit)
    for piece, following in itertools.pairwise(pieces):
        end = piece.start + len(piece.text)
        if following.start == end and not piece.text[-1].isspace():
            # a cut (not a paragraph break) away from white space: only inside a word longer than the limit
            assert len(piece.text) == limit and not any(c.isspace() for c in piece.text)
