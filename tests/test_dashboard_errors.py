"""A briefing run on a corrupted data folder shows one plain message naming the problem, never a traceback."""

from __future__ import annotations

import contextlib
import csv

import jupytext
import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


@pytest.mark.kernel
def test_bad_data_folder_gives_a_friendly_message(data_copy, monkeypatch):
    p = data_copy / "force_areas.csv"
    rows = list(csv.reader(p.open(encoding="utf-8")))
    rows[3][rows[0].index("population")] = "lots"
    with p.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data_copy))
    monkeypatch.setenv("VOILA_BASE_URL", "/")  # behave as under Voila
    monkeypatch.setenv("JUPYTER_PATH", str(ROOT / "share" / "jupyter"))  # where Voila finds the template and chart bundle
    nb = jupytext.read(ROOT / "briefings" / "scripts" / "q15_pccs_and_funding.py")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # Voila stops at the first failing cell, as this does; the page shows what was output so far
    with contextlib.suppress(CellExecutionError):
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "briefings")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = nbformat.writes(nb)
    assert "Traceback" not in text
    assert (
        "force_areas.csv, row 3 (line 4), column &#x27;population&#x27;: &#x27;lots&#x27; is not a whole number" in text
        or "force_areas.csv, row 3 (line 4), column 'population': 'lots' is not a whole number" in text
    )
