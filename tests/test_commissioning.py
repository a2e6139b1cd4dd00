"""Q14 commissioning model: unit tests and property tests (hypothesis)."""
from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from probation_briefing import InputError, commissioning as c, params, regions
from probation_briefing.facts import value

BASE = c.scenario_from_values(params.defaults("q14"))
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

routes = st.sampled_from(c.ROUTES)
levels = st.sampled_from(c.LOT_LEVELS)
structures = st.sampled_from(regions.STRUCTURES)
pct = st.floats(0, 100)


@st.composite
def scenarios(draw):
    return dataclasses.replace(
        BASE, route=draw(routes), lot_level=draw(levels), structure=draw(structures),
        contracts_per_lot=draw(st.integers(1, 50)), spend_gbp_m=draw(st.floats(10, 1000)),
        min_turnover_gbp_k=draw(st.floats(0, 5000)), funding_req_pct=draw(pct), pbr_pct=draw(pct),
        reserves_pct=draw(st.floats(1, 100)), competitions_per_year=draw(st.floats(0, 2)),
        bid_cost_pct=draw(st.floats(0, 10)), bid_cost_fixed_gbp_k=draw(st.floats(0, 100)),
        bid_rate_pct=draw(pct), other_bidders=draw(st.floats(0, 20)), subcontract_share_pct=draw(pct),
        subcontracts_per_contract=draw(st.integers(1, 50)), capacity_multiple=draw(st.floats(0.5, 20)))


# ---- parameters and scenarios --------------------------------------------------------------------

def test_parameter_file_covers_both_scenarios_and_keeps_structure():
    p = params.parameters("q14")
    assert "structure" in p
    for k in c.SCENARIO_KEYS:
        assert k in p and f"{k}_b" in p
    for k in c.SHARED_KEYS:
        assert k in p
    for q in p.values():
        assert q.unit and q.status in ("published", "derived", "illustrative") and q.source_id
        if q.status == "illustrative":
            assert q.source_id == "PROJECT"


def test_assumptions_table_lists_every_parameter():
    a = params.assumptions("q14")
    assert len(a) == len(params.parameters("q14"))
    assert {"unit", "default", "range", "status", "source"} <= set(a.columns)


def test_scenario_from_values_picks_suffix():
    v = params.defaults("q14")
    assert c.scenario_from_values(v).route == v["route"]
    assert c.scenario_from_values(v, "_b").route == v["route_b"]
    assert c.scenario_from_values(v, "_b").structure == v["structure_b"]


def test_missing_setting_is_input_error():
    v = params.defaults("q14")
    del v["pbr_pct_b"]
    with pytest.raises(InputError, match="pbr_pct_b"):
        c.scenario_from_values(v, "_b")


@pytest.mark.parametrize("change", [dict(route="lottery"), dict(lot_level="street"), dict(structure="x"),
                                    dict(pbr_pct=150), dict(spend_gbp_m=-1), dict(reserves_pct=0),
                                    dict(contracts_per_lot=0), dict(bid_rate_pct=float("nan")), dict(major_cap_gbp_m=5)])
def test_bad_scenarios_raise_input_error(change):
    with pytest.raises(InputError):
        dataclasses.replace(BASE, **change)


def test_grants_are_local_and_not_paid_by_results():
    s = dataclasses.replace(BASE, route="grants_pcc", lot_level="national", pbr_pct=50)
    assert s.effective_level == "local" and s.effective_pbr_pct == 0
    assert len(c.lots(s)) == 43


# ---- building blocks --------------------------------------------------------------------------------

def test_population_uses_band_shares_and_total():
    pop = c.population(BASE)
    assert pop["organisations"].sum() == pytest.approx(BASE.population_total)
    shares = [value(b[2]) for b in c.BANDS]
    assert pop["share"].tolist() == pytest.approx([x / sum(shares) for x in shares])
    assert (pop["low_gbp"] < pop["high_gbp"]).all()


