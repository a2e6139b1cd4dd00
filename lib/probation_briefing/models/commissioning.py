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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..data import DataSource, cached
from ..data.facts import fact
from ..errors import InputError
from . import regions

ROUTE_RULES = {
    "supply_chain": "Voluntary providers bid to a prime for a subcontract: a share of the prime contract split between several subcontractors. They can also bid as prime if they pass the tests for the whole contract.",
    "rate_card": "Providers apply to be listed on a price list and are paid per referral. An application is costed at the fixed cost only (no proposal written for each contract).",
    "framework_dps": "Providers meeting the criteria join the framework, then bid in call-off competitions for each contract.",
    "grants_pcc": "Each police and crime commissioner awards grants in its own force area: one grant programme per commissioner (42: the City of London has none), not paid by results.",
}

# Income bands (NCVO Almanac): fact id for each band's share of organisations, and the inner bounds that
# define the band. The lowest and highest bounds are model parameters (no published value).
BANDS = (
    ("micro", "Micro (under £10k)", "vcs_orgs_micro_pct", None, 10_000.0),
    ("small", "Small (£10k-£100k)", "vcs_orgs_small_pct", 10_000.0, 100_000.0),
    ("medium", "Medium (£100k-£1m)", "vcs_orgs_medium_pct", 100_000.0, 1_000_000.0),
    ("large", "Large (£1m-£10m)", "vcs_orgs_large_pct", 1_000_000.0, 10_000_000.0),
    ("major", "Major (over £10m)", "vcs_orgs_major_pct", 10_000_000.0, None),
)

SCENARIO_KEYS = (
    "route",
    "lot_level",
    "structure",
    "contracts_per_lot",
    "spend_gbp_m",
    "min_turnover_gbp_k",
    "funding_req_pct",
    "pbr_pct",
    "reserves_pct",
    "competitions_per_year",
    "bid_cost_pct",
    "bid_cost_fixed_gbp_k",
    "bid_rate_pct",
    "other_bidders",
    "subcontract_share_pct",
    "subcontracts_per_contract",
)
SHARED_KEYS = ("population_total", "capacity_multiple", "micro_floor_gbp_k", "major_cap_gbp_m")


@dataclass(frozen=True)
class Setting:
    """One set of commissioning choices (route, lots, admission tests, bidding) plus the shared sector assumptions.

    Built by ``setting(scenario, suffix)`` from a checked Q14 scenario: no defaults live here.
    """

    route: str
    lot_level: str
    structure: str
    contracts_per_lot: float
    spend_gbp_m: float
    min_turnover_gbp_k: float
    funding_req_pct: float
    pbr_pct: float
    reserves_pct: float
    competitions_per_year: float
    bid_cost_pct: float
    bid_cost_fixed_gbp_k: float
    bid_rate_pct: float
    other_bidders: float
    subcontract_share_pct: float
    subcontracts_per_contract: float
    population_total: float
    capacity_multiple: float
    micro_floor_gbp_k: float
    major_cap_gbp_m: float

    @property
    def effective_level(self) -> str:
        """Lot level actually used: PCC grants are one programme per commissioner (42; the City of London has none)."""
        return "commissioners" if self.route == "grants_pcc" else self.lot_level

    @property
    def effective_pbr_pct(self) -> float:
        """Payment-by-results share actually used: grants are not paid by results."""
        return 0.0 if self.route == "grants_pcc" else self.pbr_pct


def setting(values: Mapping[str, Any], suffix: str = "") -> Setting:
    """One setting from a checked Q14 scenario; ``suffix`` '' picks setting A and '_b' setting B."""
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
    return Setting(**kw)


# ---- the sector ---------------------------------------------------------------------------------


@cached(("facts", "sources"))
def band_shares(data: DataSource) -> tuple[float, ...]:
    """Each income band's share of organisations (NCVO Almanac, renormalised to sum to one)."""
    raw = [fact(b[2], data).value for b in BANDS]
    total = sum(raw)
    return tuple(r / total for r in raw)


def population(s: Setting, data: DataSource) -> pd.DataFrame:
    """Providers per band: the total split by the UK sector's band shares (renormalised to sum to 100%)."""
    lows = [s.micro_floor_gbp_k * 1e3] + [b[3] for b in BANDS[1:]]
    highs = [b[4] for b in BANDS[:-1]] + [s.major_cap_gbp_m * 1e6]
    shares = band_shares(data)
    return pd.DataFrame(
        {
            "band": [b[0] for b in BANDS],
            "band_label": [b[1] for b in BANDS],
            "low_gbp": lows,
            "high_gbp": highs,
            "share": shares,
            "organisations": [s.population_total * x for x in shares],
        }
    )


def share_above(threshold_gbp: float, low: float, high: float) -> float:
    """Share of a band (turnover spread evenly on a log scale from low to high) with turnover >= threshold."""
    if threshold_gbp <= low:
        return 1.0
    if threshold_gbp >= high:
        return 0.0
    return (math.log(high) - math.log(threshold_gbp)) / (math.log(high) - math.log(low))


def turnover_needed(s: Setting, contract_gbp: float) -> float:
    """Smallest turnover (£) that passes every admission test for a contract worth ``contract_gbp`` a year."""
    reserves_test = (s.effective_pbr_pct / s.reserves_pct) * contract_gbp
    return max(s.min_turnover_gbp_k * 1e3, s.funding_req_pct / 100 * contract_gbp, reserves_test, contract_gbp / s.capacity_multiple)


# ---- lots and contracts -------------------------------------------------------------------------


