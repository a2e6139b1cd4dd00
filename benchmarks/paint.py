"""First screen and slider benchmark (issue 25): largest paint, blocking time and layout shift per briefing, the slider
from key press to the last chart redrawn, and Lighthouse 12 where it is installed (not a test).

    python benchmarks/paint.py [--runs 3] [--steps 20] [--lighthouse PATH | --no-lighthouse]

Serves the briefings as `make serve` does (voila.json's preheated pool) and opens each briefing in headless Chromium
at 1366 x 768, the browser warmed by one unmeasured visit to each page (its caches hold Voila's scripts, as for a
reader's second page). Each load is read from the browser's own performance entries (``PerformanceObserver``, see
``tests/voila_harness.py``): first and largest contentful paint (LCP), layout shift (CLS: every shift from the start
until the page is live), and total blocking time (TBT: each long task's time over 50 ms between first contentful
paint and the page being live: no preview left, the controls drawn, and every chart that has started drawing drawn;
a chart off the screen waits until it comes near the screen or the browser is idle, ``chart_widget.js``). "Live" is when a reader can
use the controls. Medians of ``--runs`` loads, each with the server idle and its pool refilled first.

Slider: on each briefing, the first slider that redraws a chart is stepped ``--steps`` times with the keyboard (left
and right in turn); each step is timed from the key press to the last change inside any chart (nothing changing
for 250 ms), and p50/p95 are nearest-rank percentiles.

Lighthouse (performance category only, one run per briefing and form factor: ``--preset=desktop`` and the default
mobile emulation, both with Lighthouse's simulated throttling, a fresh profile each run so a first visit) runs when
a ``lighthouse`` command is found: ``--lighthouse PATH``, the ``LIGHTHOUSE`` environment variable, or ``lighthouse``
on the PATH. Nothing is downloaded; without it the report says Lighthouse was not run. To install it (Node 18+)::

    npm install --prefix /tmp/lighthouse lighthouse@12
    make bench LIGHTHOUSE=/tmp/lighthouse/node_modules/.bin/lighthouse

Targets: LCP under 1.2 s, TBT under 200 ms and CLS under 0.05 on every briefing; Q15's slider p50 under 100 ms and
p95 under 150 ms; Lighthouse performance at least 90 (desktop) and 60 (mobile). Writes benchmarks/results/paint.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))
import report  # noqa: E402
import voila_harness as vh  # noqa: E402
from run import slider_times  # noqa: E402

LCP_MS, TBT_MS, CLS = 1200.0, 200.0, 0.05
SLIDER_P50_MS, SLIDER_P95_MS = 100.0, 150.0
LH_DESKTOP, LH_MOBILE = 90, 60
SERVICE = {"index.ipynb", "glossary.ipynb", "accessibility.ipynb"}


def briefings() -> list[str]:
    return sorted(p.name for p in (ROOT / "briefings").glob("*.ipynb") if p.name not in SERVICE)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([10, 20, 30, 40], 50), percentile(list(range(1, 21)), 95)
    (20, 19)
    """
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class Pool:
    """Waits, before each visit, for the server's kernel pool of a page to be refilled after the previous visit."""

    def __init__(self, server: vh.VoilaServer) -> None:
        self.server = server
        self.uses: dict[str, int] = {}

    def ready(self, nb: str) -> None:
        deadline = time.monotonic() + 120
        while self.server.log().count(f"Kernel pool of {nb} is filled") < self.uses.get(nb, 0) + 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        vh.wait_idle(self.server)
        self.uses[nb] = self.uses.get(nb, 0) + 1


def lighthouse_command(given: str | None) -> list[str] | None:
    """The Lighthouse command to run, or None (nothing is ever downloaded)."""
    path = given or os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not path or (not shutil.which(path) and not Path(path).is_file()):
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return [path] if out.split(".")[0].isdigit() and int(out.split(".")[0]) >= 12 else None


