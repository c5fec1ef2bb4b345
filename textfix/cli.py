"""The command line: check, apply, rules."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from textfix import __version__

if TYPE_CHECKING:  # imported where used: the command line starts without them
    from textfix.backends import Backend
    from textfix.config import Config
    from textfix.rule import Rule
    from textfix.ruleset import RuleSet
    from textfix.runner import FileResult, Settings
    from textfix.workspace import Group, Plan

app = typer.Typer(
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Find and fix machine-translation artifacts and prose defects.",
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_GRAMMAR_INCOMPLETE = 0, 1, 2, 3

RulesOption = typer.Option(None, "--rules", help="Extra rule file or folder, on top of the defaults (repeatable).")
SelectOption = typer.Option(None, "--select", help="Only these rule ids or groups (repeatable).")
IgnoreOption = typer.Option(None, "--ignore", help="Skip these rule ids or groups (repeatable).")
UnsafeOption = typer.Option(
    None,
    "--unsafe-fixes/--no-unsafe-fixes",
    help="Also apply fixes marked unsafe (overrides the config's unsafe-fixes).",
)
ConfigOption = typer.Option(
    None, "--config", help="Use this config file (a .textfix.toml or a pyproject.toml) instead of searching for one."
)
ForceExcludeOption = typer.Option(
    False,
    "--force-exclude",
    help="Apply exclude and .gitignore to files named on the command line too (the pre-commit hooks do).",
)
WarnUnusedOption = typer.Option(
    False, "--warn-unused-ignores", help="Report suppression comments that silence nothing."
)
QuietOption = typer.Option(False, "--quiet", "-q", help="Print findings only: no summary, no progress bar.")
GrammarOption = typer.Option(
    None,
    "--grammar",
    help="Grammar backend: languagetool, harper or off (default: languagetool when a server is given or `textfix languagetool start` left one running, else harper).",
)
LtUrlOption = typer.Option(None, "--lt-url", envvar="TEXTFIX_LT_URL", help="URL of a LanguageTool server.")
LtLocalOption = typer.Option(
    False, "--lt-local", help="Let language-tool-python run its own LanguageTool (downloads it on first use)."
)
LanguageOption = typer.Option(
    None,
    "--language",
    help="Language of files that do not say theirs (a PO Language:, an XLIFF target language), and the grammar variant, e.g. fr, en-US or en-GB (default: en-US for LanguageTool; either spelling for Harper).",
)
StrictOption = typer.Option(
    None,
    "--strict/--no-strict",
    help="Report everything the grammar backend finds: its own rules, and spelling complaints about names and rare words too.",
)
NoCacheOption = typer.Option(False, "--no-cache", help="Do not read or write the grammar result cache.")
JobsOption = typer.Option(
    None, "--jobs", "-j", min=1, help="Check files in this many processes (default: one per core)."
)
VerboseOption = typer.Option(False, "--verbose", "-v", help="Also list the files skipped as binary.")
EncodingOption = typer.Option(
    None,
    "--encoding",
    help="Read files that are not valid UTF-8 in this encoding (e.g. cp1252), and write them back in it.",
)
SourceOption = typer.Option(
    None,
    "--source",
    help="The source of a plain text file (one file only), paired paragraph by paragraph or line by line, for the checks that compare a translation with its source.",
)
SourceLanguageOption = typer.Option(
    None, "--source-language", help="In TMX files, the language of the source <tuv> (default: the header's srclang)."
)


@dataclass(frozen=True)
class RunOptions:
    """The options `check` and `apply` share: which files and rules, which grammar backend,
    and how to run. Built from the command line by `_run_options`."""

    quiet: bool = False
    config: Path | None = None
    force_exclude: bool = False
    unsafe_fixes: bool | None = None
    rules: list[Path] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    grammar: str | None = None
    lt_url: str | None = None
    lt_local: bool = False
    language: str | None = None
    strict: bool | None = None
    no_cache: bool = False
    jobs: int | None = None
    verbose: bool = False
    encoding: str | None = None
    source: Path | None = None
    source_language: str | None = None


def _run_options(
    quiet: bool = QuietOption,
    config: Path | None = ConfigOption,
    force_exclude: bool = ForceExcludeOption,
    unsafe_fixes: bool | None = UnsafeOption,
    rules: list[Path] | None = RulesOption,
    select: list[str] | None = SelectOption,
    ignore: list[str] | None = IgnoreOption,
    grammar: str | None = GrammarOption,
    lt_url: str | None = LtUrlOption,
    lt_local: bool = LtLocalOption,
    language: str | None = LanguageOption,
    strict: bool | None = StrictOption,
    no_cache: bool = NoCacheOption,
    jobs: int | None = JobsOption,
    verbose: bool = VerboseOption,
    encoding: str | None = EncodingOption,
    source: Path | None = SourceOption,
    source_language: str | None = SourceLanguageOption,
) -> RunOptions:
    """The shared options, declared once: `with_run_options` gives them to a command."""
    return RunOptions(
        quiet=quiet,
        config=config,
        force_exclude=force_exclude,
        unsafe_fixes=unsafe_fixes,
        rules=rules,
        select=select,
        ignore=ignore,
        grammar=grammar,
        lt_url=lt_url,
        lt_local=lt_local,
        language=language,
        strict=strict,
        no_cache=no_cache,
        jobs=jobs,
        verbose=verbose,
        encoding=encoding,
        source=source,
        source_language=source_language,
    )


def with_run_options(command: Callable[..., None]) -> Callable[..., None]:
    """Let a command take the shared options as one `options: RunOptions` argument.

    typer builds a command's options from its signature and knows nothing of dataclasses,
    so the command typer sees has the command's own parameters followed by
    `_run_options`'s, and turns the latter into the RunOptions the command is called with.
    """
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "options"]
    shared = list(inspect.signature(_run_options, eval_str=True).parameters.values())

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        options = _run_options(**{p.name: kwargs.pop(p.name) for p in shared})
        command(**kwargs, options=options)

    parameters = own + shared
    wrapper.__signature__ = inspect.Signature(parameters, return_annotation=None)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textfix {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    pass


def _say(message: str) -> None:
    """One line on stderr. File names, server answers and rule texts in it are escaped
    (reporters.printable): a name holding a line break or a terminal control must not
    forge a line of its own, such as a CI workflow command."""
    from textfix.reporters import printable

    typer.echo(f"textfix: {printable(message)}", err=True)


def _fail(message: str) -> typer.Exit:
    _say(f"error: {message}")
    return typer.Exit(EXIT_ERROR)


def _ruleset(
    rules: Iterable[Path] | None,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    accept: Iterable[str] = (),
    warn_unused: bool = False,
    config: Config | None = None,
) -> RuleSet:
    from textfix.api import get_ruleset
    from textfix.rule import RuleError

    try:
        glossary = config.glossary if config else None
        return get_ruleset(rules or (), select or (), ignore or (), accept, warn_unused, glossary=glossary)
    except RuleError as exc:
        raise _fail(config.explain(exc) if config else str(exc)) from None


def _plan(paths: list[Path], options: RunOptions) -> Plan:
    """Files to check, grouped by the config that applies to each, with command-line flags on top."""
    from textfix.config import LANGUAGE_CODE, ConfigError, Resolver
    from textfix.workspace import plan

    if options.language is not None and not LANGUAGE_CODE.fullmatch(options.language):
        raise _fail(f"--language must be a language code such as fr, pt-BR or en-GB, not {options.language!r}")

    def overrides(config: Config) -> Config:
        return config.with_overrides(
            select=options.select,
            ignore=options.ignore,
            extend_rules=options.rules,
            unsafe_fixes=options.unsafe_fixes,
            grammar=options.grammar,
            lt_url=options.lt_url,
            language=options.language,
            strict=options.strict,
            source_language=options.source_language,
        )

    try:
        planned = plan(paths, Resolver(options.config), overrides, options.force_exclude)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    for warning in planned.warnings:
        _say(f"warning: {warning}")
    return planned


def _group_settings(
    group: Group,
    fix: bool,
    warn_unused: bool,
    options: RunOptions,
    cache: dict[str, dict[Any, Any]],
    source_text: str | None = None,
) -> Settings:
    """Rule set, fix level and grammar backend for one group of files (shared when equal)."""
    from textfix.formats import NO_OPTIONS, Columns, ReadOptions
    from textfix.model import Applicability

    config = group.config
    rulesets, backends = cache.setdefault("rulesets", {}), cache.setdefault("backends", {})
    reading = ReadOptions(config.source_language, Columns(*config.columns), source_text)
    key = (config.extend_rules, config.select, config.ignore + group.rule_ignore, config.accept)
    files = (config.formats, config.languages, config.language, reading)  # what the rule set is told of the files
    if (key, files, config.glossary) not in rulesets:
        ruleset = _ruleset(*key, warn_unused, config=config)
        if files != ((), (), None, NO_OPTIONS):
            ruleset = dataclasses.replace(
                ruleset, formats=config.formats, languages=config.languages, language=config.language, reading=reading
            )
        rulesets[(key, files, config.glossary)] = ruleset
    level = (Applicability.UNSAFE if config.unsafe_fixes else Applicability.SAFE) if fix else None
    grammar_key = (config.grammar, config.lt_url, config.language, config.strict)
    if grammar_key not in backends:
        backends[grammar_key] = _grammar(
            config.grammar,
            config.lt_url,
            options.lt_local,
            config.language,
            options.no_cache,
            config.root,
            config.strict,
        )
    return rulesets[(key, files, config.glossary)], level, backends[grammar_key]


def _grammar(
    name: str | None,
    lt_url: str | None,
    lt_local: bool,
    language: str | None,
    no_cache: bool,
    root: Path = Path(),
    strict: bool | None = None,
) -> Backend | None:
    """The grammar backend asked for; None when grammar is off. Nothing is imported for 'off'."""
    from textfix.backends import BACKENDS, GrammarError
    from textfix.engine import grammar_backend

    if name is not None and name not in BACKENDS:
        raise _fail(f"unknown grammar backend '{name}' (choose from {', '.join(BACKENDS)})")
    try:
        # The cache goes in the project root, as ruff's does (else in the user cache folder).
        return grammar_backend(
            name,
            lt_url=lt_url,
            lt_local=lt_local,
            language=language,
            strict=bool(strict),
            cache_dir=None if no_cache else Path(root) / ".textfix_cache",
        )
    except GrammarError as exc:
        raise _fail(str(exc)) from None


def _run(
    plan: Plan,
    options: RunOptions,
    *,
    fix: bool,
    warn_unused: bool = False,
    prepare: Callable[[FileResult], object] | None = None,
) -> tuple[list[FileResult], list[Rule]]:
    """Check (and with `fix`, fix in memory) the planned files; say on stderr what went wrong.
    The results in plan order, and the rules that were loaded."""
    from textfix import progress
    from textfix.reporters import rules_off
    from textfix.runner import FileResult, run
    from textfix.textfile import check_encoding

    encoding = options.encoding
    if encoding is not None:
        try:
            encoding = check_encoding(encoding)
        except ValueError as exc:
            raise _fail(f"--encoding: {exc}") from None

    cache: dict[str, dict[Any, Any]] = {}
    source_text = _source_text(plan, options, encoding)
    settings = {
        id(group): _group_settings(group, fix, warn_unused, options, cache, source_text) for group in plan.groups
    }
    with progress.bar(len(plan.entries), progress.wanted(len(plan.entries), options.quiet)) as advance:
        tasks = [(path, settings[id(group)]) for path, group in plan.entries]
        results = run(tasks, jobs=options.jobs, encoding=encoding, advance=advance, prepare=prepare)
    results.extend(FileResult(Path(problem.path), error=problem) for problem in plan.errors)
    rules = {rule.id: rule for ruleset in cache.get("rulesets", {}).values() for rule in ruleset.rules}
    for message in rules_off(results):
        _say(message)
    for result in results:
        if result.error:
            _say(str(result.error))
        elif result.skipped and options.verbose:
            _say(result.skipped)
    grammar_errors = list(dict.fromkeys(r.grammar_error for r in results if r.grammar_error))
    for message in grammar_errors:
        _say(f"grammar check incomplete: {message}")
    return results, list(rules.values())


def _source_text(plan: Plan, options: RunOptions, encoding: str | None) -> str | None:
    """The text of `--source`, once it is known to pair with the one plain text file checked."""
    from textfix.formats import format_of
    from textfix.formats.aligned import AlignError, align
    from textfix.textfile import FileError, read

    if options.source is None:
        return None
    if len(plan.entries) != 1 or plan.errors:
        raise _fail("--source gives the source of one file: name that one file, not a folder or several files")
    (path, group), source = plan.entries[0], options.source
    name = format_of(path, group.config.formats) or "text"
    if name not in ("text", "markdown"):
        raise _fail(
            f"--source pairs a plain text file with its source; {path} is a {name.upper()} file, which holds its own"
        )
    try:
        target_text, source_text = read(path, encoding).text, read(source, encoding).text
    except FileError as exc:
        raise _fail(str(exc)) from None
    try:
        align(target_text, source_text)
    except AlignError as exc:
        raise _fail(f"{path} and its source {source} do not pair: {exc}") from None
    return source_text


def _exit_code(results: list[FileResult], dirty: bool) -> int:
    if any(r.error or r.rules_off for r in results):
        return EXIT_ERROR
    if any(r.grammar_error for r in results):
        return EXIT_GRAMMAR_INCOMPLETE
    return EXIT_FINDINGS if dirty else EXIT_CLEAN


@app.command()
@with_run_options
def check(
    paths: list[Path] = typer.Argument(..., help="Files or folders to check."),
    output_format: str = typer.Option("text", "--format", help="Output format: text, concise, json, github or sarif."),
    diff: bool = typer.Option(False, "--diff", help="Print the unified diff of the fixes `apply` would make."),
    statistics: bool = typer.Option(
        False, "--statistics", help="Print the number of findings per rule instead of each finding."
    ),
    warn_unused_ignores: bool = WarnUnusedOption,
    *,
    options: RunOptions,
) -> None:
    """Report problems. Exit 0 when clean, 1 with findings, 2 on errors."""
    from textfix.reporters import FORMATS, render, render_file, use_color

    if output_format not in FORMATS:
        raise _fail(f"unknown format '{output_format}' (choose from {', '.join(FORMATS)})")
    plan = _plan(paths, options)
    color = use_color(sys.stdout)
    prepare = None
    if not (diff or statistics):  # each file's part of the output is made in the worker that checked it
        prepare = functools.partial(render_file, output_format, color=color)
    results, loaded = _run(plan, options, fix=diff, warn_unused=warn_unused_ignores, prepare=prepare)
    if diff:
        sys.stdout.write("".join(r.diff() for r in results))
    elif statistics:
        sys.stdout.write(render("statistics", results, as_json=output_format == "json", color=color))
    else:
        sys.stdout.write(
            render(
                output_format,
                results,
                rules=loaded,
                quiet=options.quiet,
                ignored=plan.skipped,
                other_suffixes=plan.other_suffixes,
                color=color,
            )
        )
    raise typer.Exit(_exit_code(results, any(r.counts()[0] for r in results if r.checked)))


@app.command()
@with_run_options
def apply(
    paths: list[Path] = typer.Argument(..., help="Files or folders to fix."),
    write: bool = typer.Option(False, "--write", help="Rewrite the files; without it, print the diff only."),
    write_read_only: bool = typer.Option(
        False,
        "--write-read-only",
        help="With --write, also rewrite files whose permissions forbid it (their mode is kept).",
    ),
    *,
    options: RunOptions,
) -> None:
    """Fix what can be fixed. Exit 1 when files changed (or would change), 0 when none, 2 on errors."""
    from textfix.discovery import roots
    from textfix.safewrite import ReadOnly
    from textfix.safewrite import write as write_file
    from textfix.textfile import FileError

    quiet = options.quiet
    plan = _plan(paths, options)
    results, _ = _run(plan, options, fix=True)
    changed = [r for r in results if r.changed]
    for result in results:
        if not result.settled:
            _say(f"{result.path}: fixes did not settle; the result of the last pass is used")
    if not write:
        sys.stdout.write("".join(r.diff() for r in changed))
    else:
        written = 0
        for result in changed:
            assert result.source is not None and result.fixed_text is not None  # a changed result has both
            try:
                write_file(result.source, result.fixed_text, within=roots(paths), read_only=write_read_only)
                written += 1
                if not quiet:
                    from textfix.reporters import printable

                    typer.echo(f"fixed {printable(result.path)}", err=True)
            except ReadOnly as exc:
                result.error = exc.problem
                _say(f"{exc} (make it writable, or pass --write-read-only)")
            except FileError as exc:
                result.error = exc.problem
                _say(str(exc))
    if not quiet:
        count = written if write else len(changed)
        summary = f"{count} file{'s' if count != 1 else ''} {'fixed' if write else 'would fix'}"
        if write and written < len(changed):
            summary += f", {len(changed) - written} not written"
        typer.echo(f"{summary}.", err=True)
    raise typer.Exit(_exit_code(results, bool(changed)))


def _config_ruleset(
    config_file: Path | None, rules: list[Path] | None, select: list[str] | None, ignore: list[str] | None
) -> RuleSet:
    """The rule set the config found from the current folder (or --config) gives, plus flags."""
    from textfix.config import ConfigError, Resolver

    try:
        config = Resolver(config_file).for_path(Path.cwd())
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    config = config.with_overrides(select=select, ignore=ignore, extend_rules=rules)
    return _ruleset(config.extend_rules, config.select, config.ignore, config.accept, config=config)


@app.command("rules")
def list_rules(
    rules: list[Path] | None = RulesOption,
    select: list[str] | None = SelectOption,
    ignore: list[str] | None = IgnoreOption,
    config: Path | None = ConfigOption,
    docs: bool = typer.Option(False, "--docs", help="Print each rule's full documentation (as `textfix explain`)."),
) -> None:
    """List the rules in force here: id, kind, severity, fix safety, file, and what each does."""
    from textfix.reporters import printable
    from textfix.ruledocs import explain, fix_level, summary

    ruleset = _config_ruleset(config, rules, select, ignore)
    ordered = sorted(ruleset.rules, key=lambda r: (r.group, r.id))
    if docs:
        typer.echo("\n".join(explain(rule) for rule in ordered), nl=False)
        return
    width = max((len(r.id) for r in ruleset.rules), default=10)
    typer.echo(f"{'rule':<{width}}  {'kind':<16}  {'severity':<8}  {'fix':<12}  file")
    for rule in ordered:
        level = fix_level(rule)
        fix = level.label if level else "-"
        typer.echo(
            f"{printable(rule.id):<{width}}  {rule.kind:<16}  {rule.severity.label:<8}  {fix:<12}  {printable(rule.origin)}"
        )
        typer.echo(f"{'':<{width}}  {summary(rule)}")
    typer.echo(f"\n{len(ordered)} rules. `textfix explain RULE` tells what a rule does, why, with examples.")
    in_force = {rule.id for rule in ruleset.rules}
    everything = _config_ruleset(config, rules, ["ALL"], ignore).rules
    opt_in = sorted(r.id for r in everything if not r.default and r.id not in in_force)
    if opt_in:
        typer.echo(f"Off by default (opt-in: `--select RULE`, its group, or ALL): {', '.join(opt_in)}.")


@app.command("explain")
def explain_rule(
    rule_ids: list[str] = typer.Argument(..., metavar="RULE...", help="Rule ids to explain."),
    rules: list[Path] | None = RulesOption,
    config: Path | None = ConfigOption,
) -> None:
    """Show what a rule does, why, an example, and how safe its fix is."""
    import difflib

    from textfix.ruledocs import explain

    ruleset = _config_ruleset(config, rules, ["ALL"], None)  # opt-in rules too
    by_id = {rule.id: rule for rule in ruleset.rules}
    for index, rule_id in enumerate(rule_ids):
        if rule_id not in by_id:
            close = difflib.get_close_matches(rule_id, by_id, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else " (see `textfix rules`)"
            raise _fail(f"unknown rule '{rule_id}'{hint}")
        typer.echo(("\n" if index else "") + explain(by_id[rule_id]), nl=False)


@app.command("init")
def init(
    folder: Path = typer.Argument(Path("."), help="Folder to write the config into."),
    pyproject: bool = typer.Option(False, "--pyproject", help="Add a [tool.textfix] table to pyproject.toml instead."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing .textfix.toml."),
) -> None:
    """Write a commented starter config (.textfix.toml) that lists every key."""
    from textfix import safewrite, textfile
    from textfix.config import _has_textfix_table, starter

    if not folder.is_dir():
        raise _fail(f"{folder}: no such folder")
    target = folder / ("pyproject.toml" if pyproject else ".textfix.toml")
    # Written as `apply` writes (safewrite.write): atomically, never through a symlink, never
    # over a hard link or an edit made meanwhile, in the file's own encoding and line endings.
    if target.is_symlink():
        raise _fail(f"{target}: a symlink; not written (init writes only a plain file, not through a link)")
    try:
        if not os.path.lexists(target):
            safewrite.create(target, starter(pyproject).lstrip("\n").encode("utf-8"))
        elif pyproject:
            if _has_textfix_table(target):
                raise _fail(f"{target}: already has a [tool.textfix] table")
            source = textfile.read(target)
            safewrite.write(source, _appended(source.text, starter(pyproject=True)), within=())
        elif not force:
            raise _fail(f"{target}: already exists (use --force to overwrite it)")
        else:
            source = textfile.SourceFile(target, "", digest=textfile.digest(textfile.read_bytes(target)))
            safewrite.write(source, starter(), within=())
    except textfile.FileError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"wrote {target}", err=True)


def _appended(text: str, table: str) -> str:
    """`table` after `text` and a blank line, in the line endings `text` uses."""
    import re

    first = re.search(r"\r\n|\r|\n", text)
    newline = first.group() if first else "\n"
    body = text.rstrip("\r\n")
    if not body:
        return table.lstrip("\n").replace("\n", newline)
    return body + newline + table.replace("\n", newline)


languagetool_app = typer.Typer(no_args_is_help=True, help="Fetch, start and stop a local LanguageTool server.")
app.add_typer(languagetool_app, name="languagetool")


@languagetool_app.command("fetch")
def languagetool_fetch() -> None:
    """Fetch LanguageTool's jars from Maven Central (once; later calls find them)."""
    from textfix import ltserver

    try:
        typer.echo(ltserver.fetch())
    except ltserver.ServerError as exc:
        raise _fail(str(exc)) from None


