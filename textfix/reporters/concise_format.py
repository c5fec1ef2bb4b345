"""One line per finding, `path:line:col: rule-id message`, for editors' problem matchers and grep."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textfix.reporters import file_part, printable
from textfix.reporters.text_format import closing_line

if TYPE_CHECKING:
    from textfix.runner import FileResult


def render_file(result: FileResult, **_options: object) -> list[str]:
    assert result.doc is not None  # only a checked file is rendered
    position, path = result.doc.position, printable(result.path)
    return [
        f"{path}:{':'.join(map(str, position(f.start)))}: {printable(f.rule_id)} {printable(f.message)}"
        for f in result.findings
    ]


def render(
    results: Sequence[FileResult],
    *,
    quiet: bool = False,
    ignored: int = 0,
    other_suffixes: Counter[str] | None = None,
    **_options: object,
) -> str:
    lines = [line for r in results if r.checked for line in file_part(r, render_file)]
    if not quiet:
        lines.append(closing_line(results, ignored, other_suffixes))
    return "".join(line + "\n" for line in lines)
