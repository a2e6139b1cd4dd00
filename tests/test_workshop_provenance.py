"""Workshop prompts/notes and the generated sources-and-assumptions section."""
from __future__ import annotations

from probation_briefing import facts, provenance, regions, workshop


def test_every_briefing_has_prompts_and_notes():
    for b in ("q13", "q14", "q15"):
        assert len(workshop.items(b, "prompt")) >= 2
        assert len(workshop.items(b, "facilitator")) >= 1


def test_facilitator_notes_are_hidden_until_toggled():
    panel = workshop.panel("q15")
    toggle, notes = panel.children[-2], panel.children[-1]
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


def test_exercise_picker_sets_every_control():
    import ipywidgets as w

    from probation_briefing import controls, params

    ctl = controls.controls(params.parameters("q15"), params.defaults("q15"))
    ctl["share_pct"].value = 77
    pick = workshop.exercise_picker("q15", ctl)
    pick.value = "large"
    assert ctl["share_pct"].value == 40 and ctl["allocation_key"].value == "blend" and ctl["floor_gbp_m"].value == 2
    assert isinstance(pick, w.Dropdown)


def test_compare_panel_shows_two_scenarios_side_by_side():
    from probation_briefing import controls, funding, params

    ctl = controls.controls(params.parameters("q15"), params.defaults("q15"))

    def heads(v):
        r = funding.transfer_from(v)
        return [("Moved to commissioners", f"£{funding.to_gbp_m(r.allocated_p):,.2f}m")]

    p = workshop.compare_panel("q15", ctl, heads)
    left, right = p.children[1].children
    left.value, right.value = "status_quo", "large"
    html = p.children[2].value
    assert "£0.00m" in html and "£180.00m" in html
    left.value = "_current"
    ctl["share_pct"].value = 20
    assert "£90.00m" in p.children[2].value
