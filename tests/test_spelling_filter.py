"""The spelling filter both grammar backends share, and the typed curation files."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from textfix.api import get_ruleset
from textfix.backends import GrammarError
from textfix.backends.curation import (
    HARPER_KEYS,
    LANGUAGETOOL_KEYS,
    NO_CURATION,
    Curation,
    CurationError,
    default_path,
    load_curation,
)
from textfix.backends.spelling_filter import Dropped, SpellingFilter, known_names, word_pieces
from textfix.documents import Document

KNOWN_NAME, KNOWN_WORD, NOT_PROSE, PROBABLE_NAME, LEXICON, NO_SLIP = Dropped

# (text, the flagged word, whether the finding is a spelling complaint, what happens to it).
# The document knows the names "Yoon Suk-yeol" and "Sok-gil"; the curation accepts "Ledgerline"
# and drops probable names; the lexicon is off (see LEXICON_CASES).
CASES = [
    # 1. every word of the span a known name, spelt exactly so: any finding
    ("President Yoon Suk-yeol spoke.", "Yoon Suk-yeol", True, KNOWN_NAME),
    ("Lee met Sok-gil there.", "Sok-gil", False, KNOWN_NAME),
    ("the the sok-gil", "sok-gil", False, None),  # not spelt as the document knows it
    ("The the report.", "The the", False, None),
    ("met yoon there", "yoon", False, None),  # a name has a capital
    # 2. every piece a piece of a known name as written (or in capitals), or of an accepted
    #    word in any case: spelling only
    ("They met SUK-YEOL.", "SUK-YEOL", True, KNOWN_WORD),
    ("They met yoon.", "yoon", True, None),  # a name's piece in another case is no name
    ("Sok-gil's staff left.", "Sok-gil's", True, KNOWN_NAME),
    ("the ledgerline tool", "ledgerline", True, KNOWN_WORD),
    ("the LEDGERLINE tool", "LEDGERLINE", True, KNOWN_WORD),
    ("the yeol word", "yeol", True, KNOWN_WORD),
    ("the yeol word", "yeol", False, None),  # a grammar finding on it stands
    # 4. probable names: spelling only
    ("The talks with Stoltenberg ended.", "Stoltenberg", True, PROBABLE_NAME),
    ("The talks with Stoltenberg ended.", "Stoltenberg", False, None),
    ("They joined LIGO last year.", "LIGO", True, PROBABLE_NAME),
    ("We used MacroBot daily.", "MacroBot", True, PROBABLE_NAME),
    ("He met al-Zawahri twice.", "Zawahri", True, PROBABLE_NAME),
    ("Written by J. R. R. Tolkien.", "R", True, PROBABLE_NAME),
    ("Ask Sen. Warren now.", "Sen", True, PROBABLE_NAME),
    ("Then Mr. Stoltenberg left.", "Stoltenberg", True, PROBABLE_NAME),
    ("Stoltenberg left.", "Stoltenberg", True, PROBABLE_NAME),  # a sentence's first word, no slip
    ("It ended. Stoltenberg left.", "Stoltenberg", True, PROBABLE_NAME),
    ("Two options: Stoltenberg left.", "Stoltenberg", True, PROBABLE_NAME),
    ("It ended. Recieve the guests.", "Recieve", True, None),  # a slip of "receive"
    ("Goverment Hill opened.", "Goverment", True, PROBABLE_NAME),  # a slip, but a run of names
    ("Replacements: Fortey, Murphy, Daly.", "Fortey", True, PROBABLE_NAME),  # a list of names
    ("They recieve guests.", "recieve", True, None),  # a misspelling
    # 3. not prose: spelling only
    ("Open report.pdf first.", "pdf", True, NOT_PROSE),
    ("See /etc/systemd/system now.", "systemd", True, NOT_PROSE),
    ("Mail press@example.org today.", "example", True, NOT_PROSE),
    ("Go to https://exmaple.org/page now.", "exmaple", True, NOT_PROSE),
    ("Call snake_case names.", "snake", True, NOT_PROSE),
    ("Run `grep` often.", "grep", True, NOT_PROSE),
    ("The communiqué was read.", "communiqué", True, NOT_PROSE),
    ("It cost £3bn in all.", "bn", True, NOT_PROSE),
    ("the clich&#233;d plot", "clich", True, NOT_PROSE),
    ("The report.pdf file", "pdf", False, None),
]

# 5. the lexicon, with everything else as above: (text, flagged word, the backend's first
# suggestion, what happens to it).
LEXICON_CASES = [
    ("the programmability of it", "programmability", None, LEXICON),  # rare, but a word
    ("local loop unbundling", "unbundling", "bundling", LEXICON),
    ("bank statements left unshredded", "unshredded", None, LEXICON),  # un + shredded
    ("a touchy-feely speech", "feely", "feel", LEXICON),  # a piece of a hyphenated word: no slip
    ("opinion polls wich suggest", "wich", "wish", None),  # a letter left out of "which"
    ("twin-engined planes", "engined", "engine", LEXICON),
    ("They recieve guests.", "recieve", "receive", None),  # one swap from "receive"
    ("the goverment said", "goverment", "government", None),
    ("read teh report", "teh", "the", None),
    ("produced reseach showing", "reseach", "research", None),  # in the lexicon, but a slip
    ("an ambitous plan", "ambitous", "ambitious", None),  # too rare for the lexicon
    ("a succesfull bid", "succesfull", "successful", None),  # two edits: the suggestion shows the slip
    ("it is robotiquette", "robotiquette", None, NO_SLIP),  # unknown to the lexicon, and near no word of it
    ("left folllowing a row", "folllowing", "following", None),  # unknown, but a slip
]

NAMES = {"Yoon Suk-yeol", "Yoon", "Suk-yeol", "Sok-gil", "Sok-gil's"}


def document_filter(names=NAMES, accepted=("Ledgerline",), skip_names=True, lexicon=False):
    doc = Document("")
    doc.known_names = set(names)
    return SpellingFilter(frozenset(accepted), skip_names, lexicon).for_document(doc)


@pytest.mark.parametrize(("text", "word", "spelling", "expected"), CASES, ids=[f"{c[1]}-{c[3]}" for c in CASES])
def test_what_the_filter_drops_and_keeps(text, word, spelling, expected):
    start = text.index(word)
    assert document_filter().dropped(text, start, start + len(word), spelling=spelling) == expected


@pytest.mark.parametrize(
    ("text", "word", "suggestion", "expected"), LEXICON_CASES, ids=[f"{c[1]}-{c[3]}" for c in LEXICON_CASES]
)
def test_what_the_lexicon_drops_and_keeps(text, word, suggestion, expected):
    start = text.index(word)
    drops = document_filter(lexicon=True)
    assert drops.dropped(text, start, start + len(word), spelling=True, suggestion=suggestion) == expected
    assert drops.dropped(text, start, start + len(word), spelling=False, suggestion=suggestion) is None


def test_probable_names_are_kept_when_skip_names_is_off():
    text = "The talks with Stoltenberg ended, and LIGO too."
    drops = document_filter(skip_names=False)
    for word in ("Stoltenberg", "LIGO"):
        start = text.index(word)
        assert drops.dropped(text, start, start + len(word), spelling=True) is None


def test_context_stops_at_the_text_given():
    """Backends pass the checked paragraph: a word that opens it opens a sentence."""
    text = "Recieve them."
    assert document_filter().dropped(text, 0, len("Recieve"), spelling=True) is None


def test_without_known_names_only_the_word_decides():
    drops = SpellingFilter().for_document(Document("Yoon Suk-yeol spoke."))
    text = "Yoon Suk-yeol spoke."
    assert drops.dropped(text, 0, 4, spelling=False) is None
    assert drops.dropped(text, 0, 4, spelling=True) is None  # the first word, skip_names off


def test_word_pieces_split_at_hyphens_and_spaces_and_drop_possessives():
    assert word_pieces(["Yoon Suk-yeol", "Stoltenberg’s", "Sok-gil's"]) == {
        "Yoon",
        "Suk",
        "yeol",
        "Stoltenberg",
        "Sok",
        "gil",
    }


def test_known_names_are_registry_names_places_and_names_the_document_repeats():
    doc = Document("Marta Vell spoke. Then Marta Vell left, and Quorin came once.")
    names = known_names(doc, get_ruleset())
    assert "Marta" in names and "Vell" in names and "Quorin" not in names
    assert "Stoltenberg" in names  # a word of a name in the names registry
    assert "Kyiv" in names and "Kiev" in names  # a place and its other name
    assert doc.known_names is names  # worked out once per document
    assert known_names(doc, get_ruleset()) is names
    assert known_names(Document("Other text."), get_ruleset()).shared is names.shared  # one set per run


# --- curation files ------------------------------------------------------------------------


@pytest.mark.parametrize(("backend", "keys"), [("harper", HARPER_KEYS), ("languagetool", LANGUAGETOOL_KEYS)])
def test_shipped_curation_files_load_typed(backend, keys):
    curation = load_curation(default_path(backend), keys)
    chosen = curation.disabled_rules | curation.enabled_only  # Harper's rules are chosen out, LanguageTool's in
    assert isinstance(curation, Curation) and chosen
    assert all(isinstance(rule, str) for rule in chosen)
    assert curation.skip_names is True and curation.lexicon is True
    with pytest.raises(FrozenInstanceError):
        curation.skip_names = False  # type: ignore[misc]


def test_a_curation_file_is_read_once(tmp_path):
    path = tmp_path / "harper.yaml"
    path.write_text("skip_names: true\n", encoding="utf-8")
    assert load_curation(path, HARPER_KEYS) is load_curation(path, HARPER_KEYS)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "curation.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# defaults\ndisabled_rules: [A]\nsafe_rules: [B]\n", r"curation.yaml:3: unknown key 'safe_rules'"),
        ("disabled_rules: [A]\n\ndisabled: [B]\n", r"curation.yaml:3: unknown key 'disabled'"),
        ("skip_names: yes please\n", r"curation.yaml:1: 'skip_names' is true or false"),
        ("words: Ledgerline\n", r"curation.yaml:1: 'words' is a list of names"),
        ("disabled_rules: [A, 3]\n", r"curation.yaml:1: 'disabled_rules' is a list of names"),
        ("- A\n- B\n", r"curation.yaml: a curation file holds a mapping"),
        ("disabled_rules: [A\n", r"curation.yaml:2: invalid YAML"),
    ],
)
def test_a_curation_file_that_cannot_be_used_is_an_error_naming_file_and_line(tmp_path, text, message):
    with pytest.raises(CurationError, match=message) as caught:
        load_curation(write(tmp_path, text), HARPER_KEYS)
    assert isinstance(caught.value, GrammarError)  # reported like any grammar set-up error


def test_an_empty_curation_file_changes_nothing(tmp_path):
    assert load_curation(write(tmp_path, "# nothing yet\n"), HARPER_KEYS) == NO_CURATION


def test_a_curation_holds_sets_and_a_flag(tmp_path):
    text = (
        "disabled_rules: [A, B]\ndisabled_categories: [STYLE]\nsafe_rules: [C]\nwords: [Ledgerline]\nskip_names: true\n"
    )
    assert load_curation(write(tmp_path, text), LANGUAGETOOL_KEYS) == Curation(
        disabled_rules=frozenset({"A", "B"}),
        disabled_categories=frozenset({"STYLE"}),
        safe_rules=frozenset({"C"}),
        words=frozenset({"Ledgerline"}),
        skip_names=True,
    )
