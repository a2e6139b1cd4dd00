"""The "sources and assumptions" section every briefing ends with, generated from the data package.

It lists each dataset the page read (tracked by ``data.load``), every model parameter of the
briefing, every figure quoted (tracked by ``facts.fact``), each with status and source, so a
reader can trace any number on the page back to a row in ``data/``.
"""
from __future__ import annotations

import pandas as pd

from . import ui
from .data import descriptor, load, resource, used
from .facts import quoted
from .params import assumptions


def datasets_table(names: list[str]) -> pd.DataFrame:
    """One row per dataset: title, file, status and the source ids its rows cite."""
    rows = []
    for n in names:
        res = resource(n)
        df = load(n)
        ids = sorted({s for c in df.columns if c.endswith("source_id") for s in df[c].dropna().astype(str)})
        if n == "sources":
            ids = []
        elif n == "facts":  # only the figures this page quoted
            ids = sorted(set(df.set_index("fact_id").reindex(quoted())["source_id"].dropna()))
        rows.append({"dataset": res["title"], "file": f"data/{res['path']}", "status": res.get("status", "published"),
                     "sources cited": ", ".join(ids[:12]) + (" …" if len(ids) > 12 else "")})
    return pd.DataFrame(rows)


def facts_table(ids: list[str]) -> pd.DataFrame:
    """The quoted figures with unit, period, status and source id."""
    f = load("facts").set_index("fact_id")
    ids = [i for i in ids if i in f.index]
    out = f.loc[ids, ["value", "unit", "period", "geography", "status", "source_id"]].reset_index()
    return out.rename(columns={"fact_id": "figure"})


def source_ids(briefing: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every source behind the page: ``extra`` first (e.g. the question's source), then parameters,
    quoted figures and the datasets' own rows."""
    ids: list[str] = list(extra)
    ps = load(f"parameters_{briefing}")
    ids += list(ps["source_id"])
    if quoted():
        ids += list(load("facts").set_index("fact_id").reindex(quoted())["source_id"].dropna())
    for n in used():
        if n in ("facts", "sources") or n.startswith("parameters_"):
            continue
        df = load(n)
        for c in [c for c in df.columns if c.endswith("source_id")]:
            ids += list(df[c].dropna().astype(str))
    return list(dict.fromkeys(ids))


def section(briefing: str, extra_sources: list[str] | tuple[str, ...] = (), include_parameters: bool = True) -> str:
    """HTML for the page's closing "Sources and assumptions" section (``extra_sources`` listed first).

    ``include_parameters=False`` leaves out the parameter table, for a page that shows its own log.
    """
    names = [n for n in used() if not n.startswith("parameters_")] or ["sources"]
    a = assumptions(briefing)
    a_view = a[["parameter", "unit", "default", "range", "status", "source"]]
    parts = [
        "<h2>Sources and assumptions</h2>",
        f"<p>Generated from the data package (<code>data/datapackage.json</code>, version {ui.esc(descriptor().get('version', ''))}). "
        "Status: <em>published</em> figures are quoted from the source; <em>derived</em> ones are computed from published figures "
        "(derivation in the data); <em>estimate</em>, <em>reconstructed</em> and <em>illustrative</em> values stand in where no "
        "published figure was found.</p>",
        ui.table_html(datasets_table(names), "Datasets this page uses"),
    ]
    if include_parameters:
        parts += [ui.table_html(a_view, "Model parameters and their status (the assumptions log)"),
                  ui.csv_link(a, f"{briefing}_assumptions.csv", "Download the assumptions log (CSV)")]
    if quoted():
        parts.append(ui.table_html(facts_table(quoted()), "Figures quoted on this page", formats={"value": ",.10g"}))
    parts.append("<h3>Known gaps</h3><ul>" + "".join(f"<li>{ui.esc(g)}</li>" for g in descriptor().get("known_gaps", [])) + "</ul>")
    parts.append("<h3>Sources</h3>" + ui.sources_html(source_ids(briefing, extra_sources)))
    return "".join(parts)
