"""environment.yml (conda/Binder) and requirements.txt (pip) name the same packages at the same versions."""

from __future__ import annotations

import re

from conftest import ROOT


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_conda_and_pip_lists_agree():
    pip = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            n, v = line.split("==")
            pip[_norm(n)] = v
    conda = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"\s*-\s+([A-Za-z0-9_.-]+)\s*(==?)\s*([0-9][^\s#]*)", line)
        if m and m.group(1) != "python":
            conda[_norm(m.group(1))] = m.group(3)
    assert set(pip) == set(conda), set(pip) ^ set(conda)
    for name, v in pip.items():
        assert conda[name] == v or v.startswith(conda[name] + "."), (name, v, conda[name])
