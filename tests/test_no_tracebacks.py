"""No traceback or server path reaches the page from any route: cell errors, widget callbacks, widget messages
from the browser, the library's log and Python warnings (run in a real kernel, as under Voila)."""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient

CELLS = [
    "from probation_briefing.briefings import get\nfrom probation_briefing.page.driver import Page\npage = Page(get('q15'))",
    # a model run that fails inside a control's callback
    "def boom(*a, **k):\n    raise RuntimeError('kaput in /srv/secret/model.py')\npage._view = boom\npage.controls['share_pct'].value = 25",
    "import asyncio\nawait asyncio.sleep(0.5)\nprint(page.status.value)",  # the update runs on the kernel's event loop
    # wrong types sent by the browser over the widget's comm (TraitError inside ipywidgets)
    "c = page.controls['share_pct']\nc._handle_msg({'content': {'data': {'method': 'update', 'state': {'value': 'lots'}}}, 'buffers': []})",
    # a button callback and a raw observer that raise
    "import ipywidgets as w\nb = w.Button()\nb.on_click(lambda _: 1 / 0)\nb.click()\n"
    "s = w.IntSlider()\ns.observe(lambda ch: {}['missing'], names='value')\n"
    "s._handle_msg({'content': {'data': {'method': 'update', 'state': {'value': 3}}}, 'buffers': []})",
    # the library's log with a traceback, and a Python warning (which names a server file)
    "import logging, warnings\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n"
    "    logging.getLogger('probation_briefing').exception('logged for the server')\nwarnings.warn('a warning with a path')",
]


@pytest.mark.kernel
def test_no_traceback_or_server_path_is_sent_to_the_page(monkeypatch):
    monkeypatch.setenv("VOILA_BASE_URL", "/")  # behave as under Voila
    monkeypatch.setenv("JUPYTER_PATH", str(ROOT / "share" / "jupyter"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "briefings")}}).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    text = json.dumps(outputs)  # what the kernel sent to the page
    assert not [o for o in outputs if o.get("output_type") == "error"]
    for leak in ("Traceback", "/srv/secret", str(ROOT), "site-packages", "logged for the server", "a warning with a path"):
        assert leak not in text, leak
    assert "Something went wrong while updating this view" in text  # the plain notice from the failing callback
