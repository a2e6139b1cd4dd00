"""Area structures: which force areas, commissioners, people and councils each probation area holds.

Pure functions of a ``DataSource``. ``summarise(data, structure)`` is the one table the Q13 and Q15
briefings both build on; the structures themselves are the rows of ``data/structures.csv``.

>>> from probation_briefing.data import source
>>> int(summarise(source(), "crc_2014")["n_commissioners"].max())
4
>>> structures(source())[:2]
['crc_2014', 'nps_2014']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..data import DataSource, cached
from ..errors import DataError, InputError, Problem

BASELINE = "crc_2014"
_INPUTS = ("force_areas", "membership", "areas", "crcs", "structures")


def structures(data: DataSource) -> list[str]:
    """The structure ids, in the order of ``data/structures.csv``."""
    return data.load("structures")["structure"].tolist()


def check_structure(data: DataSource, structure: str) -> str:
    """Return the structure id, or raise InputError listing the valid ones."""
    known = structures(data)
    if structure not in known:
        raise InputError(f"unknown structure '{structure}'; choose one of {', '.join(known)}")
    return structure


@cached(_INPUTS)
def force_areas(data: DataSource, structure: str) -> pd.DataFrame:
    """One row per police force area with the area it belongs to under ``structure`` and its CRC (2014)."""
    check_structure(data, structure)
    fa = data.load("force_areas")
    mem = data.load("membership")
    areas = data.load("areas")
    own = mem[mem.structure == structure][["pfa_code", "area_code"]]
    crc = mem[mem.structure == BASELINE][["pfa_code", "area_code"]].rename(columns={"area_code": "crc_code"})
    _check_crcs_cover(data, set(crc["crc_code"]))
    names = areas[areas.structure == structure][["area_code", "area_name", "status"]].rename(columns={"status": "area_status"})
    return fa.merge(own, on="pfa_code").merge(crc, on="pfa_code").merge(names, on="area_code")


def _check_crcs_cover(data: DataSource, codes: set[str]) -> None:
    """crcs.csv (or an upload replacing it) must have a row for every CRC area the structures use."""
    have = set(data.load("crcs")["crc_code"])
    missing = sorted(codes - have)
    if missing:
        name = dict(data.uploads)["crcs"].filename if "crcs" in data.replaced() else "crcs.csv"
        raise DataError(
            [Problem(name, f"CRC area '{m}' is used by membership.csv but has no row here", column="crc_code") for m in missing]
        )


@cached(_INPUTS)
def summarise(data: DataSource, structure: str) -> pd.DataFrame:
    """One row per area: force areas, commissioners, population, councils, CRC areas merged, known caseload.

    Cached per structure and data version (an edited file or an upload gives fresh results); returns a copy.
    ``n_commissioners`` counts distinct bodies holding PCC functions in 2018 (the City of London has none;
    the Metropolitan area has MOPAC). ``caseload_known`` sums the caseloads of CRCs lying wholly inside the
    area; ``caseload_crcs_missing`` counts CRCs in the area with no caseload figure or split across areas.
    """
    pf = force_areas(data, structure)
    crcs = data.load("crcs").set_index("crc_code")
    crc_areas_per_crc = pf.groupby("crc_code")["area_code"].nunique()
    rows = []
    for code, g in pf.groupby("area_code", sort=True):
        in_area = sorted(g["crc_code"].unique())
        whole = [c for c in in_area if crc_areas_per_crc[c] == 1]
        known = [c for c in whole if pd.notna(crcs.loc[c, "caseload"])]
        rows.append(
            {
                "area_code": code,
                "area": g["area_name"].iloc[0],
                "status": g["area_status"].iloc[0],
                "n_pfas": len(g),
                "n_commissioners": g["commissioner_id"].dropna().nunique(),
                "population": int(g["population"].sum()),
                "population_estimated": bool((g["population_status"] == "estimate").any()),
                "n_councils": int(g["n_upper_tier_councils"].sum()),
                "n_crcs": len(in_area),
                "crcs": ", ".join(in_area),
                "caseload_known": int(sum(int(crcs.loc[c, "caseload"]) for c in known)),
                "caseload_crcs_missing": len(in_area) - len(known),
                "force_areas": ", ".join(sorted(g["short_name"])),
            }
        )
    return pd.DataFrame(rows)


@cached(_INPUTS)
def headline(data: DataSource, structure: str) -> dict[str, Any]:
    """Headline figures for a structure: area count, largest area by commissioners and by population, medians.

    Cached per data version (every slider step on Q13 and Q15 asks for it); treat the dict as read-only.
    """
    s = summarise(data, structure)
    by_comm = s.sort_values(["n_commissioners", "population"], ascending=False).iloc[0]
    by_pop = s.sort_values("population", ascending=False).iloc[0]
    return {
        "structure": structure,
        "n_areas": len(s),
        "max_commissioners": int(by_comm["n_commissioners"]),
        "max_commissioners_area": by_comm["area"],
        "largest_population": int(by_pop["population"]),
        "largest_population_area": by_pop["area"],
        "median_population": float(s["population"].median()),
        "median_commissioners": float(s["n_commissioners"].median()),
        "median_councils": float(s["n_councils"].median()),
    }


@cached(_INPUTS)
def compare_to_baseline(data: DataSource, structure: str) -> pd.DataFrame:
    """Headline figures for ``structure`` beside the 21-CRC baseline, with the change."""
    a, b = headline(data, BASELINE), headline(data, structure)
    keys = ["n_areas", "max_commissioners", "largest_population", "median_population", "median_commissioners", "median_councils"]
    return pd.DataFrame(
        {"measure": keys, "crc_2014": [a[k] for k in keys], structure: [b[k] for k in keys], "change": [b[k] - a[k] for k in keys]}
    )


@cached(_INPUTS)
def crosswalk(data: DataSource, old: str, new: str) -> pd.DataFrame:
    """How areas of ``old`` map into areas of ``new``: one row per (old area, new area) pair with the force areas shared."""
    mem = data.load("membership")
    names = data.load("areas").set_index(["structure", "area_code"])["area_name"]
    a = mem[mem.structure == check_structure(data, old)][["pfa_code", "area_code"]].rename(columns={"area_code": "old_code"})
    b = mem[mem.structure == check_structure(data, new)][["pfa_code", "area_code"]].rename(columns={"area_code": "new_code"})
    j = a.merge(b, on="pfa_code")
    out = (
        j.groupby(["old_code", "new_code"])
        .agg(n_pfas=("pfa_code", "size"), pfas=("pfa_code", lambda s: ", ".join(sorted(s))))
        .reset_index()
    )
    out["old_area"] = [names[(old, c)] for c in out.old_code]
    out["new_area"] = [names[(new, c)] for c in out.new_code]
    out["split"] = out.groupby("old_code")["new_code"].transform("nunique") > 1
    return out[["old_code", "old_area", "new_code", "new_area", "n_pfas", "pfas", "split"]]


# ---------------------------------------------------------------------------------------------
# Co-terminosity: how many commissioners each contract area spans, structure by structure
# ---------------------------------------------------------------------------------------------


def coterminosity(data: DataSource, which: Sequence[str] | None = None) -> pd.DataFrame:
    """Commissioners per contract area for each structure: ``summarise`` rows stacked, with titles and status."""
    st = data.load("structures").set_index("structure")
    parts = []
    for s in which or structures(data):
        t = summarise(data, s)
        t.insert(0, "structure", s)
        t.insert(1, "structure_title", st.loc[s, "short_title"])
        t["structure_status"] = st.loc[s, "status"]
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def commissioner_counts(data: DataSource, which: Sequence[str] | None = None) -> pd.DataFrame:
    """For each structure and number of commissioners, how many contract areas have that many (and which)."""
    order = list(which or structures(data))
    c = coterminosity(data, order)
    out = c.groupby(["structure", "structure_title", "n_commissioners"]).size().rename("n_areas").reset_index()
    out["areas"] = [", ".join(c[(c.structure == s) & (c.n_commissioners == n)]["area"]) for s, n in zip(out.structure, out.n_commissioners)]
    rank = {s: i for i, s in enumerate(order)}
    return out.sort_values(["structure", "n_commissioners"], key=lambda col: col.map(rank) if col.name == "structure" else col).reset_index(
        drop=True
    )


def coterminosity_headline(data: DataSource, structure: str, low: int = 1, high: int = 3) -> dict[str, Any]:
    """``headline`` plus how many areas hold between ``low`` and ``high`` commissioners, and the areas above."""
    h = headline(data, structure)
    s = summarise(data, structure)
    within = s[s.n_commissioners.between(low, high)]
    above = s[s.n_commissioners > high].sort_values(["n_commissioners", "area"], ascending=[False, True])
    largest = s[s.n_commissioners == s.n_commissioners.max()]["area"].tolist()
    return {
        **h,
        "n_within": len(within),
        "range": (low, high),
        "above": [(a, int(n)) for a, n in zip(above["area"], above["n_commissioners"])],
        "areas_with_max": largest,
    }


SUCCESSORS = "successors_2028"


def successor_coterminosity(data: DataSource, which: Sequence[str] | None = None) -> pd.DataFrame:
    """For each structure and contract area: how many commissioners it held in 2018 and how many bodies it would deal
    with from May 2028 (``data/successors_2028.csv``), of which mayors and boards, and how many of those bodies rest on a
    transfer made, an announcement or an assumption. A body covering force areas in two contract areas counts in both.

    The 2028 bodies still cover police force areas (a board oversees one force; a mayor one or two), so the count
    changes only where one mayor covers two force areas in the same contract area.

    >>> from probation_briefing.data import source
    >>> t = successor_coterminosity(source(), ["crc_2014"]).set_index("area")
    >>> int(t.loc["Norfolk and Suffolk", "n_commissioners"]), int(t.loc["Norfolk and Suffolk", "n_bodies_2028"])
    (2, 1)
    """
    su = data.load(SUCCESSORS)[["pfa_code", "body_id", "body_type", "status"]]
    su = su[su["body_id"].notna() & (su["body_id"].astype(str) != "")]
    st = data.load("structures").set_index("structure")
    rows = []
    for s in which or structures(data):
        pf = force_areas(data, s)[["pfa_code", "area_code", "area_name", "commissioner_id"]].merge(su, on="pfa_code", how="left")
        for code, g in pf.groupby("area_code", sort=True):
            bodies = g.dropna(subset=["body_id"]).drop_duplicates("body_id")
            rows.append(
                {
                    "structure": s,
                    "structure_title": st.loc[s, "short_title"],
                    "area_code": code,
                    "area": g["area_name"].iloc[0],
                    "n_commissioners": int(g["commissioner_id"].dropna().nunique()),
                    "n_bodies_2028": len(bodies),
                    "n_mayors": int((bodies["body_type"] == "mayor").sum()),
                    "n_boards": int((bodies["body_type"] == "board").sum()),
                    "n_made": int((bodies["status"] == "made").sum()),
                    "n_announced": int((bodies["status"] == "announced").sum()),
                    "n_assumed": int((bodies["status"] == "assumed").sum()),
                }
            )
    return pd.DataFrame(rows)


def devolution(data: DataSource) -> pd.DataFrame:
    """The London and Greater Manchester justice devolution deals, dated, with source publisher and link."""
    d = data.load("devolution")
    src = data.load("sources").set_index("source_id")
    d["publisher"] = d["source_id"].map(src["publisher"])
    d["url"] = d["source_id"].map(src["url"])
    d["date"] = pd.to_datetime(d["date"].astype(str))
    return d.sort_values("date").reset_index(drop=True)
