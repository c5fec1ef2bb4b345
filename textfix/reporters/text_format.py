"""Human-readable output: `path:line:col: rule-id message`, with the suggested fix."""

from __future__ import annotations

from textfix.reporters import summary


def preview(text: str, fix, context: int = 12) -> str:
    """'before' -> 'after' around a fix, widened to whole words on its line."""
    lo, hi = fix.start, fix.end
    if "\n" in text[lo:hi] or "\r" in text[lo:hi]:
        return fix.title or "delete the line"
    line_start = max(text.rfind("\n", 0, lo), text.rfind("\r", 0, lo)) + 1
    line_end = min((i for i in (text.find("\n", hi), text.find("\r", hi)) if i >= 0), default=len(text))
    lo = max(line_start, lo - context)
    hi = min(line_end, hi + context)
    while lo > line_start and not text[lo - 1].isspace():
        lo -= 1
    while hi < line_end and not text[hi].isspace():
        hi += 1
    pieces, pos = [], lo
    for edit in sorted(fix.edits, key=lambda e: e.start):
        pieces += [text[pos : edit.start], edit.replacement]
        pos = edit.end
    after = "".join(pieces) + text[pos:hi]
    before = text[lo:hi]
    return f"{before.strip()!r} -> {after.strip()!r}"


def render(results, **_options) -> str:
    lines = []
    for result in results:
        if result.doc is None:
            continue
        text = result.doc.text
        for finding in result.findings:
            line, col = result.doc.position(finding.start)
            entry = f"{result.path}:{line}:{col}: {finding.rule_id} {finding.message}"
            if finding.fixes:
                kind = finding.fix.applicability.label if finding.fix else "choose one"
                shown = " | ".join(preview(text, fix) for fix in finding.fixes)
                entry += f"\n    fix ({kind}): {shown}"
            lines.append(entry)
    counts = summary(results)
    total = counts["findings"]
    if total:
        lines.append(
            f"Found {total} problem{'s' if total != 1 else ''} in {counts['files_with_findings']} of {counts['files']} "
            f"file{'s' if counts['files'] != 1 else ''} ({counts['fixable_safe']} fixable with `textfix apply --write`, "
            f"{counts['fixable_unsafe']} more with --unsafe-fixes)."
        )
    else:
        lines.append(f"All checks passed ({counts['files']} file{'s' if counts['files'] != 1 else ''}).")
    return "\n".join(lines) + "\n"
