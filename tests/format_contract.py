"""What every segmented format promises, as assertions a format's tests share.

- `assert_reads_back`: each segment's pieces are where they say: a verbatim piece's text is
  the file's text at its span; pieces do not overlap and come in file order.
- `assert_fix_stays_inside`: a fixed file differs from the original only inside the spans
  of the original's segments (what a fix may touch); every other character is kept.
"""

from __future__ import annotations

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
    """Every character outside the segments' spans is in `fixed`, in order, with only the
    segments' (new) text between: the structure between two spans is found, whole, after the
    one before it. (A diff would do, but aligns repeated markup wrongly.)"""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(editable_spans(segmented)):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    bounds = [0, *(point for span in spans for point in span), len(original)]
    gaps = [original[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    assert fixed.startswith(gaps[0]), f"changed {gaps[0][:40]!r} before the first segment"
    at = len(gaps[0])
    for gap in gaps[1:-1]:
        found = fixed.find(gap, at)
        assert found >= 0, f"changed {gap[:40]!r} between segments"
        at = found + len(gap)
    assert len(gaps) == 1 or (fixed.endswith(gaps[-1]) and len(fixed) - len(gaps[-1]) >= at), (
        f"changed {gaps[-1][:40]!r} after the last segment"
    )
