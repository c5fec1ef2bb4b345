"""Check or fix a list of files: the work behind `textfix check` and `textfix apply`.

`run` checks files in worker processes (`jobs`) and returns the results in input order, so
that the output is the same as a single-process run. Nothing here writes a file; the
command line does that in the main process, one file at a time (`safewrite.write`).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from textfix import formats, kinds, project
from textfix.documents import Document
from textfix.engine import check_document
from textfix.fixer import fix_until_stable, unified_diff
from textfix.model import Applicability, Finding
from textfix.rule import RuleError
from textfix.ruleset import RuleSet
from textfix.signals import signals_held, stop_if_interrupted
from textfix.textfile import FileError, FileProblem, NotText, SourceFile, decode, read_bytes

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from textfix.backends import Backend


@dataclass
class FileResult:
    path: Path
    doc: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: FileProblem | None = None  # why the file could not be checked or written
    source: SourceFile | None = None
    fixed_text: str | None = None
    settled: bool = True
    grammar_error: str | None = None
    # rule (`Rule.where()`) -> why it was switched off on this file, for the rest of the run
    rules_off: dict[str, str] = field(default_factory=dict)
    skipped: str | None = None  # why a file was passed over without an error (binary), for --verbose
    rendered: object = None  # this file's part of the output, made where it was checked (reporters.render_file)
    # (findings, fixable safely, fixable only unsafely), for a result that kept its rendered
    # output part and dropped its findings and text (see `rendered_only`)
    tally: tuple[int, int, int] | None = None

    @property
    def checked(self) -> bool:
        return self.doc is not None or self.tally is not None

    def counts(self) -> tuple[int, int, int]:
        """(findings, fixable safely, fixable only unsafely)."""
        if self.tally is not None:
            return self.tally
        levels = [f.fix.applicability for f in self.findings if f.fix]
        return len(self.findings), levels.count(Applicability.SAFE), levels.count(Applicability.UNSAFE)

    def rendered_only(self) -> FileResult:
        """Keep, of a file whose output part is made, only that part and its counts: what a
        report needs. Sending the findings and the text between processes cost more than
        checking a small file."""
        if self.rendered is not None and self.doc is not None and self.fixed_text is None:
            self.tally = self.counts()
            self.findings, self.doc, self.source = [], None, None
        return self

    @property
    def changed(self) -> bool:
        return self.doc is not None and self.fixed_text is not None and self.fixed_text != self.doc.text

    def diff(self) -> str:
        if self.doc is None or self.fixed_text is None or not self.changed:
            return ""
        return unified_diff(self.doc.text, self.fixed_text, str(self.path))

    def slim(self) -> FileResult:
        """Drop per-document caches once the file is checked: before the result crosses a
        process boundary, and so that a run over many files does not keep them all."""
        if self.doc is not None:
            self.doc.forget()
        return self


def process(
    path: Path,
    ruleset: RuleSet,
    fix_level: Applicability | None = None,
    grammar: Backend | None = None,
    encoding: str | None = None,
) -> FileResult:
    """Check one file and, when `fix_level` is given, compute its fixed text (nothing is written).

    Never raises for a bad file: the problem goes to `error`, or to
    `skipped` for a binary file. A grammar backend that fails leaves the rule findings
    standing; `grammar_error` says why.
    """
    result = FileResult(path)
    # A file named on the command line in no known format is read as plain text.
    name = formats.format_of(path, ruleset.formats) or "text"
    lang = formats.language_of(path, ruleset.languages, ruleset.language)

    def run(doc: Document) -> list[Finding]:
        backend = grammar if result.grammar_error is None else None
        return check_document(
            doc,
            ruleset,
            backend,
            grammar_failed=lambda exc: setattr(result, "grammar_error", str(exc)),
            rule_failed=lambda exc: result.rules_off.setdefault(exc.rule.where(), str(exc)),
        )

    def check(text: str, doc: Document | None = None) -> list[Finding]:
        if doc is not None:
            return run(doc)
        return formats.check(text, str(path), name, run, lang, ruleset.reading)[0]

    try:
        data = read_bytes(path)
        result.source = decode(path, data, encoding, fingerprint=fix_level is not None)
        result.doc = Document(result.source.text, str(path), markdown=name == "markdown", lang=lang)
        if formats.reader(name) is None:
            if result.source.encoding == "utf-8" and not result.source.bom:
                result.doc.file_bytes = data  # the text's UTF-8 encoding, for the shared scan
            del data  # the scan lets go of it: a large file's bytes are not kept through the check
            formats.pair_source(result.doc, ruleset.reading)
            result.findings = check(result.doc.text, result.doc)
        else:
            del data
            result.findings = check(result.doc.text)
        if fix_level is not None:
            fixed = fix_until_stable(result.doc.text, check, fix_level, first=result.findings)
            result.fixed_text, result.settled = fixed.text, fixed.settled
    except NotText as exc:
        result.skipped = str(exc)
    except FileError as exc:
        result.error = exc.problem
    except formats.FormatError as exc:
        result.error = FileProblem(path, f"line {exc.line}: not a valid {name.upper()} file: {exc.message}")
    except RuleError as exc:  # a rule that cannot be used on this file: the message says where it is
        result.error = FileProblem(path, str(exc))
    except MemoryError:
        result.error = FileProblem(path, "out of memory while checking it; skipped")
    except RecursionError:
        result.error = FileProblem(path, "too deeply nested to check; skipped")
    except Exception as exc:  # a bug in a rule kind must not stop the other files
        result.error = FileProblem(
            path, f"internal error {_blame(result, ruleset)}({type(exc).__name__}: {exc}); please report it"
        )
    if result.error or result.skipped:
        result.doc = result.source = result.fixed_text = None
        result.findings = []
    return result


def _blame(result: FileResult, ruleset: RuleSet) -> str:
    """'in rule X ' when one checker alone fails on the file's text (found only on this error path)."""
    if result.doc is None:
        return ""
    for checker in ruleset.checkers:
        try:
            list(checker.check(Document.for_path(result.doc.text, str(result.path))))
        except Exception:
            return f"in rule '{checker.rule.id}' ({checker.rule.origin}) "
    return ""


