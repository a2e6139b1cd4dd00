"""What a reader takes away to quote: the key points with numbered references, and "Cite this briefing".

"Copy key points" puts the key points on the clipboard as plain text and as HTML (for an email or a document),
each citation numbered in order of first use ("[F39]" becomes "[1]") above a reference list ("1. Title, publisher,
date, address"), with the scenario (the settings that differ from the defaults), the page's address and the version
stamp. The address is only known in the browser, so the text holds :data:`ADDRESS` where it goes and the button's
JavaScript (``cite.js``) puts the address in when it copies.

"Cite this briefing" (in the sources section) gives a formatted citation and a BibTeX entry. Written on the server,
they name the page and its scenario's query (which still makes sense on paper and in a handout); in the browser the
share link's script (``share.js``) replaces each ``pb-scenario-address`` with the full address as the settings change,
and each ``pb-accessed`` with the reader's date.

>>> from probation_briefing.data.params import parameters
>>> scenario_words(parameters("q15").defaults())
'default settings'
>>> scenario_words(parameters("q15").defaults().replace(share_pct=25))
'Share moved to commissioners: 25 % of the pot (other settings at their defaults)'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import anywidget
import traitlets

from ..briefings.contract import Briefing, View
from ..data import DataSource, version
from ..data.params import Scenario
from ..present.dates import long_date
from ..present.html import esc, number_citations, reference_text
from .service import settings

#: Where the page's address goes in the copied text; the browser puts the address in (``cite.js``).
ADDRESS = "{{address}}"
#: Which way a key point cuts, in words that make sense away from the page.
STANCE = {"for": "For", "against": "Against", "context": "With these settings"}


def scenario_words(scenario: Scenario) -> str:
    """The settings that differ from the defaults, in words ("default settings" when none do)."""
    p = scenario.params
    changed = scenario.changed()
    if not changed:
        return "default settings"
    parts = []
    for k, v in changed.items():
        label, setting = p[k].label, p[k].setting
        if setting in ("A", "B") and f"({setting}" not in label:  # Q14 compares two settings
            label += f" ({setting})"
        parts.append(f"{label}: {p[k].label_of(v)}")
    return "; ".join(parts) + " (other settings at their defaults)"


def author() -> str:
    """Who a citation names as the author: the service's contributors."""
    return f"{settings().name} contributors"


def page_address(notebook: str, query: str) -> str:
    """The page and its scenario's query, as the server knows them (the browser knows the whole address).

    >>> page_address("q15_pccs_and_funding.ipynb", "share_pct=25")
    'q15_pccs_and_funding.ipynb?share_pct=25'
    """
    return f"{notebook}?{query}" if query else notebook


@dataclass(frozen=True)
class Copied:
    """What "Copy key points" puts on the clipboard (both hold :data:`ADDRESS` where the page's address goes)."""

    text: str
    html: str


def key_points_copy(briefing: Briefing, view: View, scenario: Scenario, data: DataSource) -> Copied:
    """The key points with numbered citations and their reference list, the scenario, the address and the version stamp.

    >>> from probation_briefing.briefings import get
    >>> from probation_briefing.data import source
    >>> b, data = get("q15"), source()
    >>> s = b.parameters(data).defaults()
    >>> c = key_points_copy(b, b.view(s, data), s, data)
    >>> print(c.text.split("\\n")[0]); print(c.text.split("\\n")[1])
    Q15: Police and crime commissioners and co-commissioning: key points
    Scenario: default settings
    >>> "[1]" in c.text and "[F39]" not in c.text and "\\nReferences\\n1. " in c.text, "<ol" in c.html
    (True, True)
    """
    texts, ids = number_citations([k.text for k in view.key_points])
    tags = [STANCE.get(k.stance, "Note") for k in view.key_points]
    refs = [reference_text(i, data) for i in ids]
    title = f"Q{briefing.question}: {briefing.short_title}: key points"
    scenario_line = f"Scenario: {scenario_words(scenario)}"
    stamp = f"Version: {version.stamp().text()}"
    text = "\n".join(
        [
            title,
            scenario_line,
            f"Address: {ADDRESS}",
            stamp,
            "",
            *(f"- {tag}: {t}" for tag, t in zip(tags, texts)),
            "",
            "References",
            *(f"{n}. {r}" for n, r in enumerate(refs, 1)),
        ]
    )
    html = (
        f'<h3>{esc(title)}</h3><p>{esc(scenario_line)}<br>Address: <a href="{ADDRESS}">{ADDRESS}</a><br>{esc(stamp)}</p>'
        "<ul>" + "".join(f"<li><strong>{esc(tag)}:</strong> {esc(t)}</li>" for tag, t in zip(tags, texts)) + "</ul>"
        "<p><strong>References</strong></p><ol>" + "".join(f"<li>{esc(r)}</li>" for r in refs) + "</ol>"
    )
    return Copied(text, html)


