"""Service settings and the furniture every page shares: page titles, the footer, the feedback address.

The settings live in one place, the ``service`` section and ``last_updated`` field of the shipped
``data/datapackage.json``. Deployers set the feedback address there, or, without editing the data, in the
environment variable ``PROBATION_FEEDBACK_URL`` (a ``mailto:`` or ``https:`` address), which wins. The shipped
address is a placeholder (``example.org``, a domain reserved for examples): while it is in place the pages say
plainly that feedback is not set up for this copy, rather than show an address that reaches no one.

>>> long_date(date(2026, 11, 8))
'8 November 2026'
>>> page_title("glossary.ipynb")
'Glossary – Probation commissioning briefings'
>>> feedback_label("mailto:someone@example.org?subject=Hello")
'someone@example.org'
>>> is_placeholder("mailto:feedback@example.org"), is_placeholder("https://forms.service.gov.uk/probation")
(True, False)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from ..data import catalogue, version
from ..data.package import descriptor
from ..present.dates import long_date
from ..present.html import esc

LANDING = "index.ipynb"
GLOSSARY = "glossary.ipynb"
ACCESSIBILITY = "accessibility.ipynb"

# Service pages (not briefings): file name -> the page's own name (the briefings' names come from the catalogue).
SERVICE_PAGES = {
    GLOSSARY: "Glossary",
    ACCESSIBILITY: "Accessibility statement",
}


#: The environment variable that sets the feedback address without editing the data package (it wins).
FEEDBACK_ENV = "PROBATION_FEEDBACK_URL"
#: Domains reserved for examples (RFC 2606): an address there reaches no one.
_EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


@dataclass(frozen=True)
class Service:
    """The service's settings: its name, where feedback goes, the data's status and last update."""

    name: str
    feedback_url: str
    statistics_status: str
    last_updated: date

    @property
    def feedback_ready(self) -> bool:
        """False while the feedback address is still the shipped placeholder (nobody reads it)."""
        return not is_placeholder(self.feedback_url)


def is_placeholder(url: str) -> bool:
    """True for an address at a domain reserved for examples (example.org, .com, .net, or a subdomain of one)."""
    parts = urlparse(url)
    host = (parts.path.rpartition("@")[2] if parts.scheme == "mailto" else parts.hostname or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in _EXAMPLE_DOMAINS)


def check_feedback_url(url: str, where: str) -> str:
    """``url`` if it is a ``mailto:`` address or an ``https:`` web address, else a ValueError naming ``where`` it came from.

    >>> check_feedback_url("http://example.org/feedback", "PROBATION_FEEDBACK_URL")
    Traceback (most recent call last):
    ...
    ValueError: PROBATION_FEEDBACK_URL must be a mailto: or https: address (such as mailto:team@department.gov.uk), not 'http://example.org/feedback'
    """
    url = url.strip()
    parts = urlparse(url)
    if not ((parts.scheme == "mailto" and "@" in parts.path) or (parts.scheme == "https" and parts.netloc)):
        raise ValueError(f"{where} must be a mailto: or https: address (such as mailto:team@department.gov.uk), not {url!r}")
    return url


def parse_settings(desc: dict[str, Any], feedback_override: str | None = None) -> Service:
    """Service settings from a package descriptor, the feedback address from ``feedback_override`` when it is given (the
    ``PROBATION_FEEDBACK_URL`` environment variable); ValueError names a missing or malformed setting.

    >>> parse_settings({"last_updated": "2026-02-30", "service": {}})
    Traceback (most recent call last):
    ...
    ValueError: datapackage.json: service.name is missing
    """
    svc = desc.get("service") or {}
    for key in ("name", "feedback_url", "statistics_status"):
        if not str(svc.get(key) or "").strip():
            raise ValueError(f"datapackage.json: service.{key} is missing")
    url = check_feedback_url(str(svc["feedback_url"]), "datapackage.json: service.feedback_url")
    if feedback_override is not None and feedback_override.strip():
        url = check_feedback_url(feedback_override, f"The environment variable {FEEDBACK_ENV}")
    try:
        updated = date.fromisoformat(str(desc.get("last_updated", "")))
    except ValueError:
        raise ValueError(f"datapackage.json: last_updated must be a date written YYYY-MM-DD, not {desc.get('last_updated')!r}") from None
    return Service(str(svc["name"]).strip(), url, str(svc["statistics_status"]).strip(), updated)


@lru_cache(maxsize=1)
def settings() -> Service:
    """The shipped service settings, with the feedback address from ``PROBATION_FEEDBACK_URL`` if it is set (checked once)."""
    return parse_settings(descriptor(), os.environ.get(FEEDBACK_ENV))


def feedback_label(url: str) -> str:
    """What a reader sees for the feedback address: the email address, or the web address without https://."""
    parts = urlparse(url)
    if parts.scheme == "mailto":
        return unquote(parts.path)
    return (parts.netloc + parts.path).rstrip("/")


