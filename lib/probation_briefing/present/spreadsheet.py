"""A scenario's tables as a spreadsheet laid out for a reader, in ODS (the open format) and XLSX.

It follows the Analysis Function's "Releasing statistics in spreadsheets": a cover sheet (``Cover_sheet``), a table of
contents (``Table_of_contents``), a ``Notes`` sheet, then one table per sheet. Every sheet has its title in cell A1
(styled as Heading 1) and what a reader needs before the table in column A above it; no merged cells, no blank rows,
no blank cells in a table without a reason (shorthand [x] and [z], with the key above the table), units in round
brackets in column headings, notes as [note 1] in table titles, each table marked up as a table (an XLSX table, an
ODS database range) with its header row. The document's title and language are set (WCAG 2.4.2 and 3.1.1).

The workbook is built once (:func:`workbook`) and written by two small writers, :func:`~.sheet_writers.to_ods` (odfpy)
and :func:`~.sheet_writers.to_xlsx` (openpyxl), so the two files say the same.

>>> import pandas as pd
>>> from probation_briefing.present.export import Bundle
>>> from probation_briefing.present.readable import Table
>>> t = Table("Areas", pd.DataFrame({"Area": ["North", "South"], "Left (£m)": [2.5, float("nan")]}), pd.DataFrame())
>>> wb = workbook(Bundle("Q0 - Test", {"Share": "10%"}, [], table_files=[t], caveats=["An assumption."]))
>>> [s.name for s in wb.sheets]
['Cover_sheet', 'Table_of_contents', 'Notes', 'Table_1']
>>> wb.sheets[3].title, wb.sheets[3].rows[-1]
('Table 1: Areas [note 1][note 2]', ['South', '[x]'])
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .export import ROUNDING_NOTE, Bundle, slug
from .readable import readable
from .sheet_writers import LANGUAGE, decimal_places, to_ods, to_xlsx

SHORTHAND = {
    "[x]": "not available (the model gives no figure for this row, for example a share of nothing)",
    "[z]": "not applicable (nothing to show for this row)",
}
FORMATS = ("ods", "xlsx")
MIME = {
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Line:
    """One cell of text in column A above a table: a subheading ("h2") or a paragraph ("p"), perhaps a link."""

    text: str
    kind: str = "p"
    url: str = ""  # an https:/mailto: address, or "#Sheet_name" for a link to another sheet


@dataclass
class Sheet:
    """One worksheet: a title for A1, lines for column A below it, then (optionally) one table."""

    name: str
    title: str
    lines: list[Line] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)  # cells: str, int or float (never blank)
    numeric: list[bool] = field(default_factory=list)  # which columns hold numbers (right-aligned)
    decimals: list[int | None] = field(default_factory=list)  # a column's decimal places, None when each cell has its own
    links: dict[int, str] = field(default_factory=dict)  # a table row's first cell links to this sheet
    widths: list[float] = field(default_factory=list)  # column widths in characters

    @property
    def table_name(self) -> str:
        """The table's name for the spreadsheet's "go to" list (letters, digits and underscores)."""
        return re.sub(r"\W", "_", self.name) + "_table"

    @property
    def header_row(self) -> int:
        """The spreadsheet row (1-based) of the table's header: after the title and the lines above it."""
        return 2 + len(self.lines)


@dataclass
class Workbook:
    """Everything a spreadsheet file holds, before it is written as ODS or XLSX."""

    title: str
    subject: str
    keywords: str
    sheets: list[Sheet]


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def table_cells(df: pd.DataFrame) -> tuple[list[str], list[list[Any]], list[bool], list[int | None], set[str]]:
    """A readable frame as a sheet's cells: every blank given a reason ([x] a missing figure or text, [z] empty text),
    numbers kept as numbers. Returns the header, rows, which columns are numeric, their decimal places (None where
    each cell shows its own) and the shorthand used.

    >>> h, rows, num, dec, used = table_cells(pd.DataFrame({"A": ["x", ""], "B (£m)": [1.25, float("nan")]}))
    >>> rows, num, dec, sorted(used)
    ([['x', 1.25], ['[z]', '[x]']], [False, True], [None, 2], ['[x]', '[z]'])
    """
    header = [str(c) for c in df.columns]
    used: set[str] = set()
    numeric, decimals = [], []
    per_row = any(h.strip().lower() in ("unit", "measure") for h in header)
    for c in df.columns:
        values = [v for v in df[c].tolist() if not _missing(v)]
        nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        numeric.append(bool(values) and len(nums) == len(values))
        floats = [float(v) for v in nums if isinstance(v, float)]
        decimals.append(None if per_row or not floats else max(decimal_places(v) for v in floats))
    rows = []
    for rec in df.itertuples(index=False):
        row: list[Any] = []
        for v in rec:
            if _missing(v):
                used.add("[x]")
                row.append("[x]")
            elif isinstance(v, str) and not v.strip():
                used.add("[z]")
                row.append("[z]")
            elif isinstance(v, bool):
                row.append("Yes" if v else "No")
            elif isinstance(v, (int, float)):
                row.append(int(v) if isinstance(v, int) else float(v))
            elif hasattr(v, "item"):  # a numpy scalar
                row.append(v.item())
            else:
                row.append(str(v))
        rows.append(row)
    return header, rows, numeric, decimals, used


def _widths(header: list[str], rows: list[list[Any]]) -> list[float]:
    out = []
    for j, h in enumerate(header):
        longest = max([len(_shown(r[j], None)) for r in rows] + [min(len(h), 24)])
        out.append(float(min(max(longest + 2, 10), 60)))
    return out


