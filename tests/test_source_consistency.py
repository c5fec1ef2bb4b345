"""Translation consistency across a run's files, and glossaries (rules/source-consistency.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix import glossary, project
from textfix.api import check_text, fix_text, get_ruleset
from textfix.kinds.translation_consistency import opposed
from textfix.runner import run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONSISTENCY = FIXTURES / "consistency"
GLOSSARIES = FIXTURES / "glossary"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Save", "&Save:"),
        ("_Open", "open"),
        ("Hello %(name)s.", "Hello {name}"),
        ("Date :", "Date:"),
        ("  two   spaces ", "two spaces"),
        ("\u201cquoted\u201d", '"quoted"'),
        ("日付：", "日付"),
        ("¿Seguro?", "Seguro"),
    ],
)
def test_normalised_alike(a, b):
    assert project.normalise(a) == project.normalise(b)


@pytest.mark.parametrize("a, b", [("R&D", "RD"), ("user_name", "username"), ("Save", "Save as")])
def test_normalised_apart(a, b):
    assert project.normalise(a) != project.normalise(b)


@pytest.mark.parametrize("a, b", [("may", "May"), ("%(field_label)s exists", "%(field_labels)s exists")])
def test_sources_keep_case_and_placeholders(a, b):
    assert project.normalise(a) == project.normalise(b) or "%" in a
    assert project.normalise(a, source=True) != project.normalise(b, source=True)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("enable notifications", "disable notifications", True),
        ("show all", "hide all", True),
        ("level 1", "level 2", True),
        ("active", "not active", True),
        ("locked", "unlocked", True),
        ("delete", "remove", False),
        ("save", "save as", False),
        ("show all", "show none of them", False),
        ("in", "out", True),
        ("stall", "install", True),
    ],
)
def test_opposed(a, b, expected):
    assert opposed(a, b) is expected


def _findings(jobs):
    ruleset = get_ruleset(select=["inconsistent-translation", "opposite-sources-same-translation"])
    paths = sorted(CONSISTENCY.rglob("*.po"))
    results = run([(path, (ruleset, None, None)) for path in paths], jobs=jobs)
    return [
        (result.path.relative_to(CONSISTENCY).as_posix(), result.doc.position(f.start)[0], f.rule_id, f.message)
        for result in results
        for f in result.findings
    ]


def test_across_files():
    found = _findings(jobs=1)
    where = {(path, line, rule) for path, line, rule, _ in found}
    assert where == {
        ("conf/de.po", 8, "inconsistent-translation"),  # "Derzeit" against admin's "Aktuell:", found first
        ("admin/de.po", 29, "opposite-sources-same-translation"),  # "Hide all" as "Show all"
    }
    message = next(m for path, line, _, m in found if path == "conf/de.po")
    assert f"'Currently' is translated 'Aktuell:' at {CONSISTENCY / 'admin' / 'de.po'}:8 " in message
    # "Enter a valid date." and "Enter a valid date" agree; French is not German; the
    # msgctxt "Change" and the plural forms are compared with nothing; the app name "Sessions"
    # and the model's "sessions" are two sources (case counts in a source).


def test_workers_report_the_same():
    assert _findings(jobs=2) == _findings(jobs=1)


def test_outside_a_run_a_file_is_its_own_project():
    text = (CONSISTENCY / "admin" / "de.po").read_text(encoding="utf-8")
    rules = ["inconsistent-translation", "opposite-sources-same-translation"]
    found = check_text(text, path="admin.po", select=rules)
    assert [f.rule_id for f in found] == ["opposite-sources-same-translation"]


# --- glossaries --------------------------------------------------------------------------------


def test_tbx_basic():
    terms = glossary.load(GLOSSARIES / "weblate-cs.tbx")
    assert ("address bar", "adresní řádek", "cs", False) in {
        (t.source, t.target, t.language, t.forbidden) for t in terms
    }
    assert len(terms) == 4


def test_tbx_in_a_namespace_with_statuses():
    terms = glossary.load(GLOSSARIES / "weblate-fr-extended-metadata.tbx")
    assert {(t.source, t.target, t.forbidden) for t in terms} == {
        ("data bus", "bus de données", True),
        ("SYS_ERR_406", "SYS_ERR_406", False),
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("source term,target term,language,status,note\nfile,Datei,de,required,\n", [("file", "Datei", False)]),
        ("file,Datei\n", [("file", "Datei", False)]),
        ("e-mail,eMail,de,forbidden,old\n# a comment,x\n\n", [("e-mail", "eMail", True)]),
    ],
)
def test_csv(text, expected):
    assert [(t.source, t.target, t.forbidden) for t in glossary.read_csv(text)] == expected


@pytest.mark.parametrize("text", ["file,,de\n", "file,Datei,de,required\nfile,Datei,de,maybe\n"])
def test_csv_errors(text):
    with pytest.raises(glossary.GlossaryError):
        glossary.read_csv(text)


def _po(lang, source, target):
    return f'msgid ""\nmsgstr "Language: {lang}\\n"\n\nmsgid "{source}"\nmsgstr "{target}"\n'


GLOSSARY_CASES = [
    # glossary, language, source, target, rule ids expected
    ("examples.csv", "de", "Open the file", "Öffnen Sie das Dokument", ["glossary-term-missing"]),
    ("examples.csv", "de", "Open the file", "Öffnen Sie die Datei", []),
    ("examples.csv", "de", "Open the files", "Öffnen Sie die Dateien", []),
    ("examples.csv", "de_CH", "Open the FILE", "Datei öffnen", []),
    ("examples.csv", "de", "Image file", "Bilddatei", []),
    ("examples.csv", "de", "Profile", "Profil", []),  # "file" inside a word is not the term
    ("examples.csv", "fr", "Open the file", "Ouvrir le document", []),  # no French terms
    ("examples.csv", "de", "Send an e-mail", "Eine eMail senden", ["glossary-forbidden-term"]),
    ("examples.csv", "de", "Send a message", "Eine eMail senden", []),  # not the term's source
    ("examples.csv", "de", "Send an e-mail", "Eine E-Mail senden", []),
    ("weblate-cs.tbx", "cs", "Ask the administrator", "Zeptejte se správce", []),
    ("weblate-cs.tbx", "cs", "Ask the administrator", "Zeptejte se administrátora", ["glossary-term-missing"]),
    ("weblate-cs.tbx", "cs", "Keep it always on top", "Ponechat vždy navrchu", []),
    ("weblate-fr-extended-metadata.tbx", "fr", "The data bus", "Le bus de données", ["glossary-forbidden-term"]),
    ("weblate-fr-extended-metadata.tbx", "fr", "Error SYS_ERR_406", "Erreur SYS_ERR_406", []),
]


@pytest.mark.parametrize("name, lang, source, target, expected", GLOSSARY_CASES)
def test_glossary(name, lang, source, target, expected):
    ruleset = get_ruleset(select=["glossary-term-missing", "glossary-forbidden-term"], glossary=GLOSSARIES / name)
    found = check_text(_po(lang, source, target), path="x.po", ruleset=ruleset)
    assert [f.rule_id for f in found] == expected


def test_forbidden_term_fix_keeps_the_capital():
    ruleset = get_ruleset(select=["glossary-forbidden-term"], glossary=GLOSSARIES / "examples.csv")
    fixed = fix_text(_po("de", "e-mail sent", "EMail gesendet"), path="x.po", ruleset=ruleset, unsafe=True)
    assert 'msgstr "E-Mail gesendet"' in fixed


def test_no_glossary_no_findings():
    found = check_text(_po("de", "Open the file", "Dokument öffnen"), path="x.po", select=["glossary-term-missing"])
    assert found == []


def test_tbx_min_names_its_source_in_the_header():
    text = b"""<TBX dialect="TBX-Min"><header><languages source="de" target="en"/></header><body>
    <conceptEntry id="C1"><langGroup xml:lang="de"><termGroup><term>Hund</term></termGroup></langGroup>
    <langGroup xml:lang="en"><termGroup><term>dog</term><termStatus>preferred</termStatus></termGroup>
    <termGroup><term>hound</term><termStatus>notRecommended</termStatus></termGroup></langGroup>
    </conceptEntry></body></TBX>"""
    terms = glossary.read_tbx(text)
    assert {(t.source, t.target, t.language, t.forbidden) for t in terms} == {
        ("Hund", "dog", "en", False),
        ("Hund", "hound", "en", True),
    }
