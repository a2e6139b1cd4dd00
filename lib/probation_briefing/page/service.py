"""Service settings and the furniture every page shares: page titles, the footer, the feedback address.

The settings live in one place, the ``service`` section and ``last_updated`` field of the shipped
``data/datapackage.json``; deployers change the feedback address there.

>>> long_date(date(2026, 11, 8))
'8 November 2026'
>>> page_title("glossary.ipynb")
'Glossary – Probation commissioning briefings'
>>> feedback_label("mailto:someone@example.org?subject=Hello")
'someone@example.org'
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Service:
    """The service's settings: its name, where feedback goes, the data's status and last update."""

    name: str
    feedback_url: str
    statistics_status: str
    last_updated: date


def parse_settings(desc: dict[str, Any]) -> Service:
    """Service settings from a package descriptor; ValueError names a missing or malformed setting.

    >>> parse_settings({"last_updated": "2026-02-30", "service": {}})
    Traceback (most recent call last):
    ...
    ValueError: datapackage.json: service.name is missing
    """
    svc = desc.get("service") or {}
    for key in ("name", "feedback_url", "statistics_status"):
        if not str(svc.get(key) or "").strip():
            raise ValueError(f"datapackage.json: service.{key} is missing")
    url = str(svc["feedback_url"]).strip()
    parts = urlparse(url)
    if not ((parts.scheme == "mailto" and "@" in parts.path) or (parts.scheme == "https" and parts.netloc)):
        raise ValueError(f"datapackage.json: service.feedback_url must be a mailto: or https: address, not {url!r}")
    try:
        updated = date.fromisoformat(str(desc.get("last_updated", "")))
    except ValueError:
        raise ValueError(f"datapackage.json: last_updated must be a date written YYYY-MM-DD, not {desc.get('last_updated')!r}") from None
    return Service(str(svc["name"]).strip(), url, str(svc["statistics_status"]).strip(), updated)


@lru_cache(maxsize=1)
def settings() -> Service:
    """The shipped service settings (checked once)."""
    return parse_settings(descriptor())


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

    links = "".join(
        [
            link(LANDING, "All briefings"),
            link(GLOSSARY, "Glossary"),
            link(ACCESSIBILITY, "Accessibility statement"),
            f'<li><a href="{esc(s.feedback_url)}">Give feedback<span class="pb-visually-hidden"> '
            f"(email {esc(feedback_label(s.feedback_url))})</span></a></li>"
            if s.feedback_url.startswith("mailto:")
            else f'<li><a href="{esc(s.feedback_url)}">Give feedback</a></li>',
        ]
    )
    return (
        '<footer class="pb-footer">'
        f'<nav aria-label="About this service"><ul class="pb-footer-links">{links}</ul></nav>'
        f"<p><strong>Data last updated:</strong> {esc(long_date(s.last_updated))}</p>"
        f"<p><strong>Status:</strong> {esc(s.statistics_status)}</p>"
        f'<p class="pb-stamp"><strong>Version:</strong> {esc(version.stamp().text())}</p>'
        "</footer>"
    )


def feedback_html(what: str = "Contact us") -> str:
    """A sentence giving the feedback address as a link: 'Contact us by email: <address>' or '... online: <form>'."""
    url = settings().feedback_url
    how = "by email" if url.startswith("mailto:") else "online"
    return f'<p>{esc(what)} {how}: <a href="{esc(url)}">{esc(feedback_label(url))}</a>.</p>'


def show_footer(current: str = "") -> None:
    """Display the footer (the last cell of every page)."""
    from IPython.display import HTML, display  # here, not at the top: the server reads page titles from this module without IPython

    display(HTML(footer_html(current)))