def lighthouse(cmd: list[str], url: str, desktop: bool) -> dict[str, float]:
    """One Lighthouse run (performance only): its score (0-100) and the metrics it simulated (ms; CLS unitless)."""
    with tempfile.TemporaryDirectory(prefix="pb-lh-") as tmp:
        out = Path(tmp) / "report.json"
        args = [
            *cmd,
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
            *(["--preset=desktop"] if desktop else []),
        ]
        env = {**os.environ, "CHROME_PATH": vh.chromium_path() or ""}
        subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
        if not out.exists():
            return {}
        lhr = json.loads(out.read_text())
    audits = lhr["audits"]
    score = lhr["categories"]["performance"]["score"]

    def value(key: str) -> float:
        v = audits.get(key, {}).get("numericValue")
        return float("nan") if v is None else float(v)  # 0 (no layout shift) is a value

    return {
        "score": round(100 * score) if score is not None else float("nan"),
        "fcp": value("first-contentful-paint"),
        "lcp": value("largest-contentful-paint"),
        "tbt": value("total-blocking-time"),
        "cls": value("cumulative-layout-shift"),
        "si": value("speed-index"),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="page loads per briefing (median reported)")
    ap.add_argument("--steps", type=int, default=20, help="slider steps per briefing")
    ap.add_argument("--lighthouse", help="the lighthouse command (default: $LIGHTHOUSE, or lighthouse on the PATH)")
    ap.add_argument("--no-lighthouse", action="store_true", help="do not run Lighthouse even if it is installed")
    args = ap.parse_args()
    if vh.chromium_path() is None:
        print("chromium is not installed (/usr/bin/chromium); install Debian's chromium first", file=sys.stderr)
        return 2
    pages = briefings()
    lh_cmd = None if args.no_lighthouse else lighthouse_command(args.lighthouse)
    loads: dict[str, list[vh.Paint]] = {nb: [] for nb in pages}
    whole: dict[str, list[float]] = {nb: [] for nb in pages}  # blocking time until every chart is drawn
    sliders: dict[str, list[float]] = {}
    lh: dict[str, dict[str, dict[str, float]]] = {}
    with vh.voila(ROOT / "briefings", cwd=ROOT, timeout=90, prerender=True) as server, vh.browser() as ctx:
        vh.wait_for_pool(server, pages, timeout=240)
        pool = Pool(server)
        for nb in pages:  # warm the browser's caches (Voila's scripts, the chart bundle)
            pool.ready(nb)
            vh.open_measured(ctx, f"{server.url}/voila/render/{nb}").close()
        for r in range(args.runs):
            for nb in pages:
                pool.ready(nb)
                page = vh.open_measured(ctx, f"{server.url}/voila/render/{nb}")
                time.sleep(0.5)
                p = vh.paint(page)
                loads[nb].append(p)
                whole[nb].append(vh.blocking_until_all_drawn(page))
                print(
                    f"  {nb:32} LCP {p.lcp:6.0f} ms  TBT {p.tbt:6.0f} ms  CLS {p.cls:.3f}  live {p.live:6.0f} ms  "
                    f"(TBT until every chart is drawn {whole[nb][-1]:4.0f} ms)",
                    flush=True,
                )
                if r == args.runs - 1:
                    vh.wait_rendered(page)  # every chart drawn (those off the screen wait until asked for or idle)
                    vh.wait_settled(page, quiet_ms=500)
                    vh.wait_idle(server)
                    sliders[nb] = slider_times(page, n=args.steps)
                    if sliders[nb]:
                        s = sliders[nb]
                        print(f"  {nb:32} slider p50 {percentile(s, 50):.0f} ms  p95 {percentile(s, 95):.0f} ms", flush=True)
                page.close()
        if lh_cmd:
            for nb in pages:
                lh[nb] = {}
                for form, desktop in (("desktop", True), ("mobile", False)):
                    pool.ready(nb)
                    lh[nb][form] = lighthouse(lh_cmd, f"{server.url}/voila/render/{nb}", desktop)
                    print(f"  {nb:32} Lighthouse {form}: {lh[nb][form].get('score')}", flush=True)
    report.write(HERE / "results" / "paint.md", render(pages, loads, whole, sliders, lh, lh_cmd, args))
    return 0


