"""Q14's charts: who could hold the contract each route offers (settings A and B, by size of organisation), and the
record's expected-at-award against reported-later counts.

Each function takes model results or a data table and returns the chart with the table behind it. The band chart
is a ``charts.Template`` built once and filled on every run:

>>> from probation_briefing.briefings import q14
>>> from probation_briefing.data import source
>>> r = q14.run(q14.BRIEFING.parameters(source()).defaults(), source())
>>> chart, table = band_chart(r.a, r.b)
>>> spec = chart.to_dict()
>>> [layer["mark"]["type"] for layer in spec["layer"]], len(spec["datasets"]["bands"])
(['bar', 'text'], 10)
>>> table.columns.tolist()
['setting', 'contract held', 'size of organisation', 'organisations in band', 'could hold the contract']
"""

from __future__ import annotations

from functools import lru_cache

import altair as alt
import pandas as pd

from ...models.commissioning import BANDS, Result
from ...present import charts


@lru_cache(maxsize=1)
def _band_template() -> charts.Template:
    order = [x[1] for x in BANDS]
    base = alt.Chart(alt.NamedData("bands"))
    bars = base.mark_bar().encode(
        x=alt.X("can_take_part:Q", title="Organisations who could hold the contract the route offers", axis=alt.Axis(format=",.0f")),
        y=alt.Y("band_label:N", sort=order, title=None),
        yOffset=alt.YOffset("scenario:N"),
        color=alt.Color("scenario:N", title="Setting", scale=alt.Scale(domain=["A", "B"], range=charts.CATEGORICAL[:2])),
        tooltip=[
            alt.Tooltip("scenario:N", title="Setting"),
            alt.Tooltip("contract held:N", title="Contract held"),
            alt.Tooltip("band_label:N", title="Band"),
            alt.Tooltip("can_take_part:Q", title="Could hold it", format=",.0f"),
            alt.Tooltip("organisations:Q", title="In band", format=",.0f"),
        ],
    )
    # each bar labelled with its setting, so A and B do not rest on colour alone
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#1a1a1a").encode(
        x=alt.X("can_take_part:Q"), y=alt.Y("band_label:N", sort=order, title=None), yOffset=alt.YOffset("scenario:N"), text="scenario:N"
    )
    return charts.Template(
        (bars + labels).properties(width=420, height=230, title="Who could hold the contract each route offers, by size of organisation")
    )


def bands_long(a: Result, b: Result) -> pd.DataFrame:
    """Providers who could hold the contract each route offers, by band, for both settings (the band chart's rows)."""
    out = []
    for name, r in (("A", a), ("B", b)):
        d = r.by_band[["band", "band_label", "organisations", "can_take_part"]].copy()
        d["scenario"] = name
        d["contract held"] = r.held
        out.append(d)
    return pd.concat(out, ignore_index=True)


def band_chart(a: Result, b: Result) -> tuple[charts.Filled, pd.DataFrame]:
    """The band chart for settings A and B, and the table behind it (with the page's column names)."""
    bands = bands_long(a, b)
    table = bands[["scenario", "contract held", "band_label", "organisations", "can_take_part"]].rename(
        columns={
            "scenario": "setting",
            "band_label": "size of organisation",
            "organisations": "organisations in band",
            "can_take_part": "could hold the contract",
        }
    )
    return _band_template().fill(bands=bands), table


def award_chart(d: pd.DataFrame) -> alt.Chart:
    """Voluntary organisations in CRC supply chains, expected at award (derived) and reported later (published):
    one bar per row of ``context.award_vs_later``."""
    return (
        alt.Chart(d)
        .mark_bar()
        .encode(
            x=alt.X("organisations:Q", title="Voluntary organisations", axis=alt.Axis(format=",.0f")),
            y=alt.Y("when:N", sort=list(d["when"]), title=None),
            color=alt.Color(
                "status:N",
                title="Figure",
                scale=alt.Scale(domain=["derived", "published"], range=[charts.CATEGORICAL[1], charts.CATEGORICAL[0]]),
            ),
            tooltip=["when:N", "measure:N", alt.Tooltip("organisations:Q", format=",.0f"), "status:N", "source:N"],
        )
        .properties(width=420, height=120, title="Voluntary organisations in CRC supply chains: expected at award vs reported later")
    )
