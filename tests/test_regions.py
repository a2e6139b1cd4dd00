"""models.regions: force areas, per-area summaries, headline figures, baseline comparison, crosswalks
and co-terminosity (commissioners per contract area) per structure, plus the devolution deals."""

from __future__ import annotations

import pandas as pd
import pytest
from probation_briefing import InputError
from probation_briefing.data import source
from probation_briefing.models import funding, regions

DATA = source()
STRUCTURES = regions.structures(DATA)
N_AREAS = {"crc_2014": 21, "nps_2014": 7, "proposed_2018": 11, "proposed_2018_alt": 11, "regions_2021": 12}
POPULATION_EW = 55_977_178 + 3_138_631


def test_structures_come_from_the_structures_table():
    assert DATA.load("structures")["structure"].tolist() == STRUCTURES
    assert set(STRUCTURES) == set(N_AREAS)
    assert regions.BASELINE == "crc_2014" and STRUCTURES[0] == regions.BASELINE


def test_check_structure_accepts_known_and_rejects_unknown():
    for s in STRUCTURES:
        assert regions.check_structure(DATA, s) == s
    with pytest.raises(InputError, match=r"unknown structure 'nope'.*crc_2014"):
        regions.check_structure(DATA, "nope")


@pytest.mark.parametrize("structure", STRUCTURES)
def test_force_areas_one_row_per_force_area_with_area_and_crc(structure):
    pf = regions.force_areas(DATA, structure)
    assert len(pf) == 43 and pf["pfa_code"].is_unique
    assert pf["area_code"].nunique() == N_AREAS[structure]
    assert pf["crc_code"].nunique() == 21
    assert pf[["area_name", "area_status"]].notna().all().all()


def test_force_areas_rejects_unknown_structure():
    with pytest.raises(InputError):
        regions.force_areas(DATA, "crc_2099")


@pytest.mark.parametrize("structure", STRUCTURES)
def test_summarise_totals_are_conserved(structure):
    s = regions.summarise(DATA, structure)
    assert len(s) == N_AREAS[structure]
    assert s["n_pfas"].sum() == 43
    assert s["population"].sum() == POPULATION_EW
    assert s["n_commissioners"].sum() == 42  # 40 PCC/PFCCs + MOPAC + GM Mayor; the City of London has none
    assert s["n_councils"].sum() == 152 + 22


@pytest.mark.parametrize("structure", STRUCTURES)
def test_summarise_flags_welsh_population_as_estimated(structure):
    s = regions.summarise(DATA, structure)
    wales = s[s["force_areas"].str.contains("Dyfed-Powys")]
    assert wales["population_estimated"].all()
    assert not s.loc[s["area"] == "London", "population_estimated"].any()


def test_summarise_caseload_known_only_counts_whole_crcs():
    s = regions.summarise(DATA, "crc_2014").set_index("area")
    assert s.loc["London", "caseload_known"] == 29000
    assert s.loc["London", "caseload_crcs_missing"] == 0
    # a CRC with no published caseload counts as missing
    assert s.loc["South Yorkshire", "caseload_known"] == 0 and s.loc["South Yorkshire", "caseload_crcs_missing"] == 1
    # regions_2021 splits Humberside/Lincs/N Yorks and Cheshire/GM CRCs: they count as missing
    r = regions.summarise(DATA, "regions_2021").set_index("area")
    assert r.loc["Greater Manchester", "caseload_crcs_missing"] == 1 and r.loc["Greater Manchester", "caseload_known"] == 0


def test_summarise_nps_divisions_merge_whole_crcs():
    s = regions.summarise(DATA, "nps_2014")
    assert s["n_crcs"].sum() == 21


def test_summarise_returns_a_copy_callers_may_change():
    a = regions.summarise(DATA, "crc_2014")
    a["population"] = 0
    assert regions.summarise(DATA, "crc_2014")["population"].sum() == POPULATION_EW


def test_headline_proposed_2018():
    h = regions.headline(DATA, "proposed_2018")
    assert h["n_areas"] == 11
    assert h["max_commissioners"] == 7 and h["max_commissioners_area"] == "East of England"
    assert h["largest_population_area"] == "London" and h["largest_population"] == 8_908_081
    assert h["median_population"] == 5_599_735
    assert h["median_commissioners"] == 4


