# %% [markdown]
# # Q15 - Police and crime commissioners and probation: co-terminosity and moving funding
#
# > "How can we support greater engagement between PCCs and probation providers, including increased
# > co-commissioning of services?"
#
# Consultation question 15, *Strengthening probation, building confidence* (Ministry of Justice,
# Cm 9613, July 2018) [Q01].
#
# This page asks two things. First, how many commissioners (police and crime commissioners, the
# Mayor of London's office MOPAC and the Greater Manchester Mayor) each probation contract area would
# have to work with. Second, what happens to the contracts if part of their money moves to those
# commissioners.

# %% tags=["remove-input"]
import probation_briefing  # noqa: F401 - first, before Altair: a faster kernel start (see its __init__)

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from probation_briefing import (charts, controls, downloads, facts, funding, params, provenance, regions, share, static, ui, upload,
                                urlstate, workshop)

ui.install_error_display()  # data problems appear as a plain notice, never a traceback
charts.enable()
P = params.parameters("q15")
structures = funding.load("structures").set_index("structure")
cot = funding.coterminosity()
counts = funding.commissioner_counts()
deals = funding.devolution()
for _s in regions.STRUCTURES:  # warm the caches while the kernel is preheated, before any request arrives
    funding.coterminosity_headline(_s)
_ = funding.transfer_from(params.defaults("q15"))
display(HTML(ui.CSS))

# %% tags=["parameters"]
pot_gbp_m = None
share_pct = None
allocation_key = None
blend_population_pct = None
floor_gbp_m = None
include_london = None
include_gm = None
include_wales = None
structure = None
fixed_cost_share_pct = None
bidder_threshold_gbp_m = None

# %% tags=["remove-input"]
values, notices = urlstate.read("q15", overrides={k: globals().get(k) for k in P})  # URL, then papermill
from_url = {k: v for k, v in values.items() if v != P[k].default}
display(HTML(share.notices_html(notices)))

# %% [markdown]
# ## How many commissioners would each contract area deal with?
#
# Co-commissioning is easier when a probation contract area and a commissioner's area line up
# ("co-terminosity"). The count below is of the 42 bodies that held police and crime commissioner
# functions in 2018: 40 elected PCCs (some also fire commissioners), MOPAC in London and the
# Greater Manchester Mayor. The City of London police area has no commissioner.

# %% tags=["remove-input"]
h_crc = funding.coterminosity_headline("crc_2014")
h_prop = funding.coterminosity_headline("proposed_2018")
h_alt = funding.coterminosity_headline("proposed_2018_alt")
h_21 = funding.coterminosity_headline("regions_2021")
above = " and ".join(f"{a} ({n})" for a, n in h_crc["above"])
display(HTML(
    ui.cards([
        ("CRC areas (2014) with one to three commissioners", f"{h_crc['n_within']} of {h_crc['n_areas']}"),
        ("Most commissioners in one CRC area", f"{h_crc['max_commissioners']}"),
        ("Most in one area, 2018 proposal (reconstructed)", f"{h_prop['max_commissioners']} ({h_prop['max_commissioners_area']})"),
        ("Most in one area, 12 regions (2021)", f"{h_21['max_commissioners']} ({h_21['max_commissioners_area']})"),
    ])
    + f"<p>Under the 21 CRC contracts, {h_crc['n_within']} of {h_crc['n_areas']} areas held between one and three "
      f"commissioners; the two exceptions were {ui.esc(above)}. The 2018 proposal's larger areas would hold "
      f"as many as {h_prop['max_commissioners']} ({ui.esc(h_prop['max_commissioners_area'])}).</p>"
    + ui.notice(f"The official map of the areas proposed in 2018 was not found. '2018 proposal' here is this project's "
                f"reconstruction, with an alternative reconstruction beside it; both give {h_alt['max_commissioners']} "
                f"commissioners in {h_alt['max_commissioners_area']}.", "warn")
    + ui.badge("reconstructed")
))

# %% tags=["remove-input"]
order = list(regions.STRUCTURES)
dist = counts.assign(structure_title=lambda d: d["structure_title"] + d["structure"].map(
    lambda s: " *" if structures.loc[s, "status"] == "reconstructed" else ""))
