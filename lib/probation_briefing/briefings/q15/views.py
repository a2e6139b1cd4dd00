"""Q15's views: the headlines, summary, caveats, key points, charts and tables for one scenario's transfer.

>>> from probation_briefing.briefings import q15
>>> from probation_briefing.data import source
>>> v = views(q15.run(q15.BRIEFING.parameters(source()).defaults(), source()))
>>> [c.key for c in v.charts], [t.key for t in v.table_views()]
(['commissioners', 'map', 'contracts', 'kept'], ['contracts', 'commissioners', 'conservation'])
"""

from __future__ import annotations

import pandas as pd

from ...data import DataSource
from ...data.facts import fact
from ...data.params import Scenario
from ...models import caseload, funding, regions
from ...models.money import to_gbp_m
from ...present import charts
from ..contract import ChartView, Headline, KeyPoint, Notice, TableView, View, approx, approx_gbp_m
from .charts import PART_ORDER, TYPE_WORDS, VIEWS, commissioner_chart, contract_chart, kept_chart, map_chart, successors
from .run import Result

ABOLITION_EVENT = "pcc_abolished_2028"  # the timeline row: commissioners end in May 2028, subject to legislation


def abolition(data: DataSource) -> tuple[str, str]:
    """The timeline's row for the abolition of commissioners: its source id and its verbatim quote.

    >>> from probation_briefing.data import source
    >>> abolition(source())[0]
    'T12'
    """
    t = data.load("timeline").set_index("event_id")
    row = t.loc[ABOLITION_EVENT]
    return str(row["source_id"]), str(row["quote"])


def abolition_notice(data: DataSource) -> Notice:
    """The caveat every Q15 view carries: commissioners are due to be abolished in May 2028 (a published statement)."""
    sid, quote = abolition(data)
    return Notice(
        "Police and crime commissioners are due to be abolished in May 2028, subject to legislation: the Policing Minister told "
        f"MPs that, subject to legislation, '{quote}' [{sid}]. Their role is to pass to mayors where possible and otherwise to "
        "boards of council leaders. Choose who receives the money under 'Who receives the money'.",
        "warn",
        "published",
    )


def successors_notice(r: funding.TransferResult, data: DataSource) -> Notice:
    """What the May 2028 bodies rest on: how many are made, announced or assumed, and that it is all subject to legislation."""
    c = r.commissioners
    sid, _ = abolition(data)

    def names(status: str, kind: str) -> list[str]:
        return c.loc[(c.body_status == status) & (c.commissioner_type == kind), "commissioner"].tolist()

    made, announced, assumed_mayors = names("made", "mayor"), names("announced", "mayor"), names("assumed", "mayor")
    boards = c[c.commissioner_type == "board"]
    welsh = int((boards.nation == "Wales").sum())
    return Notice(
        f"From May 2028 the money goes to {len(c)} bodies (the table of 2028 bodies in the data package, each row sourced). Made: {len(made)} mayors "
        f"already hold the role ({', '.join(made)}). Announced: {len(announced)} ({', '.join(announced)}), some only reported by "
        f"the press or stated by a commissioner. Assumed: {len(assumed_mayors)} mayors whose area matches the force area or who "
        f"say the role may come to them ({', '.join(assumed_mayors)}), and {len(boards)} boards of council leaders, "
        f"{len(boards) - welsh} in England by the announcement's default rule for areas not covered by a mayor and {welsh} in Wales, "
        "where the arrangements are still to be agreed with the Welsh Government (a project assumption). All of it is subject to "
        f"legislation [{sid}]; the boards are taken to cover one police force area each.",
        "warn",
    )


def _caveats(s: Scenario, r: funding.TransferResult, data: DataSource) -> list[Notice]:
    notes = [abolition_notice(data)]
    if successors(r):
        notes.append(successors_notice(r, data))
    if s["allocation_key"] in ("caseload", "blend"):
        notes.append(
            Notice(
                f"The caseload key is derived: each CRC's caseload (reported at different dates, some as 'more than' or "
                f"'nearly') is shared between its force areas by population; {caseload.imputed_crcs(data)} CRCs with no "
                "figure are imputed at the national known-caseload-per-head rate.",
                "warn",
                "derived",
            )
        )
    if s["include_wales"] and s["allocation_key"] in ("population", "blend", "caseload"):
        notes.append(
            Notice(
                "Welsh force-area populations are estimates: each is the sum of the ONS mid-2018 estimates for its councils.",
                "info",
                "estimate",
            )
        )
    if data.load("structures").set_index("structure").loc[s["structure"], "status"] == "reconstructed":
        notes.append(
            Notice(
                "The contract areas follow a reconstruction of the 2018 proposal: the official map was not found.", "warn", "reconstructed"
            )
        )
    k = r.contracts
    dtv = fact("crc_c03_contract_value_annual", data)
    notes.append(
        Notice(
            f"What each contract area is worth today: Durham Tees Valley keeps its published value (about £{dtv.value:,.0f}m a "
            f"year at award) [{dtv.source_id}], as a share of the pot; the other 20 CRC areas share the rest of the pot by "
            "population, an assumption, because their values were not published. Other structures add up the values of the "
            "police force areas they hold.",
            "info",
            "illustrative",
        )
    )
    cross = int(k.from_other_areas_p.sum())
    if cross:
        notes.append(
            Notice(
                f"In {int((k.from_other_areas_p > 0).sum())} area(s) the commissioners receive more than the contract was worth; "
                f"{approx_gbp_m(to_gbp_m(cross))} is drawn from the other areas in proportion to what they have left."
            )
        )
    return notes


