"""Unit tests for shareable scenarios (share, urlstate.encode) and offline exports (export)."""

from __future__ import annotations

import base64

import pandas as pd
import pytest
from probation_briefing.data import source, version
from probation_briefing.data.params import parameters
from probation_briefing.errors import InputError
from probation_briefing.page import share, urlstate
from probation_briefing.present import charts, export
from probation_briefing.present import html as ui


@pytest.fixture(scope="module")
def chart():
    charts.use_theme()
    return charts.bar(pd.DataFrame({"area": ["North", "South"], "n": [3, 5]}), "n", "area", title="Test chart")


def test_encode_only_changed_and_tidy_floats():
    p = parameters("q15")
    vals = dict(p.defaults())
    assert urlstate.encode(vals, p) == ""
    vals["floor_gbp_m"] = 0.1 + 0.2  # float noise must not reach the link (0.3 is one of the slider's steps of 0.05)
    q = urlstate.encode(vals, p)
    assert q == "floor_gbp_m=0.3"
    back, notices = urlstate.parse(q, p)
    assert notices == [] and back["floor_gbp_m"] == pytest.approx(0.3)


def test_encode_int_equal_to_float_default_is_not_written():
    p = parameters("q15")
    vals = {**p.defaults(), "pot_gbp_m": int(p["pot_gbp_m"].default)}
    assert "pot_gbp_m" not in urlstate.encode(vals, p)


def test_share_link_widget_has_its_javascript_in_a_file():
    link = share.ShareLink(query="share_pct=25")
    assert link.query == "share_pct=25" and link.label == "Copy link to this scenario"
    assert "replaceState" in (share.ShareLink._esm.read_text() if hasattr(share.ShareLink._esm, "read_text") else str(share.ShareLink._esm))


def test_scenario_query_roundtrip():
    p = parameters("q15")
    q = urlstate.encode(p.defaults().replace(allocation_key="officers"), p)
    assert urlstate.parse(q, p)[0]["allocation_key"] == "officers"


def test_notices_html_escapes_and_lists():
    assert share.notices_html([]) == ""
    _, notices = urlstate.parse("share_pct=abc&<script>=1", parameters("q15"))
    out = share.notices_html(notices)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.count("<li>") == 2 and 'class="pb-notice warn"' in out
    assert "&amp;lt;" not in out  # not double-escaped


def test_chart_svg_png(chart):
    svg = export.chart_svg(chart)
    assert svg.lstrip().startswith(b"<svg") and b"Test chart" in svg
    assert export.chart_svg(chart.template.chart.properties(data=chart.frames["bars"])).lstrip().startswith(b"<svg")  # plain Altair too
    png = export.chart_png(chart)
    assert png.startswith(b"\x89PNG")


def test_export_rejects_non_charts():
    with pytest.raises(InputError):
        export.chart_svg("not a chart")  # type: ignore[arg-type]


def test_chart_links_are_data_uris(chart):
    html = export.chart_links(chart, "Test chart / Q15")
    assert 'download="test-chart-q15.png"' in html and 'href="data:image/png;base64,' in html
    assert 'download="test-chart-q15.svg"' in html and "data:image/svg+xml;base64," in html


def test_briefing_note_is_self_contained(chart):
    note = export.briefing_note(
        export.Bundle(
            "Q15 <test>",
            {"Share moved": "10 %"},
            [("Moved to commissioners", "£45m")],
            {"Test chart": chart},
            assumptions=parameters("q15").assumptions(source()),
            sources_html=ui.sources_html(["F01"], source()),
            url="http://localhost/x?share_pct=10",
        )
    )
    assert note.startswith("<!DOCTYPE html>") and "Q15 &lt;test&gt;" in note
    assert "<svg" in note and "Test chart" in note and "£45m" in note and "Scenario settings" in note
    assert "<script" not in note and "http://localhost/x?share_pct=10" in note
    assert version.stamp().text() in note  # issue 24: which data and code made it
    for bad in ("cdn.", "https://cdn"):
        assert bad not in note


def test_briefing_note_link(chart):
    link = export.briefing_note_link(
        export.Bundle("Q15 test", {}, [], {"Test chart": chart}, assumptions=parameters("q15").assumptions(source()))
    )
    b64 = link.split("base64,")[1].split('"')[0]
    assert base64.b64decode(b64).decode("utf-8").startswith("<!DOCTYPE html>")
    assert 'download="q15-test-briefing-note.html"' in link
