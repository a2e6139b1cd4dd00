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
import textwrap
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc

from ..data import version
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


@dataclass(frozen=True)
class ChartContext:
    """What a downloaded chart carries inside the image, so it can be read away from the page: its title, a subtitle
    (the briefing and the scenario), the sources it draws on, its status, the main caveat and the version stamp."""

    title: str
    subtitle: str = ""
    source: str = ""
    status: str = ""
    caveat: str = ""
    stamp: str = ""

    def footer(self) -> list[str]:
        """The lines under the chart ("Source: ...", "Status: ...", "Caveat: ...", "Version: ...")."""
        parts = [("Source", self.source), ("Status", self.status), ("Caveat", self.caveat), ("Version", self.stamp)]
        return [f"{name}: {text}" for name, text in parts if text]


#: Export layout: the image is at least this wide (px), so the words around a narrow chart wrap at a readable length.
EXPORT_MIN_WIDTH = 460
_CHAR_PX = 6.3  # the average width of a character at the footer's 11 px (for wrapping; Vega does not wrap text)
_TOP_LEVEL = ("$schema", "config", "datasets", "background", "padding", "autosize", "usermeta")


def _wrap(text: str, width_px: float, char_px: float) -> list[str]:
    return textwrap.wrap(text, max(20, int(width_px / char_px)), break_long_words=True, break_on_hyphens=False) or [""]


def with_context(spec: dict[str, Any], ctx: ChartContext) -> dict[str, Any]:
    """A Vega-Lite spec for export: ``spec`` under a title and subtitle, above a footer of text (source, status, main
    caveat, version stamp). Only downloads use it; the page's own charts are left as they are.

    >>> import altair as alt, pandas as pd
    >>> chart = alt.Chart(pd.DataFrame({"n": [1]})).mark_bar().encode(x="n").properties(width=300, title="Old")
    >>> out = with_context(chart.to_dict(), ChartContext("Money", "Q15", source="S1", stamp="Data package 0.1.0"))
    >>> out["title"]["text"], out["title"]["subtitle"], "title" in out["vconcat"][0]
    (['Money'], ['Q15'], False)
    >>> [r["t"] for r in out["vconcat"][1]["data"]["values"]]
    ['Source: S1', 'Version: Data package 0.1.0']
    """
    inner = {k: v for k, v in spec.items() if k not in (*_TOP_LEVEL, "title")}
    width = inner.get("width")
    text_width = max(float(width) if isinstance(width, (int, float)) else 0.0, EXPORT_MIN_WIDTH)
    lines = [line for part in ctx.footer() for line in _wrap(part, text_width, _CHAR_PX)]
    step = 15
    footer = {
        "width": text_width,
        "height": step * len(lines),
        "data": {"values": [{"t": line, "y": i * step} for i, line in enumerate(lines)]},
        "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11, "color": "#333333"},
        "encoding": {
            "text": {"field": "t", "type": "nominal"},
            "x": {"value": 0},
            "y": {"field": "y", "type": "quantitative", "scale": None},
        },
        "view": {"stroke": None},
    }
    out: dict[str, Any] = {k: spec[k] for k in _TOP_LEVEL if k in spec}
    out["title"] = {
        "text": _wrap(ctx.title, text_width, 8.0),
        "subtitle": _wrap(ctx.subtitle, text_width, 6.8) if ctx.subtitle else [],
        "anchor": "start",
        "fontSize": 15,
        "subtitleFontSize": 12,
        "subtitleColor": "#333333",
        "offset": 12,
    }
    out["vconcat"] = [inner, footer]
    out["spacing"] = 14
    out["padding"] = 12
    out["background"] = spec.get("background", "white")
    config = dict(out.get("config") or {})
    config["legend"] = {**(config.get("legend") or {}), "labelLimit": 0}  # a saved image shows each label whole
    out["config"] = config
    return out


def _export_spec(chart: ChartLike, context: ChartContext | None) -> dict[str, Any]:
    spec = _spec(chart)
    return spec if context is None else with_context(spec, context)


def chart_svg(chart: ChartLike, context: ChartContext | None = None) -> bytes:
    """The chart as SVG (UTF-8 bytes), rendered offline by vl-convert with the current Altair theme; with ``context``,
    the image carries it (``with_context``)."""
    return vlc.vegalite_to_svg(_export_spec(chart, context), vl_version=vega_lite_version()).encode("utf-8")


def chart_png(chart: ChartLike, scale: float = 2.0, context: ChartContext | None = None) -> bytes:
    """The chart as PNG bytes (``scale`` 2 = sharp on high-resolution screens and in print); with ``context``, the image
    carries it."""
    return bytes(vlc.vegalite_to_png(_export_spec(chart, context), scale=scale, vl_version=vega_lite_version()))


def _mime(filename: str) -> str:
    return MIME.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def slug(text: str) -> str:
    """A safe file-name stem from a title."""
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:60] or "chart"


def chart_links(chart: ChartLike, name: str, what: str = "chart", context: ChartContext | None = None) -> str:
    """ "Download chart as PNG | SVG" links for one chart; ``name`` is the file stem, ``what`` the link text's noun; the
    images carry ``context`` (title, source, status, caveat, version) when given."""
    stem = slug(name)
    png = ui.download_link(chart_png(chart, context=context), f"{stem}.png", f"Download {what} as PNG", _mime("x.png"))
    svg = ui.download_link(chart_svg(chart, context), f"{stem}.svg", f"Download {what} as SVG", _mime("x.svg"))
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
    document: str = ""  # the server's briefing document for this scenario, relative to the page, less its format and query
    document_note: str = ""  # a plain note beside the document links (for example: made from the published data)
    contexts: dict[str, ChartContext] = field(default_factory=dict)  # by chart name: what each downloaded image carries
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
        f"Briefing note generated {esc(when)}. {esc(version.stamp().text())}.</p>{link}"
        f'<h2>Scenario settings</h2><table class="pb-table"><tbody>{rows}</tbody></table>'
        f'<h2>Headline figures</h2><div class="pb-headline">{cards}</div>'
        f"<h2>Charts</h2>{''.join(figs) or '<p>No charts.</p>'}"
        f"<h2>Assumptions</h2>{table_html(assumptions)}"
        f"<h2>Sources</h2>{b.sources_html}</main></body></html>"
    )


def briefing_note_link(b: Bundle, label: str = "Download a one-page briefing note (HTML)") -> str:
    """``briefing_note`` as a download link."""
    return ui.download_link(briefing_note(b).encode("utf-8"), f"{slug(b.title)}-briefing-note.html", label, "text/html")
