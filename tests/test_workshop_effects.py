"""Workshop exercises teach something true: each preset differs from the defaults where its label says it does,
and each prompt's or facilitator note's stated effect happens (checked on the model, by the amount stated)."""

from __future__ import annotations

import pytest
from probation_briefing.briefings import get
from probation_briefing.briefings.contract import approx
from probation_briefing.data import source
from probation_briefing.data.facts import fact
from probation_briefing.data.presets import presets
from probation_briefing.models.funding import GM, LONDON

DATA = source()


def _presets(bid: str) -> dict:
    b = get(bid)
    return {p.preset_id: p for p in presets(b.parameters(DATA), DATA)}


def test_every_prompt_that_names_a_preset_names_a_real_one():
    ws = DATA.load("workshop")
    for r in ws.itertuples():
        if isinstance(r.preset_id, str) and r.preset_id:
            assert r.preset_id in _presets(r.briefing), r.item_id


def test_q13_p1_switching_to_the_2018_proposal_makes_areas_larger():
    b, start = get("q13"), _presets("q13")["how_local"].scenario
    before = b.run(start, DATA).headline
    after = b.run(start.replace(structure="proposed_2018"), DATA).headline
    assert before["n_areas"] == 21 and after["n_areas"] == 11
    assert after["max_commissioners"] >= before["max_commissioners"] + 3  # 4 -> 7
    assert after["median_population"] >= 2 * before["median_population"]


def test_q13_p3_full_uptake_doubles_rate_card_money_reaching_local_providers():
    b = get("q13")
    start = _presets("q13")["rate_card_as_planned"].scenario.replace(ratecard_uptake_pct=50)
    half = b.run(start, DATA).model.national["supply_chain_local"]
    full = b.run(start.replace(ratecard_uptake_pct=100), DATA).model.national["supply_chain_local"]
    assert full == pytest.approx(2 * half) and full - half >= 5  # at least £5m a year more


def test_q15_p1_ten_percent_flags_at_least_one_area_from_the_status_quo():
    b, start = get("q15"), _presets("q15")["status_quo"].scenario
    assert not b.run(start, DATA).transfer.contracts["bidder_flag"].any()
    flagged = b.run(start.replace(share_pct=10, allocation_key="population"), DATA).transfer.contracts["bidder_flag"]
    assert 1 <= flagged.sum() < len(flagged)  # some areas fall below first, not all


def test_q15_p3_relet_contracts_keep_delivery_money_that_a_mid_contract_cut_loses():
    k = get("q15").run(_presets("q15")["large"].scenario, DATA).transfer.contracts
    assert (100 - k["thinning_pct"]).max() == 0  # mid-contract: nothing left for delivery anywhere
    assert k["relet_delivery_kept_pct"].median() >= 20  # re-let: a fifth or more kept in the median area


def _text(item_id: str) -> str:
    ws = DATA.load("workshop").set_index("item_id")
    return str(ws.loc[item_id, "text"])


def _allocations(s):
    return get("q15").run(s, DATA).transfer.commissioners.set_index("commissioner_id")


def test_q15_f2_without_a_minimum_leaving_out_london_and_gm_changes_no_other_commissioners_sum():
    assert "With no minimum per commissioner, no other commissioner's sum changes" in _text("q15_f2")
    for preset in ("default", "modest"):
        base = _presets("q15")[preset].scenario
        assert base["floor_gbp_m"] == 0
        with_all, without = _allocations(base), _allocations(base.replace(include_london=False, include_gm=False))
        others = [c for c in with_all.index if c not in (LONDON, GM)]
        assert (with_all.loc[others, "allocation_p"] == without.loc[others, "allocation_p"]).all()
        assert without.loc[[LONDON, GM], "allocation_p"].sum() == 0


def test_q15_f2_with_a_minimum_the_others_above_it_lose_a_little():
    base = _presets("q15")["large"].scenario
    assert base["floor_gbp_m"] > 0
    with_all, without = _allocations(base), _allocations(base.replace(include_london=False, include_gm=False))
    others = [c for c in with_all.index if c not in (LONDON, GM)]
    change = (without.loc[others, "allocation_p"] - with_all.loc[others, "allocation_p"]) / 100  # £
    at_floor = with_all.loc[others, "at_floor"]
    assert (change[at_floor] == 0).all()  # those raised to the minimum keep it
    assert (change[~at_floor] < 0).all()  # every commissioner above it pays a little more towards it
    biggest = -change.min()
    assert f"about £{approx(biggest)} a year" in _text("q15_f2")  # "up to about £45,000 a year" (measured £44,624)


