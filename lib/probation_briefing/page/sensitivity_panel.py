"""The "How sure are we?" panel: a button that works out which uncertain assumptions move the briefing's headline
figure most (``briefings.sensitivity``), for the settings in use when it is pressed, as a summary, a table of
swings and a chart of them. In a handout it is worked out at once, for the handout's settings.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..briefings.contract import Briefing, approx
from ..briefings.sensitivity import Sensitivity, sensitivity
from ..data import DataSource
from ..data.params import Scenario
from ..present import charts
from ..present.html import esc, friendly, notice, table_html
from . import error_display, static_html
from .chart_widget import ChartWidget


def _direction(s: Sensitivity, sign: tuple[str, ...]) -> str:
    """In words, when the combined range crosses zero: the direction of the answer is not settled."""
    if s.crosses_zero:
        either = f"{sign[0]} or {sign[1]}" if len(sign) == 2 else "below or above zero"
        return f" <strong>The range crosses zero: depending on the assumptions, {esc(either)}.</strong>"
    if s.low == s.high == s.central:
        return " The assumptions tried do not move this result at these settings."
    return ""


def sensitivity_html(briefing: Briefing, scenario: Scenario, data: DataSource) -> tuple[str, ChartWidget | None]:
    """The low / central / high summary, how it is formed, the table of swings, the policy levers tried as scenarios,
    and a chart of the swings (largest first). Illustrative results are rounded to two significant figures.

    A briefing that names no headline figure gives no summary and no chart.
    """
    if briefing.headline is None:
        return "", None
    s = sensitivity(briefing, scenario, data)
    u = s.unit
    text = (
        f"<p><strong>{esc(s.label)}</strong> ({esc(u)}, illustrative): about {esc(approx(s.central))} with these settings. "
        f"With every assumption below at the end of its plausible range that lowers the result, all together, it is about "
        f"{esc(approx(s.low))}; with every one at the end that raises it, about {esc(approx(s.high))} (or the lowest or "
        "highest single result in the table, where one assumption alone goes further). Those ends put every assumption at "
        "an extreme at the same time, which is unlikely: read them as bounds, not as a likely range."
        f"{_direction(s, briefing.headline_sign)}</p>"
        "<p>Only uncertain assumptions are varied. Each is tried at the low and high ends of the plausible range stated for it "
        "in the parameter table (the table says why); one with no stated range at half and one and a half times its value "
        "(within its limits). Where two settings are compared, an assumption about the sector or the market is shared by "
        "both and varied for both at once.</p>"
    )
    names = {"headline at low": f"result at low ({u})", "headline at high": f"result at high ({u})", "swing": f"swing ({u})"}
    formats: dict[str, str | Callable[[object], str]] = {
        "low value": ",.10g",
        "high value": ",.10g",
        **{v: (lambda x: approx(float(x))) for v in names.values()},  # type: ignore[arg-type]
    }
    moved = s.table[s.table["swing"] > 0]
    still = list(s.table.loc[s.table["swing"] == 0, "parameter"])
    t = moved.rename(columns=names).drop(columns=["param_id"])
    table = table_html(t, caption="Which assumptions move the answer most (largest first)", formats=formats) if len(t) else ""
    if still:
        table += "<p>No effect on this result at these settings: " + esc(", ".join(still)) + ".</p>"
    levers = ""
    if len(s.scenarios) or s.not_varied:
        levers = (
            "<h4>Policy choices: scenarios, not uncertainties</h4><p>These are what you are choosing, so they are not counted in "
            "the range above. "
        )
        if len(s.scenarios):
            levers += "The table shows the result at the low and high ends of the range stated for each.</p>" + table_html(
                s.scenarios.rename(columns=names).drop(columns=["param_id"]),
                caption="The result under other policy choices (scenarios)",
                formats=formats,
            )
        else:
            levers += "</p>"
        if s.not_varied:
            levers += "<p>Not varied here (change them with the controls, or try the presets): " + esc(", ".join(s.not_varied)) + ".</p>"
    chart = ChartWidget(charts.swings(moved, s.label, u, s.central)) if len(moved) else None
    return text + table + levers, chart


def sensitivity_widget(briefing: Briefing, current: Callable[[], tuple[Scenario, DataSource]]) -> w.VBox:
    """A button that works out which assumptions move the headline most, for the settings and data ``current``
    gives when it is pressed (the page's)."""
    out = w.HTML()
    box = w.VBox([w.HTML("<h3>How sure are we?</h3><p>Which assumptions move the answer most, for the current settings.</p>")])
    box.add_class("pb-panel")
    button = w.Button(
        description="Work it out",
        tooltip="Run the model with each uncertain assumption at a low and a high value",
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
