"""models.commissioning (the Q14 model) and its Q14 views: unit tests and property tests (hypothesis)."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probation_briefing import InputError
from probation_briefing.briefings import get, q14
from probation_briefing.briefings.q14.charts import bands_long
from probation_briefing.briefings.q14.views import CHARITY_COLUMNS, TERM_LABELS
from probation_briefing.data import source
from probation_briefing.data.facts import fact
from probation_briefing.data.params import parameters
from probation_briefing.models import commissioning as c
from probation_briefing.models import regions

DATA = source()
P = parameters("q14", DATA)
DEFAULTS = P.defaults()
BASE = c.setting(DEFAULTS)
A_KEYS, B_KEYS, SHARED_KEYS, CHARITY_KEYS = (P.in_setting(x) for x in ("A", "B", "shared", "charity"))
ROUTES = list(P["route"].choices)
LOT_LEVELS = list(P["lot_level"].choices)
STRUCTURES = regions.structures(DATA)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pct = st.floats(0, 100)


COUNTS = {"contracts_per_lot", "call_offs_per_lot", "subcontracts_per_contract"}  # whole numbers of contracts
SECTOR_BOUNDS = {"population_total", "micro_floor_gbp_k", "major_cap_gbp_m"}  # kept at their defaults


@st.composite
def scenarios(draw):
    """A Setting built from drawn values that the parameter registry has checked: every range is the table's."""
    values = {}
    for k in (*A_KEYS, *SHARED_KEYS):
        p = P[k]
        if k in SECTOR_BOUNDS:
            continue
        if p.kind == "choice":
            values[k] = draw(st.sampled_from(p.choices))
        elif k in COUNTS:
            values[k] = draw(st.integers(int(p.min), int(p.max)))
        else:
            values[k] = draw(st.floats(p.min, p.max))
    return c.setting(DEFAULTS.replace(**values))


def evaluate(s: c.Setting) -> c.Result:
    return c.evaluate(s, DATA)


# ---- parameters and settings ---------------------------------------------------------------------


def test_parameter_file_covers_both_settings_and_keeps_structure():
    assert "structure" in P
    for k in A_KEYS:
        assert k in P and f"{k}_b" in P
    for k in SHARED_KEYS:
        assert k in P and f"{k}_b" not in P
    assert set(P) == set(A_KEYS) | {f"{k}_b" for k in A_KEYS} | set(SHARED_KEYS) | set(CHARITY_KEYS)
    for q in P.values():
        assert q.status in ("published", "derived", "illustrative", "authored") and q.source_id and q.group
        if q.kind == "number":
            assert q.unit
        if q.status == "illustrative":
            assert q.source_id == "PROJECT"


def test_route_and_lot_labels_come_from_the_parameter_table():
    route, route_b = P["route"], P["route_b"]
    assert route.choices == route_b.choices and route.choice_labels == route_b.choice_labels
    assert set(route.choices) == set(c.ROUTE_RULES)
    assert len(set(route.choice_labels)) == len(route.choices) and route.choice_labels != route.choices
    assert P["lot_level"].choices == P["lot_level_b"].choices == ("national", "regional", "local")
    assert P["structure"].choices == P["structure_b"].choices == tuple(STRUCTURES)
    t = q14.routes_table(DATA).frame
    assert t["route"].tolist() == list(route.choice_labels) and t["how the model treats it"].tolist() == [
        c.ROUTE_RULES[r] for r in route.choices
    ]


def test_assumptions_table_lists_every_parameter():
    a = P.assumptions(DATA)
    assert len(a) == len(P)
    assert {"unit", "default", "range", "status", "source"} <= set(a.columns)


def test_settings_are_read_from_the_parameter_tables_setting_column():
    """Setting A's parameters and the shared ones are exactly the Setting's fields; every Q14 parameter has a setting."""
    fields = {f.name for f in dataclasses.fields(c.Setting)}
    assert set(A_KEYS) | set(SHARED_KEYS) == fields and not set(A_KEYS) & set(SHARED_KEYS)
    assert set(B_KEYS) == {f"{k}_b" for k in A_KEYS}
    assert all(p.setting in ("A", "B", "shared", "charity") for p in P.values())
    assert CHARITY_KEYS == ("charity_turnover_gbp_k", "charity_reserves_gbp_k")
    for other in ("q13", "q15"):
        assert all(p.setting == "" for p in parameters(other, DATA).values())
    with pytest.raises(InputError, match="no setting 'C'"):
        c.setting(DEFAULTS, "C")


