"""Look up quoted figures from data/facts.csv with their source, so prose never hard-codes a number."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .data import load


@dataclass(frozen=True)
class Fact:
    """A quoted figure with everything needed to cite it."""

    fact_id: str
    value: float
    unit: str
    period: str
    geography: str
    status: str
    source_id: str
    publisher: str
    url: str
    note: str


_quoted: dict[str, None] = {}


def quoted() -> list[str]:
    """Ids of figures looked up so far in this session (for the provenance section)."""
    return list(_quoted)


def fact(fact_id: str) -> Fact:
    """One figure by id; KeyError names the id when it is not in facts.csv."""
    facts = load("facts").set_index("fact_id")
    _quoted.setdefault(fact_id, None)
    if fact_id not in facts.index:
        raise KeyError(f"no figure '{fact_id}' in facts.csv")
    r = facts.loc[fact_id]
    s = load("sources").set_index("source_id").loc[r["source_id"]]
    return Fact(fact_id, float(r["value"]), r["unit"], r["period"], r["geography"], r["status"], r["source_id"],
                s["publisher"], "" if pd.isna(s["url"]) else s["url"], "" if pd.isna(r["note"]) else r["note"])


def value(fact_id: str) -> float:
    """Just the number."""
    return fact(fact_id).value
