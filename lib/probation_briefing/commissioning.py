"""Q14 what-if model: which voluntary-sector providers could take part under each commissioning route.

A deliberately simple, transparent model (pure functions; every input is a parameter in
data/parameters_q14.csv or a figure in data/facts.csv):

* The sector: ``population_total`` criminal-justice voluntary organisations, split across five income
  bands in the proportions of the whole UK voluntary sector (NCVO bands). Within a band, turnover is
  spread evenly on a log scale between the band's bounds.
* Lots: annual spend is split over lots in proportion to population (one national lot, one per area of
  the chosen structure, or one per police force area); each lot is split into ``contracts_per_lot``
  equal contracts.
* A provider can hold a contract of value C if its turnover T meets every test: T >= minimum turnover;
  T >= funding requirement x C (it can show funding equal to its turnover); reserves x T >= payment-by-
  results share x C (it can carry a year's at-risk payments); T >= C / capacity multiple.
* Routes change what a voluntary provider bids for: a subcontract in a prime's supply chain, a rate-card
  listing (one application, no method statement per contract), a framework/DPS call-off, or a grant
  from a police and crime commissioner (force-area lots, not paid by results).
* Providers in each area compete for that area's contracts. Expected voluntary-sector bidders per
  competition = eligible providers in the area x bid rate; the sector's expected share of a contract
  is its bidders / (its bidders + other bidders).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from . import charts, regions
from .data import load
from .errors import InputError
from .facts import fact
from .params import parameters

BRIEFING = "q14"
ROUTES = ("supply_chain", "rate_card", "framework_dps", "grants_pcc")
ROUTE_LABELS = {
    "supply_chain": "Sub-contracting in a prime's supply chain",
    "rate_card": "Rate-card purchase",
    "framework_dps": "Framework / dynamic purchasing system",
    "grants_pcc": "Grants or co-commissioning with PCCs",
}
ROUTE_RULES = {
    "supply_chain": "Voluntary providers bid to a prime for a subcontract: a share of the prime contract split between several subcontractors. They can also bid as prime if they pass the tests for the whole contract.",
    "rate_card": "Providers apply to be listed on a price list and are paid per referral. An application is costed at the fixed cost only (no proposal written for each contract).",
    "framework_dps": "Providers meeting the criteria join the framework, then bid in call-off competitions for each contract.",
    "grants_pcc": "Each police and crime commissioner awards grants in its own force area: lots are always the 43 force areas and grants are not paid by results.",
}
LOT_LEVELS = ("national", "regional", "local")
LEVEL_LABELS = {"national": "One national lot", "regional": "Regional lots (chosen structure)", "local": "Local lots (43 force areas)"}

# Income bands (NCVO Almanac): fact id for each band's share of organisations, and the inner bounds that
# define the band. The lowest and highest bounds are model parameters (no published value).
BANDS = (
    ("micro", "Micro (under £10k)", "vcs_orgs_micro_pct", None, 10_000.0),
    ("small", "Small (£10k-£100k)", "vcs_orgs_small_pct", 10_000.0, 100_000.0),
    ("medium", "Medium (£100k-£1m)", "vcs_orgs_medium_pct", 100_000.0, 1_000_000.0),
    ("large", "Large (£1m-£10m)", "vcs_orgs_large_pct", 1_000_000.0, 10_000_000.0),
    ("major", "Major (over £10m)", "vcs_orgs_major_pct", 10_000_000.0, None),
)
BAND_LABELS = {b[0]: b[1] for b in BANDS}

SCENARIO_KEYS = ("route", "lot_level", "structure", "contracts_per_lot", "spend_gbp_m", "min_turnover_gbp_k",
                 "funding_req_pct", "pbr_pct", "reserves_pct", "competitions_per_year", "bid_cost_pct",
                 "bid_cost_fixed_gbp_k", "bid_rate_pct", "other_bidders", "subcontract_share_pct", "subcontracts_per_contract")
SHARED_KEYS = ("population_total", "capacity_multiple", "micro_floor_gbp_k", "major_cap_gbp_m")


@dataclass(frozen=True)
class Scenario:
    """One set of commissioning choices (route, lots, admission tests, bidding) plus the shared sector assumptions."""

    route: str = "supply_chain"
    lot_level: str = "regional"
    structure: str = "proposed_2018"
    contracts_per_lot: float = 1
    spend_gbp_m: float = 280
    min_turnover_gbp_k: float = 0
    funding_req_pct: float = 50
    pbr_pct: float = 10
    reserves_pct: float = 25
    competitions_per_year: float = 0.14
    bid_cost_pct: float = 1.25
    bid_cost_fixed_gbp_k: float = 5
    bid_rate_pct: float = 50
    other_bidders: float = 1
    subcontract_share_pct: float = 20
    subcontracts_per_contract: float = 14
    population_total: float = 1443
    capacity_multiple: float = 3
    micro_floor_gbp_k: float = 1
    major_cap_gbp_m: float = 100

    def __post_init__(self) -> None:
        if self.route not in ROUTES:
            raise InputError(f"Route '{self.route}' is not one of {', '.join(ROUTES)}")
        if self.lot_level not in LOT_LEVELS:
            raise InputError(f"Lot size '{self.lot_level}' is not one of {', '.join(LOT_LEVELS)}")
        if self.structure not in regions.STRUCTURES:
            raise InputError(f"Structure '{self.structure}' is not one of {', '.join(regions.STRUCTURES)}")
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name in ("route", "lot_level", "structure"):
                continue
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v < 0:
                raise InputError(f"{f.name} must be a finite number of zero or more (got {v!r})")
        for name in ("contracts_per_lot", "subcontracts_per_contract", "reserves_pct", "capacity_multiple", "micro_floor_gbp_k"):
            if getattr(self, name) <= 0:
                raise InputError(f"{name} must be more than zero")
        for name in ("funding_req_pct", "pbr_pct", "bid_rate_pct", "subcontract_share_pct"):
            if getattr(self, name) > 100:
                raise InputError(f"{name} is a percentage and cannot exceed 100")
        if self.major_cap_gbp_m * 1e6 <= BANDS[-1][3] or self.micro_floor_gbp_k * 1e3 >= BANDS[0][4]:
            raise InputError("The band floor must be below £10k and the band cap above £10m")

    @property
    def effective_level(self) -> str:
        """Lot level actually used: PCC grants are always local."""
        return "local" if self.route == "grants_pcc" else self.lot_level

    @property
    def effective_pbr_pct(self) -> float:
        """Payment-by-results share actually used: grants are not paid by results."""
        return 0.0 if self.route == "grants_pcc" else self.pbr_pct


def scenario_from_values(values: dict[str, Any], suffix: str = "") -> Scenario:
    """Build a Scenario from parameter values keyed by param_id; ``suffix`` (e.g. '_b') picks the second scenario."""
    kw: dict[str, Any] = {}
    for k in SCENARIO_KEYS:
        key = f"{k}{suffix}"
        if key not in values:
            raise InputError(f"missing setting '{key}'")
        kw[k] = values[key]
    for k in SHARED_KEYS:
        if k not in values:
            raise InputError(f"missing setting '{k}'")
        kw[k] = values[k]
    for k, v in kw.items():
        if k not in ("route", "lot_level", "structure"):
            kw[k] = float(v)
    return Scenario(**kw)


def default_values() -> dict[str, Any]:
    """Default value of every Q14 parameter (from data/parameters_q14.csv)."""
    return {k: p.default for k, p in parameters(BRIEFING).items()}


# ---- the sector ---------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _band_shares() -> tuple[float, ...]:
    raw = [fact(b[2]).value for b in BANDS]
    total = sum(raw)
    return tuple(r / total for r in raw)


def population(s: Scenario) -> pd.DataFrame:
    """Providers per band: the total split by the UK sector's band shares (renormalised to sum to 100%)."""
    lows = [s.micro_floor_gbp_k * 1e3] + [b[3] for b in BANDS[1:]]
    highs = [b[4] for b in BANDS[:-1]] + [s.major_cap_gbp_m * 1e6]
    shares = _band_shares()
    return pd.DataFrame({"band": [b[0] for b in BANDS], "band_label": [b[1] for b in BANDS],
                         "low_gbp": lows, "high_gbp": highs, "share": shares,
                         "organisations": [s.population_total * x for x in shares]})


