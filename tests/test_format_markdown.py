"""Markdown: prose is checked and fixed; code, HTML, link targets and metadata are left alone.

Markdown is checked as one text; `textfix.markdown.skip_spans` says what is not prose. The
shared contract of the segmented formats becomes, here: a fix changes the file only outside
the skip spans.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import time
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import textfix
from textfix.cli import app
from textfix.documents import Document
from textfix.markdown import skip_spans

HERE = FIXTURES / "formats" / "markdown"
REAL = sorted(p.name for p in HERE.glob("*.md") if p.name != "SOURCES.md" and ".fixed" not in p.name)


def skipped(text: str) -> list[str]:
    return [text[lo:hi] for lo, hi in skip_spans(text)]


def inside(spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(start <= lo and hi <= end for start, end in spans)


def touches(spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(start < max(hi, lo + 1) and lo < end for start, end in spans)


def assert_fix_stays_outside(original: str, fixed: str) -> None:
    """The whole-text form of the segmented formats' contract: every change is in prose.
    Each skipped span is found, whole and in order, in the fixed text (a diff would align
    repeated text wrongly)."""
    at = 0
    for start, end in sorted(skip_spans(original)):
        found = fixed.find(original[start:end], at)
        assert found >= 0, f"changed {original[max(start - 20, 0) : end + 20]!r} inside a skip span"
        at = found + (end - start)


@pytest.mark.parametrize(
    "text, left_alone",
    [
        # Code: spans of any backtick count, fences of either kind, indented blocks.
        ("a `the the` b\n", ["`the the`"]),
        ("a ``x ` y`` b\n", ["``x ` y``"]),
        ("a `code\nover lines` b\n", ["`code\nover lines`"]),
        ("~~~\nx\n~~~\n", ["~~~\nx\n~~~"]),
        ("para\n\n    code\n    more\n", ["    code\n    more"]),
        ("- item\n\n  ```\n  code\n  ```\n", ["  ```\n  code\n  ```"]),
        ("> ```\n> code\n> ```\n", ["> ```\n> code\n> ```"]),
        # A fence left open runs to the end of its container, line break included.
        ("> ```\n> code\n\nprose\n", ["> ```\n> code\n"]),
        # HTML: blocks whole, inline tags but not the text between them; comments apart.
        ("<div>\nthe the\n</div>\n", ["<div>\nthe the\n</div>"]),
        ("a <b>the the</b> c\n", ["<b>", "</b>"]),
        ('a <span title="x y">z</span>\n', ['<span title="x y">', "</span>"]),
        ("<!-- a -->\n<!-- b -->\n", ["<!-- a -->", "<!-- b -->"]),
        ("<div>\n<!-- a --> x\n</div>\n", ["<div>\n", "<!-- a -->", " x\n</div>"]),
        ("<!-->\n", ["<!-->"]),
        # Links: the text is prose, the target and title are not.
        ('[the text](/url "title")\n', ['](/url "title")']),
        ("[text](<a b>)\n", ["](<a b>)"]),
        ("![alt text](img.png)\n", ["](img.png)"]),
        ("![alt `c` text](img.png)\n", ["`c`", "](img.png)"]),
        ("[a `b` c](/u)\n", ["`b`", "](/u)"]),
        ("[text][ref]\n\n[ref]: /url\n", ["][ref]", "[ref]: /url"]),
        ("[ref]\n\n[ref]: /url\n", ["[ref]: /url"]),
        ('> [ref]: /url\n>   "title"\n', ["> [ref]: /url", '>   "title"']),
        ("<https://example.com/a>\n", ["<https://example.com/a>"]),
        ("<me@example.com>\n", ["<me@example.com>"]),
        # Front matter: YAML (closed only), TOML.
        ("---\ntitle: x\n---\ntext\n", ["---\ntitle: x\n---"]),
        ("+++\ntitle = 'x'\n+++\ntext\n", ["+++\ntitle = 'x'\n+++"]),
        ("+++\ntitle = 'x'\ntext `c`\n", ["`c`"]),
        # Tables: the delimiter row; cells are prose, with escaped pipes.
        ("a | b\n--|--\n`c` | d\n", ["--|--", "`c`"]),
        ("| a | `b \\| c` |\n|---|---|\n", ["`b \\| c`", "|---|---|"]),
        # Footnote references; the note itself is prose.
        ("Text[^1].\n\n[^1]: The note `c`.\n", ["[^1]", "`c`"]),
        # Not code: escaped backticks, an unclosed span, a link with no target.
        ("a \\`not code\\` b\n", []),
        ("a `unclosed b\n", []),
        ("[not a link] and [x]\n", []),
        # CRLF and lone CR line ends: spans are in the file's own offsets.
        ("a `b`\r\n```\r\ncode\r\n```\r\nz `y`\r\n", ["`b`", "```\r\ncode\r\n```", "`y`"]),
        ("a `b`\r```\rcode\r```\rz `y`\r", ["`b`", "```\rcode\r```", "`y`"]),
        ("\0 `b`\n", ["`b`"]),
    ],
)
def test_what_is_left_alone(text, left_alone):
    assert skipped(text) == left_alone


@pytest.mark.parametrize(
    "text, prose",
    [
        ("# Heading with the the words #\n", "Heading with the the words"),
        ("Setext heading, the the\n===\n", "Setext heading, the the"),
        ("> quoted the the\n", "quoted the the"),
        ("1. listed the the\n", "listed the the"),
        ("[link text the the](/u)\n", "link text the the"),
        ("![alt text the the](/u)\n", "alt text the the"),
        ("a <i>between tags the the</i>\n", "between tags the the"),
        ("| cell the the | b |\n|---|---|\n", "cell the the"),
        ("Term the the\n:   definition the the\n", "definition the the"),
        ("---\nnot: front matter\n", "not: front matter"),
        ("a <notatag the the\n", "the the"),
    ],
)
def test_what_is_prose(text, prose):
    start = text.index(prose)
    assert not touches(skip_spans(text), start, start + len(prose))


def test_a_document_is_skipped_by_its_spans():
    doc = Document("a `the the` b the the\n", "a.md", markdown=True)
    assert [f.rule_id for f in textfix.check_text(doc.text, path="a.md")] == ["doubled-word"]
    assert doc.is_skipped(2, 11) and not doc.is_skipped(14, 21)


# Every CommonMark spec example: code is left alone, link text and paragraphs are prose.
SPEC = json.loads((HERE / "commonmark-spec-0.31.2.json").read_text(encoding="utf-8"))
WORD = re.compile(r"[A-Za-z0-9]+")


class _Words(HTMLParser):
    """The words of a rendered example that are code, and those that are prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.code: set[str] = set()
        self.prose: set[str] = set()
        self.open: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("img", "br", "hr", "input"):
            self.open.append((tag, dict(attrs)))
        elif tag == "img":
            self.prose.update(WORD.findall(dict(attrs).get("alt") or ""))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        tags = [tag for tag, _ in self.open]
        words = WORD.findall(data)
        if "code" in tags or "pre" in tags:
            self.code.update(words)
        elif not any(tag == "a" and (attrs.get("href") or "").endswith(data) for tag, attrs in self.open):
            self.prose.update(words)  # an autolink's text is its target


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<![A-Za-z0-9]){word}(?![A-Za-z0-9])", text)]


