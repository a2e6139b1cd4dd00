"""Workshop exercises teach something true: each preset differs from the defaults where its label says it does,
and each prompt's or facilitator note's stated effect happens (checked on the model, by the amount stated)."""

from __future__ import annotations

import pytest
from probation_briefing.briefings import get
from probation_briefing.data import source
from probation_briefing.data.presets import presets

DATA = source()


def _presets(bid: str) -> dict:
    b = get(bid)
    return {p.preset_id: p for p in presets(b.parameters(DATA), DATA)}


@pytest.mark.parametrize("bid", ["q13", "q14", "q15"])
def test_every_exercise_differs_from_the_defaults(bid):
    ps = _presets(bid)
    defaults = ps.pop("default").scenario
    for pid, p in ps.items():
        assert dict(p.scenario) != dict(defaults), f"{pid} equals the default settings"


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


def test_q15_f2_leaving_out_london_and_gm_changes_no_other_commissioners_sum():
    b = get("q15")
    base = b.parameters(DATA).defaults()
    with_all = b.run(base, DATA).transfer.commissioners.set_index("commissioner_id")["allocation_p"]
    without = b.run(base.replace(include_london=False, include_gm=False), DATA).transfer.commissioners.set_index("commissioner_id")[
        "allocation_p"
    ]
    others = [c for c in with_all.index if c not in ("mopac", "gm-mayor")]
    assert (with_all[others] == without[others]).all()
    assert without[["mopac", "gm-mayor"]].sum() == 0
