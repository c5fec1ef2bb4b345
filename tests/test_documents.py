"""The document's line model and the Markdown regions checks leave alone."""

from __future__ import annotations

import pytest

from textfix.documents import Document


@pytest.mark.parametrize(
    "text, lines",
    [
        ("a\nb\n", ["a", "b", ""]),
        ("a\r\nb\r\n", ["a", "b", ""]),
        ("a\rb\r", ["a", "b", ""]),
        ("a\r\rb", ["a", "", "b"]),
        ("a\n\r\nb\r", ["a", "", "b", ""]),
        # What str.splitlines also takes for a line end is text inside a line here.
        ("a\fb\vc\u2028d\u2029e\x85f\x1cg\x1dh\x1ei\n", ["a\fb\vc\u2028d\u2029e\x85f\x1cg\x1dh\x1ei", ""]),
    ],
)
def test_a_line_ends_at_crlf_lf_or_a_lone_cr(text, lines):
    doc = Document(text)
    assert [doc.line_text(n) for n in range(1, len(doc.line_starts) + 1)] == lines
    assert [text[lo:hi] for lo, hi in doc.lines_between(0, len(text) + 1)] == lines
    for offset in range(len(text) + 1):
        line, _column = doc.position(offset)
        assert doc.line_bounds(offset) == (doc.line_starts[line - 1], doc.line_end(line))


@pytest.mark.parametrize(
    "text, skipped",
    [
        ("```\ncode\n```\nprose\n", ["```\ncode\n```"]),
        ("```python\ncode\n```\nprose\n", ["```python\ncode\n```"]),
        ("~~~\ncode\n~~~\nprose\n", ["~~~\ncode\n~~~"]),
        ("```\r\ncode\r\n```\r\nprose\r\n", ["```\r\ncode\r\n```"]),
        ("```\rcode\r```\rprose\r", ["```\rcode\r```"]),
        # A fence closes only at a line of at least as many of the same character, and nothing else.
        ("````\n```\ncode\n````\nprose\n", ["````\n```\ncode\n````"]),
        ("~~~\n```\ncode\n~~~~\nprose\n", ["~~~\n```\ncode\n~~~~"]),
        ("```\n``` not a close\n```\nprose\n", ["```\n``` not a close\n```"]),
        # A fence never closed runs to the end of the text, as in CommonMark.
        ("prose\n```\ncode\n\nmore code\n", ["```\ncode\n\nmore code\n"]),
        ("prose\n```", ["```"]),
        ("prose\r~~~\rcode\r", ["~~~\rcode\r"]),
        # Backticks in the info string make it inline code, not a fence.
        ("```code``` and prose\nmore prose\n", ["```code```"]),
    ],
)
def test_markdown_code_fences(text, skipped):
    doc = Document(text, "a.md", markdown=True)
    assert [text[lo:hi] for lo, hi in doc.skip_spans] == skipped
