"""Briefings layer: one package per consultation question, each a ``Briefing`` (see ``contract``).

The ids come from the catalogue (``data/briefings.csv``, read by ``data.catalogue``); each id names a
package here (``q15/``: ``__init__`` with ``BRIEFING``, ``Result`` and ``run``; ``charts``; ``views``;
``context``) whose ``BRIEFING`` the registry returns. A briefing's result type is its own, so the
registry's briefings are ``Briefing[Any]``: mypy checks each ``BRIEFING`` where it is built.

>>> [b.id for b in all_briefings()][:3]
['q13', 'q14', 'q15']
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ..data import catalogue
from .contract import Briefing


def get(briefing_id: str) -> Briefing[Any]:
    """The briefing with this id (one of the catalogue's); KeyError lists the ids."""
    catalogue.entry(briefing_id)  # KeyError with the list of ids for an unknown one
    briefing: Briefing[Any] = import_module(f"{__name__}.{briefing_id}").BRIEFING
    return briefing


def all_briefings() -> list[Briefing[Any]]:
    """Every briefing, in catalogue order."""
    return [get(i) for i in catalogue.ids()]
