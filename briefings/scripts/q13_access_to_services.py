# %% [markdown]
# # Q13 - Regional structure and access to rehabilitation services
#
# > "How can probation providers effectively secure access to the range of rehabilitation services
# > they require for offenders, and how can key local partners contribute to achieving this?"
#
# Consultation question 13, *Strengthening probation, building confidence* (Ministry of Justice,
# Cm 9613, July 2018), as quoted by Russell Webster [Q01].
#
# This page has two parts. The **regional structure explorer** compares the 21 CRC contract areas
# with the other area structures: how many force areas, commissioners, people and councils each area
# would hold. The **rate card** part says what the published record shows about services bought
# through the rate card, then offers a what-if model of how much money reaches specialist local
# providers in each area. Every figure comes from the project's data package, with its source.

# %%
import probation_briefing  # noqa: F401 - first, before Altair: a faster kernel start (see its __init__)
import functools

import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from probation_briefing import (charts, controls, downloads, params, provenance, ratecard, regions, share, static, ui, upload,
                                urlstate, workshop)
from probation_briefing.data import load
from probation_briefing.facts import fact

ui.install_error_display()  # data problems appear as a plain notice, never a traceback
charts.enable()
PARAMS = params.parameters("q13")
STRUCTURES = load("structures").set_index("structure")
display(HTML(ui.CSS))

# %%
MEASURES = {"population": "Population (mid-2018)", "n_commissioners": "Police and crime commissioners",
            "n_councils": "Upper-tier councils", "n_pfas": "Police force areas", "caseload_known": "Known CRC caseload"}

SUMMARY_COLUMNS = {"area": "Area", "n_pfas": "Force areas", "n_commissioners": "Commissioners", "population": "Population",
                   "population_note": "Population status", "n_councils": "Upper-tier councils", "n_crcs": "CRC areas",
                   "caseload_known": "Known CRC caseload", "caseload_crcs_missing": "CRCs without a caseload figure"}
MEASURE_LABELS = {"n_areas": "Number of areas", "max_commissioners": "Most commissioners in one area",
                  "largest_population": "Largest population in one area", "median_population": "Median population per area",
                  "median_commissioners": "Median commissioners per area", "median_councils": "Median councils per area"}


def structure_notice(s: str) -> str:
    """The on-screen label for a structure: a warning when it is a reconstruction."""
    row = STRUCTURES.loc[s]
    if row["status"] == "reconstructed":
        return (ui.notice("The official 2018 map was not found. This structure is a reconstruction from a published "
                          "description of ten new probation regions in England, each with one CRC and one NPS area [S31]. "
                          + row["description"], "warn") + ui.badge("reconstructed"))
    return f"<p>{ui.esc(row['title'])}: {ui.esc(row['description'])} {ui.badge(row['status'])} [{ui.esc(row['source_id'])}]</p>"


