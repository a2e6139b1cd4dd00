"""Q15 model: money in pence, commissioners and keys, the funding-transfer simulator and presets.

Co-terminosity and devolution moved to ``models.regions`` and are tested in test_regions.py.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probation_briefing import InputError
from probation_briefing.data import source
from probation_briefing.data.params import parameters
from probation_briefing.data.presets import presets
from probation_briefing.models import caseload, funding, money, regions

DATA = source()
P = parameters("q15", DATA)
KEYS = list(P["allocation_key"].choices)
RECIPIENTS = list(P["recipients"].choices)  # the commissioners of 2018 and the bodies of May 2028: every property holds for both
STRUCTURES = regions.structures(DATA)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def transfer(**values) -> funding.TransferResult:
    """``funding.transfer`` on a scenario checked by the parameter registry (the only place defaults live)."""
    return funding.transfer(P.scenario(values), DATA)


# --- money helpers -------------------------------------------------------------------------


def test_to_pence_and_back():
    assert money.to_pence(450) == 45_000_000_000
    assert money.to_pence(0.1) == 10_000_000
    assert money.to_pence(0.000000005) == 1  # half a penny rounds up
    assert money.to_gbp_m(45_000_000_000) == 450
    assert money.PENCE_PER_GBP_M == 100_000_000
    with pytest.raises(InputError):
        money.to_pence(float("nan"))
    with pytest.raises(InputError):
        money.to_pence("lots")


def test_share_of_rounds_half_up():
    assert money.share_of(1000, 10) == 100
    assert money.share_of(5, 50) == 3  # 2.5 -> 3
    assert money.share_of(45_000_000_000, 0) == 0
    assert money.share_of(45_000_000_000, 100) == 45_000_000_000


def test_largest_remainder_examples():
    assert money.largest_remainder(10, [1, 1, 1]) == [4, 3, 3]  # tie goes to the earliest
    assert money.largest_remainder(100, [0.5, 0.25, 0.25]) == [50, 25, 25]
    assert money.largest_remainder(0, [1, 2]) == [0, 0]
    assert money.largest_remainder(7, [0, 1]) == [0, 7]
    with pytest.raises(InputError, match="zero"):
        money.largest_remainder(5, [0, 0])
    with pytest.raises(InputError, match="negative"):
        money.largest_remainder(5, [1, -1])
    with pytest.raises(InputError):
        money.largest_remainder(-1, [1])


@given(total=st.integers(0, 10**12), weights=st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=50))
@FAST
def test_largest_remainder_sums_exactly_and_within_one_of_quota(total, weights):
    if sum(weights) == 0:
        return
    parts = money.largest_remainder(total, weights)
    assert sum(parts) == total and min(parts) >= 0
    s = sum(weights)
    for p, w in zip(parts, weights):
        assert abs(p - total * w / s) < 1 + 1e-9 * total  # within one unit of the exact quota (float check)


def test_allocate_with_floor_raises_small_and_scales_rest():
    parts, held = money.allocate_with_floor(100, [1, 1, 8], floor=20)
    assert sum(parts) == 100 and parts[:2] == [20, 20] and parts[2] == 60 and held == [True, True, False]
    with pytest.raises(InputError, match="lower the minimum"):
        money.allocate_with_floor(50, [1, 1, 1], floor=20)
    parts, held = money.allocate_with_floor(60, [1, 1, 1], floor=20)
    assert parts == [20, 20, 20]


@given(
    total=st.integers(0, 10**10), weights=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=45), floor=st.integers(0, 10**8)
)
@FAST
def test_allocate_with_floor_conserves_and_respects_the_floor(total, weights, floor):
    if sum(weights) == 0 and floor == 0 and total > 0:
        return  # nothing to share by
    try:
        parts, held = money.allocate_with_floor(total, weights, floor)
    except InputError as exc:
        assert floor * len(weights) > total and "lower the minimum" in str(exc)
        return
    assert sum(parts) == total
    assert min(parts) >= floor and len(held) == len(parts)


# --- inputs -----------------------------------------------------------------------------------


def test_commissioners_are_the_42_bodies():
    c = funding.commissioners(DATA)
    assert len(c) == 42 and c["commissioner_id"].is_unique
    assert "city-of-london" not in set(c["pfa_code"])
    assert c.set_index("commissioner_id").loc["mopac", "group"] == "london"
    assert c.set_index("commissioner_id").loc["gm-mayor", "group"] == "gm"
    assert (c["group"] == "wales").sum() == 4
    assert c.loc[c.group == "wales", "population_estimated"].all()
    assert c["population"].sum() == DATA.load("force_areas").dropna(subset=["commissioner_id"])["population"].sum()


def test_caseload_shared_by_population_and_imputed_where_missing():
    cl = caseload.by_force_area(DATA)
    assert len(cl) == 43
    crcs = DATA.load("crcs")
    known = crcs.dropna(subset=["caseload"]).set_index("crc_code")["caseload"]
    per_crc = cl.groupby("crc_code")["caseload"].sum()
    for code, v in known.items():
        assert per_crc[code] == pytest.approx(float(v))
    missing = set(crcs.loc[crcs.caseload.isna(), "crc_code"])
    assert set(cl.loc[cl.caseload_imputed, "crc_code"]) == missing and len(missing) == 3  # C07, C09 and C19: no figure found
    assert caseload.imputed_crcs(DATA) == 3
    fa = DATA.load("force_areas")
    rate = known.sum() / fa.merge(cl[["pfa_code", "crc_code"]]).query("crc_code in @known.index")["population"].sum()
    assert cl["imputation_rate_per_head"].iloc[0] == pytest.approx(rate)


@pytest.mark.parametrize("key", KEYS)
def test_key_weights_sum_to_one(key):
    w = funding.key_weights(funding.commissioners(DATA), key, 30)
    assert w.sum() == pytest.approx(1.0) and (w > 0).all()


def test_key_weights_equal_and_bad_key():
    c = funding.commissioners(DATA)
    assert funding.key_weights(c, "equal", 50).nunique() == 1
    with pytest.raises(InputError, match="unknown allocation key"):
        funding.key_weights(c, "votes", 50)
    blend0 = funding.key_weights(c, "blend", 0)
    assert blend0.tolist() == pytest.approx(funding.key_weights(c, "caseload", 50).tolist())
    blend100 = funding.key_weights(c, "blend", 100)
    assert blend100.tolist() == pytest.approx(funding.key_weights(c, "population", 50).tolist())
    # the blend weight only matters for the blend key
    assert funding.key_weights(c, "officers", 0).tolist() == funding.key_weights(c, "officers", 100).tolist()


@pytest.mark.parametrize("structure", STRUCTURES)
def test_contract_areas_map_every_force_area(structure):
    area_of, areas = funding.contract_areas(DATA, structure)
    assert len(area_of) == 43 and set(area_of.values()) == set(areas["area_code"])
    assert len(areas) == len(regions.summarise(DATA, structure))
    assert areas["population"].sum() == regions.summarise(DATA, structure)["population"].sum()
    assert areas["n_commissioners"].sum() == 42


# --- the simulator: examples -------------------------------------------------------------------


def test_default_scenario():
    r = funding.transfer(P.defaults(), DATA)
    assert r.pot_p == 45_000_000_000 and r.transferred_p == 4_500_000_000
    assert r.conserved and r.allocated_p == r.transferred_p and r.kept_for_excluded_p == 0
    assert len(r.commissioners) == 42 and len(r.contracts) == 11
    assert r.contracts["baseline_p"].sum() == r.pot_p
    assert (r.contracts["fixed_p"] == [money.share_of(int(b), 77) for b in r.contracts["baseline_p"]]).all()
    assert r.settings == dict(P.defaults())


def test_status_quo_moves_nothing():
    r = transfer(share_pct=0)
    assert r.allocated_p == 0 and (r.contracts["remaining_p"] == r.contracts["baseline_p"]).all()
    assert (r.contracts["thinning_pct"].fillna(0) == 0).all()


def test_excluded_commissioners_get_nothing_and_their_money_stays():
    r = transfer(include_london=False, include_gm=False, include_wales=False, structure="regions_2021")
    c = r.commissioners.set_index("commissioner_id")
    assert c.loc["mopac", "allocation_p"] == 0 and c.loc["gm-mayor", "allocation_p"] == 0
    assert (c.loc[c.group == "wales", "allocation_p"] == 0).all()
    assert r.kept_for_excluded_p > 0 and r.conserved
    k = r.contracts.set_index("area")
    for area in ("London", "Greater Manchester", "Wales"):
        assert k.loc[area, "remaining_p"] == k.loc[area, "baseline_p"]


def test_floor_is_respected():
    r = transfer(floor_gbp_m=1.5, share_pct=20)
    assert (r.commissioners["allocation_p"] >= money.to_pence(1.5)).all()
    assert r.commissioners["at_floor"].any() and r.conserved


def test_impossible_floor_is_a_clear_error():
    with pytest.raises(InputError, match=r"minimum of £5.00m for each of 42 commissioners needs £210.00m"):
        transfer(floor_gbp_m=5, share_pct=10)


def test_money_beyond_an_areas_baseline_comes_from_other_areas():
    r = transfer(share_pct=100, allocation_key="officers", structure="crc_2014")
    k = r.contracts.set_index("area")
    assert k.loc["London", "from_other_areas_p"] > 0  # London has more officers than people, proportionally
    assert (r.contracts["remaining_p"] >= 0).all() and r.conserved
    assert r.contracts["from_other_areas_p"].sum() == r.contracts["for_other_areas_p"].sum()


def test_thinning_and_flags():
    r = transfer(share_pct=30, fixed_cost_share_pct=77, bidder_threshold_pct=100, structure="crc_2014")
    k = r.contracts
    assert (k["delivery_p"] == (k["remaining_p"] - k["fixed_p"]).clip(lower=0)).all()
    shared = k["baseline_basis"] == funding.SHARED
    assert k.loc[shared, "fixed_costs_uncovered"].all()  # a 30% cut is more than the 23% of costs that are not fixed
    # Durham Tees Valley's published value is above its population share, so a move by population takes under 23% of it
    assert not k.loc[~shared, "fixed_costs_uncovered"].any()
    assert (k["bidder_flag"] == (k["remaining_p"] < r.bidder_threshold_p)).all()
    assert r.bidder_threshold_p == k["baseline_p"].min()  # 100% of the smallest 2014 contract (calibrated baseline)
    assert (k.loc[k.fixed_costs_uncovered, "thinning_pct"] == 100).all()


# ---- issue 12: the Q15 findings --------------------------------------------------------------------


@pytest.mark.parametrize("structure", STRUCTURES)
def test_no_contract_is_flagged_at_baseline_against_its_own_anchor(structure):
    r = transfer(share_pct=0, structure=structure)
    assert not r.contracts["bidder_flag"].any()


def test_relet_contracts_keep_more_delivery_money_than_a_mid_contract_cut():
    for share in (10, 23, 40):
        k = transfer(share_pct=share).contracts
        assert (k["relet_delivery_kept_pct"] >= 100 - k["thinning_pct"] - 1e-9).all()
    k10 = transfer(share_pct=10).contracts
    assert (100 - k10["thinning_pct"]).median() == pytest.approx(57, abs=1)  # the mid-contract view, as before
    assert k10["relet_delivery_kept_pct"].median() > 75  # re-let contracts are priced without the moved money
    k23 = transfer(share_pct=23).contracts
    assert (k23["relet_delivery_kept_pct"] > 0).all()  # no cliff at 23% once contracts are re-let


def test_relet_transition_share_moves_between_the_two_views():
    clean = transfer(share_pct=20, relet_transition_pct=0).contracts
    stuck = transfer(share_pct=20, relet_transition_pct=100).contracts
    assert (stuck["relet_delivery_p"] == stuck["delivery_p"]).all()  # all fixed costs stay: the mid-contract view
    assert clean["relet_delivery_kept_pct"].to_numpy() == pytest.approx(clean["remaining_pct"].to_numpy())


def test_the_page_shows_what_the_moved_money_could_buy():
    from probation_briefing.briefings import get

    b = get("q15")
    v = b.views(b.run(P.defaults(), DATA))
    per_case = {h.label: h for h in v.headlines}["What commissioners could spend per person on a CRC caseload in their areas"]
    assert per_case.value.startswith("about £") and per_case.status == "derived"
    assert {c.key for c in v.charts} >= {"contracts", "kept"}


@pytest.mark.parametrize(
    "values",
    [
        dict(pot_gbp_m=0),
        dict(pot_gbp_m=-1),
        dict(share_pct=101),
        dict(share_pct="lots"),
        dict(floor_gbp_m=-1),
        dict(structure="counties"),
        dict(allocation_key="votes"),
        dict(fixed_cost_share_pct=float("nan")),
        dict(include_wales="maybe"),
        dict(share=10),
    ],
)
def test_bad_inputs_raise_input_error(values):
    """Range checks happen once, where values enter (the parameter registry), not inside the model."""
    with pytest.raises(InputError):
        P.scenario(values)


def test_bad_input_messages():
    with pytest.raises(InputError, match="Share moved to commissioners: 101 is outside the allowed range 0 to 100 % of the pot"):
        P.scenario({"share_pct": 101})
    with pytest.raises(InputError, match="unknown setting"):
        P.scenario({"share": 10})
    with pytest.raises(InputError, match="'counties' is not one of crc_2014"):
        P.scenario({"structure": "counties"})


def test_conservation_table():
    t = funding.transfer(P.defaults(), DATA).conservation()
    assert t.set_index("item").loc["Moved + left - pot (should be 0)", "pence"] == 0
    assert t.set_index("item").loc["Pot", "gbp_m"] == 450


# --- the simulator: properties ----------------------------------------------------------------

scenario = st.fixed_dictionaries(
    {
        "pot_gbp_m": st.floats(100, 1000, allow_nan=False),
        "share_pct": st.floats(0, 100, allow_nan=False),
        "allocation_key": st.sampled_from(KEYS),
        "blend_population_pct": st.floats(0, 100, allow_nan=False),
        "floor_gbp_m": st.one_of(st.just(0.0), st.floats(0, 5, allow_nan=False)),
        "include_london": st.booleans(),
        "include_gm": st.booleans(),
        "include_wales": st.booleans(),
        "recipients": st.sampled_from(RECIPIENTS),
        "structure": st.sampled_from(STRUCTURES),
        "fixed_cost_share_pct": st.floats(0, 100, allow_nan=False),
        "bidder_threshold_pct": st.floats(0, 200, allow_nan=False),
        "relet_transition_pct": st.floats(0, 100, allow_nan=False),
    }
)


def _run(kw):
    try:
        return transfer(**kw)
    except InputError as exc:  # only an unmeetable floor may fail
        assert kw["floor_gbp_m"] > 0 and "lower the minimum" in str(exc)
        return None


@given(scenario)
@FAST
def test_conserved_to_the_penny_and_nothing_negative(kw):
    r = _run(kw)
    if r is None:
        return
    assert r.conserved
    assert r.allocated_p + int(r.contracts["remaining_p"].sum()) == r.pot_p
    assert r.allocated_p + r.kept_for_excluded_p == r.transferred_p
    assert int(r.commissioners["allocation_p"].sum()) == r.allocated_p
    assert int(r.contracts["baseline_p"].sum()) == r.pot_p
    for col in ("allocation_p",):
        assert (r.commissioners[col] >= 0).all()
    for col in ("baseline_p", "remaining_p", "fixed_p", "delivery_p", "from_other_areas_p", "for_other_areas_p"):
        assert (r.contracts[col] >= 0).all(), col
    assert (r.contracts["remaining_p"] <= r.contracts["baseline_p"]).all()


@given(scenario)
@FAST
def test_allocation_shares_sum_to_one(kw):
    r = _run(kw)
    if r is None:
        return
    assert r.commissioners["key_share"].sum() == pytest.approx(1.0, abs=1e-12)
    if r.allocated_p:
        assert sum(p / r.allocated_p for p in r.commissioners["allocation_p"]) == pytest.approx(1.0, abs=1e-12)


@given(scenario)
@FAST
def test_floors_respected_or_clear_error(kw):
    floor_p = money.to_pence(kw["floor_gbp_m"])
    try:
        r = transfer(**kw)
    except InputError as exc:
        assert "minimum" in str(exc) and "lower the minimum or move a larger share" in str(exc)
        return
    inc = r.commissioners[r.commissioners["included"]]
    assert (inc["allocation_p"] >= floor_p).all()
    assert (r.commissioners.loc[~r.commissioners["included"], "allocation_p"] == 0).all()


@given(scenario, st.integers(0, 100), st.integers(0, 100))
@FAST
def test_a_larger_share_never_gives_any_commissioner_less(kw, a, b):
    """Shares in whole per cent (the slider's step). Below about a penny per commissioner,
    largest-remainder rounding can move single pennies (the 'Alabama paradox'); see funding.transfer."""
    lo, hi = sorted((a, b))
    try:
        r_lo = transfer(**{**kw, "share_pct": lo})
    except InputError:
        return  # floor not affordable at the lower share
    r_hi = transfer(**{**kw, "share_pct": hi})
    assert (r_hi.commissioners["allocation_p"].to_numpy() >= r_lo.commissioners["allocation_p"].to_numpy()).all()


# --- presets ------------------------------------------------------------------------------------


def test_presets():
    ps = presets(P, DATA)
    assert [p.preset_id for p in ps] == ["default", "status_quo", "modest", "large", "bodies_2028"]
    by_id = {p.preset_id: p.scenario for p in ps}
    assert by_id["default"] == P.defaults()
    assert by_id["status_quo"]["share_pct"] == 0
    assert by_id["modest"]["share_pct"] < by_id["large"]["share_pct"]
    assert by_id["large"]["allocation_key"] == "blend" and by_id["large"]["floor_gbp_m"] == 2
    for p in ps:
        assert set(p.scenario) == set(P)
        assert funding.transfer(p.scenario, DATA).conserved
