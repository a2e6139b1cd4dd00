"""Q15 simulator: move part of the annual CRC pot to commissioners and see what is left in each contract area.

Who receives the money is a setting (``recipients``): the 42 commissioners of 2018 (the police and crime
commissioners, MOPAC and the Greater Manchester Mayor), or the bodies due to hold the role from May 2028, when
commissioners are abolished (mayors and boards of council leaders, ``data/successors_2028.csv``; 40 bodies, since
one mayor covers Norfolk and Suffolk and one Derbyshire and Nottinghamshire). Part of the pot is shared between
them by an allocation key; the rest stays in the contract areas of the chosen structure. Money is held in whole pence and every split uses largest-remainder rounding (``money``), so
``sum(allocations) + sum(remaining contract values) == pot`` to the penny.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from ..data import DataSource, cached
from ..data.facts import fact
from ..errors import InputError
from . import caseload, regions
from .money import PENCE_PER_GBP_M, allocate_with_floor, largest_remainder, share_of, to_pence

LONDON, GM = "mopac", "gm-mayor"
RECIPIENTS_2018, RECIPIENTS_2028 = "commissioners_2018", "successors_2028"
SUCCESSORS = "successors_2028"  # the dataset naming, per force area, the body that holds the role from May 2028
_INPUTS = ("force_areas", "crcs", "membership", "areas", "structures")
_RECIPIENT_INPUTS = (*_INPUTS, SUCCESSORS)
_BASELINE_INPUTS = (*_INPUTS, "facts", "sources")

# The 2014 CRC areas whose annual contract value was published: CRC code -> the figure in facts.csv (£m a year at award).
# Each keeps its value's share of the pot at award; only the rest of the pot is shared by population.
PUBLISHED_CONTRACT_VALUES = {"C03": "crc_c03_contract_value_annual"}  # Durham Tees Valley: about £14m a year
POT_AT_AWARD = "crc_contracts_annual_value_at_award"


@cached(_INPUTS)
def commissioners(data: DataSource) -> pd.DataFrame:
    """The 42 commissioner bodies of 2018 with their allocation keys (population, officers, caseload).

    One row per body (each covers one force area; the City of London has none). ``group`` is london, gm,
    wales or other, for the include switches. ``caseload`` is derived (``caseload.by_force_area``); Welsh
    populations are labelled estimates (``population_estimated``). The same table as ``recipients(data,
    RECIPIENTS_2018)``.
    """
    return _bodies(data, RECIPIENTS_2018)


@cached(_RECIPIENT_INPUTS)
def recipients(data: DataSource, which: str) -> pd.DataFrame:
    """The bodies that receive the money under ``which``: the commissioners of 2018, or the bodies of May 2028.

    Columns as ``commissioners`` (``commissioner_id`` and ``commissioner`` name the body), plus ``body_type`` (PCC,
    PFCC, mayor, board...), ``body_status`` (made, announced or assumed for the 2028 bodies; empty for 2018),
    ``body_source_id`` and ``pfa_codes`` (the force areas the body covers, ``|``-separated). A body covering two
    force areas (the Mayor of Norfolk and Suffolk) sums their keys, and ``force_area`` names both.

    >>> from probation_briefing.data import source
    >>> len(recipients(source(), RECIPIENTS_2018)), len(recipients(source(), RECIPIENTS_2028))
    (42, 40)
    """
    return _bodies(data, which)


def force_area_recipients(data: DataSource, which: str) -> pd.DataFrame:
    """One row per force area that has a body under ``which`` (the City of London has none in either): pfa_code,
    body_id, body, body_type, body_status, body_source_id, short_name, nation and the allocation keys."""
    fa = data.load("force_areas")
    cl = caseload.by_force_area(data)[["pfa_code", "crc_code", "caseload", "caseload_imputed"]]
    if which == RECIPIENTS_2018:
        b = fa.assign(
            body_id=fa["commissioner_id"],
            body=fa["commissioner_name"],
            body_type=fa["commissioner_type_2018"],
            body_status="",
            body_source_id=fa["source_id"],
        )
    elif which == RECIPIENTS_2028:
        su = data.load(SUCCESSORS)[["pfa_code", "body_id", "body", "body_type", "status", "source_id"]]
        su = su.rename(columns={"status": "body_status", "source_id": "body_source_id"})
        b = fa.merge(su, on="pfa_code", how="left")
        if b["body"].isna().any():
            raise InputError(f"{SUCCESSORS}.csv has no row for: {', '.join(b.loc[b['body'].isna(), 'pfa_code'])}")
    else:
        raise InputError(f"unknown recipients '{which}'; choose {RECIPIENTS_2018} or {RECIPIENTS_2028}")
    b = b[b["body_id"].notna() & (b["body_id"].astype(str) != "")]
    return (
        b.merge(cl, on="pfa_code")[
            [
                "pfa_code",
                "body_id",
                "body",
                "body_type",
                "body_status",
                "body_source_id",
                "short_name",
                "nation",
                "crc_code",
                "population",
                "population_status",
                "police_officer_fte",
                "caseload",
                "caseload_imputed",
            ]
        ]
        .rename(columns={"police_officer_fte": "officers"})
        .reset_index(drop=True)
    )


def _group(body_id: str, nation: str) -> str:
    return "london" if body_id == LONDON else "gm" if body_id == GM else "wales" if nation == "Wales" else "other"


def _bodies(data: DataSource, which: str) -> pd.DataFrame:
    c = force_area_recipients(data, which)
    c["group"] = [_group(i, n) for i, n in zip(c["body_id"], c["nation"])]
    mixed = c.groupby("body_id")["group"].nunique()
    if (mixed > 1).any():  # the include switches act on whole bodies, so a body may not straddle London, GM, Wales and the rest
        raise InputError(f"a body covers areas the include switches treat differently: {', '.join(mixed[mixed > 1].index)}")
    g = (
        c.groupby("body_id", sort=False)
        .agg(
            commissioner=("body", "first"),
            commissioner_type=("body_type", "first"),
            body_status=("body_status", "first"),
            body_source_id=("body_source_id", "first"),
            pfa_code=("pfa_code", "first"),
            pfa_codes=("pfa_code", "|".join),
            force_area=("short_name", " and ".join),
            nation=("nation", "first"),
            crc_code=("crc_code", "first"),
            population=("population", "sum"),
            population_estimated=("population_status", lambda s: bool((s == "estimate").any())),
            officers=("officers", "sum"),
            caseload=("caseload", "sum"),
            caseload_imputed=("caseload_imputed", "any"),
            n_force_areas=("pfa_code", "size"),
            group=("group", "first"),
        )
        .reset_index()
        .rename(columns={"body_id": "commissioner_id"})
    )
    g["population"] = g["population"].astype("int64")
    g["officers"] = g["officers"].astype(float)
    g["body_status"] = g["body_status"].fillna("").astype(str)
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
    bidder_reference_area: str = ""  # the 2014 CRC area whose baseline the bidder threshold is a share of

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
       nothing: their part stays in their contract area. With no minimum, each included commissioner keeps
       exactly its share of the whole key. With a minimum ``floor_gbp_m``, the included commissioners' total is
       re-split (below-floor bodies raised to it, the others scaled down to pay for it); InputError if
       ``floor × n`` exceeds that total.
    3. Contract areas follow ``structure``. Baselines are calibrated per 2014 CRC area (``crc_baselines``): a CRC
       with a published annual contract value keeps that value's share of the pot at award (Durham Tees Valley,
       about £14m of £450m); the rest of the pot is shared between the other CRCs by population (an assumption:
       their values were not published). Each CRC's baseline is shared between its force areas by population,
       and an area of any structure holds the baselines of its force areas. Remaining value = baseline − what the
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
       the smallest 2014 CRC contract in the calibrated baseline, so at baseline no 2014 contract is flagged
       against itself (``bidder_threshold_p`` is that value, ``bidder_reference_area`` that CRC area). With no
       minimum per commissioner, leaving commissioners out changes nobody else's sum; with a minimum, the cost
       of raising small sums to it is shared between fewer bodies, so other sums change.

    Returns a ``TransferResult`` with:

    * ``commissioners`` - one row per commissioner: commissioner_id, commissioner, force_area,
      nation, group, area_code/area (contract area), included, key_share (share of the key among
      all 42), allocation_p (pence), allocation_gbp_m, per_head_gbp, at_floor, population,
      officers, caseload, caseload_imputed, population_estimated, pfa_code;
    * ``contracts`` - one row per contract area: area_code, area, status, n_commissioners,
      population, baseline_basis, baseline_p, own_commissioners_p, from_other_areas_p, for_other_areas_p,
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
    com = recipients(data, s["recipients"])
    key_share = key_weights(com, s["allocation_key"], s["blend_population_pct"]).to_numpy()
    included = {"london": s["include_london"], "gm": s["include_gm"], "wales": s["include_wales"], "other": True}
    inc_mask = np.array([included[g] for g in com["group"]], dtype=bool)

    pot_p = to_pence(s["pot_gbp_m"])
    transferred_p = share_of(pot_p, s["share_pct"])
    by_key = largest_remainder(transferred_p, key_share.tolist())
    inc = np.flatnonzero(inc_mask).tolist()
    pool_p = sum(by_key[i] for i in inc)
    floor_p = to_pence(s["floor_gbp_m"])
    if floor_p:  # the minimum is paid for by the included bodies above it, so leaving someone out moves their sums
        parts, held = allocate_with_floor(pool_p, [float(key_share[i]) for i in inc], floor_p)
    else:  # no minimum: each included body keeps its share of the whole key, whoever else is left out
        parts, held = [by_key[i] for i in inc], [False] * len(inc)
    alloc = np.zeros(len(com), dtype="int64")
    at_floor = np.zeros(len(com), dtype=bool)
    alloc[inc] = parts
    at_floor[inc] = held

    area_of, areas = contract_areas(data, s["structure"])
    area_names = dict(zip(areas["area_code"], areas["area"]))
    # each body's money reaches the contract areas of its force areas (one, except where a body covers two)
    by_area = _split_by_area(data, s, com, alloc, area_of)
    body_areas = [sorted({area_of[p] for p in str(codes).split("|")}) for codes in com["pfa_codes"]]
    area_codes = pd.Series(["|".join(a) for a in body_areas], index=com.index)
    cdf = pd.DataFrame(
        {
            "commissioner_id": com["commissioner_id"],
            "commissioner": com["commissioner"],
            "force_area": com["force_area"],
            "nation": com["nation"],
            "group": com["group"],
            "area_code": area_codes,
            "area": [" / ".join(area_names[a] for a in codes) for codes in body_areas],
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
            "pfa_codes": com["pfa_codes"],
            "commissioner_type": com["commissioner_type"],
            "body_status": com["body_status"],
            "body_source_id": com["body_source_id"],
            "n_force_areas": com["n_force_areas"],
        }
    )

    codes = areas["area_code"].tolist()
    by_pfa = force_area_baselines(data, pot_p)
    base_map: dict[str, int] = {}
    for pfa, a in area_of.items():
        base_map[a] = base_map.get(a, 0) + by_pfa[pfa]
    baseline = np.array([base_map[a] for a in codes], dtype="int64")
    basis = _baseline_basis(data, s["structure"], tuple(codes))
    own = np.array([by_area.get(a, 0) for a in codes], dtype="int64")
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
    ref_area, ref_p = bidder_reference(data, pot_p)
    threshold_p = share_of(ref_p, s["bidder_threshold_pct"])
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
        "baseline_basis": basis,
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
        cdf.reset_index(drop=True),
        contracts,
        pot_p,
        transferred_p,
        allocated_p,
        transferred_p - allocated_p,
        dict(s),
        threshold_p,
        ref_area,
    )


def _split_by_area(
    data: DataSource, s: Mapping[str, Any], com: pd.DataFrame, alloc: np.ndarray, area_of: Mapping[str, str]
) -> dict[str, int]:
    """What the bodies receive, summed by contract area (pence). A body covering one force area counts wholly in that
    area's contract area; a body covering several (the Mayor of Norfolk and Suffolk) has its sum shared between its
    force areas by the same allocation key, with largest-remainder rounding, so the total is unchanged to the penny."""
    out: dict[str, int] = {}
    multi = com["n_force_areas"].to_numpy() > 1
    weight: pd.Series | None = None
    if multi.any():  # each force area's weight under the key, over all force areas (the key the bodies were paid by)
        fa = force_area_recipients(data, s["recipients"]).set_index("pfa_code")
        weight = key_weights(fa, s["allocation_key"], s["blend_population_pct"])
    for codes, p in zip(com["pfa_codes"], alloc):
        pfas = str(codes).split("|")
        if len(pfas) == 1:
            parts = [int(p)]
        else:
            assert weight is not None
            w = [float(x) for x in weight.loc[pfas]]
            parts = largest_remainder(int(p), w if sum(w) > 0 else [1.0] * len(pfas))
        for pfa, part in zip(pfas, parts):
            out[area_of[pfa]] = out.get(area_of[pfa], 0) + int(part)
    return out


PUBLISHED, SHARED = "published contract value", "population share"


@cached(_BASELINE_INPUTS)
def crc_baselines(data: DataSource, pot_p: int) -> pd.DataFrame:
    """Each 2014 CRC area's annual contract value in this model (pence), calibrated to the published values.

    A CRC with a published annual value (``PUBLISHED_CONTRACT_VALUES``) keeps that value's share of the pot at award
    (Durham Tees Valley: about £14m of £450m, so £14m at a £450m pot); the rest of the pot is shared between the other
    CRCs by population, with largest-remainder rounding, so the baselines add up to the pot to the penny. Columns:
    crc_code, area, population, baseline_p, basis (``PUBLISHED`` or ``SHARED``), source_id (of the published value).

    >>> from probation_briefing.data import source
    >>> from .money import to_pence
    >>> b = crc_baselines(source(), to_pence(450)).set_index("crc_code")
    >>> int(b.loc["C03", "baseline_p"]) == to_pence(14), int(b["baseline_p"].sum()) == to_pence(450)
    (True, True)
    """
    areas = regions.summarise(data, regions.BASELINE)[["area_code", "area", "population"]].rename(columns={"area_code": "crc_code"})
    codes = areas["crc_code"].tolist()
    award = Fraction(Decimal(str(fact(POT_AT_AWARD, data).value)))
    fixed: dict[str, int] = {}
    sources: dict[str, str] = {}
    for code, fid in PUBLISHED_CONTRACT_VALUES.items():
        if code in codes:
            f = fact(fid, data)
            q = Fraction(pot_p) * Fraction(Decimal(str(f.value))) / award
            fixed[code] = int((2 * q.numerator + q.denominator) // (2 * q.denominator))  # half up, as share_of
            sources[code] = f.source_id
    rest = pot_p - sum(fixed.values())
    if rest < 0:
        raise InputError("the published CRC contract values add up to more than the pot; check facts.csv")
    others = [c for c in codes if c not in fixed]
    pop = areas.set_index("crc_code")["population"].astype(float)
    shared = dict(zip(others, largest_remainder(rest, [float(pop[c]) for c in others])))
    areas["baseline_p"] = [fixed.get(c, shared.get(c, 0)) for c in codes]
    areas["baseline_p"] = areas["baseline_p"].astype("int64")
    areas["basis"] = [PUBLISHED if c in fixed else SHARED for c in codes]
    areas["source_id"] = [sources.get(c, "") for c in codes]
    return areas


@cached(_BASELINE_INPUTS)
def force_area_baselines(data: DataSource, pot_p: int) -> dict[str, int]:
    """Each police force area's part of its 2014 CRC's baseline (pence), shared within the CRC by population.

    This is how the calibrated baselines map onto any structure: an area holds the baselines of its force areas.
    Treat the dict as read-only.
    """
    crc = crc_baselines(data, pot_p).set_index("crc_code")["baseline_p"]
    pf = regions.force_areas(data, regions.BASELINE)[["pfa_code", "crc_code", "population"]]
    out: dict[str, int] = {}
    for code, g in pf.groupby("crc_code", sort=True):
        out.update(zip(g["pfa_code"], largest_remainder(int(crc[code]), g["population"].astype(float).tolist())))
    return out


@cached(_INPUTS)
def _baseline_basis(data: DataSource, structure: str, codes: tuple[str, ...]) -> list[str]:
    """What each area's baseline rests on: a published contract value, population shares, or both (read-only)."""
    pf = regions.force_areas(data, structure)
    pub = set(PUBLISHED_CONTRACT_VALUES)
    out = []
    for a in codes:
        crcs = set(pf.loc[pf["area_code"] == a, "crc_code"])
        out.append(PUBLISHED if crcs and crcs <= pub else f"{SHARED}, with a {PUBLISHED}" if crcs & pub else SHARED)
    return out


@cached(_BASELINE_INPUTS)
def bidder_reference(data: DataSource, pot_p: int) -> tuple[str, int]:
    """The smallest of the 21 CRC contracts of 2014 in the calibrated baseline: its area's name and value in pence.

    The bidder-interest threshold is a share of it. Durham Tees Valley, the smallest by population, is not it: its
    published value (about £14m a year) is above its population share, so the reference is a CRC whose value is not
    contradicted by the record. Cached per data version and pot (on every slider step's path).

    >>> from probation_briefing.data import source
    >>> from .money import to_pence
    >>> bidder_reference(source(), to_pence(450))[0]
    'South Yorkshire'
    """
    b = crc_baselines(data, pot_p).sort_values(["baseline_p", "crc_code"]).iloc[0]
    return str(b["area"]), int(b["baseline_p"])


def contract_areas(data: DataSource, structure: str) -> tuple[dict[str, str], pd.DataFrame]:
    """Which contract area each force area falls in under ``structure``, and the areas' summary rows (fresh copies)."""
    pf = regions.force_areas(data, structure)
    s = regions.summarise(data, structure)[["area_code", "area", "status", "n_commissioners", "population"]]
    return dict(zip(pf["pfa_code"], pf["area_code"])), s
