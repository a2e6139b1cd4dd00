"""Q14's key points for a consultation response: three from the record (the first ends with what the Ministry chose for
2027, from the timeline: a lead provider with a supply chain again), and two that follow the settings (B against A, and
the example charity), each tagged by the sign and size of what it reports. A point that favours a dynamic purchasing
system says what the Procurement Act 2023 changed.

>>> from probation_briefing.briefings import q14
>>> from probation_briefing.data import source
>>> r = q14.run(q14.BRIEFING.parameters(source()).defaults(), source())
>>> [k.stance for k in key_points(r)]
['against', 'for', 'against', 'for', 'against']
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ...data import DataSource
from ...data.facts import fact
from ...data.timeline import as_at, events
from ...models import commissioning
from ...present.dates import long_date
from ..contract import KeyPoint, approx, approx_pct
from .run import Result
from .text import gbp

SAME_MONEY_PCT = 1.0  # B and A send "about the same" money when they differ by less than this share of the larger spend


COMPARISON, CHARITY = 3, 4  # where the two points that follow the settings stand in ``key_points``


def _event(data: DataSource, event_id: str) -> pd.Series:
    """One row of the timeline (``data/timeline.csv``)."""
    ev = events("q14", data=data).set_index("event_id")
    return ev.loc[event_id]


def _ids(row: pd.Series) -> list[str]:
    """A timeline row's source, then the sources it is also seen in."""
    also = row["see_also"] if isinstance(row["see_also"], str) else ""
    return [row["source_id"], *[x for x in also.split("|") if x]]


def dps_now(data: DataSource) -> tuple[str, tuple[str, ...]]:
    """What the Procurement Act 2023 changed for a dynamic purchasing system, in one sentence with its sources (the
    timeline's rows ``procurement_act`` and ``dps_expire``)."""
    act, lapse = _event(data, "procurement_act"), _event(data, "dps_expire")
    ids = tuple(dict.fromkeys([*_ids(act), *_ids(lapse)]))
    text = (
        f"New procurements since {long_date(act['date'])} use a dynamic market, not a dynamic purchasing system (Procurement Act "
        f"2023); existing systems lapse on {long_date(lapse['date'])} (a law firm's reading) [{', '.join(ids)}]."
    )
    return text, ids


def model_2027(data: DataSource) -> tuple[str, tuple[str, ...]]:
    """The Ministry's choice for 2027, in one sentence with its sources (the timeline and the tender notice's figures):
    back to a lead provider with a supply chain, and, while no award has been seen, that it is still a plan."""
    model, tender = _event(data, "cs4m_model"), _event(data, "cs4m_tender")
    golive, award = _event(data, "cs4m_golive"), _event(data, "cs4m_award")
    years, more = fact("cs4m_contract_years", data), fact("cs4m_extension_years", data)
    ids = tuple(dict.fromkeys([model["source_id"], tender["source_id"], years.source_id]))
    pending = f" (no award seen by {long_date(as_at().isoformat())})" if award["state"] == "planned" else ""
    text = (
        "For 2027 the Ministry has returned to a lead provider with a supply chain: a 'Delivery Partner' for Wales and "
        f"England other than Greater Manchester, {years.value:.0f} years with up to {more.value:.0f} more from "
        f"{long_date(golive['date'])}{pending} [{', '.join(ids)}]."
    )
    return text, ids


def about_the_same(a: commissioning.Result, b: commissioning.Result) -> bool:
    """Whether two settings send about the same money to the voluntary sector: a difference of less than
    ``SAME_MONEY_PCT``% of the larger spend (at £55m a year, about £0.55m), too small to call a direction."""
    return abs(b.vcs_spend_gbp_m - a.vcs_spend_gbp_m) < SAME_MONEY_PCT / 100 * max(a.setting.spend_gbp_m, b.setting.spend_gbp_m)


def stance_of(res: Result) -> str:
    """Which way the settings-dependent comparison cuts: "for" setting B when it sends clearly more money to the
    voluntary sector than setting A, "against" when clearly less, "context" when the settings are the same or the
    difference is too small to call."""
    a, b = res.a, res.b
    if a.setting == b.setting or about_the_same(a, b):
        return "context"
    return "for" if b.vcs_spend_gbp_m > a.vcs_spend_gbp_m else "against"