def _summary(s: Scenario, r: funding.TransferResult) -> str:
    moved = to_gbp_m(r.allocated_p)
    kept = to_gbp_m(r.kept_for_excluded_p)
    k = r.contracts
    who = "The bodies due to hold the role from May 2028 (mayors and boards of council leaders)" if successors(r) else "Commissioners"
    text = (
        f"{s['share_pct']:g}% of a £{s['pot_gbp_m']:,.0f}m pot is {approx_gbp_m(to_gbp_m(r.transferred_p))}. "
        f"{who} receive {approx_gbp_m(moved)}"
        if r.transferred_p
        else "Nothing is moved to commissioners"
    )
    if r.kept_for_excluded_p:
        text += f"; {approx_gbp_m(kept)} that would have gone to the commissioners left out stays in their contracts"
    if moved > 0:
        biggest = r.commissioners.sort_values("allocation_p", ascending=False).iloc[0]
        inc = r.commissioners[r.commissioners.included].sort_values("allocation_p")
        text += f". The largest sum goes to {biggest.commissioner}: {approx_gbp_m(biggest.allocation_gbp_m)}."
        if len(inc):
            text += f" The smallest included sum is {approx_gbp_m(inc.iloc[0].allocation_gbp_m)} ({inc.iloc[0].commissioner})."
    else:
        text += ": every contract keeps its full value."
    text += (
        f" With {s['fixed_cost_share_pct']:g}% of costs fixed, the median contract area keeps "
        f"{_pct(_median(100 - k.thinning_pct))} of its delivery money in a mid-contract cut, and "
        f"{_pct(_median(k.relet_delivery_kept_pct))} if the contracts are re-let without the moved money "
        f"({s['relet_transition_pct']:g}% of the fixed costs that went with it not yet shed)."
    )
    flagged = k[k.bidder_flag | k.fixed_costs_uncovered]
    flags = "; ".join(
        f"{a} ({approx_gbp_m(v)} left{', below the bidder threshold' if b else ''}{', fixed costs not covered' if u else ''})"
        for a, v, b, u in zip(flagged.area, flagged.remaining_gbp_m, flagged.bidder_flag, flagged.fixed_costs_uncovered)
    )
    return text + f" Flags: {flags or 'none'} (bidder-interest threshold {_threshold(s, r)})."


def _threshold(s: Scenario, r: funding.TransferResult) -> str:
    """The bidder-interest threshold in words, naming the contract it is a share of."""
    return (
        f"{approx_gbp_m(to_gbp_m(r.bidder_threshold_p))} a year: {s['bidder_threshold_pct']:g}% of "
        f"{r.bidder_reference_area}'s contract, the smallest of the 21 CRC contracts of 2014 in this model's baseline; illustrative"
    )


def _median(x: pd.Series) -> float:
    return float(x.median()) if x.notna().any() else float("nan")


def _pct(x: float) -> str:
    return "an unknown share" if x != x else f"{x:.0f}%"


