"""House style and shared chart builders (Altair), used by every briefing so charts look and read alike.

Colours: Paul Tol's colour-blind-safe qualitative schemes; one sequential scheme for amounts. ``use_theme()``
makes the house style Altair's theme (the page does this once per kernel; the chart widget that draws the
charts on the page is the page layer's, ``page.chart_widget``).

>>> import pandas as pd
>>> c = bar(pd.DataFrame({"area": ["North", "South"], "n": [3, 5]}), "n", "area", title="Areas")
>>> c.to_dict()["mark"]["type"], c.to_dict()["datasets"]["bars"][0]
('bar', {'area': 'North', 'n': 3})
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal, cast

import altair as alt
import pandas as pd

from ..data import DataSource
from .numbers import approx

# Tol "muted" (9) + "light" extras: distinguishable under common colour-vision deficiencies.
CATEGORICAL = [
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#77AADD",
    "#EE8866",
    "#BBCC33",
    "#FFAABB",
    "#99DDFF",
    "#AAAA00",
    "#44BB99",
    "#EEDD88",
    "#DDDDDD",
    "#6699CC",
    "#004488",
    "#997700",
]
SEQUENTIAL: Literal["blues"] = "blues"
HIGHLIGHT = "#CC3311"  # flags and warnings (Tol vibrant red)
NEUTRAL = "#BBBBBB"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def theme() -> dict:
    """Altair theme: readable type sizes, no chart border, left-aligned titles."""
    return {
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "fontWeight": 600},
            # labelLimit 300: an axis's labels whole up to about 45 characters (Vega's 180 px cut "North West (incl.
            # Greater M..."); on a narrow screen the page cuts them to fit (chart_widget.js)
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6", "labelLimit": 300},
            # labelLimit 0: every legend label whole (Vega cuts labels at 160 px with an ellipsis: "left out (money
            # stays in ..." on Q15's chart); on a narrow screen the page lists the entries one under another, cut to fit
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 0},
            "range": {"category": CATEGORICAL},
        }
    }


def use_theme() -> None:
    """Register the house theme as Altair's ``probation`` theme and enable it (idempotent)."""
    if "probation" not in alt.theme.names():

        @alt.theme.register("probation", enable=False)
        def _probation() -> alt.theme.ThemeConfig:
            return cast(alt.theme.ThemeConfig, theme())

    alt.theme.enable("probation")


_TILE_TEMPLATES: dict[str, Template] = {}


def tile_map(
    data: DataSource,
    df: pd.DataFrame,
    color: str,
    *,
    title: str = "",
    color_title: str | None = None,
    categorical: bool = True,
    tooltip: list[Any] | None = None,
    tile: int = 40,
    domain: list[str] | None = None,
) -> Filled:
    """A tile-grid map: one square per police force area at (row, col) from data/tile_layout.csv.

    ``df`` must carry ``pfa_code`` and the ``color`` column; tile positions are joined here. The chart
    itself is built once per set of options and refilled with the rows on later calls. Each tile shows its
    ``tile_text`` (the name or a common short form, on up to two lines); a key under the title spells out every
    short form, and the legend sits under the map, so the whole map fits a 320-pixel-wide screen.
    """
    tiles = data.load("tile_layout")
    rows = tiles.copy()
    by_pfa = df.set_index("pfa_code")
    for col in by_pfa.columns:  # a left join on pfa_code (a plain map: faster than a merge on every slider step)
        rows[col if col not in tiles.columns else f"{col}_df"] = rows["pfa_code"].map(by_pfa[col])
    if categorical and domain:  # each tile carries its area's number too, so the map does not rest on colour alone
        rows["area_no"] = rows[color].map({a: str(i + 1) for i, a in enumerate(domain)}).fillna("")
    n_cols, n_rows = int(tiles["col"].max()) + 1, int(tiles["row"].max()) + 1
    tips = tooltip or ["label:N", f"{color}:{'N' if categorical else 'Q'}"]
    names = tile_key(tiles)
    key = json.dumps(
        [
            color,
            title,
            color_title,
            categorical,
            [t if isinstance(t, str) else t.to_dict() for t in tips],
            tile,
            domain,
            n_cols,
            n_rows,
            names,
        ]
    )
    if key not in _TILE_TEMPLATES:
        _TILE_TEMPLATES[key] = Template(_tile_chart(color, title, color_title, categorical, tips, tile, domain, n_cols, n_rows, names))
    return _TILE_TEMPLATES[key].fill(tiles=rows)


