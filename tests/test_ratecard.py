"""models.ratecard: the Q13 what-if model of money reaching specialist local providers (and its Q13 views)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probation_briefing import InputError
from probation_briefing.briefings import get, q13
from probation_briefing.data import source
from probation_briefing.data.facts import fact
from probation_briefing.data.params import parameters
from probation_briefing.models import caseload, ratecard, regions

DATA = source()
P = parameters("q13", DATA)
BASE = P.defaults()
KEYS = list(P["allocation_key"].choices)
STRUCTURES = regions.structures(DATA)
POP = 55_977_178 + 3_138_631


def run(**changes) -> ratecard.Result:
    return ratecard.run(BASE.replace(**changes), DATA)


def test_parameters_registry_keeps_structure_and_documents_everything():
    assert next(iter(P)) == "structure" and P["structure"].default == "proposed_2018"
    assert P["structure"].choices == tuple(STRUCTURES)
    model = {
        "structure",
        "allocation_key",
        "demand_gbp_m",
        "ratecard_share_pct",
        "ratecard_uptake_pct",
        "crc_inhouse_pct",
        "supply_chain_local_pct",
        "scale_effect_pp_per_m",
        "direct_vcs_pct",
        "direct_vcs_local_pct",
        "pcc_gbp_per_head",
        "pcc_local_pct",
    }
    display = {"bar_measure", "per_area_view"}  # how results are shown, not model inputs
    assert set(P) == model | display
    assert KEYS == ["population", "caseload"]
    for q in P.values():
        assert q.status in {"published", "derived", "reconstructed", "illustrative", "authored"} and q.source_id and q.note and q.group
        if q.kind == "number":
            assert q.unit
        if q.kind == "choice":
            assert len(q.choice_labels) == len(q.choices) and q.default in q.choices
    assert {q.param_id for q in P.values() if q.status == "authored"} == display
    a = P.assumptions(DATA)
    assert len(a) == len(P) and a["source"].notna().all()
    assert P["demand_gbp_m"].default == 280 and P["demand_gbp_m"].source_id == "F28"


def test_scenario_defaults_coercion_and_errors():
    """What ``check_values`` did now happens once, in the parameter registry."""
    assert dict(P.scenario()) == dict(BASE) == {k: q.default for k, q in P.items()}
    v = P.scenario({"demand_gbp_m": "100", "structure": "crc_2014", "pcc_gbp_per_head": None})
    assert v["demand_gbp_m"] == 100.0 and v["structure"] == "crc_2014" and v["pcc_gbp_per_head"] == BASE["pcc_gbp_per_head"]
    assert v.changed() == {"demand_gbp_m": 100.0, "structure": "crc_2014"}
    with pytest.raises(InputError, match="unknown setting"):
        P.scenario({"demand": 1})
    with pytest.raises(InputError, match="outside the allowed range"):
        P.scenario({"ratecard_share_pct": 150})
    with pytest.raises(InputError):
        P.scenario({"allocation_key": "officers"})
    with pytest.raises(InputError):
        BASE.replace(demand_gbp_m=-5)


def test_caseload_by_force_area_keeps_known_totals_and_imputes_the_rest():
    """The one caseload derivation (was ratecard.pfa_caseload and funding.caseload_by_force_area)."""
    pf = caseload.by_force_area(DATA)
    assert len(pf) == 43 and pf["pfa_code"].is_unique
    crcs = DATA.load("crcs")
    known = crcs.dropna(subset=["caseload"]).set_index("crc_code")["caseload"].astype(float)
    got = pf.groupby("crc_code")["caseload"].sum()
    for crc, n in known.items():
        assert got[crc] == pytest.approx(n)
    imputed = pf[pf["caseload_imputed"]]
    assert set(imputed["crc_code"]) == set(crcs.loc[crcs["caseload"].isna(), "crc_code"])
    rate = known.sum() / pf.loc[~pf["caseload_imputed"], "population"].sum()
    assert list(imputed["caseload"]) == pytest.approx(list(imputed["population"] * rate))


@pytest.mark.parametrize("structure", STRUCTURES)
@pytest.mark.parametrize("key", KEYS)
def test_area_weights_sum_to_one(structure, key):
    w = ratecard.area_weights(DATA, structure, key)
    assert len(w) == len(regions.summarise(DATA, structure))
    assert w["weight"].sum() == pytest.approx(1.0)
    assert (w["weight"] > 0).all()
    assert w["caseload_imputed_pct"].between(0, 100).all()


def test_area_weights_population_key_is_population_share_and_bad_input():
    w = ratecard.area_weights(DATA, "crc_2014", "population").merge(regions.summarise(DATA, "crc_2014"), on="area_code")
    assert list(w["weight"]) == pytest.approx(list(w["population"] / POP))
    with pytest.raises(InputError, match="allocation key"):
        ratecard.area_weights(DATA, "crc_2014", "officers")
    with pytest.raises(ValueError):
        ratecard.area_weights(DATA, "nope", "population")


def test_local_share_falls_with_size_and_is_clipped():
    pop = pd.Series([0, 1_000_000, 4_000_000, 20_000_000])
    assert list(ratecard.local_share(50, 0, pop)) == [50, 50, 50, 50]
    assert list(ratecard.local_share(50, 5, pop)) == [50, 45, 30, 0]
    assert list(ratecard.local_share(100, 0, pop)) == [100] * 4


def test_split_adds_back():
    part, rest = ratecard.split(10.0, 30)
    assert part == pytest.approx(3.0) and rest == pytest.approx(7.0)
    a, b = ratecard.split(pd.Series([1.0, 2.0]), pd.Series([0, 100]))
    assert list(a) == [0.0, 2.0] and list(b) == [1.0, 0.0]


def test_per_commissioner_and_per_100k():
    amt = pd.Series([2.0, 1.0])
    assert list(ratecard.per_commissioner(amt, pd.Series([4, 0]))[:1]) == [0.5]
    assert math.isnan(ratecard.per_commissioner(amt, pd.Series([4, 0]))[1])
    # £1m for 1,000,000 people = £100k per 100,000 people
    assert ratecard.per_100k(pd.Series([1.0]), pd.Series([1_000_000]))[0] == pytest.approx(100.0)


def test_flows_by_area_default_scenario_hand_computed():
    a = ratecard.flows_by_area(BASE, DATA)
    assert len(a) == 11  # proposed_2018
    n = ratecard.national(a)
    # 280 demand; 50% rate card -> 140; 50% bought -> 70; 70% in-house -> 49; supply chain 21, 50% local -> 10.5
    # direct 140 x 67% x 6% = 5.628; PCC £0.35 per resident served, 80% local
    served = a["population_served"].sum()
    pcc = 0.35 * served / 1e6
    local = 10.5 + 5.628 + 0.8 * pcc
    assert n["direct_local"] == pytest.approx(5.628) and n["pcc"] == pytest.approx(pcc) and n["pcc_local"] == pytest.approx(0.8 * pcc)
    assert n["local_total"] == pytest.approx(local)
    assert n["spent"] == pytest.approx(70 + 140 + pcc)
    assert n["per_100k"] == pytest.approx(local * 1e3 / (POP / 1e5))
    assert n["per_commissioner"] == pytest.approx(local / 42)
    assert served == POP - a.set_index("area").loc["London", "population"] + a.set_index("area").loc["London", "population_served"]
    assert a["per_commissioner"].notna().all()


def test_flows_by_area_returns_a_fresh_table():
    a = ratecard.flows_by_area(BASE, DATA)
    a["demand"] = 0.0
    assert ratecard.flows_by_area(BASE, DATA)["demand"].sum() == pytest.approx(280)


@pytest.mark.parametrize("structure", STRUCTURES)
def test_structure_changes_distribution_not_national_totals_without_scale_effect(structure):
    base = ratecard.run(BASE, DATA).national
    n = run(structure=structure).national
    for k in ratecard.MONEY:
        assert n[k] == pytest.approx(base[k])


def test_scale_effect_lowers_local_money_most_in_big_areas():
    off = run(structure="nps_2014").areas.set_index("area")
    on = run(structure="nps_2014", scale_effect_pp_per_m=5).areas.set_index("area")
    assert (on["supply_chain_local"] <= off["supply_chain_local"] + 1e-12).all()
    assert (on["supply_chain_local_pct"] == 0).any()  # 5 pp/m x 10m+ people clips at zero
    # more, smaller areas keep more local supply-chain money than a few big ones
    n21 = run(structure="crc_2014", scale_effect_pp_per_m=5).national["supply_chain_local"]
    n7 = run(structure="nps_2014", scale_effect_pp_per_m=5).national["supply_chain_local"]
    assert n21 > n7


def test_caseload_key_changes_shares_but_not_totals():
    p = run(structure="crc_2014")
    c = run(structure="crc_2014", allocation_key="caseload")
    assert c.national["demand"] == pytest.approx(p.national["demand"])
    london_p = p.areas.set_index("area").loc["London", "weight"]
    london_c = c.areas.set_index("area").loc["London", "weight"]
    assert london_c > london_p  # London's known caseload share exceeds its population share


def test_conservation_errors_empty_for_model_and_catches_tampering():
    r = ratecard.run(BASE, DATA)
    assert ratecard.conservation_errors(r.areas, r.values) == []
    bad = r.areas.copy()
    bad.loc[0, "direct_local"] += 1.0
    errs = ratecard.conservation_errors(bad, r.values)
    assert any("direct = local + other" in e for e in errs)
    bad2 = r.areas.copy()
    bad2["demand"] *= 1.1
    assert any("national demand" in e for e in ratecard.conservation_errors(bad2, r.values))
    bad3 = r.areas.copy()
    bad3.loc[0, "pcc_other"] = -1.0
    bad3.loc[0, "pcc"] = bad3.loc[0, "pcc_local"] - 1.0
    assert any("'pcc_other' is negative" in e for e in ratecard.conservation_errors(bad3, r.values))


def test_run_returns_result():
    r = run(structure="regions_2021")
    assert isinstance(r, ratecard.Result) and len(r.areas) == 12 and r.values["structure"] == "regions_2021"
    assert r.national == ratecard.national(r.areas)


def test_flows_account_for_all_money():
    r = ratecard.run(BASE, DATA)
    f = ratecard.flows(r)
    assert f["gbp_m"].sum() == pytest.approx(r.national["demand"] + r.national["pcc"])
    local = f.loc[f["destination"] == "Specialist local providers", "gbp_m"].sum()
    assert local == pytest.approx(r.national["local_total"])


# ---- presentation (moved to briefings.q13) ----------------------------------------------------------


@pytest.fixture(scope="module")
def default_result():
    return get("q13").run(BASE, DATA)


@pytest.mark.parametrize("measure", P["per_area_view"].choices)
def test_per_area_view_returns_area_and_value(measure):
    res = get("q13").run(BASE.replace(per_area_view=measure), DATA)
    chart = {c.key: c for c in q13.views(res).charts}["per_area"]
    assert list(chart.data.columns) == ["area", "value"] and len(chart.data) == len(res.model.areas)
    assert chart.data["value"].tolist() == pytest.approx(res.model.areas[measure].tolist(), nan_ok=True)


def test_per_area_view_rejects_unknown_measure():
    with pytest.raises(InputError):
        BASE.replace(per_area_view="per_head")


def test_summary_mentions_totals_and_caveat(default_result):
    s = q13.views(default_result).summary
    assert "about £280m" in s and "about £33m" in s and "none is a measured amount" in s
    assert "population" in s and "<" not in s


def test_views_tables_and_flows_chart_match_the_model(default_result):
    v = q13.views(default_result)
    tables = {t.key: t for t in v.table_views()}
    assert len(tables["ratecard"].frame) == len(default_result.model.areas)
    pd.testing.assert_frame_equal(tables["ratecard"].download, default_result.model.areas)
    flows = {c.key: c for c in v.charts}["flows"].data
    assert flows["£m a year"].sum() == pytest.approx(default_result.model.national["demand"] + default_result.model.national["pcc"])


def test_evidence_rows_come_from_facts():
    e = q13.evidence(DATA).frame
    assert len(e) == len(q13.EVIDENCE)
    v = set(e["value"])
    assert {"280", "94", "159", "300"} <= v
    assert all(fact(fid, DATA).status in ("published", "reported") for fid, _ in q13.EVIDENCE)
    assert all(src.startswith(f"[{fact(fid, DATA).source_id}]") for src, (fid, _) in zip(e["source"], q13.EVIDENCE))


def test_hmip_qualitative_source_is_registered():
    src = DATA.load("sources").set_index("source_id")
    assert "justiceinspectorates.gov.uk" in src.loc["Q13HMIP", "url"]
    assert P["ratecard_uptake_pct"].source_id == "Q13HMIP"


# ---- properties --------------------------------------------------------------------------------------

pct = st.floats(0, 100, allow_nan=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    structure=st.sampled_from(STRUCTURES),
    key=st.sampled_from(KEYS),
    demand=st.floats(0, 600),
    share=pct,
    uptake=pct,
    inhouse=pct,
    sc_local=pct,
    scale=st.floats(0, 10),
    direct=pct,
    pcc=st.floats(0, 5),
    pcc_local=pct,
)
def test_property_model_always_balances(structure, key, demand, share, uptake, inhouse, sc_local, scale, direct, pcc, pcc_local):
    s = P.scenario(
        {
            "structure": structure,
            "allocation_key": key,
            "demand_gbp_m": demand,
            "ratecard_share_pct": share,
            "ratecard_uptake_pct": uptake,
            "crc_inhouse_pct": inhouse,
            "supply_chain_local_pct": sc_local,
            "scale_effect_pp_per_m": scale,
            "direct_vcs_pct": direct,
            "pcc_gbp_per_head": pcc,
            "pcc_local_pct": pcc_local,
        }
    )
    r = ratecard.run(s, DATA)  # raises RuntimeError if any identity is broken
    assert ratecard.conservation_errors(r.areas, s) == []
    n = r.national
    assert n["local_total"] <= n["spent"] + 1e-6
    served = r.areas["population_served"].sum()
    assert n["spent"] + n["not_bought"] == pytest.approx(demand + pcc * served / 1e6, abs=1e-6)
    assert (r.areas[ratecard.MONEY] >= -1e-9).all().all()
    assert r.areas["local_total"].sum() == pytest.approx(n["local_total"], abs=1e-9)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structure=st.sampled_from(STRUCTURES), key=st.sampled_from(KEYS), low=st.floats(0, 600), high=st.floats(0, 600))
def test_property_more_demand_never_less_local_money_anywhere(structure, key, low, high):
    low, high = sorted((low, high))
    a = run(structure=structure, allocation_key=key, demand_gbp_m=low).areas["local_total"]
    b = run(structure=structure, allocation_key=key, demand_gbp_m=high).areas["local_total"]
    assert (b >= a - 1e-9).all()


def test_cached_inputs_follow_an_analysts_data_folder(data_copy, monkeypatch):
    s = BASE.replace(structure="crc_2014", allocation_key="caseload")
    before = ratecard.run(s, source()).areas.set_index("area")["weight"]
    crcs = (data_copy / "crcs.csv").read_text(encoding="utf-8").replace(",29000,", ",58000,")
    (data_copy / "crcs.csv").write_text(crcs, encoding="utf-8")
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data_copy))
    after = ratecard.run(s, source()).areas.set_index("area")["weight"]
    assert after["London"] > before["London"]
    assert after.sum() == pytest.approx(1.0)
    # a plain source for the folder gives the same as the session source that follows $PROBATION_DATA_DIR
    pd.testing.assert_series_equal(ratecard.run(s, source(data_copy)).areas.set_index("area")["weight"], after)


# ---- issue 12: the Q13 model is honest about what its anchors measure ------------------------------


def test_anchors_say_what_they_measure_and_carry_their_true_status():
    assert P["demand_gbp_m"].status == "illustrative"  # the whole interventions market, not rate-card demand
    assert P["direct_vcs_pct"].status == "illustrative" and "voluntary sector" in P["direct_vcs_pct"].label
    assert P["direct_vcs_local_pct"].status == "derived" and P["direct_vcs_local_pct"].default == 6
    assert not [p.param_id for p in P.values() if p.status == "published" and p.param_id != "structure"]


def test_commissioner_purchasing_scales_with_people_served_so_london_is_not_an_artefact():
    r = ratecard.run(BASE, DATA)
    per = r.areas.set_index("area")["per_100k"]
    assert per.max() - per.min() < 0.5  # same £ per 100,000 people everywhere under the population key
    pcc = r.areas.set_index("area")["pcc"] / r.areas.set_index("area")["population_served"]
    assert pcc.max() == pytest.approx(pcc.min())


def test_rate_card_uptake_is_the_lever_of_the_rate_card_headline():
    low = ratecard.run(BASE.replace(ratecard_uptake_pct=0), DATA).national["supply_chain_local"]
    mid = ratecard.run(BASE.replace(ratecard_uptake_pct=50), DATA).national["supply_chain_local"]
    high = ratecard.run(BASE.replace(ratecard_uptake_pct=100), DATA).national["supply_chain_local"]
    assert low == 0 and high == pytest.approx(2 * mid) and high > 0
    view = get("q13").views(get("q13").run(BASE, DATA))
    assert view.headlines[3].label.startswith("Rate-card purchases reaching")


def test_the_page_says_when_structures_cannot_differ():
    totals = {s: ratecard.run(BASE.replace(structure=s), DATA).national["local_total"] for s in regions.structures(DATA)}
    assert max(totals.values()) - min(totals.values()) < 1e-6
    v = get("q13").views(get("q13").run(BASE, DATA))
    assert any("cannot tell structures apart" in c.text for c in v.caveats)
    v2 = get("q13").views(get("q13").run(BASE.replace(scale_effect_pp_per_m=2), DATA))
    assert not any("cannot tell structures apart" in c.text for c in v2.caveats)


def test_illustrative_outputs_are_rounded_and_labelled():
    v = get("q13").views(get("q13").run(BASE, DATA))
    money = [h for h in v.headlines if "£" in h.value]
    assert money and all(h.value.startswith("about £") and h.status == "illustrative" for h in money)
    assert v.summary.startswith(v.summary.split(":")[0]) and "Illustrative" in v.summary