def test_headline_crc_2014():
    h = regions.headline(DATA, "crc_2014")
    assert h["n_areas"] == 21
    assert h["median_population"] == 2_407_593  # Thames Valley, the middle of 21
    assert h["max_commissioners"] == 4
    assert h["median_commissioners"] == 2
    assert h["largest_population_area"] == "London"


def test_headline_regions_2021_and_nps_2014():
    r = regions.headline(DATA, "regions_2021")
    assert r["n_areas"] == 12
    assert r["max_commissioners"] == 7 and r["max_commissioners_area"] == "East of England"
    assert r["median_population"] == pytest.approx(4_609_886.5)
    n = regions.headline(DATA, "nps_2014")
    assert n["n_areas"] == 7 and n["max_commissioners"] == 10
    assert n["largest_population_area"] == "South East and Eastern"


def test_headline_alt_reconstruction_differs_only_where_expected():
    a, b = regions.headline(DATA, "proposed_2018"), regions.headline(DATA, "proposed_2018_alt")
    assert a["n_areas"] == b["n_areas"] == 11
    assert a["max_commissioners"] == b["max_commissioners"] == 7
    assert a["median_population"] != b["median_population"]


@pytest.mark.parametrize("structure", STRUCTURES)
def test_compare_to_baseline_change_is_difference(structure):
    c = regions.compare_to_baseline(DATA, structure).set_index("measure")
    if structure == "crc_2014":  # the baseline against itself: one value column and the change
        assert list(c.columns) == ["crc_2014", "change"]
        assert (c["change"] == 0).all()
        return
    assert list(c.columns) == ["crc_2014", structure, "change"]
    base, chosen, change = c["crc_2014"], c[structure], c["change"]
    assert (change == chosen - base).all()
    assert base["n_areas"] == 21 and chosen["n_areas"] == N_AREAS[structure]


def test_compare_to_baseline_proposed_2018_values():
    c = regions.compare_to_baseline(DATA, "proposed_2018").set_index("measure")
    assert c.loc["n_areas", "change"] == -10
    assert c.loc["max_commissioners", "change"] == 3
    assert c.loc["median_population", "change"] == 5_599_735 - 2_407_593


@pytest.mark.parametrize("new", STRUCTURES)
def test_crosswalk_covers_every_force_area_once(new):
    x = regions.crosswalk(DATA, "crc_2014", new)
    assert x["n_pfas"].sum() == 43
    assert set(x["old_code"]) == set(regions.summarise(DATA, "crc_2014")["area_code"])
    assert set(x["new_code"]) == set(regions.summarise(DATA, new)["area_code"])
    pfas = [p for s in x["pfas"] for p in s.split(", ")]
    assert len(pfas) == len(set(pfas)) == 43


def test_crosswalk_split_flags():
    assert not regions.crosswalk(DATA, "crc_2014", "nps_2014")["split"].any()  # NPS divisions hold whole CRCs
    assert not regions.crosswalk(DATA, "crc_2014", "proposed_2018")["split"].any()
    split = regions.crosswalk(DATA, "crc_2014", "regions_2021").query("split")
    assert set(split["old_code"]) == {"C04", "C07"}  # Humberside/Lincs/N Yorks and Cheshire/Greater Manchester
    assert set(regions.crosswalk(DATA, "crc_2014", "proposed_2018_alt").query("split")["old_code"]) == {"C04"}


def test_crosswalk_identity_and_bad_input():
    x = regions.crosswalk(DATA, "crc_2014", "crc_2014")
    assert len(x) == 21 and (x["old_code"] == x["new_code"]).all()
    with pytest.raises(InputError):
        regions.crosswalk(DATA, "crc_2014", "bogus")


