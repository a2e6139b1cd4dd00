"""One data source: a data folder, with any session uploads layered on top, passed explicitly to every model.

A ``DataSource`` is resolved once (the argument, else ``$PROBATION_DATA_DIR``, else the shipped package)
and handed to every model and view. An upload gives a *new* source (``with_upload``), so no code path
can read the folder while the page is showing an upload: there is nothing else to read from.

>>> from probation_briefing.data import DataSource
>>> src = DataSource.resolve()
>>> len(src.load("force_areas"))
43
>>> text = src.load("crcs").to_csv(index=False).replace("Cumbria", "Cumbria and Lancashire", 1)
>>> mine = src.with_upload("crcs", text.encode(), "my_crcs.csv")
>>> mine.replaced(), src.replaced()
(['crcs'], [])
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from ..errors import DataError, Problem
from .package import descriptor, foreign_key_problems, parse, referring_problems, resource, shipped_dir

ENV_VAR = "PROBATION_DATA_DIR"
_upload_ids = itertools.count(1)


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The data folder in use: the argument, else ``$PROBATION_DATA_DIR``, else the shipped package."""
    chosen = path or os.environ.get(ENV_VAR) or shipped_dir()
    return Path(chosen).expanduser().resolve()


def _stamp(folder: Path, name: str) -> int:
    p = folder / resource(name)["path"]
    return p.stat().st_mtime_ns if p.exists() else -1


@lru_cache(maxsize=64)
def _load_checked(name: str, folder: str, stamp: int) -> pd.DataFrame:
    """One dataset from a folder, checked against its schema and foreign keys (cached per file version)."""
    path = Path(folder) / resource(name)["path"]
    shown = _shown(path, Path(folder))
    if not path.exists():
        raise DataError([Problem(shown, "file not found (every dataset in datapackage.json must be present in the data folder)")])
    df = parse(name, path.read_bytes(), file=shown)
    problems = foreign_key_problems(name, df, lambda ref: _load_checked(ref, folder, _stamp(Path(folder), ref)), shown)
    if problems:
        raise DataError(problems)
    return df


def _shown(path: Path, folder: Path) -> str:
    """A file's name as notices show it: relative to the data folder (no server paths on screen)."""
    try:
        return str(Path("data") / path.relative_to(folder)) if folder == shipped_dir() else str(path.relative_to(folder.parent))
    except ValueError:
        return path.name


@dataclass(frozen=True)
class Upload:
    """A session's replacement for one dataset: the checked table, the file name and a unique stamp."""

    frame: pd.DataFrame
    filename: str
    stamp: int


@dataclass
class Usage:
    """What a page has read: datasets in first-use order and the figures it quoted (for its provenance section)."""

    datasets: dict[str, None] = field(default_factory=dict)
    facts: dict[str, None] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class DataSource:
    """A data folder plus session uploads. Immutable: an upload returns a new source that shares the usage log."""

    folder: Path
    uploads: tuple[tuple[str, Upload], ...] = ()
    usage: Usage = field(default_factory=Usage)

    @classmethod
    def resolve(cls, folder: str | os.PathLike[str] | None = None) -> DataSource:
        """The source for ``folder``, else ``$PROBATION_DATA_DIR``, else the shipped data package."""
        return cls(data_dir(folder))

    # identity: the folder and which uploads are layered on it (file edits are caught by ``version``)
    def _key(self) -> tuple[Any, ...]:
        return (str(self.folder), tuple((n, u.stamp) for n, u in self.uploads))

    def __hash__(self) -> int:
        return hash(self._key())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataSource) and self._key() == other._key()

    def __repr__(self) -> str:
        extra = f", uploads={self.replaced()}" if self.uploads else ""
        return f"DataSource({str(self.folder)!r}{extra})"

    def _upload(self, name: str) -> Upload | None:
        return dict(self.uploads).get(name)

    def load(self, name: str) -> pd.DataFrame:
        """Dataset ``name`` as a validated DataFrame (a fresh copy: callers may change it)."""
        resource(name)
        self.usage.datasets.setdefault(name, None)
        up = self._upload(name)
        if up is not None:
            return up.frame.copy()
        return _load_checked(name, str(self.folder), _stamp(self.folder, name)).copy()

    def version(self, names: Iterable[str]) -> tuple[Any, ...]:
        """A cache key for the data behind a computation: folder, and per dataset its file time or upload stamp."""
        out: list[Any] = [str(self.folder)]
        for n in names:
            up = self._upload(n)
            out.append(("upload", up.stamp) if up is not None else _stamp(self.folder, n))
        return tuple(out)

    def with_upload(self, name: str, content: bytes | str, filename: str = "upload.csv") -> DataSource:
        """A new source in which ``content`` replaces dataset ``name``, checked exactly like a data file.

        Schema, types, keys and foreign keys are checked, and every other dataset that refers to it must
        still resolve. On any problem a DataError names the uploaded file, row and column.
        """
        res = resource(name)
        df = parse(name, content.encode("utf-8") if isinstance(content, str) else content, file=filename)
        problems = foreign_key_problems(name, df, self.load, filename) + referring_problems(name, df, self.load, filename)
        if problems:
            raise DataError(problems)
        up = Upload(df, filename, next(_upload_ids))
        rest = tuple((n, u) for n, u in self.uploads if n != res["name"])
        return DataSource(self.folder, (*rest, (name, up)), self.usage)

    def without_upload(self, name: str | None = None) -> DataSource:
        """A new source without the upload for ``name`` (or without any): back to the folder."""
        rest = () if name is None else tuple((n, u) for n, u in self.uploads if n != name)
        return DataSource(self.folder, rest, self.usage)

    def replaced(self) -> list[str]:
        """Names of datasets replaced by an upload in this source."""
        return sorted(n for n, _ in self.uploads)

    def load_all(self) -> dict[str, pd.DataFrame]:
        """Every dataset, validated; raises on the first dataset with a problem."""
        return {r["name"]: self.load(r["name"]) for r in descriptor()["resources"]}


F = TypeVar("F", bound=Callable[..., Any])


def cached(names: tuple[str, ...], maxsize: int = 32) -> Callable[[F], F]:
    """Cache a function of ``(data, *args)`` per data version of ``names``: an edit or an upload is never served stale.

    DataFrames are returned as copies, so callers may change them.
    """

    def deco(fn: F) -> F:
        @lru_cache(maxsize=maxsize)
        def inner(key: tuple[Any, ...], data: DataSource, args: tuple[Any, ...]) -> Any:
            return fn(data, *args)

        @wraps(fn)
        def wrapper(data: DataSource, *args: Any) -> Any:
            out = inner(data.version(names), data, args)
            return out.copy() if isinstance(out, pd.DataFrame) else out

        wrapper.cache_clear = inner.cache_clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return deco
