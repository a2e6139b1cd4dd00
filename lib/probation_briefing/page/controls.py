"""Controls built from the parameter registry: each with its label, unit, range, choice labels and status badge.

Continuous updates are off, so a slider recomputes once per step, not on every pixel of a drag.

>>> from probation_briefing.data.params import parameters
>>> c = control(parameters("q15")["share_pct"], 25.0)
>>> type(c).__name__, c.value, c.description
('IntSlider', 25, 'Share moved to commissioners (% of the pot)')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from ..data.params import Parameter, Parameters, Scenario
from ..data.presets import Preset
from ..present.html import STATUS_LABEL, esc

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


#: The roles of the settings a page opens with (see the parameters schema): policy choices and how results are shown.
#: Assumptions, data, methods and examples, and every group named "More settings ...", start collapsed.
MAIN_ROLES = ("lever", "display")
#: At most this many controls show before any group is opened (issue 25; the preset picker counts as one).
MAX_VISIBLE = 8


def is_advanced(group: str) -> bool:
    """A group of settings shown collapsed ("... more settings"): the page opens with the main ones.

    >>> is_advanced("More settings for A"), is_advanced("Setting A")
    (True, False)
    """
    return "more settings" in group.lower()


@dataclass
class Section:
    """A heading and the settings under it: open (shown when the page opens) or collapsed behind a button."""

    title: str
    members: list[Parameter] = field(default_factory=list)
    collapsed: bool = False

    @property
    def setting(self) -> str:
        """The compared setting (A or B) all its members belong to, or "" (shared, or a briefing with one setting)."""
        settings = {p.setting for p in self.members}
        return settings.pop() if len(settings) == 1 else ""


def sections(params: Parameters) -> list[Section]:
    """The settings in sections: first each group's policy choices and display choices, open, under the group's heading;
    then, collapsed, the rest of each group (its assumptions, data, methods and examples) and every "More settings"
    group, each under "More settings: <group>" (file order within each part).

    >>> from probation_briefing.data.params import parameters
    >>> [(s.title, len(s.members), s.collapsed) for s in sections(parameters("q13"))]
    [('Area structure', 1, False), ('How the results are shown', 2, False), ('More settings: rate-card model', 11, True)]
    """
    opened: dict[str, Section] = {}
    collapsed: dict[str, Section] = {}
    for group, members in params.groups().items():
        main = [] if is_advanced(group) else [p for p in members if p.role in MAIN_ROLES]
        if main:
            opened.setdefault(group, Section(group)).members.extend(main)
        rest = [p for p in members if p not in main]
        if rest:
            title = group if is_advanced(group) else f"More settings: {group[:1].lower()}{group[1:]}"
            collapsed.setdefault(title, Section(title, collapsed=True)).members.extend(rest)
    return [*opened.values(), *collapsed.values()]


def _disclosure(title: str, body: list[w.Widget], members: tuple[str, ...] = ()) -> list[w.Widget]:
    """A button that shows or hides a group of controls (collapsed at first).

    The group is empty until it is first opened: the browser draws its controls only then, so a page opens with only
    the controls it shows (issue 25). Their values are there from the start all the same (the page reads, shares and
    resets every setting through the widgets, drawn or not).

    >>> toggle, inner = _disclosure("More settings", [w.HBox([w.IntSlider()])])
    >>> (toggle.description, len(inner.children))
    ('Show more settings (1)', 0)
    >>> toggle.value = True
    >>> (toggle.description, len(inner.children), inner.layout.display)
    ('Hide more settings (1)', 1, '')
    """
    inner = w.VBox([])
    inner.add_class("pb-more")
    inner.layout.display = "none"
    n = sum(1 for x in body if isinstance(x, w.HBox))
    name = title[:1].lower() + title[1:]
    toggle = w.ToggleButton(value=False, description=f"Show {name} ({n})", tooltip=f"Show or hide: {title}")
    toggle.add_class("pb-toggle")
    toggle.layout = w.Layout(width="auto", max_width="100%")
    toggle._pb_members = members  # the settings it shows (open_changed)

    def flip(change: dict[str, bool]) -> None:
        if change["new"] and not inner.children:
            inner.children = tuple(body)
        inner.layout.display = "" if change["new"] else "none"
        toggle.description = f"{'Hide' if change['new'] else 'Show'} {name} ({n})"

    toggle.observe(flip, names="value")
    return [toggle, inner]


#: A short mark for each status beside a control (the legend above the settings spells each out).
MARKS = {
    "published": "P",
    "derived": "D",
    "reported": "S",
    "unverified": "U",
    "illustrative": "I",
    "reconstructed": "R",
    "estimate": "E",
    "authored": "A",
}


def mark(status: str, decorative: bool = False) -> str:
    """A control's status as a small mark: a letter on screen, the status in words for a screen reader and on hover
    (``decorative``: hidden from screen readers, where the words follow it, as in the legend).

    >>> mark("illustrative")
    '<span class="pb-mark illustrative" title="Illustrative - replace with your own"><span aria-hidden="true">I</span><span class="pb-visually-hidden">Status: Illustrative - replace with your own</span></span>'
    """
    words = STATUS_LABEL.get(status, status)
    letter = MARKS.get(status, status[:1].upper())
    if decorative:
        return f'<span class="pb-mark {esc(status)}" aria-hidden="true">{esc(letter)}</span>'
    return (
        f'<span class="pb-mark {esc(status)}" title="{esc(words)}"><span aria-hidden="true">{esc(letter)}</span>'
        f'<span class="pb-visually-hidden">Status: {esc(words)}</span></span>'
    )


def legend(params: Parameters) -> str:
    """What each mark beside the settings means, for the statuses this page's settings can show (file order).

    >>> from probation_briefing.data.params import parameters
    >>> html = legend(parameters("q15"))
    >>> "Reconstructed - official map not found</span>" in html, "Published figure</span>" in html  # Q15's structures
    (True, True)
    """
    seen: list[str] = []
    for p in params.values():
        for status in (p.status, *p.choice_statuses):
            if status not in seen:
                seen.append(status)
    items = "".join(f'<span class="pb-legend-item">{mark(s, decorative=True)} {esc(STATUS_LABEL.get(s, s))}</span>' for s in seen)
    return f'<p class="pb-legend"><span class="pb-legend-lead">Where each setting comes from:</span> {items}</p>'


def _marker(p: Parameter, control: w.Widget) -> w.HTML:
    """The status mark beside a control; for a choice of area structure it follows the structure chosen."""
    shown = w.HTML(mark(p.status_of(getattr(control, "value", p.default))))
    shown.add_class("pb-marker")
    if p.choice_statuses:
        control.observe(lambda change: setattr(shown, "value", mark(p.status_of(change["new"]))), names="value")
    return shown


def _row(p: Parameter, control: w.Widget) -> w.HBox:
    control.add_class("pb-control")
    row = w.HBox([control, _marker(p, control)], layout=w.Layout(flex_flow="row wrap", align_items="center"))
    row.add_class("pb-ctl-row")
    return row


def _section(s: Section, widgets: Mapping[str, w.Widget]) -> list[w.Widget]:
    rows: list[w.Widget] = [_row(p, widgets[p.param_id]) for p in s.members]
    if s.collapsed:
        return _disclosure(s.title, rows, tuple(p.param_id for p in s.members))
    return [w.HTML(f"<h3 class='pb-group'>{esc(s.title)}</h3>"), *rows]


def grouped(params: Parameters, widgets: Mapping[str, w.Widget]) -> list[w.Widget]:
    """The controls in their sections (``sections``), each beside its status mark, under a legend of the marks.

    Where a briefing compares two settings (Q14), setting A's sections and setting B's sit side by side in two
    columns (one above the other on a narrow screen), followed by the sections both share.
    """
    parts = sections(params)
    out: list[w.Widget] = [w.HTML(legend(params))]
    columns = {k: [s for s in parts if s.setting == k] for k in ("A", "B")}
    if columns["A"] and columns["B"]:
        boxes = []
        for k, col in columns.items():
            box = w.VBox([x for s in col for x in _section(s, widgets)])
            box.add_class("pb-setting-col")
            box.add_class(f"pb-setting-{k.lower()}")
            boxes.append(box)
        pair = w.Box(boxes)
        pair.add_class("pb-setting-pair")
        out.append(pair)
        parts = [s for s in parts if s.setting not in ("A", "B")]
    for s in parts:
        out += _section(s, widgets)
    return out


def open_changed(top: w.Widget, params: Parameters, values: Mapping[str, Any]) -> list[str]:
    """Open every collapsed group under ``top`` that holds a setting not at its default, so a page opened from a shared
    link shows the settings the link changed; the titles of the groups opened.

    >>> from probation_briefing.data.params import parameters
    >>> params = parameters("q13")
    >>> box = w.VBox(grouped(params, {k: w.Text() for k in params}))
    >>> hidden = next(s for s in sections(params) if s.collapsed).members[0]
    >>> open_changed(box, params, {k: p.default for k, p in params.items()})
    []
    >>> len(open_changed(box, params, {**{k: p.default for k, p in params.items()}, hidden.param_id: -1}))
    1
    """
    opened = []
    stack = [top]
    while stack:
        node = stack.pop()
        members = getattr(node, "_pb_members", ())
        if isinstance(node, w.ToggleButton) and not node.value and any(values.get(k) != params[k].default for k in members):
            node.value = True
            opened.append(node.description)
        stack.extend(getattr(node, "children", ()))
    return opened


def column_class(params: Parameters) -> str:
    """The settings column's class: a wider column where settings A and B sit side by side (Q14).

    >>> from probation_briefing.data.params import parameters
    >>> column_class(parameters("q14")), column_class(parameters("q15"))
    ('pb-controls-pair', 'pb-controls-one')
    """
    return "pb-controls-pair" if any(p.setting == "B" for p in params.values()) else "pb-controls-one"


def shown_first(params: Parameters) -> list[str]:
    """The names of the settings shown before any group is opened (the open sections'), in section order.

    >>> from probation_briefing.data.params import parameters
    >>> shown_first(parameters("q15"))
    ['share_pct', 'allocation_key', 'recipients', 'structure']
    """
    return [p.param_id for s in sections(params) if not s.collapsed for p in s.members]


def visible_count(params: Parameters, presets: int = 1) -> int:
    """How many controls show before any group is opened: the open sections' and the preset picker (if any).

    >>> from probation_briefing.data.params import parameters
    >>> all(visible_count(parameters(q)) <= MAX_VISIBLE for q in ("q13", "q14", "q15"))
    True
    """
    return sum(len(s.members) for s in sections(params) if not s.collapsed) + (1 if presets else 0)


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
