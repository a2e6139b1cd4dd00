"""Data layer: the Frictionless data package, one ``DataSource`` per session, parameters, facts and presets.

Analysts start with ``datasets()`` and ``load(name)``; ``use(name, content)`` layers an upload over the
session's source and ``source()`` is what every model is given.

>>> from probation_briefing import data
>>> data.load("structures")["structure"].tolist()[:2]
['crc_2014', 'nps_2014']
"""

from __future__ import annotations

import pandas as pd

from .package import descriptor, field_info, parse, resource, shipped_dir
from .session import load, load_all, replaced, reset, source, use
from .source import ENV_VAR, DataSource, cached, data_dir

__all__ = [
    "ENV_VAR",
    "DataSource",
    "cached",
    "data_dir",
    "datasets",
    "descriptor",
    "field_info",
    "load",
    "load_all",
    "parse",
    "replaced",
    "reset",
    "resource",
    "shipped_dir",
    "source",
    "use",
]


def datasets() -> pd.DataFrame:
    """One row per dataset: name, title, file, status and description.

    >>> "force_areas" in set(datasets()["name"])
    True
    """
    return pd.DataFrame(
        [
            {
                "name": r["name"],
                "title": r["title"],
                "file": r["path"],
                "status": r.get("status", "published"),
                "description": r["description"],
            }
            for r in descriptor()["resources"]
        ]
    )
