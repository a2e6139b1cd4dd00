"""The "How sure are we?" panel: a button that works out which illustrative settings move the briefing's headline
figure most (``briefings.sensitivity``), for the settings in use when it is pressed, as a summary, a table of
swings and a chart of them. In a handout it is worked out at once, for the handout's settings.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..briefings.contract import Briefing, approx
from ..briefings.sensitivity import sensitivity
from ..data import DataSource
from ..data.params import Scenario
from ..present import charts
from ..present.html import esc, friendly, notice, table_html
from . import error_display, static_html
from .chart_widget import ChartWidget


def sensitivity_html(briefing: Briefing, scenario: Scenario, data: DataSource) -> tuple[str, ChartWidget | None]:
    """The low / central / high summary and the table of swings, and a chart of them (largest first).

    A briefing that names no headline figure gives no summary and no chart.
    """
    if briefing.headline is None:
        return "", None
    s = sensitivity(briefing, scenario, data)
    u = s.unit
    text = (
        f"<p><strong>{esc(s.label)}</strong> ({esc(u)}, illustrative): about {esc(approx(s.central))} with these settings; "
        f"from about {esc(approx(s.low))} to about {esc(approx(s.high))} when every illustrative setting is moved together to the "
        "end of its range that lowers or raises it. Each setting is tried at the low and high ends of the plausible range stated "
        "for it in the parameter table (the table says why); a setting with no stated range is tried at half and one and a half "
        "times its value (within its limits; a setting at zero at the bottom tenth of its limits).</p>"
    )
    t = s.table.rename(
        columns={"headline at low": f"result at low ({u})", "headline at high": f"result at high ({u})", "swing": f"swing ({u})"}
    )
    table = table_html(
        t.drop(columns=["param_id"]),
        caption="Which assumptions move the answer most (largest first)",
        formats={c: ",.3g" for c in t.columns if c not in ("parameter", "param_id", "why this range")},
    )
    return text + table, ChartWidget(charts.swings(s.table, s.label, u, s.central)) if len(s.table) else None


def sensitivity_widget(briefing: Briefing, current: Callable[[], tuple[Scenario, DataSource]]) -> w.VBox:
    """A button that works out which assumptions move the headline most, for the settings and data ``current``
    gives when it is pressed (the page's)."""
    out = w.HTML()
    box = w.VBox([w.HTML("<h3>How sure are we?</h3><p>Which assumptions move the answer most, for the current settings.</p>")])
    button = w.Button(
        description="Work it out",
        tooltip="Run the model with each illustrative setting at a low and a high value",
        layout=w.Layout(width="14em"),
    )

    def go(_: object = None) -> None:
        out.value = "<p role='status'>Working…</p>"
        try:
            html, chart = sensitivity_html(briefing, *current())
            out.value = html
            box.children = (*box.children[:3], *([chart] if chart is not None else []))
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            error_display.log_error("sensitivity", exc)
            out.value = notice(friendly(exc), "error")

    button.on_click(go)
    box.children = (*box.children, button, out)
    if static_html.is_static():  # a handout: show it worked out for the handout's settings
        go()
    return box