def test_the_model_returns_data_and_the_views_apply_the_labels():
    """Model outputs have identifier column names; the page's table and its download keep their labels."""
    comp = q14.run(DEFAULTS, DATA)
    for frame in (comp.charity, comp.a.by_band, comp.a.by_lot, c.population(BASE, DATA), c.lots(BASE, DATA)):
        assert all(str(x).isidentifier() for x in frame.columns), list(frame.columns)
    charity = {x.key: x for x in q14.views(comp).table_views()}["charity"]
    assert charity.download is not None
    assert list(charity.download.columns) == list(CHARITY_COLUMNS.values())
    assert set(charity.download["biggest part"]) <= {*TERM_LABELS.values(), "none"}


def test_setting_picks_suffix():
    v = DEFAULTS
    assert c.setting(v).route == v["route"]
    assert c.setting(v, "B").route == v["route_b"]
    assert c.setting(v, "B").structure == v["structure_b"]
    assert c.setting(v, "B").population_total == c.setting(v).population_total == v["population_total"]
    assert c.setting(v, "B").contracts_per_lot == v["contracts_per_lot_b"]


def test_missing_setting_is_input_error():
    v = dict(DEFAULTS)
    del v["pbr_pct_b"]
    with pytest.raises(InputError, match="pbr_pct_b"):
        c.setting(v, "B")
    c.setting(v)  # setting A does not need it
    del v["population_total"]
    with pytest.raises(InputError, match="population_total"):
        c.setting(v)


@pytest.mark.parametrize(
    "change",
    [
        dict(route="lottery"),
        dict(lot_level="street"),
        dict(structure="x"),
        dict(pbr_pct=150),
        dict(spend_gbp_m=-1),
        dict(reserves_pct=0),
        dict(contracts_per_lot=0),
        dict(bid_rate_pct=float("nan")),
        dict(major_cap_gbp_m=5),
        dict(micro_floor_gbp_k=10),
        dict(route_b="lottery"),
        dict(capacity_multiple=0),
    ],
)
def test_bad_values_raise_input_error(change):
    """Range checks happen once, in the parameter registry (the Setting no longer re-checks)."""
    with pytest.raises(InputError):
        DEFAULTS.replace(**change)


def test_grants_are_local_and_not_paid_by_results():
    s = dataclasses.replace(BASE, route="grants_pcc", lot_level="national", pbr_pct=50)
    assert s.effective_level == "commissioners" and s.effective_pbr_pct == 0 and s.held == "grant"
    assert len(c.lots(s, DATA)) == 42  # one grant programme per commissioner


# ---- building blocks --------------------------------------------------------------------------------


def test_population_uses_band_shares_and_total():
    pop = c.population(BASE, DATA)
    assert pop["organisations"].sum() == pytest.approx(BASE.population_total)
    shares = [fact(b[2], DATA).value for b in c.BANDS]
    assert pop["share"].tolist() == pytest.approx([x / sum(shares) for x in shares])
    assert list(c.band_shares(DATA)) == pytest.approx([x / sum(shares) for x in shares])
    assert (pop["low_gbp"] < pop["high_gbp"]).all()


def test_share_above_log_uniform():
    assert c.share_above(0, 10, 100) == 1
    assert c.share_above(100, 10, 100) == 0
    assert c.share_above(math.sqrt(1000), 10, 100) == pytest.approx(0.5)


def test_turnover_needed_takes_the_strictest_test():
    s = dataclasses.replace(
        BASE,
        route="framework",
        min_turnover_gbp_k=0,
        funding_req_pct=50,
        pbr_pct=0,
        capacity_multiple=3,
        arrears_months=0,
        tupe_pension_pct=0,
        below_cost_pct=0,
        qualify_cost_gbp_k=0,
        bid_cost_fixed_gbp_k=0,
        bid_cost_pct=0,
    )
    assert c.turnover_needed(s, 1e6) == pytest.approx(5e5)
    s2 = dataclasses.replace(s, min_turnover_gbp_k=900)
    assert c.turnover_needed(s2, 1e6) == pytest.approx(9e5)
    s3 = dataclasses.replace(s, pbr_pct=50, reserves_pct=25)
    assert c.turnover_needed(s3, 1e6) == pytest.approx(2e6)


@pytest.mark.parametrize("level,n", [("national", 1), ("local", 43)])
def test_lot_counts(level, n):
    lt = c.lots(dataclasses.replace(BASE, lot_level=level), DATA)
    assert len(lt) == n
    assert lt["lot_value_gbp"].sum() == pytest.approx(BASE.spend_gbp_m * 1e6)


