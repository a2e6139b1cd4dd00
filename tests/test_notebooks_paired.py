"""Each notebook matches its paired plain-text script (the reviewed source) and carries no widget state."""

from __future__ import annotations

import json

import jupytext
import pytest
from conftest import ROOT

PAIRS = [(p, ROOT / "briefings" / f"{p.stem}.ipynb") for p in sorted((ROOT / "briefings" / "scripts").glob("*.py"))]


@pytest.mark.parametrize("script,nb", PAIRS, ids=[p.stem for p, _ in PAIRS])
def test_notebook_matches_script(script, nb):
    assert nb.exists(), f"{nb.name} missing: run tools/build_notebooks.py"
    a = jupytext.read(script)
    b = jupytext.read(nb)
    src = lambda n: [(c.cell_type, c.source.strip()) for c in n.cells]  # noqa: E731
    assert src(a) == src(b), f"{nb.name} is out of date with {script.name}: run python tools/build_notebooks.py {script.stem}"


@pytest.mark.parametrize("script,nb", PAIRS, ids=[p.stem for p, _ in PAIRS])
def test_no_saved_widget_state(script, nb):
    meta = json.loads(nb.read_text())["metadata"]
    assert "widgets" not in meta, f"{nb.name} stores widget state: run tools/build_notebooks.py"


@pytest.mark.parametrize("script", sorted((ROOT / "briefings" / "scripts").glob("q*.py")), ids=lambda p: p.stem)
def test_briefing_scripts_are_prose_plus_a_few_calls(script):
    """Logic lives in the library: a briefing script has at most 100 code lines (not comments or markdown)."""
    code = [ln for ln in script.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(code) <= 100, f"{script.name}: {len(code)} code lines"


@pytest.mark.parametrize("script,nb", PAIRS, ids=[p.stem for p, _ in PAIRS])
def test_no_stray_reprs_on_the_page(script, nb):
    """A cell's last expression must not leak a plain-text repr (e.g. a model result) onto the dashboard."""
    cells = json.loads(nb.read_text())["cells"]
    stray = [
        i
        for i, c in enumerate(cells)
        for o in c.get("outputs", [])
        if o["output_type"] == "execute_result" and set(o["data"]) == {"text/plain"}
    ]
    assert not stray, f"{nb.name}: cells {stray} show a plain repr"
