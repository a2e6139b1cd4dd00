"""Model parameters: one registry per briefing, read from data/parameters_qNN.csv.

Every parameter has a name, label, unit, default, range, status and source in one place (the
PolicyEngine habit); the briefings build their controls and their assumptions table from it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .data import load
from .errors import InputError


@dataclass(frozen=True)
class Parameter:
    """One model input and everything needed to show, check and cite it."""

    param_id: str
    label: str
    unit: str
    kind: str  # number | choice | boolean
    default: Any
    min: float | None
    max: float | None
    step: float | None
    choices: tuple[str, ...]
    status: str
    source_id: str
    note: str

    def coerce(self, raw: Any) -> Any:
        """Turn a raw value (from a control, URL or analyst) into a checked value, or raise InputError."""
        if self.kind == "choice":
            value = str(raw).strip()
            if value not in self.choices:
                raise InputError(f"{self.label}: '{_clip(value)}' is not one of {', '.join(self.choices)}")
            return value
        if self.kind == "boolean":
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise InputError(f"{self.label}: '{_clip(str(raw))}' is not true or false")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise InputError(f"{self.label}: '{_clip(str(raw))}' is not a number") from None
        if not math.isfinite(value):
            raise InputError(f"{self.label}: '{_clip(str(raw))}' is not a finite number")
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            raise InputError(f"{self.label}: {value:g} is outside the allowed range {self.min:g} to {self.max:g} {self.unit}")
        return value


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _num(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def parameters(briefing: str, data_dir: str | None = None) -> dict[str, Parameter]:
    """The parameters of one briefing ('q13', 'q14', 'q15'), keyed by param_id, in file order."""
    df = load(f"parameters_{briefing}", data_dir)
    out: dict[str, Parameter] = {}
    for r in df.itertuples(index=False):
        choices = tuple(c.strip() for c in str(r.choices).split("|")) if isinstance(r.choices, str) and r.choices else ()
        p = Parameter(r.param_id, r.label, r.unit, r.kind, r.default, _num(r.min), _num(r.max), _num(r.step), choices,
                      r.status, r.source_id, "" if pd.isna(r.note) else str(r.note))
        object.__setattr__(p, "default", p.coerce(r.default))
        out[p.param_id] = p
    return out


def defaults(briefing: str) -> dict[str, Any]:
    """Default value of every parameter of a briefing."""
    return {k: p.default for k, p in parameters(briefing).items()}


def assumptions(briefing: str) -> pd.DataFrame:
    """The assumptions log a briefing shows: each parameter with unit, default, range, status and source."""
    src = load("sources").set_index("source_id")
    rows = []
    for p in parameters(briefing).values():
        rng = " | ".join(p.choices) if p.kind == "choice" else ("true / false" if p.kind == "boolean" else f"{p.min:g} to {p.max:g}")
        s = src.loc[p.source_id]
        rows.append({"parameter": p.label, "name": p.param_id, "unit": p.unit, "default": p.default, "range": rng,
                     "status": p.status, "source": s["publisher"] if p.source_id != "PROJECT" else "this project (illustrative)",
                     "source_url": "" if pd.isna(s["url"]) else s["url"], "note": p.note})
    return pd.DataFrame(rows)
