"""Q15's charts: what each commissioner receives (bars and a tile map), what is left in each contract area, the
delivery money kept under the two views of a cut, and how many commissioners each area holds.

The charts the settings drive are ``charts.Template`` objects built once and filled on every run; each filler takes
the model's ``funding.TransferResult`` and returns the chart with the table behind it:

>>> from probation_briefing.briefings import q15
>>> from probation_briefing.data import source
>>> r = q15.run(q15.BRIEFING.parameters(source()).defaults(), source())
>>> chart, table = kept_chart(r.transfer)
>>> sorted(chart.to_dict()["datasets"]), table.columns.tolist() == ["area", *VIEWS]
(['kept'], True)
"""

from __future__ import annotations

from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from ...data import DataSource
from ...models import funding
from ...present import charts

VIEWS = ["Cut in mid-contract", "Re-let without the moved money"]
PART_ORDER = ["Fixed costs", "Left for delivery", "Moved to commissioners"]
STATES = ["receives money", "raised to the minimum", "left out (money stays in contract)"]


# the body types in words (force_areas.csv's 2018 codes, and successors_2028.csv's types)
TYPE_WORDS = {
    "PCC": "police and crime commissioner",
    "PFCC": "police, fire and crime commissioner",
    "MAYOR_GM": "mayor",
    "MAYOR_LDN_MOPAC": "mayor",
    "mayor": "mayor",
    "board": "board of council leaders",
}
TITLE_2018, TITLE_2028 = "What each commissioner receives", "What each body receives (from May 2028)"


#: Largest first. The bars and their flags are two layers drawing on two data sets (the flags filtered), so the bars'
#: order must be one Vega can take over both: "max" (Vega drops a "sum" sort, which is what sort="-x" means, and
#: the bars came out alphabetical).
BY_AMOUNT = alt.EncodingSortField("allocation_gbp_m", op="max", order="descending")


