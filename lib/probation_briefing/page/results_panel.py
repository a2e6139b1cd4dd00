"""The widgets a scenario's results are shown in: the headline cards with the summary and caveats, the key points,
each chart with its description and data table, the result tables, and the settings used (on paper only).

The page driver decides when a view is shown; this module only how: ``show`` sends the charts before any text,
then the headline figures and key points; ``show_details`` fills in the larger text a moment later.
"""

from __future__ import annotations

import ipywidgets as w

from ..briefings.contract import View
from ..data import DataSource
from ..data.params import Scenario
from . import preview, static_html
from .chart_widget import ChartWidget
from .cite import Copied, CopyKeyPoints
from .then_and_now import then_and_now_html
from .view_html import chart_block, compact_html, key_points_html, settings_html, summary_block, table_block

KEY_POINTS_HEADING = "<h2 class='pb-kp-heading'>Key points</h2>"
RESULTS_ID = "pb-results"  # the results' heading, which the phone's short summary links to (view_html.compact_html)
TABLES_NOTE = "<p>CSV files of these tables, the charts and a one-page note: see 'Download this scenario'.</p>"


class ResultsPanel:
    """The widgets one page's results are shown in: a chart widget for each chart of the page's first view, updated in place."""

    def __init__(self, view: View):
        self.summary = w.HTML()
        self.charts = {c.key: ChartWidget(c.chart) for c in view.charts}
        self.chart_text = {c.key: w.HTML() for c in view.charts}
        self.tables = w.HTML()
        self.key_points = w.HTML()
        self.copy_points = CopyKeyPoints()
        self.printed_settings = w.HTML()
        self.printed_settings.add_class("pb-print-only")
        self.compact = w.HTML()  # the headline figures in one short block, kept in view on a phone (probation.css)
        self.compact.add_class("pb-compact")

    def show(self, view: View, copied: Copied | None = None, query: str = "") -> None:
        """Every chart first (their updates leave the kernel before any text or table), then the figures and key points,
        and what "Copy key points" copies (``copied``, at the scenario's ``query``)."""
        for c in view.charts:
            if c.key in self.charts:
                self.charts[c.key].show(c.chart)
        self.summary.value = summary_block(view, live=True)
        self.compact.value = compact_html(view.headlines)
        self.key_points.value = key_points_html(view.key_points)
        if copied is not None:
            self.copy_points.show(copied, query)

    def show_details(self, view: View, scenario: Scenario) -> None:
        """The settings used, the charts' descriptions and data tables, and the result tables (after the charts)."""
        self.printed_settings.value = settings_html(scenario)
        for c in view.charts:
            if c.key in self.chart_text:
                self.chart_text[c.key].value = chart_block(c)
        self.tables.value = "".join(table_block(t, link=False) for t in view.table_views()) + TABLES_NOTE

    def widget(self, view: View) -> w.VBox:
        """Headlines, summary, caveats, each of ``view``'s charts with its description and data table, then the tables."""
        parts: list[w.Widget] = [w.HTML(f"<h2 id='{RESULTS_ID}' tabindex='-1'>Results</h2>"), self.summary, self.printed_settings]
        for c in view.charts:
            parts += [self.charts[c.key], self.chart_text[c.key]]
        parts.append(self.tables)
        return w.VBox(parts)

    def key_points_widget(self, question: str, data: DataSource) -> w.Box:
        """The key points for a consultation response (those that depend on the settings update with them) and, beside
        them on a wide screen (below them on a narrow one), 'then and now' for the briefing's question, from the sourced
        timeline: both in the first screen. Under the key points, a button copies them with their references."""
        points = w.VBox([w.HTML(KEY_POINTS_HEADING), self.key_points, self.copy_points])
        points.add_class("pb-top-points")
        then_now = w.HTML(then_and_now_html(question, data))
        then_now.add_class("pb-top-aside")
        box = w.Box([points, then_now], layout=w.Layout(width="100%"))
        box.add_class("pb-top")
        return box

    def key_points_html(self, box: w.Box) -> str:
        """The key points box (from :meth:`key_points_widget`) as static HTML, laid out as the live one is: what the
        server sends with the page, so the first screen is complete before any script has run (``preview``).

        >>> from probation_briefing.briefings import get
        >>> from probation_briefing.data import source
        >>> b = get("q15"); view = b.view(b.parameters(source()).defaults(), source())
        >>> panel = ResultsPanel(view); panel.show(view)
        >>> html = panel.key_points_html(panel.key_points_widget("q15", source()))
        >>> html.startswith('<div class="pb-top">') and "Key points" in html and "Then and now" in html and "pb-kp-tag" in html
        True
        """
        points, then_now = box.children
        heading, listed, copy = points.children
        # the copy button works only once the scripts run: its room is kept (unseen), so nothing moves when it arrives
        reserve = (
            '<div class="pb-copy-points"><button type="button" class="pb-share-button" disabled '
            f'tabindex="-1" style="visibility:hidden">{copy.label}</button></div>'
        )
        return (
            '<div class="pb-top"><div class="pb-top-points">'
            + "".join(f'<div class="pb-html"><div class="pb-html-content">{h.value}</div></div>' for h in (heading, listed))
            + reserve
            + f'</div><div class="pb-top-aside pb-html"><div class="pb-html-content">{then_now.value}</div></div></div>'
        )

    def show_key_points(self, box: w.Box, preview_first: bool) -> None:
        """Show the key points box; with ``preview_first``, its HTML goes first, sent with the page, and the live box
        takes its place unseen once it has its key points (``preview``)."""
        if preview_first:
            preview.show(self.key_points_html(box), ready=".pb-key-points")
        static_html.show(box)
