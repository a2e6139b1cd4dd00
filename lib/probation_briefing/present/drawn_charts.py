"""Charts drawn to SVG on the server (the handouts' charts, the workspace preview's), each drawn once.

vl-convert draws them with the Vega-Lite version the pages use. Its renderer adds about 70 MB to a kernel,
so each drawing is kept in a folder of the user's own, shared by their kernels: one kernel draws a chart,
every other one reads it, even when a workshop's pool starts thirty kernels at once.

>>> spec = {"data": {"values": [{"n": 1}]}, "mark": "bar", "encoding": {"x": {"field": "n", "type": "quantitative"}}}
>>> html = figure(spec, "One bar")
>>> html.startswith('<figure class="pb-figure" role="img" aria-label="One bar"><svg') and html.endswith("</svg></figure>")
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
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import vl_convert as vlc

from .vegalite import vega_lite_version

#: Where drawn charts are kept (one folder per user; ``PB_PREVIEW_CACHE`` to choose another).
CACHE_ENV = "PB_PREVIEW_CACHE"
#: How long a kernel waits for another that is drawing the same chart before drawing it itself (seconds).
WAIT_S = 30.0


def cache_dir() -> Path:
    """The folder of drawn charts shared by this user's kernels."""
    chosen = os.environ.get(CACHE_ENV)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(chosen) if chosen else Path(tempfile.gettempdir()) / f"probation-briefings-previews-{uid}"


def figure(spec: Mapping[str, Any], title: str = "") -> str:
    """A chart's SVG in a figure named ``title``, drawn once per spec and Vega-Lite version, then read from :func:`cache_dir`.

    Kernels started together (a workshop's pool) would all find the folder empty: the first to claim a chart
    draws it, and the others wait for its file (up to ``WAIT_S``) rather than each loading the renderer.
    """
    text = json.dumps(spec, sort_keys=True)
    vl = vega_lite_version()
    key = hashlib.sha256(f"{vl}\n{text}".encode()).hexdigest()[:32]
    path = cache_dir() / f"{key}.svg"

    def draw() -> str:
        return str(vlc.vegalite_to_svg(text, vl_version=vl))

    svg = _once(path, draw)
    return f'<figure class="pb-figure" role="img" aria-label="{html_lib.escape(title or "chart")}">{svg}</figure>'


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
