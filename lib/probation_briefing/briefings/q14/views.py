"""Q14's views: the headlines, summary, caveats, key points, band chart and tables for settings A and B.

The commissioning model returns data (``models.commissioning``: snake_case columns, money in £ or £k); the labels a
reader sees are applied here. Money is rounded to two significant figures, in £k or £m:

>>> gbp(560_400), gbp(999_600), money(36_000)
('about £560k', 'about £1.0m', '£36k')

and the side-by-side table keeps full precision for its download:

>>> from probation_briefing.briefings import q14
>>> from probation_briefing.data import source
>>> r = q14.run(q14.BRIEFING.parameters(source()).defaults(), source())
>>> comparison(r.a, r.b).columns.tolist()
['measure', 'unit', 'A', 'B', 'B minus A']
>>> views(r).headlines[0].label
'A: organisations that could hold the contract this route offers'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...data.params import Parameters
from ...models import commissioning
from ...present.readable import readable, round_figures
from ..contract import ChartView, Headline, Notice, TableView, View, approx, approx_pct
from .charts import band_chart
from .points import about_the_same, key_points
from .run import Result
from .text import count, gbp, money

# The cash and risk terms of ``commissioning.Setting.risk_terms``, in words.
TERM_LABELS = {
    "pbr": "payment by results at risk",
    "arrears": "paid in arrears",
    "tupe": "staff transfer and pensions",
    "volume": "referrals that may not come",
    "below_cost": "price below full cost",
}
# The example charity's table as the download names its columns (``commissioning.charity_view`` returns the keys).
CHARITY_COLUMNS = {
    "route": "route",
    "held": "contract held",
    "typical_value_gbp_k": "typical value (£k a year)",
    "can_bid": "can_bid",
    "big_enough": "big enough",
    "size_turnover_needed_gbp_k": "turnover needed for the size tests (£k)",
    "reserves_enough": "reserves enough",
    "affords_first_bid": "can afford the first bid",
    "first_bid_gbp_k": "first bid with qualifying (£k)",
    "one_bid_gbp_k": "cost of one bid (£k)",
    "qualify_gbp_k": "qualifying (£k, once a term)",
    "bidding_a_year_gbp_k": "bidding a year if it bids for all (£k)",
    "carry_gbp_k": "cash and risk to carry (£k)",
    "gap_after_reserves_gbp_k": "cash-flow gap after reserves (£k)",
    "biggest_term": "biggest part",
}


def _lower_first(label: str) -> str:
    """A label inside a sentence: its first letter in lower case, proper names (Delivery Partner) kept.

    >>> _lower_first("Lead Delivery Partner with a supply chain (2027 model)")
    'lead Delivery Partner with a supply chain (2027 model)'
    """
    return label[:1].lower() + label[1:]


def _stops(row: Any) -> str:
    """What stops the example charity bidding under one route (a row of ``commissioning.charity_view``), in words."""
    out = []
    if not row["big_enough"]:
        out.append(f"too small: a contract this size needs a turnover of {money(row['size_turnover_needed_gbp_k'] * 1e3)}")
    if not row["reserves_enough"]:
        out.append(f"reserves too low: it must carry {money(row['carry_gbp_k'] * 1e3)}")
    if not row["affords_first_bid"]:
        out.append(f"the first bid costs {money(row['first_bid_gbp_k'] * 1e3)}, more than it would spend on one bid")
    return "; ".join(out) or "nothing"


def _describe(s: commissioning.Setting, params: Parameters) -> str:
    level = (
        "one grant programme per police and crime commissioner"
        if s.effective_level == "commissioners"
        else params["lot_level"].label_of(s.effective_level).lower()
    )
    return f"{params['route'].label_of(s.route)}, {level}"


def _held(r: commissioning.Result) -> str:
    return f"a {r.held} worth {gbp(r.median_held_gbp)} a year"


def _summary(res: Result, params: Parameters) -> str:
    def one(name: str, r: commissioning.Result) -> str:
        s = r.setting
        return (
            f"Under {name} ({_describe(s, params)}), a voluntary organisation would typically hold {_held(r)}. About "
            f"{count(r.can_take_part)} of the {s.population_total:,.0f} voluntary organisations could hold one, "
            f"{count(r.under_1m_can_take_part)} of them with an income under £1m; it takes a turnover of "
            f"{gbp(r.median_turnover_needed_gbp)} to pass every test. {gbp(r.vcs_spend_gbp_m * 1e6).capitalize()} a year "
            f"({approx_pct(r.vcs_share_pct)} of £{s.spend_gbp_m:,.0f}m) would reach the voluntary sector, and the sector would "
            f"spend {gbp(r.bid_cost_gbp_m * 1e6)} a year bidding."
        )

    a, b = res.a, res.b
    diff = b.vcs_spend_gbp_m - a.vcs_spend_gbp_m
    if a.setting == b.setting:
        verdict = "Settings A and B are the same, so they send the same money to the voluntary sector."
    elif about_the_same(a, b):
        verdict = "The two settings send about the same money to the voluntary sector."
    else:
        verdict = f"Setting {'B' if diff > 0 else 'A'} sends {gbp(abs(diff) * 1e6)} a year more to the voluntary sector."
    if a.held != b.held:
        verdict += f" The counts of organisations are for different contracts ({a.held} against {b.held}), so compare the money."
    return " ".join(
        [one("setting A", a), one("setting B", b), verdict, "These are what-if results from illustrative assumptions, not forecasts."]
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
    return pre + money(v * (1e6 if unit == "£m a year" else 1e3))


def comparison(a: commissioning.Result, b: commissioning.Result) -> pd.DataFrame:
    """Headline outputs of two settings side by side, with the change from A to B (the side-by-side table's download).

    Counts of organisations refer to the contract each route offers (named in the first row), so the money rows are the
    like-for-like comparison.
    """

    def row(label: str, fa: float, fb: float, unit: str) -> dict[str, Any]:
        return {"measure": label, "unit": unit, "A": fa, "B": fb, "B minus A": fb - fa}

    return pd.DataFrame(
        [
            row(
                f"Yearly value of the typical contract held (A: {a.held}; B: {b.held})",
                a.median_held_gbp / 1e6,
                b.median_held_gbp / 1e6,
                "£m a year",
            ),
            row("Providers who could hold that contract", a.can_take_part, b.can_take_part, "organisations"),
            row("of which with income under £1m", a.under_1m_can_take_part, b.under_1m_can_take_part, "organisations"),
            row("Money reaching the voluntary sector a year", a.vcs_spend_gbp_m, b.vcs_spend_gbp_m, "£m a year"),
            row("Share of spend reaching the voluntary sector", a.vcs_share_pct, b.vcs_share_pct, "%"),
            row("Bidding cost the sector carries a year", a.bid_cost_gbp_m, b.bid_cost_gbp_m, "£m a year"),
            row("Competitions a year (including subcontracts)", a.competitions_per_year, b.competitions_per_year, "count"),
            row(
                "Turnover needed to hold that contract (typical)",
                a.median_turnover_needed_gbp / 1e3,
                b.median_turnover_needed_gbp / 1e3,
                "£k",
            ),
        ]
    )


def comparison_table(a: commissioning.Result, b: commissioning.Result) -> TableView:
    """The side-by-side table, each row rounded by its unit (the download keeps full precision)."""
    t = comparison(a, b)
    shown = pd.DataFrame(
        {
            "measure": t["measure"],
            "A": [_shown(x, u) for x, u in zip(t["A"], t["unit"])],
            "B": [_shown(x, u) for x, u in zip(t["B"], t["unit"])],
            "B minus A": [_shown(x, u, sign=True) for x, u in zip(t["B minus A"], t["unit"])],
        }
    )
    by_unit = {"count": lambda v: round(v)}
    rounded = {c: [by_unit.get(u, lambda v: round_figures(v, 2))(x) for x, u in zip(t[c], t["unit"])] for c in ("A", "B", "B minus A")}
    reader = readable(t.assign(**rounded).rename(columns={"A": "setting A", "B": "setting B"}), rounded=True)
    return TableView(
        "comparison",
        "Setting A and setting B side by side (illustrative, rounded)",
        shown,
        download=t,
        readable=reader,
        filename="q14_comparison.csv",
        note="Counts of organisations are for the contract each route offers, named in the first row; the money rows compare like with like.",
    )


def charity_table(res: Result, params: Parameters) -> TableView:
    """What each route offers the example charity (setting A's other settings, the typical lot); the download is the
    model's table with the column names and term labels of ``CHARITY_COLUMNS`` and ``TERM_LABELS``."""
    d = res.charity
    route = params["route"]
    turnover, reserves = res.scenario["charity_turnover_gbp_k"], res.scenario["charity_reserves_gbp_k"]
    terms = [TERM_LABELS.get(t, "none") for t in d["biggest_term"]]
    shown = pd.DataFrame(
        {
            "route": [route.label_of(r) for r in d["route"]],
            "contract it would hold": [f"{k}, {money(v * 1e3)} a year" for k, v in zip(d["held"], d["typical_value_gbp_k"])],
            "can it bid?": ["yes" if x else "no" for x in d["can_bid"]],
            "what stops it": [_stops(row) for _, row in d.iterrows()],
            "cost of one bid": [money(x * 1e3) for x in d["one_bid_gbp_k"]],
            "bidding a year": [money(x * 1e3) for x in d["bidding_a_year_gbp_k"]],
            "cash and risk to carry": [money(x * 1e3) for x in d["carry_gbp_k"]],
            "gap after its reserves": [money(x * 1e3) if x > 0 else "none" for x in d["gap_after_reserves_gbp_k"]],
            "largest part": terms,
        }
    )
    return TableView(
        "charity",
        f"What each route offers a charity with turnover £{turnover:,.0f}k and reserves £{reserves:,.0f}k (illustrative)",
        shown,
        download=d.assign(biggest_term=terms).rename(columns=CHARITY_COLUMNS),
        readable=readable(
            d.assign(biggest_term=terms, route=[route.label_of(r) for r in d["route"]])
            .rename(columns=CHARITY_COLUMNS)
            .rename(columns={"can_bid": "can it bid"}),
            figures=2,
        ),
        filename="q14_one_charity.csv",
        note=(
            "Each route under setting A's other settings, in the typical lot. 'Bidding a year' assumes it bids for every "
            "competition in its area; 'cash and risk to carry' adds payment by results, payment in arrears, staff transfer "
            "and pensions, referrals that may not come and the gap below full cost, where the route carries them."
        ),
    )


def views(res: Result) -> View:
    """Headlines for A and B, the summary, the band chart, the side-by-side table and the charity's view."""
    params = res.scenario.params
    a, b = res.a, res.b
    bands, bands_table = band_chart(a, b)

    def desc() -> str:
        return (
            "Bar chart of organisations who could hold the contract each route offers, by income band. "
            + ". ".join(
                f"Setting {n} ({r.held}): " + "; ".join(f"{row.band_label} {count(row.can_take_part)}" for row in r.by_band.itertuples())
                for n, r in (("A", a), ("B", b))
            )
            + "."
        )

    able = res.charity[res.charity["can_bid"]]
    route = params["route"]
    heads = [
        Headline(
            f"{n}: organisations that could hold the contract this route offers",
            f"about {count(r.can_take_part)} of {r.setting.population_total:,.0f} ({_held(r)})",
            amount=float(r.can_take_part),
            unit="organisations",
        )
        for n, r in (("A", a), ("B", b))
    ]
    heads += [
        Headline(
            f"{n}: money reaching the voluntary sector",
            f"{gbp(r.vcs_spend_gbp_m * 1e6)} a year ({approx_pct(r.vcs_share_pct)} of £{r.setting.spend_gbp_m:,.0f}m)",
            amount=r.vcs_spend_gbp_m * 1e6,
            unit="£ a year",
        )
        for n, r in (("A", a), ("B", b))
    ]
    heads += [
        Headline(
            f"{n}: bidding cost to the sector", f"{gbp(r.bid_cost_gbp_m * 1e6)} a year", amount=r.bid_cost_gbp_m * 1e6, unit="£ a year"
        )
        for n, r in (("A", a), ("B", b))
    ]
    heads.append(
        Headline(
            "The example charity could bid under",
            f"{len(able)} of {len(res.charity)} routes"
            + (f" ({', '.join(_lower_first(route.label_of(x)) for x in able['route'])})" if len(able) else ""),
            amount=len(able),
            unit="routes",
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
        key_points=key_points(res),
        headlines=heads,
        summary=_summary(res, params),
        caveats=caveats,
        charts=[
            ChartView(
                "bands",
                "Who could hold the contract each route offers, by size of organisation",
                bands,
                desc,
                bands_table,
                {"organisations in band": ",.0f", "could hold the contract": ",.0f"},
            )
        ],
        tables=lambda: [comparison_table(a, b), charity_table(res, params)],
    )