@pytest.mark.parametrize("structure", STRUCTURES)
def test_regional_lots_follow_structure(structure):
    lt = c.lots(dataclasses.replace(BASE, lot_level="regional", structure=structure), DATA)
    assert len(lt) == len(regions.summarise(DATA, structure))
    assert lt["pop_share"].sum() == pytest.approx(1)
    assert lt["lot_value_gbp"].sum() == pytest.approx(BASE.spend_gbp_m * 1e6)


# ---- the model -------------------------------------------------------------------------------------


def test_evaluate_default_shapes():
    r = evaluate(BASE)
    assert r.setting == BASE
    assert list(r.by_band["band"]) == [b[0] for b in c.BANDS]
    assert (r.by_band["can_take_part"] <= r.by_band["organisations"] + 1e-9).all()
    assert (r.by_band["can_hold_whole_contract"] <= r.by_band["can_take_part"] + 1e-9).all()
    subs = 1 + BASE.subcontracts_per_contract  # the prime competition and its subcontract competitions
    assert r.competitions_per_year == pytest.approx(len(r.by_lot) * BASE.contracts_per_lot * BASE.competitions_per_year * subs)


def test_run_evaluates_a_and_b_on_the_same_data():
    comp = q14.run(DEFAULTS, DATA)
    assert comp.scenario == DEFAULTS
    assert comp.a.setting == c.setting(DEFAULTS) and comp.b.setting == c.setting(DEFAULTS, "B")
    assert (comp.a.setting.route, comp.b.setting.route) == ("supply_chain", "dps")
    pd.testing.assert_frame_equal(comp.a.by_band, evaluate(c.setting(DEFAULTS)).by_band)
    assert get("q14").run(DEFAULTS, DATA).b.can_take_part == comp.b.can_take_part


def test_rate_card_costs_only_the_fixed_part():
    s = dataclasses.replace(BASE, route="rate_card", bid_cost_fixed_gbp_k=0, qualify_cost_gbp_k=0)
    assert evaluate(s).bid_cost_gbp_m == 0


def test_no_bidders_means_no_share_and_no_cost():
    s = dataclasses.replace(BASE, bid_rate_pct=0)
    r = evaluate(s)
    assert r.vcs_share_pct == 0 and r.bid_cost_gbp_m == 0


def test_comparison_and_summary():
    comp = q14.run(DEFAULTS, DATA)
    a, b = comp.a, comp.b
    t = q14.comparison(a, b)
    assert list(t.columns) == ["measure", "unit", "A", "B", "B minus A"]
    assert (t["B minus A"] == t["B"] - t["A"]).all()
    assert len(bands_long(a, b)) == 2 * len(c.BANDS)
    v = q14.views(comp)
    assert "setting A" in v.summary and "setting B" in v.summary and "<" not in v.summary
    assert P["route"].label_of(a.setting.route) in v.summary  # labels come from the parameter table
    shown = {x.key: x for x in v.table_views()}["comparison"]
    pd.testing.assert_frame_equal(shown.download, t)
    assert shown.frame["measure"].tolist() == t["measure"].tolist()
    bands = {x.key: x for x in v.charts}["bands"]
    bands.chart.to_dict()
    assert "Micro" in bands.describe()
    assert len(v.headlines) == 7


def test_summary_changes_with_controls():
    a = q14.views(q14.run(DEFAULTS, DATA)).summary
    a2 = q14.views(q14.run(DEFAULTS.replace(min_turnover_gbp_k=5000), DATA)).summary
    assert a != a2


def test_record_table_and_award_chart():
    rec = q14.record(DATA)
    t = {x.key: x for x in rec.table_views()}["record"].frame
    assert len(t) == len(q14.RECORD_FACTS) and t["source"].notna().all()
    d = q14.award_vs_later(DATA)
    assert d.loc[0, "organisations"] == pytest.approx(
        fact("tr_subcontractors_named_in_winning_bids", DATA).value
        * fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct", DATA).value
        / 100
    )
    assert d.loc[2, "organisations"] == fact("vcse_in_crc_supply_chains_minister_2019", DATA).value
    award = {x.key: x for x in rec.charts}["award"]
    award.chart.to_dict()
    pd.testing.assert_frame_equal(award.data, d)


# ---- properties ------------------------------------------------------------------------------------


@FAST
@given(scenarios())
def test_shares_stay_within_0_and_100(s):
    r = evaluate(s)
    assert 0 <= r.vcs_share_pct <= 100
    assert r.by_lot["vcs_share_pct"].between(0, 100 + 1e-9).all()
    assert r.by_band["pct_can_take_part"].between(0, 100 + 1e-9).all()