# Where this parser's extensions read a spec example otherwise than plain CommonMark: a
# "---" pair at the very start is front matter, a ":" line after a paragraph a definition.
EXTENDED = {example["example"] for example in SPEC if example["markdown"].startswith("---\n")}


@pytest.mark.parametrize("example", SPEC, ids=lambda e: f"{e['example']}-{e['section']}")
def test_commonmark_spec_examples(example):
    text = example["markdown"]
    if example["example"] in EXTENDED:
        pytest.skip("read as front matter")
    spans = skip_spans(text)
    words = _Words()
    words.feed(example["html"])
    raw_html = re.search(r"<[A-Za-z/!?]", text) is not None
    if not re.search(r"<(code|pre)\b", text):
        for word in words.code:
            found = _occurrences(text, word)
            assert not found or any(inside(spans, lo, hi) for lo, hi in found), f"code {word!r} is checked"
    if not raw_html:
        for word in words.prose - words.code:
            found = _occurrences(text, word)
            assert not found or any(not touches(spans, lo, hi) for lo, hi in found), f"prose {word!r} is skipped"


@pytest.mark.parametrize("name", REAL)
def test_real_files(name):
    text = (HERE / name).read_text(encoding="utf-8")
    spans = skip_spans(text)
    assert spans == sorted(spans) and all(lo < hi <= len(text) for lo, hi in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    fixed = textfix.fix_text(text, path=name, unsafe=True)
    assert_fix_stays_outside(text, fixed)
    expected = HERE / name.replace(".md", ".fixed.md")
    assert fixed == (expected.read_text(encoding="utf-8") if expected.exists() else text)


@pytest.mark.parametrize(
    "name, left_alone, prose",
    [
        (
            "hugo-markdown-syntax.md",
            ['aliases = ["migrate-from-jekyl"]', "  <title>Example HTML5 Document</title>"],
            ["Hugo supports supports them", "Rob Pike's [talk"],
        ),
        (
            "ananke-html-tags.md",
            [
                "title: 'Markup: HTML Tags and Formatting'",
                "Because that&#8217;s all Steve Jobs",
                ' [1]: https://www.youtube.com/watch?v=O_HyZ5aW76c "We\'ll Do It Live"',
            ],
            ["A startup company or startup", "explain", "This is an example of a"],
        ),
        (
            "markdown-it-py-readme.md",
            [
                "[github-ci]: https://github.com",
                '<img alt="markdown-it-py icon"',
                "pip install markdown-it-py[plugins]",
            ],
            ["Markdown parser done right.", "Follows the __[CommonMark spec"],
        ),
        (
            "markdown-it-py-performance.md",
            [
                "<https://executablebooks.github.io/markdown-it-py/dev/bench/>",
                "| -------------------- |",
                "tox -e py311-bench-packages",
            ],
            ["As you can see", "is a Rust implementation", "| mistune"],
        ),
        (
            "markdown-it-py-changelog.md",
            ["``(c)``", 'md = MarkdownIt().enable("replacements")', "(https://github.com/tsutsu3)"],
            ["Add simple typographic replacements", "@tsutsu3", "Improve documentation for CLI"],
        ),
    ],
)
def test_real_files_left_alone_and_prose(name, left_alone, prose):
    text = (HERE / name).read_text(encoding="utf-8")
    spans = skip_spans(text)
    for part in left_alone:
        start = text.index(part)
        assert inside(spans, start, start + len(part)), part
    for part in prose:
        start = text.index(part)
        assert not touches(spans, start, start + len(part)), part


def test_cli_end_to_end(tmp_path):
    runner = CliRunner()
    path = tmp_path / "post.md"
    shutil.copy(HERE / "hugo-markdown-syntax.md", path)
    result = runner.invoke(app, ["check", "--grammar", "off", str(path)])
    assert result.exit_code == 1
    assert f"{path}:59:56: doubled-word Word written twice: 'supports supports'" in result.stdout
    findings = json.loads(runner.invoke(app, ["check", "--grammar", "off", "--format", "json", str(path)]).stdout)[
        "findings"
    ]
    assert [(f["line"], f["column"], f["rule"]) for f in findings if f["rule"] == "doubled-word"] == [
        (36, 469, "doubled-word"),
        (59, 56, "doubled-word"),
    ]
    assert all("segment" not in f for f in findings)  # one text, not segments
    result = runner.invoke(app, ["apply", "--write", "--unsafe-fixes", "--grammar", "off", str(path)])
    assert "1 file fixed." in result.output
    assert path.read_bytes() == (HERE / "hugo-markdown-syntax.fixed.md").read_bytes()


def test_cli_apply_planted(tmp_path):
    path = tmp_path / "planted.md"
    shutil.copy(HERE / "planted.md", path)
    diff = CliRunner().invoke(app, ["apply", "--unsafe-fixes", "--grammar", "off", str(path)]).stdout
    assert "-# We met the the envoy\n+# We met the envoy\n" in diff
    assert "-    indented code: the the" not in diff and "-> the the" not in diff
    CliRunner().invoke(app, ["apply", "--write", "--unsafe-fixes", "--grammar", "off", str(path)])
    assert path.read_bytes() == (HERE / "planted.fixed.md").read_bytes()


def test_crlf_file_is_fixed_in_place():
    text = "We met the the envoy.\r\n\r\n```\r\nthe the\r\n```\r\n"
    assert textfix.fix_text(text, path="a.md", unsafe=True) == "We met the envoy.\r\n\r\n```\r\nthe the\r\n```\r\n"


def test_suppression_comments_in_html_blocks_and_inline():
    text = (
        "<!-- textfix: ignore-file[stray-full-stop] -->\n"
        "The talks ended. of the year.\n\n"
        "We met the the envoy. <!-- textfix: ignore -->\n\n"
        "`<!-- textfix: ignore-file -->` is an example, not a comment.\n\n"
        "```\n<!-- textfix: ignore-file -->\n```\n\n"
        "We met the the envoy.\n"
    )
    findings = textfix.check_text(text, path="a.md")
    assert [(f.rule_id, text.count("\n", 0, f.start) + 1) for f in findings] == [("doubled-word", 12)]


# Generated documents are built from fragments: (text, kind), where kind is "prose" (its
# artifacts must be fixed), "code" (anything that must be left alone) or "" (structure).
ARTIFACTS = ["Saved. .", "the the", "ended. of the", "cafÃ©"]
SENTENCES = {
    "Saved. .": "The file was Saved. . Then we left.",
    "the the": "We met the the envoy.",
    "ended. of the": "The talks ended. of the year.",
    "cafÃ©": "A cafÃ© opened.",
}
CLEAN = ["We met the envoy.", "The talks resumed.", "A café opened in Paris."]
Fragments = list[tuple[str, str]]

artifact = st.sampled_from(ARTIFACTS)
prose = st.one_of(artifact.map(SENTENCES.get), st.sampled_from(CLEAN)).map(lambda s: [(s, "prose")])
code_span = artifact.map(lambda a: [("`", "code"), (a, "code"), ("`", "code")])
link = st.tuples(prose, artifact, artifact).map(
    lambda p: [
        ("[", ""),
        *p[0],
        ("](<https://example.com/", ""),
        (p[1], "code"),
        ('> "', ""),
        (p[2], "code"),
        ('")', ""),
    ]
)
tag = artifact.map(lambda a: [('<span title="', "code"), (a, "code"), ('">', "code")])
inline = st.one_of(prose, code_span, link, tag)


def _line(parts: list[Fragments], prefix: str = "") -> Fragments:
    line: Fragments = [(prefix, "")]
    for number, part in enumerate(parts):
        line += [(" ", "")] * (number > 0) + part
    return line


blocks = st.one_of(
    st.lists(inline, min_size=1, max_size=4).map(_line),
    *(st.lists(inline, min_size=1, max_size=3).map(lambda parts, p=p: _line(parts, p)) for p in ("# ", "> ", "- ")),
    artifact.map(lambda a: [("```\n", "code"), (a, "code"), ("\n```", "code")]),
    # After a paragraph: right after a list item, an indented line would continue the item.
    st.tuples(prose, artifact).map(lambda p: [*p[0], ("\n\n", ""), ("    ", "code"), (p[1], "code")]),
    artifact.map(lambda a: [("<div>\n", "code"), (a, "code"), ("\n</div>", "code")]),
    st.tuples(prose, code_span).map(lambda p: [("| ", ""), *p[0], (" | ", ""), *p[1], (" |\n| --- | --- |", "")]),
)
front_matter = st.sampled_from([[], [("---\ntitle: the the\n---", "code")]])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """A Markdown text and where its prose and code fragments are."""
    parts = [draw(front_matter), *draw(st.lists(blocks, min_size=1, max_size=6))]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text, places = "", []
    for block in (b for b in parts if b):
        for fragment, kind in block:
            fragment = fragment.replace("\n", newline)
            if kind:
                places.append((len(text), len(text) + len(fragment), kind))
            text += fragment
        text += newline * 2
    return text, places


@settings(max_examples=150, deadline=None)
@given(documents())
def test_generated_documents(document):
    text, places = document
    spans = skip_spans(text)
    for start, end, kind in places:
        if kind == "code":
            assert inside(spans, start, end), text[start:end]
        else:
            assert not touches(spans, start, end), text[start:end]
    fixed = textfix.fix_text(text, path="x.md", unsafe=True)
    assert_fix_stays_outside(text, fixed)
    skip_spans(fixed)  # the fixed file still parses
    code = "\0".join(text[start:end] for start, end, kind in places if kind == "code")
    for planted in ARTIFACTS:
        assert fixed.count(planted) == code.count(planted), planted  # prose loses its own, code keeps its


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(code_span, tag, st.sampled_from(CLEAN).map(lambda s: [(s, "prose")])), min_size=1, max_size=8)
)
def test_text_without_artifacts_in_prose_comes_back_unchanged(parts):
    text = "".join(fragment for fragment, _ in _line(parts)) + "\n"
    assert textfix.fix_text(text, path="x.md", unsafe=True) == text