def _tile_chart(
    color: str,
    title: str,
    color_title: str | None,
    categorical: bool,
    tips: list[Any],
    tile: int,
    domain: list[str] | None,
    n_cols: int,
    n_rows: int,
    names: list[str],
) -> alt.LayerChart:
    enc_color = (
        alt.Color(
            f"{color}:N",
            title=color_title or color,
            scale=alt.Scale(range=CATEGORICAL, domain=domain) if domain else alt.Scale(range=CATEGORICAL),
            legend=alt.Legend(
                columns=1,
                symbolLimit=30,
                orient="bottom",
                direction="vertical",
                labelLimit=n_cols * tile,
                labelExpr=f"(indexof({_js_list(domain)}, datum.label) + 1) + '. ' + datum.label" if domain else alt.Undefined,
            ),
        )
        if categorical
        else alt.Color(
            f"{color}:Q",
            title=color_title or color,
            scale=alt.Scale(scheme=SEQUENTIAL),
            legend=alt.Legend(orient="bottom", gradientLength=n_cols * tile - 40),
        )
    )
    base = alt.Chart(alt.NamedData("tiles")).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(n_cols)))),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(n_rows)))),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2, cornerRadius=3).encode(color=enc_color, tooltip=tips)
    # labels stay readable: white on dark tiles, black on light ones
    if categorical:
        dark = [c for i, c in enumerate(domain or []) if _is_dark(CATEGORICAL[i % len(CATEGORICAL)])]
        ink = alt.condition(f"indexof({_js_list(dark)}, datum[{color!r}]) >= 0", alt.value("white"), alt.value("black"))
        text = base.mark_text(fontSize=8, lineBreak="|", lineHeight=9, dy=-5 if domain else 0).encode(
            text="tile_text:N", tooltip=tips, color=ink
        )
        if domain:
            text = text + base.mark_text(fontSize=9, dy=13, fontWeight="bold").encode(text="area_no:N", tooltip=tips, color=ink)
    else:  # the sequential scale is dark at the top: relative to the largest value, so it follows data updates
        text = (
            base.transform_joinaggregate(_pb_max=f"max({color})")
            .mark_text(fontSize=8, lineBreak="|", lineHeight=9)
            .encode(
                text="tile_text:N",
                tooltip=tips,
                color=alt.condition(f"datum[{color!r}] > 0.55 * datum._pb_max", alt.value("white"), alt.value("black")),
            )
        )
    # the title and the key wrap to the map's width, so that nothing makes the chart wider than the map (320-pixel screens)
    lines = _wrap(title, n_cols * tile, char_px=8.6)  # the house title: 15-pixel bold type
    key = _wrap("Short names: " + "; ".join(names) + ".", n_cols * tile) if names else alt.Undefined
    heading = alt.Title(lines, subtitle=key, subtitleFontSize=11)
    return (rect + text).properties(width=n_cols * tile, height=n_rows * tile, title=heading)


def tile_key(tiles: pd.DataFrame) -> list[str]:
    """The map's key: each short form a tile shows, with the name it stands for, in alphabetical order ("Lancs:
    Lancashire"); names shown whole (perhaps hyphenated over two lines) need none.

    >>> tile_key(pd.DataFrame({"label": ["Kent", "Lancashire", "Northumbria", "Dyfed-Powys"],
    ...                        "tile_text": ["Kent", "Lancs", "North-|umbria", "Dyfed-|Powys"]}))
    ['Lancs: Lancashire']
    """
    out = []
    for full, shown in zip(tiles["label"].astype(str), tiles["tile_text"].astype(str)):
        whole = shown.replace("-|", "").replace("|", " ")
        if full not in (whole, shown.replace("|", "")):  # a hyphen at a line break may be the name's own (Dyfed-Powys)
            out.append(f"{whole}: {full}")
    return sorted(out)


def _wrap(text: str, width_px: int, char_px: float = 6.2) -> list[str]:
    """``text`` in lines that fit ``width_px`` at about ``char_px`` a character (11-pixel type), broken between words.

    >>> _wrap("one two three four", 70)
    ['one two', 'three four']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width_px / char_px:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _is_dark(hex_colour: str) -> bool:
    """True when black text would have poor contrast on this colour (relative luminance below 0.18)."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] < 0.18


def _js_list(items: list[str]) -> str:
    return json.dumps([str(i) for i in items])


_BAR_TEMPLATES: dict[str, Template] = {}


def bar(
    df: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str = "",
    x_title: str | None = None,
    color: str | None = None,
    fmt: str = ",.0f",
    height_per_bar: int = 18,
    sort: str = "-x",
) -> Filled:
    """Horizontal bar chart sorted by value, with value tooltips; the workhorse of the briefings (built once per shape)."""
    key = json.dumps([x, y, title, x_title, color, fmt, height_per_bar, sort, len(df)])
    if key not in _BAR_TEMPLATES:
        enc: dict[str, Any] = dict(
            x=alt.X(f"{x}:Q", title=x_title or x, axis=alt.Axis(format=fmt)),
            y=alt.Y(f"{y}:N", sort=sort, title=None),
            tooltip=[alt.Tooltip(f"{y}:N"), alt.Tooltip(f"{x}:Q", format=fmt)],
        )
        enc["color"] = alt.Color(f"{color}:N", scale=alt.Scale(range=CATEGORICAL)) if color else alt.value(CATEGORICAL[0])
        chart = (
            alt.Chart(alt.NamedData("bars"))
            .mark_bar()
            .encode(**enc)
            .properties(width=420, height=max(60, height_per_bar * len(df)), title=title)
        )
        _BAR_TEMPLATES[key] = Template(chart)
    return _BAR_TEMPLATES[key].fill(bars=df)


