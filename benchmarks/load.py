"""Soak and load benchmark (not a test): the workshop case on one machine.

    python benchmarks/load.py [--sessions 5 10 20] [--steps 500] [--notebook q15_pccs_and_funding.ipynb]

1. Soak: one session, ``--steps`` slider changes (keyboard, alternating right/left), kernel memory
   (RSS of the page's kernel) before and after.
2. Load: N sessions opened at once against one Voila server (the project's voila.json: preheated
   pool of one per notebook); how many render fully within 10 s, and the slowest.
Writes benchmarks/results/load.md and prints it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from voila_harness import RENDERED_JS, browser, voila, wait_for_pool, watch  # noqa: E402

SUMMARY_JS = "() => [...document.querySelectorAll('.widget-html-content')].map(e => e.innerText).join('|').length"


def kernels(server_pid: int) -> list[psutil.Process]:
    out = []
    for p in psutil.Process(server_pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(p.cmdline()):
                out.append(p)
        except psutil.Error:
            pass
    return out


def rss_mb(procs: list[psutil.Process]) -> dict[int, float]:
    out = {}
    for p in procs:
        with contextlib.suppress(psutil.Error):
            out[p.pid] = p.memory_info().rss / 2**20
    return out


def soak(ctx, server, nb: str, steps: int) -> dict:
    page = ctx.new_page()
    watch(page)
    page.goto(f"{server.url}/voila/render/{nb}")
    page.wait_for_function(RENDERED_JS, timeout=120_000)
    before = rss_mb(kernels(server.proc.pid))
    slider = page.locator(".widget-slider .ui-slider-handle, .widget-slider [role=slider]").first
    slider.focus()
    t0 = time.monotonic()
    for i in range(steps):
        page.keyboard.press("ArrowRight" if (i // 10) % 2 == 0 else "ArrowLeft")
        if i % 50 == 49:  # let the kernel catch up regularly, as a person would
            page.wait_for_timeout(300)
    page.wait_for_timeout(2000)
    elapsed = time.monotonic() - t0
    after = rss_mb(kernels(server.proc.pid))
    page.close()
    grown = {pid: after[pid] - before.get(pid, 0.0) for pid in after if pid in before}
    busiest = max(grown, key=grown.get) if grown else None
    return {
        "steps": steps,
        "seconds": elapsed,
        "kernel_rss_before_mb": before.get(busiest, float("nan")),
        "kernel_rss_after_mb": after.get(busiest, float("nan")),
        "growth_mb": grown.get(busiest, float("nan")),
    }


def load(ctx, server, nb: str, n: int, limit_s: float = 10.0) -> dict:
    pages = [ctx.new_page() for _ in range(n)]
    starts = []
    for p in pages:
        watch(p)
        starts.append(time.monotonic())
        p.goto(f"{server.url}/voila/render/{nb}", wait_until="commit", timeout=120_000)
    done: dict[int, float] = {}
    deadline = time.monotonic() + 120
    while len(done) < n and time.monotonic() < deadline:
        for i, p in enumerate(pages):
            if i in done:
                continue
            try:
                if p.evaluate(RENDERED_JS):
                    done[i] = time.monotonic() - starts[i]
            except Exception:  # noqa: BLE001 - page still navigating
                pass
        time.sleep(0.05)
    for p in pages:
        p.close()
    times = sorted(done.values())
    return {
        "sessions": n,
        "rendered": len(times),
        "within_limit": sum(t <= limit_s for t in times),
        "median_s": times[len(times) // 2] if times else float("nan"),
        "slowest_s": times[-1] if times else float("nan"),
    }


def load_http(server, nb: str, n: int, limit_s: float = 10.0) -> dict:
    """N page requests at once over plain HTTP: the server's share (kernel start, notebook run, HTML),
    without the cost of N browsers drawing on the same two cores (participants use their own machines)."""
    import concurrent.futures as cf
    import urllib.request

    def one(_: int) -> float:
        t0 = time.monotonic()
        with urllib.request.urlopen(f"{server.url}/voila/render/{nb}", timeout=300) as r:
            r.read()
        return time.monotonic() - t0

    with cf.ThreadPoolExecutor(n) as ex:
        times = sorted(ex.map(one, range(n)))
    return {
        "sessions": n,
        "rendered": len(times),
        "within_limit": sum(t <= limit_s for t in times),
        "median_s": times[len(times) // 2],
        "slowest_s": times[-1],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, nargs="+", default=[5, 10, 20])
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--notebook", default="q15_pccs_and_funding.ipynb")
    ap.add_argument("--pool", type=int, default=None, help="preheated kernels per notebook (default: voila.json's)")
    a = ap.parse_args()
    nb = a.notebook
    pool = f", pool of {a.pool} preheated kernels" if a.pool else ", voila.json's pool"
    lines = [f"# Soak and load ({dt.date.today().isoformat()}, {os.cpu_count()} CPUs, notebook {nb}{pool})", ""]
    with voila(ROOT / "briefings", extra=[f"--pool_size={a.pool}"] if a.pool else None) as server:
        wait_for_pool(server, [nb])
        with browser() as ctx:
            s = soak(ctx, server, nb, a.steps)
            lines += [
                "## Soak: slider changes in one session",
                "",
                f"{s['steps']} changes in {s['seconds']:.0f} s; kernel memory {s['kernel_rss_before_mb']:.0f} MB before, "
                f"{s['kernel_rss_after_mb']:.0f} MB after (growth {s['growth_mb']:+.1f} MB).",
                "",
                "## Load: sessions opened at once on one server",
                "",
                "| sessions | rendered | within 10 s | median (s) | slowest (s) |",
                "|---|---|---|---|---|",
            ]
            for n in a.sessions:
                r = load(ctx, server, nb, n)
                lines.append(f"| {r['sessions']} | {r['rendered']} | {r['within_limit']} | {r['median_s']:.1f} | {r['slowest_s']:.1f} |")
                time.sleep(20)  # let the pool refill before the next round
            lines += [
                "",
                "The browsers above run on the same two cores as the server, as they would not in a workshop. "
                "Server side only (page requests over HTTP, no browser):",
                "",
                "| sessions | served | within 10 s | median (s) | slowest (s) |",
                "|---|---|---|---|---|",
            ]
            for n in a.sessions:
                time.sleep(20)  # let the pool refill
                r = load_http(server, nb, n)
                lines.append(f"| {r['sessions']} | {r['rendered']} | {r['within_limit']} | {r['median_s']:.1f} | {r['slowest_s']:.1f} |")
    text = "\n".join(lines) + "\n"
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"load{'-pool' + str(a.pool) if a.pool else ''}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
