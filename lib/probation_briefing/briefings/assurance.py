"""Assurance, in the AQuA Book's 2025 form: an assumptions log (for each setting, why it was made, when it was
reviewed, how far the evidence supports it and how much it moves the answer) and an assurance statement for each
briefing (what checks were done, the reconciliation to the record and the known limitations).

A setting's impact comes from the "How sure are we?" panel at the default settings: its swing against the larger
of the headline and the largest swing (high: at least half; medium: at least a tenth; low: less; none: no effect
at the defaults). Policy levers are choices, not uncertainties: their impact is shown as a scenario.

>>> from probation_briefing.briefings import get
>>> from probation_briefing.data import source
>>> log = assumptions_log(get("q15"), source())
>>> set(log["impact"]) <= {"high", "medium", "low", "none at the defaults", "not tested", "not tested (no stated range)"}
True
>>> statement(get("q15"), source()).reviewed
'2026-12-03'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..data import DataSource
from .contract import Briefing, Check
from .sensitivity import Sensitivity, sensitivity

ROLE_WORDS = {
    "lever": "policy choice",
    "assumption": "assumption",
    "data": "input figure",
    "method": "method choice",
    "example": "example",
    "display": "display choice",
}


def _rating(swing: float, scale: float) -> str:
    if swing <= 0 or scale <= 0:
        return "none at the defaults"
    ratio = swing / scale
    return "high" if ratio >= 0.5 else "medium" if ratio >= 0.1 else "low"


_CACHE: dict[tuple[str, str, int], Any] = {}


def _once(kind: str, briefing: Briefing[Any], data: DataSource, work: Callable[[], Any]) -> Any:
    """``work()`` done once per briefing and data (the panel at the defaults, the checks against the record): the page
    shows each in two places."""
    key = (kind, briefing.id, hash(data))
    if key not in _CACHE:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = work()
    return _CACHE[key]


def _defaults_sensitivity(briefing: Briefing[Any], data: DataSource) -> Sensitivity | None:
    """The panel at the default settings."""
    if briefing.headline is None:
        return None
    return _once("panel", briefing, data, lambda: sensitivity(briefing, briefing.parameters(data).defaults(), data))


def checks(briefing: Briefing[Any], data: DataSource) -> tuple[Check, ...]:
    """The briefing's checks against the record (none where it sets up none)."""
    reconcile = briefing.reconcile
    if reconcile is None:
        return ()
    return _once("record", briefing, data, lambda: tuple(reconcile(data)))


def impacts(briefing: Briefing[Any], data: DataSource) -> dict[str, str]:
    """Each tested setting's impact at the default settings (assumptions and policy levers with a stated range)."""
    s = _defaults_sensitivity(briefing, data)
    if s is None:
        return {}
    swings = pd.concat([s.table, s.scenarios])
    scale = max(abs(s.central), float(swings["swing"].max()) if len(swings) else 0.0)
    out = {}
    for r in swings.itertuples(index=False):
        out[str(r.param_id)] = _rating(float(r.swing), scale)
        if r.param_id in s.table["param_id"].values and f"{r.param_id}_b" in briefing.parameters(data):
            out[f"{r.param_id}_b"] = out[str(r.param_id)]
    return out


def assumptions_log(briefing: Briefing[Any], data: DataSource) -> pd.DataFrame:
    """The assumptions log: every setting with what it is, its default, why, its source, status, reliability, impact
    at the defaults, plausible range and review date."""
    params = briefing.parameters(data)
    src = data.load("sources").set_index("source_id")
    impact = impacts(briefing, data)
    rows = []
    for k, p in params.items():
        s = src.loc[p.source_id] if p.source_id in src.index else None
        if p.role in ("assumption", "lever"):
            rated = impact.get(k, "not tested (no stated range)" if p.role == "lever" else "not tested")
        else:
            rated = "not tested"
        rows.append(
            {
                "setting": p.label,
                "what it is": ROLE_WORDS.get(p.role, p.role),
                "default": p.label_of(p.default),
                "why (and the evidence)": p.note,
                "source": "this project" if p.source_id == "PROJECT" or s is None else str(s["title"]),
                "status": p.status,
                "reliability": p.reliability,
                "impact at the defaults": rated,
                "plausible range": "" if p.low is None or p.high is None else f"{p.low:g} to {p.high:g} {p.unit}".strip(),
                "reviewed": p.reviewed,
                "made by": "this project's team",
                "signed off by": "not signed off",
            }
        )
    return pd.DataFrame(rows).rename(columns={"impact at the defaults": "impact"})


@dataclass(frozen=True)
class Statement:
    """A briefing's assurance statement: its assumptions log, the checks done, the reconciliation to the record, the
    riskiest assumptions (high impact, low reliability) and the known limitations."""

    log: pd.DataFrame
    verification: tuple[str, ...]
    checks: tuple[Check, ...]
    risky: tuple[str, ...]
    limitations: tuple[str, ...]
    reviewed: str


def limitations(note: str) -> tuple[str, ...]:
    """The bullet points of a model note's "What it cannot tell you" section.

    >>> limitations("## Logic\\n- a\\n## What it cannot tell you\\n- b\\n- c\\n## Next\\n- d")
    ('b', 'c')
    """
    m = re.search(r"^##+ What it cannot tell you\s*$(.*?)(?=^#|\Z)", note, flags=re.M | re.S)
    if not m:
        return ()
    return tuple(x.strip() for x in re.findall(r"^\s*[-*] (.+?)(?=^\s*[-*] |\Z)", m.group(1), flags=re.M | re.S))


def statement(briefing: Briefing[Any], data: DataSource) -> Statement:
    """The assurance statement for ``briefing`` on ``data``."""
    log = assumptions_log(briefing, data)
    risky = tuple(log.loc[(log["impact"] == "high") & (log["reliability"] == "low"), "setting"])
    reviewed = str(max((p.reviewed for p in briefing.parameters(data).values() if p.reviewed), default=""))
    return Statement(log, briefing.verification, checks(briefing, data), risky, limitations(briefing.model_note()), reviewed)