def page_title(notebook: str) -> str | None:
    """The HTML title of a page ("Q14: Re-engaging the voluntary sector – Probation commissioning briefings").

    ``notebook`` is a file name in ``briefings/`` (with or without ``.ipynb``); None for a notebook that is
    not one of the service's pages (such as the briefing template).
    """
    name = PurePosixPath(notebook).stem + ".ipynb"
    service = settings().name
    if name == LANDING:
        return service
    if name in SERVICE_PAGES:
        return f"{SERVICE_PAGES[name]} – {service}"
    b = catalogue.by_notebook(name)
    return f"Q{b.question}: {b.short_title} – {service}" if b else None


HELP_PAGES = {
    GLOSSARY: "What the words and abbreviations on these pages mean, in plain English.",
    ACCESSIBILITY: "How accessible these pages are, the problems we know about, and how to report another.",
}


def help_pages_html() -> str:
    """The landing page's list of the glossary and the accessibility statement, each with what it is for."""
    items = "".join(
        f'<li class="pb-card" style="list-style:none;margin:.6em 0"><a href="{esc(name)}"><strong>{esc(SERVICE_PAGES[name])}</strong></a>'
        f"<div>{esc(text)}</div></li>"
        for name, text in HELP_PAGES.items()
    )
    return f'<nav aria-label="Help with these pages"><ul style="padding:0">{items}</ul></nav>'


def footer_html(current: str = "") -> str:
    """The footer every page ends with: links to the landing page, glossary, accessibility statement and
    feedback, the date the data were last updated and the statistics' status. ``current`` (a file name)
    marks the page the reader is on."""
    s = settings()

    def link(href: str, text: str) -> str:
        here = ' aria-current="page"' if href == current else ""
        return f'<li><a href="{esc(href)}"{here}>{esc(text)}</a></li>'

    if not s.feedback_ready:
        feedback = f"<li>{esc(NOT_SET_UP_SHORT)}</li>"
    elif s.feedback_url.startswith("mailto:"):
        feedback = (
            f'<li><a href="{esc(s.feedback_url)}">Give feedback<span class="pb-visually-hidden"> '
            f"(email {esc(feedback_label(s.feedback_url))})</span></a></li>"
        )
    else:
        feedback = f'<li><a href="{esc(s.feedback_url)}">Give feedback</a></li>'
    links = "".join([link(LANDING, "All briefings"), link(GLOSSARY, "Glossary"), link(ACCESSIBILITY, "Accessibility statement"), feedback])
    return (
        '<footer class="pb-footer">'
        f'<nav aria-label="About this service"><ul class="pb-footer-links">{links}</ul></nav>'
        f"<p><strong>Data last updated:</strong> {esc(long_date(s.last_updated))}</p>"
        f"<p><strong>Status:</strong> {esc(s.statistics_status)}</p>"
        f'<p class="pb-stamp"><strong>Version:</strong> {esc(version.stamp().text())}</p>'
        "</footer>"
    )


#: What the footer says in place of the feedback link while the address is the shipped placeholder.
NOT_SET_UP_SHORT = "Feedback is not set up for this copy"
#: What the accessibility statement says then.
NOT_SET_UP = (
    "Feedback has not been set up for this copy of the briefings, so there is no address to write to yet. "
    "Ask the person or team who gave you the link to these pages."
)


def feedback_html(what: str = "Contact us") -> str:
    """A sentence giving the feedback address as a link: 'Contact us by email: <address>' or '... online: <form>';
    while the address is the shipped placeholder, a plain sentence saying feedback is not set up for this copy."""
    s = settings()
    if not s.feedback_ready:
        return f'<p class="pb-feedback-missing">{esc(NOT_SET_UP)}</p>'
    url = s.feedback_url
    how = "by email" if url.startswith("mailto:") else "online"
    return f'<p>{esc(what)} {how}: <a href="{esc(url)}">{esc(feedback_label(url))}</a>.</p>'


def show_footer(current: str = "") -> None:
    """Display the footer (the last cell of every page)."""
    from IPython.display import HTML, display  # here, not at the top: the server reads page titles from this module without IPython

    display(HTML(footer_html(current)))
