"""HTML for the pieces of a briefing's ``View``: headline cards, key points, the settings used, caveat notices,
a chart's description and data table, a result table, and the briefing's "how this model works" note.

Each is a pure function of the contract's values (no widgets, nothing displayed): the page driver puts them
into its widgets, and anything else that shows a briefing's results can use them as they are. Text is
escaped here, as everywhere on the page (``present.html``).

>>> headline_cards([Headline("Moved to commissioners", "£45.00m a year")])
'<div class="pb-headline" role="list"><div class="pb-card" role="listitem"><div class="v">£45.00m a year</div><div>Moved to commissioners</div><span class="pb-badge illustrative">Illustrative - replace with your own</span></div></div>'
"""

from __future__ import annotations

import mistune

from ..briefings.contract import Briefing, ChartView, Headline, KeyPoint, Notice, TableView, View
from ..data.params import Scenario
from ..present.export import slug, table_links
from ..present.html import badge, cite_links, csv_link, esc, notice, table_html
from ..present.readable import Table, readable

STANCE_LABEL = {"for": "For", "against": "Against", "context": "With the settings below"}


def headline_cards(headlines: list[Headline]) -> str:
    """Headline figures as cards, each with the status of what it rests on (a published figure carries no badge).

    >>> headline_cards([Headline("Areas", "21", "published")])
    '<div class="pb-headline" role="list"><div class="pb-card" role="listitem"><div class="v">21</div><div>Areas</div></div></div>'
    """
    inner = "".join(
        f'<div class="pb-card" role="listitem"><div class="v">{esc(h.value)}</div><div>{cite_links(esc(h.label))}</div>'
        f"{badge(h.status) if h.status != 'published' else ''}</div>"
        for h in headlines
    )
    return f'<div class="pb-headline" role="list">{inner}</div>'


def compact_html(headlines: list[Headline], n: int = 2) -> str:
    """The first ``n`` headline figures in one short block, after a link to the full results (kept in view on a phone).

    >>> compact_html([Headline("Moved to commissioners", "£45m a year")])
    '<div class="pb-compact-box"><span class="pb-compact-lead">Results</span> <a class="pb-compact-link" href="#pb-results">See all results</a> <span class="pb-compact-item">Moved to commissioners: <strong>£45m a year</strong></span></div>'
    """
    items = " ".join(f'<span class="pb-compact-item">{esc(h.label)}: <strong>{esc(h.value)}</strong></span>' for h in headlines[:n])
    return (
        '<div class="pb-compact-box"><span class="pb-compact-lead">Results</span> '
        f'<a class="pb-compact-link" href="#pb-results">See all results</a> {items}</div>'
    )


def summary_block(view: View, live: bool = False) -> str:
    """A view's headline cards, its summary and its caveats; ``live`` results announce their summary when it changes.

    >>> print(summary_block(View([], "Nothing moves."), live=True))
    <div class="pb-headline" role="list"></div><p role='status'>Nothing moves.</p>
    """
    role = " role='status'" if live else ""
    return headline_cards(view.headlines) + f"<p{role}>{cite_links(esc(view.summary))}</p>" + notices_block(view.caveats)


def key_points_html(points: list[KeyPoint]) -> str:
    """Key points as a list, each tagged in words (not colour alone) with which way it cuts, each citation a link to its
    entry in the sources list.

    >>> key_points_html([KeyPoint("Areas would be large [S31].", "against", ("S31",))])
    '<ul class="pb-key-points"><li class="pb-kp against"><strong class="pb-kp-tag">Against:</strong> Areas would be large [<a class="pb-cite" href="#src-S31">S31</a>].</li></ul>'
    """
    items = "".join(
        f'<li class="pb-kp {esc(k.stance)}"><strong class="pb-kp-tag">{esc(STANCE_LABEL.get(k.stance, "Note"))}:</strong> {cite_links(esc(k.text))}</li>'
        for k in points
    )
    return f'<ul class="pb-key-points">{items}</ul>'


