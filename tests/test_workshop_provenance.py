"""Workshop prompts/notes and the generated sources-and-assumptions section."""
from __future__ import annotations

from probation_briefing import facts, provenance, regions, workshop


def test_every_briefing_has_prompts_and_notes():
    for b in ("q13", "q14", "q15"):
        assert len(workshop.items(b, "prompt")) >= 2
        assert len(workshop.items(b, "facilitator")) >= 1


def test_facilitator_notes_are_hidden_until_toggled():
    panel = workshop.panel("q15")
    toggle, notes = panel.children[1], panel.children[2]
    assert notes.layout.display == "none"
    toggle.value = True
    assert notes.layout.display == "" and toggle.description.startswith("Hide")


def test_prompts_name_their_starting_preset():
    texts = dict((t, p) for t, p in workshop.items("q15", "prompt"))
    assert any(p.startswith("Status quo") for p in texts.values())


def test_provenance_lists_datasets_parameters_figures_and_sources():
    regions.summarise("crc_2014")
    facts.fact("crc_contracts_annual_value_at_award")
    html = provenance.section("q15")
    for needed in ("Sources and assumptions", "data/force_areas.csv", "Annual CRC funding pot", "illustrative",
                   "crc_contracts_annual_value_at_award", "https://www.bbc.co.uk/news/uk-30344262", "Known gaps"):
        assert needed in html, needed
