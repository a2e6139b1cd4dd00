"""Quoted figures from ``data/facts.csv`` with their source, so prose never hard-codes a number.

>>> from probation_briefing.data import source
>>> f = fact("crc_contracts_annual_value_at_award", source())
>>> f.value, f.source_id
(450.0, 'F01')
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .source import DataSource, cached


@dataclass(frozen=True)
class Fact:
    """A quoted figure with everything needed to cite it."""

    fact_id: str
    value: float
    unit: str
    period: str
    geography: str
    status: str
    confidence: str
    source_id: str
    publisher: str
    url: str
    note: str


def fact(fact_id: str, data: DataSource) -> Fact:
    """One figure by id, recorded as quoted in ``data``'s usage log; KeyError names an unknown id."""
    found = _record(data, fact_id)
    if found is None:
        raise KeyError(f"no figure '{fact_id}' in facts.csv")
    data.usage.facts.setdefault(fact_id, None)
    return found


@cached(("facts", "sources"), maxsize=512)
def _record(data: DataSource, fact_id: str) -> Fact | None:
    """The figure and its source, read once per data version (key points quote figures on every slider step)."""
    facts = data.load("facts").set_index("fact_id")
    if fact_id not in facts.index:
        return None
    r = facts.loc[fact_id]
    s = data.load("sources").set_index("source_id").loc[r["source_id"]]
    return Fact(
        fact_id,
        float(r["value"]),
        r["unit"],
        r["period"],
        r["geography"],
        r["status"],
        r["confidence"],
        r["source_id"],
        s["publisher"],
        "" if pd.isna(s["url"]) else s["url"],
        "" if pd.isna(r["note"]) else r["note"],
    )
