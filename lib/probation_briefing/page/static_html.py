"""Static rendering of a dashboard's widget tree, for printable handouts that work offline from disk.

A briefing calls ``show(root)`` instead of ``display(root)``. In a live page that displays the
widgets; when PROBATION_STATIC=1 (set by the handout command) it displays plain HTML instead:
controls become "label: value" lines, charts become inline SVG (rendered by vl-convert, no CDN),
HTML widgets keep their content. Nothing then depends on JavaScript or a widget manager.
"""

from __future__ import annotations

import html
import os
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

from ..present import drawn_charts
from .chart_widget import ChartWidget
from .share import ShareLink

ENV = "PROBATION_STATIC"


def is_static() -> bool:
    """True when the notebook is being run to produce a static handout."""
    return os.environ.get(ENV, "") not in ("", "0", "false", "False")


def _chart_svg(widget: Any) -> str:
    chart = getattr(widget, "chart", None)
    title = ""
    if chart is not None:
        t = chart.to_dict().get("title")
        text = t.get("text", "") if isinstance(t, dict) else t
        title = " ".join(text) if isinstance(text, list) else text if isinstance(text, str) else ""  # a title wrapped to lines
    # the spec trait is what the page shows (briefings may swap data into it); drawn with the page's Vega-Lite version
    return drawn_charts.figure(widget.spec, str(title))


def control_text(widget: w.Widget) -> str:
    """A control as a "label: value" line (a handout's settings, the workspace preview's)."""
    label = getattr(widget, "description", "") or ""
    if isinstance(widget, (w.Dropdown, w.RadioButtons, w.ToggleButtons, w.Select)):
        value = widget.label if widget.label is not None else widget.value
    elif isinstance(widget, (w.Checkbox, w.ToggleButton)):
        value = "yes" if widget.value else "no"
    else:
        value = widget.value
        if isinstance(value, float):
            value = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f'<p class="pb-setting"><strong>{html.escape(str(label))}</strong>: {html.escape(str(value))}</p>'


def _output_html(widget: w.Output) -> str:
    parts = []
    for out in widget.outputs:
        data = out.get("data", {}) if isinstance(out, dict) else {}
        if "image/svg+xml" in data:
            parts.append(data["image/svg+xml"])
        elif "text/html" in data:
            parts.append(data["text/html"])
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(data['text/plain'])}</pre>")
        elif out.get("output_type") == "stream":
            parts.append(f"<pre>{html.escape(out.get('text', ''))}</pre>")
    return "".join(parts)


def to_html(widget: Any) -> str:
    """Plain HTML for a widget tree (boxes, tabs, HTML, charts, controls, outputs)."""
    if widget is None:
        return ""
    layout = getattr(widget, "layout", None)
    if layout is not None and getattr(layout, "display", None) == "none":
        return ""  # hidden on the page (e.g. a collapsed group): hidden in the handout too
    if "pb-controls-col" in getattr(widget, "_dom_classes", ()):
        return ""  # no controls on paper: the results column lists the settings used
    if isinstance(widget, ChartWidget):
        return _chart_svg(widget)
    if isinstance(widget, (w.HTML, w.HTMLMath)):
        return widget.value
    if isinstance(widget, w.Label):
        return f"<p>{html.escape(widget.value)}</p>"
    if isinstance(widget, w.Output):
        return _output_html(widget)
    if isinstance(widget, (w.Tab, w.Accordion, w.Stack)):
        titles = list(getattr(widget, "titles", ()) or ())
        out = []
        for i, child in enumerate(widget.children):
            t = titles[i] if i < len(titles) and titles[i] else ""
            out.append((f"<h3>{html.escape(t)}</h3>" if t else "") + to_html(child))
        return "".join(out)
    if isinstance(widget, w.Box):
        direction = "row" if isinstance(widget, w.HBox) else "column"
        inner = "".join(f"<div>{to_html(c)}</div>" for c in widget.children)
        return f'<div style="display:flex;flex-direction:{direction};flex-wrap:wrap;gap:1em">{inner}</div>'
    if isinstance(widget, (w.Button, w.FileUpload, w.ToggleButton, ShareLink)):
        return ""
    if isinstance(widget, w.ValueWidget) and hasattr(widget, "description"):
        return control_text(widget)
    return ""


def show(widget: Any) -> None:
    """Display ``widget`` live, or as static HTML when building a handout."""
    if is_static():
        display(HTML(to_html(widget)))
    else:
        display(widget)
