"""The names check: wrong forms fixed, accepted forms and real look-alikes left alone,
near-misses reported with the right suggestion, misspelt proper names beyond the registry;
the same findings whatever the hash seed; no frequency lexicon loaded while checking."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from textfix.api import check_text, fix_text, get_ruleset
from textfix.nameindex import HashSet, NameIndex
from textfix.rule import RuleError

CASES = yaml.safe_load((FIXTURES / "names" / "cases.yaml").read_text(encoding="utf-8"))
NAMES = get_ruleset(select=["names"])
SPELLING = get_ruleset(select=["name-spelling"])


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: c["match"])
def test_a_misspelt_name_is_reported_with_its_spelling(case):
    findings = list(check_text(case["text"], ruleset=SPELLING))
    assert [case["text"][f.start : f.end] for f in findings] == [case["match"]]
    assert fix_text(case["text"], ruleset=SPELLING, unsafe=True) == case["text"].replace(
        case["match"], case["suggestion"]
    )


@pytest.mark.parametrize("text", CASES["leave"])
def test_real_names_and_words_are_left_alone(text):
    assert check_text(text, ruleset=NAMES) == []


@pytest.mark.parametrize(
    "text, fixed",
    [
        (
            "Sergei Shoigu met Sergey Shoygu. Sergei Shoigu left.",
            "Sergei Shoigu met Sergei Shoigu. Sergei Shoigu left.",
        ),
        (
            "Sergey Lavrov spoke. Sergei Lavrov left.",
            "Sergei Lavrov spoke. Sergei Lavrov left.",
        ),  # a tie: the canonical
    ],
)
def test_a_document_mixing_allowed_forms_of_one_person_is_made_consistent(text, fixed):
    findings = check_text(text, ruleset=NAMES)
    assert {f.rule_id for f in findings} == {"name-consistency"}
    assert fix_text(text, ruleset=NAMES, unsafe=True) == fixed


def test_the_house_style_asks_for_the_canonical_form_as_a_safe_fix():
    style = get_ruleset([ROOT / "rules" / "styles" / "names-registry.yaml"], select=["name-spelling"])
    text = "Russian Foreign Minister Sergey Lavrov arrived."
    assert fix_text(text, ruleset=style) == "Russian Foreign Minister Sergei Lavrov arrived."
    assert check_text("Sergei Lavrov arrived.", ruleset=style) == []


def test_an_unknown_house_style_is_refused(tmp_path):
    rule = (ROOT / "rules" / "styles" / "names-registry.yaml").read_text(encoding="utf-8")
    path = tmp_path / "style.yaml"
    path.write_text(
        rule.replace("accepted: canonical", "accepted: sometimes").replace("../data/", f"{ROOT / 'rules' / 'data'}/")
    )
    with pytest.raises(RuleError, match="'accepted' is one of allow, canonical"):
        get_ruleset([path])


def test_findings_do_not_depend_on_the_hash_seed():
    """Candidates of equal distance are ordered by spelling, never by a set's order."""
    script = (
        "from textfix.api import check_text, get_ruleset\n"
        "rs = get_ruleset(select=['names'])\n"
        "text = open(0).read()\n"
        "print([(f.start, f.message) for f in check_text(text, ruleset=rs)])\n"
    )
    text = " ".join(case["text"] for case in CASES["flag"]) + " Kevin Kim and Sergei Lawrof of Russia."
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_checking_names_never_imports_the_frequency_lexicon():
    script = (
        "import sys\n"
        "from textfix.api import check_text, get_ruleset\n"
        "check_text('The music of Tchaikovksy, said Jens Stoltenburg.', ruleset=get_ruleset(select=['names']))\n"
        "print('wordfreq' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "word, found",
    [
        ("stoltenburg", [(1, "stoltenberg")]),
        ("lawrof", [(2, "lavrov")]),  # two letters: the registry's names are indexed two deep
        ("tchaikovksy", [(1, "tchaikovsky")]),  # two letters swapped
        ("gorbatchev", [(1, "gorbachev")]),
        ("tchaikovsky", []),  # the name itself is no candidate of itself
    ],
)
def test_the_deletion_index_finds_names_one_or_two_slips_away(word, found):
    index = NameIndex.build(["stoltenberg", "lavrov", "tchaikovsky", "gorbachev", "lavrova"], frozenset({"lavrov"}))
    kept = NameIndex.from_tables(index.tables())
    assert kept.candidates(word) == index.candidates(word) == found


@pytest.mark.parametrize(
    "word, found",
    [
        ("stoltenburg", [(1, "stoltenberg")]),
        # nearest first, then alphabetical; "lawrow" is a wrong form the registry lists
        ("lawrof", [(1, "lawrow"), (2, "lavrov"), (2, "lawrie")]),
        ("stoltenberg", []),  # the registry's word itself is no slip of it
        ("tchaikovksy", []),  # one slip from a proper name the registry does not hold
        ("zzyzx", []),  # near nothing
    ],
)
def test_a_words_registry_neighbours_are_registry_words_only(word, found):
    (kind,) = SPELLING.checkers
    assert kind.registered_near(word) == found
    assert kind.registered_near(word) == found  # the kept answer


def test_the_hash_set_holds_its_members():
    members = HashSet.of(["nick", "ross", "grey"])
    kept = HashSet.from_bytes(members.tobytes())
    assert all(word in kept for word in ("nick", "ross", "grey"))
    assert not any(word in kept for word in ("rick", "gray", ""))


def test_the_shipped_lists_are_built_from_this_registry():
    """proper_names.tsv and name_lookalikes.txt name their builder; each line is one word."""
    data = ROOT / "rules" / "data"
    proper = list((data / "proper_names.tsv").read_text(encoding="utf-8").splitlines())
    assert "GENERATED by scripts/build_proper_names.py" in "\n".join(proper[:6])
    rows = [line.split("\t") for line in proper if not line.startswith("#")]
    assert len(rows) > 10_000 and all(len(row) == 2 and float(row[1]) >= 0 for row in rows)
    assert ["Tchaikovsky", "2.8"] in rows
    lookalikes = Path(data / "name_lookalikes.txt").read_text(encoding="utf-8").split()
    assert "knightly" in lookalikes and "tchaikovksy" not in lookalikes


@pytest.mark.parametrize(
    "setting, flagged",
    [('names = "registry"\n', True), ('names = "accepted"\n', False), ("", False)],
)
def test_the_config_key_names_chooses_the_house_style(tmp_path, setting, flagged):
    (tmp_path / ".textfix.toml").write_text(setting, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Russian Foreign Minister Sergey Lavrov arrived on Monday.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "textfix", "check", "--grammar", "off", "a.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert ("'Sergey Lavrov' is written 'Sergei Lavrov'" in result.stdout) == flagged


def test_an_unknown_names_style_is_a_config_error(tmp_path):
    (tmp_path / ".textfix.toml").write_text('names = "sometimes"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "textfix", "check", "--grammar", "off", "a.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "names must be one of accepted, registry" in result.stderr
