"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

    ::error title=textfix (stray-full-stop),file=notes.txt,line=1,col=35,endLine=1,endColumn=36::stray-full-stop Full stop in mid-sentence

Every finding is an `error`, as in ruff: any finding fails the run (exit 1), so the
annotation says so too. Paths are as given on the command line; run textfix from the
repository root so that GitHub can place them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textfix.reporters import file_part, printable

if TYPE_CHECKING:
    from textfix.runner import FileResult


def escape_data(text: str) -> str:
    # GitHub's own escapes first, so that a line break stays one in the annotation; what
    # else a log viewer could act on, and the bytes of a name that is not UTF-8, as printable() writes them.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_file(result: FileResult, **_options: object) -> list[str]:
    doc = result.doc
    assert doc is not None  # only a checked file is rendered
    lines = []
    for finding in result.findings:
        line, col = doc.position(finding.start)
        end_line, end_col = doc.position(finding.end)
        props = {
            "title": f"textfix ({finding.rule_id})",
            "file": str(result.path),
            "line": line,
            "col": col,
            "endLine": end_line,
            "endColumn": end_col,
        }
        head = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
        lines.append(f"::error {head}::{escape_data(f'{finding.rule_id} {finding.message}')}")
    return lines


def render(results: Iterable[FileResult], **_options: object) -> str:
    lines = []
    for result in results:
        if result.error:
            lines.append(f"::error file={escape_property(str(result.path))}::{escape_data(str(result.error))}")
        if result.checked:
            lines.extend(file_part(result, render_file))
    return "".join(line + "\n" for line in lines)
