"""Load benchmark (not a test): a workshop room opening one briefing at once, without browsers.

    python benchmarks/load.py [--sessions 10 20 30] [--briefing q15] [--seats 30] [--soak [--steps 500]]

Serves the briefings as a workshop would (``python -m probation_briefing.server briefings/ --workshop=q15
--seats=30``: a preheated kernel per seat) and waits until the pool is ready: the server's "Workshop pool
is full" line, or else every pool kernel settled (Voila has started them all and they have stopped using
the CPU: a briefing that reads its settings from the page address runs only as far as that cell before a
visitor's request, and the server's line never comes; see :func:`wait_ready`). Then for each N it opens N
sessions at the same moment (one asyncio task each, in this one process, so no browsers compete with the
server for the cores), each doing what Voila's page does in a browser, timed from its page request:

1. page: GET /voila/render/<notebook> with ``Accept-Encoding: gzip``, the whole body; the kernel id is
   read from the page config (``"kernelId"``);
2. websocket: the kernel's channels, opened as JupyterLab's services open it (subprotocol
   ``v1.kernel.websocket.jupyter.org``, permessage-deflate, the page's cookies and an ``Origin``);
3. kernel info: the ``kernel_info_request`` the connection sends first (it holds other messages until
   the reply);
4. widget states ("interactive"): the widget manager's ``comm_open`` on ``jupyter.widget.control`` and
   its ``request_states``, until the kernel's ``update_states`` arrives. The browser would then draw.

When all N are interactive (or have failed) each closes like a closed tab: the websocket is closed and
the page's shutdown request is sent (POST /voila/api/shutdown/<kernel id>, with the ``_xsrf`` cookie
and header), so the seats come back; the next round starts when the pool is ready again. If the kernel
cap refused some of the pool's refills during the round (Voila then keeps the failed entries in the pool
and does not refill it until the next page request), or the pool is not ready in ``--refill-timeout``
seconds, the server is restarted for the next round, and the notes say so.

Memory: the server's RSS and the sum of the kernels' RSS (its child processes running ipykernel), when
the pool is ready and the highest seen during the round (sampled every 0.2 s). CPU: the seconds used, until
every session is interactive, by the server, the visitors' kernels, the kernels started meanwhile (the
refill), the waiting pool kernels, this client and the rest of the machine. p50/p95 are nearest-rank
percentiles. Target (issue 14): p95 time to interactive at most 5 s for 30 seats once the pool is full.
Writes benchmarks/results/load.md and prints it.

``--soak`` adds the older browser measurement: one session in headless Chromium, ``--steps`` slider
changes, and the growth of its kernel's memory (a separate server, voila.json's pool).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import re
import secrets
import statistics
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import report  # noqa: E402
import voila_harness as vh  # noqa: E402
from probation_briefing.server.workshop_mode import kernel_memory_mb, kernel_rss_mb  # noqa: E402

TARGET_P95_S = 5.0
TARGET_SEATS = 30
#: The widget manager gives up waiting for the widget states after 4 s and asks for each widget in turn (slower).
WIDGET_MANAGER_TIMEOUT_S = 4.0
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
FULL_LINE = "Workshop pool is full."
STATUS_LINE = re.compile(r"Workshop: (\d+) of (\d+) preheated kernels ready")


# --- one session, as Voila's page does it -------------------------------------------------------------


@dataclass
class Session:
    """What one session saw; times in seconds from the start of its page request."""

    first_byte: float | None = None
    page: float | None = None
    ws_open: float | None = None
    kernel_info: float | None = None
    interactive: float | None = None
    html_bytes: int = 0
    notices: int = 0  # cells that failed and show the template's error notice instead
    widgets: int = 0
    error: str = ""
    kernel_id: str = ""
    ws: object = None
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.interactive is not None and not self.error


def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> dict:
    """A Jupyter message (protocol 5.3) as the browser's kernel connection builds it."""
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "",
            "session": session,
            "date": dt.datetime.now(dt.UTC).isoformat(),
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": metadata or {},
        "content": content,
        "buffers": [],
    }


def _encode(msg: dict, channel: str, v1: bool) -> bytes | str:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    if v1:
        parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")]
        return serialize_msg_to_ws_v1(parts, channel)
    return json.dumps({**msg, "channel": channel})


