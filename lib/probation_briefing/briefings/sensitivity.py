"""Which assumptions move the answer most: each illustrative setting at a low and a high value, and the change in the
briefing's headline figure, largest first; plus a low / central / high summary.

The low and high values are the plausible range stated for the setting in its parameter table (``low``, ``high``
and ``range_note``). Where none is stated, they are half and one-and-a-half times the setting's current value, kept
within its range (a setting at zero is tried at its range's lower and upper tenth). The rule is stated on the page.

>>> from probation_briefing.briefings import get
>>> from probation_briefing.data import source
>>> b = get("q13")
>>> s = sensitivity(b, b.parameters(source()).defaults(), source())
>>> s.table.iloc[0]["parameter"] in {p.label for p in b.parameters(source()).values()}
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..data import DataSource
from ..data.params import Parameter, Scenario
from ..errors import InputError
from .contract import Briefing

LOW, HIGH = 0.5, 1.5


def _range(p: Parameter, value: float) -> tuple[float, float]:
    lo_lim = p.min if p.min is not None else 0.0
    hi_lim = p.max if p.max is not None else value * 2
    if p.low is not None and p.high is not None:  # the plausible range stated in the parameter table
        return max(lo_lim, p.low), min(hi_lim, p.high)
    if value == 0:
        span = hi_lim - lo_lim
        return lo_lim, lo_lim + 0.1 * span
    lo, hi = max(lo_lim, value * LOW), min(hi_lim, value * HIGH)
    step = p.step or 0
    if step:
        lo, hi = round(lo / step) * step, round(hi / step) * step
    return max(lo_lim, lo), min(hi_lim, hi)


@dataclass(frozen=True)
class Sensitivity:
    """The headline at the current settings, per-setting swings (largest first) and a low / central / high summary."""

    label: str
    unit: str
    central: float
    low: float
    high: float
    table: pd.DataFrame


def sensitivity(briefing: Briefing[Any], scenario: Scenario, data: DataSource) -> Sensitivity:
    """Run the model with each illustrative number at its low and high value (two runs each), then with all of them
    at the ends that lower and raise the headline (two more runs)."""
    if briefing.headline is None:
        raise InputError(f"{briefing.title} names no headline figure to test")
    head = briefing.headline
    central = head(briefing.run(scenario, data))
    rows, to_low, to_high = [], {}, {}
    for k, p in scenario.params.items():
        if p.kind != "number" or p.status != "illustrative":
            continue
        lo, hi = _range(p, float(scenario[k]))
        if lo == hi:
            continue
        try:
            y_lo = head(briefing.run(scenario.replace(**{k: lo}), data))
            y_hi = head(briefing.run(scenario.replace(**{k: hi}), data))
        except InputError:
            continue  # a combination the model refuses (for example an unmeetable minimum): not a swing
        rows.append(
            {
                "parameter": p.label,
                "param_id": k,
                "low value": lo,
                "high value": hi,
                "headline at low": y_lo,
                "headline at high": y_hi,
                "swing": abs(y_hi - y_lo),
                "why this range": p.range_note
                if p.low is not None and p.high is not None
                else "half and 1.5 times the value (no stated range)",
            }
        )
        to_low[k], to_high[k] = (lo, hi) if y_lo <= y_hi else (hi, lo)
    columns = ["parameter", "param_id", "low value", "high value", "headline at low", "headline at high", "swing", "why this range"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    try:
        low = head(briefing.run(scenario.replace(**to_low), data)) if to_low else central
        high = head(briefing.run(scenario.replace(**to_high), data)) if to_high else central
    except InputError:
        low, high = float(table["headline at low"].min()), float(table["headline at high"].max())
    return Sensitivity(briefing.headline_label, briefing.headline_unit, central, min(low, high), max(low, high), table)
