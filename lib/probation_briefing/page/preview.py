"""A first view of a briefing's workspace that the server sends inside the page, before any script runs.

Under Voila the widgets appear only once the browser has started Voila's scripts, connected to the kernel
and received every widget's state: 3 to 4 seconds after the HTML on a modest machine. A kernel that Voila
preheats builds the page at the default settings before anyone asks for it, so the server can send those
results with the HTML instead: the settings as text, the headline figures and the charts as SVG. The
project's Voila template writes an output marked ``pb_preview`` as HTML (not as data for a script), shows it
while the live workspace loads and removes it once the live charts have drawn. A page opened with settings
in its address never shows it (they would not match), and a page printed or saved never includes it.

Charts are drawn by vl-convert, as the handouts are. Its renderer adds about 70 MB to a kernel, so each
chart's SVG is kept in a folder shared by the server's kernels: one kernel draws it, every other one reads
it, even when a workshop's pool starts thirty kernels at once.

>>> import ipywidgets as w
>>> html = workspace_html({"pct": w.IntSlider(10, description="Share moved")}, "<p>Headline</p>", [])
>>> "<strong>Share moved</strong>: 10" in html and "<p>Headline</p>" in html and 'aria-hidden="true"' in html
True
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_lib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from IPython.display import display

from . import static_html
from .chart_bundle import vega_lite_version

#: The output metadata key the template looks for.
MARK = "pb_preview"
#: Where drawn charts are kept (one folder per user; ``PB_PREVIEW_CACHE`` to choose another).
CACHE_ENV = "PB_PREVIEW_CACHE"
#: How long a kernel waits for another that is drawing the same chart before drawing it itself (seconds).
WAIT_S = 30.0
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
    """A chart's SVG (in a figure), drawn once per spec and Vega-Lite version, and then read from :func:`cache_dir`.

    Kernels started together (a workshop's pool) would all find the folder empty: the first to claim a chart
    draws it, and the others wait for its file (up to ``WAIT_S``) rather than each loading the renderer.
    """
    text = json.dumps(spec, sort_keys=True)
    vl = vega_lite_version()
    key = hashlib.sha256(f"{vl}\n{text}".encode()).hexdigest()[:32]
    path = cache_dir() / f"{key}.svg"

    def draw() -> str:
        import vl_convert as vlc

        return str(vlc.vegalite_to_svg(text, vl_version=vl))

    svg = _once(path, draw)
    return f'<figure class="pb-figure" aria-label="{html_lib.escape(title or "chart")}">{svg}</figure>'


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _private(folder: Path) -> None:
    """Make ``folder`` (only its owner may use it); OSError if it exists but belongs to someone else or others may
    write to it: on a shared machine another user could otherwise plant the HTML a page shows."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = folder.stat()
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
        raise PermissionError(f"{folder} is not this user's own folder")


def _once(path: Path, draw: Callable[[], str]) -> str:
    """``path``'s text, made by ``draw`` in one process only (the one that claims it first) and shared through the file."""
    claim = path.with_suffix(".claim")
    try:
        _private(path.parent)
        if (found := _read(path)) is not None:
            return found
        with contextlib.suppress(OSError):  # a claim left by a kernel that died while drawing
            if time.time() - claim.stat().st_mtime > 2 * WAIT_S:
                claim.unlink()
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another kernel is drawing it
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            if (found := _read(path)) is not None:
                return found
            time.sleep(0.1)
        return draw()
    except OSError:  # no shared folder: draw it here
        return draw()
    try:
        svg = draw()
        with contextlib.suppress(OSError):  # write then rename: another kernel never reads half a file
            part = path.with_suffix(f".{os.getpid()}.part")
            part.write_text(svg, encoding="utf-8")
            part.replace(path)
        return svg
    finally:
        with contextlib.suppress(OSError):
            claim.unlink()


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