def _decode(frame: bytes | str, v1: bool) -> tuple[str, dict]:
    """(channel, message) of a frame from the server; the message's buffers are left out."""
    from jupyter_server.services.kernels.connection.base import deserialize_binary_message, deserialize_msg_from_ws_v1

    if v1:
        channel, parts = deserialize_msg_from_ws_v1(frame)
        keys = ("header", "parent_header", "metadata", "content")
        return channel, {k: json.loads(p) for k, p in zip(keys, parts[:4])}
    msg = json.loads(frame) if isinstance(frame, str) else deserialize_binary_message(frame)
    return msg.get("channel", ""), msg


async def _reply(ws, v1: bool, want) -> dict:
    """The first message from the server for which ``want(channel, msg)`` is true."""
    while True:
        frame = await ws.read_message()
        if frame is None:
            raise ConnectionError("the websocket was closed by the server")
        channel, msg = _decode(frame, v1)
        if want(channel, msg):
            return msg


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


async def open_session(base: str, notebook: str, timeout: float) -> Session:
    """Page, kernel websocket, kernel info, widget states: what a browser does before the page can be used."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.httputil import parse_cookie
    from tornado.websocket import websocket_connect

    s = Session()
    t0 = time.monotonic()
    chunks: list[bytes] = []

    def on_chunk(chunk: bytes) -> None:
        if s.first_byte is None:
            s.first_byte = time.monotonic() - t0
        chunks.append(chunk)

    try:
        response = await AsyncHTTPClient().fetch(
            HTTPRequest(
                f"{base}/voila/render/{notebook}",
                headers={"Accept": "text/html,*/*;q=0.8", "Accept-Encoding": "gzip, deflate", "User-Agent": "pb-load-benchmark"},
                decompress_response=True,
                streaming_callback=on_chunk,
                connect_timeout=timeout,
                request_timeout=timeout,
            ),
            raise_error=False,
        )
        s.page = time.monotonic() - t0
        html = b"".join(chunks).decode("utf-8", errors="replace")
        s.html_bytes = len(html)
        s.notices = html.count('class="jp-OutputArea-output pb-notice error"')
        if response.code != 200:
            s.error = f"page: HTTP {response.code}"
            return s
        match = KERNEL_ID.search(html)
        if not match:
            s.error = "page: no kernel id"
            return s
        s.kernel_id = match[1]
        for header in response.headers.get_list("Set-Cookie"):
            s.cookies.update(parse_cookie(header.split(";", 1)[0]))
        s.cookies.setdefault("_xsrf", secrets.token_hex(16))  # what the template's script sets when it is missing

        session_id = uuid.uuid4().hex
        ws_url = base.replace("http", "ws", 1) + f"/api/kernels/{s.kernel_id}/channels?session_id={session_id}"
        ws = await websocket_connect(
            HTTPRequest(ws_url, headers={"Origin": base, "Cookie": _cookie_header(s.cookies)}, connect_timeout=timeout),
            subprotocols=[WS_PROTOCOL],
            compression_options={},
        )
        s.ws = ws
        s.ws_open = time.monotonic() - t0
        v1 = ws.selected_subprotocol == WS_PROTOCOL

        async def exchange() -> None:
            info = _message("kernel_info_request", {}, session_id)
            await ws.write_message(_encode(info, "shell", v1), binary=v1)
            await _reply(ws, v1, lambda ch, m: ch == "shell" and m["parent_header"].get("msg_id") == info["header"]["msg_id"])
            s.kernel_info = time.monotonic() - t0
            comm_id = uuid.uuid4().hex
            opened = _message(
                "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}, session_id, {"version": "1.0.0"}
            )
            ask = _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}, session_id)
            for m in (opened, ask):
                await ws.write_message(_encode(m, "shell", v1), binary=v1)
            states = await _reply(
                ws,
                v1,
                lambda ch, m: (
                    ch == "iopub"
                    and m["header"].get("msg_type") == "comm_msg"
                    and m["content"].get("comm_id") == comm_id
                    and m["content"].get("data", {}).get("method") == "update_states"
                ),
            )
            s.interactive = time.monotonic() - t0
            s.widgets = len(states["content"]["data"].get("states", {}))
            await ws.write_message(_encode(_message("comm_close", {"comm_id": comm_id, "data": {}}, session_id), "shell", v1), binary=v1)

        await asyncio.wait_for(exchange(), max(1.0, timeout - (time.monotonic() - t0)))
    except Exception as e:  # noqa: BLE001 - a failed session is a result, not a crash
        s.error = f"{type(e).__name__}: {e}"[:200]
    return s


async def close_session(base: str, s: Session) -> int | None:
    """Close the tab: the websocket goes, and the page's shutdown request stops the kernel. The shutdown's HTTP status."""
    from tornado.httpclient import AsyncHTTPClient

    if s.ws is not None:
        s.ws.close()
    if not s.kernel_id:
        return None
    token = s.cookies.get("_xsrf", "")
    r = await AsyncHTTPClient().fetch(
        f"{base}/voila/api/shutdown/{s.kernel_id}",
        method="POST",
        body=b"",
        headers={"Cookie": _cookie_header(s.cookies), "X-XSRFToken": token, "Origin": base},
        request_timeout=120,
        raise_error=False,
    )
    return r.code


# --- memory --------------------------------------------------------------------------------------------


@dataclass
class Memory:
    server_mb: float = 0.0
    kernels_mb: float = 0.0
    kernels: int = 0

    def peak(self, other: Memory) -> Memory:
        return Memory(max(self.server_mb, other.server_mb), max(self.kernels_mb, other.kernels_mb), max(self.kernels, other.kernels))


def memory(server_pid: int) -> Memory:
    """The server's RSS, and the number and summed RSS of its kernels (as the workshop server reports them)."""
    try:
        server_mb = psutil.Process(server_pid).memory_info().rss / 2**20
    except psutil.Error:
        return Memory()
    count, kernels_mb = kernel_memory_mb(server_pid)
    return Memory(server_mb, kernels_mb, count)


