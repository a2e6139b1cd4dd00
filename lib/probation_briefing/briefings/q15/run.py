"""Q15's run: the scenario's share of the CRC pot moved to commissioners (``models.funding.transfer``).

>>> from probation_briefing.data import source
>>> from probation_briefing.data.params import parameters
>>> run(parameters("q15").defaults(), source()).transfer.conserved
True
"""

from __future__ import annotations

from dataclasses import dataclass

from ...data import DataSource
from ...data.params import Scenario
from ...models import funding


@dataclass(frozen=True)
class Result:
    """One scenario's transfer, with the scenario and the data it was computed from."""

    scenario: Scenario
    data: DataSource
    transfer: funding.TransferResult


def run(s: Scenario, data: DataSource) -> Result:
    """Move the scenario's share of the pot to commissioners (``funding.transfer``)."""
    return Result(s, data, funding.transfer(s, data))