# --- many files, many processes -------------------------------------------------------------


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, not all there are
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# What forked workers inherit from the main process: the rule set and grammar backend it built.
_worker: dict[str, Any] = {}


def _fork_context() -> BaseContext | None:
    """Workers are forked so that they inherit the rule set exactly as built, with nothing to
    rebuild or pickle; where fork is missing (Windows), files are checked in one process."""
    import multiprocessing  # here, not at the top: a run in one process never needs it

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _grammar_in_workers(grammar: Backend | None) -> bool:
    """A backend may be copied into workers unless it opts out (`processes = False`) or runs
    a server of its own, which would then be started once per worker."""
    return grammar is None or (getattr(grammar, "processes", True) and not getattr(grammar, "local_server", False))


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group: the main process alone handles it and stops
    # the workers. SIGTERM may end a worker at once: workers write nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _work(batch: list[tuple[Path, int]], encoding: str | None) -> list[FileResult]:
    return [_checked(path, _worker["settings"][setting], encoding, _worker["prepare"]) for path, setting in batch]


def _checked(path: Path, settings: Settings, encoding: str | None, prepare: Prepare | None) -> FileResult:
    """`process` a file, render its part of the output, and drop what need not be kept."""
    ruleset, fix_level, grammar = settings
    return _prepared(process(path, ruleset, fix_level, grammar, encoding), prepare).slim().rendered_only()


# Small files go to the workers in batches of about this many bytes: a task's round trip
# between processes costs as much as checking a few kilobytes.
BATCH_BYTES = 256_000
BATCH_FILES = 64


def _batches(order: list[int], sizes: list[int], most: int = BATCH_FILES) -> list[list[int]]:
    batches: list[list[int]] = []
    total = BATCH_BYTES
    for i in order:
        if total >= BATCH_BYTES or len(batches[-1]) >= most:
            batches.append([])
            total = 0
        batches[-1].append(i)
        total += sizes[i]
    return batches


def _prepared(result: FileResult, prepare: Prepare | None) -> FileResult:
    if prepare is not None and result.doc is not None:
        try:
            result.rendered = prepare(result)
        except Exception:
            result.rendered = None
    return result


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# (rule set, fix level or None, grammar backend or None): `process`'s arguments
Settings: TypeAlias = "tuple[RuleSet, Applicability | None, Backend | None]"
# Makes a file's part of the output from its result, where the file was checked.
Prepare: TypeAlias = Callable[["FileResult"], object]


