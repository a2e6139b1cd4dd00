"""Exports that work offline: charts as PNG/SVG and a one-page HTML briefing note, as download links.

Charts are rendered in the kernel by vl-convert (bundled Vega, no browser, no internet). Download
links carry their file inline (data: URI), like ``html.csv_link``, so they need no server round-trip.
A :class:`Bundle` is everything a briefing can export for one scenario.

>>> slug("Q15 - What each commissioner receives")
'q15-what-each-commissioner-receives'
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from ..errors import InputError
from . import html as ui
from .charts import ChartLike, Filled
from .html import esc, table_html
from .readable import Table, readable
from .vegalite import vega_lite_version

MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}


def _spec(chart: object) -> dict[str, Any]:
    if not isinstance(chart, (alt.TopLevelMixin, Filled)):
        raise InputError("Only charts can be exported")
    return chart.to_dict(validate=False)


def chart_svg(chart: ChartLike) -> bytes:
    """The chart as SVG (UTF-8 bytes), rendered offline by vl-convert with the current Altair theme."""
    return vlc.vegalite_to_svg(_spec(chart), vl_version=vega_lite_version()).encode("utf-8")


def chart_png(chart: ChartLike, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (``scale`` 2 = sharp on high-resolution screens and in print)."""
    return bytes(vlc.vegalite_to_png(_spec(chart), scale=scale, vl_version=vega_lite_version()))


def _mime(filename: str) -> str:
    return MIME.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def slug(text: str) -> str:
    """A safe file-name stem from a title."""
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:60] or "chart"


def chart_links(chart: ChartLike, name: str, what: str = "chart") -> str:
    """ "Download chart as PNG | SVG" links for one chart; ``name`` is the file stem, ``what`` the link text's noun."""
    stem = slug(name)
    png = ui.download_link(chart_png(chart), f"{stem}.png", f"Download {what} as PNG", _mime("x.png"))
    svg = ui.download_link(chart_svg(chart), f"{stem}.svg", f"Download {what} as SVG", _mime("x.svg"))
    return f'<span class="pb-downloads">{png} | {svg}</span>'


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
    as_at: str = ""  # the date the data describe, as the reader sees it ("3 December 2026")
    # for the spreadsheet and the rounded/full-precision CSV pairs (``tables`` alone still gives one CSV per table)
    table_files: list[Table] = field(default_factory=list)
    about: str = ""  # what the tables show, in a sentence or two
    caveats: list[str] = field(default_factory=list)  # the page's caveats, plain text: the spreadsheet's notes
    status: str = ""  # "Not official statistics: ..."
    contact: str = ""  # the feedback address (mailto: or https:)
    version: dict[str, str] = field(default_factory=dict)  # the version stamp's named fields
    sources: list[str] = field(default_factory=list)  # one plain line per source ("[S6] Publisher: Title. https://...")

    def files(self) -> list[Table]:
        """The tables as file pairs: ``table_files``, or else each of ``tables`` made readable."""
        return self.table_files or [Table(name, readable(df), df) for name, df in self.tables.items()]


ROUNDING_NOTE = (
    "The CSV files and the spreadsheet are rounded as the page shows them, with readable column names and money in "
    "millions of pounds (£m) unless a heading says otherwise. Each full-precision CSV keeps the model's exact values and its own "
    "column names (money in pence where the model counts pence), for use in other software."
)


def table_links(t: Table) -> str:
    """A table's downloads: the CSV rounded as on the page and, when it differs, the full-precision CSV for software."""
    stem = t.stem or slug(t.caption)
    links = f"{esc(t.caption)}: " + ui.csv_link(t.readable, f"{stem}.csv", "CSV, rounded as on the page")
    if not _same(t.readable, t.full):
        links += " | " + ui.csv_link(t.full, f"{stem}-full-precision.csv", "full-precision CSV, for software")
    return links


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return list(map(str, a.columns)) == list(map(str, b.columns)) and a.reset_index(drop=True).equals(b.reset_index(drop=True))


NOTE_CSS = """
body{max-width:52em;margin:1.5em auto;padding:0 1em;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}
.meta{color:#555;font-size:.9em}
figure{margin:.8em 0;break-inside:avoid}figure svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none;font-size:11pt}}
"""  # layout of the note only; the house style comes from the one stylesheet (present.html.stylesheet)


def briefing_note(b: Bundle, *, generated: _dt.datetime | None = None) -> str:
    """A self-contained one-page HTML note of the bundle's scenario: settings, headline figures, charts (inline SVG),
    assumptions and sources. ``b.settings`` maps a readable label to its value; ``b.sources_html`` is trusted markup
    from ``html.sources_html``. Everything else is escaped."""
    when = (generated or _dt.datetime.now()).strftime("%d %B %Y %H:%M")
    rows = "".join(f"<tr><th scope='row'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in b.settings.items())
    cards = "".join(f'<div class="pb-card"><div class="v">{esc(v)}</div><div>{esc(k)}</div></div>' for k, v in b.headlines)
    figs = []
    for i, ch in enumerate(b.charts.values(), 1):
        svg = chart_svg(ch).decode("utf-8")
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="Chart {i}" ', 1)
        figs.append(f"<figure>{svg}</figure>")
    link = f'<p class="meta">Scenario link: <a href="{esc(b.url)}">{esc(b.url)}</a></p>' if b.url else ""
    assumptions = b.assumptions if b.assumptions is not None else pd.DataFrame()
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(b.title)}</title>'
        f"<style>{ui.stylesheet()}{NOTE_CSS}</style></head><body class='pb-page'><main>"
        f'<h1>{esc(b.title)}</h1><p class="meta">{"Data as at " + esc(b.as_at) + ". " if b.as_at else ""}'
        f"Briefing note generated {esc(when)}.</p>{link}"
        f'<h2>Scenario settings</h2><table class="pb-table"><tbody>{rows}</tbody></table>'
        f'<h2>Headline figures</h2><div class="pb-headline">{cards}</div>'
        f"<h2>Charts</h2>{''.join(figs) or '<p>No charts.</p>'}"
        f"<h2>Assumptions</h2>{table_html(assumptions)}"
        f"<h2>Sources</h2>{b.sources_html}</main></body></html>"
    )


def briefing_note_link(b: Bundle, label: str = "Download a one-page briefing note (HTML)") -> str:
    """``briefing_note`` as a download link."""
    return ui.download_link(briefing_note(b).encode("utf-8"), f"{slug(b.title)}-briefing-note.html", label, "text/html")