titles = [dist.loc[dist.structure == s, "structure_title"].iloc[0] for s in order]
dist_chart = alt.Chart(dist).mark_bar(color=charts.CATEGORICAL[0]).encode(
    x=alt.X("n_commissioners:O", title="Commissioners in the area", scale=alt.Scale(domain=list(range(1, 11)))),
    y=alt.Y("n_areas:Q", title="Number of areas", axis=alt.Axis(tickMinStep=1)),
    tooltip=[alt.Tooltip("structure_title:N", title="Structure"), alt.Tooltip("n_commissioners:O", title="Commissioners"),
             alt.Tooltip("n_areas:Q", title="Areas"), alt.Tooltip("areas:N", title="Which")],
).properties(width=190, height=140).facet(
    facet=alt.Facet("structure_title:N", sort=titles, title=None), columns=3,
).properties(title="How many commissioners each area holds (* reconstructed)")
static.show(alt.JupyterChart(dist_chart))
lines = []
for s in order:
    d = counts[counts.structure == s]
    lines.append(f"{ui.esc(d.structure_title.iloc[0])}: " + "; ".join(f"{int(r.n_areas)} area{'s' if r.n_areas != 1 else ''} with {int(r.n_commissioners)}" for r in d.itertuples()))
display(HTML("<p><strong>In words:</strong> " + ". ".join(lines) + ".</p>"))

# %% tags=["remove-input"]
top = (cot.sort_values(["n_commissioners", "population"], ascending=False).groupby("structure", sort=False).head(3))
top = top.assign(order=top.structure.map({s: i for i, s in enumerate(order)})).sort_values(["order", "n_commissioners"], ascending=[True, False])
show = top[["structure_title", "area", "n_commissioners", "population", "force_areas"]].rename(columns={
    "structure_title": "structure", "n_commissioners": "commissioners", "force_areas": "police force areas"})
display(HTML(ui.table_html(show, caption="The three areas with most commissioners in each structure", formats={"population": ",.0f"})
             + ui.csv_link(cot.drop(columns=["caseload_known", "caseload_crcs_missing"]), "q15_coterminosity.csv", "Download all areas (CSV)")))

# %% [markdown]
# ### London and Greater Manchester: commissioners with devolution deals
#
# In two places the commissioner is a mayor, and each has a justice devolution agreement with the
# Ministry of Justice. They are the natural first co-commissioning partners, and the simulator below
# lets you leave them out (or in).

# %% tags=["remove-input"]
dv = deals.assign(date=deals["date"].dt.strftime("%d %b %Y"))
dv["source"] = dv["source_id"] + dv["see_also"].fillna("").map(lambda s: f", {s}" if s else "")
display(HTML(ui.table_html(dv[["place", "date", "agreement", "parties", "scope", "source"]],
                           caption="Justice devolution in London and Greater Manchester (data/devolution.csv)")))

# %% [markdown]
# ## Simulator: moving part of the CRC money to commissioners
#
# Choose how much of the annual CRC pot moves to commissioners and how it is shared out. The rest
# stays with the contract areas of the structure you choose. Money is counted in whole pence, so the
# check at the bottom (money moved + money left = the pot) must come out at exactly zero.

# %% tags=["remove-input"]
pot = facts.fact("crc_contracts_annual_value_at_award")
rev = facts.fact("crc_average_annual_payment_revised")
fx, fx0 = facts.fact("crc_fixed_cost_share_reported"), facts.fact("crc_fixed_cost_share_assumed")
vg = facts.fact("victims_grants_to_pccs_2016_17")
dtv = facts.fact("crc_c03_contract_value_annual")
display(HTML(
    "<ul>"
    f"<li>The 21 CRC contracts were worth about £{pot.value:,.0f}m a year at award [{pot.source_id}]; the MoJ's later "
    f"expectation averages about £{rev.value:,.0f}m a year {ui.badge('derived')} [{rev.source_id}].</li>"
    f"<li>CRCs reported about {fx.value:.0f}% of their costs as fixed in 2017, against {fx0.value:.0f}% assumed when the "
    f"contracts were let [{fx.source_id}]. Fixed costs do not fall when income falls, so a cut lands on the money left for delivery.</li>"
    f"<li>A precedent for paying commissioners: the MoJ's grants to PCCs for victims' services were about £{vg.value:,.0f}m in "
    f"2016-17 [{vg.source_id}], shared by population.</li>"
    f"<li>Only one CRC contract value was found (Durham Tees Valley, about £{dtv.value:,.0f}m a year) [{dtv.source_id}]; "
    "per-area values below are the pot shared by population, an assumption.</li></ul>"))