def run(
    tasks: Sequence[tuple[Path, Settings]],
    *,
    jobs: int | None = None,
    encoding: str | None = None,
    advance: Callable[[str], object] = lambda _path: None,
    prepare: Prepare | None = None,
) -> list[FileResult]:
    """`process` each (path, settings) in up to `jobs` worker processes; results in task order.

    `advance(path)` is called as each file is done (in the order they finish), for a progress bar.
    `prepare(result)`, run where each file was checked, becomes its `rendered` output part:
    rendering in the workers keeps the main process from doing it alone at the end.
    """
    table: list[Settings] = list({id(s): s for _, s in tasks}.values())
    sizes = [_size(path) for path, _ in tasks]
    scanners = {id(s[0].scanner): s[0].scanner for s in table}.values()
    for scanner in scanners:  # scanned or not, by the run's size alone: not by the order of files
        scanner.plan(sum(sizes))
    # Rules that compare a file's translations with the other files' read an index of the
    # whole run, built here before the workers fork: they all see the same one.
    indexed = [(path, s[0].formats) for path, s in tasks if _compares_files(s[0])]
    try:
        with kinds.switching_off(rule for settings in table for rule in settings[0].rules), project.indexing(indexed):
            return _run(tasks, table, sizes, jobs, encoding, advance, prepare)
    finally:
        for scanner in scanners:
            scanner.plan(None)


def _compares_files(ruleset: RuleSet) -> bool:
    return any(rule.kind == "translation_consistency" for rule in ruleset.rules)


def _run(
    tasks: Sequence[tuple[Path, Settings]],
    table: list[Settings],
    sizes: list[int],
    jobs: int | None,
    encoding: str | None,
    advance: Callable[[str], object],
    prepare: Prepare | None,
) -> list[FileResult]:
    jobs = default_jobs() if jobs is None else max(1, jobs)
    index = {id(s): i for i, s in enumerate(table)}
    parallel = jobs > 1 and len(tasks) > 1 and all(_grammar_in_workers(s[2]) for s in table)
    context = _fork_context() if parallel else None
    if context is None:
        checked = []
        for path, settings in tasks:
            checked.append(_checked(path, settings, encoding, prepare))
            advance(str(path))
        stop_if_interrupted()
        return checked
    # Largest files first, so that no worker is left with a big one at the end.
    order = sorted(range(len(tasks)), key=lambda i: -sizes[i])
    # Enough batches to keep every worker busy; one file a task where a grammar server's
    # round trips, not the file's size, set the time.
    most = 1 if any(s[2] is not None for s in table) else max(1, min(BATCH_FILES, -(-len(tasks) // (4 * jobs))))
    batches = _batches(order, sizes, most)
    results: list[FileResult | None] = [None] * len(tasks)
    _worker["settings"], _worker["prepare"] = table, prepare
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(min(jobs, len(batches)), mp_context=context, initializer=_init_worker)

    def submit(batch: list[int]) -> Future[list[FileResult]]:
        return executor.submit(_work, [(tasks[i][0], index[id(tasks[i][1])]) for i in batch], encoding)

    try:
        # Workers are forked while batches are submitted. A signal handled inside a fork runs in
        # an at-fork hook, where Python swallows the exception and prints a traceback: held
        # until the submitting is done, it stops the run here instead.
        with signals_held():
            pending = {submit(batch): batch for batch in batches}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                batch = pending.pop(future)
                try:
                    done = future.result()
                except BrokenProcessPool:
                    died = "a worker process died while checking it (out of memory?)"
                    done = [FileResult(tasks[i][0], error=FileProblem(tasks[i][0], died)) for i in batch]
                except Exception as exc:  # a result that could not be sent back: find whose, file by file
                    if len(batch) > 1:
                        pending.update({submit([i]): [i] for i in batch})
                        continue
                    path = tasks[batch[0]][0]
                    problem = FileProblem(path, f"could not be checked ({type(exc).__name__}: {exc})")
                    done = [FileResult(path, error=problem)]
                for i, result in zip(batch, done, strict=False):
                    results[i] = result
                    advance(str(tasks[i][0]))
            stop_if_interrupted()
    except BaseException:
        _stop(executor)
        raise
    finally:
        _worker.clear()
    executor.shutdown()
    return results  # type: ignore[return-value]


def _stop(executor: ProcessPoolExecutor) -> None:
    """End the workers now: after Ctrl-C or SIGTERM nobody wants the files still being checked."""
    # ProcessPoolExecutor has no public way to end running tasks before Python 3.14.
    workers = list((getattr(executor, "_processes", None) or {}).values())
    for process_ in workers:
        process_.terminate()
    deadline = time.monotonic() + 1.0
    for process_ in workers:
        process_.join(max(0.0, deadline - time.monotonic()))
        if process_.is_alive():
            process_.kill()
            process_.join()
    # A worker ended while sending back its results leaves half a message in the result pipe,
    # and the pool's own thread, which the exit waits for, reading the rest forever. With every
    # worker gone, closing this process's end of the pipe makes that read end (end of file).
    results = getattr(executor, "_result_queue", None)
    if results is not None:
        results._writer.close()
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    if manager is not None:  # done before the exit handler wakes it, which races its closing
        manager.join(5.0)
