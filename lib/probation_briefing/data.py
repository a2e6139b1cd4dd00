"""Load the data package: read each CSV, check it against its schema in datapackage.json, return a DataFrame.

Validation is done here rather than at each use so that a bad file can never yield a silent wrong
number: any problem raises one ``DataError`` naming the file, row, column and what is wrong.
"""
from __future__ import annotations

import itertools
import json
import os
import re
from functools import lru_cache
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DataError, Problem

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "data"
ENV_VAR = "PROBATION_DATA_DIR"
DESCRIPTOR = "datapackage.json"


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder in use: the argument, else $PROBATION_DATA_DIR, else the shipped ``data/``."""
    chosen = path or os.environ.get(ENV_VAR) or SHIPPED_DIR
    return Path(chosen).expanduser().resolve()


@lru_cache(maxsize=1)
def descriptor() -> dict[str, Any]:
    """The shipped package descriptor. Schemas always come from here, so user copies are held to the same rules."""
    return json.loads((SHIPPED_DIR / DESCRIPTOR).read_text(encoding="utf-8"))


def resource(name: str) -> dict[str, Any]:
    """The descriptor entry for one dataset; unknown names get a list of the known ones."""
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in descriptor()["resources"])
    raise KeyError(f"no dataset called '{name}'; the datasets are: {known}")


def datasets() -> pd.DataFrame:
    """One row per dataset: name, title, file, rows-independent status and the sources it cites."""
    rows = []
    for res in descriptor()["resources"]:
        rows.append({"name": res["name"], "title": res["title"], "file": res["path"], "status": res.get("status", "published"),
                     "description": res["description"]})
    return pd.DataFrame(rows)


def _decode(raw: bytes, file: str) -> str:
    if not raw.strip():
        raise DataError([Problem(file, "the file is empty (expected a header row and data)")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        row = line - 1 if line > 1 else None
        raise DataError([Problem(file, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as CSV UTF-8", row=row)]) from None


_BOOL = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def _convert(values: pd.Series, field: dict[str, Any], file: str, problems: list[Problem]) -> pd.Series:
    """Type-convert one column and check its constraints, recording a Problem for each bad cell."""
    name, kind = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    present = values != ""
    if cons.get("required"):
        for i in values.index[~present]:
            problems.append(Problem(file, "a value is required but the cell is empty", row=i + 1, column=name))
    if kind in ("integer", "number"):
        out = pd.to_numeric(values.where(present), errors="coerce")
        bad = present & out.isna()
        for i in values.index[bad]:
            problems.append(Problem(file, f"'{values[i]}' is not a {'whole number' if kind == 'integer' else 'number'}", row=i + 1, column=name))
        if kind == "integer":
            frac = present & ~bad & (out % 1 != 0)
            for i in values.index[frac]:
                problems.append(Problem(file, f"'{values[i]}' is not a whole number", row=i + 1, column=name))
            out = out.astype("Int64") if not frac.any() else out
        ok = present & ~bad
        if "minimum" in cons:
            for i in values.index[ok & (out < cons["minimum"])]:
                problems.append(Problem(file, f"{values[i]} is below the minimum of {cons['minimum']}", row=i + 1, column=name))
        if "maximum" in cons:
            for i in values.index[ok & (out > cons["maximum"])]:
                problems.append(Problem(file, f"{values[i]} is above the maximum of {cons['maximum']}", row=i + 1, column=name))
        return out
    if kind == "boolean":
        low = values.str.strip().str.lower()
        for i in values.index[present & ~low.isin(list(_BOOL))]:
            problems.append(Problem(file, f"'{values[i]}' is not true or false", row=i + 1, column=name))
        return low.map(_BOOL).astype("boolean")
    # strings
    if "enum" in cons:
        allowed = cons["enum"]
        for i in values.index[present & ~values.isin(allowed)]:
            problems.append(Problem(file, f"'{values[i]}' is not one of: {', '.join(map(str, allowed))}", row=i + 1, column=name))
    if "pattern" in cons:
        rx = re.compile(cons["pattern"])
        for i in values.index[present]:
            if not rx.fullmatch(values[i]):
                problems.append(Problem(file, f"'{values[i]}' does not have the expected form ({cons['pattern']})", row=i + 1, column=name))
    return values.where(present, None).astype("string")


def parse(name: str, text_or_bytes: str | bytes, file: str | None = None) -> pd.DataFrame:
    """Check one dataset's CSV content against its schema (not foreign keys); return typed data or raise DataError."""
    res = resource(name)
    file = file or res["path"]
    text = _decode(text_or_bytes, file) if isinstance(text_or_bytes, bytes) else text_or_bytes
    if not text.strip():
        raise DataError([Problem(file, "the file is empty (expected a header row and data)")])
    try:
        raw = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        row = int(m.group(1)) - 1 if m else None
        raise DataError([Problem(file, f"not a well-formed CSV table ({str(exc).strip()})", row=row)]) from None
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    problems: list[Problem] = []
    header = [str(c) for c in raw.columns]
    for col in expected:
        if col not in header:
            problems.append(Problem(file, "required column is missing from the header", column=col))
    for col in header:
        if col not in expected:
            problems.append(Problem(file, f"unexpected column (expected only: {', '.join(expected)})", column=col))
    if len(set(header)) != len(header):
        problems.append(Problem(file, "the header repeats a column name"))
    if problems:
        raise DataError(problems)
    if raw.empty:
        raise DataError([Problem(file, "the file has a header but no data rows")])
    raw = raw.apply(lambda s: s.str.strip())
    out = pd.DataFrame({f["name"]: _convert(raw[f["name"]], f, file, problems) for f in fields})
    pk = res["schema"].get("primaryKey")
    if pk:
        keys = [pk] if isinstance(pk, str) else pk
        dup = out.duplicated(subset=keys, keep="first")
        for i in out.index[dup]:
            val = ", ".join(str(out.at[i, k]) for k in keys)
            first = out.index[(out[keys] == out.loc[i, keys]).all(axis=1)][0]
            problems.append(Problem(file, f"duplicate key '{val}' (first used on row {first + 1})", row=i + 1, column=keys[0]))
    if problems:
        raise DataError(problems)
    return out