# %% tags=["remove-input"]
shared = from_url if from_url else None
PRESETS = funding.presets(shared if shared is not None else {})
if shared is None:
    PRESETS[funding.SHARED] = ("The settings in the link you opened (it had none, so the defaults)", PRESETS[funding.SHARED][1])
preset_dd = widgets.Dropdown(options=[("Choose a preset scenario…", "")] + [(lab, pid) for pid, (lab, _) in PRESETS.items()],
                             value="", description="Preset scenario", style=controls.STYLE, layout=controls.LAYOUT)
ws = controls.controls(P, values, labels=funding.KEY_LABELS)

status = widgets.HTML()
summary = widgets.HTML()
flags_html = widgets.HTML()
conservation_html = widgets.HTML()
contracts_html = widgets.HTML()
commissioners_html = widgets.HTML()


def spec_with_data(spec, *frames, **top):
    """The chart's Vega-Lite spec with new data rows: the spec was validated once when the chart was built,
    so a slider step only swaps the data (fast) instead of re-validating the whole chart."""
    names = [spec["data"]["name"]] if "data" in spec else [lay["data"]["name"] for lay in spec["layer"]]
    out = {**spec, **top, "datasets": dict(spec["datasets"])}
    for name, f in zip(names, frames):
        out["datasets"][name] = alt.utils.data.to_values(f)["values"]
    return out


def commissioner_data(r):
    d = r.commissioners[["force_area", "commissioner", "area", "included", "at_floor", "allocation_gbp_m", "per_head_gbp"]]
    state = d["included"].map({True: "receives money", False: "left out (money stays in contract)"}).where(~d["at_floor"], "raised to the minimum")
    return d.assign(state=state, label=d["force_area"])


def commissioner_chart(r):
    d = commissioner_data(r)
    return (alt.Chart(d).mark_bar().encode(
        x=alt.X("allocation_gbp_m:Q", title="£m a year", axis=alt.Axis(format=",.1f")),
        y=alt.Y("label:N", sort="-x", title=None),
        color=alt.Color("state:N", title=None, scale=alt.Scale(domain=["receives money", "raised to the minimum", "left out (money stays in contract)"],
                                                               range=[charts.CATEGORICAL[0], charts.CATEGORICAL[6], charts.NEUTRAL]),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("commissioner:N"), alt.Tooltip("allocation_gbp_m:Q", title="£m a year", format=",.2f"),
                 alt.Tooltip("per_head_gbp:Q", title="£ per resident", format=",.2f"), alt.Tooltip("area:N", title="Contract area")],
    ).properties(width=420, height=42 * 15, title="What each commissioner receives"))


def map_data(template, r):
    base = template.data
    return base.assign(allocation_gbp_m=base["pfa_code"].map(r.commissioners.set_index("pfa_code")["allocation_gbp_m"]))


def commissioner_map(r):
    d = r.commissioners[["pfa_code", "commissioner", "allocation_gbp_m"]]
    return charts.tile_map(d, "allocation_gbp_m", categorical=False, title="Money to commissioners (£m a year; City of London: none)",
                           color_title="£m a year", tooltip=["label:N", "commissioner:N", alt.Tooltip("allocation_gbp_m:Q", format=",.2f")])


PART_ORDER = ["Fixed costs", "Left for delivery", "Moved to commissioners", "Fixed costs not covered"]


