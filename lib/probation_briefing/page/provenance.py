"""The "sources and assumptions" section every briefing ends with, generated from the data package.

It lists each dataset the briefing reads, every model parameter, every figure the page quoted (recorded
by ``facts.fact`` in the source's usage log), each with status and source, so a reader can trace any
number on the page back to a row in ``data/``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..data import DataSource, descriptor, resource
from ..data.params import Parameters
from ..present import html as ui


def datasets_table(names: Iterable[str], data: DataSource) -> pd.DataFrame:
    """One row per dataset: title, file, status and the source ids its rows cite."""
    rows = []
    for n in names:
        res = resource(n)
        df = data.load(n)
        ids = sorted({s for c in df.columns if c.endswith("source_id") for s in df[c].dropna().astype(str)})
        if n == "facts":  # only the figures this page quoted
            ids = sorted(set(df.set_index("fact_id").reindex(list(data.usage.facts))["source_id"].dropna()))
        shown = f"your upload ({dict(data.uploads)[n].filename})" if n in data.replaced() else f"data/{res['path']}"
        rows.append(
            {
                "dataset": res["title"],
                "file": shown,
                "status": res.get("status", "published"),
                "sources cited": ", ".join(ids[:12]) + (" …" if len(ids) > 12 else ""),
            }
        )
    return pd.DataFrame(rows)


def facts_table(ids: Iterable[str], data: DataSource) -> pd.DataFrame:
    """The quoted figures: value, unit, period, status, source, and the source's own words (the verbatim quote; the
    note where no quote could be read)."""
    f = data.load("facts").set_index("fact_id")
    ids = [i for i in ids if i in f.index]
    out = f.loc[ids].reset_index()
    quote = out["quote"] if "quote" in out.columns else pd.Series([""] * len(out))
    words = quote.where(quote.fillna("").astype(str).str.strip() != "", out["note"]).fillna("")
    return pd.DataFrame(
        {
            "value": out["value"],
            "unit": out["unit"],
            "period": out["period"],
            "status": out["status"],
            "source": out["source_id"],
            "in the source's words": words.astype(str),
        }
    )


def source_ids(params: Parameters, datasets: Iterable[str], data: DataSource, extra: Iterable[str] = ()) -> list[str]:
    """Every source behind the page: ``extra`` first, then parameters, quoted figures and the datasets' rows."""
    ids: list[str] = list(extra)
    ids += [p.source_id for p in params.values()]
    if data.usage.facts:
        ids += list(data.load("facts").set_index("fact_id").reindex(list(data.usage.facts))["source_id"].dropna())
    for n in datasets:
        if n in ("facts", "sources") or n.startswith(("parameters_", "presets_")):
            continue
        df = data.load(n)
        for c in [c for c in df.columns if c.endswith("source_id")]:
            ids += list(df[c].dropna().astype(str))
    return list(dict.fromkeys(ids))


def section(params: Parameters, datasets: Iterable[str], data: DataSource, extra_sources: Iterable[str] = (), assurance: str = "") -> str:
    """HTML for the page's closing "Sources and assumptions" section (``extra_sources`` listed first). ``assurance``
    (the assumptions log and assurance statement, ``assurance_view``) replaces the plain parameters table."""
    datasets = list(datasets)
    if not assurance:
        a = params.assumptions(data)
        assurance = ui.table_html(
            a[["parameter", "unit", "default", "range", "status", "source"]], "Model parameters and their status (the assumptions log)"
        ) + ui.csv_link(a, f"{params.briefing}_assumptions.csv", "Download the assumptions log (CSV)")
    parts = [
        "<h2>Sources and assumptions</h2>",
        f"<p>Generated from the data package (<code>data/datapackage.json</code>, version {ui.esc(descriptor().get('version', ''))}). "
        "Status: <em>published</em> figures are quoted from the source; <em>derived</em> ones are computed from published figures "
        "(derivation in the data); <em>reported</em> figures were read only in a secondary source (news, trade press, a blog); "
        "<em>unverified</em> ones could not be checked against any readable source; <em>estimate</em>, <em>reconstructed</em> and <em>illustrative</em> values stand in where no "
        "published figure was found.</p>",
        ui.table_html(datasets_table(datasets, data), "Datasets this page uses"),
        assurance,
    ]
    if data.usage.facts:
        parts.append(ui.table_html(facts_table(data.usage.facts, data), "Figures quoted on this page", formats={"value": ",.10g"}))
    parts.append("<h3>Known gaps</h3><ul>" + "".join(f"<li>{ui.esc(g)}</li>" for g in descriptor().get("known_gaps", [])) + "</ul>")
    parts.append("<h3>Sources</h3>" + ui.sources_html(source_ids(params, datasets, data, extra_sources), data))
    return "".join(parts)