def _check_foreign_keys(name: str, df: pd.DataFrame, folder: Path) -> None:
    res = resource(name)
    problems: list[Problem] = []
    for fk in res["schema"].get("foreignKeys", []):
        cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_cols = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        target = _load_checked(ref["resource"], str(folder), _stamp(folder, ref["resource"]))
        valid = set(map(tuple, target[ref_cols].astype(str).itertuples(index=False, name=None)))
        for i, row in df[cols].iterrows():
            if row.isna().any():
                continue
            key = tuple(str(v) for v in row)
            if key not in valid:
                problems.append(Problem(res["path"], f"'{', '.join(key)}' does not match any {'/'.join(ref_cols)} in {resource(ref['resource'])['path']}",
                                        row=i + 1, column=cols[0]))
    if problems:
        raise DataError(problems)


def version(names: tuple[str, ...] | list[str], data_dir_: str | os.PathLike | None = None) -> tuple:
    """A cache key for the data behind a computation: the folder and a stamp per dataset.

    Model caches key on it, so an edited file or a session upload never serves stale results.
    """
    folder = data_dir(data_dir_)
    return (str(folder), *(_stamp(folder, n) for n in names))


def _stamp(folder: Path, name: str) -> float:
    """A token that changes whenever the dataset's content may have changed (file time, or a new upload).

    Model caches key on it, so an edited file or an upload is never served stale.
    """
    if name in _overrides:
        return _override_stamp[name]
    p = folder / resource(name)["path"]
    return p.stat().st_mtime_ns if p.exists() else -1.0


@lru_cache(maxsize=64)
def _load_checked(name: str, folder: str, stamp: float) -> pd.DataFrame:
    path = Path(folder) / resource(name)["path"]
    if not path.exists():
        raise DataError([Problem(str(path), "file not found (every dataset in datapackage.json must be present in the data folder)")])
    df = parse(name, path.read_bytes(), file=str(path))
    _check_foreign_keys(name, df, Path(folder))
    return df


