"""Placeholders, markup, numbers and literals against the source: fixtures/source_codes/."""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES

from textfix.api import check_text, fix_text, get_ruleset
from textfix.formats import po

CASES = yaml.safe_load((FIXTURES / "source_codes" / "cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']}-{i}" for i, c in enumerate(CASES)])
def test_case(case):
    ruleset = get_ruleset(select=[case["rule"]])
    path = case.get("path", "t.po")
    findings = check_text(case["text"], path=path, ruleset=ruleset)
    assert len(findings) == case["findings"], [f.message for f in findings]
    fixed = fix_text(case["text"], path=path, ruleset=ruleset, unsafe=True)
    assert fixed == case.get("fixed", case["text"]) or (case["findings"] and "fixed" not in case)


@pytest.mark.parametrize(
    "header, exact",
    [
        ("Plural-Forms: nplurals=2; plural=(n != 1);", [True, False]),
        ("Plural-Forms: nplurals=2; plural=(n > 1);", [False, False]),  # French: 0 and 1
        ("Plural-Forms: nplurals=1; plural=0;", [False]),
        (
            "Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
            [True, True, True, False, False, False],
        ),
        ("", [False, False]),
    ],
)
def test_plural_forms_for_a_single_count(header, exact):
    forms = "".join(f'msgstr[{i}] "x"\n' for i in range(len(exact)))
    text = f'msgid ""\nmsgstr "{header}\\n"\n\nmsgid "a"\nmsgid_plural "b"\n{forms}'
    segments = po.read(text).segments
    assert [s.plural_exact for s in segments] == exact
    assert all(s.plural_sources == ("a", "b") for s in segments)


def test_flags_are_kept():
    segment = po.read('#, fuzzy, python-format\nmsgid "a"\nmsgstr "b"\n').segments[0]
    assert segment.flags == {"fuzzy", "python-format"}