def _cpu_s(p: psutil.Process) -> float:
    t = p.cpu_times()
    return t.user + t.system


class Sampler(threading.Thread):
    """Samples :func:`memory` every ``every`` seconds in a thread of its own (the sessions' loop is not held up),
    and the CPU time of the server and of each kernel (by kernel id), for where the cores went during the round."""

    def __init__(self, server_pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.server_pid, self.every = server_pid, every
        self.highest = Memory()
        self._halt = threading.Event()
        self.cpu_start: dict[int, float] = {}  # pid -> CPU seconds at the start
        self.cpu_last: dict[int, float] = {}  # pid -> CPU seconds when last seen (kernels that end keep their last value)
        self.kernel_of: dict[int, str] = {}  # pid -> kernel id
        self.machine_start = psutil.cpu_times()
        self.machine_end = self.machine_start
        self._read_cpu(first=True)

    def _read_cpu(self, first: bool = False) -> None:
        try:
            server = psutil.Process(self.server_pid)
            procs = [server, *server.children(recursive=True)]
        except psutil.Error:
            return
        for p in procs:
            with contextlib.suppress(psutil.Error):
                if p.pid not in self.kernel_of and p.pid != self.server_pid:
                    cmd = " ".join(p.cmdline())
                    found = re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)
                    self.kernel_of[p.pid] = found[1] if found else ""
                cpu = _cpu_s(p)
                if first:
                    self.cpu_start[p.pid] = cpu
                self.cpu_last[p.pid] = cpu

    def run(self) -> None:
        while not self._halt.is_set():
            self.highest = self.highest.peak(memory(self.server_pid))
            self._read_cpu()
            self._halt.wait(self.every)

    def cpu_split(self, visitors: set[str]) -> dict[str, float]:
        """CPU seconds used since the start: the server, the visitors' kernels, kernels started since (the pool's
        refill), the other kernels (pool kernels waiting), and everything else on the machine."""
        self._read_cpu()
        self.machine_end = psutil.cpu_times()
        out = dict.fromkeys(("server", "visitors' kernels", "refill kernels", "waiting kernels"), 0.0)
        for pid, cpu in self.cpu_last.items():
            used = cpu - self.cpu_start.get(pid, 0.0)
            if pid == self.server_pid:
                out["server"] += used
            elif pid not in self.cpu_start:
                out["refill kernels"] += used
            elif self.kernel_of.get(pid) in visitors:
                out["visitors' kernels"] += used
            else:
                out["waiting kernels"] += used
        busy = sum(
            getattr(self.machine_end, f) - getattr(self.machine_start, f)
            for f in ("user", "nice", "system", "irq", "softirq", "steal")
            if hasattr(self.machine_end, f)
        )
        out["rest of the machine"] = max(0.0, busy - sum(out.values()) - (time.process_time() - self._client_cpu0))
        out["this client"] = time.process_time() - self._client_cpu0
        return out

    def start(self) -> None:
        self._client_cpu0 = time.process_time()
        super().start()

    def stop(self) -> Memory:
        self._halt.set()
        self.join()
        return self.highest


