"""LanguageTool throughput: textfix's backend (cold and warm cache) against language-tool-python
called directly, one paragraph per call, on the same paragraphs.

Usage: python bench/lt_speed.py --lt-url URL [--paragraphs 400]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from mqm import DEFAULT, load  # noqa: E402

from textfix.backends.languagetool import LanguageToolBackend  # noqa: E402
from textfix.documents import Document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--lt-url", default=os.environ.get("TEXTFIX_LT_URL"), required=not os.environ.get("TEXTFIX_LT_URL")
    )
    parser.add_argument("--paragraphs", type=int, default=400)
    parser.add_argument("--offset", type=int, default=400, help="skip this many paragraphs (fresh text for the server)")
    args = parser.parse_args()
    texts = sorted({text for text, _errors, _clean in load(DEFAULT).values()})[
        args.offset : args.offset + args.paragraphs
    ]
    document = Document("\n\n".join(texts))
    print(f"{len(texts)} paragraphs, {len(document.text):,} characters")

    with tempfile.TemporaryDirectory() as cache:
        for label in ("textfix, cold cache", "textfix, warm cache"):
            backend = LanguageToolBackend(url=args.lt_url, cache_dir=Path(cache), curated=False)
            start = time.perf_counter()
            backend.check(document)
            elapsed = time.perf_counter() - start
            print(f"{label:<45} {len(texts) / elapsed:7.1f} paragraphs/s  ({backend.requests} requests)")

    # Measured after textfix, so that the server's own result cache, if any, favours the library.
    import language_tool_python

    tool = language_tool_python.LanguageTool("en-US", remote_server=args.lt_url)
    start = time.perf_counter()
    for text in texts:
        tool.check(text)
    direct = time.perf_counter() - start
    print(f"{'language-tool-python, one call per paragraph':<45} {len(texts) / direct:7.1f} paragraphs/s")


if __name__ == "__main__":
    main()