def test_q15_p2_officers_move_londons_share_most():
    start = _presets("q15")["modest"].scenario
    a, b = _allocations(start), _allocations(start.replace(allocation_key="officers"))
    change = (b["allocation_p"] - a["allocation_p"]).abs()
    assert change.idxmax() == LONDON and b.loc[LONDON, "allocation_p"] > a.loc[LONDON, "allocation_p"]  # London gains most
    assert ((b["allocation_p"] - a["allocation_p"]) < 0).any()  # and some lose


def test_q15_p1_the_first_areas_flagged_are_the_smallest_contracts_not_durham_tees_valley():
    b, start = get("q15"), _presets("q15")["status_quo"].scenario
    r = b.run(start.replace(share_pct=10, allocation_key="population"), DATA).transfer
    flagged = set(r.contracts.loc[r.contracts["bidder_flag"], "area"])
    assert r.bidder_reference_area in flagged and "Durham Tees Valley" not in flagged


def test_q15_f1_presets_run_in_order_and_the_threshold_is_illustrative_and_named():
    ps = _presets("q15")
    shares = [ps[p].scenario["share_pct"] for p in ("status_quo", "modest", "large")]
    assert shares == sorted(shares) and shares[0] == 0
    assert get("q15").parameters(DATA)["bidder_threshold_pct"].status == "illustrative"
    r = get("q15").run(ps["status_quo"].scenario.replace(share_pct=1), DATA).transfer
    assert r.bidder_reference_area in _text("q15_f1")
    assert r.contracts.set_index("area").loc[r.bidder_reference_area, "bidder_flag"]  # flagged as soon as money moves
    assert "Durham Tees Valley" in _text("q15_f1")


def test_q13_p2_the_two_reconstructions_differ_but_agree_on_the_largest_area():
    b, start = get("q13"), _presets("q13")["other_map"].scenario
    alt = b.run(start, DATA)
    main = b.run(start.replace(structure="proposed_2018"), DATA)
    assert alt.headline["n_areas"] == main.headline["n_areas"]
    assert (alt.headline["max_commissioners"], alt.headline["max_commissioners_area"]) == (
        main.headline["max_commissioners"],
        main.headline["max_commissioners_area"],
    )
    assert set(alt.summary["force_areas"]) != set(main.summary["force_areas"])  # but the boundaries differ


def test_q13_p3_the_setting_that_moves_the_total_most_is_the_commissioners_placeholder():
    from probation_briefing.briefings.sensitivity import sensitivity

    b, start = get("q13"), _presets("q13")["rate_card_as_planned"].scenario
    top = sensitivity(b, start, DATA).table.iloc[0]
    p = b.parameters(DATA)[top["param_id"]]
    assert top["param_id"] == "pcc_gbp_per_head" and "placeholder" in p.note  # neither the Ministry nor providers
    n = b.run(start, DATA).model.national
    assert 0.25 <= n["pcc_local"] / n["local_total"] <= 0.75  # a large part of the total rests on it
    assert "placeholder" in _text("q13_p3") and "commissioners" in _text("q13_p3")


def test_q13_f1_both_2018_maps_are_reconstructions():
    st = DATA.load("structures").set_index("structure")
    assert set(st.loc[["proposed_2018", "proposed_2018_alt"], "status"]) == {"reconstructed"}


def test_q13_f2_most_rate_card_settings_are_illustrative():
    rate_card = [p for p in get("q13").parameters(DATA).values() if p.group == "Rate-card model"]
    assert sum(p.status == "illustrative" for p in rate_card) > len(rate_card) / 2
    assert not any(p.status == "published" for p in rate_card)


@pytest.mark.parametrize("bid", ["q13", "q14", "q15"])
def test_every_exercise_has_a_test_of_its_stated_effect(bid):
    ws = DATA.load("workshop")
    names = [n for n in globals() if n.startswith("test_")]
    for item in ws.loc[ws["briefing"] == bid, "item_id"]:
        assert any(n.startswith(f"test_{item}_") for n in names), item


# ---- Q14 ----------------------------------------------------------------------------------------


def _q14(preset: str, **changes):
    s = _presets("q14")[preset].scenario
    return get("q14").run(s.replace(**changes) if changes else s, DATA)


def test_q14_p1_dps_sends_more_money_and_the_supply_chain_lets_in_more_small_organisations():
    r = _q14("default")
    s = r.scenario
    assert (s["spend_gbp_m"], s["spend_gbp_m_b"]) == (55, 55)  # the prompt: the 2021 framework's scale, £55m a year
    assert (s["structure"], s["structure_b"]) == ("regions_2021", "regions_2021") and len(r.a.by_lot) == 12
    assert (r.a.held, r.b.held) == (
        "subcontract",
        "dynamic purchasing system call-off",
    )  # the prompt says the counts are different contracts
    assert r.b.vcs_spend_gbp_m >= r.a.vcs_spend_gbp_m + 5  # at least £5m a year more through the DPS
    assert r.a.under_1m_can_take_part >= r.b.under_1m_can_take_part + 50  # 50 or more small subcontractors


