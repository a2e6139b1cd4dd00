"""Q15 against the record: the figures the model computes that a published figure can be set beside.

>>> from probation_briefing.data import source
>>> checks = reconcile(source())
>>> [c.passed for c in checks]
[True, True, None]
"""

from __future__ import annotations

from ...data import DataSource
from ...data.facts import fact
from ...data.params import parameters
from ...models import funding, regions
from ...models.money import PENCE_PER_GBP_M, largest_remainder, to_pence
from ..contract import Check

DTV_TOLERANCE = 0.20  # within a fifth of the published value
GRANT_TOLERANCE = 0.10  # within a tenth of the published grant per resident


def reconcile(data: DataSource) -> list[Check]:
    """The model at the record's settings beside the published figures: Durham Tees Valley's contract value, and the
    victims' grant per resident that sharing by population gives; and the contract values no record exists for."""
    return [_durham_tees_valley(data), _victims_grant(data), _other_contracts(data)]


def _durham_tees_valley(data: DataSource) -> Check:
    dtv, award = fact("crc_c03_contract_value_annual", data), fact("crc_contracts_annual_value_at_award", data)
    s = parameters("q15", data).scenario({"pot_gbp_m": award.value, "share_pct": 0, "structure": regions.BASELINE})
    k = funding.transfer(s, data).contracts.set_index("area_code")
    model = float(k.loc["C03", "baseline_gbp_m"])
    areas = regions.summarise(data, regions.BASELINE)
    by_population = dict(zip(areas["area_code"], largest_remainder(to_pence(award.value), areas["population"].astype(float).tolist())))
    uncalibrated = by_population["C03"] / PENCE_PER_GBP_M
    return Check(
        "Durham Tees Valley's annual contract value",
        model,
        dtv.value,
        "£m a year",
        f"within {DTV_TOLERANCE:.0%}",
        abs(model - dtv.value) <= DTV_TOLERANCE * dtv.value,
        dtv.source_id,
        f"At the pot at award (£{award.value:,.0f}m a year) with nothing moved. The model is calibrated to this figure, so "
        f"the check confirms the calibration holds rather than testing the model independently. Shared by population alone, "
        f"as before the calibration, it would be about £{uncalibrated:,.1f}m ({uncalibrated / dtv.value - 1:+.0%}).",
    )


def _victims_grant(data: DataSource) -> Check:
    grant, per_head = fact("victims_grants_to_pccs_2016_17", data), fact("victims_grant_per_head", data)
    pot = fact("crc_contracts_annual_value_at_award", data)
    s = parameters("q15", data).scenario(
        {"pot_gbp_m": pot.value, "share_pct": 100 * grant.value / pot.value, "allocation_key": "population", "floor_gbp_m": 0}
    )
    c = funding.transfer(s, data).commissioners.set_index("pfa_code")
    model = float(c.loc["thames-valley", "per_head_gbp"])
    return Check(
        "Money per resident for Thames Valley when a national grant is shared by population",
        model,
        per_head.value,
        "£ per resident a year",
        f"within {GRANT_TOLERANCE:.0%}",
        abs(model - per_head.value) <= GRANT_TOLERANCE * per_head.value,
        per_head.source_id,
        f"The Ministry shares its victims' grant between commissioners by population, as this model's population key does. "
        f"Moving the 2016-17 total (about £{grant.value:,.0f}m) [{grant.source_id}] by population gives Thames Valley's "
        f"commissioner £{model:,.3f} per resident; its 2017-18 grant was £{per_head.value:,.3f} per resident (a later year's "
        "grant, over a mid-2018 population).",
    )


def _other_contracts(data: DataSource) -> Check:
    n = len(regions.summarise(data, regions.BASELINE)) - len(funding.PUBLISHED_CONTRACT_VALUES)
    return Check(
        f"The annual contract values of the other {n} CRC areas",
        None,
        None,
        "£m a year",
        "not applicable",
        None,
        "PROJECT",
        "No published value was found: the figures searched for were each CRC's annual contract value at award or in "
        "outturn (the data package holds the national pot at award, the Ministry's revised expectation and Durham Tees "
        "Valley's value only). The model shares the pot left after Durham Tees Valley between these areas by population.",
    )
