"""What the spreadsheet and the CSV pairs add to the downloads panel: the fields a bundle needs for a reader's files
(readable and full-precision tables, the caveats as notes, the status, contact, version stamp and sources as plain
text), and the spreadsheet's download links (ODS and XLSX).
"""

from __future__ import annotations

from typing import Any

from ..briefings.contract import Briefing, View
from ..data import DataSource, version
from ..data.params import Scenario
from ..present import html as ui
from ..present import spreadsheet as sheet
from ..present.export import Bundle
from ..present.readable import Table
from . import provenance, service


def fields(briefing: Briefing, scenario: Scenario, view: View, data: DataSource) -> dict[str, Any]:
    """What the spreadsheet and the CSV pairs add to a bundle: readable and full-precision tables, caveats as notes,
    the status, contact, version stamp and sources as plain text."""
    ids = provenance.source_ids(scenario.params, briefing.datasets, data, briefing.sources)
    src = data.load("sources").set_index("source_id")
    sources = [
        f"[{i}] {src.loc[i, 'publisher']}: {src.loc[i, 'title']}." + (f" {src.loc[i, 'url']}" if isinstance(src.loc[i, "url"], str) else "")
        for i in ids
        if i in src.index
    ]
    return {
        "table_files": [Table(t.caption, t.readable_frame(), t.full_frame(), t.note) for t in view.table_views()],
        "about": f"{briefing.summary} The tables are the ones the briefing page shows for the settings below.",
        "caveats": [c.text for c in view.caveats],
        "status": service.settings().statistics_status,
        "contact": service.settings().feedback_url,
        "version": version.stamp().fields(),
        "sources": sources,
    }


def spreadsheet_links(b: Bundle) -> str:
    """'Spreadsheet (ODS, 18 KB) | Spreadsheet (XLSX, 32 KB): every table, with cover, contents and notes sheets'."""
    files = []
    for f in sheet.FORMATS:
        data = sheet.spreadsheet(b, f)
        label = f"Spreadsheet ({f.upper()}, {max(1, round(len(data) / 1024))} KB)"
        files.append(ui.download_link(data, sheet.file_name(b, f), label, sheet.MIME[f]))
    return f"{' | '.join(files)}: every table, with cover, contents and notes sheets"
