"""Start Voila and headless Chromium for the browser tests and the benchmarks (not a test module).

Every request that would leave the machine is blocked and recorded, so a test can assert the pages
work offline. Chromium is Debian's (/usr/bin/chromium, or `chromium` on PATH); Playwright's own
browser downloads are never used.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
T = TypeVar("T")
#: Under pytest, tests/conftest.py sets this to its guard: ``REQUIRE("server")`` fails a test that is not marked
#: ``server`` (the benchmarks, outside pytest, start servers freely).
REQUIRE: Callable[..., None] | None = None
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def chromium_path() -> str | None:
    """Debian's chromium, if installed."""
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class VoilaServer:
    url: str
    proc: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def voila(
    root: Path,
    *,
    cwd: Path = ROOT,
    preheat: bool | None = None,
    extra: list[str] | None = None,
    timeout: float = 60,
    prerender: bool = False,
) -> Iterator[VoilaServer]:
    """Serve ``root`` with Voila from the python env running this code, with the project template path.

    ``cwd`` decides which voila.json is read (the project's by default). ``preheat=False`` turns the
    kernel pool off (cold start). The text pages are rendered when first asked for, unless ``prerender``
    (as `make serve` does at start-up): most test servers never show them, and rendering three notebooks
    at every start would compete with the kernel pools.
    """
    if REQUIRE is not None:
        REQUIRE("server", f"Voila over {root}")
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "probation_briefing.server",  # what `make serve` runs: Voila plus compression, caching and the static landing page
        str(root),
        f"--port={port}",
        "--no-browser",
        "--Voila.ip=127.0.0.1",
    ]
    if preheat is not None:
        cmd.append(f"--preheat_kernel={'True' if preheat else 'False'}")
    if not prerender:
        cmd.append("--BriefingsVoila.prerender_text_pages=False")
    cmd += extra or []
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter"), "JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    log_path = Path(tempfile.mkstemp(prefix="voila-", suffix=".log")[1])
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    server = VoilaServer(url, proc, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"Voila exited early:\n{server.log()[-3000:]}")
            try:
                urllib.request.urlopen(url + "/voila/api/shutdown/none", timeout=1)  # any response means it is up
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Voila did not start in {timeout}s:\n{server.log()[-3000:]}") from None
                time.sleep(0.2)
                continue
            break
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def until(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.1) -> None:
    """Poll ``condition`` every ``interval`` seconds until it is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


def wait_for_pool(server: VoilaServer, notebooks: list[str], timeout: float = 90) -> None:
    """Wait until Voila reports a filled kernel pool for each notebook (preheated mode)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server.log()
        if all(f"Kernel pool of {nb} is filled" in log for nb in notebooks):
            return
        time.sleep(0.25)
    raise RuntimeError("kernel pools were not filled in time:\n" + server.log()[-3000:])


def wait_idle(server: VoilaServer, quiet_s: float = 1.0, timeout: float = 60.0) -> None:
    """Wait until the server and its kernels are idle (under 5% of a core for ``quiet_s``), for the benchmarks:
    a pool refill running the previous page's notebook would otherwise compete with the page being measured."""
    import psutil

    deadline = time.monotonic() + timeout

    def cpu() -> float:
        total = 0.0
        try:
            me = psutil.Process(server.proc.pid)
            procs = [me, *me.children(recursive=True)]
        except psutil.Error:
            return 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                continue
        return total

    while time.monotonic() < deadline:
        before = cpu()
        time.sleep(quiet_s)
        if cpu() - before < 0.05 * quiet_s:
            return


