"""Q13's charts: the force areas coloured by the area they fall in, a measure per area, where the rate-card money
goes, and what reaches specialist local providers per area. Each is one of the house charts (``present.charts``),
built once per shape and refilled with the rows:

>>> from probation_briefing.data import source
>>> chart, table = structure_map(source(), "crc_2014")
>>> table["Area"].nunique(), chart.to_dict()["layer"][0]["mark"]["type"], len(chart.to_dict()["datasets"]["tiles"])
(21, 'rect', 43)
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...data import DataSource
from ...models import regions
from ...present import charts


def structure_map(data: DataSource, structure: str) -> tuple[charts.Filled, pd.DataFrame]:
    """The 43 police force areas as tiles coloured by their area under ``structure``, and the table behind it."""
    pf = regions.force_areas(data, structure)[["pfa_code", "area_name", "pfa_name", "population", "population_status"]]
    pf = pf.rename(columns={"area_name": "Area", "pfa_name": "Force area"})
    tile = charts.tile_map(
        data,
        pf,
        "Area",
        title="Force areas by area",
        color_title="Area",
        tooltip=["Force area:N", "Area:N", alt.Tooltip("population:Q", format=","), "population_status:N"],
        domain=sorted(pf["Area"].unique()),
    )
    return tile, pf


def measure_chart(df: pd.DataFrame, label: str) -> charts.Filled:
    """One bar per area for the measure in column ``label`` (the control's label for it)."""
    return charts.bar(df, label, "area", title=f"{label} per area", x_title=label)


def flows_chart(flows: pd.DataFrame) -> charts.Filled:
    """National money by destination, coloured by route (``ratecard.flows``)."""
    return charts.bar(
        flows,
        "gbp_m",
        "destination",
        color="route",
        fmt=",.1f",
        title="Where the money goes, England and Wales",
        x_title="£m a year",
        height_per_bar=30,
    )


def per_area_chart(df: pd.DataFrame, label: str, unit: str) -> charts.Filled:
    """What reaches specialist local providers in each area (column ``value``), as chosen by the per-area control."""
    return charts.bar(df, "value", "area", fmt=",.1f", title=f"Reaching specialist local providers: {label.lower()}", x_title=unit)
