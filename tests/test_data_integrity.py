"""The shipped data package: keys, coverage, sources and documented totals."""

from __future__ import annotations

import json

import pandas as pd
import probation_briefing as pb
import pytest
from conftest import DATA

STRUCTURES = ["crc_2014", "nps_2014", "proposed_2018", "proposed_2018_alt", "regions_2021"]


def test_every_dataset_loads_and_is_listed():
    listed = pb.datasets()
    assert set(listed["name"]) == {r["name"] for r in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    for name in listed["name"]:
        assert len(pb.load(name)) > 0


def test_43_force_areas_39_english_4_welsh():
    fa = pb.load("force_areas")
    assert len(fa) == 43
    assert (fa["nation"] == "England").sum() == 39 and (fa["nation"] == "Wales").sum() == 4


def test_commissioners_in_2018():
    fa = pb.load("force_areas")
    bodies = fa["commissioner_id"].dropna()
    assert bodies.nunique() == 42  # 40 elected PCC/PFCCs + MOPAC + the GM Mayor
    assert (fa["commissioner_type_2018"].isin(["PCC", "PFCC"])).sum() == 40
    assert fa.set_index("pfa_code").loc["city-of-london", "commissioner_type_2018"] == "NONE_CITY"
    assert pd.isna(fa.set_index("pfa_code").loc["city-of-london", "commissioner_id"])


def test_population_totals_match_documented_totals():
    fa = pb.load("force_areas")
    assert fa.loc[fa.nation == "England", "population"].sum() == 55_977_178  # ONS England mid-2018
    assert fa.loc[fa.nation == "Wales", "population"].sum() == 3_138_631  # StatsWales Wales mid-2018
    assert set(fa.loc[fa.nation == "Wales", "population_status"]) == {"estimate"}


def test_upper_tier_councils_totals():
    fa = pb.load("force_areas")
    assert fa.loc[fa.nation == "England", "n_upper_tier_councils"].sum() == 152
    assert fa.loc[fa.nation == "Wales", "n_upper_tier_councils"].sum() == 22


def test_officer_fte_total():
    assert pb.load("force_areas")["police_officer_fte"].sum() == pytest.approx(122403.8, abs=0.1)


@pytest.mark.parametrize("structure", STRUCTURES)
def test_each_structure_covers_every_force_area_once(structure):
    m = pb.load("membership").query("structure == @structure")
    assert sorted(m["pfa_code"]) == sorted(pb.load("force_areas")["pfa_code"])
    st = pb.load("structures").set_index("structure")
    assert m["area_code"].nunique() == st.loc[structure, "n_areas"]


def test_nps_divisions_are_unions_of_whole_crcs():
    m = pb.load("membership").pivot(index="pfa_code", columns="structure", values="area_code")
    assert (m.groupby("crc_2014")["nps_2014"].nunique() == 1).all()
    assert (m.groupby("crc_2014")["proposed_2018"].nunique() == 1).all()
    crcs = pb.load("crcs").set_index("crc_code")
    for crc, nps in m.groupby("crc_2014")["nps_2014"].first().items():
        assert crcs.loc[crc, "nps_code"] == nps


def test_reconstructed_structures_are_labelled():
    st = pb.load("structures").set_index("structure")
    assert st.loc["proposed_2018", "status"] == "reconstructed"
    assert st.loc["proposed_2018_alt", "status"] == "reconstructed"
    areas = pb.load("areas")
    assert set(areas.loc[areas.structure.str.startswith("proposed"), "status"]) == {"reconstructed"}


def test_as_many_as_seven_commissioners_in_the_2018_proposal():
    fa = pb.load("force_areas")[["pfa_code", "commissioner_id"]]
    m = pb.load("membership").merge(fa, on="pfa_code")
    per = m.groupby(["structure", "area_code"])["commissioner_id"].nunique()
    assert per["crc_2014"].between(1, 4).all() and per["crc_2014"].max() == 4  # BeNCH has four
    assert (per["crc_2014"] <= 3).sum() == 19  # "typically one to three": all but BeNCH and Wales (four each)
    assert per["proposed_2018"].max() == 7 and per["proposed_2018"].idxmax() == "A06_east_of_england"


def test_every_row_cites_a_known_source():
    src = set(pb.load("sources")["source_id"])
    for name in pb.datasets()["name"]:
        df = pb.load(name)
        for col in [c for c in df.columns if c.endswith("source_id")]:
            used = set(df[col].dropna())
            assert used <= src, (name, col, used - src)
        if "source_id" in df.columns and name != "sources":
            assert df["source_id"].notna().all(), name


def test_facts_have_units_and_status():
    f = pb.load("facts")
    assert f["unit"].notna().all() and f["status"].isin(["published", "reported", "derived", "illustrative", "unverified"]).all()
    assert f.loc[f.status == "derived", "note"].notna().all()  # derivations are stated


def test_tile_layout_positions_are_unique():
    t = pb.load("tile_layout")
    assert not t.duplicated(["row", "col"]).any()
    assert len(t) == 43


def test_frictionless_agrees_the_package_is_valid():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_audit_caseloads_and_new_facts_are_sourced():
    """Issue 12: the data audit's caseloads for C04, C12 and C15 and its new facts, each with a source that has a URL."""
    from probation_briefing.data import source
    from probation_briefing.data.facts import fact

    data = source()
    crcs = data.load("crcs").set_index("crc_code")
    sources = data.load("sources").set_index("source_id")
    for code, value, qualifier in (("C04", 5000, "more than"), ("C12", 3000, "nearly"), ("C15", 6000, "more than")):
        row = crcs.loc[code]
        assert (row["caseload"], row["caseload_qualifier"]) == (value, qualifier)
        assert str(sources.loc[row["caseload_source_id"], "url"]).startswith("https://")
    assert fact("proposed_regional_crcs_england", data).value == 10
    assert fact("consultation_written_responses", data).value == 476


def test_the_parameters_tables_share_one_schema_and_say_which_setting_a_parameter_belongs_to():
    """Every briefing's parameters table, and every presets table, names one shared schema file (no copies); only Q14,
    which compares two settings, fills ``setting``."""
    from probation_briefing.data import catalogue

    resources = {r["name"]: r for r in json.loads((DATA / "datapackage.json").read_text())["resources"]}
    for b in catalogue.ids():
        assert resources[f"parameters_{b}"]["schema"] == "schemas/parameters.json"
        assert resources[f"presets_{b}"]["schema"] == "schemas/presets.json"
    shared = json.loads((DATA / "schemas" / "parameters.json").read_text())
    assert {"setting", "role"} <= {f["name"] for f in shared["fields"]}
    for b in ("q13", "q15"):
        assert pb.load(f"parameters_{b}")["setting"].isna().all()
    q14 = pb.load("parameters_q14")
    assert set(q14["setting"]) == {"A", "B", "shared", "charity"}
    a, b = set(q14.loc[q14.setting == "A", "param_id"]), set(q14.loc[q14.setting == "B", "param_id"])
    assert b == {f"{k}_b" for k in a}  # setting B's parameters are setting A's, named with _b