# --- rounds --------------------------------------------------------------------------------------------


def kernels_cpu(server_pid: int) -> tuple[int, float]:
    """The number of the server's kernels and their CPU seconds so far."""
    n, cpu = 0, 0.0
    with contextlib.suppress(psutil.Error):
        for p in psutil.Process(server_pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ipykernel" in " ".join(p.cmdline()):
                    n, cpu = n + 1, cpu + _cpu_s(p)
    return n, cpu


def wait_ready(server: vh.VoilaServer, notebook: str, times_full: int, least_kernels: int, timeout: float) -> tuple[str, int] | None:
    """Wait until the pool is ready; how it was seen and the number of kernels then, or None after ``timeout`` s.

    "full": the server has said "Workshop pool is full" ``times_full`` times (it says so each time it fills again).
    "settled": Voila has started the pool's kernels (its "Kernel pool of ... is filled" line), there are at least
    ``least_kernels`` kernels and together they have used under 5% of a core for 5 s: every pool kernel has run the
    notebook as far as it goes before a visitor's request (a briefing that reads the page address waits there).
    """
    deadline = time.monotonic() + timeout
    quiet: tuple[float, float, int] | None = None
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{server.log()[-3000:]}")
        log = server.log()
        if log.count(FULL_LINE) >= times_full:
            return "full", kernels_cpu(server.proc.pid)[0]
        n, cpu = kernels_cpu(server.proc.pid)
        now = time.monotonic()
        if f"Kernel pool of {notebook} is filled" not in log or n < least_kernels:
            quiet = None
        elif quiet is None or quiet[2] != n:
            quiet = (now, cpu, n)
        elif now - quiet[0] >= 5:
            if (cpu - quiet[1]) / (now - quiet[0]) < 0.05:
                return "settled", n
            quiet = (now, cpu, n)
        time.sleep(0.5)
    return None


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the largest, of 30 the second largest)."""
    if not values:
        return float("nan")
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


@dataclass
class Round:
    n: int
    sessions: list[Session]
    full: Memory
    peak: Memory
    open_s: float
    shutdown_codes: list[int | None]
    cpu: dict[str, float]
    refused: int = 0
    load_before: float = 0.0

    def ok(self) -> list[Session]:
        return [s for s in self.sessions if s.ok]

    def times(self, attr: str) -> list[float]:
        return [getattr(s, attr) for s in self.ok()]


async def run_round(server: vh.VoilaServer, notebook: str, n: int, timeout: float) -> Round:
    """N sessions at once; when all are interactive (or failed), all close."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=max(64, 2 * n))  # a connection per session, as N browsers would have
    load_before = os.getloadavg()[0]
    refused_before = server.log().count("Refused to start a kernel")
    full = memory(server.proc.pid)
    sampler = Sampler(server.proc.pid)
    sampler.start()
    t0 = time.monotonic()
    sessions = list(await asyncio.gather(*(open_session(server.url, notebook, timeout) for _ in range(n))))
    open_s = time.monotonic() - t0
    cpu = sampler.cpu_split({s.kernel_id for s in sessions if s.kernel_id})
    codes = list(await asyncio.gather(*(close_session(server.url, s) for s in sessions)))
    peak = sampler.stop()
    refused = server.log().count("Refused to start a kernel") - refused_before
    return Round(n, sessions, full, peak, open_s, codes, cpu, refused=refused, load_before=load_before)


