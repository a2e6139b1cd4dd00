"""The briefing document: one neutral model of a scenario's two-page briefing, written out as PDF, ODT or DOCX by
three small renderers (``document_pdf``, ``document_odt``, ``document_docx``), so the three say the same thing.

A ``Document`` holds text and one chart picture, nothing format-specific: the consultation question, the key points
(each citation as the page writes it, ``[F39]``), three or four headline figures with their status and, for the
briefing's main figure, the "how sure are we?" range, one chart with its description (alt text) and title, the
settings that differ from the defaults, the main caveats, the scenario's full address, the version stamp and the
references the document cites.

>>> from probation_briefing.briefings import get
>>> from probation_briefing.data import source
>>> doc = from_query(get("q15"), "share_pct=25&bogus=1", "https://example.org/voila/render/q15_pccs_and_funding.ipynb",
...                  source(), chart=False)
>>> doc.address.startswith("https://example.org/voila/render/q15_pccs_and_funding.ipynb?share_pct=25&v=")
True
>>> doc.notices
["Ignored unknown setting 'bogus'."]
>>> [(s.label, s.value) for s in doc.settings]
[('Share moved to commissioners', '25 % of the pot')]
>>> doc.filename("pdf", date(2026, 12, 3))
'q15-briefing-2026-12-03.pdf'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from ..briefings.contract import Briefing, Headline, Notice, approx
from ..briefings.sensitivity import sensitivity
from ..data import DataSource, version
from ..data.params import Scenario
from ..page import urlstate
from ..page.view_html import STANCE_LABEL
from ..present.export import chart_png
from ..present.html import STATUS_LABEL, cited

#: The formats a briefing document comes in: file extension -> (MIME type, name for people).
FORMATS = {
    "pdf": ("application/pdf", "PDF"),
    "odt": ("application/vnd.oasis.opendocument.text", "ODT"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
}
#: At most this many caveats (warnings first): the rest are on the page.
MAX_CAVEATS = 4
#: The chart's largest size on the page, in centimetres (A4 less the margins; under a third of the page's height).
CHART_WIDTH_CM, CHART_MAX_HEIGHT_CM = 16.0, 7.0
#: In the editable formats, whose fonts (Arial, or what the editor has) set wider than the PDF's, the chart is smaller.
EDITABLE_CHART_HEIGHT_CM = 5.5
RANGE_NOTE = (
    "The range is the one 'How sure are we?' on the page works out: every uncertain assumption at the end of its plausible "
    "range that lowers (or raises) the figure, all together. Read it as bounds, not a likely range. Only the briefing's "
    "main figure is tested this way."
)


@dataclass(frozen=True)
class Point:
    """A key point: which way it cuts, in words ("For", "Against" ...), and its text with its citations."""

    stance: str
    text: str


@dataclass(frozen=True)
class Figure:
    """A headline figure: label, value at these settings, status in words, and its range ("" where none is worked out)."""

    label: str
    value: str
    status: str
    range: str = ""


@dataclass(frozen=True)
class Chart:
    """The chart: a PNG picture, its title (a caption, as text) and its description (the picture's alt text)."""

    title: str
    description: str
    png: bytes
    width_cm: float
    height_cm: float

    def fitted(self, max_height_cm: float) -> tuple[float, float]:
        """Width and height in centimetres, scaled down (keeping the shape) to at most ``max_height_cm`` high.

        >>> Chart("t", "d", b"", 16.0, 8.0).fitted(6.0)
        (12.0, 6.0)
        """
        if self.height_cm <= max_height_cm:
            return self.width_cm, self.height_cm
        return round(self.width_cm * max_height_cm / self.height_cm, 2), max_height_cm


@dataclass(frozen=True)
class Setting:
    """A setting that differs from its default: label, value and default, as a reader sees them."""

    label: str
    value: str
    default: str


@dataclass(frozen=True)
class Reference:
    """One source the document cites."""

    id: str
    text: str  # "Publisher: Title (date)."
    url: str = ""


@dataclass(frozen=True)
class Document:
    """Everything a two-page briefing document says, in plain text (each renderer escapes for its format)."""

    briefing_id: str
    title: str
    question_number: int
    question: str
    question_source: str
    address: str
    stamp: str
    as_at: str
    generated: date
    key_points: list[Point] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    chart: Chart | None = None
    settings: list[Setting] = field(default_factory=list)
    settings_note: str = ""
    caveats: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """The document's title line."""
        return f"{self.title}: briefing"

    def filename(self, fmt: str, when: date | None = None) -> str:
        """The download's file name: ``q14-briefing-2026-12-03.pdf`` (the day it is made)."""
        return f"{self.briefing_id}-briefing-{(when or self.generated).isoformat()}.{fmt}"

    def texts(self) -> list[str]:
        """Every piece of text in reading order (what a test compares across the three formats)."""
        out = [self.heading, self.question, *self.notices]
        out += [f"{p.stance}: {p.text}" for p in self.key_points]
        out += [x for f in self.figures for x in (f.label, f.value, f.status, f.range) if x]
        if self.chart is not None:
            out.append(self.chart.title)
        out += [x for s in self.settings for x in (s.label, s.value, s.default)] + [self.settings_note]
        out += [*self.caveats, self.address, self.stamp]
        out += [r.text for r in self.references]
        return out


def _range(briefing: Briefing[Any], scenario: Scenario, data: DataSource) -> tuple[str, str]:
    """The main figure's value at these settings and its low-to-high range, rounded as the page rounds them."""
    s = sensitivity(briefing, scenario, data, scenarios=False)
    unit = f" ({s.unit})" if s.unit else ""
    span = f"about {approx(s.low)} to about {approx(s.high)}{unit}"
    if s.crosses_zero:
        sign = briefing.headline_sign
        span += " (crosses zero: " + (f"{sign[0]} or {sign[1]}" if len(sign) == 2 else "below or above zero") + ")"
    elif s.low == s.high == s.central:
        span = "not moved by the assumptions tried"
    return f"about {approx(s.central)}{unit}", span


def _figures(briefing: Briefing[Any], headlines: list[Headline], scenario: Scenario, data: DataSource) -> list[Figure]:
    """The briefing's chosen headline figures; its main figure (``headline_label``) carries the range, and is added
    first where none of the chosen ones is it."""
    chosen = [headlines[i] for i in briefing.document_headlines if 0 <= i < len(headlines)]
    if briefing.headline is None:
        return [Figure(h.label, h.value, STATUS_LABEL.get(h.status, h.status)) for h in chosen]
    central, span = _range(briefing, scenario, data)
    out = []
    if not any(h.label == briefing.headline_label for h in chosen):
        out.append(Figure(briefing.headline_label, central, STATUS_LABEL["illustrative"], span))
    for h in chosen:
        out.append(Figure(h.label, h.value, STATUS_LABEL.get(h.status, h.status), span if h.label == briefing.headline_label else ""))
    return out


def _png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header.

    >>> _png_size(bytes(16) + (640).to_bytes(4, "big") + (480).to_bytes(4, "big"))
    (640, 480)
    """
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _chart(briefing: Briefing[Any], charts: list[Any]) -> Chart | None:
    """The briefing's chosen chart (its first where it names none) as a PNG sized to fit the page."""
    if not charts:
        return None
    c = next((c for c in charts if c.key == briefing.document_chart), charts[0])
    png = chart_png(c.chart, scale=2.0)
    w, h = _png_size(png)
    width = CHART_WIDTH_CM
    height = width * h / w if w else CHART_MAX_HEIGHT_CM
    if height > CHART_MAX_HEIGHT_CM:
        width, height = width * CHART_MAX_HEIGHT_CM / height, CHART_MAX_HEIGHT_CM
    return Chart(c.title, c.describe(), png, round(width, 2), round(height, 2))


def _caveats(notes: list[Notice]) -> list[str]:
    """The main caveats: warnings first, then the rest, at most ``MAX_CAVEATS``."""
    ordered = [n for n in notes if n.kind in ("warn", "error")] + [n for n in notes if n.kind not in ("warn", "error")]
    return [n.text for n in ordered[:MAX_CAVEATS]]


def _settings(scenario: Scenario) -> tuple[list[Setting], str]:
    """The settings that differ from the defaults, and a sentence on the rest."""
    params = scenario.params
    keys = {k for k, _ in parse_qsl(urlstate.encode(scenario, params))}  # the link names only the settings changed
    rows = [Setting(p.label, p.label_of(scenario[k]), p.label_of(p.default)) for k, p in params.items() if k in keys]
    rest = len(params) - len(rows)
    if not rows:
        note = f"All {len(params)} settings are at their defaults (listed with the sources on the page)."
    else:
        note = f"The other {rest} settings are at their defaults (listed with the sources on the page)."
    return rows, note


def _references(ids: list[str], data: DataSource) -> list[Reference]:
    src = data.load("sources").set_index("source_id")
    out = []
    for sid in dict.fromkeys(ids):
        if sid not in src.index:
            continue
        s = src.loc[sid]
        when = f" ({s['date']})" if isinstance(s.get("date"), str) and s["date"].strip() else ""
        url = s["url"].strip() if isinstance(s["url"], str) else ""
        out.append(Reference(sid, f"{s['publisher']}: {s['title']}{when}.", url))
    return out


def build(
    briefing: Briefing[Any],
    scenario: Scenario,
    data: DataSource,
    page_url: str,
    notices: list[str] | None = None,
    *,
    chart: bool = True,
    generated: date | None = None,
) -> Document:
    """The document for ``scenario``. ``page_url`` is the briefing page's absolute address without a query (the
    scenario's settings and the data's version are added to it); ``notices`` say what the link's settings lost."""
    view = briefing.view(scenario, data)
    params = scenario.params
    stamp = version.stamp()
    points = [Point(STANCE_LABEL.get(k.stance, "Note"), k.text) for k in view.key_points]
    caveats = _caveats(view.caveats)
    settings, settings_note = _settings(scenario)
    figures = _figures(briefing, view.headlines, scenario, data)
    question_source = briefing.sources[0] if briefing.sources else ""
    cited_ids = [question_source, *(i for k in view.key_points for i in (*cited(k.text), *k.sources))]
    cited_ids += [i for h in view.headlines for i in h.sources] + [i for c in caveats for i in cited(c)]
    query = urlstate.encode(scenario, params, stamped=True)
    return Document(
        briefing_id=briefing.id,
        title=briefing.title,
        question_number=briefing.question,
        question=briefing.question_text,
        question_source=question_source,
        address=f"{page_url}?{query}",
        stamp=stamp.text(),
        as_at=f"{stamp.as_at.day} {stamp.as_at:%B %Y}",
        generated=generated or _dt.date.today(),
        key_points=points,
        figures=figures,
        chart=_chart(briefing, view.charts) if chart else None,
        settings=settings,
        settings_note=settings_note,
        caveats=caveats,
        notices=list(notices or []),
        references=_references([i for i in cited_ids if i], data),
    )


def from_query(
    briefing: Briefing[Any], query: str, page_url: str, data: DataSource, *, chart: bool = True, generated: date | None = None
) -> Document:
    """The document for the scenario a page address's query string describes (read as the page reads it: bad values
    keep the default and become notices, which the document lists; nothing is evaluated)."""
    params = briefing.parameters(data)
    values, notices = urlstate.parse(query, params, briefing.old_links)
    return build(briefing, params.scenario(values, on_step=True), data, page_url, notices, chart=chart, generated=generated)
