"""House style and shared chart builders (Altair), used by every briefing so charts look and read alike.

Colours: Paul Tol's colour-blind-safe qualitative schemes; one sequential scheme for amounts.
Charts render offline: call ``enable()`` once per kernel before showing any chart.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import altair as alt
import pandas as pd

# Tol "muted" (9) + "light" extras: distinguishable under common colour-vision deficiencies.
CATEGORICAL = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
               "#77AADD", "#EE8866", "#BBCC33", "#FFAABB", "#99DDFF", "#AAAA00", "#44BB99", "#EEDD88", "#DDDDDD",
               "#6699CC", "#004488", "#997700"]
SEQUENTIAL = "blues"
HIGHLIGHT = "#CC3311"  # flags and warnings (Tol vibrant red)
NEUTRAL = "#BBBBBB"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

_enabled = False

TEMPLATE = "probation"
REPO_STATIC = Path(__file__).resolve().parents[2] / "share" / "jupyter" / "voila" / "templates" / TEMPLATE / "static"
# Under Voila each chart widget would otherwise carry its own ~0.9 MB copy of the Vega bundle; instead
# every chart imports one copy served (locally, no CDN) from the template's static folder, which the
# browser fetches and evaluates once per page.
_LIGHT_ESM = """
const url = new URL(%(path)r, window.location.origin).href;
let bundle;
async function load() { bundle = bundle || await import(url); return bundle.default; }
export default { async render(ctx) { const m = await load(); return m.render(ctx); } };
"""


def bundle_name() -> str:
    """File name of the chart bundle for the installed Altair and vl-convert versions."""
    import vl_convert as vlc

    return f"altair-jupyterchart-{alt.__version__}-vlc{vlc.__version__}-{BUNDLE_TAG}.js"


_FAST_UPDATE_JS = """
// probation-briefings: when only a chart's data changes (same spec otherwise), stream the new rows into
// the live Vega view instead of re-embedding (no re-compile, no re-parse): a slider step redraws in a few ms.
function pbSkeleton(spec) {
  if (!spec || !spec.datasets) return null;
  const names = Object.keys(spec.datasets);
  let s = JSON.stringify(Object.assign({}, spec, {datasets: null}));
  names.forEach((n, i) => { s = s.split(JSON.stringify(n)).join(JSON.stringify("__pb_ds_" + i)); });
  return [s, names];
}
async function pbFastDataUpdate(view, viewNames, prev, next) {
  const a = pbSkeleton(prev), b = pbSkeleton(next);
  if (!view || !viewNames || !a || !b || a[0] !== b[0] || b[1].length !== viewNames.length) return false;
  try {
    b[1].forEach((name, i) => {
      view.change(viewNames[i], view.changeset().remove(() => true).insert(structuredClone(next.datasets[name])));
    });
    await view.runAsync();
    return true;
  } catch (e) {
    return false;
  }
}
"""
_PATCHES = [
    # SVG (text stays in the page for screen readers; redraws are observable) and no "open in editor"
    # action, which would send the chart to an external website.
    ('        let embedOptions = structuredClone(model.get("embed_options")) ?? undefined;\n',
     '        let embedOptions = structuredClone(model.get("embed_options")) ?? '
     '{renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}};\n'),
    ("    let finalize;\n", "    let finalize;\n    let pbView = null, pbNames = null, pbSpec = null;\n"),
    ("        finalize = api.finalize;\n",
     "        finalize = api.finalize;\n        pbView = api.view; pbSpec = spec; pbNames = spec && spec.datasets ? Object.keys(spec.datasets) : null;\n"),
    ("    model.on('change:spec', reembed);\n",
     "    model.on('change:spec', async () => {\n"
     "        const next = model.get('spec');\n"
     "        if (await pbFastDataUpdate(pbView, pbNames, pbSpec, next)) { pbSpec = next; return; }\n"
     "        await reembed();\n"
     "    });\n"),
]
BUNDLE_TAG = "pb4"  # bump when _FAST_UPDATE_JS or _PATCHES change, so browsers fetch the new file


def bundle_source() -> str:
    """Altair's JupyterChart front-end code with the fast data-update path, ready for vl-convert to bundle."""
    src = (Path(alt.__file__).parent / "jupyter" / "js" / "index.js").read_text(encoding="utf-8")
    lines = src.split("\n")
    while lines and (not lines[0].strip() or lines[0].startswith("import") or lines[0].startswith("//")):
        lines.pop(0)  # the imports are provided by the bundle (as Altair's own offline mode does)
    src = "\n".join(lines)
    for old, new in _PATCHES:
        if src.count(old) != 1:
            raise RuntimeError(f"Altair's chart code changed; update charts._PATCHES (could not find {old.strip()!r})")
        src = src.replace(old, new)
    return _FAST_UPDATE_JS + src


