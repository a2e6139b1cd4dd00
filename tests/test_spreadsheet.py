"""The spreadsheet download follows the Analysis Function's "Releasing statistics in spreadsheets", in ODS and XLSX, and
reads back into pandas with the page's figures; the CSVs are readable (headings with units, £m, rounding) and the
full-precision CSV is the model's table to the last digit.

Each briefing is checked at settings other than its defaults, so the files follow the scenario, not a fixed example.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pandas as pd
import pytest
from probation_briefing.briefings import get
from probation_briefing.data import source
from probation_briefing.page import downloads
from probation_briefing.present import spreadsheet as sheet
from probation_briefing.present.readable import Table

SCENARIOS = {
    "q13": {"structure": "regions_2021", "demand_gbp_m": 400},
    "q14": {"route": "rate_card", "charity_turnover_gbp_k": 900},
    "q15": {"share_pct": 26, "allocation_key": "officers"},
}
ENGINE = {"ods": "odf", "xlsx": "openpyxl"}
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
SHEET_NAME = re.compile(r"^[A-Za-z0-9_]{1,31}$")
UNIT = re.compile(r"\((£m|£k|£|%|pence|number|£k a year|£m a year)[^()]*\)")


@pytest.fixture(scope="module")
def made() -> dict[str, Any]:
    """Each briefing at non-default settings: its view, bundle and both spreadsheet files."""
    d = source()
    out = {}
    for bid, changes in SCENARIOS.items():
        b = get(bid)
        scenario = b.parameters(d).defaults().replace(**changes)
        view = b.view(scenario, d)
        bundle = downloads.bundle(b, scenario, view, d)
        out[bid] = {"view": view, "bundle": bundle, "files": {f: sheet.spreadsheet(bundle, f) for f in sheet.FORMATS}}
    return out


# ---- the files as grids of cells ---------------------------------------------------------------------------------


def _ods_text(cell: ET.Element) -> str:
    return "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))


def ods_grid(data: bytes) -> dict[str, Any]:
    """An ODS file's sheets as rows of cell values (None for an empty cell), its tables (database ranges), any
    merged cells, and its title and language."""
    z = zipfile.ZipFile(io.BytesIO(data))
    content = ET.fromstring(z.read("content.xml"))
    meta = ET.fromstring(z.read("meta.xml"))
    t = f"{{{NS['table']}}}"
    sheets: dict[str, list[list[Any]]] = {}
    merged = []
    for table in content.iter(t + "table"):
        rows = []
        for row in table.iter(t + "table-row"):
            cells: list[Any] = []
            for cell in row:
                if cell.get(t + "number-columns-spanned", "1") != "1" or cell.get(t + "number-rows-spanned", "1") != "1":
                    merged.append((table.get(t + "name"), len(rows), len(cells)))
                if cell.tag == t + "covered-table-cell":
                    merged.append((table.get(t + "name"), len(rows), len(cells)))
                office = f"{{{NS['office']}}}"
                kind = cell.get(office + "value-type")
                value: Any = float(cell.get(office + "value")) if kind == "float" else (_ods_text(cell) if kind else None)
                cells += [value] * int(cell.get(t + "number-columns-repeated", "1"))
            while cells and cells[-1] is None:
                cells.pop()
            rows += [cells] * int(row.get(t + "number-rows-repeated", "1"))
        sheets[table.get(t + "name")] = rows
    tables = {}
    for r in content.iter(t + "database-range"):
        start, end = r.get(t + "target-range-address").split(":")
        name, first = start.split(".")
        assert name not in tables, f"{name}: more than one table on the sheet"
        tables[name] = (first, end.split(".")[1], r.get(t + "contains-header"))
    return {
        "sheets": sheets,
        "tables": tables,
        "merged": merged,
        "title": meta.findtext(".//dc:title", namespaces=NS),
        "language": meta.findtext(".//dc:language", namespaces=NS),
        "heading_style": [c.get(t + "style-name") for c in content.iter(t + "table-cell")][:1],
    }


def xlsx_grid(data: bytes) -> dict[str, Any]:
    """The same view of an XLSX file (openpyxl)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheets, tables, merged = {}, {}, []
    for ws in wb.worksheets:
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        for r in rows:
            while r and r[-1] is None:
                r.pop()
        sheets[ws.title] = rows
        merged += [(ws.title, str(m)) for m in ws.merged_cells.ranges]
        assert len(ws.tables) <= 1, f"{ws.title}: more than one table on the sheet"
        for name in ws.tables:
            assert ws.tables[name].autoFilter is None, f"{ws.title}: filter buttons on the table"
            assert ws.tables[name].headerRowCount in (None, 1)
            first, last = ws.tables[name].ref.split(":")
            tables[ws.title] = (first, last, "true")
        assert ws["A1"].style == "Heading 1", ws.title
    return {"sheets": sheets, "tables": tables, "merged": merged, "title": wb.properties.title, "language": wb.properties.language}


