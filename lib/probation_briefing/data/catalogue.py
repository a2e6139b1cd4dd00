"""The catalogue of briefings (``data/briefings.csv``): ids, question numbers, titles, summaries and notebooks.

What the landing page, page titles, workshop mode and handouts need to know about the briefings, read
without importing a briefing, a model or Altair. The briefings registry (``probation_briefing.briefings``)
takes its ids from here, so a new briefing is one row here plus its package.

>>> [b.id for b in briefings()][:3]
['q13', 'q14', 'q15']
>>> entry("q15").notebook
'q15_pccs_and_funding.ipynb'
>>> by_notebook("q14_voluntary_sector").question
14
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .package import parse, resource, shipped_dir

NAME = "briefings"


@dataclass(frozen=True)
class Entry:
    """One briefing's row in the catalogue."""

    id: str
    question: int
    title: str
    short_title: str
    summary: str
    notebook: str


@lru_cache(maxsize=1)
def briefings() -> tuple[Entry, ...]:
    """Every briefing in the catalogue, in file order (checked against its schema once)."""
    path = shipped_dir() / resource(NAME)["path"]
    df = parse(NAME, path.read_bytes(), str(path))
    return tuple(
        Entry(str(r.id), int(r.question), str(r.title), str(r.short_title), str(r.summary), str(r.notebook)) for r in df.itertuples()
    )


def ids() -> tuple[str, ...]:
    """The briefings' ids, in catalogue order."""
    return tuple(b.id for b in briefings())


def entry(briefing_id: str) -> Entry:
    """The catalogue row for ``briefing_id``; KeyError lists the ids.

    >>> entry("nonesuch")
    Traceback (most recent call last):
    ...
    KeyError: "no briefing 'nonesuch'; the briefings are q13, q14, q15..."
    """
    for b in briefings():
        if b.id == briefing_id:
            return b
    raise KeyError(f"no briefing '{briefing_id}'; the briefings are {', '.join(ids())}")


def by_notebook(name: str) -> Entry | None:
    """The briefing whose notebook is ``name`` (a file name, with or without ``.ipynb``), or None."""
    stem = name.removesuffix(".ipynb")
    return next((b for b in briefings() if b.notebook.removesuffix(".ipynb") == stem), None)
