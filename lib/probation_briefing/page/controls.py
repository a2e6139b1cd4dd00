"""Controls built from the parameter registry: each with its label, unit, range, choice labels and status badge.

Continuous updates are off, so a slider recomputes once per step, not on every pixel of a drag.

>>> from probation_briefing.data.params import parameters
>>> c = control(parameters("q15")["share_pct"], 25.0)
>>> type(c).__name__, c.value, c.description
('IntSlider', 25, 'Share moved to commissioners (% of the pot)')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from ..data.params import Parameter, Parameters
from .html import badge, esc

STYLE = {"description_width": "16em"}
LAYOUT = {"width": "34em", "max_width": "100%"}


LIMITS = ("min", "max", "step")


def pin_limits(widget: w.Widget, on_change: Callable[[str], None] | None = None) -> None:
    """Put a slider's ``min``, ``max`` and ``step`` back whenever the browser changes them.

    They are synced traits, so a page's websocket can change them; the parameter table is their only home.
    Putting ``max`` back also brings the value within it (ipywidgets clamps it). ``on_change`` gets a plain
    message for the page.

    >>> s = w.IntSlider(value=5, min=0, max=10); pin_limits(s)
    >>> s.max = 1000; s.value = 900
    >>> s.max, s.value
    (10, 10)
    """
    fixed = {k: getattr(widget, k) for k in LIMITS}

    def restore(change: dict[str, Any]) -> None:
        name = change["name"]
        if change["new"] != fixed[name]:
            setattr(widget, name, fixed[name])
            if on_change is not None:
                on_change(f"The limits of '{widget.description}' were changed in this browser. They have been put back.")

    widget.observe(restore, names=list(LIMITS))


def control(p: Parameter, value: Any = None, on_limits: Callable[[str], None] | None = None) -> w.ValueWidget:
    """One widget for one parameter, set to ``value`` (or the default).

    A slider's limits cannot be changed from the page (``pin_limits``; ``on_limits`` gets its message).
    """
    v = p.default if value is None else value
    desc = f"{p.label} ({p.unit})" if p.kind == "number" and p.unit else p.label
    if p.kind == "choice":
        return w.Dropdown(options=list(zip(p.choice_labels, p.choices)), value=v, description=desc, style=STYLE, layout=w.Layout(**LAYOUT))
    if p.kind == "boolean":
        return w.Checkbox(value=bool(v), description=desc, indent=False, layout=w.Layout(**LAYOUT))
    assert p.min is not None and p.max is not None
    step = p.step or 1.0
    if all(float(x).is_integer() for x in (p.min, p.max, step)):
        slider: w.ValueWidget = w.IntSlider(
            value=round(float(v)),
            min=int(p.min),
            max=int(p.max),
            step=int(step),
            description=desc,
            continuous_update=False,
            style=STYLE,
            layout=w.Layout(**LAYOUT),
        )
    else:
        slider = w.FloatSlider(
            value=float(v),
            min=p.min,
            max=p.max,
            step=step,
            description=desc,
            continuous_update=False,
            readout_format=".2f",
            style=STYLE,
            layout=w.Layout(**LAYOUT),
        )
    pin_limits(slider, on_limits)
    return slider


def controls(params: Parameters, values: Mapping[str, Any], on_limits: Callable[[str], None] | None = None) -> dict[str, w.ValueWidget]:
    """A widget per parameter, keyed by param_id, set to the scenario ``values`` (``on_limits``: see ``control``)."""
    return {k: control(p, values.get(k), on_limits) for k, p in params.items()}


def grouped(params: Parameters, widgets: Mapping[str, w.Widget]) -> list[w.Widget]:
    """The controls under their group headings (file order), each beside its status badge."""
    out: list[w.Widget] = []
    for group, members in params.groups().items():
        out.append(w.HTML(f"<h3 class='pb-group'>{esc(group)}</h3>"))
        for p in members:
            out.append(w.HBox([widgets[p.param_id], w.HTML(badge(p.status))], layout=w.Layout(flex_flow="row wrap", align_items="center")))
    return out


def values_of(widgets: Mapping[str, w.ValueWidget]) -> dict[str, Any]:
    """Current value of each control, keyed by param_id."""
    return {k: wd.value for k, wd in widgets.items()}