GRID = {"ods": ods_grid, "xlsx": xlsx_grid}


def _row_col(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert m, ref
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


# ---- the guidance's rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sheet.FORMATS)
@pytest.mark.parametrize("bid", sorted(SCENARIOS))
def test_the_spreadsheet_follows_the_guidance(made, bid, fmt):
    g = GRID[fmt](made[bid]["files"][fmt])
    names = list(g["sheets"])
    n_tables = len(made[bid]["view"].table_views())
    assert names[:3] == ["Cover_sheet", "Table_of_contents", "Notes"]
    assert names[3 : 3 + n_tables] == [f"Table_{i}" for i in range(1, n_tables + 1)] and names[-1] == "Assumptions"
    assert all(SHEET_NAME.match(n) for n in names), names
    assert g["merged"] == [], g["merged"]  # no merged or split cells
    assert g["title"] == made[bid]["bundle"].title and g["language"] == "en-GB"  # WCAG 2.4.2 and 3.1.1
    assert set(g["tables"]) == set(names) - {"Cover_sheet"}  # one marked-up table on every sheet but the cover

    notes = {r[0]: r[1] for r in g["sheets"]["Notes"][4:]}
    for name, rows in g["sheets"].items():
        assert isinstance(rows[0][0], str) and rows[0][0].strip(), f"{name}: no title in A1"
        if name == "Cover_sheet":
            assert all(len(r) == 1 and r[0] for r in rows), "the cover is a list in column A, with no blank rows"
            continue
        first, last, header = g["tables"][name]
        (top, left), (bottom, right) = _row_col(first), _row_col(last)
        assert left == 1 and header == "true", f"{name}: the table starts in column A, with its header row"
        above = rows[: top - 1]
        assert all(len(r) == 1 and r[0] for r in above), f"{name}: above the table, text in column A only, no blank rows"
        assert "This worksheet contains one table." in above[1][0]
        assert len(rows) == bottom, f"{name}: nothing below the table"
        body = [r + [None] * (right - len(r)) for r in rows[top - 1 : bottom]]
        assert all(len(r) == right for r in body), f"{name}: nothing beside the table"
        blanks = [(i, j) for i, r in enumerate(body) for j, v in enumerate(r) if v is None or (isinstance(v, str) and not v.strip())]
        assert not blanks, f"{name}: blank cells {blanks[:5]}"
        used = {s for r in body[1:] for v in r if isinstance(v, str) for s in re.findall(r"\[[xz]\]", v)}
        key = " ".join(a[0] for a in above)
        assert all(f"{s} = " in key for s in used), f"{name}: shorthand {used} without a key above the table"
        if re.fullmatch(r"Table_\d+", name):
            marks = re.findall(r"\[note (\d+)\]", rows[0][0])
            assert marks and all(f"note {n}" in notes for n in marks), f"{name}: notes {marks} not on the Notes sheet"
            by_row = any(str(h).lower() in ("unit", "measure") for h in body[0])
            for j, h in enumerate(body[0]):
                column = [r[j] for r in body[1:]]
                if not by_row and any(isinstance(v, (int, float)) for v in column):
                    assert UNIT.search(str(h)), f"{name}: numeric column {h!r} has no unit in its heading"


def test_notes_carry_the_caveats_and_the_status(made):
    g = xlsx_grid(made["q15"]["files"]["xlsx"])
    texts = [r[1] for r in g["sheets"]["Notes"][4:]]
    assert texts[0].startswith("Not official statistics")
    assert all(c.text in texts for c in made["q15"]["view"].caveats)
    cover = "\n".join(r[0] for r in g["sheets"]["Cover_sheet"])
    for needed in ("Scenario settings used", "Share moved to commissioners: 26 % of the pot", "Data content hash", "Sources", "Contact"):
        assert needed in cover, needed
    assert "share_pct=26" in cover


# ---- the figures read back -----------------------------------------------------------------------------------------


def _as_written(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return "[x]"
    if isinstance(v, str) and not v.strip():
        return "[z]"
    return v


@pytest.mark.parametrize("fmt", sheet.FORMATS)
@pytest.mark.parametrize("bid", sorted(SCENARIOS))
def test_the_tables_read_back_with_the_page_figures(made, bid, fmt):
    data = made[bid]["files"][fmt]
    wb = sheet.workbook(made[bid]["bundle"])
    for i, t in enumerate(made[bid]["view"].table_views(), 1):
        skip = next(s.header_row for s in wb.sheets if s.name == f"Table_{i}") - 1
        got = pd.read_excel(io.BytesIO(data), engine=ENGINE[fmt], sheet_name=f"Table_{i}", skiprows=skip)
        want = t.readable_frame()
        assert list(got.columns) == list(want.columns), (bid, i)
        assert len(got) == len(want) == len(t.frame)
        for c in want.columns:
            assert [_as_written(v) for v in got[c].tolist()] == [_as_written(v) for v in want[c].tolist()], (bid, i, c)
        # the page's own figures: each column the page formats shows the same in the file
        for col, spec in t.formats.items():
            if t.readable is not None or col not in t.frame.columns:
                continue
            heading = want.columns[list(t.frame.columns).index(col)]
            page = [format(v, spec) for v in t.frame[col]]
            assert [format(v, spec) for v in got[heading]] == page, (bid, i, col)


# ---- the CSVs ------------------------------------------------------------------------------------------------------


def _csvs(html: str) -> dict[str, str]:
    found = re.findall(r'download="([^"]+\.csv)" href="data:text/csv;base64,([A-Za-z0-9+/=]+)"', html)
    return {name: base64.b64decode(b).decode("utf-8") for name, b in found}


def test_csvs_are_readable_and_the_full_precision_file_is_the_model(made):
    from probation_briefing.briefings import q15

    bundle = made["q15"]["bundle"]
    html = "".join(f"<li>{downloads.export.table_links(t)}</li>" for t in bundle.files())
    csvs = _csvs(html)
    readable = pd.read_csv(io.StringIO(csvs["contract-areas.csv"]))
    assert "Baseline (£m)" in readable.columns and "Delivery money lost (%)" in readable.columns
    assert not [c for c in readable.columns if c.endswith(("_p", "_gbp_m")) or "_" in c]  # no machine names, no pence
    money = readable.filter(like="(£m)")
    assert (money.round(2) == money).all().all() and money.max().max() < 1000  # £m to 2 decimal places, not pence
    assert "full-precision CSV, for software" in html and "contract-areas-full-precision.csv" in csvs

    d = source()
    result = q15.run(get("q15").parameters(d).defaults().replace(**SCENARIOS["q15"]), d)
    model = result.transfer.contracts.reset_index(drop=True)
    full = pd.read_csv(io.StringIO(csvs["contract-areas-full-precision.csv"]))
    assert list(full.columns) == list(model.columns)
    for c in model.columns:
        if pd.api.types.is_numeric_dtype(model[c]) and not pd.api.types.is_bool_dtype(model[c]):
            assert full[c].tolist() == model[c].tolist(), c  # to the last digit: pence exact, floats round-trip
    assert full["baseline_p"].dtype.kind == "i" and int(full["remaining_p"].sum()) == int(model["remaining_p"].sum())


def test_the_downloads_panel_offers_the_spreadsheet_in_both_formats(made):
    html = downloads.links(made["q14"]["bundle"])
    assert re.search(r">Spreadsheet \(ODS, \d+ KB\)</a> \| <a [^>]+>Spreadsheet \(XLSX, \d+ KB\)</a>: every table, with cover", html)
    for fmt, mime in sheet.MIME.items():
        assert f'download="q14-re-engaging-the-voluntary-sector-tables.{fmt}" href="data:{mime};base64,' in html
    assert "rounded as the page shows them" in html and "full-precision" in html


def test_csv_safety_holds_in_the_spreadsheet_path():
    """A formula-like text in a table stays text: the rounded CSV neutralises it, the spreadsheets store it as a string."""
    df = pd.DataFrame({"name": ["=1+1", "Kent"], "value £m": [1.234, 2.0]})
    b = downloads.export.Bundle("T", {}, [], table_files=[Table("Areas", downloads.export.readable(df), df)])
    assert "'=1+1" in _csvs(downloads.links(b))["areas.csv"]
    wb = openpyxl.load_workbook(io.BytesIO(sheet.spreadsheet(b, "xlsx")))
    cell = wb["Table_1"]["A5"]
    assert cell.value == "=1+1" and cell.data_type == "s"
