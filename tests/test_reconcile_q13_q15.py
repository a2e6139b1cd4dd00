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