def render(pages, loads, whole, sliders, lh, lh_cmd, args) -> str:
    """The results file: a table per measure, each against its target."""

    def med(nb: str, attr: str) -> float:
        return statistics.median(getattr(p, attr) for p in loads[nb])

    def ok(good: bool) -> str:
        return "met" if good else "**not met**"

    lines = [
        "| briefing | LCP (ms) | TBT (ms) | CLS | live (ms) | TBT until every chart is drawn (ms) | LCP element | targets |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for nb in pages:
        lcp, tbt, cls = med(nb, "lcp"), med(nb, "tbt"), med(nb, "cls")
        verdict = ", ".join(f"{name} {ok(good)}" for name, good in (("LCP", lcp < LCP_MS), ("TBT", tbt < TBT_MS), ("CLS", cls < CLS)))
        all_drawn = statistics.median(whole[nb])
        lines.append(
            f"| {nb} | {lcp:.0f} | {tbt:.0f} | {cls:.3f} | {med(nb, 'live'):.0f} | {all_drawn:.0f} | {loads[nb][-1].lcp_element} | {verdict} |"
        )
    lines += [
        "",
        "TBT until every chart is drawn: from first paint until the charts off the screen, drawn when the browser is idle "
        "after loading, are all drawn (no target; the issue's TBT ends when the page is live).",
        "",
        "| briefing | slider p50 (ms) | slider p95 (ms) | steps | target (Q15: p50 < 100, p95 < 150) |",
        "|---|---:|---:|---:|---|",
    ]
    for nb in pages:
        s = sliders.get(nb) or []
        if not s:
            lines.append(f"| {nb} | - | - | 0 | no slider redraws a chart |")
            continue
        p50, p95 = percentile(s, 50), percentile(s, 95)
        target = (
            ok(p50 < SLIDER_P50_MS and p95 < SLIDER_P95_MS)
            if nb.startswith("q15")
            else ("(under target)" if p50 < SLIDER_P50_MS and p95 < SLIDER_P95_MS else "(over target)")
        )
        lines.append(f"| {nb} | {p50:.0f} | {p95:.0f} | {len(s)} | {target} |")
    if lh_cmd:
        lines += [
            "",
            f"Lighthouse ({' '.join(lh_cmd)}), performance category, simulated throttling, one run each:",
            "",
            "| briefing | form | score | FCP (ms) | LCP (ms) | TBT (ms) | CLS | Speed Index (ms) | target |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for nb in pages:
            for form, want in (("desktop", LH_DESKTOP), ("mobile", LH_MOBILE)):
                r = lh.get(nb, {}).get(form) or {}
                if not r:
                    lines.append(f"| {nb} | {form} | - | - | - | - | - | - | Lighthouse gave no report |")
                    continue
                lines.append(
                    f"| {nb} | {form} | {r['score']:.0f} | {r['fcp']:.0f} | {r['lcp']:.0f} | {r['tbt']:.0f} | {r['cls']:.3f} | "
                    f"{r['si']:.0f} | {ok(r['score'] >= want)} (at least {want}) |"
                )
    else:
        lines += ["", "Lighthouse was not run: no `lighthouse` command (12 or newer) was found. See the module's docstring to install it."]
    raw = {nb: [(round(p.lcp), round(p.tbt), round(p.cls, 4)) for p in loads[nb]] for nb in pages}
    return (
        report.header("First screen and slider")
        + f"Headless Chromium ({vh.chromium_path()}) at 1366x768, warmed by one visit to each page; Voila with the project "
        f"template and voila.json's preheated pool; the server idle before each load. Medians of {args.runs} loads. "
        f"Targets: LCP < {LCP_MS:.0f} ms, TBT < {TBT_MS:.0f} ms, CLS < {CLS}; Q15 slider p50 < {SLIDER_P50_MS:.0f} ms and "
        f"p95 < {SLIDER_P95_MS:.0f} ms ({args.steps} keyboard steps, key press to the last chart redrawn); Lighthouse "
        f"performance >= {LH_DESKTOP} desktop, >= {LH_MOBILE} mobile. CPU load on the machine (1, 5, 15 min): "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.\n\n" + "\n".join(lines) + f"\n\nRaw (LCP ms, TBT ms, CLS) per load: {raw}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
