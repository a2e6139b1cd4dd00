"""Workshop mode: discussion prompts for participants and facilitator notes a trainer can show or hide.

Content lives in data/workshop.csv so trainers can edit it without touching code.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from . import ui
from .data import load
from .presets import presets, scenario

Headlines = Callable[[dict[str, Any]], list[tuple[str, str]]]


def items(briefing: str, kind: str) -> list[tuple[str, str]]:
    """(text, preset label or '') for a briefing's prompts or facilitator notes, in file order."""
    df = load("workshop")
    df = df[(df.briefing == briefing) & (df.kind == kind)]
    labels = {p.preset_id: p.label for p in presets(briefing)}
    return [(str(r.text), labels.get(r.preset_id, "") if isinstance(r.preset_id, str) else "") for r in df.itertuples()]


def _list(entries: list[tuple[str, str]]) -> str:
    li = "".join(f"<li>{ui.esc(t)}{f' <em>(start from the preset: {ui.esc(p)})</em>' if p else ''}</li>" for t, p in entries)
    return f"<ol>{li}</ol>"


def exercise_picker(briefing: str, controls: dict[str, w.Widget]) -> w.Dropdown:
    """A drop-down of the briefing's presets; choosing one sets every control to that scenario."""
    ps = {p.preset_id: p for p in presets(briefing)}
    pick = w.Dropdown(options=[("Choose an exercise…", "")] + [(p.label, pid) for pid, p in ps.items()], value="",
                      description="Start an exercise", style={"description_width": "12em"}, layout=w.Layout(width="40em"))

    def apply(change: dict) -> None:
        if not change["new"]:
            return
        for k, v in scenario(briefing, ps[change["new"]]).items():
            if k in controls:
                controls[k].value = v

    pick.observe(apply, names="value")
    return pick


def comparison(briefing: str, a: dict[str, Any], b: dict[str, Any], headlines: Headlines,
               names: tuple[str, str] = ("Scenario 1", "Scenario 2")) -> pd.DataFrame:
    """Two scenarios' headline figures side by side (one row per figure)."""
    ha, hb = dict(headlines(a)), dict(headlines(b))
    return pd.DataFrame({"figure": list(ha), names[0]: list(ha.values()), names[1]: [hb.get(k, "") for k in ha]})


def compare_panel(briefing: str, controls: dict[str, w.Widget], headlines: Headlines) -> w.VBox:
    """Pick two scenarios (presets or the current settings) and see their headline figures side by side."""
    ps = {p.preset_id: p for p in presets(briefing)}
    opts = [("Current settings", "_current")] + [(p.label, pid) for pid, p in ps.items()]
    left = w.Dropdown(options=opts, value="_current", description="Scenario 1", layout=w.Layout(width="34em"))
    right = w.Dropdown(options=opts, value=list(ps)[1] if len(ps) > 1 else "default", description="Scenario 2",
                       layout=w.Layout(width="34em"))
    out = w.HTML()

    def values(choice: str) -> dict[str, Any]:
        if choice == "_current":
            return {k: c.value for k, c in controls.items()}
        return scenario(briefing, ps[choice])

    def update(_: object = None) -> None:
        try:
            t = comparison(briefing, values(left.value), values(right.value), headlines,
                           (left.label or "Scenario 1", right.label or "Scenario 2"))
            out.value = ui.table_html(t, caption="Two scenarios side by side")
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            out.value = ui.notice(ui.friendly(exc), "error")

    for d in (left, right):
        d.observe(update, names="value")
    for c in controls.values():
        c.observe(lambda ch: update() if left.value == "_current" or right.value == "_current" else None, names="value")
    update()
    return w.VBox([w.HTML("<h3>Compare two scenarios</h3>"), w.HBox([left, right]), out])


def panel(briefing: str, controls: dict[str, w.Widget] | None = None, headlines: Headlines | None = None) -> w.VBox:
    """Prompts always visible; an exercise picker and a side-by-side comparison when ``controls`` (and
    ``headlines``) are given; facilitator notes behind a toggle (hidden by default)."""
    notes = w.HTML(f'<div class="pb-notice">{_list(items(briefing, "facilitator"))}</div>')
    notes.layout.display = "none"
    toggle = w.ToggleButton(value=False, description="Show facilitator notes", tooltip="Show or hide the notes for the workshop facilitator",
                            layout=w.Layout(width="16em"))

    def flip(change: dict) -> None:
        notes.layout.display = "" if change["new"] else "none"
        toggle.description = "Hide facilitator notes" if change["new"] else "Show facilitator notes"

    toggle.observe(flip, names="value")
    parts: list[w.Widget] = [w.HTML("<h2>Workshop: questions to discuss</h2>" + _list(items(briefing, "prompt")))]
    if controls is not None:
        parts.append(exercise_picker(briefing, controls))
        if headlines is not None:
            parts.append(compare_panel(briefing, controls, headlines))
    return w.VBox([*parts, toggle, notes])