def describe_bars(df: pd.DataFrame, x: str, y: str, unit: str = "", n: int = 3) -> str:
    """A text alternative for a bar chart: the range and the top entries, in one plain sentence.

    >>> describe_bars(pd.DataFrame({"v": [12.34, 3.0], "k": ["a", "b"]}), "v", "k", " £m")
    'Bar chart of 2 items. Highest: a 12 £m; b 3 £m. Lowest: b 3 £m.'
    """
    if df.empty:
        return "The chart is empty."
    s = df.sort_values(x, ascending=False)

    def fig(v: Any) -> str:  # counts exactly; other figures to two significant figures, as everywhere else
        return f"{int(v):,}" if float(v).is_integer() else approx(float(v))

    top = "; ".join(f"{r[y]} {fig(r[x])}{unit}" for _, r in s.head(n).iterrows())
    return f"Bar chart of {len(df)} items. Highest: {top}. Lowest: {s.iloc[-1][y]} {fig(s.iloc[-1][x])}{unit}."


# ---- charts built once, refilled with new rows ------------------------------------------------------


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: Python scalars, missing values as None (faster than Altair's general sanitiser).

    >>> records(pd.DataFrame({"a": [1, None], "b": ["x", "y"]}))
    [{'a': 1.0, 'b': 'x'}, {'a': None, 'b': 'y'}]
    """
    cols = [str(c) for c in df.columns]
    values = [[_json_scalar(v) for v in df[c].tolist()] for c in df.columns]
    return [dict(zip(cols, row)) for row in zip(*values)]


def _json_scalar(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    return v


class Template:
    """A chart drawn from named data sources, converted to Vega-Lite once; ``fill`` gives it rows.

    Building an Altair chart and converting it costs tens of milliseconds; a slider step only changes
    the rows. A briefing builds each chart's template once (for example with ``functools.lru_cache``)
    on ``alt.NamedData`` sources and fills it on every run, which keeps a step well under 100 ms.

    >>> t = Template(alt.Chart(alt.NamedData("rows")).mark_bar().encode(x="n:Q"))
    >>> c = t.fill(rows=pd.DataFrame({"n": [1, 2]}))
    >>> c.to_dict()["datasets"]["rows"]
    [{'n': 1}, {'n': 2}]
    """

    def __init__(self, chart: alt.TopLevelMixin):
        self.chart = chart
        self._spec: tuple[str, dict[str, Any]] | None = None

    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec without data (made again only if the Altair theme changes)."""
        theme = alt.theme.active
        if self._spec is None or self._spec[0] != theme:
            self._spec = (theme, self.chart.to_dict(validate=False))
        return self._spec[1]

    def fill(self, **frames: pd.DataFrame) -> Filled:
        """The chart with rows for each named data source."""
        return Filled(self, frames)


class Filled:
    """A template with its rows: what a ``ChartView`` shows, exports and prints (anything with ``to_dict``)."""

    def __init__(self, template: Template, frames: Mapping[str, pd.DataFrame]):
        self.template = template
        self.frames = dict(frames)

    def to_dict(self, validate: bool = False) -> dict[str, Any]:
        """The full Vega-Lite spec with the rows inline."""
        datasets = {name: records(df) for name, df in self.frames.items()}
        return {**self.template.spec(), "datasets": datasets}


ChartLike = alt.TopLevelMixin | Filled


def swings(table: pd.DataFrame, label: str, unit: str, central: float) -> alt.LayerChart:
    """A tornado chart: for each setting, a bar from the headline at its low value to the headline at its high value,
    largest swing first, with a rule at the central value."""
    d = table.assign(
        lo=table[["headline at low", "headline at high"]].min(axis=1), hi=table[["headline at low", "headline at high"]].max(axis=1)
    )
    order = list(d["parameter"])
    bars = (
        alt.Chart(d)
        .mark_bar(color=CATEGORICAL[0])
        .encode(
            x=alt.X("lo:Q", title=f"{label} ({unit})"),
            x2="hi:Q",
            y=alt.Y("parameter:N", sort=order, title=None),
            tooltip=[
                alt.Tooltip("parameter:N"),
                alt.Tooltip("low value:Q", format=",.3g"),
                alt.Tooltip("high value:Q", format=",.3g"),
                alt.Tooltip("headline at low:Q", format=",.3g"),
                alt.Tooltip("headline at high:Q", format=",.3g"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"central": [central]})).mark_rule(color=HIGHLIGHT, strokeDash=[4, 3]).encode(x="central:Q")
    return (bars + rule).properties(width=420, height=max(80, 26 * len(d)), title="Which assumptions move the answer most")