def share_above(threshold_gbp: float, low: float, high: float) -> float:
    """Share of a band (turnover spread evenly on a log scale from low to high) with turnover >= threshold."""
    if threshold_gbp <= low:
        return 1.0
    if threshold_gbp >= high:
        return 0.0
    return (math.log(high) - math.log(threshold_gbp)) / (math.log(high) - math.log(low))


def turnover_needed(s: Scenario, contract_gbp: float) -> float:
    """Smallest turnover (£) that passes every admission test for a contract worth ``contract_gbp`` a year."""
    reserves_test = (s.effective_pbr_pct / s.reserves_pct) * contract_gbp
    return max(s.min_turnover_gbp_k * 1e3, s.funding_req_pct / 100 * contract_gbp, reserves_test,
               contract_gbp / s.capacity_multiple)


# ---- lots and contracts -------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _area_shares(level: str, structure: str) -> tuple[tuple[str, float], ...]:
    if level == "national":
        return (("England and Wales", 1.0),)
    if level == "local":
        fa = load("force_areas")
        tot = fa["population"].sum()
        return tuple((r.short_name, r.population / tot) for r in fa.itertuples())
    s = regions.summarise(structure)
    tot = s["population"].sum()
    return tuple((r.area, r.population / tot) for r in s.itertuples())