@lru_cache(maxsize=2)
def _commissioner_template(title: str = TITLE_2018) -> charts.Template:
    base = alt.Chart(alt.NamedData("commissioners"))
    bars = base.mark_bar().encode(
        x=alt.X("allocation_gbp_m:Q", title="£m a year", axis=alt.Axis(format=",.1f", tickCount=8)),  # 0.5 steps ran together
        y=alt.Y("force_area:N", sort=BY_AMOUNT, title=None, axis=alt.Axis(labelLimit=360)),  # 2028 labels name the body too
        color=alt.Color(
            "state:N",
            title=None,
            scale=alt.Scale(domain=STATES, range=[charts.CATEGORICAL[0], charts.CATEGORICAL[6], charts.NEUTRAL]),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=[
            alt.Tooltip("commissioner:N"),
            alt.Tooltip("type:N", title="Type"),
            alt.Tooltip("allocation_gbp_m:Q", title="£m a year", format=",.2f"),
            alt.Tooltip("per_head_gbp:Q", title="£ per resident", format=",.2f"),
            alt.Tooltip("area:N", title="Contract area"),
        ],
    )
    flags = (
        base.transform_filter(alt.datum.state != STATES[0])
        .mark_text(align="left", dx=3, fontSize=10, color="#1a1a1a")
        .encode(x=alt.X("allocation_gbp_m:Q"), y=alt.Y("force_area:N", sort=BY_AMOUNT, title=None), text=alt.Text("state:N"))
    )
    return charts.Template((bars + flags).properties(width=420, height=42 * 15, title=title))


def successors(r: funding.TransferResult) -> bool:
    """True when the money goes to the bodies of May 2028 rather than the commissioners of 2018."""
    return r.settings.get("recipients") == funding.RECIPIENTS_2028


def commissioner_chart(r: funding.TransferResult) -> tuple[charts.Filled, pd.DataFrame]:
    """What each commissioner (or, from May 2028, each body) receives, flagged where raised to the minimum or left out;
    and the table behind it. For the 2028 bodies each bar is labelled with the body's type and status (made, announced
    or assumed), so the status is on the chart as well as in the table."""
    later = successors(r)
    d = r.commissioners[
        [
            "force_area",
            "commissioner",
            "commissioner_type",
            "body_status",
            "area",
            "included",
            "at_floor",
            "allocation_gbp_m",
            "per_head_gbp",
        ]
    ]
    state = d["included"].map({True: STATES[0], False: STATES[2]}).where(~d["at_floor"], STATES[1])
    kind = d["commissioner_type"].astype(str).map(lambda t: TYPE_WORDS.get(t, t))
    d = d.assign(state=state, type=kind + (", " + d["body_status"] if later else ""))
    if later:  # the bar's label names the area, the body's type and its status
        d = d.assign(force_area=d["force_area"] + " (" + d["type"] + ")")
    cols = ["commissioner", "type", "area", "state", "allocation_gbp_m", "per_head_gbp"]
    table = d[cols].sort_values("allocation_gbp_m", ascending=False)
    table = table.rename(
        columns={
            "type": "type and status" if later else "type",
            "area": "contract area",
            "allocation_gbp_m": "£m a year",
            "per_head_gbp": "£ per resident",
        }
    )
    chart = _commissioner_template(TITLE_2028 if later else TITLE_2018).fill(
        commissioners=d.drop(columns=["included", "at_floor", "commissioner_type", "body_status"])
    )
    return chart, table


def map_chart(r: funding.TransferResult, data: DataSource) -> charts.Filled:
    """The 43 police force areas as tiles, shaded by what their commissioner receives (a body covering two force areas
    shades both with its whole sum)."""
    d = r.commissioners[["pfa_codes", "commissioner", "allocation_gbp_m"]].assign(pfa_code=lambda x: x["pfa_codes"].str.split("|"))
    d = d.explode("pfa_code").drop(columns="pfa_codes")
    title = (
        "Money to the bodies of May 2028 (£m a year; a body covering two areas shades both; City of London: none)"
        if successors(r)
        else "Money to commissioners (£m a year; City of London: none)"
    )
    return charts.tile_map(
        data,
        d,
        "allocation_gbp_m",
        categorical=False,
        title=title,
        color_title="£m a year",
        tooltip=["label:N", "commissioner:N", alt.Tooltip("allocation_gbp_m:Q", format=",.2f")],
    )


@lru_cache(maxsize=8)
def _contract_template(n_areas: int) -> charts.Template:
    bars = (
        alt.Chart(alt.NamedData("parts"))
        .mark_bar()
        .encode(
            x=alt.X("gbp_m:Q", title="£m a year (baseline = pot shared by population)", stack="zero"),
            y=alt.Y("area:N", sort=alt.EncodingSortField("gbp_m", op="sum", order="descending"), title=None),
            color=alt.Color(
                "part:N",
                title=None,
                scale=alt.Scale(domain=PART_ORDER, range=[charts.NEUTRAL, charts.CATEGORICAL[2], charts.CATEGORICAL[0]]),
                legend=alt.Legend(orient="top"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("area:N"), alt.Tooltip("part:N"), alt.Tooltip("gbp_m:Q", title="£m a year", format=",.2f")],
        )
    )
    rule = (
        alt.Chart(alt.NamedData("threshold"))
        .mark_rule(color=charts.HIGHLIGHT, strokeDash=[4, 3])
        .encode(x="t:Q", tooltip=[alt.Tooltip("t:Q", title="Bidder-interest threshold, £m")])
    )
    return charts.Template((bars + rule).properties(width=420, height=max(120, 24 * n_areas), title="What is left in each contract area"))


def contract_chart(r: funding.TransferResult, threshold: float) -> tuple[charts.Filled, pd.DataFrame]:
    """Each contract area's baseline split into fixed costs, delivery money and money moved, with the bidder-interest
    threshold (£m) as a rule; and the table behind it."""
    k = r.contracts
    n = len(k)
    fixed_covered = np.minimum(k["fixed_gbp_m"].to_numpy(), k["remaining_gbp_m"].to_numpy())
    moved = k["baseline_gbp_m"].to_numpy() - k["remaining_gbp_m"].to_numpy()
    delivery = k["delivery_gbp_m"].to_numpy()
    parts = pd.DataFrame(
        {
            "area": np.tile(k["area"].to_numpy(), 3),
            "part": np.repeat(PART_ORDER, n),
            "gbp_m": np.concatenate([fixed_covered, delivery, moved]),
            "order": np.repeat(np.arange(3), n),
        }
    )
    table = pd.DataFrame({"area": k["area"].to_numpy(), PART_ORDER[0]: fixed_covered, PART_ORDER[1]: delivery, PART_ORDER[2]: moved})
    return _contract_template(len(k)).fill(parts=parts, threshold=pd.DataFrame({"t": [threshold]})), table


@lru_cache(maxsize=8)
def _kept_template(n_areas: int) -> charts.Template:
    base = alt.Chart(alt.NamedData("kept"))
    bars = base.mark_bar().encode(
        x=alt.X("kept_pct:Q", title="Delivery money kept (% of today's)", scale=alt.Scale(domain=[0, 115])),
        y=alt.Y("area:N", title=None, sort=alt.EncodingSortField("kept_pct", op="min", order="ascending")),
        yOffset=alt.YOffset("view:N", sort=VIEWS),
        color=alt.Color(
            "view:N",
            title=None,
            sort=VIEWS,
            scale=alt.Scale(domain=VIEWS, range=[charts.CATEGORICAL[6], charts.CATEGORICAL[2]]),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=[alt.Tooltip("area:N"), alt.Tooltip("view:N"), alt.Tooltip("kept_pct:Q", title="% kept", format=".0f")],
    )
    # each bar labelled in words, so the two views do not rest on colour alone
    labels = base.mark_text(align="left", dx=3, fontSize=10, color="#1a1a1a").encode(
        x=alt.X("kept_pct:Q"),
        y=alt.Y("area:N", title=None, sort=alt.EncodingSortField("kept_pct", op="min", order="ascending")),
        yOffset=alt.YOffset("view:N", sort=VIEWS),
        text=alt.Text("short:N"),
    )
    return charts.Template(
        (bars + labels).properties(
            width=420, height=max(120, 34 * n_areas), title="Delivery money kept: cut in mid-contract against re-let"
        )
    )


def kept_chart(r: funding.TransferResult) -> tuple[charts.Filled, pd.DataFrame]:
    """The share of each area's delivery money kept, cut in mid-contract against re-let; and the table behind it."""
    k = r.contracts
    n = len(k)
    mid = (100 - k["thinning_pct"]).to_numpy()
    relet = k["relet_delivery_kept_pct"].to_numpy()
    kept = pd.DataFrame(
        {
            "area": np.tile(k["area"].to_numpy(), 2),
            "view": np.repeat(VIEWS, n),
            "kept_pct": np.concatenate([mid, relet]),
            "short": np.repeat(["cut", "re-let"], n),
        }
    )
    table = pd.DataFrame({"area": k["area"].to_numpy(), VIEWS[0]: mid, VIEWS[1]: relet})
    return _kept_template(n).fill(kept=kept), table


def coterminosity_chart(dist: pd.DataFrame, titles: list[str]) -> alt.FacetChart:
    """How many commissioners each area holds: one panel per structure (``titles``, in order), a bar per count of
    commissioners, from ``regions.commissioner_counts`` with the panel titles in ``structure_title``."""
    return (
        alt.Chart(dist)
        .mark_bar(color=charts.CATEGORICAL[0])
        .encode(
            x=alt.X("n_commissioners:O", title="Commissioners in the area", scale=alt.Scale(domain=list(range(1, 11)))),
            y=alt.Y("n_areas:Q", title="Number of areas", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("structure_title:N", title="Structure"),
                alt.Tooltip("n_commissioners:O", title="Commissioners"),
                alt.Tooltip("n_areas:Q", title="Areas"),
                alt.Tooltip("areas:N", title="Which"),
            ],
        )
        .properties(width=190, height=140)
        .facet(
            facet=alt.Facet("structure_title:N", sort=titles, title=None),
            columns=3,
        )
        .properties(title="How many commissioners each area holds (* reconstructed)")
    )
