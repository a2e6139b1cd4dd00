"""The two writers of a :class:`~probation_briefing.present.spreadsheet.Workbook`: ODS (odfpy) and XLSX (openpyxl).

Each writes the same cells: the title in A1 styled Heading 1, the lines in column A (subheadings Heading 2, links as
links), then the table with its header row, marked up as a table (an ODS database range; an XLSX table without
filter buttons), numbers as numbers with the decimal places the page shows and text as text (never a formula).
The libraries are imported when a file is written, not when the page starts.

>>> _column_letter(1), _column_letter(27), decimal_places(2.5), decimal_places(3.0)
('A', 'AA', 1, 0)
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .spreadsheet import Workbook

LANGUAGE = "en-GB"
CREATOR = "Probation commissioning briefings"


def decimal_places(v: float) -> int:
    """The fewest decimal places that show ``v`` exactly as rounded (at most 6)."""
    for d in range(7):
        if round(v, d) == v:
            return d
    return 6


def _column_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# ----------------------------------------------------------------------------------------------------------------- XLSX


def to_xlsx(wb: Workbook) -> bytes:
    """The workbook as XLSX (openpyxl): tables marked up without filters, headings styled Heading 1 and 2."""
    from openpyxl import Workbook as Book
    from openpyxl.styles import Alignment, Font, NamedStyle
    from openpyxl.worksheet.hyperlink import Hyperlink
    from openpyxl.worksheet.table import Table, TableColumn

    book = Book()
    book.remove(book.active)
    h1 = NamedStyle("Heading 1", font=Font(name="Arial", size=16, bold=True), builtinId=16)
    h2 = NamedStyle("Heading 2", font=Font(name="Arial", size=14, bold=True), builtinId=17)
    body, bold = Font(name="Arial", size=12), Font(name="Arial", size=12, bold=True)
    link_font = Font(name="Arial", size=12, underline="single", color="0563C1")

    def put(ws: Any, row: int, col: int, value: Any) -> Any:
        """A cell; text is stored as text, never read as a formula (a name from an upload may begin with '=')."""
        cell = ws.cell(row, col, value)
        if isinstance(value, str):
            cell.data_type = "s"
        return cell

    for sh in wb.sheets:
        ws = book.create_sheet(sh.name)
        ws.sheet_view.zoomScale = 100
        put(ws, 1, 1, sh.title).style = h1
        for r, line in enumerate(sh.lines, 2):
            cell = put(ws, r, 1, line.text)
            if line.kind == "h2":
                cell.style = h2
            else:
                cell.font = link_font if line.url else body
                cell.alignment = Alignment(wrap_text=not sh.header, vertical="top")
                if line.url:
                    cell.hyperlink = line.url
        if sh.header:
            top = sh.header_row
            for j, (h, num) in enumerate(zip(sh.header, sh.numeric), 1):
                c = put(ws, top, j, h)
                c.font = bold
                c.alignment = Alignment(wrap_text=True, horizontal="right" if num else "left", vertical="top")
            for i, row in enumerate(sh.rows, top + 1):
                for j, v in enumerate(row, 1):
                    c = put(ws, i, j, v)
                    c.font = body
                    num = sh.numeric[j - 1]
                    c.alignment = Alignment(wrap_text=True, horizontal="right" if num else "left", vertical="top")
                    if isinstance(v, float):
                        places = sh.decimals[j - 1]
                        places = decimal_places(v) if places is None else places
                        c.number_format = "#,##0" + ("." + "0" * places if places else "")
                    elif isinstance(v, int):
                        c.number_format = "#,##0"
                    if j == 1 and (i - top - 1) in sh.links:
                        target = sh.links[i - top - 1]
                        c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{target}'!A1", display=str(v))
                        c.font = link_font
            ref = f"A{top}:{_column_letter(len(sh.header))}{top + len(sh.rows)}"
            table = Table(displayName=sh.table_name, ref=ref)
            table.tableColumns = [TableColumn(id=j, name=h) for j, h in enumerate(sh.header, 1)]  # no filter buttons
            ws.add_table(table)
        widths = sh.widths or [100.0]
        for j, width in enumerate(widths, 1):
            ws.column_dimensions[_column_letter(j)].width = width
        _fit_rows(ws, widths, wrapped_from=1 if not sh.header else sh.header_row)
    book.active = 0
    p = book.properties
    p.title, p.subject, p.keywords, p.creator, p.language = wb.title, wb.subject, wb.keywords, CREATOR, LANGUAGE
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fit_rows(ws: Any, widths: list[float], wrapped_from: int) -> None:
    """Row heights for wrapped text (an XLSX file stores them; LibreOffice does not work them out on opening one)."""
    for row in ws.iter_rows(min_row=wrapped_from):
        lines = 1
        for c in row:
            if c.value is None or c.column > len(widths):
                continue
            per_line = max(widths[c.column - 1] * 1.1, 1.0)
            lines = max(lines, sum(math.ceil(max(len(part), 1) / per_line) for part in str(c.value).split("\n")))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 16.0 * lines


# ------------------------------------------------------------------------------------------------------------------ ODS


def to_ods(wb: Workbook) -> bytes:
    """The workbook as ODS (odfpy): each table a database range with a header row, headings styled Heading 1 and 2."""
    from odf import dc, meta
    from odf.number import Number, NumberStyle
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import DefaultStyle, ParagraphProperties, Style, TableCellProperties, TableColumnProperties, TextProperties
    from odf.table import DatabaseRange, DatabaseRanges, Table, TableCell, TableColumn, TableRow
    from odf.text import A, P

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(dc.Title(text=wb.title))
    doc.meta.addElement(dc.Subject(text=wb.subject))
    doc.meta.addElement(dc.Language(text=LANGUAGE))
    doc.meta.addElement(meta.Keyword(text=wb.keywords))
    doc.meta.addElement(meta.InitialCreator(text=CREATOR))

    default = DefaultStyle(family="table-cell")
    default.addElement(TextProperties(fontsize="12pt", fontname="Arial", fontfamily="Arial"))
    doc.styles.addElement(default)

    def cell_style(
        name: str,
        *,
        size: str = "12pt",
        weight: str = "normal",
        align: str = "start",
        wrap: bool = True,
        data: str = "",
        common: bool = False,
        display: str = "",
    ) -> str:
        st = Style(
            name=name, family="table-cell", **({"datastylename": data} if data else {}), **({"displayname": display} if display else {})
        )
        st.addElement(TableCellProperties(wrapoption="wrap" if wrap else "no-wrap", verticalalign="top"))
        st.addElement(ParagraphProperties(textalign=align))
        st.addElement(TextProperties(fontsize=size, fontweight=weight))
        (doc.styles if common else doc.automaticstyles).addElement(st)
        return name

    h1 = cell_style("Heading_20_1", size="16pt", weight="bold", wrap=False, common=True, display="Heading 1")
    h2 = cell_style("Heading_20_2", size="14pt", weight="bold", wrap=False, common=True, display="Heading 2")
    text_wrap, text_flow = cell_style("text_wrap"), cell_style("text_flow", wrap=False)
    head_l, head_r = cell_style("head_left", weight="bold"), cell_style("head_right", weight="bold", align="end")
    right = cell_style("text_right", align="end")
    num_styles: dict[int, str] = {}

    def number_style(places: int) -> str:
        if places not in num_styles:
            ns = NumberStyle(name=f"N{places}")
            ns.addElement(Number(decimalplaces=places, minintegerdigits=1, grouping="true"))
            doc.automaticstyles.addElement(ns)
            num_styles[places] = cell_style(f"num{places}", align="end", data=f"N{places}")
        return num_styles[places]

    col_styles: dict[float, str] = {}

    def col_style(width: float) -> str:
        if width not in col_styles:
            st = Style(name=f"co{len(col_styles) + 1}", family="table-column")
            st.addElement(TableColumnProperties(columnwidth=f"{width * 0.21:.2f}cm"))
            doc.automaticstyles.addElement(st)
            col_styles[width] = st.getAttribute("name")
        return col_styles[width]

    def text_cell(text: str, style: str, url: str = "") -> Any:
        cell = TableCell(valuetype="string", stylename=style)
        p = P()
        if url:
            p.addElement(A(href=url, text=text, type="simple"))
        else:
            p.addText(text)
        cell.addElement(p)
        return cell

    ranges = DatabaseRanges()
    for sh in wb.sheets:
        table = Table(name=sh.name)
        for width in sh.widths or [100.0]:
            table.addElement(TableColumn(stylename=col_style(width)))
        tr = TableRow()
        tr.addElement(text_cell(sh.title, h1))
        table.addElement(tr)
        for line in sh.lines:
            tr = TableRow()
            style = h2 if line.kind == "h2" else (text_flow if sh.header else text_wrap)
            tr.addElement(text_cell(line.text, style, line.url))
            table.addElement(tr)
        if sh.header:
            tr = TableRow()
            for h, num in zip(sh.header, sh.numeric):
                tr.addElement(text_cell(h, head_r if num else head_l))
            table.addElement(tr)
            for i, row in enumerate(sh.rows):
                tr = TableRow()
                for j, v in enumerate(row):
                    if isinstance(v, (int, float)):
                        places = sh.decimals[j]
                        places = (decimal_places(v) if isinstance(v, float) else 0) if places is None else places
                        cell = TableCell(valuetype="float", value=repr(v), stylename=number_style(places))
                        cell.addElement(P(text=f"{v:,.{places}f}"))
                    else:
                        url = f"#{sh.links[i]}.A1" if j == 0 and i in sh.links else ""
                        cell = text_cell(str(v), right if sh.numeric[j] else text_wrap, url)
                    tr.addElement(cell)
                table.addElement(tr)
            top, end = sh.header_row, sh.header_row + len(sh.rows)
            last = _column_letter(len(sh.header))
            ranges.addElement(
                DatabaseRange(name=sh.table_name, targetrangeaddress=f"{sh.name}.A{top}:{sh.name}.{last}{end}", containsheader="true")
            )
        doc.spreadsheet.addElement(table)
    doc.spreadsheet.addElement(ranges)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
