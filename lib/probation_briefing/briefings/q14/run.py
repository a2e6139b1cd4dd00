"""Q14's run: the commissioning model (``models.commissioning``) for setting A and setting B of one scenario, and
what each route offers the example charity.

>>> from probation_briefing.data import source
>>> from probation_briefing.data.params import parameters
>>> r = run(parameters("q14").defaults(), source())
>>> r.a.setting.route, r.b.setting.route
('supply_chain', 'dps')
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ...data import DataSource
from ...data.params import Scenario
from ...models import commissioning


@dataclass(frozen=True)
class Result:
    """Setting A and setting B of one scenario, evaluated on the same data, and what each route offers the example
    charity (``commissioning.charity_view``): ``charity`` under setting A's other terms (the table the page shows),
    ``charity_b`` under setting B's (so B's route is judged on B's terms)."""

    scenario: Scenario
    data: DataSource
    a: commissioning.Result
    b: commissioning.Result
    charity: pd.DataFrame
    charity_b: pd.DataFrame


def run(s: Scenario, data: DataSource) -> Result:
    """Evaluate settings A and B of a checked Q14 scenario, and what each route offers the example charity."""
    a, b = commissioning.setting(s, "A"), commissioning.setting(s, "B")
    turnover, reserves = float(s["charity_turnover_gbp_k"]) * 1e3, float(s["charity_reserves_gbp_k"]) * 1e3
    charity = commissioning.charity_view(a, data, turnover, reserves)
    charity_b = charity if b == replace(a, route=b.route) else commissioning.charity_view(b, data, turnover, reserves)
    return Result(s, data, commissioning.evaluate(a, data), commissioning.evaluate(b, data), charity, charity_b)
