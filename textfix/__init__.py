"""textfix: find and fix machine-translation artifacts and prose defects."""

__version__ = "0.1.0"

from textfix.api import check_text, fix_text  # noqa: E402

__all__ = ["__version__", "check_text", "fix_text"]
