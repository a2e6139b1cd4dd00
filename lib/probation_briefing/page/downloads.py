"""A "prepare downloads" panel: the current scenario's tables as a spreadsheet (ODS, XLSX) and as CSV (rounded as on
the page, and at full precision for software), charts as PNG/SVG and a one-page HTML briefing note, all as offline
download links, and links to the server's two-page briefing document (PDF, ODT, DOCX) for the same settings.

Files are built only when the user asks (rendering PNGs takes tens of milliseconds per chart, too
slow to redo on every slider step).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..briefings.contract import Briefing, View
from ..data import DataSource, timeline
from ..data.params import Scenario
from ..present import export
from ..present import html as ui
from ..present.dates import long_date
from ..present.export import Bundle
from . import chart_context, error_display, provenance, table_downloads, urlstate

#: The briefing documents' folder beside the page (the server makes them: ``server.documents``).
DOCUMENTS = "briefing-document"
UPLOAD_NOTE = "The briefing documents are made from the published data, not from your upload."


def document_links(b: Bundle) -> str:
    """'Briefing document (PDF | ODT | DOCX)': links to the server's document for the bundle's scenario, relative to the
    page (so they work under any base URL), or nothing for a bundle with no document.

    >>> html = document_links(Bundle("Q15", {}, [], url="?share_pct=25", document="briefing-document/q15"))
    >>> html[:88]
    'Briefing document (<a class="pb-download" href="briefing-document/q15.pdf?share_pct=25" '
    >>> 'href="briefing-document/q15.docx?share_pct=25" download>DOCX</a>' in html
    True
    """
    if not b.document:
        return ""
    links = " | ".join(
        f'<a class="pb-download" href="{ui.esc(f"{b.document}.{fmt}{b.url}")}" download>{name}</a>'
        for fmt, name in (("pdf", "PDF"), ("odt", "ODT"), ("docx", "DOCX"))
    )
    note = f" {ui.esc(b.document_note)}" if b.document_note else ""
    return f"Briefing document ({links}): two A4 pages for these settings.{note}"


def bundle(briefing: Briefing, scenario: Scenario, view: View, data: DataSource) -> Bundle:
    """A scenario's results as downloadable files: tables (CSV), charts (PNG/SVG) and a one-page note (with the
    settings, headline figures, assumptions, sources and the link back to the page at these settings)."""
    params = scenario.params
    return Bundle(
        briefing.title,
        {params[k].label: params[k].label_of(x) for k, x in scenario.items()},
        [(h.label + (" (illustrative)" if h.status == "illustrative" else ""), h.value) for h in view.headlines],
        {c.title: c.chart for c in view.charts},
        {t.caption: (t.download if t.download is not None else t.frame) for t in view.table_views()},
        params.assumptions(data),
        ui.sources_html(provenance.source_ids(params, briefing.datasets, data, briefing.sources), data),
        url="?" + urlstate.encode(scenario, params, stamped=True),
        as_at=long_date(timeline.as_at().isoformat()),
        document=f"{DOCUMENTS}/{briefing.id}",
        document_note=UPLOAD_NOTE if data.replaced() else "",
        contexts=chart_context.contexts(briefing, scenario, view),
        **table_downloads.fields(briefing, scenario, view, data),
    )


def links(b: Bundle) -> str:
    """HTML download links for a bundle: the spreadsheet, CSVs per table (rounded; full precision), PNG and SVG per chart,
    and the briefing note."""
    parts = [f"<ul class='pb-downloads'><li>{table_downloads.spreadsheet_links(b)}</li>"]
    parts += [f"<li>{export.table_links(t)}</li>" for t in b.files()]
    for name, ch in b.charts.items():
        parts.append(f"<li>{ui.esc(name)}: {export.chart_links(ch, name, context=b.contexts.get(name))}</li>")
    parts.append(f"<li>{export.briefing_note_link(b)}</li>")
    if b.document:
        parts.append(f"<li>{document_links(b)}</li>")
    parts.append(f"</ul><p>{ui.esc(export.ROUNDING_NOTE)}</p>")
    return "".join(parts)


def panel(build: Callable[[], Bundle]) -> w.VBox:
    """A button that builds the current scenario's downloads, and the area where the links appear."""
    button = w.Button(
        description="Prepare downloads",
        tooltip="Build spreadsheet, CSV, chart and briefing-note files for the current settings",
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
