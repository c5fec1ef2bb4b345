"""XLIFF 1.2 and 2.0: targets are the segments; inline codes, entities, CDATA and everything
outside the targets stay as written. Real files under fixtures/formats/xliff/ (SOURCES.md)."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES
from format_contract import assert_fix_stays_inside, assert_reads_back, segments_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import textfix
from textfix.cli import app
from textfix.formats import xliff
from textfix.formats.segments import FormatError

HERE = FIXTURES / "formats" / "xliff"
OBJ = "\ufffc"

V12 = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">{}</xliff>'
V20 = '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="de">{}</xliff>'


def file12(body: str, lang: str = "fr") -> str:
    return V12.format(f'<file source-language="en" target-language="{lang}" original="x"><body>{body}</body></file>')


def unit12(target: str, uid: str = "1", source: str = "S", extra: str = "") -> str:
    return f'<trans-unit id="{uid}"{extra}><source>{source}</source><target>{target}</target></trans-unit>'


def file20(body: str) -> str:
    return V20.format(f'<file id="f">{body}</file>')


def unit20(target: str, uid: str = "u", sid: str = "", source: str = "S") -> str:
    seg = f' id="{sid}"' if sid else ""
    return f'<unit id="{uid}"><segment{seg}><source>{source}</source><target>{target}</target></segment></unit>'


def read(text: str):
    segmented = segments_of(text, "xliff")
    assert_reads_back(text, segmented)
    return segmented


@pytest.mark.parametrize(
    "text, expected",
    [
        # (ref, target text, source text)
        (file12(unit12("Bonjour")), [("1", "Bonjour", "S")]),
        (file12(unit12("a &amp; b &lt;c&gt; &#233;&#x00E9;")), [("1", "a & b <c> éé", "S")]),
        (file12(unit12('<g id="1">gras</g> <x id="2"/> fin')), [("1", f"gras {OBJ} fin", "S")]),
        (
            file12(unit12('a <bpt id="1">&lt;b&gt;</bpt>b<ept id="1">&lt;/b&gt;</ept> <ph id="2">{0}</ph>')),
            [("1", f"a {OBJ}b{OBJ} {OBJ}", "S")],
        ),
        (
            file12(unit12('<bx id="1"/>x<ex id="1"/><it id="2" pos="open">&lt;i&gt;</it>')),
            [("1", f"{OBJ}x{OBJ}{OBJ}", "S")],
        ),
        (file12(unit12('<mrk mtype="term">mot</mrk> <mrk mtype="protected">code</mrk>')), [("1", f"mot {OBJ}", "S")]),
        (file12(unit12("<![CDATA[<b> & ]]>fin")), [("1", "<b> & fin", "S")]),
        (file12(unit12("x", source='a <g id="1">b</g> <x id="2"/>')), [("1", "x", f"a b {OBJ}")]),
        (file12(unit12("")) + "", []),  # an empty target is nothing to check
        (file12('<trans-unit id="1"><source>s</source></trans-unit>'), []),
        (file12(unit12("x", extra=' translate="no"') + unit12("y", "2")), [("2", "y", "S")]),
        (
            file12(f'<group translate="no">{unit12("x")}<group>{unit12("y", "2")}</group></group>' + unit12("z", "3")),
            [("3", "z", "S")],
        ),
        (file12('<group translate="no">' + unit12("x", extra=' translate="yes"') + "</group>"), [("1", "x", "S")]),
        # alt-trans targets are suggestions, not the translation
        (
            file12(
                '<trans-unit id="1"><source>s</source><target>t</target><alt-trans><target>u</target></alt-trans></trans-unit>'
            ),
            [("1", "t", "s")],
        ),
        # indentation reads as one space, and not at all at either end
        (file12(unit12("\n      Un\n      deux\n    ")), [("1", "Un deux", "S")]),
        (file12(unit12("\n  Un  \n  deux", extra=' xml:space="preserve"')), [("1", "\n  Un  \n  deux", "S")]),
        (file12(unit12('A\n  <g id="1"></g>\n  B')), [("1", "A B", "S")]),
        # 2.0
        (file20(unit20("Hallo")), [("u", "Hallo", "S")]),
        (file20(unit20("Hallo", sid="s1")), [("u/s1", "Hallo", "S")]),
        (
            file20(
                '<unit id="u"><segment id="a"><source>A</source><target>Eins</target></segment><ignorable><source> </source><target> </target></ignorable><segment id="b"><source>B</source><target>Zwei</target></segment></unit>'
            ),
            [("u/a", "Eins", "A"), ("u/b", "Zwei", "B")],
        ),
        (
            file20(unit20('<pc id="1">fett</pc> <ph id="2"/> <sc id="3"/>x<ec startRef="3"/> <cp hex="0001"/>')),
            [("u", f"fett {OBJ} {OBJ}x{OBJ} {OBJ}", "S")],
        ),
        (
            file20(
                unit20(
                    '<mrk id="m" type="term">Wort</mrk> <sm id="n"/>a<em startRef="n"/> <mrk id="k" translate="no">Code</mrk>'
                )
            ),
            [("u", f"Wort a {OBJ}", "S")],
        ),
        (file20(f'<group id="g" translate="no">{unit20("x")}</group>'), []),
        # prefixed XLIFF namespace; elements of other namespaces are codes in a target and
        # are passed over outside it
        (
            '<x:xliff version="1.2" xmlns:x="urn:oasis:names:tc:xliff:document:1.2"><x:file target-language="it" original="o"><x:body><x:trans-unit id="p"><x:source>s</x:source><x:target>Ciao</x:target></x:trans-unit></x:body></x:file></x:xliff>',
            [("p", "Ciao", "s")],
        ),
        (file12(unit12('a <o:b xmlns:o="urn:other">zz</o:b> c')), [("1", f"a {OBJ} c", "S")]),
        (
            V20.format(
                '<file id="f"><m:meta xmlns:m="urn:m"><m:target>no</m:target></m:meta>' + unit20("ja") + "</file>"
            ),
            [("u", "ja", "S")],
        ),
        # attributes in either quote style; XLIFF without a namespace
        (
            "<xliff version='1.2'><file target-language='nl' original='o'><body><trans-unit id='q'><source>s</source><target>Hoi</target></trans-unit></body></file></xliff>",
            [("q", "Hoi", "s")],
        ),
        # an entity the DTD declares
        ('<!DOCTYPE xliff [<!ENTITY co "ACME Inc.">]>' + file12(unit12("Par &co;")), [("1", "Par ACME Inc.", "S")]),
        # one that writes markup stands for content
        ("<!DOCTYPE xliff [<!ENTITY b '<g>x</g>'>]>" + file12(unit12("Par &b;")), [("1", f"Par {OBJ}", "S")]),
        # comments and processing instructions inside a target are structure
        (file12(unit12("Un <!-- c --><?pi x?>deux")), [("1", "Un deux", "S")]),
    ],
)
def test_reads_targets(text, expected):
    segmented = read(text)
    assert [(s.ref, s.text, s.source) for s in segmented.segments] == expected


@pytest.mark.parametrize(
    "text, lang",
    [
        (file12(unit12("x"), lang="pt-BR"), "pt-BR"),
        (file20(unit20("x")), "de"),
        (
            V12.format(
                '<file source-language="en" original="o"><body><trans-unit id="1"><source>s</source><target xml:lang="sv">x</target></trans-unit></body></file>'
            ),
            "sv",
        ),
    ],
)
def test_language_from_the_file(text, lang):
    segmented = read(text)
    assert segmented.lang == lang and [s.lang for s in segmented.segments] == [lang]


def test_inline_codes_are_protected_and_entities_not_verbatim():
    text = file12(unit12('a &amp; <g id="1">b</g><x id="2"/>'))
    pieces = read(text).segments[0].pieces
    assert [(p.text, p.verbatim, p.protected) for p in pieces] == [
        ("a ", True, False),
        ("&", False, False),
        (" ", True, False),
        ("", False, True),
        ("b", True, False),
        ("", False, True),
        (OBJ, False, True),
    ]
    assert [text[p.file_start : p.file_end] for p in pieces][3:] == ['<g id="1">', "b", "</g>", '<x id="2"/>']


def test_state_becomes_the_note():
    segmented = read(
        file12(unit12("x") + unit12("y", "2").replace("<target>", '<target state="needs-review-translation">'))
    )
    assert [s.note for s in segmented.segments] == ["", "needs-review-translation"]


@pytest.mark.parametrize(
    "text, line, words",
    [
        (file12(unit12("a <g>b</target>")), 1, "mismatched tag"),
        (
            '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<body>\n<trans-unit id="1"><target>a & b</target>',
            5,
            "not well-formed",
        ),
        (file12(unit12("a &nbsp; b")), 1, "undefined entity &nbsp; at column"),
        ('<!DOCTYPE xliff SYSTEM "xliff.dtd">\n' + file12(unit12("a &nbsp; b")), 2, "undefined entity &nbsp;"),
        ("", 1, "no element found"),
        ("<xliff>\n<a>été</b></xliff>", 2, "mismatched tag at column 7"),  # columns count characters
        ("Hello, world.\n", 1, "syntax error"),
        ('\n<?xml version="1.0"?><xliff/>', 2, "nothing may come before '<?xml'"),
        ('<?xml version="1.0"?>\n<html><body>x</body></html>', 2, "not an XLIFF <xliff>"),
        (file12(unit12("x")) + "\n<extra/>", 2, "junk after document element"),
    ],
)
def test_malformed_files_are_refused(text, line, words):
    with pytest.raises(FormatError) as caught:
        xliff.read(text)
    assert caught.value.line == line and words in caught.value.message
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "comments, where, expected",
    [
        ("<!-- textfix: ignore[doubled-punctuation] -->", "before", "Fin. ."),
        ("<!-- textfix: ignore[doubled-punctuation] -->", "inside", "Fin. ."),
        ("<!-- textfix: ignore -->", "before", "Fin. ."),
        ("<!-- textfix: ignore[doubled-word] -->", "before", "Fin."),
        ("<!-- textfix: ignore-file -->", "top", "Fin. ."),
        ("<!-- a plain comment -->", "before", "Fin."),
        ("<!-- textfix: ignore -->", "before-group", "Fin."),  # a tag between: it is not before the unit
    ],
)
def test_suppression_comments(comments, where, expected):
    target = "Fin. ."
    unit = unit12(target)
    if where == "before":
        body = comments + "\n  " + unit
    elif where == "inside":
        body = unit.replace("<source>", comments + "<source>")
    elif where == "before-group":
        body = comments + "<group>" + unit + "</group>"
    else:
        body = unit
    text = file12(body)
    if where == "top":
        text = text.replace("<file ", comments + "<file ", 1)
    fixed = textfix.fix_text(text, path="x.xlf")
    assert f"<target>{expected}</target>" in fixed
    assert unit12("x", "2") in textfix.fix_text(text.replace("</body>", unit12("x", "2") + "</body>"), path="x.xlf")


def test_suppression_of_the_next_unit_only():
    text = file12("<!-- textfix: ignore -->" + unit12("Un. .") + unit12("Deux. .", "2"))
    fixed = textfix.fix_text(text, path="x.xlf")
    assert "<target>Un. .</target>" in fixed and "<target>Deux.</target>" in fixed


# Planted artifacts: what the target says, and what it says once fixed (unsafe fixes too).
PLANTED = [
    ("Enregistré. .", "Enregistré."),
    ("Il a vu the the chat.", "Il a vu the chat."),
    ("The talks ended. of the summit.", "The talks ended of the summit."),
    ("Caf\u00c3\u00a9 ouvert.", "Café ouvert."),
    ("Saved. . &amp; done", "Saved. &amp; done"),
    ('<g id="1">Saved. .</g> Next', '<g id="1">Saved.</g> Next'),
    ("<![CDATA[Saved. . <b>]]>", "<![CDATA[Saved. <b>]]>"),
    ("\n        Saved. .\n        Next the the one.\n      ", "\n        Saved.\n        Next the one.\n      "),
]


@pytest.mark.parametrize("target, fixed", PLANTED)
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_planted_artifacts_are_fixed_in_place(target, fixed, version):
    # The plants are in English: the file says so, as the stray stop's fixes follow the language.
    if version == "1.2":
        text, want = file12(unit12(target), "en"), file12(unit12(fixed), "en")
    else:
        text, want = (
            file20(unit20(target.replace("<g ", "<pc ").replace("</g>", "</pc>"))).replace('"de"', '"en"'),
            file20(unit20(fixed.replace("<g ", "<pc ").replace("</g>", "</pc>"))).replace('"de"', '"en"'),
        )
    result = textfix.fix_text(text, path="x.xlf", unsafe=True)
    assert result == want
    assert_fix_stays_inside(text, result, read(text))


def test_source_and_structure_are_never_edited():
    text = file12(unit12("Bon.", source="Saved. . the the") + "<note>the the</note>")
    assert textfix.fix_text(text, path="x.xlf", unsafe=True) == text
    assert textfix.check_text(text, path="x.xlf") == []


def test_no_edit_spans_an_inline_code():
    text = file12(unit12('Fin. <x id="1"/>. suite'))
    assert textfix.fix_text(text, path="x.xlf", unsafe=True) == text


def test_escape():
    assert xliff.escape("a & <b> c") == "a &amp; &lt;b&gt; c"
    assert xliff.escape_cdata("a]]>b & <") == "a]]]]><![CDATA[>b & <"


def test_crlf_and_bom():
    text = "\ufeff" + file12("\r\n" + unit12("\r\n   Un. .\r\n   deux\r\n") + "\r\n").replace("><", ">\r\n<")
    segmented = read(text)
    assert segmented.segments[0].text == "Un. . deux"
    fixed = textfix.fix_text(text, path="x.xlf")
    assert fixed == text.replace("Un. .", "Un.")


def test_findings_give_line_column_and_segment():
    text = file12("\n" + unit12("ok", "a") + "\n" + unit12("Fin. .", "b") + "\n")
    (finding,) = textfix.check_text(text, path="x.xlf")
    assert (finding.rule_id, finding.segment) == ("doubled-punctuation", "b")
    assert text[finding.start : finding.end] == ". ."


# Real files from public projects: what they hold, and that a clean one comes back unchanged.
REAL = [
    ("symfony-validators.fr.xlf", 9, "1", "Cette valeur doit être fausse."),
    ("symfony-resources.xlf", 3, "5", "skipped"),
    ("angular-hello.fr.xlf", 1, "f67d33573c0e555c44bacc91043bef723bdd184b", f" Bonjour {OBJ}! "),
    ("symfony-resources-2.0-clean.xlf", 3, "FrtCNPU", "<source> & <target>"),
    ("angular-i18n.fr.xlf", 8, "2329001734457059408", f"Balises dans les commentaires html {OBJ}"),
]


@pytest.mark.parametrize("name, count, ref, target", REAL)
def test_real_files(name, count, ref, target):
    text = (HERE / name).read_text(encoding="utf-8")
    segmented = read(text)
    assert len(segmented.segments) == count
    assert {s.ref: s.text for s in segmented.segments}[ref] == target
    assert textfix.fix_text(text, path=name, unsafe=True) == text


def test_cli_end_to_end(tmp_path):
    path = tmp_path / "validators.fr.xlf"
    shutil.copy(HERE / "validators-dirty.fr.xlf", path)
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(path), "--grammar", "off", "--format", "concise"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:4] == [
        f"{path}:7:54: doubled-punctuation Doubled punctuation '. .'",
        f"{path}:16:48: doubled-word Word written twice: 'de de'",
        f"{path}:28:55: stray-full-stop Full stop in mid-sentence: 'volumineux. de'",
        f"{path}:36:71: mojibake Broken Unicode 'Ã©' (decode inconsistent utf8); should be 'é'",
    ]
    data = json.loads(runner.invoke(app, ["check", str(path), "--grammar", "off", "--format", "json"]).stdout)
    assert [(f["rule"], f["segment"]) for f in data["findings"]] == [
        ("doubled-punctuation", "1"),
        ("doubled-word", "3"),
        ("stray-full-stop", "16"),
        ("mojibake", "47"),
    ]
    result = runner.invoke(app, ["apply", str(path), "--grammar", "off", "--write"])
    assert "1 file fixed" in result.output
    assert path.read_bytes() == (HERE / "validators-fixed.fr.xlf").read_bytes()


def test_cli_malformed_file_is_an_error_and_is_not_written(tmp_path):
    path = tmp_path / "bad.xlf"
    path.write_text(file12(unit12("Fin. .")).replace("</target>", ""), encoding="utf-8")
    before = path.read_bytes()
    result = CliRunner().invoke(app, ["apply", str(path), "--grammar", "off", "--write"])
    assert result.exit_code == 2
    assert "line 1: not a valid XLIFF file: mismatched tag" in result.output
    assert path.read_bytes() == before


# Generated files: words, entities, inline codes, CDATA, comments and indentation.
WORDS = st.sampled_from(["Saved", "file", "the", "le", "fichier", "ended", "of", "été", "Ünïcode", "x", "1.5"])
CLEAN_WORD = WORDS.filter(lambda w: w != "the")
# No full stop mid-target: before a lower-case word it is an artifact of its own.
PUNCT = st.sampled_from([" ", " ", " ", ", ", "\n    "])
CODE12 = st.sampled_from(
    ['<x id="1"/>', '<ph id="2">{0}</ph>', '<bpt id="3">&lt;b&gt;</bpt>', "&amp;", "&#233;", "&lt;"]
)
CODE20 = st.sampled_from(['<ph id="1"/>', '<sc id="2"/>', '<ec startRef="2"/>', "&amp;", "&#x00E9;", "&gt;"])


@st.composite
def target_text(draw, words, codes, version):
    parts: list[str] = []
    last = ""
    for _ in range(draw(st.integers(1, 8))):
        choice = draw(st.integers(0, 5))
        word = draw(words.filter(lambda w, last=last: w != last))  # a word twice is an artifact
        if choice == 0:
            code = draw(codes.filter(lambda c, last=last: c != last))
            parts.append(code)
            last = code
        elif choice == 1:
            wrap = "g" if version == "1.2" else "pc"
            parts.append(f'<{wrap} id="w">{word}</{wrap}>')
            last = word
        elif choice == 2:
            parts.append(f"<![CDATA[{word}]]>")
            last = word
        else:
            parts.append(word)
            last = word
        parts.append(draw(PUNCT))
    return "".join(parts).rstrip(" ,.\n") + "."


@st.composite
def xliff_files(draw, words=WORDS, plant=False):
    version = draw(st.sampled_from(["1.2", "2.0"]))
    codes = CODE12 if version == "1.2" else CODE20
    units = []
    for index in range(draw(st.integers(1, 4))):
        target = draw(target_text(words, codes, version))
        if plant:
            target = draw(st.sampled_from(["Saved. . ", "the the ", "ended. of the ", "Caf\u00c3\u00a9 ", ""])) + target
        comment = draw(st.sampled_from(["", "<!-- note -->\n  ", "<!-- textfix: ignore[doubled-word] -->\n  "]))
        if version == "1.2":
            units.append(comment + unit12(target, str(index), source="S &amp; <x id='1'/>"))
        else:
            units.append(comment + unit20(target, str(index), sid=draw(st.sampled_from(["", "s"]))))
    body = "\n  ".join(units)
    text = file12(body) if version == "1.2" else file20(body)
    return draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>\n'])) + text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xliff_files(plant=True))
def test_property_fixes_stay_inside_targets(text):
    segmented = read(text)
    fixed = textfix.fix_text(text, path="x.xlf", unsafe=True)
    assert_fix_stays_inside(text, fixed, segmented)
    read(fixed)  # still a valid XLIFF file


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xliff_files(words=CLEAN_WORD))
def test_property_clean_files_come_back_identical(text):
    read(text)
    assert textfix.fix_text(text, path="x.xlf", unsafe=True) == text
