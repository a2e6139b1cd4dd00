"""The downloads panel builds CSV, PNG/SVG and briefing-note links for the current scenario."""

from __future__ import annotations

import altair as alt
import pandas as pd
from probation_briefing.data import source
from probation_briefing.data.params import parameters
from probation_briefing.page import downloads


def bundle() -> downloads.Bundle:
    df = pd.DataFrame({"area": ["A", "B"], "value": [1.5, 2.5]})
    ch = alt.Chart(df).mark_bar().encode(x="value", y="area").properties(title="Per area")
    return downloads.Bundle(
        "Test briefing",
        {"Share": "10%"},
        [("Moved", "£45.0m")],
        {"Per area": ch},
        {"Per area results": df},
        parameters("q15").assumptions(source()),
        "<ol><li>src</li></ol>",
    )


def test_links_cover_tables_charts_and_note():
    html = downloads.links(bundle())
    assert 'download="per-area-results.csv"' in html
    assert 'download="per-area.png"' in html and 'download="per-area.svg"' in html
    assert "briefing-note.html" in html and "data:text/html;base64," in html


def test_panel_builds_on_click_and_reports_errors():
    p = downloads.panel(bundle)
    button, out = p.children[1], p.children[2]
    button.click()
    assert "per-area.png" in out.value

    def broken() -> downloads.Bundle:
        raise ValueError("boom")

    p2 = downloads.panel(broken)
    p2.children[1].click()
    assert "Something went wrong" in p2.children[2].value and "boom" not in p2.children[2].value
