"""Q15's sections the settings do not drive: how many commissioners each contract area holds, structure by
structure; the London and Greater Manchester devolution deals; and the published figures the simulator quotes.

>>> from probation_briefing.data import source
>>> [h.label for h in coterminosity(source()).headlines][:2]
['CRC areas (2014) with one to three commissioners', 'Most commissioners in one CRC area']
>>> sorted(set(devolution_table(source()).frame["place"]))
['Greater Manchester', 'London']
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...data import DataSource
from ...data.facts import fact
from ...models import regions
from ..contract import ChartView, Headline, Notice, TableView, View
from .charts import coterminosity_chart
from .views import abolition


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
    later = regions.successor_coterminosity(data, order)
    may28 = may_2028(data, later)
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
            Headline(
                "Most bodies in one area from May 2028, 12 regions (2021)",
                f"{may28['max_regions']} ({may28['max_regions_area']})",
                "derived",
            ),
        ],
        summary=(
            f"Under the 21 CRC contracts, {crc['n_within']} of {crc['n_areas']} areas held between one and three commissioners; "
            f"the exceptions were {above}. In this project's reconstruction of the 2018 proposal, the larger areas would hold as "
            f"many as {prop['max_commissioners']} ({prop['max_commissioners_area']}). " + may28["summary"]
        ),
        caveats=[
            Notice(
                f"The official map of the areas proposed in 2018 was not found. '2018 proposal' here is this project's reconstruction, "
                f"with an alternative reconstruction beside it; both give {alt_['max_commissioners']} commissioners in "
                f"{alt_['max_commissioners_area']}.",
                "warn",
                "reconstructed",
            ),
            may28["notice"],
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
            ),
            may28["table"],
        ],
    )


def may_2028(data: DataSource, later: pd.DataFrame) -> dict[str, Any]:
    """Co-terminosity from May 2028 (``regions.successor_coterminosity``): the sentence, caveat, table and figures.

    The bodies of 2028 still cover police force areas, so the count per contract area is unchanged except where one mayor
    covers two force areas; what changes is who holds the role (mayors and boards of council leaders).
    """
    sid, _ = abolition(data)
    order = list(dict.fromkeys(later["structure"]))
    by = later.groupby("structure", sort=False)
    fewer = later[later.n_bodies_2028 < later.n_commissioners]
    crc = later[later.structure == "crc_2014"]
    reg = later[later.structure == "regions_2021"].sort_values(["n_bodies_2028", "area"], ascending=[False, True]).iloc[0]
    merged = sorted(set(fewer["area"][fewer.structure == "crc_2014"]))
    summary = (
        f"From May 2028, when commissioners are due to be abolished (subject to legislation) [{sid}], the bodies that take over "
        "still cover police force areas, so the number each contract area deals with is unchanged, except where one mayor "
        f"covers two force areas: {len(merged)} of the 21 CRC areas ({'; '.join(merged) or 'none'}) deal with one body fewer. "
        f"What changes is who holds the role: across the 21 CRC areas, {int(crc.n_mayors.sum())} mayors and "
        f"{int(crc.n_boards.sum())} boards of council leaders; {int(crc.n_assumed.sum())} of these "
        f"{int(crc.n_bodies_2028.sum())} bodies are assumed, not announced."
    )
    notice = Notice(
        "From May 2028 the counts use the table of 2028 bodies in the data package: the mayors already in post (made), those named in a text read "
        "(announced), and, for the rest, assumptions (mayors whose area matches, a board of council leaders by the "
        "announcement's default rule, and boards in Wales, where the arrangements are still to be agreed). Each board is taken "
        f"to cover one police force area. All of it is subject to legislation [{sid}]; the police reform White Paper's plan for "
        "fewer, larger forces [T13] may change the areas themselves.",
        "warn",
    )
    table = later.assign(order=later.structure.map({s: i for i, s in enumerate(order)}))
    shown = table.sort_values(["order", "area"])[
        ["structure_title", "area", "n_commissioners", "n_bodies_2028", "n_mayors", "n_boards", "n_made", "n_announced", "n_assumed"]
    ].rename(
        columns={
            "structure_title": "structure",
            "n_commissioners": "commissioners (2018)",
            "n_bodies_2028": "bodies from May 2028",
            "n_mayors": "of which mayors",
            "n_boards": "of which boards",
            "n_made": "made",
            "n_announced": "announced",
            "n_assumed": "assumed",
        }
    )
    tv = TableView(
        "may_2028",
        "How many bodies each contract area would deal with from May 2028",
        shown,
        download=later,
        filename="q15_coterminosity_2028.csv",
        note="; ".join(
            f"{g.structure_title.iloc[0]}: {int(g.n_commissioners.sum())} commissioners, {int(g.n_bodies_2028.sum())} bodies" for _, g in by
        ),
    )
    return {
        "summary": summary,
        "notice": notice,
        "table": tv,
        "max_regions": int(reg.n_bodies_2028),
        "max_regions_area": str(reg.area),
        "n_fewer": len(fewer),
    }


def devolution_table(data: DataSource) -> TableView:
    """The London and Greater Manchester justice devolution deals."""
    deals = regions.devolution(data)
    dv = deals.assign(date=deals["date"].dt.strftime("%d %b %Y"))
    dv["source"] = dv["source_id"] + dv["see_also"].fillna("").map(lambda s: f", {s}" if s else "")
    return TableView(
        "devolution",
        "Justice devolution in London and Greater Manchester",
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