def lots(s: Scenario) -> pd.DataFrame:
    """One row per lot: its population share, annual value, and the value of each contract in it (£)."""
    rows = _area_shares(s.effective_level, s.structure)
    df = pd.DataFrame(rows, columns=["lot", "pop_share"])
    df["lot_value_gbp"] = df["pop_share"] * s.spend_gbp_m * 1e6
    df["contract_gbp"] = df["lot_value_gbp"] / s.contracts_per_lot
    df["subcontract_gbp"] = df["contract_gbp"] * s.subcontract_share_pct / 100 / s.subcontracts_per_contract
    return df


# ---- the model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """What one scenario gives: providers who could take part by band, share of spend to the sector, bidding cost."""

    scenario: Scenario
    by_band: pd.DataFrame
    by_lot: pd.DataFrame
    can_take_part: float
    can_hold_whole_contract: float
    vcs_share_pct: float
    bid_cost_gbp_m: float
    competitions_per_year: float
    n_contracts: float
    median_contract_gbp: float
    median_turnover_needed_gbp: float


def _eligible(pop: pd.DataFrame, threshold: float) -> list[float]:
    return [n * share_above(threshold, lo, hi) for n, lo, hi in zip(pop.organisations, pop.low_gbp, pop.high_gbp)]


def evaluate(s: Scenario) -> Result:
    """Run the model for one scenario."""
    pop = population(s)
    lt = lots(s)
    rate, others = s.bid_rate_pct / 100, s.other_bidders
    fixed, pct = s.bid_cost_fixed_gbp_k * 1e3, s.bid_cost_pct / 100
    band_part = [0.0] * len(pop)
    band_whole = [0.0] * len(pop)
    rows = []
    for lot in lt.itertuples():
        c = lot.contract_gbp
        whole = _eligible(pop, turnover_needed(s, c))
        if s.route == "supply_chain":
            sub_c = lot.subcontract_gbp
            part = _eligible(pop, turnover_needed(s, sub_c))
        else:
            sub_c = 0.0
            part = whole
        for i in range(len(pop)):
            band_part[i] += lot.pop_share * part[i]
            band_whole[i] += lot.pop_share * whole[i]
        prime_bidders = lot.pop_share * sum(whole) * rate
        p_prime = prime_bidders / (prime_bidders + others) if prime_bidders + others > 0 else 0.0
        competitions = s.contracts_per_lot * s.competitions_per_year
        if s.route == "supply_chain":
            sub_bidders = lot.pop_share * sum(part) * rate
            p_sub = sub_bidders / (sub_bidders + others) if sub_bidders + others > 0 else 0.0
            share = p_prime + (1 - p_prime) * (s.subcontract_share_pct / 100) * p_sub
            cost = competitions * (prime_bidders * (fixed + pct * c) + s.subcontracts_per_contract * sub_bidders * (fixed + pct * sub_c))
        else:
            share = p_prime
            per_bid = fixed if s.route == "rate_card" else fixed + pct * c
            cost = competitions * prime_bidders * per_bid
        rows.append({"lot": lot.lot, "lot_value_gbp_m": lot.lot_value_gbp / 1e6, "contract_gbp_m": c / 1e6,
                     "subcontract_gbp_m": sub_c / 1e6, "turnover_needed_gbp_m": turnover_needed(s, sub_c if s.route == "supply_chain" else c) / 1e6,
                     "vcs_share_pct": 100 * share, "vcs_spend_gbp_m": share * lot.lot_value_gbp / 1e6,
                     "bid_cost_gbp_m": cost / 1e6})
    by_lot = pd.DataFrame(rows)
    by_band = pop[["band", "band_label", "organisations"]].copy()
    by_band["can_take_part"] = band_part
    by_band["can_hold_whole_contract"] = band_whole
    by_band["pct_can_take_part"] = [100 * p / n if n > 0 else 0.0 for p, n in zip(band_part, by_band.organisations)]
    total_spend = lt["lot_value_gbp"].sum()
    share_pct = 100 * by_lot["vcs_spend_gbp_m"].sum() * 1e6 / total_spend if total_spend > 0 else 0.0
    med_c = float(lt["contract_gbp"].median())
    med_t = float(by_lot["turnover_needed_gbp_m"].median()) * 1e6
    return Result(s, by_band, by_lot, float(sum(band_part)), float(sum(band_whole)), min(100.0, max(0.0, share_pct)),
                  float(by_lot["bid_cost_gbp_m"].sum()), float(len(lt) * s.contracts_per_lot * s.competitions_per_year),
                  float(len(lt) * s.contracts_per_lot), med_c, med_t)