@FAST
@given(scenarios())
def test_identical_settings_for_a_and_b_give_identical_results(s):
    values = {f.name: getattr(s, f.name) for f in dataclasses.fields(s)}
    scenario = DEFAULTS.replace(
        **{k: values[k] for k in SHARED_KEYS}, **{k: values[k] for k in A_KEYS}, **{f"{k}_b": values[k] for k in A_KEYS}
    )
    comp = q14.run(scenario, DATA)
    assert comp.a.setting == comp.b.setting
    pd.testing.assert_frame_equal(comp.a.by_band, comp.b.by_band)
    pd.testing.assert_frame_equal(comp.a.by_lot, comp.b.by_lot)
    t = q14.comparison(comp.a, comp.b)
    assert (t["B minus A"] == 0).all()


@FAST
@given(scenarios(), st.floats(0, 5000), pct, pct, st.floats(0, 1))
def test_more_restrictive_criteria_never_admit_more(s, extra_turnover, extra_funding, extra_pbr, reserves_cut):
    strict = dataclasses.replace(
        s,
        min_turnover_gbp_k=min(5000, s.min_turnover_gbp_k + extra_turnover),
        funding_req_pct=min(100, s.funding_req_pct + extra_funding),
        pbr_pct=min(100, s.pbr_pct + extra_pbr),
        reserves_pct=max(1, s.reserves_pct * (1 - reserves_cut)),
    )
    a, b = evaluate(s), evaluate(strict)
    assert (b.by_band["can_take_part"].values <= a.by_band["can_take_part"].values + 1e-9).all()
    assert b.can_hold_whole_contract <= a.can_hold_whole_contract + 1e-9


@FAST
@given(scenarios(), st.integers(1, 50))
def test_bigger_lots_never_admit_more_small_providers(s, fewer):
    small = ["micro", "small", "medium"]
    # Fewer contracts per lot = bigger contracts.
    big = dataclasses.replace(s, contracts_per_lot=max(1, s.contracts_per_lot - fewer))
    a = evaluate(s).by_band.set_index("band").loc[small, "can_take_part"]
    b = evaluate(big).by_band.set_index("band").loc[small, "can_take_part"]
    assert (b <= a + 1e-9).all()


@FAST
@given(scenarios())
def test_national_lots_admit_no_more_small_providers_than_regional_or_local(s):
    if s.route == "grants_pcc":
        return  # always local
    small = ["micro", "small", "medium"]
    counts = {
        lvl: evaluate(dataclasses.replace(s, lot_level=lvl)).by_band.set_index("band").loc[small, "can_take_part"] for lvl in LOT_LEVELS
    }
    assert (counts["national"] <= counts["regional"] + 1e-9).all()
    assert (counts["national"] <= counts["local"] + 1e-9).all()
    # every structure is a grouping of whole force areas, so force-area lots are never bigger
    assert (counts["regional"] <= counts["local"] + 1e-9).all()


@FAST
@given(scenarios(), st.sampled_from([0.0, 0.01, 0.1, 0.5, 1.0, 2.0]))
def test_bidding_cost_non_negative_and_rises_with_competitions(s, more):
    a = evaluate(s)
    b = evaluate(dataclasses.replace(s, competitions_per_year=s.competitions_per_year + more))
    assert a.bid_cost_gbp_m >= 0
    assert b.bid_cost_gbp_m >= a.bid_cost_gbp_m - 1e-12
    if more > 0 and a.bid_cost_gbp_m > 0:
        assert b.bid_cost_gbp_m > a.bid_cost_gbp_m


def test_bidding_cost_scales_linearly_with_competitions():
    a = evaluate(BASE)
    b = evaluate(dataclasses.replace(BASE, competitions_per_year=2 * BASE.competitions_per_year))
    assert b.bid_cost_gbp_m == pytest.approx(2 * a.bid_cost_gbp_m)
    assert isinstance(a.by_lot, pd.DataFrame)


# ---- issue 12 (part): A and B alike unless the user changes them; no grant where there is no commissioner ----


def test_a_and_b_differ_only_in_their_route_at_the_defaults():
    d = P.defaults()
    for k in d:
        if k.endswith("_b") and k != "route_b":
            assert d[k] == d[k[:-2]], k
    assert d["route"] != d["route_b"]


def test_pcc_grants_make_no_lot_for_the_city_of_london():
    s = c.setting(P.defaults().replace(route="grants_pcc"))
    lots = c.lots(s, DATA)
    assert len(lots) == 42 and "City of London" not in set(lots["lot"])
    assert lots["pop_share"].sum() == pytest.approx(1.0)


