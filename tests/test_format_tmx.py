"""TMX: every `<tuv>` but the source one is a segment, its source the source `<seg>`; inline
codes, entities and everything outside the `<seg>`s stay as written. Real files under
fixtures/formats/tmx/ (SOURCES.md)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from format_contract import assert_fix_stays_inside, assert_reads_back
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix import formats
from textfix.formats import ReadOptions
from textfix.formats.segments import FormatError
from textfix.formats.xml import escape
from textfix.textfile import decode

HERE = FIXTURES / "formats" / "tmx"
OBJ = "\ufffc"


def tmx(body: str, srclang: str = "en") -> str:
    return f'<tmx version="1.4"><header srclang="{srclang}" datatype="plaintext"/><body>{body}</body></tmx>'


def tu(*variants: tuple[str, str], attrs: str = "") -> str:
    return (
        f"<tu{attrs}>" + "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in variants) + "</tu>"
    )


def read(text: str, source_language: str | None = None):
    read_ = formats.reader("tmx", ReadOptions(source_language=source_language))
    assert read_ is not None
    segmented = read_(text)
    assert_reads_back(text, segmented)
    return segmented


@pytest.mark.parametrize(
    "text, source_language, expected",
    [
        # (ref, target text, source text, language)
        (tmx(tu(("en", "Hello"), ("de", "Hallo"))), None, [("1/de", "Hallo", "Hello", "de")]),
        # the header's srclang picks the source, wherever it comes
        (tmx(tu(("de", "Hallo"), ("en", "Hello"))), None, [("1/de", "Hallo", "Hello", "de")]),
        # the option wins over the header; a language matches its varieties, case aside
        (tmx(tu(("EN-us", "Hello"), ("de", "Hallo"))), None, [("1/de", "Hallo", "Hello", "de")]),
        (tmx(tu(("en", "Hello"), ("de", "Hallo"))), "de", [("1/en", "Hello", "Hallo", "en")]),
        # *all*: the first is the source; no tuv in the source language: no source
        (tmx(tu(("fr", "Salut"), ("de", "Hallo")), "*all*"), None, [("1/de", "Hallo", "Salut", "de")]),
        (
            tmx(tu(("fr", "Salut"), ("de", "Hallo"))),
            None,
            [("1/fr", "Salut", None, "fr"), ("1/de", "Hallo", None, "de")],
        ),
        # a unit's own srclang, its tuid as the ref
        (
            tmx(tu(("de", "Hallo"), ("fr", "Salut"), attrs=' tuid="t9" srclang="fr"')),
            None,
            [("t9/de", "Hallo", "Salut", "de")],
        ),
        # several units, several targets, TMX 1.1's lang
        (
            tmx(
                tu(("en", "A"), ("de", "B"), ("fr", "C"))
                + '<tu><tuv lang="en"><seg>D</seg></tuv><tuv lang="it"><seg>E</seg></tuv></tu>'
            ),
            None,
            [("1/de", "B", "A", "de"), ("1/fr", "C", "A", "fr"), ("2/it", "E", "D", "it")],
        ),
        # inline codes: content codes read as a placeholder, <hi> as nothing
        (
            tmx(
                tu(
                    ("en", "a"),
                    (
                        "de",
                        'x <bpt i="1">&lt;b></bpt>fett<ept i="1">&lt;/b></ept> <ph x="1"/> <hi>y</hi> <it pos="begin">&lt;i></it>z',
                    ),
                )
            ),
            None,
            [("1/de", f"x {OBJ}fett{OBJ} {OBJ} y {OBJ}z", "a", "de")],
        ),
        # entities, CDATA, indentation, empty targets
        (tmx(tu(("en", "a"), ("de", "a &amp; b &#233; <![CDATA[<c>]]>"))), None, [("1/de", "a & b é <c>", "a", "de")]),
        (tmx(tu(("en", "a"), ("de", "Eins\nzwei"))), None, [("1/de", "Eins\nzwei", "a", "de")]),
        (
            tmx(tu(("en", "a"), ("de", "\n   Eins\n   zwei\n  ")).replace("<seg>", '<seg xml:space="default">')),
            None,
            [("1/de", "Eins zwei", "a", "de")],
        ),
        (tmx(tu(("en", "a"), ("de", "")) + tu(("en", "b"))), None, []),
        # notes and properties are not text to check
        (
            tmx(
                '<tu><note>n</note><prop type="x">p</prop><tuv xml:lang="en"><note>m</note><seg>a</seg></tuv><tuv xml:lang="de"><seg>b</seg></tuv></tu>'
            ),
            None,
            [("1/de", "b", "a", "de")],
        ),
    ],
)
def test_reads_targets(text, source_language, expected):
    segmented = read(text, source_language)
    assert [(s.ref, s.text, s.source, s.lang) for s in segmented.segments] == expected


def test_the_file_language_is_the_one_target_language():
    assert read(tmx(tu(("en", "a"), ("de", "b")) + tu(("en", "c"), ("DE", "d")))).lang == "de"
    assert read(tmx(tu(("en", "a"), ("de", "b"), ("fr", "c")))).lang is None


def test_a_tiled_map_holds_no_text():
    assert read('<?xml version="1.0"?>\n<map version="1.0" orientation="orthogonal"><layer/></map>\n').segments == []


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('<?xml version="1.0"?>\n<xliff version="1.2"/>\n', 2, "not a TMX <tmx>"),
        (tmx(tu(("en", "a"), ("de", "b &c; d"))), 1, "undefined entity"),
        ("<tmx>\n<body>\n<tu></body></tmx>", 3, "mismatched tag"),
        ("<tmx/>\n<tmx/>", 2, "one root element, <tmx>"),
    ],
)
def test_bad_files_name_the_line(text, line, words):
    with pytest.raises(FormatError) as caught:
        read(text)
    assert caught.value.line == line and words in caught.value.message


REAL = [
    # (file, segments, ref, target, source)
    ("ImportTest2A.tmx", 7, "7/FR-CA", "Du texte avec une portion délimitée.", "Some text with a part highlighted."),
    ("ImportTest2A.tmx", 7, "4/fr-ca", f"Première {OBJ}phrase.", f"First {OBJ}sentence."),
    ("ImportTest1L.tmx", 2, "tu001/fr", "Texte du segment.", "Text of the segment."),
    (
        "ImportTest2C.tmx",
        2,
        "tu001/fr",
        f"{OBJ}{OBJ}Cliquez {OBJ} pour commencer.{OBJ}",
        f"{OBJ}{OBJ}Click {OBJ} to start.{OBJ}",
    ),
    ("test-level2.tmx", 4, "2/be", f"First {OBJ} tr.", f"First part {OBJ} end."),
    ("test-omegat.tmx", 7, "4/be", "tr3", "lang3"),  # srclang "en": en-GB is a variety of it
    ("en-US_en-GB_fr_sr.tmx", 3, "1/sr", "ZZZ", "XXx"),
]


def _text(name: str) -> str:
    path = HERE / name
    return decode(path, path.read_bytes()).text


@pytest.mark.parametrize("name, count, ref, target, source", REAL)
def test_real_files(name, count, ref, target, source):
    text = _text(name)
    segmented = read(text)
    assert len(segmented.segments) == count
    found = {s.ref: s for s in segmented.segments}[ref]
    assert (found.text, found.source) == (target, source)
    assert textfix.fix_text(text, path=name, unsafe=True) == text


def test_a_fix_edits_the_target_only():
    text = tmx(tu(("en", "The end. ."), ("de", 'Das Ende. . <ph x="1"/> und und.')))
    fixed = textfix.fix_text(text, path="m.tmx", unsafe=True)
    assert fixed == text.replace("Ende. .", "Ende.").replace("und und", "und")
    assert_fix_stays_inside(text, fixed, read(text))


def test_an_inline_code_beside_accented_text_is_not_mojibake():
    text = tmx(tu(("en", "First <ph x='1'/>sentence."), ("fr", "Première <it pos='begin'>&lt;b></it>phrase.")))
    assert textfix.check_text(text, path="m.tmx") == []
    assert [f.rule_id for f in textfix.check_text("Première \ufffcphrase.\n")] == ["mojibake"]  # in plain text it is


def test_check_names_the_unit_and_language():
    text = tmx("\n" + tu(("en", "Fine."), ("de", "Gut. ."), attrs=' tuid="x"') + "\n")
    (finding,) = textfix.check_text(text, path="m.tmx")
    assert (finding.rule_id, finding.segment, text[finding.start : finding.end]) == (
        "doubled-punctuation",
        "x/de",
        ". .",
    )


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), max_size=30)


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_any_memory_reads_back_its_targets(targets):
    text = tmx("\n".join(tu(("en", f"s{i}"), ("de", escape(t))) for i, t in enumerate(targets)))
    assert [s.text for s in read(text).segments] == [t for t in targets if t]


@settings(max_examples=40, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=3), st.sampled_from(["Fertig. .", "am am Ende", "CafÃ© au lait"]))
def test_planted_artifacts_are_fixed_inside_the_targets_only(targets, artifact):
    body = "".join(tu(("en", escape(t)), ("de", escape(t))) for t in targets)
    text = tmx(body + tu(("en", "x"), ("de", escape(artifact))))
    fixed = textfix.fix_text(text, path="m.tmx", unsafe=True, select=["ALL"])
    assert fixed != text
    assert_fix_stays_inside(text, fixed, read(text))
