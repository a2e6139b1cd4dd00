"""Sources are readable and honest: human titles, publisher, date and kind; every published figure carries its quote.

Frictionless checks the enums and patterns; what it cannot express (conditional requirements, "the quote gives the
figure", "a secondary source is never the only source of a published figure") is checked here.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import DATA

SECONDARY = {"blog", "aggregator", "news", "trade-press", "law-firm", "consultancy"}

# Published figures whose only source is a secondary one, each with the reason it is allowed.
ALLOWED_SECONDARY = {
    "crc_contracts_annual_value_press_estimate": "the figure is the Independent's own estimate (F05): the newspaper is its primary source",
    "crc_contracts_total_value_press_estimate": "the figure is the Independent's own estimate (F05): the newspaper is its primary source",
}


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return pd.read_csv(DATA / "facts.csv", dtype=str, keep_default_na=False)


def _kinds() -> list[str]:
    pkg = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == "sources")
    return next(f for f in res["schema"]["fields"] if f["name"] == "kind")["constraints"]["enum"]


def test_every_source_has_a_human_title(sources):
    bad = []
    for r in sources.itertuples():
        t = r.title.strip()
        if not t or "cited for" in t.lower() or re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", t):
            bad.append((r.source_id, t))
    assert not bad, bad


def test_every_source_has_publisher_date_and_kind(sources):
    kinds = set(_kinds())
    assert {"official", "parliament", "audit", "news", "blog", "aggregator", "project"} <= kinds
    for r in sources.itertuples():
        assert r.publisher.strip(), r.source_id
        assert "cited for" not in r.publisher.lower(), r.source_id
        assert re.fullmatch(r"\d{4}(s|-\d{2}(-\d{2})?)?", r.date), (r.source_id, r.date)
        assert r.kind in kinds, (r.source_id, r.kind)


def test_every_published_or_reported_fact_has_a_quote(facts):
    missing = facts[facts["status"].isin(["published", "reported"]) & (facts["quote"].str.strip() == "")]
    assert missing.empty, list(missing["fact_id"])


def _spellings(value: float) -> set[str]:
    """Ways a source may write the figure: 264649, 264,649, 1.4 (for 1400 in £m), 30,250,000 (for 30.25 in £m), 41.01 ..."""
    out = {str(value)}
    for v in {value, value / 1000, value * 1_000_000}:
        if v == int(v):
            i = int(v)
            out |= {str(i), f"{i:,}"}
        else:
            out |= {f"{v:g}", f"{v:,.2f}".rstrip("0").rstrip(".")}
    return out


WORDS = {  # figures the source gives in words
    2: ("two",),
    8: ("eight",),
    14: ("14",),
    19: ("19",),
    33: ("third",),
    35: ("Thirty-five",),
    50: ("Half", "half"),
    67: ("two-thirds",),
    250000: ("quarter of a million",),
    30: ("£3 in every £10",),
    4: ("four",),
    7: ("seven",),
    10: ("10",),
}


def test_quote_gives_the_figure(facts):
    bad = []
    for r in facts[facts["status"].isin(["published", "reported"])].itertuples():
        v = abs(float(r.value))
        forms = _spellings(v) | set(WORDS.get(int(v), ()) if v == int(v) else ())
        if not any(f in r.quote for f in forms):
            bad.append((r.fact_id, r.value, r.quote[:80]))
    assert not bad, bad


def test_no_published_figure_rests_on_a_secondary_source_alone(facts, sources):
    kind = dict(zip(sources["source_id"], sources["kind"]))
    bad = [
        (r.fact_id, r.source_id, kind[r.source_id])
        for r in facts[facts["status"] == "published"].itertuples()
        if kind[r.source_id] in SECONDARY and r.fact_id not in ALLOWED_SECONDARY
    ]
    assert not bad, bad


def test_allowed_exceptions_are_still_needed(facts, sources):
    kind = dict(zip(sources["source_id"], sources["kind"]))
    f = facts.set_index("fact_id")
    for fid, reason in ALLOWED_SECONDARY.items():
        assert reason
        assert f.loc[fid, "status"] == "published" and kind[f.loc[fid, "source_id"]] in SECONDARY, fid


def test_unverified_figures_are_listed_as_a_known_gap(facts):
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8") if (DATA.parent / "README.md").exists() else ""
    if facts["status"].eq("unverified").any() and readme:
        assert "unverified" in readme
