"""Q14 what-if model: which voluntary-sector providers could take part under each commissioning route.

A deliberately simple, transparent model (pure functions; every input is a parameter in
data/parameters_q14.csv or a figure in data/facts.csv):

* The sector: ``population_total`` criminal-justice voluntary organisations, split across five income
  bands in the proportions of the whole UK voluntary sector (NCVO bands). Within a band, turnover is
  spread evenly on a log scale between the band's bounds.
* Lots: annual spend is split over lots in proportion to population (one national lot, one per area of
  the chosen structure, or one per police force area); each lot is split into equal contracts (``contracts_per_lot``
  prime contracts for a supply chain, ``call_offs_per_lot`` call-offs, listings or grants for the other routes).
* Each route offers a voluntary provider a different contract to hold (``HELD``): a subcontract in a
  prime's supply chain (the 2014 model) or in a lead Delivery Partner's (the 2027 model), a rate-card listing, a
  call-off under a framework or a dynamic purchasing system (DPS), or a grant from a police and crime commissioner.
  Eligibility is tested against *that* contract.
* The 2027 model (``delivery_partner``, Community Support for Men: Find a Tender 060156-2025 and 038084-2025) is the
  supply chain's mechanism with the two differences the notices support: one lead Delivery Partner, "responsible for
  the delivery of all services", holds each lot's contract (so one prime contract per lot), and there is no lot in
  Greater Manchester, which procures its own services (its providers cannot take part; the spend is shared over the
  other areas). Its term and value are a preset's; its payment terms could not be read, so they are the setting's.
* A DPS is the old rules' tool: from 24 February 2025 new procurements use a "dynamic market" under the Procurement
  Act 2023, and existing DPSs lapse by 23 February 2029. For a provider the model treats the two alike (join at any
  time, qualify once, numbers not capped); a dynamic market may charge fees on contracts won, which the model omits.
* A provider with turnover T can hold a contract worth C a year if it passes every test:
  - size: T >= minimum turnover; T >= funding requirement x C; T >= C / capacity multiple;
  - cash and risk: reserves x T >= C x (payment-by-results share + months paid in arrears / 12 + staff
    transfer and pension liability + volume risk + below-cost gap), each counted only where the route
    carries it (``CARRIES``);
  - the cost of bidding: the cost of the first bid (with any qualification cost) <= the share of turnover
    a provider will spend on one bid.
* Bidding: a framework call-off is a full bid (fixed cost plus a share of value); a DPS member qualifies
  once and then bids lightly (a stated share of a full bid); a rate-card application costs the fixed part
  only; lists, frameworks and DPSs charge a qualification cost once per term.
* Providers in each area compete for that area's contracts. Expected voluntary-sector bidders per
  competition = eligible providers in the area x bid rate; the sector's expected share of a contract
  is its bidders / (its bidders + other bidders).

Two settings, A and B, are compared. The commissioning choices (route, lots, admission tests, payment by results,
contract length) are each setting's own; what describes the voluntary sector and the market (its size and reserves,
the cost of a bid, how many bid, the other bidders) and the contract terms are one value shared by both, so that A and
B differ only in what a commissioner could choose. The parameter table's ``setting`` column says which is which.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from ..data import DataSource, cached
from ..data.facts import fact
from ..data.params import Scenario, parameters
from ..errors import InputError
from . import regions

ROUTE_RULES = {
    "supply_chain": (
        "Voluntary providers bid to a prime for a subcontract: a share of the prime contract split between several "
        "subcontractors, with the prime's payment-by-results risk passed down as set and no guaranteed volume. They can also "
        "bid as prime if they pass the tests for the whole contract."
    ),
    "rate_card": (
        "Providers apply to be listed on a price list and are paid per referral, with no guaranteed volume. An application "
        "costs the fixed cost of a bid plus the qualification cost; no proposal is written for each contract."
    ),
    "delivery_partner": (
        "The 2027 model (Community Support for Men): one lead Delivery Partner holds each lot's contract and directs a "
        "supply chain. The same mechanism as the 2014 supply chain (a subcontract, or leading the whole lot), with one "
        "prime contract per lot and no lot in Greater Manchester, which procures its own services. The notices' payment "
        "terms could not be read, so payment by results is the setting's."
    ),
    "framework": ("Providers qualify to join the framework when it is let, then write a full bid for each call-off contract."),
    "dps": (
        "A dynamic purchasing system (the old rules): providers qualify once (and can join at any time), then bid lightly "
        "for each call-off contract, at a stated share of the cost of a full bid. New procurements since 24 February 2025 "
        "use a dynamic market (Procurement Act 2023), which the model treats the same way, and existing systems lapse by "
        "23 February 2029."
    ),
    "grants_pcc": (
        "Each police and crime commissioner awards grants in its own force area: one grant programme per commissioner "
        "(42: the City of London has none), paid in advance, not paid by results, with no staff transfer."
    ),
}

# What a voluntary provider would hold under each route (the unit its eligibility is tested against).
HELD = {
    "supply_chain": "subcontract",
    "delivery_partner": "Delivery Partner subcontract",
    "rate_card": "rate-card listing",
    "framework": "framework call-off",
    "dps": "dynamic purchasing system call-off",
    "grants_pcc": "grant",
}

# Which cash and risk terms each kind of contract carries (a prime contract is the whole supply-chain contract): pbr
# (payment by results at risk), arrears (paid in arrears), tupe (staff transfer and pensions), volume (referrals that
# may not come) and below_cost (a price below full cost).
CARRIES: dict[str, frozenset[str]] = {
    "prime contract": frozenset({"pbr", "arrears", "tupe", "below_cost"}),
    "subcontract": frozenset({"pbr", "arrears", "tupe", "volume", "below_cost"}),
    # The 2027 model: the notices give no terms that differ from a 2014 supply chain's, so the same terms.
    "Delivery Partner contract": frozenset({"pbr", "arrears", "tupe", "below_cost"}),
    "Delivery Partner subcontract": frozenset({"pbr", "arrears", "tupe", "volume", "below_cost"}),
    "rate-card listing": frozenset({"arrears", "volume", "below_cost"}),
    "framework call-off": frozenset({"pbr", "arrears", "tupe", "below_cost"}),
    "dynamic purchasing system call-off": frozenset({"pbr", "arrears", "tupe", "below_cost"}),
    "grant": frozenset({"below_cost"}),
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
UNDER_1M = ("micro", "small", "medium")

# Routes with a lead contract and a supply chain under it: the lead contract a provider holds if it leads, and the
# subcontract it holds otherwise.
CHAINS = {
    "supply_chain": ("prime contract", "subcontract"),
    "delivery_partner": ("Delivery Partner contract", "Delivery Partner subcontract"),
}
SUBCONTRACTS = frozenset(sub for _, sub in CHAINS.values())
# Force areas with no lot under a route: Community Support for Men covers England other than Greater Manchester, "where
# a procurement for similar services will be led by GM Combined Authority", and Wales (Find a Tender 060156-2025).
OUTSIDE = {"delivery_partner": ("greater-manchester",)}

# Setting B's parameters are setting A's names with this ending; which parameter belongs to which setting (A, B or
# shared by both) is the parameter table's ``setting`` column.
SUFFIX = {"A": "", "B": "_b"}


@dataclass(frozen=True)
class Setting:
    """One set of commissioning choices (route, lots, admission tests, bidding) plus the shared sector and contract terms.

    Built by ``setting(scenario, which)`` from a checked Q14 scenario: no defaults live here. Its fields are the
    parameters the table puts in setting A and those it marks shared.
    """

    route: str
    lot_level: str
    structure: str
    contracts_per_lot: float
    call_offs_per_lot: float
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
    arrears_months: float
    tupe_pension_pct: float
    volume_risk_pct: float
    pass_down_pct: float
    below_cost_pct: float
    qualify_cost_gbp_k: float
    dps_call_off_pct: float
    bid_affordability_pct: float

    @property
    def effective_level(self) -> str:
        """Lot level actually used: PCC grants are one programme per commissioner (42; the City of London has none)."""
        return "commissioners" if self.route == "grants_pcc" else self.lot_level

    @property
    def per_lot(self) -> float:
        """Contracts each lot is divided into: prime contracts for a supply chain, one lead Delivery Partner's for the
        2027 model; call-offs, listings or grants otherwise."""
        if self.route == "delivery_partner":
            return 1.0
        return self.contracts_per_lot if self.route == "supply_chain" else self.call_offs_per_lot

    @property
    def chain(self) -> bool:
        """Whether the route has a lead contract with a supply chain under it (``CHAINS``)."""
        return self.route in CHAINS

    @property
    def whole(self) -> str:
        """The whole contract of a lot's competition: the lead contract for a supply chain, the route's own otherwise."""
        return CHAINS[self.route][0] if self.chain else HELD[self.route]

    @property
    def held(self) -> str:
        """The contract a voluntary provider would hold under this route (the lead contract if nothing is subcontracted)."""
        return self.whole if self.chain and not self.subcontracts else HELD[self.route]

    @property
    def subcontracts(self) -> bool:
        """Whether a supply chain has any subcontracts (a 0% subcontracted share has none)."""
        return self.chain and self.subcontract_share_pct > 0

    @property
    def effective_pbr_pct(self) -> float:
        """Payment-by-results share a voluntary provider carries on the contract it holds (none on grants or listings)."""
        return self.risk_terms(self.held)["pbr"] * 100

    def risk_terms(self, kind: str) -> dict[str, float]:
        """Cash and risk a provider must carry on a contract of this kind, each as a share of a year's value.

        >>> from probation_briefing.data import source
        >>> from probation_briefing.data.params import parameters
        >>> s = setting(parameters("q14").defaults())
        >>> sorted(k for k, v in s.risk_terms("grant").items() if v > 0)
        ['below_cost']
        """
        carries = CARRIES[kind]
        pbr = self.pbr_pct / 100 * (self.pass_down_pct / 100 if kind in SUBCONTRACTS else 1.0)
        raw = {
            "pbr": pbr,
            "arrears": self.arrears_months / 12,
            "tupe": self.tupe_pension_pct / 100,
            "volume": self.volume_risk_pct / 100,
            "below_cost": self.below_cost_pct / 100,
        }
        return {k: (v if k in carries else 0.0) for k, v in raw.items()}

    def bid_cost(self, kind: str, value_gbp: float) -> float:
        """Cost (£) of one bid for a contract of this kind worth ``value_gbp`` a year (qualification not included)."""
        full = self.bid_cost_fixed_gbp_k * 1e3 + self.bid_cost_pct / 100 * value_gbp
        if kind == "rate-card listing":
            return self.bid_cost_fixed_gbp_k * 1e3
        if kind == "dynamic purchasing system call-off":
            return self.dps_call_off_pct / 100 * full
        return full

    def qualify_cost(self, kind: str) -> float:
        """Cost (£) of qualifying to join a list, framework or DPS (once per term); nothing for other contracts."""
        return (
            self.qualify_cost_gbp_k * 1e3
            if kind in ("rate-card listing", "framework call-off", "dynamic purchasing system call-off")
            else 0.0
        )


def setting(values: Mapping[str, Any], which: str = "A") -> Setting:
    """One setting from a checked Q14 scenario: ``which`` is "A" or "B", and the parameter table's ``setting`` column
    says which parameters are that setting's own and which both settings share. A plain mapping (not a ``Scenario``)
    is read against the shipped table.

    >>> from probation_briefing.data.params import parameters
    >>> d = parameters("q14").defaults()
    >>> setting(d).route, setting(d, "B").route, setting(d, "B").population_total == d["population_total"]
    ('supply_chain', 'dps', True)
    """
    if which not in SUFFIX:
        raise InputError(f"no setting '{which}': the settings are {', '.join(SUFFIX)}")
    params = values.params if isinstance(values, Scenario) else parameters("q14")
    kw: dict[str, Any] = {}
    for keys, suffix in ((params.in_setting(which), SUFFIX[which]), (params.in_setting("shared"), "")):
        for key in keys:
            if key not in values:
                raise InputError(f"missing setting '{key}'")
            kw[key.removesuffix(suffix)] = values[key]
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


def turnover_needed(s: Setting, contract_gbp: float, kind: str | None = None) -> float:
    """Smallest turnover (£) that passes every test for a contract of ``kind`` (default: the one the route offers)
    worth ``contract_gbp`` a year: the strictest of the size tests, the cash-and-risk test and the cost of bidding."""
    kind = kind or s.held
    size = max(s.min_turnover_gbp_k * 1e3, s.funding_req_pct / 100 * contract_gbp, contract_gbp / s.capacity_multiple)
    risk = sum(s.risk_terms(kind).values()) * contract_gbp / (s.reserves_pct / 100)
    first_bid = s.bid_cost(kind, contract_gbp) + s.qualify_cost(kind)
    afford = first_bid / (s.bid_affordability_pct / 100)
    return max(size, risk, afford)


# ---- lots and contracts -------------------------------------------------------------------------


@cached(("force_areas", "membership", "areas", "crcs", "structures"))
def _area_shares(data: DataSource, level: str, structure: str, outside: tuple[str, ...] = ()) -> tuple[tuple[str, float, float], ...]:
    """(lot, share of providers, share of spend) for each lot. Providers are shared by population over every lot;
    force areas ``outside`` the route have no lot, so their providers take no part and the spend is shared over the
    rest (without them, the two shares are equal)."""
    if level == "national":
        fa = data.load("force_areas")
        tot = fa["population"].sum()
        kept = fa.loc[~fa["pfa_code"].isin(outside), "population"].sum() / tot
        left_out = ", ".join(fa.loc[fa["pfa_code"].isin(outside), "short_name"])
        return (("England and Wales" + (f" except {left_out}" if left_out else ""), kept, 1.0),)
    if level in ("local", "commissioners"):
        fa = data.load("force_areas")
        if level == "commissioners":  # a grant programme per commissioner: no lot where there is none
            fa = fa[fa["commissioner_id"].notna()]
        tot = fa["population"].sum()
        fa = fa[~fa["pfa_code"].isin(outside)]
        kept = fa["population"].sum()
        return tuple((r.short_name, r.population / tot, r.population / kept) for r in fa.itertuples())
    if not outside:
        s = regions.summarise(data, structure)
        tot = s["population"].sum()
        return tuple((r.area, r.population / tot, r.population / tot) for r in s.itertuples())
    pf = regions.force_areas(data, structure)
    tot = pf["population"].sum()
    pf = pf[~pf["pfa_code"].isin(outside)]
    kept = pf["population"].sum()
    by_area = pf.groupby("area_code", sort=True).agg(area=("area_name", "first"), population=("population", "sum"))
    return tuple((r.area, r.population / tot, r.population / kept) for r in by_area.itertuples())


def lots(s: Setting, data: DataSource) -> pd.DataFrame:
    """One row per lot: its share of the voluntary sector's providers (by population), its share of the spend, its
    annual value, and the value of each contract in it (£). The two shares differ only where a route leaves some force
    areas out (``OUTSIDE``)."""
    rows = _area_shares(data, s.effective_level, s.structure, OUTSIDE.get(s.route, ()))
    df = pd.DataFrame(rows, columns=["lot", "pop_share", "spend_share"])
    df["lot_value_gbp"] = df["spend_share"] * s.spend_gbp_m * 1e6
    df["contract_gbp"] = df["lot_value_gbp"] / s.per_lot
    df["subcontract_gbp"] = df["contract_gbp"] * s.subcontract_share_pct / 100 / s.subcontracts_per_contract
    return df


# ---- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What one scenario gives: providers who could hold the contract the route offers (by band), money reaching the
    sector, and the cost of bidding. Counts are expected numbers of organisations: round them for display only.

    ``by_lot`` has one row per lot: its value, the contract and the contract held (£m a year), the turnover needed,
    the sector's share and money, the bidding cost, and ``bidders``, the expected bidders of every kind in each
    competition for the lot's contracts (voluntary ones plus the other bidders)."""

    setting: Setting
    by_band: pd.DataFrame
    by_lot: pd.DataFrame
    can_take_part: float
    can_hold_whole_contract: float
    vcs_share_pct: float
    vcs_spend_gbp_m: float
    bid_cost_gbp_m: float
    competitions_per_year: float
    n_contracts: float
    median_contract_gbp: float
    median_held_gbp: float
    median_turnover_needed_gbp: float

    @property
    def held(self) -> str:
        """The contract a voluntary provider would hold under this route."""
        return self.setting.held

    @property
    def under_1m_can_take_part(self) -> float:
        """Providers with income under £1m (micro, small, medium) who could hold that contract."""
        return float(self.by_band.set_index("band").loc[list(UNDER_1M), "can_take_part"].sum())