def test_summarise_reads_an_analyst_data_dir(data_copy):
    """A plain source for an analyst's folder reads that folder: same data, same table; edited data, new table."""
    same = regions.summarise(source(data_copy), "crc_2014")
    pd.testing.assert_frame_equal(same, regions.summarise(DATA, "crc_2014"))

    path = data_copy / "force_areas.csv"
    fa = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = fa.index[fa["pfa_code"] == "cumbria"][0]
    old = int(fa.at[row, "population"])
    fa.at[row, "population"] = str(old + 1_000_000)
    fa.to_csv(path, index=False)

    changed = regions.summarise(source(data_copy), "crc_2014").set_index("area")
    before = same.set_index("area")
    assert changed.loc["Cumbria and Lancashire", "population"] == before.loc["Cumbria and Lancashire", "population"] + 1_000_000
    assert changed["population"].sum() == POPULATION_EW + 1_000_000
    others = before.index != "Cumbria and Lancashire"
    assert (changed.loc[others, "population"] == before.loc[others, "population"]).all()
    # the session's (shipped) source is untouched by the analyst's edit
    assert regions.summarise(DATA, "crc_2014")["population"].sum() == POPULATION_EW


def test_an_edited_file_is_not_served_stale(data_copy):
    """The cache follows the file: editing a file in a folder already read gives fresh results from the same source."""
    ds = source(data_copy)
    before = regions.summarise(ds, "nps_2014")["population"].sum()
    path = data_copy / "force_areas.csv"
    fa = pd.read_csv(path, dtype=str, keep_default_na=False)
    fa.loc[fa["pfa_code"] == "cumbria", "population"] = "1"
    fa.to_csv(path, index=False)
    after = regions.summarise(ds, "nps_2014")["population"].sum()
    assert after < before


# --- co-terminosity (moved here from funding) -----------------------------------------------------


def test_crc_areas_hold_one_to_three_commissioners_except_two():
    h = regions.coterminosity_headline(DATA, "crc_2014")
    assert h["n_areas"] == 21 and h["n_within"] == 19 and h["range"] == (1, 3)
    assert sorted(a for a, _ in h["above"]) == sorted(["Bedfordshire, Northamptonshire, Cambridgeshire and Hertfordshire", "Wales"])
    assert all(n == 4 for _, n in h["above"])


def test_coterminosity_headline_range_is_a_parameter():
    h = regions.coterminosity_headline(DATA, "crc_2014", low=1, high=4)
    assert h["n_within"] == 21 and h["above"] == []


def test_2018_proposal_has_as_many_as_seven():
    for s in ("proposed_2018", "proposed_2018_alt", "regions_2021"):
        h = regions.coterminosity_headline(DATA, s)
        assert h["max_commissioners"] == 7 and h["areas_with_max"] == ["East of England"]


def test_coterminosity_reuses_regions_summarise():
    c = regions.coterminosity(DATA)
    assert set(c["structure"]) == set(STRUCTURES)
    for s in STRUCTURES:
        part = c[c.structure == s].drop(columns=["structure", "structure_title", "structure_status"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(part, regions.summarise(DATA, s))
    assert set(c.loc[c.structure.str.startswith("proposed"), "structure_status"]) == {"reconstructed"}
    only = regions.coterminosity(DATA, ["nps_2014"])
    assert set(only["structure"]) == {"nps_2014"} and len(only) == 7


def test_commissioner_counts_distribution_adds_up():
    d = regions.commissioner_counts(DATA)
    st_ = DATA.load("structures").set_index("structure")
    assert list(dict.fromkeys(d["structure"])) == STRUCTURES  # in the order of structures.csv
    for s, g in d.groupby("structure"):
        assert g["n_areas"].sum() == st_.loc[s, "n_areas"]
        assert (g["n_commissioners"] * g["n_areas"]).sum() >= 42  # every commissioner sits in some area
    crc = d[d.structure == "crc_2014"].set_index("n_commissioners")["n_areas"]
    assert crc.to_dict() == {1: 8, 2: 7, 3: 4, 4: 2}


def test_devolution_deals_dated_and_sourced():
    d = regions.devolution(DATA).set_index("deal_id")
    assert str(d.loc["ldn_2018", "date"].date()) == "2018-03-26" and d.loc["ldn_2018", "commissioner_id"] == "mopac"
    assert str(d.loc["gm_2016", "date"].date()) == "2016-07-07"
    assert str(d.loc["gm_2019", "date"].date()) == "2019-05-31"
    assert d["date"].is_monotonic_increasing
    assert d["source_id"].isin([f"S{i}" for i in range(14, 49)]).all() and d["url"].notna().all()
    ids = set(funding.commissioners(DATA)["commissioner_id"])
    assert set(d["commissioner_id"]) <= ids
