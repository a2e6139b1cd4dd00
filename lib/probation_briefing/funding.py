"""Q15: how many commissioners each contract area spans, and what moving CRC money to commissioners does.

Two parts, both pure functions over the data package:

* co-terminosity - built on ``regions.summarise``: commissioners per contract area for each structure,
  the distribution of those counts, and the London and Greater Manchester devolution deals;
* the funding-transfer simulator ``transfer(...)`` - part of the annual CRC pot is moved to the 42
  commissioners (police and crime commissioners, MOPAC and the Greater Manchester Mayor) by an
  allocation key; the rest stays in the contract areas of the chosen structure.

Money is held in whole pence (Python ints) and every split uses largest-remainder rounding, so the
totals are conserved to the penny: ``sum(allocations) + sum(remaining contract values) == pot``.
"""
from __future__ import annotations

import inspect
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any, Sequence

import numpy as np
import pandas as pd

from . import regions
from .data import data_dir as _data_dir, load, resource, version
from .errors import InputError
from .params import parameters

PENCE_PER_GBP_M = 100_000_000
KEYS = ("population", "officers", "caseload", "equal", "blend")
KEY_LABELS = {"population": "Population (mid-2018)", "officers": "Police officers (FTE, March 2018)",
              "caseload": "CRC caseload (shared by population; partly imputed)", "equal": "Equal shares",
              "blend": "Blend of population and caseload"}
LONDON, GM = "mopac", "gm-mayor"


# ---------------------------------------------------------------------------------------------
# Money helpers
# ---------------------------------------------------------------------------------------------