def _eligible(pop: pd.DataFrame, threshold: float) -> list[float]:
    return [n * share_above(threshold, lo, hi) for n, lo, hi in zip(pop.organisations, pop.low_gbp, pop.high_gbp)]


def _p_win(bidders: float, others: float) -> float:
    return bidders / (bidders + others) if bidders + others > 0 else 0.0


def evaluate(s: Setting, data: DataSource) -> Result:
    """Run the model for one setting."""
    pop = population(s, data)
    lt = lots(s, data)
    rate, others = s.bid_rate_pct / 100, s.other_bidders
    chain = s.subcontracts
    whole_kind, sub_kind = s.whole, s.held
    band_part = [0.0] * len(pop)
    band_whole = [0.0] * len(pop)
    rows = []
    competitions = s.per_lot * s.competitions_per_year  # per lot per year
    for lot in lt.itertuples():
        c = lot.contract_gbp
        t_whole = turnover_needed(s, c, whole_kind)
        whole = _eligible(pop, t_whole)
        if chain:
            sub_c = lot.subcontract_gbp
            t_sub = turnover_needed(s, sub_c, sub_kind)
            t_part = min(t_sub, t_whole)  # a provider able to lead the whole contract can also take part
            part = _eligible(pop, t_part)
            sub_only = _eligible(pop, t_sub)
        else:
            sub_c, t_part, part, sub_only = 0.0, t_whole, whole, []
        for i in range(len(pop)):
            band_part[i] += lot.pop_share * part[i]
            band_whole[i] += lot.pop_share * whole[i]
        lead_bidders = lot.pop_share * sum(whole) * rate
        p_lead = _p_win(lead_bidders, others)
        # a bid per competition, and qualifying once per term (lists, frameworks, DPSs)
        cost = lead_bidders * (competitions * s.bid_cost(whole_kind, c) + s.competitions_per_year * s.qualify_cost(whole_kind))
        if chain:
            sub_bidders = lot.pop_share * sum(sub_only) * rate
            share = p_lead + (1 - p_lead) * (s.subcontract_share_pct / 100) * _p_win(sub_bidders, others)
            cost += competitions * s.subcontracts_per_contract * sub_bidders * s.bid_cost(sub_kind, sub_c)
        else:
            share = p_lead
        rows.append(
            {
                "lot": lot.lot,
                "lot_value_gbp_m": lot.lot_value_gbp / 1e6,
                "contract_gbp_m": c / 1e6,
                "subcontract_gbp_m": sub_c / 1e6,
                "held_gbp_m": (sub_c if chain else c) / 1e6,
                "bidders": lead_bidders + others,
                "turnover_needed_gbp_m": t_part / 1e6,
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
    vcs_spend = float(by_lot["vcs_spend_gbp_m"].sum())
    share_pct = 100 * vcs_spend * 1e6 / total_spend if total_spend > 0 else 0.0
    n_competitions = len(lt) * competitions * (1 + (s.subcontracts_per_contract if chain else 0))
    return Result(
        s,
        by_band,
        by_lot,
        float(sum(band_part)),
        float(sum(band_whole)),
        min(100.0, max(0.0, share_pct)),
        vcs_spend,
        float(by_lot["bid_cost_gbp_m"].sum()),
        float(n_competitions),
        float(len(lt) * s.per_lot),
        float(lt["contract_gbp"].median()),
        float(by_lot["held_gbp_m"].median()) * 1e6,
        float(by_lot["turnover_needed_gbp_m"].median()) * 1e6,
    )


# ---- one charity's view ---------------------------------------------------------------------------


def charity_view(s: Setting, data: DataSource, turnover_gbp: float, reserves_gbp: float) -> pd.DataFrame:
    """What each route offers one charity with the given turnover and reserves, under setting ``s``'s other terms, in
    the median lot: one row per route, with the contract it would hold (``held``) and its typical yearly value, whether
    it can bid (``can_bid``) and which test stops it (``big_enough``, ``reserves_enough``, ``affords_first_bid``), what
    bidding costs, and the cash it must carry against its reserves. Money is in £k (columns ending ``_gbp_k``);
    ``biggest_term`` is the largest of the ``risk_terms`` it carries ("" when it carries none).

    >>> from probation_briefing.data import source
    >>> from probation_briefing.data.params import parameters
    >>> s = setting(parameters("q14").defaults())
    >>> v = charity_view(s, source(), 500e3, 125e3)
    >>> v.loc[v.route == "grants_pcc", "can_bid"].item()
    True
    >>> v.loc[v.route == "grants_pcc", ["held", "biggest_term"]].values.tolist()
    [['grant', 'below_cost']]
    """
    rows = []
    for route in ROUTE_RULES:
        r = replace(s, route=route)
        lt = lots(r, data)
        kind = r.held
        value = float((lt["subcontract_gbp"] if r.subcontracts else lt["contract_gbp"]).median())
        size_needed = max(r.min_turnover_gbp_k * 1e3, r.funding_req_pct / 100 * value, value / r.capacity_multiple)
        terms = r.risk_terms(kind)
        carry = sum(terms.values()) * value
        one_bid = r.bid_cost(kind, value)
        first = one_bid + r.qualify_cost(kind)
        size_ok = turnover_gbp >= size_needed
        reserves_ok = reserves_gbp >= carry
        bid_ok = first <= r.bid_affordability_pct / 100 * turnover_gbp
        per_year = r.per_lot * r.competitions_per_year * (r.subcontracts_per_contract if r.subcontracts else 1)
        rows.append(
            {
                "route": route,
                "held": kind,
                "typical_value_gbp_k": value / 1e3,
                "can_bid": size_ok and reserves_ok and bid_ok,
                "big_enough": size_ok,
                "size_turnover_needed_gbp_k": size_needed / 1e3,
                "reserves_enough": reserves_ok,
                "affords_first_bid": bid_ok,
                "first_bid_gbp_k": first / 1e3,
                "one_bid_gbp_k": one_bid / 1e3,
                "qualify_gbp_k": r.qualify_cost(kind) / 1e3,
                "bidding_a_year_gbp_k": (per_year * one_bid + r.qualify_cost(kind) * r.competitions_per_year) / 1e3,
                "carry_gbp_k": carry / 1e3,
                "gap_after_reserves_gbp_k": max(0.0, carry - reserves_gbp) / 1e3,
                "biggest_term": max(terms, key=lambda k: terms[k]) if carry > 0 else "",
            }
        )
    return pd.DataFrame(rows)
