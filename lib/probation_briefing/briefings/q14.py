"""Q14 - re-engaging the voluntary sector: two ways of commissioning side by side, and what the record shows.

>>> from probation_briefing.data import source
>>> r = BRIEFING.run(BRIEFING.parameters(source()).defaults(), source())
>>> r.a.setting.route, r.b.setting.route
('supply_chain', 'dps')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from ..data import DataSource
from ..data.facts import fact
from ..data.params import Parameters
from ..models import commissioning
from ..models.commissioning import BANDS, Comparison, Result, Setting
from ..present import charts
from .contract import Briefing, ChartView, Headline, KeyPoint, Notice, TableView, View, approx, approx_gbp_k, approx_gbp_m, approx_pct

QUESTION = (
    "How can we better engage voluntary sector providers in the design and delivery of rehabilitation and resettlement "
    "services for offenders in the community?"
)
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


def _in_millions(x: float) -> bool:
    """Whether £``x`` is shown in millions: £1m or more once rounded to two significant figures (so £999.6k
    is "£1.0m", not "£1,000k")."""
    return float(approx(x).replace(",", "")) >= 1e6 if x == x else False


def _gbp(x: float) -> str:
    """About £N (two significant figures), in millions from £1m.

    >>> _gbp(560_400), _gbp(999_600), _gbp(3_840_000)
    ('about £560k', 'about £1.0m', 'about £3.8m')
    """
    return approx_gbp_m(x / 1e6) if _in_millions(x) else approx_gbp_k(x / 1e3)


def _money(x: float) -> str:
    """£N rounded to two significant figures, in millions from £1m (no 'about': for tables).

    >>> _money(999_600), _money(36_000)
    ('£1.0m', '£36k')
    """
    return f"£{approx(x / 1e6)}m" if _in_millions(x) else f"£{approx(x / 1e3)}k"


def _stops(row: Any) -> str:
    """What stops the example charity bidding under one route, in words."""
    out = []
    if not row["big enough"]:
        out.append(f"too small: a contract this size needs a turnover of {_money(row['turnover needed for the size tests (£k)'] * 1e3)}")
    if not row["reserves enough"]:
        out.append(f"reserves too low: it must carry {_money(row['cash and risk to carry (£k)'] * 1e3)}")
    if not row["can afford the first bid"]:
        out.append(f"the first bid costs {_money(row['first bid with qualifying (£k)'] * 1e3)}, more than it would spend on one bid")
    return "; ".join(out) or "nothing"


def count(x: float) -> str:
    """Whole organisations (an expected count rounded for display), two significant figures from 100.

    >>> count(178.5), count(4.5), count(1443)
    ('180', '4', '1,400')
    """
    n = round(x)
    return approx(n) if n >= 100 else f"{n:,}"


def _describe(s: Setting, params: Parameters) -> str:
    level = (
        "one grant programme per police and crime commissioner"
        if s.effective_level == "commissioners"
        else params["lot_level"].label_of(s.effective_level).lower()
    )
    return f"{params['route'].label_of(s.route)}, {level}"


def _held(r: Result) -> str:
    return f"a {r.held} worth {_gbp(r.median_held_gbp)} a year"


def _summary(c: Comparison, params: Parameters) -> str:
    def one(name: str, r: Result) -> str:
        s = r.setting
        return (
            f"Under {name} ({_describe(s, params)}), a voluntary organisation would typically hold {_held(r)}. About "
            f"{count(r.can_take_part)} of the {s.population_total:,.0f} voluntary organisations could hold one, "
            f"{count(r.under_1m_can_take_part)} of them with an income under £1m; it takes a turnover of "
            f"{_gbp(r.median_turnover_needed_gbp)} to pass every test. {_gbp(r.vcs_spend_gbp_m * 1e6).capitalize()} a year "
            f"({approx_pct(r.vcs_share_pct)} of £{s.spend_gbp_m:,.0f}m) would reach the voluntary sector, and the sector would "
            f"spend {_gbp(r.bid_cost_gbp_m * 1e6)} a year bidding."
        )

    a, b = c.a, c.b
    diff = b.vcs_spend_gbp_m - a.vcs_spend_gbp_m
    verdict = (
        "The two settings send about the same money to the voluntary sector."
        if abs(diff) < 0.5
        else f"Setting {'B' if diff > 0 else 'A'} sends {_gbp(abs(diff) * 1e6)} a year more to the voluntary sector."
    )
    if a.held != b.held:
        verdict += f" The counts of organisations are for different contracts ({a.held} against {b.held}), so compare the money."
    return " ".join(
        [one("setting A", a), one("setting B", b), verdict, "These are what-if results from illustrative assumptions, not forecasts."]
    )


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


def _shown(x: float, unit: str, sign: bool = False) -> str:
    """One figure of the comparison table, rounded for display by its unit."""
    if x != x:
        return "not available"
    pre = ("+" if x > 0 else "-" if x < 0 else "") if sign else ("-" if x < 0 else "")
    v = abs(x)
    if unit == "organisations":
        return pre + count(v)
    if unit == "count":
        return f"{pre}{v:,.0f}"
    if unit == "%":
        return f"{pre}{approx(v)}%"
    return pre + _money(v * (1e6 if unit == "£m a year" else 1e3))


def comparison_view(a: Result, b: Result) -> TableView:
    """The side-by-side table, each row rounded by its unit (the download keeps full precision)."""
    t = commissioning.comparison(a, b)
    shown = pd.DataFrame(
        {
            "measure": t["measure"],
            "A": [_shown(x, u) for x, u in zip(t["A"], t["unit"])],
            "B": [_shown(x, u) for x, u in zip(t["B"], t["unit"])],
            "B minus A": [_shown(x, u, sign=True) for x, u in zip(t["B minus A"], t["unit"])],
        }
    )
    return TableView(
        "comparison",
        "Setting A and setting B side by side (illustrative, rounded)",
        shown,
        download=t,
        filename="q14_comparison.csv",
        note="Counts of organisations are for the contract each route offers, named in the first row; the money rows compare like with like.",
    )


def charity_view(c: Comparison, params: Parameters) -> TableView:
    """What each route offers the example charity (setting A's other settings, the typical lot)."""
    d = c.charity
    route = params["route"]
    turnover, reserves = c.values["charity_turnover_gbp_k"], c.values["charity_reserves_gbp_k"]
    shown = pd.DataFrame(
        {
            "route": [route.label_of(r) for r in d["route"]],
            "contract it would hold": [
                f"{k}, {_money(v * 1e3)} a year" for k, v in zip(d["contract held"], d["typical value (£k a year)"])
            ],
            "can it bid?": ["yes" if x else "no" for x in d["can_bid"]],
            "what stops it": [_stops(row) for _, row in d.iterrows()],
            "cost of one bid": [_money(x * 1e3) for x in d["cost of one bid (£k)"]],
            "bidding a year": [_money(x * 1e3) for x in d["bidding a year if it bids for all (£k)"]],
            "cash and risk to carry": [_money(x * 1e3) for x in d["cash and risk to carry (£k)"]],
            "gap after its reserves": [_money(x * 1e3) if x > 0 else "none" for x in d["cash-flow gap after reserves (£k)"]],
            "largest part": d["biggest part"],
        }
    )
    return TableView(
        "charity",
        f"What each route offers a charity with turnover £{turnover:,.0f}k and reserves £{reserves:,.0f}k (illustrative)",
        shown,
        download=d,
        filename="q14_one_charity.csv",
        note=(
            "Each route under setting A's other settings, in the typical lot. 'Bidding a year' assumes it bids for every "
            "competition in its area; 'cash and risk to carry' adds payment by results, payment in arrears, staff transfer "
            "and pensions, referrals that may not come and the gap below full cost, where the route carries them."
        ),
    )


def _main_barrier(d: pd.DataFrame) -> str:
    """The test that stops the example charity under most routes, in words."""
    tests = {"its size": "big enough", "its reserves": "reserves enough", "the cost of a bid": "can afford the first bid"}
    return max(tests, key=lambda k: int((~d[tests[k]]).sum()))


def key_points(c: Comparison) -> list[KeyPoint]:
    """Balanced key points for a consultation response on question 14; the last two follow the settings."""
    data = c.data
    named, share = fact("tr_subcontractors_named_in_winning_bids", data), fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct", data)
    minister = fact("vcse_in_crc_supply_chains_minister_2019", data)
    crs, six = fact("crs_share_funding_to_charities_vcse_pct", data), fact("crs_six_large_vcse_share_gbp_m", data)
    total, thin = fact("crs_initial_award_total_gbp_m", data), fact("crs_pct_competitions_one_or_zero_bidders", data)
    a, b = c.a, c.b
    more, diff = ("B", "A") if b.vcs_spend_gbp_m >= a.vcs_spend_gbp_m else ("A", "B")
    gap = abs(b.vcs_spend_gbp_m - a.vcs_spend_gbp_m)
    able = int(c.charity["can_bid"].sum())
    turnover = c.values["charity_turnover_gbp_k"]
    return [
        KeyPoint(
            f"Transforming Rehabilitation (TR) squeezed voluntary organisations out: {named.value:,.0f} subcontractors were named in "
            f"the 2014 winning bids, {share.value:.0f}% voluntary or mutual [{named.source_id}, {share.source_id}]; by June 2019 the "
            f"minister counted {minister.value:,.0f} voluntary organisations in Community Rehabilitation Company (CRC) supply "
            f"chains [{minister.source_id}].",
            "against",
            (named.source_id, share.source_id, minister.source_id),
        ),
        KeyPoint(
            f"A framework open to any qualifying provider can reach the sector: about {crs.value:.0f}% of the 2021 Dynamic "
            f"Framework's funding went to charities [{crs.source_id}].",
            "for",
            (crs.source_id,),
        ),
        KeyPoint(
            f"But mostly to large ones: £{six.value:,.0f}m of the £{total.value:,.0f}m went to six large charities, and "
            f"{thin.value:.0f}% of competitions had one bidder or none [{six.source_id}, {total.source_id}].",
            "against",
            (six.source_id, total.source_id),
        ),
        KeyPoint(
            f"Setting {more} sends {_gbp(gap * 1e6)} a year more to the voluntary sector than setting "
            f"{diff} (illustrative). The counts of organisations are for a {a.held} under A and a {b.held} under B.",
            "context",
        ),
        KeyPoint(
            f"The example charity (turnover £{turnover:,.0f}k) could bid under {able} of the {len(c.charity)} routes"
            + (f"; under the others, what stops it most often is {_main_barrier(c.charity)}" if able < len(c.charity) else "")
            + " (illustrative).",
            "context",
        ),
    ]


def views(c: Comparison) -> View:
    """Headlines for A and B, the summary, the band chart, the side-by-side table and the charity's view."""
    params = c.values.params  # type: ignore[attr-defined]
    a, b = c.a, c.b
    bands = commissioning.bands_long(a, b)

    def desc() -> str:
        return (
            "Bar chart of organisations who could hold the contract each route offers, by income band. "
            + ". ".join(
                f"Setting {n} ({r.held}): " + "; ".join(f"{row.band_label} {count(row.can_take_part)}" for row in r.by_band.itertuples())
                for n, r in (("A", a), ("B", b))
            )
            + "."
        )

    able = c.charity[c.charity["can_bid"]]
    route = params["route"]
    heads = [
        Headline(
            f"{n}: organisations that could hold the contract this route offers",
            f"about {count(r.can_take_part)} of {r.setting.population_total:,.0f} ({_held(r)})",
        )
        for n, r in (("A", a), ("B", b))
    ]
    heads += [
        Headline(
            f"{n}: money reaching the voluntary sector",
            f"{_gbp(r.vcs_spend_gbp_m * 1e6)} a year ({approx_pct(r.vcs_share_pct)} of £{r.setting.spend_gbp_m:,.0f}m)",
        )
        for n, r in (("A", a), ("B", b))
    ]
    heads += [Headline(f"{n}: bidding cost to the sector", f"{_gbp(r.bid_cost_gbp_m * 1e6)} a year") for n, r in (("A", a), ("B", b))]
    heads.append(
        Headline(
            "The example charity could bid under",
            f"{len(able)} of {len(c.charity)} routes"
            + (f" ({', '.join(route.label_of(x).lower() for x in able['route'])})" if len(able) else ""),
        )
    )
    caveats = [
        Notice(
            "A what-if tool, not a forecast: the model counts who could pass the tests for the contract each route offers and "
            "shares spend by the expected number of bidders. Values marked illustrative are this project's assumptions.",
            "info",
            "illustrative",
        )
    ]
    if a.held != b.held:
        caveats.append(
            Notice(
                f"Setting A's counts are for a {a.held} and setting B's for a {b.held}: different contracts. Compare the money "
                "reaching the voluntary sector for like with like.",
                "info",
            )
        )
    return View(
        key_points=key_points(c),
        headlines=heads,
        summary=_summary(c, params),
        caveats=caveats,
        charts=[
            ChartView(
                "bands",
                "Who could hold the contract each route offers, by size of organisation",
                _band_template().fill(bands=bands),
                desc,
                bands[["scenario", "contract held", "band_label", "organisations", "can_take_part"]].rename(
                    columns={
                        "scenario": "setting",
                        "band_label": "size of organisation",
                        "organisations": "organisations in band",
                        "can_take_part": "could hold the contract",
                    }
                ),
                {"organisations in band": ",.0f", "could hold the contract": ",.0f"},
            )
        ],
        tables=lambda: [comparison_view(a, b), charity_view(c, params)],
    )


def routes_table(data: DataSource) -> TableView:
    """The four routes and how the model treats each."""
    route = BRIEFING.parameters(data)["route"]
    return TableView(
        "routes",
        "The five routes in the model",
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
    question_text=QUESTION,
    run=commissioning.run,
    views=views,
    datasets=("force_areas", "membership", "areas", "crcs", "structures", "facts", "parameters_q14", "presets_q14"),
    sources=("Q01", "S2", "S31", "F44", "V22", "V24"),
    headline=lambda c: float(c.b.vcs_spend_gbp_m - c.a.vcs_spend_gbp_m),
    headline_label="Setting B minus setting A: money reaching the voluntary sector",
    headline_unit="£m a year",
)