# ---- issue 12: like for like, the DPS, the barriers, one charity's view ----------------------------------------

BARRIERS_UP = dict(
    arrears_months=24, tupe_pension_pct=50, volume_risk_pct=100, pass_down_pct=100, below_cost_pct=50, qualify_cost_gbp_k=100
)


def test_each_route_tests_eligibility_against_the_contract_it_offers():
    expect = {
        "supply_chain": "subcontract",
        "delivery_partner": "Delivery Partner subcontract",
        "rate_card": "rate-card listing",
        "framework": "framework call-off",
        "dps": "dynamic purchasing system call-off",
        "grants_pcc": "grant",
    }
    for route, kind in expect.items():
        s = dataclasses.replace(BASE, route=route)
        r = evaluate(s)
        assert r.held == kind
        lt = c.lots(s, DATA)
        held = lt["subcontract_gbp"] if route in c.CHAINS else lt["contract_gbp"]
        assert r.median_held_gbp == pytest.approx(float(held.median()))
        if route not in c.CHAINS:  # every lot's threshold is the test on the contract held
            need = [c.turnover_needed(s, v) / 1e6 for v in lt["contract_gbp"]]
            assert r.by_lot["turnover_needed_gbp_m"].tolist() == pytest.approx(need)


def test_the_comparison_names_each_settings_contract_and_headlines_say_their_unit():
    comp = q14.run(DEFAULTS, DATA)
    t = q14.comparison(comp.a, comp.b)
    assert "A: subcontract" in t.loc[0, "measure"] and "B: dynamic purchasing system call-off" in t.loc[0, "measure"]
    v = q14.views(comp)
    heads = {h.label: h.value for h in v.headlines}
    assert "subcontract worth" in heads["A: organisations that could hold the contract this route offers"]
    assert "dynamic purchasing system call-off worth" in heads["B: organisations that could hold the contract this route offers"]
    assert any("different contracts" in n.text for n in v.caveats)
    same = q14.views(q14.run(DEFAULTS.replace(route_b="supply_chain"), DATA))
    assert not any("different contracts" in n.text for n in same.caveats)


def test_counts_are_shown_as_whole_organisations_and_figures_rounded():
    v = q14.views(q14.run(DEFAULTS, DATA))
    for h in v.headlines:
        if "organisations" in h.label:
            count = h.value.split(" of ")[0].removeprefix("about ")
            assert "." not in count, h.value
    shown = {x.key: x for x in v.table_views()}["comparison"].frame
    row = shown.set_index("measure").loc["Providers who could hold that contract"]
    assert "." not in row["A"] and "." not in row["B"]
    assert "nan" not in " ".join(shown.astype(str).to_numpy().ravel())


def test_nothing_subcontracted_means_only_those_able_to_lead_take_part():
    s = dataclasses.replace(BASE, route="supply_chain", subcontract_share_pct=0)
    r = evaluate(s)
    assert r.held == "prime contract" and r.can_take_part == pytest.approx(r.can_hold_whole_contract)
    assert r.can_take_part < BASE.population_total / 10  # not "all 1,443 could take part"
    assert r.competitions_per_year == pytest.approx(len(r.by_lot) * s.contracts_per_lot * s.competitions_per_year)


def test_payment_by_results_matters_below_the_old_12_5_per_cent_mask():
    s = dataclasses.replace(BASE, route="framework", pbr_pct=0)
    assert evaluate(dataclasses.replace(s, pbr_pct=10)).can_take_part < evaluate(s).can_take_part


@pytest.mark.parametrize("barrier", sorted(BARRIERS_UP))
def test_each_barrier_has_a_visible_effect_on_a_route_that_carries_it(barrier):
    route = {"volume_risk_pct": "rate_card", "pass_down_pct": "supply_chain", "qualify_cost_gbp_k": "rate_card"}.get(barrier, "framework")
    lo = {"pass_down_pct": 0}.get(barrier, 0)
    s = dataclasses.replace(BASE, route=route, call_offs_per_lot=30, **{barrier: lo})
    a, b = evaluate(s), evaluate(dataclasses.replace(s, **{barrier: BARRIERS_UP[barrier]}))
    assert b.can_take_part < a.can_take_part - 1, barrier


