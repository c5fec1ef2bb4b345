"""A long fuzz run of the properties in tests/test_properties.py; failures become regression fixtures.

Usage: python bench/fuzz.py [--examples 20000] [--max-pieces 60] [--scaling-examples 300]

Runs each text property with many more (and longer) examples than the test suite does. The
smallest failing input of each property is written to fixtures/regressions/<property>-<hash>.json,
which the tests then check on every run. Prints the number of examples run.

`scaling` looks for rules whose time grows faster than the text: a short unit repeated to
50,000 and to 200,000 characters. A failure saves the unit with `repeat_to`; the long-line
test in tests/test_bad_input.py checks every such fixture.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import test_properties as props  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from textfix.model import Applicability  # noqa: E402

OUT = ROOT / "fixtures" / "regressions"

PROPERTIES = {
    "spans": lambda text, path: props.assert_sound_findings(text, path),
    "safe-fix": lambda text, path: props.assert_fix_properties(text, path, Applicability.SAFE),
    "unsafe-fix": lambda text, path: props.assert_fix_properties(text, path, Applicability.UNSAFE),
    "safe-settles": lambda text, path: (
        (_ for _ in ()).throw(AssertionError("did not settle"))
        if not props.fix(text, path, Applicability.SAFE).settled
        else None
    ),
}


def save(name: str, text: str, path: str, error: BaseException, **extra) -> Path:
    """A regression fixture; `repeat_to` (scaling) means: `text` repeated to that many characters."""
    digest = hashlib.sha256(f"{path}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
    target = OUT / f"{name}-{digest}.json"
    OUT.mkdir(parents=True, exist_ok=True)
    record = {"text": text, "path": path, **extra, "property": name, "error": f"{type(error).__name__}: {error}"[:300]}
    target.write_text(json.dumps(record, ensure_ascii=True, indent=1) + "\n", encoding="utf-8")
    return target


def run(name: str, check, examples: int, pieces: int) -> tuple[int, Path | None]:
    texts = st.lists(
        st.one_of(
            st.text(max_size=24), st.sampled_from(props.FRAGMENTS), st.text(alphabet="aA .,\r\n-'’", max_size=24)
        ),
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
    except BaseException:
        text, path, exc = failing[-1]
        return count, save(name, text, path, exc)
    return count, None


SMALL_LIMIT = 5.0  # seconds for the smaller text: a check that slow is a hang already


def scaling(examples: int, size: int) -> tuple[int, Path | None]:
    """Time `check` on a short unit repeated to `size` and to 4 x `size` characters, on one line
    or many: 4 x the text must not take much more than 4 x the time (quadratic would be 16 x)."""
    units = st.one_of(
        st.sampled_from(props.FRAGMENTS),
        st.text(min_size=1, max_size=8),
        st.lists(st.sampled_from(props.FRAGMENTS), min_size=1, max_size=3).map("".join),
    )
    count, failing = 0, []

    def timed(text: str, path: str, limit: float | None = None) -> float:
        best = float("inf")
        for _ in range(2):  # the better of two: a loaded machine only ever adds time
            start = time.perf_counter()
            if limit is not None:  # a quadratic case could take hours: stop it at the limit
                signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                props.check(text, path)
            except TimeoutError:
                return float("inf")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            best = min(best, time.perf_counter() - start)
        return best

    def on_alarm(_signum, _frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, on_alarm)

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(units, props.paths)
    def prop(unit, path):
        nonlocal count
        count += 1
        small, large = unit * (size // len(unit) or 1), unit * (4 * size // len(unit) or 4)
        t_small = timed(small, path, limit=SMALL_LIMIT)
        if t_small >= SMALL_LIMIT:
            failing.append((unit, path, AssertionError(f"over {SMALL_LIMIT:g}s for {len(small)} characters")))
            raise failing[-1][2]
        t_large = timed(large, path, limit=10 * t_small + 0.5)
        if t_large > 10 * t_small + 0.5:
            failing.append((unit, path, AssertionError(f"{t_small:.3f}s -> {t_large:.3f}s for 4x the text")))
            raise failing[-1][2]

    try:
        prop()
    except BaseException:
        unit, path, exc = failing[-1]
        return count, save("scaling", unit, path, exc, repeat_to=size)
    return count, None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--max-pieces", type=int, default=60)
    parser.add_argument("--only", choices=[*sorted(PROPERTIES), "scaling"])
    parser.add_argument("--scaling-examples", type=int, default=300)
    parser.add_argument("--scaling-size", type=int, default=50_000, help="characters of the smaller text")
    args = parser.parse_args()
    total, failures = 0, 0
    for name, check in [*PROPERTIES.items(), ("scaling", None)]:
        if args.only and name != args.only:
            continue
        start = time.perf_counter()
        if name == "scaling":
            count, saved = scaling(args.scaling_examples, args.scaling_size)
        else:
            count, saved = run(name, check, args.examples, args.max_pieces)
        total += count
        failures += saved is not None
        status = f"FAILED, input saved to {saved.relative_to(ROOT)}" if saved else "ok"
        print(f"{name:<13} {count:>7} examples  {time.perf_counter() - start:7.1f}s  {status}", flush=True)
    print(f"total: {total} examples, {failures} failing properties")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
