"""Measure the briefings in headless Chromium against a floor (one slider, one chart: benchmarks/floor.ipynb).

For each page: time from navigation to live (usable: the controls drawn, no preview left, every chart that has
started drawing drawn; charts off the screen wait until they come near it) and to every chart drawn, cold (fresh
Voila, no kernel pool) and preheated (the project's voila.json), and the time from one slider step (keyboard) to
the chart finishing its redraw. Targets: preheated live within 1.25x the floor's; slider-to-chart within
100 ms. Writes benchmarks/results/latest.md and prints the table.

Usage: python benchmarks/run.py [--runs N]   (uses the python env it runs in; needs /usr/bin/chromium)
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
import report  # noqa: E402
import voila_harness as vh  # noqa: E402
from probation_briefing.server.pages import STATIC_PAGES  # noqa: E402 - served as static HTML: no kernel pool

FLOOR = "floor.ipynb"
EXTERNAL: list[str] = []  # non-local requests the pages made (none expected)
RENDER_TARGET = 1.25
SLIDER_TARGET_MS = 100.0

ARM_JS = """() => {
  window.__pbT0 = performance.now(); window.__pbLast = null;
  const obs = new MutationObserver(() => { window.__pbLast = performance.now(); });
  document.querySelectorAll('.vega-embed').forEach(e => obs.observe(e, {subtree: true, childList: true, attributes: true, characterData: true}));
  window.__pbObs = obs;
}"""
SETTLED_JS = """() => window.__pbLast !== null && performance.now() - window.__pbLast > 250"""
RESULT_JS = """() => { window.__pbObs.disconnect(); return window.__pbLast - window.__pbT0; }"""


def stage(tmp: Path) -> list[str]:
    """Copy the notebooks (briefings and the floor) into one folder, so one server serves them all."""
    for nb in (ROOT / "briefings").glob("*.ipynb"):
        shutil.copy(nb, tmp / nb.name)
    shutil.copy(HERE / FLOOR, tmp / FLOOR)
    shutil.copy(ROOT / "voila.json", tmp / "voila.json")
    text_only = {"glossary.ipynb", "accessibility.ipynb"}  # service pages with no charts: not measured
    names = sorted(p.name for p in (ROOT / "briefings").glob("*.ipynb") if p.name not in text_only)
    return [FLOOR, *names]


def render_times(ctx, server, nb: str) -> tuple[float, float, object]:
    """Seconds from navigation to the page being live (no preview left, the controls drawn, every chart that has
    started drawing drawn: charts off the screen wait, ``chart_widget.js``), then to every chart drawn (those off the
    screen asked for as soon as the page is live); and the page. A page with no widgets is live when rendered."""
    page = ctx.new_page()
    # Requests are watched, not intercepted: Playwright's interception (page.route, as vh.watch blocks non-local
    # requests) turns the browser's cache off and passes every request through this process, which slowed the pages
    # with more to fetch by a quarter of a second or more. The browser tests block non-local requests.
    page.on("request", lambda r: None if vh.is_local(r.url) else EXTERNAL.append(r.url))
    page.add_init_script(vh.PAINT_JS)
    t0 = time.perf_counter()
    page.goto(f"{server.url}/voila/render/{nb}", wait_until="commit")
    if nb not in STATIC_PAGES:
        page.wait_for_function("() => window.__pbPaint && window.__pbPaint.live !== null", timeout=120_000)
    live = time.perf_counter() - t0
    vh.wait_rendered(page, min_charts=0 if nb == "index.ipynb" else 1, timeout=120_000)
    return live, time.perf_counter() - t0, page


def slider_times(page, n: int = 5) -> list[float]:
    """Milliseconds from a keyboard slider step to the chart's last redraw, for the first slider that redraws a chart.

    The page's collapsed settings are opened first when no slider shows (Q13's sliders are all "more settings")."""
    handles = page.locator('.noUi-handle[role="slider"]')
    if not any(handles.nth(i).is_visible() for i in range(handles.count())):
        vh.open_all_settings(page)
        with contextlib.suppress(Exception):
            page.locator('.noUi-handle[role="slider"]').first.wait_for(state="visible", timeout=10_000)
    for i in range(min(handles.count(), 6)):
        h = handles.nth(i)
        if not h.is_visible():
            continue
        out = []
        for k in range(n):
            at_max = h.get_attribute("aria-valuenow") == h.get_attribute("aria-valuemax")
            key = "ArrowLeft" if (at_max or k % 2) else "ArrowRight"
            h.focus()
            page.evaluate(ARM_JS)
            page.keyboard.press(key)
            try:
                page.wait_for_function(SETTLED_JS, timeout=3000, polling=50)
            except Exception:  # noqa: BLE001 - this slider does not redraw a chart; try the next
                page.evaluate("() => window.__pbObs.disconnect()")
                break
            out.append(page.evaluate(RESULT_JS))
        if out:
            return out
    return []


def measure(root: Path, pages: list[str], preheat: bool, runs: int) -> dict[str, dict]:
    res: dict[str, dict] = {}
    extra = [] if preheat else ["--VoilaConfiguration.preheat_kernel=False"]
    with vh.voila(root, cwd=root, extra=extra, timeout=90, prerender=True) as server, vh.browser() as ctx:
        if preheat:
            vh.wait_for_pool(server, [nb for nb in pages if nb not in STATIC_PAGES], timeout=180)
        # Warm the browser's cache and code cache (Voila and widget bundles) so the first page measured is not penalised.
        uses = dict.fromkeys(pages, 0)
        warm_nb = "index.ipynb" if "index.ipynb" in pages else pages[0]
        _, _, warm = render_times(ctx, server, warm_nb)
        warm.close()
        uses[warm_nb] += 1
        for nb in pages:
            times, lives, sliders = [], [], []
            for r in range(runs):
                if preheat and nb not in STATIC_PAGES:  # wait for the pool to be refilled after the previous visit
                    deadline = time.monotonic() + 120
                    while server.log().count(f"Kernel pool of {nb} is filled") < uses[nb] + 1 and time.monotonic() < deadline:
                        time.sleep(0.2)
                    time.sleep(0.5)
                vh.wait_idle(server)
                live, t, page = render_times(ctx, server, nb)
                uses[nb] += 1
                times.append(t)
                lives.append(live)
                if nb != "index.ipynb" and r == runs - 1:
                    vh.wait_idle(server)  # the pool's refill after this visit has finished
                    sliders = slider_times(page)
                page.close()
            res[nb] = {
                "render": statistics.median(times),
                "renders": times,
                "live": statistics.median(lives),
                "lives": lives,
                "slider": statistics.median(sliders) if sliders else None,
                "sliders": sliders,
            }
            print(
                f"  {'preheated' if preheat else 'cold':9} {nb:34} live {statistics.median(lives):6.2f} s   every chart drawn "
                f"{statistics.median(times):6.2f} s" + (f"   slider {statistics.median(sliders):6.0f} ms" if sliders else ""),
                flush=True,
            )
    return res


def table(cold: dict, hot: dict, pages: list[str]) -> str:
    floor_hot, floor_all = hot[FLOOR]["live"], hot[FLOOR]["render"]
    floor_cold = cold[FLOOR]["render"]
    lines = [
        "| page | cold render (s) | cold / floor | preheated live (s) | live / floor | preheated, every chart drawn (s) | "
        "every chart / floor | slider→chart (ms, median) | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for nb in pages:
        c, h = cold[nb], hot[nb]
        ratio = h["live"] / floor_hot
        sl = h["slider"] if h["slider"] is not None else c["slider"]
        ok_r = ratio <= RENDER_TARGET or nb == FLOOR
        ok_s = sl is None or sl <= SLIDER_TARGET_MS
        verdict = (
            "floor"
            if nb == FLOOR
            else ("render ok" if ok_r else f"render > {RENDER_TARGET}x")
            + ", "
            + ("no slider" if sl is None else ("slider ok" if ok_s else f"slider > {SLIDER_TARGET_MS:.0f} ms"))
        )
        lines.append(
            f"| {nb} | {c['render']:.2f} | {c['render'] / floor_cold:.2f} | {h['live']:.2f} | {ratio:.2f} | {h['render']:.2f} | "
            f"{h['render'] / floor_all:.2f} | {'-' if sl is None else f'{sl:.0f}'} | {verdict} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="page loads per page and mode (median reported)")
    args = ap.parse_args()
    if vh.chromium_path() is None:
        print("chromium is not installed (/usr/bin/chromium); install Debian's chromium first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
        root = Path(tmp)
        pages = stage(root)
        print("Cold (fresh Voila, no kernel pool):", flush=True)
        cold = measure(root, pages, preheat=False, runs=1)
        print("Preheated (voila.json):", flush=True)
        hot = measure(root, pages, preheat=True, runs=args.runs)
    tbl = table(cold, hot, pages)
    raw_r = {k: [round(x, 2) for x in v["renders"]] for k, v in hot.items()}
    raw_l = {k: [round(x, 2) for x in v["lives"]] for k, v in hot.items()}
    raw_s = {k: [round(x) for x in v["sliders"]] for k, v in hot.items()}
    md = (
        report.header("Render and slider") + f"Headless Chromium ({vh.chromium_path()}) at 1366x768, Voila with the project "
        f"template; non-local requests recorded, not intercepted ({len(EXTERNAL)} made). Live = navigation to the page usable: no preview left, the controls drawn "
        f"and every chart that has started drawing drawn (a chart off the screen waits until it comes near the screen or the "
        f"browser is idle: chart_widget.js; the floor's one chart is on the screen). Every chart drawn = navigation until "
        f"every chart is drawn, those off the screen asked for at once; the cold render is this too. Server idle first "
        f"(median of {args.runs} preheated loads; 1 cold load). Slider = one keyboard step to the chart's last redraw "
        f"(median of 5). Targets: preheated live <= {RENDER_TARGET}x the floor's; slider <= {SLIDER_TARGET_MS:.0f} ms.\n\n"
        f"{tbl}\n\nRaw: preheated live (s) {raw_l}; every chart drawn (s) {raw_r}; slider samples (ms) {raw_s}\n"
    )
    report.write(HERE / "results" / "latest.md", md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
