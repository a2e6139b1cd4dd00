"""Q15 - police and crime commissioners and co-commissioning: co-terminosity, and moving CRC money to commissioners.

>>> from probation_briefing.data import source
>>> r = BRIEFING.run(BRIEFING.parameters(source()).defaults(), source())
>>> r.transfer.conserved
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import numpy as np
import pandas as pd

from ..data import DataSource
from ..data.facts import fact
from ..data.params import Scenario
from ..models import caseload, funding, regions
from ..models.money import to_gbp_m
from ..present import charts
from .contract import Briefing, ChartView, Headline, KeyPoint, Notice, TableView, View, approx

QUESTION = "How can we support greater engagement between PCCs and probation providers, including increased co-commissioning of services?"
VIEWS = ["Cut in mid-contract", "Re-let without the moved money"]
PART_ORDER = ["Fixed costs", "Left for delivery", "Moved to commissioners"]
STATES = ["receives money", "raised to the minimum", "left out (money stays in contract)"]


@dataclass(frozen=True)
class Result:
    """One scenario's transfer, with the scenario and the data it was computed from."""

    scenario: Scenario
    data: DataSource
    transfer: funding.TransferResult


def run(s: Scenario, data: DataSource) -> Result:
    """Move the scenario's share of the pot to commissioners (``funding.transfer``)."""
    return Result(s, data, funding.transfer(s, data))