def kernel_ids(server: VoilaServer) -> set[str]:
    """The ids of the server's running kernels (its child processes, named by their connection files)."""
    out = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (proc / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server.proc.pid and "kernel-" in cmd:
            out.add(cmd.split("kernel-", 1)[1].split(".json", 1)[0])
    return out


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", errors="replace")


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (Debian's) with a fresh profile."""
    from playwright.sync_api import sync_playwright

    if REQUIRE is not None:
        REQUIRE("browser", "headless Chromium")
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium is not installed")
    profile = tempfile.mkdtemp(prefix="pb-chromium-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=exe, headless=True, args=CHROMIUM_ARGS, viewport={"width": 1366, "height": 768}
        )
        try:
            yield ctx
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


@dataclass
class PageWatch:
    """What a page tried to do that it should not: external requests, console errors, page errors."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    u = urlparse(url)
    if u.scheme in ("data", "blob", "about", "chrome-extension"):
        return True
    return u.hostname in LOCAL_HOSTS or (u.hostname or "").endswith(".localhost")


def watch(page) -> PageWatch:
    """Block (and record) every non-local request of ``page``; record console and page errors."""
    w = PageWatch()

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            w.blocked.append(r.request.url)
            r.abort("blockedbyclient")

    page.route("**/*", route)
    page.on("console", lambda m: w.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.page_errors.append(str(e)))
    return w


RENDERED_JS = """() => {
  const cells = document.querySelector('#rendered_cells');
  if (!cells || cells.style.display === 'none') return false;
  // charts off the screen wait to be drawn (chart_widget.js): ask for them all, as printing does
  if (window.pbDrawAllCharts) window.pbDrawAllCharts();
  if (document.querySelector('[data-pb-chart="later"]')) return false;
  const embeds = [...document.querySelectorAll('.vega-embed')];
  const charts = embeds.filter(e => e.querySelector('svg, canvas'));
  // the workspace preview (page/preview.py) has given way to the live workspace
  return charts.length === embeds.length && !document.querySelector('.pb-preview-output');
}"""


def wait_rendered(page, *, min_charts: int = 0, timeout: float = 60_000) -> None:
    """Wait until Voila shows the cells and every chart widget has drawn (svg or canvas): charts still waiting to be
    drawn when near the screen are asked for (``pbDrawAllCharts``), as printing asks for them."""
    page.wait_for_function(RENDERED_JS, timeout=timeout)
    if min_charts:
        page.wait_for_function(
            f"() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= {min_charts}", timeout=timeout
        )
        page.wait_for_function(RENDERED_JS, timeout=timeout)  # every chart, not only the first


SETTLED_JS = """([quiet, token]) => {
  let s = window.__pbSettle;
  if (!s || s.token !== token) {
    if (s) s.observer.disconnect();
    s = window.__pbSettle = {token, since: performance.now(), last: ''};
    s.observer = new MutationObserver(() => { s.since = performance.now(); });
    s.observer.observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  const d = document.documentElement, r = (document.getElementById('rendered_cells') || document.body).getBoundingClientRect();
  const size = [d.scrollWidth, d.scrollHeight, d.clientWidth, d.clientHeight, r.width, r.height].join();
  if (size !== s.last) { s.last = size; s.since = performance.now(); }
  if (performance.now() - s.since < quiet) return false;
  s.observer.disconnect();
  window.__pbSettle = null;
  return true;
}"""


def wait_settled(page, quiet_ms: int = 250, timeout: float = 30_000) -> None:
    """Wait until the page has stopped changing: no change to the document (a widget update from the kernel, a
    chart redrawn) and none to its layout's size for ``quiet_ms``, checked at every frame."""
    import uuid

    page.wait_for_function(SETTLED_JS, arg=[quiet_ms, uuid.uuid4().hex], timeout=timeout)


# What a control change must alter: the text of the results (every HTML widget) and, optionally, the charts.
RESULTS_TEXT_JS = "[...document.querySelectorAll('.widget-html, .widget-htmlmath')].map(e => e.innerText).join('|')"
CHARTS_JS = """[...document.querySelectorAll('.vega-embed')].map(e => { const c = e.querySelector('canvas');
      return c ? c.toDataURL() : (e.querySelector('svg') || {}).innerHTML || ''; }).join('|')"""


def snapshot(page) -> tuple[str, str]:
    """(all chart SVG/canvas markup, all results text): what moving a slider must change."""
    return tuple(page.evaluate(f"() => [{CHARTS_JS}, {RESULTS_TEXT_JS}]"))  # type: ignore[return-value]


def open_all_settings(page) -> None:
    """Open every collapsed group of settings ("Show ...") and wait until its controls are drawn (a group's controls
    are built when it is first opened)."""
    for t in page.locator(".pb-toggle button, button.pb-toggle").all():
        if t.is_visible() and (t.inner_text() or "").startswith("Show"):
            t.click()
            page.wait_for_function("t => t.innerText.startsWith('Hide')", arg=t.element_handle())  # the kernel has shown them
    page.wait_for_function("() => [...document.querySelectorAll('.pb-more')].every(g => g.offsetParent === null || g.children.length)")


def nudge_a_slider(page, *, charts: bool, timeout: float) -> str:
    """Press an arrow key on each visible slider in turn until the results text (and, with ``charts``, a
    chart) changes; return that slider's label. Fails the test, naming the sliders tried, if none does
    (a slider may only matter for another option, so one that changes nothing is not itself a failure).
    """
    import pytest

    handles = page.locator('.noUi-handle[role="slider"]')
    if not any(handles.nth(i).is_visible() for i in range(handles.count())):  # every slider is in a collapsed group
        open_all_settings(page)
    assert handles.count() >= 1, "no slider on the page"
    changed = "(s, b) => s[0] !== b[0] && s[1] !== b[1]" if charts else "(s, b) => s[1] !== b[1]"
    tried = []
    for i in range(handles.count()):
        h = handles.nth(i)
        if not h.is_visible():
            continue
        before = snapshot(page)
        at_max = h.get_attribute("aria-valuenow") == h.get_attribute("aria-valuemax")
        h.focus()
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        label = h.get_attribute("aria-label") or str(i)
        try:
            page.wait_for_function(f"b => ({changed})([{CHARTS_JS}, {RESULTS_TEXT_JS}], b)", arg=list(before), timeout=timeout)
            return label
        except Exception:  # noqa: BLE001 - try the next slider
            tried.append(label)
    what = "both a chart and the results text" if charts else "the results text"
    pytest.fail(f"no slider changed {what}; tried {tried}")


def run_async(make: Callable[[], Coroutine[Any, Any, T]], timeout: float = 60) -> T:
    """``asyncio.run(make())`` in a thread of its own, returning its result or raising its error: after the browser
    tests Playwright's sync API holds an event loop on the test's own thread."""
    import asyncio
    import threading

    out: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(asyncio.run(make()))
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread below
            errors.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise TimeoutError(f"the asynchronous check did not finish in {timeout:.0f} s")
    if errors:
        raise errors[0]
    return out[0]


def tiny_notebook(folder: Path, name: str = "tiny.ipynb") -> Path:
    """A one-cell notebook (a heading and ``1 + 1``) in ``folder``: a page whose kernel's life, not its content, is tested."""
    import nbformat

    path = folder / name
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Tiny page"), nbformat.v4.new_code_cell("1 + 1")]), path)
    return path


def page_config(html: str) -> dict[str, Any]:
    """The page config Voila writes into a rendered page (``kernelId``, ``baseUrl``, the briefings' settings)."""
    m = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no page config in the page"
    return dict(json.loads(m.group(1)))


def shell_replies(
    url: str, kernel_id: str, msg_type: str, content: dict[str, Any], *, session: str | None = None, timeout: float = 30
) -> list[str]:
    """Send one shell message over the kernel's websocket (in ``session``, else a new one); the types of the replies
    to it. They are collected until the kernel has handled the message: a ``kernel_info_request`` sent after it
    (a kernel handles shell messages in order) has had its reply and its idle status, which come after every reply
    to the first message on the same channels. At most ``timeout`` seconds."""
    import asyncio
    import uuid

    from tornado.websocket import websocket_connect

    session = session or uuid.uuid4().hex

    def message(msg_type: str, content: dict[str, Any]) -> tuple[str, str]:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "", "session": session, "date": "", "version": "5.3"}
        return msg_id, json.dumps({"header": header, "parent_header": {}, "metadata": {}, "channel": "shell", "content": content})

    async def run() -> list[str]:
        ws = await websocket_connect(url.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?session_id={session}")
        msg_id, sent = message(msg_type, content)
        fence_id, fence = message("kernel_info_request", {})
        ws.write_message(sent)
        ws.write_message(fence)
        replies: list[str] = []
        fenced = {"reply": False, "idle": False}
        end = time.monotonic() + timeout
        while not all(fenced.values()):
            try:
                m = await asyncio.wait_for(ws.read_message(), timeout=end - time.monotonic())
            except TimeoutError:
                break
            if m is None:
                break
            data = json.loads(m) if isinstance(m, str) else {}
            parent = data.get("parent_header", {}).get("msg_id")
            kind = data.get("header", {}).get("msg_type")
            if parent == msg_id:
                replies.append(kind)
            elif parent == fence_id:
                fenced["reply"] |= kind == "kernel_info_reply"
                fenced["idle"] |= kind == "status" and data.get("content", {}).get("execution_state") == "idle"
        ws.close()
        return replies

    return run_async(run, timeout=timeout + 30)  # in its own thread: another test may hold an event loop on this one


# ---- the browser's own measures of a page load (issue 25): first paint, largest paint, layout shift, long tasks ----
#: An init script: records the browser's performance entries from the start of the page, and the moment the page is
#: live (cells shown, no preview left, every chart that has started drawing drawn, a control drawn by the widgets; a
#: chart off the screen waits until it comes near or the browser is idle, and is not waited for).
PAINT_JS = """(() => {
  const m = window.__pbPaint = {fcp: null, lcp: null, lcpEl: null, shifts: [], longtasks: [], live: null, preview: null};
  document.addEventListener('DOMContentLoaded', () => { m.preview = !!document.querySelector('.pb-preview-output'); });
  const describe = n => { if (!n) return null; if (n.nodeType !== 1) n = n.parentElement; if (!n) return null;
    const cell = n.closest('[cell-index]');
    return (cell ? 'cell ' + cell.getAttribute('cell-index') + ' ' : '') + n.tagName.toLowerCase()
      + (typeof n.className === 'string' && n.className.trim() ? '.' + n.className.trim().split(/\\s+/).slice(0, 3).join('.') : ''); };
  const watch = (type, f) => { try { new PerformanceObserver(l => l.getEntries().forEach(f)).observe({type, buffered: true}); } catch (e) {} };
  watch('paint', e => { if (e.name === 'first-contentful-paint') m.fcp = e.startTime; });
  watch('largest-contentful-paint', e => { m.lcp = e.startTime; m.lcpEl = describe(e.element); });
  watch('layout-shift', e => { if (!e.hadRecentInput) m.shifts.push({t: e.startTime, value: e.value,
    sources: (e.sources || []).map(s => describe(s.node) + ' ' + Math.round(s.previousRect.y) + '->' + Math.round(s.currentRect.y))}); });
  watch('longtask', e => { m.longtasks.push([e.startTime, e.duration]); });
  const live = () => {
    const cells = document.getElementById('rendered_cells');
    const embeds = [...document.querySelectorAll('.vega-embed')];
    if (cells && cells.style.display !== 'none' && !document.querySelector('.pb-preview-output')
        && embeds.every(e => e.querySelector('svg, canvas, .pb-chart-problem'))
        && document.querySelector('.jupyter-widgets.widget-slider, .jupyter-widgets.widget-dropdown, .jupyter-widgets.widget-button')) {
      m.live = performance.now(); return; }
    requestAnimationFrame(live); };
  requestAnimationFrame(live);
})()"""


@dataclass
class Paint:
    """One page load as the browser measured it (milliseconds from navigation; layout shift unitless)."""

    fcp: float
    lcp: float
    lcp_element: str
    live: float
    tbt: float  # sum of (long task - 50 ms) between first contentful paint and live
    cls: float  # sum of the layout shifts (none after input) from the start to live
    shifts: list[dict[str, Any]]
    long_tasks: int
    preview: bool  # the page came with previews (a kernel the server had preheated)


def open_measured(context, url: str, *, timeout: float = 90_000):
    """Open ``url`` in a new page of ``context`` with :data:`PAINT_JS` and wait until it is live; return the page."""
    page = context.new_page()
    page.add_init_script(PAINT_JS)
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__pbPaint && window.__pbPaint.live !== null && window.__pbPaint.fcp !== null", timeout=timeout)
    return page


def paint(page) -> Paint:
    """What :data:`PAINT_JS` recorded on ``page`` (opened with :func:`open_measured`), up to the moment it was live."""
    m = page.evaluate("() => window.__pbPaint")
    fcp, live = m["fcp"], m["live"]
    tbt = blocking_time(m["longtasks"], fcp, live)
    shifts = [s for s in m["shifts"] if s["t"] <= live]
    cls = sum(s["value"] for s in shifts)
    return Paint(fcp, m["lcp"] or fcp, m["lcpEl"] or "", live, tbt, cls, shifts, len(m["longtasks"]), bool(m["preview"]))


def blocking_until_all_drawn(page, timeout: float = 60_000) -> float:
    """Total blocking time from first contentful paint until every chart has been drawn without being asked for (the
    charts off the screen, drawn when the browser is idle: ``chart_widget.js``) and the page has been still for half a
    second: the whole of a page load's main-thread work, where :func:`paint`'s ends when the page is live."""
    page.wait_for_function("() => !document.querySelector('[data-pb-chart=\"later\"]')", timeout=timeout)
    wait_settled(page, quiet_ms=500)
    m = page.evaluate("() => window.__pbPaint")
    return blocking_time(m["longtasks"], m["fcp"])


def blocking_time(long_tasks: list[list[float]], start: float, end: float = math.inf) -> float:
    """Total blocking time, as Lighthouse counts it: each long task (start, duration) clipped to [start, end], less 50 ms.

    >>> blocking_time([[0, 120], [500, 40], [900, 200]], 100, 1000)
    50.0
    """
    return sum(max(0.0, min(s + d, end) - max(s, start) - 50) for s, d in long_tasks)