@pytest.mark.parametrize(
    "route,barrier",
    [
        ("grants_pcc", "tupe_pension_pct"),
        ("grants_pcc", "volume_risk_pct"),
        ("grants_pcc", "arrears_months"),
        ("rate_card", "tupe_pension_pct"),
        ("framework", "volume_risk_pct"),
        ("framework", "pass_down_pct"),
    ],
)
def test_a_barrier_a_route_does_not_carry_changes_nothing(route, barrier):
    s = dataclasses.replace(BASE, route=route)
    a, b = evaluate(s), evaluate(dataclasses.replace(s, **{barrier: BARRIERS_UP[barrier]}))
    pd.testing.assert_frame_equal(a.by_lot, b.by_lot)


@FAST
@given(scenarios())
def test_a_dps_never_admits_fewer_or_costs_more_than_a_framework(s):
    fw, dps = evaluate(dataclasses.replace(s, route="framework")), evaluate(dataclasses.replace(s, route="dps"))
    assert dps.can_take_part >= fw.can_take_part - 1e-9
    assert dps.vcs_share_pct >= fw.vcs_share_pct - 1e-9
    if dps.can_take_part == pytest.approx(fw.can_take_part):
        assert dps.bid_cost_gbp_m <= fw.bid_cost_gbp_m + 1e-12


def test_a_dps_lets_in_more_when_the_cost_of_a_bid_is_the_barrier():
    s = dataclasses.replace(BASE, spend_gbp_m=55, call_offs_per_lot=30, bid_affordability_pct=2)
    fw, dps = evaluate(dataclasses.replace(s, route="framework")), evaluate(dataclasses.replace(s, route="dps"))
    assert dps.can_take_part > fw.can_take_part + 10 and dps.bid_cost_gbp_m < fw.bid_cost_gbp_m


@FAST
@given(scenarios(), st.floats(0, 24), st.floats(0, 50), pct, st.floats(0, 50), st.floats(0, 100), st.floats(0, 1))
def test_heavier_contract_terms_never_admit_more(s, arrears, tupe, volume, below, qualify, afford_cut):
    heavy = dataclasses.replace(
        s,
        arrears_months=max(s.arrears_months, arrears),
        tupe_pension_pct=max(s.tupe_pension_pct, tupe),
        volume_risk_pct=max(s.volume_risk_pct, volume),
        below_cost_pct=max(s.below_cost_pct, below),
        qualify_cost_gbp_k=max(s.qualify_cost_gbp_k, qualify),
        bid_affordability_pct=max(0.5, s.bid_affordability_pct * (1 - afford_cut)),
    )
    a, b = evaluate(s), evaluate(heavy)
    assert (b.by_band["can_take_part"].values <= a.by_band["can_take_part"].values + 1e-9).all()


@FAST
@given(scenarios(), st.integers(1, 99))
def test_more_call_offs_never_admit_fewer_small_providers(s, more):
    if s.route == "supply_chain":
        return
    small = list(c.UNDER_1M)
    a = evaluate(s).by_band.set_index("band").loc[small, "can_take_part"]
    b = (
        evaluate(dataclasses.replace(s, call_offs_per_lot=min(100, s.call_offs_per_lot + more)))
        .by_band.set_index("band")
        .loc[small, "can_take_part"]
    )
    assert (b >= a - 1e-9).all()


@FAST
@given(scenarios())
def test_money_reaching_the_sector_is_within_the_spend(s):
    r = evaluate(s)
    assert 0 <= r.vcs_spend_gbp_m <= s.spend_gbp_m * (1 + 1e-9)
    assert r.vcs_spend_gbp_m == pytest.approx(r.vcs_share_pct / 100 * s.spend_gbp_m)


def test_charity_view_covers_every_route_and_is_monotone_in_size_and_reserves():
    v = c.charity_view(BASE, DATA, 500e3, 125e3)
    assert list(v["route"]) == list(c.ROUTE_RULES) and v["can_bid"].dtype == bool
    grant = v.set_index("route").loc["grants_pcc"]
    assert grant["carry_gbp_k"] == pytest.approx(BASE.below_cost_pct / 100 * grant["typical_value_gbp_k"])
    bigger = c.charity_view(BASE, DATA, 5e6, 2e6)
    poorer = c.charity_view(BASE, DATA, 500e3, 0)
    assert (bigger["can_bid"] >= v["can_bid"]).all() and (poorer["can_bid"] <= v["can_bid"]).all()
    assert not poorer["can_bid"].any()  # with no reserves, every route's cash and risk is a gap
    shown = {x.key: x for x in q14.views(q14.run(DEFAULTS, DATA)).table_views()}["charity"].frame
    assert "can it bid?" in shown and set(shown["can it bid?"]) <= {"yes", "no"}
    assert all((x == "nothing") == (y == "yes") for x, y in zip(shown["what stops it"], shown["can it bid?"]))