def test_share_above_log_uniform():
    assert c.share_above(0, 10, 100) == 1
    assert c.share_above(100, 10, 100) == 0
    assert c.share_above(math.sqrt(1000), 10, 100) == pytest.approx(0.5)


def test_turnover_needed_takes_the_strictest_test():
    s = dataclasses.replace(BASE, min_turnover_gbp_k=0, funding_req_pct=50, pbr_pct=0, capacity_multiple=3)
    assert c.turnover_needed(s, 1e6) == pytest.approx(5e5)
    s2 = dataclasses.replace(s, min_turnover_gbp_k=900)
    assert c.turnover_needed(s2, 1e6) == pytest.approx(9e5)
    s3 = dataclasses.replace(s, pbr_pct=50, reserves_pct=25)
    assert c.turnover_needed(s3, 1e6) == pytest.approx(2e6)


@pytest.mark.parametrize("level,n", [("national", 1), ("local", 43)])
def test_lot_counts(level, n):
    lt = c.lots(dataclasses.replace(BASE, lot_level=level))
    assert len(lt) == n
    assert lt["lot_value_gbp"].sum() == pytest.approx(BASE.spend_gbp_m * 1e6)


@pytest.mark.parametrize("structure", regions.STRUCTURES)
def test_regional_lots_follow_structure(structure):
    lt = c.lots(dataclasses.replace(BASE, lot_level="regional", structure=structure))
    assert len(lt) == len(regions.summarise(structure))
    assert lt["pop_share"].sum() == pytest.approx(1)


# ---- the model -------------------------------------------------------------------------------------

def test_evaluate_default_shapes():
    r = c.evaluate(BASE)
    assert list(r.by_band["band"]) == [b[0] for b in c.BANDS]
    assert (r.by_band["can_take_part"] <= r.by_band["organisations"] + 1e-9).all()
    assert (r.by_band["can_hold_whole_contract"] <= r.by_band["can_take_part"] + 1e-9).all()
    assert r.competitions_per_year == pytest.approx(len(r.by_lot) * BASE.contracts_per_lot * BASE.competitions_per_year)


def test_rate_card_costs_only_the_fixed_part():
    s = dataclasses.replace(BASE, route="rate_card", bid_cost_fixed_gbp_k=0)
    assert c.evaluate(s).bid_cost_gbp_m == 0


def test_no_bidders_means_no_share_and_no_cost():
    s = dataclasses.replace(BASE, bid_rate_pct=0)
    r = c.evaluate(s)
    assert r.vcs_share_pct == 0 and r.bid_cost_gbp_m == 0


def test_comparison_and_summary():
    v = params.defaults("q14")
    a, b = c.evaluate_values(v), c.evaluate_values(v, "_b")
    t = c.comparison(a, b)
    assert list(t.columns) == ["measure", "unit", "A", "B", "B minus A"]
    assert (t["B minus A"] == t["B"] - t["A"]).all()
    text = c.summary_text(a, b)
    assert "setting A" in text and "setting B" in text and "<" not in text
    assert len(c.bands_long(a, b)) == 2 * len(c.BANDS)
    c.band_chart(a, b).to_dict()
    assert "Micro" in c.describe_band_chart(a, b)


def test_summary_changes_with_controls():
    v = params.defaults("q14")
    a, b = c.evaluate_values(v), c.evaluate_values(v, "_b")
    a2 = c.evaluate(dataclasses.replace(a.scenario, min_turnover_gbp_k=5000))
    assert c.summary_text(a, b) != c.summary_text(a2, b)


def test_record_table_and_award_chart():
    t = c.record_table()
    assert len(t) == len(c.RECORD_FACTS) and t["source"].notna().all()
    d = c.award_vs_later()
    assert d.loc[0, "organisations"] == pytest.approx(value("tr_subcontractors_named_in_winning_bids")
                                                      * value("tr_vcse_or_mutual_share_of_named_subcontractors_pct") / 100)
    assert d.loc[2, "organisations"] == value("vcse_in_crc_supply_chains_minister_2019")
    c.award_chart().to_dict()