def evaluate_values(values: dict[str, Any], suffix: str = "") -> Result:
    """Convenience: build the scenario from parameter values and run it."""
    return evaluate(scenario_from_values(values, suffix))


# ---- presenting results -------------------------------------------------------------------------

def describe(s: Scenario) -> str:
    """A short plain-language name for a scenario."""
    level = LEVEL_LABELS[s.effective_level].lower()
    return f"{ROUTE_LABELS[s.route]}, {level}"


def comparison(a: Result, b: Result) -> pd.DataFrame:
    """Headline outputs of two scenarios side by side, with the change from A to B."""
    def row(label: str, fa: float, fb: float, unit: str) -> dict[str, Any]:
        return {"measure": label, "unit": unit, "A": fa, "B": fb, "B minus A": fb - fa}
    return pd.DataFrame([
        row("Providers who could take part", a.can_take_part, b.can_take_part, "organisations"),
        row("Providers who could hold a whole contract", a.can_hold_whole_contract, b.can_hold_whole_contract, "organisations"),
        row("Share of spend reaching the voluntary sector", a.vcs_share_pct, b.vcs_share_pct, "%"),
        row("Bidding cost the sector carries", a.bid_cost_gbp_m, b.bid_cost_gbp_m, "£m a year"),
        row("Competitions a year", a.competitions_per_year, b.competitions_per_year, "count"),
        row("Typical contract value", a.median_contract_gbp / 1e6, b.median_contract_gbp / 1e6, "£m a year"),
        row("Turnover needed to take part (typical)", a.median_turnover_needed_gbp / 1e3, b.median_turnover_needed_gbp / 1e3, "£k"),
    ])


