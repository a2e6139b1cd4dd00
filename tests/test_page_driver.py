"""The page driver: one behaviour for every briefing (settings, runs, charts, uploads, workshop, provenance)."""

from __future__ import annotations

import pytest
from conftest import DATA, widget_texts
from probation_briefing.briefings import all_briefings, get
from probation_briefing.data import source, version
from probation_briefing.errors import InputError
from probation_briefing.page import workshop
from probation_briefing.page.driver import Page
from probation_briefing.page.sensitivity_panel import sensitivity_widget


def test_workspace_puts_the_settings_beside_the_results(pages):
    page = pages["q14"]
    ws = page.panels["workspace"]
    assert ws.children == (page.panels["controls"], page.results.compact, page.panels["results"])
    assert "pb-workspace" in ws._dom_classes and "pb-controls-col" in page.panels["controls"]._dom_classes


def test_charts_update_in_place_with_new_data_only(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    w = page.chart_widgets["commissioners"]
    before = w.spec
    page.controls["share_pct"].value = 30
    after = w.spec
    assert before["datasets"] != after["datasets"]
    assert {k: v for k, v in before.items() if k != "datasets"} == {k: v for k, v in after.items() if k != "datasets"}


def test_picking_a_preset_sets_every_control_with_one_run(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    pick = next(c for c in page.controls_widget().children if "pb-presets" in c._dom_classes)
    assert pick.value is None and [v for _, v in pick.options] == list(page.presets)
    runs = page.runs
    pick.value = "large"
    assert page.runs == runs + 1 and dict(page.scenario) == dict(page.presets["large"].scenario)
    page.set_scenario(page.params.defaults())


def test_a_context_section_shows_its_figures_charts_and_tables(pages):
    import altair as alt
    import pandas as pd
    from probation_briefing.briefings.contract import ChartView, Headline, Notice, TableView, View

    df = pd.DataFrame({"area": ["North", "South"], "n": [1, 2]})
    chart = ChartView("n", "Cases by area", alt.Chart(df).mark_bar().encode(x="n", y="area"), "South has more.", df)
    view = View(
        [Headline("Areas", "2", "published")],
        "Two areas.",
        [Notice("A caveat.")],
        charts=[chart],
        tables=[TableView("areas", "The areas", df)],
    )
    box = pages["q15"].context(view)
    assert [type(c).__name__ for c in box.children] == ["HTML", "ChartWidget", "HTML", "HTML"]
    html = " ".join(widget_texts(box))
    for needed in ("Two areas.", "A caveat.", "South has more.", "<caption>Cases by area</caption>", "<caption>The areas</caption>"):
        assert needed in html, needed
    assert 'download="areas.csv"' in html


def test_link_follows_the_controls(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    page.controls["share_pct"].value = 25
    assert page.link.query == "share_pct=25&v=" + version.stamp().data_hash  # the data version rides along (issue 24)


def test_out_of_range_value_from_the_browser_is_never_computed(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    c = page.controls["pot_gbp_m"]
    c.max = 100_000  # a tampered widget: its limit is put back at once
    c.value = 5_000  # so the value is clamped to the real maximum
    assert c.max == page.params["pot_gbp_m"].max and page.scenario["pot_gbp_m"] == page.params["pot_gbp_m"].max
    assert "put back" in page.status.value
    assert "5,000" not in page.summary.value and "pot_gbp_m=5000" not in page.link.query
    with pytest.raises(InputError, match="outside the allowed range"):  # and the server-side check refuses it anyway
        page.params.scenario({**page.scenario, "pot_gbp_m": 5_000})
    page.set_scenario(page.params.defaults())


def test_model_errors_show_a_plain_message(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults().replace(floor_gbp_m=5))  # 42 x £5m is more than 10% of £450m
    assert "problem with the data or settings" in page.status.value and "Traceback" not in page.status.value
    page.set_scenario(page.params.defaults())
    assert page.status.value == ""


def test_start_reads_the_link_then_papermill(monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "share_pct=30&structure=regions_2021&bogus=1")
    page = Page(get("q15"), source())
    page.start({"share_pct": 55, "pot_gbp_m": None})
    assert page.scenario["share_pct"] == 55 and page.scenario["structure"] == "regions_2021"
    assert any("bogus" in n for n in page.notices)


@pytest.mark.parametrize("bid", [b.id for b in all_briefings() if b.uploads])
def test_an_upload_through_the_page_changes_its_results(bid):
    page = Page(get(bid), source())
    page.set_scenario(page.params.defaults().replace(allocation_key="caseload"))
    before = page.tables.value
    text = (DATA / "crcs.csv").read_text(encoding="utf-8").replace(",N02,3700,", ",N02,37000,")
    panel = page_upload_panel(page)
    panel.upload("crcs", text.encode(), "mine.csv")
    assert "Using your mine.csv" in panel.status.value
    assert page.data.replaced() == ["crcs"] and page.tables.value != before
    panel.reset()
    assert page.data.replaced() == [] and page.tables.value == before


class page_upload_panel:
    """Drives the upload panel the way the browser does."""

    def __init__(self, page: Page):
        from probation_briefing.page import upload

        self.box = upload.panel(page.briefing.uploads, lambda: page.data, page.use_data)
        self.pick = self.box.children[1]
        self.file = self.box.children[3].children[0]
        self.button = self.box.children[3].children[1]
        self.status = self.box.children[4]

    def upload(self, name: str, content: bytes, filename: str) -> None:
        self.pick.value = name
        self.file.set_trait(
            "value",
            (
                {
                    "name": filename,
                    "content": memoryview(content),
                    "type": "text/csv",
                    "size": len(content),
                    "last_modified": __import__("datetime").datetime(2024, 1, 1),
                },
            ),
        )

    def reset(self) -> None:
        self.button.click()


def test_workshop_compares_current_settings_with_a_preset(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    workshop.panel(page.comparison)
    page.comparison.pick_b.value = "preset:large"
    assert "about £180m" in page.comparison.html.value and "about £45m" in page.comparison.html.value
    runs = page.runs
    page.controls["share_pct"].value = 20
    assert "about £90m" in page.comparison.html.value and page.runs == runs + 1  # the preset's figures are not re-run
    page.set_scenario(page.params.defaults())


def test_provenance_lists_datasets_parameters_figures_and_sources(pages):
    from probation_briefing.briefings import q15
    from probation_briefing.page import provenance

    page = pages["q15"]
    q15.evidence(page.data)
    html = provenance.section(page.params, page.briefing.datasets, page.data, page.briefing.sources)
    for needed in (
        "Sources and assumptions",
        "data/force_areas.csv",
        "Annual CRC funding pot",
        "illustrative",
        "The contracts are worth about £450m a year over seven years.",  # the quoted figure, in its source's words
        "https://www.bbc.co.uk/news/uk-30344262",
        "Known gaps",
    ):
        assert needed in html, needed


def test_downloads_bundle_follows_the_view(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults().replace(share_pct=20))
    b = page.bundle()
    assert ("Moved to commissioners (illustrative)", "about £90m a year") in b.headlines
    assert b.url == "?share_pct=20&v=" + version.stamp().data_hash and b.settings["Share moved to commissioners"] == "20 % of the pot"
    assert set(b.charts) == {c.title for c in page.view.charts}


def test_static_rendering_draws_charts_as_svg(pages, monkeypatch):
    from probation_briefing.page import static_html

    page = pages["q13"]
    html = static_html.to_html(page.results_widget())
    assert html.count("<svg") >= len(page.view.charts)
    assert "Settings used" in html and "Area structure: " in html  # every setting, listed (none are controls on paper)
    assert "Area structure: " in static_html.to_html(page.controls_widget()).replace("</strong>", "")
    assert static_html.to_html(page.panels["workspace"]).count("Area structure: ") == 1  # the settings list, not the controls


def test_sensitivity_panel_works_it_out_on_request(pages):
    page = pages["q13"]
    page.set_scenario(page.params.defaults())
    box = sensitivity_widget(page.briefing, lambda: (page.scenario, page.data))
    box.children[1].click()
    html = box.children[2].value
    assert "How sure" in box.children[0].value and "largest first" in html and "illustrative" in html
    assert len(box.children) == 4  # the chart appears under the table


def test_printed_headlines_say_which_are_illustrative(pages):
    text = pages["q13"].headlines_text(pages["q13"].params.defaults())
    assert "about £33m a year, £17m of it a placeholder for commissioners' purchasing (illustrative)" in text
    assert "Areas in the structure: 11\n" in text


def test_off_step_value_from_the_browser_is_refused_and_the_control_restored(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    before = page.view
    c = page.controls["pot_gbp_m"]  # steps of 5
    c.set_state({"value": 453})  # as a websocket update would arrive
    assert "steps of 5" in page.status.value and page.view is before and page.scenario["pot_gbp_m"] == 450
    assert c.value == 450  # the control shows the value in use
    page.set_scenario(page.params.defaults())


def test_tampered_slider_limits_are_put_back_and_the_value_clamped(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    c = page.controls["pot_gbp_m"]
    c.set_state({"max": 100_000, "min": -5, "step": 1, "value": 5_000})  # one websocket message
    p = page.params["pot_gbp_m"]
    assert (c.min, c.max, c.step) == (p.min, p.max, p.step)
    assert p.min <= page.scenario["pot_gbp_m"] <= p.max and "5,000" not in page.summary.value
    page.set_scenario(page.params.defaults())


def test_wrong_types_from_the_browser_are_refused(pages):
    page = pages["q15"]
    page.set_scenario(page.params.defaults())
    p = page.params
    for k, bad in [("pot_gbp_m", [450]), ("pot_gbp_m", {"x": 1}), ("allocation_key", 3), ("allocation_key", None), ("include_wales", [1])]:
        with pytest.raises(InputError):
            p[k].coerce(bad)
    with pytest.raises(InputError):
        p.scenario({"pot_gbp_m": 452.5}, on_step=True)  # off its step, as from a control, link or papermill
    assert p.scenario({"pot_gbp_m": 452.5})["pot_gbp_m"] == 452.5  # analysis sweeps may go between steps
