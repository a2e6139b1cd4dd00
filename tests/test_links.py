"""Only http(s) links are drawn from the data files: any other address (javascript:, data:, file:) is plain text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from probation_briefing.data import DataSource
from probation_briefing.present import html as ui


def _set_url(folder: Path, source_id: str, url: str) -> None:
    path = folder / "sources.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    col = rows[0].index("url")
    for r in rows[1:]:
        if r[0] == source_id:
            r[col] = url
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(
    "url", ["javascript:alert('src')", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "//evil.example/x"]
)
def test_a_non_http_url_in_sources_is_plain_text(data_copy: Path, url: str):
    _set_url(data_copy, "F01", url)
    html = ui.sources_html(["F01", "F02"], DataSource.resolve(data_copy))
    assert "href=" in html  # F02's http link is still a link
    assert html.count("<a ") == 1 and "javascript" not in html.split("<a ", 1)[1].lower()
    assert ui.esc(url.strip()) in html  # still shown, as text


def test_http_and_https_urls_are_links():
    assert ui.link("https://www.gov.uk/x?a=1&b=2") == '<a href="https://www.gov.uk/x?a=1&amp;b=2">https://www.gov.uk/x?a=1&amp;b=2</a>'
    assert ui.link("HTTP://example.org").startswith("<a href=")
    assert ui.link("javascript:alert(1)") == "javascript:alert(1)"
    assert ui.link("java\tscript:alert(1)") == "java\tscript:alert(1)"
