"""The Q13 and Q15 parameter tables (issue 22): roles, ranges, reliability and status say what is true of each row.

Every assumption has a plausible range that brackets its default (strictly, unless the default sits at an allowed
limit) and does not reuse evidence another setting applies; "published" only for a value quoted from its source and
equal to a figure in facts.csv; reliability "not applicable" exactly for what is chosen rather than estimated.
"""

from __future__ import annotations

import pytest
from probation_briefing.data import source
from probation_briefing.data.params import parameters

DATA = source()
FACTS = DATA.load("facts")
BIDS = ["q13", "q15"]


def _rows(bid):
    return list(parameters(bid, DATA).values())


@pytest.mark.parametrize("bid", BIDS)
def test_every_assumption_has_a_range_that_brackets_its_default(bid):
    for p in _rows(bid):
        if p.role != "assumption":
            continue
        assert p.low is not None and p.high is not None and p.range_note, p.param_id
        assert p.low < p.high, p.param_id
        d = float(p.default)
        at_limit = d in (p.min, p.max)
        assert p.low <= d <= p.high if at_limit else p.low < d < p.high, p.param_id


@pytest.mark.parametrize("bid", BIDS)
def test_published_only_for_a_value_equal_to_a_figure_from_the_same_source(bid):
    for p in _rows(bid):
        if p.status != "published":
            continue
        assert p.kind == "number", p.param_id
        same = FACTS[(FACTS["source_id"] == p.source_id) & (FACTS["value"].astype(float) == float(p.default))]
        assert len(same) >= 1, p.param_id


@pytest.mark.parametrize("bid", BIDS)
def test_reliability_follows_the_role(bid):
    for p in _rows(bid):
        chosen = p.role in ("lever", "method", "display", "example")
        assert (p.reliability == "not applicable") == chosen, p.param_id
        if p.role == "data":
            assert p.reliability in ("high", "medium"), p.param_id
        if p.status == "illustrative" and p.role == "assumption" and p.source_id == "PROJECT":
            assert p.reliability == "low", p.param_id  # a placeholder with no figure behind it


@pytest.mark.parametrize("bid", BIDS)
def test_the_structure_is_not_published_and_not_sourced_to_a_blog(bid):
    p = parameters(bid, DATA)["structure"]
    assert p.status != "published" and p.source_id != "S31"
    assert "reconstruction" in p.note


def test_q13_direct_purchase_range_does_not_count_the_local_share_twice():
    ps = parameters("q13", DATA)
    vcs, local = ps["direct_vcs_pct"], ps["direct_vcs_local_pct"]
    assert local.role == "data" and vcs.low != float(local.default)  # 6% is applied by the next setting already
    assert vcs.low < float(vcs.default) < vcs.high


def test_q13_demand_range_does_not_reuse_the_2021_framework_money():
    ps = parameters("q13", DATA)
    framework = float(FACTS.set_index("fact_id").loc["dynamic_framework_day1_initial", "value"])
    assert framework not in (ps["demand_gbp_m"].low, ps["demand_gbp_m"].high)  # the direct-purchase share rests on it


def test_q15_policy_levers_are_not_uncertainties_and_the_share_moved_keeps_its_scenarios():
    ps = parameters("q15", DATA)
    assert ps["share_pct"].role == "lever" and (ps["share_pct"].low, ps["share_pct"].high) == (5, 20)
    assert (
        ps["fixed_cost_share_pct"].role == "data" and ps["fixed_cost_share_pct"].status == "reported"
    )  # from the trade press: the NAO report could not be read
    assert {p.param_id for p in ps.values() if p.role == "assumption"} == {"bidder_threshold_pct", "relet_transition_pct"}
