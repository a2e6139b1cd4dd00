"""What the Q13 and Q15 pages say (issue 22): statuses that match what a figure is, one rounding rule for illustrative
money, key point stances that follow the effect, the placeholder behind Q13's headline, and no internal names."""

from __future__ import annotations

import re

import pytest
from probation_briefing.briefings import get
from probation_briefing.briefings.q15 import coterminosity
from probation_briefing.data import source

DATA = source()
SCENARIOS = {
    "q13": [{}, {"structure": "crc_2014"}, {"structure": "regions_2021", "pcc_gbp_per_head": 0}, {"ratecard_uptake_pct": 100}],
    "q15": [
        {},
        {"share_pct": 0},
        {"share_pct": 40, "floor_gbp_m": 2, "allocation_key": "blend"},
        {"structure": "crc_2014"},
        {"recipients": "successors_2028"},
    ],
}
CASES = [(bid, ch) for bid, chs in SCENARIOS.items() for ch in chs]
MONEY = re.compile(r"£(\d[\d,]*(?:\.\d+)?)m\b")
#: A path into the data package ("data/successors_2028.csv"): the page says what a table is, not where its file is.
DATA_PATH = re.compile(r"\bdata/[\w./-]*\.(?:csv|json)\b")


def _significant(number: str) -> int:
    """Significant figures shown: '0.38' 2, '45.00' 4, '6.8' 2; a whole number's trailing zeros do not count ('450' 2)."""
    d = number.replace(",", "")
    if "." in d:
        return len(d.replace(".", "").lstrip("0"))
    return len(d.strip("0")) or 1


def _view(bid, changes):
    b = get(bid)
    return b.view(b.parameters(DATA).defaults().replace(**changes), DATA)


def _texts(v):
    return (
        [h.label for h in v.headlines]
        + [h.value for h in v.headlines]
        + [v.summary]
        + [c.text for c in v.caveats]
        + [k.text for k in v.key_points]
    )


@pytest.mark.parametrize(("bid", "changes"), CASES)
def test_no_computed_figure_is_marked_published(bid, changes):
    for h in _view(bid, changes).headlines:
        assert h.status in ("derived", "reconstructed", "illustrative"), h


def test_q13_structure_counts_are_derived_or_reconstructed():
    statuses = {s: {h.status for h in _view("q13", {"structure": s}).headlines[:3]} for s in ("crc_2014", "proposed_2018")}
    assert statuses == {"crc_2014": {"derived"}, "proposed_2018": {"reconstructed"}}
    assert {h.status for h in coterminosity(DATA).headlines} <= {"derived", "reconstructed"}


@pytest.mark.parametrize(("bid", "changes"), CASES)
def test_illustrative_money_is_shown_to_two_significant_figures(bid, changes):
    for text in _texts(_view(bid, changes)):
        for number in MONEY.findall(text):
            assert _significant(number) <= 2, (number, text)  # no '£117.00m' beside 'about £120m'


@pytest.mark.parametrize(("bid", "changes"), CASES)
def test_no_internal_identifier_in_what_the_view_says(bid, changes):
    for text in _texts(_view(bid, changes)):
        assert not re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text), text


@pytest.mark.parametrize(("bid", "changes"), CASES)
def test_no_data_file_path_in_what_the_view_says_or_in_its_captions(bid, changes):
    """Issue 24 bug: Q15's caveat showed "data/successors_2028.csv", and the table caption holding it made the download
    "bodies-from-may-2028-data-successors-2028-csv.csv"."""
    v = _view(bid, changes)
    shown = _texts(v) + [c.title for c in v.charts] + [c.describe() for c in v.charts]
    shown += [t.caption for t in v.table_views()] + [t.note for t in v.table_views()]
    for text in shown:
        assert not DATA_PATH.search(text), text


def test_q13_headline_says_how_much_rests_on_the_commissioners_placeholder():
    v = _view("q13", {})
    head = {h.label: h for h in v.headlines}["All purchases reaching specialist local providers"]
    assert "placeholder" in head.value and head.status == "illustrative"
    n = get("q13").run(get("q13").parameters(DATA).defaults(), DATA).model.national
    assert f"£{round(n['pcc_local'])}m" in head.value  # about £17m of about £33m
    warn = [c for c in v.caveats if "placeholder" in c.text]
    assert len(warn) == 1 and warn[0].status == "illustrative" and "no figure" in warn[0].text
    none = _view("q13", {"pcc_gbp_per_head": 0})
    assert not any("placeholder" in t for t in _texts(none))


def test_q13_size_point_stance_follows_the_comparison():
    by = {s: _view("q13", {"structure": s}).key_points[1] for s in ("crc_2014", "proposed_2018", "regions_2021")}
    assert by["crc_2014"].stance == "context"
    assert by["proposed_2018"].stance == "against" and "reconstruction" in by["proposed_2018"].text
    assert by["regions_2021"].stance == "against" and "reconstruction" not in by["regions_2021"].text


def test_q15_stances_are_neutral_when_nothing_moves():
    v = _view("q15", {"share_pct": 0})
    for k in v.key_points[2:]:
        assert k.stance == "context", k.text
    moved = _view("q15", {"share_pct": 20})
    assert [k.stance for k in moved.key_points[2:]] == ["for", "against"]


def test_q15_the_2018_figure_is_said_to_be_a_reconstruction():
    v = _view("q15", {})
    point = next(k for k in v.key_points if "2018 proposal" in k.text)
    assert "reconstruction" in point.text and "up to 7" in point.text
    assert "reconstruction" in coterminosity(DATA).summary
