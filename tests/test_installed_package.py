"""The library works when installed: ``pip install ./lib`` in a fresh virtual environment outside the checkout
finds the data package and the Voila template as package data, loads every dataset and runs every model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

CHECK = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import probation_briefing as pb
    from probation_briefing.briefings import all_briefings
    from probation_briefing.page import chart_bundle, voila_template

    data = pb.source()
    site = Path(pb.__file__).resolve().parent
    assert site.is_relative_to(Path(sys.prefix).resolve()), site
    assert data.folder.is_relative_to(site), data.folder
    tables = data.load_all()
    views = {b.id: b.view(b.parameters(data).defaults(), data) for b in all_briefings()}
    template = voila_template.jupyter_path() / "voila" / "templates" / "probation"
    assert (template / "index.html.j2").is_file() and (template / "static" / "probation.css").is_file()
    assert chart_bundle.SOURCE.is_file()
    print(json.dumps({"datasets": len(tables), "rows": sum(len(t) for t in tables.values()),
                      "headlines": {k: v.headlines[0].value for k, v in views.items()}}))
""")


@pytest.mark.install
def test_pip_install_outside_the_checkout(tmp_path):
    build = ROOT / "lib" / "build"  # setuptools builds in the source tree; leave the checkout as it was
    had_build = build.exists()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT / "lib"), "-c", str(ROOT / "constraints.txt")],
        check=True,
        cwd=tmp_path,
    )
    if not had_build:
        shutil.rmtree(build, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PROBATION_DATA_DIR", "PYTHONPATH", "JUPYTER_PATH")}
    out = subprocess.run([str(py), "-c", CHECK], check=True, cwd=tmp_path, env=env, capture_output=True, text=True).stdout
    import json

    got = json.loads(out.strip().splitlines()[-1])
    import probation_briefing as pb

    assert got["datasets"] == len(pb.datasets())
    from probation_briefing.data import catalogue

    assert set(got["headlines"]) == set(catalogue.ids())
