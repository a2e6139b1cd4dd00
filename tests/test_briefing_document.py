"""The briefing document (issue 24, item 2): one model (publish.document) written as PDF, ODT and DOCX, each read back
with its own reader (pypdf, odfdo, python-docx) for a scenario other than the defaults of each briefing.

Each format must hold the same words as the model (so the three agree), on A4, the PDF on at most two pages: the key
points, the headline figures the page shows for that scenario, the full scenario address and the version stamp.
The server's handler is tested over HTTP in test_web.py; LibreOffice is not needed (nor used) here.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from urllib.parse import parse_qsl, urljoin, urlsplit

import docx
import odfdo
import pytest
from probation_briefing.briefings import get
from probation_briefing.data import catalogue, source, version
from probation_briefing.data.presets import presets
from probation_briefing.page import downloads, urlstate
from probation_briefing.present.export import Bundle
from probation_briefing.present.html import cited
from probation_briefing.publish import document, document_docx, document_odt, document_pdf
from probation_briefing.server import documents
from pypdf import PdfReader

A4_PT = (595.3, 841.9)
HOST = "https://briefings.example.org/user/ann/"


def squash(text: str) -> str:
    """Text for comparison: ligatures unfolded, curly quotes straight, no white space (a PDF breaks lines anywhere)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", "", text)


def scenario_for(briefing_id: str):
    """The briefing's first preset that is not the defaults."""
    b = get(briefing_id)
    data = source()
    params = b.parameters(data)
    preset = next(p for p in presets(params, data) if p.scenario != params.defaults())
    return b, preset.scenario


@pytest.fixture(scope="module", params=catalogue.ids())
def made(request):
    """A briefing, its non-default scenario, the document's model and its three files."""
    b, scenario = scenario_for(request.param)
    data = source()
    query = urlstate.encode(scenario, scenario.params) + "&bogus=1"
    doc = document.from_query(b, query, f"{HOST}voila/render/briefings/{b.notebook}", data)
    files = {"pdf": document_pdf.render(doc), "odt": document_odt.render(doc), "docx": document_docx.render(doc)}
    return b, scenario, doc, files


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(p.extract_text() or "" for p in reader.pages)


def odt_text(odt: bytes) -> tuple[odfdo.Document, str]:
    d = odfdo.Document(io.BytesIO(odt))
    return d, "\n".join(x.text_recursive for x in [*d.body.get_headers(), *d.body.get_paragraphs()])


def docx_text(raw: bytes) -> tuple[docx.document.Document, str]:
    d = docx.Document(io.BytesIO(raw))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    with zipfile.ZipFile(io.BytesIO(raw)) as z:  # link text sits in w:hyperlink, which paragraph.text may leave out
        parts += re.findall(r"<w:t[^>]*>([^<]*)</w:t>", z.read("word/document.xml").decode("utf-8"))
    return d, "\n".join(parts)


def test_the_model_holds_the_scenario_the_page_shows(made):
    b, scenario, doc, _ = made
    view = b.view(scenario, source())
    assert [p.text for p in doc.key_points] == [k.text for k in view.key_points]
    shown = {f.label: f.value for f in doc.figures}
    chosen = [view.headlines[i] for i in b.document_headlines]
    assert 3 <= len(doc.figures) <= 4 and all(shown[h.label] == h.value for h in chosen)
    assert sum(bool(f.range) for f in doc.figures) == 1  # the main figure's "how sure are we?" range
    assert doc.notices == ["Ignored unknown setting 'bogus'."]
    assert doc.stamp == version.stamp().text()
    assert doc.settings and all(s.value != s.default for s in doc.settings)
    assert doc.chart is not None and doc.chart.description and doc.chart.height_cm <= document.CHART_MAX_HEIGHT_CM
    assert {i for p in doc.key_points for i in cited(p.text)} <= {
        r.id for r in doc.references
    }  # every citation in a key point is in the reference list


def test_the_address_is_the_full_page_address_with_the_scenario_and_data_version(made):
    b, scenario, doc, _ = made
    parts = urlsplit(doc.address)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{HOST}voila/render/briefings/{b.notebook}"
    query = dict(parse_qsl(parts.query))
    assert query.pop("v") == version.stamp().data_hash
    values, notices = urlstate.parse(parts.query, scenario.params)
    assert notices == [] and scenario.params.scenario(values, on_step=True) == scenario  # the link opens this scenario


def test_the_pdf_is_at_most_two_a4_pages_tagged_and_says_what_the_model_says(made):
    _, _, doc, files = made
    reader, text = pdf_text(files["pdf"])
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_PT, abs=1)
    assert reader.metadata.title == doc.heading
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged: headings, lists, tables and the chart's alt text
    flat = squash(text)
    missing = [t for t in doc.texts() if squash(t) not in flat]
    assert missing == []
    fonts = {f for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()}
    assert all(
        "/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        or "/FontFile3" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for f in fonts
    )  # every font embedded


def test_the_odt_is_a4_with_headings_tables_and_the_same_words(made):
    _, _, doc, files = made
    odt, text = odt_text(files["odt"])
    layout = odt.styles.get_elements("//style:page-layout-properties")[0]
    assert (layout.get_attribute("fo:page-width"), layout.get_attribute("fo:page-height")) == ("21cm", "29.7cm")
    assert odt.meta.get_title() == doc.heading
    headings = [h.text_recursive for h in odt.body.get_headers()]
    assert headings[0] == doc.heading and {"Key points", "Headline figures", "Settings used", "References"} <= set(headings)
    assert all(
        h.get_attribute(
            "text:style-name",
        )
        in ("Heading_20_1", "Heading_20_2")
        for h in odt.body.get_headers()
    )
    tables = odt.body.get_tables()
    assert len(tables) == 2 and all(t.get_elements("table:table-header-rows") for t in tables)
    frame = odt.body.get_frames()[0]
    assert frame.svg_description == doc.chart.description and frame.svg_title == doc.chart.title
    flat = squash(text)
    assert [t for t in doc.texts() if squash(t) not in flat] == []


