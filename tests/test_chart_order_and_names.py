"""Issue 25: every bar chart is drawn in a sensible order (Vega does not silently drop it), and a body has one name in
the charts, the text and the tables (London's: "London" for its area, "Mayor of London (MOPAC)" for the body)."""

from __future__ import annotations

import html
import json
import re
from functools import cache

import pandas as pd
import pytest
import vl_convert as vlc
from probation_briefing.briefings import all_briefings, get
from probation_briefing.data import source
from probation_briefing.models import funding
from probation_briefing.present import vegalite


@cache
def _views():
    data = source()
    out = {}
    for b in all_briefings():
        out[b.id] = b.view(b.parameters(data).defaults(), data)
    q15 = get("q15")
    out["q15 (2028)"] = q15.view(q15.parameters(data).defaults().replace(recipients=funding.RECIPIENTS_2028), data)
    return out


def _vega(chart) -> dict:
    return vlc.vegalite_to_vega(chart.to_dict(), vl_version=vegalite.vega_lite_version())


def _bar_scales():
    for name, view in _views().items():
        for c in view.charts:
            for s in _vega(c.chart).get("scales", []):
                if s["name"] in ("x", "y") and s.get("type") == "band" and isinstance(s.get("domain"), dict):
                    yield pytest.param(s, id=f"{name}-{c.key}-{s['name']}")


@pytest.mark.parametrize("scale", list(_bar_scales()))
def test_every_bar_chart_keeps_its_order(scale):
    """A bar chart's categories are ordered by their values (or by an order the chart states), never alphabetically
    because Vega dropped the sort it was given (it drops a "sum" sort over layers drawn from two data sets)."""
    sort = scale["domain"].get("sort")
    assert isinstance(sort, dict) and sort.get("field"), f"bars in alphabetical order (sort {sort!r})"


def _y_labels(chart) -> list[str]:
    """The y-axis labels of a chart drawn by Vega (vl-convert), top to bottom."""
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version=vegalite.vega_lite_version())
    labels = re.findall(r'<text text-anchor="end" transform="translate\((-[\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>', svg)
    return [html.unescape(t) for _, _, t in sorted(labels, key=lambda p: float(p[1]))]


@pytest.mark.parametrize("which", ["q15", "q15 (2028)"])
def test_q15s_commissioner_bars_run_from_the_largest_sum_down(which):
    c = next(c for c in _views()[which].charts if c.key == "commissioners")
    rows = pd.DataFrame(c.chart.frames["commissioners"])
    drawn = _y_labels(c.chart)
    assert not [t for t in drawn if t.endswith("…")], f"labels cut short: {drawn}"
    assert sorted(drawn) == sorted(rows["force_area"]), drawn
    amounts = rows.set_index("force_area")["allocation_gbp_m"]
    assert list(amounts[drawn]) == sorted(amounts, reverse=True), drawn[:5]


def test_a_body_has_one_name_in_the_charts_the_text_and_the_tables():
    view = _views()["q15"]
    bars = next(c for c in view.charts if c.key == "commissioners")
    rows = pd.DataFrame(bars.chart.frames["commissioners"])
    table = next(t for t in view.table_views() if t.key == "commissioners").frame
    # the bar names the area, and the body's name (in its tooltip and in the table) names the same area
    for area, body in zip(rows["force_area"], rows["commissioner"]):
        assert area in body, f"the bar says {area!r} but the body is {body!r}"
    assert sorted(rows["commissioner"]) == sorted(table["commissioner"])
    # the tile map labels each area as the bars do
    tiles = pd.DataFrame(next(c for c in view.charts if c.key == "map").chart.frames["tiles"])
    by_code = dict(zip(tiles["pfa_code"], tiles["label"]))
    fa = source().load("force_areas")
    for code, short in zip(fa["pfa_code"], fa["short_name"]):
        assert by_code[code] == short, f"tile {by_code[code]!r}, bar {short!r}"
    # the text names the largest body as the table and the chart do
    largest = table.sort_values("£m a year", ascending=False)["commissioner"].iloc[0]
    text = " ".join(k.text for k in view.key_points) + " " + view.summary + " " + bars.describe()
    assert largest in text, largest
    london = rows.loc[rows["force_area"] == "London", "commissioner"].tolist()
    assert london == ["Mayor of London (MOPAC)"], london
    assert "Metropolitan Police" not in text and "Metropolitan Police" not in " ".join(rows["force_area"])


def test_london_has_the_same_body_name_in_2018_and_2028():
    data = source()
    fa = data.load("force_areas").set_index("pfa_code")
    later = data.load("successors_2028").set_index("pfa_code")
    assert fa.loc["metropolitan", "commissioner_name"] == later.loc["metropolitan", "body"] == "Mayor of London (MOPAC)"


@pytest.mark.parametrize("which", ["q13", "q15"])
def test_the_tile_map_shows_every_name_whole_or_in_a_key_and_fits_a_phone(which):
    """Tiles carry the name or a common short form (at most two lines of 8 characters, no name cut off); the key under
    the title spells out every short form; the map is 280 pixels wide with its legend under it (fits at 320 pixels)."""
    from probation_briefing.present.charts import tile_key

    c = next(c for c in _views()[which].charts if "tiles" in c.chart.frames)
    spec = c.chart.to_dict()
    tiles = pd.DataFrame(c.chart.frames["tiles"])
    for text in tiles["tile_text"]:
        lines = text.split("|")
        assert len(lines) <= 2 and all(len(line) <= 8 for line in lines), text
    key = " ".join(spec["title"]["subtitle"])
    for entry in tile_key(tiles):
        assert entry in key, entry
    for abbr, full in (("Lancs", "Lancashire"), ("Notts", "Nottinghamshire"), ("Gtr Manch.", "Greater Manchester")):
        assert f"{abbr}: {full}" in key
    assert "Northumbria" not in key and "Dyfed-Powys" not in key  # shown whole (hyphenated over two lines)
    assert spec["width"] <= 290 and spec["layer"][0]["encoding"]["color"]["legend"]["orient"] == "bottom"
    flat = json.dumps(spec["layer"])
    assert '"field": "tile_text"' in flat and '"lineBreak": "|"' in flat