def write_bundle(folder: Path = REPO_STATIC) -> Path:
    """Write the offline chart bundle (chart widget code + Vega, bundled by vl-convert) into the template's static folder."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    path = folder / bundle_name()
    code = vlc.javascript_bundle(bundle_source(), vl_version=vl_version_for_vl_convert())
    if not path.exists() or path.read_text(encoding="utf-8") != code:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(code, encoding="utf-8")
    return path


def _served_bundle() -> str | None:
    """URL path of the shared bundle when this kernel serves a Voila page and the bundle is installed."""
    base = os.environ.get("VOILA_BASE_URL")
    if base is None:
        return None
    from jupyter_core.paths import jupyter_path

    name = bundle_name()
    for d in jupyter_path("voila", "templates", TEMPLATE, "static"):
        if (Path(d) / name).exists():
            return f"{base}voila/templates/{TEMPLATE}/static/{name}"
    return None


def theme() -> dict:
    """Altair theme: readable type sizes, no chart border, left-aligned titles."""
    return {"config": {
        "font": FONT, "view": {"stroke": None},
        "title": {"fontSize": 15, "anchor": "start", "fontWeight": 600},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6"},
        "legend": {"labelFontSize": 12, "titleFontSize": 12},
        "range": {"category": CATEGORICAL},
    }}


def enable() -> None:
    """Register the house theme and switch Altair to offline rendering (no CDN), once per kernel."""
    global _enabled
    if _enabled:
        return

    @alt.theme.register("probation", enable=True)
    def _probation() -> alt.theme.ThemeConfig:
        return alt.theme.ThemeConfig(theme())

    served = _served_bundle()
    if served:
        alt.JupyterChart._esm = _LIGHT_ESM % {"path": served}
        alt.JupyterChart._is_offline = True
    else:
        alt.JupyterChart.enable_offline()  # self-contained: each chart carries the bundle (Lab, nbval, papermill)
    _enabled = True


def view() -> alt.JupyterChart:
    """An empty chart widget, to be filled (and later updated) with ``refresh``."""
    return alt.JupyterChart(alt.Chart(pd.DataFrame({"x": []})).mark_point())


def refresh(view: alt.JupyterChart, chart: alt.TopLevelMixin) -> None:
    """Show ``chart`` in an existing chart widget, fast: the spec is sent without re-validating it.

    Validation (the slow part of ``view.chart = chart``) already happened in development and tests; a
    slider step only needs the new spec. The browser then redraws in place when only the data changed.
    """
    view.spec = chart.to_dict(validate=False)


def tile_map(df: pd.DataFrame, color: str, *, title: str = "", color_title: str | None = None,
             categorical: bool = True, tooltip: list[str] | None = None, tile: int = 44,
             label: str = "label", domain: list | None = None) -> alt.LayerChart:
    """A tile-grid map: one square per police force area at (row, col) from data/tile_layout.csv.

    ``df`` must carry ``pfa_code`` and the ``color`` column; tile positions are joined here.
    """
    from .data import load

    tiles = load("tile_layout")
    data = tiles.merge(df, on="pfa_code", how="left", suffixes=("", "_df"))
    data["short"] = data[label].astype(str).str.slice(0, 9)
    enc_color = (alt.Color(f"{color}:N", title=color_title or color, scale=alt.Scale(range=CATEGORICAL, domain=domain) if domain else alt.Scale(range=CATEGORICAL),
                           legend=alt.Legend(columns=1, symbolLimit=30, orient="right"))
                 if categorical else alt.Color(f"{color}:Q", title=color_title or color, scale=alt.Scale(scheme=SEQUENTIAL)))
    tips = tooltip or ["label:N", f"{color}:{'N' if categorical else 'Q'}"]
    n_cols = int(tiles["col"].max()) + 1
    n_rows = int(tiles["row"].max()) + 1
    base = alt.Chart(data).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(n_cols)))),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(n_rows)))),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2, cornerRadius=3).encode(color=enc_color, tooltip=tips)
    # labels stay readable: white on dark tiles, black on light ones
    if categorical:
        cats = list(domain) if domain else sorted(data[color].dropna().astype(str).unique())
        dark = [c for i, c in enumerate(cats) if _is_dark(CATEGORICAL[i % len(CATEGORICAL)])]
        text = base.mark_text(fontSize=8).encode(
            text="short:N", tooltip=tips,
            color=alt.condition(f"indexof({_js_list(dark)}, datum[{color!r}]) >= 0", alt.value("white"), alt.value("black")))
    else:  # the sequential scale is dark at the top: relative to the largest value, so it follows data updates
        text = base.transform_joinaggregate(_pb_max=f"max({color})").mark_text(fontSize=8).encode(
            text="short:N", tooltip=tips,
            color=alt.condition(f"datum[{color!r}] > 0.55 * datum._pb_max", alt.value("white"), alt.value("black")))
    return (rect + text).properties(width=n_cols * tile, height=n_rows * tile, title=title)


def _is_dark(hex_colour: str) -> bool:
    """True when black text would have poor contrast on this colour (relative luminance below 0.18)."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] < 0.18


