"""The command line: check, apply, rules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from textfix import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Find and fix machine-translation artifacts and prose defects.")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_GRAMMAR_INCOMPLETE = 0, 1, 2, 3

RulesOption = typer.Option(None, "--rules", help="Extra rule file or folder, on top of the defaults (repeatable).")
SelectOption = typer.Option(None, "--select", help="Only these rule ids or groups (repeatable).")
IgnoreOption = typer.Option(None, "--ignore", help="Skip these rule ids or groups (repeatable).")
UnsafeOption = typer.Option(False, "--unsafe-fixes", help="Also apply fixes marked unsafe.")
GrammarOption = typer.Option(
    None, "--grammar", help="Grammar backend: languagetool, harper or off (default: languagetool when a server is given, else harper)."
)
LtUrlOption = typer.Option(None, "--lt-url", envvar="TEXTFIX_LT_URL", help="URL of a LanguageTool server.")
LtLocalOption = typer.Option(
    False, "--lt-local", help="Let language-tool-python run its own LanguageTool (downloads it on first use)."
)
LanguageOption = typer.Option("en-US", "--language", help="Language variant for grammar checking.")
NoCacheOption = typer.Option(False, "--no-cache", help="Do not read or write the grammar result cache.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textfix {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    pass


def _fail(message: str) -> typer.Exit:
    typer.echo(f"textfix: error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def _ruleset(rules, select, ignore):
    from textfix.api import get_ruleset
    from textfix.ruleset import RuleError

    try:
        return get_ruleset(rules or (), select or (), ignore or ())
    except RuleError as exc:
        raise _fail(str(exc)) from None


def _grammar(name, lt_url, lt_local, language, no_cache):
    """The grammar backend asked for; None when grammar is off. Nothing is imported for 'off'."""
    from textfix.backends import BACKENDS, GrammarError, load_backend

    name = name or ("languagetool" if lt_url or lt_local else "harper")
    if name not in BACKENDS:
        raise _fail(f"unknown grammar backend '{name}' (choose from {', '.join(BACKENDS)})")
    options = {"language": language}
    if name == "languagetool":
        options.update(url=lt_url, local_server=lt_local, cache_dir=None if no_cache else Path(".textfix_cache"))
    try:
        return load_backend(name, **options)
    except GrammarError as exc:
        raise _fail(str(exc)) from None


def _run(paths: list[Path], ruleset, fix_level, grammar=None):
    from textfix.files import discover
    from textfix.runner import FileResult, process

    files, missing = discover(paths)
    results = [process(path, ruleset, fix_level, grammar) for path in files]
    results.extend(FileResult(Path(m.split(":", 1)[0]), error=m) for m in missing)
    for result in results:
        if result.error:
            typer.echo(f"textfix: {result.error}", err=True)
    grammar_errors = list(dict.fromkeys(r.grammar_error for r in results if r.grammar_error))
    for message in grammar_errors:
        typer.echo(f"textfix: grammar check incomplete: {message}", err=True)
    return results


def _exit_code(results, dirty: bool) -> int:
    if any(r.error for r in results):
        return EXIT_ERROR
    if any(r.grammar_error for r in results):
        return EXIT_GRAMMAR_INCOMPLETE
    return EXIT_FINDINGS if dirty else EXIT_CLEAN


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Files or folders to check."),
    output_format: str = typer.Option("text", "--format", help="Output format: text or json."),
    diff: bool = typer.Option(False, "--diff", help="Print the unified diff of the fixes `apply` would make."),
    unsafe_fixes: bool = UnsafeOption,
    rules: Optional[List[Path]] = RulesOption,
    select: Optional[List[str]] = SelectOption,
    ignore: Optional[List[str]] = IgnoreOption,
    grammar: Optional[str] = GrammarOption,
    lt_url: Optional[str] = LtUrlOption,
    lt_local: bool = LtLocalOption,
    language: str = LanguageOption,
    no_cache: bool = NoCacheOption,
) -> None:
    """Report problems. Exit 0 when clean, 1 with findings, 2 on errors."""
    from textfix.model import Applicability
    from textfix.reporters import FORMATS, render

    if output_format not in FORMATS:
        raise _fail(f"unknown format '{output_format}' (choose from {', '.join(FORMATS)})")
    ruleset = _ruleset(rules, select, ignore)
    level = (Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE) if diff else None
    backend = _grammar(grammar, lt_url, lt_local, language, no_cache)
    results = _run(paths, ruleset, level, backend)
    if diff:
        sys.stdout.write("".join(r.diff() for r in results))
    else:
        sys.stdout.write(render(output_format, results))
    raise typer.Exit(_exit_code(results, any(r.findings for r in results)))


@app.command()
def apply(
    paths: List[Path] = typer.Argument(..., help="Files or folders to fix."),
    write: bool = typer.Option(False, "--write", help="Rewrite the files; without it, print the diff only."),
    unsafe_fixes: bool = UnsafeOption,
    rules: Optional[List[Path]] = RulesOption,
    select: Optional[List[str]] = SelectOption,
    ignore: Optional[List[str]] = IgnoreOption,
    grammar: Optional[str] = GrammarOption,
    lt_url: Optional[str] = LtUrlOption,
    lt_local: bool = LtLocalOption,
    language: str = LanguageOption,
    no_cache: bool = NoCacheOption,
) -> None:
    """Fix what can be fixed. Exit 1 when files changed (or would change), 0 when none, 2 on errors."""
    from textfix.files import FileError, write as write_file
    from textfix.model import Applicability

    ruleset = _ruleset(rules, select, ignore)
    level = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    backend = _grammar(grammar, lt_url, lt_local, language, no_cache)
    results = _run(paths, ruleset, level, backend)
    changed = [r for r in results if r.changed]
    for result in results:
        if not result.settled:
            typer.echo(f"textfix: {result.path}: fixes did not settle; the result of the last pass is used", err=True)
    if not write:
        sys.stdout.write("".join(r.diff() for r in changed))
    else:
        for result in changed:
            try:
                write_file(result.source, result.fixed_text)
                typer.echo(f"fixed {result.path}", err=True)
            except FileError as exc:
                result.error = str(exc)
                typer.echo(f"textfix: {exc}", err=True)
    verb = "fixed" if write else "would fix"
    typer.echo(f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}.", err=True)
    raise typer.Exit(_exit_code(results, bool(changed)))


@app.command("rules")
def list_rules(
    rules: Optional[List[Path]] = RulesOption,
    select: Optional[List[str]] = SelectOption,
    ignore: Optional[List[str]] = IgnoreOption,
) -> None:
    """List the loaded rules: id, kind, severity, fix safety and the file each came from."""
    ruleset = _ruleset(rules, select, ignore)
    width = max((len(r.id) for r in ruleset.rules), default=10)
    typer.echo(f"{'rule':<{width}}  {'kind':<16}  {'severity':<8}  {'fix':<7}  file")
    for rule in sorted(ruleset.rules, key=lambda r: (r.group, r.id)):
        fix = rule.fix.label if rule.fix else "-"
        typer.echo(f"{rule.id:<{width}}  {rule.kind:<16}  {rule.severity.label:<8}  {fix:<7}  {rule.origin}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
