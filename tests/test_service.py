"""Service settings (one place: data/datapackage.json) and the furniture every page shares."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import DATA
from probation_briefing.page import service


def _descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_last_updated_is_an_iso_date_not_in_the_future_of_the_package():
    raw = _descriptor()["last_updated"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw), raw
    updated = date.fromisoformat(raw)
    assert updated >= date.fromisoformat(_descriptor()["created"][:10])
    assert service.settings().last_updated == updated


def test_settings_are_complete_and_the_feedback_address_is_a_link():
    s = service.settings()
    assert s.name == "Probation commissioning briefings"
    assert s.feedback_url.startswith(("mailto:", "https://"))
    assert s.statistics_status.startswith("Not official statistics")
    assert "illustrative" in s.statistics_status


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"last_updated": "28/11/2026"}, "last_updated"),
        ({"last_updated": "2026-02-30"}, "last_updated"),
        ({"service": {"feedback_url": "javascript:alert(1)"}}, "feedback_url"),
        ({"service": {"feedback_url": "http://example.org/feedback"}}, "feedback_url"),
        ({"service": {"feedback_url": "mailto:"}}, "feedback_url"),
        ({"service": {"name": ""}}, "service.name"),
    ],
)
def test_bad_settings_are_refused_with_the_setting_named(bad, message):
    desc = _descriptor()
    desc = {**desc, **{k: v for k, v in bad.items() if k != "service"}}
    desc["service"] = {**desc["service"], **bad.get("service", {})}
    with pytest.raises(ValueError, match=re.escape(message)):
        service.parse_settings(desc)


def test_an_https_feedback_form_is_accepted():
    desc = _descriptor()
    desc["service"] = {**desc["service"], "feedback_url": "https://forms.example.org/probation"}
    s = service.parse_settings(desc)
    assert service.feedback_label(s.feedback_url) == "forms.example.org/probation"


def test_page_titles_name_the_page_and_the_service():
    assert service.page_title("index.ipynb") == "Probation commissioning briefings"
    assert service.page_title("q14_voluntary_sector.ipynb") == "Q14: Re-engaging the voluntary sector – Probation commissioning briefings"
    assert service.page_title("accessibility") == "Accessibility statement – Probation commissioning briefings"
    assert service.page_title("new_briefing.ipynb") is None


def test_footer_links_every_service_page_and_shows_date_and_status():
    html = service.footer_html("glossary.ipynb")
    for href in ("index.ipynb", "glossary.ipynb", "accessibility.ipynb", service.settings().feedback_url):
        assert f'href="{href}"' in html.replace("&amp;", "&")
    assert '<a href="glossary.ipynb" aria-current="page">' in html
    assert "Data last updated:</strong> 3 December 2026" in html
    assert service.settings().statistics_status in html
    assert html.startswith('<footer class="pb-footer">')


def test_every_page_notebook_carries_its_title():
    """Voila names the browser tab from the notebook's title metadata, which tools/build_notebooks.py sets."""
    from conftest import ROOT

    pages = sorted((ROOT / "briefings").glob("*.ipynb"))
    assert {p.name for p in pages} >= {"index.ipynb", "glossary.ipynb", "accessibility.ipynb"}
    for nb in pages:
        title = json.loads(nb.read_text(encoding="utf-8"))["metadata"].get("title")
        assert title == service.page_title(nb.name), f"{nb.name}: run tools/build_notebooks.py {nb.stem}"


def test_landing_page_lists_the_help_pages():
    html = service.help_pages_html()
    assert 'href="glossary.ipynb"' in html and 'href="accessibility.ipynb"' in html
