"""The shared trigger scan only tells rules where to look: findings are the same with it as
without it (rules then read the whole text), on any text."""

from __future__ import annotations

import platform
import re
import sys

import pytest
import yaml
from conftest import FIXTURES, ROOT
from hypothesis import given
from hypothesis import strategies as st
from test_properties import FRAGMENTS

from textfix import scanner
from textfix.api import get_ruleset
from textfix.documents import Document
from textfix.engine import check_document
from textfix.ruleset import RuleError, load_ruleset
from textfix.scanner import Scanner, ScanResult, Trigger, line_windows

RULES = get_ruleset()
EXAMPLES = "\n\n".join(example for rule in RULES for key in ("bad", "good") for example in rule.examples.get(key, []))
KIND_CASES = "\n\n".join(
    case["text"]
    for path in sorted((FIXTURES / "kinds").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text())["cases"]
)
CORPUS = {
    "rule examples": EXAMPLES,
    "kind fixtures": KIND_CASES,
    **{str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))},
    **{str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))},
}


def findings(text: str, path: str = "doc.txt", scan: bool = True):
    doc = Document.for_path(text, path)
    if not scan:
        doc.scan = ScanResult(doc.text)  # not scanned
    return [(f.rule_id, f.start, f.end, f.message, f.fixes) for f in check_document(doc, RULES)]


@pytest.fixture(autouse=True)
def scan_every_text(monkeypatch):
    monkeypatch.setattr(scanner, "SET_UP_AFTER_CHARS", 0)


def test_hyperscan_is_available():
    # Without it every test below would compare the whole-text scan with itself. Where no
    # wheel exists (pyproject.toml names the platforms) rules read whole texts, by design.
    machine, system = platform.machine().lower(), sys.platform
    if not (
        (system == "linux" and machine == "x86_64") or system == "darwin" or (system == "win32" and machine == "amd64")
    ):
        pytest.skip(f"no Hyperscan wheel for {system} {machine}")
    assert scanner._hyperscan() is not None
    assert RULES.scanner.scan("The the summit. of Jens Stoltenburg") is not None


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_same_findings_with_and_without_the_scan(name):
    text = CORPUS[name]
    assert findings(text) == findings(text, scan=False)


@pytest.mark.parametrize("path", ["doc.txt", "doc.md"])
def test_same_findings_on_everything_at_once(path):
    # One large document: every rule's trigger hits, in many lines, with many names.
    text = "\n".join(text for name, text in CORPUS.items() if "suppressions" not in name) * 3
    with_scan = findings(text, path)
    assert len(with_scan) > 300
    assert with_scan == findings(text, path, scan=False)


@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join))
def test_same_findings_on_any_text(text):
    assert findings(text) == findings(text, scan=False)


@pytest.mark.parametrize(
    "text, ends, windows",
    [
        ("one\ntwo\nthree", [6], [(4, 8)]),
        ("one\ntwo\nthree", [2, 6], [(0, 8)]),  # adjacent lines merge
        ("one\ntwo\nthree", [2, 3, 13], [(0, 4), (8, 13)]),  # the last line has no break
        ("one\ntwo\nthree", [], []),
        ("a\r\nb", [1], [(0, 3)]),  # the break, \r\n included, goes with its line
    ],
)
def test_line_windows(text, ends, windows):
    assert line_windows(text, ends) == windows


@pytest.mark.parametrize(
    "text, pattern, expected",
    [
        ("Jens Stoltenberg", r"S\S+g", [16]),
        ("Grüße, Jürgen Müller", r"J\S+n M", [15]),  # code points, not bytes
        ("Jens Stoltenberg", r"S\S", [7]),
        ("😀 x 😀 x", "x", [3, 7]),
        ("ab AB", "ab", [2]),
    ],
)
def test_hits_are_code_point_offsets(text, pattern, expected):
    trigger = Trigger(pattern)
    assert Scanner([trigger]).scan(text)[trigger] == expected


@pytest.mark.parametrize(
    "text, dense",
    [
        ("THE PRIME MINISTER MET THE PRESIDENT OF THE COUNCIL. " * 50, "names"),  # every pair a name run
        ("Ça va bien, merci.\n" * 300, "mojibake"),  # every short line holds an accented letter
    ],
)
def test_a_trigger_that_hits_everywhere_is_left_out_and_its_rules_read_the_whole_text(text, dense):
    from textfix.kinds.encoding import SUSPECT_LINE
    from textfix.namefinder import PAIR

    hits = RULES.scanner.scan(text)
    left_out = {"names": PAIR, "mojibake": SUSPECT_LINE}[dense]
    assert hits is not None and left_out not in hits and len(hits) > 10  # the other triggers stay
    assert findings(text) == findings(text, scan=False)