def bands_long(a: Result, b: Result) -> pd.DataFrame:
    """Providers who could take part, by band, for both scenarios (long form for charts and tables)."""
    out = []
    for name, r in (("A", a), ("B", b)):
        d = r.by_band[["band", "band_label", "organisations", "can_take_part"]].copy()
        d["scenario"] = name
        out.append(d)
    return pd.concat(out, ignore_index=True)


def _fmt_gbp(x_gbp: float) -> str:
    if x_gbp >= 1e6:
        return f"£{x_gbp / 1e6:,.1f}m"
    return f"£{x_gbp / 1e3:,.0f}k"


def summary_text(a: Result, b: Result) -> str:
    """Plain-language summary of the two scenarios that updates with the controls (plain text, no markup)."""
    def one(name: str, r: Result) -> str:
        small = r.by_band.set_index("band").loc[["micro", "small"], "can_take_part"].sum()
        med = r.by_band.set_index("band").loc["medium", "can_take_part"]
        return (f"Under {name} ({describe(r.scenario)}), about {r.can_take_part:,.0f} of the "
                f"{r.scenario.population_total:,.0f} voluntary organisations could take part: {small:,.0f} micro or small and "
                f"{med:,.0f} medium. A provider needs a turnover of about {_fmt_gbp(r.median_turnover_needed_gbp)} to pass the tests for a typical "
                f"{'subcontract' if r.scenario.route == 'supply_chain' else 'contract'}. About {r.vcs_share_pct:.0f}% of the "
                f"£{r.scenario.spend_gbp_m:,.0f}m a year would reach the voluntary sector, and the sector would spend about "
                f"£{r.bid_cost_gbp_m:,.2f}m a year bidding across {r.competitions_per_year:,.1f} competitions.")
    diff = b.vcs_share_pct - a.vcs_share_pct
    if abs(diff) < 0.5:
        verdict = "The two settings send about the same share of spend to the voluntary sector."
    else:
        verdict = f"Setting {'B' if diff > 0 else 'A'} sends {abs(diff):.0f} percentage points more of the spend to the voluntary sector."
    more = b.can_take_part - a.can_take_part
    verdict += (f" {'B' if more > 0 else 'A'} lets about {abs(more):,.0f} more organisations take part." if abs(more) >= 0.5
                else " About the same number of organisations could take part under both.")
    return " ".join([one("setting A", a), one("setting B", b), verdict,
                     "These are what-if results from illustrative assumptions, not forecasts."])


def band_chart(a: Result, b: Result) -> alt.Chart:
    """Grouped bars: providers who could take part in each band, setting A beside setting B."""
    d = bands_long(a, b)
    order = [x[1] for x in BANDS]
    return alt.Chart(d).mark_bar().encode(
        x=alt.X("can_take_part:Q", title="Organisations who could take part", axis=alt.Axis(format=",.0f")),
        y=alt.Y("band_label:N", sort=order, title=None),
        yOffset=alt.YOffset("scenario:N"),
        color=alt.Color("scenario:N", title="Setting", scale=alt.Scale(domain=["A", "B"], range=charts.CATEGORICAL[:2])),
        tooltip=[alt.Tooltip("scenario:N", title="Setting"), alt.Tooltip("band_label:N", title="Band"),
                 alt.Tooltip("can_take_part:Q", title="Could take part", format=",.0f"),
                 alt.Tooltip("organisations:Q", title="In band", format=",.0f")],
    ).properties(width=420, height=230, title="Who could take part, by size of organisation")


def describe_band_chart(a: Result, b: Result) -> str:
    """Text alternative for the band chart."""
    parts = []
    for name, r in (("A", a), ("B", b)):
        parts.append(f"Setting {name}: " + "; ".join(f"{row.band_label} {row.can_take_part:,.0f}" for row in r.by_band.itertuples()))
    return "Bar chart of organisations who could take part by income band. " + ". ".join(parts) + "."


# ---- what the record shows ----------------------------------------------------------------------