def _shown(v: Any, places: int | None) -> str:
    if isinstance(v, float):
        return f"{v:,.{decimal_places(v) if places is None else places}f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _table_sheet(name: str, title: str, df: pd.DataFrame, first_lines: list[Line], notes_said: bool = True) -> Sheet:
    header, rows, numeric, decimals, used = table_cells(df)
    lines = list(first_lines)
    lines.insert(0, Line("This worksheet contains one table." + (" Notes are on the Notes worksheet." if notes_said else "")))
    if used:
        key = "; ".join(f"{s} = {SHORTHAND[s]}" for s in sorted(used))
        lines.append(Line(f"Some cells contain shorthand: {key}."))
    return Sheet(name, title, lines, header, rows, numeric, decimals, widths=_widths(header, rows))


def _marks(numbers: list[int]) -> str:
    return "".join(f"[note {n}]" for n in numbers)


def workbook(b: Bundle) -> Workbook:
    """The bundle's tables as a workbook: cover, contents, notes, one table per sheet and the assumptions log."""
    files = b.files()
    notes: list[tuple[str, str]] = []  # (text, applies to)
    if b.status:
        notes.append((b.status, "All tables"))
    notes.append((ROUNDING_NOTE, "All tables"))
    notes += [(c, "All tables") for c in b.caveats]
    general = list(range(1, len(notes) + 1))
    tables: list[Sheet] = []
    for i, t in enumerate(files, 1):
        own = general[:]
        if t.note:
            notes.append((t.note, f"Table {i}"))
            own.append(len(notes))
        title = f"Table {i}: {t.caption} {_marks(own)}"
        tables.append(_table_sheet(f"Table_{i}", title, t.readable, [Line("Sources are listed on the cover sheet.")]))
    if b.assumptions is not None and len(b.assumptions):
        a = b.assumptions.rename(columns={"source_url": "source web address", "name": "setting id"})
        tables.append(
            _table_sheet(
                "Assumptions",
                "Assumptions log: each setting's unit, default, range, status and source",
                readable(a),
                [Line("The values used in this scenario are on the cover sheet.")],
                notes_said=False,
            )
        )

    note_sheet = _table_sheet(
        "Notes",
        "Notes",
        pd.DataFrame(
            {
                "Note number": [f"note {n}" for n in range(1, len(notes) + 1)],
                "Note text": [n for n, _ in notes],
                "Applies to": [a for _, a in notes],
            }
        ),
        [Line("Tables refer to these notes in their titles, as [note 1] and so on.")],
        notes_said=False,
    )
    note_sheet.widths = [12.0, 56.0, 12.0]  # fits an A4 page when printed
    listed = [note_sheet, *tables]
    contents = _table_sheet(
        "Table_of_contents",
        "Table of contents",
        pd.DataFrame(
            {"Worksheet name": [s.name for s in listed], "Worksheet title": [re.sub(r"\s*(\[note \d+\])+$", "", s.title) for s in listed]}
        ),
        [Line("Select a worksheet name to go to it.")],
        notes_said=False,
    )
    contents.links = {r: s.name for r, s in enumerate(listed)}
    contents.widths = [16.0, 60.0]
    return Workbook(
        b.title, f"{b.title}: tables for one scenario", "probation, commissioning, briefing, scenario", [cover(b), contents, *listed]
    )


def cover(b: Bundle) -> Sheet:
    """The cover sheet: what the tables show, their status, the scenario's settings, version, sources and contact."""
    lines = [Line("About these tables", "h2")]
    if b.about:
        lines.append(Line(b.about))
    lines.append(
        Line(
            "This workbook has a table of contents, a notes worksheet and one table on each other worksheet. Tables "
            "refer to notes in their titles, as [note 1] and so on."
        )
    )
    if b.status:
        lines += [Line("Status", "h2"), Line(b.status)]
    lines.append(Line("Scenario settings used", "h2"))
    lines += [Line(f"{k}: {v}") for k, v in b.settings.items()] or [Line("The default settings.")]
    if b.url:
        lines += [
            Line("Scenario link", "h2"),
            Line(f"To open the briefing at these settings, add this to the end of the briefing page's web address: {b.url}"),
        ]
    lines.append(Line("Data and version", "h2"))
    fields = {**b.version, **({"Data as at": b.as_at} if b.as_at else {})}
    lines += [Line(f"{k}: {v}") for k, v in fields.items()]
    if b.sources:
        lines += [Line("Sources", "h2"), *(Line(s, url=_url_in(s)) for s in b.sources)]
    if b.contact:
        shown = b.contact.split(":", 1)[1].split("?", 1)[0] if b.contact.startswith("mailto:") else b.contact
        how = "Email" if b.contact.startswith("mailto:") else "Online"
        lines += [Line("Contact", "h2"), Line(f"{how}: {shown}", url=b.contact)]
    return Sheet("Cover_sheet", f"{b.title}: tables for one scenario", lines, widths=[80.0])


def _url_in(text: str) -> str:
    m = re.search(r"https://\S+", text)
    return m.group(0).rstrip(".,)") if m else ""


def file_name(b: Bundle, fmt: str) -> str:
    """The spreadsheet's file name: lower case, dashes, descriptive ("q15-police-and-...-tables.ods")."""
    return f"{slug(b.title)}-tables.{fmt}"


def spreadsheet(b: Bundle, fmt: str = "ods") -> bytes:
    """The bundle's tables as an ODS or XLSX file."""
    if fmt not in FORMATS:
        raise ValueError(f"a spreadsheet is ODS or XLSX, not {fmt!r}")
    wb = workbook(b)
    return to_ods(wb) if fmt == "ods" else to_xlsx(wb)


__all__ = ["LANGUAGE", "Sheet", "Workbook", "spreadsheet", "to_ods", "to_xlsx", "workbook"]
