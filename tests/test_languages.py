"""The text's language: where a run learns it (file metadata, the config's `languages`
table, --language) and what the rules make of it (fixtures/languages/cases.yaml)."""

from __future__ import annotations

import json
import textwrap

import pytest
import yaml
from conftest import FIXTURES
from typer.testing import CliRunner

from textfix.api import check_text, fix_text
from textfix.config import ConfigError, load_config

CASES = yaml.safe_load((FIXTURES / "languages" / "cases.yaml").read_text(encoding="utf-8"))
runner = CliRunner()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}-{c['flag']}-{i}" for i, c in enumerate(CASES)])
def test_rules_follow_the_language(case):
    found = {f.rule_id for f in check_text(case["text"], language=case["lang"])}
    assert found == (set() if case["flag"] == "none" else {case["flag"]}), case["text"]
    if "fixed" in case:
        assert fix_text(case["text"], language=case["lang"]) == case["fixed"]


FRENCH = "le vote ; le résultat\n"  # right in French, a spaced semicolon elsewhere


def check_json(root, *args) -> dict[str, list[str]]:
    from textfix.cli import app

    result = runner.invoke(app, ["check", str(root), *args, "--format", "json", "--grammar", "off"])
    assert result.exit_code in (0, 1), result.output
    out: dict[str, list[str]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        out.setdefault(finding["path"].replace(str(root) + "/", ""), []).append(finding["rule"])
    return out


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def po(lang: str, text: str) -> str:
    header = f'msgid ""\nmsgstr "Language: {lang}\\n"\n\n' if lang else ""
    return f'{header}msgid "x"\nmsgstr "{text.strip()}"\n'


def test_metadata_then_config_pattern_then_default_language(tmp_path):
    write(
        tmp_path,
        {
            ".textfix.toml": """\
            language = "de"
            [languages]
            "locale/fr/**" = "fr"
            "*.fr.txt" = "fr"
            """,
            "locale/fr/notes.txt": FRENCH,
            "page.fr.txt": FRENCH,
            "page.txt": FRENCH,  # the default language, German: the space is wrong there
            "locale/fr/de.po": po("de", FRENCH),  # the file's own metadata wins
            "locale/fr/none.po": po("", FRENCH),
            "other/fr.po": po("fr", FRENCH),
        },
    )
    assert check_json(tmp_path) == {
        "page.txt": ["space-before-punctuation"],
        "locale/fr/de.po": ["space-before-punctuation"],
    }


def test_the_language_flag_is_the_default_language(tmp_path):
    write(tmp_path, {"a.txt": FRENCH, "b.po": po("de", FRENCH)})
    assert check_json(tmp_path, "--language", "fr") == {"b.po": ["space-before-punctuation"]}
    assert check_json(tmp_path) == {"a.txt": ["space-before-punctuation"], "b.po": ["space-before-punctuation"]}


@pytest.mark.parametrize(
    "text, error",
    [
        ('languages = ["fr"]', "languages must be a table of pattern = language code"),
        ('[languages]\n"*.txt" = "French"', "must be a language code such as fr, pt-BR or de_CH, not 'French'"),
        ('language = "en US"', "must be a language code"),
    ],
)
def test_a_bad_language_is_refused(tmp_path, text, error):
    (tmp_path / ".textfix.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / ".textfix.toml")
    assert error in str(info.value)


# --- LanguageTool checks each text in its own language; Harper only English -----------------


@pytest.mark.parametrize(
    "lang, speaks", [(None, True), ("en-GB", True), ("fr", True), ("pt_BR", True), ("zh_Hans", True), ("hy", False)]
)
def test_languagetool_speaks_the_languages_it_knows(tmp_path, lang, speaks):
    from textfix.backends.languagetool import LanguageToolBackend
    from textfix.engine import speaks as backend_speaks

    backend = LanguageToolBackend(url="http://localhost:9", cache_dir=tmp_path)
    assert backend_speaks(backend, lang) is speaks


def test_harper_speaks_only_english():
    from textfix.engine import speaks

    harper = type("Harper", (), {"language": "en"})()
    assert speaks(harper, "en-US") and not speaks(harper, "fr")


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, text, word",
    [
        ("es", "El perro come en la cocinna de la casa.", "cocinna"),
        ("pt-BR", "O cachorro come na cozinnha da casa.", "cozinnha"),
    ],
)
def test_languagetool_checks_in_the_documents_language(lt_url, tmp_path, lang, text, word):
    from textfix.api import get_ruleset
    from textfix.backends.languagetool import LanguageToolBackend
    from textfix.documents import Document
    from textfix.engine import check_document

    backend = LanguageToolBackend(url=lt_url, cache_dir=tmp_path)
    doc = Document(text, lang=lang)
    flagged = [text[f.start : f.end] for f in check_document(doc, get_ruleset(), backend) if f.source == "languagetool"]
    assert flagged == [word]


def test_a_bad_language_flag_is_refused(tmp_path):
    from textfix.cli import app

    (tmp_path / "a.txt").write_text(FRENCH, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), "--language", "French", "--grammar", "off"])
    assert result.exit_code == 2 and "--language must be a language code" in result.output
