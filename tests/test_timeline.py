"""The sourced timeline and the as-at rule (issue 23): nothing is recorded as done, or cited, after the date the
package describes; every planned event says when it was announced; every quoted row carries its key words.

Frictionless checks the enums, patterns and the foreign key; what it cannot express is checked here.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import DATA, ROOT
from probation_briefing.data import timeline

PRIMARY = {"official", "legislation", "parliament", "audit", "inspectorate", "statistics", "procurement", "organisation"}

# The events issue 23 asks for, by event_id.
REQUIRED = {
    "tr_contracts_signed",  # TR: contracts for the 21 CRCs
    "tr_crcs_start",  # TR: new owners take over, 1 February 2015
    "consultation_2018",  # Strengthening probation, building confidence (July 2018)
    "may2019_decision",  # offender management back to the NPS
    "wales_om_to_nps",  # Wales, December 2019
    "unification",  # 26 June 2021
    "regions_12",  # the 12 probation regions
    "df_day1_awarded",  # the Dynamic Framework's first £195m over three to four years
    "psdf_term_end",  # the Dynamic Framework's term
    "procurement_act",  # Procurement Act 2023 in force, 24 February 2025
    "dps_expire",  # existing dynamic purchasing systems lapse
    "sentencing_review",  # Independent Sentencing Review final report, 22 May 2025
    "sentencing_act",  # Sentencing Act 2026 and the £700m
    "cs4m_model",  # Community Support for Men: a lead Delivery Partner with a supply chain
    "cs4m_tender",  # ... tendered September 2025
    "cs4m_award",  # ... indicative award October 2026
    "cs4m_golive",  # ... go-live March 2027
    "pcc_abolition_announced",  # 13 November 2025
    "pcc_abolished_2028",  # end of the current term, May 2028
    "police_white_paper",  # From local to national, January 2026
    "gm_mayor_pcc",  # mayors holding PCC functions: Greater Manchester 2017,
    "wy_mayor_pcc",  # West Yorkshire 2021,
    "sy_mayor_pcc",  # South Yorkshire 2024,
    "yny_mayor_pcc",  # York and North Yorkshire 2024
    "wales_mou_statement",  # Wales: a probation memorandum like Greater Manchester's
}

# Words each quoted row's quote must contain: its key date, figure or words. Adding a quoted row means adding it here.
KEYS = {
    "tr_contracts_signed": ["21 Community Rehabilitation Companies", "18 December 2014"],
    "tr_crcs_start": ["1 February 2015"],
    "crc_early_end_announced": ["July 2018", "14 months early"],
    "consultation_2018": ["Opened 27 Jul 2018"],
    "may2019_decision": ["responsible for managing all offenders"],
    "wales_om_to_nps": ["Wales", "in December"],
    "pdp_competition_ended": ["11 June 2020", "competitive process for contracts would be ended"],
    "psdf_established": ["dynamic framework"],
    "df_day1_awarded": ["£195 million", "26 organisations", "three to four years"],
    "unification": ["26 June", "unified probation service"],
    "regions_12": ["12 probation areas"],
    "procurement_act": ["24 February 2025"],
    "dps_expire": ["23 February 2029"],
    "sentencing_review": ["probation system"],
    "wales_not_priority": ["not be a priority"],
    "wales_mou_statement": ["Memorandum of Understanding on probation", "Greater Manchester"],
    "cs4m_model": ["Delivery Partner", "lead bidder", "supply chain"],
    "cs4m_tender": ["£854,446,832", "£1,128,855,881", "Greater Manchester"],
    "sentencing_act": ["Royal Assent", "£700 million", "three years"],
    "police_white_paper": ["26 January 2026", "White Paper"],
    "pcc_abolition_announced": ["will be abolished", "mayors", "council leaders"],
    "gm_mayor_pcc": ["8th May 2017"],
    "wy_mayor_pcc": ["10th May 2021"],
    "sy_mayor_pcc": ["7th May 2024"],
    "yny_mayor_pcc": ["May 2024", "transferred to the new Mayor"],
    "cs4m_award": ["October 2026"],
    "cs4m_golive": ["March 2027", "5 years", "3 further years"],
    "gmirs_recommission": ["April 2027"],
    "psdf_term_end": ["10 June 2027"],
    "pcc_to_mayors_2027": ["2027"],
    "pcc_abolished_2028": ["May 2028"],
}


@pytest.fixture(scope="module")
def tl() -> pd.DataFrame:
    return pd.read_csv(DATA / "timeline.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")


def _source_earliest(raw: str):
    """A source's date as its first possible day; '2010s' (an undated guide) counts as 2010."""
    return timeline.earliest(raw[:4] if raw.endswith("s") else raw)