def contract_data(r, threshold):
    k = r.contracts
    fixed_cov = k[["fixed_gbp_m", "remaining_gbp_m"]].min(axis=1)
    parts = pd.concat([
        pd.DataFrame({"area": k.area, "part": "Fixed costs", "gbp_m": fixed_cov}),
        pd.DataFrame({"area": k.area, "part": "Left for delivery", "gbp_m": k.delivery_gbp_m}),
        pd.DataFrame({"area": k.area, "part": "Moved to commissioners", "gbp_m": k.baseline_gbp_m - k.remaining_gbp_m}),
    ])
    parts["order"] = parts["part"].map(PART_ORDER.index)
    return parts, pd.DataFrame({"t": [threshold]})


def contract_chart(r, threshold):
    parts, thr = contract_data(r, threshold)
    bars = alt.Chart(parts).mark_bar().encode(
        x=alt.X("gbp_m:Q", title="£m a year (baseline = pot shared by population)", stack="zero"),
        y=alt.Y("area:N", sort=alt.EncodingSortField("gbp_m", op="sum", order="descending"), title=None),
        color=alt.Color("part:N", title=None, scale=alt.Scale(domain=PART_ORDER[:3], range=[charts.NEUTRAL, charts.CATEGORICAL[2], charts.CATEGORICAL[0]]),
                        legend=alt.Legend(orient="top")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("area:N"), alt.Tooltip("part:N"), alt.Tooltip("gbp_m:Q", title="£m a year", format=",.2f")])
    rule = alt.Chart(thr).mark_rule(color=charts.HIGHLIGHT, strokeDash=[4, 3]).encode(
        x="t:Q", tooltip=[alt.Tooltip("t:Q", title="Bidder-interest threshold, £m")])
    return (bars + rule).properties(width=420, height=contract_height(r), title="What is left in each contract area")


def contract_height(r):
    return max(120, 24 * len(r.contracts))