# --- report --------------------------------------------------------------------------------------------


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def results_text(
    rounds: list[Round], notebook: str, seats: int, started: dt.datetime, elapsed_s: float, notes: list[str], server_args: list[str]
) -> str:
    lines = [
        f"# Load: a workshop room opening {notebook} at once ({started:%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {report.machine()}. {report.versions()}.",
        "",
        f"Server: `python -m probation_briefing.server briefings/ --workshop={Path(notebook).stem.split('_')[0]} --seats={seats}"
        + "".join(f" {x}" for x in server_args)
        + "` "
        f"(voila.json otherwise). Each round starts with the pool ready ({seats} preheated kernels). Sessions are opened at "
        "once by one asyncio client on the same machine (no browsers): page (gzip), kernel websocket, kernel info, widget "
        "states; then each closes like a closed tab (websocket closed, the page's shutdown request). Times in seconds from "
        f"the page request; p50/p95 nearest-rank. The machine may be shared: its 1-minute load average before each round "
        f"is shown. The benchmark took {elapsed_s / 60:.1f} min.",
        "",
        "| sessions | interactive | failed | time to interactive p50 / p95 (s) | page p50 / p95 (s) | slowest (s) | "
        f"states > {WIDGET_MANAGER_TIMEOUT_S:.0f} s | server RSS ready → peak (MB) | kernels ready → peak (count, GB) | load avg |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        tti, page = r.times("interactive"), r.times("page")
        late = sum(1 for s in r.ok() if s.interactive - s.kernel_info > WIDGET_MANAGER_TIMEOUT_S)
        lines.append(
            f"| {r.n} | {len(tti)} | {r.n - len(tti)} | {fmt(pct(tti, 50))} / {fmt(pct(tti, 95))} | "
            f"{fmt(pct(page, 50))} / {fmt(pct(page, 95))} | {fmt(max(tti) if tti else None)} | {late} | "
            f"{r.full.server_mb:.0f} → {r.peak.server_mb:.0f} | "
            f"{r.full.kernels}, {r.full.kernels_mb / 1024:.1f} → {r.peak.kernels}, {r.peak.kernels_mb / 1024:.1f} | {r.load_before:.1f} |"
        )
    lines += [
        "",
        f'"states > {WIDGET_MANAGER_TIMEOUT_S:.0f} s": sessions whose widget states came more than {WIDGET_MANAGER_TIMEOUT_S:.0f} s '
        "after they were asked for; Voila's widget manager stops waiting then and asks for each widget in turn (slower).",
        "",
        "Where the time goes: p50 / p95 (s) of each step's own duration (first byte of the page; the rest of the page; "
        "websocket open; kernel info reply; widget states reply).",
        "",
        "| sessions | first byte | rest of page | websocket | kernel info | widget states | page (kB, uncompressed) | widgets "
        "| pages with a failed cell |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        ok = r.ok()
        steps = [
            [s.first_byte for s in ok],
            [s.page - s.first_byte for s in ok],
            [s.ws_open - s.page for s in ok],
            [s.kernel_info - s.ws_open for s in ok],
            [s.interactive - s.kernel_info for s in ok],
        ]
        size = statistics.median([s.html_bytes for s in ok]) / 1000 if ok else float("nan")
        widgets = statistics.median([s.widgets for s in ok]) if ok else float("nan")
        lines.append(
            f"| {r.n} | "
            + " | ".join(f"{fmt(pct(x, 50))} / {fmt(pct(x, 95))}" for x in steps)
            + f" | {fmt(size, 0)} | {fmt(widgets, 0)} | {sum(1 for x in r.sessions if x.notices)} |"
        )
    keys = list(rounds[0].cpu) if rounds else []
    lines += [
        "",
        "Where the cores went until every session was interactive: CPU seconds of the server process, the visitors' kernels, "
        "kernels started meanwhile (the pool's refill), the pool kernels still waiting, this client, and the rest of the "
        f"machine; {os.cpu_count()} cores x wall time is the most there was.",
        "",
        "| sessions | wall (s) | cores x wall | " + " | ".join(keys) + " | refills refused (kernel cap) |",
        "|---:|---:|---:|" + "---:|" * len(keys) + "---:|",
    ]
    for r in rounds:
        lines.append(
            f"| {r.n} | {r.open_s:.1f} | {r.open_s * (os.cpu_count() or 1):.0f} | "
            + " | ".join(f"{r.cpu[k]:.1f}" for k in keys)
            + f" | {r.refused} |"
        )
    errors = [f"{r.n} sessions: {s.error}" for r in rounds for s in r.sessions if s.error]
    bad_shutdowns = [f"{r.n} sessions: {c}" for r in rounds for c in r.shutdown_codes if c not in (204, None)]
    thirty = next((r for r in rounds if r.n == TARGET_SEATS), None)
    if thirty is not None:
        p95 = pct(thirty.times("interactive"), 95)
        met = len(thirty.ok()) == thirty.n and p95 <= TARGET_P95_S
        lines += [
            "",
            f"Target: p95 time to interactive at most {TARGET_P95_S:.0f} s for {TARGET_SEATS} seats once the pool is full: "
            f"**{'met' if met else 'missed'}** (p95 {fmt(p95)} s, {len(thirty.ok())} of {thirty.n} interactive).",
        ]
    if errors:
        lines += ["", "Failures:", "", *(f"- {e}" for e in errors[:20])]
    if bad_shutdowns:
        lines += ["", "Shutdown requests that did not return 204: " + ", ".join(bad_shutdowns[:20])]
    if notes:
        lines += ["", "Notes:", "", *(f"- {n}" for n in notes)]
    return "\n".join(lines) + "\n"


# --- soak (browser), kept from the previous benchmark --------------------------------------------------


def soak(notebook: str, steps: int) -> str:
    """One session in headless Chromium, ``steps`` keyboard slider changes; the growth of its kernel's memory."""
    with vh.voila(ROOT / "briefings") as server, vh.browser() as ctx:
        vh.wait_for_pool(server, [notebook], timeout=180)
        page = ctx.new_page()
        vh.watch(page)
        page.goto(f"{server.url}/voila/render/{notebook}")
        page.wait_for_function(vh.RENDERED_JS, timeout=120_000)

        def kernels() -> dict[int, float]:
            return kernel_rss_mb(server.proc.pid)

        before = kernels()
        if not page.locator('.noUi-handle[role="slider"]').first.is_visible():
            vh.open_all_settings(page)  # every slider is in a collapsed group, drawn once opened
        slider = page.locator('.noUi-handle[role="slider"]').first
        slider.focus()
        t0 = time.monotonic()
        for i in range(steps):
            page.keyboard.press("ArrowRight" if (i // 10) % 2 == 0 else "ArrowLeft")
            if i % 50 == 49:  # let the kernel catch up now and then, as a person would
                page.wait_for_timeout(300)
        page.wait_for_timeout(2000)
        elapsed = time.monotonic() - t0
        after = kernels()
        page.close()
    grown = {pid: after[pid] - before[pid] for pid in after if pid in before}
    pid = max(grown, key=grown.__getitem__)
    return (
        f"## Soak (headless Chromium, voila.json's pool)\n\n{steps} slider changes in one session in {elapsed:.0f} s; "
        f"its kernel's memory {before[pid]:.0f} MB before, {after[pid]:.0f} MB after ({grown[pid]:+.1f} MB).\n"
    )


# --- main ----------------------------------------------------------------------------------------------


def kernel_pids(server_pid: int) -> set[int]:
    with contextlib.suppress(psutil.Error):
        return {p.pid for p in psutil.Process(server_pid).children(recursive=True)}
    return set()


@contextlib.contextmanager
def workshop_server(briefing: str, seats: int, extra: list[str]):
    """The workshop server; kernels it leaves behind when it is stopped (it is given 10 s) are ended too."""
    seen: set[int] = set()
    with vh.voila(ROOT / "briefings", extra=[f"--workshop={briefing}", f"--seats={seats}", *extra], timeout=120, prerender=True) as server:
        try:
            yield server, seen
        finally:
            seen |= kernel_pids(server.proc.pid)
    for pid in seen:
        with contextlib.suppress(psutil.Error):
            p = psutil.Process(pid)
            if "ipykernel" in " ".join(p.cmdline()):
                p.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[10, 20, 30], help="sessions opened at once, one round each")
    ap.add_argument("--briefing", default="q15", help="the workshop briefing (id or notebook)")
    ap.add_argument("--seats", type=int, default=30, help="preheated kernels for the briefing")
    ap.add_argument("--timeout", type=float, default=120, help="seconds a session may take before it counts as failed")
    ap.add_argument("--fill-timeout", type=float, default=600, help="seconds to wait for the pool to fill at start")
    ap.add_argument("--refill-timeout", type=float, default=180, help="seconds to wait for it to refill between rounds")
    ap.add_argument(
        "--server-arg", action="append", default=[], help="an extra server option, e.g. --server-arg=--VoilaKernelManager.fill_delay=60"
    )
    ap.add_argument("--soak", action="store_true", help="also run the browser soak (slider changes, kernel memory growth)")
    ap.add_argument("--steps", type=int, default=500, help="slider changes in the soak")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "load.md")
    a = ap.parse_args()
    from probation_briefing.server.workshop_mode import notebook_for

    notebook = notebook_for(a.briefing)
    started = dt.datetime.now(dt.UTC)
    t_start = time.monotonic()
    rounds: list[Round] = []
    notes: list[str] = []
    ready_as: set[str] = set()

    def fill(stack: contextlib.ExitStack) -> tuple[vh.VoilaServer, set[int], int]:
        server, seen = stack.enter_context(workshop_server(a.briefing, a.seats, a.server_arg))
        t = time.monotonic()
        ready = wait_ready(server, notebook, 1, a.seats, a.fill_timeout)
        if ready is None:
            raise RuntimeError(f"the workshop pool was not ready in {a.fill_timeout:.0f} s:\n{server.log()[-3000:]}")
        ready_as.add(ready[0])
        print(f"Pool ready ({ready[0]}, {ready[1]} kernels) {time.monotonic() - t:.0f} s after the server started", flush=True)
        notes.append(f"The pool was ready ({ready[0]}) {time.monotonic() - t:.0f} s after the server started ({ready[1]} kernels).")
        return server, seen, ready[1]

    with contextlib.ExitStack() as stack:
        server, seen, kernels_ready = fill(stack)
        times_full = 1
        for i, n in enumerate(rounds_n := a.sessions):
            if i:
                prev = rounds[-1]
                t = time.monotonic()
                times_full += 1
                ready = None
                if not prev.refused:  # a refused refill leaves a failed entry in the pool: it cannot fill again until asked
                    ready = wait_ready(server, notebook, times_full, kernels_ready, a.refill_timeout)
                if ready is None:
                    why = (
                        f"the kernel cap refused {prev.refused} of its refills"
                        if prev.refused
                        else f"it did not refill within {a.refill_timeout:.0f} s"
                    )
                    notes.append(f"After the {rounds_n[i - 1]}-session round {why}; the server was restarted for the {n}-session round.")
                    print(notes[-1], flush=True)
                    seen |= kernel_pids(server.proc.pid)
                    stack.close()
                    server, seen, kernels_ready = fill(stack)
                    times_full = 1
                else:
                    ready_as.add(ready[0])
                    notes.append(
                        f"The pool was ready again ({ready[0]}) {time.monotonic() - t:.0f} s after the {rounds_n[i - 1]}-session round."
                    )
                    print(notes[-1], flush=True)
            seen |= kernel_pids(server.proc.pid)
            r = asyncio.run(run_round(server, notebook, n, a.timeout))
            rounds.append(r)
            tti = r.times("interactive")
            print(
                f"{n} sessions: {len(tti)} interactive, p50 {fmt(pct(tti, 50))} s, p95 {fmt(pct(tti, 95))} s "
                f"(all done in {r.open_s:.1f} s; {r.refused} refills refused)",
                flush=True,
            )
            seen |= kernel_pids(server.proc.pid)
    if "settled" in ready_as:
        notes.append(
            '"ready (settled)": the server never said "Workshop pool is full". Its pool kernels had run the notebook as far '
            "as it goes before a visitor's request (their CPU use had stopped) and were counted as ready."
        )
    text = results_text(rounds, notebook, a.seats, started, time.monotonic() - t_start, notes, a.server_arg)
    if a.soak:
        text += "\n" + soak(notebook, a.steps)
    report.write(a.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
