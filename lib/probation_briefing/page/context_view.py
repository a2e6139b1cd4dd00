"""A briefing's context sections: a ``View`` that does not depend on the settings (for example the record a
briefing reviews), built before the request and shown once, its charts live like the results'.
"""

from __future__ import annotations

import ipywidgets as w

from ..briefings.contract import View
from .chart_widget import ChartWidget
from .view_html import chart_block, summary_block, table_block


class StaticView:
    """A ``View`` that does not depend on the settings (context sections), shown once."""

    def __init__(self, view: View):
        self.view = view
        self.charts = {c.key: ChartWidget(c.chart) for c in view.charts}

    def widget(self) -> w.VBox:
        """Headlines, summary and caveats, each chart with its description and data table, then the tables."""
        v = self.view
        parts: list[w.Widget] = [w.HTML(summary_block(v))]
        for c in v.charts:
            parts += [self.charts[c.key], w.HTML(chart_block(c))]
        parts += [w.HTML(table_block(t)) for t in v.table_views()]
        return w.VBox(parts)
