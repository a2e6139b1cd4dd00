"""Workshop mode: discussion prompts for participants, facilitator notes a trainer can show or hide, and a
side-by-side comparison of two scenarios' headline figures.

Content lives in ``data/workshop.csv`` so trainers can edit it without touching code.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as w
import pandas as pd

from ..data import DataSource
from ..present.html import esc


def items(data: DataSource, briefing: str, kind: str, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """(text, label of the preset it starts from, or '') for a briefing's prompts or facilitator notes, in file order."""
    df = data.load("workshop")
    df = df[(df.briefing == briefing) & (df.kind == kind)]
    return [(str(r.text), labels.get(str(r.preset_id), "") if isinstance(r.preset_id, str) else "") for r in df.itertuples()]


def _list(entries: list[tuple[str, str]]) -> str:
    li = "".join(f"<li>{esc(t)}{f' <em>(start from: {esc(p)})</em>' if p else ''}</li>" for t, p in entries)
    return f"<ol>{li}</ol>"


def comparison(names: tuple[str, str], a: list[tuple[str, str]], b: list[tuple[str, str]]) -> pd.DataFrame:
    """Two scenarios' headline figures side by side (one row per figure).

    >>> comparison(("Now", "Preset"), [("Moved", "£45m")], [("Moved", "£0m")]).values.tolist()
    [['Moved', '£45m', '£0m']]
    """
    hb = dict(b)
    return pd.DataFrame({"figure": [k for k, _ in a], names[0]: [v for _, v in a], names[1]: [hb.get(k, "") for k, _ in a]})


def prompts_panel(data: DataSource, briefing: str, labels: Mapping[str, str]) -> w.VBox:
    """Prompts always visible; facilitator notes behind a toggle (hidden by default)."""
    notes = w.HTML(f'<div class="pb-notice">{_list(items(data, briefing, "facilitator", labels))}</div>')
    notes.layout.display = "none"
    toggle = w.ToggleButton(
        value=False,
        description="Show facilitator notes",
        tooltip="Show or hide the notes for the workshop facilitator",
        layout=w.Layout(width="16em"),
    )

    def flip(change: dict[str, bool]) -> None:
        notes.layout.display = "" if change["new"] else "none"
        toggle.description = "Hide facilitator notes" if change["new"] else "Show facilitator notes"

    toggle.observe(flip, names="value")
    return w.VBox([w.HTML("<h2>Workshop: questions to discuss</h2>" + _list(items(data, briefing, "prompt", labels))), toggle, notes])