@pytest.mark.parametrize(
    "unit",
    ["[", "![", "[a](", "<", "<!--", "`", "[^1]", "<http://a", "[" * 30 + "]", "> ", "- "],
)
def test_one_long_line_parses_in_linear_time(unit):
    """A line of one construct opened again and again: the parser's work per character stays
    bounded, so twice the text takes about twice the time, never four times."""
    times = []
    for size in (50_000, 100_000):
        start = time.perf_counter()
        skip_spans(unit * (size // len(unit)))
        times.append(time.perf_counter() - start)
    assert times[1] < 30 and times[1] < 3 * times[0] + 0.5


@pytest.mark.parametrize(
    "text",
    [
        ">" * 100_000 + " the the\n",
        "".join("  " * i + "- a `b`\n" for i in range(300)),
        "".join(">" * min(i, 60) + " a `b`\n" for i in range(20_000)),
        "```\n" + "the the\n" * 100_000,
        "".join("`" * (3 + i % 40) + "\n" for i in range(50_000)),
    ],
    ids=["deep quote on one line", "deep list", "deep quotes", "unclosed fence", "many fences"],
)
def test_deep_nesting_and_unclosed_fences_stay_fast(text):
    """Nesting beyond the parser's limit is left unparsed (and unchecked), not recursed into."""
    start = time.perf_counter()
    spans = skip_spans(text)
    assert time.perf_counter() - start < 10
    assert spans == sorted(spans)


def test_plain_text_does_not_load_the_parser(tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("We met the the envoy.\n", encoding="utf-8")
    code = (
        "import sys; from textfix.cli import main; sys.argv = ['textfix', 'check', '--grammar', 'off', sys.argv[1]]\n"
        "try: main()\nexcept SystemExit: pass\n"
        "assert 'markdown_it' not in sys.modules, 'loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.txt")], capture_output=True, text=True)
    assert "loaded" not in result.stderr, result.stderr


def test_entities_and_escapes_are_prose():
    assert skip_spans("Caf&eacute; and \\*the the\\* and AT&amp;T.\n") == []