def render(v, r=None):
    """Refresh every text output for the scenario (recomputed unless the result ``r`` is given); returns the result."""
    r = funding.transfer_from(v) if r is None else r
    moved = funding.to_gbp_m(r.allocated_p)
    kept = funding.to_gbp_m(r.kept_for_excluded_p)
    k = r.contracts
    n_flag, n_unc = int(k.bidder_flag.sum()), int(k.fixed_costs_uncovered.sum())
    biggest = r.commissioners.sort_values("allocation_p", ascending=False).iloc[0]
    inc = r.commissioners[r.commissioners.included]
    smallest = inc.sort_values("allocation_p").iloc[0] if len(inc) else None
    notes = []
    if v["allocation_key"] in ("caseload", "blend"):
        notes.append(ui.notice("Caseload key is derived: each CRC's caseload (reported at different dates, some as 'more than' or "
                               "'nearly') is shared between its force areas by population; six CRCs with no figure are imputed at the "
                               "national known-caseload-per-head rate.", "warn") + ui.badge("derived"))
    if v["include_wales"] and v["allocation_key"] in ("population", "blend", "caseload"):
        notes.append(ui.notice("Welsh force-area populations are estimates (the Wales total shared by the forces' own figures).", "info")
                     + ui.badge("estimate"))
    if structures.loc[v["structure"], "status"] == "reconstructed":
        notes.append(ui.notice("The contract areas follow a reconstruction of the 2018 proposal: the official map was not found.", "warn")
                     + ui.badge("reconstructed"))
    cross = int(k.from_other_areas_p.sum())
    if cross:
        notes.append(ui.notice(f"In {int((k.from_other_areas_p > 0).sum())} area(s) the commissioners receive more than the contract "
                               f"was worth; £{funding.to_gbp_m(cross):,.2f}m is drawn from the other areas in proportion to what they "
                               "have left.", "info"))
    smallest_txt = (f" The smallest included sum is £{smallest.allocation_gbp_m:,.2f}m ({ui.esc(smallest.commissioner)})."
                    if smallest is not None else "")
    summary.value = (
        ui.cards([("Moved to commissioners", f"£{moved:,.2f}m a year"),
                  ("Left in contracts", f"£{funding.to_gbp_m(r.remaining_p):,.2f}m"),
                  ("Contract areas below the bidder threshold", f"{n_flag} of {len(k)}"),
                  ("Areas whose fixed costs are no longer covered", f"{n_unc} of {len(k)}")])
        + f"<p>{v['share_pct']:g}% of a £{v['pot_gbp_m']:,.0f}m pot is £{funding.to_gbp_m(r.transferred_p):,.2f}m. "
          f"Commissioners receive £{moved:,.2f}m"
        + (f"; £{kept:,.2f}m that would have gone to the commissioners left out stays in their contracts" if r.kept_for_excluded_p else "")
        + (f". The largest sum goes to {ui.esc(biggest.commissioner)} (£{biggest.allocation_gbp_m:,.2f}m).{smallest_txt} "
           if moved > 0 else ". Nothing moves: every contract keeps its full value. ")
        + f"With {v['fixed_cost_share_pct']:g}% of costs fixed, the median contract area keeps "
          f"{(100 - k.thinning_pct).median():.0f}% of its delivery money.</p>"
        + "".join(notes))
    flagged = k[k.bidder_flag | k.fixed_costs_uncovered]
    flags_html.value = ("<p><strong>Flags:</strong> " + ("; ".join(
        f"{ui.esc(a)} (£{rv:,.1f}m left{', below the bidder threshold' if b else ''}{', fixed costs not covered' if u else ''})"
        for a, rv, b, u in zip(flagged.area, flagged.remaining_gbp_m, flagged.bidder_flag, flagged.fixed_costs_uncovered))
        if len(flagged) else "none") + f". Bidder-interest threshold £{v['bidder_threshold_gbp_m']:g}m a year "
        + ui.badge("illustrative") + "</p>")
    t = r.conservation()
    ok = r.conserved
    conservation_html.value = (ui.table_html(t.rename(columns={"gbp_m": "£m"}), caption="Conservation check (to the penny)",
                                             formats={"£m": ",.2f", "pence": ",d"})
                               + ui.notice("Check passed: money moved + money left = the pot, exactly." if ok
                                           else "Check FAILED: the totals do not add up. Please report this.", "info" if ok else "error"))
    ct = k[["area", "n_commissioners", "baseline_gbp_m", "own_commissioners_gbp_m", "remaining_gbp_m", "fixed_gbp_m",
            "delivery_gbp_m", "thinning_pct", "bidder_flag"]].rename(columns={
        "n_commissioners": "commissioners", "baseline_gbp_m": "baseline £m", "own_commissioners_gbp_m": "to its commissioners £m",
        "remaining_gbp_m": "left £m", "fixed_gbp_m": "fixed costs £m", "delivery_gbp_m": "delivery £m",
        "thinning_pct": "delivery money lost %", "bidder_flag": "below bidder threshold"})
    contracts_html.value = (ui.table_html(ct, caption="Contract areas", formats={c: ",.2f" for c in ct.columns if c.endswith("£m")} | {"delivery money lost %": ".0f"})
                            + ui.csv_link(k, "q15_contract_areas.csv", "Download contract areas (CSV)"))
    cm = r.commissioners.sort_values("allocation_p", ascending=False)[["commissioner", "area", "included", "key_share", "allocation_gbp_m", "per_head_gbp", "at_floor"]]
    cm = cm.assign(key_share=100 * cm.key_share).rename(columns={"key_share": "key share %", "allocation_gbp_m": "£m a year", "per_head_gbp": "£ per resident",
                                                               "area": "contract area", "at_floor": "raised to minimum"})
    commissioners_html.value = (ui.table_html(cm, caption="Commissioners", formats={"key share %": ".2f", "£m a year": ",.2f", "£ per resident": ".2f"})
                                + ui.csv_link(r.commissioners, "q15_commissioners.csv", "Download commissioners (CSV)"))
    return r


r0 = funding.transfer_from(values)
BAR, MAP, CONTRACT = commissioner_chart(r0), commissioner_map(r0), contract_chart(r0, values["bidder_threshold_gbp_m"])
bar_w, map_w, contract_w = alt.JupyterChart(BAR), alt.JupyterChart(MAP), alt.JupyterChart(CONTRACT)
_busy = {"on": False}