@functools.lru_cache(maxsize=None)
def structure_parts(s: str, m: str) -> tuple:
    """Everything the explorer shows for one structure and bar measure (cached: built once per kernel)."""
    summ = regions.summarise(s)
    h = regions.headline(s)
    cards = ui.cards([
        ("areas", f"{h['n_areas']}"),
        (f"commissioners at most, in {h['max_commissioners_area']}", f"{h['max_commissioners']}"),
        (f"people in the largest area, {h['largest_population_area']}", f"{h['largest_population'] / 1e6:,.1f}m"),
        ("median people per area", f"{h['median_population'] / 1e6:,.2f}m"),
    ])
    pf = regions.force_areas(s)[["pfa_code", "area_name", "pfa_name", "population", "population_status"]]
    pf = pf.rename(columns={"area_name": "Area", "pfa_name": "Force area"})
    tile = charts.tile_map(pf, "Area", title="Force areas by area", color_title="Area",
                           tooltip=["Force area:N", "Area:N", alt.Tooltip("population:Q", format=","), "population_status:N"],
                           domain=sorted(pf["Area"].unique()))
    bar_df = summ[["area", m]].rename(columns={m: MEASURES[m]})
    bar = charts.bar(bar_df, MEASURES[m], "area", title=f"{MEASURES[m]} per area", x_title=MEASURES[m])
    bar_text = f"<p class='pb-alt'>{ui.esc(charts.describe_bars(bar_df, MEASURES[m], 'area'))}</p>"
    table = summ.assign(population_note=["estimate" if e else "published" for e in summ["population_estimated"]])
    comp = regions.compare_to_baseline(s)
    comp = comp.assign(measure=comp["measure"].map(MEASURE_LABELS))
    comp.columns = ["Measure", "21 CRCs (2014)", *([controls.STRUCTURE_LABELS[s]] if s != regions.BASELINE else []), "Change"]
    xw = regions.crosswalk(regions.BASELINE, s)
    xw = xw.assign(split=["yes" if x else "" for x in xw["split"]])[["old_area", "new_area", "n_pfas", "pfas", "split"]]
    xw.columns = ["CRC area (2014)", "New area", "Force areas", "Which force areas", "CRC split between new areas"]
    welsh = bool(summ["population_estimated"].any())
    tables = (
        ui.table_html(table[list(SUMMARY_COLUMNS)].rename(columns=SUMMARY_COLUMNS), caption=f"Areas under: {controls.STRUCTURE_LABELS[s]}",
                      formats={"Population": ",.0f", "Known CRC caseload": ",.0f"})
        + (f"<p>{ui.badge('estimate')} Welsh force-area populations are estimates, labelled 'estimate' above: the Wales "
           "mid-2018 total shared between the four forces in proportion to the populations they stated around 2016 "
           "(ONS figures by Welsh force area were not found).</p>" if welsh else "")
        + "<p>Known CRC caseload counts only CRCs lying wholly inside the area with a published caseload "
          "(dates 2018 to 2020; some are 'more than' or 'about').</p>"
        + ui.table_html(comp, caption="Change from the 21 CRC areas (2014)", formats={c: ",.1f" for c in comp.columns[1:]})
        + ui.table_html(xw, caption="How the 21 CRC areas map into the chosen structure")
        + ui.csv_link(summ, f"q13_areas_{s}.csv", "Download the area table (CSV)")
    )
    return structure_notice(s), cards, tile, bar, bar_text, tables



for _s in regions.STRUCTURES:  # build every structure's view now, while the kernel is preheated (before the request)
    structure_parts(_s, "n_commissioners")
_ = ratecard.run(params.defaults("q13"))  # warms the model's per-area cache

# %% tags=["parameters"]
# Papermill parameters: None means "take it from the page URL, else the default".
structure = None
allocation_key = None
demand_gbp_m = None
ratecard_share_pct = None
ratecard_uptake_pct = None
crc_inhouse_pct = None
supply_chain_local_pct = None
scale_effect_pp_per_m = None
direct_local_pct = None
pcc_gbp_m = None
pcc_local_pct = None

# %%
values, notices = urlstate.read("q13", overrides={k: globals().get(k) for k in PARAMS})  # URL, then papermill
display(HTML(share.notices_html(notices)))

# %% [markdown]
# ## What the data says about the rate card
#
# Under the 2014 contracts the National Probation Service (NPS) was meant to buy rehabilitation
# services for its own cases from the Community Rehabilitation Companies (CRCs) through a price list,
# the "rate card".