def citation_text(briefing: Briefing, address: str, accessed: date) -> str:
    """A formatted citation of the briefing at a scenario's address.

    >>> from probation_briefing.briefings import get
    >>> print(citation_text(get("q14"), "q14_voluntary_sector.ipynb?route=grants", date(2026, 12, 3)))  # doctest: +ELLIPSIS
    Probation commissioning briefings contributors (2026). Q14: Re-engaging the voluntary sector [interactive briefing], data package 0.1.0 (content ...), library ..., as at 3 December 2026. Available at: q14_voluntary_sector.ipynb?route=grants (accessed 3 December 2026).
    """
    return _citation(briefing, address, long_date(accessed))


def _citation(briefing: Briefing, address: str, accessed: str) -> str:
    s = version.stamp()
    stamp = s.text()
    return (
        f"{author()} ({s.as_at.year}). Q{briefing.question}: {briefing.short_title} [interactive briefing], "
        f"{stamp[:1].lower()}{stamp[1:]}. Available at: {address} (accessed {accessed})."
    )


def _bib(text: str) -> str:
    """Text for a BibTeX field (LaTeX's special characters escaped)."""
    for ch in "\\&%$#_{}":
        text = text.replace(ch, "\\" + ch if ch != "\\" else "\\textbackslash{}")
    return text.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


def bibtex(briefing: Briefing, address: str, accessed: date) -> str:
    """A BibTeX ``@misc`` entry for the briefing at a scenario's address (``url`` is left as it is: the url package reads it).

    >>> from probation_briefing.briefings import get
    >>> print(bibtex(get("q15"), "https://example.org/q15?share_pct=25&v=1", date(2026, 12, 3)))  # doctest: +ELLIPSIS
    @misc{probation_briefing_q15_2026,
      author = {{Probation commissioning briefings contributors}},
      title = {{Q15: Police and crime commissioners and co-commissioning}},
      year = {2026},
      howpublished = {Interactive briefing},
      url = {https://example.org/q15?share_pct=25&v=1},
      urldate = {2026-12-03},
      note = {Data package 0.1.0 (content ...), library ..., as at 3 December 2026}
    }
    """
    return _bibtex(briefing, address, accessed.isoformat())


def _bibtex(briefing: Briefing, address: str, accessed: str) -> str:
    s = version.stamp()
    return (
        f"@misc{{probation_briefing_{briefing.id}_{s.as_at.year},\n"
        f"  author = {{{{{_bib(author())}}}}},\n"
        f"  title = {{{{{_bib(f'Q{briefing.question}: {briefing.short_title}')}}}}},\n"
        f"  year = {{{s.as_at.year}}},\n"
        "  howpublished = {Interactive briefing},\n"
        f"  url = {{{address}}},\n"
        f"  urldate = {{{accessed}}},\n"
        f"  note = {{{_bib(s.text())}}}\n"
        "}"
    )


def cite_html(briefing: Briefing, query: str, accessed: date | None = None) -> str:
    """The "Cite this briefing" block: a citation and a BibTeX entry, each with the page's address at this scenario
    (``pb-scenario-address``, which the browser replaces with the full address) and the date it was read
    (``pb-accessed``, the reader's date in the browser).

    >>> from probation_briefing.briefings import get
    >>> html = cite_html(get("q15"), "share_pct=25&v=1", date(2026, 12, 3))
    >>> html.startswith("<h3 id='cite-this-briefing'>Cite this briefing</h3>"), html.count("pb-scenario-address")
    (True, 2)
    >>> "q15_pccs_and_funding.ipynb?share_pct=25&amp;v=1</span> (accessed <span class='pb-accessed'>3 December 2026</span>)" in html
    True
    """
    when = accessed or date.today()
    a, d = "\u0000A", "\u0000D"  # where the address and the date go, once the text around them is escaped
    spans = {
        a: f"<span class='pb-scenario-address'>{esc(page_address(briefing.notebook, query))}</span>",
        d: f"<span class='pb-accessed'>{esc(long_date(when))}</span>",
    }
    cite = esc(_citation(briefing, a, d))
    bib = esc(_bibtex(briefing, a, d)).replace(d, f"<span class='pb-accessed-iso'>{when.isoformat()}</span>")
    for mark, span in spans.items():
        cite, bib = cite.replace(mark, span), bib.replace(mark, span)
    return (
        "<h3 id='cite-this-briefing'>Cite this briefing</h3>"
        "<p>To cite this page at the settings shown (the address below opens the same scenario), use:</p>"
        f"<p class='pb-citation'>{cite}</p>"
        "<p>As a BibTeX entry (for LaTeX and reference managers):</p>"
        f"<pre class='pb-bibtex' tabindex='0' aria-label='BibTeX entry for this briefing'>{bib}</pre>"
    )


class CopyKeyPoints(anywidget.AnyWidget):
    """A "Copy key points" button: the key points with numbered references, as plain text and as HTML.

    ``text`` and ``html`` hold :data:`ADDRESS` where the page's address goes; ``query`` is the scenario's query string,
    kept in step with the share link's.
    """

    _esm = Path(__file__).with_name("cite.js")
    text = traitlets.Unicode("").tag(sync=True)
    html = traitlets.Unicode("").tag(sync=True)
    query = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Copy key points with references").tag(sync=True)

    def show(self, copied: Copied, query: str) -> None:
        """Put a scenario's key points and query in the button (one message to the browser)."""
        with self.hold_sync():
            self.text, self.html, self.query = copied.text, copied.html, query
