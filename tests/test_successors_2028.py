"""Q15 from May 2028: who would hold the commissioner's role (data/successors_2028.csv), the simulator's
"Who receives the money" lever, co-terminosity under the 2028 bodies, and the abolition caveat and key points."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probation_briefing.briefings import get
from probation_briefing.briefings.q15 import coterminosity
from probation_briefing.briefings.q15.views import ABOLITION_EVENT, abolition
from probation_briefing.data import source
from probation_briefing.data.params import parameters
from probation_briefing.models import funding, regions

DATA = source()
P = parameters("q15", DATA)
B = get("q15")
OLD, NEW = funding.RECIPIENTS_2018, funding.RECIPIENTS_2028
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def succ():
    return DATA.load("successors_2028").set_index("pfa_code")


def transfer(**values) -> funding.TransferResult:
    return funding.transfer(P.scenario(values), DATA)


# --- the table -------------------------------------------------------------------------------------------


def test_one_row_per_police_force_area_with_status_type_and_source():
    s, fa = succ(), DATA.load("force_areas")
    assert sorted(s.index) == sorted(fa["pfa_code"])
    assert set(s["status"]) <= {"made", "announced", "assumed"} and set(s["body_type"]) <= {"mayor", "board", "none"}
    known = set(DATA.load("sources")["source_id"])
    for col in ("source_id",):
        assert set(s[col]) <= known
    for ids in s["see_also"].dropna():
        assert {i.strip() for i in ids.split(",")} <= known, ids


def test_mayors_already_in_post_are_made_with_their_sources():
    s = succ()
    made = s[s.status == "made"]
    assert set(made.index) == {"metropolitan", "greater-manchester", "west-yorkshire", "south-yorkshire", "north-yorkshire"}
    assert (made.body_type == "mayor").all() and made.quote.notna().all()
    tl = DATA.load("timeline").set_index("event_id")  # the made rows cite what the timeline cites
    for pfa, event in {"greater-manchester": "gm_mayor_pcc", "west-yorkshire": "wy_mayor_pcc", "south-yorkshire": "sy_mayor_pcc"}.items():
        assert s.loc[pfa, "source_id"] == tl.loc[event, "source_id"] and s.loc[pfa, "from_date"] == tl.loc[event, "date"]
    assert s.loc["north-yorkshire", "quote_status"] == "reported"  # the commissioner's own page, as in the timeline


def test_announced_and_assumed_rows_quote_what_they_rest_on():
    s = succ()
    for pfa, r in s.iterrows():
        if r.body_type == "none":
            continue
        assert isinstance(r.quote, str) and r.quote.strip(), pfa
        assert r.quote_status in ("published", "reported"), pfa
    kinds = DATA.load("sources").set_index("source_id")["kind"]
    secondary = {"news", "blog", "aggregator", "consultancy", "trade-press", "law-firm", "organisation"}
    for pfa, r in s.iterrows():  # a quote from a secondary source or a party's own page is never marked published
        if r.body_type != "none" and kinds[r.source_id] in secondary:
            assert r.quote_status == "reported", pfa


def test_default_rows_quote_the_announcement_and_wales_is_a_labelled_assumption():
    s = succ()
    tl = DATA.load("timeline").set_index("event_id")
    announced = tl.loc["pcc_abolition_announced"]
    defaults = s[s.basis == "the announcement's default rule"]
    assert len(defaults) >= 20 and (defaults.body_type == "board").all() and (defaults.status == "assumed").all()
    for q in defaults.quote:
        assert q in str(announced.quote)  # the timeline's own words, from the same source
    assert set(defaults.source_id) == {announced.source_id}
    wales = s[s.index.isin(DATA.load("force_areas").query("nation == 'Wales'").pfa_code)]
    assert len(wales) == 4 and (wales.status == "assumed").all() and (wales.basis == "project assumption (Wales)").all()
    assert wales.note.str.contains("will be taken into consideration").all()


def test_bodies_keep_the_include_switches_groups():
    s = succ()
    assert s.loc["metropolitan", "body_id"] == funding.LONDON and s.loc["greater-manchester", "body_id"] == funding.GM
    r = funding.recipients(DATA, NEW)
    assert len(funding.recipients(DATA, OLD)) == 42 and len(r) == 40
    two = r[r.n_force_areas > 1].set_index("commissioner_id")
    assert set(two.index) == {"mayor-norfolk-suffolk", "mayor-east-midlands"}
    assert two.loc["mayor-norfolk-suffolk", "body_status"] == "announced" and two.loc["mayor-east-midlands", "body_status"] == "assumed"
    assert r.set_index("commissioner_id").loc[funding.LONDON, "group"] == "london"


# --- the simulator --------------------------------------------------------------------------------------

kw = st.fixed_dictionaries(
    {
        "share_pct": st.integers(0, 100),
        "allocation_key": st.sampled_from(["population", "officers", "caseload", "blend"]),
        "blend_population_pct": st.integers(0, 100),
        "structure": st.sampled_from(regions.structures(DATA)),
        "include_london": st.booleans(),
        "include_gm": st.booleans(),
        "include_wales": st.booleans(),
    }
)


@given(kw)
@FAST
def test_with_an_additive_key_and_no_minimum_every_contract_area_keeps_the_same_money(k):
    a, b = transfer(**k, recipients=OLD), transfer(**k, recipients=NEW)
    assert a.conserved and b.conserved
    diff = abs(a.contracts["remaining_p"].to_numpy() - b.contracts["remaining_p"].to_numpy())
    assert (diff <= a.contracts["n_commissioners"].to_numpy() + 1).all()  # a penny of rounding per body at most
    assert abs(a.allocated_p - b.allocated_p) <= len(a.commissioners)  # the switches' share is rounded body by body


def test_two_area_mayors_receive_what_the_two_commissioners_would_have():
    a = transfer(recipients=OLD, share_pct=10).commissioners.set_index("commissioner_id")["allocation_p"]
    b = transfer(recipients=NEW, share_pct=10).commissioners.set_index("commissioner_id")["allocation_p"]
    assert b["mayor-norfolk-suffolk"] == pytest.approx(a["pcc-norfolk"] + a["pcc-suffolk"], abs=2)  # pennies of rounding
    assert b["mayor-east-midlands"] == pytest.approx(a["pcc-derbyshire"] + a["pcc-nottinghamshire"], abs=2)
    assert b[funding.LONDON] == a[funding.LONDON] and b[funding.GM] == a[funding.GM]


def test_include_switches_act_on_the_2028_bodies():
    r = transfer(recipients=NEW, share_pct=10, include_london=False, include_gm=False, include_wales=False).commissioners
    off = r.set_index("commissioner_id")
    assert off.loc[[funding.LONDON, funding.GM], "allocation_p"].sum() == 0
    assert (r.loc[r.nation == "Wales", "allocation_p"] == 0).all() and (r.loc[r.nation == "Wales", "included"] == False).all()  # noqa: E712
    assert (r.loc[(r.nation == "England") & ~r.commissioner_id.isin([funding.LONDON, funding.GM]), "allocation_p"] > 0).all()


def test_per_recipient_table_and_chart_name_the_body_its_type_and_status():
    v = B.view(P.scenario({"recipients": NEW, "share_pct": 10}), DATA)
    t = next(t for t in v.table_views() if t.key == "commissioners").frame.set_index("body")
    assert t.loc["Mayor of Norfolk and Suffolk", "status (made, announced, assumed)"] == "announced"
    assert t.loc["Mayor of Norfolk and Suffolk", "police force area"] == "Norfolk and Suffolk"
    assert t.loc["Kent Police and Crime Board (council leaders)", "type"] == "board of council leaders"
    chart = next(c for c in v.charts if c.key == "commissioners")
    assert "mayor, made" in set(chart.data["type and status"]) and "board of council leaders, assumed" in set(chart.data["type and status"])
    spec = str(chart.chart.to_dict())
    assert "Essex (mayor, announced)" in spec and "What each body receives (from May 2028)" in spec
    old = B.view(P.scenario({"share_pct": 10}), DATA)
    t_old = next(t for t in old.table_views() if t.key == "commissioners").frame
    assert "status (made, announced, assumed)" not in t_old.columns and len(t_old) == 42


def test_the_map_shades_both_areas_of_a_two_area_body():
    v = B.view(P.scenario({"recipients": NEW, "share_pct": 10}), DATA)
    tiles = next(c for c in v.charts if c.key == "map").chart.to_dict()
    rows = {r["pfa_code"]: r for r in next(iter(tiles["datasets"].values()))}
    assert rows["norfolk"]["commissioner"] == rows["suffolk"]["commissioner"] == "Mayor of Norfolk and Suffolk"


# --- caveat and key points ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [OLD, NEW])
@pytest.mark.parametrize("share", [0, 10, 40])
def test_every_q15_view_says_commissioners_are_due_to_be_abolished_citing_the_timeline(who, share):
    sid, quote = abolition(DATA)
    assert sid == DATA.load("timeline").set_index("event_id").loc[ABOLITION_EVENT, "source_id"] == "T12"
    v = B.view(P.scenario({"recipients": who, "share_pct": share}), DATA)
    n = [c for c in v.caveats if "abolished in May 2028" in c.text]
    assert len(n) == 1 and n[0].status == "published" and f"[{sid}]" in n[0].text and quote in n[0].text
    for k in v.key_points:
        if k.stance == "for":  # a point for moving money to commissioners says they are due to go, and cites the row's source
            assert "abolished in May 2028" in k.text and sid in k.sources and f"[{sid}]" in k.text, k.text


def test_the_2028_option_says_what_is_announced_and_what_assumed_and_that_it_needs_legislation():
    v = B.view(P.scenario({"recipients": NEW}), DATA)
    n = next(c for c in v.caveats if c.text.startswith("From May 2028 the money goes to"))
    assert "subject to legislation" in n.text
    for word in ("Made: 5", "Announced: 4", "Assumed: 4 mayors", "27 boards", "4 in Wales"):
        assert word in n.text, word
    old = B.view(P.scenario({"recipients": OLD}), DATA)
    assert not any(c.text.startswith("From May 2028 the money goes to") for c in old.caveats)


# --- co-terminosity ------------------------------------------------------------------------------------


def test_coterminosity_from_may_2028_counts_bodies_mayors_and_boards():
    t = regions.successor_coterminosity(DATA)
    assert (t.n_mayors + t.n_boards == t.n_bodies_2028).all()
    assert (t.n_made + t.n_announced + t.n_assumed == t.n_bodies_2028).all()
    assert (t.n_bodies_2028 <= t.n_commissioners).all()
    crc = t[t.structure == "crc_2014"].set_index("area")
    fewer = crc[crc.n_bodies_2028 < crc.n_commissioners]
    assert set(fewer.index) == {"Norfolk and Suffolk", "Derbyshire, Leicestershire, Nottinghamshire and Rutland"}
    assert ((fewer.n_commissioners - fewer.n_bodies_2028) == 1).all()
    assert crc.loc["Cheshire and Greater Manchester", ["n_mayors", "n_boards", "n_made"]].tolist() == [1, 1, 1]
    for _, g in t.groupby("structure"):
        assert g.n_commissioners.sum() == 42 and g.n_bodies_2028.sum() == 40  # no body is split between contract areas


def test_coterminosity_section_says_the_count_is_unchanged_and_who_holds_the_role():
    v = coterminosity(DATA)
    assert "still cover police force areas, so the number each contract area deals with is unchanged" in v.summary
    assert "2 of the 21 CRC areas" in v.summary and "13 mayors and 27 boards of council leaders" in v.summary
    assert any("subject to legislation" in c.text for c in v.caveats)
    tv = next(t for t in v.table_views() if t.key == "may_2028")
    assert {"bodies from May 2028", "of which mayors", "of which boards", "assumed"} <= set(tv.frame.columns)
    assert next(h for h in v.headlines if "May 2028" in h.label).value.startswith("6 (")