def test_charity_headline_counts_the_routes_it_could_bid_for():
    comp = q14.run(DEFAULTS, DATA)
    head = {h.label: h.value for h in q14.views(comp).headlines}["The example charity could bid under"]
    assert head.startswith(f"{int(comp.charity['can_bid'].sum())} of {len(c.ROUTE_RULES)} routes") and len(c.ROUTE_RULES) == 6


def test_spend_defaults_say_which_year_and_scale_they_describe():
    for k in ("spend_gbp_m", "spend_gbp_m_b"):
        assert "2021 Dynamic Framework" in P[k].label and "£55m a year" in P[k].label and P[k].default == 55
    for k in ("structure", "structure_b"):
        assert "12 probation regions of 2021" in P[k].label and P[k].default == "regions_2021"


def test_routes_are_different_calculations_at_the_same_contract_value():
    """A rate-card listing, a framework call-off, a DPS call-off and a grant of the same value are not one test."""
    s = dataclasses.replace(BASE, call_offs_per_lot=30, bid_affordability_pct=2)
    value = 500e3
    need = {
        kind: c.turnover_needed(s, value, kind)
        for kind in ("rate-card listing", "framework call-off", "dynamic purchasing system call-off", "grant")
    }
    assert len(set(need.values())) == 4, need
    assert need["grant"] < need["dynamic purchasing system call-off"] < need["framework call-off"]


# ---- issue 23 (part 4): the 2027 model (a lead Delivery Partner with a supply chain) and the dynamic market ---------

BARRIER_TERMS = {
    "arrears_months": "arrears",
    "tupe_pension_pct": "tupe",
    "volume_risk_pct": "volume",
    "below_cost_pct": "below_cost",
}


def _kinds(s: c.Setting) -> set[str]:
    """The contracts a route's competitions are for: the whole contract and, for a supply chain, the subcontract."""
    return {s.whole, s.held}


def test_the_2027_route_is_in_every_route_table_with_its_contracts_and_terms():
    assert "delivery_partner" in P["route"].choices and "delivery_partner" in P["route_b"].choices
    assert P["route"].label_of("delivery_partner") == "Lead Delivery Partner with a supply chain (2027 model)"
    assert c.HELD["delivery_partner"] == "Delivery Partner subcontract"
    assert c.CHAINS["delivery_partner"] == ("Delivery Partner contract", "Delivery Partner subcontract")
    # the notices give no terms that differ from a 2014 supply chain's: the same terms
    assert c.CARRIES["Delivery Partner subcontract"] == c.CARRIES["subcontract"]
    assert c.CARRIES["Delivery Partner contract"] == c.CARRIES["prime contract"]
    rule = c.ROUTE_RULES["delivery_partner"]
    assert "same mechanism as the 2014 supply chain" in rule and "Greater Manchester" in rule and "payment terms could not be read" in rule


def test_the_2027_route_has_one_delivery_partner_per_lot_and_no_lot_in_greater_manchester():
    s = dataclasses.replace(BASE, route="delivery_partner", contracts_per_lot=5)
    assert s.per_lot == 1 and s.held == "Delivery Partner subcontract" and s.whole == "Delivery Partner contract"
    lt = c.lots(s, DATA)
    assert len(lt) == 11 and "Greater Manchester" not in set(lt["lot"])  # the 12 regions of 2021, less Greater Manchester
    assert lt["lot_value_gbp"].sum() == pytest.approx(s.spend_gbp_m * 1e6)  # the whole spend, over the other areas
    fa = DATA.load("force_areas")
    gm = float(fa.loc[fa["pfa_code"] == "greater-manchester", "population"].iloc[0]) / fa["population"].sum()
    assert lt["pop_share"].sum() == pytest.approx(1 - gm)  # Greater Manchester's providers have no lot to bid for
    assert lt["spend_share"].sum() == pytest.approx(1)
    for level, n in (("national", 1), ("local", 42)):
        lots = c.lots(dataclasses.replace(s, lot_level=level), DATA)
        assert len(lots) == n and lots["lot_value_gbp"].sum() == pytest.approx(s.spend_gbp_m * 1e6)
        assert "Greater Manchester" not in set(lots["lot"])
    assert c.lots(dataclasses.replace(s, lot_level="national"), DATA)["lot"].item() == "England and Wales except Greater Manchester"


