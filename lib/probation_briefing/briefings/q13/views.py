"""Q13's views: the structure explorer (map, per-area chart, tables) and the rate-card model (headlines, two charts,
table) for one scenario, with its summary, caveats and key points.

>>> from probation_briefing.briefings import q13
>>> from probation_briefing.data import source
>>> v = views(q13.run(q13.BRIEFING.parameters(source()).defaults(), source()))
>>> [c.key for c in v.charts], [t.key for t in v.table_views()]
(['tiles', 'measure', 'flows', 'per_area'], ['areas', 'change', 'crosswalk', 'ratecard'])
"""

from __future__ import annotations

from ...data import DataSource, timeline
from ...data.facts import fact
from ...models import ratecard, regions
from ...present import charts
from ..contract import ChartView, Headline, KeyPoint, Notice, TableView, View, approx_gbp_k, approx_gbp_m, approx_pct
from .charts import flows_chart, measure_chart, per_area_chart, structure_map
from .run import Result

SUMMARY_COLUMNS = {
    "area": "Area",
    "n_pfas": "Force areas",
    "n_commissioners": "Commissioners",
    "population": "Population",
    "population_note": "Population status",
    "n_councils": "Upper-tier councils",
    "n_crcs": "CRC areas",
    "caseload_known": "Known CRC caseload",
    "caseload_crcs_missing": "CRCs without a caseload figure",
}
MEASURE_LABELS = {
    "n_areas": "Number of areas",
    "max_commissioners": "Most commissioners in one area",
    "largest_population": "Largest population in one area",
    "median_population": "Median population per area",
    "median_commissioners": "Median commissioners per area",
    "median_councils": "Median councils per area",
}
RC_COLUMNS = {
    "area": "Area",
    "n_commissioners": "Commissioners",
    "population": "Population",
    "demand": "Demand (£m)",
    "not_bought": "Rate card not bought (£m)",
    "supply_chain_local": "Supply chain, local (£m)",
    "direct_local": "Direct, local (£m)",
    "pcc_local": "PCC, local (£m)",
    "local_total": "Local total (£m)",
    "per_commissioner": "Local £m per commissioner",
    "per_100k": "Local £k per 100,000 people",
    "caseload_imputed_pct": "Caseload imputed (%)",
}
VIEW_UNITS = {
    "local_total": "£m a year",
    "per_commissioner": "£m a year per commissioner",
    "per_100k": "£ thousand a year per 100,000 people",
}


def _structure_notice(data: DataSource, structure: str) -> Notice:
    row = data.load("structures").set_index("structure").loc[structure]
    if row["status"] == "reconstructed":
        regional = fact("proposed_regional_crcs_england", data)
        return Notice(
            "The official 2018 map was not found. This structure is a reconstruction from a published description of ten new "
            "probation regions in England, each with one CRC and one NPS area [S31]. A CRC's briefing to a council described "
            f"the same plan as {regional.value:.0f} regional CRCs and one for Wales, merging Durham Tees Valley with Northumbria "
            f"[{regional.source_id}]. " + row["description"],
            "warn",
            "reconstructed",
        )
    return Notice(f"{row['title']}: {row['description']} [{row['source_id']}]", "info", str(row["status"]))


def _now_notices(data: DataSource, structure: str) -> list[Notice]:
    """What has changed since 2018 for this question, from the sourced timeline: the 12 regions as today's structure
    (with Greater Manchester procuring its own services) and what the Sentencing Act 2026 says about probation money."""
    ev = timeline.events(data=data).set_index("event_id")
    tender = ev.loc["cs4m_tender"]
    act = ev.loc["sentencing_act"]
    out = []
    if structure == "regions_2021":
        regions = ev.loc["regions_12"]
        out.append(
            Notice(
                f"Today's structure: probation has been organised in these 12 regions since June 2021 [{regions['source_id']}]. "
                "For the men's rehabilitative services due to start in 2027, Greater Manchester runs its own procurement and "
                f"the rest of England and Wales is one national tender [{tender['source_id']}].",
                "info",
                "published",
            )
        )
    out.append(
        Notice(
            f"Since 2018: the Sentencing Act 2026 strengthens community punishment, and the government said '{act['quote'].split(' … ')[-1]}' "
            f"[{act['source_id']}]. No official forecast of what it means for demand for rehabilitation services was found, "
            "so the demand setting does not change with it: set your own.",
            "info",
        )
    )
    return out


