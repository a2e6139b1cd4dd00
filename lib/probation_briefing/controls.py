"""Build ipywidgets controls from the parameter registry, so every control has its label, unit and range.

Each control's ``description`` is the parameter label (its accessible name); continuous updates are off
so a slider recomputes once per step, not on every pixel of a drag.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from .params import Parameter

STRUCTURE_LABELS = {"crc_2014": "21 CRC areas (2014)", "nps_2014": "7 NPS divisions (2014)",
                    "proposed_2018": "2018 proposal (reconstructed)", "proposed_2018_alt": "2018 proposal (alternative reconstruction)",
                    "regions_2021": "12 regions (2021)"}
CHOICE_LABELS = {**STRUCTURE_LABELS}
STYLE = {"description_width": "16em"}
LAYOUT = w.Layout(width="34em")


def control(p: Parameter, value: Any = None, labels: dict[str, str] | None = None) -> w.Widget:
    """One widget for one parameter, set to ``value`` (or the default)."""
    v = p.default if value is None else value
    desc = p.label if p.kind != "number" else f"{p.label} ({p.unit})"
    if p.kind == "choice":
        lab = {**CHOICE_LABELS, **(labels or {})}
        return w.Dropdown(options=[(lab.get(c, c), c) for c in p.choices], value=v, description=desc, style=STYLE, layout=LAYOUT)
    if p.kind == "boolean":
        return w.Checkbox(value=bool(v), description=desc, indent=False, layout=LAYOUT)
    is_int = all(float(x).is_integer() for x in (p.min, p.max, p.step or 1))
    cls = w.IntSlider if is_int else w.FloatSlider
    kw = dict(value=int(v) if is_int else float(v), min=p.min, max=p.max, step=p.step or (1 if is_int else 0.1),
              description=desc, continuous_update=False, style=STYLE, layout=LAYOUT)
    if not is_int:
        kw["readout_format"] = ".2f"
    return cls(**{k: (int(x) if is_int and k in ("min", "max", "step") else x) for k, x in kw.items()})


def controls(params: dict[str, Parameter], values: dict[str, Any], labels: dict[str, str] | None = None) -> dict[str, w.Widget]:
    """A widget per parameter, keyed by param_id, set to the scenario ``values``."""
    return {k: control(p, values.get(k), labels) for k, p in params.items()}


def values_of(widgets: dict[str, w.Widget]) -> dict[str, Any]:
    """Current value of each control, keyed by param_id."""
    return {k: wd.value for k, wd in widgets.items()}
