"""What every segmented format promises, as assertions a format's tests share.

- `assert_reads_back`: each segment's pieces are where they say: a verbatim piece's text is
  the file's text at its span; pieces do not overlap and come in file order.
- `assert_fix_stays_inside`: a fixed file differs from the original only inside the spans
  of the original's segments (what a fix may touch); every other character is kept.
"""

from __future__ import annotations

import difflib

from textfix import formats
from textfix.formats.segments import Segmented


def segments_of(text: str, name: str) -> Segmented:
    read = formats.reader(name)
    assert read is not None, f"{name} is not a segmented format"
    return read(text)


def assert_reads_back(text: str, segmented: Segmented) -> None:
    last = 0
    for segment in segmented.segments:
        for piece in segment.pieces:
            assert last <= piece.file_start <= piece.file_end <= len(text), (segment.ref, piece)
            if piece.verbatim:
                assert text[piece.file_start : piece.file_end] == piece.text, (segment.ref, piece)
            last = piece.file_end


def editable_spans(segmented: Segmented) -> list[tuple[int, int]]:
    """The file spans a fix may change: each segment's, from its first piece to its last."""
    spans = []
    for segment in segmented.segments:
        if segment.pieces:
            spans.append((segment.pieces[0].file_start, segment.pieces[-1].file_end))
    return spans


def assert_fix_stays_inside(original: str, fixed: str, segmented: Segmented) -> None:
    spans = editable_spans(segmented)
    matcher = difflib.SequenceMatcher(None, original, fixed, autojunk=False)
    for tag, lo, hi, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert any(start <= lo and hi <= end for start, end in spans), (
            f"changed {original[max(lo - 20, 0) : hi + 20]!r} outside every segment"
        )