def _rate_card_summary(r: ratecard.Result) -> str:
    n, a, v = r.national, r.areas, r.values
    top = a.sort_values("per_100k", ascending=False).iloc[0]
    low = a.sort_values("per_100k").iloc[0]
    key = "population" if v["allocation_key"] == "population" else "estimated caseload"
    lo, hi = approx_gbp_k(low["per_100k"]), approx_gbp_k(top["per_100k"])
    spread = f"{lo} in every area" if lo == hi else f"from {lo} ({low['area']}) to {hi} ({top['area']})"
    return (
        f"Illustrative: with national demand of {approx_gbp_m(v['demand_gbp_m'])} a year shared by {key} across {len(a)} areas, "
        f"{approx_gbp_m(n['ratecard_routed'])} goes to the rate card. At {v['ratecard_uptake_pct']:g}% uptake "
        f"{approx_gbp_m(n['ratecard_bought'])} is bought and {approx_gbp_m(n['not_bought'])} is not; "
        f"{approx_gbp_m(n['supply_chain_local'])} of what is bought reaches specialist local providers through CRC supply chains. "
        f"Direct purchases add {approx_gbp_m(n['direct_local'])} and commissioners {approx_gbp_m(n['pcc_local'])}: "
        f"{approx_gbp_m(n['local_total'])} a year in all ({approx_pct(n['local_share_pct'])} of "
        f"{approx_gbp_m(n['spent'])} spent). Per 100,000 people it is {spread}. Every figure here follows from the settings; "
        "none is a measured amount."
    )


def key_points(res: Result) -> list[KeyPoint]:
    """Balanced key points for a consultation response on question 13; the structure and rate-card points follow the settings."""
    data, h, n = res.data, res.headline, res.model.national
    structure = res.scenario["structure"]
    structures = data.load("structures").set_index("structure")
    row = structures.loc[structure]
    crc = regions.headline(data, "crc_2014")
    cited = tuple(dict.fromkeys([str(row["source_id"]), str(structures.loc["crc_2014", "source_id"])]))
    named, minister = fact("tr_subcontractors_named_in_winning_bids", data), fact("vcse_in_crc_supply_chains_minister_2019", data)
    label = res.scenario.params["structure"].label_of(structure)
    regional = fact("proposed_regional_crcs_england", data)
    return [
        KeyPoint(
            "The 2018 proposal would line each Community Rehabilitation Company (CRC) up with one National Probation Service "
            f"(NPS) region, so one provider and one probation division would cover each area [S31, {regional.source_id}].",
            "for",
            ("S31", regional.source_id),
        ),
        _size_point(h, crc, label, cited, str(row["status"]) == "reconstructed"),
        KeyPoint(
            "The rate card did not work as planned: the NPS did not buy services from CRCs to anywhere near the extent expected "
            "[Q13HMIP]. No public figure was found for what it was expected to spend.",
            "against",
            ("Q13HMIP",),
        ),
        KeyPoint(
            f"Voluntary organisations were squeezed out: {named.value:,.0f} subcontractors were named in the winning bids in 2014 "
            f"[{named.source_id}], but in June 2019 the minister counted {minister.value:,.0f} voluntary organisations delivering in "
            f"CRC supply chains [{minister.source_id}].",
            "against",
            (named.source_id, minister.source_id),
        ),
        KeyPoint(
            f"{approx_gbp_m(n['supply_chain_local']).capitalize()} a year would reach specialist local providers "
            f"through the rate card, and {approx_gbp_m(n['local_total'])} a year through every route"
            + (f", {approx_gbp_m(n['pcc_local'])} of it from commissioners' purchasing, a placeholder" if n["pcc_local"] > 0 else "")
            + " (illustrative: this project's assumptions, which you can change).",
            "context",
        ),
    ]


