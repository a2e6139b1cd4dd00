"""Named scenarios (presets) per briefing, read from data/presets_qNN.csv where a briefing has one.

Each preset sets some parameters; the rest keep their defaults. Values are checked against the
parameter registry exactly like values from a shared link.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .data import descriptor, load
from .params import parameters


@dataclass(frozen=True)
class Preset:
    """A named scenario: id, label and the parameter values it sets (already checked)."""

    preset_id: str
    label: str
    values: dict[str, Any] = field(default_factory=dict)


DEFAULT = Preset("default", "Default settings", {})


def has_presets(briefing: str) -> bool:
    """Whether the data package has a presets table for this briefing."""
    return any(r["name"] == f"presets_{briefing}" for r in descriptor()["resources"])


def presets(briefing: str) -> list[Preset]:
    """The briefing's presets, the default scenario first."""
    out = [DEFAULT]
    if not has_presets(briefing):
        return out
    ps = parameters(briefing)
    df = load(f"presets_{briefing}")
    for pid, g in df.groupby("preset_id", sort=False):
        vals = {r.param_id: ps[r.param_id].coerce(r.value) for r in g.itertuples()}
        out.append(Preset(str(pid), str(g["label"].iloc[0]), vals))
    return out


def scenario(briefing: str, preset: Preset) -> dict[str, Any]:
    """Full parameter values for a preset: its settings over the defaults."""
    vals = {k: p.default for k, p in parameters(briefing).items()}
    vals.update(preset.values)
    return vals