def update(_=None):
    if _busy["on"]:
        return
    try:
        v = controls.values_of(ws)
        r = funding.transfer_from(v)
        # charts first, so their updates leave the kernel before the (larger) tables
        bar_w.spec = spec_with_data(bar_w.spec, commissioner_data(r))
        map_w.spec = spec_with_data(map_w.spec, map_data(MAP, r))
        contract_w.spec = spec_with_data(contract_w.spec, *contract_data(r, v["bidder_threshold_gbp_m"]), height=contract_height(r))
        render(v, r)
        status.value = ""
    except Exception as exc:  # noqa: BLE001 - the page shows a friendly message, never a traceback
        ui.log.exception("q15 update failed")
        status.value = ui.notice(ui.friendly(exc), "error")


def apply_preset(change):
    pid = change["new"]
    if not pid:
        return
    _busy["on"] = True
    try:
        for k2, v2 in PRESETS[pid][1].items():
            ws[k2].value = v2
    finally:
        _busy["on"] = False
    update()


for wd in ws.values():
    wd.observe(update, names="value")
preset_dd.observe(apply_preset, names="value")
try:
    render(values)
except Exception as exc:  # noqa: BLE001
    status.value = ui.notice(ui.friendly(exc), "error")

def bundle() -> downloads.Bundle:
    """The current scenario as downloadable files: results (CSV), charts (PNG/SVG) and a one-page note."""
    v = controls.values_of(ws)
    r = funding.transfer_from(v)
    k = r.contracts
    heads = [("Moved to commissioners", f"£{funding.to_gbp_m(r.allocated_p):,.2f}m a year"),
             ("Left in contracts", f"£{funding.to_gbp_m(r.remaining_p):,.2f}m a year"),
             ("Contract areas below the bidder threshold", f"{int(k.bidder_flag.sum())} of {len(k)}"),
             ("Conservation check (moved + left - pot)", f"{r.allocated_p + r.remaining_p - r.pot_p} pence")]
    return downloads.Bundle(
        "Q15 - Moving CRC funding to police and crime commissioners", {P[x].label: y for x, y in v.items()}, heads,
        {"What each commissioner receives": commissioner_chart(r), "Commissioners map": commissioner_map(r),
         "Contract areas": contract_chart(r, v["bidder_threshold_gbp_m"])},
        {"Commissioners": r.commissioners, "Contract areas": r.contracts},
        params.assumptions("q15"), ui.sources_html(provenance.source_ids("q15", ["Q01"])), url="?" + urlstate.encode(v, P))


share_link = share.link_widget("q15", ws)
illus = ", ".join(p.label.lower() for p in P.values() if p.status == "illustrative")
static.show(widgets.VBox([
    widgets.HTML("<h3>Settings</h3>"), preset_dd,
    widgets.HTML(f"<p>Illustrative settings {ui.badge('illustrative')}: {ui.esc(illus)}. "
                 "The pot and the fixed-cost share are published figures; change them to test other values.</p>"),
    *ws.values(), status, share_link,
    widgets.HTML("<h3>Results</h3>"), summary, flags_html,
    widgets.HBox([bar_w, map_w]), contract_w, contracts_html, commissioners_html, conservation_html,
    downloads.panel(bundle), upload.panel(["crcs", "force_areas"], update),
]))

# %% [markdown]
# ## Headline figures (default settings)

# %%
# NBVAL_CHECK_OUTPUT
print(f"CRC areas (2014) with 1 to 3 commissioners: {h_crc['n_within']} of {h_crc['n_areas']}; "
      + "; ".join(f"{a}: {n}" for a, n in h_crc["above"]))
print(f"2018 proposal (reconstructed): as many as {h_prop['max_commissioners']} commissioners ({h_prop['max_commissioners_area']})")

# %%
# NBVAL_CHECK_OUTPUT
d = funding.transfer_from(params.defaults("q15"))
print(f"Default: {d.settings['share_pct']:g}% of £{d.settings['pot_gbp_m']:g}m by {d.settings['allocation_key']}, "
      f"contract areas: {d.settings['structure']}")
