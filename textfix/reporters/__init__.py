"""Reporters render results; each format lives in its own module with `render(results) -> str`."""

from __future__ import annotations

import importlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypedDict, TypeVar, cast

if TYPE_CHECKING:
    from textfix.runner import FileResult

FORMATS = ("text", "concise", "json", "github", "sarif")

_compact = json.JSONEncoder(ensure_ascii=False).encode

Part = TypeVar("Part")

# What a terminal or a CI log could take for a command: C0 controls (line breaks among
# them), DEL, C1 controls (U+009B is a one-character CSI), the Unicode line and paragraph
# separators, and surrogates, which stand for the bytes of a file name that are not UTF-8.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# What json, with ensure_ascii=False, writes raw and json_safe escapes: surrogates, which in
# UTF-8 are no valid character at all, so that the output would not decode; and DEL, the C1
# controls and the line separators, valid JSON but acted on by a terminal the output is shown in.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """`text` safe to print for humans: each character a terminal or a CI log could act on
    (see UNPRINTABLE) is written as an escape, `\\n`, `\\x1b`, `\\u2028`; a byte of a file name
    that is not UTF-8 as `\\xe9`. Everything else, other scripts included, is left as it is."""
    text = str(text)
    return UNPRINTABLE.sub(_escape, text) if UNPRINTABLE.search(text) else text


def json_safe(text: str) -> str:
    """JSON text that is valid UTF-8 and safe to show: each character of _JSON_UNSAFE written
    as a `\\uXXXX` escape. A byte of a file name that is not UTF-8 is a surrogate, `\\udce9`
    (Python's surrogateescape: `os.fsencode` gives the name's bytes back)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def use_color(stream: object) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def render(name: str, results: Sequence[FileResult], **options: object) -> str:
    format_render: Callable[..., str] = importlib.import_module(f"textfix.reporters.{name}_format").render
    return format_render(results, **options)


def render_file(name: str, result: FileResult, **options: object) -> object:
    """The part of format `name`'s output that comes from this file alone, or None when the
    format renders files together. Run where the file was checked: in parallel, in workers."""
    module = importlib.import_module(f"textfix.reporters.{name}_format")
    per_file: Callable[..., object] | None = getattr(module, "render_file", None)
    return None if per_file is None or result.doc is None else per_file(result, **options)


def file_part(result: FileResult, per_file: Callable[..., Part], **options: object) -> Part:
    """`per_file(result)`, or what the worker that checked the file already made of it."""
    if result.rendered is not None:
        # Made by this same `per_file` (render_file names the format whose render asks here).
        return cast(Part, result.rendered)
    return per_file(result, **options)


class Encoded(str):
    """Rows already encoded as compact JSON: one value, or several joined with ROW_BREAK."""


# What to_json writes between the rows of a list under a top-level key.
ROW_BREAK = ",\n    "


class Summary(TypedDict):
    """The run's counts, as the JSON output's `summary` and the text output's closing line give them."""

    files: int
    files_with_findings: int
    findings: int
    fixable_safe: int
    fixable_unsafe: int
    errors: list[str]


def summary(results: Sequence[FileResult]) -> Summary:
    counts = [r.counts() for r in results if r.checked]
    return {
        "files": len(counts),  # files actually checked
        "files_with_findings": sum(1 for found, _, _ in counts if found),
        "findings": sum(found for found, _, _ in counts),
        "fixable_safe": sum(safe for _, safe, _ in counts),
        "fixable_unsafe": sum(unsafe for _, _, unsafe in counts),
        "errors": [str(r.error) for r in results if r.error] + rules_off(results),
    }


def rules_off(results: Iterable[FileResult]) -> list[str]:
    """Why each rule the run switched off was (the first file's message for each rule: several
    workers may have run it out of time at once)."""
    told: dict[str, str] = {}
    for result in results:
        for rule, message in result.rules_off.items():
            told.setdefault(rule, message)
    return list(told.values())


def to_json(value: object, rows: tuple[str, ...] = (), level: int = 0, compact_items: bool = False) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, except that each element of a list
    under a key in `rows` is written compact on one line, and surrogates are escaped (json_safe).

    As easy to read and to diff, and far faster: with `indent`, json encodes in pure Python,
    without it in C. JSON strings never hold a raw line break, so each element stays one line.
    """
    if level == 0:
        return json_safe(_to_json(value, rows, level, compact_items))
    return _to_json(value, rows, level, compact_items)


def _to_json(value: object, rows: tuple[str, ...], level: int, compact_items: bool) -> str:
    if not value or not isinstance(value, (dict, list)):
        return _compact(value)
    if isinstance(value, dict):
        items = [f"{_compact(key)}: {to_json(item, rows, level + 1, key in rows)}" for key, item in value.items()]
        return _block("{}", items, level)
    if compact_items:
        return _block("[]", [item if isinstance(item, Encoded) else _compact(item) for item in value], level)
    return _block("[]", [to_json(item, rows, level + 1) for item in value], level)


def _block(brackets: str, items: list[str], level: int) -> str:
    pad = "\n" + "  " * (level + 1)
    return brackets[0] + pad + ("," + pad).join(items) + pad[:-2] + brackets[1]