def test_q14_p2_tighter_rules_hit_medium_organisations_hardest_and_cut_money_and_bidding():
    base, tight = get("q14").run(_presets("q14")["default"].scenario, DATA), _q14("tighter_rules")
    for x, y in ((base.a, tight.a), (base.b, tight.b)):
        assert y.vcs_spend_gbp_m < x.vcs_spend_gbp_m and y.bid_cost_gbp_m < x.bid_cost_gbp_m
    for x, y in ((base.a, tight.a), (base.b, tight.b)):  # the prompt: which band loses the most organisations
        before, after = x.by_band.set_index("band")["can_take_part"], y.by_band.set_index("band")["can_take_part"]
        lost = before - after
        assert lost.idxmax() == "medium" and lost["medium"] >= 0.5 * before["medium"]  # medium loses most, at least half its own


def test_q14_p3_a_small_charity_can_bid_under_some_routes_and_reserves_decide_more():
    r = _q14("local_lots")
    able = set(r.charity.loc[r.charity["can_bid"], "route"])
    assert 1 <= len(able) < 5  # some routes, not all
    thin = _q14("local_lots", charity_reserves_gbp_k=5)
    assert set(thin.charity.loc[thin.charity["can_bid"], "route"]) < able  # lower reserves close a route


def test_q14_p4_the_dps_cuts_bidding_cost_and_lets_in_more_when_bid_cost_is_the_barrier():
    r = _q14("framework_vs_dps")
    assert (r.a.setting.route, r.b.setting.route) == ("framework", "dps")
    assert r.b.bid_cost_gbp_m <= 0.5 * r.a.bid_cost_gbp_m  # at most half the cost
    assert r.b.can_take_part >= r.a.can_take_part
    low = _q14("framework_vs_dps", bid_affordability_pct=2)
    assert low.b.can_take_part >= low.a.can_take_part + 10  # the note: more only where bid cost keeps them out


def test_q14_f1_the_sector_count_is_the_october_2018_figure_split_by_uk_wide_band_shares():
    params = get("q14").parameters(DATA)
    total = fact("cj_voluntary_orgs_total_oct2018", DATA)
    assert params["population_total"].default == total.value == 1443 and "Oct 2018" in total.period
    bands = [fact(f"vcs_orgs_{b}_pct", DATA) for b in ("micro", "small", "medium", "large", "major")]
    assert {b.geography for b in bands} == {"UK"} and {b.period for b in bands} == {"2011/12"}  # UK-wide, another year


def test_q14_f2_the_bid_cost_defaults_are_illustrative():
    params = get("q14").parameters(DATA)
    for k in ("bid_cost_pct", "bid_cost_fixed_gbp_k"):
        assert params[k].status == "illustrative" and params[k].source_id == "PROJECT" and params[k].reliability == "low", k


def test_q14_f3_a_dps_changes_the_cost_of_bidding_not_the_size_of_contracts():
    b = get("q14")
    s = _presets("q14")["framework_vs_dps"].scenario
    r = b.run(s, DATA)
    assert (r.a.by_lot["contract_gbp_m"] == r.b.by_lot["contract_gbp_m"]).all()  # the same contracts
    assert r.b.bid_cost_gbp_m < r.a.bid_cost_gbp_m  # cheaper bidding
    assert r.b.can_take_part - r.a.can_take_part < 0.5  # bid cost is hardly the barrier here: the same whole count
    low = b.run(s.replace(bid_affordability_pct=2), DATA)
    assert low.b.can_take_part > low.a.can_take_part  # more only where the cost of a bid keeps them out
    params = b.parameters(DATA)
    for k in ("arrears_months", "tupe_pension_pct", "volume_risk_pct", "below_cost_pct"):
        assert params[k].status == "illustrative", k  # the contract terms are illustrative


def test_q14_p5_the_2027_model_spends_more_but_sends_less_at_20_per_cent_and_more_at_50():
    r = _q14("cs4m_2027")
    assert (r.a.setting.route, r.b.setting.route) == ("dps", "delivery_partner")
    assert (r.a.setting.spend_gbp_m, r.b.setting.spend_gbp_m) == (55, 90)  # the prompt: £55m against about £90m a year
    assert len(r.a.by_lot) == 12 and len(r.b.by_lot) == 11 and "Greater Manchester" not in set(r.b.by_lot["lot"])
    assert r.b.setting.subcontract_share_pct == 20  # "from 20%"
    assert r.b.vcs_spend_gbp_m < r.a.vcs_spend_gbp_m  # at 20% subcontracted the 2021 framework sends more
    half = _q14("cs4m_2027", subcontract_share_pct_b=50)
    assert half.b.vcs_spend_gbp_m > half.a.vcs_spend_gbp_m  # at 50% the 2027 model sends more
    # the example charity: each route judged on its own setting's terms
    can_a = bool(r.charity.set_index("route").loc["dps", "can_bid"])
    can_b = bool(r.charity_b.set_index("route").loc["delivery_partner", "can_bid"])
    assert (can_a, can_b) == (False, True)  # it could bid for a Delivery Partner subcontract, not a DPS call-off
    assert not r.charity.set_index("route").loc["dps", "reserves_enough"]  # its reserves stop it under A