def comparison_point(res: Result) -> KeyPoint:
    """The key point on B against A: what the model gives at the current settings, said to be that and no more (the
    "How sure are we?" panel, too slow to run at every change, says whether the direction holds)."""
    a, b = res.a, res.b
    stance = stance_of(res)
    if a.setting == b.setting:
        return KeyPoint(
            "Settings A and B are the same, so the model gives no difference between them: change the route, or another "
            "setting, for one of them to compare two ways of commissioning (illustrative)."
            + (" " + dps_now(res.data)[0] if a.setting.route == "dps" else ""),
            "context",
        )
    counts = f" The counts of organisations are for a {a.held} under A and a {b.held} under B." if a.held != b.held else ""
    if "dps" in (a.setting.route, b.setting.route):
        counts += " " + dps_now(res.data)[0]
    if stance == "context":
        text = (
            "At these settings, settings A and B send about the same money to the voluntary sector ("
            + (
                f"{gbp(a.vcs_spend_gbp_m * 1e6)} a year each"
                if gbp(a.vcs_spend_gbp_m * 1e6) == gbp(b.vcs_spend_gbp_m * 1e6)
                else f"{gbp(a.vcs_spend_gbp_m * 1e6)} and {gbp(b.vcs_spend_gbp_m * 1e6).removeprefix('about ')} a year"
            )
            + "; illustrative)."
        )
    else:
        more = "B" if stance == "for" else "A"
        gap = abs(b.vcs_spend_gbp_m - a.vcs_spend_gbp_m)
        text = (
            f"Setting B sends {gbp(gap * 1e6)} a year {'more' if stance == 'for' else 'less'} to the voluntary sector than "
            f"setting A ({approx_pct(b.vcs_share_pct)} of its spend against {approx(a.vcs_share_pct)}%; illustrative). "
            f"That holds at these settings only: 'How sure are we?' shows whether setting {more} still sends more when the "
            "uncertain assumptions move."
        )
    return KeyPoint(text + counts, stance)


def charity_point(res: Result) -> KeyPoint:
    """The key point on the example charity: for setting B when it could bid under B's route (on B's terms) and not
    under A's (on A's terms), against in the opposite case, context when the two are alike for it. Each route is
    judged under its own setting's terms, so a comparison of two set-ups (the 2021 framework against the 2027 model,
    say) is like for like for the charity."""
    ra, rb = res.a.setting.route, res.b.setting.route
    can_a = bool(res.charity.set_index("route").loc[ra, "can_bid"])
    can_b = bool(res.charity_b.set_index("route").loc[rb, "can_bid"])
    other = res.a.setting != replace(res.b.setting, route=ra)
    able = int(res.charity["can_bid"].sum())
    turnover = res.scenario["charity_turnover_gbp_k"]
    text = f"The example charity (turnover £{turnover:,.0f}k) could bid under {able} of the {len(res.charity)} routes"
    text += " on setting A's terms" if other else ""
    if able < len(res.charity):
        text += f"; under the others, what stops it most often is {_main_barrier(res.charity)}"
    if can_a == can_b:
        stance = "context"
        if ra == rb:
            text += f". It {'could' if can_a else 'could not'} bid for a {res.a.held}, the contract both settings offer"
        else:
            text += f". It {'could bid under both' if can_a else 'could bid under neither'} of the two settings' routes"
    else:
        stance = "for" if can_b else "against"
        yes, no = (res.b, res.a) if can_b else (res.a, res.b)
        text += (
            f". It could bid for a {yes.held} under setting {'B' if can_b else 'A'} but not for a {no.held} under "
            f"setting {'A' if can_b else 'B'}"
        )
    text += " (each route under its own setting's terms; illustrative)." if other else " (illustrative)."
    if stance != "context" and (rb if can_b else ra) == "dps":  # a dynamic purchasing system comes out ahead
        text += " " + dps_now(res.data)[0]
    return KeyPoint(text, stance)


def _main_barrier(d: pd.DataFrame) -> str:
    """The test that stops the example charity under most routes, in words."""
    tests = {"its size": "big_enough", "its reserves": "reserves_enough", "the cost of a bid": "affords_first_bid"}
    return max(tests, key=lambda k: int((~d[tests[k]]).sum()))


def key_points(res: Result) -> list[KeyPoint]:
    """Balanced key points for a consultation response on question 14; the last two (``COMPARISON``, ``CHARITY``)
    follow the settings."""
    data = res.data
    named, share = fact("tr_subcontractors_named_in_winning_bids", data), fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct", data)
    minister = fact("vcse_in_crc_supply_chains_minister_2019", data)
    crs, six = fact("crs_share_funding_to_charities_vcse_pct", data), fact("crs_six_large_vcse_share_gbp_m", data)
    total, thin = fact("crs_initial_award_total_gbp_m", data), fact("crs_pct_competitions_one_or_zero_bidders", data)
    then, then_ids = model_2027(data)
    return [
        KeyPoint(
            f"Transforming Rehabilitation (TR) squeezed voluntary organisations out: {named.value:,.0f} subcontractors were named in "
            f"the 2014 winning bids, {share.value:.0f}% voluntary or mutual [{', '.join(dict.fromkeys([named.source_id, share.source_id]))}]; "
            "by June 2019 the "
            f"minister counted {minister.value:,.0f} voluntary organisations in Community Rehabilitation Company (CRC) supply "
            f"chains [{minister.source_id}]. {then}",
            "against",
            (named.source_id, share.source_id, minister.source_id, *then_ids),
        ),
        KeyPoint(
            f"A framework open to any qualifying provider can reach the sector: about {crs.value:.0f}% of the 2021 Dynamic "
            f"Framework's funding went to charities [{crs.source_id}].",
            "for",
            (crs.source_id,),
        ),
        KeyPoint(
            f"But mostly to large ones: £{six.value:,.0f}m of the £{total.value:,.0f}m first awarded (for 3 to 4 years) went to six "
            f"large charities, and "
            f"{thin.value:.0f}% of competitions had one bidder or none [{six.source_id}, {total.source_id}].",
            "against",
            (six.source_id, total.source_id),
        ),
        comparison_point(res),
        charity_point(res),
    ]
