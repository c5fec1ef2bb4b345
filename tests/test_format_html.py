"""HTML and XHTML pages (textfix/formats/html.py): what is read as text, what is left alone,
where fixes land, and the pages that are refused."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES
from format_contract import assert_fix_stays_inside, assert_reads_back, segments_of
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import textfix
from textfix.cli import app
from textfix.formats import FormatError
from textfix.formats.segments import Segmented

HTML = FIXTURES / "formats" / "html"
REAL = sorted(p.name for p in HTML.iterdir() if p.suffix in (".html", ".xhtml") and "planted" not in p.name)
FFFC = "\ufffc"


def read(text: str) -> Segmented:
    segmented = segments_of(text, "html")
    reads_back(text, segmented)
    return segmented


def reads_back(text: str, segmented: Segmented) -> None:
    """The contract's read-back, segment by segment: an attribute's segment lies inside the
    tag it belongs to, so inside the span of the sentence around that tag (and inside the
    protected piece of an <img>); no two segments share a character that may be edited."""
    taken: list[tuple[int, int]] = []
    for segment in segmented.segments:
        assert_reads_back(text, Segmented([segment]))
        for piece in segment.pieces:
            if piece.file_end > piece.file_start and not piece.protected:
                assert not any(s < piece.file_end and piece.file_start < e for s, e in taken), piece
                taken.append((piece.file_start, piece.file_end))


def texts(text: str) -> list[tuple[str, str]]:
    return [(segment.ref, segment.text) for segment in read(text).segments]


@pytest.mark.parametrize(
    "page, expected",
    [
        ("<p>Hello world.</p>", [("p", "Hello world.")]),
        ("<p>Click <a href=x>here</a>. .</p>", [("p", "Click here. .")]),
        ("<p>One.<p>Two.", [("p", "One."), ("p", "Two.")]),  # unclosed <p>
        ("<ul><li>One<li>Two</ul>", [("li", "One"), ("li", "Two")]),
        ("<P>Upper <B>case</B> tags.</P>", [("p", "Upper case tags.")]),
        ("<h1 id=top>Title</h1><div>Body text</div>", [("h1#top", "Title"), ("div", "Body text")]),
        ("<section id=s><p>Inside.</p></section>", [("#s p", "Inside.")]),
        ("<p>Tom &amp; Jerry &copy 2024&nbsp;&#x41;&#66;</p>", [("p", "Tom & Jerry © 2024\xa0AB")]),
        ("<p>Fish &chips; and &notit; and &</p>", [("p", "Fish &chips; and ¬it; and &")]),
        ("<p>Run <code>ls -l</code> to list.</p>", [("p", f"Run {FFFC} to list.")]),
        ("<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.</p>", [("p", f"Press {FFFC}+{FFFC}.")]),
        ("<p>Line one<br>line two</p>", [("p", "Line one\nline two")]),
        ("<p>An <img src=a.png alt='an icon'> icon.</p>", [("p", f"An {FFFC} icon."), ("img@alt", "an icon")]),
        ("<p>A <b>bold <i>and</i> italic</b> word.</p>", [("p", "A bold and italic word.")]),
        ("<p>Before<script>if (a < b) { x('</div>') }</script> after.</p>", [("p", "Before after.")]),
        ("<style>p { color: red }</style><p>Styled.</p>", [("p", "Styled.")]),
        ("<pre>keep   the the</pre><p>Prose.</p>", [("p", "Prose.")]),
        ("<textarea>the the</textarea><template><p>the the</p></template>", []),
        ("<!-- the the --><!DOCTYPE html><p>Text.</p>", [("p", "Text.")]),
        ("<p translate=no>Brand</p><p>Next.</p>", [("p", "Next.")]),
        ("<p translate=no>Brand<p>Closed by the next p.", [("p", "Closed by the next p.")]),
        ("<p>Use <span translate='no'>BrandName</span> today.</p>", [("p", f"Use {FFFC} today.")]),
        ("<p>Trailing space and tags <b> </b></p>", [("p", "Trailing space and tags")]),
        ("<title>Page</title><h2>Head</h2>", [("title", "Page"), ("h2", "Head")]),
        ("<button title='Save it'>Save</button>", [("button@title", "Save it"), ("button", "Save")]),
        (
            "<input placeholder=\"Your name\" aria-label='Name'>",
            [("input@placeholder", "Your name"), ("input@aria-label", "Name")],
        ),
        ("<a href='?a=1&copy=2' title='&copy=x &amp; y'>x</a>", [("a@title", "&copy=x & y"), ("a", "x")]),
        ("<div><span>no</span>block<p>para</p>tail</div>", [("div", "noblock"), ("p", "para"), ("div", "tail")]),
        ("<table><tr><td>A<td>B<tr><th>C</table>", [("td", "A"), ("td", "B"), ("th", "C")]),
        ("<select><option>One<option>Two</select>", [("option", "One"), ("option", "Two")]),
        ("<p>a < b and c<3</p>", [("p", "a < b and c<3")]),
        ("<p>c<d</p>e", [("p", "ce")]),  # "<d</p>" is a tag named "d<", as browsers read it
        ("<p>x</p></>stray</b>end", [("p", "x"), ("", "strayend")]),
        ("<svg><text>Drawn</text></svg><p>Real</p>", [("p", "Real")]),
        (
            "<figure><img alt=Chart src=c.png><figcaption>Sales</figcaption></figure>",
            [("img@alt", "Chart"), ("figcaption", "Sales")],
        ),
        ("<p>a<br/>b</BR>c</p>", [("p", "a\nb\nc")]),
        (
            '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script src="a.js"/><p>Text.</p></html>',
            [("p", "Text.")],
        ),
        ('<html xmlns="http://www.w3.org/1999/xhtml"><p>A <code/> b <span/>c.</p></html>', [("p", f"A {FFFC} b c.")]),
        ("<p>Ok.</p><![CDATA[ x ]]><?php echo 1 ?>", [("p", "Ok.")]),
        # html5lib-tests, tree-construction/scriptdata01.dat
        ("FOO<script>'Hello'</script>BAR", [("", "FOOBAR")]),
        ('FOO<script></script foo=">" dd>BAR', [("", "FOOBAR")]),
        ("FOO<script><!--<script>-></script>--></script>QUX", [("", "FOOQUX")]),
        # html5lib-tests, tree-construction/entities01.dat
        ("FOO&gt;BAR", [("", "FOO>BAR")]),
        ("FOO&gtBAR", [("", "FOO>BAR")]),
        ("FOO&#x000D;ZOO", [("", "FOO\rZOO")]),
        ('<div bar="ZZ&gt=YY"></div>', []),
        # html5lib-tests, tree-construction/tests1.dat
        ("<p><b><i><u></p> <p>X", [("p", "X")]),
        (
            "<!-----><font><div>hello<table>excite!<b>me!<th><i>please!</tr><!--X-->",
            [("div", "hello"), ("table", "excite!me!"), ("th", "please!")],
        ),
    ],
)
def test_reads_the_text_a_reader_sees(page, expected):
    assert texts(page) == expected


@pytest.mark.parametrize(
    "page, lang, langs",
    [
        ('<html lang="de"><p>Hallo</p><p lang=fr>Salut</p></html>', "de", ["de", "fr"]),
        ('<html xml:lang="en-US"><p>Hi</p><img alt=Icon lang=es>', "en-US", ["en-US", "es"]),
        ("<p>No language</p>", None, [None]),
    ],
)
def test_language(page, lang, langs):
    segmented = read(page)
    assert segmented.lang == lang
    assert [segment.lang for segment in segmented.segments] == langs


@pytest.mark.parametrize(
    "page, line, problem",
    [
        ("<p>Hi</p>\n<!-- never closed\n<p>x</p>", 2, "comment is never closed"),
        ("<p>Hi</p>\n\n<script>var a = 1;\n", 3, "<script> is never closed"),
        ("<p>Hi</p>\r\n<style>p {}", 2, "<style> is never closed"),
        ("<p>Hi</p>\n<title>Page", 2, "<title> is never closed"),
        ("<p>Hi</p>\n<a href=x", 2, "the tag <a> is never closed"),
        ('<p>Hi</p>\n<img alt="open\n', 2, "alt= in <img> is never closed"),
        ("<p>ok</p>\n\x00\x01\x02binary", 2, "control character U+0000"),
        ("<![CDATA[ open", 1, "CDATA section is never closed"),
        ("<!DOCTYPE html", 1, "declaration is never closed"),
    ],
)
def test_a_page_that_is_not_html_is_refused_with_its_line(page, line, problem):
    with pytest.raises(FormatError) as raised:
        read(page)
    assert raised.value.line == line and problem in raised.value.message


def test_refused_page_is_an_error_not_plain_text(tmp_path):
    path = tmp_path / "broken.html"
    path.write_text("<p>We met the the envoy.</p>\n<!-- oops\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--grammar", "off"])
    assert result.exit_code == 2
    assert f"{path}: line 2: not a valid HTML file: a comment is never closed" in result.output
    assert "doubled-word" not in result.output
    with pytest.raises(FormatError):
        textfix.check_text(path.read_text(encoding="utf-8"), path="broken.html")


@pytest.mark.parametrize(
    "page, fixed",
    [
        ("<p>It was Saved. . Then</p>", "<p>It was Saved. Then</p>"),
        ("<p>We met <b>the the</b> envoy.</p>", "<p>We met <b>the</b> envoy.</p>"),
        ("<p>The talks ended. of the year</p>", "<p>The talks ended of the year</p>"),
        ("<p>A caf&eacute; and a cafÃ© here.</p>", "<p>A caf&eacute; and a café here.</p>"),
        ("<p>Click <a href=x>here</a>. .</p>", "<p>Click <a href=x>here</a>.</p>"),
        ('<img alt="Saved. ." src=a.png>', '<img alt="Saved." src=a.png>'),
        ("<img title='We met the the envoy.'>", "<img title='We met the envoy.'>"),
        (
            "<pre>the the</pre><code>the the</code><!-- the the -->",
            "<pre>the the</pre><code>the the</code><!-- the the -->",
        ),
        ("<p>We met\r\nthe the envoy.</p>\r\n", "<p>We met\r\nthe envoy.</p>\r\n"),
    ],
)
def test_fixes_land_in_the_text_and_nowhere_else(page, fixed):
    result = textfix.fix_text(page, path="x.html", unsafe=True)
    assert result == fixed
    assert_fix_stays_inside(page, result, read(page))


def test_a_fix_never_crosses_a_tag():
    # "the <b>the</b>": deleting a word would take the tag with it; the finding stays, unfixed.
    page = "<p>We met the <b>the</b> envoy.</p>"
    findings = textfix.check_text(page, path="x.html", select=["doubled-word"])
    assert [f.rule_id for f in findings] == ["doubled-word"]
    assert all(edit.start >= page.index("the") for f in findings for fix in f.fixes for edit in fix.edits)
    assert "<b>" in textfix.fix_text(page, path="x.html", unsafe=True)


@pytest.mark.parametrize(
    "page, new, written",
    [
        ("<p>x</p>", 'a < b & "c"', 'a &lt; b &amp; "c"'),
        ('<img alt="x">', "a & \"b\" 'c'", "a &amp; &quot;b&quot; 'c'"),
        ("<img alt='x'>", "a & \"b\" 'c'", 'a &amp; "b" &#39;c&#39;'),
        ("<img alt=x>", 'a b="c"', "a&#32;b&#61;&#34;c&#34;"),
    ],
)
def test_new_text_is_written_as_the_place_writes_it(page, new, written):
    (segment,) = read(page).segments
    assert segment.escape(new) == written


def test_suppression_comment_is_found_in_the_file():
    page = "<p>We met the the envoy.</p>\n<!-- textfix: ignore-file[doubled-word] -->\n"
    segmented = read(page)
    (directive,) = segmented.file_directives
    assert page[directive.file_start : directive.file_end] == "<!-- textfix: ignore-file[doubled-word] -->"
    assert textfix.check_text(page, path="x.html", select=["doubled-word"]) == []


@pytest.mark.parametrize("name", REAL)
def test_real_pages_read_back_and_come_back_unchanged(name):
    page = (HTML / name).read_text(encoding="utf-8")
    segmented = read(page)
    assert segmented.segments and segmented.lang
    assert textfix.fix_text(page, path=name, unsafe=True) == page


def test_real_pages_read_as_expected():
    crlf = (HTML / "mdn-good-links-crlf.html").read_text(encoding="utf-8")
    lf = (HTML / "mdn-good-links.html").read_text(encoding="utf-8")
    assert [s.text for s in read(crlf).segments] == [s.text for s in read(lf).segments]
    assert texts(lf)[-1] == ("li", "Further information on Bees.")
    xhtml = read((HTML / "se-devils-dictionary-x.xhtml").read_text(encoding="utf-8"))
    assert xhtml.lang == "en-US"
    paragraph = xhtml.segments[-1].text
    assert paragraph.startswith("X in our alphabet") and f"psychology {FFFC} stands" in paragraph
    image = texts((HTML / "se-imprint.xhtml").read_text(encoding="utf-8"))
    assert ("#imprint img@alt", "The Standard Ebooks logo.") in image


# --- the command line on a real page, with artifacts planted in it ----------------------


def test_cli_checks_and_fixes_a_real_page(tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(HTML / "planted.html", page)
    runner = CliRunner()
    out = runner.invoke(app, ["check", str(page), "--grammar", "off", "--format", "concise"]).output
    lines = out.splitlines()
    assert any(line.startswith(f"{page}:31:66: doubled-punctuation") for line in lines), out
    assert any(line.startswith(f"{page}:45:53: doubled-word") for line in lines), out
    data = json.loads(runner.invoke(app, ["check", str(page), "--grammar", "off", "--format", "json"]).output)
    segments = {(f["rule"], f["segment"]) for f in data["findings"]}
    assert ("doubled-punctuation", "input@placeholder") in segments
    assert ("doubled-word", "li") in segments
    result = runner.invoke(app, ["apply", str(page), "--grammar", "off", "--unsafe-fixes", "--write"])
    assert result.exit_code in (0, 1), result.output
    assert page.read_bytes() == (HTML / "planted.fixed.html").read_bytes()


def test_cli_leaves_a_clean_page_unwritten(tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(HTML / "mdn-aria-roles.html", page)
    before = page.stat().st_mtime_ns
    result = CliRunner().invoke(app, ["apply", str(page), "--grammar", "off", "--write"])
    assert result.exit_code == 0 and page.stat().st_mtime_ns == before


# --- pages made up by hypothesis -----------------------------------------------------------

WORDS = "we met envoy after talks about trade river city north green window paper story".split()
ARTIFACTS = [("Saved. .", "Saved."), ("the the", "the"), ("ended. of the", "ended of the"), ("cafÃ©", "café")]
ENTITIES = ["&amp;", "&nbsp;", "&eacute;", "&#233;", "&#x2014;", "&copy"]


@st.composite
def sentences(draw, planted: bool) -> tuple[str, list[str]]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6, unique=True))
    parts = [words[0].capitalize(), *words[1:]]
    expected = []
    if planted:
        bad, good = draw(st.sampled_from(ARTIFACTS))
        at = draw(st.integers(1, len(parts)))
        parts.insert(at, bad)
        expected.append(good)
    text = " ".join(parts) + "."
    inline = draw(st.sampled_from(["", "b", "em", "a", "span", "code", "br", "img", "entity"]))
    if inline == "br":
        text = text.replace(" ", "<br>\n", 1)
    elif inline == "img":
        text = text.replace(" ", ' <img src="i.png" alt="An icon"> ', 1)
    elif inline == "entity":
        text = text.replace(" ", f" {draw(st.sampled_from(ENTITIES))} ", 1)
    elif inline:
        first = text.split(" ", 1)
        text = f"<{inline}>{first[0]}</{inline}> {first[1]}" if len(first) == 2 else text
    return text, expected


@st.composite
def pages(draw, planted: bool = False) -> str:
    blocks = []
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    for _ in range(draw(st.integers(1, 5))):
        text, _ = draw(sentences(planted and draw(st.booleans())))
        kind = draw(st.sampled_from(["p", "li", "h2", "td", "div", "title", "attr", "skip", "comment"]))
        if kind == "attr":
            quote = draw(st.sampled_from(['"', "'"]))
            value = text.replace("<", "").replace(">", "").replace(quote, "")
            blocks.append(f"<img src=x.png alt={quote}{value}{quote}>")
        elif kind == "skip":
            tag = draw(st.sampled_from(["pre", "script", "style", "textarea"]))
            blocks.append(f"<{tag}>the the {text}</{tag}>")
        elif kind == "comment":
            blocks.append(f"<!-- the the {text} -->")
        else:
            closed = draw(st.booleans()) or kind == "title"
            blocks.append(f"<{kind}>{text}" + (f"</{kind}>" if closed else ""))
    body = newline.join(blocks)
    return f'<!DOCTYPE html>{newline}<html lang="en">{newline}<body>{newline}{body}{newline}</body></html>{newline}'


@settings(max_examples=60, deadline=None)
@given(pages())
def test_clean_pages_read_back_and_are_not_changed(page):
    read(page)
    assert textfix.fix_text(page, path="x.html", unsafe=True) == page


@settings(max_examples=60, deadline=None)
@given(pages(planted=True))
def test_fixes_stay_inside_segments_and_the_page_still_reads(page):
    segmented = read(page)
    fixed = textfix.fix_text(page, path="x.html", unsafe=True)
    assert_fix_stays_inside(page, fixed, segmented)
    reads_back(fixed, segments_of(fixed, "html"))


SOUP = [
    "<p>",
    "</p>",
    "<li>",
    "<b>",
    "</b>",
    "<br>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<img alt='x. .'>",
    '<a title="the the">',
    "</a>",
    "&amp;",
    "&copy",
    "&#x41;",
    "&",
    "<",
    ">",
    "the the",
    "Saved. .",
    " ",
    "\n",
    "\r\n",
    "word",
    "<p translate=no>",
    "<span translate=no>",
    "</span>",
    "<title>",
    "</title>",
    "<textarea>",
    "</textarea>",
    "<!-- textfix: ignore -->",
    "=",
    '"',
    "'",
    "/",
    "<!x>",
    "</>",
    "<?x?>",
    "<svg/>",
    "<html lang=de>",
]


def gaps(text: str, segmented: Segmented) -> list[str]:
    """The file's text between the spans a fix may change."""
    out, at = [], 0
    for start, end in sorted((s.pieces[0].file_start, s.pieces[-1].file_end) for s in segmented.segments):
        if start >= at:
            out.append(text[at:start])
        at = max(at, end)
    return [*out, text[at:]]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=25))
def test_tag_soup_is_read_or_refused_and_fixes_keep_the_markup(tokens):
    page = "".join(tokens)
    try:
        segmented = read(page)
    except FormatError:
        return
    fixed = textfix.fix_text(page, path="x.html", unsafe=True)
    again = read(fixed)
    # Compared gap by gap rather than by a diff, which aligns repeated markup at random.
    assert len(again.segments) == len(segmented.segments)
    assert gaps(fixed, again) == gaps(page, segmented)