# %%
_ev = ratecard.evidence()
_ev_show = _ev.assign(value=[f"{v:,.0f}" for v in _ev["value"]], source=[f"[{s}] {p}" for s, p in zip(_ev["source_id"], _ev["publisher"])])
_mkt = fact("future_interventions_market")
display(HTML(
    ui.notice("No public figure was found for how much the NPS was expected to spend through the rate card, or "
              "for what it actually spent. The nearest evidence is qualitative: HM Inspectorate of Probation's "
              "thematic inspection 'Probation Supply Chains' (April 2018) found that the NPS was not buying "
              "services from CRCs to anywhere near the extent expected [Q13HMIP].", "warn")
    + "<p>What was found, with sources:</p>"
    + ui.table_html(_ev_show[["figure", "value", "unit", "period", "source"]], caption="Published figures on supply chains and purchasing")
    + f"<p>The £{_mkt.value:,.0f}m a year ({ui.esc(_mkt.unit)}, {ui.esc(_mkt.period)}) is a plan for the market "
      "for interventions, not a record of rate-card spend. The model below uses it only as an anchor.</p>"
))

# %% [markdown]
# ## Regional structure explorer
#
# Pick an area structure. The map shows the 43 police force areas coloured by the area they fall in;
# the table and chart show what each area would hold.

# %%
ctrl = controls.controls(PARAMS, values, labels={"population": "Population", "caseload": "Estimated caseload"})
measure = widgets.Dropdown(options=[(v, k) for k, v in MEASURES.items()], value="n_commissioners",
                           description="Bar chart shows", style=controls.STYLE, layout=controls.LAYOUT)
struct_status = widgets.HTML()
struct_cards = widgets.HTML()
struct_tables = widgets.HTML()
struct_error = widgets.HTML()
tile_chart = charts.view()
area_chart = charts.view()
area_chart_text = widgets.HTML()

def update_structure(change=None) -> None:
    """Redraw the explorer for the chosen structure (map, cards, chart, tables)."""
    try:
        status, cards, tile, bar, bar_text, tables = structure_parts(ctrl["structure"].value, measure.value)
        struct_status.value, struct_cards.value, struct_tables.value, area_chart_text.value = status, cards, tables, bar_text
        charts.refresh(tile_chart, tile)
        charts.refresh(area_chart, bar)
        struct_error.value = ""
    except Exception as exc:  # noqa: BLE001 - never a traceback on the page
        ui.log.exception("structure update failed")
        struct_error.value = ui.notice(ui.friendly(exc), "error")




static.show(widgets.VBox([ctrl["structure"], struct_error, struct_status, struct_cards,
                      widgets.HBox([tile_chart, widgets.VBox([measure, area_chart, area_chart_text])]), struct_tables]))

# %% [markdown]
# ## What-if: money reaching specialist local providers
#
# A transparent model, not an estimate: no public figure exists for rate-card spend, so every
# amount below follows from the settings. National demand for purchased services is shared
# between the areas of the structure chosen above; part goes through the CRC rate card (and only
# part of that is actually bought), part is bought directly from providers, and each police and
# crime commissioner adds purchasing of their own. Settings marked illustrative are placeholders:
# replace them with your own. The assumptions table at the foot of the page lists each one with its
# unit, range and source.

# %%
RC_KEYS = [k for k in PARAMS if k != "structure"]
view_choice = widgets.Dropdown(options=[(v[0], k) for k, v in ratecard.VIEWS.items()], value="per_100k",
                               description="Per-area chart shows", style=controls.STYLE, layout=controls.LAYOUT)
rc_summary = widgets.HTML()
rc_cards = widgets.HTML()
rc_error = widgets.HTML()
rc_table = widgets.HTML()
flow_chart = charts.view()
rc_chart = charts.view()
rc_chart_text = widgets.HTML()
labelled = widgets.VBox([widgets.HBox([ctrl[k], widgets.HTML(ui.badge(PARAMS[k].status))]) for k in RC_KEYS])

RC_COLUMNS = {"area": "Area", "n_commissioners": "Commissioners", "population": "Population", "demand": "Demand (£m)",
              "not_bought": "Rate card not bought (£m)", "supply_chain_local": "Supply chain, local (£m)",
              "direct_local": "Direct, local (£m)", "pcc_local": "PCC, local (£m)", "local_total": "Local total (£m)",
              "per_commissioner": "Local £m per commissioner", "per_100k": "Local £k per 100,000 people",
              "caseload_imputed_pct": "Caseload imputed (%)"}


