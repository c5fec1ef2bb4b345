"""The grammar backends by name, each imported only when asked for."""

from __future__ import annotations

from typing import Any

from textfix.backends import BACKENDS, Backend, GrammarError


def load_backend(name: str, **options: Any) -> Backend | None:
    """Import a backend only when asked for: with grammar off, no engine is loaded."""
    if name == "off":
        return None
    if name == "languagetool":
        from textfix.backends.languagetool import LanguageToolBackend

        return LanguageToolBackend(**options)
    if name == "harper":
        from textfix.backends.harper import HarperBackend

        return HarperBackend(**options)
    raise GrammarError(f"unknown grammar backend '{name}' (choose from {', '.join(BACKENDS)})")
