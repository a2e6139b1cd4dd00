"""Q15's sections the settings do not drive: how many commissioners each contract area holds, structure by
structure; the London and Greater Manchester devolution deals; and the published figures the simulator quotes.

>>> from probation_briefing.data import source
>>> [h.label for h in coterminosity(source()).headlines][:2]
['CRC areas (2014) with one to three commissioners', 'Most commissioners in one CRC area']
>>> sorted(set(devolution_table(source()).frame["place"]))
['Greater Manchester', 'London']
"""

from __future__ import annotations

from ...data import DataSource
from ...data.facts import fact
from ...models import regions
from ..contract import ChartView, Headline, Notice, TableView, View
from .charts import coterminosity_chart


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
    chart = coterminosity_chart(dist, titles)
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
    # every figure here is counted from the published maps (or the reconstructed one), not quoted: derived or reconstructed
    return View(
        headlines=[
            Headline("CRC areas (2014) with one to three commissioners", f"{crc['n_within']} of {crc['n_areas']}", "derived"),
            Headline("Most commissioners in one CRC area", f"{crc['max_commissioners']}", "derived"),
            Headline("Most in one area, 2018 proposal", f"{prop['max_commissioners']} ({prop['max_commissioners_area']})", "reconstructed"),
            Headline(
                "Most in one area, 12 regions (2021)",
                f"{h['regions_2021']['max_commissioners']} ({h['regions_2021']['max_commissioners_area']})",
                "derived",
            ),
        ],
        summary=(
            f"Under the 21 CRC contracts, {crc['n_within']} of {crc['n_areas']} areas held between one and three commissioners; "
            f"the exceptions were {above}. In this project's reconstruction of the 2018 proposal, the larger areas would hold as "
            f"many as {prop['max_commissioners']} ({prop['max_commissioners_area']})."
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
        f"Only one CRC contract value was found (Durham Tees Valley, about £{dtv.value:,.0f}m a year) [{dtv.source_id}]. The "
        "model keeps it, as its share of the pot, and shares the rest of the pot between the other 20 CRC areas by population, "
        "an assumption.",
    ]