# ---- properties ------------------------------------------------------------------------------------

@FAST
@given(scenarios())
def test_shares_stay_within_0_and_100(s):
    r = c.evaluate(s)
    assert 0 <= r.vcs_share_pct <= 100
    assert r.by_lot["vcs_share_pct"].between(0, 100 + 1e-9).all()
    assert r.by_band["pct_can_take_part"].between(0, 100 + 1e-9).all()


@FAST
@given(scenarios(), st.floats(0, 5000), pct, pct, st.floats(0, 1))
def test_more_restrictive_criteria_never_admit_more(s, extra_turnover, extra_funding, extra_pbr, reserves_cut):
    strict = dataclasses.replace(
        s, min_turnover_gbp_k=min(5000, s.min_turnover_gbp_k + extra_turnover),
        funding_req_pct=min(100, s.funding_req_pct + extra_funding), pbr_pct=min(100, s.pbr_pct + extra_pbr),
        reserves_pct=max(1, s.reserves_pct * (1 - reserves_cut)))
    a, b = c.evaluate(s), c.evaluate(strict)
    assert (b.by_band["can_take_part"].values <= a.by_band["can_take_part"].values + 1e-9).all()
    assert b.can_hold_whole_contract <= a.can_hold_whole_contract + 1e-9


@FAST
@given(scenarios(), st.integers(1, 50))
def test_bigger_lots_never_admit_more_small_providers(s, fewer):
    small = ["micro", "small", "medium"]
    # Fewer contracts per lot = bigger contracts.
    big = dataclasses.replace(s, contracts_per_lot=max(1, s.contracts_per_lot - fewer))
    a = c.evaluate(s).by_band.set_index("band").loc[small, "can_take_part"]
    b = c.evaluate(big).by_band.set_index("band").loc[small, "can_take_part"]
    assert (b <= a + 1e-9).all()


@FAST
@given(scenarios())
def test_national_lots_admit_no_more_small_providers_than_regional_or_local(s):
    if s.route == "grants_pcc":
        return  # always local
    small = ["micro", "small", "medium"]
    counts = {lvl: c.evaluate(dataclasses.replace(s, lot_level=lvl)).by_band.set_index("band").loc[small, "can_take_part"]
              for lvl in c.LOT_LEVELS}
    assert (counts["national"] <= counts["regional"] + 1e-9).all()
    assert (counts["national"] <= counts["local"] + 1e-9).all()
    if s.structure in ("crc_2014", "nps_2014", "regions_2021", "proposed_2018", "proposed_2018_alt"):
        # every structure is a grouping of whole force areas, so force-area lots are never bigger
        assert (counts["regional"] <= counts["local"] + 1e-9).all()


@FAST
@given(scenarios(), st.sampled_from([0.0, 0.01, 0.1, 0.5, 1.0, 2.0]))
def test_bidding_cost_non_negative_and_rises_with_competitions(s, more):
    a = c.evaluate(s)
    b = c.evaluate(dataclasses.replace(s, competitions_per_year=s.competitions_per_year + more))
    assert a.bid_cost_gbp_m >= 0
    assert b.bid_cost_gbp_m >= a.bid_cost_gbp_m - 1e-12
    if more > 0 and a.bid_cost_gbp_m > 0:
        assert b.bid_cost_gbp_m > a.bid_cost_gbp_m


def test_bidding_cost_scales_linearly_with_competitions():
    a = c.evaluate(BASE)
    b = c.evaluate(dataclasses.replace(BASE, competitions_per_year=2 * BASE.competitions_per_year))
    assert b.bid_cost_gbp_m == pytest.approx(2 * a.bid_cost_gbp_m)
    assert isinstance(a.by_lot, pd.DataFrame)
