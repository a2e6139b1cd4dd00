"""A first view of a briefing's workspace that the server sends inside the page, before any script runs.

Under Voila the widgets appear only once the browser has started Voila's scripts, connected to the kernel
and received every widget's state: 3 to 4 seconds after the HTML on a modest machine. A kernel that Voila
preheats builds the page at the default settings before anyone asks for it, so the server can send those
results with the HTML instead: the settings as text, the headline figures and the charts as SVG. The
project's Voila template writes an output marked ``pb_preview`` as HTML (not as data for a script), shows it
while the live workspace loads and removes it once the live charts have drawn. A page opened with settings
in its address never shows it (they would not match), and a page printed or saved never includes it.

Charts are drawn by vl-convert, as the handouts are. Its renderer adds about 70 MB to a kernel, so each
chart's SVG is kept in a folder shared by the server's kernels: the first kernel draws it, every later one
reads it.

>>> import ipywidgets as w
>>> html = workspace_html({"pct": w.IntSlider(10, description="Share moved")}, "<p>Headline</p>", [])
>>> "<strong>Share moved</strong>: 10" in html and "<p>Headline</p>" in html and 'aria-hidden="true"' in html
True
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from IPython.display import display

from . import static_html
from .chart_bundle import vega_lite_version

#: The output metadata key the template looks for.
MARK = "pb_preview"
#: Where drawn charts are kept (one folder per user; ``PB_PREVIEW_CACHE`` to choose another).
CACHE_ENV = "PB_PREVIEW_CACHE"
NOTE = "Loading the controls. Until then, these are the results at the default settings."


def wanted(preheated: bool) -> bool:
    """A preview is worth sending from a kernel Voila preheats (not a handout, not JupyterLab, not a cold render,
    where the page would wait for it)."""
    return preheated and os.environ.get("VOILA_BASE_URL") is not None and not static_html.is_static()


def cache_dir() -> Path:
    """The folder of drawn charts shared by this user's kernels."""
    chosen = os.environ.get(CACHE_ENV)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(chosen) if chosen else Path(tempfile.gettempdir()) / f"probation-briefings-previews-{uid}"


def chart_svg(spec: Mapping[str, Any], title: str = "") -> str:
    """A chart's SVG (in a figure), drawn once per spec and Vega-Lite version and then read from :func:`cache_dir`."""
    text = json.dumps(spec, sort_keys=True)
    vl = vega_lite_version()
    key = hashlib.sha256(f"{vl}\n{text}".encode()).hexdigest()[:32]
    path = cache_dir() / f"{key}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        import vl_convert as vlc

        svg = vlc.vegalite_to_svg(text, vl_version=vl)
        try:  # write then rename: another kernel never reads half a file
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(f".{os.getpid()}.part")
            part.write_text(svg, encoding="utf-8")
            part.replace(path)
        except OSError:
            pass  # no cache: each kernel draws its own
    return f'<figure class="pb-figure" aria-label="{html_lib.escape(title or "chart")}">{svg}</figure>'


def workspace_html(controls: Mapping[str, Any], summary: str, charts: Iterable[tuple[Mapping[str, Any], str]]) -> str:
    """The workspace as static HTML: the settings as text, the summary, the charts (spec, title) as SVG."""
    settings = "".join(static_html._control_text(c) for c in controls.values())
    figures = "".join(chart_svg(spec, title) for spec, title in charts)
    return (
        f'<p class="pb-preview-note pb-notice" role="status">{html_lib.escape(NOTE)}</p>'
        '<div class="pb-workspace" aria-hidden="true">'
        f'<div class="pb-controls-col"><h2>Settings</h2>{settings}</div>'
        f'<div class="pb-results-col"><h2>Results</h2>{summary}{figures}</div>'
        "</div>"
    )


def show(html: str) -> None:
    """Display ``html`` as this cell's preview (the template sends it as HTML, ahead of the live output)."""
    display({"text/html": f'<div class="pb-preview">{html}</div>'}, raw=True, metadata={MARK: True})