def test_the_docx_is_a4_with_headings_tables_and_the_same_words(made):
    _, _, doc, files = made
    d, text = docx_text(files["docx"])
    section = d.sections[0]
    assert (section.page_width.cm, section.page_height.cm) == pytest.approx((21.0, 29.7), abs=0.01)
    assert d.core_properties.title == doc.heading
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", doc.heading) and ("Heading 2", "Key points") in headings
    assert len(d.tables) == 2 and all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in d.tables)
    picture = d.inline_shapes[0]._inline.docPr
    assert picture.get("descr") == doc.chart.description and picture.get("title") == doc.chart.title
    flat = squash(text)
    assert [t for t in doc.texts() if squash(t) not in flat] == []


def test_a_scenario_with_many_changes_and_notices_still_fits_two_pages():
    """Q14 has the most settings: change a dozen of them and add bad values, and the PDF stays within two pages."""
    b = get("q14")
    params = b.parameters(source())
    numbers = [p for p in params.values() if p.kind == "number" and p.max is not None and p.min is not None][:12]
    changes = {p.param_id: p.max for p in numbers}
    query = urlstate.encode(params.scenario(changes, on_step=False), params) + "&bogus=1&route=nowhere&pbr_pct=900"
    doc = document.from_query(b, query, f"{HOST}voila/render/{b.notebook}", source())
    assert len(doc.notices) == 3 and len(doc.settings) >= 10
    reader, _ = pdf_text(document_pdf.render(doc))
    assert len(reader.pages) <= 2


def test_the_file_name_and_the_servers_answer_for_unknown_briefings_and_formats():
    _, mime, name = documents.document_file("q15", "pdf", "share_pct=25", f"{HOST}voila/render/q15_pccs_and_funding.ipynb")
    assert mime == "application/pdf" and re.fullmatch(r"q15-briefing-\d{4}-\d{2}-\d{2}\.pdf", name)
    with pytest.raises(documents.NotFound, match="no briefing called 'q99'"):
        documents.document_file("q99", "pdf", "", HOST)
    with pytest.raises(documents.NotFound, match="PDF, ODT or DOCX"):
        documents.document_file("q15", "txt", "", HOST)


@pytest.mark.parametrize("folder", ["", "briefings/"])
def test_the_downloads_panel_links_beside_the_page_to_the_servers_route(folder):
    """The panel's links are relative to the page, so they resolve under any base URL and notebook folder to the address
    the server's route answers."""
    b, scenario = scenario_for("q14")
    page = f"{HOST}voila/render/{folder}{b.notebook}?" + urlstate.encode(scenario, scenario.params, stamped=True)
    bundle = Bundle(
        b.title, {}, [], url="?" + urlstate.encode(scenario, scenario.params, stamped=True), document=f"{downloads.DOCUMENTS}/q14"
    )
    hrefs = re.findall(r'href="([^"]+)"', downloads.document_links(bundle).replace("&amp;", "&"))
    assert [h.split("?")[0] for h in hrefs] == ["briefing-document/q14.pdf", "briefing-document/q14.odt", "briefing-document/q14.docx"]
    url = urlsplit(urljoin(page, hrefs[0]))
    m = re.fullmatch("/user/ann" + documents.ROUTE, url.path)
    assert m is not None and m.groups() == (folder, "q14.pdf")
    assert url.query == urlsplit(page).query  # the page's own settings, data version included


def test_the_editable_formats_keep_to_two_pages_where_libreoffice_can_lay_them_out(tmp_path):
    """Only where LibreOffice is installed (it is not needed to make the documents): Q14's, the fullest, laid out as
    PDF by LibreOffice, ODT and DOCX alike, is at most two pages."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed, so the editable formats' page count is not laid out here")
    b, scenario = scenario_for("q14")
    doc = document.build(b, scenario, source(), f"{HOST}voila/render/{b.notebook}", ["Ignored unknown setting 'bogus'."])
    files = [tmp_path / "q14.odt", tmp_path / "q14x.docx"]
    files[0].write_bytes(document_odt.render(doc))
    files[1].write_bytes(document_docx.render(doc))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"  # its own profile: runs side by side do not collide
    cmd = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, files)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    for f in files:
        assert len(PdfReader(tmp_path / f"{f.stem}.pdf").pages) <= 2, f.name


@pytest.mark.parametrize("briefing_id", catalogue.ids())
def test_each_briefing_names_figures_and_a_chart_its_views_have_under_every_preset(briefing_id):
    """A briefing's choice for the document (``document_headlines``, ``document_chart``) holds for every preset: the
    positions are in its headlines, the chart is one of its charts, and with the main figure there are three or four."""
    b = get(briefing_id)
    data = source()
    for preset in presets(b.parameters(data), data):
        view = b.view(preset.scenario, data)
        assert all(0 <= i < len(view.headlines) for i in b.document_headlines), preset.preset_id
        assert not b.document_chart or b.document_chart in {c.key for c in view.charts}, preset.preset_id
        chosen = {view.headlines[i].label for i in b.document_headlines}
        assert 3 <= len(chosen) + (b.headline is not None and b.headline_label not in chosen) <= 4, preset.preset_id
