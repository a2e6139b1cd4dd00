"""Q15 simulator: move part of the annual CRC pot to the 42 commissioners and see what is left in each contract area.

Commissioners are the police and crime commissioners, MOPAC and the Greater Manchester Mayor. Part of
the pot is shared between them by an allocation key; the rest stays in the contract areas of the chosen
structure. Money is held in whole pence and every split uses largest-remainder rounding (``money``), so
``sum(allocations) + sum(remaining contract values) == pot`` to the penny.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..data import DataSource, cached
from ..errors import InputError
from . import caseload, regions
from .money import PENCE_PER_GBP_M, allocate_with_floor, largest_remainder, share_of, to_pence

LONDON, GM = "mopac", "gm-mayor"
_INPUTS = ("force_areas", "crcs", "membership", "areas", "structures")


@cached(_INPUTS)
def commissioners(data: DataSource) -> pd.DataFrame:
    """The 42 commissioner bodies of 2018 with their allocation keys (population, officers, caseload).

    One row per body (each covers one force area; the City of London has none). ``group`` is london, gm,
    wales or other, for the include switches. ``caseload`` is derived (``caseload.by_force_area``); Welsh
    populations are labelled estimates (``population_estimated``).
    """
    fa = data.load("force_areas")
    cl = caseload.by_force_area(data)[["pfa_code", "crc_code", "caseload", "caseload_imputed"]]
    c = fa[fa["commissioner_id"].notna()].merge(cl, on="pfa_code")
    g = (
        c.groupby("commissioner_id", sort=False)
        .agg(
            commissioner=("commissioner_name", "first"),
            commissioner_type=("commissioner_type_2018", "first"),
            pfa_code=("pfa_code", "first"),
            force_area=("short_name", "first"),
            nation=("nation", "first"),
            crc_code=("crc_code", "first"),
            population=("population", "sum"),
            population_estimated=("population_status", lambda s: bool((s == "estimate").any())),
            officers=("police_officer_fte", "sum"),
            caseload=("caseload", "sum"),
            caseload_imputed=("caseload_imputed", "any"),
            n_force_areas=("pfa_code", "size"),
        )
        .reset_index()
    )
    g["population"] = g["population"].astype("int64")
    g["officers"] = g["officers"].astype(float)
    g["group"] = [
        "london" if i == LONDON else "gm" if i == GM else "wales" if n == "Wales" else "other"
        for i, n in zip(g["commissioner_id"], g["nation"])
    ]
    return g


def key_weights(df: pd.DataFrame, allocation_key: str, blend_population_pct: float) -> pd.Series:
    """The allocation weight of each row of ``commissioners()`` under a key, as shares summing to one."""
    if allocation_key == "equal":
        w = pd.Series(1.0, index=df.index)
    elif allocation_key == "blend":
        p = float(blend_population_pct)
        pop = df["population"] / df["population"].sum()
        cas = df["caseload"] / df["caseload"].sum()
        w = p / 100 * pop + (1 - p / 100) * cas
    elif allocation_key in ("population", "officers", "caseload"):
        w = df[allocation_key].astype(float)
    else:
        raise InputError(f"unknown allocation key '{allocation_key}'")
    total = float(w.sum())
    if not total > 0:
        raise InputError(f"the '{allocation_key}' key is zero for every commissioner")
    return w / total


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
    bidder_threshold_p: int = 0

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
        rows = [
            ("Pot", self.pot_p),
            ("Moved to commissioners", self.allocated_p),
            ("Left in the contracts", self.remaining_p),
            ("Moved + left - pot (should be 0)", self.allocated_p + self.remaining_p - self.pot_p),
        ]
        return pd.DataFrame({"item": [r[0] for r in rows], "pence": [r[1] for r in rows], "gbp_m": [r[1] / PENCE_PER_GBP_M for r in rows]})


def transfer(s: Mapping[str, Any], data: DataSource) -> TransferResult:
    """Move ``share_pct`` of the annual CRC pot to commissioners and see what is left in each contract area.

    ``s`` is a checked Q15 scenario (``parameters("q15").scenario(...)``); ``data`` the source every input is read from.

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
    4. Two views of what is left. **Mid-contract cut** (today's contracts, first year): fixed costs =
       ``fixed_cost_share_pct`` × baseline and do not shrink; delivery money = remaining − fixed
       costs, not below zero ("thinning" = how much of the baseline delivery money is gone).
       **Re-let contracts** (priced without the moved money): fixed costs scale with the new contract,
       plus ``relet_transition_pct`` of the fixed costs that went with the moved money (costs a
       provider cannot shed at once); delivery money = the rest.
    5. ``bidder_flag`` marks areas whose remaining annual value is below ``bidder_threshold_pct`` of
       the smallest 2014 CRC contract in this model's baseline (the pot shared by population), so at
       baseline no 2014 contract is flagged against itself (``bidder_threshold_p`` is that value).

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

    >>> from probation_briefing.data import source
    >>> from probation_briefing.data.params import parameters
    >>> r = transfer(parameters("q15").scenario({"share_pct": 20}), source())
    >>> r.conserved, r.transferred_p == to_pence(90)
    (True, True)
    """
    com = commissioners(data)
    key_share = key_weights(com, s["allocation_key"], s["blend_population_pct"]).to_numpy()
    included = {"london": s["include_london"], "gm": s["include_gm"], "wales": s["include_wales"], "other": True}
    inc_mask = np.array([included[g] for g in com["group"]], dtype=bool)

    pot_p = to_pence(s["pot_gbp_m"])
    transferred_p = share_of(pot_p, s["share_pct"])
    by_key = largest_remainder(transferred_p, key_share.tolist())
    inc = np.flatnonzero(inc_mask).tolist()
    pool_p = sum(by_key[i] for i in inc)
    parts, held = allocate_with_floor(pool_p, [float(key_share[i]) for i in inc], to_pence(s["floor_gbp_m"]))
    alloc = np.zeros(len(com), dtype="int64")
    at_floor = np.zeros(len(com), dtype=bool)
    alloc[inc] = parts
    at_floor[inc] = held

    area_of, areas = contract_areas(data, s["structure"])
    area_codes = com["pfa_code"].map(area_of)
    area_names = dict(zip(areas["area_code"], areas["area"]))
    cdf = pd.DataFrame(
        {
            "commissioner_id": com["commissioner_id"],
            "commissioner": com["commissioner"],
            "force_area": com["force_area"],
            "nation": com["nation"],
            "group": com["group"],
            "area_code": area_codes,
            "area": area_codes.map(area_names),
            "included": inc_mask,
            "key_share": key_share,
            "allocation_p": alloc,
            "allocation_gbp_m": alloc / PENCE_PER_GBP_M,
            "per_head_gbp": alloc / 100 / com["population"].to_numpy(dtype=float),
            "at_floor": at_floor,
            "population": com["population"],
            "officers": com["officers"],
            "caseload": com["caseload"],
            "caseload_imputed": com["caseload_imputed"],
            "population_estimated": com["population_estimated"],
            "pfa_code": com["pfa_code"],
        }
    )

    codes = areas["area_code"].tolist()
    baseline = np.array(largest_remainder(pot_p, areas["population"].astype(float).tolist()), dtype="int64")
    own_map: dict[str, int] = {}
    for a, p in zip(area_codes, alloc):
        own_map[a] = own_map.get(a, 0) + int(p)
    own = np.array([own_map.get(a, 0) for a in codes], dtype="int64")
    taken = np.minimum(own, baseline)
    from_other = own - taken
    left = baseline - taken
    excess = int(from_other.sum())
    levy = np.array(largest_remainder(excess, left.astype(float).tolist()) if excess else [0] * len(codes), dtype="int64")
    remaining = left - levy
    fixed = np.array([share_of(int(b), s["fixed_cost_share_pct"]) for b in baseline], dtype="int64")
    delivery = np.maximum(remaining - fixed, 0)
    base_delivery = baseline - fixed
    moved_out = baseline - remaining
    relet_fixed = np.array(
        [share_of(int(r) + share_of(int(m), s["relet_transition_pct"]), s["fixed_cost_share_pct"]) for r, m in zip(remaining, moved_out)],
        dtype="int64",
    )
    relet_delivery = np.maximum(remaining - relet_fixed, 0)
    threshold_p = share_of(smallest_crc_baseline(data, pot_p), s["bidder_threshold_pct"])
    with np.errstate(divide="ignore", invalid="ignore"):
        thinning = np.where(base_delivery > 0, 100 * (1 - delivery / np.where(base_delivery > 0, base_delivery, 1)), np.nan)
        remaining_pct = np.where(baseline > 0, 100 * remaining / np.where(baseline > 0, baseline, 1), np.nan)
        relet_kept = np.where(base_delivery > 0, 100 * relet_delivery / np.where(base_delivery > 0, base_delivery, 1), np.nan)
    k = {
        "area_code": codes,
        "area": areas["area"].tolist(),
        "status": areas["status"].tolist(),
        "n_commissioners": areas["n_commissioners"].to_numpy(),
        "population": areas["population"].to_numpy(),
    }
    money = {
        "baseline": baseline,
        "own_commissioners": own,
        "from_other_areas": from_other,
        "for_other_areas": levy,
        "remaining": remaining,
        "fixed": fixed,
        "delivery": delivery,
        "baseline_delivery": base_delivery,
        "relet_fixed": relet_fixed,
        "relet_delivery": relet_delivery,
    }
    for c, arr in money.items():
        k[f"{c}_p"] = arr
    for c, arr in money.items():
        k[f"{c}_gbp_m"] = arr / PENCE_PER_GBP_M
    k["remaining_pct"] = remaining_pct
    k["thinning_pct"] = thinning.astype(float)
    k["fixed_costs_uncovered"] = remaining < fixed
    k["relet_delivery_kept_pct"] = relet_kept.astype(float)
    k["bidder_flag"] = remaining < threshold_p
    contracts = pd.DataFrame(k)
    allocated_p = int(alloc.sum())
    return TransferResult(
        cdf.reset_index(drop=True), contracts, pot_p, transferred_p, allocated_p, transferred_p - allocated_p, dict(s), threshold_p
    )


@cached(_INPUTS)
def smallest_crc_baseline(data: DataSource, pot_p: int) -> int:
    """The smallest of the 21 CRC contracts of 2014 in this model's baseline (the pot shared by population), in pence.

    Cached per data version and pot: it is on every slider step's path and changes only with those.
    """
    areas = regions.summarise(data, regions.BASELINE)
    return min(largest_remainder(pot_p, areas["population"].astype(float).tolist()))


def contract_areas(data: DataSource, structure: str) -> tuple[dict[str, str], pd.DataFrame]:
    """Which contract area each force area falls in under ``structure``, and the areas' summary rows (fresh copies)."""
    pf = regions.force_areas(data, structure)
    s = regions.summarise(data, structure)[["area_code", "area", "status", "n_commissioners", "population"]]
    return dict(zip(pf["pfa_code"], pf["area_code"])), s
