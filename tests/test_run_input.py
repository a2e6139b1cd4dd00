"""Issue 22: a briefing's ``run`` given a plain mapping checks it first, so any bad value gets the library's
``InputError`` with a plain message, never a bare Python error (in-process; no kernel, no server)."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probation_briefing.briefings import get
from probation_briefing.data import catalogue, source
from probation_briefing.errors import InputError

DATA = source()
IDS = catalogue.ids()

junk = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(max_size=12),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(object()),
    st.sampled_from(["nan", "inf", "-1e309", "1e400", " ", "true", "150", "-5", "1,000"]),
)


@pytest.mark.parametrize("bid", IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_run_on_a_plain_mapping_with_any_value_runs_or_refuses_plainly(bid, data):
    b = get(bid)
    names = list(b.parameters(DATA))
    picked = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    values = {k: data.draw(junk) for k in picked}
    try:
        b.run(values, DATA)
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)


@pytest.mark.parametrize("bid", IDS)
@pytest.mark.parametrize("bad", [None, 3, "share_pct=5", ["a"], {"no_such_setting": 1}])
def test_run_refuses_what_is_not_a_mapping_of_its_settings(bid, bad):
    with pytest.raises(InputError):
        get(bid).run(bad, DATA)


@pytest.mark.parametrize("bid", IDS)
def test_run_refuses_data_that_is_not_a_data_source(bid):
    with pytest.raises(InputError, match="data source"):
        get(bid).run({}, {"facts": []})


def test_a_checked_mapping_gives_the_same_result_as_a_scenario():
    b = get("q15")
    s = b.parameters(DATA).defaults().replace(share_pct=25)
    assert b.headline is not None
    assert math.isclose(b.headline(b.run({"share_pct": "25"}, DATA)), b.headline(b.run(s, DATA)))
