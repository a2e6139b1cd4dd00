"""Q14 - re-engaging the voluntary sector: two ways of commissioning side by side, and what the record shows.

>>> from probation_briefing.data import source
>>> r = BRIEFING.run(BRIEFING.parameters(source()).defaults(), source())
>>> r.a.setting.route, r.b.setting.route
('supply_chain', 'framework_dps')
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from ..data import DataSource
from ..data.facts import fact
from ..data.params import Parameters
from ..models import commissioning
from ..models.commissioning import BANDS, Comparison, Result, Setting
from .contract import Briefing, ChartView, Headline, Notice, TableView, View

if TYPE_CHECKING:
    from ..page import charts

QUESTION = (
    "How can we better engage voluntary sector providers in the design and delivery of rehabilitation and resettlement "
    "services for offenders in the community?"
)
RECORD_FACTS = (
    "tr_subcontractors_named_in_winning_bids",
    "tr_vcse_or_mutual_share_of_named_subcontractors_pct",
    "tr_consortia_with_vcse_involvement",
    "tr_charities_named_in_bids_clinks_figure",
    "vcse_in_crc_supply_chains_minister_2019",
    "cj_voluntary_orgs_total_oct2018",
    "cj_voluntary_orgs_providing_direct_to_crcs_oct2018",
    "tracktr_2018_respondents",
    "tracktr_2018_pct_receiving_crc_funding",
    "tracktr_2018_pct_crc_funded_services_unsustainable",
    "tracktr_2018_pct_crc_funded_subsidising_from_reserves",
    "change_challenge_2016_pct_turnover_over_5m_with_crc_funding",
    "change_challenge_2016_pct_turnover_under_1m_subcontracting",
    "crs_initial_award_total_gbp_m",
    "crs_initial_award_organisations",
    "crs_share_funding_to_charities_vcse_pct",
    "crs_six_large_vcse_share_gbp_m",
    "crs_pct_competitions_one_or_zero_bidders",
    "crs_supply_chain_orgs_named",
    "vcs_orgs_micro_under_10k_count",
    "vcs_orgs_small_10k_100k_count",
    "vcs_orgs_medium_100k_1m_count",
    "vcs_orgs_large_1m_10m_count",
    "vcs_orgs_major_over_10m_count",
    "cj_charities_pct_income_under_10k",
    "cj_charities_pct_income_10k_to_500k",
    "cj_charities_pct_income_over_10m",
    "bidder_funding_requirement",
    "bid_cost_pct_of_contract_value_low",
    "bid_cost_pct_of_contract_value_high",
)


def _gbp(x: float) -> str:
    return f"£{x / 1e6:,.1f}m" if x >= 1e6 else f"£{x / 1e3:,.0f}k"


def _describe(s: Setting, params: Parameters) -> str:
    level = (
        "one grant programme per police and crime commissioner"
        if s.effective_level == "commissioners"
        else params["lot_level"].label_of(s.effective_level).lower()
    )
    return f"{params['route'].label_of(s.route)}, {level}"


def _summary(c: Comparison, params: Parameters) -> str:
    def one(name: str, r: Result) -> str:
        by = r.by_band.set_index("band")
        small, med = by.loc[["micro", "small"], "can_take_part"].sum(), by.loc["medium", "can_take_part"]
        s = r.setting
        return (
            f"Under {name} ({_describe(s, params)}), about {r.can_take_part:,.0f} of the {s.population_total:,.0f} voluntary "
            f"organisations could take part: {small:,.0f} micro or small and {med:,.0f} medium. A provider needs a turnover of about "
            f"{_gbp(r.median_turnover_needed_gbp)} to pass the tests for a typical {'subcontract' if s.route == 'supply_chain' else 'contract'}. "
            f"About {r.vcs_share_pct:.0f}% of the £{s.spend_gbp_m:,.0f}m a year would reach the voluntary sector, and the sector would "
            f"spend about £{r.bid_cost_gbp_m:,.2f}m a year bidding across {r.competitions_per_year:,.1f} competitions."
        )

    a, b = c.a, c.b
    diff = b.vcs_share_pct - a.vcs_share_pct
    verdict = (
        "The two settings send about the same share of spend to the voluntary sector."
        if abs(diff) < 0.5
        else f"Setting {'B' if diff > 0 else 'A'} sends {abs(diff):.0f} percentage points more of the spend to the voluntary sector."
    )
    more = b.can_take_part - a.can_take_part
    verdict += (
        f" {'B' if more > 0 else 'A'} lets about {abs(more):,.0f} more organisations take part."
        if abs(more) >= 0.5
        else " About the same number of organisations could take part under both."
    )
    return " ".join(
        [one("setting A", a), one("setting B", b), verdict, "These are what-if results from illustrative assumptions, not forecasts."]
    )


@lru_cache(maxsize=1)
def _band_template() -> charts.Template:
    import altair as alt

    from ..page import charts

    order = [x[1] for x in BANDS]
    return charts.Template(
        alt.Chart(alt.NamedData("bands"))
        .mark_bar()
        .encode(
            x=alt.X("can_take_part:Q", title="Organisations who could take part", axis=alt.Axis(format=",.0f")),
            y=alt.Y("band_label:N", sort=order, title=None),
            yOffset=alt.YOffset("scenario:N"),
            color=alt.Color("scenario:N", title="Setting", scale=alt.Scale(domain=["A", "B"], range=charts.CATEGORICAL[:2])),
            tooltip=[
                alt.Tooltip("scenario:N", title="Setting"),
                alt.Tooltip("band_label:N", title="Band"),
                alt.Tooltip("can_take_part:Q", title="Could take part", format=",.0f"),
                alt.Tooltip("organisations:Q", title="In band", format=",.0f"),
            ],
        )
        .properties(width=420, height=230, title="Who could take part, by size of organisation")
    )


def views(c: Comparison) -> View:
    """Headlines for A and B, the summary, the band chart and the side-by-side table."""
    params = c.values.params  # type: ignore[attr-defined]
    a, b = c.a, c.b
    bands = commissioning.bands_long(a, b)
    desc = (
        "Bar chart of organisations who could take part by income band. "
        + ". ".join(
            f"Setting {n}: " + "; ".join(f"{row.band_label} {row.can_take_part:,.0f}" for row in r.by_band.itertuples())
            for n, r in (("A", a), ("B", b))
        )
        + "."
    )
    heads = [
        Headline(f"{n}: organisations that could take part", f"{r.can_take_part:,.0f} of {r.setting.population_total:,.0f}")
        for n, r in (("A", a), ("B", b))
    ]
    heads += [Headline(f"{n}: share of spend to the voluntary sector", f"{r.vcs_share_pct:.0f}%") for n, r in (("A", a), ("B", b))]
    heads += [Headline(f"{n}: bidding cost to the sector", f"£{r.bid_cost_gbp_m:,.2f}m a year") for n, r in (("A", a), ("B", b))]
    return View(
        headlines=heads,
        summary=_summary(c, params),
        caveats=[
            Notice(
                "A what-if tool, not a forecast: the model counts who could pass the admission tests and shares spend by the expected "
                "number of bidders. Values marked illustrative are this project's assumptions.",
                "info",
                "illustrative",
            )
        ],
        charts=[
            ChartView(
                "bands",
                "Who could take part, by size of organisation",
                _band_template().fill(bands=bands),
                desc,
                bands[["scenario", "band_label", "organisations", "can_take_part"]],
                {"organisations": ",.0f", "can_take_part": ",.1f"},
            )
        ],
        tables=[
            TableView(
                "comparison",
                "Setting A and setting B side by side",
                commissioning.comparison(a, b),
                {"A": ",.1f", "B": ",.1f", "B minus A": "+,.1f"},
                filename="q14_comparison.csv",
            )
        ],
    )


def routes_table(data: DataSource) -> TableView:
    """The four routes and how the model treats each."""
    route = BRIEFING.parameters(data)["route"]
    return TableView(
        "routes",
        "The four routes in the model",
        pd.DataFrame(
            {
                "route": [route.label_of(r) for r in route.choices],
                "how the model treats it": [commissioning.ROUTE_RULES[r] for r in route.choices],
            }
        ),
    )


# ---- what the record shows (not driven by the settings) ------------------------------------------


def award_vs_later(data: DataSource) -> pd.DataFrame:
    """Voluntary organisations in CRC supply chains: expected at award (derived) and reported later."""
    named, share = fact("tr_subcontractors_named_in_winning_bids", data), fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct", data)
    direct, minister = (
        fact("cj_voluntary_orgs_providing_direct_to_crcs_oct2018", data),
        fact("vcse_in_crc_supply_chains_minister_2019", data),
    )
    return pd.DataFrame(
        [
            {
                "when": "At award (2014)",
                "measure": "VCSE or mutual subcontractors named in winning bids",
                "organisations": named.value * share.value / 100,
                "status": "derived",
                "source": f"{named.source_id}, {share.source_id}",
            },
            {
                "when": "Reported Oct 2018",
                "measure": "Voluntary organisations providing services directly to CRCs",
                "organisations": direct.value,
                "status": "published",
                "source": direct.source_id,
            },
            {
                "when": "Reported June 2019",
                "measure": "VCSE organisations delivering in CRC supply chains (minister)",
                "organisations": minister.value,
                "status": "published",
                "source": minister.source_id,
            },
        ]
    )


def record(data: DataSource) -> View:
    """What the record shows: headline counts, expected-at-award against reported-later, and every quoted figure."""
    import altair as alt

    from ..page import charts

    d = award_vs_later(data)
    chart = (
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
    named, share = fact("tr_subcontractors_named_in_winning_bids", data), fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct", data)
    minister, crs = fact("vcse_in_crc_supply_chains_minister_2019", data), fact("crs_share_funding_to_charities_vcse_pct", data)
    clinks = fact("tr_charities_named_in_bids_clinks_figure", data)
    facts = data.load("facts").set_index("fact_id")
    rows = []
    for fid in RECORD_FACTS:
        x = fact(fid, data)
        rows.append(
            {
                "figure": str(facts.loc[fid, "metric"]),
                "value": x.value,
                "unit": x.unit,
                "period": x.period,
                "where": x.geography,
                "confidence": x.confidence,
                "source": x.source_id,
                "note": x.note,
            }
        )
    return View(
        headlines=[
            Headline(f"Subcontractors named in winning bids, 2014 [{named.source_id}]", f"{named.value:,.0f}", "published"),
            Headline(f"of which voluntary or mutual [{share.source_id}]", f"{share.value:.0f}%", "published"),
            Headline(f"VCSE organisations in CRC supply chains, June 2019 [{minister.source_id}]", f"{minister.value:,.0f}", "published"),
            Headline(f"Share of 2021 framework funding to charities [{crs.source_id}]", f"about {crs.value:.0f}%", "published"),
        ],
        summary=(
            f"The 2014 figure is derived ({named.value:,.0f} × {share.value:.0f}%). The three counts measure different things and are not a "
            f"strict series; Clinks gave a different figure of {clinks.value:,.0f} charities or social enterprises named in bids [{clinks.source_id}]."
        ),
        charts=[
            ChartView(
                "award",
                "Expected at award against reported later",
                chart,
                "Text version: "
                + "; ".join(f"{r.when}: {r.organisations:,.0f} ({r.measure}, {r.status}, source {r.source})" for r in d.itertuples())
                + ".",
                d,
                {"organisations": ",.0f"},
            )
        ],
        tables=[
            TableView("record", "Published figures used in this briefing", pd.DataFrame(rows), {"value": ",.1f"}, filename="q14_record.csv")
        ],
    )


BRIEFING = Briefing(
    id="q14",
    question=14,
    title="Q14 - Re-engaging the voluntary sector",
    short_title="Re-engaging the voluntary sector",
    summary=(
        "Compare supply-chain subcontracting, rate cards, frameworks or a dynamic purchasing system, and grants: who can take part "
        "and what bidding costs."
    ),
    notebook="q14_voluntary_sector.ipynb",
    question_text=QUESTION,
    run=commissioning.run,
    views=views,
    datasets=("force_areas", "membership", "areas", "crcs", "structures", "facts", "parameters_q14", "presets_q14"),
    sources=("Q01", "S2", "S31", "F44", "V22", "V24"),
    headline=lambda c: float(c.b.vcs_share_pct - c.a.vcs_share_pct),
    headline_label="Setting B minus setting A: share of spend reaching the voluntary sector",
    headline_unit="percentage points",
)