RECORD_FACTS = (
    "tr_subcontractors_named_in_winning_bids", "tr_vcse_or_mutual_share_of_named_subcontractors_pct",
    "tr_consortia_with_vcse_involvement", "tr_charities_named_in_bids_clinks_figure",
    "vcse_in_crc_supply_chains_minister_2019", "cj_voluntary_orgs_total_oct2018", "cj_voluntary_orgs_providing_direct_to_crcs_oct2018",
    "tracktr_2018_respondents", "tracktr_2018_pct_receiving_crc_funding", "tracktr_2018_pct_crc_funded_services_unsustainable",
    "tracktr_2018_pct_crc_funded_subsidising_from_reserves", "change_challenge_2016_pct_turnover_over_5m_with_crc_funding",
    "change_challenge_2016_pct_turnover_under_1m_subcontracting",
    "crs_initial_award_total_gbp_m", "crs_initial_award_organisations", "crs_share_funding_to_charities_vcse_pct",
    "crs_six_large_vcse_share_gbp_m", "crs_pct_competitions_one_or_zero_bidders", "crs_supply_chain_orgs_named",
    "vcs_orgs_micro_under_10k_count", "vcs_orgs_small_10k_100k_count", "vcs_orgs_medium_100k_1m_count",
    "vcs_orgs_large_1m_10m_count", "vcs_orgs_major_over_10m_count",
    "cj_charities_pct_income_under_10k", "cj_charities_pct_income_10k_to_500k", "cj_charities_pct_income_over_10m",
    "bidder_funding_requirement", "bid_cost_pct_of_contract_value_low", "bid_cost_pct_of_contract_value_high",
)


def record_table(fact_ids: tuple[str, ...] = RECORD_FACTS) -> pd.DataFrame:
    """The published figures this briefing quotes, each with its period, place, confidence and source id."""
    f = load("facts").set_index("fact_id")
    rows = []
    for fid in fact_ids:
        x = fact(fid)
        rows.append({"figure": fid.replace("_", " "), "value": x.value, "unit": x.unit, "period": x.period,
                     "where": x.geography, "confidence": f.loc[fid, "confidence"], "source": x.source_id,
                     "note": x.note})
    return pd.DataFrame(rows)


def award_vs_later() -> pd.DataFrame:
    """Voluntary organisations in CRC supply chains: what was expected at award and what was reported later.

    'At award' is derived: subcontractors named in winning bids x the share that were VCSE or mutuals.
    """
    named = fact("tr_subcontractors_named_in_winning_bids")
    share = fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct")
    direct = fact("cj_voluntary_orgs_providing_direct_to_crcs_oct2018")
    minister = fact("vcse_in_crc_supply_chains_minister_2019")
    return pd.DataFrame([
        {"when": "At award (2014)", "measure": "VCSE or mutual subcontractors named in winning bids",
         "organisations": named.value * share.value / 100, "status": "derived", "source": f"{named.source_id}, {share.source_id}"},
        {"when": "Reported Oct 2018", "measure": "Voluntary organisations providing services directly to CRCs",
         "organisations": direct.value, "status": "published", "source": direct.source_id},
        {"when": "Reported June 2019", "measure": "VCSE organisations delivering in CRC supply chains (minister)",
         "organisations": minister.value, "status": "published", "source": minister.source_id},
    ])


def award_chart(df: pd.DataFrame | None = None) -> alt.Chart:
    """Bar chart: expected at award vs reported later."""
    d = award_vs_later() if df is None else df
    order = list(d["when"])
    return alt.Chart(d).mark_bar().encode(
        x=alt.X("organisations:Q", title="Voluntary organisations", axis=alt.Axis(format=",.0f")),
        y=alt.Y("when:N", sort=order, title=None),
        color=alt.Color("status:N", title="Figure", scale=alt.Scale(domain=["derived", "published"], range=[charts.CATEGORICAL[1], charts.CATEGORICAL[0]])),
        tooltip=["when:N", "measure:N", alt.Tooltip("organisations:Q", format=",.0f"), "status:N", "source:N"],
    ).properties(width=420, height=120, title="Voluntary organisations in CRC supply chains: expected at award vs reported later")
