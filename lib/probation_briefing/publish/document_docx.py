"""The briefing document as DOCX (Word), with python-docx.

Real headings (Heading 1 and 2), lists, tables whose header row repeats and is marked as one, the chart as a picture
with its description as alt text and its title as a caption, links, and an A4 page; the title, subject, keywords
and language (English, United Kingdom) are set.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from ..present.dates import long_date
from .document import EDITABLE_CHART_HEIGHT_CM, RANGE_NOTE, Document

QUIET = RGBColor(0x50, 0x5A, 0x5F)
LINK = RGBColor(0x1D, 0x70, 0xB8)
FONT = "Arial"  # GOV.UK's font for documents; an editor without it uses a metric-compatible one (Liberation Sans)


def _page(d: DocxDocument) -> None:
    """A4 with 2 cm side margins, 9.5 pt Arial in English (United Kingdom), compact headings."""
    for s in d.sections:
        s.page_width, s.page_height = Cm(21), Cm(29.7)
        s.left_margin = s.right_margin = Cm(2)
        s.top_margin = s.bottom_margin = Cm(1.6)
    normal = d.styles["Normal"]
    normal.font.size, normal.font.name = Pt(9.5), FONT
    normal.paragraph_format.space_after = Pt(3)
    for name, size in (("Heading 1", 15), ("Heading 2", 12)):
        heading = d.styles[name]
        heading.font.size, heading.font.name, heading.font.color.rgb = Pt(size), FONT, RGBColor(0x0B, 0x0C, 0x0C)
        heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(8), Pt(3)
    d.styles["Caption"].font.name = FONT
    d.styles["List Bullet"].paragraph_format.space_after = Pt(2)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    rpr.append(lang)
    small = d.styles.add_style("PB Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(8.5)
    small.font.color.rgb = QUIET


def _link(paragraph: Paragraph, url: str, text: str, size: float | None = None) -> None:
    """A hyperlink run (python-docx writes no links itself): the address as a relationship, the text underlined."""
    rel = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), str(LINK))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    if size is not None:
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(round(size * 2)))  # half-points
        rpr.append(sz)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _bullets(d: DocxDocument, items: Sequence[str], style: str = "List Bullet") -> None:
    for x in items:
        d.add_paragraph(x, style=style)


def _table(d: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table whose first row is its header (marked, and repeated on a new page), in 8.5 pt."""
    table = d.add_table(rows=1, cols=len(header))
    table.style = d.styles["Table Grid"]
    head = table.rows[0]
    trpr = head._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    trpr.append(mark)
    for cell, text in zip(head.cells, header):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(8.5)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.paragraphs[0].add_run(text).font.size = Pt(8.5)


def render(doc: Document) -> bytes:
    """The DOCX file's bytes."""
    d = docx.Document()
    _page(d)
    props = d.core_properties
    props.title = doc.heading
    props.subject = f"Consultation question {doc.question_number}: {doc.question}"
    props.keywords = f"probation, consultation, {doc.briefing_id}"
    props.author = "probation-briefings"
    props.language = "en-GB"
    d.add_heading(doc.heading, level=1)
    d.add_paragraph(f"Made {long_date(doc.generated)} for the settings below. Data as at {doc.as_at}.", style="PB Small")
    d.add_heading("The consultation question", level=2)
    d.add_paragraph(f'Question {doc.question_number}: "{doc.question}" [{doc.question_source}]')
    if doc.notices:
        d.add_heading("About the settings in the link", level=2)
        _bullets(d, doc.notices)
    d.add_heading("Key points", level=2)
    for p in doc.key_points:
        para = d.add_paragraph(style="List Bullet")
        para.add_run(f"{p.stance}:").bold = True
        para.add_run(f" {p.text}")
    d.add_heading("Headline figures", level=2)
    _table(
        d,
        ("Figure", "At these settings", "Status", "Range"),
        [(f.label, f.value, f.status, f.range or "Not worked out") for f in doc.figures],
    )
    d.add_paragraph(RANGE_NOTE, style="PB Small")
    if doc.chart is not None:
        width, height = doc.chart.fitted(EDITABLE_CHART_HEIGHT_CM)
        d.add_picture(io.BytesIO(doc.chart.png), width=Cm(width), height=Cm(height))
        pr = d.inline_shapes[-1]._inline.docPr
        pr.set("title", doc.chart.title)
        pr.set("descr", doc.chart.description)
        d.add_paragraph(f"Figure 1: {doc.chart.title}", style="Caption")
    d.add_heading("Settings used", level=2)
    if doc.settings:
        _table(d, ("Setting", "Value", "Default"), [(s.label, s.value, s.default) for s in doc.settings])
    d.add_paragraph(doc.settings_note)
    d.add_heading("Main caveats", level=2)
    _bullets(d, doc.caveats)
    d.add_heading("This scenario online", level=2)
    _link(d.add_paragraph(), doc.address, doc.address)
    d.add_paragraph(f"{doc.stamp}.", style="PB Small")
    d.add_heading("References", level=2)
    for r in doc.references:
        para = d.add_paragraph(style="List Bullet")
        para.paragraph_format.space_after = Pt(1)
        ref = para.add_run(f"[{r.id}]")
        ref.bold, ref.font.size = True, Pt(8.5)
        para.add_run(f" {r.text} ").font.size = Pt(8.5)
        if r.url:
            _link(para, r.url, r.url, size=8.5)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