def _tables(r: funding.TransferResult) -> list[TableView]:
    """The contract-area, commissioner and conservation tables (built after the charts are on their way)."""
    k = r.contracts
    ok = r.conserved
    ct = k[
        [
            "area",
            "n_commissioners",
            "baseline_gbp_m",
            "baseline_basis",
            "own_commissioners_gbp_m",
            "remaining_gbp_m",
            "fixed_gbp_m",
            "delivery_gbp_m",
            "thinning_pct",
            "bidder_flag",
        ]
    ].rename(
        columns={
            "n_commissioners": "commissioners",
            "baseline_gbp_m": "baseline £m",
            "baseline_basis": "baseline rests on",
            "own_commissioners_gbp_m": "to its commissioners £m",
            "remaining_gbp_m": "left £m",
            "fixed_gbp_m": "fixed costs £m",
            "delivery_gbp_m": "delivery £m",
            "thinning_pct": "delivery money lost %",
            "bidder_flag": "below bidder threshold",
        }
    )
    cm = r.commissioners.sort_values("allocation_p", ascending=False)[
        [
            "commissioner",
            "commissioner_type",
            "body_status",
            "force_area",
            "area",
            "included",
            "key_share",
            "allocation_gbp_m",
            "per_head_gbp",
            "at_floor",
        ]
    ]
    cm = cm.assign(key_share=100 * cm.key_share, commissioner_type=cm.commissioner_type.map(lambda t: TYPE_WORDS.get(t, t)))
    if not successors(r):
        cm = cm.drop(columns=["body_status"])
    cm = cm.rename(
        columns={
            "commissioner": "body" if successors(r) else "commissioner",
            "commissioner_type": "type",
            "body_status": "status (made, announced, assumed)",
            "force_area": "police force area",
            "key_share": "key share %",
            "allocation_gbp_m": "£m a year",
            "per_head_gbp": "£ per resident",
            "area": "contract area",
            "at_floor": "raised to minimum",
        }
    )
    cons = r.conservation().rename(columns={"gbp_m": "£m"})
    return [
        TableView(
            "contracts",
            "Contract areas",
            ct,
            {c: ",.2f" for c in ct.columns if c.endswith("£m")} | {"delivery money lost %": ".0f"},
            k,
            "q15_contract_areas.csv",
        ),
        TableView(
            "commissioners",
            "Bodies from May 2028" if successors(r) else "Commissioners",
            cm,
            {"key share %": ".2f", "£m a year": ",.2f", "£ per resident": ".2f"},
            r.commissioners,
            "q15_commissioners.csv",
        ),
        TableView(
            "conservation",
            "Conservation check (to the penny)",
            cons,
            {"£m": ",.2f", "pence": ",d"},
            note="Check passed: money moved + money left = the pot, exactly." if ok else "",
        ),
    ]


def key_points(res: Result) -> list[KeyPoint]:
    """Balanced key points for a consultation response on question 15; the money points follow the settings."""
    data, r = res.data, res.transfer
    victims, pot = fact("victims_grants_to_pccs_2016_17", data), fact("crc_contracts_annual_value_at_award", data)
    crc, prop = regions.headline(data, "crc_2014"), regions.headline(data, "proposed_2018")
    crc_source = str(data.load("structures").set_index("structure").loc["crc_2014", "source_id"])
    moved = to_gbp_m(r.allocated_p)
    regional = fact("proposed_regional_crcs_england", data)
    ab, _ = abolition(data)
    due = f"PCCs are due to be abolished in May 2028, subject to legislation, their role passing to mayors or boards of council leaders [{ab}]"
    if successors(r):
        money = KeyPoint(
            f"With the settings below, the bodies due to take over from PCCs in May 2028 (mayors and boards of council leaders, "
            f"some announced, most assumed) would receive {approx_gbp_m(moved)} a year of the £{pot.value:,.0f}m pot "
            f"[{pot.source_id}] to commission services locally (illustrative); {due}.",
            "for",
            (pot.source_id, ab),
        )
    else:
        money = KeyPoint(
            f"With the settings below, commissioners would receive {approx_gbp_m(moved)} a year of the £{pot.value:,.0f}m pot "
            f"[{pot.source_id}] to commission services locally (illustrative); but {due}.",
            "for",
            (pot.source_id, ab),
        )
    return [
        KeyPoint(
            f"Police and crime commissioners (PCCs) already commission local services: the Ministry of Justice gave them about "
            f"£{victims.value:,.0f}m for victims' services in 2016-17 [{victims.source_id}]. But {due}.",
            "for",
            (victims.source_id, ab),
        ),
        KeyPoint(
            f"Co-commissioning is harder in bigger areas: each of the 21 Community Rehabilitation Company (CRC) areas held at most "
            f"{crc['max_commissioners']} commissioners, but in this project's reconstruction of the 2018 proposal (the official map "
            f"was not found) an area would hold up to {prop['max_commissioners']} [{crc_source}, S31, {regional.source_id}].",
            "against",
            (crc_source, "S31", regional.source_id),
        ),
        money if moved else KeyPoint("With the settings below, no money moves to commissioners.", "context"),
        _contracts_point(res),
    ]