def to_pence(gbp_m: float) -> int:
    """£ million to whole pence, rounding half up (uses the decimal text of the number, so 0.1 means 0.1)."""
    try:
        d = Decimal(str(gbp_m))
    except InvalidOperation:
        raise InputError(f"'{gbp_m}' is not an amount of money") from None
    if not d.is_finite():
        raise InputError(f"'{gbp_m}' is not a finite amount of money")
    return int((d * PENCE_PER_GBP_M).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_gbp_m(pence: int | pd.Series) -> float | pd.Series:
    """Whole pence back to £ million (for display only; sums are always done in pence)."""
    return pence / PENCE_PER_GBP_M


def share_of(total_p: int, pct: float) -> int:
    """``pct`` per cent of ``total_p`` pence, rounded half up to a whole penny (``pct`` read as its decimal text)."""
    frac = Fraction(total_p) * Fraction(Decimal(str(pct))) / 100
    return int((2 * frac.numerator + frac.denominator) // (2 * frac.denominator))


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` whole units in proportion to ``weights`` so the parts sum to ``total`` exactly.

    Each part gets the whole-number part of its exact quota; the units left over go one each to the
    largest fractional remainders (ties to the earlier item). Arithmetic is exact (fractions), so the
    result never depends on floating-point error. Weights must be finite and not negative, with a
    positive sum (unless ``total`` is 0).
    """
    if total < 0:
        raise InputError(f"cannot share out a negative amount ({total})")
    if not weights:
        if total == 0:
            return []
        raise InputError("there is nobody to share the money between")
    ws = []
    for w in weights:
        if w is None or not math.isfinite(float(w)) or float(w) < 0:
            raise InputError(f"allocation weights must be finite and not negative (found {w})")
        ws.append(Fraction(float(w)))
    s = sum(ws)
    if s == 0:
        if total == 0:
            return [0] * len(ws)
        raise InputError("every allocation weight is zero, so the money cannot be shared out")
    quotas = [total * w / s for w in ws]
    parts = [q.numerator // q.denominator for q in quotas]
    left = total - sum(parts)
    order = sorted(range(len(ws)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def allocate_with_floor(total: int, weights: Sequence[float], floor: int = 0) -> tuple[list[int], list[bool]]:
    """Split ``total`` pence by ``weights`` with a minimum of ``floor`` pence each.

    Anyone whose share would be below the floor is raised to it; the others share what is left in
    proportion to their weights (so they are scaled down together). Returns the parts and, for each,
    whether it was held at the floor. Raises InputError when ``floor × n`` is more than ``total``.
    """
    n = len(weights)
    if floor < 0:
        raise InputError("the minimum per commissioner cannot be negative")
    if floor == 0:
        return largest_remainder(total, weights), [False] * n
    if floor * n > total:
        raise InputError(
            f"a minimum of £{to_gbp_m(floor):,.2f}m for each of {n} commissioners needs £{to_gbp_m(floor * n):,.2f}m, "
            f"but only £{to_gbp_m(total):,.2f}m is being moved to them; lower the minimum or move a larger share")
    ws = [Fraction(float(w)) for w in weights]
    held = [False] * n
    while True:  # water-filling: hold at the floor everyone whose proportional share is below it, repeat
        free = [i for i in range(n) if not held[i]]
        rest = total - floor * (n - len(free))
        wsum = sum(ws[i] for i in free)
        newly = [i for i in free if wsum == 0 or rest * ws[i] / wsum < floor]
        if not newly:
            break
        for i in newly:
            held[i] = True
        if all(held):
            break
    parts = [floor] * n
    free = [i for i in range(n) if not held[i]]
    if free:
        rest = total - floor * (n - len(free))
        for i, p in zip(free, largest_remainder(rest, [float(ws[i]) for i in free])):
            parts[i] = p
    else:  # everyone at the floor: hand out what is left over (fewer pence than people) by weight
        extra = largest_remainder(total - floor * n, [float(w) for w in ws] if sum(ws) > 0 else [1.0] * n)
        parts = [floor + e for e in extra]
    return parts, held


# ---------------------------------------------------------------------------------------------
# Inputs: commissioners and their allocation keys
# ---------------------------------------------------------------------------------------------

_INPUTS = ("force_areas", "crcs", "membership", "areas")


def caseload_by_force_area(data_dir: str | None = None) -> pd.DataFrame:
    """Each force area's share of its CRC's caseload, shared by population within the CRC (derived).

    CRCs with no caseload figure in crcs.csv are imputed at the national rate of known caseload per
    head (known caseload ÷ population of the CRCs with a figure); ``caseload_imputed`` marks them.
    Figures are of different dates and some are "more than"/"nearly" (see crcs.csv).
    """
    pf = regions.force_areas("crc_2014", data_dir)[["pfa_code", "crc_code", "population"]]
    crcs = load("crcs", data_dir).set_index("crc_code")
    crc_pop = pf.groupby("crc_code")["population"].sum()
    known = crcs["caseload"].dropna()
    rate = float(known.sum()) / float(crc_pop[known.index].sum())
    pf["crc_caseload"] = pf["crc_code"].map(lambda c: float(crcs.loc[c, "caseload"]) if pd.notna(crcs.loc[c, "caseload"]) else rate * crc_pop[c])
    pf["caseload_imputed"] = pf["crc_code"].map(lambda c: bool(pd.isna(crcs.loc[c, "caseload"])))
    pf["caseload"] = pf["crc_caseload"] * pf["population"] / pf["crc_code"].map(crc_pop)
    pf["imputation_rate_per_head"] = rate
    return pf[["pfa_code", "crc_code", "population", "crc_caseload", "caseload", "caseload_imputed", "imputation_rate_per_head"]]


@lru_cache(maxsize=8)
def _commissioners(folder: str, stamps: tuple) -> pd.DataFrame:
    fa = load("force_areas", folder)
    cl = caseload_by_force_area(folder)[["pfa_code", "crc_code", "caseload", "caseload_imputed"]]
    c = fa[fa["commissioner_id"].notna()].merge(cl, on="pfa_code")
    g = c.groupby("commissioner_id", sort=False).agg(
        commissioner=("commissioner_name", "first"), commissioner_type=("commissioner_type_2018", "first"),
        pfa_code=("pfa_code", "first"), force_area=("short_name", "first"), nation=("nation", "first"),
        crc_code=("crc_code", "first"), population=("population", "sum"),
        population_estimated=("population_status", lambda s: bool((s == "estimate").any())),
        officers=("police_officer_fte", "sum"), caseload=("caseload", "sum"),
        caseload_imputed=("caseload_imputed", "any"), n_force_areas=("pfa_code", "size")).reset_index()
    g["population"] = g["population"].astype("int64")
    g["officers"] = g["officers"].astype(float)
    g["group"] = ["london" if i == LONDON else "gm" if i == GM else "wales" if n == "Wales" else "other"
                  for i, n in zip(g["commissioner_id"], g["nation"])]
    return g


def commissioners(data_dir: str | None = None) -> pd.DataFrame:
    """The 42 commissioner bodies of 2018 with their allocation keys (population, officers, caseload).

    One row per body (each covers one force area; the City of London has none). ``group`` is
    london, gm, wales or other, for the include toggles. ``caseload`` is derived (see
    ``caseload_by_force_area``); Welsh populations are labelled estimates (``population_estimated``).
    """
    folder = str(_data_dir(data_dir))
    return _commissioners(folder, version(_INPUTS, folder)).copy()


def key_weights(df: pd.DataFrame, allocation_key: str, blend_population_pct: float = 50) -> pd.Series:
    """The allocation weight of each row of ``commissioners()`` under a key, as shares summing to one."""
    if allocation_key not in KEYS:
        raise InputError(f"unknown allocation key '{allocation_key}'; choose one of {', '.join(KEYS)}")
    if allocation_key == "equal":
        w = pd.Series(1.0, index=df.index)
    elif allocation_key == "blend":
        p = _pct(blend_population_pct, "Blend weight on population")
        pop = df["population"] / df["population"].sum()
        cas = df["caseload"] / df["caseload"].sum()
        w = p / 100 * pop + (1 - p / 100) * cas
    else:
        w = df[allocation_key].astype(float)
    total = float(w.sum())
    if not total > 0:
        raise InputError(f"the '{allocation_key}' key is zero for every commissioner")
    return w / total


def _pct(x: Any, what: str) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise InputError(f"{what}: '{x}' is not a number") from None
    if not (math.isfinite(v) and 0 <= v <= 100):
        raise InputError(f"{what}: {x} must be between 0 and 100 per cent")
    return v


def _money(x: Any, what: str, positive: bool = False) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        raise InputError(f"{what}: '{x}' is not a number") from None
    if not math.isfinite(v) or v < 0 or (positive and v == 0):
        raise InputError(f"{what}: {x} must be {'more than' if positive else 'at least'} £0m")
    return v


# ---------------------------------------------------------------------------------------------
# The simulator
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TransferResult:
    """What ``transfer`` returns: two tables and the totals that tie them together (all in pence)."""

    commissioners: pd.DataFrame
    contracts: pd.DataFrame
    pot_p: int
    transferred_p: int
    allocated_p: int
    kept_for_excluded_p: int
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def remaining_p(self) -> int:
        """Money left in the contracts, summed over contract areas."""
        return int(self.contracts["remaining_p"].sum())

    @property
    def conserved(self) -> bool:
        """True when allocations plus remaining contract values equal the pot to the penny."""
        return self.allocated_p + self.remaining_p == self.pot_p

    def conservation(self) -> pd.DataFrame:
        """The conservation check as a small table (pence and £m) for the dashboard."""
        rows = [("Pot", self.pot_p), ("Moved to commissioners", self.allocated_p),
                ("Left in the contracts", self.remaining_p),
                ("Moved + left - pot (should be 0)", self.allocated_p + self.remaining_p - self.pot_p)]
        return pd.DataFrame({"item": [r[0] for r in rows], "pence": [r[1] for r in rows],
                             "gbp_m": [r[1] / PENCE_PER_GBP_M for r in rows]})


def transfer(pot_gbp_m: float = 450, share_pct: float = 10, allocation_key: str = "population",
             blend_population_pct: float = 50, floor_gbp_m: float = 0, include_london: bool = True,
             include_gm: bool = True, include_wales: bool = True, structure: str = "proposed_2018",
             fixed_cost_share_pct: float = 77, bidder_threshold_gbp_m: float = 14,
             data_dir: str | None = None) -> TransferResult:
    """Move ``share_pct`` of the annual CRC pot to commissioners and see what is left in each contract area.

    Steps (all money in whole pence; every split uses largest-remainder rounding):

    1. ``transferred = round(pot × share)``.
    2. It is split across all 42 commissioners by ``allocation_key`` (population, officers, caseload,
       equal, or a blend of population and caseload with ``blend_population_pct`` on population).
       Commissioners switched off by ``include_london`` / ``include_gm`` / ``include_wales`` receive
       nothing: their part stays in their contract area. The included commissioners' total is then
       re-split with the minimum ``floor_gbp_m`` each (below-floor bodies raised to it, the others
       scaled down); InputError if ``floor × n`` exceeds that total.
    3. Contract areas follow ``structure``. Each area's baseline is the pot shared by population
       (an assumption: per-CRC values were not published). Remaining value = baseline − what the
       area's own commissioners receive. If they receive more than the baseline (possible with the
       officer or caseload keys, or a floor), the excess is drawn from the other areas in proportion
       to what they have left, so no contract goes below zero.
    4. Fixed costs = ``fixed_cost_share_pct`` × baseline and do not shrink; delivery money =
       remaining − fixed costs, not below zero ("thinning" = how much of the baseline delivery money
       is gone). ``bidder_flag`` marks areas whose remaining annual value is below
       ``bidder_threshold_gbp_m``.

    Returns a ``TransferResult`` with:

    * ``commissioners`` - one row per commissioner: commissioner_id, commissioner, force_area,
      nation, group, area_code/area (contract area), included, key_share (share of the key among
      all 42), allocation_p (pence), allocation_gbp_m, per_head_gbp, at_floor, population,
      officers, caseload, caseload_imputed, population_estimated, pfa_code;
    * ``contracts`` - one row per contract area: area_code, area, status, n_commissioners,
      population, baseline_p, own_commissioners_p, from_other_areas_p, for_other_areas_p,
      remaining_p, fixed_p, delivery_p, baseline_delivery_p (pence) and the same in £m
      (``*_gbp_m``), remaining_pct, thinning_pct, fixed_costs_uncovered, bidder_flag;
    * totals ``pot_p``, ``transferred_p``, ``allocated_p``, ``kept_for_excluded_p`` and the
      ``conserved`` check.
    """
    pot_gbp_m = _money(pot_gbp_m, "Annual CRC funding pot", positive=True)
    share_pct = _pct(share_pct, "Share moved to commissioners")
    floor_gbp_m = _money(floor_gbp_m, "Minimum per commissioner")
    fixed_cost_share_pct = _pct(fixed_cost_share_pct, "Fixed share of contract costs")
    bidder_threshold_gbp_m = _money(bidder_threshold_gbp_m, "Bidder-interest threshold")
    try:
        regions.check_structure(structure)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    settings = dict(pot_gbp_m=pot_gbp_m, share_pct=share_pct, allocation_key=allocation_key,
                    blend_population_pct=blend_population_pct, floor_gbp_m=floor_gbp_m,
                    include_london=bool(include_london), include_gm=bool(include_gm), include_wales=bool(include_wales),
                    structure=structure, fixed_cost_share_pct=fixed_cost_share_pct,
                    bidder_threshold_gbp_m=bidder_threshold_gbp_m)

    com = commissioners(data_dir)
    key_share = key_weights(com, allocation_key, blend_population_pct).to_numpy()
    included = {"london": bool(include_london), "gm": bool(include_gm), "wales": bool(include_wales), "other": True}
    inc_mask = np.array([included[g] for g in com["group"]], dtype=bool)

    pot_p = to_pence(pot_gbp_m)
    transferred_p = share_of(pot_p, share_pct)
    by_key = largest_remainder(transferred_p, key_share.tolist())
    inc = np.flatnonzero(inc_mask).tolist()
    pool_p = sum(by_key[i] for i in inc)
    parts, held = allocate_with_floor(pool_p, [float(key_share[i]) for i in inc], to_pence(floor_gbp_m))
    alloc = np.zeros(len(com), dtype="int64")
    at_floor = np.zeros(len(com), dtype=bool)
    alloc[inc] = parts
    at_floor[inc] = held

    area_of, areas = _contract_areas(structure, data_dir)
    area_codes = com["pfa_code"].map(area_of)
    area_names = dict(zip(areas["area_code"], areas["area"]))
    cdf = pd.DataFrame({
        "commissioner_id": com["commissioner_id"], "commissioner": com["commissioner"], "force_area": com["force_area"],
        "nation": com["nation"], "group": com["group"], "area_code": area_codes, "area": area_codes.map(area_names),
        "included": inc_mask, "key_share": key_share, "allocation_p": alloc, "allocation_gbp_m": alloc / PENCE_PER_GBP_M,
        "per_head_gbp": alloc / 100 / com["population"].to_numpy(dtype=float), "at_floor": at_floor,
        "population": com["population"], "officers": com["officers"], "caseload": com["caseload"],
        "caseload_imputed": com["caseload_imputed"], "population_estimated": com["population_estimated"], "pfa_code": com["pfa_code"]})

    codes = areas["area_code"].tolist()
    baseline = np.array(largest_remainder(pot_p, areas["population"].astype(float).tolist()), dtype="int64")
    own_map = {}
    for a, p in zip(area_codes, alloc):
        own_map[a] = own_map.get(a, 0) + int(p)
    own = np.array([own_map.get(a, 0) for a in codes], dtype="int64")
    taken = np.minimum(own, baseline)
    from_other = own - taken
    left = baseline - taken
    excess = int(from_other.sum())
    levy = np.array(largest_remainder(excess, left.astype(float).tolist()) if excess else [0] * len(codes), dtype="int64")
    remaining = left - levy
    fixed = np.array([share_of(int(b), fixed_cost_share_pct) for b in baseline], dtype="int64")
    delivery = np.maximum(remaining - fixed, 0)
    base_delivery = baseline - fixed
    with np.errstate(divide="ignore", invalid="ignore"):
        thinning = np.where(base_delivery > 0, 100 * (1 - delivery / np.where(base_delivery > 0, base_delivery, 1)), np.nan)
        remaining_pct = np.where(baseline > 0, 100 * remaining / np.where(baseline > 0, baseline, 1), np.nan)
    k = {"area_code": codes, "area": areas["area"].tolist(), "status": areas["status"].tolist(),
         "n_commissioners": areas["n_commissioners"].to_numpy(), "population": areas["population"].to_numpy()}
    money = {"baseline": baseline, "own_commissioners": own, "from_other_areas": from_other, "for_other_areas": levy,
             "remaining": remaining, "fixed": fixed, "delivery": delivery, "baseline_delivery": base_delivery}
    for c, arr in money.items():
        k[f"{c}_p"] = arr
    for c, arr in money.items():
        k[f"{c}_gbp_m"] = arr / PENCE_PER_GBP_M
    k["remaining_pct"] = remaining_pct
    k["thinning_pct"] = thinning.astype(float)
    k["fixed_costs_uncovered"] = remaining < fixed
    k["bidder_flag"] = remaining < to_pence(bidder_threshold_gbp_m)
    contracts = pd.DataFrame(k)
    allocated_p = int(alloc.sum())
    return TransferResult(cdf.reset_index(drop=True), contracts, pot_p, transferred_p, allocated_p,
                          transferred_p - allocated_p, settings)


def _contract_areas(structure: str, data_dir: str | None) -> tuple[dict[str, str], pd.DataFrame]:
    folder = str(_data_dir(data_dir))
    return _contract_areas_cached(structure, folder, version(_INPUTS, folder))


@lru_cache(maxsize=16)
def _contract_areas_cached(structure: str, folder: str, stamps: tuple) -> tuple[dict[str, str], pd.DataFrame]:
    pf = regions.force_areas(structure, folder)
    s = regions.summarise(structure, folder)[["area_code", "area", "status", "n_commissioners", "population"]]
    return dict(zip(pf["pfa_code"], pf["area_code"])), s


def transfer_from(values: dict[str, Any], data_dir: str | None = None) -> TransferResult:
    """``transfer`` from a scenario dict keyed by param_id (as the page's controls give it)."""
    names = _TRANSFER_ARGS
    return transfer(**{k: v for k, v in values.items() if k in names}, data_dir=data_dir)


_TRANSFER_ARGS = frozenset(inspect.signature(transfer).parameters) - {"data_dir"}


# ---------------------------------------------------------------------------------------------
# Co-terminosity
# ---------------------------------------------------------------------------------------------

def coterminosity(structures: Sequence[str] = regions.STRUCTURES, data_dir: str | None = None) -> pd.DataFrame:
    """Commissioners per contract area for each structure: ``regions.summarise`` rows stacked, with titles."""
    st = load("structures", data_dir).set_index("structure")
    parts = []
    for s in structures:
        t = regions.summarise(s, data_dir)
        t.insert(0, "structure", s)
        t.insert(1, "structure_title", st.loc[s, "short_title"])
        t["structure_status"] = st.loc[s, "status"]
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def commissioner_counts(structures: Sequence[str] = regions.STRUCTURES, data_dir: str | None = None) -> pd.DataFrame:
    """The distribution: for each structure and number of commissioners, how many contract areas have that many."""
    c = coterminosity(structures, data_dir)
    out = (c.groupby(["structure", "structure_title", "n_commissioners"]).size().rename("n_areas").reset_index())
    out["areas"] = [", ".join(c[(c.structure == s) & (c.n_commissioners == n)]["area"]) for s, n in zip(out.structure, out.n_commissioners)]
    order = {s: i for i, s in enumerate(structures)}
    return out.sort_values(["structure", "n_commissioners"], key=lambda col: col.map(order) if col.name == "structure" else col).reset_index(drop=True)


def coterminosity_headline(structure: str, low: int = 1, high: int = 3, data_dir: str | None = None) -> dict[str, Any]:
    """``regions.headline`` plus how many areas hold between ``low`` and ``high`` commissioners, and the areas above."""
    h = regions.headline(structure, data_dir)
    s = regions.summarise(structure, data_dir)
    within = s[s.n_commissioners.between(low, high)]
    above = s[s.n_commissioners > high].sort_values(["n_commissioners", "area"], ascending=[False, True])
    largest = s[s.n_commissioners == s.n_commissioners.max()]["area"].tolist()
    return {**h, "n_within": len(within), "range": (low, high),
            "above": [(a, int(n)) for a, n in zip(above["area"], above["n_commissioners"])],
            "areas_with_max": largest}


def devolution(data_dir: str | None = None) -> pd.DataFrame:
    """The London and Greater Manchester justice devolution deals, dated, with source publisher and link."""
    d = load("devolution", data_dir)
    src = load("sources", data_dir).set_index("source_id")
    d["publisher"] = d["source_id"].map(src["publisher"])
    d["url"] = d["source_id"].map(src["url"])
    d["date"] = pd.to_datetime(d["date"].astype(str))
    return d.sort_values("date").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------------------------

SHARED = "shared"


def presets(shared: dict[str, Any] | None = None, data_dir: str | None = None) -> dict[str, tuple[str, dict[str, Any]]]:
    """Named scenarios from data/presets_q15.csv: ``{preset_id: (label, full values)}``.

    Parameters a preset does not list keep their default; every value is checked by the parameter
    registry. When ``shared`` (the values read from the page link) is given, it is added last as
    "The settings in the link you opened".
    """
    resource("presets_q15")
    ps = parameters("q15", data_dir)
    base = {k: p.default for k, p in ps.items()}
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for pid, g in load("presets_q15", data_dir).groupby("preset_id", sort=False):
        vals = dict(base)
        for r in g.itertuples(index=False):
            vals[r.param_id] = ps[r.param_id].coerce(r.value)
        out[str(pid)] = (str(g["label"].iloc[0]), vals)
    if shared is not None:
        out[SHARED] = ("The settings in the link you opened", {**base, **shared})
    return out