# ---- charts -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _commissioner_template() -> charts.Template:
    base = alt.Chart(alt.NamedData("commissioners"))
    bars = base.mark_bar().encode(
        x=alt.X("allocation_gbp_m:Q", title="£m a year", axis=alt.Axis(format=",.1f")),
        y=alt.Y("force_area:N", sort="-x", title=None),
        color=alt.Color(
            "state:N",
            title=None,
            scale=alt.Scale(domain=STATES, range=[charts.CATEGORICAL[0], charts.CATEGORICAL[6], charts.NEUTRAL]),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=[
            alt.Tooltip("commissioner:N"),
            alt.Tooltip("allocation_gbp_m:Q", title="£m a year", format=",.2f"),
            alt.Tooltip("per_head_gbp:Q", title="£ per resident", format=",.2f"),
            alt.Tooltip("area:N", title="Contract area"),
        ],
    )
    flags = (
        base.transform_filter(alt.datum.state != STATES[0])
        .mark_text(align="left", dx=3, fontSize=10, color="#1a1a1a")
        .encode(x=alt.X("allocation_gbp_m:Q"), y=alt.Y("force_area:N", sort="-x", title=None), text=alt.Text("state:N"))
    )
    return charts.Template((bars + flags).properties(width=420, height=42 * 15, title="What each commissioner receives"))


def _commissioner_chart(r: funding.TransferResult) -> tuple[charts.Filled, pd.DataFrame]:
    d = r.commissioners[["force_area", "commissioner", "area", "included", "at_floor", "allocation_gbp_m", "per_head_gbp"]]
    state = d["included"].map({True: STATES[0], False: STATES[2]}).where(~d["at_floor"], STATES[1])
    d = d.assign(state=state)
    table = d[["commissioner", "area", "state", "allocation_gbp_m", "per_head_gbp"]].sort_values("allocation_gbp_m", ascending=False)
    table = table.rename(columns={"area": "contract area", "allocation_gbp_m": "£m a year", "per_head_gbp": "£ per resident"})
    return _commissioner_template().fill(commissioners=d.drop(columns=["included", "at_floor"])), table


def _map_chart(r: funding.TransferResult, data: DataSource) -> charts.Filled:
    d = r.commissioners[["pfa_code", "commissioner", "allocation_gbp_m"]]
    return charts.tile_map(
        data,
        d,
        "allocation_gbp_m",
        categorical=False,
        title="Money to commissioners (£m a year; City of London: none)",
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


def _contract_chart(r: funding.TransferResult, threshold: float) -> tuple[charts.Filled, pd.DataFrame]:
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


def _kept_chart(r: funding.TransferResult) -> tuple[charts.Filled, pd.DataFrame]:
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


# ---- views --------------------------------------------------------------------------------------


def _caveats(s: Scenario, r: funding.TransferResult, data: DataSource) -> list[Notice]:
    notes = []
    if s["allocation_key"] in ("caseload", "blend"):
        notes.append(
            Notice(
                f"The caseload key is derived: each CRC's caseload (reported at different dates, some as 'more than' or "
                f"'nearly') is shared between its force areas by population; {caseload.imputed_crcs(data)} CRCs with no "
                "figure are imputed at the national known-caseload-per-head rate.",
                "warn",
                "derived",
            )
        )
    if s["include_wales"] and s["allocation_key"] in ("population", "blend", "caseload"):
        notes.append(
            Notice(
                "Welsh force-area populations are estimates: each is the sum of the ONS mid-2018 estimates for its councils.",
                "info",
                "estimate",
            )
        )
    if data.load("structures").set_index("structure").loc[s["structure"], "status"] == "reconstructed":
        notes.append(
            Notice(
                "The contract areas follow a reconstruction of the 2018 proposal: the official map was not found.", "warn", "reconstructed"
            )
        )
    k = r.contracts
    cross = int(k.from_other_areas_p.sum())
    if cross:
        notes.append(
            Notice(
                f"In {int((k.from_other_areas_p > 0).sum())} area(s) the commissioners receive more than the contract was worth; "
                f"£{to_gbp_m(cross):,.2f}m is drawn from the other areas in proportion to what they have left."
            )
        )
    return notes


def _summary(s: Scenario, r: funding.TransferResult) -> str:
    moved = to_gbp_m(r.allocated_p)
    kept = to_gbp_m(r.kept_for_excluded_p)
    k = r.contracts
    text = (
        f"{s['share_pct']:g}% of a £{s['pot_gbp_m']:,.0f}m pot is £{to_gbp_m(r.transferred_p):,.2f}m. Commissioners receive £{moved:,.2f}m"
    )
    if r.kept_for_excluded_p:
        text += f"; £{kept:,.2f}m that would have gone to the commissioners left out stays in their contracts"
    if moved > 0:
        biggest = r.commissioners.sort_values("allocation_p", ascending=False).iloc[0]
        inc = r.commissioners[r.commissioners.included].sort_values("allocation_p")
        text += f". The largest sum goes to {biggest.commissioner} (£{biggest.allocation_gbp_m:,.2f}m)."
        if len(inc):
            text += f" The smallest included sum is £{inc.iloc[0].allocation_gbp_m:,.2f}m ({inc.iloc[0].commissioner})."
    else:
        text += ". Nothing moves: every contract keeps its full value."
    text += (
        f" With {s['fixed_cost_share_pct']:g}% of costs fixed, the median contract area keeps "
        f"{_pct(_median(100 - k.thinning_pct))} of its delivery money in a mid-contract cut, and "
        f"{_pct(_median(k.relet_delivery_kept_pct))} if the contracts are re-let without the moved money "
        f"({s['relet_transition_pct']:g}% of the fixed costs that went with it not yet shed)."
    )
    flagged = k[k.bidder_flag | k.fixed_costs_uncovered]
    flags = "; ".join(
        f"{a} (£{v:,.1f}m left{', below the bidder threshold' if b else ''}{', fixed costs not covered' if u else ''})"
        for a, v, b, u in zip(flagged.area, flagged.remaining_gbp_m, flagged.bidder_flag, flagged.fixed_costs_uncovered)
    )
    threshold = to_gbp_m(r.bidder_threshold_p)
    return text + (
        f" Flags: {flags or 'none'} (bidder-interest threshold £{threshold:,.1f}m a year: {s['bidder_threshold_pct']:g}% of the "
        "smallest 2014 CRC contract in this model's baseline; illustrative)."
    )


def _median(x: pd.Series) -> float:
    return float(x.median()) if x.notna().any() else float("nan")


def _pct(x: float) -> str:
    return "an unknown share" if x != x else f"{x:.0f}%"


def _tables(r: funding.TransferResult) -> list[TableView]:
    """The contract-area, commissioner and conservation tables (built after the charts are on their way)."""
    k = r.contracts
    ok = r.conserved
    ct = k[
        [
            "area",
            "n_commissioners",
            "baseline_gbp_m",
            "own_commissioners_gbp_m",
            "remaining_gbp_m",
            "fixed_gbp_m",
            "delivery_gbp_m",
            "thinning_pct",
            "bidder_flag",
        ]
    ].rename(
        columns={
            "n_commissioners": "commissioners",
            "baseline_gbp_m": "baseline £m",
            "own_commissioners_gbp_m": "to its commissioners £m",
            "remaining_gbp_m": "left £m",
            "fixed_gbp_m": "fixed costs £m",
            "delivery_gbp_m": "delivery £m",
            "thinning_pct": "delivery money lost %",
            "bidder_flag": "below bidder threshold",
        }
    )
    cm = r.commissioners.sort_values("allocation_p", ascending=False)[
        ["commissioner", "area", "included", "key_share", "allocation_gbp_m", "per_head_gbp", "at_floor"]
    ]
    cm = cm.assign(key_share=100 * cm.key_share).rename(
        columns={
            "key_share": "key share %",
            "allocation_gbp_m": "£m a year",
            "per_head_gbp": "£ per resident",
            "area": "contract area",
            "at_floor": "raised to minimum",
        }
    )
    cons = r.conservation().rename(columns={"gbp_m": "£m"})
    return [
        TableView(
            "contracts",
            "Contract areas",
            ct,
            {c: ",.2f" for c in ct.columns if c.endswith("£m")} | {"delivery money lost %": ".0f"},
            k,
            "q15_contract_areas.csv",
        ),
        TableView(
            "commissioners",
            "Commissioners",
            cm,
            {"key share %": ".2f", "£m a year": ",.2f", "£ per resident": ".2f"},
            r.commissioners,
            "q15_commissioners.csv",
        ),
        TableView(
            "conservation",
            "Conservation check (to the penny)",
            cons,
            {"£m": ",.2f", "pence": ",d"},
            note="Check passed: money moved + money left = the pot, exactly." if ok else "",
        ),
    ]


def key_points(res: Result) -> list[KeyPoint]:
    """Balanced key points for a consultation response on question 15; the money points follow the settings."""
    data, r = res.data, res.transfer
    k = r.contracts
    victims, pot = fact("victims_grants_to_pccs_2016_17", data), fact("crc_contracts_annual_value_at_award", data)
    crc, prop = regions.headline(data, "crc_2014"), regions.headline(data, "proposed_2018")
    crc_source = str(data.load("structures").set_index("structure").loc["crc_2014", "source_id"])
    moved = to_gbp_m(r.allocated_p)
    return [
        KeyPoint(
            f"Police and crime commissioners (PCCs) already commission local services: the Ministry of Justice gave them about "
            f"£{victims.value:,.0f}m for victims' services in 2016-17 [{victims.source_id}].",
            "for",
            (victims.source_id,),
        ),
        KeyPoint(
            f"Co-commissioning is harder in bigger areas: each of the 21 Community Rehabilitation Company (CRC) areas held at most "
            f"{crc['max_commissioners']} commissioners, but an area of the 2018 proposal would hold up to {prop['max_commissioners']} "
            f"[{crc_source}, S31].",
            "against",
            (crc_source, "S31"),
        ),
        KeyPoint(
            f"With the settings below, commissioners would receive about £{approx(moved)}m a year of the £{pot.value:,.0f}m pot "
            f"[{pot.source_id}] (illustrative)."
            if moved
            else "With the settings below, no money moves to commissioners.",
            "for",
            (pot.source_id,),
        ),
        KeyPoint(
            f"The contracts left behind thin out: re-let without the moved money, the median area keeps "
            f"{_pct(_median(k.relet_delivery_kept_pct))} of its delivery money; cut in mid-contract, it keeps "
            f"{_pct(_median(100 - k.thinning_pct))}, and {int(k.bidder_flag.sum())} of {len(k)} areas fall below the bidder "
            "threshold (illustrative).",
            "against",
        ),
    ]


def views(res: Result) -> View:
    """Headlines, summary, caveats, three charts and the contract, commissioner and conservation tables."""
    s, r, data = res.scenario, res.transfer, res.data
    k = r.contracts
    ok = r.conserved
    bar, bar_table = _commissioner_chart(r)
    contract, contract_table = _contract_chart(r, to_gbp_m(r.bidder_threshold_p))
    kept, kept_table = _kept_chart(r)
    caseload = float(r.commissioners.loc[r.commissioners.included, "caseload"].sum())
    per_case = to_gbp_m(r.allocated_p) * 1e6 / caseload if caseload > 0 else float("nan")
    headlines = [
        Headline("Moved to commissioners", f"£{to_gbp_m(r.allocated_p):,.2f}m a year"),
        Headline("Left in the contracts", f"£{to_gbp_m(r.remaining_p):,.2f}m a year"),
        Headline(
            "What commissioners could spend per person on a CRC caseload in their areas",
            "nothing" if not r.allocated_p else f"about £{approx(per_case)} a year",
            "derived",
        ),
        Headline("Contract areas below the bidder threshold", f"{int(k.bidder_flag.sum())} of {len(k)}"),
        Headline("Median delivery money kept, contracts re-let without the moved money", _pct(_median(k.relet_delivery_kept_pct))),
        Headline("Median delivery money kept, cut in mid-contract", _pct(_median(100 - k.thinning_pct))),
        Headline("Areas whose fixed costs are no longer covered (mid-contract)", f"{int(k.fixed_costs_uncovered.sum())} of {len(k)}"),
    ]
    caveats = _caveats(s, r, data)
    if not ok:
        caveats.append(Notice("Check FAILED: money moved + money left does not equal the pot. Please report this.", "error"))
    return View(
        key_points=key_points(res),
        headlines=headlines,
        summary=_summary(s, r),
        caveats=caveats,
        charts=[
            ChartView(
                "commissioners",
                "What each commissioner receives",
                bar,
                lambda: charts.describe_bars(bar_table, "£m a year", "commissioner", " £m"),
                bar_table,
                {"£m a year": ",.2f", "£ per resident": ",.2f"},
            ),
            ChartView(
                "map",
                "Money to commissioners on a map",
                _map_chart(r, data),
                "Tile map of the 43 police force areas shaded by the money their commissioner receives; the same figures are in the "
                "commissioners' chart and table.",
                bar_table,
                {"£m a year": ",.2f", "£ per resident": ",.2f"},
            ),
            ChartView(
                "contracts",
                "What is left in each contract area",
                contract,
                lambda: charts.describe_bars(k.assign(left=k.remaining_gbp_m), "left", "area", " £m left"),
                contract_table,
                dict.fromkeys(PART_ORDER, ",.2f"),
            ),
            ChartView(
                "kept",
                "Delivery money kept: cut in mid-contract against re-let",
                kept,
                lambda: (
                    "Bar chart, two bars per contract area: the share of today's delivery money kept if the cut comes in mid-contract "
                    "(fixed costs stay) and if the contract is re-let without the moved money (fixed costs scale down). "
                    + "; ".join(f"{a}: {m:.0f}% and {v:.0f}%" for a, m, v in kept_table.itertuples(index=False))
                    + "."
                ),
                kept_table,
                dict.fromkeys(VIEWS, ".0f"),
            ),
        ],
        tables=lambda: _tables(r),
    )


# ---- context: what does not depend on the settings -----------------------------------------------


def coterminosity(data: DataSource) -> View:
    """How many commissioners each contract area holds, structure by structure (not driven by the controls)."""
    order = regions.structures(data)
    h = {s: regions.coterminosity_headline(data, s) for s in order}
    crc, prop, alt_ = h["crc_2014"], h["proposed_2018"], h["proposed_2018_alt"]
    counts = regions.commissioner_counts(data, order)
    st = data.load("structures").set_index("structure")
    dist = counts.assign(
        structure_title=counts["structure_title"]
        + counts["structure"].map(lambda s: " *" if st.loc[s, "status"] == "reconstructed" else "")
    )
    titles = [dist.loc[dist.structure == s, "structure_title"].iloc[0] for s in order]
    chart = (
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
    words = ". ".join(
        f"{d.structure_title.iloc[0]}: "
        + "; ".join(f"{int(r.n_areas)} area{'s' if r.n_areas != 1 else ''} with {int(r.n_commissioners)}" for r in d.itertuples())
        for _, d in counts.groupby("structure", sort=False)
    )
    cot = regions.coterminosity(data, order)
    top = cot.sort_values(["n_commissioners", "population"], ascending=False).groupby("structure", sort=False).head(3)
    top = top.assign(order=top.structure.map({s: i for i, s in enumerate(order)})).sort_values(
        ["order", "n_commissioners"], ascending=[True, False]
    )
    shown = top[["structure_title", "area", "n_commissioners", "population", "force_areas"]].rename(
        columns={"structure_title": "structure", "n_commissioners": "commissioners", "force_areas": "police force areas"}
    )
    above = " and ".join(f"{a} ({n})" for a, n in crc["above"])
    return View(
        headlines=[
            Headline("CRC areas (2014) with one to three commissioners", f"{crc['n_within']} of {crc['n_areas']}", "published"),
            Headline("Most commissioners in one CRC area", f"{crc['max_commissioners']}", "published"),
            Headline("Most in one area, 2018 proposal", f"{prop['max_commissioners']} ({prop['max_commissioners_area']})", "reconstructed"),
            Headline(
                "Most in one area, 12 regions (2021)",
                f"{h['regions_2021']['max_commissioners']} ({h['regions_2021']['max_commissioners_area']})",
                "published",
            ),
        ],
        summary=(
            f"Under the 21 CRC contracts, {crc['n_within']} of {crc['n_areas']} areas held between one and three commissioners; "
            f"the exceptions were {above}. The 2018 proposal's larger areas would hold as many as {prop['max_commissioners']} "
            f"({prop['max_commissioners_area']})."
        ),
        caveats=[
            Notice(
                f"The official map of the areas proposed in 2018 was not found. '2018 proposal' here is this project's reconstruction, "
                f"with an alternative reconstruction beside it; both give {alt_['max_commissioners']} commissioners in "
                f"{alt_['max_commissioners_area']}.",
                "warn",
                "reconstructed",
            )
        ],
        charts=[
            ChartView(
                "coterminosity",
                "How many commissioners each area holds",
                chart,
                "In words: " + words + ".",
                counts[["structure_title", "n_commissioners", "n_areas", "areas"]],
            )
        ],
        tables=[
            TableView(
                "top",
                "The three areas with most commissioners in each structure",
                shown,
                {"population": ",.0f"},
                cot.drop(columns=["caseload_known", "caseload_crcs_missing"]),
                "q15_coterminosity.csv",
            )
        ],
    )


def devolution_table(data: DataSource) -> TableView:
    """The London and Greater Manchester justice devolution deals."""
    deals = regions.devolution(data)
    dv = deals.assign(date=deals["date"].dt.strftime("%d %b %Y"))
    dv["source"] = dv["source_id"] + dv["see_also"].fillna("").map(lambda s: f", {s}" if s else "")
    return TableView(
        "devolution",
        "Justice devolution in London and Greater Manchester (data/devolution.csv)",
        dv[["place", "date", "agreement", "parties", "scope", "source"]],
    )


def evidence(data: DataSource) -> list[str]:
    """The published figures the simulator section quotes, as plain sentences with their source ids."""
    pot, rev = fact("crc_contracts_annual_value_at_award", data), fact("crc_average_annual_payment_revised", data)
    fx, fx0 = fact("crc_fixed_cost_share_reported", data), fact("crc_fixed_cost_share_assumed", data)
    vg, dtv = fact("victims_grants_to_pccs_2016_17", data), fact("crc_c03_contract_value_annual", data)
    return [
        f"The 21 CRC contracts were worth about £{pot.value:,.0f}m a year at award [{pot.source_id}]; the MoJ's later expectation "
        f"averages about £{rev.value:,.0f}m a year (derived) [{rev.source_id}].",
        f"CRCs reported about {fx.value:.0f}% of their costs as fixed in 2017, against {fx0.value:.0f}% assumed when the contracts "
        f"were let [{fx.source_id}]. Fixed costs do not fall when income falls, so a cut lands on the money left for delivery.",
        f"A precedent for paying commissioners: the MoJ's grants to PCCs for victims' services were about £{vg.value:,.0f}m in "
        f"2016-17 [{vg.source_id}], shared by population.",
        f"Only one CRC contract value was found (Durham Tees Valley, about £{dtv.value:,.0f}m a year) [{dtv.source_id}]; "
        "per-area values are the pot shared by population, an assumption.",
    ]


BRIEFING = Briefing(
    id="q15",
    question_text=QUESTION,
    run=run,
    views=views,
    datasets=(
        "force_areas",
        "crcs",
        "membership",
        "areas",
        "structures",
        "devolution",
        "tile_layout",
        "facts",
        "parameters_q15",
        "presets_q15",
    ),
    uploads=("crcs", "force_areas"),
    sources=("Q01", "F42", "S3", "S31", "S2", "S1", "S45", "S47", "S48", "S4"),
    headline=lambda r: float(r.transfer.contracts["relet_delivery_kept_pct"].median()),
    headline_label="Median delivery money kept, contracts re-let without the moved money",
    headline_unit="% of today's",
)
