"""Workshop mode: discussion prompts for participants and facilitator notes a trainer can show or hide.

Content lives in data/workshop.csv so trainers can edit it without touching code.
"""
from __future__ import annotations

import ipywidgets as w

from . import ui
from .data import load
from .presets import presets


def items(briefing: str, kind: str) -> list[tuple[str, str]]:
    """(text, preset label or '') for a briefing's prompts or facilitator notes, in file order."""
    df = load("workshop")
    df = df[(df.briefing == briefing) & (df.kind == kind)]
    labels = {p.preset_id: p.label for p in presets(briefing)}
    return [(str(r.text), labels.get(r.preset_id, "") if isinstance(r.preset_id, str) else "") for r in df.itertuples()]


def _list(entries: list[tuple[str, str]]) -> str:
    li = "".join(f"<li>{ui.esc(t)}{f' <em>(start from the preset: {ui.esc(p)})</em>' if p else ''}</li>" for t, p in entries)
    return f"<ol>{li}</ol>"


def panel(briefing: str) -> w.VBox:
    """Prompts always visible; facilitator notes behind a toggle (hidden by default)."""
    notes = w.HTML(f'<div class="pb-notice">{_list(items(briefing, "facilitator"))}</div>')
    notes.layout.display = "none"
    toggle = w.ToggleButton(value=False, description="Show facilitator notes", tooltip="Show or hide the notes for the workshop facilitator",
                            layout=w.Layout(width="16em"))

    def flip(change: dict) -> None:
        notes.layout.display = "" if change["new"] else "none"
        toggle.description = "Hide facilitator notes" if change["new"] else "Show facilitator notes"

    toggle.observe(flip, names="value")
    return w.VBox([w.HTML("<h2>Workshop: questions to discuss</h2>" + _list(items(briefing, "prompt"))), toggle, notes])
