"""Issue 22: "How sure are we?" varies uncertain assumptions only, a shared one for both settings at once, and keeps
policy levers apart as scenarios (in-process; no kernel, no server)."""

from __future__ import annotations

import re

import pytest
from probation_briefing.briefings import get
from probation_briefing.briefings.contract import approx
from probation_briefing.briefings.sensitivity import sensitivity
from probation_briefing.data import catalogue, source
from probation_briefing.page.sensitivity_panel import sensitivity_html

DATA = source()
Q14 = get("q14")
P14 = Q14.parameters(DATA)


# With A and B the same, the panel gives 0 at every point: tests/test_q14_uncertainty_and_record.py draws every lever
# for both settings and every shared assumption (test_with_a_and_b_the_same_every_uncertainty_gives_no_difference).


@pytest.mark.parametrize("bid", catalogue.ids())
def test_policy_levers_are_never_counted_as_uncertainty(bid):
    b = get(bid)
    params = b.parameters(DATA)
    s = sensitivity(b, params.defaults(), DATA)
    assert {params[k].role for k in s.table["param_id"]} <= {"assumption"}
    assert {params[k].role for k in s.scenarios["param_id"]} <= {"lever"}
    assert not any(k.endswith("_b") for k in s.table["param_id"])  # a shared assumption is one row, for both settings


@pytest.mark.parametrize("bid", catalogue.ids())
def test_every_plausible_range_brackets_its_default(bid):
    for k, p in get(bid).parameters(DATA).items():
        if p.low is not None and p.high is not None:
            assert p.low <= p.default <= p.high, f"{bid} {k}: {p.low} to {p.high} does not bracket {p.default}"


def test_the_panel_says_how_the_range_is_formed_and_when_it_crosses_zero():
    s = sensitivity(Q14, P14.defaults(), DATA)
    html, _ = sensitivity_html(Q14, P14.defaults(), DATA)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "all together" in text and "unlikely" in text and "bounds, not as a likely range" in text
    assert ("crosses zero" in text) == s.crosses_zero
    assert "Policy choices: scenarios, not uncertainties" in text
    assert re.search(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text) is None  # no internal names


def test_results_in_the_panel_follow_the_one_rounding_rule():
    """Results are illustrative: two significant figures, as on the cards and in the key points (settings as set)."""
    html, _ = sensitivity_html(Q14, P14.defaults(), DATA)
    table = html[html.index("<table") : html.index("</table>")]
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", table)
    results = [i for i, h in enumerate(heads) if h.startswith(("result at", "swing"))]
    assert len(results) == 3
    for row in re.findall(r"<tr>(.*?)</tr>", table)[1:]:
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        for i in results:
            assert cells[i] == approx(float(cells[i].replace(",", ""))), cells[i]
            assert len(re.sub(r"[^0-9]", "", cells[i]).lstrip("0").rstrip("0")) <= 2, cells[i]