def test_a_text_of_nothing_but_hits_is_not_scanned():
    assert RULES.scanner.scan("Mr Mr Mr Mr " * 5000) is None


def test_caseless_trigger():
    trigger = Trigger("ab", caseless=True)
    assert Scanner([trigger]).scan("ab AB aB")[trigger] == [2, 5, 8]


def test_the_scanner_is_set_up_once_the_process_has_read_enough_text(monkeypatch):
    # One small file (a pre-commit run) is read whole: setting the scanner up would cost more.
    monkeypatch.setattr(scanner, "SET_UP_AFTER_CHARS", 100)
    trigger = Trigger("a")
    fresh = Scanner([trigger])
    assert fresh.scan("a" + "b" * 60) is None
    assert fresh.scan("a" + "b" * 60) == {trigger: [1]}  # 122 characters read by now
    assert fresh.scan("ba") == {trigger: [2]}  # then texts of any length


def test_without_hyperscan_rules_read_the_whole_text(monkeypatch):
    monkeypatch.setattr(scanner, "_hyperscan", lambda: None)
    assert Scanner([Trigger("a")]).scan("a" * 10) is None
    text = CORPUS["rule examples"]
    assert findings(text) == findings(text, scan=False)


def test_compiled_automaton_is_kept_between_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    Scanner([Trigger("abc")]).prepare()
    kept = list((tmp_path / "scanner").glob("*.pickle"))
    assert len(kept) == 1
    compiled = []
    monkeypatch.setattr(scanner, "compile_triggers", lambda *args: compiled.append(args))
    Scanner([Trigger("abc")]).prepare()
    assert Scanner([Trigger("abc")]).scan("x abc")[Trigger("abc")] == [5]
    assert compiled == []  # loaded, not compiled again
    monkeypatch.undo()
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(scanner, "SET_UP_AFTER_CHARS", 0)
    kept[0].write_bytes(b"damaged")  # a damaged entry is only a miss
    assert Scanner([Trigger("abc")]).scan("x abc")[Trigger("abc")] == [5]


