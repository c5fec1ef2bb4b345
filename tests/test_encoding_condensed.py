"""The mojibake rule gives ftfy a line without the middle of its long stretches of plain ASCII
(`encoding.condensed`): the findings must be those of ftfy reading the whole line."""

from __future__ import annotations

import json
import random

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.api import check_text, get_ruleset
from textfix.kinds import encoding
from textfix.kinds.encoding import CONTEXT, condensed

ENCODING = get_ruleset(select=["mojibake"])
PLAIN = "The minister said on Tuesday that the budget would rise by 4% to"
CASES = [
    case["original"]
    for name in ("in-the-wild.json", "negative.json")
    for case in json.loads((FIXTURES / "ftfy" / name).read_text(encoding="utf-8"))
]


def whole_line(line: str) -> tuple[str, list[int], list[int]]:
    return line, [0], [0]


def findings(text: str, monkeypatch: pytest.MonkeyPatch, whole: bool) -> list[tuple[int, int, str, tuple[str, ...]]]:
    with monkeypatch.context() as patch:
        if whole:
            patch.setattr(encoding, "condensed", whole_line)
        found = check_text(text, ruleset=ENCODING)
    return [(f.start, f.end, f.message, tuple(f.replacements(text))) for f in found]


C = CONTEXT
A = "a" * (2 * C + 1)  # the shortest stretch left out in part


@pytest.mark.parametrize(
    ("line", "short", "starts", "origins"),
    [
        ("", "", [0], [0]),
        ("Â£9m", "Â£9m", [0], [0]),
        ("a" * (2 * C), "a" * (2 * C), [0], [0]),  # too short to leave anything out
        (A, "a" * (2 * C), [0, C], [0, C + 1]),
        (f"{A}é", f"{'a' * (2 * C)}é", [0, C], [0, C + 1]),
        (f"é{A}", f"é{'a' * (2 * C)}", [0, C + 1], [0, C + 2]),
        (f"é{A}é{A}", f"é{'a' * (2 * C)}é{'a' * (2 * C)}", [0, C + 1, 3 * C + 2], [0, C + 2, 3 * C + 4]),
        ("\t" * (2 * C + 5), "\t" * (2 * C), [0, C], [0, C + 5]),  # tabs are plain ASCII too
        ("\x1b[1m" + A, "\x1b[1m" + A, [0], [0]),  # an escape sequence: the line is kept whole
        ("a\nb" * 40, "a\nb" * 40, [0], [0]),  # a control character ends a stretch
    ],
)
def test_condensed(line: str, short: str, starts: list[int], origins: list[int]) -> None:
    assert condensed(line) == (short, starts, origins)
    for start, origin, end in zip(starts, origins, [*starts[1:], len(short)], strict=True):
        assert short[start:end] == line[origin : origin + end - start]


def test_cases_in_prose_match_whole_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    for case in CASES:
        for _ in range(3):
            other = rng.choice(CASES)
            pad = [PLAIN[: rng.randrange(len(PLAIN))] for _ in range(3)]
            line = f"{pad[0]}{case}{pad[1] * rng.randrange(4)} {other}{pad[2]}".replace("\n", " ")
            assert findings(line, monkeypatch, False) == findings(line, monkeypatch, True), line


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([PLAIN, " ", "a", "Â", "Ã", "£", "\xa0", "©", "€", "™", "é", "Ã ", "quele", "\t", "’", "Ð"]),
        max_size=40,
    )
)
def test_random_lines_match_whole_lines(pieces: list[str]) -> None:
    line = "".join(pieces)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert findings(line, monkeypatch, False) == findings(line, monkeypatch, True)
