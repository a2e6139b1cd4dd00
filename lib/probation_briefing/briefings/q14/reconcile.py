"""Does the Q14 model reproduce what happened? The model at the 2021 Dynamic Framework's scale beside the record.

The default settings describe the 2021 Dynamic Framework's first awards: about £55m a year (£195m for contracts of 3
to 4 years), the 12 probation regions, and 9 contracts per region (110 contracts). Setting B, a dynamic purchasing
system, is the route the framework resembled, so it is the one checked. The record's figures are in the data package
(``facts.csv``); none of them was used to set the assumptions the model is checked on.

>>> from probation_briefing.data import source
>>> [c.what for c in reconcile(source())]  # doctest: +NORMALIZE_WHITESPACE
['Share of the money reaching the voluntary sector', 'Typical yearly value of a call-off contract',
 'Bidders in the typical competition']
"""

from __future__ import annotations

from ...data import DataSource
from ...data.facts import fact
from ...data.params import Scenario, parameters
from ...models import commissioning
from ..contract import Check, approx

# The 2021 contracts ran 3 to 4 years (the period of facts.csv's crs_initial_award_total_gbp_m): the midpoint is taken.
YEARS_2021 = 3.5
SHARE_POINTS = 10.0  # the share is reproduced if within this many percentage points
VALUE_FACTOR = 2.0  # the typical call-off is reproduced if within this factor either way
BIDDERS_MAX = 1.5  # half the competitions had one bidder or none: the typical one rounds to one or fewer


def record_scenario(data: DataSource) -> Scenario:
    """The settings the model is checked at: the defaults, whose setting B is the 2021 Dynamic Framework's scale."""
    return parameters("q14", data).defaults()


def settings_used(s: Scenario, data: DataSource) -> str:
    """The settings a check used, in words (setting B's own; every other setting at its default)."""
    level = s["lot_level_b"]
    if level == "regional":
        title = data.load("structures").set_index("structure").loc[s["structure_b"], "title"]
        lots = f"one lot for each of the {title}"
    else:
        lots = s.params["lot_level"].label_of(level).lower()
    route = commissioning.HELD[s["route_b"]].removesuffix(" call-off")
    return (
        f"Setting B at the default settings: a {route}, {lots}, £{s['spend_gbp_m_b']:,.0f}m a year, "
        f"{s['call_offs_per_lot_b']:,.0f} call-offs per lot; every other setting, including the shared assumptions about "
        "the voluntary sector and the market, at its default."
    )


def reconcile(data: DataSource) -> list[Check]:
    """The model at the 2021 scale against the published share to charities, the typical contract's value and how
    many bidders a competition drew."""
    s = record_scenario(data)
    b = commissioning.evaluate(commissioning.setting(s, "B"), data)
    used = settings_used(s, data)
    share = fact("crs_share_funding_to_charities_vcse_pct", data)
    total, contracts = fact("crs_initial_award_total_gbp_m", data), fact("crs_contracts_awarded_so_far", data)
    thin = fact("crs_pct_competitions_one_or_zero_bidders", data)

    typical = float(total.value / contracts.value / YEARS_2021)  # £m a year per contract
    held, share_pct = float(b.median_held_gbp / 1e6), float(b.vcs_share_pct)
    bidders = float(b.by_lot["bidders"].median())
    return [
        Check(
            "Share of the money reaching the voluntary sector",
            share_pct,
            float(share.value),
            "%",
            f"within {SHARE_POINTS:g} percentage points",
            bool(abs(share_pct - share.value) <= SHARE_POINTS),
            share.source_id,
            f"{used} The record is 'around two-thirds' of the 2021 Dynamic Framework's funding going to charities; the model's "
            "figure is the voluntary sector's expected share of the money. Neither the share that bid nor the other bidders "
            "were set from this figure."
            + (
                f" The model reaches it with about {approx(bidders)} bidders in the typical competition, more than the record "
                "shows (see the bidders check), so the match may be partly by chance."
                if bidders > BIDDERS_MAX
                else ""
            ),
        ),
        Check(
            "Typical yearly value of a call-off contract",
            held,
            typical,
            "£m a year",
            f"between 1/{VALUE_FACTOR:g} and {VALUE_FACTOR:g} times the record",
            bool(1 / VALUE_FACTOR <= held / typical <= VALUE_FACTOR),
            total.source_id,
            f"{used} The record is derived: £{total.value:,.0f}m first awarded for contracts of 3 to 4 years "
            f"({YEARS_2021:g} taken), over {contracts.value:,.0f} contracts [{contracts.source_id}], is about "
            f"£{approx(typical)}m a year each, an average; the model's figure is the median across the regions.",
        ),
        Check(
            "Bidders in the typical competition",
            bidders,
            1.0,
            "bidders per competition",
            f"at most {BIDDERS_MAX:g}, so that the typical competition has one bidder or none",
            bool(bidders <= BIDDERS_MAX),
            thin.source_id,
            f"{used} The record: {thin.value:.0f}% of the 2021 competitions had one bidder or none (the Oldfield Review, as "
            "reported), so the typical competition had at most one. The model's figure is the expected number of bidders of "
            "every kind per competition in the median region: the eligible voluntary providers that bid plus the other "
            "bidders. An average is not a count, but an average this far above one cannot give half the competitions one "
            "bidder or none without a very uneven spread.",
        ),
    ]