@languagetool_app.command("start")
def languagetool_start(
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
) -> None:
    """Start a server on 127.0.0.1 (fetching it first if needed) and print its URL."""
    from textfix import ltserver

    try:
        server = ltserver.start(port)
    except ltserver.ServerError as exc:
        from textfix.reporters import printable

        # One line of error, then the server log's tail as lines of their own (each escaped).
        first, *log_tail = str(exc).split("\n")
        error = _fail(first)
        for line in log_tail:
            typer.echo(f"  {printable(line)}", err=True)
        raise error from None
    typer.echo(f"LanguageTool {server.version} running (pid {server.pid}, log {server.log})", err=True)
    typer.echo(server.url)


@languagetool_app.command("stop")
def languagetool_stop() -> None:
    """Stop the server `textfix languagetool start` started (nothing to do is not an error)."""
    from textfix import ltserver

    try:
        server = ltserver.stop()
    except ltserver.ServerError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"stopped LanguageTool (pid {server.pid})" if server else "no LanguageTool server was running", err=True)


@languagetool_app.command("status")
def languagetool_status() -> None:
    """Say whether a server is running and healthy. Exit 0 if it is, 1 if not."""
    from textfix import ltserver

    server = ltserver.running()
    if server is None:
        typer.echo("no LanguageTool server running (start one with `textfix languagetool start`)")
        raise typer.Exit(1)
    health = "healthy" if ltserver.healthy(server.url) else "not answering"
    typer.echo(f"LanguageTool {server.version} at {server.url} (pid {server.pid}): {health}; log {server.log}")
    raise typer.Exit(0 if health == "healthy" else 1)


