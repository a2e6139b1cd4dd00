"""``make new-briefing``: a briefing made by the scaffold passes the project's checks as it stands.

The scaffold writes into a copy of the project (never this checkout), builds the new page's notebook in a kernel, and
then the copy's own checks run on it with its library first on the path: the conformance suite over the catalogue,
the paired notebooks, the glossary, the data package, the new modules' doctests, ruff and the layers contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import new_briefing


def _copy_of_the_project(dest: Path) -> Path:
    """The project's files as git knows them (tracked, and new ones not ignored): no .venv, no caches."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        src = ROOT / os.fsdecode(name)
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree
        target = dest / os.fsdecode(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            target.symlink_to(os.readlink(src))
        else:
            shutil.copy2(src, target)
    return dest


def test_an_id_in_use_a_bad_id_and_a_missing_title_are_refused_plainly(tmp_path, capsys):
    project = _copy_of_the_project(tmp_path / "project")
    for args, message in (
        (["--id", "q15", "--title", "Again"], "There is already a briefing called 'q15'"),
        (["--id", "Q-16", "--title", "Bad"], "ID must be lower-case letters"),
        (["--id", "wales", "--title", "No number"], "say which question it is, for example QUESTION=16"),
        (["--id", "q16", "--title", "  "], "TITLE is needed"),
    ):
        assert new_briefing.main([*args, "--root", str(project), "--no-notebook"]) == 2
        assert message in capsys.readouterr().err
    assert not (project / "lib" / "probation_briefing" / "briefings" / "q16").exists()


@pytest.mark.kernel
def test_a_new_briefing_passes_the_checks_as_it_stands(tmp_path):
    project = _copy_of_the_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(project / "lib"), "JUPYTER_PATH": str(project / "share" / "jupyter")}
    env.pop("PROBATION_DATA_DIR", None)
    made = subprocess.run(
        [sys.executable, "tools/new_briefing.py", "--id", "q99", "--title", "Scaffold check"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert (project / "briefings" / "q99_scaffold_check.ipynb").is_file()
    new = ["lib/probation_briefing/briefings/q99", "lib/probation_briefing/models/q99.py"]
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:nbval", "-p", "no:randomly", "-o", "addopts="]
    suites = ["tests/test_conformance.py", "tests/test_notebooks_paired.py", "tests/test_glossary.py", "tests/test_data_integrity.py"]
    checks = [
        [*pytest, "-x", *suites, "--doctest-modules", *new],
        [sys.executable, "-m", "ruff", "check", *new, "briefings/scripts"],
        [sys.executable, "-m", "ruff", "format", "--check", *new, "briefings/scripts"],
        [str(Path(sys.executable).parent / "lint-imports"), "--no-logo", "--no-cache"],
    ]
    for cmd in checks:
        out = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, f"{' '.join(cmd[:4])}...\n{out.stdout[-4000:]}\n{out.stderr[-2000:]}"
    assert (
        "q99"
        in subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:nbval",
                "-o",
                "addopts=",
                "--co",
                "tests/test_conformance.py",
            ],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    )  # the conformance suite ran over the new briefing
