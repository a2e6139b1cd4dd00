"""Named scenarios (presets and workshop exercises) per briefing, from ``data/presets_qNN.csv``.

Each preset sets some parameters; the rest keep their defaults. Values are checked by the parameter
registry exactly like values from a shared link.

>>> from probation_briefing.data import source
>>> from probation_briefing.data.params import parameters
>>> [p.preset_id for p in presets(parameters("q15"), source())][:2]
['default', 'status_quo']
"""

from __future__ import annotations

from dataclasses import dataclass

from .package import descriptor
from .params import Parameters, Scenario
from .source import DataSource

DEFAULT_ID = "default"


@dataclass(frozen=True)
class Preset:
    """A named scenario: id, label and its full, checked values."""

    preset_id: str
    label: str
    scenario: Scenario


def presets(params: Parameters, data: DataSource) -> list[Preset]:
    """The briefing's presets, the default scenario first."""
    out = [Preset(DEFAULT_ID, "Default settings", params.defaults())]
    name = f"presets_{params.briefing}"
    if not any(r["name"] == name for r in descriptor()["resources"]):
        return out
    for pid, g in data.load(name).groupby("preset_id", sort=False):
        values = {r.param_id: params[r.param_id].coerce(r.value, on_step=True) for r in g.itertuples()}
        out.append(Preset(str(pid), str(g["label"].iloc[0]), params.scenario(values, on_step=True)))
    return out