@languagetool_app.command("url")
def languagetool_url() -> None:
    """Print the running server's URL (for scripts), or exit 1."""
    from textfix import ltserver

    server = ltserver.running()
    if server is None:
        raise typer.Exit(1)
    typer.echo(server.url)


def _option_like_file(argv: list[str]) -> str | None:
    """An argument that reads as an option but names a file here, unless `--` shows that the
    user has set options and paths apart. A shell expands `textfix apply *` before textfix
    sees it, so a file named `--write` would turn a preview into a write."""
    if "--" in argv:
        return None
    return next((arg for arg in argv if arg.startswith("-") and arg != "-" and os.path.lexists(arg)), None)


def main() -> None:
    from textfix.signals import Interrupted, handle_signals, stop_if_interrupted

    clash = _option_like_file(sys.argv[1:])
    if clash is not None:
        _say(
            f"error: '{clash}' is an option and also a file here (a shell pattern such as * puts such names "
            f"among the options); write the options, then `--`, then the paths: textfix apply --write -- *"
        )
        sys.exit(EXIT_ERROR)
    # Ctrl-C or SIGTERM stops the run between two files, never inside a write (see signals.py).
    handle_signals()
    try:
        try:
            app(prog_name="textfix")  # the usage reads `textfix` under python -m too
        finally:
            stop_if_interrupted()
    except Interrupted as exc:
        typer.echo("textfix: interrupted; every file is either unchanged or completely written", err=True)
        sys.exit(128 + exc.signum)


if __name__ == "__main__":
    main()