# Session-level replacements (a dashboard user's upload). Each Voila user has their own kernel, so
# this never leaks between users, and nothing is ever written over the data folder.
_overrides: dict[str, pd.DataFrame] = {}
_override_stamp: dict[str, float] = {}
_uploads = itertools.count(2)
# Datasets read in this session, in first-use order: the provenance section lists them.
_used: dict[str, None] = {}


def used() -> list[str]:
    """Names of datasets loaded so far in this session (for the provenance section)."""
    return list(_used)


def load(name: str, data_dir_: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return dataset ``name`` as a validated DataFrame (a fresh copy: callers may modify it).

    ``data_dir_`` (or the PROBATION_DATA_DIR environment variable) names a folder holding an
    analyst's own copy of the data; it is validated exactly like the shipped ``data/`` folder.
    A replacement installed with ``use()`` (an upload) takes precedence for this session.
    """
    resource(name)
    _used.setdefault(name, None)
    if name in _overrides and data_dir_ is None:
        return _overrides[name].copy()
    folder = data_dir(data_dir_)
    return _load_checked(name, str(folder), _stamp(folder, name)).copy()


def use(name: str, content: bytes | str, filename: str = "upload.csv") -> pd.DataFrame:
    """Validate an uploaded replacement for dataset ``name`` and use it for this session.

    It is checked exactly like a data file (schema, types, keys, foreign keys), and every other
    dataset that refers to it must still resolve. On any problem a DataError naming the uploaded
    file, row and column is raised and nothing changes.
    """
    res = resource(name)
    df = parse(name, content.encode("utf-8") if isinstance(content, str) else content, file=filename)
    problems: list[Problem] = []
    for fk in res["schema"].get("foreignKeys", []):
        cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_cols = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        valid = set(map(tuple, load(ref["resource"])[ref_cols].astype(str).itertuples(index=False, name=None)))
        for i, row in df[cols].iterrows():
            if not row.isna().any() and tuple(map(str, row)) not in valid:
                problems.append(Problem(filename, f"'{', '.join(map(str, row))}' does not match any {'/'.join(ref_cols)} in {resource(ref['resource'])['path']}",
                                        row=i + 1, column=cols[0]))
    for other in descriptor()["resources"]:
        for fk in other["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"] != name:
                continue
            cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            ref_cols = fk["reference"]["fields"] if isinstance(fk["reference"]["fields"], list) else [fk["reference"]["fields"]]
            have = set(map(tuple, df[ref_cols].astype(str).itertuples(index=False, name=None)))
            needed = load(other["name"])[cols].dropna().astype(str)
            missing = sorted({tuple(r) for r in needed.itertuples(index=False, name=None)} - have)
            if missing:
                problems.append(Problem(filename, f"{'/'.join(ref_cols)} '{', '.join(missing[0])}' is used by {other['path']} but missing from the upload",
                                        column=ref_cols[0]))
    if problems:
        raise DataError(problems)
    _overrides[name] = df
    _override_stamp[name] = -float(next(_uploads))  # unique per upload; file stamps are positive
    return df.copy()


def reset(name: str | None = None) -> None:
    """Drop the session's replacement for ``name`` (or all of them): back to the data folder."""
    if name is None:
        _overrides.clear()
    else:
        _overrides.pop(name, None)


def replaced() -> list[str]:
    """Names of datasets replaced by an upload in this session."""
    return sorted(_overrides)


def load_all(data_dir_: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """Every dataset, validated; raises on the first dataset with a problem."""
    return {r["name"]: load(r["name"], data_dir_) for r in descriptor()["resources"]}


def field_info(name: str) -> pd.DataFrame:
    """The schema of one dataset as a table (field, type, unit, description) for documentation pages."""
    return pd.DataFrame([{"field": f["name"], "type": f.get("type", "string"), "unit": f.get("unit", ""),
                          "description": f.get("description", "")} for f in resource(name)["schema"]["fields"]])
