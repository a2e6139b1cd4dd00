"""Q14 (issue 22): one value for what describes the sector and the market, defaults at the 2021 Dynamic Framework's
year and scale, the reconciliation to the record, honest parameter rows, and what the page shows at the edges."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probation_briefing.briefings import get, q14
from probation_briefing.briefings.contract import Check
from probation_briefing.briefings.q14.points import CHARITY, COMPARISON, stance_of
from probation_briefing.briefings.q14.reconcile import YEARS_2021
from probation_briefing.briefings.sensitivity import sensitivity, uncertain
from probation_briefing.data import source
from probation_briefing.data.facts import fact
from probation_briefing.data.params import parameters
from probation_briefing.models import commissioning as c
from probation_briefing.page import urlstate

DATA = source()
B = get("q14")
P = parameters("q14", DATA)
DEFAULTS = P.defaults()
FACTS = DATA.load("facts")
SOME = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What describes the voluntary sector or the market: one value shared by A and B.
SECTOR_AND_MARKET = ("reserves_pct", "other_bidders", "bid_rate_pct", "bid_cost_pct", "bid_cost_fixed_gbp_k")
# The commissioner's choices: one value for each setting.
LEVERS = (
    "route",
    "lot_level",
    "structure",
    "contracts_per_lot",
    "call_offs_per_lot",
    "spend_gbp_m",
    "min_turnover_gbp_k",
    "funding_req_pct",
    "pbr_pct",
    "competitions_per_year",
    "subcontract_share_pct",
    "subcontracts_per_contract",
)
COUNTS = {"contracts_per_lot", "call_offs_per_lot", "subcontracts_per_contract"}
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _value(draw, k):
    p = P[k]
    if p.kind == "choice":
        return draw(st.sampled_from(p.choices))
    if k in COUNTS:
        return draw(st.integers(int(p.min), min(int(p.max), 40)))
    if k == "spend_gbp_m":
        return draw(st.sampled_from([10.0, 55.0, 280.0, 1000.0]))
    return p.min + p.step * draw(st.integers(0, round((p.max - p.min) / p.step)))  # on the control's steps, as the page


def _shared(draw, k):
    p = P[k]  # within the plausible range, on the control's steps
    return p.low + p.step * draw(st.integers(0, int((p.high - p.low) / p.step)))


@st.composite
def scenarios(draw, same: bool = False):
    """A checked scenario: every lever drawn for A and (unless ``same``) for B, and the shared assumptions drawn."""
    values = {}
    for k in LEVERS:
        values[k] = _value(draw, k)
        values[f"{k}_b"] = values[k] if same else _value(draw, f"{k}_b")
    for k in SECTOR_AND_MARKET:
        values[k] = _shared(draw, k)
    return DEFAULTS.replace(**values)


# ---- 1. one value for the sector and the market; levers for each setting ---------------------------------------------


def test_the_sector_and_market_settings_are_one_shared_assumption_each():
    for k in SECTOR_AND_MARKET:
        assert P[k].setting == "shared" and P[k].role == "assumption", k
        assert f"{k}_b" not in P, k
        assert "(A and B)" in P[k].group, k
    for k in LEVERS:
        assert (P[k].setting, P[f"{k}_b"].setting) == ("A", "B"), k
        assert P[k].role == P[f"{k}_b"].role == "lever", k
    assert not [k for k, p in P.items() if p.setting == "B" and p.role == "assumption"]  # no B-only uncertainty
    assert set(uncertain(DEFAULTS)) == {k for k, p in P.items() if p.kind == "number" and p.role == "assumption"}
    for k in SECTOR_AND_MARKET:
        assert uncertain(DEFAULTS)[k] == (k,)  # one name, which both settings read


def test_both_settings_read_the_one_shared_value():
    s = DEFAULTS.replace(reserves_pct=40, other_bidders=3, bid_rate_pct=30, bid_cost_pct=2, bid_cost_fixed_gbp_k=9)
    a, b = c.setting(s, "A"), c.setting(s, "B")
    for k in SECTOR_AND_MARKET:
        assert getattr(a, k) == getattr(b, k) == s[k], k


@SOME
@given(scenarios(same=True))
def test_with_a_and_b_the_same_every_uncertainty_gives_no_difference(s):
    out = sensitivity(B, s, DATA)
    assert out.low == out.central == out.high == 0
    assert (out.table["swing"] == 0).all()
    assert (out.table["headline at low"] == 0).all() and (out.table["headline at high"] == 0).all()
    assert not out.crosses_zero


@MANY
@given(scenarios(same=True))
def test_with_a_and_b_the_same_the_key_points_and_summary_say_so(s):
    v = B.view(s, DATA)
    point = v.key_points[COMPARISON]
    assert "the same" in point.text and point.stance == "context"
    text = " ".join(k.text for k in v.key_points) + " " + v.summary
    assert "Settings A and B are the same" in v.summary
    assert "more to the voluntary sector" not in text and "£0k" not in text and "£0m" not in text


@MANY
@given(scenarios())
def test_the_comparison_point_says_it_is_the_result_at_these_settings_and_its_tag_follows_the_effect(s):
    res = B.run(s, DATA)
    point = q14.key_points(res)[COMPARISON]
    diff = res.b.vcs_spend_gbp_m - res.a.vcs_spend_gbp_m
    assert point.stance == stance_of(res)
    if point.stance == "for":
        assert diff > 0 and "more to the voluntary sector" in point.text
    elif point.stance == "against":
        assert diff < 0 and "less to the voluntary sector" in point.text
    else:
        assert res.a.setting == res.b.setting or "about the same" in point.text
    if point.stance != "context":  # a direction is claimed: say it is only the result here, and where to test it
        assert "at these settings" in point.text and "How sure are we?" in point.text and "illustrative" in point.text
    assert "£0k" not in point.text


def test_the_charity_point_is_tagged_by_which_settings_route_it_could_bid_under():
    for s in (
        DEFAULTS,
        DEFAULTS.replace(route="dps", route_b="supply_chain"),
        DEFAULTS.replace(route_b="supply_chain"),
        DEFAULTS.replace(route="dps", route_b="delivery_partner", spend_gbp_m_b=90),
        DEFAULTS.replace(route_b="supply_chain", spend_gbp_m_b=1000),
    ):
        res = B.run(s, DATA)
        point = q14.key_points(res)[CHARITY]
        ca = bool(res.charity.set_index("route")["can_bid"][res.a.setting.route])
        cb = bool(res.charity_b.set_index("route")["can_bid"][res.b.setting.route])  # B's route on B's terms
        expect = "context" if ca == cb else ("for" if cb else "against")
        assert point.stance == expect, (s.changed(), point.text)


def test_an_old_link_with_a_setting_b_copy_gives_a_plain_notice_not_an_error():
    values, notices = urlstate.parse("reserves_pct_b=30&other_bidders_b=2&route_b=framework", P)
    assert values["route_b"] == "framework" and values["reserves_pct"] == DEFAULTS["reserves_pct"]
    assert len(notices) == 2 and all(n.startswith("Ignored unknown setting") for n in notices)
    B.run(P.scenario(values), DATA)


@MANY
@given(st.sampled_from(sorted(q14.links.RETIRED)), st.integers(0, 40), st.booleans(), st.booleans())
def test_an_old_setting_b_copy_maps_to_the_shared_setting_when_it_equals_a_and_says_so_when_not(old, k, a_given, same):
    shared = q14.links.RETIRED[old]
    p = P[shared]
    a = p.default if not a_given else p.low + p.step * (k % 5)
    b = a if same else a + p.step
    pairs = ([(shared, f"{a:g}")] if a_given else []) + [(old, f"{b:g}"), ("route_b", "framework")]
    kept, notices = q14.old_link(pairs, P)
    assert old not in dict(kept) and dict(kept)["route_b"] == "framework"
    values, ignored = urlstate.parse(urllib.parse.urlencode(kept), P)
    assert ignored == [] and values[shared] == a  # the shared setting takes setting A's value
    if same:
        assert notices == []
    else:
        assert len(notices) == 1 and p.label in notices[0] and "shared by A and B" in notices[0]
        assert not SNAKE.findall(notices[0])


# ---- 2. defaults at one year and scale: the 2021 Dynamic Framework ----------------------------------------------------


def _record_call_off_gbp_m() -> float:
    total, contracts = fact("crs_initial_award_total_gbp_m", DATA), fact("crs_contracts_awarded_so_far", DATA)
    assert "3-4 year" in total.period  # the term the 3.5 years comes from
    return total.value / contracts.value / YEARS_2021


def test_the_defaults_are_the_2021_dynamic_frameworks_scale():
    total = fact("crs_initial_award_total_gbp_m", DATA).value
    contracts = fact("crs_contracts_awarded_so_far", DATA).value
    regions = DATA.load("structures").set_index("structure").loc["regions_2021"]
    for suffix in ("", "_b"):
        assert DEFAULTS[f"structure{suffix}"] == "regions_2021" and regions["n_areas"] == 12
        assert abs(DEFAULTS[f"spend_gbp_m{suffix}"] - total / YEARS_2021) <= P["spend_gbp_m"].step  # £55m, the nearest step
        assert DEFAULTS[f"call_offs_per_lot{suffix}"] == round(contracts / regions["n_areas"])  # 110 / 12 = 9
        assert DEFAULTS[f"competitions_per_year{suffix}"] == round(1 / YEARS_2021, 2)  # 3-4 year contracts
    assert P["call_offs_per_lot"].source_id == fact("crs_contracts_awarded_so_far", DATA).source_id


def test_the_default_dps_call_off_is_about_the_size_of_a_2021_contract():
    res = B.run(DEFAULTS, DATA)
    assert res.b.setting.route == "dps"
    record = _record_call_off_gbp_m()
    assert 0.5 <= res.b.median_held_gbp / 1e6 / record <= 2


def test_the_default_dps_sends_about_the_published_share_to_the_voluntary_sector():
    res = B.run(DEFAULTS, DATA)
    assert abs(res.b.vcs_share_pct - fact("crs_share_funding_to_charities_vcse_pct", DATA).value) <= 10


def test_the_2019_ceiling_is_a_preset_with_call_offs_of_the_2021_size():
    from probation_briefing.data.presets import presets

    p = {x.preset_id: x for x in presets(P, DATA)}["whole_market_2019"]
    assert "May 2019 ceiling" in p.label and "whole interventions market" in p.label
    s = p.scenario
    assert s["spend_gbp_m"] == s["spend_gbp_m_b"] == fact("future_interventions_market", DATA).value
    res = B.run(s, DATA)
    assert 0.5 <= res.b.median_held_gbp / 1e6 / _record_call_off_gbp_m() <= 2


def test_parameter_notes_agree_with_their_values():
    for suffix in ("", "_b"):
        cpy = P[f"competitions_per_year{suffix}"]
        assert "1 / 3.5" in cpy.note and cpy.default == round(1 / 3.5, 2)
        st_ = P[f"structure{suffix}"]
        assert "12 probation regions" in st_.note and st_.default == "regions_2021"
        assert "110 / 12 = about 9" in P[f"call_offs_per_lot{suffix}"].note and P[f"call_offs_per_lot{suffix}"].default == 9
        assert "195 / 3.5" in P[f"spend_gbp_m{suffix}"].note


# ---- 3. reconciliation ------------------------------------------------------------------------------------------------


def test_the_briefing_reconciles_the_model_with_the_record():
    assert B.reconcile is q14.reconcile
    checks = B.reconcile(DATA)
    assert all(isinstance(x, Check) for x in checks) and len(checks) == 3
    ids = set(DATA.load("sources")["source_id"])
    for x in checks:
        assert x.source_id in ids and x.note.startswith("Setting B at the default settings") and x.tolerance, x.what
        assert "dynamic purchasing system" in x.note and "12 probation regions (2021)" in x.note and "£55m a year" in x.note
        assert not SNAKE.findall(" ".join((x.what, x.unit, x.tolerance, x.note))), x.what
    share, value, bidders = checks
    published = fact("crs_share_funding_to_charities_vcse_pct", DATA)
    assert share.record == published.value and share.source_id == published.source_id
    assert share.passed is True and abs(share.model - share.record) <= 10
    assert value.record == pytest.approx(_record_call_off_gbp_m()) and value.passed is True
    thin = fact("crs_pct_competitions_one_or_zero_bidders", DATA)
    assert bidders.source_id == thin.source_id and f"{thin.value:.0f}%" in bidders.note
    res = B.run(DEFAULTS, DATA)
    assert bidders.model == pytest.approx(res.b.by_lot["bidders"].median())
    assert bidders.passed is (bidders.model <= 1.5)


def test_the_bidders_per_competition_are_the_sectors_bidders_plus_the_others():
    res = B.run(DEFAULTS, DATA)
    lots = res.b.by_lot
    assert (lots["bidders"] >= res.b.setting.other_bidders).all()
    none = B.run(DEFAULTS.replace(bid_rate_pct=0), DATA).b.by_lot
    assert (none["bidders"] == DEFAULTS["other_bidders"]).all()


# ---- 4. roles, ranges, reliability, status ----------------------------------------------------------------------------


def test_every_assumption_has_a_plausible_range_that_brackets_its_default():
    for k, p in P.items():
        if p.role == "assumption":
            assert p.low is not None and p.high is not None and p.range_note, k
            assert p.low <= p.default <= p.high, k
            assert not SNAKE.findall(p.range_note), k  # the range note is shown on the page


def test_reliability_is_stated_by_role():
    for k, p in P.items():
        if p.role in ("lever", "example", "display"):
            assert p.reliability == "not applicable", k
        else:
            assert p.reliability in ("high", "medium", "low"), k
        if p.reliability == "high":
            assert p.status == "published", k


def test_a_published_number_equals_a_figure_from_its_source_and_illustrative_ones_say_why():
    for k, p in P.items():
        if p.status == "published" and p.kind == "number":
            rows = FACTS[(FACTS.source_id == p.source_id) & (FACTS.value.astype(float) == float(p.default))]
            assert len(rows), k
        if p.status == "published" and p.kind == "choice":
            structures = DATA.load("structures").set_index("structure")
            assert structures.loc[p.default, "status"] == "published" and structures.loc[p.default, "source_id"] == p.source_id
        if p.status == "illustrative":
            assert p.source_id == "PROJECT", k
            if p.role == "assumption":
                assert re.search(r"no (published|stated|per-\w+)|not found|no figure", p.note, re.IGNORECASE), k
    assert P["structure"].source_id != "S31"  # not a consultancy blog, and the default is not the reconstruction


def test_no_two_assumptions_rest_on_the_same_evidence():
    cited: dict[str, str] = {}
    for k, p in P.items():
        if p.role != "assumption":
            continue
        for ref in re.findall(r"facts: ([^)]*)\)", p.note):
            for fid in re.split(r",\s*", ref):
                assert fid not in cited, (fid, k, cited.get(fid))
                cited[fid] = k


# ---- 5. what the page shows -------------------------------------------------------------------------------------------


def _shown(v) -> str:
    parts = [k.text for k in v.key_points] + [f"{h.label} {h.value}" for h in v.headlines] + [v.summary]
    parts += [n.text for n in v.caveats] + [c.describe() for c in v.charts]
    for t in v.table_views():
        parts += [t.caption, t.note, " ".join(map(str, t.frame.columns)), " ".join(t.frame.astype(str).to_numpy().ravel())]
    return " ".join(parts)


def _inputs_and_record(s) -> set[float]:
    allowed = {float(x) for x in FACTS["value"]}
    allowed |= {float(s[k]) for k in ("spend_gbp_m", "spend_gbp_m_b", "charity_turnover_gbp_k", "charity_reserves_gbp_k")}
    return allowed


def _sig_figs(text: str) -> int:
    digits = text.replace(",", "").replace(".", "").lstrip("0")
    if "." not in text:
        digits = digits.rstrip("0")
    return len(digits)


@SOME
@given(scenarios())
def test_money_is_shown_to_two_significant_figures_unless_it_is_an_input_or_published(s):
    v = B.view(s, DATA)
    text = _shown(v)
    allowed = _inputs_and_record(s)
    for amount in re.findall(r"£([\d,]+(?:\.\d+)?)", text):
        if float(amount.replace(",", "")) in allowed:
            continue
        assert _sig_figs(amount) <= 2, (amount, text[max(0, text.find(amount) - 80) : text.find(amount) + 40])


@SOME
@given(scenarios())
def test_no_internal_identifier_is_shown(s):
    v = B.view(s, DATA)
    assert not SNAKE.findall(_shown(v))


def test_the_model_note_says_what_is_shared_and_which_year_the_defaults_describe():
    note = B.model_note()
    for words in ("shared by A and B", "2021", "£55m", "12 probation regions", "Does the model reproduce what happened?"):
        assert words in note, words


# ---- 6. issue 23 (part 4): the 2027 model, its preset, and what the Procurement Act 2023 changed -----------------------


def _preset(pid: str):
    from probation_briefing.data.presets import presets

    return {x.preset_id: x for x in presets(P, DATA)}[pid]


def test_the_community_support_for_men_preset_is_at_the_notices_value_and_term():
    p = _preset("cs4m_2027")
    s = p.scenario
    lower, years, more = (fact(k, DATA) for k in ("cs4m_budget_lower_inc_vat_gbp", "cs4m_contract_years", "cs4m_extension_years"))
    assert lower.source_id == years.source_id == "T08" and lower.status == "published"
    per_year = lower.value / 1.2 / (years.value + more.value) / 1e6  # VAT at 20% (an assumption), over 5 + 3 years
    assert per_year == pytest.approx(fact("cs4m_spend_per_year_ex_vat_gbp_m", DATA).value, abs=0.05)
    assert abs(s["spend_gbp_m_b"] - per_year) <= P["spend_gbp_m_b"].step / 2  # £90m, the nearest step to £89.0m
    assert s["competitions_per_year_b"] == pytest.approx(1 / (years.value + more.value), abs=P["competitions_per_year_b"].step / 2 + 1e-9)
    assert s["route_b"] == "delivery_partner" and s["lot_level_b"] == "regional" and s["structure_b"] == "regions_2021"
    # A is the 2021 Dynamic Framework at the defaults' scale
    assert s["route"] == "dps" and all(
        s[k] == DEFAULTS[k] for k in ("spend_gbp_m", "structure", "call_offs_per_lot", "competitions_per_year")
    )
    res = B.run(s, DATA)
    assert len(res.a.by_lot) == 12 and len(res.b.by_lot) == 11  # no lot in Greater Manchester
    rows = DATA.load("presets_q14")
    rows = rows[rows["preset_id"] == "cs4m_2027"].set_index("param_id")
    assert "VAT at 20%" in rows.loc["spend_gbp_m_b", "note"] and "this project's assumption" in rows.loc["spend_gbp_m_b", "note"]
    assert rows.loc["lot_level_b", "status"] == "illustrative" and "not in the stored copy" in rows.loc["lot_level_b", "note"]


def test_a_key_point_that_favours_a_dps_says_new_procurements_use_dynamic_markets():
    tl = DATA.load("timeline").set_index("event_id")
    ids = {tl.loc["procurement_act", "source_id"], tl.loc["dps_expire", "source_id"]}
    cases = (
        DEFAULTS,
        DEFAULTS.replace(route="dps", route_b="supply_chain"),
        DEFAULTS.replace(route="dps", route_b="dps"),
        DEFAULTS.replace(route="rate_card", route_b="dps", charity_reserves_gbp_k=200),
        DEFAULTS.replace(route="framework", route_b="dps", call_offs_per_lot=30, call_offs_per_lot_b=30, bid_affordability_pct=2),
    )
    favoured = 0
    for s in cases:
        res = B.run(s, DATA)
        points = q14.key_points(res)
        ra, rb = res.a.setting.route, res.b.setting.route
        comparison, charity = points[COMPARISON], points[CHARITY]
        says = [comparison] if "dps" in (ra, rb) else []  # the comparison of two settings, one of them a DPS
        if charity.stance != "context" and (rb if charity.stance == "for" else ra) == "dps":  # the charity is better off with a DPS
            says.append(charity)
            favoured += 1
        for k in says:
            assert "dynamic market" in k.text and "24 February 2025" in k.text and "23 February 2029" in k.text, k.text
            assert all(x in k.text for x in ids), k.text
    assert favoured >= 1  # the charity point's own case is exercised
    res = B.run(DEFAULTS, DATA)
    assert q14.key_points(res)[COMPARISON].stance == "for" and res.b.setting.route == "dps"  # the default favours the DPS ...
    assert "new procurements since 24 february 2025 use a dynamic market" in q14.key_points(res)[COMPARISON].text.lower()  # ... and says so


def test_a_key_point_says_the_ministry_returned_to_a_lead_provider_with_a_supply_chain_for_2027():
    tl = DATA.load("timeline").set_index("event_id")
    points = q14.key_points(B.run(DEFAULTS, DATA))
    point = next(k for k in points if "2027" in k.text and "Delivery Partner" in k.text)
    assert point is points[0] and "supply chains" in point.text.split(".")[0]  # the point on the supply chain
    assert "returned to a lead provider with a supply chain" in point.text
    for event in ("cs4m_model", "cs4m_tender"):
        assert tl.loc[event, "source_id"] in point.sources and f"{tl.loc[event, 'source_id']}" in point.text
    assert "England other than Greater Manchester" in point.text and "5 years with up to 3 more" in point.text
    if tl.loc["cs4m_award", "state"] == "planned":
        assert "no award" in point.text
    assert len(points) - 2 == COMPARISON and len(points) - 1 == CHARITY


def test_the_charity_point_judges_each_route_on_its_own_settings_terms():
    s = _preset("cs4m_2027").scenario
    res = B.run(s, DATA)
    dp = res.charity_b.set_index("route").loc["delivery_partner"]
    assert dp["typical_value_gbp_k"] == pytest.approx(res.b.median_held_gbp / 1e3)  # B's subcontract, at B's £90m
    point = q14.key_points(res)[CHARITY]
    assert "each route under its own setting's terms" in point.text
