"""Q13 and Q15 against the record (issue 22): each briefing's ``reconcile`` sets what the model computes beside a
published figure, or says plainly that none was found and what was searched for."""

from __future__ import annotations

import pytest
from probation_briefing.briefings import get
from probation_briefing.data import source
from probation_briefing.data.facts import fact

DATA = source()
SOURCES = set(DATA.load("sources")["source_id"])


@pytest.mark.parametrize("bid", ["q13", "q15"])
def test_every_check_is_complete_and_honest(bid):
    checks = get(bid).reconcile(DATA)
    assert checks
    for c in checks:
        assert c.what and c.unit and c.tolerance and c.note and c.source_id in SOURCES
        if c.record is None:
            assert c.passed is None and "No published" in c.note
        else:
            assert c.model is not None and isinstance(c.passed, bool)


def test_q15_durham_tees_valley_is_within_a_fifth_of_its_published_value():
    dtv = fact("crc_c03_contract_value_annual", DATA)
    c = {c.source_id: c for c in get("q15").reconcile(DATA)}[dtv.source_id]
    assert c.record == dtv.value and c.passed
    assert abs(c.model - c.record) <= 0.2 * c.record
    assert "calibrated" in c.note  # the check says it is not independent


def test_q15_sharing_by_population_reproduces_a_published_grant_per_resident():
    per_head = fact("victims_grant_per_head", DATA)
    c = {c.source_id: c for c in get("q15").reconcile(DATA)}[per_head.source_id]
    assert c.record == per_head.value and c.passed and abs(c.model - c.record) <= 0.1 * c.record


def test_q13_says_no_outturn_was_found_and_what_was_searched():
    (c,) = get("q13").reconcile(DATA)
    assert c.record is None and c.passed is None
    assert "No published outturn was found" in c.note and "searched" in c.note
    assert c.model == pytest.approx(get("q13").run(get("q13").parameters(DATA).defaults(), DATA).model.national["local_total"])


def test_the_q15_note_quotes_the_checks_and_the_reference_area_as_the_model_gives_them():
    b = get("q15")
    note = b.model_note()
    dtv, grant, _ = b.reconcile(DATA)
    assert f"£{dtv.model:.1f}m a year" in note and f"£{grant.model:.3f}" in note and f"£{grant.record:.3f}" in note
    r = b.run(b.parameters(DATA).defaults(), DATA).transfer
    assert f"{r.bidder_reference_area}'s" in note
    assert "nobody else's sum changes" in note and "about £45,000 a year" in note


def test_the_q13_note_says_how_much_of_the_headline_is_the_placeholder():
    b = get("q13")
    n = b.run(b.parameters(DATA).defaults(), DATA).model.national
    note = b.model_note()
    assert f"about £{round(n['pcc_local'])}m of the £{round(n['local_total'])}m" in note
    assert "No published outturn" in b.reconcile(DATA)[0].note and "no published outturn was found" in note