def test_the_2027_route_is_the_supply_chain_with_one_lead_contract_per_lot_outside_greater_manchester():
    """Where the 2014 supply chain also has one prime per lot and no area is left out (a national lot scaled to the
    same providers), the two routes give the same sums: the same mechanism."""
    dp = dataclasses.replace(BASE, route="delivery_partner")
    sc = dataclasses.replace(BASE, route="supply_chain", contracts_per_lot=1)
    a, b = evaluate(sc), evaluate(dp)
    # the same contracts in the lots they share, with Greater Manchester's spend shared over the others
    shared = a.by_lot.set_index("lot").drop(index="Greater Manchester")
    scale = BASE.spend_gbp_m / shared["lot_value_gbp_m"].sum()
    got = b.by_lot.set_index("lot").loc[shared.index]
    assert got["lot_value_gbp_m"].tolist() == pytest.approx((shared["lot_value_gbp_m"] * scale).tolist())
    assert got["contract_gbp_m"].tolist() == pytest.approx((shared["contract_gbp_m"] * scale).tolist())
    assert b.can_take_part < a.can_take_part  # Greater Manchester's providers take no part
    # identical sums when the 2014 route is handed the same lots
    for kind_a, kind_b in zip(c.CHAINS["supply_chain"], c.CHAINS["delivery_partner"]):
        for v in (5e4, 5e5, 5e6):
            assert c.turnover_needed(sc, v, kind_a) == pytest.approx(c.turnover_needed(dp, v, kind_b))
            assert sc.bid_cost(kind_a, v) == dp.bid_cost(kind_b, v) and sc.risk_terms(kind_a) == dp.risk_terms(kind_b)


@pytest.mark.parametrize("barrier", [*sorted(BARRIER_TERMS), "pass_down_pct", "qualify_cost_gbp_k"])
@pytest.mark.parametrize("route", ROUTES)
def test_each_barrier_moves_only_the_routes_that_carry_it(route, barrier):
    s = dataclasses.replace(BASE, route=route, call_offs_per_lot=30, **{barrier: 0})
    a, b = evaluate(s), evaluate(dataclasses.replace(s, **{barrier: BARRIERS_UP[barrier]}))
    if barrier in BARRIER_TERMS:
        carried = any(BARRIER_TERMS[barrier] in c.CARRIES[k] for k in _kinds(s))
    elif barrier == "pass_down_pct":
        carried = s.subcontracts and s.pbr_pct > 0
    else:
        one = dataclasses.replace(s, qualify_cost_gbp_k=1)
        carried = any(one.qualify_cost(k) > 0 for k in _kinds(one))
    if carried:
        assert b.can_take_part < a.can_take_part or b.bid_cost_gbp_m != a.bid_cost_gbp_m, (route, barrier)
    else:
        pd.testing.assert_frame_equal(a.by_lot, b.by_lot)
        pd.testing.assert_frame_equal(a.by_band, b.by_band)


@FAST
@given(scenarios())
def test_the_2027_route_keeps_money_within_the_spend_and_a_equals_b(s):
    dp = dataclasses.replace(s, route="delivery_partner")
    r = evaluate(dp)
    assert 0 <= r.vcs_spend_gbp_m <= dp.spend_gbp_m * (1 + 1e-9)
    assert r.by_band["can_take_part"].sum() <= dp.population_total + 1e-6
    values = {f.name: getattr(dp, f.name) for f in dataclasses.fields(dp)}
    scenario = DEFAULTS.replace(
        **{k: values[k] for k in SHARED_KEYS}, **{k: values[k] for k in A_KEYS}, **{f"{k}_b": values[k] for k in A_KEYS}
    )
    comp = q14.run(scenario, DATA)
    pd.testing.assert_frame_equal(comp.a.by_lot, comp.b.by_lot)
    pd.testing.assert_frame_equal(comp.charity, comp.charity_b)


def test_the_dps_route_says_what_the_procurement_act_2023_changed():
    """Label, rule and notes: the DPS is the old rules' tool; new procurements use a dynamic market."""
    for k in ("route", "route_b"):
        assert "dynamic market" in P[k].label_of("dps") and "old rules" in P[k].label_of("dps")
        assert "24 February 2025" in P[k].note and "dynamic market" in P[k].note and "23 February 2029" in P[k].note
    rule = c.ROUTE_RULES["dps"]
    assert "dynamic market" in rule and "Procurement Act 2023" in rule and "24 February 2025" in rule and "23 February 2029" in rule
    tl = DATA.load("timeline").set_index("event_id")
    assert tl.loc["procurement_act", "date"] == "2025-02-24" and tl.loc["dps_expire", "date"] == "2029-02-23"
    routes = q14.routes_table(DATA)
    assert routes.caption == "The six routes in the model" and len(routes.frame) == 6