def test_an_optional_trigger_hyperscan_cannot_read_is_dropped(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    good, unreadable = Trigger("abc"), Trigger("(?<=x)abc", optional=True)
    for _ in range(2):  # compiled, then loaded from the cache
        hits = Scanner([good, unreadable]).scan("x abc")
        assert hits == {good: [5]}


def test_a_boilerplate_rule_with_look_around_still_works(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text("rules:\n  - {id: r, kind: boilerplate, lines: ['(?<!x)more']}\n", encoding="utf-8")
    rules = load_ruleset([path], defaults=False)
    text = "x\n" * 20_000 + "more\n"
    assert [f.rule_id for f in check_document(Document(text), rules)] == ["r"]


@pytest.mark.parametrize(
    "rule, problem",
    [
        ("{id: r, kind: pattern, pattern: 'a', trigger: '(?<=x)a'}", "invalid trigger"),
        ("{id: r, kind: pattern, pattern: 'a', trigger: '(a'}", "invalid trigger"),
        (
            "{id: r, kind: consistency, trigger: 'Mr(', forms: [{pattern: 'Mr', replace: 'Mr'}, {pattern: 'Mr\\.', replace: 'Mr.'}]}",
            "invalid trigger",
        ),
    ],
)
def test_invalid_trigger_names_the_rule(tmp_path, rule, problem):
    path = tmp_path / "house.yaml"
    path.write_text(f"rules:\n  - {rule}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"house.yaml:2: rule 'r': {problem}"):
        load_ruleset([path], defaults=False)


def test_the_default_rules_compile_once_for_every_run():
    # The automaton is found again only if every process lists the triggers in one order.
    import subprocess
    import sys

    code = "from textfix.api import get_ruleset; print(get_ruleset().scanner.path)"
    paths = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(paths) == 1 and paths != {""}


def test_long_texts_are_scanned_in_pieces_that_end_at_line_breaks(monkeypatch):
    text = "\n".join(text for name, text in CORPUS.items() if "suppressions" not in name)
    whole = RULES.scanner.scan(text)
    monkeypatch.setattr(scanner, "CHUNK_CHARS", 300)
    assert RULES.scanner.scan(text) == whole
    assert findings(text) == findings(text, scan=False)


@pytest.mark.parametrize("extra", ["", "İstanbul", "ΣΟΦΙΑ", "’Σ", "\u212a", "ǅ"])
def test_substitutions_read_in_place_or_from_a_lower_cased_copy_agree(extra):
    # Listed words are compared lower-cased in place unless the text holds a character whose
    # lower case depends on its neighbours or takes two characters.
    bad = [e for rule in RULES for e in rule.examples.get("bad", []) if rule.kind == "substitution"]
    text = "\n".join(f"{extra} {line} {extra}{line.upper()}" for line in bad)
    assert findings(text) == findings(text, scan=False)
    assert any(rule == "mistranslated-term" for rule, *_ in findings(text))


HOUSE_RULES = """\
rules:
  - {id: street, kind: pattern, pattern: 'strasse', ignorecase: true, trigger: 'strasse'}
  - {id: car, kind: substitution, swap: {ავტო: მანქანა}}
  - {id: fuzzy-furniture, kind: boilerplate, lines: ['(?:read more){e<=1}', '[[a-z]--[aeiou]]+ button']}
  - {id: ahead, kind: pattern, pattern: 'foo(?!x)', trigger: 'foo'}
"""


@pytest.mark.parametrize(
    "text",
    [
        "Related \ufb06ories\n\nThe talks went on.\n",  # ﬆ folds to "st" in the boilerplate line
        "Mo\ufb05 read\n\nThe talks went on.\n",
        "Die STRA\u1e9eE und die strasse.\n",  # ẞ folds to "ss"
        "ახალი ავტო და ᲐᲕᲢᲝ აქ.\n",  # Georgian capitals: newer than Hyperscan's case tables
        "Intro.\n\nread mor\n\nxyz button\n\nBody.\n",  # syntax only the regex module reads
        "foo\nfoox\n",
    ],
)
def test_case_folding_and_syntax_hyperscan_does_not_share_cost_speed_not_findings(tmp_path, text):
    path = tmp_path / "house.yaml"
    path.write_text(HOUSE_RULES, encoding="utf-8")
    rules = load_ruleset([path])

    def found(scan):
        doc = Document.for_path(text * 3, "doc.txt")
        if not scan:
            doc.scan = ScanResult(doc.text)  # not scanned
        return [(f.rule_id, f.start, f.end) for f in check_document(doc, rules)]

    assert found(True) == found(False)
    assert found(True), "the case is meant to be found"


def test_library_callers_may_check_from_many_threads_at_once():
    from concurrent.futures import ThreadPoolExecutor

    texts = [text * 4 for text in CORPUS.values() if len(text) > 1000] * 4
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(findings, texts)) == [findings(text) for text in texts]


@pytest.mark.parametrize("kind", ["mojibake", "doubled-word"])
def test_tricky_texts_of_the_fast_searches_read_alike_with_the_scan(kind):
    from test_search_equivalence import TRICKY

    for text in TRICKY[kind]:
        for joined in (text, f"x\n{text}\ny", f"{text} {text}\r\n{text}"):
            assert findings(joined) == findings(joined, scan=False), joined


@pytest.mark.parametrize("chars, scanned", [(10**6, True), (10, False)])
def test_a_run_decides_once_whether_its_texts_are_scanned(monkeypatch, chars, scanned):
    # Whatever was read before: the run's own size decides, so the order of files does not.
    monkeypatch.setattr(scanner, "SET_UP_AFTER_CHARS", 1000)
    fresh = Scanner([Trigger("a")])
    fresh.plan(chars)
    assert (fresh.scan("a b") is not None) == scanned
    fresh.plan(None)
    assert fresh.scan("a" + "b" * 2000) is not None  # no run: decided by what was read


@pytest.mark.parametrize("name", ["rule examples", "kind fixtures"])
def test_a_file_read_as_utf8_is_scanned_from_its_bytes_with_the_same_hits(name, tmp_path):
    from textfix.runner import process

    text = CORPUS[name].replace("\x00", "") + "\nCafé “naïve” the the Ümit Ümit\n"  # NUL: a binary file
    pieces: list = []
    assert RULES.scanner.scan(text, pieces, utf8=text.encode()) == RULES.scanner.scan(text)
    assert pieces[0].data == text.encode()
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode())
    assert [(f.rule_id, f.start, f.end, f.message, f.fixes) for f in process(path, RULES).findings] == findings(text)


BYLINE_WORDS = (
    "the talks resumed after summit of share this story said by από Από 12345 “quoted” — Mr. per cent".split()
)
LINE_ENDS = ["", ".", ",", "\n", "\r\n", "\n\n"]


def hits_by_trigger(database, text: str) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    database.scan(
        text.encode("utf-8"), match_event_handler=lambda index, _start, end, _flags, _context: found.add((index, end))
    )
    return found


def test_the_shared_database_finds_what_each_trigger_finds_alone():
    # Hyperscan once dropped matches of an indented-line trigger ("(?m)^[ \t]*...", caseless)
    # when compiled with the other triggers: the database must hear every trigger as it
    # would alone.
    import random

    hyperscan = scanner._hyperscan()
    if hyperscan is None:
        pytest.skip("no Hyperscan wheel for this platform")
    triggers = RULES.scanner.triggers
    together = scanner.compile_triggers(hyperscan, triggers)
    alone = [scanner.compile_triggers(hyperscan, [trigger]) for trigger in triggers]
    rng = random.Random(7)
    tails = ["Share", "Read more", "by", "By:", "written by", "ΑΠΌ", "You May Also Like", *FRAGMENTS]
    texts = [
        " ".join(rng.choice(BYLINE_WORDS) for _ in range(rng.randint(1, 8)))
        + rng.choice(LINE_ENDS)
        + rng.choice(["", " ", "\t", "  \t"])
        + rng.choice(tails)
        + rng.choice(LINE_ENDS)
        for _ in range(3000)
    ]
    for text in texts:
        heard = hits_by_trigger(together, text)
        for index, database in enumerate(alone):
            assert {(index, end) for _, end in hits_by_trigger(database, text)} <= heard, (
                triggers[index].pattern,
                text,
            )


@pytest.mark.parametrize(
    "text", ["Most stats fell,\n By\n", "t)t\tSt was\x0cst-1\r\n by\r\n", "cost the story,\n\n Share\n"]
)
def test_an_indented_furniture_line_is_found_in_a_scanned_text(text):
    found = findings(text)
    assert found == findings(text, scan=False)
    assert {rule for rule, *_ in found} & {"empty-byline", "web-boilerplate"}


def test_every_character_the_regex_module_folds_to_ascii_letters_is_listed():
    # A caseless trigger is ASCII; a character whose case folding (in the regex module's
    # tables, which are newer than Python's) holds ASCII letters makes it miss lines.
    folding = pytest.importorskip("regex._regex")
    from regex._regex_core import FULLCASE, IGNORECASE, UNICODE

    if not hasattr(folding, "fold_case"):
        pytest.skip("this regex module does not expose its case folding")
    listed = {int(code, 16) for code in re.findall(r"\\x\{([0-9a-f]+)\}", scanner._FOLDS_TO_ASCII.pattern)}
    codes = (code for code in range(0x80, 0x110000) if not 0xD800 <= code < 0xE000)
    folds_to_ascii = {
        code
        for code in codes
        if any(c.isascii() for c in folding.fold_case(FULLCASE | IGNORECASE | UNICODE, chr(code)))
    }
    assert folds_to_ascii <= listed, sorted(map(hex, folds_to_ascii - listed))


def test_a_line_with_a_character_newer_than_python_that_folds_to_ss_is_found(tmp_path):
    house = tmp_path / "house.yaml"
    rule = {"id": "less-line", "kind": "boilerplate", "lines": ["less"], "message": "m", "severity": "info"}
    house.write_text(yaml.safe_dump({"group": "house", "rules": [rule]}), encoding="utf-8")
    rules = load_ruleset(extra=[house], select=["less-line"])
    text = "Some text here.\n\nx\u00e9y\n\nmore text.\n\nle\U0001df95\n"
    scanned, whole = Document.for_path(text, "a.txt"), Document.for_path(text, "a.txt")
    whole.scan = ScanResult(text)  # not scanned
    assert [f.start for f in check_document(scanned, rules)] == [f.start for f in check_document(whole, rules)] == [34]