def _size_point(h: dict, crc: dict, label: str, cited: tuple[str, ...], reconstructed: bool) -> KeyPoint:
    """How big the chosen structure's areas are against the 21 CRC areas: against when larger, for when smaller, context
    when the same."""
    which = f"{label}: this project's reconstruction, as the official map was not found" if reconstructed else label
    facts = (
        f"Under the chosen structure ({which}), the area with most police and crime commissioners (PCCs) has "
        f"{h['max_commissioners']} and the median area holds {h['median_population'] / 1e6:,.1f}m people"
    )
    bigger = (h["max_commissioners"], h["median_population"]) > (crc["max_commissioners"], crc["median_population"])
    smaller = h["max_commissioners"] <= crc["max_commissioners"] and h["median_population"] < crc["median_population"]
    if h["max_commissioners"] == crc["max_commissioners"] and h["median_population"] == crc["median_population"]:
        return KeyPoint(f"{facts}, as in the 21 CRC areas of 2014 [{', '.join(cited)}].", "context", cited)
    if bigger and not smaller:
        return KeyPoint(
            f"But the areas would be large. {facts}, against at most {crc['max_commissioners']} commissioners and a median of "
            f"{crc['median_population'] / 1e6:,.1f}m people in the 21 CRC areas of 2014 [{', '.join(cited)}].",
            "against",
            cited,
        )
    return KeyPoint(
        f"{facts}, against at most {crc['max_commissioners']} commissioners and a median of "
        f"{crc['median_population'] / 1e6:,.1f}m people in the 21 CRC areas of 2014: smaller areas, which makes co-commissioning "
        f"with local partners easier [{', '.join(cited)}].",
        "for",
        cited,
    )


def _placeholder_share(n: dict) -> float:
    """The share (%) of the money reaching specialist local providers that is commissioners' purchasing, a placeholder."""
    return 100 * n["pcc_local"] / n["local_total"] if n["local_total"] > 0 else 0.0


def _tables(res: Result, title: str) -> list[TableView]:
    """The areas, change, crosswalk and rate-card tables (built after the charts are on their way)."""
    data, summ, m = res.data, res.summary, res.model
    structure = res.scenario["structure"]
    table = summ.assign(population_note=["estimate" if e else "published" for e in summ["population_estimated"]])
    comp = regions.compare_to_baseline(data, structure)
    comp = comp.assign(measure=comp["measure"].map(MEASURE_LABELS))
    comp.columns = ["Measure", "21 CRCs (2014)", *([title] if structure != regions.BASELINE else []), "Change"]
    xw = regions.crosswalk(data, regions.BASELINE, structure)
    xw = xw.assign(split=["yes" if x else "" for x in xw["split"]])[["old_area", "new_area", "n_pfas", "pfas", "split"]]
    xw.columns = ["CRC area (2014)", "New area", "Force areas", "Which force areas", "CRC split between new areas"]
    rc = m.areas[list(RC_COLUMNS)].rename(columns=RC_COLUMNS)
    return [
        TableView(
            "areas",
            f"Areas under: {title}",
            table[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS),
            {"Population": ",.0f", "Known CRC caseload": ",.0f"},
            summ,
            f"q13_areas_{structure}.csv",
        ),
        TableView("change", "Change from the 21 CRC areas (2014)", comp, dict.fromkeys(comp.columns[1:], ",.1f")),
        TableView("crosswalk", "How the 21 CRC areas map into the chosen structure", xw),
        TableView(
            "ratecard",
            "Rate-card model per area (£m a year unless stated; illustrative)",
            rc,
            {"Population": ",.0f", **dict.fromkeys(list(RC_COLUMNS.values())[3:], ",.1f")},
            m.areas,
            f"q13_ratecard_{structure}.csv",
        ),
    ]


