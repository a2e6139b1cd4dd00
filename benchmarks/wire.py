"""Bytes on the wire per page, and the time from the HTML arriving to the first chart drawn (not a test).

    python benchmarks/wire.py [--out benchmarks/results/wire.md]

Serves the briefings as `make serve` does (preheated pool), visits every page once unmeasured (a server
in use has stored its Brotli copies of the assets), then opens each page once in a fresh headless
Chromium profile (nothing cached) and once more in the same profile (a return visit), and reads the
browser's own network records (Chrome DevTools Protocol): for every HTTP response, the bytes received
including headers (``encodedDataLength``) and the body's ``Content-Encoding``; for the websocket, the
bytes of every frame (DevTools shows frames decompressed, so where the server agreed to compress them
the compressed size is estimated by deflating each message as the two ends do). "First chart" is the
time from the HTML's response to the first chart on screen: the workspace preview's (``page/preview.py``:
drawn at the defaults by the server and sent with the page) or a live one; "live chart" is the time to
the first chart the widgets drew (an ``svg`` or ``canvas`` in a ``.vega-embed``; charts off the screen are drawn
when they come near it or when the browser is idle after loading, about 2 s after the widgets arrive). Targets (issue 14): landing page at most 100 kB, each
briefing at most 1.5 MB, first chart within 2 s of the HTML.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
import report  # noqa: E402
import voila_harness as vh  # noqa: E402

LANDING_TARGET = 100_000
BRIEFING_TARGET = 1_500_000
FIRST_CHART_TARGET_S = 2.0
# A chart on screen: the workspace preview's (SVG sent with the page, shown while the widgets load) or a live one.
PREVIEW_CHART_JS = """() => { const cells = document.getElementById('rendered_cells');
  const svg = document.querySelector('.pb-preview-output svg');
  return !!(cells && cells.style.display !== 'none' && svg && svg.checkVisibility() && svg.getBoundingClientRect().height > 0); }"""
LIVE_CHART_JS = "() => document.querySelector('.vega-embed svg, .vega-embed canvas') !== null"
FIRST_CHART_JS = f"() => ({PREVIEW_CHART_JS})() || ({LIVE_CHART_JS})()"


@dataclass
class Visit:
    """What one page load moved over the network."""

    http_bytes: int = 0
    http_body_bytes: int = 0
    ws_bytes: int = 0
    requests: int = 0
    uncompressed_text: list[str] = field(default_factory=list)
    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    largest: list[tuple[int, str]] = field(default_factory=list)
    first_chart_s: float | None = None
    live_chart_s: float | None = None
    kernel: bool = False


TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


def visit(ctx, url: str, *, charts: bool, settle_s: float = 1.5) -> Visit:
    """Load ``url`` in a new tab of ``ctx`` and record its network use until it has settled."""
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    v = Visit()
    meta: dict[str, tuple[str, str, str]] = {}
    html_at: list[float] = []

    def on_response(e: dict) -> None:
        r = e["response"]
        headers = {k.lower(): val for k, val in r.get("headers", {}).items()}
        meta[e["requestId"]] = (r["url"], r.get("mimeType", ""), headers.get("content-encoding", ""))
        if e.get("type") == "Document" and not html_at:
            html_at.append(time.perf_counter())

    def on_finished(e: dict) -> None:
        url_, mime, enc = meta.get(e["requestId"], ("?", "", ""))
        n = int(e.get("encodedDataLength", 0))
        v.http_bytes += n
        v.requests += 1
        v.by_type[mime or "other"] += n
        v.largest.append((n, url_.split("?")[0].rsplit("/", 1)[-1] or url_))
        if mime.startswith(TEXT_TYPES) and not enc and n > 1024:
            v.uncompressed_text.append(url_)
        if "/api/kernels/" in url_:
            v.kernel = True

    deflate: dict[str, Any] = {}

    def on_handshake(e: dict) -> None:
        headers = {k.lower(): val for k, val in e["response"].get("headers", {}).items()}
        if "permessage-deflate" in headers.get("sec-websocket-extensions", ""):
            deflate["sent"] = zlib.compressobj(6, zlib.DEFLATED, -15)
            deflate["received"] = zlib.compressobj(6, zlib.DEFLATED, -15)

    def on_ws(e: dict, direction: str) -> None:
        # DevTools shows frames decompressed; when permessage-deflate was agreed, what crossed the wire is
        # estimated by compressing each message as the server and browser do (one stream per direction).
        payload = e["response"].get("payloadData", "").encode()
        c = deflate.get(direction)
        v.ws_bytes += len(c.compress(payload) + c.flush(zlib.Z_SYNC_FLUSH)) - 4 if c else len(payload)
        v.kernel = True

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.on("Network.webSocketHandshakeResponseReceived", on_handshake)
    cdp.on("Network.webSocketFrameReceived", lambda e: on_ws(e, "received"))
    cdp.on("Network.webSocketFrameSent", lambda e: on_ws(e, "sent"))
    cdp.on("Network.webSocketCreated", lambda e: setattr(v, "kernel", True))
    page.goto(url, wait_until="commit", timeout=120_000)
    if charts:
        page.wait_for_function(FIRST_CHART_JS, timeout=120_000, polling=20)
        if html_at:
            v.first_chart_s = time.perf_counter() - html_at[0]
        page.wait_for_function(LIVE_CHART_JS, timeout=120_000, polling=20)
        if html_at:
            v.live_chart_s = time.perf_counter() - html_at[0]
        vh.wait_rendered(page, timeout=120_000)
    else:
        page.wait_for_load_state("load")
    page.wait_for_timeout(settle_s * 1000)
    v.largest.sort(reverse=True)
    page.close()
    return v


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} kB" if n < 1_000_000 else f"{n / 1e6:,.2f} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE / "results" / "wire.md")
    a = ap.parse_args()
    pages = [
        ("Landing page", "voila/render/index.ipynb", False),
        ("Q13", "voila/render/q13_access_to_services.ipynb", True),
        ("Q14", "voila/render/q14_voluntary_sector.ipynb", True),
        ("Q15", "voila/render/q15_pccs_and_funding.ipynb", True),
        ("Glossary", "voila/render/glossary.ipynb", False),
    ]
    rows = []
    details = []
    with vh.voila(ROOT / "briefings", timeout=90, prerender=True) as server:
        vh.wait_for_pool(server, ["q13_access_to_services.ipynb", "q14_voluntary_sector.ipynb", "q15_pccs_and_funding.ipynb"], timeout=180)
        # One visit to every page first, unmeasured: the server stores its Brotli copies of the assets
        # after their first request (probation_briefing.server.assets.BrotliAssets), as a server in use has.
        with vh.browser() as ctx:
            for _, path, charts in pages:
                visit(ctx, f"{server.url}/{path}", charts=charts, settle_s=0.5)
        time.sleep(20)  # the Brotli copies are made and the pools refill
        for name, path, charts in pages:
            with vh.browser() as ctx:  # a fresh profile: nothing cached
                vh.wait_idle(server)  # no pool refill running (it would compete with the page measured)
                first = visit(ctx, f"{server.url}/{path}", charts=charts)
                vh.wait_idle(server)
                again = visit(ctx, f"{server.url}/{path}", charts=charts)
            target = LANDING_TARGET if name == "Landing page" else BRIEFING_TARGET if charts else None
            ok = "" if target is None else (" (target met)" if first.http_bytes + first.ws_bytes <= target else f" (over {kb(target)})")
            chart = "-" if first.first_chart_s is None else f"{first.first_chart_s:.2f}"
            live = "-" if first.live_chart_s is None else f"{first.live_chart_s:.2f}"
            rows.append(
                f"| {name} | {first.requests} | {kb(first.http_bytes)} | {kb(first.ws_bytes)} | "
                f"{kb(first.http_bytes + first.ws_bytes)}{ok} | {kb(again.http_bytes + again.ws_bytes)} | {chart} | {live} | "
                f"{'yes' if first.kernel else 'no'} |"
            )
            top = ", ".join(f"{n_} {kb(b)}" for b, n_ in first.largest[:5])
            unc = f" Sent uncompressed: {len(first.uncompressed_text)} text responses." if first.uncompressed_text else ""
            details.append(f"- {name}: largest responses {top}.{unc}")
            print(rows[-1], flush=True)
    md = (
        report.header("Bytes on the wire")
        + "After one unmeasured visit to every page (so the server holds its Brotli copies of the assets), and with the server idle before each visit, "
        "each page opened in a fresh headless Chromium profile (first visit), then again in the same profile "
        "(return visit, cache warm). Bytes are what the browser received, headers included: HTTP responses "
        "and websocket frames (the widget messages). First chart: seconds from the HTML's response to the "
        "first chart on screen, the workspace preview's (drawn by the server at the default settings and sent "
        f"with the page) or a live one; live chart: to the first chart the widgets drew. Targets: landing page at most {kb(LANDING_TARGET)}, each briefing at most "
        f"{kb(BRIEFING_TARGET)}, first chart within {FIRST_CHART_TARGET_S:.0f} s.\n\n"
        "| page | requests | HTTP | websocket | first visit | return visit | first chart (s) | live chart (s) | kernel |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n\n" + "\n".join(details) + "\n"
    )
    report.write(a.out, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
