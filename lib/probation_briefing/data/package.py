"""The data package's schemas: read one CSV and check it against its schema in ``datapackage.json``.

Validation is done here rather than at each use so that a bad file can never yield a silent wrong
number: any problem raises one ``DataError`` naming the file, row, column and what is wrong. Where the
files come from (the shipped folder, an analyst's folder, a session upload) is ``source.DataSource``'s job.

>>> from probation_briefing.data.package import parse
>>> t = parse("tile_layout", "pfa_code,row,col,label,tile_text\\ncumbria,0,0,Cumbria,Cumbria\\n")
>>> t.loc[0, "pfa_code"], int(t.loc[0, "row"])
('cumbria', 0)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DataError, Problem

DESCRIPTOR = "datapackage.json"
#: The name of a briefing's parameters and presets tables, less its id.
PARAMETERS, PRESETS = "parameters_", "presets_"


def shipped_dir() -> Path:
    """The data package shipped with the library (package data; in a checkout, the repository's ``data/``)."""
    return Path(str(resources.files("probation_briefing") / "_shipped" / "data")).resolve()


@lru_cache(maxsize=1)
def descriptor() -> dict[str, Any]:
    """The shipped package descriptor, every schema in place. Schemas always come from here, so user copies are held to
    the same rules.

    A resource may give its schema as a file shared with others (``"schema": "schemas/parameters.json"``, as the
    Frictionless standard allows); it is read here. The briefings' presets tables share one schema, which cannot name
    the table each refers to: ``presets_<id>`` gets its foreign key to ``parameters_<id>`` from its name.

    >>> res = {r["name"]: r for r in descriptor()["resources"]}
    >>> res["parameters_q13"]["schema"] == res["parameters_q15"]["schema"], res["presets_q15"]["schema"]["foreignKeys"][-1]
    (True, {'fields': 'param_id', 'reference': {'resource': 'parameters_q15', 'fields': 'param_id'}})
    """
    desc = json.loads((shipped_dir() / DESCRIPTOR).read_text(encoding="utf-8"))
    for res in desc["resources"]:
        res["schema"] = _schema(res)
    return desc


def _schema(res: dict[str, Any]) -> dict[str, Any]:
    """A resource's schema: inline, or read from the shared file it names; a briefing's presets with their foreign key."""
    schema = res["schema"]
    if isinstance(schema, str):
        schema = json.loads((shipped_dir() / schema).read_text(encoding="utf-8"))
    name = res["name"]
    if name.startswith(PRESETS):
        keys = schema.setdefault("foreignKeys", [])
        params = PARAMETERS + name.removeprefix(PRESETS)
        if not any(fk["reference"]["resource"] == params for fk in keys):
            keys.append({"fields": "param_id", "reference": {"resource": params, "fields": "param_id"}})
    return dict(schema)


def resource(name: str) -> dict[str, Any]:
    """The descriptor entry for one dataset; unknown names get a list of the known ones."""
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in descriptor()["resources"])
    raise KeyError(f"no dataset called '{name}'; the datasets are: {known}")


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
            problems.append(
                Problem(file, f"'{values[i]}' is not a {'whole number' if kind == 'integer' else 'number'}", row=i + 1, column=name)
            )
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
        key_text = out[keys].astype(str).agg("\x1f".join, axis=1)
        first_row: dict[str, int] = {}
        for i, k in zip(out.index, key_text):  # one pass: linear in the number of rows
            if k in first_row:
                val = ", ".join(str(out.at[i, c]) for c in keys)
                problems.append(Problem(file, f"duplicate key '{val}' (first used on row {first_row[k] + 1})", row=i + 1, column=keys[0]))
            else:
                first_row[k] = i
    if problems:
        raise DataError(problems)
    return out


def _as_list(x: str | list[str]) -> list[str]:
    return x if isinstance(x, list) else [x]


def foreign_key_problems(name: str, df: pd.DataFrame, lookup: Callable[[str], pd.DataFrame], file: str) -> list[Problem]:
    """Every row of ``df`` (dataset ``name``) whose foreign key matches no row of the table it refers to.

    ``lookup`` returns the referenced dataset; ``file`` names the file in the messages.
    """
    problems: list[Problem] = []
    for fk in resource(name)["schema"].get("foreignKeys", []):
        cols, ref = _as_list(fk["fields"]), fk["reference"]
        ref_cols = _as_list(ref["fields"])
        valid = set(lookup(ref["resource"])[ref_cols].astype(str).itertuples(index=False, name=None))
        keys = df[cols]
        for i, row in zip(keys.index, keys.itertuples(index=False, name=None)):
            if any(pd.isna(v) for v in row):
                continue
            key = tuple(str(v) for v in row)
            if key not in valid:
                problems.append(
                    Problem(
                        file,
                        f"'{', '.join(key)}' does not match any {'/'.join(ref_cols)} in {resource(ref['resource'])['path']}",
                        row=i + 1,
                        column=cols[0],
                    )
                )
    return problems


def referring_problems(name: str, df: pd.DataFrame, lookup: Callable[[str], pd.DataFrame], file: str) -> list[Problem]:
    """Keys that other datasets use but a replacement ``df`` for dataset ``name`` no longer has."""
    problems: list[Problem] = []
    for other in descriptor()["resources"]:
        for fk in other["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"] != name:
                continue
            cols, ref_cols = _as_list(fk["fields"]), _as_list(fk["reference"]["fields"])
            have = set(df[ref_cols].astype(str).itertuples(index=False, name=None))
            needed = lookup(other["name"])[cols].dropna().astype(str)
            missing = sorted(set(needed.itertuples(index=False, name=None)) - have)
            if missing:
                problems.append(
                    Problem(
                        file,
                        f"{'/'.join(ref_cols)} '{', '.join(missing[0])}' is used by {other['path']} but missing from the upload",
                        column=ref_cols[0],
                    )
                )
    return problems


def field_info(name: str) -> pd.DataFrame:
    """The schema of one dataset as a table (field, type, unit, description) for documentation pages.

    >>> field_info("tile_layout")["field"].tolist()
    ['pfa_code', 'row', 'col', 'label', 'tile_text']
    """
    return pd.DataFrame(
        [
            {"field": f["name"], "type": f.get("type", "string"), "unit": f.get("unit", ""), "description": f.get("description", "")}
            for f in resource(name)["schema"]["fields"]
        ]
    )