def views(res: Result) -> View:
    """The structure explorer (map, per-area chart, tables) and the rate-card model (cards, two charts, table)."""
    s, data, summ, h, m = res.scenario, res.data, res.summary, res.headline, res.model
    p = res.scenario.params
    structure = s["structure"]
    title = p["structure"].label_of(structure)
    status = str(data.load("structures").set_index("structure").loc[structure, "status"])
    counted = "reconstructed" if status == "reconstructed" else "derived"  # counted from the map, not quoted from a source
    tile, pf = structure_map(data, structure)
    measure = s["bar_measure"]
    mlabel = p["bar_measure"].label_of(measure)
    bar_df = summ[["area", measure]].rename(columns={measure: mlabel})
    n = m.national
    flows = ratecard.flows(m)
    per = s["per_area_view"]
    plabel, unit = p["per_area_view"].label_of(per), VIEW_UNITS[per]
    per_df = m.areas[["area", per]].rename(columns={per: "value"})
    caveats = [_structure_notice(data, structure), *_now_notices(data, structure)]
    if n["pcc_local"] > 0:
        caveats.append(
            Notice(
                f"{approx_pct(_placeholder_share(n)).capitalize()} of the money reaching specialist local providers "
                f"({approx_gbp_m(n['pcc_local'])} of {approx_gbp_m(n['local_total'])} a year) is commissioners' purchasing at "
                f"£{s['pcc_gbp_per_head']:g} per resident, a placeholder: no figure for what police and crime commissioners spent "
                "on rehabilitation services was found. Read the total with that part set aside.",
                "warn",
                "illustrative",
            )
        )
    if s["scale_effect_pp_per_m"] == 0:
        caveats.append(
            Notice(
                "With the scale effect at zero this model cannot tell structures apart on money: every structure gives the same "
                "national total, only divided between areas differently. Set a scale effect to explore whether larger areas "
                "reach fewer local providers (no published figure links the two).",
                "warn",
                "illustrative",
            )
        )
    if bool(summ["population_estimated"].any()):
        caveats.append(
            Notice(
                "Welsh force-area populations are estimates: each is the sum of the ONS mid-2018 estimates for its councils "
                "(no ONS table by Welsh police force area was found).",
                "info",
                "estimate",
            )
        )
    caveats.append(
        Notice(
            "Known CRC caseload counts only CRCs lying wholly inside the area with a published caseload (dates 2018 to 2020; "
            "some are 'more than' or 'about'). Rate-card amounts are what-if results from the settings, not measured amounts.",
            "info",
            "illustrative",
        )
    )

    return View(
        key_points=key_points(res),
        headlines=[
            Headline("Areas in the structure", f"{h['n_areas']}", counted, amount=h["n_areas"], unit="areas"),
            Headline(
                f"Most commissioners in one area ({h['max_commissioners_area']})",
                f"{h['max_commissioners']}",
                counted,
                amount=h["max_commissioners"],
                unit="commissioners",
            ),
            Headline(
                "Median people per area", f"{h['median_population'] / 1e6:,.2f}m", counted, amount=h["median_population"], unit="people"
            ),
            Headline(
                "Rate-card purchases reaching specialist local providers",
                f"{approx_gbp_m(n['supply_chain_local'])} a year",
                amount=n["supply_chain_local"] * 1e6,
                unit="£ a year",
            ),
            Headline(
                "All purchases reaching specialist local providers",
                f"{approx_gbp_m(n['local_total'])} a year, {approx_gbp_m(n['pcc_local']).removeprefix('about ')} of it a "
                "placeholder for commissioners' purchasing"
                if n["pcc_local"] > 0
                else f"{approx_gbp_m(n['local_total'])} a year",
                amount=n["local_total"] * 1e6,
                unit="£ a year",
            ),
            Headline("Share of the money spent that reaches them", approx_pct(n["local_share_pct"]), amount=n["local_share_pct"], unit="%"),
            Headline(
                "Rate-card demand not bought", f"{approx_gbp_m(n['not_bought'])} a year", amount=n["not_bought"] * 1e6, unit="£ a year"
            ),
        ],
        summary=(
            f"{title}: {h['n_areas']} areas; the largest by population is {h['largest_population_area']} "
            f"({h['largest_population'] / 1e6:,.1f}m people). " + _rate_card_summary(m)
        ),
        caveats=caveats,
        charts=[
            ChartView(
                "tiles",
                "Force areas by area",
                tile,
                f"Tile map of the 43 police force areas coloured by the area they fall in under {title}.",
                pf[["Force area", "Area", "population"]],
                {"population": ",.0f"},
            ),
            ChartView(
                "measure",
                f"{mlabel} per area",
                measure_chart(bar_df, mlabel),
                lambda: charts.describe_bars(bar_df, mlabel, "area"),
                bar_df,
            ),
            ChartView(
                "flows",
                "Where the money goes, England and Wales",
                flows_chart(flows),
                "Bar chart of national money by destination and route: "
                + "; ".join(f"{r.destination} via {r.route.lower()} £{r.gbp_m:,.1f}m" for r in flows.itertuples())
                + ".",
                flows.rename(columns={"gbp_m": "£m a year"}),
                {"£m a year": ",.1f"},
            ),
            ChartView(
                "per_area",
                f"Reaching specialist local providers: {plabel.lower()}",
                per_area_chart(per_df, plabel, unit),
                lambda: charts.describe_bars(per_df, "value", "area") + f" ({unit})",
                per_df,
                {"value": ",.1f"},
            ),
        ],
        tables=lambda: _tables(res, title),
    )
