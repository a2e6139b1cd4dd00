"""House style and shared chart builders (Altair), used by every briefing so charts look and read alike.

Colours: Paul Tol's colour-blind-safe qualitative schemes; one sequential scheme for amounts.
Charts render offline: call ``enable()`` once per kernel before showing any chart.
"""
from __future__ import annotations

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

    alt.JupyterChart.enable_offline()
    _enabled = True


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
    text = base.mark_text(fontSize=8, color="black").encode(text="short:N", tooltip=tips)
    return (rect + text).properties(width=n_cols * tile, height=n_rows * tile, title=title)


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
