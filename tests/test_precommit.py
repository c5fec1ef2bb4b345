"""The pre-commit hooks end to end, with the real pre-commit package.

`pre-commit try-repo` installs this checkout (uncommitted changes included, if staged or
tracked) into a fresh hook environment, then runs the hooks of .pre-commit-hooks.yaml
in a throw-away git repository. It needs PyPI for textfix's dependencies and takes
about 20 seconds per run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

DIRTY = "The talks resumed after the summit. of the alliance.\n"  # one finding, with a safe fix
FIXED = "The talks resumed after the summit of the alliance.\n"
# A catalogue: only the translation is fixed, the msgid (the lookup key) stays as it is.
HEADER = 'msgid ""\nmsgstr "Language: en\\n"\n\n'  # an English catalogue: the same text is no untranslated entry
CATALOGUE = HEADER + 'msgid "{0}"\nmsgstr "{0}"\n'.format(DIRTY.strip())
CATALOGUE_FIXED = HEADER + f'msgid "{DIRTY.strip()}"\nmsgstr "{FIXED.strip()}"\n'

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git"),
]


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def try_repo(repo, *files):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}  # e.g. when run from a git hook
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    # Grammar off: this test is about the hooks; the grammar backends have their own tests.
    (repo / ".textfix.toml").write_text('grammar = "off"\nexclude = ["vendor/"]\n', encoding="utf-8")
    for name in ("notes.txt", "vendor/copied.md", "untouched.txt"):
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(DIRTY, encoding="utf-8")
    (repo / "messages.po").write_text(CATALOGUE, encoding="utf-8")
    (repo / "script.py").write_text("# " + DIRTY, encoding="utf-8")  # no format textfix reads
    git(repo, "add", ".")
    return repo


def test_fix_hook_fails_and_fixes_then_passes(repo):
    first = try_repo(repo, "notes.txt", "vendor/copied.md", "messages.po", "script.py")
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    assert "textfix (apply safe fixes)" in output and "files were modified by this hook" in output
    assert "notes.txt:1:35: stray-full-stop" in output  # the check hook reports what it found
    assert (repo / "notes.txt").read_text(encoding="utf-8") == FIXED
    # Exclusions still apply to the files pre-commit names; other files are not touched.
    assert (repo / "vendor" / "copied.md").read_text(encoding="utf-8") == DIRTY
    assert (repo / "untouched.txt").read_text(encoding="utf-8") == DIRTY
    assert (repo / "messages.po").read_text(encoding="utf-8") == CATALOGUE_FIXED
    assert (repo / "script.py").read_text(encoding="utf-8") == "# " + DIRTY

    second = try_repo(repo, "notes.txt", "vendor/copied.md", "messages.po", "script.py")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2


def test_manifest_names_both_hooks():
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["textfix"]["entry"] == "textfix check --force-exclude"
    assert hooks["textfix-fix"]["entry"] == "textfix apply --write --force-exclude"
    assert all(hook["language"] == "python" for hook in hooks.values())
