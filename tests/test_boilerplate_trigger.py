"""A boilerplate rule's lines become its trigger, those written in other scripts too: the
scan then finds the same lines as reading the whole text."""

from __future__ import annotations

import pytest
from test_scanner import findings

from textfix import scanner
from textfix.api import get_ruleset
from textfix.kinds.boilerplate import trigger_line

RULES = get_ruleset()


@pytest.mark.parametrize(
    "line, trigger",
    [
        ("by:?", "by:?"),
        ("από", "(?:[^\\x00-\\x7f]+)"),
        ("caf\u00e9 (du|de)", "caf(?:[^\\x00-\\x7f]+) (du|de)"),
        ("\u212a", None),  # the Kelvin sign's lower case is "k"
        ("\u017fo", None),  # the long s folds to "s"
        ("\u0131", None),  # the dotless i's upper case is "I"
        ("stra\u00dfe", None),  # ß folds to "ss"
        ("[ab]y", None),  # syntax the regex module may read otherwise
    ],
)
def test_trigger_line(line, trigger):
    assert trigger_line(line) == trigger


def test_every_default_boilerplate_rule_has_a_trigger():
    assert all(c.trigger is not None for c in RULES.checkers if c.rule.kind == "boilerplate")


@pytest.mark.parametrize(
    "text",
    [
        "Title\n\nαπό\n\nBody.\n",
        "Title\n\nΑΠΌ:\n\nBody.\n",
        "Title\n\n  Από.\r\n\r\nBody.\n",
        "“Quoted” opening.\n\nΑπό\n\nΚείμενο με \u212a και από εδώ.\n",
        "Title\n\nαπό\n\nΗ ο\u0345δός STRA\u1e9eE.\n",  # folds to ASCII: caseless triggers are not trusted
        "Title\n\nαπόx\n\nαπό κάποιον\n",  # no empty byline at all
    ],
)
def test_same_findings_with_and_without_the_scan(monkeypatch, text):
    monkeypatch.setattr(scanner, "SET_UP_AFTER_CHARS", 0)
    assert findings(text * 3) == findings(text * 3, scan=False)
