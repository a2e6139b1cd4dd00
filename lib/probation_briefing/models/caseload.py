"""CRC caseload by police force area: the one derivation both the Q13 and Q15 models use.

A CRC's published caseload is shared between its force areas by population. CRCs with no published
figure are imputed at the national rate of known caseload per head (known caseload ÷ population of the
CRCs that have a figure). Figures are of different dates and some are "more than" or "nearly".

>>> from probation_briefing.data import source
>>> c = by_force_area(source())
>>> len(c), bool(c["caseload_imputed"].any())
(43, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import DataSource, cached
from ..errors import DataError, Problem
from . import regions


@cached(("force_areas", "membership", "areas", "crcs", "structures"))
def by_force_area(data: DataSource) -> pd.DataFrame:
    """One row per force area: its CRC, population, the CRC's caseload, the force area's share and whether it is imputed."""
    pf = regions.force_areas(data, regions.BASELINE)[["pfa_code", "crc_code", "population", "population_status"]]
    crcs = data.load("crcs").set_index("crc_code")["caseload"]
    crc_pop = pf.groupby("crc_code")["population"].sum()
    known = crcs.dropna()
    known = known[known.index.isin(crc_pop.index)]
    if known.empty or float(known.sum()) <= 0:
        name = dict(data.uploads)["crcs"].filename if "crcs" in data.replaced() else "crcs.csv"
        raise DataError([Problem(name, "no CRC has a caseload above zero, so caseloads cannot be estimated", column="caseload")])
    rate = float(known.astype(float).sum()) / float(crc_pop[known.index].sum())
    crc_case = pf["crc_code"].map(crcs).astype(float)
    out = pf.copy()
    out["caseload_imputed"] = crc_case.isna().to_numpy()
    out["crc_caseload"] = np.where(out["caseload_imputed"], rate * pf["crc_code"].map(crc_pop), crc_case)
    out["caseload"] = out["crc_caseload"] * pf["population"] / pf["crc_code"].map(crc_pop)
    out["imputation_rate_per_head"] = rate
    return out[
        [
            "pfa_code",
            "crc_code",
            "population",
            "population_status",
            "crc_caseload",
            "caseload",
            "caseload_imputed",
            "imputation_rate_per_head",
        ]
    ]


def imputed_crcs(data: DataSource) -> int:
    """How many CRCs have no published caseload (so are imputed)."""
    return int(data.load("crcs")["caseload"].isna().sum())
