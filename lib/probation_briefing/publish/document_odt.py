"""The briefing document as ODT (OpenDocument text, the government's open standard for editable documents), with odfdo.

Real headings (Heading 1 and 2), lists, tables with a header row, the chart as a picture with its description as
alt text and its title as a caption, links, and an A4 page; the document's title, subject and keywords are set.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import odfdo
from odfdo import Cell, Column, Frame, Header, HeaderRows, Link, List, ListItem, Paragraph, Row, Span, Style, Table

from ..present.dates import long_date
from .document import EDITABLE_CHART_HEIGHT_CM, RANGE_NOTE, Document

A4 = ("21cm", "29.7cm")
MARGIN = "2cm"
FONT = "Arial"  # GOV.UK's font for documents; an editor without it uses a metric-compatible one (Liberation Sans)


def _styles(doc: odfdo.Document) -> None:
    """An A4 page with 2 cm margins, headings without numbers, bullets with room, 9.5 pt Arial, a small-print style, bold cells and table borders."""
    for layout in doc.get_styles(family="page-layout"):
        props = layout.get_element("style:page-layout-properties")
        if props is not None:
            props.set_attribute("fo:page-width", A4[0])
            props.set_attribute("fo:page-height", A4[1])
            for side in ("top", "bottom", "left", "right"):
                props.set_attribute(f"fo:margin-{side}", MARGIN)
    for level in doc.styles.get_elements("//text:outline-style/text:outline-level-style"):  # headings without numbers
        level.set_attribute("style:num-format", "")
        level.set_attribute("style:num-suffix", "")
        level.set_attribute("loext:num-list-format", "")
    for props in doc.styles.get_elements("//text:list-style[@style:name='List_20_1']/*/style:list-level-properties"):
        props.set_attribute("text:space-before", "0.2cm")  # a bullet with room after it
        props.set_attribute("text:min-label-width", "0.45cm")
    for name, size in (("Heading_20_1", "15pt"), ("Heading_20_2", "12pt")):
        heading = doc.get_style("paragraph", name)
        assert isinstance(heading, Style), name  # the template's own heading styles
        heading.set_properties({"fo:font-size": size, "fo:font-family": FONT, "fo:font-style": "normal"}, area="text")
        heading.set_properties({"fo:margin-top": "0.3cm", "fo:margin-bottom": "0.1cm"}, area="paragraph")
    body = Style("paragraph", "PB_Body", parent_style="Text_20_body")
    body.set_properties({"fo:font-size": "9.5pt", "fo:font-family": FONT}, area="text")
    body.set_properties({"fo:margin-top": "0cm", "fo:margin-bottom": "0.1cm"}, area="paragraph")
    doc.insert_style(body)
    small = Style("paragraph", "PB_Small", parent_style="Text_20_body")
    small.set_properties({"fo:font-size": "8.5pt", "fo:color": "#505a5f", "fo:font-family": FONT}, area="text")
    doc.insert_style(small)
    doc.insert_style(Style("text", "PB_Strong", bold=True))
    cell = Style("table-cell", "PB_Cell", border_bottom="0.5pt solid #b1b4b6", padding="0.04cm")
    doc.insert_style(cell, automatic=True)
    cell_head = Style("paragraph", "PB_Cell_Head", parent_style="Text_20_body", bold=True)
    cell_head.set_properties({"fo:font-size": "8.5pt", "fo:font-family": FONT}, area="text")
    cell_head.set_properties({"fo:margin-top": "0cm", "fo:margin-bottom": "0cm"}, area="paragraph")
    doc.insert_style(cell_head)
    cell_text = Style("paragraph", "PB_Cell_Text", parent_style="Text_20_body")
    cell_text.set_properties({"fo:font-size": "8.5pt", "fo:font-family": FONT}, area="text")
    cell_text.set_properties({"fo:margin-top": "0cm", "fo:margin-bottom": "0cm"}, area="paragraph")
    doc.insert_style(cell_text)


def _heading(level: int, text: str) -> Header:
    """A heading in the template's own style ("Heading 1", "Heading 2": odfdo's ``Header`` ignores its ``style``)."""
    h = Header(level, text, formatted=False)
    h.set_attribute("text:style-name", f"Heading_20_{level}")
    return h


def _para(text: str, style: str = "PB_Body") -> Paragraph:
    return Paragraph(text, style=style, formatted=False)


def _bullets(items: Sequence[str | Paragraph], style: str = "PB_Body") -> List:
    out = List(style="List_20_1")
    for x in items:
        item = ListItem()
        item.append(x if isinstance(x, Paragraph) else _para(x, style))
        out.append(item)
    return out


def _table(name: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """A table with a header row (``table:table-header-rows``) and one paragraph per cell."""
    table = Table(name)
    table.append(Column(repeated=len(header)))
    head_rows = HeaderRows()
    head_rows.append(_row(header, "PB_Cell_Head"))
    table.append(head_rows)
    for values in rows:
        table.append(_row(values, "PB_Cell_Text"))
    return table


def _row(texts: Sequence[str], para_style: str) -> Row:
    """One table row: a cell per text, each holding one paragraph in ``para_style``."""
    row = Row()
    for text in texts:
        c = Cell(style="PB_Cell")
        c.append(_para(text, para_style))
        row.append(c)
    return row


def render(doc: Document) -> bytes:
    """The ODT file's bytes."""
    odt = odfdo.Document("text")
    _styles(odt)
    odt.meta.set_title(doc.heading)
    odt.meta.set_subject(f"Consultation question {doc.question_number}: {doc.question}")
    odt.meta.set_keywords(f"probation, consultation, {doc.briefing_id}")
    body = odt.body
    body.clear()
    add = body.append
    add(_heading(1, doc.heading))
    add(_para(f"Made {long_date(doc.generated)} for the settings below. Data as at {doc.as_at}.", "PB_Small"))
    add(_heading(2, "The consultation question"))
    add(_para(f'Question {doc.question_number}: "{doc.question}" [{doc.question_source}]'))
    if doc.notices:
        add(_heading(2, "About the settings in the link"))
        add(_bullets(doc.notices))
    add(_heading(2, "Key points"))
    points = []
    for p in doc.key_points:
        para = Paragraph("", style="PB_Body")
        para.append(Span(f"{p.stance}:", style="PB_Strong"))
        para.append(f" {p.text}")
        points.append(para)
    add(_bullets(points))
    add(_heading(2, "Headline figures"))
    rows = [(f.label, f.value, f.status, f.range or "Not worked out") for f in doc.figures]
    add(_table("Headline figures", ("Figure", "At these settings", "Status", "Range"), rows))
    add(_para(RANGE_NOTE, "PB_Small"))
    if doc.chart is not None:
        uri = odt.add_file(io.BytesIO(doc.chart.png))
        width, height = doc.chart.fitted(EDITABLE_CHART_HEIGHT_CM)
        frame = Frame.image_frame(uri, size=(f"{width}cm", f"{height}cm"), anchor_type="as-char")
        frame.svg_title = doc.chart.title
        frame.svg_description = doc.chart.description
        holder = Paragraph("", style="Text_20_body")
        holder.append(frame)
        add(holder)
        add(_para(f"Figure 1: {doc.chart.title}", "PB_Small"))
    add(_heading(2, "Settings used"))
    if doc.settings:
        add(_table("Settings used", ("Setting", "Value", "Default"), [(s.label, s.value, s.default) for s in doc.settings]))
    add(_para(doc.settings_note))
    add(_heading(2, "Main caveats"))
    add(_bullets(doc.caveats))
    add(_heading(2, "This scenario online"))
    link = Paragraph("", style="PB_Body")
    link.append(Link(doc.address, text=doc.address))
    add(link)
    add(_para(f"{doc.stamp}.", "PB_Small"))
    add(_heading(2, "References"))
    refs = []
    for r in doc.references:
        para = Paragraph("", style="PB_Small")
        para.append(Span(f"[{r.id}]", style="PB_Strong"))
        para.append(f" {r.text} ")
        if r.url:
            para.append(Link(r.url, text=r.url))
        refs.append(para)
    add(_bullets(refs))
    out = io.BytesIO()
    odt.save(out)
    return out.getvalue()