print(f"Moved to commissioners: £{funding.to_gbp_m(d.allocated_p):,.2f}m; left in contracts: £{funding.to_gbp_m(d.remaining_p):,.2f}m")
top1 = d.commissioners.sort_values("allocation_p", ascending=False).iloc[0]
print(f"Largest recipient: {top1.commissioner} £{top1.allocation_gbp_m:,.2f}m")
print(f"Areas below bidder threshold: {int(d.contracts.bidder_flag.sum())} of {len(d.contracts)}")
print(f"Conservation: moved + left - pot = {d.allocated_p + d.remaining_p - d.pot_p} pence")

# %% [markdown]
# ## Caveats
#
# * **Contract values by area were not published.** Each area's baseline is the pot shared by
#   population; real contracts were priced on expected caseload and mix of cases.
# * **The 2018 areas are reconstructed**; the official map was not found. Try the alternative
#   reconstruction and the 2021 regions to see how much the answer depends on it.
# * **Fixed costs are held at their baseline.** That is the point of the 77% figure: costs such as
#   buildings, IT and contract management do not fall with income in the short run. Over a longer
#   period a provider would restructure, so the "delivery money lost" figure is a first-year view.
# * **The caseload key is derived** (different dates; six CRCs imputed) and Welsh populations are
#   estimates. The officers key measures police size, not probation need.
# * **Bidder interest** is flagged against an illustrative threshold; no published figure links
#   contract size to the number of bidders.
# * The model moves money; it says nothing about what commissioners would buy with it, or the cost
#   of commissioning it.

# %% [markdown]
# ## Workshop

# %% tags=["remove-input"]
def headlines(v: dict) -> list[tuple[str, str]]:
    """The figures the workshop comparison sets side by side."""
    r = funding.transfer_from(v)
    k = r.contracts
    return [("Share moved", f"{v['share_pct']:g}% by {v['allocation_key']}"),
            ("Moved to commissioners", f"£{funding.to_gbp_m(r.allocated_p):,.2f}m a year"),
            ("Left in contracts", f"£{funding.to_gbp_m(r.remaining_p):,.2f}m a year"),
            ("Contract areas below the bidder threshold", f"{int(k.bidder_flag.sum())} of {len(k)}"),
            ("Median delivery money kept", f"{(100 - k.thinning_pct).median():.0f}%")]


static.show(workshop.panel("q15", ws, headlines))

# %% [markdown]
# ## Assumptions and sources

# %% tags=["remove-input"]
a = params.assumptions("q15")
a["status"] = a["status"].map(ui.badge)
rows = "".join(
    f"<tr><td>{ui.esc(r.parameter)}</td><td>{ui.esc(r.default)} {ui.esc(r.unit)}</td><td>{ui.esc(r.range)}</td><td>{r.status}</td>"
    f"<td>{ui.esc(r.source)}</td><td>{ui.esc(r.note)}</td></tr>" for r in a.itertuples())
extra = [("Contract-area baseline", "pot shared by population", "derived", "this project", "Per-CRC contract values were not found (data/datapackage.json known gaps)"),
         ("Money beyond an area's baseline", "drawn from other areas pro rata to what they have left", "derived", "this project", "Only arises with the officers or caseload keys, or a minimum"),
         ("Presets", "status quo / modest / large", "illustrative", "this project", "data/presets_q15.csv")]
rows += "".join(f"<tr><td>{ui.esc(p)}</td><td>{ui.esc(v)}</td><td></td><td>{ui.badge(s)}</td><td>{ui.esc(src)}</td><td>{ui.esc(n)}</td></tr>"
                for p, v, s, src, n in extra)
display(HTML('<table class="pb-table"><caption>Assumptions log</caption><thead><tr><th scope="col">Parameter</th><th scope="col">Default</th>'
             '<th scope="col">Range</th><th scope="col">Status</th><th scope="col">Source</th><th scope="col">Note</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>"))
src_ids = ["Q01", pot.source_id, rev.source_id, fx.source_id, vg.source_id, dtv.source_id, "F42", "S3", "S31", "S2", "S1", "S6", "S7", "S8", "W01",
           "S12", "S13", *deals.source_id, "S45", "S47", "S48", "S4", *sorted(funding.load("crcs")["caseload_source_id"].dropna().unique())]
display(HTML(provenance.section("q15", extra_sources=src_ids, include_parameters=False)))
