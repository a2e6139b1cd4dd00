"""A "prepare downloads" panel: the current scenario's results as CSV, charts as PNG/SVG and a
one-page HTML briefing note, all as offline download links.

Files are built only when the user asks (rendering PNGs takes tens of milliseconds per chart, too
slow to redo on every slider step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import ipywidgets as w
import pandas as pd

from ..publish import export
from . import error_display
from . import html as ui
from .charts import ChartLike


@dataclass
class Bundle:
    """Everything a briefing can export for its current scenario."""

    title: str
    settings: dict[str, object]
    headlines: list[tuple[str, str]]
    charts: dict[str, ChartLike] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    assumptions: pd.DataFrame | None = None
    sources_html: str = ""
    url: str = ""


def links(b: Bundle) -> str:
    """HTML download links for a bundle: one CSV per table, PNG and SVG per chart, and the briefing note."""
    parts = ["<ul class='pb-downloads'>"]
    for name, df in b.tables.items():
        parts.append(f"<li>{ui.csv_link(df, f'{export.slug(name)}.csv', f'{name} (CSV)')}</li>")
    for name, ch in b.charts.items():
        parts.append(f"<li>{ui.esc(name)}: {export.chart_links(ch, name)}</li>")
    parts.append(
        "<li>"
        + export.briefing_note_link(
            b.title,
            b.settings,
            b.headlines,
            list(b.charts.values()),
            b.assumptions if b.assumptions is not None else pd.DataFrame(),
            b.sources_html,
            url=b.url,
        )
        + "</li></ul>"
    )
    return "".join(parts)


def panel(build: Callable[[], Bundle]) -> w.VBox:
    """A button that builds the current scenario's downloads, and the area where the links appear."""
    button = w.Button(
        description="Prepare downloads",
        tooltip="Build CSV, chart and briefing-note files for the current settings",
        icon="",
        layout=w.Layout(width="14em"),
    )
    out = w.HTML("<p>Downloads reflect the settings at the moment you press the button.</p>")

    def go(_: object) -> None:
        out.value = "<p role='status'>Preparing…</p>"
        try:
            out.value = links(build())
        except Exception as exc:  # noqa: BLE001 - never a traceback on the page
            error_display.log_error("downloads", exc)
            out.value = ui.notice(ui.friendly(exc), "error")

    button.on_click(go)
    return w.VBox([w.HTML("<h3>Download this scenario</h3>"), button, out])