@cached(("force_areas", "membership", "areas", "crcs", "structures"))
def _area_shares(data: DataSource, level: str, structure: str) -> tuple[tuple[str, float], ...]:
    if level == "national":
        return (("England and Wales", 1.0),)
    if level in ("local", "commissioners"):
        fa = data.load("force_areas")
        if level == "commissioners":  # a grant programme per commissioner: no lot where there is none
            fa = fa[fa["commissioner_id"].notna()]
        tot = fa["population"].sum()
        return tuple((r.short_name, r.population / tot) for r in fa.itertuples())
    s = regions.summarise(data, structure)
    tot = s["population"].sum()
    return tuple((r.area, r.population / tot) for r in s.itertuples())


def lots(s: Setting, data: DataSource) -> pd.DataFrame:
    """One row per lot: its population share, annual value, and the value of each contract in it (£)."""
    rows = _area_shares(data, s.effective_level, s.structure)
    df = pd.DataFrame(rows, columns=["lot", "pop_share"])
    df["lot_value_gbp"] = df["pop_share"] * s.spend_gbp_m * 1e6
    df["contract_gbp"] = df["lot_value_gbp"] / s.contracts_per_lot
    df["subcontract_gbp"] = df["contract_gbp"] * s.subcontract_share_pct / 100 / s.subcontracts_per_contract
    return df


# ---- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What one scenario gives: providers who could take part by band, share of spend to the sector, bidding cost."""

    setting: Setting
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


def evaluate(s: Setting, data: DataSource) -> Result:
    """Run the model for one setting."""
    pop = population(s, data)
    lt = lots(s, data)
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
        rows.append(
            {
                "lot": lot.lot,
                "lot_value_gbp_m": lot.lot_value_gbp / 1e6,
                "contract_gbp_m": c / 1e6,
                "subcontract_gbp_m": sub_c / 1e6,
                "turnover_needed_gbp_m": turnover_needed(s, sub_c if s.route == "supply_chain" else c) / 1e6,
                "vcs_share_pct": 100 * share,
                "vcs_spend_gbp_m": share * lot.lot_value_gbp / 1e6,
                "bid_cost_gbp_m": cost / 1e6,
            }
        )
    by_lot = pd.DataFrame(rows)
    by_band = pop[["band", "band_label", "organisations"]].copy()
    by_band["can_take_part"] = band_part
    by_band["can_hold_whole_contract"] = band_whole
    by_band["pct_can_take_part"] = [100 * p / n if n > 0 else 0.0 for p, n in zip(band_part, by_band.organisations)]
    total_spend = lt["lot_value_gbp"].sum()
    share_pct = 100 * by_lot["vcs_spend_gbp_m"].sum() * 1e6 / total_spend if total_spend > 0 else 0.0
    med_c = float(lt["contract_gbp"].median())
    med_t = float(by_lot["turnover_needed_gbp_m"].median()) * 1e6
    return Result(
        s,
        by_band,
        by_lot,
        float(sum(band_part)),
        float(sum(band_whole)),
        min(100.0, max(0.0, share_pct)),
        float(by_lot["bid_cost_gbp_m"].sum()),
        float(len(lt) * s.contracts_per_lot * s.competitions_per_year),
        float(len(lt) * s.contracts_per_lot),
        med_c,
        med_t,
    )


@dataclass(frozen=True)
class Comparison:
    """Setting A and setting B of one scenario, evaluated on the same data."""

    values: Mapping[str, Any]
    a: Result
    b: Result


def run(values: Mapping[str, Any], data: DataSource) -> Comparison:
    """Evaluate settings A and B of a checked Q14 scenario.

    >>> from probation_briefing.data import source
    >>> from probation_briefing.data.params import parameters
    >>> r = run(parameters("q14").defaults(), source())
    >>> r.a.setting.route, r.b.setting.route
    ('supply_chain', 'framework_dps')
    """
    return Comparison(values, evaluate(setting(values), data), evaluate(setting(values, "_b"), data))


def comparison(a: Result, b: Result) -> pd.DataFrame:
    """Headline outputs of two settings side by side, with the change from A to B."""

    def row(label: str, fa: float, fb: float, unit: str) -> dict[str, Any]:
        return {"measure": label, "unit": unit, "A": fa, "B": fb, "B minus A": fb - fa}

    return pd.DataFrame(
        [
            row("Providers who could take part", a.can_take_part, b.can_take_part, "organisations"),
            row("Providers who could hold a whole contract", a.can_hold_whole_contract, b.can_hold_whole_contract, "organisations"),
            row("Share of spend reaching the voluntary sector", a.vcs_share_pct, b.vcs_share_pct, "%"),
            row("Bidding cost the sector carries", a.bid_cost_gbp_m, b.bid_cost_gbp_m, "£m a year"),
            row("Competitions a year", a.competitions_per_year, b.competitions_per_year, "count"),
            row("Typical contract value", a.median_contract_gbp / 1e6, b.median_contract_gbp / 1e6, "£m a year"),
            row("Turnover needed to take part (typical)", a.median_turnover_needed_gbp / 1e3, b.median_turnover_needed_gbp / 1e3, "£k"),
        ]
    )


def bands_long(a: Result, b: Result) -> pd.DataFrame:
    """Providers who could take part, by band, for both settings (long form for charts and tables)."""
    out = []
    for name, r in (("A", a), ("B", b)):
        d = r.by_band[["band", "band_label", "organisations", "can_take_part"]].copy()
        d["scenario"] = name
        out.append(d)
    return pd.concat(out, ignore_index=True)
