"""Reporters render results; each format lives in its own module with `render(results) -> str`."""

from __future__ import annotations

import importlib
import os

FORMATS = ("text", "concise", "json", "github", "sarif")


def use_color(stream) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def render(name: str, results, **options) -> str:
    return importlib.import_module(f"textfix.reporters.{name}_format").render(results, **options)


def summary(results) -> dict:
    findings = [f for r in results for f in r.findings]
    return {
        "files": sum(1 for r in results if r.doc is not None),  # files actually checked
        "files_with_findings": sum(1 for r in results if r.findings),
        "findings": len(findings),
        "fixable_safe": sum(1 for f in findings if f.fix and f.fix.applicability.name == "SAFE"),
        "fixable_unsafe": sum(1 for f in findings if f.fix and f.fix.applicability.name == "UNSAFE"),
        "errors": [r.error for r in results if r.error],
    }
