"""What-if model: how much purchased rehabilitation money reaches specialist local providers, area by area.

No published figure exists for expected or actual NPS rate-card spend, so this is a transparent
what-if, not an estimate. Every input is a named parameter in data/parameters_q13.csv. The money
flows, for each area of the chosen structure:

    demand (national, shared between areas by population or caseload)
      -> routed through the CRC rate card -> actually bought -> CRC in-house
                                                             -> CRC supply chain -> specialist local providers
                                          -> not bought
      -> bought directly from providers -> specialist local providers
    + purchasing by each police and crime commissioner in the area -> specialist local providers

All functions are pure; ``run`` checks that every per-area column sums to its national total and that
each split adds back to what was split.

>>> from probation_briefing.data import source
>>> from probation_briefing.data.params import parameters
>>> r = run(parameters("q13").defaults(), source())
>>> round(r.national["demand"]), len(r.areas)
(280, 11)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..data import DataSource, cached
from ..errors import InputError
from . import caseload, regions

TOL = 1e-6  # £m; conservation checks allow only rounding error

# Money columns of the per-area table (all £m a year), in flow order.
MONEY = [
    "demand",
    "ratecard_routed",
    "ratecard_bought",
    "not_bought",
    "crc_inhouse",
    "supply_chain",
    "supply_chain_local",
    "supply_chain_other",
    "direct",
    "direct_local",
    "direct_other",
    "pcc",
    "pcc_local",
    "pcc_other",
    "local_total",
]
MONEY_LABELS = {
    "demand": "Demand for purchased services",
    "ratecard_routed": "Routed through the rate card",
    "ratecard_bought": "Bought through the rate card",
    "not_bought": "Rate-card demand not bought",
    "crc_inhouse": "Delivered by CRCs in-house",
    "supply_chain": "Passed to CRC supply chains",
    "supply_chain_local": "Supply chain: specialist local providers",
    "supply_chain_other": "Supply chain: other providers",
    "direct": "Bought directly from providers",
    "direct_local": "Direct: specialist local providers",
    "direct_other": "Direct: other providers",
    "pcc": "Bought by commissioners (PCCs)",
    "pcc_local": "PCCs: specialist local providers",
    "pcc_other": "PCCs: other providers",
    "local_total": "Reaching specialist local providers",
}
VIEWS = {
    "local_total": ("Reaching specialist local providers", "£m a year"),
    "per_commissioner": ("Per commissioner", "£m a year per commissioner"),
    "per_100k": ("Per 100,000 people", "£ thousand a year per 100,000 people"),
}


@dataclass(frozen=True)
class Result:
    """One scenario: the checked inputs, one row per area, and national totals (all money in £m a year)."""

    values: Mapping[str, Any]
    areas: pd.DataFrame
    national: dict[str, float] = field(default_factory=dict)


def area_weights(data: DataSource, structure: str, key: str) -> pd.DataFrame:
    """Each area's share of national demand under ``key`` ('population' or 'caseload'); shares sum to 1.

    Also returns the area's caseload estimate and the share of it that is imputed.
    """
    if key not in ("population", "caseload"):
        raise InputError(f"unknown allocation key '{key}'")
    pf = caseload.by_force_area(data).merge(regions.force_areas(data, structure)[["pfa_code", "area_code"]], on="pfa_code")
    pf["caseload_imputed_amount"] = pf["caseload"].where(pf["caseload_imputed"], 0.0)
    g = (
        pf.groupby("area_code", sort=True)
        .agg(population=("population", "sum"), caseload_est=("caseload", "sum"), imputed=("caseload_imputed_amount", "sum"))
        .reset_index()
    )
    g["caseload_imputed_pct"] = 100 * g["imputed"] / g["caseload_est"]
    basis = g["population"].astype(float) if key == "population" else g["caseload_est"].astype(float)
    if not float(basis.sum()) > 0:
        raise InputError(f"the '{key}' key is zero in every area, so demand cannot be shared out")
    g["weight"] = basis / basis.sum()
    return g[["area_code", "weight", "caseload_est", "caseload_imputed_pct"]]


def local_share(base_pct: float, pp_per_million: float, population: pd.Series) -> pd.Series:
    """Local share of supply-chain spend in each area (%): the base minus the scale effect, kept within 0-100."""
    return (base_pct - pp_per_million * population.astype(float) / 1e6).clip(lower=0.0, upper=100.0)


def split(amount: pd.Series | float, pct: pd.Series | float) -> tuple[Any, Any]:
    """Split an amount into (the pct part, the rest); the two always add back to the amount."""
    part = amount * (pct / 100.0)
    return part, amount - part


@cached(("force_areas", "membership", "areas", "crcs", "structures"))
def _area_base(data: DataSource, structure: str, key: str) -> pd.DataFrame:
    """The per-area inputs that depend only on the data, the structure and the key (cached: sliders stay fast)."""
    s = regions.summarise(data, structure)[["area_code", "area", "status", "n_commissioners", "population", "population_estimated"]]
    fa = regions.force_areas(data, structure)
    served = fa[fa["commissioner_id"].notna()].groupby("area_code")["population"].sum().rename("population_served")
    s = s.merge(served, on="area_code", how="left").fillna({"population_served": 0})
    return s.merge(area_weights(data, structure, key), on="area_code", validate="one_to_one")


def flows_by_area(v: Mapping[str, Any], data: DataSource) -> pd.DataFrame:
    """One row per area of the chosen structure with every money flow (£m a year) and the per-commissioner
    and per-100,000-people views of the money reaching specialist local providers."""
    df = _area_base(data, v["structure"], v["allocation_key"])
    df["demand"] = v["demand_gbp_m"] * df["weight"]
    df["ratecard_routed"], df["direct"] = split(df["demand"], v["ratecard_share_pct"])
    df["ratecard_bought"], df["not_bought"] = split(df["ratecard_routed"], v["ratecard_uptake_pct"])
    df["crc_inhouse"], df["supply_chain"] = split(df["ratecard_bought"], v["crc_inhouse_pct"])
    df["supply_chain_local_pct"] = local_share(v["supply_chain_local_pct"], v["scale_effect_pp_per_m"], df["population"])
    df["supply_chain_local"], df["supply_chain_other"] = split(df["supply_chain"], df["supply_chain_local_pct"])
    # direct purchases: the voluntary-sector share, and of that the share reaching specialist local providers
    df["direct_local"], df["direct_other"] = split(df["direct"], v["direct_vcs_pct"] * v["direct_vcs_local_pct"] / 100.0)
    # commissioners buy in proportion to the people they serve (the City of London has no commissioner)
    df["pcc"] = v["pcc_gbp_per_head"] * df["population_served"].astype(float) / 1e6
    df["pcc_local"], df["pcc_other"] = split(df["pcc"], v["pcc_local_pct"])
    df["local_total"] = df["supply_chain_local"] + df["direct_local"] + df["pcc_local"]
    df["per_commissioner"] = per_commissioner(df["local_total"], df["n_commissioners"])
    df["per_100k"] = per_100k(df["local_total"], df["population"])
    cols = [
        "area_code",
        "area",
        "status",
        "n_commissioners",
        "population",
        "population_estimated",
        "population_served",
        "weight",
        "caseload_est",
        "caseload_imputed_pct",
        "supply_chain_local_pct",
        *MONEY,
        "per_commissioner",
        "per_100k",
    ]
    return df[cols]


def per_commissioner(amount_gbp_m: pd.Series, n_commissioners: pd.Series) -> pd.Series:
    """£m a year per commissioner; NaN where an area has no commissioner."""
    n = n_commissioners.astype(float)
    return (amount_gbp_m / n.where(n > 0)).astype(float)


def per_100k(amount_gbp_m: pd.Series, population: pd.Series) -> pd.Series:
    """£ thousand a year per 100,000 people (= £m × 1e3 per 1e5 people)."""
    return amount_gbp_m * 1e3 / (population.astype(float) / 1e5)


def national(areas: pd.DataFrame) -> dict[str, float]:
    """National totals of every money column, with the local share of all purchased money and per-head views."""
    tot = {k: float(areas[k].sum()) for k in MONEY}
    spent = tot["ratecard_bought"] + tot["direct"] + tot["pcc"]
    tot["spent"] = spent
    tot["local_share_pct"] = 100 * tot["local_total"] / spent if spent > 0 else float("nan")
    tot["population"] = float(areas["population"].sum())
    tot["n_commissioners"] = float(areas["n_commissioners"].sum())
    tot["per_100k"] = tot["local_total"] * 1e3 / (tot["population"] / 1e5)
    tot["per_commissioner"] = tot["local_total"] / tot["n_commissioners"] if tot["n_commissioners"] else float("nan")
    return tot


def conservation_errors(areas: pd.DataFrame, v: Mapping[str, Any]) -> list[str]:
    """Every broken accounting identity (empty when the model balances): splits add up, areas add to the nation."""
    a = areas
    checks = {
        "area shares sum to 1": (a["weight"].sum(), 1.0),
        "areas' demand sums to the national demand": (a["demand"].sum(), v["demand_gbp_m"]),
        "areas' PCC purchasing sums to the national total": (a["pcc"].sum(), v["pcc_gbp_per_head"] * a["population_served"].sum() / 1e6),
    }
    rows = {
        "demand = rate card + direct": (a["demand"], a["ratecard_routed"] + a["direct"]),
        "rate card = bought + not bought": (a["ratecard_routed"], a["ratecard_bought"] + a["not_bought"]),
        "bought = in-house + supply chain": (a["ratecard_bought"], a["crc_inhouse"] + a["supply_chain"]),
        "supply chain = local + other": (a["supply_chain"], a["supply_chain_local"] + a["supply_chain_other"]),
        "direct = local + other": (a["direct"], a["direct_local"] + a["direct_other"]),
        "PCC = local + other": (a["pcc"], a["pcc_local"] + a["pcc_other"]),
        "local = supply chain + direct + PCC local": (a["local_total"], a["supply_chain_local"] + a["direct_local"] + a["pcc_local"]),
    }
    errs = [name for name, (got, want) in checks.items() if abs(float(got) - float(want)) > TOL]
    errs += [name for name, (lhs, rhs) in rows.items() if (lhs - rhs).abs().max() > TOL]
    errs += [f"'{k}' is negative in some area" for k in MONEY if (a[k] < -TOL).any()]
    return errs


def run(v: Mapping[str, Any], data: DataSource) -> Result:
    """Run the model for one checked scenario and check that it balances (a RuntimeError means a bug, not bad input)."""
    areas = flows_by_area(v, data)
    errs = conservation_errors(areas, v)
    if errs:
        raise RuntimeError("the rate-card model does not balance: " + "; ".join(errs))
    return Result(v, areas, national(areas))


def flows(result: Result) -> pd.DataFrame:
    """National money by destination (£m a year) for a stacked chart: where the demand and PCC money ends up."""
    n = result.national
    rows = [
        ("Specialist local providers", "Supply chain", n["supply_chain_local"]),
        ("Specialist local providers", "Direct purchases", n["direct_local"]),
        ("Specialist local providers", "Commissioners (PCCs)", n["pcc_local"]),
        ("Other providers", "Supply chain", n["supply_chain_other"]),
        ("Other providers", "Direct purchases", n["direct_other"]),
        ("Other providers", "Commissioners (PCCs)", n["pcc_other"]),
        ("CRCs in-house", "Rate card", n["crc_inhouse"]),
        ("Not bought", "Rate card", n["not_bought"]),
    ]
    return pd.DataFrame(rows, columns=["destination", "route", "gbp_m"])