def _contracts_point(res: Result) -> KeyPoint:
    """What the move does to the contracts left behind: a point against when they lose money, context when they do not."""
    s, r = res.scenario, res.transfer
    k = r.contracts
    flagged = int(k.bidder_flag.sum())
    if r.remaining_p == r.pot_p:
        return KeyPoint(
            f"With nothing moved, every contract keeps its full value and none falls below the bidder-interest threshold "
            f"({_threshold(s, r)}).",
            "context",
        )
    return KeyPoint(
        f"The contracts left behind thin out: re-let without the moved money, the median area keeps "
        f"{_pct(_median(k.relet_delivery_kept_pct))} of its delivery money; cut in mid-contract, it keeps "
        f"{_pct(_median(100 - k.thinning_pct))}, and {flagged} of {len(k)} areas fall below the bidder-interest threshold ({_threshold(s, r)}).",
        "against",
    )


def views(res: Result) -> View:
    """Headlines, summary, caveats, three charts and the contract, commissioner and conservation tables."""
    s, r, data = res.scenario, res.transfer, res.data
    k = r.contracts
    ok = r.conserved
    bar, bar_table = commissioner_chart(r)
    contract, contract_table = contract_chart(r, to_gbp_m(r.bidder_threshold_p))
    kept, kept_table = kept_chart(r)
    caseload = float(r.commissioners.loc[r.commissioners.included, "caseload"].sum())
    per_case = to_gbp_m(r.allocated_p) * 1e6 / caseload if caseload > 0 else float("nan")
    # each headline's figure worked out once, for its words and its amount (the Compare difference column)
    below, relet_kept, cut_kept = int(k.bidder_flag.sum()), _median(k.relet_delivery_kept_pct), _median(100 - k.thinning_pct)
    uncovered = int(k.fixed_costs_uncovered.sum())
    headlines = [
        Headline(
            "Moved to commissioners",
            "nothing" if not r.allocated_p else f"{approx_gbp_m(to_gbp_m(r.allocated_p))} a year",
            amount=to_gbp_m(r.allocated_p) * 1e6,
            unit="£ a year",
        ),
        Headline(
            "Left in the contracts",
            f"{approx_gbp_m(to_gbp_m(r.remaining_p))} a year",
            amount=to_gbp_m(r.remaining_p) * 1e6,
            unit="£ a year",
        ),
        Headline(
            "What commissioners could spend per person on a CRC caseload in their areas",
            "nothing" if not r.allocated_p else f"about £{approx(per_case)} a year",
            "derived",
            amount=0.0 if not r.allocated_p else per_case,
            unit="£ a year",
        ),
        Headline(
            "Contract areas below the bidder threshold",
            f"{below} of {len(k)}",
            amount=below,
            unit="areas",
        ),
        Headline(
            "Median delivery money kept, contracts re-let without the moved money",
            _pct(relet_kept),
            amount=relet_kept,
            unit="%",
        ),
        Headline(
            "Median delivery money kept, cut in mid-contract",
            _pct(cut_kept),
            amount=cut_kept,
            unit="%",
        ),
        Headline(
            "Areas whose fixed costs are no longer covered (mid-contract)",
            f"{uncovered} of {len(k)}",
            amount=uncovered,
            unit="areas",
        ),
    ]
    caveats = _caveats(s, r, data)
    if not ok:
        caveats.append(Notice("Check FAILED: money moved + money left does not equal the pot. Please report this.", "error"))
    return View(
        key_points=key_points(res),
        headlines=headlines,
        summary=_summary(s, r),
        caveats=caveats,
        charts=[
            ChartView(
                "commissioners",
                "What each commissioner receives",
                bar,
                lambda: charts.describe_bars(bar_table, "£m a year", "commissioner", " £m"),
                bar_table,
                {"£m a year": ",.2f", "£ per resident": ",.2f"},
            ),
            ChartView(
                "map",
                "Money to commissioners on a map",
                map_chart(r, data),
                "Tile map of the 43 police force areas shaded by the money their commissioner receives; the same figures are in the "
                "commissioners' chart and table.",
                bar_table,
                {"£m a year": ",.2f", "£ per resident": ",.2f"},
            ),
            ChartView(
                "contracts",
                "What is left in each contract area",
                contract,
                lambda: charts.describe_bars(k.assign(left=k.remaining_gbp_m), "left", "area", " £m left"),
                contract_table,
                dict.fromkeys(PART_ORDER, ",.2f"),
            ),
            ChartView(
                "kept",
                "Delivery money kept: cut in mid-contract against re-let",
                kept,
                lambda: (
                    "Bar chart, two bars per contract area: the share of today's delivery money kept if the cut comes in mid-contract "
                    "(fixed costs stay) and if the contract is re-let without the moved money (fixed costs scale down). "
                    + "; ".join(f"{a}: {m:.0f}% and {v:.0f}%" for a, m, v in kept_table.itertuples(index=False))
                    + "."
                ),
                kept_table,
                dict.fromkeys(VIEWS, ".0f"),
            ),
        ],
        tables=lambda: _tables(r),
    )
