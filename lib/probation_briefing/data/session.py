"""The session's data source: the data folder (``$PROBATION_DATA_DIR`` or the shipped package) plus this session's uploads.

``source()`` is what every model is given; ``use(name, content)`` layers an upload over it.

>>> len(load("force_areas"))
43
"""

from __future__ import annotations

import os

import pandas as pd

from .source import DataSource, data_dir

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
