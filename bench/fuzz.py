"""A long fuzz run of the properties in tests/test_properties.py; failures become regression fixtures.

Usage: python bench/fuzz.py [--examples 20000] [--max-pieces 60]

Runs each text property with many more (and longer) examples than the test suite does. The
smallest failing input of each property is written to fixtures/regressions/<property>-<hash>.json,
which tests/test_properties.py then checks on every run. Prints the number of examples run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_properties as props  # noqa: E402
from textfix.model import Applicability  # noqa: E402

OUT = ROOT / "fixtures" / "regressions"

PROPERTIES = {
    "spans": lambda text, path: props.assert_sound_findings(text, path),
    "safe-fix": lambda text, path: props.assert_fix_properties(text, path, Applicability.SAFE),
    "unsafe-fix": lambda text, path: props.assert_fix_properties(text, path, Applicability.UNSAFE),
    "safe-settles": lambda text, path: (_ for _ in ()).throw(AssertionError("did not settle"))
    if not props.fix(text, path, Applicability.SAFE).settled else None,
}


def save(name: str, text: str, path: str, error: BaseException) -> Path:
    digest = hashlib.sha256(f"{path}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    target = OUT / f"{name}-{digest}.json"
    OUT.mkdir(parents=True, exist_ok=True)
    record = {"text": text, "path": path, "property": name, "error": f"{type(error).__name__}: {error}"[:300]}
    target.write_text(json.dumps(record, ensure_ascii=True, indent=1) + "\n", encoding="utf-8")
    return target


def run(name: str, check, examples: int, pieces: int) -> tuple[int, Path | None]:
    texts = st.lists(
        st.one_of(st.text(max_size=24), st.sampled_from(props.FRAGMENTS), st.text(alphabet="aA .,\r\n-'’", max_size=24)),
        max_size=pieces,
    ).map("".join)
    count, failing = 0, []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(texts, props.paths)
    def prop(text, path):
        nonlocal count
        count += 1
        try:
            check(text, path)
        except BaseException as exc:
            failing.append((text, path, exc))  # the last one recorded is the shrunk example
            raise

    try:
        prop()
    except BaseException:  # noqa: BLE001 - reported below
        text, path, exc = failing[-1]
        return count, save(name, text, path, exc)
    return count, None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--max-pieces", type=int, default=60)
    parser.add_argument("--only", choices=sorted(PROPERTIES))
    args = parser.parse_args()
    total, failures = 0, 0
    for name, check in PROPERTIES.items():
        if args.only and name != args.only:
            continue
        start = time.perf_counter()
        count, saved = run(name, check, args.examples, args.max_pieces)
        total += count
        failures += saved is not None
        status = f"FAILED, input saved to {saved.relative_to(ROOT)}" if saved else "ok"
        print(f"{name:<13} {count:>7} examples  {time.perf_counter() - start:7.1f}s  {status}", flush=True)
    print(f"total: {total} examples, {failures} failing properties")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
