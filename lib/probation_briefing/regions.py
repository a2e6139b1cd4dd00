"""Area structures: which force areas, commissioners, people and councils each probation area holds.

Pure functions over the data package. ``summarise(structure)`` is the one table the Q13 and Q15
briefings both build on.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .data import load, version

STRUCTURES = ("crc_2014", "nps_2014", "proposed_2018", "proposed_2018_alt", "regions_2021")
BASELINE = "crc_2014"


def check_structure(structure: str) -> str:
    """Return the structure id, or raise ValueError listing the valid ones."""
    if structure not in STRUCTURES:
        raise ValueError(f"unknown structure '{structure}'; choose one of {', '.join(STRUCTURES)}")
    return structure


def force_areas(structure: str, data_dir: str | None = None) -> pd.DataFrame:
    """One row per police force area with the area it belongs to under ``structure`` and its CRC (2014)."""
    check_structure(structure)
    fa = load("force_areas", data_dir)
    mem = load("membership", data_dir)
    areas = load("areas", data_dir)
    own = mem[mem.structure == structure][["pfa_code", "area_code"]]
    crc = mem[mem.structure == BASELINE][["pfa_code", "area_code"]].rename(columns={"area_code": "crc_code"})
    names = areas[areas.structure == structure][["area_code", "area_name", "status"]].rename(columns={"status": "area_status"})
    return fa.merge(own, on="pfa_code").merge(crc, on="pfa_code").merge(names, on="area_code")


_INPUTS = ("force_areas", "membership", "areas", "crcs")


def summarise(structure: str, data_dir: str | None = None) -> pd.DataFrame:
    """One row per area: force areas, commissioners, population, councils, CRC areas merged, known caseload.

    Cached per structure and data version (an edited file or an upload gives fresh results); returns a copy.
    """
    check_structure(structure)
    return _summarise(structure, data_dir, version(_INPUTS, data_dir)).copy()


@lru_cache(maxsize=32)
def _summarise(structure: str, data_dir: str | None, stamps: tuple) -> pd.DataFrame:
    """The uncached computation behind ``summarise``.

    ``n_commissioners`` counts distinct bodies holding PCC functions in 2018 (the City of London has none;
    the Metropolitan area has MOPAC). ``caseload_known`` sums the caseloads of CRCs lying wholly inside the
    area; ``caseload_crcs_missing`` counts CRCs in the area with no caseload figure or split across areas.
    """
    pf = force_areas(structure, data_dir)
    crcs = load("crcs", data_dir).set_index("crc_code")
    base = load("membership", data_dir)
    base = base[base.structure == BASELINE]
    crc_areas_per_crc = pf.groupby("crc_code")["area_code"].nunique()
    rows = []
    for code, g in pf.groupby("area_code", sort=True):
        in_area = sorted(g["crc_code"].unique())
        whole = [c for c in in_area if crc_areas_per_crc[c] == 1]
        known = [c for c in whole if pd.notna(crcs.loc[c, "caseload"])]
        rows.append({
            "area_code": code, "area": g["area_name"].iloc[0], "status": g["area_status"].iloc[0],
            "n_pfas": len(g), "n_commissioners": g["commissioner_id"].dropna().nunique(),
            "population": int(g["population"].sum()),
            "population_estimated": bool((g["population_status"] == "estimate").any()),
            "n_councils": int(g["n_upper_tier_councils"].sum()),
            "n_crcs": len(in_area), "crcs": ", ".join(in_area),
            "caseload_known": int(sum(int(crcs.loc[c, "caseload"]) for c in known)),
            "caseload_crcs_missing": len(in_area) - len(known),
            "force_areas": ", ".join(sorted(g["short_name"])),
        })
    return pd.DataFrame(rows)


def headline(structure: str, data_dir: str | None = None) -> dict[str, object]:
    """Headline figures for a structure: area count, largest area by commissioners and by population, medians."""
    s = summarise(structure, data_dir)
    by_comm = s.sort_values(["n_commissioners", "population"], ascending=False).iloc[0]
    by_pop = s.sort_values("population", ascending=False).iloc[0]
    return {
        "structure": structure, "n_areas": len(s),
        "max_commissioners": int(by_comm["n_commissioners"]), "max_commissioners_area": by_comm["area"],
        "largest_population": int(by_pop["population"]), "largest_population_area": by_pop["area"],
        "median_population": float(s["population"].median()),
        "median_commissioners": float(s["n_commissioners"].median()),
        "median_councils": float(s["n_councils"].median()),
    }


def compare_to_baseline(structure: str, data_dir: str | None = None) -> pd.DataFrame:
    """Headline figures for ``structure`` beside the 21-CRC baseline, with the change."""
    a, b = headline(BASELINE, data_dir), headline(structure, data_dir)
    keys = ["n_areas", "max_commissioners", "largest_population", "median_population", "median_commissioners", "median_councils"]
    return pd.DataFrame({"measure": keys, "crc_2014": [a[k] for k in keys], structure: [b[k] for k in keys],
                         "change": [b[k] - a[k] for k in keys]})


def crosswalk(old: str, new: str, data_dir: str | None = None) -> pd.DataFrame:
    """How areas of ``old`` map into areas of ``new``: one row per (old area, new area) pair with the force areas shared."""
    mem = load("membership", data_dir)
    names = load("areas", data_dir).set_index(["structure", "area_code"])["area_name"]
    a = mem[mem.structure == check_structure(old)][["pfa_code", "area_code"]].rename(columns={"area_code": "old_code"})
    b = mem[mem.structure == check_structure(new)][["pfa_code", "area_code"]].rename(columns={"area_code": "new_code"})
    j = a.merge(b, on="pfa_code")
    out = j.groupby(["old_code", "new_code"]).agg(n_pfas=("pfa_code", "size"), pfas=("pfa_code", lambda s: ", ".join(sorted(s)))).reset_index()
    out["old_area"] = [names[(old, c)] for c in out.old_code]
    out["new_area"] = [names[(new, c)] for c in out.new_code]
    out["split"] = out.groupby("old_code")["new_code"].transform("nunique") > 1
    return out[["old_code", "old_area", "new_code", "new_area", "n_pfas", "pfas", "split"]]
