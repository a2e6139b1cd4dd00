"""Issue 24 (item 7): a downloaded chart carries its context inside the image (title, scenario, sources, status, main
caveat, version stamp), and the page's own charts stay as they were (in-process; vl-convert renders offline)."""

from __future__ import annotations

import html
import re

import pytest
from probation_briefing.briefings import get
from probation_briefing.data import source, version
from probation_briefing.page import chart_context, downloads
from probation_briefing.present import charts, export

DATA = source()


def _svg_text(svg: bytes) -> str:
    """Every text the SVG draws, one line each."""
    return "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg.decode("utf-8"), re.S))


@pytest.fixture(scope="module")
def q15_bundle():
    charts.use_theme()
    b = get("q15")
    s = b.parameters(DATA).defaults().replace(share_pct=25, allocation_key="officers")
    return downloads.bundle(b, s, b.view(s, DATA), DATA)


def test_every_chart_in_a_bundle_has_its_context(q15_bundle):
    assert set(q15_bundle.contexts) == set(q15_bundle.charts)
    for name, ctx in q15_bundle.contexts.items():
        assert ctx.title == name
        assert ctx.status == chart_context.ILLUSTRATIVE
        assert "Share moved to commissioners: 25 % of the pot" in ctx.subtitle and "Police officers" in ctx.subtitle
        assert "F42" in ctx.source and "Q01" not in ctx.source
        assert ctx.caveat.startswith("Police and crime commissioners are due to be abolished")
        assert ctx.stamp == version.stamp().text()


def test_the_svg_download_carries_title_scenario_source_status_caveat_and_version(q15_bundle):
    name = "What each commissioner receives"
    text = _svg_text(export.chart_svg(q15_bundle.charts[name], q15_bundle.contexts[name]))
    joined = " ".join(text.split())
    assert name in text.splitlines()
    for words in (
        "Q15: Police and crime commissioners and co-commissioning.",
        "25 % of the pot",
        "Source: Probation commissioning briefings data package",
        "Status: Illustrative analysis, not official statistics",
        "Caveat: Police and crime commissioners are due to be abolished in May 2028",
        f"Version: {version.stamp().text()}",
    ):
        assert words in joined, words
    assert "London" in text  # the chart itself is still drawn


def test_the_page_s_own_chart_is_unchanged(q15_bundle):
    chart = q15_bundle.charts["What each commissioner receives"]
    plain = _svg_text(export.chart_svg(chart))
    assert "Source:" not in plain and "Version:" not in plain
    spec = chart.to_dict(validate=False)
    assert "vconcat" not in spec and spec["title"] == "What each commissioner receives"


def test_the_download_links_are_built_with_the_context(q15_bundle):
    links = downloads.links(q15_bundle)
    one = re.search(r'download="what-each-commissioner-receives\.svg" href="data:image/svg\+xml;base64,([^"]+)"', links)
    assert one is not None
    import base64

    assert "Status: Illustrative analysis" in _svg_text(base64.b64decode(one.group(1)))


def test_a_narrow_chart_s_footer_wraps_within_the_image():
    """The tile map is 308 px wide: the words under it wrap at the export's minimum width and every line is drawn whole."""
    charts.use_theme()
    b = get("q13")
    s = b.parameters(DATA).defaults()
    bundle = downloads.bundle(b, s, b.view(s, DATA), DATA)
    name = next(n for n in bundle.charts if "Force areas" in n)
    spec = export.with_context(bundle.charts[name].to_dict(validate=False), bundle.contexts[name])
    footer = [r["t"] for r in spec["vconcat"][1]["data"]["values"]]
    limit = int(export.EXPORT_MIN_WIDTH / 6.3)
    assert all(len(line) <= limit for line in footer), footer
    assert " ".join(footer).replace(" ", "") == "".join(bundle.contexts[name].footer()).replace(" ", "")
    png = export.chart_png(bundle.charts[name], context=bundle.contexts[name])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
