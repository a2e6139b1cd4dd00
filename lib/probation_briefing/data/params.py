"""Model parameters: one registry per briefing, read from ``data/parameters_qNN.csv``.

The CSV is the only home of each parameter's label, unit, default, range, step, choices, group, status
and source (the PolicyEngine habit): controls, link checking, the assumptions log and the models all
read the registry. A ``Scenario`` is a full set of checked values, made once where values enter.

>>> from probation_briefing.data.params import parameters
>>> p = parameters("q15")
>>> p["share_pct"].default, p["share_pct"].unit
(10.0, '% of the pot')
>>> s = p.scenario({"share_pct": "25"})
>>> s["share_pct"], s["pot_gbp_m"]
(25.0, 450.0)
>>> p.scenario({"share_pct": 250})
Traceback (most recent call last):
...
probation_briefing.errors.InputError: Share moved to commissioners: 250 is outside the allowed range 0 to 100 % of the pot
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from .session import source
from .source import DataSource

STRUCTURES = "@structures"


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
    choice_labels: tuple[str, ...]
    group: str
    status: str
    source_id: str
    note: str
    low: float | None = None  # plausible range tried in "How sure are we?" (None: the stated rule)
    high: float | None = None
    range_note: str = ""
    setting: str = ""  # where a briefing compares settings (Q14): A, B, shared or charity; "" otherwise
    role: str = "assumption"  # lever | assumption | data | method | example | display (see the parameters schema)
    reliability: str = "low"  # high | medium | low | not applicable: how far the evidence supports the value
    reviewed: str = ""  # when the row was last reviewed (ISO date)
    choice_statuses: tuple[str, ...] = ()  # for a choice of area structure: each structure's own status (structures.csv)

    def coerce(self, raw: Any, *, on_step: bool = False) -> Any:
        """Turn a raw value (from a control, link, preset or analyst) into a checked value, or raise InputError.

        Checks the type (a number, one of the choices, true or false), the range and, with ``on_step``, that a
        number is one of the control's steps (``min`` plus a whole number of ``step``): values from a page's
        controls, its address and papermill are checked that way; an analyst's sweep may go between steps.

        >>> parameters("q15")["include_wales"].coerce("no")
        False
        >>> parameters("q15")["floor_gbp_m"].coerce("0.004", on_step=True)
        Traceback (most recent call last):
        ...
        probation_briefing.errors.InputError: Minimum per commissioner: 0.004 is not one of the allowed values (0 to 5 in steps of 0.05 £m a year)
        """
        if self.kind == "choice":
            if not isinstance(raw, str) or raw.strip() not in self.choices:
                raise InputError(f"{self.label}: '{_clip(str(raw))}' is not one of {', '.join(self.choices)}")
            return raw.strip()
        if self.kind == "boolean":
            if isinstance(raw, (bool, np.bool_)):
                return bool(raw)
            text = str(raw).strip().lower() if isinstance(raw, (str, numbers.Integral)) else ""
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise InputError(f"{self.label}: '{_clip(str(raw))}' is not true or false")
        if isinstance(raw, (bool, np.bool_)) or not isinstance(raw, (str, numbers.Real)):
            raise InputError(f"{self.label}: '{_clip(str(raw))}' is not a number")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise InputError(f"{self.label}: '{_clip(str(raw))}' is not a number") from None
        if not math.isfinite(value):
            raise InputError(f"{self.label}: '{_clip(str(raw))}' is not a finite number")
        lo = -math.inf if self.min is None else self.min
        hi = math.inf if self.max is None else self.max
        if not lo <= value <= hi:
            raise InputError(f"{self.label}: {value:g} is outside the allowed range {lo:g} to {hi:g} {self.unit}".rstrip())
        if on_step and self.step and not _on_step(value, 0.0 if self.min is None else self.min, self.step):
            raise InputError(
                f"{self.label}: {value:g} is not one of the allowed values ({lo:g} to {hi:g} in steps of {self.step:g} {self.unit}".rstrip()
                + ")"
            )
        return value

    def label_of(self, value: Any) -> str:
        """The text a reader sees for a value: a choice's label, yes/no, or the number with its unit.

        >>> parameters("q15")["allocation_key"].label_of("equal")
        'Equal shares'
        """
        if self.kind == "choice":
            return dict(zip(self.choices, self.choice_labels)).get(value, str(value))
        if self.kind == "boolean":
            return "yes" if value else "no"
        return f"{float(value):,.10g} {self.unit}".strip()

    def status_of(self, value: Any) -> str:
        """The status of what a value rests on: a chosen structure's own (a published map or a reconstruction), else the
        parameter's.

        >>> p = parameters("q15")["structure"]
        >>> p.status_of("crc_2014"), p.status_of("proposed_2018")
        ('published', 'reconstructed')
        """
        if self.choice_statuses and value in self.choices:
            return self.choice_statuses[self.choices.index(value)]
        return self.status

    @property
    def range_text(self) -> str:
        """The allowed values in words, for the assumptions log."""
        if self.kind == "choice":
            return " | ".join(self.choice_labels)
        if self.kind == "boolean":
            return "yes / no"
        return f"{self.min:g} to {self.max:g}"


def _on_step(value: float, origin: float, step: float) -> bool:
    """True if ``value`` is ``origin`` plus a whole number of ``step`` (allowing for floating-point error)."""
    n = (value - origin) / step
    return abs(n - round(n)) <= 1e-6


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _num(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


class Scenario(Mapping[str, Any]):
    """A checked value for every parameter of a briefing (immutable). Made by ``Parameters.scenario``."""

    __slots__ = ("_values", "params")

    def __init__(self, params: Parameters, values: dict[str, Any]):
        self.params = params
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Scenario({self.params.briefing}, {self.changed()})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self) == dict(other)

    def __hash__(self) -> int:
        return hash((self.params.briefing, tuple(sorted(self._values.items()))))

    def replace(self, **changes: Any) -> Scenario:
        """A copy with some values changed (each checked for type and range; analysis sweeps such as "how sure
        are we?" may go between a control's steps).

        >>> parameters("q15").defaults().replace(share_pct=30)["share_pct"]
        30.0
        """
        return self.params.scenario({**self._values, **changes})

    def changed(self) -> dict[str, Any]:
        """The values that differ from the defaults."""
        return {k: v for k, v in self._values.items() if v != self.params[k].default}


class Parameters(Mapping[str, Parameter]):
    """A briefing's parameter registry, keyed by ``param_id`` in file order."""

    def __init__(self, briefing: str, items: dict[str, Parameter]):
        self.briefing = briefing
        self._items = items

    def __getitem__(self, key: str) -> Parameter:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def defaults(self) -> Scenario:
        """The default scenario."""
        return Scenario(self, {k: p.default for k, p in self._items.items()})

    def scenario(self, values: Mapping[str, Any] | None = None, *, on_step: bool = False) -> Scenario:
        """Every parameter's value: given ones checked (type, range, choices and, with ``on_step``, the
        control's steps), missing or None ones at their default.

        Values arriving from outside (a page's controls, its address, papermill, presets) are checked with
        ``on_step=True``. Unknown names raise InputError, so a typo never silently falls back to a default.
        """
        values = dict(values or {})
        unknown = [k for k in values if k not in self._items]
        if unknown:
            raise InputError(f"unknown setting(s): {', '.join(map(str, unknown))}; the settings are: {', '.join(self._items)}")
        return Scenario(
            self, {k: (p.default if values.get(k) is None else p.coerce(values[k], on_step=on_step)) for k, p in self._items.items()}
        )

    def in_setting(self, setting: str) -> tuple[str, ...]:
        """The names of the parameters the table's ``setting`` column puts in one setting, in file order.

        >>> p = parameters("q14")
        >>> p.in_setting("charity")
        ('charity_turnover_gbp_k', 'charity_reserves_gbp_k')
        >>> p.in_setting("B")[:2]
        ('route_b', 'lot_level_b')
        >>> parameters("q15").in_setting("A")
        ()
        """
        return tuple(k for k, p in self._items.items() if p.setting == setting)

    def groups(self) -> dict[str, list[Parameter]]:
        """Parameters by their ``group`` heading, groups and members in file order."""
        out: dict[str, list[Parameter]] = {}
        for p in self._items.values():
            out.setdefault(p.group, []).append(p)
        return out

    def assumptions(self, data: DataSource) -> pd.DataFrame:
        """The assumptions log: each parameter with unit, default, range, status and source."""
        src = data.load("sources").set_index("source_id")
        rows = []
        for p in self._items.values():
            s = src.loc[p.source_id]
            rows.append(
                {
                    "parameter": p.label,
                    "name": p.param_id,
                    "unit": p.unit,
                    "default": p.label_of(p.default) if p.kind != "number" else p.default,
                    "range": p.range_text,
                    "plausible range": "" if p.low is None or p.high is None else f"{p.low:g} to {p.high:g}",
                    "status": p.status,
                    "source": s["publisher"] if p.source_id != "PROJECT" else "this project (illustrative)",
                    "source_url": "" if pd.isna(s["url"]) else s["url"],
                    "note": p.note,
                }
            )
        return pd.DataFrame(rows)


def parameters(briefing: str, data: DataSource | None = None) -> Parameters:
    """The parameters of one briefing ('q13', 'q14', 'q15') from ``data`` (default: the session source)."""
    if data is None:
        data = source()
    df = data.load(f"parameters_{briefing}")
    structures = data.load("structures") if (df["choices"] == STRUCTURES).any() else None
    out: dict[str, Parameter] = {}
    for r in df.itertuples(index=False):
        choices: tuple[str, ...] = ()
        labels: tuple[str, ...] = ()
        statuses: tuple[str, ...] = ()
        if isinstance(r.choices, str) and r.choices == STRUCTURES and structures is not None:
            choices, labels = tuple(structures["structure"]), tuple(structures["short_title"])
            statuses = tuple(structures["status"].astype(str))
        elif isinstance(r.choices, str) and r.choices:
            choices = tuple(c.strip() for c in r.choices.split("|"))
            given = (
                tuple(c.strip() for c in str(r.choice_labels).split("|")) if isinstance(r.choice_labels, str) and r.choice_labels else ()
            )
            labels = given if len(given) == len(choices) else choices
        p = Parameter(
            r.param_id,
            r.label,
            "" if pd.isna(r.unit) else str(r.unit),
            r.kind,
            r.default,
            _num(r.min),
            _num(r.max),
            _num(r.step),
            choices,
            labels,
            str(r.group),
            r.status,
            r.source_id,
            "" if pd.isna(r.note) else str(r.note),
            _num(getattr(r, "low", None)),
            _num(getattr(r, "high", None)),
            "" if pd.isna(getattr(r, "range_note", None)) else str(r.range_note),
            "" if pd.isna(getattr(r, "setting", None)) else str(r.setting),
            str(getattr(r, "role", "assumption")),
            str(getattr(r, "reliability", "low")),
            str(getattr(r, "reviewed", "")),
            statuses,
        )
        object.__setattr__(p, "default", p.coerce(r.default))  # tests/test_data_integrity checks the steps
        out[p.param_id] = p
    return Parameters(briefing, out)
