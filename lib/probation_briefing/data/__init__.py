"""Data layer: the Frictionless data package, one ``DataSource`` per session, parameters, facts and presets.

Analysts start with ``datasets()`` and ``load(name)``; ``use(name, content)`` layers an upload over the
session's source and ``source()`` is what every model is given.

>>> from probation_briefing import data
>>> data.load("structures")["structure"].tolist()[:2]
['crc_2014', 'nps_2014']
"""

from __future__ import annotations

import os

import pandas as pd

from .package import descriptor, field_info, parse, resource, shipped_dir
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

_session: dict[str, DataSource] = {}


def source(folder: str | os.PathLike[str] | None = None) -> DataSource:
    """The session's data source (with this session's uploads), or a plain source for ``folder``.

    The session source follows ``$PROBATION_DATA_DIR``: changing it starts a fresh source with no uploads.
    """
    if folder is not None:
        return DataSource.resolve(folder)
    current = _session.get("current")
    if current is None or current.folder != data_dir():
        current = _session["current"] = DataSource.resolve()
    return current


def load(name: str, folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Dataset ``name`` as a validated DataFrame, from ``folder`` or the session source (uploads included).

    >>> len(load("force_areas"))
    43
    """
    return source(folder).load(name)


def load_all(folder: str | os.PathLike[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every dataset, validated; raises on the first dataset with a problem."""
    return source(folder).load_all()


def use(name: str, content: bytes | str, filename: str = "upload.csv") -> pd.DataFrame:
    """Check an uploaded replacement for dataset ``name`` and use it for the rest of this session."""
    new = source().with_upload(name, content, filename)
    _session["current"] = new
    return new.load(name)


def reset(name: str | None = None) -> None:
    """Drop this session's upload for ``name`` (or all of them)."""
    _session["current"] = source().without_upload(name)


def replaced() -> list[str]:
    """Names of datasets replaced by an upload in this session."""
    return source().replaced()


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
