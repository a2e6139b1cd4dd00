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
    for href in ("index.ipynb", "glossary.ipynb", "accessibility.ipynb"):
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


# ---- the feedback address: one place (datapackage.json), overridden by PROBATION_FEEDBACK_URL; a placeholder is said so


@pytest.fixture
def feedback_env(monkeypatch):
    """Set PROBATION_FEEDBACK_URL (or remove it, with None) and read the settings afresh."""

    def set_to(value: str | None) -> service.Service:
        if value is None:
            monkeypatch.delenv(service.FEEDBACK_ENV, raising=False)
        else:
            monkeypatch.setenv(service.FEEDBACK_ENV, value)
        service.settings.cache_clear()
        return service.settings()

    yield set_to
    monkeypatch.delenv(service.FEEDBACK_ENV, raising=False)
    service.settings.cache_clear()


def test_the_shipped_address_is_a_placeholder_and_the_pages_say_feedback_is_not_set_up(feedback_env):
    s = feedback_env(None)
    assert "example.org" in _descriptor()["service"]["feedback_url"] and not s.feedback_ready
    footer, sentence = service.footer_html(), service.feedback_html()
    for html in (footer, sentence):
        assert "example.org" not in html and "mailto:" not in html  # no dead address shown or linked
    assert "<li>Feedback is not set up for this copy</li>" in footer
    assert "Feedback has not been set up for this copy of the briefings" in sentence


@pytest.mark.parametrize(
    "url, shown",
    [
        ("mailto:probation-briefings@justice.gov.uk?subject=Briefings", "probation-briefings@justice.gov.uk"),
        ("https://forms.service.gov.uk/probation-briefings", "forms.service.gov.uk/probation-briefings"),
    ],
)
def test_the_environment_variable_sets_a_real_address_on_every_page(feedback_env, url, shown):
    s = feedback_env(url)
    assert s.feedback_url == url and s.feedback_ready
    footer, sentence = service.footer_html(), service.feedback_html()
    assert f'href="{url}"' in footer.replace("&amp;", "&") and "Give feedback" in footer
    assert f'href="{url}"' in sentence.replace("&amp;", "&") and f">{shown}</a>" in sentence
    assert "not set up" not in footer + sentence


@pytest.mark.parametrize("bad", ["http://forms.example.gov.uk", "javascript:alert(1)", "someone@justice.gov.uk", "mailto:"])
def test_a_bad_environment_address_is_refused_naming_the_variable(feedback_env, bad):
    with pytest.raises(ValueError, match=f"The environment variable {service.FEEDBACK_ENV} must be a mailto: or https: address"):
        feedback_env(bad)


def test_an_empty_environment_variable_leaves_the_data_packages_address(feedback_env):
    assert feedback_env("  ").feedback_url == _descriptor()["service"]["feedback_url"]


def test_the_server_will_not_start_with_a_bad_feedback_address(feedback_env, monkeypatch):
    from probation_briefing.server import app

    monkeypatch.setenv(service.FEEDBACK_ENV, "ftp://files.example.gov.uk")
    service.settings.cache_clear()
    monkeypatch.setattr(app.BriefingsVoila, "launch_instance", lambda: pytest.fail("the server started"))
    with pytest.raises(SystemExit, match="The briefings server did not start: The environment variable PROBATION_FEEDBACK_URL"):
        app.main()
