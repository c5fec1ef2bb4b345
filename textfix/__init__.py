"""textfix: find and fix machine-translation artifacts and prose defects."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded on first use, by __getattr__ below
    from textfix.api import check_text, fix_text, get_ruleset
    from textfix.model import Finding

__version__ = "0.1.0"

__all__ = ["Finding", "__version__", "check_text", "fix_text", "get_ruleset"]


def __getattr__(name: str) -> object:
    # The library functions load on first use, so `textfix --version` and the CLI's
    # start-up import only what they need.
    if name in ("check_text", "fix_text", "get_ruleset"):
        from textfix import api

        return getattr(api, name)
    if name == "Finding":
        from textfix.model import Finding

        return Finding
    raise AttributeError(f"module 'textfix' has no attribute {name!r}")
