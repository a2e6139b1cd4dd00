"""The README's Python examples for analysts run as written."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess

import pytest
from conftest import ROOT


def test_readme_python_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert blocks
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})


@pytest.mark.kernel
def test_the_readme_papermill_example_shows_the_scenario_it_was_given(tmp_path):
    """Issue 24 (item 9): the README's papermill command, run as written (from the project folder, with only the
    environment variable it sets itself), writes a notebook whose outputs are the scenario's results: the settings it
    was given, the figures of a run at those settings, its charts drawn, and no widget placeholders."""
    from probation_briefing.briefings import get
    from probation_briefing.data import source
    from probation_briefing.data.params import parameters

    readme = (ROOT / "README.md").read_text()
    command = re.search(r"```sh\n(PROBATION_STATIC=1 \.venv/bin/papermill \S+ out\.ipynb[^\n]*)\n```", readme)
    assert command, "the README's papermill example"
    cmd = command.group(1)
    given = dict(re.findall(r"-p (\w+) (\S+)", cmd))
    assert given == {"share_pct": "25", "allocation_key": "officers"}
    out = tmp_path / "out.ipynb"
    env = {k: v for k, v in os.environ.items() if k != "PROBATION_STATIC" and not k.startswith("VOILA")}
    run = subprocess.run(
        ["bash", "-c", cmd.replace("out.ipynb", shlex.quote(str(out)))], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stderr[-2000:]

    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] if "pb-check" not in c["metadata"].get("tags", []) for o in c.get("outputs", [])]
    mimes = {m for o in outputs for m in o.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" not in mimes  # no placeholders that only a live kernel fills in
    html = " ".join("".join(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {}))

    data = source()
    params = parameters("q15", data)
    scenario = params.scenario({"share_pct": 25.0, "allocation_key": "officers"})
    view = get("q15").view(scenario, data)
    assert "Settings used" in html
    assert f"{params['share_pct'].label}: 25" in html and f"{params['allocation_key'].label}: Police officers" in html
    for h in view.headlines:  # the figures of a run at the given settings ...
        assert f'<div class="v">{h.value}</div>' in html, h
    default = get("q15").view(params.defaults(), data)
    moved = {h.label: h.value for h in default.headlines}["Moved to commissioners"]
    assert f'<div class="v">{moved}</div>' not in html  # ... not the defaults'
    assert html.count("<svg") >= len(view.charts)  # the charts drawn
    assert "q15_pccs_and_funding.ipynb?share_pct=25&amp;allocation_key=officers" in html  # 'Cite this briefing' at the scenario
