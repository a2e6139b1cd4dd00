"""How sure are we: each uncertain assumption at the low and high ends of its plausible range, the change in the
briefing's headline figure, largest first; a low / central / high summary; and, apart from them, the policy levers
tried as scenarios.

Only parameters whose ``role`` is ``assumption`` are uncertainties. A policy lever (a route, a share moved, a
structure) is not: it is what the reader is choosing, so it is tried separately as a scenario (where the parameter
table states a range for it) and never counted in the uncertainty. Where a briefing compares two settings, an
assumption present in both (``x`` in setting A and ``x_b`` in setting B) describes the world, not a setting, so it is
varied for both at once: one row, and with A and B the same the difference stays exactly zero.

The low and high values are the plausible range stated in the parameter table (``low``, ``high`` and ``range_note``).
Where none is stated, they are half and one-and-a-half times the current value, kept within its limits (a setting at
zero is tried at the bottom tenth of its limits). The combined low and high put every assumption at the end that
lowers (or raises) the headline, all together (or take the lowest or highest single result, where the settings
interact so that one goes further alone): a bound, not a likely outcome. The page says so.

>>> from probation_briefing.briefings import get
>>> from probation_briefing.data import source
>>> b = get("q13")
>>> s = sensitivity(b, b.parameters(source()).defaults(), source())
>>> s.table.iloc[0]["parameter"] in {p.label for p in b.parameters(source()).values()}
True
>>> s.low <= s.central <= s.high
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..data import DataSource
from ..data.params import Parameter, Scenario
from ..errors import InputError
from .contract import Briefing

LOW, HIGH = 0.5, 1.5
COLUMNS = ["parameter", "param_id", "low value", "high value", "headline at low", "headline at high", "swing", "why this range"]
NO_RANGE = "half and 1.5 times the value (no stated range)"


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


def _label(p: Parameter) -> str:
    """A label without a setting's marker: an assumption varied for both settings is one row."""
    return p.label.removesuffix(" (B)")


def uncertain(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """The uncertain assumptions, each with the names varied together: one name, or a setting A name with its setting B
    twin (varied for both at once).

    >>> from probation_briefing.data.params import parameters
    >>> u = uncertain(parameters("q15").defaults())
    >>> "share_pct" in u, "bidder_threshold_pct" in u
    (False, True)
    """
    params = scenario.params
    out: dict[str, tuple[str, ...]] = {}
    for k, p in params.items():
        if p.kind != "number" or p.role != "assumption" or p.setting == "B":
            continue
        twin = f"{k}_b"
        out[k] = (k, twin) if twin in params and params[twin].role == "assumption" else (k,)
    return out


def levers(scenario: Scenario) -> list[str]:
    """The numeric policy levers with a stated range: tried as scenarios, not counted as uncertainty."""
    return [k for k, p in scenario.params.items() if p.kind == "number" and p.role == "lever" and p.low is not None and p.high is not None]


@dataclass(frozen=True)
class Sensitivity:
    """The headline at the current settings, per-assumption swings (largest first), a low / central / high summary and
    the policy levers tried as scenarios (``scenarios``, the same columns as ``table``)."""

    label: str
    unit: str
    central: float
    low: float
    high: float
    table: pd.DataFrame
    scenarios: pd.DataFrame
    not_varied: tuple[str, ...] = ()  # labels of the policy levers with no stated range (choices, switches)

    @property
    def crosses_zero(self) -> bool:
        """True when the combined range runs from below zero to above it (the sign of the answer is not settled)."""
        return self.low < 0 < self.high


def _rows(
    briefing: Briefing[Any], scenario: Scenario, data: DataSource, names: dict[str, tuple[str, ...]]
) -> tuple[list[dict[str, Any]], dict[str, float], dict[str, float]]:
    head = briefing.headline
    assert head is not None
    rows, to_low, to_high = [], {}, {}
    for k, together in names.items():
        p = scenario.params[k]
        lo, hi = _range(p, float(scenario[k]))
        if lo == hi:
            continue
        try:
            y_lo = head(briefing.run(scenario.replace(**dict.fromkeys(together, lo)), data))
            y_hi = head(briefing.run(scenario.replace(**dict.fromkeys(together, hi)), data))
        except InputError:
            continue  # a combination the model refuses (for example an unmeetable minimum): not a swing
        rows.append(
            {
                "parameter": _label(p) if len(together) > 1 else p.label,
                "param_id": k,
                "low value": lo,
                "high value": hi,
                "headline at low": y_lo,
                "headline at high": y_hi,
                "swing": abs(y_hi - y_lo),
                "why this range": p.range_note if p.low is not None and p.high is not None else NO_RANGE,
            }
        )
        for name in together:
            to_low[name], to_high[name] = (lo, hi) if y_lo <= y_hi else (hi, lo)
    return rows, to_low, to_high


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def sensitivity(briefing: Briefing[Any], scenario: Scenario, data: DataSource, *, scenarios: bool = True) -> Sensitivity:
    """Run the model with each uncertain assumption at its low and high value (two runs each), then with all of them at
    the ends that lower and raise the headline (two more runs); and (unless ``scenarios`` is False, for the range alone)
    each numeric policy lever with a stated range at its low and high value (scenarios, apart)."""
    if briefing.headline is None:
        raise InputError(f"{briefing.title} names no headline figure to test")
    head = briefing.headline
    central = head(briefing.run(scenario, data))
    rows, to_low, to_high = _rows(briefing, scenario, data, uncertain(scenario))
    table = _frame(rows)
    ranged = levers(scenario)
    lever_rows, _, _ = _rows(briefing, scenario, data, {k: (k,) for k in ranged}) if scenarios else ([], {}, {})
    try:
        low = head(briefing.run(scenario.replace(**to_low), data)) if to_low else central
        high = head(briefing.run(scenario.replace(**to_high), data)) if to_high else central
    except InputError:
        low, high = central, central
    if len(table):  # settings interact: one assumption alone can go further than all of them together
        ends = table[["headline at low", "headline at high"]].to_numpy()
        low, high = min(low, float(ends.min())), max(high, float(ends.max()))
    not_varied = tuple(
        dict.fromkeys(
            re.sub(r" \((?:B; )?default[^)]*\)", "", _label(p))
            for k, p in scenario.params.items()
            if p.role == "lever" and k not in ranged and p.setting != "B"
        )
    )
    return Sensitivity(
        briefing.headline_label,
        briefing.headline_unit,
        central,
        min(low, high, central),
        max(low, high, central),
        table,
        _frame(lever_rows),
        not_varied,
    )
