"""A first view of a briefing's first screen (its key points) and workspace that the server sends inside the page,
before any script runs.

Under Voila the widgets appear only once the browser has started Voila's scripts, connected to the kernel
and received every widget's state: 3 to 4 seconds after the HTML on a modest machine. A kernel that Voila
preheats builds the page at the default settings before anyone asks for it, so the server can send those
results with the HTML instead: the key points and 'then and now' as they will read, and the settings as
text, the headline figures and the charts as SVG. The project's Voila template writes an output marked
``pb_preview`` as HTML (not as data for a script) and lays out the live output after it with no height and
unseen. Once the live output is ready (its ``ready`` element there, and as many charts drawn as the preview
has), the template's script removes the preview and the live output takes its place in the same frame: laid
out as the preview was, so nothing on the screen moves. A page opened with settings in its address never
shows a preview (they would not match), and a page printed or saved never includes one.

Charts are drawn on the server as the handouts' are, each once for all the server's kernels
(:mod:`.drawn_charts`).

>>> import ipywidgets as w
>>> html = workspace_html({"pct": w.IntSlider(10, description="Share moved")}, "<p>Headline</p>", [])
>>> "<strong>Share moved</strong>: 10" in html and "<p>Headline</p>" in html and 'aria-hidden="true"' in html
True
"""

from __future__ import annotations

import html as html_lib
import os
from collections.abc import Iterable, Mapping
from typing import Any

from IPython.display import display

from ..present import drawn_charts
from . import static_html

#: The output metadata key the template looks for.
MARK = "pb_preview"
NOTE = "Loading the controls. Until then, these are the results at the default settings."


def wanted(preheated: bool) -> bool:
    """A preview is worth sending from a kernel Voila preheats (not a handout, not JupyterLab, not a cold render,
    where the page would wait for it)."""
    return preheated and os.environ.get("VOILA_BASE_URL") is not None and not static_html.is_static()


def workspace_html(controls: Mapping[str, Any], summary: str, charts: Iterable[tuple[Mapping[str, Any], str]]) -> str:
    """The workspace as static HTML: the settings as text, the summary, the charts (spec, title) as SVG."""
    settings = "".join(static_html.control_text(c) for c in controls.values())
    figures = "".join(drawn_charts.figure(spec, title) for spec, title in charts)
    return (
        f'<p class="pb-preview-note pb-notice" role="status">{html_lib.escape(NOTE)}</p>'
        '<div class="pb-workspace" aria-hidden="true">'
        f'<div class="pb-controls-col"><h2>Settings</h2>{settings}</div>'
        f'<div class="pb-results-col"><h2>Results</h2>{summary}{figures}</div>'
        "</div>"
    )


def show(html: str, ready: str = ".pb-results-col") -> None:
    """Display ``html`` as this cell's preview (the template sends it as HTML, ahead of the live output), until the
    live output has an element matching ``ready`` (a CSS selector) and its charts."""
    display(
        {"text/html": f'<div class="pb-preview" data-pb-ready="{html_lib.escape(ready)}">{html}</div>'}, raw=True, metadata={MARK: True}
    )
