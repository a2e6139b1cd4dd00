"""regions.py: force areas, per-area summaries, headline figures, baseline comparison and crosswalks per structure."""
from __future__ import annotations

import pandas as pd
import pytest

from probation_briefing import regions

STRUCTURES = list(regions.STRUCTURES)
N_AREAS = {"crc_2014": 21, "nps_2014": 7, "proposed_2018": 11, "proposed_2018_alt": 11, "regions_2021": 12}
POPULATION_EW = 55_977_178 + 3_138_631


def test_check_structure_accepts_known_and_rejects_unknown():
    for s in STRUCTURES:
        assert regions.check_structure(s) == s
    with pytest.raises(ValueError, match="unknown structure 'nope'.*crc_2014"):
        regions.check_structure("nope")


@pytest.mark.parametrize("structure", STRUCTURES)
def test_force_areas_one_row_per_force_area_with_area_and_crc(structure):
    pf = regions.force_areas(structure)
    assert len(pf) == 43 and pf["pfa_code"].is_unique
    assert pf["area_code"].nunique() == N_AREAS[structure]
    assert pf["crc_code"].nunique() == 21
    assert pf[["area_name", "area_status"]].notna().all().all()


def test_force_areas_rejects_unknown_structure():
    with pytest.raises(ValueError):
        regions.force_areas("crc_2099")


@pytest.mark.parametrize("structure", STRUCTURES)
def test_summarise_totals_are_conserved(structure):
    s = regions.summarise(structure)
    assert len(s) == N_AREAS[structure]
    assert s["n_pfas"].sum() == 43
    assert s["population"].sum() == POPULATION_EW
    assert s["n_commissioners"].sum() == 42  # 40 PCC/PFCCs + MOPAC + GM Mayor; the City of London has none
    assert s["n_councils"].sum() == 152 + 22


@pytest.mark.parametrize("structure", STRUCTURES)
def test_summarise_flags_welsh_population_as_estimated(structure):
    s = regions.summarise(structure)
    wales = s[s["force_areas"].str.contains("Dyfed-Powys")]
    assert wales["population_estimated"].all()
    assert not s.loc[s["area"] == "London", "population_estimated"].any()


def test_summarise_caseload_known_only_counts_whole_crcs():
    s = regions.summarise("crc_2014").set_index("area")
    assert s.loc["London", "caseload_known"] == 29000
    assert s.loc["London", "caseload_crcs_missing"] == 0
    # a CRC with no published caseload counts as missing
    assert s.loc["South Yorkshire", "caseload_known"] == 0 and s.loc["South Yorkshire", "caseload_crcs_missing"] == 1
    # regions_2021 splits Humberside/Lincs/N Yorks and Cheshire/GM CRCs: they count as missing
    r = regions.summarise("regions_2021").set_index("area")
    assert r.loc["Greater Manchester", "caseload_crcs_missing"] == 1 and r.loc["Greater Manchester", "caseload_known"] == 0


def test_summarise_nps_divisions_merge_whole_crcs():
    s = regions.summarise("nps_2014")
    assert s["n_crcs"].sum() == 21


def test_headline_proposed_2018():
    h = regions.headline("proposed_2018")
    assert h["n_areas"] == 11
    assert h["max_commissioners"] == 7 and h["max_commissioners_area"] == "East of England"
    assert h["largest_population_area"] == "London" and h["largest_population"] == 8_908_081
    assert h["median_population"] == 5_599_735
    assert h["median_commissioners"] == 4


def test_headline_crc_2014():
    h = regions.headline("crc_2014")
    assert h["n_areas"] == 21
    assert h["median_population"] == 2_407_593  # Thames Valley, the middle of 21
    assert h["max_commissioners"] == 4
    assert h["median_commissioners"] == 2
    assert h["largest_population_area"] == "London"


def test_headline_regions_2021_and_nps_2014():
    r = regions.headline("regions_2021")
    assert r["n_areas"] == 12
    assert r["max_commissioners"] == 7 and r["max_commissioners_area"] == "East of England"
    assert r["median_population"] == pytest.approx(4_609_886.5)
    n = regions.headline("nps_2014")
    assert n["n_areas"] == 7 and n["max_commissioners"] == 10
    assert n["largest_population_area"] == "South East and Eastern"


def test_headline_alt_reconstruction_differs_only_where_expected():
    a, b = regions.headline("proposed_2018"), regions.headline("proposed_2018_alt")
    assert a["n_areas"] == b["n_areas"] == 11
    assert a["max_commissioners"] == b["max_commissioners"] == 7
    assert a["median_population"] != b["median_population"]


@pytest.mark.parametrize("structure", STRUCTURES)
def test_compare_to_baseline_change_is_difference(structure):
    c = regions.compare_to_baseline(structure).set_index("measure")
    if structure == "crc_2014":  # the baseline against itself: one value column and the change
        assert list(c.columns) == ["crc_2014", "change"]
        assert (c["change"] == 0).all()
        return
    assert list(c.columns) == ["crc_2014", structure, "change"]
    base, chosen, change = c["crc_2014"], c[structure], c["change"]
    assert (change == chosen - base).all()
    assert base["n_areas"] == 21 and chosen["n_areas"] == N_AREAS[structure]


def test_compare_to_baseline_proposed_2018_values():
    c = regions.compare_to_baseline("proposed_2018").set_index("measure")
    assert c.loc["n_areas", "change"] == -10
    assert c.loc["max_commissioners", "change"] == 3
    assert c.loc["median_population", "change"] == 5_599_735 - 2_407_593


@pytest.mark.parametrize("new", STRUCTURES)
def test_crosswalk_covers_every_force_area_once(new):
    x = regions.crosswalk("crc_2014", new)
    assert x["n_pfas"].sum() == 43
    assert set(x["old_code"]) == set(regions.summarise("crc_2014")["area_code"])
    assert set(x["new_code"]) == set(regions.summarise(new)["area_code"])
    pfas = [p for s in x["pfas"] for p in s.split(", ")]
    assert len(pfas) == len(set(pfas)) == 43


def test_crosswalk_split_flags():
    assert not regions.crosswalk("crc_2014", "nps_2014")["split"].any()  # NPS divisions hold whole CRCs
    assert not regions.crosswalk("crc_2014", "proposed_2018")["split"].any()
    split = regions.crosswalk("crc_2014", "regions_2021").query("split")
    assert set(split["old_code"]) == {"C04", "C07"}  # Humberside/Lincs/N Yorks and Cheshire/Greater Manchester
    assert set(regions.crosswalk("crc_2014", "proposed_2018_alt").query("split")["old_code"]) == {"C04"}


def test_crosswalk_identity_and_bad_input():
    x = regions.crosswalk("crc_2014", "crc_2014")
    assert len(x) == 21 and (x["old_code"] == x["new_code"]).all()
    with pytest.raises(ValueError):
        regions.crosswalk("crc_2014", "bogus")


def test_summarise_reads_an_analyst_data_dir(data_copy):
    s = regions.summarise("crc_2014", data_dir=str(data_copy))
    pd.testing.assert_frame_equal(s, regions.summarise("crc_2014"))