def update_ratecard(change=None) -> None:
    """Re-run the model for the current settings and redraw its cards, charts, table and summary."""
    try:
        r = ratecard.run(controls.values_of(ctrl))
        n = r.national
        rc_cards.value = ui.cards([
            ("£m a year reaching specialist local providers", f"£{n['local_total']:,.1f}m"),
            ("of the money spent goes to them", f"{n['local_share_pct']:,.0f}%"),
            ("rate-card demand not bought, £m a year", f"£{n['not_bought']:,.1f}m"),
            ("£k per 100,000 people", f"£{n['per_100k']:,.0f}k"),
        ]) + ui.badge("illustrative")
        charts.refresh(flow_chart, charts.bar(ratecard.flows(r), "gbp_m", "destination", color="route", fmt=",.1f",
                                              title="Where the money goes, England and Wales", x_title="£m a year", height_per_bar=30))
        label, unit = ratecard.VIEWS[view_choice.value]
        v = ratecard.view(r, view_choice.value)
        charts.refresh(rc_chart, charts.bar(v, "value", "area", fmt=",.1f", title=f"Reaching specialist local providers: {label.lower()}",
                                            x_title=unit))
        rc_chart_text.value = f"<p>{ui.esc(charts.describe_bars(v, 'value', 'area'))} ({ui.esc(unit)})</p>"
        rc_summary.value = f"<p role='status'>{ui.esc(ratecard.summary(r))}</p>"
        t = r.areas[list(RC_COLUMNS)].rename(columns=RC_COLUMNS)
        rc_table.value = (ui.table_html(t, caption="Per area (£m a year unless stated; illustrative)",
                                        formats={"Population": ",.0f", **{c: ",.1f" for c in list(RC_COLUMNS.values())[3:]}})
                          + (f"<p>{ui.badge('estimate')} Wales: population estimated.</p>" if r.areas["population_estimated"].any() else "")
                          + ui.csv_link(r.areas, f"q13_ratecard_{r.values['structure']}.csv", "Download the per-area model results (CSV)"))
        rc_error.value = ""
    except Exception as exc:  # noqa: BLE001 - never a traceback on the page
        ui.log.exception("rate-card update failed")
        rc_error.value = ui.notice(ui.friendly(exc), "error")


def bundle() -> downloads.Bundle:
    """The current settings as downloadable files: area and model tables (CSV), charts (PNG/SVG), a one-page note."""
    v = controls.values_of(ctrl)
    s = v["structure"]
    r = ratecard.run(v)
    n = r.national
    _, _, tile, bar, _, _ = structure_parts(s, measure.value)
    label, unit = ratecard.VIEWS[view_choice.value]
    h = regions.headline(s)
    heads = [("Areas", f"{h['n_areas']}"), (f"Most commissioners in one area ({h['max_commissioners_area']})", f"{h['max_commissioners']}"),
             ("Median people per area", f"{h['median_population']:,.0f}"),
             ("Reaching specialist local providers (illustrative model)", f"£{n['local_total']:,.1f}m a year")]
    return downloads.Bundle(
        f"Q13 - Regional structure and access to rehabilitation services: {controls.STRUCTURE_LABELS[s]}",
        {PARAMS[k].label: x for k, x in v.items()}, heads,
        {"Force areas by area": tile, "Per-area measure": bar,
         "Where the money goes": charts.bar(ratecard.flows(r), "gbp_m", "destination", color="route", fmt=",.1f", title="Where the money goes", x_title="£m a year"),
         f"Reaching local providers, {label.lower()}": charts.bar(ratecard.view(r, view_choice.value), "value", "area", fmt=",.1f", title=label, x_title=unit)},
        {"Areas": regions.summarise(s), "Rate-card model per area": r.areas},
        params.assumptions("q13"), ui.sources_html(provenance.source_ids("q13", ["Q01", "Q13HMIP"])),
        url="?" + urlstate.encode(v, PARAMS))


