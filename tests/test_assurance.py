"""Issue 22: the assumptions log, the assurance statement and "Does the model reproduce what happened?" (in-process;
no kernel, no server)."""

from __future__ import annotations

import re

import pytest
from probation_briefing.briefings import get
from probation_briefing.briefings.assurance import assumptions_log, limitations, statement
from probation_briefing.data import catalogue, source
from probation_briefing.page.assurance_view import assurance_html, reconciliation_html

DATA = source()
IDS = catalogue.ids()


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("bid", IDS)
def test_the_log_holds_every_setting_with_why_when_reliability_and_impact(bid):
    b = get(bid)
    params = b.parameters(DATA)
    log = assumptions_log(b, DATA)
    assert list(log["setting"]) == [p.label for p in params.values()]
    assert log["reviewed"].str.match(r"\d{4}-\d{2}-\d{2}$").all()
    assert set(log["reliability"]) <= {"high", "medium", "low", "not applicable"}
    for p, (_, row) in zip(params.values(), log.iterrows()):
        if p.role == "assumption" and p.kind == "number":
            assert row["impact"] in {"high", "medium", "low", "none at the defaults"}, p.param_id
        if p.role in ("lever", "display", "example", "method"):
            assert row["reliability"] == "not applicable", p.param_id
        if p.role == "assumption":
            assert row["reliability"] != "not applicable", p.param_id


@pytest.mark.parametrize("bid", IDS)
def test_the_assurance_statement_says_what_was_checked_and_what_it_cannot_tell_you(bid):
    b = get(bid)
    st = statement(b, DATA)
    assert st.limitations and st.reviewed
    assert len(st.verification) >= 3 or bid not in ("q13", "q14", "q15")  # a new briefing lists its checks as it gains tests
    html = text(assurance_html(b, DATA))
    assert "Assumptions log" in html and "Assurance statement" in html and "not official statistics" in html
    assert "Known limitations" in html and "Checks done" in html
    assert re.search(r"\b[a-z]+(?:_[a-z0-9]+)+\b", html) is None, "internal names on screen"


@pytest.mark.parametrize("bid", IDS)
def test_each_briefing_says_whether_its_model_reproduces_what_happened(bid):
    html = text(reconciliation_html(get(bid), DATA))
    assert "Does the model reproduce what happened?" in html
    assert re.search(r"\b[a-z]+(?:_[a-z0-9]+)+\b", html) is None


def test_limitations_are_the_notes_own_bullets():
    assert limitations("# T\n## What it cannot tell you\n\n- One thing.\n- Another\n  over two lines.\n") == (
        "One thing.",
        "Another\n  over two lines.",
    )