def _cited(row) -> list[str]:
    return [row.source_id] + [s for s in row.see_also.split("|") if s]


def test_as_at_is_one_iso_date_in_the_package():
    desc = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", desc["as_at"])
    assert timeline.as_at().isoformat() == desc["as_at"]


def test_the_timeline_loads_against_its_schema():
    df = timeline.events()
    assert len(df) >= len(REQUIRED)
    assert list(df["start"]) == sorted(df["start"])


def test_the_events_issue_23_asks_for_are_present(tl):
    missing = REQUIRED - set(tl["event_id"])
    assert not missing, missing


def test_every_event_bears_on_at_least_one_question(tl):
    for r in tl.itertuples():
        qs = r.questions.split("|")
        assert qs and set(qs) <= set(timeline.QUESTIONS), (r.event_id, r.questions)


def test_every_source_cited_is_known_and_dated_on_or_before_as_at(tl, sources):
    at = timeline.as_at()
    for r in tl.itertuples():
        for sid in _cited(r):
            assert sid in sources.index, (r.event_id, sid)
            assert _source_earliest(sources.at[sid, "date"]) <= at, (r.event_id, sid, sources.at[sid, "date"])


def test_done_events_are_dated_on_or_before_as_at_and_have_no_announced_date(tl):
    at = timeline.as_at()
    for r in tl[tl["state"] == "done"].itertuples():
        assert timeline.earliest(r.date) <= at, (r.event_id, r.date)
        assert r.announced == "", r.event_id


def test_planned_events_were_announced_by_as_at_and_lie_after_it_or_say_why_not(tl):
    at = timeline.as_at()
    for r in tl[tl["state"] == "planned"].itertuples():
        assert r.announced, f"{r.event_id}: a planned event needs the date it was announced"
        assert timeline.earliest(r.announced) <= at, f"{r.event_id}: announced after the as-at date"
        assert timeline.earliest(r.announced) <= timeline.earliest(r.date), r.event_id
        if timeline.latest(r.date) <= at:
            # its date has passed: either it has happened (then it must be 'done') or the note says it is overdue
            assert r.note.startswith(timeline.PAST_DUE), f"{r.event_id}: dated {r.date}, before {at}, but still planned"


def test_quoted_rows_carry_their_key_words(tl):
    quoted = tl[tl["status"].isin(["published", "reported"])]
    assert (quoted["quote"].str.strip() != "").all(), list(quoted.loc[quoted["quote"].str.strip() == "", "event_id"])
    missing_keys = set(quoted["event_id"]) - set(KEYS)
    assert not missing_keys, f"add the key words of {sorted(missing_keys)} to KEYS"
    bad = [(r.event_id, k) for r in quoted.itertuples() for k in KEYS[r.event_id] if k not in r.quote]
    assert not bad, bad


def test_published_rows_rest_on_a_primary_source_and_reported_rows_say_what_is_missing(tl, sources):
    for r in tl.itertuples():
        kind = sources.at[r.source_id, "kind"]
        if r.status == "published":
            assert kind in PRIMARY, (r.event_id, r.source_id, kind)
        if r.status == "reported":
            assert r.note.strip(), f"{r.event_id}: a reported row says in its note what primary could not be read"


def test_unverified_rows_are_known_gaps_in_the_readme(tl):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for r in tl[tl["status"] == "unverified"].itertuples():
        assert r.quote == "", r.event_id
        assert r.event_id in readme, f"{r.event_id} is unverified: list it under Known gaps in README.md"


def test_events_filters_by_question_and_state():
    q15 = timeline.events(questions="q15")
    assert {"pcc_abolished_2028", "gm_mayor_pcc", "wales_mou_statement"} <= set(q15["event_id"])
    assert all("q15" in q.split("|") for q in q15["questions"])
    both = timeline.events(questions=["q13", "q14"])
    assert "df_day1_awarded" in set(both["event_id"]) and "gm_mayor_pcc" not in set(both["event_id"])
    assert set(timeline.events(state="planned")["state"]) == {"planned"}
    with pytest.raises(ValueError, match="q13"):
        timeline.events(questions="q16")
    with pytest.raises(ValueError):
        timeline.events(state="maybe")
