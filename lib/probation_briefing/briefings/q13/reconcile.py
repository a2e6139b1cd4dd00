"""Q13 against the record: no published outturn exists for the money the rate-card model computes.

>>> from probation_briefing.data import source
>>> [(c.record, c.passed) for c in reconcile(source())]
[(None, None)]
"""

from __future__ import annotations

from ...data import DataSource
from ...data.facts import fact
from ...data.params import parameters
from ...models import ratecard
from ..contract import Check


def reconcile(data: DataSource) -> list[Check]:
    """The model's headline at the defaults, with no published figure to set beside it, and what was searched for."""
    model = ratecard.run(parameters("q13", data).defaults(), data).national["local_total"]
    named, chains = fact("tr_subcontractors_named_in_winning_bids", data), fact("vcse_in_crc_supply_chains_minister_2019", data)
    nps, surveyed = fact("tracktr_2018_orgs_receiving_nps_funding", data), fact("tracktr_2018_respondents", data)
    return [
        Check(
            "Money reaching specialist local providers through the rate card, direct purchases and commissioners",
            float(model),
            None,
            "£m a year",
            "not applicable",
            None,
            "PROJECT",
            "No published outturn was found to check this against. The data package was searched for the National Probation "
            "Service's expected or actual spending through the CRC rate card, CRC spending with their supply chains, "
            "commissioners' purchases of rehabilitation services, and the money reaching voluntary or local providers from "
            f"2015 to 2021. It holds counts instead ({named.value:,.0f} subcontractors named in the 2014 bids [{named.source_id}]; "
            f"{chains.value:,.0f} voluntary organisations in CRC supply chains in 2019 [{chains.source_id}]; {nps.value:,.0f} of "
            f"{surveyed.value:,.0f} surveyed voluntary organisations with National Probation Service funding [{nps.source_id}]), "
            "which are not money, and the 2021 framework's shares of money, which the model already uses as inputs, so they "
            "cannot check it.",
        )
    ]
