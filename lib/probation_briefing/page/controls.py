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

from ..data.params import Parameter, Parameters, Scenario
from ..data.presets import Preset
from ..present.html import badge, esc

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


def is_advanced(group: str) -> bool:
    """A group of settings shown collapsed ("... more settings"): the page opens with the main ones.

    >>> is_advanced("More settings for A"), is_advanced("Setting A")
    (True, False)
    """
    return "more settings" in group.lower()


def _disclosure(title: str, body: list[w.Widget]) -> list[w.Widget]:
    """A button that shows or hides a group of controls (collapsed at first)."""
    inner = w.VBox(body)
    inner.layout.display = "none"
    n = sum(1 for x in body if isinstance(x, w.HBox))
    name = title[:1].lower() + title[1:]
    toggle = w.ToggleButton(value=False, description=f"Show {name} ({n})", tooltip=f"Show or hide: {title}")
    toggle.add_class("pb-toggle")
    toggle.layout = w.Layout(width="auto", max_width="100%")

    def flip(change: dict[str, bool]) -> None:
        inner.layout.display = "" if change["new"] else "none"
        toggle.description = f"{'Hide' if change['new'] else 'Show'} {name} ({n})"

    toggle.observe(flip, names="value")
    return [toggle, inner]


def _badge(p: Parameter, control: w.Widget) -> w.HTML:
    """The status badge beside a control; for a choice of area structure it follows the structure chosen."""
    shown = w.HTML(badge(p.status_of(getattr(control, "value", p.default))))
    if p.choice_statuses:
        control.observe(lambda change: setattr(shown, "value", badge(p.status_of(change["new"]))), names="value")
    return shown


def grouped(params: Parameters, widgets: Mapping[str, w.Widget]) -> list[w.Widget]:
    """The controls under their group headings (file order), each beside its status badge; "more settings" groups collapsed."""
    out: list[w.Widget] = []
    for group, members in params.groups().items():
        rows: list[w.Widget] = []
        for p in members:
            widgets[p.param_id].add_class("pb-control")
            rows.append(
                w.HBox([widgets[p.param_id], _badge(p, widgets[p.param_id])], layout=w.Layout(flex_flow="row wrap", align_items="center"))
            )
        if is_advanced(group):
            out += _disclosure(group, rows)
        else:
            out.append(w.HTML(f"<h3 class='pb-group'>{esc(group)}</h3>"))
            out += rows
    return out


def preset_picker(presets: Mapping[str, Preset]) -> w.RadioButtons:
    """The presets and workshop exercises to start from, none picked (the page sets every control to the one picked)."""
    # radio buttons, not a drop-down: the exercises' long names wrap instead of being cut off
    pick = w.RadioButtons(
        options=[(p.label, pid) for pid, p in presets.items()],
        value=None,
        description="Start from a preset or exercise",
        layout=w.Layout(width="100%"),
    )
    pick.add_class("pb-control")
    pick.add_class("pb-presets")
    return pick


class PresetPicker:
    """The preset picker and, beneath it, the settings in use: a preset's label while the settings are that preset's,
    else "Custom settings". The preset picked is unticked as soon as a setting moves away from it, so picking it
    again applies it again. ``apply`` gets the preset's scenario when one is picked.

    >>> from probation_briefing.data import source
    >>> from probation_briefing.data.params import parameters
    >>> from probation_briefing.data.presets import presets
    >>> ps = {p.preset_id: p for p in presets(parameters("q15"), source())}
    >>> picker = PresetPicker(ps, lambda s: None)
    >>> picker.radio.value = "modest"; picker.follow(ps["modest"].scenario); picker.radio.value
    'modest'
    >>> picker.follow(ps["modest"].scenario.replace(share_pct=30)); picker.radio.value, "Custom settings" in picker.now.value
    (None, True)
    """

    def __init__(self, presets: Mapping[str, Preset], apply: Callable[[Scenario], None]):
        self.presets = presets
        self.radio = preset_picker(presets)
        self.now = w.HTML()
        self._apply = apply
        self.radio.observe(self._picked, names="value")

    def _picked(self, change: dict[str, Any]) -> None:
        if change["new"]:  # None: unticked
            self._apply(self.presets[change["new"]].scenario)

    def pick(self, preset_id: str) -> None:
        """Pick a preset, applying it even if it is ticked already (an exercise's starting point)."""
        if preset_id in self.presets:
            self.radio.value = None
            self.radio.value = preset_id

    def follow(self, scenario: Scenario) -> None:
        """Untick a preset the settings have moved away from; say which settings are in use."""
        picked = self.radio.value
        if picked is not None and self.presets[picked].scenario != scenario:
            self.radio.value = picked = None  # the observer ignores None
        match = picked or next((pid for pid, p in self.presets.items() if p.scenario == scenario), None)
        label = self.presets[match].label if match else "Custom settings"
        self.now.value = f'<p class="pb-preset-now">Settings in use: <strong>{esc(label)}</strong></p>'


def values_of(widgets: Mapping[str, w.ValueWidget]) -> dict[str, Any]:
    """Current value of each control, keyed by param_id."""
    return {k: wd.value for k, wd in widgets.items()}
