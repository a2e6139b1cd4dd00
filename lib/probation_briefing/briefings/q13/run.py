"""Q13's run: the chosen area structure summarised (``models.regions``) and the rate-card model (``models.ratecard``).

>>> from probation_briefing.data import source
>>> from probation_briefing.data.params import parameters
>>> r = run(parameters("q13").defaults(), source())
>>> r.headline["n_areas"], round(r.model.national["demand"])
(11, 280)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ...data import DataSource
from ...data.params import Scenario
from ...models import ratecard, regions


@dataclass(frozen=True)
class Result:
    """The structure explorer's tables and the rate-card model's result for one scenario."""

    scenario: Scenario
    data: DataSource
    summary: pd.DataFrame
    headline: dict[str, Any]
    model: ratecard.Result


def run(s: Scenario, data: DataSource) -> Result:
    """Summarise the chosen structure and run the rate-card model."""
    return Result(s, data, regions.summarise(data, s["structure"]), regions.headline(data, s["structure"]), ratecard.run(s, data))
