"""The sentence statistics behind the stray-full-stop rule's choice, and their settings."""

from __future__ import annotations

import math
import sys
from collections import Counter

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from build_sentence_stats import MIN_RARE, MIN_SEEN, log_ratios

from textfix.api import check_text, fix_text, get_ruleset
from textfix.ruleset import RuleError, load_ruleset
from textfix.sentence_stats import load_sentence_stats

STATS = load_sentence_stats(ROOT / "rules" / "data" / "sentence_stats.yaml")

# (word before the stop, word after it, the word after that, words before, words after):
# which reading the odds favour. Negative: a stray stop; positive: a lost capital.
ODDS = [
    (("the", "invasion", "of", 6, 8), "stray"),  # "the" never ends a sentence
    (("summit", "of", "the", 8, 6), "stray"),  # "of" never opens one
    (("a", "new", "factory", 6, 12), "stray"),
    (("evening", "they", "were", 10, 14), "capital"),  # "They" opens sentences, "evening." ends them
    (("year", "however", None, 12, 10), "capital"),
    (("morning", "of", "course", 9, 11), "capital"),  # "Of course" opens sentences though "of" does not
]


@pytest.mark.parametrize("words, reading", ODDS, ids=[f"{w[0]}. {w[1]}" for w, _ in ODDS])
def test_odds_favour_the_reading(words, reading):
    odds = STATS.boundary_odds(*words)
    assert (odds > 1) if reading == "capital" else (odds < -1), odds


def test_unknown_words_take_their_class():
    assert STATS.boundary_odds("Zyxwvut", "qwzx", None, 10, 10) == STATS.boundary_odds("Vbnmkj", "plkj", None, 10, 10)


def test_unlisted_words_take_the_ratio_of_rare_ones():
    """The class ratio stands for words too rare to be listed: frequent words, which the
    file lists anyway, must not set it."""
    rare = [f"w{i}" for i in range(MIN_RARE)]
    hits = Counter(dict.fromkeys(rare, 1))
    misses = Counter(dict.fromkeys(rare, 2) | {"the": 100_000})
    defaults, listed = log_ratios(hits, misses, {})
    assert MIN_SEEN > 3
    assert abs(defaults["lower"] - math.log((MIN_RARE + 1) / (2 * MIN_RARE + 1))) < 0.01
    assert "the" in listed and all(word not in listed for word in rare)


BAD_STATS = [
    ("not a mapping", "- 1\n", r"a sentence statistics file holds"),
    ("missing keys", "sentences: 10\n", r"a sentence statistics file holds"),
    (
        "bad values",
        "{sentences: 0, adjacent_pairs: 5, lengths: [-1], class_start: {}, class_end: {}, start: {}, start_pairs: {}, end: {}}",
        r"malformed sentence statistics",
    ),
]


@pytest.mark.parametrize("text, error", [(t, e) for _, t, e in BAD_STATS], ids=[name for name, _, _ in BAD_STATS])
def test_bad_statistics_file(tmp_path, text, error):
    path = tmp_path / "stats.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=error):
        load_sentence_stats(path)


BAD_RULES = [
    ("missing file", "statistics: nowhere.yaml", r"statistics file not found"),
    ("crossed thresholds", "remove_below: 2\n    capitalise_above: 1", r"remove_below must not be above"),
]


@pytest.mark.parametrize("options, error", [(o, e) for _, o, e in BAD_RULES], ids=[name for name, _, _ in BAD_RULES])
def test_bad_rule_options(tmp_path, options, error):
    path = tmp_path / "x.yaml"
    path.write_text(f"rules:\n  - id: x\n    kind: stray_stop\n    message: m\n    {options}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=error):
        load_ruleset([path], defaults=False)


# Before a question mark the statistics, which come from statements, do not decide: where
# the words before the stop open the question, the stop is stray; where they are a statement,
# the question lost its capital; with under three words before the stop, neither is applied.
QUESTIONS = [
    (
        "Five minutes is shorter than it sounds. is that a problem?",
        "Five minutes is shorter than it sounds. Is that a problem?",
    ),
    ("Why did the plan. fail so quickly?", "Why did the plan fail so quickly?"),
    (
        "And how can they win when they. are fighting each other?",
        "And how can they win when they are fighting each other?",
    ),
    (
        'He asked: "How can they win when they. are fighting each other?"',
        'He asked: "How can they win when they are fighting each other?"',
    ),
    (
        'They might say, "I have some nectar. would you like some?"',
        'They might say, "I have some nectar. Would you like some?"',
    ),
    ("It failed. was it late?", None),
]


@pytest.mark.parametrize("text, fixed", QUESTIONS, ids=[q[0][:30] for q in QUESTIONS])
def test_a_question_after_the_stop(text, fixed):
    ruleset = get_ruleset(select=["stray-full-stop"])
    assert [f.rule_id for f in check_text(text, ruleset=ruleset)] == ["stray-full-stop"]
    assert fix_text(text, ruleset=ruleset, unsafe=True) == (fixed or text)
