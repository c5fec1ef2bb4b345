"""One line per finding, `path:line:col: rule-id message`, for editors' problem matchers and grep."""

from __future__ import annotations

from textfix.reporters.text_format import closing_line


def render(results, *, quiet: bool = False, **_options) -> str:
    lines = []
    for result in results:
        if result.doc is None:
            continue
        for finding in result.findings:
            line, col = result.doc.position(finding.start)
            lines.append(f"{result.path}:{line}:{col}: {finding.rule_id} {finding.message}")
    if not quiet:
        lines.append(closing_line(results))
    return "".join(line + "\n" for line in lines)
