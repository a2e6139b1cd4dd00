"""Q13's sections the settings do not drive: the published figures on supply chains and purchasing that the
rate-card section quotes.

>>> from probation_briefing.data import source
>>> evidence(source()).frame.columns.tolist()
['figure', 'value', 'unit', 'period', 'source']
"""

from __future__ import annotations

import pandas as pd

from ...data import DataSource
from ...data.facts import fact
from ..contract import TableView

EVIDENCE = [
    ("future_interventions_market", "Market for interventions in the May 2019 probation model (up to)"),
    ("tr_subcontractors_named_in_winning_bids", "Subcontractors named in the winning 2014 CRC bids"),
    ("tr_vcse_or_mutual_share_of_named_subcontractors_pct", "Share of those named subcontractors that were voluntary or mutual"),
    ("cj_voluntary_orgs_providing_direct_to_crcs_oct2018", "Criminal-justice voluntary organisations providing services directly to CRCs"),
    ("cj_voluntary_orgs_total_oct2018", "Criminal-justice voluntary organisations in all"),
    ("vcse_in_crc_supply_chains_minister_2019", "Voluntary organisations delivering in CRC supply chains (minister)"),
    ("tracktr_2018_orgs_receiving_nps_funding", "Survey respondents with NPS funding (of 132)"),
]


def evidence(data: DataSource) -> TableView:
    """The published figures on supply chains and purchasing that the rate-card section quotes."""
    rows = []
    for fid, label in EVIDENCE:
        f = fact(fid, data)
        rows.append(
            {"figure": label, "value": f"{f.value:,.0f}", "unit": f.unit, "period": f.period, "source": f"[{f.source_id}] {f.publisher}"}
        )
    return TableView("evidence", "Published figures on supply chains and purchasing", pd.DataFrame(rows))
