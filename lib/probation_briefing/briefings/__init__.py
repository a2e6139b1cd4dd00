"""Briefings layer: one module per consultation question, each a ``Briefing`` (see ``contract``).

The ids come from the catalogue (``data/briefings.csv``, read by ``data.catalogue``); each id names a
module (or package) here that defines ``BRIEFING``.

>>> [b.id for b in all_briefings()][:3]
['q13', 'q14', 'q15']
"""

from __future__ import annotations

from importlib import import_module

from ..data import catalogue
from .contract import Briefing


def get(briefing_id: str) -> Briefing:
    """The briefing with this id (one of the catalogue's); KeyError lists the ids."""
    catalogue.entry(briefing_id)  # KeyError with the list of ids for an unknown one
    return import_module(f"{__name__}.{briefing_id}").BRIEFING


def all_briefings() -> list[Briefing]:
    """Every briefing, in catalogue order."""
    return [get(i) for i in catalogue.ids()]