def _js_list(items: list[str]) -> str:
    import json

    return json.dumps([str(i) for i in items])


def bar(df: pd.DataFrame, x: str, y: str, *, title: str = "", x_title: str | None = None, color: str | None = None,
        fmt: str = ",.0f", height_per_bar: int = 18, sort: str = "-x") -> alt.Chart:
    """Horizontal bar chart sorted by value, with value tooltips; the workhorse of the briefings."""
    enc = dict(x=alt.X(f"{x}:Q", title=x_title or x, axis=alt.Axis(format=fmt)),
               y=alt.Y(f"{y}:N", sort=sort, title=None),
               tooltip=[alt.Tooltip(f"{y}:N"), alt.Tooltip(f"{x}:Q", format=fmt)])
    if color:
        enc["color"] = alt.Color(f"{color}:N", scale=alt.Scale(range=CATEGORICAL))
    else:
        enc["color"] = alt.value(CATEGORICAL[0])
    return alt.Chart(df).mark_bar().encode(**enc).properties(width=420, height=max(60, height_per_bar * len(df)), title=title)


def describe_bars(df: pd.DataFrame, x: str, y: str, unit: str = "", n: int = 3) -> str:
    """A text alternative for a bar chart: the range and the top entries, in one plain sentence."""
    if df.empty:
        return "The chart is empty."
    s = df.sort_values(x, ascending=False)
    top = "; ".join(f"{r[y]} {r[x]:,.1f}{unit}" for _, r in s.head(n).iterrows())
    return (f"Bar chart of {len(df)} items. Highest: {top}. Lowest: {s.iloc[-1][y]} {s.iloc[-1][x]:,.1f}{unit}.")


if __name__ == "__main__":  # python -m probation_briefing.charts: install the shared chart bundle (make setup runs this)
    print(write_bundle(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_STATIC))