def settings_html(scenario: Scenario) -> str:
    """The current settings as a short list (shown when the page is printed, where the controls are not).

    >>> from probation_briefing.data.params import Parameters, parameters
    >>> q15 = parameters("q15")
    >>> settings_html(Parameters("q15", {k: q15[k] for k in ("pot_gbp_m", "allocation_key")}).defaults())
    "<h3>Settings used</h3><ul class='pb-settings-list'><li>Annual CRC funding pot: 450 £m a year</li><li>Allocation key: Population (mid-2018)</li></ul>"
    """
    p = scenario.params
    rows = "".join(
        f"<li>{esc(p[k].label)}: {esc(p[k].label_of(v) if p[k].kind != 'number' else f'{v:,.4g}')}"
        f"{esc(' ' + p[k].unit) if p[k].kind == 'number' and p[k].unit else ''}</li>"
        for k, v in scenario.items()
    )
    return f"<h3>Settings used</h3><ul class='pb-settings-list'>{rows}</ul>"


def notices_block(notes: list[Notice]) -> str:
    """Caveat notices, each with its status badge.

    >>> notices_block([Notice("The 2018 areas are reconstructed.", "warn", "reconstructed")])
    '<div class="pb-notice warn" role="status">The 2018 areas are reconstructed.</div><span class="pb-badge reconstructed">Reconstructed - official map not found</span>'
    """
    return "".join(notice(n.text, n.kind) + (badge(n.status) if n.status else "") for n in notes)


def chart_block(c: ChartView) -> str:
    """A chart's text description, then its data table and a CSV download together in one disclosure.

    >>> import altair as alt, pandas as pd
    >>> df = pd.DataFrame({"area": ["North", "South"], "money": [1.5, 2.25]})
    >>> c = ChartView("money", "Money by area", alt.Chart(df).mark_bar(), "South gets most.", df, {"money": ",.1f"})
    >>> html = chart_block(c)
    >>> html[: html.index("<details>")]
    "<p class='pb-alt'>South gets most.</p>"
    >>> "<caption>Money by area</caption>" in html, "<td class=\\"num\\">2.2</td>" in html, 'download="money-by-area.csv"' in html
    (True, True, True)
    """
    return (
        f"<p class='pb-alt'>{esc(c.describe())}</p>"
        f"<details><summary>Data table and download: {esc(c.title)}</summary>{table_html(c.data, caption=c.title, formats=dict(c.formats))}"
        + csv_link(readable(c.data, c.formats), f"{slug(c.title)}.csv", f"Download this table (CSV, rounded as shown): {c.title}")
        + "<p>To save the chart as an image, use its actions menu (the three dots beside it).</p></details>"
    )


def table_block(t: TableView, link: bool = True) -> str:
    """One table with its note and (unless ``link`` is False) its CSV downloads: rounded as on the page with readable
    headings, and at full precision for software (the ``download`` frame if it has one).

    >>> import pandas as pd
    >>> t = TableView("areas", "Areas", pd.DataFrame({"area": ["North"]}), note="One area.")
    >>> table_block(t, link=False)
    '<div class="pb-scroll" role="region" aria-label="Areas"><table class="pb-table"><caption>Areas</caption><thead><tr><th scope="col" class="">area</th></tr></thead><tbody><tr><td class="">North</td></tr></tbody></table></div><div class="pb-notice info" role="status">One area.</div>'
    >>> 'download="areas.csv"' in table_block(t)
    True
    """
    note = notice(t.note) if t.note else ""
    html = table_html(t.frame, caption=t.caption, formats=dict(t.formats)) + note
    if link:
        stem = t.filename.removesuffix(".csv").replace("_", "-") if t.filename else t.key
        html += "<p>Download: " + table_links(Table(t.caption, t.readable_frame(), t.full_frame(), stem=stem)) + "</p>"
    return html


def model_note_html(briefing: Briefing) -> str:
    """The briefing's 'how this model works' note as a disclosure: its markdown as HTML (escaped), its headings
    moved two levels down to sit under the page's own sections.

    >>> from probation_briefing.briefings import get
    >>> html = model_note_html(get("q15"))
    >>> html.startswith("<details class='pb-model-note'><summary>How this model works"), "<h3>" in html, "<h1>" in html
    (True, True, False)
    >>> '[<a class="pb-cite" href="#src-V24">V24</a>]' in model_note_html(get("q14"))
    True
    """
    body = str(mistune.create_markdown(escape=True)(briefing.model_note()))
    for level in (2, 1):  # under the page's own h2 sections
        body = body.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>", f"</h{level + 2}>")
    body = cite_links(body)  # each [V24] a link to its entry in the sources list, as everywhere on the page
    return f"<details class='pb-model-note'><summary>How this model works: logic, assumptions and limits</summary>{body}</details>"
