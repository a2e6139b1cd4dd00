"""Briefings layer: one module per consultation question, each a ``Briefing`` (see ``contract``).

>>> [b.id for b in all_briefings()]
['q13', 'q14', 'q15']
"""

from __future__ import annotations

from importlib import import_module

from .contract import Briefing

IDS = ("q13", "q14", "q15")


def get(briefing_id: str) -> Briefing:
    """The briefing with this id ('q13', 'q14' or 'q15'); KeyError lists the ids."""
    if briefing_id not in IDS:
        raise KeyError(f"no briefing '{briefing_id}'; the briefings are {', '.join(IDS)}")
    return import_module(f"{__name__}.{briefing_id}").BRIEFING


def all_briefings() -> list[Briefing]:
    """Every briefing, in question order (the landing page lists them)."""
    return [get(i) for i in IDS]
