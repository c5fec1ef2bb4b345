"""textfix: find and fix machine-translation artifacts and prose defects."""

__version__ = "0.1.0"

__all__ = ["Finding", "__version__", "check_text", "fix_text", "get_ruleset"]


def __getattr__(name: str):
    # The library functions load on first use, so `textfix --version` and the CLI's
    # start-up import only what they need.
    if name in ("check_text", "fix_text", "get_ruleset"):
        from textfix import api

        return getattr(api, name)
    if name == "Finding":
        from textfix.model import Finding

        return Finding
    raise AttributeError(f"module 'textfix' has no attribute {name!r}")
