"""Q14's sections the settings do not drive: what the record shows (published counts of voluntary organisations in
the supply chains, and every figure the briefing quotes) and how the model treats each route.

>>> from probation_briefing.data import source
>>> award_vs_later(source())["when"].tolist()
['At award (2014)', 'Reported Oct 2018', 'Reported June 2019']
>>> routes_table(source()).frame["route"].iloc[0]
"Subcontracts in a prime provider's supply chain (2014 model)"
"""

from __future__ import annotations

import pandas as pd

from ...data import DataSource
from ...data.facts import fact
from ...data.params import parameters
from ...models import commissioning
from ..contract import ChartView, Headline, TableView, View
from .charts import award_chart

# The published figures the record section quotes, each with a plain label for the page (no internal names on screen).
RECORD_FACTS: dict[str, str] = {
    "tr_subcontractors_named_in_winning_bids": "Subcontractors named in the winning bids (Transforming Rehabilitation)",
    "tr_vcse_or_mutual_share_of_named_subcontractors_pct": "Share of those subcontractors that were voluntary, community or social enterprises, or mutuals",
    "tr_consortia_with_vcse_involvement": "Winning consortia with voluntary-sector involvement (of 21)",
    "tr_charities_named_in_bids_clinks_figure": "Charities or social enterprises named in bids (Clinks's figure)",
    "vcse_in_crc_supply_chains_minister_2019": "Voluntary organisations delivering in CRC supply chains (minister)",
    "cj_voluntary_orgs_total_oct2018": "Voluntary organisations working in criminal justice",
    "cj_voluntary_orgs_providing_direct_to_crcs_oct2018": "Voluntary organisations providing services directly to CRCs",
    "tracktr_2018_respondents": "Voluntary organisations answering the TrackTR survey",
    "tracktr_2018_pct_receiving_crc_funding": "Respondents receiving CRC funding",
    "tracktr_2018_pct_crc_funded_services_unsustainable": "CRC-funded respondents saying their services were unsustainable",
    "tracktr_2018_pct_crc_funded_subsidising_from_reserves": "CRC-funded respondents subsidising services from reserves",
    "change_challenge_2016_pct_turnover_over_5m_with_crc_funding": "Respondents with income over £5m who had CRC funding",
    "change_challenge_2016_pct_turnover_under_1m_subcontracting": "Respondents with income under £1m who were subcontracting",
    "crs_initial_award_total_gbp_m": "Money awarded at first through the 2021 Dynamic Framework",
    "crs_initial_award_organisations": "Organisations awarded contracts at first (2021 Dynamic Framework)",
    "crs_contracts_awarded_so_far": "Contracts awarded through the 2021 Dynamic Framework by September 2021",
    "crs_day1_call_off_competitions_awarded": "Call-off competitions in the April 2021 award notice (Day 1)",
    "future_interventions_market": "The whole interventions market in the May 2019 model (up to, a year)",
    "crs_share_funding_to_charities_vcse_pct": "Share of 2021 Dynamic Framework funding going to charities",
    "crs_six_large_vcse_share_gbp_m": "2021 Dynamic Framework money going to six large charities",
    "crs_pct_competitions_one_or_zero_bidders": "2021 Dynamic Framework competitions with one bidder or none",
    "crs_supply_chain_orgs_named": "Organisations named in 2021 Dynamic Framework supply chains",
    "vcs_orgs_micro_under_10k_count": "UK voluntary organisations with income under £10k",
    "vcs_orgs_small_10k_100k_count": "UK voluntary organisations with income of £10k to £100k",
    "vcs_orgs_medium_100k_1m_count": "UK voluntary organisations with income of £100k to £1m",
    "vcs_orgs_large_1m_10m_count": "UK voluntary organisations with income of £1m to £10m",
    "vcs_orgs_major_over_10m_count": "UK voluntary organisations with income over £10m",
    "cj_charities_pct_income_under_10k": "Criminal-justice charities with income under £10k",
    "cj_charities_pct_income_10k_to_500k": "Criminal-justice charities with income of £10k to £500k",
    "cj_charities_pct_income_over_10m": "Criminal-justice charities with income over £10m",
    "bidder_funding_requirement": "Funding a bidder had to show in 2013 (share of a lot's annual value)",
    "bid_cost_pct_of_contract_value_low": "Cost of a bid, low estimate (share of contract value; not specific to charities)",
    "bid_cost_pct_of_contract_value_high": "Cost of a bid, high estimate (share of contract value; not specific to charities)",
}
UNITS = {"count": "organisations", "percent": "%", "GBP million": "£m"}
NUMBERS = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}


def routes_table(data: DataSource) -> TableView:
    """The routes (labelled as in the parameter table) and how the model treats each."""
    route = parameters("q14", data)["route"]
    n = len(route.choices)
    return TableView(
        "routes",
        f"The {NUMBERS.get(n, str(n))} routes in the model",
        pd.DataFrame(
            {
                "route": [route.label_of(r) for r in route.choices],
                "how the model treats it": [commissioning.ROUTE_RULES[r] for r in route.choices],
            }
        ),
    )


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
    d = award_vs_later(data)
    named, share = fact("tr_subcontractors_named_in_winning_bids", data), fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct", data)
    minister, crs = fact("vcse_in_crc_supply_chains_minister_2019", data), fact("crs_share_funding_to_charities_vcse_pct", data)
    clinks = fact("tr_charities_named_in_bids_clinks_figure", data)
    rows = []
    for fid, label in RECORD_FACTS.items():
        x = fact(fid, data)
        rows.append(
            {
                "figure": label,
                "value": x.value,
                "unit": UNITS.get(x.unit, x.unit),
                "period": x.period if isinstance(x.period, str) else "",
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
                award_chart(d),
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