def data_changed() -> None:
    """After an upload or reset: rebuild the cached structure views and redraw everything."""
    structure_parts.cache_clear()
    update_structure()
    update_ratecard()


share_link = share.link_widget("q13", ctrl)
static.show(widgets.VBox([labelled, share_link, rc_error, rc_cards, rc_summary,
                          widgets.HBox([flow_chart, widgets.VBox([view_choice, rc_chart, rc_chart_text])]), rc_table,
                          downloads.panel(bundle), upload.panel(["crcs", "force_areas"], data_changed)]))

ctrl["structure"].observe(update_structure, names="value")
measure.observe(update_structure, names="value")
for _k in PARAMS:
    ctrl[_k].observe(update_ratecard, names="value")
view_choice.observe(update_ratecard, names="value")
update_structure()
update_ratecard()

# %% [markdown]
# ## Headline figures (default settings)

# %%
# NBVAL_CHECK_OUTPUT
_d = params.defaults("q13")
_h = regions.headline(_d["structure"])
print(f"Structure: {_d['structure']} ({STRUCTURES.loc[_d['structure'], 'status']})")
print(f"Areas: {_h['n_areas']}")
print(f"Most commissioners in one area: {_h['max_commissioners']} ({_h['max_commissioners_area']})")
print(f"Largest population: {_h['largest_population']:,} ({_h['largest_population_area']})")
print(f"Median population per area: {_h['median_population']:,.0f}")
print(f"21 CRC areas, median population per area: {regions.headline('crc_2014')['median_population']:,.0f}")

# %%
# NBVAL_CHECK_OUTPUT
_r = ratecard.run(_d)
for _k in ["demand", "ratecard_bought", "not_bought", "crc_inhouse", "supply_chain_local", "direct_local", "pcc_local", "local_total"]:
    print(f"{ratecard.MONEY_LABELS[_k]}: £{_r.national[_k]:,.1f}m a year")
print(f"Per 100,000 people: £{_r.national['per_100k']:,.1f}k a year")

# %% [markdown]
# ## Caveats
#
# - **No rate-card spend figure.** Neither the expected nor the actual NPS spend through the rate card
#   was found in public sources; the what-if model cannot be checked against one.
# - **The £280m default is an anchor.** It is the May 2019 plan's ceiling for the interventions market,
#   a different thing from NPS rate-card demand in 2015 to 2020.
# - **Illustrative settings.** Settings labelled illustrative are placeholders authored for this tool.
#   Change them; do not quote the resulting amounts as findings.
# - **The 2018 map is reconstructed.** The official map of the proposed areas was not found; two
#   reconstructions are offered.
# - **Welsh populations are estimates**, and CRC caseloads come from different dates (2018 to 2020),
#   some stated only as "more than" or "about". Where a CRC had no published caseload, the caseload
#   allocation imputes it from population.
# - **Commissioners** are counted as the 42 bodies holding PCC functions in 2018 (the City of London has
#   none; MOPAC counts once for London).

# %% [markdown]
# ## Workshop

# %%
def headlines(v: dict) -> list[tuple[str, str]]:
    """The figures the workshop comparison sets side by side."""
    h = regions.headline(v["structure"])
    n = ratecard.run(v).national
    return [("Structure", controls.STRUCTURE_LABELS[v["structure"]]), ("Areas", f"{h['n_areas']}"),
            ("Most commissioners in one area", f"{h['max_commissioners']} ({h['max_commissioners_area']})"),
            ("Median people per area", f"{h['median_population']:,.0f}"),
            ("Reaching specialist local providers (illustrative)", f"£{n['local_total']:,.1f}m a year")]


static.show(workshop.panel("q13", ctrl, headlines))

# %% [markdown]
# ## Sources and assumptions

# %%
display(HTML(provenance.section("q13", extra_sources=["Q01", "Q13HMIP", *list(_ev["source_id"]), "S31", "S3", "S1", "S2", "S8", "V24"])))
