"""The glossary (data/glossary.csv): it covers the terms the briefings rely on and every abbreviation
their prose uses, and each page spells an abbreviation out where it first uses it."""

from __future__ import annotations

import re

import jupytext
import pytest
from conftest import ROOT
from probation_briefing.page import glossary

SCRIPTS = sorted((ROOT / "briefings" / "scripts").glob("*.py"))

# Capital-letter words that need no glossary entry: part of a name, or understood by everyone (GOV.UK style).
NOT_GLOSSED = {
    "HM": "part of names such as HM Inspectorate of Probation",
    "UK": "United Kingdom: well known",
    "IT": "information technology: well known",
    "AA": "a level of the accessibility standard, not an abbreviation",
}

REQUIRED_TERMS = [
    "Community rehabilitation company",
    "National Probation Service",
    "Police and crime commissioner",
    "Police, fire and crime commissioner",
    "Voluntary, community and social enterprise sector",
    "Voluntary sector",
    "Transforming Rehabilitation",
    "Through the Gate",
    "Payment by results",
    "Rate card",
    "Prime provider",
    "Supply chain",
    "Subcontract",
    "Lot",
    "Call-off contract",
    "Framework",
    "Dynamic purchasing system",
    "Co-commissioning",
    "Co-terminous",
    "HM Prison and Probation Service",
    "Ministry of Justice",
    "Transfer of Undertakings (Protection of Employment) Regulations",
    "Local Government Pension Scheme",
    "Upper-tier council",
    "Police force area",
    "Caseload",
    "Illustrative",
    "Derived",
    "Published",
    "Reconstructed",
    "Estimate",
]


def _markdown(script) -> str:
    """The script's markdown, without link addresses (which are not read as prose)."""
    text = "\n".join(c.source for c in jupytext.read(script).cells if c.cell_type == "markdown")
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_glossary_covers_the_terms_the_briefings_rely_on():
    terms = set(glossary.entries()["term"])
    assert [t for t in REQUIRED_TERMS if t not in terms] == []
    abbr = glossary.abbreviations()
    for a in ("CRC", "NPS", "PCC", "PFCC", "VCSE", "TR", "TTG", "PbR", "DPS", "HMPPS", "MoJ", "TUPE", "LGPS"):
        assert a in abbr, a


def test_every_definition_is_plain_and_complete():
    for r in glossary.entries().itertuples():
        assert r.definition.endswith("."), r.term
        assert len(r.definition.split()) <= 60, f"{r.term}: keep definitions short"
        assert r.term not in NOT_GLOSSED


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_every_abbreviation_in_the_prose_is_in_the_glossary(script):
    known = set(glossary.abbreviations()) | set(NOT_GLOSSED)
    missing = [a for a in glossary.abbreviations_in(_markdown(script)) if a not in known]
    assert missing == [], f"{script.name}: add these to data/glossary.csv (or NOT_GLOSSED if not abbreviations): {missing}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_each_abbreviation_is_spelled_out_where_the_page_first_uses_it(script):
    """The full term is on the page before, or just after, the abbreviation's first use (quotations aside)."""
    text = " ".join(_markdown(script).split())
    prose = re.sub(r'"[^"]*"', '""', text)  # a quoted question may use an abbreviation as its author did
    abbr = glossary.abbreviations()
    late = []
    for a in glossary.abbreviations_in(prose):
        if a not in abbr:
            continue
        first = re.search(rf"\b{a}s?\b", prose)
        assert first is not None
        stem = abbr[a].lower()[:20]
        if stem not in prose[: first.end() + 40].lower():
            late.append(a)
    assert late == [], f"{script.name}: spell out {late} at first use"


def test_glossary_page_lists_every_entry_with_an_anchor():
    html = glossary.glossary_html()
    for term in glossary.entries()["term"]:
        assert f'id="{glossary.anchor(term)}"' in html
    assert html.count("<dt ") == len(glossary.entries())
    assert "PROJECT" not in html  # no internal identifiers on screen


def test_the_glossary_comes_from_the_shipped_package_even_with_a_data_folder_of_ones_own(monkeypatch, data_copy):
    (data_copy / "glossary.csv").unlink()
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data_copy))
    glossary.entries.cache_clear()
    try:
        assert len(glossary.entries()) >= len(REQUIRED_TERMS)
    finally:
        glossary.entries.cache_clear()