def test_q14_f4_the_2027_spend_and_where_the_money_answer_turns():
    r = _q14("cs4m_2027")
    lower = fact("cs4m_budget_lower_inc_vat_gbp", DATA).value
    assert "£90m a year" in _text("q14_f4") and abs(lower / 1.2 / 8 / 1e6 - 90) < 2.5  # less VAT at 20%, over 5 + 3 years
    assert r.b.setting.subcontract_share_pct == 20 and r.b.vcs_spend_gbp_m < r.a.vcs_spend_gbp_m  # "at the default 20% ... less"
    at = {share: _q14("cs4m_2027", subcontract_share_pct_b=share) for share in (40, 50)}
    assert at[40].b.vcs_spend_gbp_m < at[40].a.vcs_spend_gbp_m < at[50].b.vcs_spend_gbp_m  # "as much between 40% and 50%"
    assert "between 40% and 50%" in _text("q14_f4")
    params = get("q14").parameters(DATA)
    assert params["subcontract_share_pct_b"].status == "illustrative"  # "unknown"


def test_q14_f5_the_model_treats_a_dynamic_market_as_a_dps_and_old_systems_lapse_in_2029():
    from probation_briefing.models.commissioning import ROUTE_RULES

    tl = DATA.load("timeline").set_index("event_id")
    assert tl.loc["procurement_act", "date"] == "2025-02-24" and "24 February 2025" in _text("q14_f5")
    assert tl.loc["dps_expire", "date"] == "2029-02-23" and tl.loc["dps_expire", "status"] == "reported"
    assert "23 February 2029" in _text("q14_f5") and "law firm" in _text("q14_f5")
    assert "dynamic market" in ROUTE_RULES["dps"] and "treats the same way" in ROUTE_RULES["dps"]
    assert "fees" in _text("q14_f5")  # the difference the model leaves out


# ---- Q15 from May 2028 --------------------------------------------------------------------------


def test_q15_p4_the_2028_bodies_are_fewer_and_two_crc_areas_deal_with_one_body_fewer():
    from probation_briefing.models import regions

    start = _presets("q15")["bodies_2028"].scenario
    assert start["recipients"] == "successors_2028" and start["floor_gbp_m"] == 0
    later, now = _allocations(start), _allocations(start.replace(recipients="commissioners_2018"))
    assert (len(now), len(later)) == (42, 40)  # how many recipients in each
    crc = regions.successor_coterminosity(DATA, ["crc_2014"])
    assert int((crc.n_bodies_2028 < crc.n_commissioners).sum()) == 2  # the contract areas that deal with fewer bodies
    assert int((later.body_status == "assumed").sum()) == 31  # how many are only assumed
    for pfa_a, pfa_b, mayor in (
        ("pcc-norfolk", "pcc-suffolk", "mayor-norfolk-suffolk"),
        ("pcc-derbyshire", "pcc-nottinghamshire", "mayor-east-midlands"),
    ):
        assert abs(later.loc[mayor, "allocation_p"] - now.loc[[pfa_a, pfa_b], "allocation_p"].sum()) <= 2


def test_q15_f3_the_money_left_is_the_same_and_equal_shares_favour_the_others():
    text = _text("q15_f3")
    start = _presets("q15")["bodies_2028"].scenario
    a = get("q15").run(start.replace(recipients="commissioners_2018"), DATA).transfer
    b = get("q15").run(start, DATA).transfer
    assert "to within a penny or two of rounding" in text
    assert (abs(a.contracts["remaining_p"] - b.contracts["remaining_p"]) <= 2).all()
    assert "31 of the 40 bodies are assumed" in text and int((b.commissioners.body_status == "assumed").sum()) == 31
    eq_now = _allocations(start.replace(recipients="commissioners_2018", allocation_key="equal"))
    eq_later = _allocations(start.replace(allocation_key="equal"))
    assert eq_later.loc["mayor-norfolk-suffolk", "allocation_p"] < eq_now.loc[["pcc-norfolk", "pcc-suffolk"], "allocation_p"].sum()
    others = [c for c in eq_later.index if c in eq_now.index]
    assert (eq_later.loc[others, "allocation_p"] > eq_now.loc[others, "allocation_p"]).all()  # every other body a little more
    assert "abolished in May 2028, subject to legislation" in text
